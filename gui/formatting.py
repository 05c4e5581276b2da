"""Human-readable numbers with units, for the command line, the window and reports.

The engine works in SI units; prefixes and friendly units appear only here, at the edges.
"""

from __future__ import annotations

import math

from whatif.engine.inference import BINDING_TARGETS

_PREFIXES = ((1e21, "Z"), (1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))
_SI_UNITS = {"FLOP", "FLOP/s", "OP/s", "Wh", "B", "B/s", "W"}
"""Units that take a prefix directly (``3 TFLOP``); others get it on the number (``3k devices``)."""
_MONEY = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def si(value: float, unit: str = "", digits: int = 3) -> str:
    """``si(2.5e6, "queries/day")`` -> ``"2.5 M queries/day"``; ``"—"`` for non-finite."""
    if value is None or not math.isfinite(value):
        return "—"
    sep = " " if unit else ""
    for scale, prefix in _PREFIXES:
        if abs(value) >= scale:
            if unit in _SI_UNITS:
                return f"{_num(value / scale, digits)} {prefix}{unit}"
            if prefix == "G":  # a count: 575B tokens, as people say it, not 575G
                prefix = "B"
            return f"{_num(value / scale, digits)}{prefix}{sep}{unit}"
    return f"{_num(value, digits)}{sep}{unit}"


def usd(value: float, digits: int = 3) -> str:
    """``usd(1.23e6)`` -> ``"$1.23M"``; cents below $10."""
    if value is None or not math.isfinite(value):
        return "—"
    sign = "-" if value < 0 else ""
    value = abs(value)
    for scale, suffix in _MONEY:
        if value >= scale:
            return f"{sign}${_num(value / scale, digits)}{suffix}"
    if value >= 10:
        return f"{sign}${value:,.0f}"
    if value >= 0.01 or value == 0:
        return f"{sign}${value:.2f}"
    decimals = min(12, 1 - math.floor(math.log10(value)))  # two significant digits
    return f"{sign}${value:.{decimals}f}"


def duration(seconds: float) -> str:
    """A time span in the most readable unit (ms, s, min, h, days)."""
    if seconds is None or not math.isfinite(seconds):
        return "—"
    if seconds < 1:
        return f"{_num(seconds * 1e3, 3)} ms"
    for scale, unit in ((86400, "days"), (3600, "h"), (60, "min")):
        if seconds >= scale:
            return f"{_num(seconds / scale, 3)} {unit}"
    return f"{_num(seconds, 3)} s"


def percent(fraction: float, digits: int = 1) -> str:
    """``percent(0.123)`` -> ``"12.3%"``. A fraction that is not zero but would round to
    zero keeps two significant figures (``percent(0.00015)`` -> ``"0.015%"``), so a device
    busy a few seconds a day does not read as idle."""
    if fraction is None or not math.isfinite(fraction):
        return "—"
    value = fraction * 100
    if value != 0 and abs(value) < 0.5 * 10.0**-digits:
        figures = 1 - math.floor(math.log10(abs(value)))
        return f"{value:.{figures}f}".rstrip("0") + "%"
    return f"{value:.{digits}f}%"


def count(value: float, noun: str, plural: str | None = None) -> str:
    """``count(1, "device")`` -> ``"1 device"``; ``count(2, "replica")`` -> ``"2 replicas"``;
    thousands grouped (``"12,288 devices"``)."""
    if value is None or not math.isfinite(value):
        return f"— {plural or noun + 's'}"
    word = noun if value == 1 else (plural or noun + "s")
    text = f"{value:,.0f}" if value == round(value) else number(value)
    return f"{text} {word}"


def number(value: float, digits: int = 3) -> str:
    """A plain number as people write it, never in e-notation: ``15800`` -> ``"15,800"``,
    ``0.0123`` -> ``"0.0123"``, ``6.74e9`` -> ``"6.74B"``."""
    if value is None or not math.isfinite(value):
        return "—"
    if abs(value) >= 1e6:
        return si(value, "", digits)
    if abs(value) >= 1e3 and value == round(value):
        return f"{value:,.0f}"
    if value != 0 and abs(value) < 1e-4:
        return f"{value:.{digits}g}"  # tiny values stay exact (1e-05 is how they are written)
    return _num(value, digits)


def input_text(value, unit: str = "") -> str:
    """An input value with its unit for reports and tables: ``5e6`` with ``queries/day``
    -> ``"5M queries/day"``, ``0.35`` with ``fraction`` -> ``"0.35"``, a word as itself."""
    if value is None:
        return "auto"
    if isinstance(value, str | bool):
        return str(value)
    value = float(value)
    text = number(value, 4)
    shown = unit if unit and unit not in ("fraction", "x") else ""
    if shown and abs(value) >= 1e4:  # 500k queries/day beside 5M queries/day
        return si(value, shown, 4)
    return f"{text} {shown}".strip() if shown else (f"{text}x" if unit == "x" else text)


TINY_DECIMALS = 12
"""Most decimals a tiny value is written with; below that it keeps e-notation."""


def _num(value: float, digits: int) -> str:
    """``digits`` significant figures without e-notation: large values grouped, a tiny
    value that is not zero as decimals (``4.25e-05`` -> ``"0.0000425"``), as
    :func:`percent` keeps a value that would round to zero."""
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" not in text:
        return text
    if abs(value) >= 1:
        return f"{value:,.0f}"
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    return f"{value:.{decimals}f}" if decimals <= TINY_DECIMALS else text


def format_result(value, unit: str) -> str:
    """Format one result value by its unit from ``engine.RESULT_FIELDS``."""
    if unit == "flag":
        return "yes" if value else "no"
    if value is None:
        return "never" if unit == "months" else "—"
    if unit.startswith("USD"):
        rest = unit[3:]
        return usd(value) + (rest if rest else "")
    if unit == "fraction":
        return percent(value)
    if unit == "s":
        return duration(value)
    if unit == "months":
        return f"{value:.1f} months"
    if unit.startswith("kWh"):
        return si(value * 1e3, "Wh") + unit[3:]
    if unit.startswith("kgCO2e"):
        rest = unit[6:]
        return (si(value / 1e3, "tCO2e") if abs(value) >= 1e3 else si(value, "kgCO2e")) + rest
    if unit == "bytes":
        return si(value, "B")
    if unit == "code":  # the one coded result: what sets the serving concurrency
        return BINDING_TARGETS[min(max(round(value), 0), len(BINDING_TARGETS) - 1)]
    return si(value, unit)


DAYS_PER_MONTH = 365.0 / 12.0


def crossover_text(month: float) -> str:
    """When serving overtakes training, as people say it: ``"month 7.3"``; inside the first
    month in days (``"day 4"``), inside the first day ``"the first day"``; ``"never"``."""
    if month is None or not math.isfinite(month):
        return "never"
    if month >= 1.0:
        return f"month {month:.1f}"
    day = month * DAYS_PER_MONTH
    return "the first day" if day < 1.0 else f"day {math.ceil(day):.0f}"


def break_even_text(queries_per_day: float) -> str:
    """The break-even volume; 0 means even the smallest fleet costs more per year than
    training, which "0 /day" does not say."""
    if queries_per_day is None or not math.isfinite(queries_per_day):
        return "never"
    if queries_per_day <= 0:
        return "any volume (the smallest fleet outspends training)"
    return si(queries_per_day, "/day")
