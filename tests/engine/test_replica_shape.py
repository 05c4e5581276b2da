"""inference.devices_per_replica: a fixed tensor degree (auto keeps the cheapest shape)."""

import numpy as np
import pytest

from tests.helpers import scenario
from whatif import engine

LLAMA_70B = {"model.params": 70e9, "model.precision": "fp8", "inference.batch": 16}


def test_a_fixed_shape_is_used_and_auto_is_unchanged():
    auto = engine.evaluate(scenario(**LLAMA_70B))
    assert auto.inference.devices_per_replica == 1  # the cheapest shape, as before
    four = engine.evaluate(scenario(**LLAMA_70B, **{"inference.devices_per_replica": 4}))
    assert four.inference.devices_per_replica == 4
    assert four.inference.tpot_s < auto.inference.tpot_s  # more bandwidth per sequence


def test_shapes_broadcast_like_every_field():
    shapes = np.array([2, 4, 8])
    many = engine.evaluate(scenario(**LLAMA_70B, **{"inference.devices_per_replica": shapes}))
    for i, k in enumerate(shapes):
        one = engine.evaluate(scenario(**LLAMA_70B, **{"inference.devices_per_replica": int(k)}))
        assert many.inference.tpot_s[i] == pytest.approx(float(one.inference.tpot_s))
    assert list(many.inference.devices_per_replica) == [2, 4, 8]


def test_a_shape_the_profile_does_not_offer_is_flagged():
    r = engine.evaluate(scenario(**LLAMA_70B, **{"inference.devices_per_replica": 16}))
    assert not bool(r.inference.slo_feasible)
