"""Training's share of the lifetime cost over query volume x retraining frequency.

The colour is the share's log odds, ``log10(training / serving)``: a step of colour per
factor of ten. Blue is serving's side, red training's, white their parity. The colour bar
spans the log odds the chart holds, so a demo whose training is 0.001% to 0.1% of the cost
everywhere (most demos: one flat blue on a linear share scale) shows where retraining and
volume move it; the bar's labels say how small it stays.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from scipy import ndimage

from ..formatting import percent, si
from ..widgets.knobs import retrain_label
from .base import TradeoffPlot
from .marker import Marker

UPSAMPLE = 4
"""Display samples per evaluated point along each axis."""

MAX_TICKS = 4
"""Labels like "0.0001%" fit four abreast under a chart a third of a 1280-pixel window wide."""

LOW_PERCENTILE = 5.0
"""The colour bar starts at this percentile of the chart's log odds."""

LOG_ODDS_LIMIT = 8.0
"""Colours stop at ``log10(training / serving) = ±8``: a share of 0.000001% or its mirror."""

ONE_SIDED_END = 0.42
"""How far toward white a one-sided chart's colours go [fraction of the diverging map]: the
largest share on an all-blue chart is light blue, never the white of parity."""

BASE_MAP = pg.colormap.get("CET-D1")


def log_odds(share) -> np.ndarray:
    """``log10(share / (1 - share))``, clipped to ±LOG_ODDS_LIMIT (0 and 1 included)."""
    s = np.clip(np.asarray(share, dtype=float), 0.0, 1.0)
    with np.errstate(divide="ignore"):
        odds = np.log10(s) - np.log10(1.0 - s)
    return np.clip(np.nan_to_num(odds, nan=0.0), -LOG_ODDS_LIMIT, LOG_ODDS_LIMIT)


def colour_range(odds: np.ndarray) -> tuple[float, float]:
    """Log odds from the 5th percentile of the data to their largest (at least half a
    decade), a tenth wider each way: the few cells of a far corner (a fleet for 10^10
    queries a day) do not wash out the colours of the rest; they take the deepest colour."""
    lo, hi = float(np.percentile(odds, LOW_PERCENTILE)), float(np.max(odds))
    if hi - lo < 0.5:
        middle = (lo + hi) / 2.0
        lo, hi = middle - 0.25, middle + 0.25
    pad = 0.1 * (hi - lo)  # room for the end ticks' labels
    return lo - pad, hi + pad


def colour_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Ticks at the whole decades inside ``lo``..``hi`` (half decades if fewer than two),
    at most MAX_TICKS, labelled with their training share."""
    for step in (1.0, 0.5):
        values = np.arange(math.ceil(lo / step) * step, hi + 1e-9, step)
        if len(values) >= 2:
            break
    every = max(1, math.ceil(len(values) / MAX_TICKS))  # thinned on multiples: 50% stays
    values = [v for v in values if round(v / step) % every == 0]
    return [(float(v), share_label(float(v))) for v in values]


def colour_map(lo: float, hi: float) -> pg.ColorMap:
    """The part of the blue-white-red map for log odds ``lo`` to ``hi``: both sides to scale
    when the range holds parity, else one side from its deep end to a light tint."""
    if hi <= 0:
        a, b = 0.0, ONE_SIDED_END
    elif lo >= 0:
        a, b = 1.0 - ONE_SIDED_END, 1.0
    else:
        half = max(-lo, hi)
        a, b = 0.5 - 0.5 * -lo / half, 0.5 + 0.5 * hi / half
    stops = np.linspace(0.0, 1.0, 33)
    return pg.ColorMap(stops, BASE_MAP.map(a + (b - a) * stops, mode="qcolor"))


def share_label(odds: float) -> str:
    """A tick's training share: ``0.01%``, ``0.032%``, ``9%``, ``50%``, ``99.9%``."""
    share = 1.0 / (1.0 + 10.0**-odds)
    if odds >= 2:  # the serving share, 1 - share, to the figures it needs
        figures = max(0, math.ceil(odds - 2 - 1e-9))
        return f"{100 * share:.{figures}f}%"
    return percent(share, 0)


