"""Serving: the replica shape and concurrency a continuous-batching server runs at under the
TTFT, TPOT and end-to-end targets, the fleet for the peak, the admission queue, and the cost,
energy and carbon of a year of traffic.

Sources: Kwon et al. 2023 (vLLM) and Yu et al. 2022 (Orca): iteration-level scheduling of
concurrent sequences; Agrawal et al. 2024 (Sarathi-Serve): chunked prefill; Zhong et al. 2024
(DistServe): TTFT and TPOT as the targets that define goodput; Pope et al. 2022: decode is
memory-bound, tensor parallelism costs two all-reduces per layer; Shoeybi et al. 2019
(Megatron): the tensor degree must divide the attention heads; Allen 1990 (Allen-Cunneen
approximation for M/G/c waits); Elsworth et al. 2025 (Google): serving energy counts the
accelerators, the hosts, idle spare capacity and the data centre's overhead.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from . import iteration as it
from .iteration import Replica, Workload
from .service import Service, map_arrays

ACTIVATION_BYTES = 2.0
"""Activations exchanged between shards are 16-bit [bytes/value]."""

SECONDS_PER_DAY = 86400.0
HOURS_PER_YEAR = 8760.0

BINDING_TARGETS = (
    "concurrency cap",
    "memory",
    "TPOT target",
    "TTFT target",
    "end-to-end target",
    "no replica meets the targets",
)
"""What sets the operating concurrency, by the code ``inference.binding_target`` holds: the
automatic concurrency stops at the cap (``max_batch``, or half the iteration's token
budget), at the KV memory, or where a target would be missed; the last code flags a
scenario no replica shape can serve within its targets (it runs one sequence at a time)."""
CAP, MEMORY, TPOT, TTFT, END_TO_END, INFEASIBLE = range(len(BINDING_TARGETS))


@dataclass(frozen=True)
class Targets:
    """Latency targets in seconds (None: no target) and the share the service may use."""

    ttft_s: object
    tpot_s: object
    end_to_end_s: object
    service_fraction: object


def replica_options(profile) -> np.ndarray:
    """Tensor degrees tried: powers of two up to the profile's limit (a degree must divide
    the heads, and powers of two do for every common shape)."""
    top = int(np.log2(max(int(profile.max_devices_per_replica), 1)))
    return 2.0 ** np.arange(top + 1)


def make_replica(profile, usable_memory_fraction, peak_flops, devices) -> Replica:
    """A replica of ``devices`` devices; ``peak_flops`` is one device's peak [FLOP/s]."""
    eff = profile.efficiency
    devices = np.asarray(devices, dtype=float)
    return Replica(
        devices=devices,
        compute_flops=devices * peak_flops * eff.inference_compute,
        bandwidth=devices * profile.memory_bandwidth_gbps * 1e9 * eff.inference_memory,
        interconnect=np.asarray(profile.interconnect_gbps * 1e9),
        memory=devices * profile.memory_gb * 1e9 * usable_memory_fraction,
        overhead_s=np.asarray(eff.step_overhead_ms / 1000.0),
    )


@dataclass(frozen=True)
class OperatingPoint:
    """The chosen replica and concurrency (arrays at the scenario's shape)."""

    replica: Replica
    concurrency: np.ndarray  # sequences in flight per replica
    memory_concurrency: np.ndarray  # the most whose KV cache fits
    tpot_s: np.ndarray  # time per output token
    iteration_s: np.ndarray  # one steady-state iteration
    ttft_service_s: np.ndarray  # prefill time, without the admission wait
    service_s: np.ndarray  # a sequence's whole stay: TTFT + (O - 1) TPOT
    binding: np.ndarray  # code into BINDING_TARGETS
    feasible: np.ndarray  # some shape meets every target's service budget
    fits: np.ndarray  # the weights and one sequence fit the replica
    service: Service  # the chosen replica's service at any concurrency


POINT_CACHE_SIZE = 16
"""Operating points of scalar evaluations kept for reuse [entries]: a knob that does not
change the replica (query volume, retraining) finds its point already worked out."""
_POINTS: OrderedDict = OrderedDict()
_POINTS_LOCK = threading.Lock()  # the hardware table evaluates on a worker thread


