"""Serving: roofline steps, batching, sharding, replicas and pruning on real hardware."""

import numpy as np
import pytest

import engine
from tests.helpers import scalar, scenario

# Llama-2-7B shape, 100-token prompt, 100 output tokens, one query at a time.
SMALL = {
    "model.params": 7e9,
    "model.layers": 32,
    "model.hidden_size": 4096,
    "model.kv_heads": 32,
    "model.prompt_tokens": 100,
    "model.output_tokens": 100,
    "inference.batch": 1,
    "inference.hardware": "a100-80gb",
    "model.precision": "fp16",
}


def test_batch_one_decode_step_is_the_weight_stream_by_hand():
    r = engine.evaluate(scenario(**SMALL))
    kv_per_token = 2 * 32 * 32 * 128 * 2  # K and V, layers, heads, head_dim, fp16
    bytes_read = 7e9 * 2 + kv_per_token * (100 + 50)
    expected = bytes_read / (2039e9 * 0.8) + 0.5e-3  # bandwidth x efficiency + overhead
    assert scalar(r, "inference.decode_step_s") == pytest.approx(expected, rel=1e-9)
    assert scalar(r, "inference.devices_per_replica") == 1


def test_published_decode_speed_of_a_7b_model_on_an_a100():
    """A 7B fp16 model decodes at roughly 70-120 tokens/s at batch 1 on one A100 (weights
    stream at ~1.5-1.8 TB/s; e.g. vLLM and TensorRT-LLM single-stream figures). The
    roofline with the profile's 80% bandwidth efficiency must land in that band."""
    r = engine.evaluate(scenario(**SMALL))
    assert 70 <= 1 / scalar(r, "inference.decode_step_s") <= 120


def test_service_time_is_prefill_plus_decode_steps():
    r = engine.evaluate(scenario(**SMALL))
    step = scalar(r, "inference.decode_step_s")
    prefill_compute = 100 * (2 * 7e9 + 2 * 32 * 50 * 4096) / (312e12 * 0.6)
    prefill_memory = 7e9 * 2 / (2039e9 * 0.8) + 100 * 2 * 32 * 32 * 128 * 2 / (2039e9 * 0.8)
    prefill = max(prefill_compute, prefill_memory) + 0.5e-3
    assert scalar(r, "inference.service_time_s") == pytest.approx(prefill + 100 * step, rel=1e-9)


def test_auto_batch_respects_memory_and_the_slo_budget():
    s = scenario(
        **{
            **SMALL,
            "inference.batch": "auto",
            "inference.max_batch": 65536,
            "inference.latency_slo_ms": 1e7,
        }
    )
    r = engine.evaluate(s)
    per_query = 2 * 32 * 32 * 128 * 2 * 200
    devices = scalar(r, "inference.devices_per_replica")
    memory_batch = np.floor((devices * 80e9 * 0.9 - 14e9) / per_query)
    assert scalar(r, "inference.batch") == memory_batch  # generous SLO: memory decides
    tight = engine.evaluate(s.override({"inference.latency_slo_ms": 6000}))
    assert scalar(tight, "inference.service_time_s") <= 3.0 + 1e-9  # half the SLO
    assert scalar(tight, "inference.batch") < scalar(r, "inference.batch")


def test_impossible_slo_serves_one_at_a_time_and_is_flagged():
    r = engine.evaluate(
        scenario(**{**SMALL, "inference.batch": "auto", "inference.latency_slo_ms": 1})
    )
    assert scalar(r, "inference.batch") == 1
    assert not bool(r.inference.slo_feasible)
    assert not bool(r.inference.slo_met)


def test_a_model_larger_than_a_device_is_sharded():
    r = engine.evaluate(scenario(**{"model.params": 70e9, "inference.hardware": "a100-40gb"}))
    # 140 GB of bf16 weights over 36 GB usable per device: at least 4 devices.
    assert scalar(r, "inference.devices_per_replica") >= 4
    assert bool(r.inference.fits)


def test_a_model_larger_than_any_replica_is_flagged_not_broken():
    r = engine.evaluate(scenario(**{"model.params": 2e12, "inference.hardware": "t4"}))
    assert not bool(r.inference.fits)
    assert np.isfinite(scalar(r, "inference.yearly_cost_usd"))


def test_replicas_cover_the_peak_at_the_target_utilisation():
    s = scenario(**{**SMALL, "inference.queries_per_day": 5e6, "inference.peak_to_mean": 2})
    r = engine.evaluate(s)
    peak_qps = 5e6 / 86400 * 2
    capacity = scalar(r, "inference.max_qps_per_replica")
    assert scalar(r, "inference.replicas") == np.ceil(peak_qps / (capacity * 0.7))
    hours = scalar(r, "inference.devices") * 8760
    assert scalar(r, "inference.yearly_cost_usd") == pytest.approx(hours * 1.5)  # fixed fleet


def test_autoscaled_fleet_pays_for_the_mean_load_only():
    base = {**SMALL, "inference.queries_per_day": 5e6, "inference.peak_to_mean": 3}
    fixed = engine.evaluate(scenario(**base))
    auto = engine.evaluate(scenario(**base, **{"inference.provisioning": "autoscaled"}))
    capacity = scalar(auto, "inference.max_qps_per_replica")
    mean_replicas = 5e6 / 86400 / (capacity * 0.7)
    assert scalar(auto, "inference.yearly_cost_usd") == pytest.approx(mean_replicas * 8760 * 1.5)
    assert scalar(auto, "inference.yearly_cost_usd") < scalar(fixed, "inference.yearly_cost_usd")


