"""Reading numbers typed by people: ``2.5M``, ``7e9``, ``70B``, ``1,000``, ``auto``."""

from __future__ import annotations

import math
import re

_SUFFIX = {"k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "B": 1e9, "T": 1e12, "P": 1e15, "%": 0.01}
_NUMBER = re.compile(r"^\s*([-+]?(?:\d[\d,_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([kKMGBTP%]?)")


def parse_number(text: str) -> float | None:
    """The number at the start of ``text`` with an optional k/M/G/B/T/P/% suffix.

    Trailing units are ignored (``"2.5 M/day"`` -> 2.5e6). None if there is no number or
    the result is not finite.
    """
    match = _NUMBER.match(text or "")
    if not match:
        return None
    value = float(match.group(1).replace(",", "").replace("_", ""))
    value *= _SUFFIX.get(match.group(2), 1.0)
    return value if math.isfinite(value) else None


def is_auto(text: str) -> bool:
    """True for the word ``auto`` (any case), meaning "derive this value"."""
    return (text or "").strip().lower() == "auto"


def compact(value: float, digits: int = 3) -> str:
    """A short editable form: ``2500000`` -> ``"2.5M"``, ``0.35`` -> ``"0.35"``."""
    if value is None or not math.isfinite(value):
        return ""
    for scale, suffix in ((1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.{digits}g}{suffix}"
    return f"{value:.{digits}g}"
