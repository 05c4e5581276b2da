"""How sure are we? Monte Carlo over uncertain inputs, P10/P50/P90 of the answers.

Each uncertain input has a distribution (``engine.distributions``): by default a factor
drawn log-uniformly between its low and high factor (a price 30% either way, traffic between
half and double), or for growth an amount drawn uniformly; any numeric scenario field may
take a uniform, log-uniform, triangular, normal or lognormal instead. With every range fixed
(factor 1:1, amount 0:0) the result is the deterministic one.

Samples are evaluated in chunks of :data:`CHUNK` (one vectorised ``evaluate`` each), so memory
does not grow with the sample count beyond the kept output columns (7 x 8 B per sample:
112 MB at 2,000,000). Each input draws from its own generator, seeded by the run's seed and
the input's name, and every distribution is sampled by inverse CDF from one uniform per
sample: the same seed gives the same samples however they are chunked, and adding an input
leaves the other inputs' draws as they were.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .distributions import ADDITIVE, Distribution, as_distribution
from .evaluate import evaluate
from .lifecycle import cumulative_costs
from .log_quantiles import LogQuantiles
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
HISTOGRAMS = (
    "lifecycle.horizon_cost_usd",
    "inference.cost_per_1k_queries_usd",
    "inference.latency_p99_s",
    "lifecycle.crossover_month",
)
"""The outputs people look at as a distribution (a crossover that never happens is left out
of its histogram and counted in :attr:`MonteCarlo.p_overtake` instead)."""
HISTOGRAM_BINS = 40
CHUNK = 10_000
"""Samples per evaluation: ~5-10 KB of engine intermediates each, so ~50-100 MB a chunk."""
MAX_SAMPLES = 5_000_000
"""Most samples one run takes, set by time: about 100,000 samples/s on one core, so 50 s
here (the chatbot demo; 2,000,000 take 18 s). Memory is bounded by the chunk, not the count,
except for the kept output columns (56 B a sample): 461 MB peak at this bound, 299 MB at
2,000,000 (``/usr/bin/time -v whatif montecarlo chatbot.yaml --samples N``)."""


class CancelledError(Exception):
    """Raised by a progress callback to stop a run between chunks."""


@dataclass(frozen=True)
class MonteCarlo:
    """Samples and percentiles: ``bands[key]`` is (P10, P50, P90); ``timeline`` the P10/P50/
    P90 cumulative total cost per month [USD] (within 0.1%, see ``engine.log_quantiles``);
    ``histograms[key]`` is (bin edges, counts) of the finite values; ``p_overtake`` the share
    of samples whose serving cost passes training cost within the horizon."""

    samples: int
    inputs: dict
    outputs: dict
    bands: dict
    months: np.ndarray
    timeline: tuple
    histograms: dict = field(default_factory=dict)
    p_overtake: float = 0.0
    ranges: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        def clean(v):
            return None if not np.isfinite(v) else float(v)

        return {
            "samples": self.samples,
            "p_serving_overtakes_training": self.p_overtake,
            "percentiles": {
                k: dict(zip(("p10", "p50", "p90"), map(clean, v), strict=True))
                for k, v in self.bands.items()
            },
            "histograms": {
                k: {"edges": edges.tolist(), "counts": counts.tolist()}
                for k, (edges, counts) in self.histograms.items()
            },
        }


def monte_carlo(
    scenario: Scenario,
    ranges: dict | None = None,
    samples: int = 1000,
    seed: int = 20261129,
    months: int = 121,
    chunk: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_chunk: Callable[[dict, dict], None] | None = None,
    keep_inputs: bool = True,
) -> MonteCarlo:
    """Evaluate ``samples`` draws of the uncertain inputs (see module docstring).

    ``ranges`` maps ``section.key`` to a :class:`~engine.distributions.Distribution` or a
    ``(low, high)`` factor range. ``progress(done, total)`` runs after each chunk (raise
    :class:`CancelledError` there to stop); ``on_chunk(inputs, outputs)`` receives each chunk's
    arrays (to stream them); ``keep_inputs=False`` keeps no per-sample inputs; ``chunk``
    samples are evaluated at a time (default :data:`CHUNK`).
    """
    if scenario.shape != ():
        raise ValueError("monte_carlo takes a scalar scenario")
    if samples < 1:
        raise ValueError("monte_carlo needs at least one sample")
    ranges = DEFAULT_RANGES if ranges is None else ranges
    chunk = CHUNK if chunk is None else chunk
    drawn = {key: as_distribution(key, value) for key, value in ranges.items()}
    streams = {key: np.random.default_rng([seed, zlib.crc32(key.encode())]) for key in drawn}
    horizon = float(scenario.economics.horizon_months)
    grid = np.linspace(0.0, horizon, months)
    quantiles = LogQuantiles(months)
    kept_inputs: dict[str, list] = {}
    kept = {key: np.empty(samples) for key in OUTPUTS}
    done = 0
    while done < samples:
        n = min(chunk, samples - done)
        inputs = _draw(scenario, drawn, streams, n)
        trial = scenario.override(inputs) if inputs else scenario
        r = evaluate(trial)
        outputs = {key: np.broadcast_to(r.get(key), (n,)).astype(float) for key in OUTPUTS}
        for key, values in outputs.items():
            kept[key][done : done + n] = values
        if keep_inputs:
            for key, values in inputs.items():
                kept_inputs.setdefault(key, []).append(values)
        quantiles.add(_total_cost(trial, r, grid, n))
        if on_chunk is not None:
            on_chunk(inputs, outputs)
        done += n
        if progress is not None:
            progress(done, samples)
    # Observed values, not interpolated ones: some outputs are infinite when flagged (a
    # crossover that never happens), and a percentile must not average with infinity.
    bands = {
        key: tuple(
            float(v) for v in np.percentile(values, PERCENTILES, method="closest_observation")
        )
        for key, values in kept.items()
    }
    crossing = kept["lifecycle.crossover_month"]
    return MonteCarlo(
        samples=samples,
        inputs={key: np.concatenate(parts) for key, parts in kept_inputs.items()},
        outputs=kept,
        bands=bands,
        months=grid,
        timeline=quantiles.percentiles(PERCENTILES),
        histograms={key: histogram(kept[key]) for key in HISTOGRAMS},
        p_overtake=float(np.count_nonzero(np.isfinite(crossing)) / samples),
        ranges=drawn,
    )


def histogram(values: np.ndarray, bins: int = HISTOGRAM_BINS) -> tuple[np.ndarray, np.ndarray]:
    """(edges, counts) of the finite ``values`` on ``bins`` equal bins from their least to
    their greatest (one narrow bin around a value every sample shares)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return np.array([0.0, 1.0]), np.array([0])
    low, high = float(finite.min()), float(finite.max())
    if low == high:
        pad = abs(low) * 0.01 or 0.5
        return np.array([low - pad, high + pad]), np.array([finite.size])
    counts, edges = np.histogram(finite, bins=bins, range=(low, high))
    return edges, counts


