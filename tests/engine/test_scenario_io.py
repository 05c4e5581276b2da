"""Saving scenarios: an edit of the user's file keeps everything it did not change; a new
file is clean, holds only the keys the model kind uses, and spells numbers as people do."""

import pytest

from tests.helpers import SCENARIO_DIR, shipped_profiles
from whatif import engine
from whatif.engine.number_spelling import spell_number
from whatif.engine.scenario_io import read_scenario, save_scenario, scenario_yaml
from whatif.engine.yaml_source import parse_yaml_text

USER_FILE = """\
# My chatbot plan -- numbers from the March budget review.
schema_version: 2
name: My chatbot
model:
  kind: llm
  params: 6.74e9      # Llama 2 7B
  training_tokens: 2.0e12
inference:
  hardware: h100-sxm
  # traffic forecast from the product team
  queries_per_day: 500_000
  peak_to_mean: 3
pruning:
  ratio: 0.0
  structure: 2:4

training:
  hardware: a100-80gb
  devices: 512
"""


def test_a_save_changes_only_the_changed_value(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(USER_FILE)
    scenario, text = read_scenario(path, shipped_profiles())
    edited = scenario.override({"inference.queries_per_day": 2e6, "pruning.ratio": 0.35})
    save_scenario(edited, path, template=text)
    expected = USER_FILE.replace("queries_per_day: 500_000", "queries_per_day: 2e6").replace(
        "ratio: 0.0", "ratio: 0.35"
    )
    assert path.read_text() == expected
    assert engine.load_scenario(path, shipped_profiles()) == edited


def test_an_unchanged_save_rewrites_the_file_byte_for_byte(tmp_path):
    for demo in sorted(SCENARIO_DIR.glob("*.yaml")):
        scenario, text = read_scenario(demo, shipped_profiles())
        assert scenario_yaml(scenario, text) == text, demo.name


def test_a_key_the_file_lacks_is_added_in_its_place_only_when_it_differs(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(USER_FILE)
    scenario, text = read_scenario(path, shipped_profiles())
    grown = scenario.override({"inference.monthly_growth": 0.05, "economics.pue": 1.1})
    out = scenario_yaml(grown, text)
    assert "epochs" not in out and "max_batch" not in out  # defaults stay unsaid
    lines = out.splitlines()
    index = lines.index("  queries_per_day: 500_000")
    assert lines[index + 1] == "  monthly_growth: 0.05"  # declared order: after the volume
    assert out.endswith("economics:\n  pue: 1.1\n")
    assert out.startswith("# My chatbot plan -- numbers from the March budget review.\n")
    assert engine.scenario_from_text(out, "x", shipped_profiles()) == grown


def test_a_new_file_holds_only_the_keys_its_model_kind_uses():
    llm = engine.load_scenario(SCENARIO_DIR / "chatbot.yaml", shipped_profiles())
    text = scenario_yaml(llm.override({"inference.queries_per_day": 2e6}))
    assert "  params: 6.74e9\n" in text and "  queries_per_day: 2e6\n" in text
    assert "  hidden_size: 4096\n" in text and "  training_tokens: 2e12\n" in text
    for key in ("epochs", "training_samples", "forward_flops_per_query", "activation_bytes"):
        assert key not in text
    assert "6740000000" not in text and "#" not in text
    generic = engine.load_scenario(SCENARIO_DIR / "image_classifier.yaml", shipped_profiles())
    text = scenario_yaml(generic)
    for key in ("prompt_tokens", "output_tokens", "training_tokens", "kv_heads", "head_dim"):
        assert f"  {key}:" not in text
    assert "  epochs:" in text and "  training_samples:" in text
    assert engine.scenario_from_text(text, "x", shipped_profiles()) == generic


def test_a_value_of_its_own_outside_the_model_kind_is_kept():
    llm = engine.load_scenario(SCENARIO_DIR / "chatbot.yaml", shipped_profiles())
    text = scenario_yaml(llm.override({"model.epochs": 3}))
    assert "  epochs: 3\n" in text
    assert engine.scenario_from_text(text, "x", shipped_profiles()).model.epochs == 3


@pytest.mark.parametrize(
    ("value", "spelled"),
    [
        (4096, "4096"),
        (500000, "500000"),
        (0.35, "0.35"),
        (2e6, "2e6"),
        (6.74e9, "6.74e9"),
        (2.0e12, "2e12"),
        (1234567, "1234567"),
        (1.5e-5, "1.5e-5"),
        (0.005, "0.005"),
        (-0.5, "-0.5"),
        (0.1 + 0.2, "0.30000000000000004"),
    ],
)
def test_numbers_are_spelled_as_people_write_them(value, spelled):
    assert spell_number(value) == spelled
    assert parse_yaml_text(f"x: {spelled}\n", "x").data["x"] == value  # reads back exactly


def test_a_version_1_file_is_saved_as_version_2_with_its_meaning_written_out(tmp_path):
    """Version 1 had one end-to-end target (10 s unless given, half of it for the service)
    and no TTFT or TPOT target: a save writes version 2 and says so explicitly."""
    path = tmp_path / "old.yaml"
    path.write_text(USER_FILE.replace("schema_version: 2", "schema_version: 1"))
    scenario, text = read_scenario(path, shipped_profiles())
    save_scenario(scenario, path, template=text)
    out = path.read_text()
    assert "schema_version: 2" in out and "# My chatbot plan" in out
    for line in ("ttft_slo_ms: none", "tpot_slo_ms: none", "latency_slo_ms: 10000"):
        assert f"  {line}\n" in out
    assert engine.load_scenario(path, shipped_profiles()) == scenario
