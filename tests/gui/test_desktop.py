"""Desktop integration: the icon on the application, and ``whatif --install-desktop-entry``
writing the desktop entry, icon and AppStream metainfo into $XDG_DATA_HOME."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

import whatif
from whatif.gui.app import ensure_app
from whatif.gui.cli import main
from whatif.gui.desktop import APP_ID, exec_line, icon_path

ROOT = Path(__file__).resolve().parents[2]


def entry_values(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


@pytest.fixture
def installed_entry(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["--install-desktop-entry"]) == 0
    written = [Path(line) for line in capsys.readouterr().out.splitlines()]
    return tmp_path / "data", written


def test_install_writes_entry_icon_and_metainfo_under_xdg_data_home(installed_entry):
    root, written = installed_entry
    assert sorted(written) == sorted(
        [
            root / "applications" / f"{APP_ID}.desktop",
            root / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
            root / "metainfo" / f"{APP_ID}.metainfo.xml",
        ]
    )
    entry = entry_values(written[0].read_text(encoding="utf-8"))
    assert entry["Type"] == "Application" and entry["Icon"] == APP_ID
    assert written[1].read_bytes() == icon_path().read_bytes()


def test_the_entry_starts_this_program(installed_entry):
    root, _ = installed_entry
    entry = entry_values((root / "applications" / f"{APP_ID}.desktop").read_text())
    # Under pytest argv[0] is not the whatif script: the entry runs python -m whatif.
    assert entry["Exec"] == f"{Path(sys.executable).absolute()} -m whatif"
    command = [*entry["Exec"].split(" "), "--version"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=root, check=True)
    assert done.stdout.strip() == f"whatif {whatif.__version__}"


def test_metainfo_names_the_entry_the_binary_and_this_version(installed_entry):
    root, _ = installed_entry
    component = ET.parse(root / "metainfo" / f"{APP_ID}.metainfo.xml").getroot()
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == f"{APP_ID}.desktop"
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert [component.findtext("provides/binary")] == list(scripts)
    assert component.find("releases/release").get("version") == whatif.__version__


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_the_entry_is_valid(installed_entry):
    root, _ = installed_entry
    path = root / "applications" / f"{APP_ID}.desktop"
    done = subprocess.run(["desktop-file-validate", path], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "")


def test_exec_line_quotes_what_the_specification_reserves():
    assert exec_line(["/usr/bin/whatif"]) == "/usr/bin/whatif"
    assert exec_line(["/opt/my apps/whatif"]) == '"/opt/my apps/whatif"'
    assert exec_line(["/opt/100%/whatif"]) == "/opt/100%%/whatif"
    assert exec_line(["/opt/a$b/whatif"]) == '"/opt/a\\\\$b/whatif"'


def test_the_icon_is_a_drawn_svg_and_the_window_uses_it(window):
    renderer = QSvgRenderer(str(icon_path()))
    assert renderer.isValid()
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, 64, 64))
    painter.end()
    assert image.pixelColor(32, 32).alpha() == 255  # the tile is opaque in the middle
    assert image.pixelColor(0, 0).alpha() == 0  # and has rounded corners
    assert window.windowIcon().cacheKey() == ensure_app().windowIcon().cacheKey()
    assert not window.windowIcon().pixmap(48, 48).isNull()
    assert ensure_app().desktopFileName() == APP_ID
