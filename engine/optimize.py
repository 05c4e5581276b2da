"""What should we do? The retraining frequency, pruning ratio and serving hardware that
minimise lifetime cost, subject to the latency SLO and an accuracy floor.

Each candidate profile is one vectorised evaluation over a retraining x pruning grid; the
best feasible point wins. Infeasible everywhere gives ``None`` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import InputError
from .evaluate import evaluate
from .scenario import Scenario
from .sweeps import PRUNING_MAX

RETRAIN_GRID = np.concatenate([[0.0], np.geomspace(0.25, 52.0, 60)])
"""Retraining frequencies tried [1/year]: never, then every 4 years to weekly."""
PRUNING_GRID = np.linspace(0.0, PRUNING_MAX, 46)
"""Pruning ratios tried [fraction]: 0 to 0.9 in steps of 0.02."""


@dataclass(frozen=True)
class Plan:
    """The best plan found, and what it costs against the current scenario."""

    hardware: str
    retrains_per_year: float
    pruning_ratio: float
    horizon_cost_usd: float
    """Training + serving + value lost to accuracy over the horizon [USD]."""
    mean_accuracy: float
    latency_p99_s: float
    current_cost_usd: float
    candidates: int
    feasible: int
    use_api: bool = False
    """Buy, don't build: the API's bill over the horizon is below every feasible plan's."""
    self_hosted_cost_usd: float = float("inf")
    """The best self-hosted plan's cost, when the API wins [USD] (inf: none was feasible)."""

    @property
    def saving_usd(self) -> float:
        return self.current_cost_usd - self.horizon_cost_usd

    def changes(self) -> dict:
        """The scenario changes that apply this plan (none when the answer is the API)."""
        if self.use_api:
            return {}
        return {
            "inference.hardware": self.hardware,
            "training.retrains_per_year": self.retrains_per_year,
            "pruning.ratio": self.pruning_ratio,
        }

    def to_dict(self) -> dict:
        if self.use_api:
            return {
                "use_api": True,
                "horizon_cost_usd": self.horizon_cost_usd,
                "self_hosted_cost_usd": _finite(self.self_hosted_cost_usd),
                "current_cost_usd": self.current_cost_usd,
                "saving_usd": self.saving_usd,
                "candidates": self.candidates,
                "feasible_points": self.feasible,
            }
        return {
            "use_api": False,
            **self.changes(),
            "horizon_cost_usd": self.horizon_cost_usd,
            "mean_accuracy": self.mean_accuracy,
            "latency_p99_s": self.latency_p99_s,
            "current_cost_usd": self.current_cost_usd,
            "saving_usd": self.saving_usd,
            "candidates": self.candidates,
            "feasible_points": self.feasible,
        }


def optimize(
    scenario: Scenario, accuracy_floor: float = 0.0, hardware: list[str] | None = None
) -> Plan | None:
    """The cheapest plan over the horizon that meets the SLO (p99, not saturated, fits) and
    keeps mean accuracy at or above ``accuracy_floor``; None if no candidate does. When the
    scenario prices an API and its bill over the horizon is lower still, the plan is to use
    the API (``use_api``).

    ``hardware`` limits the serving profiles tried (default: every loaded profile that the
    scenario's pricing can price). The objective is the horizon cost of training plus
    serving plus, when accuracy has a value (``quality.value_per_point_per_1k_queries``),
    the value lost to pruning and drift: with linear drift that makes the retraining choice
    the closed-form optimum of ``engine.quality``.
    """
    if scenario.shape != ():
        raise ValueError("optimize takes a scalar scenario")
    now = evaluate(scenario)
    current = float(now.lifecycle.horizon_cost_usd + now.lifecycle.horizon_quality_cost_usd)
    best: tuple[float, Plan] | None = None
    candidates = feasible_count = 0
    grid = {
        "training.retrains_per_year": RETRAIN_GRID[:, None],
        "pruning.ratio": PRUNING_GRID[None, :],
    }
    for pid in hardware or sorted(scenario.profiles):
        try:
            trial = scenario.override({"inference.hardware": pid, **grid})
        except InputError:
            continue  # this pricing cannot price the profile
        r = evaluate(trial)
        ok = (
            r.inference.slo_met
            & r.inference.fits
            & ~r.inference.saturated
            & (r.quality.mean_accuracy >= accuracy_floor)
        )
        total = r.lifecycle.horizon_cost_usd + r.lifecycle.horizon_quality_cost_usd
        cost = np.where(ok, total, np.inf)
        candidates += cost.size
        feasible_count += int(ok.sum())
        i, j = np.unravel_index(int(np.argmin(cost)), cost.shape)
        if not np.isfinite(cost[i, j]) or (best is not None and cost[i, j] >= best[0]):
            continue
        plan = Plan(
            hardware=pid,
            retrains_per_year=float(RETRAIN_GRID[i]),
            pruning_ratio=float(PRUNING_GRID[j]),
            horizon_cost_usd=float(cost[i, j]),
            mean_accuracy=float(r.quality.mean_accuracy[i, j]),
            latency_p99_s=float(r.inference.latency_p99_s[i, j]),
            current_cost_usd=current,
            candidates=0,
            feasible=0,
        )
        best = (float(cost[i, j]), plan)
    api = float(now.lifecycle.api_horizon_cost_usd)
    api_ok = np.isfinite(api) and float(scenario.quality.baseline_accuracy) >= accuracy_floor
    if api_ok and (best is None or api < best[0]):
        # The provider keeps its model fresh (as accurate as ours fresh and unpruned): no
        # value is lost to drift or pruning, and the floor applies to that accuracy.
        return Plan(
            hardware=scenario.inference.hardware,
            retrains_per_year=float(scenario.training.retrains_per_year),
            pruning_ratio=float(scenario.pruning.ratio),
            horizon_cost_usd=api,
            mean_accuracy=float(scenario.quality.baseline_accuracy),
            latency_p99_s=0.0,
            current_cost_usd=current,
            candidates=candidates,
            feasible=feasible_count,
            use_api=True,
            self_hosted_cost_usd=np.inf if best is None else best[0],
        )
    if best is None:
        return None
    plan = best[1]
    return Plan(**{**plan.__dict__, "candidates": candidates, "feasible": feasible_count})


def _finite(value: float) -> float | None:
    return value if np.isfinite(value) else None