def test_replica_cap_saturates_the_queue_with_a_flag():
    r = engine.evaluate(
        scenario(**{**SMALL, "inference.queries_per_day": 1e8, "inference.max_replicas": 2})
    )
    assert bool(r.inference.saturated)
    assert r.to_dict()["inference"]["latency_p99_s"] is None  # inf -> null, never NaN


def test_unstructured_pruning_buys_nothing_on_a_gpu_but_does_on_a_cpu():
    gpu = {**SMALL, "pruning.ratio": 0.5, "pruning.structure": "unstructured"}
    dense = engine.evaluate(scenario(**SMALL))
    pruned = engine.evaluate(scenario(**gpu))
    assert scalar(pruned, "inference.decode_step_s") == scalar(dense, "inference.decode_step_s")
    cpu = engine.evaluate(scenario(**{**gpu, "inference.hardware": "xeon-8480"}))
    cpu_dense = engine.evaluate(scenario(**{**SMALL, "inference.hardware": "xeon-8480"}))
    # Bitmask storage: (1 - 0.5) + 1/8 bit-per-weight over 2 bytes = 0.5625 of the bytes.
    assert scalar(cpu, "pruning.weight_bytes_factor") == pytest.approx(0.5 + 0.125 / 2)
    assert scalar(cpu, "inference.decode_step_s") < scalar(cpu_dense, "inference.decode_step_s")


def test_two_four_sparsity_is_capped_at_half_and_needs_sparse_tensor_cores():
    s24 = {**SMALL, "pruning.ratio": 0.8, "pruning.structure": "2:4"}
    a100 = engine.evaluate(scenario(**s24))
    assert scalar(a100, "pruning.effective_ratio") == 0.5
    assert scalar(a100, "pruning.compute_factor") == pytest.approx(1 / 1.3)
    # Packed values (half) + 2-bit indices for each kept value, relative to fp16.
    assert scalar(a100, "pruning.weight_bytes_factor") == pytest.approx(0.5 + 0.125 / 2)
    v100 = engine.evaluate(scenario(**{**s24, "inference.hardware": "v100"}))
    assert scalar(v100, "pruning.compute_factor") == 1.0  # Volta has no sparse tensor cores
    assert scalar(v100, "pruning.weight_bytes_factor") == 1.0


def test_channel_pruning_shrinks_the_dense_model_everywhere():
    r = engine.evaluate(scenario(**{**SMALL, "pruning.ratio": 0.3, "pruning.structure": "channel"}))
    assert scalar(r, "inference.weight_bytes") == pytest.approx(7e9 * 2 * 0.7)
    assert scalar(r, "pruning.compute_factor") == pytest.approx(0.7)


def test_precision_without_native_support_widens_compute_but_keeps_narrow_bytes():
    # T4 has no bf16: arithmetic runs at fp32, weights still stream as 2 bytes.
    t4 = shipped = engine.evaluate(
        scenario(**{**SMALL, "inference.hardware": "t4", "model.precision": "bf16"})
    )
    assert scalar(shipped, "inference.weight_bytes") == 14e9
    t4_fp16 = engine.evaluate(scenario(**{**SMALL, "inference.hardware": "t4"}))
    assert scalar(t4, "inference.service_time_s") > scalar(t4_fp16, "inference.service_time_s")


def test_energy_per_query_by_hand_for_a_fixed_fleet():
    s = scenario(**{**SMALL, "inference.queries_per_day": 1e6, "economics.pue": 1.0})
    r = engine.evaluate(s)
    busy = scalar(r, "inference.utilization")
    watts = 60 + (400 - 60) * busy  # a100-80gb idle 60 W, TDP 400 W
    kwh = scalar(r, "inference.devices") * 8760 * watts / 1000
    assert scalar(r, "inference.yearly_energy_kwh") == pytest.approx(kwh)
    assert scalar(r, "inference.energy_wh_per_query") == pytest.approx(kwh * 1000 / 365e6)


def test_int4_is_weight_only_it_streams_less_but_multiplies_in_16_bits():
    s = {**SMALL, "inference.batch": 64, "inference.max_batch": 64}
    fp16 = engine.evaluate(scenario(**s))
    int4 = engine.evaluate(scenario(**{**s, "model.precision": "int4"}))
    assert scalar(int4, "inference.weight_bytes") == 7e9 * 0.5
    # Prefill of 64 x 100 tokens is compute-bound: same 16-bit rate, so no faster.
    prefill_flops = 64 * 100 * (2 * 7e9 + 2 * 32 * 50 * 4096)
    assert prefill_flops / (312e12 * 0.6) > 7e9 * 2 / (2039e9 * 0.8)
    step16 = scalar(fp16, "inference.decode_step_s")
    step4 = scalar(int4, "inference.decode_step_s")
    assert step4 < step16  # decode streams a quarter of the weight bytes
    assert scalar(int4, "inference.service_time_s") - 100 * step4 == pytest.approx(
        scalar(fp16, "inference.service_time_s") - 100 * step16, rel=1e-6
    )
