"""What an uncertain input may be: a distribution per scenario field, and its sampling.

Seven kinds. Two are relative to the scenario's own value, so they follow the knobs:
``factor`` multiplies it by a factor drawn log-uniformly between low and high (a price 30%
either way is 0.7:1.3), ``shift`` adds an amount drawn uniformly (growth ±2 points). Five
replace the value by a draw in the field's own unit: ``uniform`` and ``loguniform`` between
low and high, ``triangular`` (low, mode, high), ``normal`` (mean, sd) and ``lognormal``
(median, sigma of the logarithm); the last two are truncated to the field's valid range
(drawn inside it, not piled up on its edge).

Every kind is sampled by its inverse CDF from one uniform draw per sample, so a stream of
uniforms split into chunks gives the same values as one draw of the whole (see
``engine.uncertainty``). The text form ``kind:a:b[:c]`` (``0.5:2`` alone is a factor, or a
shift for :data:`ADDITIVE` fields) is what ``whatif montecarlo --range`` takes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

from .fields import FieldSpec
from .scenario import spec_for

KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "factor": (("low", "high"), "× the scenario's value, log-uniform"),
    "shift": (("low", "high"), "+ an amount to the scenario's value, uniform"),
    "uniform": (("low", "high"), "uniform between two values"),
    "loguniform": (("low", "high"), "log-uniform between two values"),
    "triangular": (("low", "mode", "high"), "triangular: low, most likely, high"),
    "normal": (("mean", "sd"), "normal, truncated to the valid range"),
    "lognormal": (("median", "sigma"), "lognormal (sigma of ln), truncated to the valid range"),
}
"""Each kind's parameters, in order, and what it means in a few words."""
RELATIVE = frozenset({"factor", "shift"})
"""Kinds drawn around the scenario's own value (the others replace it)."""
ADDITIVE = frozenset({"inference.monthly_growth"})
"""Fields whose bare ``LOW:HIGH`` range is a shift (growth may well be zero), not a factor."""
EXCLUDED = frozenset({"economics.horizon_months"})
"""Numeric fields that take no distribution: the horizon frames the question (every chart's
time axis), it is not an uncertain input."""


@dataclass(frozen=True)
class Distribution:
    """One input's uncertainty: ``kind`` (a key of :data:`KINDS`) and its parameters, in the
    field's unit (factors for ``factor``)."""

    kind: str
    params: tuple[float, ...]

    @classmethod
    def plain(cls, key: str, low: float, high: float) -> Distribution:
        """Today's bare ``low:high`` range: a factor, or a shift for :data:`ADDITIVE` keys."""
        return cls("shift" if key in ADDITIVE else "factor", (float(low), float(high)))

    @property
    def fixed(self) -> bool:
        """True when every draw is the scenario's own value (1:1 factor, 0:0 shift)."""
        identity = {"factor": (1.0, 1.0), "shift": (0.0, 0.0)}
        return identity.get(self.kind) == self.params

    def text(self) -> str:
        """The ``--range`` form: ``0.5:2`` for a factor or shift, ``triangular:a:b:c`` else."""
        numbers = ":".join(f"{p:g}" for p in self.params)
        return numbers if self.kind in RELATIVE else f"{self.kind}:{numbers}"

    def to_json(self):
        """``[low, high]`` for a factor or shift (as before), else ``{"kind": ..., name: x}``."""
        if self.kind in RELATIVE:
            return list(self.params)
        names = KINDS[self.kind][0]
        return {"kind": self.kind, **dict(zip(names, self.params, strict=True))}

    def problem(self, key: str) -> str | None:
        """Why this distribution cannot be drawn for field ``key`` (one line), or None."""
        try:
            spec = spec_for(key)
        except KeyError:
            return "is not a known section.key"
        if spec.kind not in ("number", "integer"):
            return "is not a number: it has no range"
        if key in EXCLUDED:
            return "is the horizon of the question, not an uncertain input"
        if self.kind not in KINDS:
            return f"unknown distribution {self.kind!r} (known: {', '.join(KINDS)})"
        names = KINDS[self.kind][0]
        if len(self.params) != len(names):
            return f"{self.kind} takes {':'.join(n.upper() for n in names)}"
        if not all(math.isfinite(p) for p in self.params):
            return f"{' and '.join(names)} must be finite numbers"
        values = dict(zip(names, self.params, strict=True))
        return _shape_problem(self.kind, values) or _range_problem(self.kind, values, spec)

    def sample(self, u: np.ndarray, base: float | None, spec: FieldSpec) -> np.ndarray | None:
        """Values for the uniform draws ``u`` (0 <= u < 1), inside the field's valid range
        (integers rounded); None when a relative kind has no base to move (``auto``, or a
        factor of zero)."""
        p = self.params
        if self.kind == "factor":
            if base is None or base == 0:
                return None
            values = base * np.exp(_between(np.log(p[0]), np.log(p[1]), u))
        elif self.kind == "shift":
            if base is None:
                return None
            values = base + _between(p[0], p[1], u)
        elif self.kind == "uniform":
            values = _between(p[0], p[1], u)
        elif self.kind == "loguniform":
            values = np.exp(_between(np.log(p[0]), np.log(p[1]), u))
        elif self.kind == "triangular":
            values = _triangular(*p, u)
        else:
            values = _truncated_normal(self.kind, p[0], p[1], u, spec)
        values = spec.clip(values)
        return np.rint(values) if spec.kind == "integer" else values


