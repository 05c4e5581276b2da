"""The user's uncertainty ranges kept between sessions (in the per-user settings file).

Stored as ``KEY=KIND:A:B[:C]`` lines (the ``whatif montecarlo --range`` form, full
precision). A line that no longer parses (a field renamed, a hand edit) is dropped on its
own; the rest still load. Nothing stored, or nothing usable: the defaults.
"""

from __future__ import annotations

from whatif.engine.distributions import as_distribution, parse_distribution

from .settings import app_settings

KEY = "uncertainty/ranges"


def stored_ranges() -> dict | None:
    """The ranges the user last accepted, or None when none are stored (or none load)."""
    value = app_settings().value(KEY)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return None
    ranges = {}
    for line in value:
        if not isinstance(line, str) or "=" not in line:
            continue
        key, _, text = line.partition("=")
        try:
            ranges[key.strip()] = parse_distribution(key.strip(), text)
        except (ValueError, KeyError):
            continue  # a field that no longer exists, a broken hand edit: skip just this one
    return ranges or None


def store_ranges(ranges: dict) -> None:
    """Keep ``ranges`` (``{key: Distribution or (low, high)}``) for the next session."""
    lines = []
    for key, value in ranges.items():
        dist = as_distribution(key, value)
        lines.append(f"{key}={dist.kind}:{':'.join(repr(float(p)) for p in dist.params)}")
    settings = app_settings()
    settings.setValue(KEY, lines)
    settings.sync()
