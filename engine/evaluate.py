"""One evaluation path for the GUI, the command line, reports and benchmarks."""

from __future__ import annotations

import math

import numpy as np

from . import fleet, pricing
from . import inference as inf
from . import iteration as it
from .architecture import transformer_shape
from .lazy import deferring, resolve
from .lifecycle import (
    break_even_queries_per_day,
    crossover_month,
    crossover_month_by_series,
    self_host_break_even,
    serving_by_month,
)
from .precision import BYTES_PER_PARAM, kv_bytes
from .pruning import pruning_effect
from .quality import (
    accuracy_after_pruning,
    cycle_months,
    mean_accuracy_over_horizon,
    optimal_retrains_per_year,
    value_rate_usd_per_year,
)
from .results import Results
from .scenario import Scenario
from .training_plan import plan_training

GENERIC_TOKEN_BUDGET = 1e30
"""A generic model has no prompt to chunk: its iteration budget never binds [tokens]."""

DRAFT_SHARE = 0.02
"""Draft model size as a share of the active parameters when ``inference.draft_params`` is
auto (Llama 3.2 1B drafting for Llama 3.1 70B: 1.4%; Llama 3.1 8B for 405B: 2%)."""


def evaluate(scenario: Scenario) -> Results:
    """Evaluate every formula of the model for ``scenario``.

    Numeric fields may be numpy arrays; they broadcast, and every result has the
    broadcast shape, element i equal to the scalar evaluation of point i.
    """
    m, t, s = scenario.model, scenario.training, scenario.inference
    # Derived results of a large evaluation are worked out when first read (engine/lazy.py).
    later = deferring(math.prod(scenario.shape))
    p, q, e = scenario.pruning, scenario.quality, scenario.economics
    serve_hw = scenario.inference_profile
    params = np.asarray(m.params, dtype=float)
    active = params if m.active_params is None else np.asarray(m.active_params, dtype=float)
    active = np.minimum(active, params)
    forward_per_query = (
        2.0 * active
        if m.forward_flops_per_query is None
        else np.asarray(m.forward_flops_per_query, dtype=float)
    )

    # Training: the first run (or open weights' first fine-tune), development, retrains.
    plan = plan_training(scenario, params, active, forward_per_query)
    run, retrains = plan.first, plan.retrains
    initial_cost, retrain_cost = plan.initial_cost_usd, plan.retrain_cost_usd
    horizon_training = plan.horizon_cost_usd
    yearly_training = horizon_training * 12.0 / e.horizon_months

    # Serving: pruning-shaped workload on a sharded replica, fleet sized for the peak.
    bytes_pp = BYTES_PER_PARAM[m.precision]
    effect = pruning_effect(
        p.ratio,
        p.structure,
        serve_hw.sparsity.unstructured,
        serve_hw.sparsity.two_four_speedup,
        bytes_pp,
    )
    weight_bytes = params * bytes_pp * effect.weight_bytes_factor
    workload, heads, kv_heads = _workload(
        scenario, params, active, bytes_pp, effect, forward_per_query
    )
    generic = m.kind == "generic"
    point = inf.operating_point(
        workload,
        serve_hw,
        serve_hw.peak_flops(m.precision),
        s.usable_memory_fraction,
        inf.Targets(  # a generic model's one pass has no first token or per-token time
            ttft_s=None if generic else _seconds(s.ttft_slo_ms),
            tpot_s=None if generic else _seconds(s.tpot_slo_ms),
            end_to_end_s=_seconds(s.latency_slo_ms),
            service_fraction=s.slo_service_fraction,
        ),
        concurrency=s.batch,
        devices_per_replica=s.devices_per_replica,
        max_concurrency=s.max_batch,
        budget_tokens=GENERIC_TOKEN_BUDGET if generic else s.max_batched_tokens,
        generic=generic,
        heads=heads,
        kv_heads=kv_heads,
    )
    targets = (s.latency_slo_ms,) if generic else (s.ttft_slo_ms, s.tpot_slo_ms, s.latency_slo_ms)
    has_target = any(x is not None for x in targets)
    served = fleet.serve(
        workload,
        point,
        queries_per_day=s.queries_per_day,
        peak_to_mean=s.peak_to_mean,
        target_utilization=s.target_utilization,
        provisioning=s.provisioning,
        max_replicas=s.max_replicas,
        fixed_replicas=s.replicas,
        min_replicas=s.min_replicas,
        cold_start_minutes=s.cold_start_minutes,
        service_cv=s.service_cv,
        profile=serve_hw,
        pue=e.pue,
        device_cost=pricing.device_cost(
            serve_hw, e, "serving", e.serving_usd_per_device_hour, has_target
        ),
        electricity_usd_per_kwh=e.electricity_usd_per_kwh,
        embodied_kg_per_hour=pricing.embodied_kg_per_device_hour(serve_hw),
        later=later,
    )
    yearly_serving = served.yearly_cost_usd
    yearly_queries = np.asarray(s.queries_per_day, dtype=float) * 365.0
    per_1k_queries_cost = later(np.multiply, later(_per_query, yearly_serving, yearly_queries), 1e3)
    per_query_energy_wh, host_wh, idle_wh = (
        later(_per_query, later(np.multiply, kwh, 1000.0), yearly_queries)  # kWh -> Wh
        for kwh in (served.yearly_energy_kwh, served.host_energy_kwh, served.idle_energy_kwh)
    )

    # Quality: pruning loss, drift between retrains, and what it is worth.
    acc0 = accuracy_after_pruning(
        q.baseline_accuracy,
        effect.effective_ratio,
        q.pruning_sensitivity,
        effect.structure_sensitivity,
        p.recovery_fraction,
        q.recovery_gain,
    )
    cycle = cycle_months(t.retrains_per_year, e.horizon_months)
    mean_acc = mean_accuracy_over_horizon(acc0, q.drift_per_month, cycle, e.horizon_months)
    value_rate = value_rate_usd_per_year(q.value_per_point_per_1k_queries, s.queries_per_day)
    yearly_quality = later(_quality_cost, value_rate, q.baseline_accuracy, mean_acc)

    # Lifecycle over the horizon.
    years = np.asarray(e.horizon_months, dtype=float) / 12.0
    horizon_serving = later(np.multiply, yearly_serving, years)
    horizon_serving_energy = later(np.multiply, served.yearly_energy_kwh, years)
    horizon_quality = later(np.multiply, yearly_quality, years)
    crossover = later(
        crossover_month,
        initial_cost,
        retrain_cost,
        cycle,
        retrains,
        later(np.divide, yearly_serving, 12.0),
        e.horizon_months,
    )
    growing = np.any(np.asarray(s.monthly_growth) != 0)
    if growing:  # the volume changes month by month: sum the months
        monthly_cost, monthly_energy, volume_months = serving_by_month(
            s.queries_per_day,
            s.monthly_growth,
            e.horizon_months,
            served.cost,
            served.energy,
            s.replicas,
            s.max_replicas,
        )
        # Points without growth keep the closed forms, so an array evaluation still equals
        # the scalar one element by element.
        flat = np.asarray(s.monthly_growth) == 0
        horizon_serving = np.where(flat, resolve(horizon_serving), monthly_cost.sum(axis=-1))
        horizon_serving_energy = np.where(
            flat, resolve(horizon_serving_energy), monthly_energy.sum(axis=-1)
        )
        grown_quality = resolve(yearly_quality) * volume_months.sum(axis=-1) / 12.0
        horizon_quality = np.where(flat, resolve(horizon_quality), grown_quality)
        series = crossover_month_by_series(
            initial_cost, retrain_cost, cycle, retrains, monthly_cost, e.horizon_months
        )
        crossover = np.where(flat, resolve(crossover), series)
    total = later(np.add, horizon_training, horizon_serving)
    share = later(_share, horizon_training, total)
    break_even = break_even_queries_per_day(
        yearly_training, served.cost, s.max_replicas, s.replicas
    )
    # Build vs buy: the same queries at an API's per-token prices.
    api_per_query = _api_usd_per_query(scenario)
    volume_horizon = np.asarray(s.queries_per_day, dtype=float) * 365.0 * years
    if growing:
        grown = np.asarray(s.queries_per_day, dtype=float) * 365.0 / 12.0
        volume_horizon = np.where(flat, volume_horizon, grown * volume_months.sum(axis=-1))
    compared = np.isfinite(api_per_query)
    api_price = np.where(compared, api_per_query, 0.0)
    api_horizon = np.where(compared, volume_horizon * api_price, np.inf)
    self_host_volume = np.where(
        compared,
        self_host_break_even(yearly_training, served.cost, api_price * 365.0, s.replicas),
        np.inf,
    )
    # Carbon: what running the hardware emits, and its share of making it.
    embodied = later(
        np.add,
        plan.horizon_embodied_co2_kg,
        later(np.multiply, served.yearly_embodied_co2_kg, years),
    )
    horizon_energy = later(np.add, plan.horizon_energy_kwh, horizon_serving_energy)
    operational_co2 = later(np.multiply, horizon_energy, e.grid_kgco2_per_kwh)
    slo_met = later(
        _slo_met,
        None if generic else s.ttft_slo_ms,
        None if generic else s.tpot_slo_ms,
        s.latency_slo_ms,
        served.ttft_p99_s,
        served.tpot_s,
        served.latency_p99_s,
    )

    return Results(
        {
            "training": {
                "flops": run.flops,
                "device_hours": run.device_hours,
                "wall_clock_days": run.wall_clock_days,
                "cost_usd": run.cost_usd,
                "energy_kwh": run.energy_kwh,
                "co2_kg": run.co2_kg,
                "embodied_co2_kg": run.embodied_co2_kg,
                "development_cost_usd": plan.development_cost_usd,
                "retrain_flops": plan.retrain.flops,
                "retrain_device_hours": plan.retrain.device_hours,
                "retrain_wall_clock_days": plan.retrain.wall_clock_days,
                "yearly_cost_usd": yearly_training,
                "cost_per_retrain_usd": retrain_cost,
                "min_devices": run.min_devices,
                "fits": run.fits & ((retrains == 0) | plan.retrain.fits),
            },
            "inference": {
                "flops_per_query": workload.flops_per_query,
                "weight_bytes": weight_bytes,
                "devices_per_replica": served.devices_per_replica,
                "peak_qps": served.peak_qps,
                "replicas": served.replicas,
                "mean_replicas": served.mean_replicas,
                "devices": served.devices,
                "batch": served.batch,
                "in_flight": served.in_flight,
                "decode_step_s": served.decode_step_s,
                "tpot_s": served.tpot_s,
                "service_time_s": served.service_time_s,
                "ttft_p50_s": served.ttft_p50_s,
                "ttft_p95_s": served.ttft_p95_s,
                "ttft_p99_s": served.ttft_p99_s,
                "latency_p50_s": served.latency_p50_s,
                "latency_p95_s": served.latency_p95_s,
                "latency_p99_s": served.latency_p99_s,
                "binding_target": served.binding_target,
                "saturated": served.saturated,
                "slo_met": slo_met,
                "slo_feasible": served.slo_feasible,
                "fits": served.fits,
                "max_qps_per_replica": served.max_qps_per_replica,
                "output_tokens_per_s_per_device": served.output_tokens_per_s_per_device,
                "utilization": served.utilization,
                "cost_per_1k_queries_usd": per_1k_queries_cost,
                "api_cost_per_1k_queries_usd": np.where(compared, api_price * 1e3, np.inf),
                "yearly_cost_usd": yearly_serving,
                "energy_wh_per_query": per_query_energy_wh,
                "host_energy_wh_per_query": host_wh,
                "idle_energy_wh_per_query": idle_wh,
                "yearly_energy_kwh": served.yearly_energy_kwh,
                "yearly_co2_kg": later(
                    np.multiply, served.yearly_energy_kwh, e.grid_kgco2_per_kwh
                ),
                "yearly_embodied_co2_kg": served.yearly_embodied_co2_kg,
                "cost_per_replica_year_usd": served.cost.per_replica,
                "cost_per_query_per_day_year_usd": served.cost.per_query_day,
                "queries_per_day_per_replica": served.cost.volume_per_replica,
                "energy_per_replica_year_kwh": served.energy.per_replica,
                "energy_per_query_per_day_year_kwh": served.energy.per_query_day,
            },
            "pruning": {
                "effective_ratio": effect.effective_ratio,
                "weight_bytes_factor": effect.weight_bytes_factor,
                "compute_factor": effect.compute_factor,
            },
            "quality": {
                "accuracy_after_pruning": acc0,
                "mean_accuracy": mean_acc,
                "retrain_interval_months": cycle,
                "optimal_retrains_per_year": later(
                    optimal_retrains_per_year, value_rate, q.drift_per_month, retrain_cost
                ),
                "yearly_quality_cost_usd": yearly_quality,
            },
            "lifecycle": {
                "horizon_cost_usd": total,
                "horizon_training_cost_usd": horizon_training,
                "horizon_inference_cost_usd": horizon_serving,
                "horizon_quality_cost_usd": horizon_quality,
                "training_share": share,
                "crossover_month": crossover,
                "break_even_queries_per_day": break_even,
                "retrains_in_horizon": retrains,
                "initial_training_cost_usd": initial_cost,
                "horizon_energy_kwh": horizon_energy,
                "horizon_operational_co2_kg": operational_co2,
                "horizon_embodied_co2_kg": embodied,
                "horizon_co2_kg": later(np.add, operational_co2, embodied),
                "api_horizon_cost_usd": api_horizon,
                "self_host_break_even_queries_per_day": self_host_volume,
            },
        },
        scenario.shape,
    )


