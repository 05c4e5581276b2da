"""The bundled demo scenarios: one per workload of the motivating article."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .shipped import resource_path

DEMO_DIR = resource_path("scenarios")

DEMO_ORDER = (
    "chatbot",
    "recommender",
    "image_classifier",
    "image_generator",
    "ar_vision",
    "drug_discovery",
    "moe_assistant",
)
"""Menu order: from the article's first example to its last."""


@dataclass(frozen=True)
class Demo:
    """A demo scenario: its short name (the file stem), title and file."""

    name: str
    title: str
    path: Path


def list_demos() -> list[Demo]:
    """Every bundled demo, in menu order (titles read from the files' ``name:`` line)."""
    demos = []
    for name in DEMO_ORDER:
        path = DEMO_DIR / f"{name}.yaml"
        title = name
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("name:"):
                title = line.split(":", 1)[1].strip()
                break
        demos.append(Demo(name, title, path))
    return demos


def demo_path(name: str) -> Path:
    """The file of demo ``name``; KeyError listing the known names if there is none."""
    for demo in list_demos():
        if demo.name == name:
            return demo.path
    raise KeyError(f"unknown demo '{name}' (known: {', '.join(DEMO_ORDER)})")


BUNDLED_DIRS = (DEMO_DIR.parent, DEMO_DIR.parent.parent / "hardware_profiles")
"""The folders shipped with the program (resources/, hardware_profiles/): read, never written."""


def is_bundled(path: str | Path) -> bool:
    """Whether ``path`` lies in a folder shipped with the program (a demo, a shipped profile)."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):
        return False
    return any(resolved.is_relative_to(folder) for folder in BUNDLED_DIRS)
