"""Serving: roofline step times, batching under memory and the SLO, sharding, replicas,
queueing latency, and the cost, energy and carbon of a year of traffic.

Sources: Williams et al. 2009 (roofline: time = max(FLOP / compute, bytes / bandwidth));
Kaplan et al. 2020, Table 1 (forward FLOP per token = 2 N + 2 n_layer n_ctx d_attn);
Pope et al. 2022, "Efficiently Scaling Transformer Inference" (decode is memory-bound at
small batch: each step streams the weights plus the KV cache; tensor parallelism costs two
all-reduces of the activations per layer); Shoeybi et al. 2019 (Megatron tensor
parallelism); Kwon et al. 2023 (vLLM: a replica serves many sequences concurrently).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .queueing import waiting_time_quantiles

ACTIVATION_BYTES = 2.0
"""Activations exchanged between tensor-parallel shards are 16-bit [bytes/value]."""

SECONDS_PER_DAY = 86400.0
HOURS_PER_YEAR = 8760.0


@dataclass(frozen=True)
class Workload:
    """Per-query work, already shaped by pruning (arrays broadcast together).

    The service time of a batch of b queries on one replica is the sum of a first term
    ``max(a1 b, c1 + e1 b)`` (prefill, or the single pass of a generic model) and
    ``n2 max(a2 b, c2 + e2 b)`` (``n2`` decode steps), plus ``eta b + delta``
    (interconnect and fixed overheads); a* are compute, c* weight streaming and e* per-query
    memory traffic, all in seconds once divided by the replica's rates.
    """

    first_flops: np.ndarray  # FLOP per query of the first pass
    first_bytes: np.ndarray  # bytes per query of the first pass besides the weights
    steps: np.ndarray  # decode steps per query (0 for generic models)
    step_flops: np.ndarray  # FLOP per query per decode step
    step_bytes: np.ndarray  # KV bytes read per query per decode step
    weight_bytes: np.ndarray  # bytes of the weights (read once per pass)
    resident_bytes: np.ndarray  # memory held per concurrent query (KV cache at full length)
    comm_bytes: np.ndarray  # all-reduce bytes per query per pass of one token
    comm_passes: np.ndarray  # tokens whose activations cross the interconnect per query
    flops_per_query: np.ndarray  # total FLOP per query (reported)
    outputs: np.ndarray  # outputs per query (tokens for llm, 1 for generic)


@dataclass(frozen=True)
class Replica:
    """Hardware of one replica: ``devices`` sharded devices (arrays)."""

    devices: np.ndarray
    compute_flops: np.ndarray  # reachable FLOP/s of the replica
    bandwidth: np.ndarray  # reachable bytes/s of the replica
    interconnect: np.ndarray  # bytes/s per device
    memory: np.ndarray  # usable bytes of the replica
    overhead_s: np.ndarray  # per pass [s]
    fits: np.ndarray  # sharding stays within the profile's limit


TENSOR_PARALLEL_CHOICES = (1.0, 2.0, 4.0, 8.0)
"""Multiples of the fewest devices that hold the model tried as the tensor-parallel degree."""


def make_replica(
    workload: Workload, profile, usable_memory_fraction, peak_flops, devices
) -> Replica:
    """A replica of ``devices`` devices; ``peak_flops`` is one device's peak [FLOP/s]."""
    per_device = profile.memory_gb * 1e9 * usable_memory_fraction
    eff = profile.efficiency
    return Replica(
        devices=devices,
        compute_flops=devices * peak_flops * eff.inference_compute,
        bandwidth=devices * profile.memory_bandwidth_gbps * 1e9 * eff.inference_memory,
        interconnect=np.asarray(profile.interconnect_gbps * 1e9),
        memory=devices * per_device,
        overhead_s=np.asarray(eff.step_overhead_ms / 1000.0),
        fits=devices <= profile.max_devices_per_replica,
    )