def _workload(scenario: Scenario, params, active, bytes_pp, effect, forward_per_query):
    """Per-sequence work of the model after pruning and quantisation (see
    :class:`iteration.Workload`), with the attention and KV head counts that a tensor degree
    must divide (None for generic models)."""
    m, s = scenario.model, scenario.inference
    byte_factor = bytes_pp * effect.weight_bytes_factor
    if m.kind == "generic":
        flops = forward_per_query * effect.compute_factor
        zero = np.zeros_like(flops)
        one = zero + 1.0
        weights = params * byte_factor
        work = it.Workload(
            prefill_tokens=zero,
            prefill_context=zero,
            decode_context=zero,
            output_tokens=one,
            token_flops=flops,
            attention_flops=zero,
            dense_bytes=weights,
            expert_bytes=zero,
            experts=one,
            experts_per_token=one,
            kv_bytes=zero,
            query_bytes=np.asarray(m.activation_bytes_per_query, dtype=float) + zero,
            allreduce_bytes=zero,
            alltoall_bytes=zero,
            collectives=zero,
            weight_bytes=weights,
            speculative=one,
            draft_flops=zero,
            draft_bytes=zero,
            flops_per_query=flops,
        )
        return work, None, None
    layers, hidden, kv_heads = transformer_shape(
        active, m.layers, m.hidden_size, m.kv_heads, m.head_dim
    )
    experts = np.asarray(m.experts, dtype=float)
    per_token = np.minimum(np.asarray(m.experts_per_token, dtype=float), experts)
    # params = shared + E e and active = shared + k e: one expert's parameters (all layers).
    routed = experts > per_token
    expert_params = np.where(
        routed, (params - active) / np.where(routed, experts - per_token, 1.0), 0.0
    )
    expert_params = np.clip(expert_params, 0.0, params / experts)
    shared = params - experts * expert_params
    prompt = np.asarray(m.prompt_tokens, dtype=float)
    out = np.asarray(m.output_tokens, dtype=float)
    prefill = prompt * (1.0 - np.asarray(s.prefix_cache_hit, dtype=float))
    if m.kv_bytes_per_token is None:
        kv = 2.0 * layers * kv_heads * m.head_dim * kv_bytes(m.kv_precision, m.precision)
    else:
        kv = np.asarray(m.kv_bytes_per_token, dtype=float)
    token_flops = 2.0 * active * effect.compute_factor
    attention = 2.0 * layers * hidden  # per token per context token (Kaplan et al. 2020)
    prefill_context = prompt - prefill / 2.0  # cached tokens come first
    decode_context = prompt + out / 2.0
    draft = DRAFT_SHARE * active if s.draft_params is None else s.draft_params
    draft = np.asarray(draft, dtype=float)
    speculative = np.asarray(s.speculative_tokens, dtype=float)
    activations = layers * hidden * inf.ACTIVATION_BYTES
    work = it.Workload(
        prefill_tokens=prefill,
        prefill_context=prefill_context,
        decode_context=decode_context,
        output_tokens=out,
        token_flops=token_flops,
        attention_flops=attention,
        dense_bytes=shared * byte_factor,
        expert_bytes=expert_params * byte_factor,
        experts=experts,
        experts_per_token=per_token,
        kv_bytes=kv * effect.kv_factor,
        query_bytes=np.zeros_like(prompt),
        allreduce_bytes=2.0 * activations,  # two all-reduces per layer (Megatron)
        alltoall_bytes=np.where(routed, 2.0 * per_token * activations, 0.0),  # dispatch, combine
        collectives=layers * np.where(routed, 4.0, 2.0),
        weight_bytes=params * byte_factor,
        speculative=speculative,
        draft_flops=2.0 * draft,
        draft_bytes=draft * bytes_pp,
        flops_per_query=prefill * (token_flops + attention * prefill_context)
        + out * (token_flops + attention * decode_context),
    )
    return work, hidden / m.head_dim, kv_heads


