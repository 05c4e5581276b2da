"""Numeric formats: bytes per value and which compute rate a format runs at."""

from __future__ import annotations

PRECISIONS = ("fp32", "bf16", "fp16", "fp8", "int8", "int4", "fp4")

BYTES_PER_PARAM = {
    "fp32": 4.0,
    "bf16": 2.0,
    "fp16": 2.0,
    "fp8": 1.0,
    "int8": 1.0,
    "int4": 0.5,
    "fp4": 0.5,
}
"""Storage of one weight [bytes]."""

KV_BYTES = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0, "fp8": 1.0, "int8": 1.0, "int4": 2.0, "fp4": 1.0}
"""Storage of one KV-cache value when the cache follows the weights' format [bytes]:
weight-only int4 (GPTQ, AWQ) keeps a 16-bit cache; fp4 weights (NVFP4 on Blackwell) are
served with an fp8 cache, as TensorRT-LLM's FP4 recipes do. ``model.kv_precision`` sets the
cache's own format instead (:data:`KV_PRECISIONS`)."""

KV_PRECISIONS = ("auto", "fp32", "bf16", "fp16", "fp8", "int8", "int4", "fp4")
"""Formats of the KV cache; ``auto`` follows the weights (:data:`KV_BYTES`)."""


def kv_bytes(kv_precision: str, weight_precision: str) -> float:
    """Bytes of one KV-cache value for ``kv_precision`` (``auto``: from the weights)."""
    if kv_precision == "auto":
        return KV_BYTES[weight_precision]
    return BYTES_PER_PARAM[kv_precision]


COMPUTE_FALLBACK = {
    "fp32": ("fp32",),
    "bf16": ("bf16", "fp32"),
    "fp16": ("fp16", "fp32"),
    "fp8": ("fp8", "bf16", "fp16", "fp32"),
    "int8": ("int8", "fp16", "bf16", "fp32"),
    "int4": ("fp16", "bf16", "fp32"),
    "fp4": ("fp4", "fp8", "bf16", "fp16", "fp32"),
}
"""int4 is weight-only quantisation (GPTQ, AWQ): the weights are dequantised and multiplied in
16 bits, so it shrinks memory traffic, not arithmetic time. int8 and fp8 are W8A8 (as in
SmoothQuant and FP8 serving) and run at the tensor-core rate of that format; fp4 (NVFP4,
MXFP4) runs at the fp4 rate where the device has one (Blackwell) and widens to fp8 elsewhere.
Where hardware lacks a format's native rate, values are widened (weight-only
quantisation): memory traffic keeps the narrow format, arithmetic runs at the first
listed format that the device has. Never narrower than asked, so accuracy never
silently changes."""


def compute_format(peak_tflops: dict[str, float], precision: str) -> str:
    """The format whose peak rate applies when running ``precision`` on this device."""
    for fmt in COMPUTE_FALLBACK[precision]:
        if fmt in peak_tflops:
            return fmt
    return "fp32"
