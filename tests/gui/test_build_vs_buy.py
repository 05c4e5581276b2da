"""Build vs buy in the window: the API's yearly bill on the volume chart, where self-hosting
starts to pay, and the API's price on the cost card (the chatbot demo compares GPT-4o mini)."""

import numpy as np
import pytest

from whatif import engine


def test_the_volume_chart_draws_the_api_and_where_self_hosting_pays(window):
    plot = window.plots.plots["volume"]
    q, api = plot.curve_values(plot.api)
    # 800 prompt tokens at $0.15/M + 250 output tokens at $0.60/M = $0.00027 a query.
    np.testing.assert_allclose(api, q * 365 * 0.00027, rtol=1e-9)
    r = engine.evaluate(window.state.scenario)
    pays = float(r.lifecycle.self_host_break_even_queries_per_day)
    assert plot.self_host.isVisible()
    assert 10 ** plot.self_host.value() == pytest.approx(pays)
    assert plot.self_host_label.toPlainText().startswith("self-hosting pays\nfrom ")
    assert "API $0.27" in window.kpis.cards["cost_per_1k"].detail.text()


def test_no_api_no_line(qtbot, window):
    editor = window.assumptions.editors["economics.api_usd_per_million_output_tokens"]
    editor.setText("none")
    with qtbot.waitSignal(window.state.analysed):
        editor.editingFinished.emit()
    plot = window.plots.plots["volume"]
    assert np.all(np.isnan(plot.api.yData))
    assert not plot.self_host.isVisible()
    assert "API" not in window.kpis.cards["cost_per_1k"].detail.text()


def test_the_legend_names_the_api_only_when_there_is_one(qtbot, window):
    plot = window.plots.plots["volume"]

    def names():
        return [label.text for _, label in plot.legend.items]

    assert "API" in names()
    editor = window.assumptions.editors["economics.api_usd_per_million_output_tokens"]
    editor.setText("none")
    with qtbot.waitSignal(window.state.analysed):
        editor.editingFinished.emit()
    assert "API" not in names()
