"""Distributions on any numeric input: each kind draws what it says (moments, mode, bounds,
truncation), refuses impossible parameters with one line, and reads the --range text."""

import numpy as np
import pytest

from tests.helpers import demo
from whatif.engine.distributions import Distribution, parse_distribution
from whatif.engine.scenario import spec_for
from whatif.engine.uncertainty import monte_carlo

N = 200_000


def draws(dist, key="training.mfu", base=0.4):
    u = np.random.default_rng(1).random(N)
    return dist.sample(u, base, spec_for(key))


def test_triangular_has_its_mean_and_its_mode():
    x = draws(Distribution("triangular", (0.2, 0.3, 0.6)))
    assert x.min() >= 0.2 and x.max() <= 0.6
    assert x.mean() == pytest.approx((0.2 + 0.3 + 0.6) / 3, abs=2e-3)
    counts, edges = np.histogram(x, bins=40, range=(0.2, 0.6))
    peak = edges[np.argmax(counts)]
    assert peak == pytest.approx(0.3, abs=0.011)  # the most likely value is the mode


def test_uniform_and_loguniform_spread_as_they_should():
    x = draws(Distribution("uniform", (0.2, 0.6)))
    assert x.mean() == pytest.approx(0.4, abs=2e-3) and x.min() >= 0.2 and x.max() <= 0.6
    y = draws(Distribution("loguniform", (1e3, 1e7)), "inference.queries_per_day")
    assert np.median(y) == pytest.approx(1e5, rel=0.03)  # the geometric middle


def test_normal_is_truncated_to_the_fields_valid_range_not_piled_on_its_edge():
    x = draws(Distribution("normal", (0.9, 0.2)))  # MFU is at most 1
    assert x.max() <= 1.0 and x.min() > 0
    assert np.mean(x == 1.0) < 1e-4  # drawn inside, not clipped onto the bound
    wide = draws(Distribution("normal", (0.5, 0.05)))
    assert wide.mean() == pytest.approx(0.5, abs=1e-3) and wide.std() == pytest.approx(
        0.05, rel=0.02
    )


def test_lognormal_has_its_median_and_integers_stay_whole():
    x = draws(Distribution("lognormal", (2e6, 0.5)), "inference.queries_per_day")
    assert np.median(x) == pytest.approx(2e6, rel=0.02)
    assert np.std(np.log(x)) == pytest.approx(0.5, rel=0.02)
    devices = draws(Distribution("triangular", (8, 16, 64)), "training.devices")
    assert np.all(devices == np.round(devices)) and devices.min() >= 8


def test_factor_and_shift_keep_todays_meaning():
    x = draws(Distribution("factor", (0.5, 2.0)), "inference.queries_per_day", 1e6)
    assert x.min() >= 0.5e6 and x.max() <= 2e6
    assert np.median(x) == pytest.approx(1e6, rel=0.02)  # log-uniform: the middle is x1
    assert parse_distribution("training.mfu", "0.8:1.2") == Distribution("factor", (0.8, 1.2))
    assert parse_distribution("inference.monthly_growth", "-0.02:0.02").kind == "shift"


def test_any_field_in_the_monte_carlo_and_the_text_form_round_trips():
    dist = parse_distribution("model.output_tokens", "triangular:100:200:600")
    assert parse_distribution("model.output_tokens", dist.text()) == dist
    mc = monte_carlo(demo(), ranges={"model.output_tokens": dist}, samples=4000)
    tokens = mc.inputs["model.output_tokens"]
    assert tokens.mean() == pytest.approx(300, rel=0.02)
    assert mc.bands["inference.latency_p99_s"][0] < mc.bands["inference.latency_p99_s"][2]


@pytest.mark.parametrize(
    ("key", "text", "words"),
    [
        ("training.mfu", "uniform:0.6:0.2", "above the high end"),
        ("training.mfu", "triangular:0.2:0.9:0.6", "mode"),
        ("training.mfu", "uniform:0.2:1.5", "largest valid value 1"),
        ("training.mfu", "normal:0.4:-1", "0 or more"),
        ("training.mfu", "lognormal:0:1", "median must be above 0"),
        ("training.mfu", "beta:1:2", "unknown distribution"),
        ("training.mfu", "triangular:1:2", "LOW:MODE:HIGH"),
        ("training.mfu", "nan:nan", "finite"),
        ("training.mfu", "0:2", "above 0"),
        ("inference.hardware", "0.5:2", "not a number"),
        ("economics.horizon_months", "uniform:12:60", "horizon"),
    ],
)
def test_impossible_parameters_are_refused_in_one_line(key, text, words):
    with pytest.raises(ValueError, match=words) as info:
        parse_distribution(key, text)
    assert "\n" not in str(info.value)
