"""Importers for benchmark tools' result files: vLLM's ``vllm bench serve --save-result``
JSON, GenAI-Perf's ``profile_export_genai_perf.json`` and AIPerf's
``profile_export_aiperf.json``, plus the plain CSV (:mod:`engine.measurements`).

Formats as read in the tools' sources:

- vLLM (``vllm/benchmarks/serve.py``, the ``vllm bench serve`` command; the same keys as the
  earlier ``benchmarks/benchmark_serving.py --save-result``): one JSON object per run (several,
  one per line, with ``--append-result``) with ``request_rate`` (a number or ``"inf"``),
  ``max_concurrency`` (null when not limited), ``duration`` [s], ``completed``,
  ``total_input_tokens``, ``total_output_tokens``, ``request_throughput`` [req/s],
  ``output_throughput`` [tok/s], and ``mean_/median_/std_/p99_`` + ``ttft_ms``, ``tpot_ms``,
  ``itl_ms``, ``e2el_ms``.
- GenAI-Perf (``genai_perf/export_data/json_exporter.py`` and ``metrics/statistics.py``):
  one object per metric, ``{"unit": "ms", "avg": .., "p50": .., "p99": .., ...}``, for
  ``time_to_first_token``, ``inter_token_latency``, ``request_latency``,
  ``output_token_throughput``, ``request_throughput``, ``input_sequence_length``,
  ``output_sequence_length``; the run's arguments under ``input_config`` (``concurrency`` /
  ``request_rate``, or ``perf_analyzer.stimulus`` in the newer config-file versions).
- AIPerf (``aiperf/exporters/metrics_json_exporter.py``): the same metric objects at the top
  level beside ``aiperf_version`` and ``input_config.loadgen.concurrency`` / ``request_rate``.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import InputError, LoadError
from .measurements import Measurement, positive, read_csv_text, read_text

TIME_UNITS = {"ms": 1.0, "s": 1000.0, "sec": 1000.0, "us": 1e-3, "ns": 1e-6}
"""Milliseconds per unit of the time metrics a JSON export may state."""


def read_measurement_file(path: str | Path) -> tuple[list[Measurement], str]:
    """The runs in one file and the format it was read as ("CSV", "vLLM bench serve",
    "GenAI-Perf", "AIPerf"). Raise :class:`InputError` with ``file: field: problem``."""
    file = str(path)
    text = read_text(path)
    if Path(path).suffix.lower() == ".csv":
        return read_csv_text(text, file), "CSV"
    documents = _json_documents(text, file)
    runs, kinds = [], set()
    for index, doc in enumerate(documents):
        where = file if len(documents) == 1 else f"{file}:{index + 1}"
        if not isinstance(doc, dict):
            raise InputError([LoadError(file, 0, "", "expected a JSON object per run")])
        if "output_throughput" in doc or "mean_ttft_ms" in doc or "completed" in doc:
            runs.append(_vllm(doc, where))
            kinds.add("vLLM bench serve")
        elif any(k in doc for k in _GENAI_METRICS):
            runs.append(_genai(doc, where))
            kinds.add("AIPerf" if "aiperf_version" in doc else "GenAI-Perf")
        else:
            raise InputError(
                [
                    LoadError(
                        where,
                        0,
                        "",
                        "not a benchmark result this tool reads (vLLM bench serve "
                        "--save-result JSON, GenAI-Perf or AIPerf profile export JSON, or CSV)",
                    )
                ]
            )
    return runs, " + ".join(sorted(kinds))


def _json_documents(text: str, file: str) -> list:
    """One JSON document, or several one per line (vLLM's ``--append-result``)."""
    stripped = text.strip()
    if not stripped:
        raise InputError([LoadError(file, 0, "", "empty file")])
    try:
        return [json.loads(stripped)]
    except json.JSONDecodeError as first:
        lines = [line for line in stripped.splitlines() if line.strip()]
        if len(lines) > 1:
            docs = []
            for line in lines:
                try:
                    docs.append(json.loads(line))
                except json.JSONDecodeError:
                    break
            else:
                return docs
        raise InputError(
            [
                LoadError(
                    file, first.lineno, "", f"not valid JSON: {first.msg} (column {first.colno})"
                )
            ]
        ) from None


def _number(doc: dict, key: str, where: str, errors: list, required=False, label=None):
    """A positive number at ``doc[key]`` or None; a problem is appended to ``errors``."""
    value = doc.get(key)
    if value is None:
        if required:
            errors.append(LoadError(where, 0, label or key, "missing"))
        return None
    checked, problem = positive(value)
    if problem:
        errors.append(LoadError(where, 0, label or key, problem))
    return checked


def _vllm(doc: dict, where: str) -> Measurement:
    errors: list[LoadError] = []
    completed = _number(doc, "completed", where, errors, required=True)
    total_in = _number(doc, "total_input_tokens", where, errors, required=True)
    total_out = _number(doc, "total_output_tokens", where, errors, required=True)
    throughput = _number(doc, "output_throughput", where, errors, required=True)
    concurrency = _number(doc, "max_concurrency", where, errors)
    rate = doc.get("request_rate")  # "inf" (or absent): no rate, a closed loop
    rate = None if rate in ("inf", None) else _number(doc, "request_rate", where, errors)
    ttft = _number(doc, "median_ttft_ms", where, errors)
    if ttft is None:
        ttft = _number(doc, "mean_ttft_ms", where, errors)
    tpot = _number(doc, "mean_tpot_ms", where, errors)
    e2e = _number(doc, "mean_e2el_ms", where, errors)
    if errors:
        raise InputError(errors)
    model = doc.get("model_id") or ""
    shown = f"c={concurrency:g}" if concurrency else (f"{rate:g} req/s" if rate else "max load")
    return Measurement(
        source=where,
        label=f"{model} {shown}".strip(),
        prompt_tokens=total_in / completed,
        output_tokens=total_out / completed,
        concurrency=concurrency,
        request_rate=rate,
        e2e_ms=e2e,
        output_tokens_per_s=throughput,
        ttft_ms=ttft,
        tpot_ms=tpot,
    )


_GENAI_METRICS = (
    "time_to_first_token",
    "inter_token_latency",
    "request_latency",
    "output_token_throughput",
    "request_throughput",
)


def _stat(doc: dict, metric: str, stats: tuple[str, ...], where: str, errors: list, time=False):
    """``doc[metric][stat]`` for the first stat present, in ms for time metrics."""
    entry = doc.get(metric)
    if entry is None:
        return None
    if not isinstance(entry, dict):
        errors.append(LoadError(where, 0, metric, "expected an object with avg/p50/p99"))
        return None
    factor = 1.0
    if time:
        unit = str(entry.get("unit", "ms")).lower()
        if unit not in TIME_UNITS:
            errors.append(LoadError(where, 0, f"{metric}.unit", f"unknown time unit {unit!r}"))
            return None
        factor = TIME_UNITS[unit]
    for stat in stats:
        if stat in entry:
            value = _number(entry, stat, where, errors, label=f"{metric}.{stat}")
            return None if value is None else value * factor
    errors.append(LoadError(where, 0, metric, f"has none of {', '.join(stats)}"))
    return None


def _setting(config, *paths):
    """The first value found at one of the dotted ``paths`` in the run's input_config."""
    for path in paths:
        node = config
        for key in path.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None:
            return node
    return None


def _genai(doc: dict, where: str) -> Measurement:
    errors: list[LoadError] = []
    throughput = _stat(doc, "output_token_throughput", ("avg",), where, errors)
    ttft = _stat(doc, "time_to_first_token", ("p50", "avg"), where, errors, time=True)
    tpot = _stat(doc, "inter_token_latency", ("avg", "p50"), where, errors, time=True)
    e2e = _stat(doc, "request_latency", ("avg", "p50"), where, errors, time=True)
    prompt = _stat(doc, "input_sequence_length", ("avg", "p50"), where, errors)
    output = _stat(doc, "output_sequence_length", ("avg", "p50"), where, errors)
    config = doc.get("input_config") or {}
    concurrency = _setting(
        config, "concurrency", "perf_analyzer.stimulus.concurrency", "loadgen.concurrency"
    )
    rate = _setting(
        config, "request_rate", "perf_analyzer.stimulus.request_rate", "loadgen.request_rate"
    )
    checked = {}
    for key, value in (("concurrency", concurrency), ("request_rate", rate)):
        if value is not None:
            checked[key], problem = positive(value)
            if problem:
                errors.append(LoadError(where, 0, f"input_config.{key}", problem))
    if errors:
        raise InputError(errors)
    model = _setting(config, "model", "model_names", "endpoint.model_names")
    if isinstance(model, list):
        model = model[0] if model else ""
    concurrency = checked.get("concurrency")
    shown = f"c={concurrency:g}" if concurrency else ""
    return Measurement(
        source=where,
        label=f"{model or ''} {shown}".strip(),
        prompt_tokens=prompt,
        output_tokens=output,
        concurrency=concurrency,
        request_rate=checked.get("request_rate"),
        e2e_ms=e2e,
        output_tokens_per_s=throughput,
        ttft_ms=ttft,
        tpot_ms=tpot,
    )
