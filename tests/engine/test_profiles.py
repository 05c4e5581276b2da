"""Hardware profiles: the shipped set, validation messages with lines, user overrides."""

import shutil
import textwrap

import pytest

from tests.helpers import shipped_profiles
from whatif import engine
from whatif.engine.profiles import SHIPPED_PROFILE_DIR

SHIPPED_IDS = {
    "v100",
    "t4",
    "l4",
    "a10g",
    "a100-40gb",
    "a100-80gb",
    "h100-sxm",
    "h200-sxm",
    "b200",
    "mi300x",
    "tpu-v4",
    "tpu-v5e",
    "tpu-v5p",
    "xeon-8480",
    "alveo-u250",
}


def test_every_shipped_profile_loads_with_sources():
    profiles = shipped_profiles()
    assert set(profiles) >= SHIPPED_IDS
    for p in profiles.values():
        given = {k for k in engine.profiles.OPTIONAL_SOURCED_KEYS if k in p.sources}
        assert (p.host_w_given is not None) == ("host_w" in given)
        assert set(p.sources) == set(engine.profiles.SOURCED_KEYS) | given
        assert p.path.endswith(f"{p.id}.yaml")
        assert p.idle_w < p.tdp_w


def test_shipped_figures_match_the_datasheets():
    p = shipped_profiles()
    assert p["h100-sxm"].peak_tflops["bf16"] == 989  # dense, not the 2:4 figure
    assert p["a100-80gb"].memory_bandwidth_gbps == 2039
    assert p["tpu-v4"].memory_gb == pytest.approx(34.36, abs=0.01)  # 32 GiB
    assert p["mi300x"].memory_gb == 192


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


def broken_copy(tmp_path, old, new):
    text = (SHIPPED_PROFILE_DIR / "t4.yaml").read_text()
    assert old in text
    return write(tmp_path / "p", "t4.yaml", text.replace(old, new))


def line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "key", "message", "needle"),
    [
        (
            "memory_bandwidth_gbps: 320",
            "memory_bandwidth_gbps: -320",
            "memory_bandwidth_gbps",
            "must be greater than 0",
            "memory_bandwidth_gbps",
        ),
        (
            "memory_gb: 16",
            "memory_gb: sixteen",
            "memory_gb",
            "must be a number (got 'sixteen')",
            "memory_gb",
        ),
        ("tdp_w: 70", "tdp_w: 70\nturbo: true", "turbo", "unknown key", "turbo"),
        (
            "  train_mfu:",
            "  train_mfu: 1.5 #",
            "efficiency.train_mfu",
            "must be at most 1",
            "train_mfu",
        ),
        ("kind: gpu", "kind: gpu2", "kind", "must be one of gpu, tpu, fpga, cpu, asic", "kind:"),
        ("  fp32:", "  fp64: 1\n  fp32:", "peak_tflops.fp64", "unknown precision", "fp64"),
    ],
)
def test_validation_messages_name_file_line_and_key(tmp_path, old, new, key, message, needle):
    path = broken_copy(tmp_path, old, new)
    profiles, errors = engine.load_profiles(tmp_path / "p")
    assert profiles == {}
    texts = [str(e) for e in errors]
    expected = f"{path}:{line_of(path, needle)}: {key}: {message}"
    assert any(t.startswith(expected) for t in texts), texts


def test_missing_required_field(tmp_path):
    text = (SHIPPED_PROFILE_DIR / "t4.yaml").read_text()
    lines = [ln for ln in text.splitlines() if not ln.startswith("memory_bandwidth_gbps")]
    write(tmp_path / "p", "t4.yaml", "\n".join(lines))
    _, errors = engine.load_profiles(tmp_path / "p")
    assert any(
        e.key == "memory_bandwidth_gbps" and "missing required" in e.message for e in errors
    ), errors


def test_missing_source_is_an_error(tmp_path):
    text = (SHIPPED_PROFILE_DIR / "t4.yaml").read_text()
    lines = [
        ln
        for ln in text.splitlines()
        if not ln.strip().startswith('idle_w: "') and not ln.strip().startswith("idle_w: '")
    ]
    kept = "\n".join(lines)
    assert kept != text
    write(tmp_path / "p", "t4.yaml", kept)
    _, errors = engine.load_profiles(tmp_path / "p")
    assert any(e.key == "sources" and "idle_w" in e.message for e in errors), errors


def test_bad_yaml_syntax_reports_its_line_and_the_rest_still_load(tmp_path):
    folder = tmp_path / "p"
    shutil.copy(SHIPPED_PROFILE_DIR / "l4.yaml", folder.mkdir() or folder / "l4.yaml")
    write(folder, "bad.yaml", "id: bad\nname: [unclosed\nkind: gpu\n")
    profiles, errors = engine.load_profiles(folder)
    assert set(profiles) == {"l4"}
    assert len(errors) == 1 and str(errors[0]).startswith(f"{folder / 'bad.yaml'}:")
    assert "YAML syntax" in str(errors[0])


def test_duplicate_id_in_one_folder_is_an_error(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    shutil.copy(SHIPPED_PROFILE_DIR / "l4.yaml", folder / "a.yaml")
    shutil.copy(SHIPPED_PROFILE_DIR / "l4.yaml", folder / "b.yaml")
    profiles, errors = engine.load_profiles(folder)
    assert set(profiles) == {"l4"}
    assert "duplicate id 'l4'" in str(errors[0]) and "b.yaml" in str(errors[0])


def test_duplicate_key_and_python_tags_and_aliases_are_refused(tmp_path):
    folder = tmp_path / "p"
    write(folder, "dup.yaml", "id: x\nid: y\n")
    write(folder, "tag.yaml", "id: !!python/object/apply:os.system ['echo hi']\n")
    write(folder, "alias.yaml", "a: &x [1, 2]\nb: *x\n")
    _, errors = engine.load_profiles(folder)
    text = "\n".join(map(str, errors))
    assert f"{folder / 'dup.yaml'}:2: id: duplicate key" in text
    assert f"{folder / 'tag.yaml'}:1:" in text
    assert f"{folder / 'alias.yaml'}:2: b: YAML aliases are not supported" in text


def test_user_folder_adds_and_overrides_by_id(tmp_path, monkeypatch):
    monkeypatch.setenv("WHATIF_CONFIG_DIR", str(tmp_path))
    user = engine.user_profile_dir()
    text = (SHIPPED_PROFILE_DIR / "h100-sxm.yaml").read_text()
    write(user, "my-h100.yaml", text.replace("hourly_usd: 3.0", "hourly_usd: 1.99"))
    write(
        user,
        "lab-fpga.yaml",
        (SHIPPED_PROFILE_DIR / "alveo-u250.yaml")
        .read_text()
        .replace("id: alveo-u250", "id: lab-fpga"),
    )
    profiles, errors = engine.load_profiles()
    assert errors == []
    assert profiles["h100-sxm"].price.hourly_usd == 1.99
    assert profiles["h100-sxm"].origin == "user"
    assert "lab-fpga" in profiles and "alveo-u250" in profiles


def test_a_host_power_without_a_source_is_refused(tmp_path):
    text = (SHIPPED_PROFILE_DIR / "l4.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "l4.yaml"
    bad.write_text(text.replace("idle_w:", "host_w: 100\nidle_w:", 1), encoding="utf-8")
    profiles, errors = engine.load_profiles(tmp_path)
    assert "l4" not in profiles
    assert any("missing sources for: host_w" in e.message for e in errors)
