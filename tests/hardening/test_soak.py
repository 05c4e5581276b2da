"""A memory soak (issue 16, item 17; ``make fuzz``): thousands of random actions on the
window after a warm-up leave memory where the warm-up left it.

Bounds, after a warm-up of 600 actions that uses every kind of action at least once:
- resident memory grows by less than :data:`RSS_GROWTH_MB` over 3,000 more actions (the
  allocator keeps some pages: a leak of one scenario per action would be ~100 MB);
- Python objects (after a collection) by less than 2%, and the window's QObjects not at all.
"""

import gc
import random

import pytest
from PySide6.QtCore import QObject

from tests.hardening.soak import random_actions, rss_mb
from tests.helpers import open_window

RSS_GROWTH_MB = 60
"""Most resident-memory growth accepted over the soak [MB]."""


@pytest.mark.fuzz
def test_three_thousand_random_actions_after_a_warm_up_leak_nothing(qtbot, tmp_path):
    window = open_window(qtbot, size=(1400, 900))
    rng = random.Random(17)
    saved = tmp_path / "soak.yaml"
    random_actions(window, rng, 600, saved)
    gc.collect()
    rss, objects = rss_mb(), len(gc.get_objects())
    qobjects = len(window.findChildren(QObject))
    random_actions(window, rng, 3000, saved)
    gc.collect()
    grown_mb = rss_mb() - rss
    assert grown_mb < RSS_GROWTH_MB, f"RSS grew {grown_mb:.0f} MB"
    assert len(gc.get_objects()) < objects * 1.02
    assert len(window.findChildren(QObject)) <= qobjects + 5
    window.state.undo_stack.setClean()
