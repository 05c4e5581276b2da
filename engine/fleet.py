"""The serving fleet: replicas for the peak, the admission queue, autoscaling with its
friction, and the cost, energy and embodied carbon of a year of traffic.

Cost and energy have the shape ``A n(q) + B q`` for a daily volume ``q``: ``A`` what each
replica costs a year whatever its load, ``B`` what volume adds, and ``n(q)`` the replicas
that run. A fixed fleet (and any owned one) holds ``max(1, ceil(q / v))`` replicas, ``v``
the volume one replica carries at the peak and the target utilisation. A rented autoscaled
fleet runs ``max(n_min, q / v_a + 1/2)`` on average: whole replicas (rounding up adds half a
replica over a day whose load varies), never fewer than its minimum, with headroom for the
load that arrives while a new replica starts (``v_a`` is a running replica's mean volume).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import iteration as it
from .in_flight import in_flight
from .inference import HOURS_PER_YEAR, SECONDS_PER_DAY, OperatingPoint
from .iteration import Workload
from .lazy import now
from .pricing import DeviceCost
from .queueing import waiting_time_quantiles

RAMP_MINUTES = 180.0
"""How long the daily load takes to climb from its mean to its peak [minutes] (an
assumption: business-hours traffic ramps over a few hours). A replica that takes ``c``
minutes to start must be asked for while the load can still grow by ``(peak/mean - 1) c /
ramp`` of the mean: that is the autoscaler's headroom."""

ROUNDING_REPLICAS = 0.5
"""Replicas an autoscaled fleet runs above its exact need on average (whole replicas)."""


@dataclass(frozen=True)
class Structure:
    """``A n(q) + B q`` (see the module docstring), arrays broadcasting."""

    per_replica: np.ndarray  # A [USD/year] or [kWh/year]
    per_query_day: np.ndarray  # B [per query/day]
    volume_per_replica: np.ndarray  # v [queries/day]
    autoscaled: bool  # n(q) = max(n_min, q / v + 1/2) rather than max(1, ceil(q / v))
    min_replicas: object = 1.0

    def replicas(self, volume, fixed_replicas=None, max_replicas=None):
        """``n(q)`` at daily ``volume`` (a fixed fleet: ``fixed_replicas``), capped."""
        q = np.asarray(volume, dtype=float)
        safe = np.where(self.volume_per_replica > 0, self.volume_per_replica, 1.0)
        if fixed_replicas is not None:
            n = np.asarray(fixed_replicas, dtype=float) * np.ones_like(q)
        elif self.autoscaled:
            need = q / safe + np.where(q > 0, ROUNDING_REPLICAS, 0.0)
            n = np.maximum(need, self.min_replicas)
        else:
            n = np.maximum(np.ceil(q / safe - 1e-12), 1.0)
        return n if max_replicas is None else np.minimum(n, max_replicas)

    def at(self, volume, fixed_replicas=None, max_replicas=None):
        """The yearly amount at daily ``volume``."""
        n = self.replicas(volume, fixed_replicas, max_replicas)
        return self.per_replica * n + self.per_query_day * np.asarray(volume, dtype=float)


@dataclass(frozen=True)
class Serving:
    """A year of serving (arrays broadcast with the inputs); units in the Results table.

    In a large evaluation devices, the decode step, the latencies, the busy fraction,
    energies, cost and embodied emissions are :class:`Lazy` (sums and products of the arrays
    kept: the hours run and busy, the stay and the waits), worked out when a result is read."""

    devices_per_replica: np.ndarray
    replicas: np.ndarray
    mean_replicas: np.ndarray
    devices: np.ndarray
    peak_qps: np.ndarray
    batch: np.ndarray
    in_flight: np.ndarray
    decode_step_s: np.ndarray
    tpot_s: np.ndarray
    service_time_s: np.ndarray
    ttft_p50_s: np.ndarray
    ttft_p95_s: np.ndarray
    ttft_p99_s: np.ndarray
    latency_p50_s: np.ndarray
    latency_p95_s: np.ndarray
    latency_p99_s: np.ndarray
    binding_target: np.ndarray
    saturated: np.ndarray
    max_qps_per_replica: np.ndarray
    output_tokens_per_s_per_device: np.ndarray
    device_hours_per_year: np.ndarray
    utilization: np.ndarray
    yearly_energy_kwh: np.ndarray
    host_energy_kwh: np.ndarray
    idle_energy_kwh: np.ndarray
    yearly_embodied_co2_kg: np.ndarray
    fits: np.ndarray
    slo_feasible: np.ndarray
    yearly_cost_usd: np.ndarray
    cost: Structure
    energy: Structure


