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
    co2_kg: np.ndarray  # [kgCO2e]
    cost_usd: np.ndarray  # [USD]
    min_devices: np.ndarray  # devices whose memory holds the training state [devices]
    fits: np.ndarray  # bool: the training state fits the given devices


def training_flops_llm(params, tokens):
    """Dense transformer training compute ``6 N D`` [FLOP] (Kaplan et al. 2020)."""
    return 6.0 * np.asarray(params, dtype=float) * tokens


def training_flops_generic(forward_flops_per_sample, samples, epochs):
    """Training compute ``3 x forward x samples x epochs`` [FLOP] (backward = 2 x forward)."""
    return 3.0 * np.asarray(forward_flops_per_sample, dtype=float) * samples * epochs


def device_cost_usd(
    device_hours,
    energy_kwh,
    profile: Profile,
    pricing: str,
    electricity_usd_per_kwh,
    hourly_usd=None,
):
    """Money for ``device_hours`` of use [USD].

    cloud: device-hours x hourly price (``hourly_usd``, default the profile's; energy is in
    the price). owned: the purchase amortised over its lifetime per hour of use, plus the
    electricity actually drawn.
    """
    if pricing == "cloud":
        return device_hours * (profile.price.hourly_usd if hourly_usd is None else hourly_usd)
    per_hour = profile.price.purchase_usd / (profile.price.lifetime_years * HOURS_PER_YEAR)
    return device_hours * per_hour + energy_kwh * electricity_usd_per_kwh


def training_run(
    flops,
    profile: Profile,
    devices,
    mfu,
    precision: str,
    params,
    pue,
    grid_kgco2_per_kwh,
    pricing: str,
    electricity_usd_per_kwh,
    hourly_usd=None,
) -> TrainingRun:
    """Time, energy, carbon and cost of ``flops`` of training on ``devices`` x ``profile``.

    Time = flops / (devices x peak x MFU); devices draw their TDP while training (the
    convention of Lacoste et al. 2019; Patterson et al. 2021 measured 330 W per 300 W V100
    including host overhead, so TDP is if anything slightly low).
    """
    peak = profile.peak_flops(precision)
    device_seconds = flops / (peak * mfu)
    device_hours = device_seconds / 3600.0
    wall_clock_days = device_seconds / devices / 86400.0
    energy_kwh = device_hours * profile.tdp_w / 1000.0 * pue
    memory_bytes = profile.memory_gb * 1e9 * 0.9
    min_devices = np.ceil(TRAIN_BYTES_PER_PARAM * np.asarray(params, dtype=float) / memory_bytes)
    return TrainingRun(
        flops=flops,
        device_hours=device_hours,
        wall_clock_days=wall_clock_days,
        energy_kwh=energy_kwh,
        co2_kg=energy_kwh * grid_kgco2_per_kwh,
        cost_usd=device_cost_usd(
            device_hours, energy_kwh, profile, pricing, electricity_usd_per_kwh, hourly_usd
        ),
        min_devices=min_devices,
        fits=np.asarray(devices) >= min_devices,
    )
