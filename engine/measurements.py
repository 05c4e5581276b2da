"""Benchmark measurements to calibrate a profile against, and the plain CSV format.

One :class:`Measurement` is one run: a serving run (a load generator against a server: its
concurrency or request rate, prompt and output lengths, and what it measured: output
tokens/s of the whole run, time to first token, time per output token) or a training run
(tokens/s). Whatever a file does not say (the model, the hardware, the precision) comes from
:class:`RunDefaults`, filled from the command line, the dialog or the scenario.

The CSV has one header row with any of :data:`CSV_COLUMNS` in any order; empty cells are
allowed where a figure was not measured. Problems are reported as ``file:line: column:
problem`` (:class:`engine.errors.InputError`), never as a traceback.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import InputError, LoadError
from .precision import PRECISIONS

MAX_FILE_BYTES = 20_000_000
"""Larger files are refused unread (a benchmark summary is kilobytes)."""

CSV_COLUMNS = {
    # column: (unit, meaning)
    "hardware": ("", "hardware profile id the run used (e.g. h100-sxm)"),
    "devices": ("devices", "devices the run used in all (the server's tensor degree)"),
    "params": ("parameters", "model parameters (all experts of a mixture)"),
    "active_params": ("parameters", "parameters used per token (mixture of experts)"),
    "precision": ("", f"weight precision ({', '.join(PRECISIONS)})"),
    "prompt_tokens": ("tokens", "mean prompt length"),
    "output_tokens": ("tokens", "mean generated length"),
    "concurrency": (
        "requests",
        "requests kept in flight over the whole run (empty: as many as fit, max load)",
    ),
    "request_rate": ("requests/s", "offered request rate (empty or inf: closed loop)"),
    "output_tokens_per_s": ("tokens/s", "output tokens per second of the whole run"),
    "ttft_ms": ("ms", "median time to first token"),
    "tpot_ms": ("ms", "mean time per output token of one request"),
    "training_tokens_per_s": ("tokens/s", "training throughput of the whole run"),
    # Optional extras (not in the list; any tool's CSV may leave them out).
    "layers": ("layers", "transformer layers (empty: estimated from params)"),
    "hidden_size": ("", "model width d_model (empty: estimated from params)"),
    "kv_heads": ("heads", "key/value heads (empty: 8)"),
    "kv_precision": ("", "KV-cache precision (empty: follows the weights)"),
    "devices_per_replica": (
        "devices",
        "devices of one replica (empty: the run is one replica of all its devices; auto: the "
        "engine picks the best shape, as for an MLPerf system of several replicas)",
    ),
    "ttft_target_ms": ("ms", "p99 TTFT target the run was held to (MLPerf Server)"),
    "tpot_target_ms": ("ms", "p99 TPOT target the run was held to (MLPerf Server)"),
    "label": ("", "a name for the run"),
}
"""Every CSV column: (unit, meaning)."""

NUMERIC = (
    "devices",
    "params",
    "active_params",
    "prompt_tokens",
    "output_tokens",
    "concurrency",
    "request_rate",
    "output_tokens_per_s",
    "ttft_ms",
    "tpot_ms",
    "training_tokens_per_s",
    "layers",
    "hidden_size",
    "devices_per_replica",
    "kv_heads",
    "ttft_target_ms",
    "tpot_target_ms",
)
METRICS = ("output_tokens_per_s", "ttft_ms", "tpot_ms", "training_tokens_per_s")
"""The measured figures a fit compares with the engine."""


@dataclass(frozen=True)
class Measurement:
    """One benchmark run (units in the field names; None where not known or measured)."""

    source: str  # "file:line" or "file"
    label: str = ""
    hardware: str | None = None
    devices: float | None = None
    devices_per_replica: float | None = None  # None: one replica of all the devices
    choose_shape: bool = False  # the engine picks the best replica shape within the devices
    params: float | None = None
    active_params: float | None = None
    precision: str | None = None
    kv_precision: str | None = None
    layers: float | None = None
    hidden_size: float | None = None
    kv_heads: float | None = None
    prompt_tokens: float | None = None
    output_tokens: float | None = None
    concurrency: float | None = None
    request_rate: float | None = None  # requests/s; None = closed loop
    e2e_ms: float | None = None  # mean end-to-end latency (sets a rate run's concurrency)
    ttft_target_ms: float | None = None
    tpot_target_ms: float | None = None
    output_tokens_per_s: float | None = None
    ttft_ms: float | None = None
    tpot_ms: float | None = None
    training_tokens_per_s: float | None = None

    @property
    def is_training(self) -> bool:
        return self.training_tokens_per_s is not None

    def measured(self) -> dict[str, float]:
        """The figures this run measured, by metric name."""
        return {m: getattr(self, m) for m in METRICS if getattr(self, m) is not None}

    @property
    def replicas(self) -> float:
        """Replicas the run's devices form (1 unless ``devices_per_replica`` says)."""
        if self.devices_per_replica and self.devices:
            return self.devices / self.devices_per_replica
        return 1.0

    def name(self) -> str:
        return self.label or self.source


@dataclass(frozen=True)
class RunDefaults:
    """What the files do not say: given on the command line, in the dialog, or taken from
    the scenario. ``None`` leaves a field unknown (a run that needs it is refused)."""

    hardware: str | None = None
    devices: float | None = None
    params: float | None = None
    active_params: float | None = None
    precision: str | None = None
    prompt_tokens: float | None = None
    output_tokens: float | None = None
    concurrency: float | None = None


