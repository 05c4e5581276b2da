"""How sure are we? A tornado of any result (lifetime cost, cost per 1,000 queries, p99
latency, energy per query, mean accuracy, crossover month...) when each assumption moves by
±p%, sorted by impact. Every low and high move of every assumption is one point of a single
vectorised evaluation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import InputError
from .evaluate import evaluate
from .results import RESULT_FIELDS
from .scenario import Scenario, spec_for

ASSUMPTIONS = (
    "inference.queries_per_day",
    "inference.peak_to_mean",
    "inference.target_utilization",
    "inference.ttft_slo_ms",
    "inference.tpot_slo_ms",
    "inference.latency_slo_ms",
    "inference.prefix_cache_hit",
    "model.params",
    "model.training_tokens",
    "model.prompt_tokens",
    "model.output_tokens",
    "training.mfu",
    "training.devices",
    "training.retrains_per_year",
    "training.retrain_fraction",
    "training.retrain_tokens",
    "training.goodput",
    "training.dev_overhead",
    "economics.hosting_usd_per_kw_month",
    "economics.cost_of_capital",
    "pruning.ratio",
    "quality.drift_per_month",
    "economics.horizon_months",
    "economics.pue",
    "economics.electricity_usd_per_kwh",
    "economics.training_usd_per_device_hour",
    "economics.serving_usd_per_device_hour",
)
"""The inputs a tornado moves (those set to ``auto`` or at zero are skipped)."""

DEFAULT_OUTPUT = "lifecycle.horizon_cost_usd"

OUTPUTS = (
    ("lifecycle.horizon_cost_usd", "Lifetime cost"),
    ("inference.cost_per_1k_queries_usd", "Cost per 1,000 queries"),
    ("inference.latency_p99_s", "p99 latency (end to end)"),
    ("inference.ttft_p99_s", "p99 time to first token"),
    ("inference.energy_wh_per_query", "Energy per query"),
    ("lifecycle.horizon_energy_kwh", "Energy over the horizon"),
    ("lifecycle.horizon_co2_kg", "CO2 over the horizon"),
    ("quality.mean_accuracy", "Mean accuracy"),
    ("lifecycle.crossover_month", "Crossover month"),
)
"""The results people ask a tornado about, as ``(result key, label)``; any numeric result
key of :data:`RESULT_FIELDS` is accepted too. TTFT applies to LLMs only."""

CROSSOVER = "lifecycle.crossover_month"


@dataclass(frozen=True)
class Bar:
    """One assumption's swing: the result ``low`` with the input at -p% (``low_input``) and
    ``high`` at +p% (``high_input``), in the result's unit (see :func:`output_unit`).
    ``impact`` is ``|high - low|``, with a crossover beyond the horizon taken at the
    horizon's end (so "never" ranks as late, not as infinitely late)."""

    key: str
    low_input: float
    high_input: float
    low: float
    high: float
    impact: float


def output_unit(output: str) -> str:
    """The unit of result ``output`` (``"USD"``, ``"s"``, ``"Wh"``, ``"fraction"``, ...).

    Raises :class:`ValueError` naming the choices for a key that is not a numeric result.
    """
    section, _, key = output.partition(".")
    unit = RESULT_FIELDS.get(section, {}).get(key, ("",))[0]
    if not unit or unit in ("flag", "code"):
        known = ", ".join(k for k, _ in OUTPUTS)
        raise ValueError(f"unknown result '{output}' (for example: {known})")
    return unit


def _moves(scenario: Scenario, percent: float) -> dict[str, tuple[float, float, float]]:
    """``key -> (today, low, high)`` for every assumption that can move."""
    moves = {}
    for key in ASSUMPTIONS:
        value = scenario.resolved(key)
        if value is None or value == 0.0:
            continue
        spec = spec_for(key)
        lo, hi = (
            float(x) for x in spec.clip([value * (1 - percent / 100), value * (1 + percent / 100)])
        )
        if spec.kind == "integer":
            lo, hi = float(max(np.floor(lo), spec.lo or 0)), float(np.ceil(hi))
        moves[key] = (value, lo, hi)
    return moves


def _varied(scenario: Scenario, moves: dict) -> tuple[Scenario, dict]:
    """One scenario whose points are: each assumption low, then high (others at today's
    values), and a last point at today's values. An assumption the scenario refuses to
    vary (a pricing rule, say) is dropped and the rest kept."""
    while moves:
        n = 2 * len(moves) + 1
        changes = {}
        for i, (key, (today, lo, hi)) in enumerate(moves.items()):
            column = np.full(n, today)
            column[2 * i], column[2 * i + 1] = lo, hi
            changes[key] = column
        try:
            return scenario.override(changes), moves
        except InputError as exc:
            bad = {e.key for e in exc.errors}
            if not bad & set(moves):
                raise
            moves = {k: v for k, v in moves.items() if k not in bad}
    return scenario, moves


def tornado(
    scenario: Scenario, percent: float = 20.0, output: str = DEFAULT_OUTPUT
) -> tuple[float, list[Bar]]:
    """``(today's value of output, bars sorted by impact)`` for ±``percent`` on each
    assumption, in the unit of result ``output`` (a key of :data:`RESULT_FIELDS`, default
    the horizon cost in USD).

    A move that leaves an input's valid range is clipped to the range; an input that is
    ``auto`` or zero (a ±% of nothing) is skipped. ``auto`` MFU and prices are taken at the
    profile's. All moves are evaluated in one call over ``2 x assumptions + 1`` points.
    """
    if not 0.0 < percent < 100.0:
        raise ValueError(f"percent must be between 0 and 100 (got {percent})")
    output_unit(output)
    varied, moves = _varied(scenario, _moves(scenario, percent))
    results = evaluate(varied)
    values = np.broadcast_to(results.get(output), varied.shape or (1,)).astype(float)
    ranked = values
    if output == CROSSOVER:  # "never" ranks as the horizon's end
        horizon = np.broadcast_to(varied.economics.horizon_months, values.shape)
        ranked = np.minimum(values, horizon)
    bars = []
    for i, (key, (_, lo, hi)) in enumerate(moves.items()):
        low, high = float(values[2 * i]), float(values[2 * i + 1])
        impact = float(np.nan_to_num(abs(ranked[2 * i + 1] - ranked[2 * i]), nan=0.0))
        bars.append(Bar(key, lo, hi, low, high, impact))
    bars.sort(key=lambda bar: bar.impact, reverse=True)
    return float(values[-1]), bars