def serve(
    w: Workload,
    point: OperatingPoint,
    *,
    queries_per_day,
    peak_to_mean,
    target_utilization,
    provisioning: str,
    max_replicas,
    fixed_replicas=None,
    min_replicas=1.0,
    cold_start_minutes=0.0,
    service_cv,
    profile,
    pue,
    device_cost: DeviceCost,
    electricity_usd_per_kwh,
    embodied_kg_per_hour=0.0,
    later=now,
) -> Serving:
    """Size the fleet for the peak and work out latency, energy, carbon and cost.

    Each replica's slots are servers of an M/G/c queue (servers = replicas x concurrency,
    service = a sequence's stay); the admission wait is Erlang C's scaled by Allen-Cunneen's
    ``(1 + cv^2) / 2`` (Poisson arrivals, service-time variation ``cv``). ``later`` makes
    the results derived from the arrays kept (engine/lazy.py: :class:`Lazy` for a large
    evaluation, at once by default).
    """
    r = point.replica
    b = point.concurrency
    service = point.service_s
    capacity = b / service  # queries/s per replica

    mean_qps = np.asarray(queries_per_day, dtype=float) / SECONDS_PER_DAY
    peak_qps = mean_qps * peak_to_mean
    autoscaled = provisioning == "autoscaled"
    floor = np.asarray(min_replicas, dtype=float) if autoscaled else 1.0
    needed = np.maximum(np.ceil(peak_qps / (capacity * target_utilization)), np.maximum(floor, 1))
    replicas = needed if fixed_replicas is None else np.asarray(fixed_replicas, dtype=float)
    if max_replicas is not None:
        replicas = np.minimum(replicas, max_replicas)
    # Intermediate arrays are worked out in helpers, so that a large evaluation frees each as
    # soon as it is used (fewer arrays alive at once: less fresh memory to touch).
    rate = _per_replica(peak_qps, replicas)
    # A large evaluation drops the lines that cannot bind first (same numbers, fewer
    # operations per stay); on a chart's few points the check would cost more than it saves.
    at_load = point.service.upper() if np.size(rate) >= it.IN_PLACE_SIZE else point.service
    load_b = in_flight(at_load, rate, b, service)
    del rate
    tpot_s, ttft_service_s, stay = at_load(np.maximum(load_b, 1.0))
    saturated, waits = _queue(replicas * b, peak_qps, service, stay, service_cv)

    cost, energy = structures(
        r.devices,
        capacity,
        target_utilization,
        peak_to_mean,
        autoscaled,
        min_replicas,
        cold_start_minutes,
        profile,
        pue,
        device_cost,
        electricity_usd_per_kwh,
    )
    fixed = None if fixed_replicas is None else replicas
    running = np.minimum(cost.replicas(queries_per_day, fixed, max_replicas), replicas)
    if not autoscaled:  # the peak fleet runs all year: the same array, at the full shape
        running = np.broadcast_to(replicas, np.broadcast_shapes(np.shape(replicas), capacity.shape))
    running_hours = running * r.devices * HOURS_PER_YEAR
    busy, host_energy, idle_energy, yearly_energy = _energy(
        running_hours, mean_qps / capacity * r.devices * HOURS_PER_YEAR, profile, pue, later
    )

    if device_cost.rented:
        yearly_cost = later(np.multiply, running_hours, device_cost.hourly_usd)
        embodied_hours = running_hours
    else:  # the peak fleet is owned whatever runs; electricity as drawn
        owned = later(np.multiply, replicas, r.devices)
        yearly_cost = later(
            _owned_cost,
            owned,
            device_cost.owned_usd_per_year,
            yearly_energy,
            electricity_usd_per_kwh,
        )
        embodied_hours = later(np.multiply, owned, HOURS_PER_YEAR)

    return Serving(
        devices_per_replica=r.devices,
        replicas=replicas,
        mean_replicas=running,
        devices=later(np.multiply, replicas, r.devices),
        peak_qps=peak_qps,
        batch=b,
        in_flight=load_b,
        decode_step_s=later(np.multiply, tpot_s, w.speculative),
        tpot_s=tpot_s,
        service_time_s=stay,
        ttft_p50_s=later(np.add, ttft_service_s, waits[0]),
        ttft_p95_s=later(np.add, ttft_service_s, waits[1]),
        ttft_p99_s=later(np.add, ttft_service_s, waits[2]),
        latency_p50_s=later(np.add, stay, waits[0]),
        latency_p95_s=later(np.add, stay, waits[1]),
        latency_p99_s=later(np.add, stay, waits[2]),
        binding_target=point.binding,
        saturated=saturated,
        max_qps_per_replica=capacity,
        output_tokens_per_s_per_device=capacity * w.output_tokens / r.devices,
        device_hours_per_year=running_hours,
        utilization=busy,
        yearly_energy_kwh=yearly_energy,
        host_energy_kwh=host_energy,
        idle_energy_kwh=idle_energy,
        yearly_embodied_co2_kg=later(np.multiply, embodied_hours, embodied_kg_per_hour),
        fits=point.fits,
        slo_feasible=point.feasible,
        yearly_cost_usd=yearly_cost,
        cost=cost,
        energy=energy,
    )


