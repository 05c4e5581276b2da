"""Chart images and chart data, from the same Analysis the window draws.

PNG and SVG come from pyqtgraph's exporters; every file is written atomically, and an
existing file is only replaced when the caller says so (``force``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyqtgraph.exporters as pg_exporters
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from whatif.engine.atomic_write import atomic_write_bytes, atomic_write_text
from whatif.engine.tables import chart_csv

DEFAULT_WIDTH = 1600
"""PNG width when none is chosen [px]."""
DEFAULT_DPI = 150
FORMATS = ("png", "svg")


@dataclass(frozen=True)
class ChartInfo:
    """How a chart is named in files and which Analysis field feeds it."""

    key: str
    file_stem: str
    analysis_field: str


CHARTS = (
    ChartInfo("cumulative", "1_cumulative_cost", "timeline"),
    ChartInfo("volume", "2_yearly_cost_vs_volume", "volume"),
    ChartInfo("pruning", "3_pruning_tradeoff", "pruning"),
    ChartInfo("retraining", "4_retraining_tradeoff", "retraining"),
    ChartInfo("latency", "5_latency_vs_load", "load"),
    ChartInfo("heatmap", "6_training_share_heatmap", "heatmap"),
)


class ExistsError(FileExistsError):
    """A target file exists and overwriting was not allowed."""


def _exportable(plot):
    # The heatmap's central item is a layout holding the plot and its colour bar.
    return plot.centralWidget


def chart_png(plot, width: int = DEFAULT_WIDTH, dpi: int = DEFAULT_DPI) -> bytes:
    """The chart as PNG bytes, ``width`` pixels wide, tagged with ``dpi``."""
    exporter = pg_exporters.ImageExporter(_exportable(plot))
    exporter.parameters()["width"] = int(width)
    image: QImage = exporter.export(toBytes=True)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def chart_svg(plot) -> bytes:
    """The chart as SVG bytes (vector: sharp at any size in a slide or a paper)."""
    exporter = pg_exporters.SVGExporter(_exportable(plot))
    result = exporter.export(toBytes=True)
    data = result if isinstance(result, bytes) else bytes(result)
    # Let viewers smooth the heatmap's coarse grid, as the window does.
    return data.replace(b'image-rendering="optimizeSpeed"', b'image-rendering="auto"')


def check_free(paths: list[Path], force: bool) -> None:
    """Raise :class:`ExistsError` naming the files that would be overwritten."""
    existing = [str(p) for p in paths if p.exists()]
    if existing and not force:
        raise ExistsError("exists (use --force to replace): " + ", ".join(existing))


def save_chart(
    plot,
    path: str | Path,
    fmt: str | None = None,
    width: int = DEFAULT_WIDTH,
    dpi: int = DEFAULT_DPI,
    force: bool = False,
) -> Path:
    """Write one chart to ``path`` (format from ``fmt`` or the suffix)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format '{fmt}' (known: {', '.join(FORMATS)})")
    check_free([path], force)
    data = chart_png(plot, width, dpi) if fmt == "png" else chart_svg(plot)
    atomic_write_bytes(path, data)
    return path


def export_all(
    plots: dict,
    analysis,
    folder: str | Path,
    fmt: str = "png",
    width: int = DEFAULT_WIDTH,
    dpi: int = DEFAULT_DPI,
    data: bool = True,
    force: bool = False,
) -> list[Path]:
    """Every chart (and, with ``data``, its CSV) into ``folder``; returns the files written.

    Nothing is written if any target exists and ``force`` is not set.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    check_free(chart_files(folder, fmt, data), force)
    written = []
    for chart in CHARTS:
        written.append(
            save_chart(
                plots[chart.key], folder / f"{chart.file_stem}.{fmt}", fmt, width, dpi, force=True
            )
        )
        if data:
            written.append(save_chart_data(analysis, chart, folder / f"{chart.file_stem}.csv"))
    return written


def chart_files(folder: Path, fmt: str, data: bool) -> list[Path]:
    """The files :func:`export_all` writes into ``folder``."""
    names = [f"{c.file_stem}.{fmt}" for c in CHARTS]
    if data:
        names += [f"{c.file_stem}.csv" for c in CHARTS]
    return [Path(folder) / name for name in names]


def save_chart_data(analysis, chart, path: str | Path) -> Path:
    """Write the data behind ``chart`` (a :data:`CHARTS` entry) as CSV to ``path``."""
    atomic_write_text(path, chart_csv(getattr(analysis, chart.analysis_field)))
    return Path(path)
