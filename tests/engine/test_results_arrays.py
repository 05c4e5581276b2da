"""Results hold broadcast constants as read-only views and turn into plain data quickly."""

import json

import numpy as np
import pytest

from tests.helpers import scenario
from whatif import engine


def _grid():
    volumes = np.logspace(1, 10, 1000)[:, None]
    ratios = np.linspace(0.0, 0.9, 1000)[None, :]
    return engine.evaluate(
        scenario(**{"inference.queries_per_day": volumes, "pruning.ratio": ratios})
    )


def test_a_result_constant_over_a_grid_is_a_view_not_a_million_copies():
    r = _grid()
    flops = r.training.flops  # depends on neither the volume nor the pruning ratio
    assert flops.shape == (1000, 1000)
    assert flops.strides == (0, 0)  # one number seen a million times, not 8 MB
    assert np.all(flops == flops[0, 0])
    varying = r.lifecycle.horizon_cost_usd
    assert varying.shape == (1000, 1000) and 0 not in varying.strides
    # Unstructured pruning on devices that do not exploit it leaves serving unchanged:
    # the serving cost varies with the volume only, one column seen a thousand times.
    by_volume = r.inference.cost_per_1k_queries_usd
    assert by_volume.shape == (1000, 1000) and by_volume.strides == (8, 0)


def test_results_are_read_only_so_no_caller_changes_another_s_numbers():
    r = _grid()
    for key in ("training.flops", "inference.replicas", "inference.fits"):
        with pytest.raises(ValueError, match="read-only"):
            r.get(key)[0, 0] = 1
    one = engine.evaluate(scenario())
    with pytest.raises(ValueError, match="read-only"):
        one.lifecycle.horizon_cost_usd[...] = 0.0


def test_inputs_stay_writable_after_an_evaluation():
    volumes = np.logspace(1, 10, 10)
    engine.evaluate(scenario(**{"inference.queries_per_day": volumes}))
    volumes[0] = 5.0  # the caller's own array is not frozen by the engine
    assert volumes[0] == 5.0


def test_plain_data_keeps_numbers_and_flags_and_nulls_what_is_not_finite():
    volumes = np.array([0.0, 1e3, 1e6])
    r = engine.evaluate(scenario(**{"inference.queries_per_day": volumes}))
    data = r.to_dict()
    json.dumps(data, allow_nan=False)  # no NaN or Infinity reaches JSON
    cost = r.inference.cost_per_1k_queries_usd
    expected = [None if not np.isfinite(v) else float(v) for v in cost]
    assert data["inference"]["cost_per_1k_queries_usd"] == expected
    assert data["inference"]["cost_per_1k_queries_usd"][0] is None  # no traffic, no price
    assert data["inference"]["fits"] == [bool(v) for v in r.inference.fits]
    assert all(type(v) is bool for v in data["inference"]["fits"])
    assert all(type(v) is float for v in data["inference"]["cost_per_1k_queries_usd"][1:])
    scalar = engine.evaluate(scenario()).to_dict()
    assert type(scalar["lifecycle"]["horizon_cost_usd"]) is float
    assert type(scalar["inference"]["fits"]) is bool


def test_a_grid_turns_into_nested_lists_of_its_shape():
    r = engine.evaluate(
        scenario(
            **{
                "inference.queries_per_day": np.array([[0.0], [1e5]]),
                "pruning.ratio": np.array([[0.0, 0.5, 0.9]]),
            }
        )
    )
    data = r.to_dict()
    grid = data["inference"]["cost_per_1k_queries_usd"]
    assert len(grid) == 2 and all(len(row) == 3 for row in grid)
    assert grid[0] == [None, None, None]
    assert data["training"]["flops"] == [[float(r.training.flops[0, 0])] * 3] * 2


def test_a_broadcast_result_becomes_the_same_lists_as_its_full_copy_without_shared_rows():
    volumes = np.logspace(1, 10, 40)[:, None]
    ratios = np.linspace(0.0, 0.9, 30)[None, :]
    r = engine.evaluate(scenario(**{"inference.queries_per_day": volumes, "pruning.ratio": ratios}))
    data = r.to_dict()
    broadcast = 0
    for dotted, values in r.items():
        section, _, key = dotted.partition(".")
        full = engine.Results(
            {s: {k: np.array(v) for k, v in keys.items()} for s, keys in r._sections.items()},
            r.shape,
        ).get(dotted)
        assert 0 not in full.strides
        broadcast += 0 in values.strides
        expected = full.tolist()
        if values.dtype != bool:
            expected = [[x if np.isfinite(x) else None for x in row] for row in expected]
        plain = data[section][key]
        assert plain == expected, dotted
        assert plain[0] is not plain[1], dotted  # rows are lists of their own
    assert broadcast >= 20  # most of this grid's results vary along one axis or none
    data["training"]["flops"][0][0] = -1.0  # changing one number changes no other
    assert data["training"]["flops"][1][0] != -1.0
