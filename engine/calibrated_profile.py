"""The calibrated profile as a file: a copy of the profile's YAML with the fitted
efficiencies, a new id and name, and ``sources.efficiency`` saying what it was fitted to and
when. Edited through ruamel.yaml's round trip, so the original's comments and key order stay.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from .calibrate import Calibration
from .errors import InputError, LoadError
from .profile_text import profile_from_text, set_field

SIGNIFICANT = 3
"""Significant digits written for a fitted efficiency (its uncertainty is larger)."""


def calibrated_id(pid: str) -> str:
    """The id a calibrated copy of ``pid`` gets by default."""
    return f"{pid}-calibrated"


def rounded(value: float, digits: int = SIGNIFICANT) -> float:
    """``value`` to ``digits`` significant digits (0 stays 0)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def fitted_to(calibration: Calibration, files: list[str], when: dt.datetime) -> str:
    """The ``sources.efficiency`` text: the runs, the files, the date, the errors."""
    names = ", ".join(Path(f).name for f in files) or "runs given in memory"
    fitted = ", ".join(
        f"{p.name} {p.before:g} -> {rounded(p.after):g}" for p in calibration.parameters if p.fitted
    )
    return (
        f"Fitted by whatif calibrate on {when:%Y-%m-%d %H:%M} to {len(calibration.runs)} runs "
        f"in {names} ({fitted}; RMS log error {calibration.rms_log_error('before'):.1%} -> "
        f"{calibration.rms_log_error('after'):.1%}). Before: "
        f"{calibration.original.sources.get('efficiency', 'no source')}"
    )


def calibrated_profile_text(
    calibration: Calibration,
    files: list[str],
    new_id: str | None = None,
    when: dt.datetime | None = None,
) -> str:
    """The YAML text of the calibrated profile (validated; raise InputError if not)."""
    original = calibration.original
    try:
        text = Path(original.path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError([LoadError(original.path, 0, "", exc.strerror or str(exc))]) from None
    when = when or dt.datetime.now()
    new_id = new_id or calibrated_id(original.id)
    text = set_field(text, "id", new_id)
    text = set_field(text, "name", f"{original.name} (calibrated)")
    for p in calibration.parameters:
        if p.fitted:
            text = set_field(text, f"efficiency.{p.name}", rounded(p.after))
    text = set_field(text, "sources.efficiency", fitted_to(calibration, files, when))
    profile_from_text(text, f"{new_id}.yaml")  # refuse to hand back an invalid profile
    return text
