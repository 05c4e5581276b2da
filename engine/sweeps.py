"""The data behind each tradeoff chart: one vectorised ``evaluate`` per chart.

The window, reports and CSV exports all draw from these functions, so a chart and its
exported data can never disagree. Each returns plain numpy arrays keyed by name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from .errors import InputError
from .evaluate import evaluate
from .fields import spec_of
from .fleet import serving_structures
from .inference import SECONDS_PER_DAY
from .lifecycle import cumulative_costs, serving_by_month
from .results import Results
from .scenario import InferenceSpec, Scenario

VOLUME_RANGE = (10.0, 1e10)
"""Query-volume axis of the volume charts [queries/day]."""
VOLUME_LIMIT = spec_of(InferenceSpec, "queries_per_day").hi
"""Largest daily volume a scenario accepts [queries/day]."""

RETRAIN_STEPS = np.array([0.0, 0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 26, 52])
"""Retraining frequencies the retraining knob stops at [1/year]: never, every 4 years, ...,
weekly."""

PRUNING_MAX = 0.9


def timeline(scenario: Scenario, results: Results, points: int = 400) -> dict[str, np.ndarray]:
    """Cumulative training and serving cost month by month over the horizon [USD]."""
    horizon = float(scenario.economics.horizon_months)
    interval = float(results.quality.retrain_interval_months)
    retrains = float(results.lifecycle.retrains_in_horizon)
    steps = interval * np.arange(1, retrains + 1)
    # Each retrain is a vertical step: sample just before and at its month.
    months = np.unique(
        np.concatenate(
            [np.linspace(0.0, horizon, points), steps, np.maximum(steps - 1e-6 * horizon, 0.0)]
        )
    )
    training, serving = cumulative_costs(
        months,
        float(results.lifecycle.initial_training_cost_usd),
        float(results.training.cost_per_retrain_usd),
        interval,
        retrains,
        float(results.inference.yearly_cost_usd) / 12.0,
    )
    if float(scenario.inference.monthly_growth) != 0.0:
        serving = grown_serving_curve(scenario, results, months)
    return {
        "month": months,
        "training_usd": training,
        "inference_usd": serving,
        "total_usd": training + serving,
    }


Plan = tuple[dict[str, np.ndarray], Callable[[Results], dict[str, np.ndarray]]]
"""A sweep: the scenario changes (arrays that broadcast together) and how to turn the
results at those points into the chart's data."""


def _volume_plan(points: int = 181) -> Plan:
    volumes = np.logspace(np.log10(VOLUME_RANGE[0]), np.log10(VOLUME_RANGE[1]), points)

    def data(r: Results) -> dict[str, np.ndarray]:
        training = r.training.yearly_cost_usd
        serving = r.inference.yearly_cost_usd
        return {
            "queries_per_day": volumes,
            "training_usd_per_year": training,
            "inference_usd_per_year": serving,
            "total_usd_per_year": training + serving,
            "api_usd_per_year": r.inference.api_cost_per_1k_queries_usd / 1e3 * volumes * 365,
            "saturated": r.inference.saturated,
        }

    return {"inference.queries_per_day": volumes}, data


def _pruning_plan(points: int = 91) -> Plan:
    ratios = np.linspace(0.0, PRUNING_MAX, points)

    def data(r: Results) -> dict[str, np.ndarray]:
        return {
            "ratio": ratios,
            "inference_usd_per_year": r.inference.yearly_cost_usd,
            "cost_per_1k_queries_usd": r.inference.cost_per_1k_queries_usd,
            "latency_p99_s": r.inference.latency_p99_s,
            "replicas": r.inference.replicas,
            "batch": r.inference.batch,
            "accuracy_after_pruning": r.quality.accuracy_after_pruning,
            "mean_accuracy": r.quality.mean_accuracy,
            "saturated": r.inference.saturated,
        }

    return {"pruning.ratio": ratios}, data


def _retraining_plan(points: int = 121) -> Plan:
    freqs = np.concatenate([[0.0], np.logspace(np.log10(0.25), np.log10(52.0), points - 1)])

    def data(r: Results) -> dict[str, np.ndarray]:
        training = r.training.yearly_cost_usd
        serving = r.inference.yearly_cost_usd
        quality = r.quality.yearly_quality_cost_usd
        total = training + serving + quality
        return {
            "retrains_per_year": freqs,
            "training_usd_per_year": training,
            "total_usd_per_year": training + serving,
            "total_with_quality_usd_per_year": total,
            "quality_usd_per_year": quality,
            "mean_accuracy": r.quality.mean_accuracy,
            "best_retrains_per_year": np.asarray(freqs[int(np.argmin(total))]),
        }

    return {"training.retrains_per_year": freqs}, data


