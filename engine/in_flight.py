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

Where many points of a grid are being solved, the rounds run on the block of the grid that
holds them (on a volume x pruning grid: the volumes busy enough), the service's arrays (which
vary along fewer axes than the arrivals, e.g. only with the pruning ratio) broadcast against
the concurrencies instead of being copied out at every open point. Once few points are left
open, they are gathered into flat arrays. Either way each point goes through the very same
operations, so an array evaluation still equals the scalar evaluation point by point.
"""

from __future__ import annotations

import numpy as np

from .iteration import IN_PLACE_SIZE
from .service import Service

ROUNDS = 40
"""Most false-position rounds for the fixed point; a stay that is a line converges in one,
a curved one (prefill chunks, MoE expert bytes) in a few more."""
TOLERANCE = 1e-12
"""Residual ``|rate S(b) - b|`` accepted, relative to ``b``."""
GRID_SHARE = 0.25
"""Share of an evaluation's points still open from which a round runs on the whole grid
[fraction]; below it the open points are gathered (copying every array of the service at
each of them costs more than evaluating the stay at the closed points too)."""


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
    if busy.ndim == 0:  # one point: the service is already at it
        ends = (np.array(x, ndmin=1) for x in (rate, one, top, alone, top_stay))
        return _fixed_point(service, *_bracket(*ends)).reshape(())
    rate, one, top, alone, top_stay = (
        np.broadcast_to(x, b.shape) for x in (rate, one, top, alone, top_stay)
    )
    if np.count_nonzero(busy) < GRID_SHARE * busy.size:
        at = np.nonzero(busy)
        ends = (x[at] for x in (rate, one, top, alone, top_stay))
        b[at] = _fixed_point(service.at(at), *_bracket(*ends))
        return b
    box = _box(busy)  # the rounds run on the block of the grid that holds the busy points
    ends = (x[box] for x in (rate, one, top, alone, top_stay))
    b[box] = _on_grid(service.within(box), b[box], busy[box], *ends)
    return b


def _box(mask) -> tuple:
    """Slices of the smallest block of ``mask``'s grid holding all its true points."""
    box = []
    for axis in range(mask.ndim):
        hit = np.flatnonzero(np.any(mask, axis=tuple(a for a in range(mask.ndim) if a != axis)))
        box.append(slice(hit[0], hit[-1] + 1))
    return tuple(box)


def _bracket(rate, lo, hi, alone, top_stay):
    """(rate, lo, hi, f(lo), f(hi), kept): the starting bracket of the points being solved
    (``lo`` and ``hi`` fresh arrays: the rounds narrow them in place; kept: see
    :func:`_narrow`)."""
    f_lo = rate * alone - lo
    f_hi = rate * top_stay - hi
    return rate, lo, hi, f_lo, f_hi, np.zeros(f_lo.shape, dtype=np.int8)


def _on_grid(service: Service, b, busy, rate, one, top, alone, top_stay):
    """:func:`_fixed_point` at the ``busy`` points of ``b`` (the grid's concurrencies, the
    other points already final), with the service broadcast over the grid while at least
    :data:`GRID_SHARE` of it is open; the rest gathered then."""
    # Points not being solved hold a bracket [b, b] with no residual: false position
    # returns their b, and no arithmetic on them can overflow.
    rate, lo, hi, f_lo, f_hi, kept = _bracket(
        rate, np.where(busy, one, b), np.where(busy, top, b), alone, top_stay
    )
    f_lo = np.where(busy, f_lo, 0.0)
    f_hi = np.where(busy, f_hi, 0.0)
    b = np.where(busy, _false_position(lo, hi, f_lo, f_hi), b)
    live = busy
    for done in range(ROUNDS):
        if np.count_nonzero(live) < GRID_SHARE * live.size:
            at = np.nonzero(live)
            state = (x[at] for x in (rate, lo, hi, f_lo, f_hi, kept))
            b[at] = _fixed_point(service.at(at), *state, rounds=ROUNDS - done)
            return b
        f = rate * service.stay(b) - b
        live = live & (np.abs(f) > TOLERANCE * b)
        if not np.any(live):
            return b
        _narrow(b, f, lo, hi, f_lo, f_hi, kept, live)
        np.copyto(b, _false_position(lo, hi, f_lo, f_hi), where=live)
    return b


