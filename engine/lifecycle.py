"""The model's life over the horizon: steps of training cost, a ramp of serving cost.

Training cost is episodic: the first run (plus its pruning recovery) at month 0, then one
retrain every ``12 / retrains_per_year`` months. Serving cost accrues continuously.
"""

from __future__ import annotations

import numpy as np


def retrains_in_horizon(retrains_per_year, horizon_months):
    """Retrains strictly after month 0 and before the horizon ends [runs]."""
    f = np.asarray(retrains_per_year, dtype=float)
    return np.maximum(np.ceil(f * horizon_months / 12.0 - 1e-9) - 1.0, 0.0)


def crossover_month(
    initial_cost, retrain_cost, interval_months, retrains, monthly_serving, horizon_months
):
    """First month when cumulative serving cost reaches cumulative training cost [months].

    Training stands at ``I + k R`` during the k-th cycle ``[k T, (k+1) T)``; serving at
    ``m t``. The first cycle in which ``m t`` reaches the step is the smallest k >= 0 with
    ``I + k R < m (k+1) T``, i.e. ``k (R - m T) < m T - I``: k = 0 if ``m T > I``; else,
    when serving outpaces retraining (``m T > R``), ``k = floor((I - m T)/(m T - R)) + 1``;
    else never. ``inf`` when it does not happen within the horizon.
    """
    i = np.asarray(initial_cost, dtype=float)
    r = np.asarray(retrain_cost, dtype=float)
    m = np.asarray(monthly_serving, dtype=float)
    per_cycle = m * np.asarray(interval_months, dtype=float)  # serving cost of one cycle
    gain = per_cycle - r
    safe_gain = np.where(gain > 0, gain, 1.0)
    k = np.where(
        per_cycle > i, 0.0, np.where(gain > 0, np.floor((i - per_cycle) / safe_gain) + 1.0, np.inf)
    )
    k = np.minimum(k, retrains)  # no steps after the last retrain
    safe_m = np.where(m > 0, m, 1.0)
    with np.errstate(invalid="ignore"):
        t = np.where(
            (m > 0) & np.isfinite(k), (i + np.where(np.isfinite(k), k, 0) * r) / safe_m, np.inf
        )
    return np.where(t <= horizon_months, t, np.inf)


def cumulative_costs(
    months, initial_cost, retrain_cost, interval_months, retrains, monthly_serving
):
    """Cumulative (training, serving) cost at ``months`` [USD], broadcasting.

    Pass ``months`` with a trailing axis (``months[..., None]`` style) to get a curve per
    scenario point.
    """
    t = np.asarray(months, dtype=float)
    interval = np.asarray(interval_months, dtype=float)
    safe = np.where(interval > 0, interval, 1.0)
    steps = np.minimum(np.floor(t / safe + 1e-9), retrains)
    training = initial_cost + retrain_cost * np.maximum(steps, 0.0)
    return training, monthly_serving * t


def break_even_queries_per_day(yearly_training, cost, max_replicas=None, fixed_replicas=None):
    """Smallest daily volume at which a year of serving costs a year of training [queries/day].

    ``cost`` is the serving :class:`fleet.Structure` ``A n(q) + B q``. Stepped fleets
    (``n(q) = max(1, ceil(q / v))``): on step n the cost first reaches ``Y`` at
    ``max((n - 1) v, (Y - A n) / B)``, and the first step where that is possible is
    ``n* = ceil(Y / (A + B v))``; with a replica cap ``M`` past ``n*`` only the volume term
    still grows: ``(Y - A M) / B``, or ``inf`` (never). A fleet fixed at ``R`` replicas costs
    ``A R + B q``: 0 if that already reaches ``Y``. An autoscaled fleet
    (``n(q) = max(n_min, q / v + 1/2)``) is solved on its floor, then on its slope.
    """
    return volume_where_reached(yearly_training, cost, 0.0, max_replicas, fixed_replicas)


