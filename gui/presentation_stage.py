"""The window made into a presenter's screen, and put back exactly as it was.

While presenting: full screen, no menu bar, status bar, dock widgets or tab bar, so the
KPI cards and the charts take the whole screen; the caption is a band in the layout below
the charts, so it never covers data. On leave, the window state (normal, maximised or full
screen), its geometry, the docks' visibility and geometry, the bars, the tab and the
keyboard focus come back as they were.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget


class Stage:
    """Sets ``window`` (a MainWindow) up for presenting with ``caption`` as its caption band."""

    def __init__(self, window, caption: QWidget):
        self.window = window
        self.caption = caption
        self._saved: dict | None = None

    def enter(self) -> None:
        w = self.window
        self._saved = {
            "state": w.windowState(),
            "geometry": w.geometry(),
            "docks": w.saveState(),
            "menu": not w.menuBar().isHidden(),
            "status": not w.statusBar().isHidden(),
            "tab_bar": not w.tabs.tabBar().isHidden(),
            "tab": w.tabs.currentIndex(),
            "focus": QApplication.focusWidget(),
        }
        for dock in w.findChildren(QDockWidget):
            dock.hide()
        w.menuBar().hide()
        w.statusBar().hide()
        w.tabs.setCurrentIndex(w.tabs.indexOf(w.plots))
        w.tabs.tabBar().hide()
        w.centre_layout.addWidget(self.caption)
        self.caption.show()
        w.showFullScreen()
        w.setFocus(Qt.FocusReason.OtherFocusReason)  # not a hidden knob

    def leave(self) -> None:
        saved, self._saved = self._saved, None
        if saved is None:
            return
        w = self.window
        self.caption.hide()
        w.centre_layout.removeWidget(self.caption)
        state = saved["state"]
        if state & Qt.WindowState.WindowFullScreen:
            w.showFullScreen()
        elif state & Qt.WindowState.WindowMaximized:
            w.showMaximized()
        else:
            w.showNormal()
            w.setGeometry(saved["geometry"])  # (restoreGeometry would shrink it to the screen)
        w.restoreState(saved["docks"])  # each dock's visibility, area and size
        w.menuBar().setVisible(saved["menu"])
        w.statusBar().setVisible(saved["status"])
        w.tabs.tabBar().setVisible(saved["tab_bar"])
        w.tabs.setCurrentIndex(saved["tab"])
        focus = saved["focus"]
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
