"""Pinned scenarios (A, B, C...) side by side with the current one: inputs and KPIs as text,
each row marked where a pin differs from the current scenario."""

from __future__ import annotations

import math
from dataclasses import dataclass

from whatif.engine.fields import specs
from whatif.engine.scenario import SECTIONS

from .formatting import crossover_text, duration, format_result, input_text, percent, usd

LABELS = "ABCDEFGH"


@dataclass(frozen=True)
class Pin:
    """A scenario kept for comparison, with its analysis."""

    label: str
    analysis: object  # gui.analysis.Analysis
    name: str = ""
    """What the user called it (Analyse > Rename pinned scenario); the scenario's name
    until then."""

    @property
    def title(self) -> str:
        return f"{self.label}: {self.name or self.scenario.name or 'pinned'}"

    @property
    def scenario(self):
        return self.analysis.scenario


def _kpis(results) -> list[tuple[str, str]]:
    r = results
    crossover = float(r.lifecycle.crossover_month)
    p99 = float(r.inference.latency_p99_s)
    return [
        ("Lifetime cost", usd(float(r.lifecycle.horizon_cost_usd))),
        ("Training share", percent(float(r.lifecycle.training_share))),
        ("Crossover", crossover_text(crossover)),
        ("Cost per 1,000 queries", usd(float(r.inference.cost_per_1k_queries_usd))),
        ("p99 latency", "saturated" if bool(r.inference.saturated) else duration(p99)),
        ("p99 time to first token", duration(float(r.inference.ttft_p99_s))),
        ("Time per output token", duration(float(r.inference.tpot_s))),
        ("Targets met", "yes" if bool(r.inference.slo_met) else "no"),
        ("Energy", format_result(float(r.lifecycle.horizon_energy_kwh), "kWh")),
        ("CO2", format_result(float(r.lifecycle.horizon_co2_kg), "kgCO2e")),
        ("Mean accuracy", percent(float(r.quality.mean_accuracy))),
    ]


def _kpi_numbers(results) -> dict[str, tuple[float, str]]:
    """The KPIs that have a difference, by row name: (value, how to write a difference)."""
    r = results
    return {
        "Lifetime cost": (float(r.lifecycle.horizon_cost_usd), "usd"),
        "Training share": (float(r.lifecycle.training_share), "points"),
        "Cost per 1,000 queries": (float(r.inference.cost_per_1k_queries_usd), "usd"),
        "p99 latency": (float(r.inference.latency_p99_s), "s"),
        "p99 time to first token": (float(r.inference.ttft_p99_s), "s"),
        "Time per output token": (float(r.inference.tpot_s), "s"),
        "Energy": (float(r.lifecycle.horizon_energy_kwh), "kWh"),
        "CO2": (float(r.lifecycle.horizon_co2_kg), "kgCO2e"),
        "Mean accuracy": (float(r.quality.mean_accuracy), "points"),
    }


def difference_text(pin_value: float, current: float, how: str) -> str:
    """``pin - current`` as people read it: ``"+$12.3k (+8%)"``, ``"-1.2 points"``; ``""``
    when equal or undefined."""
    if not (math.isfinite(pin_value) and math.isfinite(current)) or pin_value == current:
        return "" if pin_value == current else "—"
    delta = pin_value - current
    sign = "+" if delta > 0 else "-"
    if how == "points":
        points = abs(delta) * 100
        return f"{sign}{points:.1f} points" if points >= 0.05 else ""
    size = {
        "usd": usd,
        "s": duration,
        "kWh": lambda v: format_result(v, "kWh"),
        "kgCO2e": lambda v: format_result(v, "kgCO2e"),
    }[how](abs(delta))
    relative = f" ({delta / abs(current):+.0%})" if current else ""
    return f"{sign}{size}{relative}"


def differences(current, pin: Pin) -> dict[str, str]:
    """The Compare tab's difference column for ``pin``: pin minus current, per KPI row."""
    now, then = _kpi_numbers(current.results), _kpi_numbers(pin.analysis.results)
    return {name: difference_text(then[name][0], value, how) for name, (value, how) in now.items()}


def _inputs(scenario) -> list[tuple[str, str]]:
    rows = [("Name", scenario.name or "—")]
    for section, cls in SECTIONS.items():
        for key, spec in specs(cls).items():
            value = scenario.get(f"{section}.{key}")
            text = input_text(value, spec.unit)
            rows.append((spec.label or key, text))
    return rows


def comparison_rows(current, pins: list[Pin], all_inputs: bool = False):
    """``(heading, rows)`` pairs for KPIs then inputs; a row is ``(name, [current, pin...],
    differs)``. Inputs equal everywhere are left out unless ``all_inputs``."""
    columns = [current, *(pin.analysis for pin in pins)]
    out = []
    for heading, extract in (
        ("KPIs", lambda a: _kpis(a.results)),
        ("Inputs", lambda a: _inputs(a.scenario)),
    ):
        table = [extract(a) for a in columns]
        rows = []
        for i, (name, _) in enumerate(table[0]):
            values = [t[i][1] for t in table]
            differs = any(v != values[0] for v in values[1:])
            if heading == "Inputs" and not differs and not all_inputs and name != "Name":
                continue
            rows.append((name, values, differs))
        out.append((heading, rows))
    return out
