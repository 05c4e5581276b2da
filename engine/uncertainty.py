"""How sure are we? Monte Carlo over uncertain inputs, P10/P50/P90 of the answers.

Each uncertain input is multiplied by a factor drawn log-uniformly between its low and high
factor (a price 30% either way, traffic between half and double), clipped to the field's
valid range; the ADDITIVE ones (growth) move by an amount drawn uniformly instead. All
samples are one vectorised ``evaluate``; a seeded generator makes a run repeatable. With
every factor range at (1, 1) and additive range at (0, 0) the result is the deterministic
one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .evaluate import evaluate
from .lifecycle import cumulative_costs
from .scenario import Scenario, spec_for
from .sweeps import grown_serving_curve

DEFAULT_RANGES: dict[str, tuple[float, float]] = {
    "inference.queries_per_day": (0.5, 2.0),
    "training.mfu": (0.8, 1.2),
    "training.goodput": (0.9, 1.1),
    "economics.training_usd_per_device_hour": (0.7, 1.3),
    "economics.serving_usd_per_device_hour": (0.7, 1.3),
    "quality.drift_per_month": (0.5, 2.0),
    "inference.monthly_growth": (-0.02, 0.02),
}
"""Ranges (low, high) of the inputs that are rarely known well: multiplicative factors,
except for the ADDITIVE ones, which move by that much (growth may well be zero)."""
ADDITIVE = {"inference.monthly_growth"}

PERCENTILES = (10, 50, 90)
OUTPUTS = (
    "lifecycle.horizon_cost_usd",
    "lifecycle.training_share",
    "lifecycle.crossover_month",
    "inference.cost_per_1k_queries_usd",
    "inference.latency_p99_s",
    "quality.mean_accuracy",
    "lifecycle.horizon_co2_kg",
)


@dataclass(frozen=True)
class MonteCarlo:
    """Samples and percentiles: ``bands[key]`` is (P10, P50, P90); ``timeline`` the P10/P50/
    P90 cumulative total cost per month."""

    samples: int
    inputs: dict
    outputs: dict
    bands: dict
    months: np.ndarray
    timeline: tuple

    def to_dict(self) -> dict:
        def clean(v):
            return None if not np.isfinite(v) else float(v)

        return {
            "samples": self.samples,
            "percentiles": {
                k: dict(zip(("p10", "p50", "p90"), map(clean, v), strict=True))
                for k, v in self.bands.items()
            },
        }


def monte_carlo(
    scenario: Scenario,
    ranges: dict | None = None,
    samples: int = 1000,
    seed: int = 20261129,
    months: int = 121,
) -> MonteCarlo:
    """Evaluate ``samples`` draws of the uncertain inputs (see module docstring)."""
    if scenario.shape != ():
        raise ValueError("monte_carlo takes a scalar scenario")
    ranges = DEFAULT_RANGES if ranges is None else ranges
    rng = np.random.default_rng(seed)
    changes, inputs = {}, {}
    for key, (low, high) in ranges.items():
        base = scenario.resolved(key)
        additive = key in ADDITIVE
        if base is None or (not additive and (base == 0 or low <= 0 or high <= 0)):
            continue
        if additive:
            moved = base + rng.uniform(min(low, high), max(low, high), samples)
        else:
            moved = base * np.exp(
                rng.uniform(np.log(min(low, high)), np.log(max(low, high)), samples)
            )
        values = spec_for(key).clip(moved)
        changes[key] = values
        inputs[key] = values
    trial = scenario.override(changes) if changes else scenario
    r = evaluate(trial)
    outputs = {key: np.broadcast_to(r.get(key), (samples,)).astype(float) for key in OUTPUTS}
    # Observed values, not interpolated ones: some outputs are infinite when flagged (a
    # crossover that never happens), and a percentile must not average with infinity.
    bands = {
        key: tuple(
            float(v) for v in np.percentile(values, PERCENTILES, method="closest_observation")
        )
        for key, values in outputs.items()
    }
    horizon = float(scenario.economics.horizon_months)
    grid = np.linspace(0.0, horizon, months)
    interval = np.broadcast_to(r.quality.retrain_interval_months, (samples,))
    training, serving = cumulative_costs(
        grid[None, :],
        np.broadcast_to(r.lifecycle.initial_training_cost_usd, (samples,))[:, None],
        np.broadcast_to(r.training.cost_per_retrain_usd, (samples,))[:, None],
        interval[:, None],
        np.broadcast_to(r.lifecycle.retrains_in_horizon, (samples,))[:, None],
        np.broadcast_to(r.inference.yearly_cost_usd, (samples,))[:, None] / 12.0,
    )
    growth = np.broadcast_to(np.asarray(trial.inference.monthly_growth, dtype=float), (samples,))
    if np.any(growth != 0):
        curves = grown_serving_curve(trial, r, grid)
        serving = np.broadcast_to(curves, (samples, grid.size))
    total = training + serving
    timeline = tuple(np.percentile(total, p, axis=0) for p in PERCENTILES)
    return MonteCarlo(samples, inputs, outputs, bands, grid, timeline)
