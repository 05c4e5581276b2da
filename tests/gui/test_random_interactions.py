"""A few hundred random interactions, as a restless user would make them, raise nothing
and leave the window showing exactly what the engine says about its scenario."""

import random

import numpy as np

from whatif import engine
from whatif.gui.formatting import usd


def test_random_interactions_raise_nothing(qtbot, window):
    rng = random.Random(20261129)
    knobs = [window.volume_knob, window.retraining_knob, window.pruning_knob]
    editors = window.assumptions.editors
    numeric = [k for k, e in editors.items() if hasattr(e, "setText")]
    combos = [k for k, e in editors.items() if hasattr(e, "findData")]
    typed = [
        "0",
        "-1",
        "1e99",
        "auto",
        "abc",
        "",
        "0.5",
        "3",
        "2.5M",
        "1e-9",
        "nan",
        "100%",
        "1e12",
        "1T",
        "weekly",
        "2 s",
        "$0.10",
        "1,5M",
    ]
    for _ in range(300):
        action = rng.randrange(7)
        if action == 0:
            knob = rng.choice(knobs)
            knob.slider.setValue(rng.randint(0, knob.positions))
        elif action == 1:
            knob = rng.choice(knobs)
            knob.field.setText(rng.choice(typed))
            knob.field.editingFinished.emit()
        elif action == 2:
            key = rng.choice(numeric)
            editors[key].setText(rng.choice(typed))
            editors[key].editingFinished.emit()
        elif action == 3:
            combo = editors[rng.choice(combos)]
            index = rng.randrange(combo.count())
            combo.setCurrentIndex(index)
            combo.activated.emit(index)
        elif action == 4:
            window.undo_action.trigger()
        elif action == 5:
            window.redo_action.trigger()
        else:
            window.pruning_knob.structure.setCurrentIndex(rng.randrange(3))
        if rng.random() < 0.3:
            qtbot.wait(0)  # let coalesced recomputes run now and then
    window.state.recompute()
    expected = engine.evaluate(window.state.scenario)
    assert window.kpis.cards["lifetime_cost"].value.text() == usd(
        float(expected.lifecycle.horizon_cost_usd)
    )
    scenario = window.state.scenario
    assert window.volume_knob.value() == scenario.inference.queries_per_day
    assert window.retraining_knob.value() == scenario.training.retrains_per_year
    assert window.pruning_knob.value() == scenario.pruning.ratio
    assert window.pruning_knob.structure.currentText() == scenario.pruning.structure
    for key, editor in editors.items():  # every chooser shows the value in force
        if hasattr(editor, "findData"):
            shown = editor.currentData() if key.endswith("hardware") else editor.currentText()
            assert shown == scenario.get(key), key
    assert np.isfinite(float(expected.lifecycle.horizon_cost_usd))
