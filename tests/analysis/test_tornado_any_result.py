"""Issue 15 item 9: the tornado of any result (p99 latency, cost per 1k queries, energy,
accuracy, crossover), from one vectorised evaluation, in the dialog and the CLI."""

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.analysis.test_dialog_paths import open_dialog
from tests.helpers import SCENARIO_DIR, demo
from whatif import engine
from whatif.engine import sensitivity
from whatif.engine.demos import list_demos
from whatif.engine.sensitivity import OUTPUTS, tornado
from whatif.gui.analyses.tornado_dialog import TornadoDialog
from whatif.gui.cli import main


def _by_hand(scenario, key, value, output):
    """The result with one input set to ``value``: a plain scalar evaluation."""
    return float(engine.evaluate(scenario.override({key: value})).get(output))


def test_p99_latency_picked_in_the_combo_matches_hand_evaluations(qtbot, window):
    dialog = open_dialog(qtbot, window, Qt.Key.Key_T, TornadoDialog)
    dialog.measure.setFocus()
    qtbot.keyClicks(dialog.measure, "p99 l")  # the combo's own type-to-select
    assert dialog.measure.currentText() == "p99 latency (end to end)"
    assert dialog.output == "inference.latency_p99_s"
    s = window.state.scenario
    assert dialog.base == pytest.approx(float(engine.evaluate(s).inference.latency_p99_s))
    for bar in dialog.bars[:4]:
        assert bar.low == pytest.approx(
            _by_hand(s, bar.key, bar.low_input, "inference.latency_p99_s")
        )
        assert bar.high == pytest.approx(
            _by_hand(s, bar.key, bar.high_input, "inference.latency_p99_s")
        )
    # The axis speaks milliseconds; the bars keep their colours' meaning around today's p99.
    axis = dialog.plot.getPlotItem().getAxis("bottom")
    assert axis.tickStrings([0.25, 0.5], 1, 1) == ["250 ms", "500 ms"]
    assert "p99 latency" in axis.labelText
    lows = np.array([min(b.low, b.high) for b in dialog.bars])
    assert np.allclose(dialog.below.opts["x1"], dialog.base)
    assert np.allclose(dialog.below.opts["x0"], np.minimum(lows, dialog.base))
    assert "p99 latency (end to end) now" in dialog.summary.text()
    labels = [t.textItem.toPlainText() for t in dialog.end_labels[:2]]
    top = dialog.bars[0]
    assert labels[0] in (f"{top.low_input:.3g}", f"{top.low_input / 1e3:.3g}k")


def test_each_result_has_its_unit_on_the_axis(qtbot, window):
    dialog = window.show_tornado()
    qtbot.addWidget(dialog)
    axis = dialog.plot.getPlotItem().getAxis("bottom")
    expected = {
        "inference.cost_per_1k_queries_usd": ([0.5], ["$0.50"]),
        "quality.mean_accuracy": ([0.812], ["81.2%"]),
        "inference.energy_wh_per_query": ([0.35], ["0.35 Wh"]),
        "lifecycle.crossover_month": ([7.5], ["7.5"]),
    }
    for output, (values, texts) in expected.items():
        dialog.measure.setCurrentIndex(dialog.measure.findData(output))
        assert axis.tickStrings(values, 1, 1) == texts
        assert dialog.bars, output


def test_ttft_is_offered_for_llms_only(qtbot, window):
    dialog = window.show_tornado()
    assert dialog.measure.findData("inference.ttft_p99_s") >= 0
    window.open_demo("recommender")
    other = window.show_tornado()
    assert other.measure.findData("inference.ttft_p99_s") == -1
    assert other.measure.count() == len(OUTPUTS) - 1


def test_one_evaluation_serves_every_move_and_matches_one_by_one(monkeypatch):
    calls = []
    real = sensitivity.evaluate

    def counting(scenario):
        calls.append(scenario.shape)
        return real(scenario)

    monkeypatch.setattr(sensitivity, "evaluate", counting)
    for d in list_demos():
        s = demo(d.name)
        calls.clear()
        base, bars = tornado(s, 20.0, "quality.mean_accuracy")
        assert calls == [(2 * len(bars) + 1,)], d.name
        assert base == pytest.approx(float(real(s).quality.mean_accuracy))
        for bar in bars[:3]:
            r = real(s.override({bar.key: np.array([bar.low_input, bar.high_input])}))
            assert (bar.low, bar.high) == pytest.approx(tuple(r.quality.mean_accuracy))


def test_cli_swings_a_non_cost_result(capsys):
    path = str(SCENARIO_DIR / "chatbot.yaml")
    output = "inference.energy_wh_per_query"
    assert main(["sensitivity", path, "--output", output, "--percent", "10"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["output"], data["unit"]) == (output, "Wh")
    s = demo("chatbot")
    assert data["base"] == pytest.approx(float(engine.evaluate(s).get(output)))
    top = data["bars"][0]
    assert top["low"] == pytest.approx(_by_hand(s, top["key"], top["low_input"], output))
    assert top["impact"] == pytest.approx(abs(top["high"] - top["low"]))
    impacts = [b["impact"] for b in data["bars"]]
    assert impacts == sorted(impacts, reverse=True)


def test_cli_refuses_an_unknown_result_in_one_line(capsys):
    path = str(SCENARIO_DIR / "chatbot.yaml")
    assert main(["sensitivity", path, "--output", "inference.saturated"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("--output")
    assert "unknown result 'inference.saturated'" in err[0]
