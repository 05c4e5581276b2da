"""Chart images and chart data, from the same Analysis the window draws.

PNG and SVG come from pyqtgraph's exporters; every file is written atomically, and an
existing file is only replaced when the caller says so (``force``).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

import pyqtgraph.exporters as pg_exporters
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from whatif.engine.atomic_write import atomic_write_bytes, atomic_write_text
from whatif.engine.tables import chart_csv

from .render import render_chart

DEFAULT_WIDTH = 1600
"""PNG width when none is chosen [px]."""
DEFAULT_DPI = 150
FORMATS = ("png", "svg")
MIN_WIDTH, MAX_WIDTH = 200, 10000
"""PNG widths offered [px]: below 200 a chart is unreadable (and pyqtgraph fails at 0 or
1); 10,000 px is a poster at 300 dpi and ~0.3 GB of pixels while it is drawn."""
MIN_DPI, MAX_DPI = 50, 1200
"""Resolutions offered [dots per inch]: the width sets the pixels, the DPI how large text,
markers and lines are drawn in them (see :func:`gui.export.render.export_scale`)."""
MIN_SIDE, MAX_SIDE = 200, 8192
MAX_PIXELS = 7680 * 4320
"""A window screenshot: each side 200 to 8,192 px, at most an 8K screen's pixels (the
window's drawing takes ~12 bytes a pixel: 0.4 GB)."""


def png_size_problems(width: int, dpi: int) -> list[tuple[str, str]]:
    """``(option, message)`` for a PNG width or resolution out of range (none when fine)."""
    problems = []
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        problems.append(("--width", f"must be {MIN_WIDTH} to {MAX_WIDTH:,} pixels (got {width})"))
    if not MIN_DPI <= dpi <= MAX_DPI:
        problems.append(("--dpi", f"must be {MIN_DPI} to {MAX_DPI:,} dots per inch (got {dpi})"))
    return problems


def screenshot_size_problem(width: int, height: int) -> str | None:
    """Why a window of ``width`` x ``height`` is not rendered (None when it can be)."""
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        return f"each side must be {MIN_SIDE} to {MAX_SIDE:,} pixels (got {width}x{height})"
    if width * height > MAX_PIXELS:
        return f"at most {MAX_PIXELS:,} pixels, an 8K screen (got {width}x{height})"
    return None


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
    """The chart as PNG bytes, ``width`` pixels wide, tagged with ``dpi`` (both within
    :func:`png_size_problems`' bounds, else ValueError); text, markers and lines are sized
    for that DPI, in the proportions of the window."""
    problems = png_size_problems(int(width), int(dpi))
    if problems:
        raise ValueError("; ".join(f"{option}: {text}" for option, text in problems))
    image: QImage = render_chart(plot, int(width), int(dpi))
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

    Nothing is written if any target exists and ``force`` is not set. All or nothing: when
    a write fails (a full disk, a read-only folder), the files this call created are
    removed again before the error goes on, so a rerun does not need ``force``.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    targets = chart_files(folder, fmt, data)
    check_free(targets, force)
    existed = {p for p in targets if p.exists()}
    written = []
    try:
        for chart in CHARTS:
            path = folder / f"{chart.file_stem}.{fmt}"
            written.append(save_chart(plots[chart.key], path, fmt, width, dpi, force=True))
            if data:
                csv_path = folder / f"{chart.file_stem}.csv"
                written.append(save_chart_data(analysis, chart, csv_path))
    except BaseException:
        for path in written:
            if path not in existed:
                path.unlink(missing_ok=True)
        raise
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
