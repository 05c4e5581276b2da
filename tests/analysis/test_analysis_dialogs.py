"""Analyse menu: the optimum applied as one undoable step; the tornado drawn from the engine."""

import numpy as np
import pytest

from whatif.engine.sizing import size_model
from whatif.gui.analyses.tornado_dialog import _label


def test_optimise_applies_the_plan_as_one_undoable_step(qtbot, window):
    before = window.state.scenario
    dialog = window.show_optimize()
    dialog.floor.setValue(80.0)
    dialog.run()
    assert dialog.apply_button.isEnabled() and "Serve on" in dialog.result.text()
    with qtbot.waitSignal(window.state.analysed):
        dialog.apply()
    plan = dialog.plan
    assert window.state.scenario.inference.hardware == plan.hardware
    assert window.retraining_knob.value() == plan.retrains_per_year
    assert window.state.undo_stack.count() == 1
    window.undo_action.trigger()
    assert window.state.scenario == before


def test_optimise_says_when_nothing_is_feasible(window):
    dialog = window.show_optimize()
    dialog.floor.setValue(99.0)
    dialog.run()
    assert not dialog.apply_button.isEnabled() and "No plan" in dialog.result.text()


def test_tornado_ticks_name_the_most_influential_assumptions(window):
    dialog = window.show_tornado()
    ticks = dialog.plot.getPlotItem().getAxis("left")._tickLevels[0]
    # The chatbot starts from open weights: its bill is serving's, set by the volume.
    assert ticks[0][1] == "Queries per day"
    assert len(ticks) == len(dialog.bars) > 5
    top = dialog.bars[0]
    base = float(window.state.scenario.resolved(top.key))
    assert (top.low_input, top.high_input) == pytest.approx((0.8 * base, 1.2 * base))
    dialog.percent.setValue(50)
    assert dialog.bars[0].impact > 0
    new_top = dialog.bars[0]
    new_base = float(window.state.scenario.resolved(new_top.key))
    assert (new_top.low_input, new_top.high_input) == pytest.approx(
        (0.5 * new_base, 1.5 * new_base)
    )
    moved = next(bar for bar in dialog.bars if bar.key == top.key)
    assert (moved.low_input, moved.high_input) == pytest.approx((0.5 * base, 1.5 * base))
    ticks = dialog.plot.getPlotItem().getAxis("left")._tickLevels[0]
    assert [label for _, label in ticks] == [_label(bar.key) for bar in dialog.bars]


def test_sizing_marks_both_optima(window):
    dialog = window.show_sizing()
    z = dialog.sizing
    assert dialog.best.data["x"][0] == pytest.approx(np.log10(z.params[z.cost_optimal_index]))
    assert dialog.chinchilla.data["x"][0] == pytest.approx(np.log10(z.params[z.chinchilla_index]))
    assert "lifetime-optimal" in dialog.summary.text()
    before = dialog.sizing
    dialog.loss.setValue(2.3)
    assert dialog.sizing.target_loss == pytest.approx(2.3)
    expected = size_model(window.state.scenario, 2.3)
    best = expected.params[expected.cost_optimal_index]
    chinchilla = expected.params[expected.chinchilla_index]
    assert dialog.best.data["x"][0] == pytest.approx(np.log10(best))
    assert dialog.chinchilla.data["x"][0] == pytest.approx(np.log10(chinchilla))
    assert best != pytest.approx(before.params[before.cost_optimal_index])  # the optimum moved


def test_tornado_of_the_crossover_month(window):
    dialog = window.show_tornado()
    dialog.measure.setCurrentIndex(dialog.measure.findData("lifecycle.crossover_month"))
    assert "Crossover" in dialog.summary.text()
    assert dialog.plot.getPlotItem().getAxis("bottom").labelText.startswith("Crossover month")


def test_the_optimum_is_marked_on_the_charts_while_the_dialog_is_open(window):
    dialog = window.show_optimize()
    dialog.floor.setValue(80.0)
    dialog.run()
    line = window.plots.plots["pruning"]._plan_line
    assert line.isVisible() and line.value() == pytest.approx(dialog.plan.pruning_ratio * 100)
    dialog.reject()
    assert not line.isVisible()
