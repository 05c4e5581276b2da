"""Query volume that grows over the horizon: month-by-month serving cost, energy, value and
crossover, checked by hand and against the no-growth closed forms."""

import numpy as np
import pytest

from tests.helpers import scalar, scenario
from whatif import engine
from whatif.engine import sweeps


def test_an_autoscaled_fleet_follows_the_growing_volume_month_by_month():
    """Autoscaled cloud serving runs max(n_min, q / v + 1/2) replicas (whole replicas on
    average, with cold-start headroom in v): month m costs A / 12 x that at q0 (1+g)^(m+.5)."""
    base = scenario(
        **{
            "inference.provisioning": "autoscaled",
            "economics.horizon_months": 24,
            "inference.queries_per_day": 5e7,
        }
    )
    grown = engine.evaluate(base.override({"inference.monthly_growth": 0.03}))
    per_replica = scalar(grown, "inference.cost_per_replica_year_usd")
    v = scalar(grown, "inference.queries_per_day_per_replica")
    volumes = 5e7 * 1.03 ** (np.arange(24) + 0.5)
    replicas = np.maximum(volumes / v + 0.5, 1.0)
    expected = (per_replica * replicas / 12).sum()
    assert scalar(grown, "lifecycle.horizon_inference_cost_usd") == pytest.approx(expected)


def test_a_fixed_fleet_adds_replicas_as_the_volume_grows():
    s = scenario(
        **{
            "inference.queries_per_day": 5e6,
            "economics.horizon_months": 12,
            "inference.monthly_growth": 0.1,
        }
    )
    r = engine.evaluate(s)
    per_replica = scalar(r, "inference.cost_per_replica_year_usd")
    step = scalar(r, "inference.queries_per_day_per_replica")
    volumes = 5e6 * 1.1 ** (np.arange(12) + 0.5)
    replicas = np.maximum(np.ceil(volumes / step - 1e-12), 1)
    assert scalar(r, "lifecycle.horizon_inference_cost_usd") == pytest.approx(
        (per_replica * replicas / 12).sum()
    )


def test_tiny_growth_is_continuous_with_no_growth():
    base = scenario(
        **{
            "inference.queries_per_day": 2e7,
            "training.retrains_per_year": 4,
            "training.retrain_fraction": 0.1,
        }
    )
    flat = engine.evaluate(base)
    tiny = engine.evaluate(base.override({"inference.monthly_growth": 1e-9}))
    assert scalar(tiny, "lifecycle.horizon_cost_usd") == pytest.approx(
        scalar(flat, "lifecycle.horizon_cost_usd"), rel=1e-6
    )
    assert scalar(tiny, "lifecycle.horizon_energy_kwh") == pytest.approx(
        scalar(flat, "lifecycle.horizon_energy_kwh"), rel=1e-6
    )
    assert (
        abs(scalar(tiny, "lifecycle.crossover_month") - scalar(flat, "lifecycle.crossover_month"))
        < 1.0
    )  # month resolution


def test_crossover_with_growth_by_brute_force():
    s = scenario(
        **{
            "inference.provisioning": "autoscaled",
            "inference.monthly_growth": 0.08,
            "inference.queries_per_day": 3e6,
            "economics.horizon_months": 60,
        }
    )
    r = engine.evaluate(s)
    t = sweeps.timeline(s, r, points=6001)
    crossed = np.nonzero(t["inference_usd"] >= t["training_usd"])[0]
    assert crossed.size
    assert scalar(r, "lifecycle.crossover_month") == pytest.approx(t["month"][crossed[0]], abs=0.02)
    assert t["inference_usd"][-1] == pytest.approx(
        scalar(r, "lifecycle.horizon_inference_cost_usd")
    )


def test_shrinking_traffic_and_value_of_accuracy():
    s = scenario(
        **{
            "inference.provisioning": "autoscaled",
            "inference.queries_per_day": 1e8,
            "inference.monthly_growth": -0.05,
            "quality.value_per_point_per_1k_queries": 0.1,
        }
    )
    flat = engine.evaluate(s.override({"inference.monthly_growth": 0.0}))
    shrink = engine.evaluate(s)
    ratio = (0.95 ** (np.arange(36) + 0.5)).sum() / 36
    assert scalar(shrink, "lifecycle.horizon_quality_cost_usd") == pytest.approx(
        scalar(flat, "lifecycle.horizon_quality_cost_usd") * ratio
    )
    assert scalar(shrink, "lifecycle.horizon_inference_cost_usd") < scalar(
        flat, "lifecycle.horizon_inference_cost_usd"
    )


def test_mixed_growth_arrays_equal_scalar_evaluations():
    base = scenario(
        **{
            "inference.queries_per_day": 2e7,
            "training.retrains_per_year": 4,
            "training.retrain_fraction": 0.1,
        }
    )
    growth = np.array([0.0, 0.04, 0.0, -0.03])
    arrays = dict(engine.evaluate(base.override({"inference.monthly_growth": growth})).items())
    for i, g in enumerate(growth):
        point = engine.evaluate(base.override({"inference.monthly_growth": g}))
        for name, expected in point.items():
            np.testing.assert_array_equal(arrays[name][i], expected, err_msg=name)
    assert np.isfinite(arrays["lifecycle.crossover_month"][0])  # a real crossover is compared
