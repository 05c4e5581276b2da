"""Fit a hardware profile's efficiencies to benchmark runs.

``calibrate(profile, measurements, scenario)`` adjusts inference compute and memory
efficiency and the per-iteration overhead (serving runs) and training MFU (training runs) by
bounded least squares on the log errors, ``log(predicted / measured)`` of every measured
figure (scipy.optimize.least_squares, trust-region reflective). Each evaluation of the
residuals is a few vectorised engine calls over all runs (:mod:`engine.calibration_model`).

Uncertainty: the 1-sigma of each fitted parameter from the Jacobian at the optimum,
``sqrt(diag((J^T J)^-1) s^2)`` with ``s^2 = sum(r^2) / (m - n)`` (m figures, n parameters);
a parameter the runs do not move (every run memory-bound says nothing about compute) is kept
at the profile's value and reported as not determined.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from .calibration_model import FITS, predict, run_concurrency, trial_profile
from .errors import InputError
from .measurements import Measurement, check
from .profiles import Profile

PARAMETERS = {
    # name: (lower bound, upper bound, unit, meaning)
    "inference_compute": (0.02, 1.0, "fraction", "inference compute efficiency"),
    "inference_memory": (0.02, 1.0, "fraction", "inference memory efficiency"),
    "step_overhead_ms": (0.0, 50.0, "ms", "per-iteration overhead"),
    "train_mfu": (0.02, 1.0, "fraction", "training MFU"),
}
SERVING_PARAMETERS = ("inference_compute", "inference_memory", "step_overhead_ms")

UNDETERMINED = 1e-3
"""A parameter whose log-error sensitivity is below this share of the largest one's is not
determined by the runs and stays at the profile's value."""

FAR_OUTSIDE = 2.0
"""A scenario more than this factor outside the measured range gets a warning."""


@dataclass(frozen=True)
class FittedParameter:
    """One efficiency before and after the fit (``uncertainty``: 1 sigma, same unit)."""

    name: str
    before: float
    after: float
    uncertainty: float | None
    unit: str
    fitted: bool
    note: str = ""


@dataclass(frozen=True)
class PointError:
    """One measured figure of one run, and what the engine predicts before and after."""

    run: Measurement
    metric: str
    measured: float
    before: float
    after: float

    @property
    def error_before(self) -> float:
        """Relative error before the fit (predicted / measured - 1)."""
        return self.before / self.measured - 1.0

    @property
    def error_after(self) -> float:
        return self.after / self.measured - 1.0


