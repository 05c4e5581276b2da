"""Training's share of the lifetime cost over query volume x retraining frequency."""

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


class HeatmapPlot(TradeoffPlot):
    title_text = "Training share of lifetime cost"

    def __init__(self, parent=None):
        super().__init__("heatmap_plot", parent)
        self.set_axes("Query volume (queries/day)", None, "Retrains per year", None)
        self.getPlotItem().getAxis("bottom").setLogMode(True, False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.getPlotItem().addItem(self.image)
        self.colorbar = pg.ColorBarItem(
            values=(0, 1),
            colorMap=pg.colormap.get("CET-D1"),
            interactive=False,
            width=10,
            orientation="horizontal",
            label="training share",
        )
        self.colorbar.setImageItem(self.image)
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
            share = d["training_share"].T  # rows: retrains, columns: volume
            # Bilinear between the evaluated points, so the window, PNG, SVG and PDF all show
            # the continuous surface the coarse grid samples (and the engine stays cheap).
            smooth = ndimage.zoom(share, UPSAMPLE, order=1)
            self.image.setImage(smooth, levels=(0, 1), autoLevels=False)
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
            f"training share {percent(float(d['training_share'][i, j]), 0)}"
        )
