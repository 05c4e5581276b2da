"""Array inputs broadcast, and element i equals the scalar evaluation of point i."""

import numpy as np
import pytest

from tests.helpers import scenario
from whatif import engine


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
        if key in (
            "lifecycle.crossover_month",
            "lifecycle.api_horizon_cost_usd",
            "inference.api_cost_per_1k_queries_usd",
            "lifecycle.self_host_break_even_queries_per_day",
        ):
            continue  # inf means never, or no API compared
        if key.startswith("inference.latency"):
            assert np.all(finite | r.inference.saturated), key
        else:
            assert np.all(finite), key
        assert not np.any(np.isnan(value)), key


NUMERIC_SAMPLES = {
    "model.params": [1e9, 7e9, 70e9, 400e9],
    "model.training_tokens": [1e11, 2e12, 15e12],
    "model.prompt_tokens": [0, 100, 4000, 32000],
    "model.output_tokens": [1, 50, 1000],
    "model.layers": [16, 32, 80, 126],
    "model.hidden_size": [4096, 1024, 8192, 64],
    "model.kv_heads": [1, 8, 32],
    "model.head_dim": [64, 128, 256, 80],
    "training.devices": [8, 64, 4096],
    "training.mfu": [0.2, 0.4, 0.55, 0.3],
    "training.retrains_per_year": [0, 0.5, 4, 365],
    "training.retrain_fraction": [0.01, 0.2, 1.0],
    "inference.queries_per_day": [0, 10, 1e6, 1e10],
    "inference.peak_to_mean": [1, 3, 10],
    "inference.monthly_growth": [0, 0.02, -0.1, 0.3],
    "inference.batch": [1, 8, 32.5, 300],
    "inference.max_batch": [256, 8, 1, 64],
    "inference.latency_slo_ms": [20000, 2000, 500],
    "inference.ttft_slo_ms": [2000, 100, 30000],
    "inference.tpot_slo_ms": [200, 20, 5, 1000],
    "inference.max_batched_tokens": [8192, 512, 65536],
    "inference.prefix_cache_hit": [0, 0.5, 1.0],
    "inference.speculative_tokens": [1, 2.5, 4, 1.2],
    "inference.draft_params": [0, 1e9, 7e7],
    "inference.service_cv": [0, 0.5, 1, 3],
    "model.active_params": [1e9, 7e9, 3e8, 2e9],
    "model.experts": [1, 8, 256],
    "model.experts_per_token": [1, 2, 8, 16],
    "model.kv_bytes_per_token": [0, 70272, 1e6],
    "inference.slo_service_fraction": [0.5, 0.1, 1.0, 0.3],
    "inference.target_utilization": [0.3, 0.7, 1.0],
    "inference.max_replicas": [1, 5, 1000, 2],
    "inference.replicas": [1, 3, 40, 1000],
    "inference.usable_memory_fraction": [0.9, 0.5, 0.3, 0.99],
    "pruning.ratio": [0, 0.3, 0.6, 0.9],
    "pruning.recovery_fraction": [0, 0.01, 0.5],
    "quality.baseline_accuracy": [0.5, 0.9, 1.0],
    "quality.pruning_sensitivity": [0, 0.8, 5, 50],
    "quality.recovery_gain": [0, 0.5, 1],
    "quality.drift_per_month": [0, 0.01, 0.2],
    "quality.value_per_point_per_1k_queries": [0, 0.1, 10],
    "economics.horizon_months": [1, 12, 36, 120],
    "economics.electricity_usd_per_kwh": [0, 0.1, 0.5],
    "economics.pue": [1, 1.2, 2],
    "economics.training_usd_per_device_hour": [0, 1.1, 2.5, 9],
    "economics.serving_usd_per_device_hour": [0.5, 1.1, 2.5],
    "economics.grid_kgco2_per_kwh": [0, 0.4, 1],
}


@pytest.mark.parametrize("pricing", ["cloud", "owned"])
@pytest.mark.parametrize("key", sorted(NUMERIC_SAMPLES))
def test_every_numeric_field_broadcasts_elementwise(key, pricing):
    """An array in any one field gives, at each element, the scalar result (arrays of
    length 3 and 4 catch both shape errors and silent alignment with internal axes)."""
    base = scenario(
        **{
            "economics.pricing": pricing,
            "training.hardware": "a100-80gb",
            "inference.hardware": "h100-sxm",
            "quality.drift_per_month": 0.01,
            "pruning.structure": "2:4",
            "pruning.ratio": 0.3,
            "inference.queries_per_day": 3e6,
        }
    )
    values = np.array(NUMERIC_SAMPLES[key], dtype=float)
    arrays = dict(engine.evaluate(base.override({key: values})).items())
    for i, value in enumerate(values):
        point = engine.evaluate(base.override({key: value}))
        for name, expected in point.items():
            np.testing.assert_allclose(
                arrays[name][i], expected, rtol=1e-12, err_msg=f"{name} at {key}={value}"
            )


@pytest.mark.parametrize("kind", ["llm", "generic"])
def test_generic_model_fields_broadcast_too(kind):
    base = scenario(**{"model.kind": kind, "model.params": 25e6})
    for key, values in {
        "model.forward_flops_per_query": [0, 1e9, 1e12, 1e15],
        "model.activation_bytes_per_query": [0, 6e5, 1e8],
        "model.forward_flops_per_sample": [0, 1e9, 4e11],
        "model.training_samples": [1e3, 1e6, 1e9],
        "model.epochs": [0.5, 1, 90, 10],
    }.items():
        arrays = dict(engine.evaluate(base.override({key: np.array(values)})).items())
        for i, value in enumerate(values):
            for name, expected in engine.evaluate(base.override({key: value})).items():
                np.testing.assert_allclose(
                    arrays[name][i], expected, rtol=1e-12, err_msg=f"{name} at {key}={value}"
                )