def _api_usd_per_query(scenario: Scenario):
    """What one query costs at the API's prices [USD] (``inf`` with no API to compare):
    prompt and output tokens at their prices per million; a generic model's queries at the
    output price per million queries."""
    e, m = scenario.economics, scenario.model
    if e.api_usd_per_million_output_tokens is None or (
        m.kind == "llm" and e.api_usd_per_million_input_tokens is None
    ):
        return np.asarray(np.inf)
    out = np.asarray(e.api_usd_per_million_output_tokens, dtype=float) / 1e6
    if m.kind == "generic":
        return out
    tokens_in = np.asarray(m.prompt_tokens, dtype=float)
    price_in = np.asarray(e.api_usd_per_million_input_tokens, dtype=float) / 1e6
    return tokens_in * price_in + np.asarray(m.output_tokens, dtype=float) * out


def _slo_met(ttft_ms, tpot_ms, latency_ms, ttft_p99_s, tpot_s, latency_p99_s):
    """Every latency target met (a target of None is none)."""
    met = np.ones(np.shape(latency_p99_s), dtype=bool)
    for target_ms, achieved in (
        (ttft_ms, ttft_p99_s),
        (tpot_ms, tpot_s),
        (latency_ms, latency_p99_s),
    ):
        if target_ms is not None:
            met = met & (achieved <= np.asarray(target_ms) / 1000.0 * (1 + 1e-9))
    return met


def _per_query(yearly, yearly_queries):
    """A yearly amount per query (its unit per query); ``inf`` with no traffic."""
    has_traffic = yearly_queries > 0
    safe_queries = np.where(has_traffic, yearly_queries, 1.0)
    return np.where(has_traffic, yearly / safe_queries, np.inf)


def _quality_cost(value_rate, baseline_accuracy, mean_accuracy):
    """Value lost to pruning and drift in a year [USD/year]."""
    return value_rate * (np.asarray(baseline_accuracy) - mean_accuracy)


def _share(part, total):
    """``part`` as a share of ``total`` (0 where the total is not positive)."""
    return np.where(total > 0, part / np.where(total > 0, total, 1.0), 0.0)


def _seconds(milliseconds):
    """A target in seconds, or None where there is none."""
    return None if milliseconds is None else np.asarray(milliseconds, dtype=float) / 1000.0
