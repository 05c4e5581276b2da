"""How a number is written into a YAML file: the way a person would type it.

``4096``, ``500000`` and ``0.35`` stay as they are; a round number of a million or more
becomes ``2e6`` or ``6.74e9`` rather than ``6740000000`` (``1234567`` keeps its digits,
which are shorter); a tiny one ``1.5e-5``. Every
spelling reads back as exactly the same float (YAML 1.2 numbers, as engine/yaml_source.py
reads them).
"""

from __future__ import annotations

import math

PLAIN_INTEGER_LIMIT = 1_000_000
"""Whole numbers below this are written out in digits (4096, 20000, 500000)."""


def spell_number(value: float | int) -> str:
    """The shortest readable spelling of ``value`` that reads back as the same number."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot write {value!r} into a scenario")
    if value.is_integer() and abs(value) < PLAIN_INTEGER_LIMIT:
        return str(int(value))
    if value.is_integer():
        digits = str(int(value))
        scientific = _scientific(value)
        return scientific if len(scientific) < len(digits) else digits
    plain = repr(value)
    return _scientific(value) if "e" in plain else plain


def _scientific(value: float) -> str:
    """``6.74e9``: the fewest mantissa digits that give back ``value`` exactly."""
    for digits in range(17):
        text = f"{value:.{digits}e}"
        if float(text) == value:
            break
    mantissa, exponent = text.split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"
