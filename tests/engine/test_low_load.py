"""Latency at the concurrency the peak load actually keeps in flight (Little's law), while
the fleet stays sized at the operating concurrency."""

import numpy as np
import pytest

from tests.engine.test_inference import SMALL
from tests.helpers import demo, scalar, scenario
from whatif import engine
from whatif.engine.sweeps import load_sweep

DEMOS = (
    "ar_vision",
    "chatbot",
    "drug_discovery",
    "image_classifier",
    "image_generator",
    "moe_assistant",
    "recommender",
)

COMPUTE_BOUND = ("drug_discovery", "image_generator")
"""Demos whose one pass is compute-bound: a full batch serves barely more than one sequence
at a time does (the drug model: 256 at 3.79 s each vs one in 15.3 ms), so at 90% of
capacity a replica still holds fewer than one sequence in flight."""

# On main before this change (``whatif`` at 6d00217): replicas, yearly serving cost [USD],
# yearly serving energy [kWh] and horizon cost [USD] of each demo as shipped.
SIZED_ON_MAIN = {
    "ar_vision": (3.0, 21155.4, 1282.533903030303, 42360.72307692308),
    "chatbot": (2.0, 52560.0, 10558.11693580844, 157717.86091450398),
    "drug_discovery": (1.0, 13140.0, 2918.5947466253697, 806288.666762964),
    "image_classifier": (1.0, 1563.66, 89.63623551756885, 4691.25279100529),
    "image_generator": (32.0, 150899.27096023088, 52567.52876793792, 851558.2117410915),
    "moe_assistant": (8.0, 1962240.0, 395192.4986217499, 16613222.837883383),
    "recommender": (1.0, 7051.8, 452.3581774449035, 14114.020227920228),
}


def test_a_lone_photo_is_answered_in_one_pass_not_a_full_batch_by_hand():
    """Cats vs dogs on a c7i.xlarge: ~3.5 photos/s at the peak keep 0.011 photos in flight,
    so a photo is one pass at concurrency 1: the overhead plus the int8 weights and one
    image streamed (memory-bound: 8.2 GFLOP at 3.9 TFLOP/s is 2.10 ms, 26.2 MB at 12 GB/s
    2.18 ms). On main this was the 47-photo batch's 100 ms."""
    r = engine.evaluate(demo("image_classifier"))
    bandwidth = 20e9 * 0.6  # c7i-xlarge bandwidth x inference_memory [bytes/s]
    one_pass = 1e-3 + (25.6e6 + 6.0e5) / bandwidth  # overhead + weights + one image [s]
    assert one_pass == pytest.approx(3.1833e-3, rel=1e-4)
    assert scalar(r, "inference.service_time_s") == pytest.approx(one_pass, rel=1e-12)
    assert scalar(r, "inference.latency_p50_s") == pytest.approx(one_pass, rel=1e-12)
    assert scalar(r, "inference.latency_p99_s") - one_pass < 1e-9  # no wait worth the name
    peak = 1e5 * 3 / 86400
    assert scalar(r, "inference.in_flight") == pytest.approx(peak * one_pass, rel=1e-12)
    assert scalar(r, "inference.batch") == pytest.approx(47.1, rel=1e-2)  # sized as before
    assert bool(r.inference.slo_met) and not bool(r.inference.saturated)


def test_an_idle_llm_server_answers_as_a_one_sequence_server_does():
    """A 7B model on an A100 sized for a full batch, under a trickle of traffic: each
    request's TTFT, TPOT and stay are those of a server running one sequence."""
    base = {**SMALL, "inference.queries_per_day": 100}
    sized = engine.evaluate(scenario(**{**base, "inference.batch": "auto"}))
    lone = engine.evaluate(scenario(**base))  # SMALL runs one sequence
    assert scalar(sized, "inference.batch") > 50
    assert scalar(sized, "inference.in_flight") < 0.01
    for key in ("tpot_s", "service_time_s", "ttft_p50_s", "latency_p50_s", "decode_step_s"):
        assert scalar(sized, f"inference.{key}") == pytest.approx(
            scalar(lone, f"inference.{key}"), rel=1e-9
        )


