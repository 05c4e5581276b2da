"""GUI fixtures: a window on the demo scenario, closed cleanly after each test."""

import pytest

from gui.app import create_window
from tests.helpers import SCENARIO_DIR

DEMO = SCENARIO_DIR / "chatbot.yaml"


@pytest.fixture
def window(qtbot):
    win = create_window(DEMO)
    # pytest-qt closes registered widgets before fixture teardown: mark clean first, so
    # the close does not stop to ask about unsaved changes.
    qtbot.addWidget(win, before_close_func=lambda w: w.state.undo_stack.setClean())
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    return win
