"""Size the model: for a target quality and the expected inference demand, the parameter
count N and training tokens D that minimise lifetime compute and lifetime cost.

Quality is the Chinchilla loss fit ``L(N, D) = E + A / N^alpha + B / D^beta`` (Hoffmann et
al. 2022, Approach 3: E = 1.69, A = 406.4, B = 410.7, alpha = 0.34, beta = 0.28). Holding
L fixed gives D(N); lifetime compute is training ``6 N D`` plus inference ``2 N`` per token
served over the horizon (Sardana et al. 2024, "Beyond Chinchilla-Optimal: Accounting for
Inference in Language Model Scaling Laws"). Heavy inference favours smaller models trained on
more tokens; with no inference the optimum is the Chinchilla compute-optimal point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .evaluate import evaluate
from .scenario import Scenario

E, A, B, ALPHA, BETA = 1.69, 406.4, 410.7, 0.34, 0.28
N_GRID = np.geomspace(1e8, 1e13, 241)
"""Parameter counts tried [parameters]."""
MAX_TOKENS = 1e16


def chinchilla_loss(params, tokens):
    """Predicted pre-training loss [nats/token] of ``params`` trained on ``tokens``."""
    return E + A / np.power(params, ALPHA) + B / np.power(tokens, BETA)


def tokens_for_loss(params, loss):
    """Training tokens that bring a model of ``params`` to ``loss`` (inf if it cannot)."""
    n = np.asarray(params, dtype=float)
    room = loss - E - A / np.power(n, ALPHA)
    safe = np.where(room > 0, room, 1.0)
    return np.where(room > 0, np.power(B / safe, 1.0 / BETA), np.inf)


@dataclass(frozen=True)
class Sizing:
    """The sizing curves over N_GRID and the optimal points (see module docstring)."""

    target_loss: float
    inference_tokens: float
    params: np.ndarray
    tokens: np.ndarray
    lifetime_flops: np.ndarray
    lifetime_cost_usd: np.ndarray
    chinchilla_index: int
    compute_optimal_index: int
    cost_optimal_index: int

    def point(self, index: int) -> dict:
        return {
            "params": float(self.params[index]),
            "training_tokens": float(self.tokens[index]),
            "tokens_per_param": float(self.tokens[index] / self.params[index]),
            "lifetime_flops": float(self.lifetime_flops[index]),
            "lifetime_cost_usd": float(self.lifetime_cost_usd[index]),
        }

    def to_dict(self) -> dict:
        return {
            "target_loss": self.target_loss,
            "inference_tokens": self.inference_tokens,
            "chinchilla_optimal": self.point(self.chinchilla_index),
            "lifetime_compute_optimal": self.point(self.compute_optimal_index),
            "lifetime_cost_optimal": self.point(self.cost_optimal_index),
        }


def size_model(scenario: Scenario, target_loss: float | None = None) -> Sizing:
    """Size an LLM for ``scenario``'s demand at ``target_loss`` (default: the loss of the
    scenario's own N and D). Costs come from ``evaluate`` with the scenario's hardware,
    prices and traffic, over every candidate N at once (architecture estimated from N)."""
    if scenario.shape != ():
        raise ValueError("size_model takes a scalar scenario")
    m = scenario.model
    loss = (
        float(chinchilla_loss(m.params, m.training_tokens))
        if target_loss is None
        else float(target_loss)
    )
    months = float(scenario.economics.horizon_months)
    per_query = float(m.prompt_tokens) + float(m.output_tokens)
    inference_tokens = float(scenario.inference.queries_per_day) * per_query * months * 30.4375
    tokens = tokens_for_loss(N_GRID, loss)
    feasible = np.isfinite(tokens) & (tokens <= MAX_TOKENS)
    training = 6.0 * N_GRID * tokens
    flops = np.where(feasible, training + 2.0 * N_GRID * inference_tokens, np.inf)
    cost = np.full(N_GRID.shape, np.inf)
    if feasible.any():
        trial = scenario.override(
            {
                "model.kind": "llm",
                "model.params": N_GRID[feasible],
                "model.training_tokens": tokens[feasible],
                "model.layers": "auto",
                "model.hidden_size": "auto",
                "model.kv_heads": "auto",
            }
        )
        r = evaluate(trial)
        ok = r.inference.fits & ~r.inference.saturated
        cost[feasible] = np.where(ok, r.lifecycle.horizon_cost_usd, np.inf)
    chinchilla = np.where(feasible, training, np.inf)
    return Sizing(
        target_loss=loss,
        inference_tokens=inference_tokens,
        params=N_GRID,
        tokens=np.where(feasible, tokens, np.nan),
        lifetime_flops=flops,
        lifetime_cost_usd=cost,
        chinchilla_index=int(np.argmin(chinchilla)),
        compute_optimal_index=int(np.argmin(flops)),
        cost_optimal_index=int(np.argmin(cost)),
    )
