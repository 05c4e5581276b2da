"""One evaluation of everything the window shows, computed by the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from whatif import engine
from whatif.engine import sweeps
from whatif.engine.uncertainty import monte_carlo


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

    keys: dict = field(default_factory=dict, compare=False, repr=False)
    """What each sweep chart's data depended on (``engine.sweeps.sweep_key``; the latency
    chart's: ``engine.sweeps.load_key``)."""
    uncertainty: object = None
    """An ``engine.uncertainty.MonteCarlo`` when uncertainty bands are on, else None."""


UNCERTAINTY_SAMPLES = 400
"""Monte Carlo draws per live update (seeded: the bands do not flicker)."""


def analyse(
    scenario: engine.Scenario,
    previous: Analysis | None = None,
    uncertainty: bool = False,
    ranges: dict | None = None,
) -> Analysis:
    """Evaluate ``scenario`` and every chart's sweep.

    A sweep chart whose data cannot have changed since ``previous`` (the knob that moved is
    the one it sweeps: the volume chart while the volume slider moves; the latency chart
    while the volume moves within the same fleet) keeps its data, the very same arrays, so
    neither the engine nor the chart redoes that work. The scenario's own point is
    evaluated together with the sweeps that are redone, in one engine call.
    """
    keys = {name: sweeps.sweep_key(scenario, name) for name in sweeps.CHART_PLANS}
    charts = {}
    if previous is not None:
        charts = {
            name: getattr(previous, name)
            for name, key in keys.items()
            if previous.keys.get(name) == key
        }
    missing = [name for name in sweeps.CHART_PLANS if name not in charts]
    results, swept = sweeps.point_and_sweeps(scenario, missing)
    charts.update(swept)
    if results is None:
        results = engine.evaluate(scenario)
    keys["load"] = sweeps.load_key(scenario, results)
    if previous is not None and previous.keys.get("load") == keys["load"]:
        load = previous.load  # the volume moved within the same fleet: same latency curve
    else:
        load = sweeps.load_sweep(scenario, results)
    return Analysis(
        scenario=scenario,
        results=results,
        timeline=sweeps.timeline(scenario, results),
        load=load,
        keys=keys,
        uncertainty=monte_carlo(scenario, ranges=ranges, samples=UNCERTAINTY_SAMPLES)
        if uncertainty
        else None,
        **charts,
    )
