"""Light and dark looks: a Qt palette for the widgets and colours for the plots."""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from .focus_ring import FocusRingStyle


@dataclass(frozen=True)
class Theme:
    """Colours of one look (hex strings)."""

    name: str
    window: str
    base: str
    text: str
    muted: str
    plot_background: str
    plot_foreground: str
    grid_alpha: float
    training: str
    inference: str
    total: str
    quality: str
    accuracy: str
    latency: str
    marker: str
    warning: str
    ok: str
    card: str
    card_border: str
    highlight_row: str


LIGHT = Theme(
    name="light",
    window="#f4f5f7",
    base="#ffffff",
    text="#1d2330",
    muted="#5b6577",
    plot_background="#ffffff",
    plot_foreground="#2b3240",
    grid_alpha=0.18,
    training="#1f6fd1",
    inference="#e8590c",
    total="#2b2f38",
    quality="#8e44ad",
    accuracy="#2f9e44",
    latency="#c2255c",
    marker="#d6336c",
    warning="#c92a2a",
    ok="#2b8a3e",
    card="#ffffff",
    card_border="#d5d9e0",
    highlight_row="#fff3bf",
)
DARK = Theme(
    name="dark",
    window="#1e2127",
    base="#16181d",
    text="#e6e8ec",
    muted="#9aa3b2",
    plot_background="#16181d",
    plot_foreground="#cfd3da",
    grid_alpha=0.22,
    training="#5c9ded",
    inference="#ff922b",
    total="#e9ecef",
    quality="#c38fe0",
    accuracy="#69db7c",
    latency="#f783ac",
    marker="#ff6b9a",
    warning="#ff6b6b",
    ok="#69db7c",
    card="#262a31",
    card_border="#3a3f48",
    highlight_row="#4a4220",
)
THEMES = {"light": LIGHT, "dark": DARK}


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Give the whole application ``theme``'s palette (Fusion style, which honours it, with
    a 2 px focus ring in the highlight colour)."""
    if not isinstance(app.style(), FocusRingStyle):
        app.setStyle(FocusRingStyle())
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.window,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Highlight: theme.training,
        QPalette.ColorRole.HighlightedText: "#ffffff",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(theme.muted))
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(theme.muted)
    )
    app.setPalette(palette)
    pg.setConfigOptions(
        antialias=True, background=theme.plot_background, foreground=theme.plot_foreground
    )
