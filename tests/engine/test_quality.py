"""Accuracy under pruning and drift, and the closed-form retraining optimum."""

import numpy as np
import pytest

from tests.helpers import scalar, scenario
from whatif import engine
from whatif.engine.quality import mean_accuracy, optimal_retrains_per_year


def test_wanda_llama7b_calibration():
    """Wanda at 50% unstructured: LLaMA-7B mean zero-shot 59.99 -> 54.21 (Sun et al. 2023);
    at 2:4: 48.53. Sensitivity 0.81 reproduces both within a point."""
    base = {
        "quality.baseline_accuracy": 0.5999,
        "quality.pruning_sensitivity": 0.81,
        "pruning.recovery_fraction": 0,
        "pruning.ratio": 0.5,
    }
    unstructured = engine.evaluate(scenario(**base))
    two_four = engine.evaluate(scenario(**base, **{"pruning.structure": "2:4"}))
    assert scalar(unstructured, "quality.accuracy_after_pruning") == pytest.approx(0.5421, abs=0.01)
    assert scalar(two_four, "quality.accuracy_after_pruning") == pytest.approx(0.4853, abs=0.01)


def test_pruning_is_flat_at_first_then_steep():
    ratios = np.array([0.0, 0.1, 0.2, 0.5, 0.7, 0.9])
    r = engine.evaluate(scenario(**{"pruning.ratio": ratios, "pruning.recovery_fraction": 0}))
    acc = r.quality.accuracy_after_pruning
    assert acc[0] == 0.8
    assert acc[1] > 0.799 and acc[2] > 0.79  # 10-20% costs under a point
    drops = -np.diff(acc)
    assert np.all(drops > 0) and np.all(np.diff(drops / np.diff(ratios)) > 0)  # ever steeper


def test_recovery_fine_tune_wins_back_part_of_the_loss():
    base = {"pruning.ratio": 0.6, "quality.recovery_gain": 0.5}
    without = engine.evaluate(scenario(**base, **{"pruning.recovery_fraction": 0}))
    with_ = engine.evaluate(scenario(**base, **{"pruning.recovery_fraction": 0.02}))
    loss_without = -np.log(scalar(without, "quality.accuracy_after_pruning") / 0.8)
    loss_with = -np.log(scalar(with_, "quality.accuracy_after_pruning") / 0.8)
    assert loss_with == pytest.approx(loss_without / 2)


def test_mean_accuracy_with_linear_drift_and_its_floor():
    assert mean_accuracy(0.9, 0.01, 6.0) == pytest.approx(0.87)
    # Drift reaches zero after 9 of 18 months: the mean is the triangle 0.9 * 9 / 2 / 18.
    assert mean_accuracy(0.9, 0.1, 18.0) == pytest.approx(0.9 * 9 / 2 / 18)


def test_retraining_resets_drift():
    r = engine.evaluate(
        scenario(
            **{
                "training.retrains_per_year": np.array([0, 4, 12]),
                "quality.drift_per_month": 0.01,
                "economics.horizon_months": 24,
            }
        )
    )
    assert r.quality.mean_accuracy == pytest.approx([0.8 - 0.12, 0.8 - 0.015, 0.8 - 0.005])


def test_closed_form_optimum_minimises_the_yearly_cost():
    value_rate, drift, cost = 2e6, 0.01, 50_000.0
    best = optimal_retrains_per_year(value_rate, drift, cost)
    f = np.linspace(0.1, 60, 200_000)
    total = f * cost + value_rate * 12 * drift / (2 * f)
    assert best == pytest.approx(f[np.argmin(total)], rel=1e-3)
    assert best == pytest.approx(np.sqrt(value_rate * 0.12 / (2 * cost)))


def test_evaluate_reports_the_optimum_of_its_own_costs():
    s = scenario(
        **{
            "quality.value_per_point_per_1k_queries": 0.05,
            "quality.drift_per_month": 0.01,
            "training.retrain_fraction": 0.05,
            "inference.queries_per_day": 1e7,
        }
    )
    r = engine.evaluate(s)
    value_rate = 100 * 0.05 * 1e7 * 365 / 1000
    retrain = scalar(r, "training.cost_per_retrain_usd")
    expected = np.sqrt(value_rate * 0.12 / (2 * retrain))
    assert scalar(r, "quality.optimal_retrains_per_year") == pytest.approx(expected)


def test_no_value_or_no_drift_means_never_retrain():
    r = engine.evaluate(scenario(**{"quality.value_per_point_per_1k_queries": 0.0}))
    assert scalar(r, "quality.optimal_retrains_per_year") == 0
    r = engine.evaluate(
        scenario(**{"quality.value_per_point_per_1k_queries": 1.0, "quality.drift_per_month": 0.0})
    )
    assert scalar(r, "quality.optimal_retrains_per_year") == 0


def test_mean_accuracy_counts_the_unfinished_last_cycle():
    # Retrain every 24 months over 36: a whole 24-month cycle and 12 months of the next.
    r = engine.evaluate(
        scenario(
            **{
                "training.retrains_per_year": 0.5,
                "quality.drift_per_month": 0.01,
                "economics.horizon_months": 36,
                "pruning.ratio": 0,
            }
        )
    )
    expected = 0.8 - (24 * 24 / 2 + 12 * 12 / 2) / 36 * 0.01
    assert scalar(r, "quality.mean_accuracy") == pytest.approx(expected)
