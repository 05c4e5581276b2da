"""A chart drawn into an image at any width and DPI, every part in proportion.

pyqtgraph's image exporter stretches the scene to the width but leaves some parts at screen
size: cosmetic lines stay 1-2 px, cached legends and fixed-size markers stay small, so at
1600 px a legend read ~11 px high while the ticks grew. Here one scale factor
(:func:`export_scale`) is computed from the width and the DPI: the chart is laid out at
``width / scale`` logical pixels, painted into an image whose device pixel ratio is
``scale`` (text, markers and layout scale with it), and every line is widened by ``scale``
for the paint. So a legend, a tick label and a title keep the ratio they have on screen.
"""

from __future__ import annotations

from contextlib import contextmanager

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QAbstractGraphicsShapeItem, QGraphicsItem

SCREEN_DPI = 96.0
"""Qt's logical dots per inch: a 10 pt font is 13.3 logical px."""
MIN_LOGICAL_WIDTH, MAX_LOGICAL_WIDTH = 480.0, 1280.0
"""Bounds of the layout width [logical px]. Within them a chart's text prints at its point
size at the chosen DPI; below 480 px its parts would not fit, above 1,280 px its text
would shrink to specks on a slide (a 3,200 px image at 96 dpi)."""
ASPECT = 560.0 / 900.0
"""Height over width of an exported chart."""


def export_scale(width: float, dpi: float) -> float:
    """Image pixels per logical pixel for an image ``width`` px wide tagged ``dpi``.

    ``dpi / 96`` (so 8 pt prints as 8 pt), unless that lays the chart out narrower than
    :data:`MIN_LOGICAL_WIDTH` or wider than :data:`MAX_LOGICAL_WIDTH`: then the width
    decides. 1,600 px at 150 dpi: 1.5625 (laid out 1,024 px wide).
    """
    logical = min(max(width * SCREEN_DPI / dpi, MIN_LOGICAL_WIDTH), MAX_LOGICAL_WIDTH)
    return width / logical


def _pen_holders(scene):
    """``(get, set)`` pairs for the pen of every item of ``scene`` that draws lines."""
    for item in scene.items():
        if isinstance(item, pg.PlotCurveItem | pg.PlotDataItem):
            yield (lambda i=item: i.opts["pen"]), (lambda p, i=item: i.setPen(p))
        elif isinstance(item, pg.InfiniteLine):
            yield (lambda i=item: i.pen), (lambda p, i=item: i.setPen(p))
        elif isinstance(item, pg.AxisItem):
            yield (lambda i=item: i.pen()), (lambda p, i=item: i.setPen(p))
        elif isinstance(item, QAbstractGraphicsShapeItem):  # grid lines, markers
            yield item.pen, item.setPen


@contextmanager
def _widened_lines(scene, scale: float):
    """Every line of ``scene`` ``scale`` times as wide until the block ends (a cosmetic pen
    is drawn in device pixels, which the device pixel ratio does not scale)."""
    restore = []
    for get, put in _pen_holders(scene):
        pen = QPen(pg.mkPen(get()))
        restore.append((put, QPen(pen)))
        pen.setWidthF(max(pen.widthF(), 1.0) * scale)
        put(pen)
    try:
        yield
    finally:
        for put, pen in reversed(restore):
            put(pen)


@contextmanager
def _uncached(scene):
    """No item draws from a screen-resolution pixmap cache while the image is painted."""
    cached = [(i, i.cacheMode()) for i in scene.items() if i.cacheMode() != i.CacheMode.NoCache]
    for item, _mode in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield
    finally:
        for item, mode in cached:
            item.setCacheMode(mode)


@contextmanager
def export_layout(plot, width: int, dpi: int):
    """Lay ``plot`` out as it is exported ``width`` px wide at ``dpi``; yields the scale
    (image pixels per logical pixel). The chart goes back to its own size afterwards."""
    scale = export_scale(width, dpi)
    logical_w = width / scale
    old_size = plot.size()
    hover = plot.hover.isVisible(), plot.cursor.isVisible()
    plot.hover.hide()
    plot.cursor.hide()
    plot.resize(round(logical_w), round(logical_w * ASPECT))
    for _ in range(3):  # the legend re-wraps to the new width, which lays the chart out again
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    plot.settle()
    try:
        yield scale
    finally:
        plot.resize(old_size)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        plot.hover.setVisible(hover[0])
        plot.cursor.setVisible(hover[1])


def render_chart(plot, width: int, dpi: int, background: str | None = None) -> QImage:
    """``plot`` (a TradeoffPlot) as an image ``width`` px wide, laid out and scaled by
    :func:`export_scale`."""
    with export_layout(plot, width, dpi) as scale:
        logical = QRectF(0, 0, plot.width(), plot.height())
        image = QImage(width, max(1, round(logical.height() * scale)), QImage.Format.Format_ARGB32)
        image.fill(QColor(background or plot.backgroundBrush().color()))
        image.setDevicePixelRatio(scale)
        scene = plot.scene()
        source = plot.mapToScene(plot.viewport().rect()).boundingRect()
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            with _widened_lines(scene, scale), _uncached(scene):
                scene.render(painter, logical, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        finally:
            painter.end()
    image.setDevicePixelRatio(1.0)
    return image
