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


def test_the_ar_service_keeps_n_plus_2_replicas_at_every_volume(qtbot, window):
    import numpy as np

    from whatif.engine.evaluate import evaluate

    open_demo_by_key(qtbot, window, 5)  # the AR detector at a 30 ms p99
    s = window.state.scenario
    assert (s.inference.provisioning, s.inference.min_replicas) == ("autoscaled", 3)
    # One L4 carries the 3.47k frames/s peak at 50% (7.04k/s at the operating batch); N+2
    # keeps three running: 3 x $0.805/h x 8,760 h = $21.2k a year.
    assert "$21.2k/year on 3 devices" in window.kpis.cards["cost_per_1k"].detail.text()
    volumes = np.logspace(1, 10, 91)
    served = evaluate(s.override({"inference.queries_per_day": volumes})).inference
    assert (served.replicas >= 3).all() and (served.mean_replicas >= 3).all()
    per_replica = float(window.state.analysis.results.inference.cost_per_replica_year_usd)
    yearly = window.state.analysis.volume["inference_usd_per_year"]
    assert (yearly >= 3 * per_replica * (1 - 1e-9)).all()  # the chart's fleet never dips to 1
    # Three L4s outspend a $31 training run within hours: said in words, not "month 0.0".
    share = window.kpis.cards["share"].detail.text()
    assert "serving overtakes in the first day" in share and "month 0.0" not in share


def test_the_command_line_says_the_crossover_and_break_even_in_words(capsys):
    from whatif.engine.demos import demo_path
    from whatif.gui.cli import main

    assert main(["evaluate", str(demo_path("ar_vision"))]) == 0
    out = capsys.readouterr().out
    assert "the first day" in out and "any volume (the smallest fleet outspends" in out
    assert "0.0 months" not in out and " 0 queries/day" not in out


def open_cats_vs_dogs(qtbot, window):
    open_demo_by_key(qtbot, window, 3)  # Demos > 3: the cats-vs-dogs classifier
    assert window.state.scenario.model.pretraining == "open_weights"
    return window


def test_cats_vs_dogs_fine_tunes_open_weights_and_can_count_the_backbone(qtbot, window):
    from PySide6.QtWidgets import QComboBox

    demo = open_cats_vs_dogs(qtbot, window)
    m, t = demo.state.scenario.model, demo.state.scenario.training
    assert (m.training_samples, m.epochs) == (1281167, 90)  # the backbone's ImageNet run
    assert (t.retrain_method, t.retrain_tokens) == ("fine_tune", 250000)
    share = demo.kpis.cards["share"].detail.text()
    # 6 x 4.1 GFLOP x 250,000 = 6.15 PFLOP at 30% of the A10G's 70 TFLOP/s = 293 s / 0.9.
    assert "open weights (no pre-training paid); a fine-tune takes 5 min" in share
    # Pre-training: own puts the backbone's ImageNet run on the bill: 3 x 8.2 GFLOP x
    # 1.28M x 90 = 2.84 EFLOP = 37.5 h / 0.9 goodput = 41.7 h x $1.006/h = $42, x 1.5 with
    # development runs, where the open weights paid $0.09 for the first fine-tune.
    combo = demo.findChild(QComboBox, "model_pretraining")
    assert combo.currentText() == "open_weights"
    combo.setFocus()
    with qtbot.waitSignal(demo.state.analysed, timeout=10000):
        qtbot.keyClick(combo, Qt.Key.Key_Up)  # the item above: "own"
    assert demo.state.scenario.model.pretraining == "own"
    r = demo.state.analysis.results
    assert 62 < float(r.lifecycle.initial_training_cost_usd) < 64
    assert "one run takes 1.7 days" in demo.kpis.cards["share"].detail.text()


def choose_by_keys(qtbot, window, combo, data):
    """Step a combo box to the item holding ``data`` with the arrow keys, as a user does."""
    from PySide6.QtCore import Qt as _Qt

    window.activateWindow()
    qtbot.waitActive(window)
    combo.setFocus()
    target = combo.findData(data)
    assert target >= 0
    key = _Qt.Key.Key_Down if target > combo.currentIndex() else _Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)


