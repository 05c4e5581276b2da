"""Training compute, time, energy and money: hand-checked and published figures."""

import pytest
from numpy.testing import assert_allclose

from tests.helpers import scalar, scenario, shipped_profiles
from whatif import engine


def test_six_n_d_and_device_hours_by_hand():
    s = scenario(
        **{
            "model.params": 1e9,
            "model.training_tokens": 1e11,
            "training.hardware": "h100-sxm",
            "training.devices": 8,
            "training.goodput": 1.0,
            "training.mfu": 0.5,
        }
    )
    r = engine.evaluate(s)
    flops = 6 * 1e9 * 1e11
    assert scalar(r, "training.flops") == pytest.approx(flops)
    hours = flops / (989e12 * 0.5) / 3600
    assert scalar(r, "training.device_hours") == pytest.approx(hours)
    assert scalar(r, "training.wall_clock_days") == pytest.approx(hours / 8 / 24)
    assert scalar(r, "training.cost_usd") == pytest.approx(hours * 3.0)  # cloud $3/h
    assert scalar(r, "training.energy_kwh") == pytest.approx(hours * 0.7 * 1.2)  # 700 W, PUE 1.2


def test_gpt3_compute_matches_brown_et_al_2020():
    """GPT-3 175B on 300B tokens: 3.14e23 FLOP (Brown et al. 2020, Table D.1)."""
    r = engine.evaluate(scenario(**{"model.params": 175e9, "model.training_tokens": 300e9}))
    assert scalar(r, "training.flops") == pytest.approx(3.14e23, rel=0.01)


def test_llama2_70b_gpu_hours_and_carbon_match_touvron_et_al_2023():
    """Llama 2 70B: 2T tokens, 1,720,320 A100-80GB GPU-hours at 400 W, 291.42 tCO2e
    (Touvron et al. 2023, Table 2). Those hours imply an MFU of 43.5%; 291.42 t over
    688 MWh implies 0.4235 kgCO2e/kWh with no PUE."""
    s = scenario(
        **{
            "model.params": 70e9,
            "model.training_tokens": 2e12,
            "training.hardware": "a100-80gb",
            "training.goodput": 1.0,
            "training.mfu": 0.435,
            "economics.pue": 1.0,
            "economics.grid_kgco2_per_kwh": 0.4235,
        }
    )
    r = engine.evaluate(s)
    assert scalar(r, "training.device_hours") == pytest.approx(1_720_320, rel=0.01)
    assert scalar(r, "training.co2_kg") / 1000 == pytest.approx(291.42, rel=0.01)


def test_gpt3_energy_matches_patterson_et_al_2021():
    """GPT-3 on V100s: 3.55M V100-hours, 1,287 MWh at 330 W per GPU (measured, with
    host) and PUE 1.1, 552 tCO2e at 0.429 kg/kWh (Patterson et al. 2021, Table 4)."""
    v100 = engine.load_profiles(engine.profiles.SHIPPED_PROFILE_DIR)[0]["v100"]
    measured = {**v100.__dict__, "tdp_w": 330.0}
    profiles = {"v100": type(v100)(**measured), "h100-sxm": v100}
    s = engine.default_scenario(profiles)
    hours = 3.552e6
    mfu = 3.14e23 / (hours * 3600 * 125e12)
    s = s.override(
        {
            "model.params": 175e9,
            "model.training_tokens": 300e9 * 3.14 / 3.15,
            "training.hardware": "v100",
            "training.precision": "fp16",
            "training.goodput": 1.0,
            "training.mfu": mfu,
            "economics.pue": 1.1,
            "economics.grid_kgco2_per_kwh": 0.429,
        }
    )
    r = engine.evaluate(s)
    assert scalar(r, "training.device_hours") == pytest.approx(hours, rel=0.005)
    assert scalar(r, "training.energy_kwh") / 1000 == pytest.approx(1287, rel=0.01)
    assert scalar(r, "training.co2_kg") / 1000 == pytest.approx(552, rel=0.01)


def test_owned_pricing_is_the_total_cost_of_ownership_by_hand():
    s = scenario(
        **{
            "economics.pricing": "owned",
            "training.hardware": "a100-80gb",
            "training.mfu": 0.4,
            "economics.electricity_usd_per_kwh": 0.10,
            "economics.pue": 1.5,
        }
    )
    r = engine.evaluate(s)
    hours = scalar(r, "training.device_hours")
    # a100-80gb: $15,000, 4 years; server and network shares 30% each: $24,000 of capital,
    # paid as an annuity at 8%: 0.08 / (1 - 1.08^-4) = 0.301921 -> $7,246.10 a year.
    # Hosting: (400 W + 206 W host) = 0.606 kW x $200/kW/month x 12 = $1,454.40 a year.
    # Operations: $1,000 a year. Together $9,700.50 a year = $1.107363 per device-hour.
    per_hour = (24000 * 0.08 / (1 - 1.08**-4) + 0.606 * 200 * 12 + 1000) / 8760
    assert per_hour == pytest.approx(1.107363, abs=1e-6)
    energy = hours * 0.4 * 1.5
    assert scalar(r, "training.energy_kwh") == pytest.approx(energy)
    assert scalar(r, "training.cost_usd") == pytest.approx(hours * per_hour + energy * 0.10)


