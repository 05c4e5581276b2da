"""YAML 1.2 numbers, including the ones PyYAML's 1.1 constructors crash on (found by
`make fuzz`: the document ``08`` raised ValueError out of the loader)."""

import math

import pytest

from whatif import engine
from whatif.engine.yaml_source import parse_yaml_text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("08", 8),  # decimal in YAML 1.2; PyYAML took it for octal and raised
        ("-0012", -12),
        ("0x1F", 31),
        ("0o17", 15),
        ("1_000", 1000),
        ("6.7e9", 6.7e9),  # a string in YAML 1.1
        ("1.", 1.0),
        ("-.inf", -math.inf),
        ("2:4", "2:4"),  # base-60 124 in YAML 1.1; a sparsity pattern here
    ],
)
def test_numbers_read_as_yaml_1_2(text, value):
    assert parse_yaml_text(f"x: {text}\n", "f.yaml").data == {"x": value}


@pytest.mark.parametrize("text", ["!!int abc", "!!int 0b101", "!!float abc"])
def test_a_tagged_non_number_is_an_error_at_its_line(text):
    with pytest.raises(engine.InputError) as info:
        parse_yaml_text(f"a: 1\nb: {text}\n", "f.yaml")
    assert str(info.value) == f"f.yaml:2: YAML syntax: not a number: '{text.split()[1]}'"
