"""Every keyboard shortcut of the window, read from its real QActions (so the list in Help
can never drift from what the keys do), grouped by the menu that holds each action."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtGui import QAction, QKeySequence

EXTRA_KEYS = (
    ("Knobs", "Arrows, Page Up / Page Down", "move the focused knob a step or a page"),
    ("Knobs", "Enter", "apply the value typed in a field"),
    ("Presentation", "Space", "pause or resume the tour"),
    ("Presentation", "Right or Page Down / Left or Page Up", "step forward / back"),
    ("Presentation", "Esc", "leave the tour and put your scenario back"),
    ("Dialogs", "Esc", "close a dialog or the first-run guide"),
)
"""Keys handled by widgets rather than window actions: (where, keys, what they do)."""


@dataclass(frozen=True)
class Shortcut:
    """One action's keys: ``menu`` (``"View"``), ``action`` (its text without ``&``),
    ``keys`` (as the platform writes them: ``"Ctrl+Shift+T"``)."""

    menu: str
    action: str
    keys: tuple[str, ...]


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


def window_shortcuts(window) -> list[Shortcut]:
    """Each action of the window's menus (and submenus) that has a shortcut, in menu order."""
    found: list[Shortcut] = []

    def walk(menu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), path)
                continue
            keys = tuple(  # (a platform may map two bindings to the same keys)
                dict.fromkeys(
                    k.toString(QKeySequence.SequenceFormat.NativeText)
                    for k in action.shortcuts()
                    if not k.isEmpty()
                )
            )
            if keys and not action.isSeparator():
                found.append(Shortcut(path, _plain(action.text()), keys))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), _plain(top.text()))
    return found


def bound_actions(window) -> list[QAction]:
    """Every QAction of the window that has a shortcut (for checking the list above)."""
    return [a for a in window.findChildren(QAction) if any(not k.isEmpty() for k in a.shortcuts())]


def shortcuts_html(window) -> str:
    """The keyboard page: one table row per shortcut, then the widgets' own keys."""
    rows = "".join(
        f"<tr><td><b>{escape(' or '.join(s.keys))}</b></td><td>{escape(s.action)}</td>"
        f"<td>{escape(s.menu)}</td></tr>"
        for s in window_shortcuts(window)
    )
    extra = "".join(
        f"<tr><td><b>{escape(keys)}</b></td><td>{escape(what)}</td><td>{escape(where)}</td></tr>"
        for where, keys, what in EXTRA_KEYS
    )
    head = "<tr><th align='left'>Keys</th><th align='left'>Does</th><th align='left'>Menu</th></tr>"
    return (
        "<h2>Keyboard</h2><p>Every shortcut of the window, read from its menus.</p>"
        f"<table cellpadding='3'>{head}{rows}</table>"
        f"<h3>Keys inside widgets</h3><table cellpadding='3'>{extra}</table>"
    )
