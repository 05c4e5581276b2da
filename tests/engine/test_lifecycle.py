"""Crossover month, break-even volume and cumulative curves."""

import numpy as np
import pytest

from tests.helpers import scalar, scenario
from whatif import engine
from whatif.engine.lifecycle import crossover_month, cumulative_costs


def test_crossover_without_retraining_is_training_over_monthly_serving():
    assert crossover_month(1200.0, 0.0, 36.0, 0.0, 100.0, 36.0) == pytest.approx(12.0)


def test_crossover_never_within_the_horizon_is_inf():
    assert crossover_month(1e6, 0.0, 36.0, 0.0, 100.0, 36.0) == np.inf
    assert crossover_month(1e6, 0.0, 36.0, 0.0, 0.0, 36.0) == np.inf  # no traffic


def test_crossover_with_retraining_steps_by_hand():
    # First run 1000, retrain 300 every 3 months, serving 150/month.
    # Month 0-3: 150 t vs 1000 -> no (450 < 1000). After k retrains training is 1000 + 300k
    # and serving gains 450 - 300 = 150 per cycle: k = floor((1000-450)/150) + 1 = 4,
    # t = (1000 + 4 * 300) / 150 = 14.67 months, inside cycle [12, 15).
    t = crossover_month(1000.0, 300.0, 3.0, 11.0, 150.0, 36.0)
    assert t == pytest.approx(2200 / 150)
    train, serve = cumulative_costs(np.array([t - 1e-6, t + 1e-6]), 1000.0, 300.0, 3.0, 11.0, 150.0)
    assert serve[0] < train[0] and serve[1] >= train[1]


def test_crossover_never_when_retraining_outpaces_serving():
    assert crossover_month(1000.0, 500.0, 3.0, 11.0, 150.0, 36.0) == np.inf


def test_crossover_agrees_with_the_cumulative_curves():
    s = scenario(
        **{
            "training.retrains_per_year": 6,
            "training.retrain_fraction": 0.05,
            "inference.queries_per_day": np.logspace(5, 8, 7),
        }
    )
    r = engine.evaluate(s)
    months = np.linspace(0, 36, 36001)
    for i in range(7):
        train, serve = cumulative_costs(
            months,
            r.lifecycle.initial_training_cost_usd[i],
            r.training.cost_per_retrain_usd[i],
            2.0,
            r.lifecycle.retrains_in_horizon[i],
            r.inference.yearly_cost_usd[i] / 12,
        )
        crossed = np.nonzero(serve >= train)[0]
        expected = months[crossed[0]] if crossed.size else np.inf
        assert r.lifecycle.crossover_month[i] == pytest.approx(expected, abs=2e-3)


def test_cumulative_curves_end_at_the_horizon_totals():
    s = scenario(**{"training.retrains_per_year": 4, "training.retrain_fraction": 0.1})
    r = engine.evaluate(s)
    train, serve = cumulative_costs(
        36.0,
        scalar(r, "lifecycle.initial_training_cost_usd"),
        scalar(r, "training.cost_per_retrain_usd"),
        3.0,
        scalar(r, "lifecycle.retrains_in_horizon"),
        scalar(r, "inference.yearly_cost_usd") / 12,
    )
    assert train == pytest.approx(scalar(r, "lifecycle.horizon_training_cost_usd"))
    assert serve == pytest.approx(scalar(r, "lifecycle.horizon_inference_cost_usd"))


def first_crossing(s, top=1e9, points=20001):
    """The first swept volume where yearly serving reaches yearly training (inf: none)."""
    volumes = np.concatenate([[0.0], np.logspace(0, np.log10(top), points)])
    r = engine.evaluate(s.override({"inference.queries_per_day": volumes}))
    crossed = np.nonzero(r.inference.yearly_cost_usd >= r.training.yearly_cost_usd)[0]
    return (
        (volumes[crossed[0]], volumes[crossed[0] - 1] if crossed[0] else 0.0)
        if crossed.size
        else (np.inf, np.inf)
    )


@pytest.mark.parametrize("pricing", ["cloud", "owned"])
@pytest.mark.parametrize("provisioning", ["fixed", "autoscaled"])
@pytest.mark.parametrize("max_replicas", ["auto", 3])
def test_break_even_volume_is_where_the_yearly_curves_meet(pricing, provisioning, max_replicas):
    s = scenario(
        **{
            "inference.provisioning": provisioning,
            "economics.pricing": pricing,
            "training.hardware": "a100-80gb",
            "inference.hardware": "a100-80gb",
            "inference.max_replicas": max_replicas,
            "model.params": 1e9,
            "model.training_tokens": 5e11,
            "training.retrains_per_year": 2,
        }
    )
    be = scalar(engine.evaluate(s), "lifecycle.break_even_queries_per_day")
    after, before = first_crossing(s)
    if np.isinf(after):
        assert be == np.inf
    else:
        assert before <= be * (1 + 1e-9) and be <= after * (1 + 1e-9), (before, be, after)