def _fixed_point(service: Service, rate, lo, hi, f_lo, f_hi, kept, rounds: int = ROUNDS):
    """Root of ``f(b) = rate S(b) - b`` between ``lo`` (``f > 0``) and ``hi`` (``f <= 0``),
    flat arrays of the points ``service`` holds: false position with the Illinois rule (the
    end kept twice in a row has its value halved), one evaluation of the stay per round on the
    points not yet within :data:`TOLERANCE`. Exact in one round where the stay is a line; the
    Illinois rule keeps convergence superlinear where prefill chunks bend it."""
    b = _false_position(lo, hi, f_lo, f_hi)
    out, todo = b, None  # todo: where the points still open sit in out (None: all)
    live = None  # the points of the arrays still open (None: all of them)
    for _ in range(rounds):
        f = rate * service.stay(b) - b
        open_ = np.abs(f) > TOLERANCE * b
        if live is not None:
            open_ &= live
        if not np.any(open_):
            break
        if np.all(open_):
            _narrow(b, f, lo, hi, f_lo, f_hi, kept)
            b = _false_position(lo, hi, f_lo, f_hi)
        elif np.count_nonzero(open_) >= GRID_SHARE * open_.size:
            # Most still open: they are narrowed where they are, the closed ones kept
            # (gathering every array of the service for a few fewer points costs more).
            live = open_
            _narrow(b, f, lo, hi, f_lo, f_hi, kept, live)
            np.copyto(b, _false_position(lo, hi, f_lo, f_hi), where=live)
        else:
            service = service.take(open_)
            rate, b, f, lo, hi, f_lo, f_hi, kept = (
                x[open_] for x in (rate, b, f, lo, hi, f_lo, f_hi, kept)
            )
            todo = np.flatnonzero(open_) if todo is None else todo[open_]
            live = None
            _narrow(b, f, lo, hi, f_lo, f_hi, kept)
            b = _false_position(lo, hi, f_lo, f_hi)
        if todo is None:
            out = b
        else:
            out[todo] = b
    return out


def _narrow(x, f, lo, hi, f_lo, f_hi, kept, live=True):
    """One Illinois step in place, where ``live``: ``x`` (with ``f(x)``) replaces the end on
    its side of the root; the end kept twice in a row has its value halved. ``kept`` records
    the end kept last (+1 lo, -1 hi, 0 neither yet)."""
    above = f > 0  # the root lies above x: x becomes the low end
    to_lo = above & live
    to_hi = ~above & live
    np.multiply(f_hi, 0.5, out=f_hi, where=to_lo & (kept == -1))
    np.multiply(f_lo, 0.5, out=f_lo, where=to_hi & (kept == 1))
    np.copyto(lo, x, where=to_lo)
    np.copyto(f_lo, f, where=to_lo)
    np.copyto(hi, x, where=to_hi)
    np.copyto(f_hi, f, where=to_hi)
    np.copyto(kept, -1, where=to_lo)
    np.copyto(kept, 1, where=to_hi)


def _false_position(lo, hi, f_lo, f_hi):
    """Where the chord from (lo, f_lo) to (hi, f_hi) crosses zero (the middle if flat)."""
    span = f_lo - f_hi
    same = np.shape(lo) == np.shape(hi) == np.shape(f_lo) == span.shape
    if not (same and span.size >= IN_PLACE_SIZE):
        return np.where(
            span > 0, lo + (hi - lo) * f_lo / np.where(span > 0, span, 1.0), 0.5 * (lo + hi)
        )
    # A large block: the same operations on three arrays instead of eight.
    flat = ~(span > 0)
    x = np.subtract(hi, lo)
    x *= f_lo
    np.copyto(span, 1.0, where=flat)
    x /= span
    x += lo
    middle = np.add(lo, hi)
    middle *= 0.5
    np.copyto(x, middle, where=flat)
    return x
