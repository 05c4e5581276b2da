"""Optimise and sensitivity against hand-worked cases."""

import json

import pytest

from tests.helpers import SCENARIO_DIR, demo, scalar, scenario
from whatif import engine
from whatif.engine.optimize import optimize
from whatif.engine.sensitivity import tornado
from whatif.gui.cli import main


def test_optimum_retraining_matches_the_closed_form():
    """With accuracy valued and linear drift, the best cadence is f* = sqrt(V d / 2C)."""
    s = scenario(
        **{
            "quality.value_per_point_per_1k_queries": 0.05,
            "quality.drift_per_month": 0.01,
            "training.retrain_fraction": 0.05,
            "inference.queries_per_day": 1e7,
            "economics.horizon_months": 600,
            "quality.pruning_sensitivity": 100.0,
        }
    )  # pruning never pays here
    plan = optimize(s, hardware=[s.inference.hardware])
    closed_form = scalar(engine.evaluate(s), "quality.optimal_retrains_per_year")
    assert plan.pruning_ratio == 0.0
    assert plan.retrains_per_year == pytest.approx(closed_form, rel=0.10)


def test_the_plan_is_feasible_and_no_dearer_than_now():
    s = demo()
    plan = optimize(s, accuracy_floor=0.8)
    applied = engine.evaluate(s.override(plan.changes()))
    assert bool(applied.inference.slo_met) and bool(applied.inference.fits)
    assert scalar(applied, "quality.mean_accuracy") >= 0.8
    total = scalar(applied, "lifecycle.horizon_cost_usd") + scalar(
        applied, "lifecycle.horizon_quality_cost_usd"
    )
    assert total == pytest.approx(plan.horizon_cost_usd)
    assert plan.horizon_cost_usd <= plan.current_cost_usd


def test_an_impossible_floor_has_no_plan():
    assert optimize(demo(), accuracy_floor=0.99) is None


def test_two_point_tornado_by_hand():
    """Training cost goes as 1/MFU: at MFU x0.8 and x1.2 the horizon cost is
    T/0.8 + S and T/1.2 + S (T training, S serving over the horizon)."""
    s = demo().override({"training.mfu": 0.4})
    base, bars = tornado(s, 20.0)
    r = engine.evaluate(s)
    training = scalar(r, "lifecycle.horizon_training_cost_usd")
    serving = scalar(r, "lifecycle.horizon_inference_cost_usd")
    mfu = next(b for b in bars if b.key == "training.mfu")
    assert (mfu.low_input, mfu.high_input) == pytest.approx((0.32, 0.48))
    assert mfu.low == pytest.approx(training / 0.8 + serving)
    assert mfu.high == pytest.approx(training / 1.2 + serving)
    assert base == pytest.approx(training + serving)
    impacts = [b.impact for b in bars]
    assert impacts == sorted(impacts, reverse=True)


def test_cli_forms_write_json_and_csv(capsys):
    assert (
        main(["optimize", str(SCENARIO_DIR / "drug_discovery.yaml"), "--accuracy-floor", "0.7"])
        == 0
    )
    plan = json.loads(capsys.readouterr().out)
    assert plan["feasible"] is True and plan["mean_accuracy"] >= 0.7
    assert main(["sensitivity", str(SCENARIO_DIR / "chatbot.yaml"), "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "key,low_input,high_input,low,high,impact"
    assert len(lines) > 10
    assert main(["optimize", str(SCENARIO_DIR / "chatbot.yaml"), "--accuracy-floor", "0.99"]) == 1
    assert json.loads(capsys.readouterr().out)["feasible"] is False


def test_a_move_of_100_percent_or_more_is_refused(capsys):
    """-100% takes every input to zero: the tornado refuses instead of reporting infinity."""
    with pytest.raises(ValueError, match="between 0 and 100"):
        tornado(demo(), 100.0)
    with pytest.raises(SystemExit) as exit_info:
        main(["sensitivity", str(SCENARIO_DIR / "chatbot.yaml"), "--percent", "100"])
    assert exit_info.value.code == 2
    assert "--percent: must be between 0 and 100 (got 100)" in capsys.readouterr().err


def test_a_move_that_leaves_a_range_is_clipped_to_it():
    """Target utilisation accepts (0, 1]: +50% of 0.7 is clipped to 1.0."""
    _, bars = tornado(demo().override({"inference.target_utilization": 0.7}), 50.0)
    bar = next(b for b in bars if b.key == "inference.target_utilization")
    assert (bar.low_input, bar.high_input) == pytest.approx((0.35, 1.0))
