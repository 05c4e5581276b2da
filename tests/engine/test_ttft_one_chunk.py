"""The prefill time skips the full-chunk lines where every prompt fits one chunk (on every
demo's grid it does) and gives what the two-branch formula gives, shape included."""

import numpy as np
import pytest

from tests.helpers import demo
from whatif.engine import iteration as it
from whatif.engine.inference import make_replica


def _moe_workload(prompt):
    def a(x):
        return np.asarray(x, dtype=float)

    return it.Workload(
        prefill_tokens=a(prompt),
        prefill_context=a(prompt / 2),
        decode_context=a(prompt + 200.0),
        output_tokens=a(400.0),
        token_flops=a(2 * 13e9),
        attention_flops=a(2 * 32 * 4096),
        dense_bytes=a(6e9),
        expert_bytes=a(5e9),
        experts=a(8.0),
        experts_per_token=a(2.0),
        kv_bytes=a(131072.0),
        query_bytes=a(0.0),
        allreduce_bytes=a(2 * 32 * 4096 * 2.0),
        alltoall_bytes=a(4 * 32 * 4096 * 2.0),
        collectives=a(4 * 32.0),
        weight_bytes=a(46e9),
        speculative=a(1.0),
        draft_flops=a(0.0),
        draft_bytes=a(0.0),
        flops_per_query=a(1e13),
    )


@pytest.mark.parametrize(
    "prompt, budget, concurrency",
    [
        # 3 x 2,000 points: large enough for the path that skips the full-chunk lines
        (1000.0, 8192.0, np.linspace(1.0, 64.0, 2000)),  # one chunk everywhere
        (1000.0, 2048.0, np.linspace(1.0, 2000.0, 2000)),  # full chunks past B = 1048
    ],
)
def test_prefill_time_is_the_two_branch_formula(prompt, budget, concurrency):
    profile = demo("moe_assistant").inference_profile
    degrees = np.array([1.0, 2.0, 4.0])[:, None]
    r = make_replica(profile, 0.9, profile.peak_flops("bf16"), degrees)
    w = _moe_workload(prompt)
    lines = it.prefill_lines(w, r, budget)
    got = it.ttft_service(w, r, concurrency, budget, lines)

    small, full = lines
    chunks = w.prefill_tokens / np.maximum(budget - w.verified * concurrency, 1e-9)
    expected = np.where(
        chunks <= 1.0,
        it.evaluate_lines(small, concurrency),
        chunks * it.evaluate_lines(full, concurrency),
    )
    assert got.shape == expected.shape == (3, concurrency.size)
    assert np.array_equal(got, expected)
    assert got.flags.writeable
    assert np.all(np.diff(got, axis=1) > 0)  # more sequences decoding, slower prefill


def test_a_prompt_no_replica_can_hold_is_flagged_without_an_overflow_warning():
    """8.4 M prompt tokens on the MoE demo: found by a review's fuzzing; the TTFT bound
    divided by a tiny expert term in a lane it then discarded (warnings are errors here)."""
    from whatif import engine

    r = engine.evaluate(demo("moe_assistant").override({"model.prompt_tokens": 8442751.0}))
    assert not r.inference.fits and not r.inference.slo_feasible
    assert r.inference.batch == 1.0 and np.isfinite(r.inference.ttft_p99_s)
