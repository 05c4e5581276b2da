"""Issue 15, Beyond: goal seek from a KPI card's context menu, applied as one undo step."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from whatif import engine
from whatif.gui.analyses.goal_seek_dialog import GoalSeekDialog

PRICE = "economics.serving_usd_per_device_hour"
PER_1K = "inference.cost_per_1k_queries_usd"


def open_from_card(qtbot, window, card_key):
    """Right-click the card (a real context-menu event), choose Goal seek… by its key."""
    card = window.kpis.cards[card_key]
    local = QPoint(12, 12)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, local, card.mapToGlobal(local))
    QApplication.sendEvent(card, event)
    qtbot.waitUntil(card.menu.isVisible)
    qtbot.keyClick(card.menu, Qt.Key.Key_G)  # the item's mnemonic
    qtbot.waitUntil(lambda: isinstance(getattr(window, "goal_seek_dialog", None), GoalSeekDialog))
    dialog = window.goal_seek_dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_cost_per_1k_card_seeks_the_serving_price_and_undo_restores(qtbot, window):
    before = window.state.scenario
    dialog = open_from_card(qtbot, window, "cost_per_1k")
    assert dialog.result_key == PER_1K and dialog.unit == "USD"
    dialog.vary.setFocus()
    dialog.vary.setCurrentIndex(dialog.vary.findData(PRICE))
    dialog.target.setFocus()
    dialog.target.selectAll()
    qtbot.keyClicks(dialog.target, "$0.50")
    qtbot.keyClick(dialog.target, Qt.Key.Key_Return)  # Enter seeks
    assert dialog.answer is not None and dialog.answer.reached
    # By hand: the cost per 1k queries is affine in the price (the fleet does not change).
    c1 = float(engine.evaluate(before.override({PRICE: 1.0})).get(PER_1K))
    c2 = float(engine.evaluate(before.override({PRICE: 2.0})).get(PER_1K))
    by_hand = 1.0 + (0.50 - c1) / (c2 - c1)
    assert dialog.answer.value == pytest.approx(by_hand, rel=1e-6)
    assert "Serving price" in dialog.result.text() and "$0.5" in dialog.result.text()
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(window.state.analysed):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert float(window.state.scenario.get(PRICE)) == pytest.approx(by_hand, rel=1e-5)
    assert float(window.state.analysis.results.get(PER_1K)) == pytest.approx(0.5, rel=1e-3)
    assert window.state.undo_stack.undoText() == "Goal seek serving price"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(window.state.analysed):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.scenario.get(PRICE) == before.get(PRICE)
    assert window.state.scenario == before


def test_an_unreachable_goal_says_why_and_cannot_be_applied(qtbot, window):
    dialog = open_from_card(qtbot, window, "accuracy")
    assert dialog.unit == "%"
    dialog.vary.setCurrentIndex(dialog.vary.findData("inference.queries_per_day"))
    dialog.target.selectAll()
    qtbot.keyClicks(dialog.target, "99%")
    qtbot.mouseClick(dialog.seek_button, Qt.MouseButton.LeftButton)
    assert dialog.answer.target_value == pytest.approx(0.99)
    text = dialog.result.text()
    assert text.startswith("Out of reach: the mean accuracy never goes above")
    assert "for any queries per day from 0 to 1T queries/day" in text
    assert not dialog.apply_button.isEnabled()
    dialog.target.selectAll()
    qtbot.keyClicks(dialog.target, "lots")
    qtbot.keyClick(dialog.target, Qt.Key.Key_Return)
    assert dialog.result.text() == "Type the value to reach, in %."


def test_the_latency_card_of_an_llm_seeks_ttft_in_ms(qtbot, window):
    dialog = open_from_card(qtbot, window, "latency")
    assert dialog.result_key == "inference.ttft_p99_s" and dialog.unit == "ms"
    today = float(window.state.analysis.results.inference.ttft_p99_s)
    assert float(dialog.target.text()) == pytest.approx(today * 1e3, rel=1e-3)
