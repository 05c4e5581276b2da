"""``whatif calibrate`` as a user runs it: the fit table, JSON, the written profile (comments
kept, sources saying what and when; it loads), and exit 2 with file: field: problem."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from whatif import engine
from whatif.engine.measurements import CSV_COLUMNS
from whatif.engine.profile_text import profile_from_text
from whatif.gui.cli import main

TRT = str(ROOT / "resources" / "measurements" / "trtllm_llama31.csv")
FIXTURES = Path(__file__).parent / "fixtures"


def test_installed_command_prints_the_fit_table():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "whatif"), "calibrate", "h200-sxm", TRT],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Calibrating h200-sxm on 4 runs from trtllm_llama31.csv (CSV)")
    assert "inference_compute" in out and "± 1 sigma" in out
    assert "Llama 3.1 8B TP1 128/128" in out and "29,526" in out
    assert "skipped 17 runs: measured on h100-sxm, not h200-sxm" in out


def test_json_and_written_profile_round_trip(tmp_path, capsys):
    out = tmp_path / "mine.yaml"
    assert (
        main(["calibrate", "h100-sxm", TRT, "--fit", "inference_compute", "-o", str(out), "--json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    [param] = data["parameters"]
    assert param["name"] == "inference_compute" and param["fitted"]
    assert data["formats"] == {TRT: "CSV"}
    assert data["written"] == {"path": str(out), "id": "h100-sxm-calibrated"}
    assert len(data["points"]) == 17
    text = out.read_text()
    assert "# NVIDIA H100 SXM5 80GB (Hopper)" in text  # the original's comments stay
    assert "memory_gb: 80                    # 80 GB HBM3" in text
    written = profile_from_text(text, str(out))
    assert written.id == "h100-sxm-calibrated"
    assert written.name == "NVIDIA H100 SXM 80GB (calibrated)"
    assert written.efficiency.inference_compute == pytest.approx(param["after"], rel=2e-3)
    assert written.efficiency.inference_memory == 0.8  # not fitted: unchanged
    source = written.sources["efficiency"]
    assert source.startswith("Fitted by whatif calibrate on ")
    assert "to 17 runs in trtllm_llama31.csv (inference_compute 0.6 -> " in source
    assert source.endswith("Before: " + engine.load_profiles()[0]["h100-sxm"].sources["efficiency"])
    # Put in the user folder it loads beside the shipped one.
    folder = engine.user_profile_dir()
    folder.mkdir(parents=True)
    (folder / "h100-sxm-calibrated.yaml").write_text(text)
    profiles, errors = engine.load_profiles()
    assert errors == [] and profiles["h100-sxm-calibrated"].origin == "user"


def test_refuses_to_replace_without_force(tmp_path, capsys):
    out = tmp_path / "mine.yaml"
    out.write_text("keep me")
    assert main(["calibrate", "h200-sxm", TRT, "-o", str(out)]) == 2
    assert capsys.readouterr().err == f"{out}: exists already (use --force to replace)\n"
    assert out.read_text() == "keep me"
    assert main(["calibrate", "h200-sxm", TRT, "-o", str(out), "--force"]) == 0


def test_tool_json_needs_what_the_file_does_not_say(capsys):
    vllm = str(FIXTURES / "vllm_bench_serve.json")
    assert main(["calibrate", "h100-sxm", vllm]) == 2
    assert capsys.readouterr().err == f"{vllm}: devices: not in the file: give --devices\n"
    args = [
        "calibrate",
        "h100-sxm",
        vllm,
        "--devices",
        "1",
        "--params",
        "8e9",
        "--precision",
        "bf16",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "unknown-model c=32" in out and "TTFT ms" in out and "TPOT ms" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["calibrate", "h900", TRT], "calibrate: PROFILE_ID: unknown hardware profile 'h900'"),
        (["calibrate", "h100-sxm", "nope.csv"], "nope.csv: No such file or directory"),
        (["calibrate", "h100-sxm", TRT, "--fit", "speed"], "parameters: unknown speed (known:"),
    ],
)
def test_bad_input_exits_2_with_one_line_per_problem(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_every_problem_of_every_file_at_once(tmp_path, capsys):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("devices,speed\n1,2\n")
    b.write_text("devices\nx\n")
    assert main(["calibrate", "h100-sxm", str(a), str(b)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{a}:1: speed: unknown column (known: {', '.join(CSV_COLUMNS)})",
        f"{b}:2: devices: expected a number (got 'x')",
    ]