def parse_distribution(key: str, text: str) -> Distribution:
    """``"0.5:2"`` (a factor, or a shift for :data:`ADDITIVE` keys) or ``"KIND:A:B[:C]"``;
    raises ValueError with a one-line reason."""
    parts = [part.strip() for part in text.split(":")]
    kind = parts[0].lower() if parts and not _is_number(parts[0]) else ""
    numbers = parts[1:] if kind else parts
    if kind and kind not in KINDS:
        raise ValueError(f"unknown distribution {kind!r} (known: {', '.join(KINDS)})")
    try:
        params = tuple(float(n) for n in numbers)
    except ValueError:
        params = ()
    if not kind:
        if len(params) != 2:
            raise ValueError(f"expected LOW:HIGH or KIND:A:B[:C] (got {text!r})")
        dist = Distribution.plain(key, *params)
    else:
        names = KINDS[kind][0]
        if len(params) != len(names):
            raise ValueError(f"{kind} takes {kind}:{':'.join(n.upper() for n in names)}")
        dist = Distribution(kind, params)
    problem = dist.problem(key)
    if problem:
        raise ValueError(problem)
    return dist


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def as_distribution(key: str, value) -> Distribution:
    """A :class:`Distribution` from one, or from today's ``(low, high)`` tuple."""
    if isinstance(value, Distribution):
        return value
    low, high = value
    return Distribution.plain(key, low, high)


def _shape_problem(kind: str, v: dict) -> str | None:
    if "high" in v and v["low"] > v["high"]:
        return f"the low end ({v['low']:g}) is above the high end ({v['high']:g})"
    if kind == "triangular" and not v["low"] <= v["mode"] <= v["high"]:
        return f"the mode ({v['mode']:g}) must lie between low and high"
    if kind in ("factor", "loguniform") and v["low"] <= 0:
        what = "factors" if kind == "factor" else "log-uniform values"
        return f"{what} must be above 0, e.g. 0.5:2 (got {v['low']:g})"
    if kind == "lognormal" and v["median"] <= 0:
        return f"the median must be above 0 (got {v['median']:g})"
    spread = v.get("sd", v.get("sigma"))
    if spread is not None and spread < 0:
        return f"the spread must be 0 or more (got {spread:g})"
    return None


def _range_problem(kind: str, v: dict, spec: FieldSpec) -> str | None:
    """Values of an absolute kind must be ones the field accepts (they replace its value)."""
    if kind in RELATIVE:
        return None
    lo = -math.inf if spec.lo is None else spec.lo
    hi = math.inf if spec.hi is None else spec.hi
    for name in ("low", "mode", "high", "mean", "median"):
        x = v.get(name)
        if x is None:
            continue
        if x < lo or (spec.lo_exclusive and x == lo):
            return f"{name} {x:g} is below the smallest valid value {lo:g}"
        if x > hi:
            return f"{name} {x:g} is above the largest valid value {hi:g}"
    return None


def _between(low: float, high: float, u: np.ndarray) -> np.ndarray:
    return low + (high - low) * u


def _triangular(low: float, mode: float, high: float, u: np.ndarray) -> np.ndarray:
    """Inverse CDF of the triangular distribution (a fixed value when low == high)."""
    width = high - low
    if width == 0:
        return np.full_like(u, low)
    c = (mode - low) / width
    rising = low + np.sqrt(u * width * (mode - low))
    falling = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < c, rising, falling)


def _truncated_normal(
    kind: str, centre: float, spread: float, u: np.ndarray, spec: FieldSpec
) -> np.ndarray:
    """Inverse CDF of a normal (or of ln x for a lognormal with median ``centre``) kept
    inside the field's valid range: ``u`` is mapped onto the CDF between its bounds."""
    log = kind == "lognormal"
    mu = math.log(centre) if log else centre
    if spread == 0:
        return np.full_like(u, centre)
    lo = -math.inf if spec.lo is None else spec.lo
    hi = math.inf if spec.hi is None else spec.hi
    if log:
        lo = math.log(lo) if lo > 0 else -math.inf
        hi = math.log(hi) if hi < math.inf else math.inf
    a, b = ndtr((lo - mu) / spread), ndtr((hi - mu) / spread)
    z = ndtri(np.clip(a + (b - a) * u, 1e-300, 1.0 - 1e-16))
    x = mu + spread * z
    return np.exp(x) if log else x
