"""The standalone bundle that `make dist` builds (dist/whatif/): it runs with no Python,
from anywhere, with its demos and profiles. Marked ``bundle`` (and slow): `make dist` runs
it after building; `make test` does not."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from whatif import engine
from whatif.engine.demos import DEMO_ORDER

from .conftest import ROOT
from .test_wheel import assert_window_png

pytestmark = [pytest.mark.slow, pytest.mark.bundle]

BUNDLE = ROOT / "dist" / "whatif"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """A copy of the bundle in a temporary folder (hard links), so nothing may point back
    into the checkout, and a function running its program with a bare environment: no
    Python on PATH, no PYTHON* variables, an empty home."""
    assert (BUNDLE / "whatif").is_file(), "build it first: make dist"
    work = tmp_path_factory.mktemp("bundle")
    folder = work / "whatif"
    shutil.copytree(BUNDLE, folder, copy_function=os.link)
    home = work / "home"
    home.mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "WHATIF_CONFIG_DIR": str(home / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }

    def run(*args):
        done = subprocess.run(
            [folder / "whatif", *map(str, args)],
            cwd=home,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stderr}"
        return done

    run.folder = folder
    run.home = home
    return run


def test_the_bundle_carries_its_demos_and_profiles(bundle):
    assert bundle("--version").stdout.startswith("whatif ")
    listed = [line.split()[0] for line in bundle("demo", "--list").stdout.splitlines()]
    assert listed == list(DEMO_ORDER)
    shipped, _ = engine.load_profiles(ROOT / "hardware_profiles")
    rows = bundle("profiles").stdout.splitlines()[1:]
    assert {row.split()[0] for row in rows} == set(shipped)


def test_evaluate_a_bundled_demo(bundle):
    (demo,) = bundle.folder.rglob("whatif/resources/scenarios/chatbot.yaml")
    got = json.loads(bundle("evaluate", demo, "--json").stdout)
    profiles, _ = engine.load_profiles(ROOT / "hardware_profiles")
    scenario = engine.load_scenario(ROOT / "resources" / "scenarios" / "chatbot.yaml", profiles)
    want = engine.evaluate(scenario).to_dict()
    assert got["lifecycle"] == json.loads(json.dumps(want["lifecycle"]))


def test_screenshot_from_the_bundle(bundle):
    out = bundle.home / "window.png"
    bundle("--screenshot", out, "--size", "1280x800")
    assert_window_png(out, 1280, 800)
