"""Saving scenarios: YAML with a schema version, written atomically."""

from __future__ import annotations

from pathlib import Path

import yaml

from .atomic_write import atomic_write_text
from .scenario import Scenario


def scenario_yaml(scenario: Scenario) -> str:
    """The scenario as YAML text, sections in their documented order."""
    return yaml.safe_dump(scenario.to_dict(), sort_keys=False, allow_unicode=True, width=100)


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write ``scenario`` to ``path`` as YAML, atomically."""
    atomic_write_text(path, scenario_yaml(scenario))