def _heatmap_plan(volumes: int = 37, retrains: int = 27) -> Plan:
    v = np.logspace(np.log10(VOLUME_RANGE[0]), np.log10(VOLUME_RANGE[1]), volumes)
    f = np.linspace(0.0, 52.0, retrains)

    def data(r: Results) -> dict[str, np.ndarray]:
        return {
            "queries_per_day": v,
            "retrains_per_year": f,
            "training_share": r.lifecycle.training_share,
            "horizon_cost_usd": r.lifecycle.horizon_cost_usd,
        }

    return {"inference.queries_per_day": v[:, None], "training.retrains_per_year": f[None, :]}, data


def run_plans(scenario: Scenario, plans: list[Plan]) -> list[dict[str, np.ndarray]]:
    """Evaluate several sweeps of a scalar scenario in ONE vectorised ``evaluate``.

    Each plan's points are flattened and laid end to end; fields a plan does not vary keep
    the scenario's value. The results are cut back into each plan's shape. A scenario that
    already holds arrays is evaluated plan by plan instead.
    """
    if scenario.shape != ():
        return [data(evaluate(scenario.override(changes))) for changes, data in plans]
    shapes = [np.broadcast_shapes(*(np.shape(v) for v in changes.values())) for changes, _ in plans]
    sizes = [int(np.prod(shape)) for shape in shapes]
    keys = sorted({k for changes, _ in plans for k in changes})
    flat: dict[str, np.ndarray] = {}
    for key in keys:
        parts = []
        for (changes, _), shape in zip(plans, shapes, strict=True):
            value = changes.get(key, scenario.get(key))
            parts.append(np.broadcast_to(np.asarray(value, dtype=float), shape).ravel())
        flat[key] = np.concatenate(parts)
    results = evaluate(scenario.override(flat))
    out, start = [], 0
    for (_, data), shape, size in zip(plans, shapes, sizes, strict=True):
        out.append(data(results.subset(slice(start, start + size), shape)))
        start += size
    return out


def grown_serving_curve(scenario: Scenario, results: Results, months) -> np.ndarray:
    """Cumulative serving cost at ``months`` (1-D) when the volume grows: month-by-month
    sums, linear within a month [USD]. Array scenarios give one curve per point, on a
    trailing axis."""
    monthly, _, _ = serving_by_month(
        scenario.inference.queries_per_day,
        scenario.inference.monthly_growth,
        scenario.economics.horizon_months,
        *serving_structures(scenario, results),
        scenario.inference.replicas,
        scenario.inference.max_replicas,
    )
    count = monthly.shape[-1]
    cumulative = np.cumsum(monthly, axis=-1) - monthly  # at the start of each month
    t = np.clip(np.asarray(months, dtype=float), 0.0, count)
    k = np.minimum(np.floor(t).astype(int), count - 1)
    return cumulative[..., k] + (t - k) * monthly[..., k]


def volume_sweep(scenario: Scenario, points: int = 181) -> dict[str, np.ndarray]:
    """Yearly training, serving and total cost against daily query volume."""
    return run_plans(scenario, [_volume_plan(points)])[0]


def pruning_sweep(scenario: Scenario, points: int = 91) -> dict[str, np.ndarray]:
    """Serving cost, p99 latency and accuracy against the pruning ratio."""
    return run_plans(scenario, [_pruning_plan(points)])[0]


def retraining_sweep(scenario: Scenario, points: int = 121) -> dict[str, np.ndarray]:
    """Yearly cost and mean accuracy against retraining frequency (0 = never to weekly)."""
    return run_plans(scenario, [_retraining_plan(points)])[0]


def share_heatmap(
    scenario: Scenario, volumes: int = 37, retrains: int = 27
) -> dict[str, np.ndarray]:
    """Training share and horizon cost over query volume x retraining frequency."""
    return run_plans(scenario, [_heatmap_plan(volumes, retrains)])[0]


CHART_PLANS: dict[str, tuple[Callable[[], Plan], tuple[str, ...]]] = {
    "volume": (_volume_plan, ("inference.queries_per_day",)),
    "pruning": (_pruning_plan, ("pruning.ratio",)),
    "retraining": (_retraining_plan, ("training.retrains_per_year",)),
    "heatmap": (_heatmap_plan, ("inference.queries_per_day", "training.retrains_per_year")),
}
"""Each sweep chart: its plan, and the fields it sweeps (its data does not depend on them)."""


def chart_sweeps(scenario: Scenario, names=None) -> dict[str, dict[str, np.ndarray]]:
    """The data of the sweep charts ``names`` (default all four), in one evaluation."""
    return point_and_sweeps(scenario, names)[1]


def _the_point() -> Plan:
    return {}, lambda results: {"results": results}


def point_and_sweeps(
    scenario: Scenario, names=None
) -> tuple[Results | None, dict[str, dict[str, np.ndarray]]]:
    """The scenario's own results and the data of the sweep charts ``names`` (default all
    four), in ONE evaluation: the point rides along with the sweeps' points (element i of
    an array evaluation equals the scalar evaluation of point i). The results are None
    when ``names`` is empty: no sweep is needed, and nor is this function."""
    names = tuple(CHART_PLANS if names is None else names)
    if not names:
        return None, {}
    plans = [_the_point(), *(CHART_PLANS[name][0]() for name in names)]
    point, *charts = run_plans(scenario, plans)
    return point["results"], dict(zip(names, charts, strict=True))


