"""A chart's legend in a row of its own between the title and the data area.

A legend inside the data area covers curves at some size and is cut at the view's edge in a
narrow chart ("Training + servin"). Above the data it covers nothing; it wraps into as many
columns as the chart's width holds, so every name is shown whole.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QSizePolicy

HORIZONTAL_SPACING = 14
"""Gap between two legend entries in a row [logical px]."""
TOGGLE_TIP = "Click to hide or show this curve"


class CompactSample(pg.ItemSample):
    """A legend key 12 px high instead of 20: the legend row takes less of a short chart."""

    HEIGHT = 12

    def __init__(self, item):
        super().__init__(item)
        self.setFixedHeight(self.HEIGHT)

    def boundingRect(self):  # noqa: N802 - Qt's name
        return QRectF(0, 0, 20, self.HEIGHT)

    def paint(self, p, *args):
        p.translate(0, (self.HEIGHT - 20) / 2)  # pyqtgraph draws the key in a 20 px box
        super().paint(p, *args)


class LegendRow(pg.LegendItem):
    """The legend of ``plot_item``, laid out in the plot's top row (where the hidden top axis
    sits), left-aligned with the data area, re-wrapped whenever the chart's width or the
    entries change."""

    def __init__(self, plot_item: pg.PlotItem, text_size: str = "8pt"):
        super().__init__(
            offset=None,
            labelTextSize=text_size,
            horSpacing=HORIZONTAL_SPACING,
            verSpacing=0,
            sampleType=CompactSample,
        )
        self.plot_item = plot_item
        plot_item.legend = self  # pyqtgraph's helpers (and RightAxis) add entries through it
        layout = plot_item.layout
        layout.removeItem(plot_item.getAxis("top"))  # never shown on these charts
        layout.addItem(self, 1, 1)
        layout.setAlignment(self, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        # Never let the legend's own width widen the chart: it wraps instead.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(0)
        self._width = 0.0
        plot_item.vb.sigResized.connect(lambda *_a: self.refit())

    def addItem(self, item, name):  # noqa: N802 - pyqtgraph's name
        super().addItem(item, name)
        sample, label = self.items[-1]
        label.item.document().setDocumentMargin(1)  # rows as tall as the text, no more
        # A click on the key hides or shows the curve (pyqtgraph's toggle, kept: the hover
        # read-out skips hidden curves); say so, and let a click on the name do the same.
        sample.setToolTip(TOGGLE_TIP)
        label.setToolTip(TOGGLE_TIP)
        label.mouseClickEvent = sample.mouseClickEvent
        label.updateMin()
        self.refit(force=True)

    def removeItem(self, item):  # noqa: N802 - pyqtgraph's name
        super().removeItem(item)
        self.refit(force=True)

    def available_width(self) -> float:
        """The data area's width [logical px]: what one row of entries may take."""
        return float(self.plot_item.vb.width())

    def refit(self, force: bool = False) -> None:
        """Use the most columns whose row fits the data area's width."""
        width = self.available_width()
        if width <= 0 or (not force and abs(width - self._width) < 0.5):
            return
        self._width = width
        count = len(self.items)
        if count == 0:
            self.updateSize()
            return
        samples = [sample.boundingRect().width() for sample, _label in self.items]
        labels = [label.item.boundingRect().width() for _sample, label in self.items]
        for columns in range(count, 0, -1):
            # The layout's columns alternate key, name; the spacing sits between every two.
            needed = sum(max(samples[c::columns]) + max(labels[c::columns]) for c in range(columns))
            if needed + HORIZONTAL_SPACING * (2 * columns - 1) <= width:
                break
        while True:  # the layout's own width is the judge (it adds margins of its own)
            if columns != self.columnCount:
                self.columnCount = 0  # setColumnCount skips an unchanged count: rebuild
                self.setColumnCount(columns)
            self.layout.invalidate()
            if (
                columns == 1
                or self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize).width() <= width
            ):
                break
            columns -= 1
        # As wide as its entries, so they sit packed at the left, not spread over the row.
        self.setMaximumWidth(self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize).width())
        self.updateGeometry()

    def updateSize(self):  # noqa: N802 - pyqtgraph's name
        """The row's height follows its entries (a parent layout sets the width)."""
        self.layout.invalidate()
        self.updateGeometry()
