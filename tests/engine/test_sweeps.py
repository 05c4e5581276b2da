"""The data behind each chart equals the engine's results at the same points."""

import numpy as np
import pytest

from tests.helpers import demo, scalar
from whatif import engine
from whatif.engine import sweeps


def test_volume_sweep_matches_point_evaluations():
    s = demo()
    d = sweeps.volume_sweep(s, points=50)
    for i in (0, 17, 49):
        r = engine.evaluate(s.override({"inference.queries_per_day": d["queries_per_day"][i]}))
        assert d["inference_usd_per_year"][i] == pytest.approx(
            scalar(r, "inference.yearly_cost_usd")
        )
        assert d["total_usd_per_year"][i] == pytest.approx(
            scalar(r, "inference.yearly_cost_usd") + scalar(r, "training.yearly_cost_usd")
        )


def test_retraining_sweep_finds_the_closed_form_optimum():
    s = demo().override(
        {
            "quality.value_per_point_per_1k_queries": 0.2,
            "model.pretraining": "own",
            "training.retrain_method": "full",
            "training.retrain_fraction": 0.02,
            "economics.horizon_months": 120,
        }
    )
    d = sweeps.retraining_sweep(s, points=400)
    closed_form = scalar(engine.evaluate(s), "quality.optimal_retrains_per_year")
    # The sweep's total also carries horizon rounding; the two agree within one step.
    assert float(d["best_retrains_per_year"]) == pytest.approx(closed_form, rel=0.15)


def test_timeline_steps_at_each_retrain_and_ends_at_the_totals():
    s = demo()
    r = engine.evaluate(s)
    t = sweeps.timeline(s, r)
    jumps = np.nonzero(np.diff(t["training_usd"]) > 1.0)[0]
    assert len(jumps) == scalar(r, "lifecycle.retrains_in_horizon")
    assert t["training_usd"][-1] == pytest.approx(scalar(r, "lifecycle.horizon_training_cost_usd"))
    assert t["inference_usd"][-1] == pytest.approx(
        scalar(r, "lifecycle.horizon_inference_cost_usd")
    )


def test_load_sweep_saturates_past_the_fleet_capacity():
    s = demo()
    r = engine.evaluate(s)
    d = sweeps.load_sweep(s, r)
    past = d["peak_qps"] > d["capacity_qps"] * (1 + 1e-9)
    under = d["peak_qps"] < d["capacity_qps"] * (1 - 1e-9)  # the boundary itself is a tie
    assert past.any() and under.any()
    assert np.all(d["saturated"][past]) and not np.any(d["saturated"][under])
    assert np.all(np.isinf(d["latency_p99_s"][past]))
    below = d["latency_p99_s"][under]
    assert np.all(np.diff(below) >= -1e-12)  # latency never falls as load grows


def test_heatmap_matches_point_evaluations():
    s = demo()
    d = sweeps.share_heatmap(s, volumes=5, retrains=4)
    r = engine.evaluate(
        s.override(
            {
                "inference.queries_per_day": d["queries_per_day"][3],
                "training.retrains_per_year": d["retrains_per_year"][2],
            }
        )
    )
    assert d["training_share"][3, 2] == pytest.approx(scalar(r, "lifecycle.training_share"))


def test_hardware_comparison_has_every_profile_and_notes_unpriced_ones():
    s = demo()
    rows = sweeps.hardware_comparison(s)
    assert [r["id"] for r in rows] == sorted(s.profiles)
    owned = sweeps.hardware_comparison(
        s.override(
            {
                "economics.pricing": "owned",
                "training.hardware": "a100-80gb",
                "inference.hardware": "h100-sxm",
            }
        )
    )
    tpu = next(r for r in owned if r["id"] == "tpu-v4")
    assert "purchase_usd" in tpu["note"] and "cost_per_1k_queries_usd" not in tpu