def choose_replica(
    w: Workload,
    profile,
    usable_memory_fraction,
    peak_flops,
    batch,
    max_batch,
    budget_s,
    tensor_parallel: bool = True,
) -> Replica:
    """The replica size that serves the most queries per device.

    Starts from the fewest devices whose usable memory holds the weights and one query,
    then also tries 2, 4 and 8 times as many (within the profile's limit): more shards give
    more memory for a larger batch and more bandwidth per query, at the price of
    all-reduce traffic. Ties go to the smaller replica. Without ``tensor_parallel`` (generic
    models, whose layer-wise communication the model does not describe) a replica is the
    fewest devices that hold it; more throughput comes from more replicas.
    """
    fields = list(w.__dataclass_fields__)
    extras = [usable_memory_fraction, max_batch, budget_s] + ([] if batch is None else [batch])
    shape = np.broadcast_shapes(
        *(np.shape(getattr(w, f)) for f in fields), *(np.shape(x) for x in extras)
    )

    def wide(x):  # every input at the full shape, plus a trailing axis for the options
        return np.broadcast_to(np.asarray(x, dtype=float), shape)[..., None]

    w_wide = Workload(**{f: wide(getattr(w, f)) for f in fields})
    memory_wide = wide(usable_memory_fraction)
    per_device_bytes = profile.memory_gb * 1e9 * memory_wide
    fewest = np.maximum(
        np.ceil((w_wide.weight_bytes + w_wide.resident_bytes) / per_device_bytes), 1.0
    )
    limit = np.maximum(fewest, profile.max_devices_per_replica)
    choices = TENSOR_PARALLEL_CHOICES if tensor_parallel else TENSOR_PARALLEL_CHOICES[:1]
    options = np.minimum(fewest * np.asarray(choices), limit)
    trial = make_replica(w_wide, profile, memory_wide, peak_flops, options)
    lines = service_lines(w_wide, trial)
    b, memory_batch, _ = _batch(
        lines,
        w_wide,
        trial,
        None if batch is None else wide(batch),
        wide(max_batch),
        wide(budget_s),
    )
    per_device = np.where(b <= memory_batch, b / service_time(lines, b) / options, 0.0)
    best = np.argmax(per_device, axis=-1)[..., None]
    devices = np.take_along_axis(options, best, axis=-1)[..., 0]
    return make_replica(w, profile, usable_memory_fraction, peak_flops, devices)


def _batch(lines, w: Workload, r: Replica, batch, max_batch, budget_s):
    """(batch, largest batch that fits memory, whether one query meets the budget).

    Automatic batch: the largest that fits memory, keeps the service time within
    ``budget_s`` and stays under ``max_batch``; at least 1.
    """
    safe_resident = np.where(w.resident_bytes > 0, w.resident_bytes, 1.0)
    memory_batch = np.where(
        w.resident_bytes > 0, np.floor((r.memory - w.weight_bytes) / safe_resident), np.inf
    )
    memory_batch = np.maximum(memory_batch, 1.0)
    slo_batch = np.floor(largest_batch_within(lines, budget_s))
    if batch is None:
        b = np.clip(np.minimum(np.minimum(slo_batch, memory_batch), max_batch), 1.0, None)
    else:
        b = np.asarray(batch, dtype=float) * np.ones_like(memory_batch)
    return b, memory_batch, slo_batch >= 1


def _all_reduce_s(w: Workload, r: Replica):
    """Ring all-reduce time of one token's activations for one query [s]: each device sends
    and receives ``2 (k - 1) / k`` of the data (Patarasuk & Yuan 2009); 0 on one device."""
    return np.where(
        r.devices > 1, w.comm_bytes * 2 * (r.devices - 1) / r.devices / r.interconnect, 0.0
    )


def service_lines(w: Workload, r: Replica):
    """The four (intercept [s], slope [s/query]) lines whose maximum is the service time.

    A sum of two maxima is the maximum of the four sums, so ``service(b)`` is
    ``max_k(intercept_k + slope_k b)``: piecewise linear and increasing in b.
    """
    comm = _all_reduce_s(w, r)
    eta = comm * w.comm_passes
    delta = r.overhead_s * (1 + w.steps)
    weights_s = w.weight_bytes / r.bandwidth
    first = ((0.0, w.first_flops / r.compute_flops), (weights_s, w.first_bytes / r.bandwidth))
    step = ((0.0, w.step_flops / r.compute_flops), (weights_s, w.step_bytes / r.bandwidth))
    lines = []
    for i1, s1 in first:
        for i2, s2 in step:
            lines.append((i1 + w.steps * i2 + delta, s1 + w.steps * s2 + eta))
    return lines


def service_time(lines, batch):
    """Service time of a batch [s]: the maximum of the service lines at ``batch``."""
    return np.maximum.reduce([i + s * batch for i, s in lines])


