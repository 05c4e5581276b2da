"""A chosen replica's service as a function of its concurrency, at every point of an
evaluation or at a few of them.

The fleet computes latencies at the concurrency traffic actually keeps in flight
(:mod:`in_flight`), which differs point by point; the replica's iteration lines are built
once at the operating point's shape and only read at the points still being solved.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from . import iteration as it
from .iteration import Lines, Replica, Workload


@dataclass(frozen=True)
class Service:
    """The per-sequence service of one replica shape (arrays broadcasting together, or flat
    arrays of the same points after :meth:`at`)."""

    workload: Workload
    budget_tokens: object  # tokens one iteration may hold
    tpot_lines: Lines
    prefill_lines: tuple  # (Lines, Lines): see iteration.prefill_lines

    @classmethod
    def of(cls, w: Workload, r: Replica, budget_tokens) -> Service:
        return cls(w, budget_tokens, it.tpot_lines(w, r), it.prefill_lines(w, r, budget_tokens))

    def __call__(self, b):
        """(TPOT, TTFT without the wait, the whole stay ``TTFT + (O - 1) TPOT``) at
        concurrency ``b`` [s]."""
        w = self.workload
        tpot = it.evaluate_lines(self.tpot_lines, b) / w.speculative
        ttft = it.ttft_service(w, None, b, self.budget_tokens, self.prefill_lines)
        return tpot, ttft, ttft + (w.output_tokens - 1.0) * tpot

    def stay(self, b):
        """A sequence's whole stay at concurrency ``b`` [s]."""
        return self(b)[2]

    def at(self, points: tuple) -> Service:
        """This service at ``points`` only (a tuple of index arrays into the shape the
        arrays broadcast to), as flat arrays."""
        return self._mapped(lambda x: _take(x, points))

    def upper(self) -> Service:
        """This service with only the iteration lines that can bind (:func:`iteration.
        upper_lines`): the same times at any concurrency ``b >= 0``, in fewer operations."""
        small, full = self.prefill_lines
        return Service(
            self.workload,
            self.budget_tokens,
            it.upper_lines(self.tpot_lines),
            (it.upper_lines(small), it.upper_lines(full)),
        )

    def within(self, box: tuple) -> Service:
        """This service on the block ``box`` (a tuple of slices of the shape the arrays
        broadcast to): views, an axis of length one kept as it is."""
        return self._mapped(lambda x: _sliced(x, box))

    def take(self, index) -> Service:
        """A service of flat arrays (from :meth:`at`) at ``index`` of them."""
        return self._mapped(lambda x: x[index] if np.ndim(x) else x)

    def _mapped(self, fn) -> Service:
        """This service with ``fn`` applied to every array the stay reads. Of the workload
        only :data:`STAY_FIELDS` are kept (the others None): gathering a large grid's
        points copied a dozen arrays the stay never reads."""
        w = self.workload
        slim = Workload(
            **{
                f: map_arrays(getattr(w, f), fn) if f in STAY_FIELDS else None
                for f in _WORKLOAD_FIELDS
            }
        )
        return Service(
            slim,
            map_arrays(self.budget_tokens, fn),
            map_arrays(self.tpot_lines, fn),
            map_arrays(self.prefill_lines, fn),
        )


STAY_FIELDS = ("prefill_tokens", "output_tokens", "speculative")
"""The workload fields a stay reads (besides the iteration lines) [names]."""
_WORKLOAD_FIELDS = tuple(f.name for f in dataclasses.fields(Workload))


def map_arrays(value, fn):
    """``value`` with ``fn`` applied to every array inside (dataclasses, lists, tuples)."""
    if isinstance(value, _LEAVES):  # most of what it meets: no dataclass check needed
        return fn(value)
    names = _FIELD_NAMES.get(type(value))
    if names is None and dataclasses.is_dataclass(value):
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return type(value)(**{name: map_arrays(getattr(value, name), fn) for name in names})
    if isinstance(value, list | tuple):
        return type(value)(map_arrays(v, fn) for v in value)
    return fn(value)


_LEAVES = (np.ndarray, np.generic, float, int, bool, str, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
"""Field names of each dataclass :func:`map_arrays` has met (``dataclasses.fields`` is slow
for a function called for every array of a service, several times per evaluation)."""


def _take(x, points: tuple):
    """``np.broadcast_to(x, shape)[points]`` without building the broadcast: the axes of
    length one are dropped (an array of one value stays one value), the others indexed."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 0:
        return x
    axes = points[len(points) - x.ndim :]
    varying = [n > 1 for n in x.shape]
    if all(varying):
        return x[axes]
    index = tuple(a for a, v in zip(axes, varying, strict=True) if v)
    return x.reshape([n for n in x.shape if n > 1])[index] if index else x.reshape(())


def _sliced(x, box: tuple):
    """``np.broadcast_to(x, shape)[box]`` for slices, as a view that still broadcasts: an
    axis of length one is kept whole."""
    x = np.asarray(x, dtype=float)
    axes = box[len(box) - x.ndim :] if x.ndim else ()
    return x[tuple(s if n > 1 else slice(None) for s, n in zip(axes, x.shape, strict=True))]
