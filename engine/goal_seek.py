"""Goal seek, as spreadsheet users know it: the value of one input that makes one result
hit a target ("the query volume that puts the crossover at month 12", "the serving price
that makes 1,000 queries cost $0.50").

The input's whole valid range is searched at once: one evaluation over a grid (log-spaced
when the range spans decades), the sign changes of ``result - target`` found on it, and the
bracket nearest today's value narrowed by a few more vectorised rounds. No scalar loop over
evaluations. When nothing in the range reaches the target, the answer says why, with the
lowest and highest values the result takes there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .errors import InputError
from .evaluate import evaluate
from .results import RESULT_FIELDS
from .scenario import Scenario, spec_for
from .sensitivity import OUTPUTS

GRID_POINTS = 801
"""Points of the first, whole-range evaluation."""
REFINE_POINTS = 65
"""Points of each narrowing round inside the bracket."""
REFINE_ROUNDS = 3
RELATIVE_TOLERANCE = 1e-3
"""A result within 0.1% of the target (or of one unit of it near zero) reaches it."""
CROSSOVER = "lifecycle.crossover_month"


@dataclass(frozen=True)
class GoalSeek:
    """The answer of :func:`goal_seek`.

    value: the input value found [the input's unit], or the closest one when the result
    jumps over the target (whole replicas, whole devices); None when nothing comes near.
    achieved: the result at ``value`` [the result's unit]. reached: True when ``achieved``
    is the target within :data:`RELATIVE_TOLERANCE`. reason: why not, one line ("" when
    reached). lowest / highest: the range of the result over ``bounds``.
    """

    target_key: str
    target_value: float
    vary_key: str
    bounds: tuple[float, float]
    value: float | None
    achieved: float | None
    reached: bool
    reason: str
    lowest: float
    highest: float


def result_unit(key: str) -> str:
    """The unit of numeric result ``key``; :class:`ValueError` for anything else."""
    section, _, name = key.partition(".")
    unit = RESULT_FIELDS.get(section, {}).get(name, ("",))[0]
    if not unit or unit in ("flag", "code"):
        raise ValueError(
            f"unknown result '{key}' (a numeric result key, e.g. "
            "inference.cost_per_1k_queries_usd or lifecycle.crossover_month)"
        )
    return unit


def input_bounds(key: str) -> tuple[float, float]:
    """The valid range of numeric input ``key`` (an exclusive bound just inside it);
    :class:`ValueError` when ``key`` is not a numeric scenario input."""
    try:
        spec = spec_for(key)
    except KeyError as exc:
        raise ValueError(f"unknown input '{key}': {exc.args[0]}") from None
    if spec.kind not in ("number", "integer") or spec.lo is None or spec.hi is None:
        raise ValueError(f"'{key}' is not a numeric input with a range")
    lo = float(np.nextafter(spec.lo, np.inf)) if spec.lo_exclusive else float(spec.lo)
    return lo, float(spec.hi)


def _grid(lo: float, hi: float, today: float | None, integer: bool) -> np.ndarray:
    """The first grid over ``[lo, hi]``: log-spaced over ranges of more than three decades
    (from a millionth of today's value when the range starts at zero), linear otherwise."""
    if integer and hi - lo < GRID_POINTS:
        return np.arange(math.ceil(lo), math.floor(hi) + 1, dtype=float)
    floor = lo if lo > 0 else min(today or hi * 1e-9, hi) * 1e-6
    if hi / max(floor, 1e-300) > 1e3:
        grid = np.geomspace(max(floor, 1e-300), hi, GRID_POINTS)
        grid = np.concatenate([[lo], grid]) if lo < grid[0] else grid
    else:
        grid = np.linspace(lo, hi, GRID_POINTS)
    grid = np.clip(grid, lo, hi)
    return np.unique(np.round(grid)) if integer else grid


def _evaluate(scenario: Scenario, key: str, values: np.ndarray, target_key: str) -> np.ndarray:
    """The result ``target_key`` at each value of input ``key``: one evaluation."""
    results = evaluate(scenario.override({key: values}))
    return np.broadcast_to(results.get(target_key), values.shape).astype(float)


def _brackets(f: np.ndarray) -> np.ndarray:
    """Indices i where ``f`` changes sign (or is zero) between i and i + 1."""
    a, b = f[:-1], f[1:]
    ok = ~(np.isnan(a) | np.isnan(b))
    return np.flatnonzero(ok & (np.sign(a) * np.sign(b) <= 0))


def goal_seek(
    scenario: Scenario,
    target_key: str,
    target_value: float,
    vary_key: str,
    bounds: tuple[float, float] | None = None,
) -> GoalSeek:
    """The value of input ``vary_key`` (within ``bounds``, default its whole valid range)
    at which result ``target_key`` equals ``target_value`` (both in the engine's units:
    USD, seconds, fractions, months).

    Where several values reach the target, the one nearest today's value is returned.
    Raises :class:`ValueError` (one line) for an unknown result or input, bounds outside
    the input's range, or a non-finite target.
    """
    unit = result_unit(target_key)
    lo_ok, hi_ok = input_bounds(vary_key)
    if not math.isfinite(target_value):
        raise ValueError(f"the target must be a finite number (got {target_value})")
    lo, hi = bounds if bounds is not None else (lo_ok, hi_ok)
    if not (lo_ok <= lo < hi <= hi_ok):
        raise ValueError(
            f"bounds {lo:g} to {hi:g} must lie within {vary_key}'s range {lo_ok:g} to {hi_ok:g}"
        )
    integer = spec_for(vary_key).kind == "integer"
    today = scenario.resolved(vary_key)
    grid = _grid(lo, hi, today, integer)
    try:
        values = _evaluate(scenario, vary_key, grid, target_key)
    except InputError as exc:
        raise ValueError(str(exc.errors[0])) from None
    lowest = float(values[~np.isnan(values)].min()) if np.any(~np.isnan(values)) else math.nan
    highest = float(values[~np.isnan(values)].max()) if np.any(~np.isnan(values)) else math.nan
    answer = {
        "target_key": target_key,
        "target_value": float(target_value),
        "vary_key": vary_key,
        "bounds": (float(lo), float(hi)),
        "lowest": lowest,
        "highest": highest,
    }
    brackets = _brackets(values - target_value)
    horizon = float(np.max(scenario.economics.horizon_months))
    if brackets.size == 0 or (target_key == CROSSOVER and target_value > horizon):
        reason = _unreachable(scenario, target_key, target_value, vary_key, unit, answer)
        return GoalSeek(**answer, value=None, achieved=None, reached=False, reason=reason)
    # The bracket nearest today's value (by grid position), as a spreadsheet starts there.
    position = np.searchsorted(grid, today) if today is not None else 0
    i = int(brackets[np.argmin(np.abs(brackets - position))])
    a, b, fa, fb = grid[i], grid[i + 1], values[i] - target_value, values[i + 1] - target_value
    if not integer:
        for _ in range(REFINE_ROUNDS):
            inner = np.linspace(a, b, REFINE_POINTS)
            f = _evaluate(scenario, vary_key, inner, target_key) - target_value
            j = int(_brackets(f)[0]) if _brackets(f).size else 0
            a, b, fa, fb = inner[j], inner[j + 1], f[j], f[j + 1]
    value = _root(a, b, fa, fb, integer)
    achieved = float(_evaluate(scenario, vary_key, np.array([value]), target_key)[0])
    reached = _close(achieved, target_value)
    reason = "" if reached else _jump_text(target_key, target_value, vary_key, unit, fa, fb, value)
    return GoalSeek(**answer, value=value, achieved=achieved, reached=reached, reason=reason)


def _root(a: float, b: float, fa: float, fb: float, integer: bool) -> float:
    """The zero of the line through the bracket's ends (its middle when an end is not
    finite); for a whole-number input, the end nearer the target."""
    if integer:
        return float(a if abs(fa) <= abs(fb) else b)
    if fa == 0:
        return float(a)
    if fb == 0:
        return float(b)
    if math.isfinite(fa) and math.isfinite(fb) and fa != fb:
        return float(a - fa * (b - a) / (fb - fa))
    return float((a + b) / 2)


def _close(achieved: float, target: float) -> bool:
    scale = abs(target) or 1.0
    return math.isfinite(achieved) and abs(achieved - target) <= RELATIVE_TOLERANCE * scale


def _label(key: str) -> str:
    return (spec_for(key).label or key.split(".")[-1].replace("_", " ")).lower()


def _result_label(key: str) -> str:
    """The result's short name: the tornado's label, else its documented meaning."""
    named = dict(OUTPUTS)
    if key in named:
        return named[key].lower()
    section, _, name = key.partition(".")
    meaning = RESULT_FIELDS[section][name][1]
    return meaning[0].lower() + meaning[1:]


def plain(value: float, unit: str) -> str:
    """A value in plain words for a one-line reason: ``$0.5``, ``250 ms``, ``81.2%``,
    ``month 14.2``, ``3.2e+06 queries/day`` stays ``3.2M queries/day``."""
    if not math.isfinite(value):
        return "never" if unit == "months" else "unbounded"
    if unit.startswith("USD"):
        return f"${value:,.4g}" + unit[3:]
    if unit == "fraction":
        return f"{value * 100:.4g}%"
    if unit == "months":  # as the crossover card says it: month 7.3, day 4, the first day
        day = value * 365.0 / 12.0
        if value >= 1.0:
            return f"month {value:.1f}"
        return "the first day" if day < 1.0 else f"day {math.ceil(day)}"
    if unit == "s":
        return f"{value * 1e3:.4g} ms" if abs(value) < 1 else f"{value:.4g} s"
    for scale, prefix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.4g}{prefix} {unit}".strip()
    return f"{value:.4g} {unit}".strip()


def _unreachable(scenario, target_key, target_value, vary_key, unit, answer) -> str:
    """Why no value of the input reaches the target, in one line."""
    lo, hi = answer["bounds"]
    vary_unit = spec_for(vary_key).unit
    lo_unit = vary_unit if vary_unit.startswith("USD") or vary_unit == "fraction" else ""
    within = f"for any {_label(vary_key)} from {plain(lo, lo_unit)} to {plain(hi, vary_unit)}"
    lowest, highest = answer["lowest"], answer["highest"]
    if math.isnan(lowest):
        return f"the {_result_label(target_key)} is not defined {within}"
    if target_key == CROSSOVER:
        horizon = float(np.max(scenario.economics.horizon_months))
        if target_value > horizon:
            return f"the crossover month cannot lie beyond the horizon (month {horizon:g})"
        if not math.isfinite(lowest):
            return f"serving never overtakes training within the horizon {within}"
        if target_value < lowest:
            return f"the crossover never comes before {plain(lowest, unit)} {within}"
        return f"the crossover always comes by {plain(highest, unit)} {within}"
    name = _result_label(target_key)
    if target_value < lowest:
        return f"the {name} never goes below {plain(lowest, unit)} {within}"
    return f"the {name} never goes above {plain(highest, unit)} {within}"


def _jump_text(target_key, target_value, vary_key, unit, fa, fb, value) -> str:
    """The result jumps over the target (whole replicas or devices): say so, and where."""
    before, after = fa + target_value, fb + target_value
    return (
        f"no {_label(vary_key)} gives exactly {plain(target_value, unit)}: the "
        f"{_result_label(target_key)} jumps from {plain(before, unit)} to "
        f"{plain(after, unit)} near {plain(value, spec_for(vary_key).unit)}; the closest "
        "value is given"
    )
