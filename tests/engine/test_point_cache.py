"""A scalar evaluation reuses the operating point of an earlier one with the same arguments:
a knob that does not change the replica (query volume, retraining) skips its sizing."""

from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import SCENARIO_DIR, demo
from whatif import engine
from whatif.engine import inference

DEMOS = sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))


def _uncached(scenario):
    inference._POINTS.clear()
    results = engine.evaluate(scenario)
    inference._POINTS.clear()
    return results


@pytest.mark.parametrize("name", DEMOS)
def test_a_reused_point_gives_the_numbers_a_fresh_one_gives(name):
    base = demo(name)
    for volume in (10.0, 3e4, 2e6, 5e8):
        for retrains in (0.0, 4.0):
            scenario = base.override(
                {"inference.queries_per_day": volume, "training.retrains_per_year": retrains}
            )
            warm = engine.evaluate(scenario)  # the point is kept from the first volume
            assert warm.to_dict() == _uncached(scenario).to_dict(), (name, volume, retrains)


def test_moving_the_volume_reuses_the_point_and_pruning_sizes_a_new_one():
    base = demo("chatbot")
    inference._POINTS.clear()
    engine.evaluate(base)
    assert len(inference._POINTS) == 1
    engine.evaluate(base.override({"inference.queries_per_day": 123456.0}))
    engine.evaluate(base.override({"training.retrains_per_year": 12.0}))
    assert len(inference._POINTS) == 1  # the same replica: sized once
    engine.evaluate(base.override({"pruning.ratio": 0.3}))
    assert len(inference._POINTS) == 2  # a smaller model: sized again


def test_a_kept_point_cannot_be_changed_through_its_arrays():
    inference._POINTS.clear()
    engine.evaluate(demo("chatbot"))
    ((_, point),) = inference._POINTS.values()
    with pytest.raises(ValueError, match="read-only"):
        point.concurrency[...] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        point.service.tpot_lines.expert_left[...] = 1.0  # deep inside: read-only too


def test_a_grid_of_replicas_is_not_kept_and_a_grid_of_volumes_shares_one():
    inference._POINTS.clear()
    chatbot = demo("chatbot")
    engine.evaluate(chatbot.override({"pruning.ratio": np.linspace(0.0, 0.5, 50)}))
    assert len(inference._POINTS) == 0  # 50 replicas: an array point, not kept
    engine.evaluate(chatbot.override({"inference.queries_per_day": np.logspace(1, 9, 50)}))
    assert len(inference._POINTS) == 1  # one replica serves every volume


def test_at_most_the_stated_number_of_points_are_kept():
    inference._POINTS.clear()
    base = demo("chatbot")
    for ratio in np.linspace(0.0, 0.5, inference.POINT_CACHE_SIZE + 5):  # 2:4 stops at 50%
        engine.evaluate(base.override({"pruning.ratio": float(ratio)}))
    assert len(inference._POINTS) == inference.POINT_CACHE_SIZE
