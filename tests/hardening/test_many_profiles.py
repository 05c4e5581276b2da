"""Thousands of user profiles (issue 16, item 16): a reload parses only the files that
changed, and the hardware table draws them without per-row resizing."""

from pathlib import Path

from bench.many_profiles import write_profiles
from whatif import engine
from whatif.engine import yaml_source


def count_parses(monkeypatch) -> list[int]:
    """A one-element list counting every YAML document the safe loader composes."""
    calls = [0]
    original = yaml_source._Loader.get_single_node

    def counted(self):
        calls[0] += 1
        return original(self)

    monkeypatch.setattr(yaml_source._Loader, "get_single_node", counted)
    return calls


def test_a_reload_parses_only_the_profiles_that_changed(tmp_path, monkeypatch):
    folder = write_profiles(60, tmp_path)
    first, errors = engine.load_profiles(folder)
    assert errors == [] and len(first) == 60
    parses = count_parses(monkeypatch)
    again, _ = engine.load_profiles(folder)
    assert again == first and parses[0] == 0
    # the same size, rewritten in place (same inode, perhaps the same mtime tick)
    path = Path(folder / "user-0007.yaml")
    text = path.read_text()
    path.write_text(text.replace("name: User device 7", "name: User device X"))
    changed, _ = engine.load_profiles(folder)
    assert parses[0] == 1 and changed["user-0007"].name == "User device X"
    # a file that turns bad reports its error on every load, not only the first
    path.write_text(text.replace("tdp_w:", "tdp_w: -1\nx_tdp_w:"))
    for _ in range(2):
        profiles, errors = engine.load_profiles(folder)
        assert "user-0007" not in profiles and errors


def test_the_hardware_table_redraws_2000_profiles_without_per_row_work(qtbot, tmp_path):
    """A redraw is one model reset: Qt asks for the visible cells only (a QTableWidget of
    items with resize-to-contents re-measured every row after each cell: 29 s for 315)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from whatif.gui.widgets.hardware_model import HardwareModel
    from whatif.gui.widgets.hardware_table import HardwareTable

    asked = set()

    class Counted(HardwareModel):
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            asked.add(index.row())
            return super().data(index, role)

    table = HardwareTable()
    qtbot.addWidget(table)
    table.table_model = Counted(table)
    table.setModel(table.table_model)
    table.resize(1200, 600)
    table.show()
    qtbot.waitExposed(table)
    rows = [
        {
            "id": f"p{i:04d}",
            "name": f"P {i}",
            "kind": "gpu",
            "note": "",
            "serving_ok": bool(i % 2),
            "cost_per_1k_queries_usd": float(2015 - i),
            "latency_p99_s": 0.5,
        }
        for i in range(2015)
    ]
    table.set_rows(rows, "p0003", "p0004")
    QApplication.processEvents()
    asked.clear()
    table.set_rows(rows, "p0003", "p0004")  # the second redraw was the quadratic one
    QApplication.processEvents()  # the view lays out the reset rows
    table.viewport().repaint()
    assert table.row_count() == 2015
    assert 0 < len(asked) < 100  # the rows on screen, not all 2,015
    assert table.text(0, 0) == "p2014" and table.sort_key(0, 2) == 1.0  # cheapest first
    current = [table.text(r, 0) for r in range(2015) if "◀" in table.text(r, 0)]
    assert current == ["p0004  ◀ training", "p0003  ◀ serving"]
