"""One evaluation of everything the window shows, computed by the engine."""

from __future__ import annotations

from dataclasses import dataclass

import engine
from engine import sweeps


@dataclass(frozen=True)
class Analysis:
    """The scenario, its results, and the data of every chart (plain arrays)."""

    scenario: engine.Scenario
    results: engine.Results
    timeline: dict
    volume: dict
    pruning: dict
    retraining: dict
    load: dict
    heatmap: dict


def analyse(scenario: engine.Scenario) -> Analysis:
    """Evaluate ``scenario`` and every chart's sweep (one vectorised call per chart)."""
    results = engine.evaluate(scenario)
    charts = sweeps.chart_sweeps(scenario)
    return Analysis(
        scenario=scenario,
        results=results,
        timeline=sweeps.timeline(scenario, results),
        load=sweeps.load_sweep(scenario, results),
        **charts,
    )
