"""One Monte Carlo output as a histogram, with its P10, P50 and P90 marked."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from .tornado_dialog import ResultAxis

MARKS = (("P10", 0.95), ("P50", 0.85), ("P90", 0.75))
"""Each percentile line and the height of its label (staggered: close lines stay legible)."""
SOLID, DASHED = Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine


class HistogramPlot(pg.PlotWidget):
    """Bars of ``counts`` over ``edges``; dashed lines (solid for P50) at the percentiles,
    each labelled with its value as ``fmt`` writes it."""

    def __init__(self, title: str, fmt, parent=None, money: bool = False):
        axis = {"bottom": ResultAxis("bottom")} if money else {}  # ticks in USD
        super().__init__(parent, axisItems=axis)
        self.fmt = fmt
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        item = self.getPlotItem()
        item.setTitle(title)
        item.setLabel("left", "samples")
        self.bars = pg.BarGraphItem(
            x0=[0], x1=[1], height=[0], brush=pg.mkBrush(76, 110, 245, 170), pen=None
        )
        self.addItem(self.bars)
        self.marks: dict[str, pg.InfiniteLine] = {}
        for name, height in MARKS:
            line = pg.InfiniteLine(
                angle=90,
                pen=pg.mkPen("#e8590c", width=2, style=SOLID if name == "P50" else DASHED),
                label="",
                labelOpts={"position": height, "color": "#e8590c", "movable": False},
            )
            line.hide()  # until a run gives it a value (it stood at 0 on empty axes)
            self.addItem(line)
            self.marks[name] = line
        # Empty until the first run: a plain 0-1 frame, not auto-range's -500 to 500 samples.
        self.getPlotItem().setRange(xRange=(0, 1), yRange=(0, 1), padding=0)

    def show_data(self, edges: np.ndarray, counts: np.ndarray, bands) -> None:
        """Draw ``counts`` on ``edges``; ``bands`` holds (P10, P50, P90) (may be infinite:
        that line is hidden)."""
        self.bars.setOpts(x0=edges[:-1], x1=edges[1:], height=counts)
        for (name, _), value in zip(MARKS, bands, strict=True):
            line = self.marks[name]
            line.setVisible(bool(np.isfinite(value)))
            if np.isfinite(value):
                line.setValue(value)
                line.label.setFormat(f"{name} {self.fmt(value)}")
        self.getPlotItem().enableAutoRange()
