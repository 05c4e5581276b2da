"""What pruning really buys on given hardware, and what it costs in accuracy.

Sources: Mishra et al. 2021, "Accelerating Sparse Deep Neural Networks" (2:4 on Ampere:
the compressed format keeps 2 of every 4 values plus 2-bit indices; measured GEMM speed-ups
~1.3-1.6x, not the theoretical 2x); Frantar & Alistarh 2023 (SparseGPT) and Sun et al. 2023
(Wanda, Table 2: LLaMA-7B mean zero-shot accuracy 59.99 dense, 54.21 at 50% unstructured,
48.53 at 2:4); Ma et al. 2023 (LLM-Pruner: structured/channel pruning of 20% of LLaMA-7B
loses ~6% of mean accuracy before recovery, about half of it won back by LoRA recovery).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TWO_FOUR_RATIO = 0.5
"""2:4 sparsity removes exactly half of the weights of each layer it is applied to."""

BITMASK_BYTES_PER_WEIGHT = 1 / 8
"""Index overhead of a bitmask sparse format: one bit per original weight [bytes]."""

TWO_FOUR_INDEX_BYTES_PER_WEIGHT = 0.5 * 2 / 8
"""2:4 metadata: a 2-bit index for each kept value, half of the weights [bytes/weight]."""

STRUCTURE_SENSITIVITY = {"unstructured": 1.0, "2:4": 2.1, "channel": 9.0}
"""Accuracy sensitivity of each structure relative to unstructured pruning, calibrated on
LLaMA-7B: Wanda 2:4 loses 2.1x the log-accuracy of 50% unstructured (Sun et al. 2023,
Table 2); LLM-Pruner loses about 9x as much per cubed ratio at 20% (Ma et al. 2023)."""

ACCURACY_EXPONENT = 3.0
"""Accuracy falls as exp(-s * r^3): flat for light pruning, steep past a knee (r ~ 0.5-0.7
for LLMs), matching the shape of the Wanda/SparseGPT sparsity sweeps."""


@dataclass(frozen=True)
class PruningEffect:
    """Factors relative to the dense model (all arrays broadcast with the inputs)."""

    effective_ratio: np.ndarray
    """Fraction of weights actually removed (2:4 caps at 0.5) [fraction]."""
    weight_bytes_factor: np.ndarray
    """Stored/streamed weight bytes relative to dense [fraction]."""
    compute_factor: np.ndarray
    """Time of compute-bound work relative to dense [fraction]."""
    kv_factor: np.ndarray
    """KV-cache size relative to dense [fraction]."""
    structure_sensitivity: float
    """Accuracy sensitivity multiplier of the structure [-]."""


def pruning_effect(
    ratio, structure: str, unstructured_realised, two_four_speedup, bytes_per_param: float
) -> PruningEffect:
    """How pruning ``ratio`` [fraction] with ``structure`` changes bytes and compute.

    ``unstructured_realised`` [0-1] is the share of the ideal unstructured saving the
    hardware realises (0 on GPUs: dense kernels store and multiply the zeros);
    ``two_four_speedup`` [x] is the realised 2:4 matmul speed-up (1 = unsupported).
    Sparse storage is only used where it is smaller than dense.
    """
    r = np.asarray(ratio, dtype=float)
    e_u = np.asarray(unstructured_realised, dtype=float)
    s24 = np.asarray(two_four_speedup, dtype=float)
    one = np.ones_like(r)
    if structure == "unstructured":
        sparse_bytes = (1 - r) + BITMASK_BYTES_PER_WEIGHT / bytes_per_param
        wfac = np.where(e_u > 0, np.minimum(1.0, sparse_bytes), 1.0)
        return PruningEffect(
            r,
            compact(wfac * one),
            compact(1 - r * e_u),
            compact(one),
            STRUCTURE_SENSITIVITY[structure],
        )
    if structure == "2:4":
        r_eff = np.minimum(r, TWO_FOUR_RATIO)
        share = r_eff / TWO_FOUR_RATIO  # fraction of layers in 2:4 form
        packed = 0.5 + TWO_FOUR_INDEX_BYTES_PER_WEIGHT / bytes_per_param
        wfac = np.where(s24 > 1, 1 - share + share * np.minimum(1.0, packed), 1.0)
        cfac = 1 - share + share / s24
        return PruningEffect(
            r_eff,
            compact(wfac * one),
            compact(cfac * one),
            compact(one),
            STRUCTURE_SENSITIVITY[structure],
        )
    if structure == "channel":
        return PruningEffect(r, 1 - r, 1 - r, 1 - r, STRUCTURE_SENSITIVITY[structure])
    raise ValueError(f"unknown sparsity structure {structure!r}")


def compact(x):
    """``x`` with every axis along which all its values are the same (bit for bit) cut to
    length one: a view that still broadcasts with the inputs. Pruning that the hardware
    does not turn into speed (unstructured on GPUs, 2:4 without sparse kernels) leaves the
    serving factors the same at every ratio, and the fleet then works out each distinct
    serving case once instead of at every point of a grid over the ratio."""
    x = np.asarray(x)
    for axis, n in enumerate(x.shape):
        if n > 1:
            bits = x.view(np.uint64) if x.dtype == np.float64 else x
            first = bits[(slice(None),) * axis + (slice(0, 1),)]
            if np.array_equal(bits, np.broadcast_to(first, bits.shape)):
                x = x[(slice(None),) * axis + (slice(0, 1),)]
    return x
