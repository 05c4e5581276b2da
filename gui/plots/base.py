"""Shared behaviour of the tradeoff charts: title, axes with units, legend, hover read-out.

Curves are created once and updated in place with ``setData``; nothing is rebuilt on a
redraw.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView

from ..theme import Theme
from .axis_label import relabel_only_on_change
from .grid_lines import GridLines
from .legend_row import LegendRow
from .steady_range import SteadyRange

# Curves take pyqtgraph's antialias option when they are made, and the window's charts are
# made before its look is applied (which sets the option too): without this the first
# window of a session drew every curve jagged.
pg.setConfigOptions(antialias=True)

Formatter = Callable[[float], str]


class TradeoffPlot(pg.PlotWidget):
    """A titled plot with a legend and a hover read-out of every registered curve."""

    title_text = ""

    legend_corner = "right"

    def __init__(self, object_name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setMinimumSize(240, 180)
        # One repaint of the changed items' bounding box per frame instead of many small
        # regions: measured 2-3 ms less per slider step over the six charts.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        item = self.getPlotItem()
        for axis in item.axes.values():
            relabel_only_on_change(axis["item"])
        item.setTitle(self.title_text)
        # The title spans the axes' columns too, so that its length never forces the view
        # (and a right-hand axis) wider than a narrow window leaves room for.
        item.layout.removeItem(item.titleLabel)
        item.layout.addItem(item.titleLabel, 0, 0, 1, 3)
        self.grid = GridLines(item)
        item.layout.setContentsMargins(2, 2, 12, 2)
        item.setMenuEnabled(False)
        item.hideButtons()
        self.legend = LegendRow(item)
        # Legends and titles rarely change: let Qt keep them as pixmaps instead of running
        # their Python paint code on every frame (about 2 ms per slider step in all).
        cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
        self.legend.setCacheMode(cached)
        item.titleLabel.setCacheMode(cached)
        self._readouts: list[tuple[str, pg.PlotDataItem, Formatter]] = []
        self._x_formatter: Formatter = lambda x: f"{x:g}"
        self.cursor = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen((128, 128, 128), style=Qt.PenStyle.DotLine)
        )
        self.cursor.setZValue(50)
        self.cursor.hide()
        self.hover = pg.TextItem(
            anchor=(0, 0), fill=pg.mkBrush(255, 255, 255, 215), color=(20, 20, 20)
        )
        self.hover.setZValue(100)
        self.hover.hide()
        item.addItem(self.cursor, ignoreBounds=True)
        item.addItem(self.hover, ignoreBounds=True)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._pointer: QPointF | None = None  # scene position of the pointer over the chart
        self._legend_yielded = False  # the legend is hidden to make room for the read-out
        self.theme: Theme | None = None

    # Construction helpers ----------------------------------------------------------------
    def set_axes(
        self,
        x_label: str,
        x_unit: str | None,
        y_label: str,
        y_unit: str | None,
        x_formatter: Formatter | None = None,
    ) -> None:
        item = self.getPlotItem()
        item.setLabel("bottom", x_label, units=x_unit)
        item.setLabel("left", y_label, units=y_unit)
        # Without a unit, SI prefixes would only rescale the ticks ("x1e+09"): keep numbers.
        item.getAxis("bottom").enableAutoSIPrefix(x_unit is not None)
        item.getAxis("left").enableAutoSIPrefix(y_unit is not None)
        if x_formatter:
            self._x_formatter = x_formatter

    def add_curve(
        self,
        name: str,
        formatter: Formatter,
        *,
        width: float = 2.0,
        style=Qt.PenStyle.SolidLine,
        readout: bool = True,
    ) -> pg.PlotCurveItem:
        """A curve in view coordinates (a log axis takes log10 data, see ``to_view``).

        A bare PlotCurveItem, not a PlotDataItem: its setData is several times cheaper,
        which counts on every slider step.
        """
        curve = pg.PlotCurveItem(connect="finite")
        self.getPlotItem().addItem(curve)
        self.legend.addItem(curve, name)
        curve.setProperty("style", style)
        curve.setProperty("width", width)
        if readout:
            self._readouts.append((name, curve, formatter))
        return curve

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackground(theme.plot_background)
        item = self.getPlotItem()
        for axis in ("left", "bottom", "right"):
            ax = item.getAxis(axis)
            ax.setPen(theme.plot_foreground)
            ax.setTextPen(theme.plot_foreground)
        self.set_title(self.title_text, theme.plot_foreground)
        self.legend.setLabelTextColor(theme.plot_foreground)
        for _sample, label in self.legend.items:
            label.setText(label.text, color=theme.plot_foreground)
        self.legend.setBrush(pg.mkBrush(None))
        self.legend.setPen(pg.mkPen(None))
        self.hover.fill = pg.mkBrush(theme.base + "e6")
        self.hover.setColor(theme.text)
        self.grid.set_colour(theme.plot_foreground)
        self.style_curves(theme)

    def style_curves(self, theme: Theme) -> None:
        """Colour the curves for ``theme`` (each plot knows its own)."""

    def set_title(self, text: str, colour=None) -> None:
        """Show ``text`` as the chart's title, wrapped to the chart's width when it is
        longer (a title's width would otherwise widen the chart past its cell)."""
        self.title_text = text
        label = self.getPlotItem().titleLabel
        label.setText(text, color=colour, size="10pt")
        self.fit_title()

    def fit_title(self) -> None:
        label = self.getPlotItem().titleLabel
        text = label.item
        text.setTextWidth(-1)
        left, _top, right, _bottom = self.getPlotItem().layout.getContentsMargins()
        room = self.width() - left - right - 2 * self.TITLE_MARGIN
        if text.boundingRect().width() > room > 0:
            text.setTextWidth(room)
            option = text.document().defaultTextOption()
            option.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            text.document().setDefaultTextOption(option)
        label.setMaximumHeight(1e6)  # pyqtgraph caps a title at 30 px; a cap bounds the minimum
        label.updateMin()
        label.setMaximumHeight(label.itemRect().height())
        label.resizeEvent(None)  # re-centre the text in the label
        label.updateGeometry()
        if self.centralWidget is not None:  # lay out again within the view's width
            self.centralWidget.setGeometry(self.range)

    TITLE_MARGIN = 8
    """Room left at each side of a wrapped title [logical px]."""

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if getattr(self, "plotItem", None) is not None:  # None while pyqtgraph builds it
            self.fit_title()
        super().resizeEvent(event)  # lays the chart out in the view, title fitted

    OVERLAY_STYLES = (
        (Qt.PenStyle.DashLine, "#0ca678"),
        (Qt.PenStyle.DotLine, "#f08c00"),
        (Qt.PenStyle.DashDotLine, "#7048e8"),
        (Qt.PenStyle.DashLine, "#e64980"),
        (Qt.PenStyle.DotLine, "#1098ad"),
        (Qt.PenStyle.DashDotLine, "#74b816"),
        (Qt.PenStyle.DashLine, "#f76707"),
        (Qt.PenStyle.DotLine, "#495057"),
    )

    def show_plan(self, x: float | None, label: str = "optimised") -> None:
        """A vertical marker at ``x`` (view coordinates) for an optimised plan; None hides."""
        line = getattr(self, "_plan_line", None)
        if line is None:
            line = self._plan_line = pg.InfiniteLine(
                angle=90,
                movable=False,
                pen=pg.mkPen("#2b8a3e", width=2, style=Qt.PenStyle.DashDotLine),
                label=label,
                labelOpts={"position": 0.92, "color": "#2b8a3e"},
            )
            line.setZValue(40)
            self.getPlotItem().addItem(line, ignoreBounds=True)
        if x is None:
            line.hide()
        else:
            line.setPos(x)
            line.show()

    def overlay_series(self, analysis) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """The ``(name, x, y)`` curves (data coordinates) that stand for a pinned scenario."""
        return []

    def set_overlays(self, pins) -> None:
        """Draw each pinned scenario's curves over this chart (``pins``: gui.comparison.Pin)."""
        for item in getattr(self, "_overlays", []):
            self.getPlotItem().removeItem(item)
            self.legend.removeItem(item)
        self._overlays = []
        for index, pin in enumerate(pins):
            style, colour = self.OVERLAY_STYLES[index % len(self.OVERLAY_STYLES)]
            for name, x, y in self.overlay_series(pin.analysis):
                curve = pg.PlotCurveItem(
                    connect="finite", pen=pg.mkPen(colour, width=1.6, style=style)
                )
                curve.setZValue(-5)
                self.getPlotItem().addItem(curve)
                self.legend.addItem(curve, f"{pin.label}: {name}")
                vx, vy = self.to_view(x, y)
                curve.setData(vx, np.where(np.isfinite(vy), vy, np.nan))
                self._overlays.append(curve)

    def is_new(self, data) -> bool:
        """True unless ``data`` is the very object drawn last time (an unchanged sweep: the
        analysis reuses it, and the chart then only moves its markers)."""
        if data is getattr(self, "_drawn", None):
            return False
        self._drawn = data
        return True

    def reset_ranges(self) -> None:
        """Let every steady range fit afresh on the next update."""
        for value in vars(self).values():
            if isinstance(value, SteadyRange):
                value.current = None
        self._drawn = None

    def settle(self) -> None:
        """Work out auto-ranges now, not inside the next paint.

        A range that changes during a paint schedules a second paint of the whole plot;
        settling it after ``setData`` keeps each slider step to one paint per plot.
        """
        for view in self.views():
            view.prepareForPaint()

    def views(self) -> list[pg.ViewBox]:
        """Every ViewBox of this plot (subclasses with a second axis add theirs)."""
        return [self.getPlotItem().vb]

    @staticmethod
    def pen(colour: str, width: float = 2.0, style=Qt.PenStyle.SolidLine):
        return pg.mkPen(colour, width=width, style=style)

    # Hover read-out ---------------------------------------------------------------------
    # The read-out follows the pointer: it goes when the pointer leaves the chart, and it is
    # recomputed from the new data (or hidden) whenever the chart is redrawn, so it never
    # shows numbers of a scenario that is no longer on screen.
    HOVER_MARGIN = 6
    """Gap [px] between the read-out and the edges of the data area or the legend."""

    def _on_mouse_moved(self, position) -> None:
        self._pointer = QPointF(position)
        self.refresh_readout()

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """The pointer left the chart: its read-out goes with it."""
        super().leaveEvent(event)
        self._pointer = None
        self.hide_readout()

    def hide_readout(self) -> None:
        self.cursor.hide()
        self.hover.hide()
        if self._legend_yielded:  # the legend made way for the read-out: it comes back
            self._legend_yielded = False
            self.legend.show()

    def refresh_readout(self) -> None:
        """Read out the data now drawn at the pointer's last position over this chart, or
        hide the read-out when the pointer is not over the data area."""
        vb = self.getPlotItem().vb
        pointer = self._pointer
        if pointer is None or not vb.sceneBoundingRect().contains(pointer):
            self.hide_readout()
            return
        point = vb.mapSceneToView(pointer)
        if not self.readout_text_at(point.x(), point.y()):
            self.hide_readout()

    def readout_text_at(self, view_x: float, view_y: float) -> str:
        """Show the read-out for the view point ``(view_x, view_y)``; returns its text ("" and
        nothing shown when there is nothing to read). Charts read at x (every curve there)."""
        if not self._readouts:
            return ""
        return self.show_readout(view_x)

    def log_axes(self) -> tuple[bool, bool]:
        item = self.getPlotItem()
        return item.ctrl.logXCheck.isChecked(), item.ctrl.logYCheck.isChecked()

    def to_view(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Data -> view coordinates: log10 on logarithmic axes (non-positive values hidden)."""
        log_x, log_y = self.log_axes()
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            if log_x:
                x = np.where(x > 0, np.log10(x), np.nan)
            if log_y:
                y = np.where(y > 0, np.log10(y), np.nan)
        return x, y

    def set_curve(self, curve: pg.PlotCurveItem, x, y) -> None:
        """Give ``curve`` data in data coordinates (converted for log axes)."""
        vx, vy = self.to_view(x, y)
        curve.setData(vx, vy)

    def curve_values(self, curve: pg.PlotCurveItem) -> tuple[np.ndarray, np.ndarray]:
        """The curve's data back in data coordinates."""
        log_x, log_y = self.log_axes()
        x, y = curve.xData, curve.yData
        return (10**x if log_x else x), (10**y if log_y else y)

    def show_readout(self, view_x: float) -> str:
        """Show the values of every curve at ``view_x`` (view coordinates); returns the text."""
        log_x, _ = self.log_axes()
        lines = [self._x_formatter(10**view_x if log_x else view_x)]
        for name, curve, formatter in self._readouts:
            if curve.xData is None or len(curve.xData) == 0 or not curve.isVisible():
                continue
            xs = curve.xData
            i = int(np.clip(np.searchsorted(xs, view_x), 0, len(xs) - 1))
            if i > 0 and abs(xs[i - 1] - view_x) < abs(xs[i] - view_x):
                i -= 1
            _, ys = (
                self.curve_values(curve)
                if curve.getViewBox() is self.getPlotItem().vb
                else (curve.xData, curve.yData)
            )
            lines.append(f"{name}: {formatter(float(ys[i]))}")
        text = "\n".join(lines)
        self.cursor.setPos(view_x)
        self.cursor.show()
        self.show_hover_text(text)
        return text

    def show_hover_text(self, text: str) -> None:
        """Show ``text`` in the read-out box, in a corner of the data area clear of the
        legend: the top corner opposite the legend if the box fits beside it, else a bottom
        corner. The box wraps its lines to stay inside a narrow chart."""
        self.hover.setText(text)
        vb = self.getPlotItem().vb
        area = vb.sceneBoundingRect()
        m = self.HOVER_MARGIN
        self.hover.setTextWidth(-1)
        if self.hover.textItem.boundingRect().width() > area.width() - 2 * m:
            self.hover.setTextWidth(max(area.width() - 2 * m, 40.0))  # wrap in a narrow chart
        size = self.hover.textItem.boundingRect().size()
        shown_legend = (self.legend.isVisible() or self._legend_yielded) and self.legend.items
        if shown_legend and size.height() > area.height() - 2 * m:
            # A short chart: the read-out may rise over the legend row above the data (the
            # legend makes way while the pointer stays).
            area = area.united(self.legend.sceneBoundingRect())
        legend = (
            self.legend.sceneBoundingRect().adjusted(-m, -m, m, m) if shown_legend else QRectF()
        )
        legend_left = self.legend_corner == "left"
        corners = [(legend_left, True), (legend_left, False), (not legend_left, False)]
        for right, top in corners:
            x = area.right() - m - size.width() if right else area.left() + m
            y = area.top() + m if top else area.bottom() - m - size.height()
            box = QRectF(x, y, size.width(), size.height())
            clear = legend.isNull() or not box.intersects(legend)
            if clear:
                break
        # No corner is clear in a small chart: the read-out, which names every curve, takes
        # the legend's place until the pointer leaves.
        if not clear:
            self._legend_yielded = True
            self.legend.hide()
        elif self._legend_yielded:
            self._legend_yielded = False
            self.legend.show()
        self.hover.setAnchor((0, 0))
        self.hover.setPos(vb.mapSceneToView(box.topLeft()))
        self.hover.show()
        self.hover.updateTransform()  # its pixel scale, stale if the view moved while hidden
