"""Training compute, time, energy, carbon and money of one full run.

Sources: Kaplan et al. 2020 and Hoffmann et al. 2022 (C = 6 N D for dense transformers:
2 N D forward, 4 N D backward); Narayanan et al. 2021 (model-FLOPs utilisation);
Rajbhandari et al. 2020 (ZeRO: 16 bytes per parameter for mixed-precision Adam);
Lacoste et al. 2019 and Patterson et al. 2021 (energy = device-hours x power x PUE,
carbon = energy x grid intensity).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .pricing import DeviceCost
from .profiles import Profile

TRAIN_BYTES_PER_PARAM = 16.0
"""Weights, gradients and Adam states in mixed precision (2 + 2 + 12) [bytes/parameter];
sharded over the data-parallel devices as in ZeRO stage 3. Activations are ignored."""

HOURS_PER_YEAR = 8760.0


@dataclass(frozen=True)
class TrainingRun:
    """One full training run (arrays broadcast with the inputs)."""

    flops: np.ndarray  # [FLOP]
    device_hours: np.ndarray  # [device-hours]
    wall_clock_days: np.ndarray  # [days]
    energy_kwh: np.ndarray  # [kWh] at the facility (PUE included)
    co2_kg: np.ndarray  # operational [kgCO2e]
    embodied_co2_kg: np.ndarray  # the hardware's, for the device-hours used [kgCO2e]
    cost_usd: np.ndarray  # [USD]
    min_devices: np.ndarray  # devices whose memory holds the training state [devices]
    fits: np.ndarray  # bool: the training state fits the given devices


def training_flops_llm(params, tokens):
    """Dense transformer training compute ``6 N D`` [FLOP] (Kaplan et al. 2020)."""
    return 6.0 * np.asarray(params, dtype=float) * tokens


def training_flops_generic(forward_flops_per_sample, samples, epochs):
    """Training compute ``3 x forward x samples x epochs`` [FLOP] (backward = 2 x forward)."""
    return 3.0 * np.asarray(forward_flops_per_sample, dtype=float) * samples * epochs


def training_flops_lora(active_params, tokens):
    """LoRA fine-tuning compute ``4 N T`` [FLOP]: the forward pass (2 N T) and the backward
    pass through the frozen weights for the activations' gradients (2 N T); the weights get
    no gradient, and the adapters' own work is a rounding error (Hu et al. 2021, who measured
    ~25% faster steps than full fine-tuning of GPT-3 175B; Dettmers et al. 2023)."""
    return 4.0 * np.asarray(active_params, dtype=float) * tokens


LORA_TRAINABLE_SHARE = 0.01
"""Adapter parameters as a share of the model's (rank 8-64 on every projection: ~0.1-1%)."""

LORA_BYTES_PER_PARAM = 2.0 + TRAIN_BYTES_PER_PARAM * LORA_TRAINABLE_SHARE
"""Frozen bf16 weights plus mixed-precision Adam state for the adapters [bytes/parameter]."""


def training_run(
    flops,
    profile: Profile,
    devices,
    mfu,
    precision: str,
    params,
    pue,
    grid_kgco2_per_kwh,
    cost: DeviceCost,
    electricity_usd_per_kwh,
    goodput=1.0,
    time_overhead=0.0,
    bytes_per_param=TRAIN_BYTES_PER_PARAM,
    embodied_kg_per_hour=0.0,
) -> TrainingRun:
    """Time, energy, carbon and cost of ``flops`` of training on ``devices`` x ``profile``.

    Time = flops / (devices x peak x MFU) / goodput x (1 + time_overhead): the share of
    wall-clock lost to failures, restarts and checkpoints (goodput), and the extra of spot
    preemptions. Devices draw their TDP while training (the convention of Lacoste et al.
    2019; Patterson et al. 2021 measured 330 W per 300 W V100 including host overhead, so TDP
    is if anything slightly low). Cost: device-hours at the rent, or an owned device's yearly
    cost per hour of use plus the electricity drawn.
    """
    peak = profile.peak_flops(precision)
    device_seconds = flops / (peak * mfu) / goodput * (1.0 + np.asarray(time_overhead))
    device_hours = device_seconds / 3600.0
    wall_clock_days = device_seconds / devices / 86400.0
    energy_kwh = device_hours * profile.tdp_w / 1000.0 * pue
    memory_bytes = profile.memory_gb * 1e9 * 0.9
    min_devices = np.ceil(bytes_per_param * np.asarray(params, dtype=float) / memory_bytes)
    money = device_hours * cost.per_hour_of_use
    if not cost.rented:
        money = money + energy_kwh * electricity_usd_per_kwh
    return TrainingRun(
        flops=flops,
        device_hours=device_hours,
        wall_clock_days=wall_clock_days,
        energy_kwh=energy_kwh,
        co2_kg=energy_kwh * grid_kgco2_per_kwh,
        embodied_co2_kg=device_hours * embodied_kg_per_hour,
        cost_usd=money,
        min_devices=min_devices,
        fits=np.asarray(devices) >= min_devices,
    )
