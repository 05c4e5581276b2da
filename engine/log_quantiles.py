"""Percentiles of many curves without keeping them: a mergeable count per point on a log grid.

Monte Carlo's cumulative-cost timeline has one value per sample and month; keeping all of
them (2,000,000 samples x 121 months x 8 B = 1.9 GB) is what made large runs run out of
memory. Instead each month keeps counts on a fixed logarithmic grid of
:data:`RELATIVE_STEP` relative width between :data:`LOW` and :data:`HIGH` (below and above go
to two edge bins), plus the exact minimum and maximum. Counts from chunks add up, so the
result does not depend on how the samples were chunked. A percentile is the geometric centre
of the bin that holds its rank, clamped to the exact [min, max]: within
``RELATIVE_STEP / 2`` (0.1%) of the sample percentile of the same rank, and exact when every
sample agrees (fixed inputs) or the rank falls in an edge bin (it is then the min or max).
Memory: 121 months x ~19,600 bins x 8 B = 19 MB, whatever the sample count.
"""

from __future__ import annotations

import math

import numpy as np

LOW = 1e-2
"""Smallest value with its own bin [the values' unit, here USD]."""
HIGH = 1e15
"""Largest value with its own bin."""
RELATIVE_STEP = 0.002
"""Each bin's upper edge is its lower edge x (1 + RELATIVE_STEP)."""
_LOG_STEP = math.log1p(RELATIVE_STEP)
_INNER = math.ceil(math.log(HIGH / LOW) / _LOG_STEP)


class LogQuantiles:
    """Counts of ``points`` series (one per month) on the log grid; :meth:`add` a chunk of
    shape (samples, points), then :meth:`percentiles`."""

    def __init__(self, points: int):
        self.points = points
        self.bins = _INNER + 2  # underflow, inner bins, overflow
        self.counts = np.zeros((points, self.bins), dtype=np.int64)
        self.low = np.full(points, np.inf)
        self.high = np.full(points, -np.inf)
        self.total = 0

    def add(self, values: np.ndarray) -> None:
        """Count a (samples, points) block."""
        values = np.asarray(values, dtype=float)
        if values.size == 0:
            return
        self.low = np.minimum(self.low, values.min(axis=0))
        self.high = np.maximum(self.high, values.max(axis=0))
        with np.errstate(divide="ignore", invalid="ignore"):
            index = np.floor(np.log(values / LOW) / _LOG_STEP) + 1
        index = np.where(values < LOW, 0, np.where(values >= HIGH, self.bins - 1, index))
        flat = index.astype(np.int64) + np.arange(self.points)[None, :] * self.bins
        self.counts += np.bincount(flat.ravel(), minlength=self.counts.size).reshape(
            self.counts.shape
        )
        self.total += values.shape[0]

    def percentiles(self, percents) -> tuple[np.ndarray, ...]:
        """One array per percent: the value of rank ``ceil(p/100 * n)`` at each point."""
        cumulative = np.cumsum(self.counts, axis=1)
        out = []
        for p in percents:
            rank = max(1, math.ceil(p / 100.0 * self.total))
            b = np.argmax(cumulative >= rank, axis=1)
            centre = LOW * np.exp((b - 0.5) * _LOG_STEP)
            centre = np.where(b == 0, self.low, np.where(b == self.bins - 1, self.high, centre))
            out.append(np.clip(centre, self.low, self.high))
        return tuple(out)