def load_key(scenario: Scenario, results: Results) -> tuple:
    """What :func:`load_sweep` depends on: the scenario with its volume pinned (the sweep
    sets its own), the fleet it holds and a replica's capacity, and the profile set."""
    pinned = _pinned(scenario, ("inference.queries_per_day",))
    fleet = tuple(
        float(results.get(key))
        for key in ("inference.replicas", "inference.batch", "inference.max_qps_per_replica")
    )
    return pinned, fleet, id(scenario.profiles)


def sweep_key(scenario: Scenario, name: str) -> tuple:
    """What chart ``name``'s data depends on: the scenario with the swept fields pinned, and
    the profile set. Two scenarios with equal keys have equal chart data."""
    return _pinned(scenario, CHART_PLANS[name][1]), id(scenario.profiles)


def _pinned(scenario: Scenario, keys) -> Scenario:
    """``scenario`` with the fields ``keys`` set to 0 (a comparison key, never evaluated:
    no validation, which would cost more than the comparison saves)."""
    changes: dict[str, dict[str, float]] = {}
    for dotted in keys:
        section, _, key = dotted.partition(".")
        changes.setdefault(section, {})[key] = 0.0
    return dataclasses.replace(
        scenario,
        **{s: dataclasses.replace(getattr(scenario, s), **kv) for s, kv in changes.items()},
    )


def load_sweep(scenario: Scenario, results: Results, points: int = 131) -> dict[str, np.ndarray]:
    """p50/p99 end-to-end latency and time to first token of the current fleet (replicas and
    concurrency held) as the peak load grows to 130% of its capacity.

    The fleet is held at its current size; loads beyond what the volume field accepts
    (10^12 queries/day) are left out rather than extrapolated.
    """
    # Held as fields, so kept in their accepted ranges (a fleet of 10^12 replicas is drawn
    # as the largest a scenario can state; its queue shows as saturated).
    replicas = float(spec_of(InferenceSpec, "replicas").clip(results.inference.replicas))
    batch = float(spec_of(InferenceSpec, "batch").clip(results.inference.batch))
    capacity_qps = replicas * float(results.inference.max_qps_per_replica)
    peak_to_mean = float(scenario.inference.peak_to_mean)
    limit_qps = VOLUME_LIMIT / SECONDS_PER_DAY * peak_to_mean
    peak_qps = np.linspace(0.0, 1.3, points) * min(capacity_qps, limit_qps / 1.3)
    r = evaluate(
        scenario.override(
            {
                "inference.replicas": replicas,
                "inference.batch": batch,
                "inference.queries_per_day": peak_qps / peak_to_mean * SECONDS_PER_DAY,
            }
        )
    )
    return {
        "peak_qps": peak_qps,
        "latency_p50_s": r.inference.latency_p50_s,
        "latency_p99_s": r.inference.latency_p99_s,
        "ttft_p50_s": r.inference.ttft_p50_s,
        "ttft_p99_s": r.inference.ttft_p99_s,
        "saturated": r.inference.saturated,
        "capacity_qps": np.asarray(capacity_qps),
    }


def hardware_comparison(scenario: Scenario) -> list[dict]:
    """Every loaded profile as the serving hardware and as the training hardware.

    One row per profile id (sorted): serving figures with that profile serving (training
    unchanged) and training figures with it training (serving unchanged). A profile that
    cannot be priced under the scenario's pricing has ``None`` figures and a ``note``.
    """
    rows = []
    for pid in sorted(scenario.profiles):
        profile = scenario.profiles[pid]
        row: dict = {"id": pid, "name": profile.name, "kind": profile.kind, "note": ""}
        try:
            serve = evaluate(scenario.override({"inference.hardware": pid}))
            i = serve.inference
            row.update(
                {
                    "cost_per_1k_queries_usd": float(i.cost_per_1k_queries_usd),
                    "serving_usd_per_year": float(i.yearly_cost_usd),
                    "latency_p99_s": float(i.latency_p99_s),
                    "serving_devices": float(i.devices),
                    "tokens_per_s_per_device": float(i.output_tokens_per_s_per_device),
                    "serving_ok": bool(i.fits and i.slo_met and not i.saturated),
                    "serving_energy_wh_per_query": float(i.energy_wh_per_query),
                }
            )
        except InputError as exc:
            row["note"] = exc.errors[0].message
        try:
            train = evaluate(scenario.override({"training.hardware": pid}))
            row.update(
                {
                    "training_run_usd": float(train.training.cost_usd),
                    "training_days": float(train.training.wall_clock_days),
                    "training_co2_kg": float(train.training.co2_kg),
                    "training_fits": bool(train.training.fits),
                    "lifetime_usd": float(train.lifecycle.horizon_cost_usd),
                }
            )
        except InputError as exc:
            row["note"] = row["note"] or exc.errors[0].message
        rows.append(row)
    return rows
