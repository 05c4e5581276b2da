"""Mixture of experts, schema migration, and the serving model against published
measurements: MLPerf Inference Llama-2-70B, DeepSeek-V3's reported GPU-hours."""

import numpy as np
import pytest

from tests.helpers import SCENARIO_DIR, demo, scalar, scenario, shipped_profiles
from whatif import engine

# MLPerf Inference Llama-2-70B (OpenOrca, 24,576 samples; mean output 294.45 tokens per
# sample, language/llama2-70b/README.md). The mean input length is not published where we
# could read it: 300 tokens is our assumption. FP8 weights and KV cache, as submitted.
LLAMA2_70B = {
    "model.params": 70e9,
    "model.layers": 80,
    "model.hidden_size": 8192,
    "model.kv_heads": 8,
    "model.precision": "fp8",
    "model.kv_precision": "fp8",
    "model.prompt_tokens": 300,
    "model.output_tokens": 294.45,
    "inference.peak_to_mean": 1,
    "inference.target_utilization": 1.0,
    "inference.max_batch": 4096,
}
OFFLINE = {"inference.ttft_slo_ms": "none", "inference.tpot_slo_ms": "none"}


def system_tokens_per_s(hardware, **changes):
    """Output tokens/s of an 8-device system at the operating point."""
    r = engine.evaluate(scenario(**LLAMA2_70B, **{"inference.hardware": hardware}, **changes))
    return 8 * scalar(r, "inference.output_tokens_per_s_per_device")


@pytest.mark.parametrize(
    "hardware, published",
    [
        # MLPerf Inference v5.0, closed, NVIDIA DGX H100 / H200 (TensorRT), Offline.
        ("h100-sxm", 31306.8),
        ("h200-sxm", 34988.2),
    ],
)
def test_llama2_70b_offline_throughput_matches_mlperf_v5(hardware, published):
    """Not tuned to: the H100 and H200 profiles' efficiencies predate these checks."""
    ours = system_tokens_per_s(hardware, **OFFLINE)
    assert 0.85 <= ours / published <= 1.15


def test_mi300x_against_h100_as_mlperf_v41_measured():
    """MLPerf v4.1 Offline: 8x MI300X 23,514.8 tok/s (AMD, vLLM) vs 8x H100 24,524.9
    (NVIDIA, TensorRT-LLM), a ratio of 0.96; the MI300X profile's efficiencies are fitted to
    that ratio. Held back: the Server scenario's ratio, 21,028.2 / 21,605.8 = 0.97."""
    offline = system_tokens_per_s("mi300x", **OFFLINE) / system_tokens_per_s("h100-sxm", **OFFLINE)
    assert offline == pytest.approx(23514.8 / 24524.9, rel=0.05)
    server = {"inference.ttft_slo_ms": 2000, "inference.tpot_slo_ms": 200}
    ratio = system_tokens_per_s("mi300x", **server) / system_tokens_per_s("h100-sxm", **server)
    assert ratio == pytest.approx(21028.2 / 21605.8, rel=0.10)


def moe(**changes):
    return demo("moe_assistant").override(changes) if changes else demo("moe_assistant")


def test_moe_trains_on_active_parameters_and_stores_all_of_them():
    r = engine.evaluate(moe())
    assert scalar(r, "training.flops") == pytest.approx(6 * 37e9 * 14.8e12)
    assert scalar(r, "inference.weight_bytes") == pytest.approx(671e9)  # fp8: 1 byte each
    # 671B of weights cannot sit on two H200s, whatever the active size.
    two = engine.evaluate(
        moe(**{"inference.max_replicas": 1})
        .with_profiles({**shipped_profiles()})
        .override({"inference.hardware": "h200-sxm"})
    )
    assert scalar(two, "inference.devices_per_replica") == 8


def test_deepseek_v3_pretraining_hours_against_the_report():
    """DeepSeek-V3 report, Table 1: 2,664K H800 GPU-hours of pre-training (H800 compute =
    H100). Ours uses the bf16 peak at the profile's MFU (fp8 runs at bf16-class hours)."""
    ours = scalar(engine.evaluate(moe()), "training.device_hours")
    assert 0.75 <= ours / 2.664e6 <= 1.15


def test_a_decode_step_reads_only_the_experts_the_batch_touches():
    one = engine.evaluate(moe(**{"inference.batch": 1, "inference.tpot_slo_ms": "none"}))
    many = engine.evaluate(moe(**{"inference.batch": 64, "inference.tpot_slo_ms": "none"}))
    # Expected distinct experts per layer for T tokens: E (1 - (1 - k/E)^T).
    touched = [256 * (1 - (1 - 8 / 256) ** t) for t in (1, 64)]
    assert touched[0] == pytest.approx(8)
    assert touched[1] / 256 > 0.85
    assert scalar(many, "inference.tpot_s") > 2 * scalar(one, "inference.tpot_s")


