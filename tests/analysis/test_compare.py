"""Compare: pinned scenarios overlay every chart, the table highlights differences, and the
report carries the comparison."""

from tests.helpers import SCENARIO_DIR


def test_pins_overlay_the_charts_and_fill_the_compare_table(qtbot, window, tmp_path):
    a = window.pin_current()
    with qtbot.waitSignal(window.state.analysed):
        window.state.set_values({"inference.hardware": "mi300x"})
    b = window.pin_current()
    assert (a.label, b.label) == ("A", "B")
    for key in ("cumulative", "volume", "pruning", "retraining", "latency"):
        overlays = window.plots.plots[key]._overlays
        assert len(overlays) == 2, key
    heat = window.plots.plots["heatmap"]._pin_items
    assert len(heat) == 4  # a marker and a label per pin
    with qtbot.waitSignal(window.state.analysed):
        window.state.set_values({"inference.queries_per_day": 5e6})
    window.tabs.setCurrentWidget(window.compare_table)
    table = window.compare_table
    assert table.horizontalHeaderItem(2).text().startswith("A:")
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount()) if table.item(r, 0)}
    hardware = rows["Serving hardware"]
    assert (
        table.item(hardware, 1).text() == "mi300x" and table.item(hardware, 2).text() == "h100-sxm"
    )
    highlighted = table.item(hardware, 2).background().color().name()
    assert highlighted != table.item(hardware, 3).background().color().name()  # B == current
    assert window.export_menu.write_report(str(tmp_path / "r.html"))
    text = (tmp_path / "r.html").read_text()
    assert "<h2>Comparison</h2>" in text and "h100-sxm" in text
    window.clear_pins()
    assert window.plots.plots["volume"]._overlays == []


def test_cli_compares_files_side_by_side(capsys):
    import json

    from whatif.gui.cli import main

    a, b = str(SCENARIO_DIR / "chatbot.yaml"), str(SCENARIO_DIR / "ar_vision.yaml")
    assert main(["compare", a, b]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenarios"] == ["chatbot", "ar_vision"]
    kinds = next(r for r in data["Inputs"] if r["row"] == "Model kind")
    assert kinds["values"] == {"chatbot": "llm", "ar_vision": "generic"} and kinds["differs"]
    assert main(["compare", a, b, "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "section,row,chatbot,ar_vision,differs"
    assert main(["compare", a]) == 2
