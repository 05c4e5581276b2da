"""Work per file is bounded: a huge one-line list stops at the node limit, long text fields
are refused with file:line (issue 16, item 15)."""

import re
import tracemalloc

import pytest

from tests.helpers import PROFILE_DIR, SCENARIO_DIR, shipped_profiles
from whatif import engine
from whatif.engine.fields import MAX_NAME_CHARS, MAX_TEXT_CHARS
from whatif.gui.cli import main

CHATBOT = (SCENARIO_DIR / "chatbot.yaml").read_text()


def with_line(key: str, value: str) -> str:
    """The chatbot demo with its top-level ``key`` (and the lines that continue it) moved
    to line 1 and set to ``value`` (YAML text)."""
    rest = re.sub(rf"(?m)^{key}:.*\n(?:[ \t]+.*\n)*", "", CHATBOT, count=1)
    return f"{key}: {value}\n{rest}"


def test_a_one_line_list_of_960_kb_is_refused_with_little_memory(tmp_path, capsys):
    path = tmp_path / "list.yaml"
    path.write_text(with_line("name", "[" + ",".join(["1"] * 480_000) + "]"))
    tracemalloc.start()
    try:
        assert main(["evaluate", str(path)]) == 2
        peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    err = capsys.readouterr().err.strip()
    assert err == f"{path}:1: too many values (more than 20,000)"
    assert peak_mb < 40  # was 467 MB of parsed nodes before the refusal


@pytest.mark.parametrize(
    ("key", "limit"), [("name", MAX_NAME_CHARS), ("description", MAX_TEXT_CHARS)]
)
def test_scenario_text_longer_than_its_limit_is_refused_at_its_line(tmp_path, key, limit):
    path = tmp_path / "long.yaml"
    path.write_text(with_line(key, "x" * limit))
    assert getattr(engine.load_scenario(path, shipped_profiles()), key) == "x" * limit
    path.write_text(with_line(key, "x" * 900_000))
    with pytest.raises(engine.InputError) as info:
        engine.load_scenario(path, shipped_profiles())
    message = f"too long (900,000 characters; at most {limit:,})"
    assert str(info.value) == f"{path}:1: {key}: {message}"


def test_a_name_typed_or_set_on_the_command_line_is_bounded_too(tmp_path, capsys):
    scenario = SCENARIO_DIR / "chatbot.yaml"
    assert main(["evaluate", str(scenario), "--set", "name=" + "y" * 201]) == 2
    assert "name: too long (201 characters; at most 200)" in capsys.readouterr().err


def test_profile_text_fields_are_bounded(tmp_path):
    text = (PROFILE_DIR / "t4.yaml").read_text()
    (tmp_path / "t4.yaml").write_text(
        re.sub(r"(?m)^name: .*$", "name: " + "n" * 5000, text, count=1)
    )
    profiles, errors = engine.load_profiles(tmp_path)
    assert "t4" not in profiles
    assert [e.message for e in errors] == ["too long (5,000 characters; at most 200)"]
    assert errors[0].key == "name" and errors[0].line == 3
