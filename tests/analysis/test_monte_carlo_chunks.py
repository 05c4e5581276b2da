"""Monte Carlo at any size: chunked runs give the very same answer as one block, percentiles
of the monthly timeline hold their stated error bound, and P(serving overtakes training)
matches a case worked out by hand."""

import numpy as np
import pytest

from tests.helpers import demo
from whatif import engine
from whatif.engine.distributions import Distribution
from whatif.engine.lifecycle import cumulative_costs
from whatif.engine.log_quantiles import RELATIVE_STEP
from whatif.engine.sweeps import grown_serving_curve
from whatif.engine.uncertainty import CancelledError, monte_carlo


def test_same_seed_same_answer_however_the_samples_are_chunked():
    s = demo()
    whole = monte_carlo(s, samples=5000, chunk=5000)
    for chunk in (1000, 777):
        parts = monte_carlo(s, samples=5000, chunk=chunk)
        assert parts.bands == whole.bands  # exact percentiles, not approximately
        assert parts.p_overtake == whole.p_overtake
        for a, b in zip(parts.timeline, whole.timeline, strict=True):
            np.testing.assert_array_equal(a, b)
        for key in whole.outputs:
            np.testing.assert_array_equal(parts.outputs[key], whole.outputs[key])
        for key in whole.inputs:
            np.testing.assert_array_equal(parts.inputs[key], whole.inputs[key])
        for key, (edges, counts) in whole.histograms.items():
            np.testing.assert_array_equal(parts.histograms[key][0], edges)
            np.testing.assert_array_equal(parts.histograms[key][1], counts)
    assert monte_carlo(s, samples=5000, seed=7).bands != whole.bands


def test_adding_an_input_leaves_the_other_inputs_draws_alone():
    s = demo()
    base = monte_carlo(s, samples=300)
    more = monte_carlo(s, ranges={**base.ranges, "model.output_tokens": (0.5, 2.0)}, samples=300)
    np.testing.assert_array_equal(base.inputs["training.mfu"], more.inputs["training.mfu"])


def test_timeline_percentiles_are_within_the_stated_bound_of_the_exact_ones():
    s = demo("image_generator")
    mc = monte_carlo(s, samples=3000, chunk=1000)
    # The exact monthly percentiles, from every sample's curve kept (small run only).
    trial = s.override(mc.inputs)
    r = engine.evaluate(trial)
    training, _ = cumulative_costs(
        mc.months[None, :],
        np.broadcast_to(r.lifecycle.initial_training_cost_usd, (3000,))[:, None],
        np.broadcast_to(r.training.cost_per_retrain_usd, (3000,))[:, None],
        np.broadcast_to(r.quality.retrain_interval_months, (3000,))[:, None],
        np.broadcast_to(r.lifecycle.retrains_in_horizon, (3000,))[:, None],
        np.broadcast_to(r.inference.yearly_cost_usd, (3000,))[:, None] / 12.0,
    )
    assert np.ptp(mc.inputs["inference.monthly_growth"]) > 0  # growing curves too
    total = training + grown_serving_curve(trial, r, mc.months)
    for p, approx in zip((10, 50, 90), mc.timeline, strict=True):
        exact = np.percentile(total, p, axis=0, method="inverted_cdf")
        np.testing.assert_allclose(approx, exact, rtol=RELATIVE_STEP / 2 * 1.0001)


def test_probability_that_serving_overtakes_training_matches_the_hand_worked_case():
    """No retraining and no growth: training is the one-off cost I, serving accrues at the
    monthly cost m, proportional to the serving price p. Serving overtakes training within
    the horizon H exactly when m H >= I, i.e. when p >= p* = p0 I / (m0 H). A price drawn
    uniformly on [p*/2, 3p*/2] crosses in half the draws; on [p*/2, p*] in none."""
    s = demo("image_generator").override(
        {"training.retrains_per_year": 0, "inference.monthly_growth": 0}
    )
    key = "economics.serving_usd_per_device_hour"
    p0 = s.resolved(key)
    r = engine.evaluate(s.override({key: np.array([p0, 2 * p0])}))
    yearly = r.inference.yearly_cost_usd
    assert yearly[1] == pytest.approx(2 * yearly[0])  # serving cost is proportional to p
    initial = float(r.lifecycle.initial_training_cost_usd[0])
    horizon = float(s.economics.horizon_months)
    threshold = p0 * initial / (yearly[0] / 12.0 * horizon)
    half = monte_carlo(
        s, ranges={key: Distribution("uniform", (threshold / 2, 1.5 * threshold))}, samples=20000
    )
    assert half.p_overtake == pytest.approx(0.5, abs=0.015)  # 4 binomial sd at n=20,000
    prices = half.inputs[key]
    crossed = np.isfinite(half.outputs["lifecycle.crossover_month"])
    assert np.all(crossed[prices > threshold * 1.0001])
    assert not np.any(crossed[prices < threshold * 0.9999])
    never = monte_carlo(
        s, ranges={key: Distribution("uniform", (threshold / 2, 0.99 * threshold))}, samples=500
    )
    assert never.p_overtake == 0.0
    assert never.to_dict()["p_serving_overtakes_training"] == 0.0


def test_histograms_count_every_finite_sample_on_fixed_bins():
    mc = monte_carlo(demo("image_generator"), samples=4000, chunk=1500)
    for key in ("lifecycle.horizon_cost_usd", "inference.cost_per_1k_queries_usd"):
        edges, counts = mc.histograms[key]
        assert counts.sum() == 4000 and len(edges) == len(counts) + 1
        values = mc.outputs[key]
        assert edges[0] == values.min() and edges[-1] == values.max()
    edges, counts = mc.histograms["lifecycle.crossover_month"]
    assert counts.sum() == round(mc.p_overtake * 4000)  # never-crossing samples left out


def test_progress_is_reported_after_each_chunk_and_can_stop_the_run():
    seen = []
    monte_carlo(demo(), samples=2500, chunk=1000, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]

    def stop(done, total):
        seen.append(done)
        raise CancelledError

    seen.clear()
    with pytest.raises(CancelledError):
        monte_carlo(demo(), samples=100_000, chunk=1000, progress=stop)
    assert seen == [1000]  # stopped after the first chunk, not at the end
