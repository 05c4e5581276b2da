"""The latency targets of a scenario next to what the evaluation achieves, for the KPI
cards, the report, the comparison and the command line (one place, so they agree)."""

from __future__ import annotations

from dataclasses import dataclass

from .inference import BINDING_TARGETS, INFEASIBLE
from .results import Results
from .scenario import Scenario


@dataclass(frozen=True)
class TargetCheck:
    """One target: what it limits, its value and the achieved figure [s]."""

    name: str  # "TTFT p99", "TPOT", "end-to-end p99"
    target_s: float
    achieved_s: float

    @property
    def met(self) -> bool:
        return self.achieved_s <= self.target_s * (1 + 1e-9)


def target_checks(scenario: Scenario, results: Results) -> list[TargetCheck]:
    """The scenario's targets (those set) with the achieved values of a scalar evaluation.
    A generic model's TTFT and end-to-end are the same pass, so only end-to-end shows."""
    s, i = scenario.inference, results.inference
    llm = scenario.model.kind == "llm"
    rows = []
    if llm and s.ttft_slo_ms is not None:
        rows.append(TargetCheck("TTFT p99", float(s.ttft_slo_ms) / 1e3, float(i.ttft_p99_s)))
    if llm and s.tpot_slo_ms is not None:
        rows.append(TargetCheck("TPOT", float(s.tpot_slo_ms) / 1e3, float(i.tpot_s)))
    if s.latency_slo_ms is not None:
        rows.append(
            TargetCheck("end-to-end p99", float(s.latency_slo_ms) / 1e3, float(i.latency_p99_s))
        )
    return rows


def binding_text(results: Results) -> str:
    """What sets the operating concurrency, in words (scalar evaluation)."""
    code = round(float(results.inference.binding_target))
    return BINDING_TARGETS[min(max(code, 0), INFEASIBLE)]
