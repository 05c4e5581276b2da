"""Results worked out when first read.

A large evaluation (a 1,000 x 1,000 grid, a chunk of Monte Carlo samples) holds each result
that varies over the whole grid in an 8 MB array; most readers want a few of them (a heatmap
one, Monte Carlo its handful of answers). A result that is a cheap elementwise function of
arrays the evaluation keeps anyway (per-query figures from yearly ones, horizon totals from
yearly rates, emissions from energy) is therefore held as a :class:`Lazy` and computed, with
the same operations in the same order as an eager evaluation, the first time it is read.
"""

from __future__ import annotations

import threading

import numpy as np


class Lazy:
    """``fn(*args)`` computed once, when first asked for; an argument may itself be Lazy.

    ``shape`` is known without computing: the broadcast of the arguments' shapes (``fn`` must
    be elementwise). The arguments are dropped once the value is computed.
    """

    __slots__ = ("_args", "_fn", "_lock", "_value", "shape")

    def __init__(self, fn, *args):
        self._fn = fn
        self._args = args
        self._value = None
        self.shape: tuple[int, ...] = np.broadcast_shapes(*(np.shape(a) for a in args))
        self._lock = threading.Lock()  # results are read from the GUI and worker threads

    def __reduce__(self):
        """Pickled (and deep-copied) as its value: a lock cannot be pickled."""
        return (_computed, (self.value(),))

    def value(self) -> np.ndarray:
        """The computed array (computed now if it was not yet)."""
        if self._args is None:  # computed (the value is set before the arguments go)
            return self._value
        with self._lock:
            if self._args is not None:
                self._value = self._fn(*(resolve(a) for a in self._args))
                self._fn = self._args = None
            return self._value


EAGER_SIZE = 4096
"""Evaluations of fewer points than this compute every result at once [points]: a slider's
point or a chart's sweep has nothing to save, and the bookkeeping would cost time on the
slider's path."""


def deferring(points: int):
    """How an evaluation of ``points`` points makes a derived result: :class:`Lazy` when it
    is large, else a call that computes it now (``later(fn, *args)`` either way)."""
    return Lazy if points >= EAGER_SIZE else now


def now(fn, *args):
    """``fn(*args)`` at once: how a small evaluation makes a derived result."""
    return fn(*args)


def _computed(value) -> Lazy:
    """A :class:`Lazy` already holding ``value`` (unpickling)."""
    return Lazy(np.asarray, value)


def resolve(x):
    """``x``'s value if it is :class:`Lazy`, else ``x``."""
    return x.value() if isinstance(x, Lazy) else x