def _per_replica(peak_qps, replicas):
    """Arrivals per replica at the peak [queries/s] (all of them where there is none)."""
    return peak_qps / np.where(replicas > 0, replicas, 1.0)


def _queue(servers, peak_qps, service, stay, service_cv):
    """(saturated, [P50, P95, P99 admission waits] [s]) of the fleet's ``servers`` slots:
    Erlang C's waits scaled by Allen-Cunneen's ``(1 + cv^2) / 2``."""
    saturated = peak_qps * service >= servers  # Erlangs at the peak at or past the slots
    offered = peak_qps * stay  # Erlangs at the peak: replicas x load_b
    variation = (1.0 + np.square(service_cv)) / 2.0
    waits = [
        wait * variation
        for wait in waiting_time_quantiles((0.5, 0.95, 0.99), servers, offered, 1.0 / stay)
    ]
    return saturated, waits


def _energy(running_hours, busy_hours, profile, pue, later):
    """(busy fraction, host, idle and whole facility energy [kWh/year]) of devices running
    ``running_hours`` a year, ``busy_hours`` of them (at most that) serving, each made by
    ``later`` (engine/lazy.py, ``deferring``) from the two arrays of hours."""
    busy_hours = np.minimum(busy_hours, running_hours)
    kw = pue / 1000.0
    host_energy = later(_product, busy_hours, profile.host_w, kw)
    idle_and_host_w = profile.idle_w + profile.host_w
    idle_energy = later(_idle_energy, running_hours, busy_hours, idle_and_host_w, kw)
    yearly_energy = later(_facility_energy, busy_hours, profile.tdp_w, kw, host_energy, idle_energy)
    busy = later(_busy_fraction, running_hours, busy_hours)
    return busy, host_energy, idle_energy, yearly_energy


def _product(a, b, c):
    """``a b c`` in that order."""
    return a * b * c


def _idle_energy(running_hours, busy_hours, idle_and_host_w, kw):
    """Energy of devices and hosts running but idle [kWh/year]."""
    return (running_hours - busy_hours) * idle_and_host_w * kw


def _facility_energy(busy_hours, tdp_w, kw, host_energy, idle_energy):
    """Busy devices at their TDP, plus hosts and idle capacity [kWh/year]."""
    return busy_hours * tdp_w * kw + host_energy + idle_energy


def _busy_fraction(running_hours, busy_hours):
    """Busy share of the running device-hours (0 where none run)."""
    safe_running = np.where(running_hours > 0, running_hours, 1.0)
    return np.where(running_hours > 0, busy_hours / safe_running, 0.0)