def volume_where_reached(target, cost, slope=0.0, max_replicas=None, fixed_replicas=None):
    """Smallest daily volume ``q`` at which ``cost(q) >= target + slope q`` [queries/day]
    (``slope`` [USD/year per query/day] lets a rising line stand for the target: an API's
    bill). ``inf`` when it never happens, 0 when it already holds at no traffic."""
    y = np.asarray(target, dtype=float)
    a = np.asarray(cost.per_replica, dtype=float)
    b = np.asarray(cost.per_query_day, dtype=float) - slope
    v = np.asarray(cost.volume_per_replica, dtype=float)
    safe_b = np.where(b > 0, b, 1.0)
    if fixed_replicas is not None:
        r = np.asarray(fixed_replicas, dtype=float)
        if max_replicas is not None:
            r = np.minimum(r, max_replicas)
        rest = np.where(b > 0, (y - a * r) / safe_b, np.inf)
        return np.where(a * r >= y, 0.0, rest)
    if cost.autoscaled:
        floor = np.asarray(cost.min_replicas, dtype=float)
        on_floor = np.where(b > 0, (y - a * floor) / safe_b, np.inf)
        edge = np.maximum(floor - 0.5, 0.0) * v  # where the fleet leaves its floor
        rise = a / np.where(v > 0, v, 1.0) + b
        on_slope = np.where(rise > 0, (y - 0.5 * a) / np.where(rise > 0, rise, 1.0), np.inf)
        q = np.where(on_floor <= edge, on_floor, np.maximum(on_slope, edge))
        q = np.where(a * floor >= y, 0.0, np.maximum(q, 0.0))
        if max_replicas is None:
            return q
        m = np.asarray(max_replicas, dtype=float)
        capped = np.where(b > 0, np.maximum((y - a * m) / safe_b, (m - 0.5) * v), np.inf)
        return np.where(np.maximum(floor, q / np.where(v > 0, v, 1.0) + 0.5) > m, capped, q)
    per_step = a + b * v
    n = np.maximum(np.ceil(y / np.where(per_step > 0, per_step, 1.0) - 1e-12), 1.0)
    within = np.where(b > 0, np.maximum((n - 1) * v, (y - a * n) / safe_b), (n - 1) * v)
    q = np.where(per_step > 0, np.maximum(within, 0.0), np.inf)
    if max_replicas is None:
        return q
    m = np.asarray(max_replicas, dtype=float)
    capped = np.where(b > 0, np.maximum((y - a * m) / safe_b, (m - 1) * v), np.inf)
    return np.where(n > m, capped, q)


def self_host_break_even(yearly_training, cost, api_per_query_day, fixed_replicas=None):
    """Daily volume from which self-hosting (a year of training plus ``cost``, the serving
    :class:`fleet.Structure`) costs no more than an API billing ``api_per_query_day``
    [USD/year per query/day], at that volume and every larger one [queries/day]; ``inf``
    when the API stays cheaper however large the volume.

    With ``s`` the API's slope: a stepped fleet from the volume past which it always costs
    less (below); an autoscaled fleet on its floor at ``(Y + A n_min) / (s - B)`` or on its
    slope at ``(Y + A / 2) / (s - B - A / v)``; a fixed fleet at ``(Y + A R) / (s - B)``.
    """
    y = np.asarray(yearly_training, dtype=float)
    a = np.asarray(cost.per_replica, dtype=float)
    gain = np.asarray(api_per_query_day, dtype=float) - np.asarray(cost.per_query_day)
    v = np.asarray(cost.volume_per_replica, dtype=float)
    safe_v = np.where(v > 0, v, 1.0)
    safe_gain = np.where(gain > 0, gain, 1.0)
    if fixed_replicas is not None:
        r = np.asarray(fixed_replicas, dtype=float)
        return np.where(gain > 0, (y + a * r) / safe_gain, np.inf)
    if cost.autoscaled:
        floor = np.asarray(cost.min_replicas, dtype=float)
        edge = np.maximum(floor - 0.5, 0.0) * v
        on_floor = np.where(gain > 0, (y + a * floor) / safe_gain, np.inf)
        rise = gain - a / safe_v
        on_slope = np.where(rise > 0, (y + 0.5 * a) / np.where(rise > 0, rise, 1.0), np.inf)
        return np.where(on_floor <= edge, on_floor, np.maximum(on_slope, edge))
    # Stepped fleets: self-hosting's cost saws up at each new replica, so it may win and
    # lose again. The answer is the volume past which it always costs less: from step n1 on,
    # every step starts cheaper, (s - B)(n - 1) v >= Y + A n, i.e. n1 = ceil((Y + (s - B) v)
    # / ((s - B) v - A)); on the step before, it wins from (Y + A (n1 - 1)) / (s - B).
    margin = gain * v - a  # what a full replica earns against the API [USD/year]
    safe_margin = np.where(margin > 0, margin, 1.0)
    n1 = np.maximum(np.ceil((y + gain * v) / safe_margin - 1e-12), 2.0)
    q = (y + a * (n1 - 1)) / safe_gain
    return np.where((margin > 0) & (gain > 0), q, np.inf)


