"""Transformer shape estimates for the KV cache when a scenario leaves them out.

Kaplan et al. 2020: non-embedding parameters N ~ 12 n_layer d_model^2; production models
keep d_model / n_layer near 128 (Llama 2 7B: 4096/32; 13B: 5120/40; GPT-3: 12288/96).
Grouped-query attention (Ainslie et al. 2023) with 8 KV heads is the Llama 3 default.
"""

from __future__ import annotations

import numpy as np

ASPECT_RATIO = 128.0
"""d_model / n_layer of typical decoder transformers."""

DEFAULT_KV_HEADS = 8.0


def transformer_shape(params, layers=None, hidden_size=None, kv_heads=None, head_dim=128.0):
    """(layers, hidden_size, kv_heads) with estimates for whichever are None.

    Given neither: ``d = (N * 128 / 12)^(1/3)``, ``L = d / 128``. Given one: the other from
    ``N = 12 L d^2``. KV heads: 8, or ``d / head_dim`` if that is smaller (small models
    without grouped-query attention).
    """
    n = np.asarray(params, dtype=float)
    if hidden_size is None and layers is None:
        hidden_size = np.cbrt(n * ASPECT_RATIO / 12.0)
        layers = hidden_size / ASPECT_RATIO
    elif hidden_size is None:
        hidden_size = np.sqrt(n / (12.0 * np.asarray(layers, dtype=float)))
    elif layers is None:
        layers = n / (12.0 * np.square(np.asarray(hidden_size, dtype=float)))
    layers = np.maximum(np.asarray(layers, dtype=float), 1.0)
    if kv_heads is None:
        kv_heads = np.maximum(np.minimum(DEFAULT_KV_HEADS, hidden_size / head_dim), 1.0)
    return layers, np.asarray(hidden_size, dtype=float), np.asarray(kv_heads, dtype=float)


SHAPE_TOLERANCE = 2.0
"""How far ``12 L d^2`` may stray from the active parameters (either way) before the shape
is called a mismatch: real decoders sit within about 10% (embeddings aside)."""


def shape_params(layers, hidden_size):
    """Non-embedding parameters of a decoder of that shape, ``12 L d^2`` (Kaplan et al.)."""
    return 12.0 * np.asarray(layers, dtype=float) * np.square(np.asarray(hidden_size, dtype=float))


def shape_mismatch(params, layers=None, hidden_size=None) -> float | None:
    """``12 L d^2 / params`` when a set layer count and hidden size describe a model more than
    SHAPE_TOLERANCE times larger or smaller than ``params`` (scalar inputs); else None."""
    if layers is None or hidden_size is None:
        return None
    ratio = float(shape_params(layers, hidden_size)) / float(params)
    return ratio if not 1.0 / SHAPE_TOLERANCE <= ratio <= SHAPE_TOLERANCE else None
