"""The sections of a scenario: every assumption as a declared field (default, unit, range,
meaning), and which fields apply to which kind of model. engine/scenario.py builds and
validates scenarios from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .fields import choice, number, text
from .precision import KV_PRECISIONS, PRECISIONS

PRICING_MODES = ("cloud", "reserved_1y", "reserved_3y", "spot", "owned")
"""How devices are paid for; every mode but ``owned`` rents device-hours."""

Num = Any  # float or numpy array


@dataclass(frozen=True)
class ModelSpec:
    """The model being trained and served."""

    kind: str = choice(
        "llm",
        ("llm", "generic"),
        "llm: a decoder transformer generating tokens; generic: one forward "
        "pass per query (vision, recommendation)",
        label="Model kind",
    )
    params: Num = number(
        7e9,
        "Parameter count N (all of them: for a mixture of experts, every expert)",
        "parameters",
        1,
        1e14,
        label="Parameters",
    )
    active_params: Num = number(
        None,
        "Parameters used per token (mixture of experts: shared layers plus the routed "
        "experts); auto = params (a dense model)",
        "parameters",
        1,
        1e14,
        auto=True,
        label="Active parameters",
    )
    experts: Num = number(
        1,
        "Routed experts per MoE layer (1 = dense)",
        "experts",
        1,
        1e5,
        integer=True,
        label="Experts",
    )
    experts_per_token: Num = number(
        1,
        "Routed experts each token uses per MoE layer (top-k)",
        "experts",
        1,
        1e5,
        integer=True,
        label="Experts per token",
    )
    pretraining: str = choice(
        "own",
        ("own", "open_weights"),
        "own: you pre-train the model (a full training run at month 0); open_weights: you start "
        "from published weights, and the first run is a retrain of the chosen method",
        label="Pre-training",
    )
    training_tokens: Num = number(
        2e12, "Training tokens D of one full run (llm)", "tokens", 1, 1e16, label="Training tokens"
    )
    precision: str = choice(
        "bf16",
        PRECISIONS,
        "Serving format of the weights; arithmetic runs in it where the hardware has it "
        "(int4 is weight-only: W4A16 multiplies in 16 bits)",
        label="Weight precision",
    )
    kv_precision: str = choice(
        "auto",
        KV_PRECISIONS,
        "Format of the KV cache; auto follows the weights (16-bit for int4, fp8 for fp4)",
        label="KV-cache precision",
    )
    kv_bytes_per_token: Num = number(
        None,
        "KV-cache bytes per token of context (all layers); auto = 2 x layers x KV heads x "
        "head dim x the cache format's bytes. Set it for compressed caches (MLA)",
        "bytes",
        0,
        1e9,
        auto=True,
        label="KV bytes per token",
    )
    prompt_tokens: Num = number(
        500, "Prompt (input) tokens per query (llm)", "tokens", 0, 1e7, label="Prompt tokens"
    )
    output_tokens: Num = number(
        200, "Generated tokens per query (llm)", "tokens", 1, 1e6, label="Output tokens"
    )
    layers: Num = number(
        None,
        "Transformer layers; auto estimates from the active params (d_model/layers "
        "= 128, N = 12 layers d_model^2, Kaplan et al. 2020)",
        "layers",
        1,
        1e4,
        auto=True,
        label="Layers",
    )
    hidden_size: Num = number(
        None,
        "Model width d_model; auto estimates from params",
        "",
        1,
        1e6,
        auto=True,
        label="Hidden size",
    )
    kv_heads: Num = number(
        None,
        "Key/value heads; auto = 8 (grouped-query attention as in "
        "Llama 3), or d_model/head_dim if smaller",
        "heads",
        1,
        1e4,
        auto=True,
        label="KV heads",
    )
    head_dim: Num = number(128, "Dimension of one attention head", "", 1, 1e4, label="Head dim")
    forward_flops_per_query: Num = number(
        None,
        "Forward-pass compute per query (generic); auto = 2 x params",
        "FLOP",
        0,
        1e20,
        auto=True,
        label="FLOP per query",
    )
    forward_flops_per_sample: Num = number(
        None,
        "Forward-pass compute per training sample (generic); auto = the per-query figure "
        "(differs for e.g. diffusion models: one denoising pass per sample, many per query)",
        "FLOP",
        0,
        1e20,
        auto=True,
        label="FLOP per sample",
    )
    activation_bytes_per_query: Num = number(
        0,
        "Input/activation bytes moved per query besides the weights (generic)",
        "bytes",
        0,
        1e12,
        label="Bytes per query",
    )
    training_samples: Num = number(
        1e6, "Training samples per epoch (generic)", "samples", 1, 1e15, label="Training samples"
    )
    epochs: Num = number(
        1,
        "Passes over the training samples (generic)",
        "epochs",
        0,
        1e5,
        lo_exclusive=True,
        label="Epochs",
    )


@dataclass(frozen=True)
class TrainingSpec:
    """Where and how often the model is (re)trained."""

    hardware: str = text("h100-sxm", "Training hardware profile id", label="Training hardware")
    devices: Num = number(
        256,
        "Devices training in parallel",
        "devices",
        1,
        1e7,
        integer=True,
        label="Training devices",
    )
    mfu: Num = number(
        None,
        "Model-FLOPs utilisation; auto = the profile's measured default",
        "fraction",
        0,
        1,
        lo_exclusive=True,
        auto=True,
        label="MFU",
    )
    precision: str = choice(
        "bf16",
        ("fp32", "bf16", "fp16", "fp8"),
        "Arithmetic precision of training (mixed precision)",
        label="Training precision",
    )
    retrains_per_year: Num = number(
        0,
        "Retraining runs per year (0 = never; 52 = weekly)",
        "1/year",
        0,
        365,
        label="Retrains per year",
    )
    goodput: Num = number(
        0.9,
        "Share of a run's wall-clock time that advances the model (the rest is lost to "
        "failures, restarts and checkpoints); Llama 3 reached over 90% effective training time",
        "fraction",
        0,
        1,
        lo_exclusive=True,
        label="Goodput",
    )
    dev_overhead: Num = number(
        0.5,
        "Compute of development, ablation and failed runs, as a fraction of the final "
        "pre-training run (paid once, with it)",
        "fraction",
        0,
        100,
        label="Development overhead",
    )
    retrain_method: str = choice(
        "full",
        ("full", "fine_tune", "lora"),
        "full: retrain from scratch (retrain fraction of a full run); fine_tune: update every "
        "parameter on the retrain tokens; lora: train low-rank adapters on the retrain tokens "
        "(frozen model: forward and backward, no weight gradients)",
        label="Retrain method",
    )
    retrain_tokens: Num = number(
        1e8,
        "Tokens of one fine-tune or LoRA retrain (llm; samples x epochs for generic models)",
        "tokens",
        1,
        1e16,
        label="Retrain tokens",
    )
    retrain_fraction: Num = number(
        1.0,
        "Compute of one full-method retrain as a fraction of a full run "
        "(1 = from scratch, 0.05 = continued pre-training on fresh data)",
        "fraction",
        0,
        1,
        lo_exclusive=True,
        label="Retrain fraction",
    )


@dataclass(frozen=True)
class InferenceSpec:
    """How the model is served."""

    hardware: str = text("h100-sxm", "Serving hardware profile id", label="Serving hardware")
    queries_per_day: Num = number(
        1e6, "Mean query volume", "queries/day", 0, 1e12, label="Queries per day"
    )
    monthly_growth: Num = number(
        0.0,
        "Growth of the query volume per month over the horizon (0.05 = 5% a month); the "
        "volume knob is month 0",
        "fraction/month",
        -0.5,
        2.0,
        label="Monthly growth",
    )
    peak_to_mean: Num = number(
        2.0, "Peak-hour load over mean load", "x", 1, 1000, label="Peak to mean"
    )
    ttft_slo_ms: Num = number(
        2000,
        "Target for the 99th-percentile time to first token (admission wait + prefill); "
        "none = no target",
        "ms",
        0,
        1e8,
        lo_exclusive=True,
        auto=True,
        none_word="none",
        label="TTFT target",
    )
    tpot_slo_ms: Num = number(
        200,
        "Target for the mean time per output token after the first; none = no target",
        "ms",
        0,
        1e8,
        lo_exclusive=True,
        auto=True,
        none_word="none",
        label="TPOT target",
    )
    latency_slo_ms: Num = number(
        None,
        "Target for the 99th-percentile end-to-end latency (TTFT + the remaining tokens); "
        "none = no target",
        "ms",
        0,
        1e8,
        lo_exclusive=True,
        auto=True,
        none_word="none",
        label="End-to-end target",
    )
    slo_service_fraction: Num = number(
        0.8,
        "Share of the TTFT and end-to-end targets the service itself may use (the rest is "
        "left for the admission wait)",
        "fraction",
        0,
        1,
        lo_exclusive=True,
        label="Target share for service",
    )
    batch: Num = number(
        None,
        "Sequences in flight per replica (continuous batching); auto = the most that fit "
        "memory and meet every target",
        "sequences",
        1,
        65536,
        auto=True,
        label="Concurrency",
    )
    devices_per_replica: Num = number(
        None,
        "Devices one replica is sharded over (its tensor degree: a power of two that divides "
        "the heads); auto = the cheapest shape that meets the targets",
        "devices",
        1,
        65536,
        auto=True,
        integer=True,
        label="Devices per replica",
    )
    max_batch: Num = number(
        256,
        "Upper bound of the automatic concurrency (vLLM's max_num_seqs)",
        "sequences",
        1,
        65536,
        integer=True,
        label="Max concurrency",
    )
    max_batched_tokens: Num = number(
        8192,
        "Tokens one iteration may process, decode and prefill chunks together (vLLM's "
        "max_num_batched_tokens); prompts are prefilled in chunks within it",
        "tokens",
        2,
        1e7,
        integer=True,
        label="Tokens per iteration",
    )
    prefix_cache_hit: Num = number(
        0.0,
        "Fraction of prompt tokens found in the prefix cache (shared system prompt, "
        "multi-turn history): their prefill is skipped",
        "fraction",
        0,
        1,
        label="Prefix-cache hits",
    )
    speculative_tokens: Num = number(
        1.0,
        "Speculative decoding: mean tokens accepted per target-model step (1 = off); the "
        "draft proposes 2 (s - 1) tokens per step, which the target verifies",
        "tokens/step",
        1,
        16,
        label="Tokens per step (speculative)",
    )
    draft_params: Num = number(
        None,
        "Parameters of the speculative draft model; auto = 2% of the active parameters "
        "(Llama 3.2 1B drafting for Llama 3.1 70B is 1.4%)",
        "parameters",
        0,
        1e13,
        auto=True,
        label="Draft parameters",
    )
    service_cv: Num = number(
        0.5,
        "Coefficient of variation of a sequence's service time (0 = all alike, M/D/c; "
        "1 = exponential, M/M/c); sets the admission wait (Allen-Cunneen)",
        "",
        0,
        10,
        label="Service-time variation",
    )
    target_utilization: Num = number(
        0.7,
        "Busy fraction replicas are sized for at peak",
        "fraction",
        0,
        1,
        lo_exclusive=True,
        label="Target utilisation",
    )
    provisioning: str = choice(
        "fixed",
        ("fixed", "autoscaled"),
        "fixed: a fleet sized for the peak runs all year; autoscaled: the fleet follows the load",
        label="Provisioning",
    )
    replicas: Num = number(
        None,
        "Fleet size at the peak; auto = sized for the peak load at the target utilisation",
        "replicas",
        1,
        1e9,
        auto=True,
        integer=True,
        label="Replicas",
    )
    max_replicas: Num = number(
        None,
        "Cap on replicas (a budget); auto = as many as needed. Past it the queue saturates",
        "replicas",
        1,
        1e9,
        auto=True,
        integer=True,
        label="Max replicas",
    )
    min_replicas: Num = number(
        1,
        "Fewest replicas an autoscaled fleet keeps running, whatever the load",
        "replicas",
        0,
        1e6,
        integer=True,
        label="Min replicas",
    )
    cold_start_minutes: Num = number(
        10,
        "Time for a new replica to start serving (autoscaled): the fleet keeps headroom for "
        "the load that arrives meanwhile",
        "minutes",
        0,
        1440,
        label="Cold start",
    )
    usable_memory_fraction: Num = number(
        0.9,
        "Device memory usable for weights and KV cache",
        "fraction",
        0,
        1,
        lo_exclusive=True,
        label="Usable memory",
    )


@dataclass(frozen=True)
class PruningSpec:
    """Pruning applied after each (re)training."""

    ratio: Num = number(
        0.0, "Fraction of weights removed", "fraction", 0, 0.95, label="Pruning ratio"
    )
    structure: str = choice(
        "unstructured",
        ("unstructured", "2:4", "channel"),
        "unstructured: any weights; 2:4: two of every four (50% at most); "
        "channel: whole channels/heads (a smaller dense model)",
        label="Sparsity structure",
    )
    recovery_fraction: Num = number(
        0.01,
        "Compute of the prune-and-recover fine-tune, as a fraction of a full training run",
        "fraction",
        0,
        1,
        label="Recovery compute",
    )


@dataclass(frozen=True)
class QualitySpec:
    """Accuracy and what it is worth."""

    baseline_accuracy: Num = number(
        0.8, "Accuracy of the fresh, unpruned model", "fraction", 0, 1, label="Baseline accuracy"
    )
    pruning_sensitivity: Num = number(
        0.8,
        "How fast accuracy falls with pruning (1 ~ LLaMA-7B under Wanda)",
        "",
        0,
        100,
        label="Pruning sensitivity",
    )
    recovery_gain: Num = number(
        0.5,
        "Share of the pruning loss won back by the recovery fine-tune (when recovery_fraction > 0)",
        "fraction",
        0,
        1,
        label="Recovery gain",
    )
    drift_per_month: Num = number(
        0.005,
        "Accuracy lost per month since the last retrain",
        "fraction/month",
        0,
        1,
        label="Drift per month",
    )
    value_per_point_per_1k_queries: Num = number(
        0.0,
        "What one accuracy point (0.01) is worth per 1,000 queries",
        "USD",
        0,
        1e6,
        label="Value of accuracy",
    )


@dataclass(frozen=True)
class EconomicsSpec:
    """Money, energy and carbon."""

    horizon_months: Num = number(36, "Planning horizon", "months", 1, 600, label="Horizon")
    pricing: str = choice(
        "cloud",
        PRICING_MODES,
        "cloud: rent device-hours on demand; reserved_1y / reserved_3y: committed use at the "
        "profile's discount; spot: preemptible capacity (training loses time to preemptions; "
        "serving with a latency target needs spot_serving); owned: buy the hardware (total "
        "cost of ownership: device, server share, network, hosting, operations, capital)",
        label="Pricing",
    )
    training_usd_per_device_hour: Num = number(
        None,
        "Your price for one training device-hour (cloud); auto = the profile's list price",
        "USD/h",
        0,
        10_000,
        auto=True,
        label="Training price",
    )
    serving_usd_per_device_hour: Num = number(
        None,
        "Your price for one serving device-hour (cloud); auto = the profile's list price",
        "USD/h",
        0,
        10_000,
        auto=True,
        label="Serving price",
    )
    electricity_usd_per_kwh: Num = number(
        0.12, "Electricity price (owned hardware)", "USD/kWh", 0, 100, label="Electricity price"
    )
    hosting_usd_per_kw_month: Num = number(
        200,
        "Data-centre space, power delivery and cooling per kW of IT load per month "
        "(colocation; owned hardware)",
        "USD/kW/month",
        0,
        10_000,
        label="Hosting",
    )
    operations_usd_per_device_year: Num = number(
        1000,
        "Staff, support contracts and spares per device per year (owned hardware)",
        "USD/year",
        0,
        1e6,
        label="Operations",
    )
    cost_of_capital: Num = number(
        0.08,
        "Annual rate on the capital tied up in owned hardware (annuity over its lifetime)",
        "1/year",
        0,
        1,
        label="Cost of capital",
    )
    spot_preemption_overhead: Num = number(
        0.15,
        "Extra training time on spot capacity: work lost since the last checkpoint and "
        "restarts after preemptions",
        "fraction",
        0,
        10,
        label="Spot preemption loss",
    )
    spot_serving: str = choice(
        "refuse",
        ("refuse", "allow"),
        "Serve on spot capacity under a latency target? refuse: spot pricing applies to "
        "training only, serving is on demand; allow: both on spot",
        label="Spot for serving",
    )
    api_usd_per_million_input_tokens: Num = number(
        None,
        "Price of a hosted API for the same task per million input tokens; none = no "
        "build-vs-buy comparison",
        "USD",
        0,
        1e6,
        auto=True,
        none_word="none",
        label="API input price",
    )
    api_usd_per_million_output_tokens: Num = number(
        None,
        "Price of the hosted API per million output tokens (generic models: per million "
        "queries); none = no comparison",
        "USD",
        0,
        1e6,
        auto=True,
        none_word="none",
        label="API output price",
    )
    pue: Num = number(1.2, "Power usage effectiveness of the data centre", "x", 1, 5, label="PUE")
    grid_kgco2_per_kwh: Num = number(
        0.4, "Carbon intensity of the grid", "kgCO2e/kWh", 0, 5, label="Grid carbon"
    )


SECTIONS: dict[str, type] = {
    "model": ModelSpec,
    "training": TrainingSpec,
    "inference": InferenceSpec,
    "pruning": PruningSpec,
    "quality": QualitySpec,
    "economics": EconomicsSpec,
}
HEAD_KEYS = ("schema_version", "name", "description", "sources")
PROFILE_KEYS = ("training.hardware", "inference.hardware")


LLM_ONLY = frozenset(
    {
        "model.active_params",
        "model.experts",
        "model.experts_per_token",
        "model.kv_precision",
        "model.kv_bytes_per_token",
        "model.training_tokens",
        "model.prompt_tokens",
        "model.output_tokens",
        "model.layers",
        "model.hidden_size",
        "model.kv_heads",
        "model.head_dim",
        "inference.ttft_slo_ms",
        "inference.tpot_slo_ms",
        "inference.max_batched_tokens",
        "inference.prefix_cache_hit",
        "inference.speculative_tokens",
        "inference.draft_params",
        "economics.api_usd_per_million_input_tokens",
    }
)
"""Fields only a decoder transformer (``model.kind: llm``) uses."""
GENERIC_ONLY = frozenset(
    {
        "model.forward_flops_per_query",
        "model.forward_flops_per_sample",
        "model.activation_bytes_per_query",
        "model.training_samples",
        "model.epochs",
    }
)
"""Fields only a one-pass model (``model.kind: generic``) uses."""


def field_applies(dotted: str, kind: str) -> bool:
    """Whether field ``section.key`` means anything for a model of ``kind``: the panel shows
    only these, a new file holds only these, the report lists only these."""
    if dotted in LLM_ONLY:
        return kind == "llm"
    if dotted in GENERIC_ONLY:
        return kind == "generic"
    return True
