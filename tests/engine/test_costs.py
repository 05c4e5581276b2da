"""Costs as a finance team counts them (issue 12): goodput, development runs, open weights
and fine-tunes, fp8, commitments and spot, owned total cost of ownership, autoscaling
friction, build vs buy, embodied carbon. Hand-worked numbers and published figures."""

import numpy as np
import pytest

from tests.helpers import demo, scalar, scenario, shipped_profiles
from whatif import engine
from whatif.engine.pricing import DEFAULT_DISCOUNTS, annuity_factor, tco_breakdown

ONE_RUN = {
    "model.params": 1e9,
    "model.training_tokens": 1e11,
    "training.hardware": "h100-sxm",
    "training.devices": 8,
    "training.mfu": 0.5,
    "training.goodput": 1.0,
    "training.dev_overhead": 0.0,
    "pruning.ratio": 0,
}
RUN_USD = 6e20 / (989e12 * 0.5) / 3600 * 3.0  # $1,011.12 at the H100's $3/h


def test_lora_and_fine_tune_retrains_by_hand():
    base = {**ONE_RUN, "training.retrains_per_year": 4, "training.retrain_tokens": 5e8}
    lora = engine.evaluate(scenario(**base, **{"training.retrain_method": "lora"}))
    full = engine.evaluate(scenario(**base, **{"training.retrain_method": "fine_tune"}))
    assert scalar(lora, "training.retrain_flops") == pytest.approx(4 * 1e9 * 5e8)
    assert scalar(full, "training.retrain_flops") == pytest.approx(6 * 1e9 * 5e8)
    # 2e18 FLOP at 494.5 TFLOP/s = 1.1234 device-hours: $3.37 a LoRA retrain.
    assert scalar(lora, "training.cost_per_retrain_usd") == pytest.approx(
        2e18 / (989e12 * 0.5) / 3600 * 3.0
    )


def test_open_weights_pay_no_pre_training():
    own = engine.evaluate(scenario(**ONE_RUN, **{"training.retrain_method": "lora"}))
    assert scalar(own, "lifecycle.initial_training_cost_usd") == pytest.approx(RUN_USD)
    opened = engine.evaluate(
        scenario(
            **{
                **ONE_RUN,
                "model.pretraining": "open_weights",
                "training.retrain_method": "lora",
                "training.retrain_tokens": 1e8,
                "training.dev_overhead": 0.5,  # development runs come with pre-training only
            }
        )
    )
    first = 4 * 1e9 * 1e8 / (989e12 * 0.5) / 3600 * 3.0
    assert scalar(opened, "lifecycle.initial_training_cost_usd") == pytest.approx(first)
    assert scalar(opened, "training.development_cost_usd") == 0.0


def test_lora_fits_where_full_training_does_not():
    # 70B: full training needs 16 bytes a parameter (1.12 TB); LoRA keeps bf16 weights and
    # adapters with Adam: 2 + 16 x 1% = 2.16 bytes a parameter, 151 GB: two 80 GB H100s.
    base = {"model.params": 70e9, "training.hardware": "h100-sxm", "training.devices": 4}
    full = engine.evaluate(scenario(**base))
    lora = engine.evaluate(
        scenario(
            **base,
            **{"model.pretraining": "open_weights", "training.retrain_method": "lora"},
        )
    )
    assert not bool(full.training.fits)
    assert scalar(lora, "training.min_devices") == np.ceil(70e9 * 2.16 / 72e9)
    assert bool(lora.training.fits)


def test_fp8_training_is_faster_by_what_published_runs_show_not_by_the_peaks():
    h100 = shipped_profiles()["h100-sxm"]
    assert h100.training_mfu("fp8") == pytest.approx(0.40 * 1.3 * 989 / 1979)
    base = {**ONE_RUN, "training.mfu": "auto"}
    bf16 = engine.evaluate(scenario(**base))
    fp8 = engine.evaluate(scenario(**base, **{"training.precision": "fp8"}))
    ratio = scalar(bf16, "training.device_hours") / scalar(fp8, "training.device_hours")
    assert ratio == pytest.approx(1.3)


@pytest.mark.parametrize("mode", ["reserved_1y", "reserved_3y", "spot"])
def test_commitments_and_spot_discount_the_hourly_price(mode):
    r = engine.evaluate(scenario(**ONE_RUN, **{"economics.pricing": mode}))
    hours = 1.0 + (0.15 if mode == "spot" else 0.0)  # spot loses time to preemptions
    expected = RUN_USD * hours * (1 - DEFAULT_DISCOUNTS[mode])
    assert scalar(r, "training.cost_usd") == pytest.approx(expected)


def test_spot_is_refused_for_serving_under_a_latency_target_unless_allowed():
    base = {"inference.queries_per_day": 1e7, "economics.pricing": "spot"}
    on_demand = engine.evaluate(scenario(**{**base, "economics.pricing": "cloud"}))
    refused = engine.evaluate(scenario(**base))
    allowed = engine.evaluate(scenario(**base, **{"economics.spot_serving": "allow"}))
    cost = "inference.yearly_cost_usd"
    assert scalar(refused, cost) == pytest.approx(scalar(on_demand, cost))
    assert scalar(allowed, cost) == pytest.approx(scalar(on_demand, cost) * (1 - 0.58))


