"""What the engine predicts for a set of benchmark runs, in a few vectorised evaluations.

Each run becomes one point of an array scenario (``Scenario.override`` with arrays), so a
whole set is predicted by one :func:`engine.evaluate` call per group of runs that share the
scenario's non-numeric choices (weight and KV precision; runs at a fixed concurrency and runs
at maximum load), never one call per run. The mapping:

- a run at a fixed concurrency C on D devices is one replica of D devices (``inference.
  devices_per_replica``; or D / k replicas of k when the run says ``devices_per_replica``)
  keeping C sequences in flight over all (``inference.batch`` = C per replica), with no
  latency target and no admission queue (the load generator keeps exactly C requests in
  flight): output tokens/s = ``output_tokens_per_s_per_device x D``, ``tpot_s``,
  ``ttft_p50_s``;
- a request-rate run is evaluated the same way at its Little's-law concurrency: the measured
  request rate x the mean end-to-end latency (or TTFT + (output - 1) x TPOT when the file has
  no end-to-end figure);
- a run at maximum load (no concurrency or rate: MLPerf Offline, TensorRT-LLM's throughput
  tables) lets the engine choose the concurrency that fits memory, under the run's targets
  if it had any (MLPerf Server: p99 TTFT and TPOT), on the run's replica shape (one replica of
  all D devices unless it says otherwise) or, for ``devices_per_replica: auto``, on the best
  shape within D (every shape along an extra array axis): the output tokens/s of all D;
- a training run predicts tokens/s = training tokens / wall-clock time at the profile's MFU.

Runs are of the plain model: no pruning, no prefix caching, no speculative decoding.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import numpy as np

from .architecture import transformer_shape
from .evaluate import evaluate
from .measurements import Measurement
from .profiles import Profile

NO_TARGET_MS = 1e8
"""Stands for "no target" inside an array of targets (the largest a target may be) [ms]."""

TRAINING_TOKENS = 1e12
"""Tokens of the notional training run whose wall-clock time gives tokens/s."""

FITS = "fits"
"""Key of each prediction saying whether the engine found the run feasible (the model and
its sequences fit the devices; a run held to targets meets them)."""

MAX_LOAD_CONCURRENCY = 4096
"""Cap on the sequences in flight of a run at maximum load: TensorRT-LLM's throughput runs
and MLPerf submissions keep thousands in flight (max batch sizes of 2,048 to 4,096)."""

MAX_SHAPE = 64
"""Largest replica shape tried for a run at maximum load [devices]."""


def little_concurrency(m: Measurement) -> float | None:
    """Sequences in flight of a request-rate run: rate x mean stay (Little's law)."""
    if m.request_rate is None:
        return None
    if m.e2e_ms is not None:
        stay_ms = m.e2e_ms
    elif m.ttft_ms is not None and m.tpot_ms is not None and m.output_tokens is not None:
        stay_ms = m.ttft_ms + (m.output_tokens - 1.0) * m.tpot_ms
    else:
        return None
    return max(m.request_rate * stay_ms / 1000.0, 1.0)


def run_concurrency(m: Measurement) -> float | None:
    """The concurrency a serving run is evaluated at (None: maximum load)."""
    if m.concurrency is not None:
        return m.concurrency
    return little_concurrency(m)


def trial_profile(profile: Profile, efficiency: dict, runs: list[Measurement]) -> Profile:
    """``profile`` with efficiencies replaced and its shape limit raised to the largest run."""
    most = max([m.devices or 1 for m in runs] + [profile.max_devices_per_replica])
    return dataclasses.replace(
        profile,
        efficiency=dataclasses.replace(profile.efficiency, **efficiency),
        max_devices_per_replica=int(2 ** np.ceil(np.log2(most))),
    )


def predict(profile: Profile, runs: list[Measurement], scenario) -> list[dict[str, float]]:
    """The engine's figure for each measured metric of each run, with ``profile`` serving and
    training, plus ``FITS`` (``runs`` must be complete: :func:`engine.measurements.check`)."""
    scenario = scenario.with_profiles({**scenario.profiles, profile.id: profile})
    out: list[dict[str, float]] = [{} for _ in runs]
    groups = defaultdict(list)
    for i, m in enumerate(runs):
        if m.is_training:
            groups["training", m.precision].append(i)
        else:
            kind = "fixed" if run_concurrency(m) is not None else "max"
            groups[kind, m.precision, m.kv_precision or "auto"].append(i)
    for key, indices in groups.items():
        chosen = [runs[i] for i in indices]
        if key[0] == "training":
            values = _training(scenario, profile.id, key[1], chosen)
        else:
            values = _serving(scenario, profile.id, key, chosen)
        for i, v in zip(indices, values, strict=True):
            out[i] = v
    return out


def _model_arrays(scenario, runs: list[Measurement]) -> dict:
    """Model overrides: parameters and the transformer shape of each run (estimated from
    the parameters where a run does not say; the scenario's own where it is that model)."""
    m0 = scenario.model
    params = np.array([m.params for m in runs])
    active = np.array([m.active_params or m.params for m in runs])
    shapes = []
    for m, a in zip(runs, active, strict=True):
        same = m0.params is not None and np.all(np.asarray(m0.params) == m.params)
        layers = m.layers or (m0.layers if same else None)
        hidden = m.hidden_size or (m0.hidden_size if same else None)
        kv_heads = m.kv_heads or (m0.kv_heads if same else None)
        shapes.append([float(x) for x in transformer_shape(a, layers, hidden, kv_heads)])
    shapes = np.array(shapes)
    moe = active < params
    return {
        "model.kind": "llm",
        "model.params": params,
        "model.active_params": active,
        "model.experts": np.where(moe, np.asarray(m0.experts, dtype=float), 1.0),
        "model.experts_per_token": np.where(moe, np.asarray(m0.experts_per_token, float), 1.0),
        "model.kv_bytes_per_token": None,
        "model.layers": shapes[:, 0],
        "model.hidden_size": shapes[:, 1],
        "model.kv_heads": shapes[:, 2],
        "pruning.ratio": 0.0,
    }


def _serving(scenario, pid: str, key, runs: list[Measurement]) -> list[dict]:
    kind, precision, kv_precision = key
    ttft_target = np.array([m.ttft_target_ms or NO_TARGET_MS for m in runs])
    tpot_target = np.array([m.tpot_target_ms or NO_TARGET_MS for m in runs])
    changes = {
        **_model_arrays(scenario, runs),
        "model.precision": precision,
        "model.kv_precision": kv_precision,
        "model.prompt_tokens": np.array([m.prompt_tokens for m in runs]),
        "model.output_tokens": np.array([m.output_tokens for m in runs]),
        "inference.hardware": pid,
        "inference.queries_per_day": 0.0,
        "inference.peak_to_mean": 1.0,
        "inference.target_utilization": 1.0,
        "inference.latency_slo_ms": None,
        "inference.ttft_slo_ms": ttft_target,
        "inference.tpot_slo_ms": tpot_target,
        "inference.prefix_cache_hit": 0.0,
        "inference.speculative_tokens": 1.0,
        "inference.replicas": None,
        "inference.max_replicas": None,
    }
    devices = np.array([m.devices for m in runs])
    shape = np.array([m.devices_per_replica or m.devices for m in runs])
    if kind == "fixed":
        replicas = np.array([m.replicas for m in runs])
        changes["inference.batch"] = np.array([run_concurrency(m) for m in runs]) / replicas
        changes["inference.devices_per_replica"] = shape
        r = evaluate(scenario.override(changes)).inference
        per_device = r.output_tokens_per_s_per_device
        ttft, tpot, fits = r.ttft_p50_s, r.tpot_s, np.asarray(r.fits, dtype=bool)
    else:  # replica shapes along a second axis: the run's own, or the best within its devices
        shapes = 2.0 ** np.arange(int(np.log2(MAX_SHAPE)) + 1)
        column = {k: (v[:, None] if isinstance(v, np.ndarray) else v) for k, v in changes.items()}
        column["inference.batch"] = None
        column["inference.max_batch"] = MAX_LOAD_CONCURRENCY
        column["inference.devices_per_replica"] = shapes[None, :]
        r = evaluate(scenario.override(column)).inference
        choose = np.array([m.choose_shape for m in runs])[:, None]
        allowed = np.where(choose, shapes <= devices[:, None], shapes == shape[:, None])
        usable = allowed & r.fits & r.slo_feasible
        score = np.where(usable, r.output_tokens_per_s_per_device, -np.inf)
        best = np.where(
            np.any(usable, axis=1), np.argmax(score, axis=1), np.argmax(allowed, axis=1)
        )
        rows = np.arange(len(runs))
        per_device = r.output_tokens_per_s_per_device[rows, best]
        ttft, tpot = r.ttft_p50_s[rows, best], r.tpot_s[rows, best]
        fits = np.any(usable, axis=1)
    out = []
    for i, m in enumerate(runs):
        figures = {
            "output_tokens_per_s": float(per_device[i] * m.devices),
            "ttft_ms": float(ttft[i] * 1000.0),
            "tpot_ms": float(tpot[i] * 1000.0),
        }
        kept = {k: v for k, v in figures.items() if k in m.measured()}
        out.append({**kept, FITS: bool(fits[i])})
    return out


def _training(scenario, pid: str, precision: str, runs: list[Measurement]) -> list[dict]:
    changes = {
        **_model_arrays(scenario, runs),
        "model.training_tokens": TRAINING_TOKENS,
        "training.hardware": pid,
        "training.precision": precision,
        "training.devices": np.array([m.devices for m in runs]),
        "training.mfu": None,
        # A measured rate is the steady state of a pre-training run: no restarts, no spot.
        "model.pretraining": "own",
        "training.goodput": 1.0,
    }
    if scenario.economics.pricing == "spot":  # no preemption losses in a measured rate
        changes["economics.pricing"] = "cloud"
    r = evaluate(scenario.override(changes)).training
    seconds = np.asarray(r.wall_clock_days, dtype=float) * 86400.0
    # A measured run did fit (offloading, sharding): the engine's memory check is moot here.
    return [{"training_tokens_per_s": float(TRAINING_TOKENS / s), FITS: True} for s in seconds]
