"""The engine imports no Qt and no pyqtgraph (DESIGN.md section 1)."""

import re
import subprocess
import sys
from pathlib import Path

from whatif import engine

ENGINE = Path(engine.__file__).parent


def test_engine_sources_do_not_import_qt():
    pattern = re.compile(
        r"^\s*(from|import)\s+(PySide6|PyQt\w*|pyqtgraph|(whatif\.)?gui)\b"
        r"|^\s*from\s+whatif\s+import\s+gui\b",
        re.M,
    )
    offenders = [p.name for p in ENGINE.glob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def test_importing_and_evaluating_loads_no_qt_module():
    code = (
        f"import importlib, sys; engine = importlib.import_module({engine.__name__!r}); "
        "engine.evaluate(engine.default_scenario()); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
