"""M/M/c waiting times (Erlang C), vectorised and stable for any number of servers.

Sources: Erlang 1917; Kleinrock 1975, "Queueing Systems" vol. 1, section 3.5: for c
servers of rate mu and arrivals lambda (offered load a = lambda/mu < c) the probability of
waiting is C(c, a) = c B / (c - a (1 - B)) with B the Erlang B blocking probability, and
P(W > t) = C exp(-(c mu - lambda) t). B = Poisson pmf(c; a) / Poisson cdf(c; a), computed
with the regularised incomplete gamma function so that c may be 1 or 10^9.
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaincc, gammaln

NEGLIGIBLE_LOG_PMF = -36.0
"""Below this log Poisson pmf (about 2e-16), the chance of waiting is taken as the pmf
itself: with c >= a the Poisson cdf P[N <= c] is at least about one half, so Erlang B lies
between pmf and 2 pmf, under 5e-16, far below any tail a latency percentile asks about.
Skipping the incomplete gamma function there (most points of a large fleet) makes a
million-point Erlang C about four times faster."""


def erlang_c(servers, offered_load):
    """Probability that an arrival waits, C(c, a) [fraction]; 1 at or past saturation."""
    c = np.asarray(servers, dtype=float)
    a = np.asarray(offered_load, dtype=float)
    c, a = np.broadcast_arrays(c, a)
    busy = a > 0
    stable = busy & (a < c)
    safe_a = np.where(busy, a, 1.0)
    log_pmf = c * np.log(safe_a) - safe_a - gammaln(c + 1)
    # Erlang B = pmf / P[Poisson(a) <= c]; the cdf is wanted only where waiting is not
    # negligible, and is 1 elsewhere (dividing by it there would change nothing).
    needed = stable & (log_pmf >= NEGLIGIBLE_LOG_PMF)
    with np.errstate(under="ignore"):
        if needed.all():
            blocking = np.exp(log_pmf) / np.maximum(
                gammaincc(c + 1, safe_a), np.finfo(float).tiny
            )
        else:
            blocking = np.exp(log_pmf)
            if needed.any():
                cdf = gammaincc(c[needed] + 1, safe_a[needed])
                blocking[needed] /= np.maximum(cdf, np.finfo(float).tiny)
    del log_pmf, safe_a, needed  # a million-point fleet: 8 MB each, freed now
    blocking = np.clip(blocking, 0.0, 1.0)
    denominator = np.where(stable, c - a * (1 - blocking), 1.0)
    wait_prob = np.clip(c * blocking / denominator, 0.0, 1.0)
    return np.where(stable, wait_prob, np.where(busy, 1.0, 0.0))


def waiting_time_quantile(quantile, servers, offered_load, service_rate):
    """Time below which a fraction ``quantile`` of arrivals start service [s].

    ``service_rate`` is the rate of one server [1/s]. ``inf`` when saturated
    (offered load >= servers); 0 when fewer than ``1 - quantile`` of arrivals wait.
    """
    return waiting_time_quantiles((quantile,), servers, offered_load, service_rate)[0]


def waiting_time_quantiles(quantiles, servers, offered_load, service_rate) -> list:
    """:func:`waiting_time_quantile` for several quantiles, computing Erlang C once [s]."""
    c = np.asarray(servers, dtype=float)
    a = np.asarray(offered_load, dtype=float)
    mu = np.asarray(service_rate, dtype=float)
    wait_prob = erlang_c(c, a)
    stable = a < c
    drain = np.where(stable, (c - a) * mu, 1.0)  # c mu - lambda [1/s]
    shape = np.broadcast_shapes(np.shape(wait_prob), np.shape(stable), np.shape(drain))
    in_place = np.size(wait_prob) > 1 and np.shape(wait_prob) == shape
    out = []
    for quantile in quantiles:
        tail = 1.0 - quantile
        if not in_place:
            ratio = np.where(wait_prob > tail, wait_prob / tail, 1.0)
            out.append(np.where(stable, np.log(ratio) / drain, np.inf))
            continue
        # The same operations on one array (a large grid: no temporaries of 8 MB each).
        wait = np.divide(wait_prob, tail)
        np.copyto(wait, 1.0, where=~(wait_prob > tail))  # NaN too, as np.where does
        np.log(wait, out=wait)
        np.divide(wait, drain, out=wait)
        np.copyto(wait, np.inf, where=~stable)
        out.append(wait)
    return out
