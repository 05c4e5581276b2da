"""A second y axis on the right of a PlotItem, sharing its x axis (pyqtgraph's pattern)."""

from __future__ import annotations

import pyqtgraph as pg


class RightAxis:
    """A ViewBox drawn over ``plot_item``'s, with its own y range on the right axis."""

    def __init__(self, plot_item: pg.PlotItem, label: str, units: str | None = None):
        self.plot_item = plot_item
        self.view = pg.ViewBox()
        plot_item.showAxis("right")
        plot_item.scene().addItem(self.view)
        plot_item.getAxis("right").linkToView(self.view)
        plot_item.getAxis("right").setLabel(label, units=units)
        plot_item.getAxis("right").enableAutoSIPrefix(units is not None)
        self.view.setXLink(plot_item)
        plot_item.vb.sigResized.connect(self._sync_geometry)
        self._sync_geometry()

    def _sync_geometry(self) -> None:
        self.view.setGeometry(self.plot_item.vb.sceneBoundingRect())
        self.view.linkedViewChanged(self.plot_item.vb, self.view.XAxis)

    def add(self, item, legend_name: str | None = None) -> None:
        self.view.addItem(item)
        if legend_name and self.plot_item.legend is not None:
            self.plot_item.legend.addItem(item, legend_name)
