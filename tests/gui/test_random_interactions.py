"""A few hundred random interactions, as a restless user would make them, raise nothing
and leave the window showing exactly what the engine says about its scenario."""

import random

import numpy as np

from tests.helpers import random_edit
from whatif import engine
from whatif.gui.formatting import usd


def test_random_interactions_raise_nothing(qtbot, window):
    rng = random.Random(20261129)
    editors = window.assumptions.editors
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
        random_edit(window, rng, typed)
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
