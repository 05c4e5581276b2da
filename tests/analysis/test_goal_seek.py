"""Issue 15, Beyond: goal seek in the engine and the CLI, against hand-solved cases."""

import json

import numpy as np
import pytest

from tests.helpers import SCENARIO_DIR, demo
from whatif import engine
from whatif.engine import goal_seek as goal_seek_module
from whatif.engine.goal_seek import goal_seek
from whatif.gui.cli import main

PRICE = "economics.serving_usd_per_device_hour"
PER_1K = "inference.cost_per_1k_queries_usd"
CROSSOVER = "lifecycle.crossover_month"


def test_cost_per_1k_is_affine_in_the_serving_price_solved_by_hand():
    """Cost per 1k queries = a + b x price (the fleet does not change with the price):
    two evaluations give a and b, and the price for $0.50 is (0.50 - a) / b."""
    s = demo("chatbot")
    c1 = float(engine.evaluate(s.override({PRICE: 1.0})).get(PER_1K))
    c2 = float(engine.evaluate(s.override({PRICE: 4.0})).get(PER_1K))
    b = (c2 - c1) / 3.0
    a = c1 - b
    answer = goal_seek(s, PER_1K, 0.50, PRICE)
    assert answer.reached and answer.reason == ""
    assert answer.value == pytest.approx((0.50 - a) / b, rel=1e-6)
    assert answer.achieved == pytest.approx(0.50, rel=1e-6)


def test_the_query_volume_that_puts_the_crossover_at_month_12():
    s = demo("image_generator")
    answer = goal_seek(s, CROSSOVER, 12.0, "inference.queries_per_day")
    assert answer.reached
    check = engine.evaluate(s.override({"inference.queries_per_day": answer.value}))
    assert float(check.lifecycle.crossover_month) == pytest.approx(12.0, rel=1e-3)
    # More volume brings the crossover earlier: today's 1M/day crosses later than month 12.
    assert answer.value > float(s.inference.queries_per_day)


def test_an_unreachable_crossover_says_how_close_it_gets():
    s = demo("image_generator")
    answer = goal_seek(s, CROSSOVER, 20.0, "pruning.ratio")
    assert not answer.reached and answer.value is None
    assert answer.reason == (
        "the crossover never comes before month 31.7 for any pruning ratio from 0% to 95%"
    )
    beyond = goal_seek(s, CROSSOVER, 100.0, "inference.queries_per_day")
    assert beyond.reason == "the crossover month cannot lie beyond the horizon (month 36)"


def test_an_unreachable_cost_names_the_bound_it_meets():
    answer = goal_seek(demo("chatbot"), PER_1K, 0.5, "pruning.ratio")
    assert not answer.reached
    assert answer.reason.startswith(
        "the cost per 1,000 queries never goes above $0.288 for any pruning ratio"
    )


def test_a_result_that_jumps_over_the_target_gives_the_closest_whole_value():
    """Training devices are whole: the wall clock of one run takes steps (27.0 days on
    256 devices today; no whole count gives exactly 27.0 / 2.5 days)."""
    s = demo("image_generator")
    days = float(engine.evaluate(s).training.wall_clock_days)
    answer = goal_seek(s, "training.wall_clock_days", days / 2.5, "training.devices")
    assert answer.value == round(answer.value)
    at = engine.evaluate(s.override({"training.devices": answer.value}))
    assert answer.achieved == pytest.approx(float(at.training.wall_clock_days))
    assert not answer.reached
    assert answer.reason.startswith("no training devices gives exactly 10.82 days: the ")
    assert "jumps from" in answer.reason and "the closest value is given" in answer.reason


def test_the_whole_range_is_one_evaluation_then_a_few_rounds(monkeypatch):
    shapes = []
    real = goal_seek_module.evaluate

    def counting(scenario):
        shapes.append(scenario.shape)
        return real(scenario)

    monkeypatch.setattr(goal_seek_module, "evaluate", counting)
    goal_seek(demo("chatbot"), PER_1K, 0.5, PRICE)
    assert len(shapes) <= 5 and shapes[0][0] >= 500  # a grid, then narrowing rounds
    assert all(len(shape) == 1 for shape in shapes)


@pytest.mark.parametrize(
    ("target", "vary", "message"),
    [
        ("x.y", PRICE, "unknown result 'x.y'"),
        ("inference.saturated", PRICE, "unknown result 'inference.saturated'"),
        (PER_1K, "inference.hardware", "not a numeric input"),
        (PER_1K, "model.nope", "unknown input 'model.nope'"),
    ],
)
def test_bad_keys_are_one_line_errors(target, vary, message):
    with pytest.raises(ValueError, match=message):
        goal_seek(demo("chatbot"), target, 1.0, vary)
    with pytest.raises(ValueError, match="within"):
        goal_seek(demo("chatbot"), PER_1K, 1.0, PRICE, bounds=(-1.0, 5.0))
    with pytest.raises(ValueError, match="finite"):
        goal_seek(demo("chatbot"), PER_1K, np.inf, PRICE)


def test_cli_goal_seek_prints_the_value_and_json(capsys):
    path = str(SCENARIO_DIR / "chatbot.yaml")
    argv = ["goal-seek", path, "--target", f"{PER_1K}=$0.50", "--vary", PRICE]
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith("Serving price = $5.208/h gives")
    assert main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reached"] is True and data["achieved"] == pytest.approx(0.5)
    assert data["value"] == pytest.approx(goal_seek(demo("chatbot"), PER_1K, 0.5, PRICE).value)


def test_cli_unreachable_exits_1_with_the_reason(capsys):
    path = str(SCENARIO_DIR / "image_generator.yaml")
    argv = ["goal-seek", path, "--target", f"{CROSSOVER}=20", "--vary", "pruning.ratio"]
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"{CROSSOVER}: the crossover never comes before month 31.7 for any pruning "
        "ratio from 0% to 95%"
    ]
    assert main([*argv, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["reached"] is False and data["value"] is None and "never" in data["reason"]


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["--target", "nothing", "--vary", PRICE], "--target: expected KEY=VALUE"),
        (["--target", f"{PER_1K}=cheap", "--vary", PRICE], f"--target: {PER_1K}: not a number"),
        (["--target", f"{PER_1K}=1", "--vary", "model.kind"], "--vary: 'model.kind' is not"),
        (["--target", f"{PER_1K}=1", "--vary", PRICE, "--within", "9:2"], "--within: expected"),
        (["--target", f"{PER_1K}=1", "--vary", PRICE, "--within=-5:2"], "--within: bounds"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(capsys, args, start):
    assert main(["goal-seek", str(SCENARIO_DIR / "chatbot.yaml"), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(start), err