class HeatmapPlot(TradeoffPlot):
    title_text = "Training share of lifetime cost"

    def __init__(self, parent=None):
        super().__init__("heatmap_plot", parent)
        self.set_axes("Query volume (queries/day)", None, "Retrains per year", None)
        self.getPlotItem().getAxis("bottom").setLogMode(True, False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.getPlotItem().addItem(self.image)
        self.colorbar = pg.ColorBarItem(
            values=(-1.0, 0.0),
            colorMap=colour_map(-1.0, 0.0),
            interactive=False,
            width=10,
            orientation="horizontal",
            label="training share (log scale)",
        )
        self.colorbar.setImageItem(self.image)
        self.levels = (-1.0, 0.0)
        # The bar in a row of its own under the plot, where its tick labels have room.
        layout = pg.GraphicsLayout()
        self.setCentralItem(layout)
        layout.addItem(self.getPlotItem(), 0, 0)
        layout.addItem(self.colorbar, 1, 0)
        layout.layout.setContentsMargins(0, 0, 4, 0)
        self.here = Marker("star", 12)
        self.getPlotItem().vb.addItem(self.here, ignoreBounds=True)
        self.legend.hide()
        self._data: dict | None = None
        self.getPlotItem().vb.disableAutoRange()

    def set_overlays(self, pins) -> None:
        """Pinned scenarios as labelled points on the surface (a surface cannot overlay)."""
        for item in getattr(self, "_pin_items", []):
            self.getPlotItem().removeItem(item)
        self._pin_items = []
        for pin in pins:
            volume = float(pin.scenario.inference.queries_per_day)
            if volume <= 0:
                continue
            x, y = math.log10(volume), float(pin.scenario.training.retrains_per_year)
            marker = Marker("o", 9)
            marker.set_style("#ffffff", "#000000")
            marker.set_point(x, y)
            label = pg.TextItem(pin.label, color="#000000", anchor=(-0.3, 1.0))
            label.setPos(x, y)
            for item in (marker, label):
                self.getPlotItem().addItem(item, ignoreBounds=True)
                self._pin_items.append(item)

    def style_curves(self, theme) -> None:
        self.here.set_style("#ffffff", "#000000")
        axis = self.colorbar.axis
        axis.setPen(theme.plot_foreground)
        axis.setTextPen(theme.plot_foreground)

    def update_from(self, analysis) -> None:
        d = analysis.heatmap
        if self.is_new(d):
            self._data = d
            odds = log_odds(d["training_share"]).T  # rows: retrains, columns: volume
            # Bilinear between the evaluated points, so the window, PNG, SVG and PDF all show
            # the continuous surface the coarse grid samples (and the engine stays cheap).
            smooth = ndimage.zoom(odds, UPSAMPLE, order=1)
            self.set_levels(colour_range(odds))
            self.image.setImage(smooth, levels=self.levels, autoLevels=False)
            lx = np.log10(d["queries_per_day"])
            f = d["retrains_per_year"]
            self.image.setRect(QRectF(lx[0], f[0], lx[-1] - lx[0], f[-1] - f[0]))
            self.getPlotItem().setRange(xRange=(lx[0], lx[-1]), yRange=(f[0], f[-1]), padding=0.0)
        volume = float(analysis.scenario.inference.queries_per_day)
        retrains = float(analysis.scenario.training.retrains_per_year)
        if volume > 0:
            self.here.set_point(math.log10(volume), retrains)
        else:
            self.here.clear()

    def set_levels(self, levels: tuple[float, float]) -> None:
        """Colour the log odds ``levels`` span, the bar ticked with training shares."""
        if levels == self.levels:
            return
        self.levels = levels
        lo, hi = levels
        self.colorbar.setColorMap(colour_map(lo, hi))
        self.colorbar.setLevels(levels)
        self.colorbar.axis.setTicks([colour_ticks(lo, hi), []])

    def readout_text_at(self, view_x: float, view_y: float) -> str:
        """Volume, cadence and training share under the pointer (no cursor line)."""
        if self._data is None:
            return ""
        text = self.readout_at(view_x, view_y)
        self.show_hover_text(text)
        return text

    def readout_at(self, log_volume: float, retrains: float) -> str:
        d = self._data
        i = int(np.clip(np.argmin(np.abs(np.log10(d["queries_per_day"]) - log_volume)), 0, None))
        j = int(np.argmin(np.abs(d["retrains_per_year"] - retrains)))
        return (
            f"{si(float(d['queries_per_day'][i]), 'queries/day')}, "
            f"{retrain_label(float(d['retrains_per_year'][j]))}\n"
            f"training share {percent(float(d['training_share'][i, j]), 1)}"
        )
