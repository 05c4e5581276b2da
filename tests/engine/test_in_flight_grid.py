"""The in-flight fixed point solved on the whole grid (the service broadcast) and on the open
points gathered into flat arrays gives the same numbers, both equal to scalar evaluations."""

import numpy as np
import pytest

from tests.engine.test_low_load import DEMOS
from tests.helpers import demo
from whatif import engine
from whatif.engine import fleet, in_flight, pruning
from whatif.engine.iteration import Lines, evaluate_lines, upper_lines
from whatif.engine.service import Service, _sliced, _take

VOLUMES = np.logspace(1, 10, 41)[:, None]
RATIOS = np.linspace(0.0, 0.9, 23)[None, :]


@pytest.fixture(autouse=True)
def _every_point_served(monkeypatch):
    """Serving factors kept at every point (not compacted: see pruning.compact), so the
    demos whose hardware ignores pruning still solve the grid's thousands of points."""
    monkeypatch.setattr(pruning, "compact", lambda x: x)


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


@pytest.mark.parametrize("name", DEMOS)
def test_dropping_the_lines_that_cannot_bind_changes_no_number(name, monkeypatch):
    volumes = np.logspace(1, 10, 80)[:, None]  # 6,400 points: large enough to drop lines
    ratios = np.linspace(0.0, 0.9, 80)[None, :]
    grid = demo(name).override({"inference.queries_per_day": volumes, "pruning.ratio": ratios})
    upper_calls = []
    upper = Service.upper

    def counted(self):
        upper_calls.append(1)
        return upper(self)

    monkeypatch.setattr(Service, "upper", counted)
    pruned = engine.evaluate(grid)
    assert upper_calls
    monkeypatch.setattr(Service, "upper", lambda self: self)
    full = engine.evaluate(grid)
    for key, value in full.items():
        np.testing.assert_array_equal(value, pruned.get(key), err_msg=key)


@pytest.mark.parametrize("name", DEMOS)
def test_upper_lines_keep_every_iteration_time(name, monkeypatch):
    services = []
    solve = fleet.in_flight

    def spy(service, *args):
        services.append(service)
        return solve(service, *args)

    monkeypatch.setattr(fleet, "in_flight", spy)
    engine.evaluate(demo(name).override({"pruning.ratio": np.linspace(0.0, 0.9, 50)}))
    (service,) = services
    b = np.concatenate([[0.0, 0.5, 1.0], np.geomspace(1.0, 1e4, 97)])[:, None]
    for lines in (service.tpot_lines, *service.prefill_lines):
        upper = upper_lines(lines)
        assert len(upper.intercepts) < len(lines.intercepts)
        np.testing.assert_array_equal(evaluate_lines(upper, b), evaluate_lines(lines, b))
    for got, want in zip(service.upper()(b), service(b), strict=True):
        np.testing.assert_array_equal(got, want)


def test_equal_lines_keep_one_and_crossing_lines_stay():
    zero = np.zeros(3)
    lines = Lines(
        [1.0, 1.0, 2.0, np.array([0.0, 0.0, 3.0])],
        [2.0, 2.0, 1.0, np.array([5.0, 5.0, 0.0])],
        [0.0, 0.0, 0.0, 0.0],
        zero,
        zero,
        zero,
    )
    upper = upper_lines(lines)
    # Line 1 equals line 0 (kept once); 0 and 2 cross; 3 rises above 0 at two points.
    assert upper.intercepts[:2] == [1.0, 2.0] and len(upper.intercepts) == 3


def test_the_busy_block_holds_every_busy_point_and_no_more_rows_or_columns():
    mask = np.zeros((6, 7), dtype=bool)
    mask[2, 3] = mask[4, 1] = True
    box = in_flight._box(mask)
    assert box == (slice(2, 5), slice(1, 4))
    assert mask[box].sum() == mask.sum()


@pytest.mark.parametrize("shape", [(), (1, 1), (1, 5), (4, 1), (4, 5), (5,)])
def test_a_block_of_the_service_equals_the_block_of_the_broadcast(shape):
    x = np.arange(float(np.prod(shape))).reshape(shape) + 0.5
    box = (slice(1, 3), slice(2, 5))
    block = _sliced(x, box)
    assert np.shares_memory(block, x) or block.ndim == 0
    np.testing.assert_array_equal(np.broadcast_to(block, (2, 3)), np.broadcast_to(x, (4, 5))[box])