def test_owned_pricing_needs_a_purchase_price():
    with pytest.raises(engine.InputError, match=r"tpu-v4.*purchase_usd"):
        scenario(**{"economics.pricing": "owned", "training.hardware": "tpu-v4"})


def test_training_state_that_does_not_fit_is_flagged():
    # 70B x 16 bytes = 1.12 TB of weights, gradients and Adam states; 80 GB x 0.9 each.
    r = engine.evaluate(
        scenario(**{"model.params": 70e9, "training.hardware": "h100-sxm", "training.devices": 8})
    )
    assert scalar(r, "training.min_devices") == 16
    assert not bool(r.training.fits)


def test_generic_model_uses_three_forward_passes_per_sample():
    s = scenario(
        **{
            "model.kind": "generic",
            "model.params": 25e6,
            "model.forward_flops_per_query": 8.2e9,
            "model.training_samples": 1.28e6,
            "model.epochs": 90,
        }
    )
    r = engine.evaluate(s)
    assert_allclose(scalar(r, "training.flops"), 3 * 8.2e9 * 1.28e6 * 90)


def test_retrains_and_recovery_add_up_over_the_horizon():
    s = scenario(
        **{
            "training.retrains_per_year": 4,
            "training.retrain_fraction": 0.1,
            "training.dev_overhead": 0.0,
            "pruning.ratio": 0.3,
            "pruning.recovery_fraction": 0.02,
            "economics.horizon_months": 36,
        }
    )
    r = engine.evaluate(s)
    run = scalar(r, "training.cost_usd")
    retrains = 11  # every 3 months within 36, after the first run
    assert scalar(r, "lifecycle.retrains_in_horizon") == retrains
    expected = run * (1 + retrains * 0.1 + (1 + retrains) * 0.02)
    assert scalar(r, "lifecycle.horizon_training_cost_usd") == pytest.approx(expected)
    assert scalar(r, "training.yearly_cost_usd") == pytest.approx(expected / 3)
    assert scalar(r, "training.cost_per_retrain_usd") == pytest.approx(run * 0.12)


def test_contract_prices_override_the_profiles_list_prices():
    base = scenario(**{"training.hardware": "h100-sxm", "inference.hardware": "h100-sxm"})
    r = engine.evaluate(base)
    mine = engine.evaluate(
        base.override(
            {
                "economics.training_usd_per_device_hour": 2.0,
                "economics.serving_usd_per_device_hour": 1.5,
            }
        )
    )
    assert scalar(mine, "training.cost_usd") == pytest.approx(
        scalar(r, "training.cost_usd") * 2 / 3
    )
    assert scalar(mine, "inference.yearly_cost_usd") == pytest.approx(
        scalar(r, "inference.yearly_cost_usd") / 2
    )


def test_a_contract_price_makes_an_unlisted_device_usable_in_the_cloud():
    profiles = dict(shipped_profiles())
    alveo = profiles["alveo-u250"]
    profiles["lab-fpga"] = type(alveo)(
        **{
            **alveo.__dict__,
            "id": "lab-fpga",
            "price": type(alveo.price)(purchase_usd=8000, lifetime_years=5),
        }
    )
    s = engine.default_scenario(profiles)
    with pytest.raises(engine.InputError, match=r"serving_usd_per_device_hour"):
        s.override({"inference.hardware": "lab-fpga"})
    ok = s.override(
        {"inference.hardware": "lab-fpga", "economics.serving_usd_per_device_hour": 0.9}
    )
    assert engine.evaluate(ok).inference.yearly_cost_usd > 0


def test_generic_training_can_use_its_own_per_sample_compute():
    # A diffusion model: one denoising pass per training sample, 50 per generated image.
    s = scenario(
        **{
            "model.kind": "generic",
            "model.params": 0.86e9,
            "model.forward_flops_per_query": 50 * 4e11,
            "model.forward_flops_per_sample": 4e11,
            "model.training_samples": 1e9,
            "model.epochs": 2,
        }
    )
    assert scalar(engine.evaluate(s), "training.flops") == pytest.approx(3 * 4e11 * 1e9 * 2)
