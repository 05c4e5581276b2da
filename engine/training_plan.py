"""Training over the model's life: the first run (pre-training, or the first fine-tune of
open weights), its development overhead, the retrains by their method, and the pruning
recoveries, priced and timed on the training hardware.

Every run is linear in its compute on the same hardware, so one priced run of a full
pre-training scales to the others. Sources: Kaplan et al. 2020 (6 N D); Hu et al. 2021 and
Dettmers et al. 2023 (LoRA, QLoRA); Dubey et al. 2024 (Llama 3: over 90% effective training
time); Morrison et al. 2025 (development runs on top of the final one).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .lifecycle import retrains_in_horizon
from .pricing import device_cost, embodied_kg_per_device_hour
from .scenario import Scenario
from .training import (
    LORA_BYTES_PER_PARAM,
    TRAIN_BYTES_PER_PARAM,
    TrainingRun,
    training_flops_generic,
    training_flops_llm,
    training_flops_lora,
    training_run,
)


@dataclass(frozen=True)
class TrainingPlan:
    """The training of a horizon (arrays broadcast with the scenario)."""

    first: TrainingRun  # pre-training, or the first fine-tune of open weights
    retrain: TrainingRun  # one retrain by its method
    development_cost_usd: np.ndarray  # development and ablation runs (own pre-training)
    recovery_cost_usd: np.ndarray  # one prune-and-recover fine-tune (0 if not pruned)
    initial_cost_usd: np.ndarray  # month 0: first run, development, recovery
    retrain_cost_usd: np.ndarray  # each retrain with its recovery
    retrains: np.ndarray  # retrains within the horizon
    horizon_cost_usd: np.ndarray
    horizon_energy_kwh: np.ndarray
    horizon_co2_kg: np.ndarray  # operational
    horizon_embodied_co2_kg: np.ndarray


def _scaled(run: TrainingRun, factor) -> TrainingRun:
    """``run`` with ``factor`` times its compute (time, energy, money scale with it)."""
    return TrainingRun(
        flops=run.flops * factor,
        device_hours=run.device_hours * factor,
        wall_clock_days=run.wall_clock_days * factor,
        energy_kwh=run.energy_kwh * factor,
        co2_kg=run.co2_kg * factor,
        embodied_co2_kg=run.embodied_co2_kg * factor,
        cost_usd=run.cost_usd * factor,
        min_devices=run.min_devices,
        fits=run.fits,
    )


def plan_training(scenario: Scenario, params, active, forward_per_query) -> TrainingPlan:
    """Price and time the training of ``scenario`` over its horizon."""
    m, t, p, e = scenario.model, scenario.training, scenario.pruning, scenario.economics
    hw = scenario.training_profile
    llm = m.kind == "llm"
    if llm:
        full_flops = training_flops_llm(active, m.training_tokens)  # MoE: active parameters
    else:
        per_sample = (
            forward_per_query
            if m.forward_flops_per_sample is None
            else np.asarray(m.forward_flops_per_sample, dtype=float)
        )
        full_flops = training_flops_generic(per_sample, m.training_samples, m.epochs)
    # One retrain by its method (generic models: retrain_tokens counts samples x epochs).
    per_token = active if llm else (forward_per_query / 2.0)
    if t.retrain_method == "full":
        retrain_flops = full_flops * t.retrain_fraction
    elif t.retrain_method == "fine_tune":
        retrain_flops = training_flops_llm(per_token, t.retrain_tokens)
    else:
        retrain_flops = training_flops_lora(per_token, t.retrain_tokens)
    method_bytes = LORA_BYTES_PER_PARAM if t.retrain_method == "lora" else TRAIN_BYTES_PER_PARAM
    open_weights = m.pretraining == "open_weights"

    mfu = hw.training_mfu(t.precision) if t.mfu is None else t.mfu
    cost = device_cost(hw, e, "training", e.training_usd_per_device_hour)
    common = dict(
        profile=hw,
        devices=t.devices,
        mfu=mfu,
        precision=t.precision,
        params=params,
        pue=e.pue,
        grid_kgco2_per_kwh=e.grid_kgco2_per_kwh,
        cost=cost,
        electricity_usd_per_kwh=e.electricity_usd_per_kwh,
        goodput=t.goodput,
        time_overhead=e.spot_preemption_overhead if e.pricing == "spot" else 0.0,
        embodied_kg_per_hour=embodied_kg_per_device_hour(hw),
    )
    full = training_run(full_flops, **common)
    method_run = training_run(retrain_flops, **common, bytes_per_param=method_bytes)
    retrain = method_run
    first = method_run if open_weights else full

    development = np.where(open_weights, 0.0, np.asarray(t.dev_overhead, dtype=float))
    pruned = np.asarray(p.ratio) > 0
    recovery_share = np.where(pruned, p.recovery_fraction, 0.0)
    recovery = _scaled(full, recovery_share)
    retrains = retrains_in_horizon(t.retrains_per_year, e.horizon_months)
    initial = first.cost_usd * (1.0 + development) + recovery.cost_usd
    per_retrain = retrain.cost_usd + recovery.cost_usd
    runs = 1.0 + retrains

    def total(field):
        one = getattr(first, field) * (1.0 + development)
        return one + retrains * getattr(retrain, field) + runs * getattr(recovery, field)

    return TrainingPlan(
        first=first,
        retrain=retrain,
        development_cost_usd=first.cost_usd * development,
        recovery_cost_usd=recovery.cost_usd,
        initial_cost_usd=initial,
        retrain_cost_usd=per_retrain,
        retrains=retrains,
        horizon_cost_usd=initial + retrains * per_retrain,
        horizon_energy_kwh=total("energy_kwh"),
        horizon_co2_kg=total("co2_kg"),
        horizon_embodied_co2_kg=total("embodied_co2_kg"),
    )
