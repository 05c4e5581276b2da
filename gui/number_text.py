"""Reading numbers typed by people: ``2.5M``, ``7e9``, ``70B``, ``1,000``, ``$0.10``, ``auto``.

Text after the number must be the field's own unit (or nothing): ``2 s`` in a field of
milliseconds is refused rather than silently read as 2 ms.
"""

from __future__ import annotations

import math
import re

_SUFFIX = {"k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "B": 1e9, "T": 1e12, "P": 1e15, "%": 0.01}
_NUMBER = re.compile(
    r"^\s*\$?\s*([-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d[\d_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
    r"\s*([kKMGBTP%](?![a-zA-Z]))?\s*(.*?)\s*$"
)


def parse_number(text: str, units: tuple[str, ...] = ()) -> float | None:
    """The number in ``text`` with an optional k/M/G/B/T/P/% multiplier.

    Commas only group thousands (``1,000``; ``1,5`` is refused). Whatever follows must be
    one of ``units`` (case-insensitive), e.g. ``"2.5M queries/day"``. None if the text is
    not such a number or the result is not finite.
    """
    match = _NUMBER.match(text or "")
    if not match:
        return None
    rest = match.group(3).strip().lower()
    if rest and rest not in {u.strip().lower() for u in units if u}:
        return None
    value = float(match.group(1).replace(",", "").replace("_", ""))
    value *= _SUFFIX.get(match.group(2) or "", 1.0)
    return value if math.isfinite(value) else None


def is_auto(text: str) -> bool:
    """True for the word ``auto`` (any case), meaning "derive this value"."""
    return (text or "").strip().lower() == "auto"


def compact(value: float, digits: int = 3, billions: str = "G") -> str:
    """A short editable form: ``2500000`` -> ``"2.5M"``; counts may use ``B`` for 1e9."""
    if value is None or not math.isfinite(value):
        return ""
    for scale, suffix in ((1e15, "P"), (1e12, "T"), (1e9, billions), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.{digits}g}{suffix}"
    return f"{value:.{digits}g}"


_CADENCE = re.compile(r"^\s*(?:every\s+)?(\d+(?:\.\d+)?)?\s*(day|week|month|year)s?\s*$")
_WORDS = {
    "never": 0.0,
    "daily": 365.0,
    "weekly": 52.0,
    "biweekly": 26.0,
    "monthly": 12.0,
    "quarterly": 4.0,
    "yearly": 1.0,
    "annually": 1.0,
}


def parse_cadence(text: str) -> float | None:
    """Retrains per year from ``"weekly"``, ``"every 3 months"``, ``"never"`` or a number."""
    lowered = (text or "").strip().lower()
    if lowered in _WORDS:
        return _WORDS[lowered]
    match = _CADENCE.match(lowered)
    if match:
        count = float(match.group(1) or 1.0)
        per_year = {"day": 365.0, "week": 52.0, "month": 12.0, "year": 1.0}[match.group(2)]
        return per_year / count if count > 0 else None
    return parse_number(text, ("/year", "per year", "retrains/year"))
