"""Scenario files: loading, messages with lines, overrides, and a YAML round trip."""

import textwrap

import numpy as np
import pytest
import yaml

from tests.helpers import SCENARIO_DIR, demo, shipped_profiles
from whatif import engine


def load_text(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(textwrap.dedent(text))
    return path, lambda: engine.load_scenario(path, shipped_profiles())


@pytest.mark.parametrize("path", sorted(SCENARIO_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_bundled_scenario_loads_and_evaluates_cleanly(path):
    s = engine.load_scenario(path, shipped_profiles())
    assert s.name and s.description
    engine.evaluate(s)  # warnings are errors in this suite


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "inference:\n  queries_per_day: lots\n",
            ":2: inference.queries_per_day: must be a number (got 'lots')",
        ),
        ("model:\n  params: 7e9\n  prams: 3\n", ":3: model.prams: unknown key"),
        ("training:\n  hardware: h900\n", ":2: training.hardware: unknown hardware profile 'h900'"),
        ("pruning:\n  ratio: 1.5\n", ":2: pruning.ratio: must be at most 0.95"),
        ("inference:\n  batch: -4\n", ":2: inference.batch: must be at least 1"),
        ("modle: {}\n", ":1: modle: unknown section"),
        ("schema_version: 7\n", ":1: schema_version: unsupported schema version 7"),
        ("economics:\n  pue: .nan\n", ":2: economics.pue: must be finite"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path, body, expected):
    path, load = load_text(tmp_path, body)
    with pytest.raises(engine.InputError) as info:
        load()
    assert any(str(e).startswith(f"{path}{expected}") for e in info.value.errors), str(info.value)


def test_every_error_is_reported_at_once(tmp_path):
    _, load = load_text(tmp_path, "model:\n  params: x\ninference:\n  peak_to_mean: 0.5\n")
    with pytest.raises(engine.InputError) as info:
        load()
    assert [e.key for e in info.value.errors] == ["model.params", "inference.peak_to_mean"]
    brief = info.value.brief()
    assert brief.startswith("model.params: ") and "; inference.peak_to_mean: " in brief
    assert "\n" not in brief and ":2" not in brief  # one line, no file:line (the status bar)


def test_override_validates_keys_values_and_profiles():
    s = demo()
    with pytest.raises(engine.InputError, match=r"inference\.qpd: unknown key"):
        s.override({"inference.qpd": 1})
    with pytest.raises(engine.InputError, match="must be at least 0"):
        s.override({"inference.queries_per_day": np.array([1.0, -1.0])})
    with pytest.raises(engine.InputError, match="unknown hardware profile 'nope'"):
        s.override({"inference.hardware": "nope"})
    changed = s.override({"inference.queries_per_day": 42, "pruning.structure": "channel"})
    assert changed.inference.queries_per_day == 42.0 and changed.pruning.structure == "channel"
    assert s.inference.queries_per_day == 500000  # the original is untouched


def test_save_and_load_round_trips(tmp_path):
    s = demo()
    path = tmp_path / "again.yaml"
    path.write_text(yaml.safe_dump(s.to_dict(), sort_keys=False))
    again = engine.load_scenario(path, shipped_profiles())
    assert again == s
    assert again.to_dict() == s.to_dict()


def test_auto_fields_read_as_none_and_write_as_auto():
    s = demo()
    assert s.training.mfu is None and s.inference.batch is None
    assert s.to_dict()["training"]["mfu"] == "auto"


def test_yaml_1_2_numbers_and_the_2_4_structure_read_as_meant(tmp_path):
    _, load = load_text(tmp_path, "model:\n  params: 6.7e9\npruning:\n  structure: 2:4\n")
    s = load()
    assert s.model.params == 6.7e9 and s.pruning.structure == "2:4"