def operating_point(w: Workload, profile, *args, **kwargs) -> OperatingPoint:
    """:func:`sized_point`, reused for a scalar evaluation whose arguments equal an earlier
    one's (the point depends on nothing else); its arrays are read-only, so no caller can
    change a kept point."""
    key = _scalar_key((w, args, sorted(kwargs.items())))
    if key is None:
        return sized_point(w, profile, *args, **kwargs)
    key = (id(profile), key)
    with _POINTS_LOCK:
        kept = _POINTS.get(key)
        if kept is not None and kept[0] is profile:
            _POINTS.move_to_end(key)
            return kept[1]
    point = map_arrays(sized_point(w, profile, *args, **kwargs), _read_only)
    with _POINTS_LOCK:
        _POINTS[key] = (profile, point)  # the profile held: its id is not reused meanwhile
        while len(_POINTS) > POINT_CACHE_SIZE:
            _POINTS.popitem(last=False)
    return point


def _scalar_key(value):
    """``value`` as a hashable key of plain numbers, or None if it holds an array of more
    than one element (a grid: not kept)."""
    if value is None or isinstance(value, bool | str | int | float):
        return value
    if isinstance(value, np.ndarray | np.generic):
        return float(value) if np.ndim(value) == 0 else None
    if dataclasses.is_dataclass(value):
        value = [getattr(value, f.name) for f in dataclasses.fields(value)]
    if isinstance(value, list | tuple):
        parts = tuple(_scalar_key(v) for v in value)
        lost = any(p is None and v is not None for p, v in zip(parts, value, strict=True))
        return None if lost else parts
    return None


def _read_only(x):
    if isinstance(x, np.ndarray):
        x = x.view()
        x.flags.writeable = False
    return x