def _owned_cost(owned_devices, usd_per_device_year, yearly_energy, usd_per_kwh):
    """An owned fleet's year: its devices' yearly cost plus the electricity drawn [USD]."""
    return owned_devices * usd_per_device_year + yearly_energy * usd_per_kwh


def autoscaling_headroom(peak_to_mean, cold_start_minutes):
    """Extra capacity an autoscaled fleet keeps for the load that arrives while a replica
    starts [fraction of the mean]: ``(peak/mean - 1) x cold start / ramp``."""
    growth = np.maximum(np.asarray(peak_to_mean, dtype=float) - 1.0, 0.0)
    return growth * np.asarray(cold_start_minutes, dtype=float) / RAMP_MINUTES


def structures(
    devices,
    capacity,
    target_utilization,
    peak_to_mean,
    autoscaled: bool,
    min_replicas,
    cold_start_minutes,
    profile,
    pue,
    device_cost: DeviceCost,
    electricity_usd_per_kwh,
) -> tuple[Structure, Structure]:
    """The yearly serving cost [USD] and energy [kWh] as :class:`Structure` s.

    Every running device draws its idle power plus its host's and the rest of its TDP while
    busy. Rented: a running replica costs its device-hours; volume adds nothing more. Owned:
    the peak fleet is bought (a fixed structure whatever the provisioning) and electricity is
    paid for what is drawn, so autoscaling saves only energy.
    """
    busy_hours_per_query_day = devices * HOURS_PER_YEAR / (SECONDS_PER_DAY * capacity)
    floor_kw = (profile.idle_w + profile.host_w) / 1000.0 * pue
    busy_kw = (profile.tdp_w - profile.idle_w) / 1000.0 * pue
    peak_volume = capacity * target_utilization * SECONDS_PER_DAY / peak_to_mean
    headroom = autoscaling_headroom(peak_to_mean, cold_start_minutes)
    mean_volume = capacity * target_utilization * SECONDS_PER_DAY / (1.0 + headroom)
    replica_hours = devices * HOURS_PER_YEAR * np.ones_like(capacity)
    busy_energy = busy_hours_per_query_day * busy_kw
    if autoscaled and device_cost.rented:
        energy = Structure(replica_hours * floor_kw, busy_energy, mean_volume, True, min_replicas)
        cost = Structure(
            replica_hours * device_cost.hourly_usd,
            np.zeros_like(capacity),
            mean_volume,
            True,
            min_replicas,
        )
        return cost, energy
    if autoscaled:  # owned: energy follows the running fleet, the hardware is the peak's
        per_query_day = busy_hours_per_query_day * (floor_kw / target_utilization + busy_kw)
        energy = Structure(np.zeros_like(capacity), per_query_day, peak_volume, False)
    else:
        energy = Structure(replica_hours * floor_kw, busy_energy, peak_volume, False)
    if device_cost.rented:
        cost = Structure(
            replica_hours * device_cost.hourly_usd, np.zeros_like(capacity), peak_volume, False
        )
    else:
        electricity = np.asarray(electricity_usd_per_kwh, dtype=float)
        cost = Structure(
            devices * device_cost.owned_usd_per_year + energy.per_replica * electricity,
            energy.per_query_day * electricity,
            peak_volume,
            False,
        )
    return cost, energy


def serving_structures(scenario, results) -> tuple[Structure, Structure]:
    """The cost and energy structures of an evaluation, rebuilt from its results (for the
    growth curves drawn from a Results object)."""
    i = results.inference
    autoscaled = (
        scenario.inference.provisioning == "autoscaled" and scenario.economics.pricing != "owned"
    )
    floor = scenario.inference.min_replicas
    return (
        Structure(
            i.cost_per_replica_year_usd,
            i.cost_per_query_per_day_year_usd,
            i.queries_per_day_per_replica,
            autoscaled,
            floor,
        ),
        Structure(
            i.energy_per_replica_year_kwh,
            i.energy_per_query_per_day_year_kwh,
            i.queries_per_day_per_replica,
            autoscaled,
            floor,
        ),
    )
