"""A single point marker (star, diamond, circle) of fixed pixel size.

One point needs none of ScatterPlotItem's machinery (spot tables, per-point pens, Python
paint): a painter path that ignores the view's scaling is drawn by Qt alone.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem


def _shape(symbol: str, size: float) -> QPainterPath:
    r = size / 2.0
    path = QPainterPath()
    if symbol == "o":
        path.addEllipse(QPointF(0, 0), r, r)
    elif symbol == "d":
        path.addPolygon(
            QPolygonF(
                [QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0), QPointF(0, -r)]
            )
        )
    else:  # a five-pointed star
        points = []
        for i in range(10):
            radius = r if i % 2 == 0 else r * 0.45
            angle = -math.pi / 2 + i * math.pi / 5
            points.append(QPointF(radius * math.cos(angle), radius * math.sin(angle)))
        points.append(points[0])
        path.addPolygon(QPolygonF(points))
    return path


class Marker(QGraphicsPathItem):
    """``set_point(x, y)`` in view coordinates shows it there; ``clear()`` hides it."""

    def __init__(self, symbol: str = "star", size: float = 12.0):
        super().__init__(_shape(symbol, size))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setZValue(30)
        self.hide()
        self.point: tuple[float, float] | None = None

    def set_style(self, fill: str, outline: str, width: float = 1.5) -> None:
        self.setBrush(pg.mkBrush(fill))
        self.setPen(pg.mkPen(outline, width=width))

    def set_point(self, x: float, y: float) -> None:
        if not (math.isfinite(x) and math.isfinite(y)):
            self.clear()
            return
        self.point = (x, y)
        self.setPos(x, y)
        self.show()

    def clear(self) -> None:
        self.point = None
        self.hide()
