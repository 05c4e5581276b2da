"""Results that are cheap functions of kept arrays are worked out when first read
(engine/lazy.py): a large evaluation holds fewer arrays, and every result read is the
same number an eager evaluation gives."""

import copy
import pickle
import threading
import tracemalloc

import numpy as np
import pytest

from tests.helpers import demo, scenario
from whatif import engine
from whatif.engine.lazy import Lazy

VOLUMES = np.logspace(1, 10, 400)[:, None]
RATIOS = np.linspace(0.0, 0.9, 300)[None, :]


def _grid(name="chatbot"):
    return demo(name).override({"inference.queries_per_day": VOLUMES, "pruning.ratio": RATIOS})


def test_a_lazy_value_is_computed_once_and_only_when_first_read():
    calls = []

    def add(a, b):
        calls.append(1)
        return a + b

    inner = Lazy(add, np.ones((3, 1)), np.arange(4.0))
    outer = Lazy(np.multiply, inner, 2.0)
    assert inner.shape == (3, 4) and outer.shape == (3, 4)  # known without computing
    assert calls == []
    np.testing.assert_array_equal(outer.value(), 2.0 * (1.0 + np.arange(4.0)) + np.zeros((3, 1)))
    assert calls == [1]
    assert inner.value() is inner.value()  # kept: the nested value was computed once
    assert calls == [1]


def test_a_lazy_value_read_from_two_threads_is_computed_once():
    calls = []
    gate = threading.Event()

    def slow(a):
        calls.append(1)
        gate.wait(5)
        return a * 3.0

    lazy = Lazy(slow, np.arange(5.0))
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(lazy.value())) for _ in range(2)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(5)
    assert calls == [1] and len(seen) == 2 and seen[0] is seen[1]


def test_results_read_lazily_are_the_sums_and_products_they_stand_for():
    """Bitwise: the lazy result is worked out with the eager evaluation's operations."""
    base = _grid()
    r = engine.evaluate(base)
    i, life = r.inference, r.lifecycle
    s, e = base.inference, base.economics
    years = e.horizon_months / 12.0
    q = np.broadcast_to(s.queries_per_day * 365.0, r.shape)
    assert np.array_equal(i.cost_per_1k_queries_usd, i.yearly_cost_usd / q * 1e3)
    assert np.array_equal(i.energy_wh_per_query, i.yearly_energy_kwh * 1000.0 / q)
    assert np.array_equal(i.yearly_co2_kg, i.yearly_energy_kwh * e.grid_kgco2_per_kwh)
    assert np.array_equal(i.devices, i.replicas * i.devices_per_replica)
    assert np.array_equal(i.mean_replicas, i.replicas)  # the peak fleet runs all year
    assert np.array_equal(i.decode_step_s, i.tpot_s * base.inference.speculative_tokens)
    assert np.array_equal(life.horizon_inference_cost_usd, i.yearly_cost_usd * years)
    assert np.array_equal(
        life.horizon_cost_usd, life.horizon_training_cost_usd + life.horizon_inference_cost_usd
    )
    assert np.array_equal(
        life.horizon_co2_kg, life.horizon_operational_co2_kg + life.horizon_embodied_co2_kg
    )
    assert np.array_equal(
        life.horizon_operational_co2_kg, life.horizon_energy_kwh * e.grid_kgco2_per_kwh
    )
    total = life.horizon_cost_usd
    assert np.array_equal(life.training_share, life.horizon_training_cost_usd / total)
    assert np.array_equal(life.horizon_quality_cost_usd, r.quality.yearly_quality_cost_usd * years)
    for lo, hi in (("p50", "p95"), ("p95", "p99")):
        assert np.all(getattr(i, f"ttft_{lo}_s") <= getattr(i, f"ttft_{hi}_s"))
        assert np.all(getattr(i, f"latency_{lo}_s") <= getattr(i, f"latency_{hi}_s"))
        assert np.all(getattr(i, f"ttft_{lo}_s") < getattr(i, f"latency_{lo}_s"))


@pytest.mark.parametrize("name", ["chatbot", "image_generator"])
def test_a_grid_evaluation_holds_a_third_less_until_every_result_is_read(name):
    """400 x 300 points: 0.96 MB per result that varies over the whole grid."""
    grid = _grid(name)
    engine.evaluate(grid)  # sizing and imports out of the way
    tracemalloc.start()
    try:
        r = engine.evaluate(grid)
        held = tracemalloc.get_traced_memory()[0]
        for _key, _value in r.items():
            pass
        read = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    per_result = VOLUMES.size * RATIOS.size * 8
    full = sum(1 for _k, v in r.items() if 0 not in v.strides)
    assert full >= 30  # most of these demos' results vary over the whole grid
    assert held < 0.6 * read
    # mean replicas is the replicas' own array here (the peak fleet runs all year)
    assert read >= 28 * per_result


def test_results_of_a_subset_are_read_lazily_too():
    r = engine.evaluate(scenario(**{"inference.queries_per_day": np.array([1e3, 1e5, 1e7])}))
    part = r.subset(np.array([2, 0]), (2,))
    assert np.array_equal(part.lifecycle.horizon_cost_usd, r.lifecycle.horizon_cost_usd[[2, 0]])
    with pytest.raises(ValueError, match="read-only"):
        r.inference.cost_per_1k_queries_usd[0] = 1.0


@pytest.mark.parametrize("name", ["chatbot", "image_classifier", "ar_vision", "image_generator"])
def test_a_grid_evaluation_peaks_below_sixteen_results_worth_of_arrays(name):
    """Everything an evaluation allocates at once, temporaries included, in units of one
    result that varies over the grid (0.96 MB here): 38.6 before results were worked out
    when read, 24-27 before serving freed its intermediates as it went, 13.8 now. The less
    fresh memory a large grid touches, the less it waits for page faults."""
    grid = _grid(name)
    engine.evaluate(grid)  # sizing and imports out of the way
    tracemalloc.start()
    try:
        engine.evaluate(grid)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * VOLUMES.size * RATIOS.size * 8


def test_results_not_yet_read_pickle_and_deep_copy_to_the_same_read_only_numbers():
    r = engine.evaluate(_grid())
    for copied in (pickle.loads(pickle.dumps(r)), copy.deepcopy(r)):
        for key, value in r.items():
            again = copied.get(key)
            assert np.array_equal(again, value, equal_nan=True), key
            assert not again.flags.writeable, key


def test_results_read_later_are_those_of_the_scenario_as_evaluated():
    """A result worked out when first read uses the scenario's arrays: they are the
    scenario's own read-only copies, so neither the caller's array nor the scenario can
    change it after the evaluation."""
    grid = np.linspace(0.39, 0.5, 5000)  # large enough to be worked out when read
    accuracy = np.linspace(0.85, 0.9, 5000)
    s = demo("chatbot").override(
        {"economics.grid_kgco2_per_kwh": grid, "quality.baseline_accuracy": accuracy}
    )
    r = engine.evaluate(s)
    grid[:] = 0.0  # the caller's arrays: copied when the scenario was built
    accuracy[:] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        s.economics.grid_kgco2_per_kwh[:] = 0.0
    expected = r.inference.yearly_energy_kwh * np.linspace(0.39, 0.5, 5000)
    assert np.array_equal(r.inference.yearly_co2_kg, expected)
    assert np.all(r.quality.yearly_quality_cost_usd >= 0)