def largest_batch_within(lines, budget_s):
    """Largest real batch whose service time stays within ``budget_s`` (may be < 1)."""
    bounds = []
    for intercept, slope in lines:
        room = budget_s - intercept
        safe = np.where(slope > 0, slope, 1.0)
        flat = np.where(room >= 0, np.inf, -np.inf)  # a line that does not grow with b
        bounds.append(np.where(slope > 0, room / safe, flat))
    return np.minimum.reduce(bounds)


@dataclass(frozen=True)
class Serving:
    """A year of serving (arrays broadcast with the inputs); units in the Results table."""

    devices_per_replica: np.ndarray
    replicas: np.ndarray
    devices: np.ndarray
    peak_qps: np.ndarray
    batch: np.ndarray
    decode_step_s: np.ndarray
    service_time_s: np.ndarray
    latency_p50_s: np.ndarray
    latency_p95_s: np.ndarray
    latency_p99_s: np.ndarray
    saturated: np.ndarray
    max_qps_per_replica: np.ndarray
    output_tokens_per_s_per_device: np.ndarray
    device_hours_per_year: np.ndarray
    utilization: np.ndarray
    yearly_energy_kwh: np.ndarray
    fits: np.ndarray
    slo_feasible: np.ndarray
    yearly_cost_usd: np.ndarray
    step_cost_usd: np.ndarray  # yearly cost of each replica the peak adds [USD/year]
    cost_per_query_per_day_usd: np.ndarray  # yearly cost per query/day of volume [USD/year]
    step_queries_per_day: np.ndarray  # mean daily volume each replica adds [queries/day]
    energy_per_replica_kwh: np.ndarray  # yearly energy of each provisioned replica [kWh/year]
    energy_per_query_per_day_kwh: np.ndarray  # yearly energy per query/day [kWh/year]


def serve(
    w: Workload,
    r: Replica,
    *,
    queries_per_day,
    peak_to_mean,
    batch,
    max_batch,
    budget_s,
    target_utilization,
    provisioning: str,
    max_replicas,
    fixed_replicas=None,
    profile,
    pue,
    pricing: str,
    electricity_usd_per_kwh,
    hourly_usd=None,
) -> Serving:
    """Size the fleet for the peak and work out latency, energy and cost.

    ``hourly_usd`` is the price of a device-hour under cloud pricing (default: the
    profile's list price).
    """
    hourly = profile.price.hourly_usd if hourly_usd is None else hourly_usd
    lines = service_lines(w, r)
    b, memory_batch, slo_feasible = _batch(lines, w, r, batch, max_batch, budget_s)
    fits = r.fits & (b <= memory_batch)
    service = service_time(lines, b)
    capacity = b / service  # queries/s per replica

    mean_qps = np.asarray(queries_per_day, dtype=float) / SECONDS_PER_DAY
    peak_qps = mean_qps * peak_to_mean
    needed = np.maximum(np.ceil(peak_qps / (capacity * target_utilization)), 1.0)
    replicas = needed if fixed_replicas is None else np.asarray(fixed_replicas, dtype=float)
    if max_replicas is not None:
        replicas = np.minimum(replicas, max_replicas)
    servers = replicas * b
    offered = peak_qps * service  # Erlangs at the peak
    saturated = offered >= servers
    rate = 1.0 / service
    p50, p95, p99 = (
        service + wait for wait in waiting_time_quantiles((0.5, 0.95, 0.99), servers, offered, rate)
    )

    if provisioning == "fixed":
        running = replicas
        busy = np.minimum(mean_qps / (replicas * capacity), 1.0)
    else:
        running = np.minimum(mean_qps / (capacity * target_utilization), replicas)
        busy = np.minimum(np.asarray(target_utilization) * np.ones_like(running), 1.0)
    device_hours = running * r.devices * HOURS_PER_YEAR
    power_w = profile.idle_w + (profile.tdp_w - profile.idle_w) * busy
    energy = device_hours * power_w / 1000.0 * pue

    energy_a, energy_b = energy_structure(
        r.devices, capacity, target_utilization, provisioning, profile, pue
    )
    step_cost, per_query_day = cost_structure(
        r.devices,
        capacity,
        target_utilization,
        provisioning,
        profile,
        pricing,
        (energy_a, energy_b),
        electricity_usd_per_kwh,
        hourly,
    )
    if pricing == "cloud":
        yearly_cost = device_hours * hourly
    else:  # the peak fleet is bought whatever the provisioning; electricity as drawn
        per_device_year = profile.price.purchase_usd / profile.price.lifetime_years
        yearly_cost = replicas * r.devices * per_device_year + energy * electricity_usd_per_kwh

    mem_service = service_time(lines, np.minimum(memory_batch, 1e9))
    per_device_out = np.minimum(memory_batch, 1e9) * w.outputs / mem_service / r.devices
    step = np.where(w.steps > 0, service_time(_step_lines(w, r), b), service)
    return Serving(
        devices_per_replica=r.devices,
        replicas=replicas,
        devices=replicas * r.devices,
        peak_qps=peak_qps,
        batch=b,
        decode_step_s=step,
        service_time_s=service,
        latency_p50_s=p50,
        latency_p95_s=p95,
        latency_p99_s=p99,
        saturated=saturated,
        max_qps_per_replica=capacity,
        output_tokens_per_s_per_device=per_device_out,
        device_hours_per_year=device_hours,
        utilization=busy,
        yearly_energy_kwh=energy,
        fits=fits,
        slo_feasible=slo_feasible,
        yearly_cost_usd=yearly_cost,
        step_cost_usd=step_cost,
        cost_per_query_per_day_usd=per_query_day,
        step_queries_per_day=capacity * target_utilization * SECONDS_PER_DAY / peak_to_mean,
        energy_per_replica_kwh=energy_a,
        energy_per_query_per_day_kwh=energy_b,
    )