@pytest.mark.parametrize("name", DEMOS)
def test_littles_law_holds_at_every_volume(name):
    """replicas x sequences in flight = arrivals x stay, wherever the fleet is not saturated
    (an autosized fleet, and the shipped fleet held while the volume grows)."""
    s = demo(name)
    volumes = np.logspace(1, 10, 181)
    held = float(engine.evaluate(s).inference.replicas)
    for fleet in ({}, {"inference.replicas": held}):
        i = engine.evaluate(s.override({"inference.queries_per_day": volumes, **fleet})).inference
        ok = ~i.saturated
        assert ok.sum() > 10
        inside = i.replicas * np.maximum(i.in_flight, 1.0)
        arrivals = i.peak_qps * i.service_time_s
        served_alone = i.in_flight < 1.0  # a lone sequence: b = lam S(1), stay S(1)
        expected = np.where(served_alone, i.replicas * i.in_flight, inside)
        np.testing.assert_allclose(expected[ok], arrivals[ok], rtol=1e-9)
        assert np.all(i.in_flight <= i.batch * (1 + 1e-12))


@pytest.mark.parametrize("name", DEMOS)
def test_latency_never_falls_as_load_rises_on_a_held_fleet(name):
    """The latency-vs-load chart's data: every percentile is non-decreasing in the load,
    and a lone request is faster than one at 90% of capacity where batching pays (on main
    both ends were the full batch's stay)."""
    s = demo(name)
    d = load_sweep(s, engine.evaluate(s))
    ok = ~d["saturated"]
    for key in ("latency_p50_s", "latency_p99_s", "ttft_p50_s", "ttft_p99_s"):
        v = d[key][ok]
        assert np.all(np.diff(v) >= -1e-12 * v[1:]), key
    near_full = np.searchsorted(d["peak_qps"], 0.9 * float(d["capacity_qps"]))
    if name in COMPUTE_BOUND:  # one at a time is nearly as fast: 90% load keeps b < 1
        assert d["latency_p50_s"][1] == d["latency_p50_s"][near_full]
    else:
        assert d["latency_p50_s"][1] < d["latency_p50_s"][near_full]


@pytest.mark.parametrize("name", DEMOS)
def test_sizing_and_cost_are_unchanged(name):
    """Replicas, yearly cost and energy and the horizon cost equal main's (the fleet is
    still sized at the operating concurrency)."""
    r = engine.evaluate(demo(name))
    replicas, cost, energy, horizon = SIZED_ON_MAIN[name]
    assert scalar(r, "inference.replicas") == replicas
    assert scalar(r, "inference.yearly_cost_usd") == pytest.approx(cost, rel=1e-12)
    assert scalar(r, "inference.yearly_energy_kwh") == pytest.approx(energy, rel=1e-12)
    assert scalar(r, "lifecycle.horizon_cost_usd") == pytest.approx(horizon, rel=1e-12)


def test_past_capacity_runs_the_full_batch_and_stays_flagged():
    s = demo("chatbot")
    r = engine.evaluate(s.override({"inference.replicas": 1, "inference.queries_per_day": 1e9}))
    assert bool(r.inference.saturated)
    assert scalar(r, "inference.in_flight") == scalar(r, "inference.batch")
    assert np.isinf(scalar(r, "inference.latency_p99_s"))


def test_array_evaluation_equals_scalar_evaluation_point_by_point():
    s = demo("moe_assistant")
    volumes = np.array([10.0, 3e5, 2e7, 8e8])
    grid = engine.evaluate(s.override({"inference.queries_per_day": volumes}))
    for k, q in enumerate(volumes):
        one = engine.evaluate(s.override({"inference.queries_per_day": q}))
        for key in ("in_flight", "latency_p99_s", "ttft_p99_s", "tpot_s"):
            assert float(grid.get(f"inference.{key}")[k]) == pytest.approx(
                scalar(one, f"inference.{key}"), rel=1e-9
            )
