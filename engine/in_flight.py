"""The concurrency a sized fleet actually keeps in flight, by Little's law.

A replica is SIZED at its operating concurrency ``B`` (the largest that meets every target:
:func:`inference.operating_point`), but traffic below that capacity keeps fewer sequences in
flight, and a continuous-batching server's iterations are shorter with fewer sequences: a
lone request is answered in one short stay, not in the stay of a full batch. Little's law
(Little 1961) gives the mean concurrency of a replica receiving ``lam`` queries/s:
``b = lam S(b)``, with ``S(b)`` a sequence's stay at concurrency ``b``. A sequence alone
still costs a whole iteration, so the stay below one sequence is ``S(1)``:

- ``lam S(1) <= 1``: ``b = lam S(1)``;
- otherwise the smallest root of ``lam S(b) = b`` on ``[1, B]``. ``S`` is increasing in
  ``b``; the root exists where the replica is not saturated (``lam S(B) <= B``). ``S`` is a
  maximum of lines in ``b`` in most regimes (:mod:`iteration`), so regula falsi (Illinois
  variant; Dowell and Jarratt 1971) ends on the exact root of the active line within a few
  vectorised rounds; prefill chunks and MoE expert bytes bend it slightly, which the same
  rounds absorb.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

ROUNDS = 24
"""Illinois rounds for the fixed point: a maximum of lines converges in a handful (each
round lands on the active line's root), a curved stay to ~1e-12 relative well within 24."""


def in_flight(stay: Callable, rate, top, top_stay):
    """The concurrency in flight per replica [sequences] (its stay is ``stay(max(b, 1))``).

    ``stay(b)`` is a sequence's stay at concurrency ``b`` [s] (increasing in ``b``);
    ``rate`` the arrivals per replica [queries/s]; ``top`` the operating concurrency ``B``
    and ``top_stay`` = ``stay(B)``. At or past saturation (``rate S(B) >= B``) the replica
    runs at ``B``: the queue, not the concurrency, absorbs the excess.
    """
    rate = np.asarray(rate, dtype=float)
    top = np.asarray(top, dtype=float)
    top_stay = np.asarray(top_stay, dtype=float)
    one = np.minimum(top, 1.0)
    alone = stay(np.ones_like(top) * one)
    low = rate * alone <= one
    saturated = rate * top_stay >= top
    b = np.where(low, rate * alone, np.where(saturated, top, one))
    busy = ~low & ~saturated
    if np.any(busy):
        root = _fixed_point(stay, rate, one, top, rate * alone - one, rate * top_stay - top)
        b = np.where(busy, root, b)
    return b


def _fixed_point(stay, rate, lo, hi, f_lo, f_hi):
    """Root of ``f(b) = rate stay(b) - b`` between ``lo`` (``f > 0``) and ``hi``
    (``f <= 0``) by the Illinois method, all points at once."""
    lo, hi = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (lo, hi)))
    f_lo, f_hi = np.broadcast_arrays(f_lo, f_hi)
    lo, hi, f_lo, f_hi = (np.array(x, dtype=float) for x in (lo, hi, f_lo, f_hi))
    side = np.zeros(lo.shape)
    for _ in range(ROUNDS):
        gap = f_lo - f_hi
        safe = np.where(gap > 0, gap, 1.0)
        mid = np.where(gap > 0, lo + (hi - lo) * f_lo / safe, 0.5 * (lo + hi))
        mid = np.clip(mid, lo, hi)
        f_mid = rate * stay(mid) - mid
        right = f_mid > 0  # the root lies above mid
        lo, f_lo = np.where(right, mid, lo), np.where(right, f_mid, f_lo)
        hi, f_hi = np.where(right, hi, mid), np.where(right, f_hi, f_mid)
        # Illinois: halve the stale end's value when the same end moved twice running.
        f_hi = np.where(right & (side > 0), 0.5 * f_hi, f_hi)
        f_lo = np.where(~right & (side < 0), 0.5 * f_lo, f_lo)
        side = np.where(right, 1.0, -1.0)
    return np.where(np.abs(f_lo) < np.abs(f_hi), lo, hi)
