"""A progress bar on stderr for long command-line runs, as a terminal user expects one.

Silent when stderr is not a terminal (a pipe, a file, a CI log) and for runs that finish
within :data:`DELAY` seconds; otherwise one line redrawn in place, at most every
:data:`REDRAW` seconds, ended with a newline when the run completes.
"""

from __future__ import annotations

import sys
import time

DELAY = 1.0
"""Seconds before a bar appears: a short run prints nothing."""
REDRAW = 0.1
"""Least seconds between two redraws."""
WIDTH = 30
"""Characters of the bar itself."""


class ProgressBar:
    """Call with ``(done, total)`` after each step of a run."""

    def __init__(self, label: str, unit: str, stream=None, clock=time.monotonic):
        self.label, self.unit, self.clock = label, unit, clock
        self.stream = sys.stderr if stream is None else stream
        self.start = clock()
        self.last = None
        self.shown = False
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty())

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        elapsed = now - self.start
        finished = done >= total
        if elapsed < DELAY and not self.shown:
            return
        if not finished and self.last is not None and now - self.last < REDRAW:
            return
        self.last = now
        self.shown = True
        fraction = done / total if total else 1.0
        filled = round(WIDTH * fraction)
        left = elapsed * (1 - fraction) / fraction if fraction > 0 else 0.0
        tail = f"{elapsed:.0f} s" if finished else f"{left:.0f} s left"
        line = (
            f"\r{self.label} {fraction * 100:3.0f}% [{'#' * filled}{'.' * (WIDTH - filled)}] "
            f"{done:,}/{total:,} {self.unit}, {tail}\x1b[K"
        )
        self.stream.write(line + ("\n" if finished else ""))
        self.stream.flush()
