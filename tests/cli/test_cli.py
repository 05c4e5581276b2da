"""The ``whatif`` command line: tables, JSON, overrides, profile checks and exit codes."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.helpers import PROFILE_DIR, SCENARIO_DIR
from whatif import engine
from whatif.gui.cli import main

CHATBOT = str(SCENARIO_DIR / "chatbot.yaml")


def test_evaluate_prints_a_table_with_units(capsys):
    assert main(["evaluate", CHATBOT]) == 0
    out = capsys.readouterr().out
    assert "LLM customer-support chatbot" in out
    assert "latency_p99_s" in out and "horizon_cost_usd" in out and "$" in out


def test_evaluate_json_equals_the_engine_and_applies_overrides(capsys):
    assert (
        main(
            [
                "evaluate",
                CHATBOT,
                "--json",
                "--set",
                "inference.queries_per_day=2e6",
                "--set",
                "pruning.structure=2:4",
                "--set",
                "pruning.ratio=0.5",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    profiles, _ = engine.load_profiles()
    expected = engine.evaluate(
        engine.load_scenario(CHATBOT, profiles).override(
            {"inference.queries_per_day": 2e6, "pruning.structure": "2:4", "pruning.ratio": 0.5}
        )
    )
    assert data == json.loads(json.dumps(expected.to_dict()))
    assert data["pruning"]["effective_ratio"] == 0.5


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["evaluate", "missing.yaml"], "missing.yaml: no such file"),
        (["evaluate", CHATBOT, "--set", "inference.qpd=3"], "--set: inference.qpd: unknown key"),
        (
            ["evaluate", CHATBOT, "--set", "pruning.ratio=2"],
            "--set: pruning.ratio: must be at most",
        ),
        (["evaluate", CHATBOT, "--set", "novalue"], "--set: novalue: expected KEY=VALUE"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(capsys, argv, expected):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(expected) and "Traceback" not in err


def test_bad_scenario_file_names_file_line_and_key(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text("inference:\n  hardware: h900\n")
    assert main(["evaluate", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"{path}:2: inference.hardware: unknown hardware")


def test_profiles_lists_every_shipped_profile(capsys):
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    for pid in ("h100-sxm", "tpu-v5e", "alveo-u250", "xeon-8480"):
        assert pid in out


def test_profiles_check_reports_errors_and_exits_2(tmp_path, capsys):
    shutil.copy(PROFILE_DIR / "l4.yaml", tmp_path / "l4.yaml")
    (tmp_path / "bad.yaml").write_text("id: bad\nmemory_gb: -1\n")
    assert main(["profiles", "--check", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "l4" in captured.out
    assert f"{tmp_path / 'bad.yaml'}:2: memory_gb: must be greater than 0" in captured.err


def test_profiles_schema_is_json_schema(capsys):
    assert main(["profiles", "--schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "fp32" in schema["properties"]["peak_tflops"]["required"]
    assert schema["properties"]["memory_bandwidth_gbps"]["exclusiveMinimum"] == 0


def test_installed_entry_point_runs_without_a_display():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    whatif = shutil.which("whatif", path=os.path.dirname(sys.executable))
    assert whatif, "the whatif console script is installed with the project"
    done = subprocess.run(
        [whatif, "evaluate", CHATBOT, "--set", "pruning.ratio=oops"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "--set: pruning.ratio: must be a number (got 'oops')"


def test_screenshot_renders_a_png_of_the_requested_size_without_a_display(tmp_path):
    from PySide6.QtGui import QImage

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["WHATIF_CONFIG_DIR"] = str(tmp_path / "config")
    whatif = shutil.which("whatif", path=os.path.dirname(sys.executable))
    out = tmp_path / "shot.png"
    done = subprocess.run(
        [whatif, "--screenshot", str(out), "--size", "1280x800", "--dark", "--scenario", CHATBOT],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    # Dark look: the window background is dark, not the default light grey.
    assert image.pixelColor(5, 790).lightness() < 80


def test_open_with_a_bad_scenario_exits_2_before_any_window(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("pruning:\n  ratio: 3\n")
    assert main(["open", str(bad)]) == 2
    assert capsys.readouterr().err.startswith(f"{bad}:2: pruning.ratio: must be at most")


def test_screenshot_size_must_be_width_x_height(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--screenshot", "x.png", "--size", "big"])
    assert info.value.code == 2
    assert "--size must look like 1280x800" in capsys.readouterr().err


def test_missing_x11_libraries_are_named_instead_of_a_qt_abort(monkeypatch, capsys):
    import ctypes.util

    from whatif.gui import app

    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(
        ctypes.util, "find_library", lambda name: None if name == "xcb-cursor" else f"lib{name}.so"
    )
    assert app.run() == 1
    err = capsys.readouterr().err
    assert "missing: xcb-cursor" in err and "libxcb-cursor0" in err


def test_demo_list_names_every_bundled_demo(capsys):
    assert main(["demo", "--list"]) == 0
    out = capsys.readouterr().out
    for name in (
        "chatbot",
        "recommender",
        "image_classifier",
        "image_generator",
        "ar_vision",
        "drug_discovery",
    ):
        assert name in out


def test_unknown_demo_exits_2(capsys):
    assert main(["demo", "nope"]) == 2
    assert "unknown demo 'nope'" in capsys.readouterr().err


def test_evaluate_breaks_an_owned_device_hour_into_its_parts(capsys):
    assert main(["evaluate", CHATBOT, "--set", "economics.pricing=owned"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("  training  h100"))
    # h100-sxm owned: $48k of capital at 8% over 4 years is $1.654/h, split 30k/9k/9k.
    assert "device $1.034" in line and "server $0.310" in line and "network $0.310" in line
    assert "DEVICE-HOUR (owned)" in out
    assert main(["evaluate", CHATBOT, "--set", "economics.pricing=reserved_3y"]) == 0
    assert "h100-sxm     $1.32/h" in capsys.readouterr().out  # $3.00 less 56%


def test_the_report_breaks_an_owned_device_hour_into_its_parts(tmp_path):
    out = tmp_path / "r.html"
    argv = ["report", CHATBOT, "-o", str(out), "--set", "economics.pricing=owned"]
    assert main(argv) == 0
    text = out.read_text()
    assert "Device-hour (owned)" in text and "$2.18/h at full load" in text
    assert "device $1.034, server $0.310, network $0.310" in text


def test_the_report_sets_the_api_against_self_hosting(tmp_path):
    out = tmp_path / "r.html"
    assert main(["report", CHATBOT, "-o", str(out)]) == 0
    text = out.read_text()
    assert "The API instead" in text and "self-hosting costs less from 3.73M /day on" in text


def _row(out, key):
    return next(line for line in out.splitlines() if line.strip().startswith(key + " "))


def test_tiny_energy_per_query_prints_significant_figures_not_zero(capsys):
    """The AR demo's 1.28 MWh a year over 36.5M queries is 3.51e-5 Wh each: on main the
    table printed "0 Wh" (and "0 Wh" for the hosts' share)."""
    assert main(["evaluate", str(SCENARIO_DIR / "ar_vision.yaml")]) == 0
    out = capsys.readouterr().out
    assert "0.0000351 Wh" in _row(out, "energy_wh_per_query")
    assert "0.00000102 Wh" in _row(out, "host_energy_wh_per_query")
    assert " 0 Wh " not in out


def test_cats_vs_dogs_answers_a_photo_in_one_pass_at_its_shipped_volume(capsys):
    """3.5 photos/s at the peak keep 0.011 in flight: p99 is one 3.18 ms pass (main: the
    47-photo batch's 100 ms)."""
    assert main(["evaluate", str(SCENARIO_DIR / "image_classifier.yaml")]) == 0
    out = capsys.readouterr().out
    assert "3.18 ms" in _row(out, "latency_p99_s")
    assert "0.0111 sequences" in _row(out, "in_flight")
