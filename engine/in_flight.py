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
  maximum of lines in ``b`` in most regimes (:mod:`iteration`), so false position from the
  bracket lands on the exact root of the active line in one vectorised round; prefill chunks
  and MoE expert bytes bend it, which a few more rounds absorb (the Illinois rule keeps them
  converging fast).
"""

from __future__ import annotations

import numpy as np

from .service import Service

ROUNDS = 40
"""Most false-position rounds for the fixed point; a stay that is a line converges in one,
a curved one (prefill chunks, MoE expert bytes) in a few more."""
TOLERANCE = 1e-12
"""Residual ``|rate S(b) - b|`` accepted, relative to ``b``."""


def in_flight(service: Service, rate, top, top_stay):
    """The concurrency in flight per replica [sequences] (its stay is ``S(max(b, 1))``).

    ``service`` is the replica's :class:`Service` (its stay ``S(b)`` increasing in ``b``);
    ``rate`` the arrivals per replica [queries/s]; ``top`` the operating concurrency ``B``
    and ``top_stay`` = ``S(B)`` [s]. At or past saturation (``rate S(B) >= B``) the replica
    runs at ``B``: the queue, not the concurrency, absorbs the excess.
    """
    rate = np.asarray(rate, dtype=float)
    top = np.asarray(top, dtype=float)
    top_stay = np.asarray(top_stay, dtype=float)
    one = np.minimum(top, 1.0)
    alone = service.stay(one)
    low = rate * alone <= one
    saturated = rate * top_stay >= top
    b = np.where(low, rate * alone, np.where(saturated, top, one))
    busy = ~low & ~saturated
    if not np.any(busy):
        return b
    flat = np.atleast_1d(b)
    at = np.nonzero(np.atleast_1d(busy))
    rate, one, top, alone, top_stay = (
        np.broadcast_to(x, flat.shape)[at] for x in (rate, one, top, alone, top_stay)
    )
    points = service.at(at) if busy.ndim else service
    flat[at] = _fixed_point(points, rate, one, top, rate * alone - one, rate * top_stay - top)
    return flat.reshape(busy.shape)


def _fixed_point(service: Service, rate, lo, hi, f_lo, f_hi):
    """Root of ``f(b) = rate S(b) - b`` between ``lo`` (``f > 0``) and ``hi`` (``f <= 0``),
    flat arrays of the points ``service`` holds: false position with the Illinois rule (the
    end kept twice in a row has its value halved), one evaluation of the stay per round on the
    points not yet within :data:`TOLERANCE`. Exact in one round where the stay is a line; the
    Illinois rule keeps convergence superlinear where prefill chunks bend it."""
    f_lo, f_hi = f_lo.copy(), f_hi.copy()
    b = _false_position(lo, hi, f_lo, f_hi)
    kept = np.zeros(b.size, dtype=np.int8)  # +1: lo was kept last round, -1: hi was
    todo = np.arange(b.size)
    for _ in range(ROUNDS):
        x, r = b[todo], rate[todo]
        f = r * service.stay(x) - x
        open_ = np.abs(f) > TOLERANCE * x
        if not np.any(open_):
            break
        if not np.all(open_):
            service, todo, x, f = service.take(open_), todo[open_], x[open_], f[open_]
        above = f > 0  # the root lies above x: x becomes the low end
        lo[todo] = np.where(above, x, lo[todo])
        hi[todo] = np.where(above, hi[todo], x)
        f_lo[todo] = np.where(above, f, f_lo[todo])
        f_hi[todo] = np.where(above, f_hi[todo], f)
        side = np.where(above, -1, 1).astype(np.int8)  # which end stayed
        again = kept[todo] == side
        f_hi[todo] = np.where(again & (side == -1), 0.5 * f_hi[todo], f_hi[todo])
        f_lo[todo] = np.where(again & (side == 1), 0.5 * f_lo[todo], f_lo[todo])
        kept[todo] = side
        b[todo] = _false_position(lo[todo], hi[todo], f_lo[todo], f_hi[todo])
    return b


def _false_position(lo, hi, f_lo, f_hi):
    """Where the chord from (lo, f_lo) to (hi, f_hi) crosses zero (the middle if flat)."""
    span = f_lo - f_hi
    return np.where(
        span > 0, lo + (hi - lo) * f_lo / np.where(span > 0, span, 1.0), 0.5 * (lo + hi)
    )