def test_break_even_is_never_when_a_capped_fixed_fleet_stays_cheap():
    s = scenario(**{"inference.max_replicas": 1})
    assert scalar(engine.evaluate(s), "lifecycle.break_even_queries_per_day") == np.inf
    assert first_crossing(s)[0] == np.inf


def test_training_share_and_totals_add_up():
    r = engine.evaluate(scenario())
    total = scalar(r, "lifecycle.horizon_cost_usd")
    training = scalar(r, "lifecycle.horizon_training_cost_usd")
    assert total == pytest.approx(training + scalar(r, "lifecycle.horizon_inference_cost_usd"))
    assert scalar(r, "lifecycle.training_share") == pytest.approx(training / total)


BY_HAND = {
    "model.params": 1e9,
    "model.training_tokens": 1e11,
    "training.hardware": "h100-sxm",
    "training.devices": 8,
    "training.mfu": 0.5,
    "training.goodput": 1.0,
    "training.dev_overhead": 0.0,
    "training.retrains_per_year": 0,
    "pruning.ratio": 0,
    "inference.provisioning": "fixed",
    "inference.replicas": 1,
    "inference.hardware": "h100-sxm",
    "economics.horizon_months": 12,
}


def test_training_share_over_a_year_by_hand():
    # Training: 6 N D = 6 * 1e9 * 1e11 = 6e20 FLOP. The H100 SXM delivers 989 TFLOP/s
    # (bf16, hardware_profiles/h100-sxm.yaml) at MFU 0.5 = 4.945e14 FLOP/s, so
    # 6e20 / 4.945e14 = 1,213,346.8 device-seconds = 337.0408 device-hours; at the
    # profile's cloud price of $3.00/h that is $1,011.12, paid once (no retrains, no pruning).
    # Serving: one fixed replica of one H100 (a 1B model fits one device) runs all year:
    # 8,760 h * $3.00/h = $26,280 over the 12-month horizon, whatever the volume.
    # Total $27,291.12; training's share 1,011.12 / 27,291.12 = 0.037049.
    r = engine.evaluate(scenario(**BY_HAND))
    assert scalar(r, "lifecycle.horizon_training_cost_usd") == pytest.approx(1011.12, abs=0.01)
    assert scalar(r, "lifecycle.horizon_inference_cost_usd") == pytest.approx(26280.0)
    assert scalar(r, "lifecycle.horizon_cost_usd") == pytest.approx(27291.12, abs=0.01)
    assert scalar(r, "lifecycle.training_share") == pytest.approx(0.037049, abs=1e-6)


def test_goodput_and_development_runs_scale_the_first_run_by_hand():
    # 90% goodput stretches the run to 1,011.12 / 0.9 = $1,123.47; development and ablation
    # runs at half the final run add $561.73: $1,685.20 at month 0.
    r = engine.evaluate(
        scenario(**{**BY_HAND, "training.goodput": 0.9, "training.dev_overhead": 0.5})
    )
    assert scalar(r, "training.cost_usd") == pytest.approx(1011.12 / 0.9, abs=0.01)
    assert scalar(r, "training.development_cost_usd") == pytest.approx(561.73, abs=0.01)
    assert scalar(r, "lifecycle.horizon_training_cost_usd") == pytest.approx(1685.20, abs=0.01)
    assert scalar(r, "training.device_hours") == pytest.approx(337.0408 / 0.9, abs=1e-3)


def test_an_autoscaled_fleet_pays_its_minimum_and_only_that_at_no_traffic():
    # With no queries an autoscaled fleet runs its minimum: one H100 all year ($26,280), or
    # nothing when it may scale to zero (training's share is then 1).
    idle = {
        **BY_HAND,
        "inference.provisioning": "autoscaled",
        "inference.replicas": None,
        "inference.queries_per_day": 0,
    }
    r = engine.evaluate(scenario(**idle))
    assert scalar(r, "lifecycle.horizon_inference_cost_usd") == pytest.approx(26280.0)
    r = engine.evaluate(scenario(**idle, **{"inference.min_replicas": 0}))
    assert scalar(r, "lifecycle.horizon_inference_cost_usd") == 0.0
    assert scalar(r, "lifecycle.horizon_cost_usd") == pytest.approx(1011.12, abs=0.01)
    assert scalar(r, "lifecycle.training_share") == 1.0