def cost_structure(
    devices,
    capacity,
    target_utilization,
    provisioning: str,
    profile,
    pricing: str,
    energy,
    electricity_usd_per_kwh,
    hourly_usd,
):
    """The yearly serving cost as ``A * replicas + B * queries_per_day``: (A, B).

    ``A`` [USD/year] is what each provisioned replica costs whatever its load; ``B``
    [USD/year per query/day] what volume adds. cloud + fixed: A = device-years at the hourly
    price, B = 0. cloud + autoscaled: A = 0, B = the device-time one query/day keeps busy.
    owned: A = amortised purchase, plus the electricity of ``energy`` (the
    :func:`energy_structure` pair, kWh) at ``electricity_usd_per_kwh``. Matches
    :func:`serve`'s yearly cost below saturation.
    """
    if pricing == "cloud":
        if provisioning == "fixed":
            return devices * HOURS_PER_YEAR * hourly_usd, np.zeros_like(capacity)
        device_hours_per_query_day = devices * HOURS_PER_YEAR / (SECONDS_PER_DAY * capacity)
        return np.zeros_like(capacity), device_hours_per_query_day / target_utilization * hourly_usd
    capex = devices * profile.price.purchase_usd / profile.price.lifetime_years
    energy_a, energy_b = energy
    return capex + energy_a * electricity_usd_per_kwh, energy_b * electricity_usd_per_kwh


def energy_structure(devices, capacity, target_utilization, provisioning: str, profile, pue):
    """The yearly serving energy as ``A * replicas + B * queries_per_day``: (A [kWh/year],
    B [kWh/year per query/day]), like :func:`cost_structure`. fixed: every provisioned device
    idles all year and adds its busy power for the load; autoscaled: running devices at the
    target utilisation, in proportion to the load."""
    device_hours_per_query_day = devices * HOURS_PER_YEAR / (SECONDS_PER_DAY * capacity)
    idle_kw = profile.idle_w / 1000.0 * pue
    busy_kw = (profile.tdp_w - profile.idle_w) / 1000.0 * pue
    if provisioning == "fixed":
        return devices * HOURS_PER_YEAR * idle_kw, device_hours_per_query_day * busy_kw
    running_kw = idle_kw + busy_kw * target_utilization
    return np.zeros_like(capacity), device_hours_per_query_day / target_utilization * running_kw


def _step_lines(w: Workload, r: Replica):
    """Lines of one decode step alone (for the reported decode step time)."""
    comm = _all_reduce_s(w, r)
    weights_s = w.weight_bytes / r.bandwidth
    return [
        (r.overhead_s, w.step_flops / r.compute_flops + comm),
        (r.overhead_s + weights_s, w.step_bytes / r.bandwidth + comm),
    ]
