"""Axis ranges that hold still while a slider moves.

Auto-ranging re-fits every axis on every step: the ticks jump under the hand and every
axis regenerates its tick pictures (about a millisecond each). A steady range only moves
when the data leaves it or shrinks to under a third of it, and then snaps to round bounds.
"""

from __future__ import annotations

import math

import numpy as np


def nice_bounds(lo: float, hi: float, log: bool = False) -> tuple[float, float]:
    """Round bounds around [lo, hi]: whole decades for log axes (in log10 units), else
    multiples of a 1-2-5 step near a tenth of the span."""
    if log:
        a, b = math.floor(lo), math.ceil(hi)
        return (a, b) if b > a else (a, a + 1)
    span = hi - lo
    if span <= 0:
        span = abs(hi) or 1.0
    raw = span / 8.0
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


class SteadyRange:
    """Keeps one axis of a ViewBox steady; feed it the data each update."""

    def __init__(self, view, axis: str, log: bool = False, include_zero: bool = False):
        self.view = view
        self.axis = axis  # "x" or "y"
        self.log = log
        self.include_zero = include_zero
        self.current: tuple[float, float] | None = None
        view.enableAutoRange(axis=axis, enable=False)

    def fit(self, *arrays) -> None:
        """Make sure every finite value of ``arrays`` is in view (log10 of positives when
        the axis is logarithmic)."""
        values = np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays])
        if self.log:
            values = np.log10(values[values > 0])
        values = values[np.isfinite(values)]
        if values.size == 0:
            return
        lo, hi = float(values.min()), float(values.max())
        if self.include_zero and not self.log:
            lo, hi = min(lo, 0.0), max(hi, 0.0)
        if self.current is not None:
            a, b = self.current
            inside = a <= lo and hi <= b
            tight = (hi - lo) >= (b - a) / 3.0
            if inside and tight:
                return
        self.current = nice_bounds(lo, hi, self.log)
        a, b = self.current
        if self.axis == "x":
            self.view.setXRange(a, b, padding=0.02)
        else:
            self.view.setYRange(a, b, padding=0.02)
