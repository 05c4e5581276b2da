"""Issue 15, item 6: the demos tell true stories on screen. Each test drives the user's
path (a demo shortcut, typing into a field and pressing Enter)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def open_demo_by_key(qtbot, window, number):
    """Demos > N by its shortcut, Ctrl+Alt+N (shortcuts need the active window)."""
    window.activateWindow()
    qtbot.waitActive(window)
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), CTRL_ALT)


def type_into(qtbot, window, editor, text):
    """Click into a field, replace its text by typing, press Enter; wait for the redraw."""
    window.activateWindow()
    qtbot.waitActive(window)
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    with qtbot.waitSignal(window.state.analysed, timeout=10000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)


def open_pharma(qtbot, window):
    open_demo_by_key(qtbot, window, 6)  # Demos > 6: the weekly-retrained pharma model
    assert window.state.scenario.training.retrains_per_year == 52
    return window


def test_training_wall_clock_is_on_the_card(qtbot, window):
    pharma = open_pharma(qtbot, window)
    card = pharma.kpis.cards["share"]
    # 64 H100s: 6 x 3e12 x 2e8 x 5 / 3 ... = 4.70 days of compute a run, / 0.9 goodput =
    # 5.22 days; a retrain is 30% of that.
    assert "one run takes 5.2 days, a retrain 1.6 days" in card.detail.text()
    assert not card.warning


def test_a_retrain_longer_than_the_interval_turns_the_card_red(qtbot, window):
    pharma = open_pharma(qtbot, window)
    devices = pharma.findChild(QLineEdit, "training_devices")
    type_into(qtbot, pharma, devices, "2")
    card = pharma.kpis.cards["share"]
    # Hand check: 4.702 days x 64 / 2 / 0.9 goodput = 167.2 days a run; x 0.3 = 50.2 days;
    # weekly retraining leaves 365 / 52 = 7.0 days between retrains.
    assert card.warning
    text = card.detail.text()
    assert "a retrain takes 50 days, longer than the 7.0 days between retrains" in text
    assert "one run 167 days" in text


def test_a_clamped_retraining_optimum_says_beyond_weekly(qtbot, window):
    open_demo_by_key(qtbot, window, 2)  # the recommender: closed-form optimum 12.5k/year
    label = window.plots.plots["retraining"].optimum_label.textItem.toPlainText()
    assert label == "optimum:\nbeyond weekly"
    open_demo_by_key(qtbot, window, 4)  # the diffusion model's (1.1/year) is inside the chart
    label = window.plots.plots["retraining"].optimum_label.textItem.toPlainText()
    assert label.startswith("optimum:\nevery ") and "beyond" not in label


def test_new_parameters_derive_the_shape_in_one_undo_step(qtbot, window):
    params = window.findChild(QLineEdit, "model_params")
    type_into(qtbot, window, params, "70B")
    m = window.state.scenario.model
    assert m.params == 70e9
    assert (m.layers, m.hidden_size, m.kv_heads) == (None, None, None)
    # d = (70e9 x 128 / 12)^(1/3) = 9,072 (9,072^3 = 7.47e11); 9,072 / 128 = 71 layers.
    assert "71 layers, hidden size 9,072, 8 KV heads" in window.statusBar().currentMessage()
    assert window.findChild(QLineEdit, "model_layers").text() == "auto"
    with qtbot.waitSignal(window.state.analysed):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    m = window.state.scenario.model
    assert (m.params, m.layers, m.hidden_size, m.kv_heads) == (6.74e9, 32, 4096, 32)


def test_a_shape_the_user_typed_stays_and_is_flagged(qtbot, window):
    layers = window.findChild(QLineEdit, "model_layers")
    hidden = window.findChild(QLineEdit, "model_hidden_size")
    params = window.findChild(QLineEdit, "model_params")
    type_into(qtbot, window, layers, "40")
    type_into(qtbot, window, hidden, "5000")
    assert window.assumptions.shape_warning is None  # 12 x 40 x 5000^2 = 12B: near 6.74B
    type_into(qtbot, window, params, "70B")
    m = window.state.scenario.model
    assert (m.layers, m.hidden_size, m.kv_heads) == (40, 5000, None)  # KV heads not typed
    assert "a 12B-parameter model (12 L d²), not 70B" in window.assumptions.shape_warning
    assert "Shape mismatch" in layers.toolTip() and "Shape mismatch" in hidden.toolTip()
    assert "border" in layers.styleSheet()
    type_into(qtbot, window, layers, "auto")
    assert window.assumptions.shape_warning is None
    assert layers.styleSheet() == "" and hidden.styleSheet() == ""


def test_only_the_untyped_half_of_the_shape_is_derived(qtbot, window):
    type_into(qtbot, window, window.findChild(QLineEdit, "model_layers"), "40")
    type_into(qtbot, window, window.findChild(QLineEdit, "model_params"), "70B")
    m = window.state.scenario.model
    assert (m.layers, m.hidden_size) == (40, None)  # d = sqrt(70e9 / (12 x 40)) = 12,076
    assert window.assumptions.shape_warning is None


def test_the_moe_demo_shape_matches_its_active_parameters(qtbot, window):
    open_demo_by_key(qtbot, window, 7)  # 61 x 7168: 12 L d^2 = 37.6B for 37B active
    assert window.assumptions.shape_warning is None


def test_a_crossover_inside_the_first_month_is_said_in_days(qtbot, window):
    open_demo_by_key(qtbot, window, 2)  # recommender: crossover at month 0.0148 = 0.45 days
    assert "serving overtakes in the first day" in window.kpis.cards["share"].detail.text()
    label = window.plots.plots["cumulative"].crossover_label.textItem.toPlainText()
    assert label == "crossover: the first day"
    open_demo_by_key(qtbot, window, 4)  # diffusion: month 31.7
    assert "serving overtakes at month 31.7" in window.kpis.cards["share"].detail.text()


def test_crossover_and_break_even_words():
    from whatif.gui.formatting import break_even_text, crossover_text

    assert crossover_text(0.1) == "day 4"  # 0.1 x 365 / 12 = 3.04 days: during day 4
    assert crossover_text(0.5 / 30.4) == "the first day"
    assert crossover_text(float("inf")) == "never"
    assert break_even_text(0.0) == "any volume (the smallest fleet outspends training)"
    assert break_even_text(1.9e5) == "190k /day"
