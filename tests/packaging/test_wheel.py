"""The wheel is complete and the installed program works outside the checkout (issue 14).

Built and installed offline by the fixtures in conftest.py; every command runs from a
folder outside the checkout, with nothing of the source tree on the path.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from PySide6.QtGui import QImage

import whatif
from whatif import engine
from whatif.engine.demos import DEMO_ORDER

from .conftest import ROOT

SOURCE_ROOTS = ("whatif", "engine", "gui", "hardware_profiles", "resources")
"""The repository's folders that the wheel installs."""


def setuptools_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]


def package_folders() -> dict[str, Path]:
    """Each package pyproject.toml lists, and the repository folder it installs from."""
    config = setuptools_config()
    mapped = config.get("package-dir", {})
    folders = {}
    for package in config["packages"]:
        parts = package.split(".")
        for cut in range(len(parts), 0, -1):
            prefix = ".".join(parts[:cut])
            if prefix in mapped:
                folders[package] = ROOT / mapped[prefix] / Path(*parts[cut:])
                break
        else:
            folders[package] = ROOT / Path(*parts)
    return folders


def source_files() -> list[Path]:
    """Every file of the installed folders (no caches)."""
    return [
        path
        for name in SOURCE_ROOTS
        for path in sorted((ROOT / name).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    ]


def test_every_folder_with_files_is_a_listed_package():
    listed = {folder.resolve() for folder in package_folders().values()}
    folders = {path.parent.resolve() for path in source_files()}
    missing = sorted(str(f.relative_to(ROOT)) for f in folders - listed)
    assert missing == [], f"add these to [tool.setuptools] packages: {missing}"


def test_the_wheel_holds_every_source_and_data_file(wheel_names):
    installed_as = {folder.resolve(): package for package, folder in package_folders().items()}
    expected = {
        "/".join([*installed_as.get(path.parent.resolve(), "?").split("."), path.name])
        for path in source_files()
    }
    assert sorted(expected - wheel_names) == []


def test_the_installed_package_is_the_wheel_not_the_checkout(installed):
    where = installed.python("-c", "import whatif; print(whatif.__file__)").stdout.strip()
    assert Path(where).is_relative_to(installed.site)
    for args in (("--version",), ("-m", "whatif", "--version")):
        runner = installed.whatif if args[0] == "--version" else installed.python
        assert runner(*args).stdout.strip() == f"whatif {whatif.__version__}"


def test_profiles_lists_every_shipped_profile(installed):
    shipped, errors = engine.load_profiles(ROOT / "hardware_profiles")
    assert errors == [] and len(shipped) == len(list((ROOT / "hardware_profiles").glob("*.yaml")))
    done = installed.whatif("profiles")
    rows = [line.split() for line in done.stdout.splitlines()[1:]]
    assert {row[0] for row in rows} == set(shipped)
    assert {row[-1] for row in rows} == {"shipped"}
    assert done.stderr == ""


def test_demo_list_names_every_demo(installed):
    listed = [line.split()[0] for line in installed.whatif("demo", "--list").stdout.splitlines()]
    assert listed == list(DEMO_ORDER)
    assert len(listed) == len(list((ROOT / "resources" / "scenarios").glob("*.yaml")))


def test_evaluate_an_installed_demo(installed):
    (demo,) = installed.site.glob("whatif/resources/scenarios/chatbot.yaml")
    got = json.loads(installed.whatif("evaluate", demo, "--json").stdout)
    profiles, _ = engine.load_profiles(ROOT / "hardware_profiles")
    scenario = engine.load_scenario(ROOT / "resources" / "scenarios" / "chatbot.yaml", profiles)
    want = engine.evaluate(scenario).to_dict()
    assert got["lifecycle"] == json.loads(json.dumps(want["lifecycle"]))
    assert got["inference"]["cost_per_1k_queries_usd"] > 0


def test_report_to_pdf(installed):
    (demo,) = installed.site.glob("whatif/resources/scenarios/recommender.yaml")
    out = installed.home / "report.pdf"
    installed.whatif("report", demo, "-o", out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 20_000


def test_screenshot_of_the_window(installed):
    out = installed.home / "window.png"
    installed.whatif("--screenshot", out, "--size", "1280x800")
    assert_window_png(out, 1280, 800)


def assert_window_png(path: Path, width: int, height: int) -> None:
    """A PNG of the given size with a drawn window in it (many colours, not one flat fill)."""
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    image = QImage(str(path))
    assert (image.width(), image.height()) == (width, height)
    colours = {image.pixel(x, y) for x in range(0, width, 7) for y in range(0, height, 7)}
    assert len(colours) > 50


def test_install_desktop_entry_from_the_wheel(installed):
    written = installed.whatif("--install-desktop-entry").stdout.split()
    data = installed.home / "xdg-data"
    assert len(written) == 3 and all(Path(p).is_relative_to(data) for p in written)
    (entry,) = (data / "applications").glob("*.desktop")
    assert f"Exec={installed.bin / 'whatif'}\n" in entry.read_text(encoding="utf-8")
    (icon,) = (data / "icons" / "hicolor" / "scalable" / "apps").glob("*.svg")
    assert icon.read_text(encoding="utf-8").lstrip().startswith("<?xml")