def test_version_1_files_open_with_their_latency_as_the_end_to_end_target(tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text("schema_version: 1\ninference:\n  latency_slo_ms: 9000\n", encoding="utf-8")
    s = engine.load_scenario(old, shipped_profiles())
    assert s.inference.latency_slo_ms == 9000
    assert s.inference.ttft_slo_ms is None and s.inference.tpot_slo_ms is None
    assert s.inference.slo_service_fraction == 0.5  # version 1's default
    assert s.to_dict()["schema_version"] == 2
    assert s.to_dict()["inference"]["ttft_slo_ms"] == "none"
    silent = tmp_path / "silent.yaml"
    silent.write_text("schema_version: 1\n", encoding="utf-8")
    assert engine.load_scenario(silent, shipped_profiles()).inference.latency_slo_ms == 10000


def test_every_bundled_demo_meets_its_targets():
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        r = engine.evaluate(engine.load_scenario(path, shipped_profiles()))
        assert bool(r.inference.slo_met), path.name
        assert bool(r.inference.fits), path.name
        assert np.isfinite(scalar(r, "lifecycle.horizon_cost_usd")), path.name


# TensorRT-LLM performance overview (docs/source/performance/perf-overview.md, v0.17 table):
# total output tokens/s of FP8 Llama 3.1 at fixed input/output lengths, at full load. Per GPU,
# the best tensor degree. Held back: no profile figure was fitted to these.
TRT_LLM = [
    # model, input, output, hardware, best tokens/s per GPU over the table's TP degrees
    ("70b", 128, 128, "h100-sxm", 3378.03),  # TP1
    ("70b", 2048, 128, "h100-sxm", 772.66 / 2),  # TP2
    ("70b", 128, 128, "h200-sxm", 4020.75),  # TP1
    ("70b", 2048, 128, "h200-sxm", 465.99),  # TP1
    ("70b", 128, 2048, "h200-sxm", 4165.68),  # TP1
    ("70b", 2048, 2048, "h200-sxm", 4183.88 / 2),  # TP2
    ("8b", 128, 128, "h100-sxm", 28836.77),
    ("8b", 128, 2048, "h100-sxm", 21109.38),
    ("8b", 2048, 128, "h100-sxm", 3556.73),
    ("8b", 2048, 2048, "h100-sxm", 9488.42),
]
LLAMA3 = {
    "70b": {"model.params": 70.6e9, "model.layers": 80, "model.hidden_size": 8192},
    "8b": {"model.params": 8.03e9, "model.layers": 32, "model.hidden_size": 4096},
}


@pytest.mark.parametrize("model, prompt, output, hardware, published", TRT_LLM)
def test_throughput_against_tensorrt_llm_tables(model, prompt, output, hardware, published):
    """Short outputs land within 15%; long generations (2,048 tokens at hundreds of
    sequences) come out up to ~1.5x optimistic, as the issue note reports."""
    s = scenario(
        **LLAMA3[model],
        **{
            "model.kv_heads": 8,
            "model.precision": "fp8",
            "model.kv_precision": "fp8",
            "model.prompt_tokens": prompt,
            "model.output_tokens": output,
            "inference.hardware": hardware,
            "inference.max_batch": 4096,
            "inference.peak_to_mean": 1,
            "inference.target_utilization": 1.0,
            **OFFLINE,
        },
    )
    ours = scalar(engine.evaluate(s), "inference.output_tokens_per_s_per_device")
    high = 1.15 if output <= 128 or model == "8b" else 1.6
    assert 0.85 <= ours / published <= high


def test_host_energy_per_accelerator_energy_against_google_2025():
    """Elsworth et al. 2025 (Google): the median Gemini text prompt took 0.24 Wh, of which
    active accelerators 0.14 Wh and host CPU and DRAM 0.06 Wh, a ratio of 0.43. Held back:
    our H100 host power comes from DGX system power (half the non-GPU maximum), not from this
    figure; a busy H100's host draws 288 / 700 = 0.41 of it."""
    r = engine.evaluate(demo("moe_assistant"))
    host = scalar(r, "inference.host_energy_wh_per_query")
    idle = scalar(r, "inference.idle_energy_wh_per_query")
    accelerators = scalar(r, "inference.energy_wh_per_query") - host - idle
    h200 = shipped_profiles()["h200-sxm"]
    assert host / accelerators == pytest.approx(h200.host_w / h200.tdp_w)
    assert host / accelerators == pytest.approx(0.06 / 0.14, rel=0.10)