def test_owned_h100_against_a_public_tco():
    """Latent Space, "H100 Freakonomics" (Aug 2024): an all-in H100 (HGX node share, network,
    cables) costs $45.8k-51.6k, and below $1.65 per GPU-hour the GPU never pays back its
    capital. Ours: $48k of capital; its annuity over 4 years at 8% is $1.65/h."""
    h100 = shipped_profiles()["h100-sxm"]
    e = scenario().economics
    parts = tco_breakdown(h100, e)
    capital = parts["device"] + parts["server"] + parts["network"]
    assert pytest.approx(48000) == 30000 * 1.6
    assert 45800 <= 48000 <= 51600
    assert capital == pytest.approx(48000 * float(annuity_factor(0.08, 4)) / 8760)
    assert capital == pytest.approx(1.65, abs=0.01)
    all_in = sum(parts.values()) + 1.2 * (700 + 288) / 1000 * 0.12  # electricity at full load
    assert 1.9 <= all_in <= 2.3  # vs $3.00/h on demand: owning is 1.3-1.6x cheaper, not 3.4x


def test_an_autoscaled_fleet_never_falls_below_its_minimum():
    tiny = scenario(
        **{
            "inference.queries_per_day": 100,
            "inference.provisioning": "autoscaled",
            "inference.min_replicas": 2,
        }
    )
    r = engine.evaluate(tiny)
    devices = scalar(r, "inference.devices_per_replica")
    assert scalar(r, "inference.yearly_cost_usd") == pytest.approx(2 * devices * 8760 * 3.0)


def test_build_vs_buy_by_hand_for_a_fixed_fleet():
    """One fixed replica of one H100 ($26,280 a year) plus $1,011.12 of training in a year
    against an API at $1 per million output tokens with 1,000 output tokens and no input
    price: $0.001 a query, $0.365 a year per query/day. Self-hosting wins from
    (26,280 + 1,011.12) / 0.365 = 74,770 queries/day."""
    s = scenario(
        **ONE_RUN,
        **{
            "inference.replicas": 1,
            "inference.hardware": "h100-sxm",
            "economics.horizon_months": 12,
            "model.prompt_tokens": 100,
            "model.output_tokens": 1000,
            "economics.api_usd_per_million_input_tokens": 0,
            "economics.api_usd_per_million_output_tokens": 1.0,
            "inference.queries_per_day": 1e4,
        },
    )
    r = engine.evaluate(s)
    assert scalar(r, "lifecycle.api_horizon_cost_usd") == pytest.approx(1e4 * 365 * 0.001)
    assert scalar(r, "lifecycle.self_host_break_even_queries_per_day") == pytest.approx(
        (26280 + RUN_USD) / 0.365
    )
    none = engine.evaluate(s.override({"economics.api_usd_per_million_output_tokens": "none"}))
    assert none.to_dict()["lifecycle"]["api_horizon_cost_usd"] is None


def test_embodied_carbon_is_amortised_over_the_lifetime_for_cloud_and_owned():
    r = engine.evaluate(scenario(**ONE_RUN))
    hours = scalar(r, "training.device_hours")
    # No embodied figure in the h100-sxm profile: 462 kgCO2e over its 4-year life.
    assert scalar(r, "training.embodied_co2_kg") == pytest.approx(hours * 462 / (4 * 8760))
    total = scalar(r, "lifecycle.horizon_co2_kg")
    parts = scalar(r, "lifecycle.horizon_operational_co2_kg") + scalar(
        r, "lifecycle.horizon_embodied_co2_kg"
    )
    assert total == pytest.approx(parts)
    assert scalar(r, "lifecycle.horizon_embodied_co2_kg") > 0


def test_llama_31_405b_hours_with_goodput_against_the_model_card():
    """Llama 3.1 model card: 30.84M H100-80GB hours for 405B (15.6T tokens pre-training,
    Dubey et al. 2024), at 38-43% bf16 MFU with >90% effective training time. Ours, with
    the profile's 40% MFU and 90% goodput: within 10%. (8B and 70B come out at 0.39x and
    0.71x of their cards: see the issue note.)"""
    s = scenario(
        **{
            "model.params": 405e9,
            "model.training_tokens": 15.6e12,
            "training.hardware": "h100-sxm",
            "training.devices": 16384,
        }
    )
    ours = scalar(engine.evaluate(s), "training.device_hours")
    assert ours / 30.84e6 == pytest.approx(1.0, abs=0.10)


def test_the_chatbot_story_open_weights_make_serving_the_bill():
    r = engine.evaluate(demo("chatbot"))
    assert scalar(r, "lifecycle.training_share") < 0.01
    assert np.isfinite(scalar(r, "lifecycle.api_horizon_cost_usd"))


def test_the_optimiser_says_use_the_api_when_it_is_cheapest():
    from whatif.engine.optimize import optimize

    small = demo("chatbot").override({"inference.queries_per_day": 1e4})
    plan = optimize(small)
    api = scalar(engine.evaluate(small), "lifecycle.api_horizon_cost_usd")
    assert plan.use_api and plan.horizon_cost_usd == pytest.approx(api)
    assert plan.changes() == {} and plan.self_hosted_cost_usd > api
    large = optimize(demo("chatbot").override({"inference.queries_per_day": 5e7}))
    assert not large.use_api and large.horizon_cost_usd < scalar(
        engine.evaluate(demo("chatbot").override({"inference.queries_per_day": 5e7})),
        "lifecycle.api_horizon_cost_usd",
    )
