"""The live window: knobs, KPI cards and charts agree with the engine; undo/redo; files."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSlider

from tests.helpers import SCENARIO_DIR
from whatif import engine
from whatif.engine import sweeps
from whatif.gui.formatting import usd
from whatif.gui.widgets.knobs import retrain_label


def move(qtbot, window, slider, position):
    """Move a slider as a drag would and wait for the redraw."""
    with qtbot.waitSignal(window.state.analysed, timeout=5000):
        slider.setValue(position)


def test_sliders_have_the_documented_object_names(window):
    for name in ("query_volume_slider", "retraining_slider", "pruning_slider"):
        assert window.findChild(QSlider, name) is not None


@pytest.mark.parametrize(
    ("name", "position", "key"),
    [
        ("query_volume_slider", 900, "inference.queries_per_day"),
        ("retraining_slider", 10, "training.retrains_per_year"),
        ("pruning_slider", 50, "pruning.ratio"),
    ],
)
def test_each_slider_changes_cards_and_charts_to_the_engine_values(
    qtbot, window, name, position, key
):
    slider = window.findChild(QSlider, name)
    before_cost = window.kpis.cards["lifetime_cost"].value.text()
    before_curve = window.plots.plots["cumulative"].inference.yData.copy()
    move(qtbot, window, slider, position)
    scenario = window.state.scenario
    assert scenario.get(key) != engine.load_scenario(SCENARIO_DIR / "chatbot.yaml").get(key)
    expected = engine.evaluate(scenario)
    cost = float(expected.lifecycle.horizon_cost_usd)
    assert window.kpis.cards["lifetime_cost"].value.text() == usd(cost)
    timeline = sweeps.timeline(scenario, expected)
    plot = window.plots.plots["cumulative"]
    np.testing.assert_allclose(plot.inference.yData, timeline["inference_usd"])
    np.testing.assert_allclose(plot.training.yData, timeline["training_usd"])
    volume = sweeps.volume_sweep(scenario)
    volume_plot = window.plots.plots["volume"]
    _, shown = volume_plot.curve_values(volume_plot.inference)  # drawn as log10 on log axes
    np.testing.assert_allclose(shown, volume["inference_usd_per_year"])
    heat = sweeps.share_heatmap(scenario)
    np.testing.assert_allclose(
        window.plots.plots["heatmap"]._data["training_share"], heat["training_share"]
    )
    changed = window.kpis.cards["lifetime_cost"].value.text() != before_cost or not np.array_equal(
        plot.inference.yData, before_curve
    )
    assert changed


def test_volume_field_and_slider_stay_in_sync(qtbot, window):
    knob = window.volume_knob
    knob.field.setText("2.5M")
    with qtbot.waitSignal(window.state.analysed):
        knob.field.editingFinished.emit()
    assert window.state.scenario.inference.queries_per_day == 2.5e6
    assert knob.slider.value() == knob.to_position(2.5e6)
    assert knob.readout.text() == "2.5M/day"
    move(qtbot, window, knob.slider, 1000)
    assert knob.field.text() == "10B"  # billions of queries, as people say it
    assert window.state.scenario.inference.queries_per_day == 1e10


def test_retraining_knob_speaks_in_cadences(qtbot, window):
    knob = window.retraining_knob
    move(qtbot, window, knob.slider, 0)
    assert knob.readout.text() == "never"
    move(qtbot, window, knob.slider, knob.positions)
    assert knob.readout.text() == "weekly"
    assert window.state.scenario.training.retrains_per_year == 52
    knob.field.setText("4")
    with qtbot.waitSignal(window.state.analysed):
        knob.field.editingFinished.emit()
    assert knob.readout.text() == "every 3 months"
    assert retrain_label(12) == "monthly" and retrain_label(1) == "yearly"


def test_bad_field_text_is_refused_and_marked(qtbot, window):
    knob = window.pruning_knob
    before = window.state.scenario
    knob.field.setText("lots")
    knob.field.editingFinished.emit()
    assert window.state.scenario is before
    assert "c92a2a" in knob.field.styleSheet()


def test_typing_an_assumption_redraws_and_a_bad_one_says_why(qtbot, window):
    editor = window.assumptions.editors["inference.tpot_slo_ms"]
    editor.setText("0.5")
    with qtbot.waitSignal(window.state.analysed):
        editor.editingFinished.emit()
    assert window.state.scenario.inference.tpot_slo_ms == 0.5
    assert window.kpis.cards["latency"].warning  # the step overhead alone is 0.5 ms
    assert "TPOT" in window.kpis.cards["latency"].detail.text()
    editor.setText("none")
    with qtbot.waitSignal(window.state.analysed):
        editor.editingFinished.emit()
    assert window.state.scenario.inference.tpot_slo_ms is None
    assert editor.text() == "none"
    assert not window.kpis.cards["latency"].warning
    editor = window.assumptions.editors["economics.pue"]
    editor.setText("0.5")
    editor.editingFinished.emit()
    assert window.state.scenario.economics.pue == 1.2
    assert "at least 1" in editor.toolTip()
    assert "PUE: must be at least 1" in window.statusBar().currentMessage()  # label, not key


def test_choosing_another_serving_profile_redraws(qtbot, window):
    combo = window.assumptions.editors["inference.hardware"]
    index = combo.findData("l4")
    before = window.plots.plots["latency"].p99.yData.copy()
    with qtbot.waitSignal(window.state.analysed):
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
    assert window.state.scenario.inference.hardware == "l4"
    expected = engine.evaluate(window.state.scenario)
    assert window.kpis.cards["cost_per_1k"].value.text() == usd(
        float(expected.inference.cost_per_1k_queries_usd)
    )
    after = window.plots.plots["latency"].p99.yData
    assert not np.allclose(before, after, equal_nan=True)
    load = sweeps.load_sweep(window.state.scenario, expected)
    np.testing.assert_allclose(
        after, np.where(np.isfinite(load["ttft_p99_s"]), load["ttft_p99_s"], np.nan)
    )


def test_undo_and_redo_walk_back_and_forth(qtbot, window):
    original = window.state.scenario
    move(qtbot, window, window.pruning_knob.slider, 30)
    move(qtbot, window, window.volume_knob.slider, 200)
    changed = window.state.scenario
    with qtbot.waitSignal(window.state.analysed):
        window.undo_action.trigger()
    assert window.state.scenario.inference.queries_per_day == original.inference.queries_per_day
    assert window.state.scenario.pruning.ratio == 0.3
    with qtbot.waitSignal(window.state.analysed):
        window.undo_action.trigger()
    assert window.state.scenario == original
    assert window.pruning_knob.slider.value() == 0  # widgets follow the state
    with qtbot.waitSignal(window.state.analysed):
        window.redo_action.trigger()
        window.redo_action.trigger()
    assert window.state.scenario == changed


def test_one_drag_is_one_undo_step(qtbot, window):
    slider = window.pruning_knob.slider
    slider.sliderPressed.emit()  # what a press on the handle sends, then the moves
    for position in (10, 20, 30, 40):
        slider.setValue(position)
    slider.sliderReleased.emit()
    assert window.state.undo_stack.count() == 1
    assert window.state.scenario.pruning.ratio == 0.4
    qtbot.keyClick(slider, Qt.Key.Key_Right)  # a key step is a step of its own
    assert window.state.undo_stack.count() == 2
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.state.scenario.pruning.ratio == 0.0


def test_save_and_open_round_trip(qtbot, window, tmp_path):
    move(qtbot, window, window.volume_knob.slider, 800)
    window.assumptions.editors["economics.pricing"].setCurrentText("owned")
    window.assumptions.changed.emit({"economics.pricing": "owned"})
    path = tmp_path / "mine.yaml"
    assert window.save_to(str(path))
    assert window.state.undo_stack.isClean()
    saved = window.state.scenario
    text = path.read_text()
    other = engine.load_scenario(path, saved.profiles)
    assert other == saved
    with qtbot.waitSignal(window.state.analysed):
        assert window.open_path(str(path))
    assert window.state.scenario == saved
    again = tmp_path / "again.yaml"
    window.save_to(str(again))
    assert again.read_text() == text


def test_opening_a_bad_file_keeps_the_current_scenario(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(window, "show_error", lambda title, text: shown.append(text))
    bad = tmp_path / "bad.yaml"
    bad.write_text("inference:\n  hardware: nope\n")
    before = window.state.scenario
    assert not window.open_path(str(bad))
    assert window.state.scenario is before
    assert shown and f"{bad}:2: inference.hardware" in shown[0]


def test_dark_look_applies_to_cards_and_plots(qtbot, window):
    window.dark_action.trigger()
    assert window.theme_name == "dark"
    assert window.plots.plots["volume"].backgroundBrush().color().name() == "#16181d"
    window.dark_action.trigger()
    assert window.theme_name == "light"


def test_layout_and_last_scenario_are_remembered(qtbot, window, tmp_path):
    from whatif.gui.app import create_window

    path = tmp_path / "kept.yaml"
    window.save_to(str(path))
    window.resize(800, 650)  # within the offscreen screen, which clamps larger sizes
    window.knobs_dock.hide()
    window.close()
    second = create_window()
    qtbot.addWidget(second, before_close_func=lambda w: w.state.undo_stack.setClean())
    second.restore_layout()
    assert second.state.path == str(path)
    assert second.size().height() == 650  # (the 800-px offscreen screen clamps widths)
    assert second.knobs_dock.isHidden()
    second.state.undo_stack.setClean()
    second.close()


def test_hover_reads_out_every_curve(qtbot, window):
    plot = window.plots.plots["cumulative"]
    text = plot.show_readout(12.0)
    assert text.startswith("month 12.0")
    assert "Training (episodic): $" in text and "Inference (continuous): $" in text
    heat = window.plots.plots["heatmap"]
    data = heat._data
    i = int(np.argmin(np.abs(np.log10(data["queries_per_day"]) - 6.0)))
    j = int(np.argmin(np.abs(data["retrains_per_year"] - 4.0)))
    share = float(data["training_share"][i, j])
    assert 0 < share < 0.001  # the chatbot's serving dwarfs its LoRA fine-tunes: not "0%"
    assert heat.readout_at(6.0, 4.0).endswith(f"training share {share * 100:.2g}%")


def test_hardware_table_lists_every_profile_and_marks_the_choices(qtbot, window):
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.hardware_table.row_count() == len(window.state.profiles))
    texts = [window.hardware_table.text(r, 0) for r in range(window.hardware_table.row_count())]
    assert any(t.startswith("h100-sxm") and "serving" in t and "training" in t for t in texts)
    assert not any(t.startswith("a100-80gb") and "training" in t for t in texts)
    window.hardware_table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    table = window.hardware_table
    costs = [table.sort_key(r, 2) for r in range(table.row_count())]
    assert costs == sorted(costs)


def test_demos_menu_opens_each_demo_untitled(qtbot, window):
    from whatif.engine.demos import list_demos

    menu = window.demos_menu
    titles = [a.text() for a in menu.actions()]
    assert len(titles) == len(list_demos()) == 7
    for action, demo in zip(menu.actions(), list_demos(), strict=True):
        with qtbot.waitSignal(window.state.analysed):
            action.trigger()
        assert window.state.scenario.name == demo.title
        assert window.state.path == ""  # saving asks where: the bundled file stays as shipped
        assert window.kpis.cards["lifetime_cost"].value.text().startswith("$")


def test_recent_files_list_opened_and_saved_scenarios(qtbot, window, tmp_path):
    from whatif.gui.recent_files import recent_files

    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    window.save_to(str(first))
    window.save_to(str(second))
    assert recent_files()[:2] == [str(second.resolve()), str(first.resolve())]
    window._fill_recent_menu()
    names = [a.text() for a in window.recent_menu.actions()]
    assert names[:2] == ["b.yaml", "a.yaml"]
    second.unlink()
    assert recent_files()[0] == str(first.resolve())  # vanished files drop out


def test_the_largest_typed_volume_still_redraws(qtbot, window):
    knob = window.volume_knob
    knob.field.setText("1e12")
    with qtbot.waitSignal(window.state.analysed):
        knob.field.editingFinished.emit()
    assert window.state.analysis.scenario.inference.queries_per_day == 1e12
    assert window.state.analysis.load["peak_qps"].max() > 0


def test_a_refused_choice_shows_what_holds(qtbot, window):
    editors = window.assumptions.editors
    training = editors["training.hardware"]
    index = training.findData("tpu-v4")
    with qtbot.waitSignal(window.state.analysed):
        training.setCurrentIndex(index)
        training.activated.emit(index)
    pricing = editors["economics.pricing"]
    pricing.setCurrentText("owned")
    pricing.activated.emit(pricing.currentIndex())
    assert window.state.scenario.economics.pricing == "cloud"  # TPUs are not for sale
    assert pricing.currentText() == "cloud"
    assert "purchase_usd" in window.statusBar().currentMessage()


def test_leaving_a_knob_field_untouched_changes_nothing(qtbot, window):
    window.state.set_values({"inference.queries_per_day": 2345678})
    qtbot.waitUntil(lambda: window.volume_knob.field.text() == "2.35M")
    steps = window.state.undo_stack.count()
    window.volume_knob.field.editingFinished.emit()
    assert window.state.scenario.inference.queries_per_day == 2345678
    assert window.state.undo_stack.count() == steps


def test_an_error_mark_goes_when_the_value_is_fixed(qtbot, window):
    editor = window.assumptions.editors["economics.pue"]
    editor.setText("0.5")
    editor.editingFinished.emit()
    assert "c92a2a" in editor.styleSheet()
    editor.setText("1.3")
    with qtbot.waitSignal(window.state.analysed):
        editor.editingFinished.emit()
    assert window.state.scenario.economics.pue == 1.3
    assert editor.styleSheet() == ""


def test_units_typed_with_a_number_are_checked(qtbot, window):
    editor = window.assumptions.editors["inference.ttft_slo_ms"]
    editor.setText("2 s")  # seconds typed into a field of milliseconds
    editor.editingFinished.emit()
    assert window.state.scenario.inference.ttft_slo_ms == 2000
    assert "in ms" in editor.toolTip()
    knob = window.retraining_knob
    knob.field.setText("every 2 months")
    with qtbot.waitSignal(window.state.analysed):
        knob.field.editingFinished.emit()
    assert window.state.scenario.training.retrains_per_year == 6
    assert knob.readout.text() == "every 2 months"


def test_opening_another_scenario_refits_the_axes(qtbot, window):
    before = window.plots.plots["cumulative"].x_range.current
    with qtbot.waitSignal(window.state.analysed):
        window.open_demo("recommender")  # a 24-month horizon after a 36-month one
    after = window.plots.plots["cumulative"].x_range.current
    assert before[1] >= 36 and after[1] < 36


def test_export_menu_writes_charts_results_and_report(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    from whatif.gui.export import export_menu

    exports = window.export_menu

    def accept(dialog):
        dialog.folder.setText(str(tmp_path / "charts"))
        dialog.format.setCurrentText("svg")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(export_menu.ChartsDialog, "exec", accept)
    exports.export_charts()
    assert len(list((tmp_path / "charts").glob("*.svg"))) == 6
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No
    )
    before = (tmp_path / "charts" / "1_cumulative_cost.svg").stat().st_mtime_ns
    exports.export_charts()  # the same files again: asks, and the answer is no
    assert asked and (tmp_path / "charts" / "1_cumulative_cost.svg").stat().st_mtime_ns == before

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Latency vs offered load", True))
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(tmp_path / "latency"), "PNG image (*.png)"),
    )
    exports.export_one_chart()
    assert (tmp_path / "latency.png").stat().st_size > 1000

    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(tmp_path / "results.csv"), "CSV (*.csv)"),
    )
    exports.export_results()
    assert (tmp_path / "results.csv").read_text().startswith("key,value,unit,meaning")

    assert exports.write_report(str(tmp_path / "report.pdf"))
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_a_knob_reuses_the_sweep_it_does_not_change(qtbot, window):
    before = window.state.analysis
    move(qtbot, window, window.volume_knob.slider, 700)
    after = window.state.analysis
    assert after.volume is before.volume and after.heatmap is before.heatmap  # swept already
    assert after.pruning is not before.pruning  # depends on the volume
    np.testing.assert_allclose(
        after.pruning["inference_usd_per_year"],
        sweeps.pruning_sweep(after.scenario)["inference_usd_per_year"],
    )
    move(qtbot, window, window.pruning_knob.slider, 30)
    assert window.state.analysis.pruning is after.pruning
    assert window.state.analysis.volume is not after.volume


def test_kpi_details_are_never_cut_off_in_a_narrow_window(qtbot, window):
    window.resize(1100, 750)
    cards = window.kpis.cards.values()

    def fits():
        return all(c.detail.height() >= c.detail.heightForWidth(c.detail.width()) for c in cards)

    qtbot.waitUntil(fits)
    assert max(c.detail.heightForWidth(c.detail.width()) for c in cards) > max(
        c.detail.fontMetrics().height() for c in cards
    )  # at this width some detail does wrap, and its card grew to show every line
    assert len({c.height() for c in cards}) == 1  # the row stays even