def serving_by_month(
    queries_per_day,
    monthly_growth,
    horizon_months,
    cost,
    energy,
    fixed_replicas=None,
    max_replicas=None,
):
    """Serving cost [USD] and energy [kWh] month by month when the volume grows.

    Month m carries the volume ``q0 (1 + g)^(m + 1/2)`` (its middle) and costs a twelfth of
    the yearly ``cost`` structure at that volume (energy likewise), the last month only its
    part inside the horizon. Arrays get a trailing month axis as long as the longest horizon;
    months past a point's horizon are zero. Returns (cost, energy, volume factor x weight).
    """
    horizon = np.asarray(horizon_months, dtype=float)
    count = int(np.ceil(np.max(horizon)))
    m = np.arange(count, dtype=float)
    weight = np.clip(horizon[..., None] - m, 0.0, 1.0)
    growth = np.asarray(monthly_growth, dtype=float)[..., None]
    factor = np.power(1.0 + growth, m + 0.5)
    volume = np.asarray(queries_per_day, dtype=float)[..., None] * factor

    def widen(x):
        return None if x is None else np.asarray(x, dtype=float)[..., None]

    monthly = []
    for structure in (cost, energy):
        wide = type(structure)(
            widen(structure.per_replica),
            widen(structure.per_query_day),
            widen(structure.volume_per_replica),
            structure.autoscaled,
            widen(structure.min_replicas),
        )
        yearly = wide.at(volume, widen(fixed_replicas), widen(max_replicas))
        monthly.append(yearly / 12.0 * weight)
    return monthly[0], monthly[1], factor * weight


def crossover_month_by_series(
    initial_cost, retrain_cost, interval_months, retrains, monthly_cost, horizon_months
):
    """First month when cumulative serving (``monthly_cost`` on the last axis) reaches the
    stepped cumulative training cost [months]; ``inf`` if not within the horizon.

    Within a month serving accrues linearly; training is taken at its level at the month's
    end, so a retrain and the crossing in the same month resolve to that month.
    """
    cost = np.asarray(monthly_cost, dtype=float)
    count = cost.shape[-1]
    end = np.cumsum(cost, axis=-1)
    start = end - cost
    month_end = np.arange(1, count + 1, dtype=float)
    per_point = [
        np.asarray(x, dtype=float)[..., None]
        for x in (initial_cost, retrain_cost, interval_months, retrains)
    ]
    training, _ = cumulative_costs(month_end, *per_point, 0.0)
    shape = np.broadcast_shapes(cost.shape, training.shape)
    cost, start, end, training = (np.broadcast_to(x, shape) for x in (cost, start, end, training))
    crossed = end >= training
    first = np.argmax(crossed, axis=-1)
    any_crossed = crossed.any(axis=-1)
    take = first[..., None]
    c = np.take_along_axis(cost, take, axis=-1)[..., 0]
    s0 = np.take_along_axis(start, take, axis=-1)[..., 0]
    t_end = np.take_along_axis(training, take, axis=-1)[..., 0]
    within = np.clip((t_end - s0) / np.where(c > 0, c, 1.0), 0.0, 1.0)
    t = first + within
    return np.where(any_crossed & (t <= horizon_months), t, np.inf)
