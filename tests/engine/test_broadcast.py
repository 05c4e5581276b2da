"""Array inputs broadcast, and element i equals the scalar evaluation of point i."""

import numpy as np
import pytest

import engine
from tests.helpers import scenario


def _flat(results):
    return {k: v for k, v in results.items()}


@pytest.mark.parametrize("structure", ["unstructured", "2:4", "channel"])
def test_grid_elements_equal_scalar_evaluations(structure):
    volumes = np.logspace(1, 10, 7)
    retrains = np.array([0.0, 1.0, 4.0, 52.0])
    ratios = np.array([0.0, 0.5, 0.9])
    base = scenario(
        **{
            "pruning.structure": structure,
            "training.retrain_fraction": 0.1,
            "quality.value_per_point_per_1k_queries": 0.1,
            "inference.max_replicas": 40,
        }
    )
    grid = base.override(
        {
            "inference.queries_per_day": volumes[:, None, None],
            "training.retrains_per_year": retrains[None, :, None],
            "pruning.ratio": ratios[None, None, :],
        }
    )
    results = engine.evaluate(grid)
    assert results.shape == (7, 4, 3)
    arrays = _flat(results)
    assert all(v.shape == (7, 4, 3) for v in arrays.values())
    for i, j, k in [(0, 0, 0), (3, 1, 1), (6, 3, 2), (5, 2, 0), (2, 3, 1)]:
        point = engine.evaluate(
            base.override(
                {
                    "inference.queries_per_day": volumes[i],
                    "training.retrains_per_year": retrains[j],
                    "pruning.ratio": ratios[k],
                }
            )
        )
        for key, value in _flat(point).items():
            np.testing.assert_array_equal(arrays[key][i, j, k], value, err_msg=key)


def test_hardware_and_model_arrays_broadcast_too():
    params = np.array([1e9, 7e9, 70e9, 400e9])
    r = engine.evaluate(
        scenario(**{"model.params": params, "economics.pue": np.array([[1.1], [1.5]])})
    )
    assert r.shape == (2, 4)
    one = engine.evaluate(scenario(**{"model.params": 70e9, "economics.pue": 1.5}))
    for key, value in _flat(one).items():
        np.testing.assert_allclose(r.get(key)[1, 2], value, rtol=1e-12, err_msg=key)


def test_a_million_point_grid_is_finite_or_flagged_without_warnings():
    volumes = np.logspace(1, 10, 1000)
    ratios = np.linspace(0, 0.9, 1000)
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        r = engine.evaluate(
            scenario(
                **{"inference.queries_per_day": volumes[:, None], "pruning.ratio": ratios[None, :]}
            )
        )
    assert r.shape == (1000, 1000)
    for key, value in r.items():
        if value.dtype == bool:
            continue
        finite = np.isfinite(value)
        if key == "lifecycle.crossover_month":
            continue  # inf means never
        if key.startswith("inference.latency"):
            assert np.all(finite | r.inference.saturated), key
        else:
            assert np.all(finite), key
        assert not np.any(np.isnan(value)), key
