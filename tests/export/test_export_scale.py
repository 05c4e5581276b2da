"""Exported charts read on a slide and on paper (issue 15 item 5): text, markers and lines
scale together with the export's width and DPI; the PDF keeps each heading with its chart."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import numpy as np
import pytest
from PySide6.QtGui import QFontMetricsF, QImage

from tests.helpers import demo
from whatif.gui.export.charts import CHARTS, chart_png
from whatif.gui.export.offscreen import render_charts
from whatif.gui.export.render import export_layout, export_scale
from whatif.gui.export.report import CAPTIONS, TITLES, write_pdf_report


@pytest.fixture(scope="module")
def rendered(qapp):
    return render_charts(demo())


def pixels(png: bytes) -> np.ndarray:
    image = QImage.fromData(png).convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)
    return data[..., 2::-1].astype(int)  # RGB


@pytest.mark.parametrize("width", [800, 3200])
def test_legend_and_tick_text_keep_their_ratio(rendered, width):
    plots, _analysis = rendered
    for chart in CHARTS:
        plot = plots[chart.key]
        if not plot.legend.items:
            continue
        with export_layout(plot, width, 150) as scale:
            legend_px = max(
                label.item.sceneBoundingRect().height() for _, label in plot.legend.items
            )
            legend_px *= scale
            axis = plot.getPlotItem().getAxis("bottom")
            tick_px = QFontMetricsF(axis.style["tickFont"] or axis.font()).height() * scale
            title_px = plot.getPlotItem().titleLabel.item.sceneBoundingRect().height() * scale
        assert 0.7 <= legend_px / tick_px <= 1.4, (chart.key, width, legend_px, tick_px)
        assert legend_px >= 14  # readable: at least 14 image px for 8 pt at 150 dpi
        assert title_px >= legend_px


@pytest.mark.parametrize("width", [800, 1600, 3200])
def test_curve_lines_and_the_marker_grow_with_the_export(rendered, width):
    plots, _analysis = rendered
    plot = plots["volume"]
    image = pixels(chart_png(plot, width, 150))
    scale = export_scale(width, 150)
    # The training curve is a flat line (blue); its thickness in a middle column.
    column = image[:, width // 2]
    blue = np.flatnonzero((column[:, 2] > column[:, 0] + 60) & (column[:, 2] > 150))
    assert blue.size, "no training line found"
    thickness = blue.max() - blue.min() + 1
    assert thickness >= round(2 * scale) - 1, (width, thickness, scale)
    # The "you are here" star: its pink pixels span about 12 logical px.
    pink = np.argwhere((image[..., 0] > 180) & (image[..., 1] < 90) & (image[..., 2] > 80))
    assert pink.size
    marker = plot.here.sceneBoundingRect().width() * scale
    assert marker >= 12 * scale - 1


def test_scale_follows_dpi_within_bounds():
    assert export_scale(1600, 150) == pytest.approx(150 / 96)
    assert export_scale(800, 150) == pytest.approx(150 / 96)
    assert export_scale(3200, 150) == pytest.approx(3200 / 1280)  # not a poster of specks
    assert export_scale(200, 1200) == pytest.approx(200 / 480)  # not too narrow to lay out


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")
def test_each_chart_heading_shares_its_page_with_its_chart(rendered, tmp_path):
    plots, analysis = rendered
    pngs = {c.key: chart_png(plots[c.key], 1000, 150) for c in CHARTS}
    path = write_pdf_report(demo(), analysis.results, pngs, tmp_path / "r.pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = unicodedata.normalize("NFKC", text)  # the PDF's ligatures (ff, fi) as letters
    pages = [" ".join(page.split()) for page in text.split("\f")]
    for chart in CHARTS:
        title = TITLES[chart.key]
        caption = " ".join(CAPTIONS[chart.key].split()[:6])  # printed after the image
        holding = [i for i, page in enumerate(pages) if f"{title} " in page + " "]
        heading_pages = [i for i in holding if caption in pages[i]]
        assert heading_pages, f"'{title}' is not on the page of its chart and caption"
