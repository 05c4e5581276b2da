"""The in-flight fixed point solved on the whole grid (the service broadcast) and on the open
points gathered into flat arrays gives the same numbers, both equal to scalar evaluations."""

import numpy as np
import pytest

from tests.engine.test_low_load import DEMOS
from tests.helpers import demo
from whatif import engine
from whatif.engine import in_flight
from whatif.engine.service import _take

VOLUMES = np.logspace(1, 10, 41)[:, None]
RATIOS = np.linspace(0.0, 0.9, 23)[None, :]


def _grid(name):
    return demo(name).override({"inference.queries_per_day": VOLUMES, "pruning.ratio": RATIOS})


@pytest.mark.parametrize("name", DEMOS)
def test_grid_rounds_and_gathered_rounds_give_the_same_numbers(name, monkeypatch):
    monkeypatch.setattr(in_flight, "GRID_SHARE", 0.0)  # every round on the whole grid
    on_grid = engine.evaluate(_grid(name))
    monkeypatch.setattr(in_flight, "GRID_SHARE", 2.0)  # the open points gathered from the start
    gathered = engine.evaluate(_grid(name))
    monkeypatch.setattr(in_flight, "GRID_SHARE", 0.5)  # on the grid, then gathered
    mixed = engine.evaluate(_grid(name))
    for key, value in on_grid.items():
        np.testing.assert_array_equal(value, gathered.get(key), err_msg=key)
        np.testing.assert_array_equal(value, mixed.get(key), err_msg=key)


@pytest.mark.parametrize("name", ["chatbot", "moe_assistant", "image_classifier"])
def test_grid_rounds_equal_scalar_evaluations(name, monkeypatch):
    monkeypatch.setattr(in_flight, "GRID_SHARE", 0.0)
    grid = engine.evaluate(_grid(name))
    busy = ~grid.inference.saturated & (grid.inference.in_flight > 1.0)
    assert busy.any()
    rows, cols = np.nonzero(busy)
    picks = np.linspace(0, rows.size - 1, 6).astype(int)
    for i, j in zip(rows[picks], cols[picks], strict=True):
        one = engine.evaluate(
            demo(name).override(
                {"inference.queries_per_day": VOLUMES[i, 0], "pruning.ratio": RATIOS[0, j]}
            )
        )
        for key, value in one.items():
            np.testing.assert_array_equal(grid.get(key)[i, j], value, err_msg=key)


@pytest.mark.parametrize("shape", [(), (1, 1), (1, 5), (4, 1), (4, 5), (5,)])
def test_taking_points_equals_indexing_the_broadcast(shape):
    x = np.arange(float(np.prod(shape))).reshape(shape) + 0.5
    points = (np.array([0, 3, 2, 3]), np.array([4, 0, 2, 4]))
    taken = _take(x, points)
    np.testing.assert_array_equal(np.broadcast_to(taken, (4,)), np.broadcast_to(x, (4, 5))[points])
