"""Erlang C against textbook values, and its behaviour at the edges."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from whatif.engine.queueing import erlang_c, waiting_time_quantile


def erlang_c_by_sum(c, a):
    """Textbook formula with explicit sums (Kleinrock 1975, eq. 3.40) for small c."""
    from math import factorial

    top = a**c / factorial(c) * c / (c - a)
    return top / (sum(a**k / factorial(k) for k in range(c)) + top)


@pytest.mark.parametrize(("c", "a"), [(1, 0.5), (2, 1.0), (5, 3.7), (10, 9.5), (30, 20.0)])
def test_matches_the_textbook_sum(c, a):
    assert_allclose(erlang_c(c, a), erlang_c_by_sum(c, a), rtol=1e-10)


def test_single_server_waits_with_probability_rho():
    assert_allclose(erlang_c(1, np.array([0.1, 0.5, 0.9])), [0.1, 0.5, 0.9], rtol=1e-12)


def test_two_servers_at_one_erlang_is_one_third():
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)


def test_huge_server_counts_stay_finite_and_in_range():
    c = np.array([1e6, 1e9, 1e9])
    a = np.array([0.999e6, 0.5e9, 0.99999e9])
    p = erlang_c(c, a)
    assert np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 1))
    assert p[1] == pytest.approx(0.0, abs=1e-12)  # half-loaded huge pool: nobody waits


def test_saturation_gives_certain_wait_and_infinite_quantiles():
    assert erlang_c(4, 4.0) == 1.0
    assert waiting_time_quantile(0.99, 4, 5.0, 1.0) == np.inf


def test_no_load_never_waits():
    assert erlang_c(3, 0.0) == 0.0
    assert waiting_time_quantile(0.99, 3, 0.0, 1.0) == 0.0


def test_single_server_quantile_by_hand():
    # M/M/1, rho = 0.8, mu = 1: P(W > t) = 0.8 exp(-0.2 t) -> t99 = ln(80)/0.2.
    assert waiting_time_quantile(0.99, 1, 0.8, 1.0) == pytest.approx(np.log(80) / 0.2)
    # Median: 0.8 exp(-0.2 t) = 0.5 -> t = ln(1.6)/0.2.
    assert waiting_time_quantile(0.5, 1, 0.8, 1.0) == pytest.approx(np.log(1.6) / 0.2)


def test_skipping_negligible_waits_changes_no_probability_above_1e_15():
    from scipy.special import gammaincc, gammaln

    c = np.array([1, 2, 5, 10, 40, 100, 1_000, 10_000, 1e6])[:, None]
    a = c * np.linspace(0.01, 0.999, 400)[None, :]
    c, a = np.broadcast_arrays(c, a)
    log_pmf = c * np.log(a) - a - gammaln(c + 1)
    blocking = np.exp(log_pmf) / gammaincc(c + 1, a)  # every point the long way
    exact = c * blocking / (c - a * (1 - blocking))
    assert np.mean(log_pmf < -36) > 0.3  # the short cut is taken on much of this grid
    assert np.max(np.abs(erlang_c(c, a) - exact)) < 1e-15
