"""Shared test helpers: the shipped profiles and demo scenarios, loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import engine

ROOT = Path(__file__).resolve().parent.parent
PROFILE_DIR = ROOT / "hardware_profiles"
SCENARIO_DIR = ROOT / "resources" / "scenarios"


@cache
def shipped_profiles():
    profiles, errors = engine.load_profiles(PROFILE_DIR)
    assert errors == []
    return profiles


def scenario(**changes):
    """The default scenario over the shipped profiles, with dotted-key changes."""
    base = engine.default_scenario(shipped_profiles())
    return base.override(changes) if changes else base


def demo(name="chatbot"):
    return engine.load_scenario(SCENARIO_DIR / f"{name}.yaml", shipped_profiles())


def scalar(results, dotted):
    return float(results.get(dotted))
