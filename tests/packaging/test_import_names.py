"""Once the code installs under the one top-level package ``whatif`` (``whatif.engine`` is
``engine/``, ``whatif.gui`` is ``gui/``), nothing imports the bare names ``engine`` and
``gui``: they do not exist in an installed copy, and in the checkout they would load every
module a second time under another name."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys

import pytest

from .conftest import ROOT, offline_env
from .test_wheel import setuptools_config

OLD = ("engine", "gui")
CHECKED = ("whatif", "engine", "gui", "tests", "bench", "packaging")

pytestmark = pytest.mark.skipif(
    "whatif.engine" not in setuptools_config()["packages"],
    reason="engine/ and gui/ still install as top-level packages",
)

IMPORT_IN_TEXT = re.compile(r"^\s*[\"']?\s*(from|import)\s+(engine|gui)\b", re.M)
"""An import statement at the start of a line, also inside the source text given to a child
process (``python -c`` scripts, written scripts)."""


def python_files():
    for folder in CHECKED:
        yield from sorted(p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def old_imports(path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    for node in ast.walk(ast.parse(text)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [f"{node.lineno}: {n}" for n in names if n.split(".")[0] in OLD]
    found += [f"text: {m.group(0).strip()}" for m in IMPORT_IN_TEXT.finditer(text)]
    return found


def test_no_source_imports_the_old_top_level_names():
    offenders = {str(p.relative_to(ROOT)): old_imports(p) for p in python_files()}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_old_names_are_not_importable_outside_the_checkout(tmp_path):
    """The editable install maps only whatif.*; every module imports without them."""
    code = (
        "import importlib.util, pkgutil, sys, whatif\n"
        "assert [n for n in ('engine', 'gui') if importlib.util.find_spec(n)] == []\n"
        "import whatif.engine, whatif.gui\n"
        "for package in (whatif.engine, whatif.gui):\n"
        "    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('engine', 'gui')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=offline_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr


def test_the_installed_wheel_has_only_whatif(installed):
    code = "import importlib.util as u; print([n for n in ('engine', 'gui') if u.find_spec(n)])"
    assert installed.python("-c", code).stdout.strip() == "[]"
    assert importlib.util.find_spec("whatif") is not None
