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

from .architecture import transformer_shape
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
    """The sizing curves over N_GRID and the optimal points (see module docstring).

    ``current_*`` is the scenario's own model (its N, D and shape), evaluated in the same
    ``evaluate`` call as the grid, so its cost is the main window's lifetime cost.
    """

    target_loss: float
    inference_tokens: float
    params: np.ndarray
    tokens: np.ndarray
    lifetime_flops: np.ndarray
    lifetime_cost_usd: np.ndarray
    chinchilla_index: int
    compute_optimal_index: int
    cost_optimal_index: int
    current_params: float = float("nan")
    current_tokens: float = float("nan")
    current_loss: float = float("nan")
    current_cost_usd: float = float("nan")
    refusal: str | None = None
    """Why no model reaches the target loss (None when some does)."""

    @property
    def feasible(self) -> bool:
        return self.refusal is None

    def point(self, index: int) -> dict:
        return {
            "params": float(self.params[index]),
            "training_tokens": float(self.tokens[index]),
            "tokens_per_param": float(self.tokens[index] / self.params[index]),
            "lifetime_flops": float(self.lifetime_flops[index]),
            "lifetime_cost_usd": float(self.lifetime_cost_usd[index]),
        }

    def changes(self, index: int) -> dict:
        """The scenario changes that adopt the model at ``index``: its N and D, and a shape
        derived from N (the old layers and width belonged to another size)."""
        return {
            "model.params": float(self.params[index]),
            "model.training_tokens": float(self.tokens[index]),
            "model.layers": "auto",
            "model.hidden_size": "auto",
            "model.kv_heads": "auto",
        }

    def to_dict(self) -> dict:
        if not self.feasible:
            return {"target_loss": self.target_loss, "refused": self.refusal}
        return {
            "target_loss": self.target_loss,
            "inference_tokens": self.inference_tokens,
            "chinchilla_optimal": self.point(self.chinchilla_index),
            "lifetime_compute_optimal": self.point(self.compute_optimal_index),
            "lifetime_cost_optimal": self.point(self.cost_optimal_index),
            "current": {
                "params": self.current_params,
                "training_tokens": self.current_tokens,
                "loss": self.current_loss,
                "lifetime_cost_usd": self.current_cost_usd,
            },
        }


def size_model(scenario: Scenario, target_loss: float | None = None) -> Sizing:
    """Size an LLM for ``scenario``'s demand at ``target_loss`` (default: the loss of the
    scenario's own N and D). Costs come from ONE ``evaluate`` with the scenario's hardware,
    prices and traffic over every candidate N (shape estimated from N, written out so that
    the scenario's own model, with its own shape, rides in the same call). The window's
    dialog and ``whatif size`` both call this."""
    if scenario.shape != ():
        raise ValueError("size_model takes a scalar scenario")
    m = scenario.model
    own_loss = float(chinchilla_loss(m.params, m.training_tokens))
    loss = own_loss if target_loss is None else float(target_loss)
    months = float(scenario.economics.horizon_months)
    per_query = float(m.prompt_tokens) + float(m.output_tokens)
    inference_tokens = float(scenario.inference.queries_per_day) * per_query * months * 30.4375
    tokens = tokens_for_loss(N_GRID, loss)
    feasible = np.isfinite(tokens) & (tokens <= MAX_TOKENS)
    training = 6.0 * N_GRID * tokens
    flops = np.where(feasible, training + 2.0 * N_GRID * inference_tokens, np.inf)
    cost = np.full(N_GRID.shape, np.inf)
    n = N_GRID[feasible]
    layers, hidden, kv = transformer_shape(n, head_dim=float(m.head_dim))
    own_active = m.params if m.active_params is None else m.active_params
    own = transformer_shape(own_active, m.layers, m.hidden_size, m.kv_heads, float(m.head_dim))
    trial = scenario.override(
        {
            "model.kind": "llm",
            "model.params": np.append(n, float(m.params)),
            "model.training_tokens": np.append(tokens[feasible], float(m.training_tokens)),
            "model.layers": np.append(layers, float(own[0])),
            "model.hidden_size": np.append(hidden, float(own[1])),
            "model.kv_heads": np.append(kv, float(own[2])),
        }
    )
    r = evaluate(trial)
    ok = r.inference.fits & ~r.inference.saturated
    total = np.where(ok, r.lifecycle.horizon_cost_usd, np.inf)
    cost[feasible] = total[:-1]
    chinchilla = np.where(feasible, training, np.inf)
    refusal = None
    if not feasible.any():
        refusal = (
            f"No model of {N_GRID[0]:.0e} to {N_GRID[-1]:.0e} parameters reaches loss {loss:.3f} "
            f"on up to {MAX_TOKENS:.0e} training tokens: the Chinchilla fit never goes below "
            f"{E} (its irreducible loss) and needs ever more parameters and tokens near it"
        )
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
        current_params=float(m.params),
        current_tokens=float(m.training_tokens),
        current_loss=own_loss,
        current_cost_usd=float(r.lifecycle.horizon_cost_usd[-1]),
        refusal=refusal,
    )
