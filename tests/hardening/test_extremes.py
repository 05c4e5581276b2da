"""The full range of every knob and the extremes of the assumptions: every output is finite
or explicitly flagged, with no numpy warning, and the window shows the flag."""

import numpy as np
import pytest

from tests.helpers import shipped_profiles
from whatif import engine
from whatif.gui.formatting import format_result

MAY_BE_INFINITE = {
    "lifecycle.crossover_month": "never within the horizon",
    "lifecycle.break_even_queries_per_day": "never (a capped or fixed fleet)",
    "lifecycle.api_horizon_cost_usd": "no API compared",
    "inference.api_cost_per_1k_queries_usd": "no API compared",
    "lifecycle.self_host_break_even_queries_per_day": "never, or no API compared",
    "inference.latency_p50_s": "saturated",
    "inference.latency_p95_s": "saturated",
    "inference.latency_p99_s": "saturated",
    "inference.ttft_p50_s": "saturated",
    "inference.ttft_p95_s": "saturated",
    "inference.ttft_p99_s": "saturated",
    "inference.host_energy_wh_per_query": "no traffic",
    "inference.idle_energy_wh_per_query": "no traffic",
    "inference.cost_per_1k_queries_usd": "no traffic",
    "inference.energy_wh_per_query": "no traffic",
}


def extreme_grid(**fixed):
    base = engine.default_scenario(shipped_profiles()).override(fixed)
    axes = {
        "inference.queries_per_day": [0.0, 10.0, 1e6, 1e10, 1e12],
        "pruning.ratio": [0.0, 0.5, 0.9, 0.95],
        "training.retrains_per_year": [0.0, 1.0, 52.0, 365.0],
        "inference.latency_slo_ms": [0.001, 50.0, 1e8],
        "model.params": [1.0, 7e9, 1e14],
        "quality.drift_per_month": [0.0, 0.05, 1.0],
        "economics.electricity_usd_per_kwh": [0.0, 100.0],
    }
    arrays = {}
    for i, (key, values) in enumerate(axes.items()):
        shape = [1] * len(axes)
        shape[i] = len(values)
        arrays[key] = np.array(values).reshape(shape)
    return base.override(arrays)


@pytest.mark.parametrize(
    "fixed",
    [
        {},
        {
            "economics.pricing": "owned",
            "training.hardware": "a100-80gb",
            "inference.hardware": "t4",
        },
        {"inference.provisioning": "autoscaled", "inference.max_replicas": 1},
        {"model.kind": "generic", "model.forward_flops_per_query": 1e20},
        {"inference.replicas": 1, "economics.horizon_months": 1},
        {"quality.value_per_point_per_1k_queries": 1e6, "pruning.structure": "channel"},
        {
            "model.experts": 256,
            "model.experts_per_token": 8,
            "model.active_params": 1e9,
            "inference.speculative_tokens": 16,
            "inference.prefix_cache_hit": 1.0,
            "model.kv_precision": "fp4",
            "model.kv_bytes_per_token": 0,
        },
        {
            "inference.ttft_slo_ms": 0.001,
            "inference.tpot_slo_ms": 1e8,
            "inference.max_batched_tokens": 2,
            "inference.service_cv": 10,
            "inference.slo_service_fraction": 1e-9,
        },
        {"inference.ttft_slo_ms": "none", "inference.tpot_slo_ms": 0.001, "inference.batch": 1e4},
    ],
    ids=[
        "cloud",
        "owned-t4",
        "autoscaled-capped",
        "generic-huge",
        "one-replica",
        "valued",
        "moe-speculative-cached",
        "tight-ttft",
        "tight-tpot-fixed-concurrency",
    ],
)
def test_every_output_finite_or_flagged_without_warnings(fixed):
    with np.errstate(all="raise", under="ignore"):
        results = engine.evaluate(extreme_grid(**fixed))
    saturated = results.inference.saturated
    traffic = np.broadcast_to(results.inference.peak_qps > 0, saturated.shape)
    for key, value in results.items():
        if value.dtype == bool:
            continue
        assert not np.isnan(value).any(), key
        infinite = ~np.isfinite(value)
        if not infinite.any():
            continue
        assert key in MAY_BE_INFINITE, f"{key} is infinite but has no flag"
        if key.startswith(("inference.latency", "inference.ttft")):
            assert np.all(saturated[infinite]), key
        if MAY_BE_INFINITE[key] == "no traffic":
            assert not np.any(traffic[infinite]), key
        assert (value[infinite] > 0).all(), key  # +inf only: never a negative infinity


def test_flags_are_shown_as_words_not_numbers():
    assert format_result(None, "months") == "never"
    assert format_result(False, "flag") == "no"


def test_the_window_shows_the_flags_of_an_impossible_scenario(qtbot, tmp_path):
    from tests.helpers import open_window

    window = open_window(qtbot)
    with qtbot.waitSignal(window.state.analysed):
        window.state.set_values(
            {
                "model.params": 5e12,
                "inference.hardware": "t4",
                "inference.max_replicas": 1,
                "inference.queries_per_day": 1e10,
            }
        )
    cards = window.kpis.cards
    assert cards["latency"].warning and cards["latency"].value.text() == "saturated"
    assert cards["cost_per_1k"].warning
    for plot in window.plots.plots.values():
        for item in plot.getPlotItem().items:
            data = getattr(item, "yData", None)
            if data is not None and len(data):
                assert not np.isinf(data).any()  # gaps are NaN (not drawn), never inf
    window.grab().save(str(tmp_path / "impossible.png"))