def sized_point(
    w: Workload,
    profile,
    peak_flops,
    usable_memory_fraction,
    targets: Targets,
    *,
    concurrency=None,
    devices_per_replica=None,
    max_concurrency,
    budget_tokens,
    generic: bool,
    heads=None,
    kv_heads=None,
) -> OperatingPoint:
    """The replica shape and concurrency with the lowest cost per query that meet every
    target.

    For each tensor degree (:func:`replica_options`) the concurrency is the largest that fits
    the KV memory, the cap, and each target's service budget (a closed form per target);
    throughput per device grows with concurrency, so that is the cheapest point of that shape.
    The shape with the most queries per device-second among those that meet the targets wins
    (ties: the smaller). Where none does, the shape with the shortest service at one
    sequence serves one at a time, flagged. A generic model (no tensor parallelism modelled)
    uses the fewest devices that hold it. ``devices_per_replica`` (an array or None) fixes
    the shape: only that tensor degree is a candidate (one the profile's limit does not
    offer serves nothing, flagged).
    """
    options = replica_options(profile)
    shape = np.broadcast_shapes(
        *(np.shape(getattr(w, f)) for f in w.__dataclass_fields__),
        *(np.shape(x) for x in (usable_memory_fraction, max_concurrency, budget_tokens)),
        *(np.shape(x) for x in _target_values(targets)),
        np.shape(concurrency) if concurrency is not None else (),
        np.shape(devices_per_replica) if devices_per_replica is not None else (),
        np.shape(heads) if heads is not None else (),
        np.shape(kv_heads) if kv_heads is not None else (),
    )

    def wide(x):
        return np.broadcast_to(np.asarray(x, dtype=float), shape)[..., None]

    ww = Workload(**{f: wide(getattr(w, f)) for f in w.__dataclass_fields__})
    r = make_replica(profile, wide(usable_memory_fraction), peak_flops, options)
    tokens = wide(budget_tokens)
    has_moe = bool(np.any(ww.experts > 1))

    per_sequence = ww.kv_bytes * ww.decode_context + ww.query_bytes
    safe = np.where(per_sequence > 0, per_sequence, 1.0)
    room = r.memory - ww.weight_bytes
    memory_b = np.where(per_sequence > 0, room / safe, np.where(room >= 0, np.inf, -np.inf))
    cap_b = wide(max_concurrency)
    if not generic:  # leave at least half of each iteration's tokens for prefill chunks
        cap_b = np.minimum(cap_b, tokens / (2.0 * ww.verified))
    bounds = [cap_b, memory_b]
    tpot = _scaled(targets.tpot_s, wide) * ww.speculative
    tpot_lines = it.tpot_lines(ww, r)
    prefill = it.prefill_lines(ww, r, tokens)  # shared by the TTFT bounds and the stays
    bounds.append(_where_target(tpot, lambda t: it.largest_within(tpot_lines, t, has_moe)))
    service_share = wide(targets.service_fraction)
    ttft = _scaled(targets.ttft_s, wide) * service_share
    bounds.append(_where_target(ttft, lambda t: it.ttft_bound(ww, r, tokens, t, has_moe, prefill)))
    e2e = _scaled(targets.end_to_end_s, wide) * service_share
    if generic:  # one pass per query: end-to-end is the first (and only) output
        bounds.append(
            _where_target(e2e, lambda t: it.ttft_bound(ww, r, tokens, t, has_moe, prefill))
        )
    elif np.any(np.isfinite(e2e)):

        def stay(b):
            return _service(ww, tokens, tpot_lines, b, prefill)[2]

        below_others = np.maximum(np.minimum.reduce(np.broadcast_arrays(*bounds)), 0.0)
        bounds.append(_where_target(e2e, lambda t: it.increasing_root(stay, t, below_others)))
    stacked = np.stack(np.broadcast_arrays(*bounds))
    best_b = stacked.min(axis=0)
    binding = np.argmin(stacked, axis=0).astype(float)

    candidates = memory_b >= 1.0
    for count in (heads, kv_heads):
        if count is not None:
            c = wide(count)
            whole = c == np.round(c)
            candidates &= ~whole | (np.mod(c, options) == 0) | (np.mod(options, c) == 0)
    if devices_per_replica is not None:  # a fixed shape: only that tensor degree
        candidates &= options == wide(devices_per_replica)
    if generic:  # the fewest devices that hold it
        fewest = np.argmax(memory_b >= 1.0, axis=-1)[..., None]
        candidates &= np.arange(options.size) == fewest
    if concurrency is None:
        b = np.maximum(best_b, 1.0)
        feasible = candidates & (best_b >= 1.0)
    else:
        b = np.broadcast_to(wide(concurrency), best_b.shape)
        feasible = candidates & (b <= best_b * (1 + 1e-12))
    any_feasible = np.any(feasible, axis=-1)
    if not np.all(any_feasible):  # the fallback serves one sequence at a time (or as fixed)
        b = np.where(any_feasible[..., None], b, 1.0 if concurrency is None else b)
    tpot_s, ttft_s, service_s = _service(ww, tokens, tpot_lines, b, prefill)
    score = np.where(feasible, b / service_s / options, -np.inf)
    fallback = np.where(candidates, -service_s, -np.inf)
    fallback = np.where(np.any(candidates, axis=-1, keepdims=True), fallback, options)
    pick = np.argmax(np.where(any_feasible[..., None], score, fallback), axis=-1)[..., None]

    def take(x):
        return np.take_along_axis(np.broadcast_to(x, best_b.shape), pick, axis=-1)[..., 0]

    concurrency_at = take(b)
    tpot_at = take(tpot_s)
    chosen = make_replica(profile, usable_memory_fraction, peak_flops, options[pick[..., 0]])

    return OperatingPoint(
        replica=chosen,
        concurrency=concurrency_at,
        memory_concurrency=take(memory_b),
        tpot_s=tpot_at,
        iteration_s=tpot_at * w.speculative,
        ttft_service_s=take(ttft_s),
        service_s=take(service_s),
        binding=np.where(any_feasible, take(binding), float(INFEASIBLE)),
        feasible=any_feasible,
        fits=take(memory_b) >= np.maximum(concurrency_at, 1.0) * (1 - 1e-12),
        service=Service.of(w, chosen, budget_tokens),
    )


def _where_target(budget, bound):
    """``bound(budget)`` where there is a target, ``inf`` where there is none (the bound is
    computed on a finite stand-in there, so no infinity enters its arithmetic)."""
    finite = np.isfinite(budget)
    if not np.any(finite):
        return np.full(np.shape(budget), np.inf)
    return np.where(finite, bound(np.where(finite, budget, 1.0)), np.inf)


def _target_values(targets: Targets):
    return [x for x in (targets.ttft_s, targets.tpot_s, targets.end_to_end_s) if x is not None] + [
        targets.service_fraction
    ]


def _scaled(target, wide):
    """A target in seconds at the wide shape; ``inf`` where there is none."""
    if target is None:
        return wide(np.inf)
    return wide(target)


def _service(w: Workload, budget_tokens, tpot_lines, b, prefill):
    """(TPOT, TTFT without the wait, the whole stay) at concurrency ``b`` [s]."""
    return Service(w, budget_tokens, tpot_lines, prefill)(b)
