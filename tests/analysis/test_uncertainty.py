"""Monte Carlo: fixed inputs give the deterministic answer; bands are ordered and repeatable;
the window draws them on the lifetime-cost chart and the KPI cards."""

import numpy as np
import pytest

from tests.helpers import SCENARIO_DIR, demo, open_window, scalar
from whatif import engine
from whatif.engine.uncertainty import ADDITIVE, DEFAULT_RANGES, monte_carlo
from whatif.gui.cli import main


def test_fixed_inputs_give_the_deterministic_result():
    s = demo()
    ranges = {key: (0.0, 0.0) if key in ADDITIVE else (1.0, 1.0) for key in DEFAULT_RANGES}
    fixed = monte_carlo(s, ranges=ranges, samples=50)
    r = engine.evaluate(s)
    for key, (p10, p50, p90) in fixed.bands.items():
        expected = float(r.get(key))
        if np.isinf(expected):
            assert p10 == p50 == p90 == expected
        else:
            assert (p10, p50, p90) == pytest.approx((expected,) * 3, rel=1e-12), key
    np.testing.assert_allclose(fixed.timeline[1][-1], scalar(r, "lifecycle.horizon_cost_usd"))


def test_bands_are_ordered_repeatable_and_within_the_input_ranges():
    s = demo()
    a = monte_carlo(s, samples=400)
    b = monte_carlo(s, samples=400)
    assert a.bands == b.bands  # seeded
    low, mid, high = a.bands["lifecycle.horizon_cost_usd"]
    assert low < mid < high
    volume = a.inputs["inference.queries_per_day"]
    base = float(s.inference.queries_per_day)
    assert volume.min() >= base * 0.5 - 1e-6 and volume.max() <= base * 2.0 + 1e-6
    assert np.all(np.diff(np.vstack(a.timeline), axis=0) >= 0)  # P10 <= P50 <= P90 monthly


def test_cli_writes_json_and_csv(capsys):
    assert (
        main(["montecarlo", str(SCENARIO_DIR / "chatbot.yaml"), "--samples", "100", "--csv"]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 101
    assert "inference.queries_per_day" in lines[0] and "lifecycle.horizon_cost_usd" in lines[0]


def test_the_window_shows_bands_when_asked(qtbot):
    window = open_window(qtbot, show=False)
    plot = window.plots.plots["cumulative"]
    assert not plot.band.isVisible()
    window.show()
    window.uncertainty_action.trigger()
    assert window.state.analysis.uncertainty is not None
    assert plot.band.isVisible()
    assert window.kpis.cards["lifetime_cost"].detail.text().startswith("P10-P90 $")
    with qtbot.waitSignal(window.state.analysed):
        window.volume_knob.slider.setValue(900)  # live: the bands follow the knobs
    mc = window.state.analysis.uncertainty
    np.testing.assert_allclose(plot.p90.yData, mc.timeline[2])
    window.uncertainty_action.trigger()
    assert not plot.band.isVisible()


def test_growth_is_uncertain_too_and_widens_the_band():
    s = demo().override({"inference.provisioning": "autoscaled"})  # cost follows volume
    with_growth = monte_carlo(s, samples=400)
    assert "inference.monthly_growth" in with_growth.inputs
    growth = with_growth.inputs["inference.monthly_growth"]
    assert growth.min() >= -0.02 and growth.max() <= 0.02 and growth.std() > 0
    ranges = {k: v for k, v in DEFAULT_RANGES.items() if k != "inference.monthly_growth"}
    without = monte_carlo(s, ranges=ranges, samples=400)
    width = lambda mc: mc.timeline[2][-1] - mc.timeline[0][-1]  # noqa: E731
    assert width(with_growth) > width(without)


def test_ranges_can_be_edited_in_the_window_and_on_the_command_line(qtbot, capsys):
    window = open_window(qtbot, show=False)
    dialog = window.show_ranges()
    rows = {row.key: row for row in dialog.rows}
    rows["inference.queries_per_day"].edits[0].setText("1")
    rows["inference.queries_per_day"].edits[1].setText("1")  # traffic known exactly
    rows["training.mfu"].edits[0].setText("-2")
    dialog._on_accepted()
    assert dialog.result() == 0 and "above 0" in dialog.message.text()  # refused, says why
    rows["training.mfu"].edits[0].setText("0.8")
    dialog._on_accepted()
    assert window.uncertainty_action.isChecked()
    volume = window.state.analysis.uncertainty.inputs["inference.queries_per_day"]
    assert np.all(volume == window.state.scenario.inference.queries_per_day)
    assert (
        main(
            [
                "montecarlo",
                str(SCENARIO_DIR / "chatbot.yaml"),
                "--samples",
                "50",
                "--range",
                "training.mfu=0.9:1.1",
                "--range",
                "quality.drift_per_month=none",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert '"training.mfu": [\n      0.9,' in out and "drift_per_month" not in out
    assert main(["montecarlo", str(SCENARIO_DIR / "chatbot.yaml"), "--range", "mfu=1"]) == 2
