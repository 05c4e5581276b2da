"""Starting the window: ``create_window`` for tests and tools, ``run`` for people, and
``screenshot`` for documentation."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from whatif import engine
from whatif.engine.atomic_write import atomic_write_bytes
from whatif.engine.demos import DEMO_DIR

from .desktop import APP_ID, icon_path
from .settings import app_settings, config_problem, text_value

DEMO_SCENARIO = DEMO_DIR / "chatbot.yaml"


def ensure_app(offscreen: bool = False) -> QApplication:
    """The running QApplication, created if needed (offscreen when asked)."""
    app = QApplication.instance()
    if app is None:
        if offscreen:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication(sys.argv[:1])
        app.setApplicationName("whatif")
        app.setOrganizationName("whatif")
    if app.windowIcon().isNull():  # also on an application made elsewhere (tests, tools)
        # The window and taskbar icon; the desktop file name ties the running window to the
        # installed desktop entry (the Wayland app id) for its name and icon.
        app.setWindowIcon(QIcon(str(icon_path())))
        app.setDesktopFileName(APP_ID)
    return app


def create_window(scenario_path: str | os.PathLike | None = None, theme: str | None = None):
    """Build the main window (QApplication already running) without entering the event loop.

    With no path, the last scenario the user had open, else the bundled demo; when the
    last scenario no longer loads, the demo, and the window says why. A scenario shipped
    with the program (the demo on a first start) opens untitled: Ctrl+S asks where, and
    the shipped file is never written. A scenario given that cannot be read raises
    :class:`engine.InputError`. When the per-user folder cannot be used, the window runs
    without keeping settings or autosaves, and says so. What it said is in the window's
    ``start_notes`` (``run`` prints them on stderr).
    """
    from whatif.engine.scenario_io import read_scenario

    from .main_window import MainWindow

    ensure_app()
    problem = config_problem()
    profiles, errors = engine.load_profiles()
    settings = app_settings()
    notes = []
    loaded = None
    if scenario_path is None:
        scenario_path = DEMO_SCENARIO
        last = text_value(settings.value("scenario/last"))
        if last and Path(last).is_file():
            try:
                loaded = read_scenario(last, profiles)
                scenario_path = last
            except engine.InputError as exc:
                notes.append(
                    f"Opened the demo: the last scenario no longer loads ({exc.errors[0]})"
                )
    scenario, text = loaded or read_scenario(scenario_path, profiles)
    window = MainWindow(scenario, errors, theme or str(settings.value("look/theme", "light")))
    window.set_file(str(scenario_path), text)
    if problem:
        notes.append(f"Settings and unsaved edits are not kept this session: {problem}")
        window.run_without_persistence(problem)
    window.start_notes = notes
    if notes:
        window.statusBar().showMessage("; ".join(notes), 60000)
    return window


XCB_LIBRARIES = ("xcb-cursor", "xcb-icccm", "xcb-keysyms", "xcb-render-util", "xkbcommon-x11")
"""System libraries Qt's X11 plugin loads (Qt >= 6.5 needs xcb-cursor)."""
DEBIAN_PACKAGES = (
    "libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 "
    "libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxkbcommon-x11-0 libegl1"
)


def missing_display_libraries() -> list[str]:
    """The X11 libraries Qt will need but cannot find (Linux with X11 only)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return []
    if not os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return []
    import ctypes.util

    return [name for name in XCB_LIBRARIES if ctypes.util.find_library(name) is None]


def run(scenario_path: str | None = None, as_demo: bool = False) -> int:
    """Open the window and run the event loop until it closes; returns the exit status."""
    missing = missing_display_libraries()
    if missing:
        print(
            f"Qt's X11 support needs system libraries that are missing: {', '.join(missing)}."
            f"\nOn Debian/Ubuntu: sudo apt install {DEBIAN_PACKAGES}",
            file=sys.stderr,
        )
        return 1
    app = ensure_app()
    try:
        window = create_window(scenario_path)
    except engine.InputError as exc:
        for error in exc.errors:
            print(str(error), file=sys.stderr)
        return 2
    for note in window.start_notes:
        print(note, file=sys.stderr)
    if as_demo:
        window.set_file("", None, str(scenario_path))  # untitled: Save asks where
        window.statusBar().showMessage(
            "Demo opened; save it under your own name to keep changes", 10000
        )
    window.restore_layout()
    window.show()
    window.offer_restore()
    return app.exec()


def screenshot(
    path: str,
    size: tuple[int, int] = (1600, 1000),
    scenario_path: str | None = None,
    dark: bool = False,
) -> None:
    """Render the window offscreen at ``size`` to the PNG ``path``."""
    app = ensure_app(offscreen=True)
    window = create_window(scenario_path or DEMO_SCENARIO, theme="dark" if dark else "light")
    window.offer_first_run_guide = False  # a picture of the window, not a first start
    window.resize(*size)
    window.show()
    for _ in range(3):
        app.processEvents()
    window.state.recompute()
    app.processEvents()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not window.grab().save(buffer, "PNG"):
        raise OSError(f"could not render the window to {path}")
    buffer.close()
    atomic_write_bytes(path, bytes(data.data()))  # the old file or the new one, whole
    window.state.undo_stack.setClean()
    window.persist_settings = False  # a screenshot is not a session to remember
    window.close()
