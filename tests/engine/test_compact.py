"""Serving factors that do not vary along an axis are cut to length one on it, so the fleet
works each distinct case out once; the numbers stay those of the full arrays."""

import numpy as np
import pytest

from tests.engine.test_low_load import DEMOS
from tests.helpers import demo
from whatif import engine
from whatif.engine import pruning
from whatif.engine.pruning import compact


def test_an_axis_of_equal_values_is_cut_to_one_and_others_stay():
    x = np.array([[1.0, 2.0, 3.0]] * 4)
    assert compact(x).shape == (1, 3)
    np.testing.assert_array_equal(np.broadcast_to(compact(x), x.shape), x)
    assert compact(np.ones((4, 3))).shape == (1, 1)
    assert compact(np.array(2.0)).shape == ()
    assert compact(np.arange(6.0).reshape(2, 3)).shape == (2, 3)


def test_values_equal_but_not_identical_are_not_merged():
    assert compact(np.array([0.0, -0.0])).shape == (2,)  # 1/x differs: inf and -inf
    assert compact(np.array([np.nan, np.nan])).shape == (1,)  # the same bits


@pytest.mark.parametrize("name", DEMOS)
@pytest.mark.parametrize("structure", ["unstructured", "2:4", "channel"])
def test_compacted_factors_give_the_numbers_of_the_full_arrays(name, structure, monkeypatch):
    grid = demo(name).override(
        {
            "pruning.structure": structure,
            "inference.queries_per_day": np.logspace(1, 10, 30)[:, None],
            "pruning.ratio": np.linspace(0.0, 0.9, 20)[None, :],
        }
    )
    compacted = engine.evaluate(grid)
    monkeypatch.setattr(pruning, "compact", lambda x: x)
    full = engine.evaluate(grid)
    assert compacted.shape == full.shape == (30, 20)
    for key, value in full.items():
        got = compacted.get(key)
        assert got.shape == value.shape and not got.flags.writeable
        np.testing.assert_array_equal(got, value, err_msg=key)


def test_pruning_that_the_hardware_ignores_is_served_once_per_volume():
    grid = demo("moe_assistant").override(
        {
            "inference.queries_per_day": np.logspace(1, 10, 30)[:, None],
            "pruning.ratio": np.linspace(0.0, 0.9, 20)[None, :],
        }
    )
    r = engine.evaluate(grid)
    assert r.inference.replicas.strides[1] == 0  # one column of fleets, broadcast
    assert r.quality.accuracy_after_pruning.strides[1] != 0  # quality still follows the ratio
