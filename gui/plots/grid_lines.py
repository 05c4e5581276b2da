"""A light grid drawn as two painter paths (major and minor lines).

pyqtgraph's own grid extends every axis tick across the view inside the axis' cached
QPicture; replaying those pictures cost ~3 ms per axis per frame here, most of a slider
step's budget. Two paths at the axes' tick positions look the same and cost a fraction.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem


class GridLines:
    """Major and minor grid lines of ``plot_item``, following its axes' ticks."""

    def __init__(self, plot_item: pg.PlotItem):
        self.plot_item = plot_item
        self.major = QGraphicsPathItem()
        self.minor = QGraphicsPathItem()
        for item, z in ((self.minor, -20), (self.major, -19)):
            item.setZValue(z)
            plot_item.vb.addItem(item, ignoreBounds=True)
        self.set_colour("#808080")
        plot_item.vb.sigRangeChanged.connect(self.update)
        plot_item.vb.sigResized.connect(self.update)

    def set_colour(self, colour: str, major_alpha: int = 60, minor_alpha: int = 25) -> None:
        for item, alpha in ((self.major, major_alpha), (self.minor, minor_alpha)):
            c = QColor(colour)
            c.setAlpha(alpha)
            pen = QPen(c)
            pen.setCosmetic(True)
            pen.setWidth(1)
            item.setPen(pen)

    def update(self, *_args) -> None:
        vb = self.plot_item.vb
        (x0, x1), (y0, y1) = vb.viewRange()
        size = vb.size()
        major, minor = QPainterPath(), QPainterPath()
        for axis_name, lo, hi, length, vertical in (
            ("bottom", x0, x1, size.width(), True),
            ("left", y0, y1, size.height(), False),
        ):
            axis = self.plot_item.getAxis(axis_name)
            if length <= 0 or hi <= lo:
                continue
            levels = axis.tickValues(lo, hi, length)
            for index, (_spacing, values) in enumerate(levels[:2]):
                path = major if index == 0 else minor
                for v in values:
                    if vertical:
                        path.moveTo(v, y0)
                        path.lineTo(v, y1)
                    else:
                        path.moveTo(x0, v)
                        path.lineTo(x1, v)
        self.major.setPath(major)
        self.minor.setPath(minor)
