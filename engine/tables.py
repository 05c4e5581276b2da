"""Results and chart data as CSV text: what a spreadsheet user takes away."""

from __future__ import annotations

import csv
import io
import math

import numpy as np

from .results import RESULT_FIELDS, Results


def results_csv(results: Results) -> str:
    """One row per result key: ``key,value,unit,meaning`` (a scalar evaluation).

    Flags are ``true``/``false``; values that do not exist (a crossover that never happens,
    the latency of a saturated queue) are empty.
    """
    if results.shape != ():
        raise ValueError("results_csv takes the results of a scalar scenario")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["key", "value", "unit", "meaning"])
    for section, fields in RESULT_FIELDS.items():
        for key, (unit, meaning) in fields.items():
            value = results.get(f"{section}.{key}").item()
            if isinstance(value, bool):
                text = "true" if value else "false"
            elif not math.isfinite(value):
                text = ""
            else:
                text = repr(float(value))
            writer.writerow([f"{section}.{key}", text, unit, meaning])
    return out.getvalue()


def chart_csv(data: dict) -> str:
    """A chart's data (``engine.sweeps`` output) as CSV: one column per 1-D series of the
    chart's length; a 2-D surface (the heatmap) as long format ``x,y,value`` rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    surfaces = {k: v for k, v in data.items() if np.ndim(v) == 2}
    if surfaces:
        xs_key, ys_key = (k for k, v in data.items() if np.ndim(v) == 1)
        xs, ys = np.asarray(data[xs_key]), np.asarray(data[ys_key])
        writer.writerow([xs_key, ys_key, *surfaces])
        for i, x in enumerate(xs):
            for j, y in enumerate(ys):
                writer.writerow([_cell(x), _cell(y), *(_cell(v[i, j]) for v in surfaces.values())])
        return out.getvalue()
    lengths = [np.size(v) for v in data.values() if np.ndim(v) == 1]
    n = max(lengths) if lengths else 0
    columns = {k: np.asarray(v) for k, v in data.items() if np.ndim(v) == 1 and np.size(v) == n}
    writer.writerow(list(columns))
    for i in range(n):
        writer.writerow([_cell(v[i]) for v in columns.values()])
    return out.getvalue()


def _cell(value) -> str:
    value = np.asarray(value).item()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return repr(float(value)) if isinstance(value, float) else str(value)
