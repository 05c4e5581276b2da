"""Charts rendered without a window: for the command line and reports."""

from __future__ import annotations

from whatif.engine import Scenario

from ..analysis import Analysis, analyse

CHART_SIZE = (900, 560)
"""Logical size each chart is laid out at before export [px]; exports scale it."""


def render_charts(scenario: Scenario, theme_name: str = "light"):
    """``(plots_by_key, analysis)`` for ``scenario``, drawn offscreen (a QApplication must
    exist; :func:`gui.app.ensure_app` makes an offscreen one)."""
    from PySide6.QtWidgets import QApplication

    from ..plots.grid import PlotGrid
    from ..theme import THEMES, apply_theme

    app = QApplication.instance()
    apply_theme(app, THEMES[theme_name])
    grid = PlotGrid()
    grid.apply_theme(THEMES[theme_name])
    analysis: Analysis = analyse(scenario)
    for plot in grid.plots.values():
        plot.setParent(None)
        plot.resize(*CHART_SIZE)
        plot.show()
    app.processEvents()
    grid.update_from(analysis)
    app.processEvents()
    return grid.plots, analysis
