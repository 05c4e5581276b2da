"""Model sizing: the Chinchilla fit inverted, and the inference-aware optimum of Sardana et
al. 2024 tending to the Chinchilla-optimal point as inference demand goes to zero."""

import json

import numpy as np
import pytest

from tests.helpers import SCENARIO_DIR, demo
from whatif.engine.sizing import N_GRID, chinchilla_loss, size_model, tokens_for_loss
from whatif.gui.cli import main


def test_tokens_for_loss_inverts_the_fit():
    tokens = tokens_for_loss(N_GRID, 2.1)
    ok = np.isfinite(tokens)
    np.testing.assert_allclose(chinchilla_loss(N_GRID[ok], tokens[ok]), 2.1, rtol=1e-12)
    assert not ok[0]  # 1e8 parameters cannot reach loss 2.1 on any data
    # Hoffmann et al. 2022 (Approach 3) fit: Chinchilla (70B, 1.4T tokens) ~ 1.94 nats
    assert chinchilla_loss(70e9, 1.4e12) == pytest.approx(1.94, abs=0.01)


def test_without_inference_the_optimum_is_chinchilla_optimal():
    z = size_model(demo().override({"inference.queries_per_day": 0}))
    assert z.compute_optimal_index == z.chinchilla_index


def test_more_inference_means_a_smaller_model_trained_longer():
    light = size_model(demo().override({"inference.queries_per_day": 1e4}))
    heavy = size_model(demo().override({"inference.queries_per_day": 1e8}))
    a, b = light.point(light.compute_optimal_index), heavy.point(heavy.compute_optimal_index)
    assert b["params"] < a["params"]
    assert b["tokens_per_param"] > a["tokens_per_param"]
    assert (
        heavy.point(heavy.cost_optimal_index)["params"]
        < heavy.point(heavy.chinchilla_index)["params"]
    )


def test_lifetime_compute_by_hand_at_the_optimum():
    s = demo()
    z = size_model(s)
    i = z.compute_optimal_index
    served = 500000 * (800 + 250) * 36 * 30.4375
    assert z.inference_tokens == pytest.approx(served)
    n, d = z.params[i], z.tokens[i]
    assert z.lifetime_flops[i] == pytest.approx(6 * n * d + 2 * n * served)


def test_cli_writes_json(capsys):
    assert main(["size", str(SCENARIO_DIR / "chatbot.yaml"), "--target-loss", "2.1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["target_loss"] == 2.1
    assert data["lifetime_cost_optimal"]["params"] > 0
