"""Accuracy after pruning and under drift, and the retraining frequency that pays best."""

from __future__ import annotations

import numpy as np

from .pruning import ACCURACY_EXPONENT

POINTS_PER_UNIT = 100.0
"""Accuracy points per unit of accuracy fraction (1 point = 0.01)."""


def accuracy_after_pruning(
    baseline, effective_ratio, sensitivity, structure_sensitivity, recovery_fraction, recovery_gain
):
    """Accuracy of the pruned model [fraction].

    ``baseline * exp(-sensitivity * structure_sensitivity * r^3 * (1 - gain))`` where the
    recovery fine-tune (if ``recovery_fraction`` > 0) wins back ``recovery_gain`` of the loss
    in log terms. With sensitivity 0.81 and unstructured r = 0.5 this gives the 9.6% relative
    loss of Wanda on LLaMA-7B (Sun et al. 2023, Table 2: 59.99 -> 54.21).
    """
    gain = np.where(np.asarray(recovery_fraction) > 0, recovery_gain, 0.0)
    exponent = sensitivity * structure_sensitivity * np.power(effective_ratio, ACCURACY_EXPONENT)
    return baseline * np.exp(-exponent * (1 - gain))


def cycle_months(retrains_per_year, horizon_months):
    """Months between retrains, at most the horizon (no retraining: the whole horizon)."""
    f = np.asarray(retrains_per_year, dtype=float)
    safe = np.where(f > 0, f, 1.0)
    return np.where(f > 0, np.minimum(12.0 / safe, horizon_months), horizon_months)


def mean_accuracy(start_accuracy, drift_per_month, cycle):
    """Mean accuracy over a cycle of ``cycle`` months with linear drift, floored at 0.

    ``a - d*T/2`` while accuracy stays positive, else the area of the triangle
    ``a^2 / (2 d T)``.
    """
    a = np.asarray(start_accuracy, dtype=float)
    lost = np.asarray(drift_per_month, dtype=float) * cycle
    safe = np.where(lost > 0, lost, 1.0)
    return np.where(lost <= a, a - lost / 2, a * a / (2 * safe))


def mean_accuracy_over_horizon(start_accuracy, drift_per_month, cycle, horizon_months):
    """Mean accuracy over the horizon [fraction]: whole retraining cycles of ``cycle``
    months (:func:`cycle_months`) plus the unfinished last one."""
    horizon = np.asarray(horizon_months, dtype=float)
    whole = np.floor(horizon / cycle + 1e-9)
    rest = np.maximum(horizon - whole * cycle, 0.0)
    full = mean_accuracy(start_accuracy, drift_per_month, cycle)
    last = mean_accuracy(start_accuracy, drift_per_month, rest)
    return (whole * cycle * full + rest * last) / horizon


def value_rate_usd_per_year(value_per_point_per_1k_queries, queries_per_day):
    """What one unit of accuracy (100 points) is worth over a year of traffic [USD/year]."""
    return POINTS_PER_UNIT * value_per_point_per_1k_queries * queries_per_day * 365.0 / 1000.0


def optimal_retrains_per_year(value_rate, drift_per_month, cost_per_retrain):
    """Retraining frequency that minimises retraining cost plus the value lost to drift.

    Yearly cost ``f*C + V*d_y/(2f)`` (mean loss ``d_y/(2f)`` with linear drift ``d_y`` per
    year) is smallest at ``f* = sqrt(V * d_y / (2 C))`` [1/year]; 0 when accuracy has no
    value or there is no drift. Ignores the floor at zero accuracy.
    """
    drift_year = 12.0 * np.asarray(drift_per_month, dtype=float)
    c = np.asarray(cost_per_retrain, dtype=float)
    safe = np.where(c > 0, c, 1.0)
    return np.where(c > 0, np.sqrt(value_rate * drift_year / (2.0 * safe)), 0.0)