def _draw(scenario: Scenario, drawn: dict, streams: dict, n: int) -> dict:
    """The next ``n`` values of every input that can move (a relative range on an ``auto``
    or zero value cannot, and is left out)."""
    inputs = {}
    for key, dist in drawn.items():
        u = streams[key].random(n)  # drawn even when unused: the stream stays in step
        values = dist.sample(u, scenario.resolved(key), spec_for(key))
        if values is not None:
            inputs[key] = values
    return inputs


def _total_cost(trial: Scenario, r, grid: np.ndarray, n: int) -> np.ndarray:
    """Cumulative training + serving cost of each sample at each month (n, months) [USD]."""
    interval = np.broadcast_to(r.quality.retrain_interval_months, (n,))
    training, serving = cumulative_costs(
        grid[None, :],
        np.broadcast_to(r.lifecycle.initial_training_cost_usd, (n,))[:, None],
        np.broadcast_to(r.training.cost_per_retrain_usd, (n,))[:, None],
        interval[:, None],
        np.broadcast_to(r.lifecycle.retrains_in_horizon, (n,))[:, None],
        np.broadcast_to(r.inference.yearly_cost_usd, (n,))[:, None] / 12.0,
    )
    growth = np.broadcast_to(np.asarray(trial.inference.monthly_growth, dtype=float), (n,))
    if np.any(growth != 0):
        serving = np.broadcast_to(grown_serving_curve(trial, r, grid), (n, grid.size))
    return training + serving


__all__ = [
    "ADDITIVE",
    "CHUNK",
    "DEFAULT_RANGES",
    "MAX_SAMPLES",
    "CancelledError",
    "Distribution",
    "MonteCarlo",
    "monte_carlo",
]
