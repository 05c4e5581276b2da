"""Axis labels re-laid out only when their text changes.

pyqtgraph re-renders an axis label's HTML and re-sizes the axis whenever the axis range
changes (to pick a new SI prefix), even when the label reads the same: about four rich-text
layouts per slider step over the six charts, each of which may also move the plot's layout.
"""

from __future__ import annotations

import pyqtgraph as pg


def relabel_only_on_change(axis: pg.AxisItem) -> None:
    """Make ``axis`` redo its label's HTML and size only when the label's text differs from
    what it shows; its ticks are still redrawn on every range change."""
    shown = [None]

    def update_label() -> None:
        text = axis.labelString()
        if text != shown[0]:
            shown[0] = text
            axis.label.setHtml(text)
            axis._adjustSize()
        axis.picture = None
        axis.update()

    axis._updateLabel = update_label