@dataclass(frozen=True)
class Calibration:
    """The fit: the profile with fitted efficiencies, each parameter, each figure's error."""

    original: Profile
    profile: Profile
    parameters: list[FittedParameter]
    points: list[PointError]
    skipped: list[tuple[Measurement, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def runs(self) -> list[Measurement]:
        seen = []
        for p in self.points:
            if p.run not in seen:
                seen.append(p.run)
        return seen

    def rms_log_error(self, when: str = "after") -> float:
        """Root-mean-square of log(predicted / measured) over every figure."""
        values = [math.log(getattr(p, when) / p.measured) for p in self.points]
        return math.sqrt(sum(v * v for v in values) / len(values)) if values else 0.0

    def efficiency(self) -> dict[str, float]:
        return {p.name: p.after for p in self.parameters if p.fitted}

    def to_dict(self) -> dict:
        return {
            "profile": self.original.id,
            "parameters": [dataclasses.asdict(p) for p in self.parameters],
            "points": [
                {
                    "run": p.run.name(),
                    "source": p.run.source,
                    "metric": p.metric,
                    "measured": p.measured,
                    "predicted_before": p.before,
                    "predicted_after": p.after,
                    "error_before": p.error_before,
                    "error_after": p.error_after,
                }
                for p in self.points
            ],
            "rms_log_error_before": self.rms_log_error("before"),
            "rms_log_error_after": self.rms_log_error("after"),
            "skipped": [{"source": m.source, "reason": why} for m, why in self.skipped],
            "warnings": list(self.warnings),
        }


def usable_runs(profile: Profile, runs: list[Measurement]):
    """(runs to fit, [(run, why skipped)]): runs on other hardware are skipped; a run
    missing what the engine needs raises :class:`InputError` (file: field: problem)."""
    problems, use, skipped = [], [], []
    for m in runs:
        if m.hardware is not None and m.hardware != profile.id:
            skipped.append((m, f"measured on {m.hardware}, not {profile.id}"))
            continue
        problems.extend(check(m))
        if m.is_training and m.precision not in (None, "fp32", "bf16", "fp16", "fp8"):
            problems.append(_error(m, "precision", "training runs in fp32, bf16, fp16 or fp8"))
        use.append(m)
    if problems:
        raise InputError(problems)
    if not use:
        raise InputError([_error(runs[0] if runs else None, "hardware", f"no run on {profile.id}")])
    return use, skipped


def _error(m, key, message):
    from .errors import LoadError

    source = m.source if m else "calibrate"
    file, _, line = source.rpartition(":")
    if line.isdigit():
        return LoadError(file, int(line), key, message)
    return LoadError(source, 0, key, message)


def calibrate(
    profile: Profile, measurements: list[Measurement], scenario, parameters=None
) -> Calibration:
    """Fit ``profile``'s efficiencies to ``measurements`` (complete runs: see
    :class:`engine.measurements.RunDefaults`) with ``scenario``'s serving settings (token
    budget per iteration, usable memory); warn where ``scenario`` lies outside the runs.

    ``parameters`` limits the fit to some of :data:`PARAMETERS` (default: the serving ones
    when there are serving runs, ``train_mfu`` when there are training runs); fewer runs than
    parameters leave the fit underdetermined (no uncertainty): fit fewer then.
    """
    runs, skipped = usable_runs(profile, measurements)
    names = []
    if any(not m.is_training for m in runs):
        names += list(SERVING_PARAMETERS)
    if any(m.is_training for m in runs):
        names.append("train_mfu")
    if parameters is not None:
        unknown = [p for p in parameters if p not in PARAMETERS]
        if unknown:
            raise InputError(
                [
                    _error(
                        None,
                        "parameters",
                        f"unknown {', '.join(unknown)} (known: {', '.join(PARAMETERS)})",
                    )
                ]
            )
        names = [n for n in names if n in parameters]
    start = np.array([float(getattr(profile.efficiency, n)) for n in names], dtype=float)
    lower = np.array([PARAMETERS[n][0] for n in names])
    upper = np.array([PARAMETERS[n][1] for n in names])
    start = np.clip(start, lower, upper)
    measured = [
        (i, metric, value) for i, m in enumerate(runs) for metric, value in m.measured().items()
    ]
    target = np.log([value for _, _, value in measured])

    def figures(x):
        trial = trial_profile(profile, dict(zip(names, map(float, x), strict=True)), runs)
        return predict(trial, runs, scenario)

    def residuals(x):
        out = figures(x)
        return np.log([out[i][metric] for i, metric, _ in measured]) - target

    before = figures(start)
    free = _determined(residuals, start, lower, upper)
    x = start.copy()
    message = "nothing to fit"
    if free.any():

        def sub(xf):
            full = x.copy()
            full[free] = xf
            return residuals(full)

        fit = least_squares(
            sub, start[free], bounds=(lower[free], upper[free]), x_scale="jac", diff_step=1e-3
        )
        x[free] = fit.x
        message = fit.message
        sigma = _uncertainty(fit.jac, fit.fun)
    after = figures(x)
    params = []
    k = 0
    for j, name in enumerate(names):
        lo, hi, unit, _ = PARAMETERS[name]
        if free[j]:
            s = sigma[k]
            k += 1
            at_bound = np.isclose(x[j], lo) or np.isclose(x[j], hi)
            params.append(
                FittedParameter(
                    name,
                    float(start[j]),
                    float(x[j]),
                    s,
                    unit,
                    True,
                    "at its bound" if at_bound else "",
                )
            )
        else:
            params.append(
                FittedParameter(
                    name,
                    float(start[j]),
                    float(start[j]),
                    None,
                    unit,
                    False,
                    "not determined by these runs",
                )
            )
    fitted = trial_profile(profile, {p.name: p.after for p in params}, [])
    fitted = dataclasses.replace(fitted, max_devices_per_replica=profile.max_devices_per_replica)
    points = [
        PointError(runs[i], metric, value, before[i][metric], after[i][metric])
        for i, metric, value in measured
    ]
    warnings = [
        f"{m.name()}: the engine finds no replica of {m.devices:g} devices that holds this run "
        "(model and sequences do not fit its memory, or targets are missed): compared anyway"
        for i, m in enumerate(runs)
        if not after[i][FITS]
    ]
    warnings += extrapolation_warnings(runs, scenario, fitted)
    return Calibration(profile, fitted, params, points, skipped, warnings, message)


def _determined(residuals, x, lower, upper) -> np.ndarray:
    """Which parameters move the residuals at all (a forward step inside the bounds)."""
    base = residuals(x)
    norms = []
    for j in range(x.size):
        step = x.copy()
        h = 0.05 * max(abs(x[j]), 0.01)
        step[j] = x[j] + h if x[j] + h <= upper[j] else x[j] - h
        norms.append(float(np.linalg.norm(residuals(step) - base)))
    norms = np.array(norms)
    if not np.any(norms > 0):
        return np.zeros(x.size, dtype=bool)
    return norms > UNDETERMINED * norms.max()


def _uncertainty(jac, fun) -> list[float | None]:
    """1-sigma of each parameter from the Jacobian at the optimum (None when the runs are
    no more than the parameters, so there is no residual variance to scale by)."""
    m, n = jac.shape
    if m <= n:
        return [None] * n
    variance = float(np.sum(np.square(fun))) / (m - n)
    covariance = np.linalg.pinv(jac.T @ jac) * variance
    return [float(math.sqrt(max(v, 0.0))) for v in np.diag(covariance)]


def extrapolation_warnings(runs: list[Measurement], scenario, profile: Profile) -> list[str]:
    """Where ``scenario`` (serving on ``profile``'s hardware) lies more than
    :data:`FAR_OUTSIDE` times outside the runs' concurrency, prompt length or model size."""
    from .evaluate import evaluate

    serving = [m for m in runs if not m.is_training]
    if not serving:
        return []
    try:
        s = scenario.with_profiles({**scenario.profiles, profile.id: profile})
        s = s.override({"inference.hardware": profile.id})
        batch = float(np.max(evaluate(s).inference.batch))
    except InputError:
        return []
    measured_batch = [run_concurrency(m) for m in serving]
    if any(b is None for b in measured_batch):  # a max-load run spans every concurrency up
        measured_batch = [b for b in measured_batch if b is not None] or [batch]
        measured_batch.append(batch)
    checks = (
        ("concurrency", batch, measured_batch, "sequences"),
        (
            "prompt length",
            _top(scenario.model.prompt_tokens),
            [m.prompt_tokens for m in serving],
            "tokens",
        ),
        ("model size", _top(scenario.model.params), [m.params for m in serving], "parameters"),
    )
    out = []
    for what, value, seen, unit in checks:
        lo, hi = min(seen), max(seen)
        if value > hi * FAR_OUTSIDE or value < lo / FAR_OUTSIDE:
            out.append(
                f"the scenario's {what} ({_short(value)} {unit}) is outside the measured "
                f"{_short(lo)}-{_short(hi)}: the fit extrapolates there"
            )
    return out


def _top(value) -> float:
    return float(np.max(np.asarray(value, dtype=float)))


def _short(value: float) -> str:
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"
