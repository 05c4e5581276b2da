"""One evaluation of everything the window shows, computed by the engine."""

from __future__ import annotations

import dataclasses
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
    stale: frozenset = field(default=frozenset(), compare=False, repr=False)
    """Parts (:data:`PARTS` names) still holding data of an earlier scenario: an analysis
    built stage by stage (:func:`first_stage`, :func:`next_stage`) until each is redone."""


UNCERTAINTY_SAMPLES = 400
"""Monte Carlo draws per live update (seeded: the bands do not flicker)."""


PARTS = ("cumulative", "volume", "pruning", "retraining", "latency", "heatmap", "uncertainty")
"""What the window redraws after the scenario's own point, one part per event-loop pass:
the six charts (in the grid's order) and the uncertainty bands."""

DATA = {
    "volume": "volume",
    "pruning": "pruning",
    "retraining": "retraining",
    "latency": "load",
    "heatmap": "heatmap",
}
"""The swept parts and the :class:`Analysis` field (and ``keys`` entry) their data lives in
(the latency chart's is ``load``); the cumulative chart draws the timeline, computed with the
point, and the bands are redone whenever they are on."""


def first_stage(
    scenario: engine.Scenario, previous: Analysis, uncertainty: bool = False
) -> Analysis:
    """The scenario's own point and timeline (what the KPI cards and the cumulative chart
    show), the chart data ``previous`` holds for every sweep that cannot have changed, and
    ``previous``'s data, marked stale, for the sweeps :func:`next_stage` must redo.

    One engine call of one point: a few milliseconds, so the cards answer a knob within a
    frame; the sweeps follow, one a pass.
    """
    results = engine.evaluate(scenario)
    keys = {name: sweeps.sweep_key(scenario, name) for name in sweeps.CHART_PLANS}
    keys["load"] = sweeps.load_key(scenario, results)
    stale = {part for part, name in DATA.items() if previous.keys.get(name) != keys[name]}
    for part in stale:  # stale data keeps the key it was computed for
        if DATA[part] in previous.keys:
            keys[DATA[part]] = previous.keys[DATA[part]]
    return dataclasses.replace(  # the sweeps' data as previous held it
        previous,
        scenario=scenario,
        results=results,
        timeline=sweeps.timeline(scenario, results),
        keys=keys,
        uncertainty=previous.uncertainty if uncertainty else None,
        stale=frozenset(stale | ({"uncertainty"} if uncertainty else set())),
    )


def next_stage(analysis: Analysis, part: str, ranges: dict | None = None) -> Analysis:
    """``analysis`` with ``part``'s data redone for its scenario (unchanged when it was
    not stale)."""
    if part not in analysis.stale:
        return analysis
    scenario, keys = analysis.scenario, dict(analysis.keys)
    if part == "uncertainty":
        changes = {"uncertainty": monte_carlo(scenario, ranges=ranges, samples=UNCERTAINTY_SAMPLES)}
    elif part == "latency":
        changes = {"load": sweeps.load_sweep(scenario, analysis.results)}
        keys["load"] = sweeps.load_key(scenario, analysis.results)
    else:
        changes = sweeps.point_and_sweeps(scenario, [part])[1]
        keys[part] = sweeps.sweep_key(scenario, part)
    return dataclasses.replace(analysis, **changes, keys=keys, stale=analysis.stale - {part})


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