def complete(m: Measurement, defaults: RunDefaults) -> Measurement:
    """``m`` with its unknown fields taken from ``defaults`` (the file wins)."""
    changes = {
        f.name: getattr(defaults, f.name)
        for f in fields(RunDefaults)
        if getattr(m, f.name) is None and getattr(defaults, f.name) is not None
    }
    return replace(m, **changes) if changes else m


def check(m: Measurement) -> list[LoadError]:
    """What stops ``m`` from being compared with the engine (as file: field: problem)."""
    file, _, line = m.source.rpartition(":")
    file, line = (file, int(line)) if line.isdigit() else (m.source, 0)
    problems = []

    def bad(key, message):
        problems.append(LoadError(file, line, key, message))

    if not m.measured():
        bad(
            "",
            "no measured figure (output_tokens_per_s, ttft_ms, tpot_ms or training_tokens_per_s)",
        )
    for key, hint in (("hardware", "--hardware"), ("devices", "--devices"), ("params", "--params")):
        if getattr(m, key) is None:
            bad(key, f"not in the file: give {hint}")
    if m.precision is None:
        bad("precision", "not in the file: give --precision")
    if m.is_training:
        return problems
    if m.devices_per_replica is not None and m.devices is not None:
        replicas = m.devices / m.devices_per_replica
        if replicas < 1 or replicas != round(replicas):
            bad("devices_per_replica", f"must divide devices ({m.devices:g})")
    for key, hint in (("prompt_tokens", "--prompt-tokens"), ("output_tokens", "--output-tokens")):
        if getattr(m, key) is None:
            bad(key, f"not in the file: give {hint}")
    unknown_stay = m.e2e_ms is None and (m.ttft_ms is None or m.tpot_ms is None)
    if m.request_rate is not None and m.concurrency is None and unknown_stay:
        bad(
            "concurrency",
            "a request-rate run needs its concurrency, its mean end-to-end latency, or "
            "both ttft_ms and tpot_ms (to infer it)",
        )
    return problems


def read_csv_text(text: str, file: str) -> list[Measurement]:
    """Measurements from CSV ``text`` (see :data:`CSV_COLUMNS`); raise InputError. Lines
    starting with ``#`` are comments (where the figures came from)."""
    reader = csv.reader(io.StringIO(text))
    rows = []
    for row in reader:
        if row and row[0].lstrip().startswith("#"):
            continue
        if any(cell.strip() for cell in row):
            rows.append((reader.line_num, row))
    if not rows:
        raise InputError([LoadError(file, 0, "", "empty file: expected a header row")])
    header_line, header = rows[0]
    header = [cell.strip().lower() for cell in header]
    errors = []
    for name in header:
        if name and name not in CSV_COLUMNS:
            errors.append(
                LoadError(
                    file, header_line, name, f"unknown column (known: {', '.join(CSV_COLUMNS)})"
                )
            )
    for name in sorted({n for n in header if n and header.count(n) > 1}):
        errors.append(LoadError(file, header_line, name, "column given twice"))
    if errors:
        raise InputError(errors)
    out = []
    for number, row in rows[1:]:
        if len(row) > len(header):
            errors.append(
                LoadError(file, number, "", f"{len(row)} cells for {len(header)} columns")
            )
            continue
        values = {}
        for name, cell in zip(header, row, strict=False):
            cell = cell.strip()
            if not name or not cell:
                continue
            value, problem = _cell(name, cell)
            if problem:
                errors.append(LoadError(file, number, name, problem))
            elif value == "auto":
                values["choose_shape"] = True
            elif value is not None:
                values[name] = value
        out.append(Measurement(source=f"{file}:{number}", **values))
    if errors:
        raise InputError(errors)
    if not out:
        raise InputError([LoadError(file, 0, "", "no rows under the header")])
    return out


def _cell(name: str, cell: str):
    """(value, problem) of one CSV cell."""
    if name in ("hardware", "label"):
        return cell, None
    if name == "devices_per_replica" and cell.lower() == "auto":
        return "auto", None
    if name in ("precision", "kv_precision"):
        low = cell.lower()
        if low not in PRECISIONS:
            return None, f"unknown precision {cell!r} (known: {', '.join(PRECISIONS)})"
        return low, None
    try:
        value = float(cell.replace("_", "").replace(",", ""))
    except ValueError:
        return None, f"expected a number (got {cell!r})"
    if name == "request_rate" and math.isinf(value) and value > 0:
        return None, None  # "inf": closed loop, as vLLM writes it
    return positive(value)


def positive(value) -> tuple[float | None, str | None]:
    """(value, None) for a finite positive number, else (None, problem)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"expected a number (got {value!r})"
    value = float(value)
    if not math.isfinite(value):
        return None, f"must be finite (got {value!r})"
    if value <= 0:
        return None, f"must be positive (got {value:g})"
    return value, None


def read_text(path: str | Path) -> str:
    """A file's text, refusing huge, missing or undecodable files with one clear line."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError([LoadError(str(path), 0, "", exc.strerror or str(exc))]) from None
    if size > MAX_FILE_BYTES:
        raise InputError(
            [LoadError(str(path), 0, "", f"file too large ({size:,} bytes) for a benchmark result")]
        )
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            [LoadError(str(path), 0, "", f"not UTF-8 text (byte {exc.start})")]
        ) from None
    except OSError as exc:
        raise InputError([LoadError(str(path), 0, "", exc.strerror or str(exc))]) from None
