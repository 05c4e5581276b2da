"""The wheel, built from a copy of the checkout, and a fresh venv with it installed.

Both offline: the wheel is built with the project venv's setuptools (no build isolation)
and installed with ``--no-index --no-deps``; the new venv sees the project venv's
dependencies through a ``.pth`` line that lists its site-packages folders (their own
``.pth`` files, such as the editable install's finder, are not run from there, so the only
``whatif`` the new venv can import is the installed wheel).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "*.pyc"
)


def offline_env(**extra: str) -> dict[str, str]:
    """The environment for child processes: no index, no source tree on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    env.update(
        PIP_NO_INDEX="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_CONFIG_FILE=os.devnull,
        PYTHONNOUSERSITE="1",
        QT_QPA_PLATFORM="offscreen",
    )
    env.update(extra)
    return env


def run(args, cwd, env=None, timeout=300) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env or offline_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The wheel of a copy of the checkout (the tree itself gets no build/ or egg-info)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    out = work / "out"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            "-w",
            out,
            source,
        ],
        cwd=work,
    )
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="session")
def wheel_names(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


class Installed:
    """A venv with the wheel installed, and a working folder outside the checkout."""

    def __init__(self, venv: Path, home: Path):
        self.venv = venv
        self.home = home
        self.bin = venv / "bin"
        (self.site,) = (venv / "lib").glob("python3*/site-packages")
        self.env = offline_env(
            HOME=str(home),
            WHATIF_CONFIG_DIR=str(home / "config"),
            XDG_CONFIG_HOME=str(home / "xdg-config"),
            XDG_DATA_HOME=str(home / "xdg-data"),
        )

    def run(self, *args, **kwargs) -> subprocess.CompletedProcess:
        return run(args, cwd=self.home, env=self.env, **kwargs)

    def whatif(self, *args, **kwargs) -> subprocess.CompletedProcess:
        return self.run(self.bin / "whatif", *args, **kwargs)

    def python(self, *args, **kwargs) -> subprocess.CompletedProcess:
        return self.run(self.bin / "python", *args, **kwargs)


@pytest.fixture(scope="session")
def installed(wheel, tmp_path_factory) -> Installed:
    work = tmp_path_factory.mktemp("installed")
    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=work)
    (site,) = (venv / "lib").glob("python3*/site-packages")
    dependencies = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (site / "project-venv-dependencies.pth").write_text("\n".join(dependencies) + "\n")
    python = venv / "bin" / "python"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--no-index",
            "--no-deps",
            wheel,
        ],
        cwd=work,
    )
    home = work / "home"
    home.mkdir()
    return Installed(venv, home)
