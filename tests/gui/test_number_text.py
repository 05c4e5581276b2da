"""Typed numbers: what people write is read as they mean it, or refused."""

import pytest

from whatif.gui.number_text import compact, parse_cadence, parse_number


@pytest.mark.parametrize(
    ("text", "units", "expected"),
    [
        ("2.5M", (), 2.5e6),
        ("2.5 M queries/day", ("queries/day",), 2.5e6),
        ("7e9", (), 7e9),
        ("70B", (), 70e9),
        ("1,000", (), 1000.0),
        ("$0.10", (), 0.10),
        ("30%", (), 0.30),
        ("2 s", ("ms",), None),
        ("1,5M", (), None),
        ("0.4 kgCO2e/kWh", ("kgCO2e/kWh",), 0.4),
        ("lots", (), None),
        ("1e400", (), None),
    ],
)
def test_parse_number(text, units, expected):
    assert parse_number(text, units) == (pytest.approx(expected) if expected else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("never", 0.0),
        ("weekly", 52.0),
        ("every 3 months", 4.0),
        ("monthly", 12.0),
        ("every 2 weeks", 26.0),
        ("4", 4.0),
        ("every 2 years", 0.5),
        ("often", None),
    ],
)
def test_parse_cadence(text, expected):
    assert parse_cadence(text) == expected


def test_compact_counts_in_billions():
    assert compact(6.74e9, 4, billions="B") == "6.74B"
    assert compact(2.5e6) == "2.5M"