def test_cats_vs_dogs_is_served_on_a_small_cpu_and_a_t4_would_idle(qtbot, window, capsys):
    from PySide6.QtWidgets import QComboBox

    from whatif.engine.demos import demo_path
    from whatif.gui.cli import main

    demo = open_cats_vs_dogs(qtbot, window)
    assert demo.state.scenario.inference.hardware == "c7i-xlarge"
    # 3.47 photos/s at the peak on 2 AMX cores serving 471/s: one instance, $0.1785/h x
    # 8,760 h = $1.56k a year, busy 1.157 / 471 = 0.25% of the time on average.
    assert "$1.56k/year on 1 device, busy 0.2%" in demo.kpis.cards["cost_per_1k"].detail.text()
    combo = demo.findChild(QComboBox, "inference_hardware")
    choose_by_keys(qtbot, demo, combo, "t4")
    qtbot.waitUntil(lambda: demo.state.analysis.scenario.inference.hardware == "t4")
    # 100,000 photos a day = 1.157/s on a T4 that serves 7.74k/s: busy 0.015%, not "0.0%",
    # for $0.526/h x 8,760 h = $4.61k a year.
    qtbot.waitUntil(
        lambda: (
            "$4.61k/year on 1 device, busy 0.015%" in demo.kpis.cards["cost_per_1k"].detail.text()
        )
    )
    path = str(demo_path("image_classifier"))
    assert main(["evaluate", path, "--set", "inference.hardware=t4"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "utilization" in x)
    assert "0.015%" in line and "0.0%" not in line


def heatmap_colours(plot) -> int:
    """Distinct colours the heatmap's data area shows on screen."""
    image = plot.grab().toImage()
    rect = plot.mapFromScene(plot.getPlotItem().vb.sceneBoundingRect()).boundingRect()
    colours = set()
    for y in range(rect.top() + 2, rect.bottom() - 2, 3):
        for x in range(rect.left() + 2, rect.right() - 2, 3):
            colours.add(image.pixel(x, y))
    return len(colours)


def test_the_cats_vs_dogs_heatmap_shows_where_training_grows(qtbot, window):
    demo = open_cats_vs_dogs(qtbot, window)
    plot = demo.plots.plots["heatmap"]
    # Training is 0.0002% (5th percentile) to 0.3% of the cost: one flat blue on a linear
    # share scale (6 colours measured on main), a gradient in log odds.
    assert heatmap_colours(plot) >= 40
    ticks = [label for _, label in plot.colorbar.axis._tickLevels[0]]
    assert ticks == ["0.0001%", "0.001%", "0.01%", "0.1%"]


def latency_legend(plot) -> str:
    return next(label.text for sample, label in plot.legend.items if sample.item is plot.latency)


def test_the_diffusion_pruning_chart_keeps_p99_at_one_image(qtbot, window):
    """Issue 15's "pruning raises p99 to 112%" came from taking latency at the full batch of
    7.87 images; at the load the peak keeps in flight (2.31 images/s over 4 replicas, 0.55
    each) an image is generated alone, in 0.95 s unpruned and faster as pruning speeds the
    pass, so p99 never rises and no note is needed."""
    open_demo_by_key(qtbot, window, 4)
    plot = window.plots.plots["pruning"]
    type_into(qtbot, window, window.volume_knob.field, "100k")
    assert latency_legend(plot) == "p99 latency" and plot.rise_note == ""
    assert "p99 latency: 95% (905 ms)" in plot.show_readout(15.0)


def test_a_p99_that_rises_with_pruning_is_explained_where_the_eye_is(qtbot, window):
    """No shipped demo's p99 rises with pruning any more (latency is taken at the load in
    flight); the explanation is still there for a scenario whose does: fewer replicas run a
    hotter queue."""
    import numpy as np

    from whatif.gui.plots.pruning_plot import p99_rise_note

    pruning = {
        "ratio": np.array([0.0, 0.1, 0.2]),
        "latency_p99_s": np.array([1.0, 1.2, 1.1]),
        "replicas": np.array([4.0, 3.0, 3.0]),
        "batch": np.array([8.0, 8.0, 8.0]),
    }
    note = p99_rise_note(pruning)
    assert note == (
        "p99 up to 120% at 10% pruned: the saving buys 3 replicas, not 4, "
        "and their queue runs hotter"
    )
    plot = window.plots.plots["pruning"]
    plot.show_rise_note(note)
    assert latency_legend(plot) == "p99 (fewer replicas)"
    assert "3 replicas, not 4" in plot.toolTip()
    flat = dict(pruning, latency_p99_s=np.array([1.0, 1.04, 0.9]))
    assert p99_rise_note(flat) == ""  # 4% is within what the chart shows as flat
