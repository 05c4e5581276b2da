"""How sure are we? A tornado of lifetime cost (and crossover month) when each assumption
moves by ±p%, sorted by impact. Each assumption is one evaluation of two points."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import InputError
from .evaluate import evaluate
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


@dataclass(frozen=True)
class Bar:
    """One assumption's swing: the output at -p% and at +p%."""

    key: str
    low_input: float
    high_input: float
    low_cost_usd: float
    high_cost_usd: float
    low_crossover_month: float
    high_crossover_month: float

    @property
    def impact_usd(self) -> float:
        return abs(self.high_cost_usd - self.low_cost_usd)


def tornado(scenario: Scenario, percent: float = 20.0) -> tuple[float, list[Bar]]:
    """``(base horizon cost, bars sorted by impact)`` for ±``percent`` on each assumption.

    A move that leaves an input's valid range is clipped to the range; an input that is
    ``auto`` or zero (a ±% of nothing) is skipped. ``auto`` MFU is taken at the profile's.
    """
    if not 0.0 < percent < 100.0:
        raise ValueError(f"percent must be between 0 and 100 (got {percent})")
    base = evaluate(scenario)
    bars = []
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
        try:
            r = evaluate(scenario.override({key: np.array([lo, hi])}))
        except InputError:
            continue
        cost = r.lifecycle.horizon_cost_usd
        cross = r.lifecycle.crossover_month
        bars.append(
            Bar(key, lo, hi, float(cost[0]), float(cost[1]), float(cross[0]), float(cross[1]))
        )
    bars.sort(key=lambda bar: bar.impact_usd, reverse=True)
    return float(base.lifecycle.horizon_cost_usd), bars
