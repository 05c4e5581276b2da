"""The Results of an evaluation: named arrays in sections, with units and meanings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .lazy import Lazy

RESULT_FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "training": {
        "flops": (
            "FLOP",
            "Compute of the first run: pre-training, or the first fine-tune of open weights",
        ),
        "device_hours": ("device-h", "Device-hours of the first run (goodput included)"),
        "wall_clock_days": ("days", "Wall-clock time of the first run"),
        "cost_usd": ("USD", "Cost of the first run (without development runs)"),
        "energy_kwh": ("kWh", "Facility energy of the first run (PUE included)"),
        "co2_kg": ("kgCO2e", "Operational emissions of the first run"),
        "embodied_co2_kg": (
            "kgCO2e",
            "The hardware's embodied emissions for the device-hours of the first run",
        ),
        "development_cost_usd": (
            "USD",
            "Development, ablation and failed runs paid with an owned pre-training",
        ),
        "retrain_flops": ("FLOP", "Compute of one retrain by its method"),
        "retrain_device_hours": ("device-h", "Device-hours of one retrain"),
        "retrain_wall_clock_days": ("days", "Wall-clock time of one retrain"),
        "yearly_cost_usd": (
            "USD/year",
            "Training cost over the horizon (first run, retrains, pruning recovery) per year",
        ),
        "cost_per_retrain_usd": ("USD", "One retrain plus its pruning recovery"),
        "min_devices": (
            "devices",
            "Fewest devices whose memory holds the first run's training state",
        ),
        "fits": ("flag", "The training state of the first run and of each retrain fits"),
    },
    "inference": {
        "flops_per_query": ("FLOP", "Compute per query after pruning"),
        "weight_bytes": ("bytes", "Weights as stored for serving (after pruning)"),
        "devices_per_replica": ("devices", "Devices one model copy is sharded over"),
        "peak_qps": ("queries/s", "Arrival rate in the peak hour"),
        "replicas": ("replicas", "Model copies provisioned for the peak"),
        "mean_replicas": (
            "replicas",
            "Model copies running on average (what is billed; below the peak fleet when "
            "autoscaled)",
        ),
        "devices": ("devices", "Serving devices at the peak"),
        "batch": (
            "sequences",
            "Operating concurrency each replica is sized for: the most sequences in flight "
            "that meet every target (replicas, throughput and energy are computed at it; may "
            "be fractional)",
        ),
        "in_flight": (
            "sequences",
            "Sequences the peak load actually keeps in flight per replica (Little's law: peak "
            "queries/s per replica x stay; at most batch); every latency is computed here",
        ),
        "decode_step_s": (
            "s",
            "One iteration at the concurrency the peak load actually keeps in flight (at least "
            "one sequence), prefill chunks included (one pass if generic)",
        ),
        "tpot_s": (
            "s",
            "Mean time per output token after the first at the concurrency in flight (the "
            "iteration over the tokens it yields; one pass if generic)",
        ),
        "service_time_s": (
            "s",
            "A query's stay once admitted, at the concurrency in flight: TTFT + (output - 1) "
            "x TPOT",
        ),
        "ttft_p50_s": ("s", "Median time to first token at the peak (admission wait + prefill)"),
        "ttft_p95_s": ("s", "95th-percentile time to first token at the peak"),
        "ttft_p99_s": ("s", "99th-percentile time to first token at the peak"),
        "latency_p50_s": ("s", "Median end-to-end latency at the peak (wait + service)"),
        "latency_p95_s": ("s", "95th-percentile end-to-end latency at the peak"),
        "latency_p99_s": ("s", "99th-percentile end-to-end latency at the peak"),
        "binding_target": (
            "code",
            "What sets the operating concurrency: 0 the concurrency cap, 1 memory, 2 the TPOT "
            "target, 3 the TTFT target, 4 the end-to-end target, 5 no replica shape meets "
            "the targets (served one at a time)",
        ),
        "saturated": ("flag", "Load at or past capacity: the queue grows without bound"),
        "slo_met": ("flag", "Every latency target met (TTFT p99, TPOT, end-to-end p99)"),
        "slo_feasible": (
            "flag",
            "Some replica shape meets every target's service budget",
        ),
        "fits": ("flag", "The model fits the devices of a replica (and the batch its memory)"),
        "max_qps_per_replica": (
            "queries/s",
            "Throughput of one replica at the operating concurrency (batch): its capacity",
        ),
        "output_tokens_per_s_per_device": (
            "tokens/s",
            "Output throughput per device at the operating concurrency",
        ),
        "utilization": (
            "fraction",
            "Mean busy fraction of running devices: served load over their capacity at batch",
        ),
        "cost_per_1k_queries_usd": ("USD", "Serving cost per 1,000 queries"),
        "api_cost_per_1k_queries_usd": (
            "USD",
            "What 1,000 queries cost at the API's prices (null: no API compared)",
        ),
        "yearly_cost_usd": ("USD/year", "Serving cost of a year at the month-0 volume"),
        "energy_wh_per_query": (
            "Wh",
            "Facility energy per query: accelerators, hosts, idle spare capacity, x PUE",
        ),
        "host_energy_wh_per_query": (
            "Wh",
            "Of which the hosts (CPUs, memory, network) of the busy devices, x PUE",
        ),
        "idle_energy_wh_per_query": (
            "Wh",
            "Of which devices and hosts provisioned but idle (spare capacity), x PUE",
        ),
        "yearly_energy_kwh": ("kWh/year", "Facility energy of a year of serving"),
        "yearly_co2_kg": ("kgCO2e/year", "Operational emissions of a year of serving"),
        "yearly_embodied_co2_kg": (
            "kgCO2e/year",
            "Embodied emissions of the serving hardware for a year (its share of making it)",
        ),
        "cost_per_replica_year_usd": (
            "USD/year",
            "Yearly cost of each provisioned replica (the A of cost = A x replicas + B x volume)",
        ),
        "cost_per_query_per_day_year_usd": (
            "USD/year",
            "Yearly cost per query/day of volume (the B)",
        ),
        "queries_per_day_per_replica": (
            "queries/day",
            "Daily volume each replica serves at the target utilisation and peak",
        ),
        "energy_per_replica_year_kwh": ("kWh/year", "Yearly energy of each provisioned replica"),
        "energy_per_query_per_day_year_kwh": ("kWh/year", "Yearly energy per query/day"),
    },
    "pruning": {
        "effective_ratio": ("fraction", "Weights actually removed (2:4 stops at 0.5)"),
        "weight_bytes_factor": ("fraction", "Weight bytes relative to the dense model"),
        "compute_factor": ("fraction", "Compute time relative to the dense model"),
    },
    "quality": {
        "accuracy_after_pruning": ("fraction", "Accuracy right after (re)training and pruning"),
        "mean_accuracy": (
            "fraction",
            "Mean accuracy over the horizon, with drift between retrains",
        ),
        "retrain_interval_months": ("months", "Months between retrains (horizon if never)"),
        "optimal_retrains_per_year": (
            "1/year",
            "Retraining frequency minimising retraining cost plus the value lost to drift",
        ),
        "yearly_quality_cost_usd": ("USD/year", "Value lost to pruning and drift per year"),
    },
    "lifecycle": {
        "horizon_cost_usd": ("USD", "Training plus serving cost over the horizon"),
        "horizon_training_cost_usd": ("USD", "Training cost over the horizon"),
        "horizon_inference_cost_usd": ("USD", "Serving cost over the horizon"),
        "horizon_quality_cost_usd": ("USD", "Value lost to pruning and drift over the horizon"),
        "training_share": ("fraction", "Training's share of the horizon cost"),
        "crossover_month": (
            "months",
            "When cumulative serving cost passes cumulative training "
            "cost (null: never within the horizon)",
        ),
        "break_even_queries_per_day": (
            "queries/day",
            "Volume at which yearly serving cost reaches yearly training cost",
        ),
        "retrains_in_horizon": ("runs", "Retrains after the first run within the horizon"),
        "initial_training_cost_usd": ("USD", "First run plus its pruning recovery"),
        "horizon_energy_kwh": ("kWh", "Training plus serving energy over the horizon"),
        "horizon_operational_co2_kg": (
            "kgCO2e",
            "Emissions of the electricity for training and serving over the horizon",
        ),
        "horizon_embodied_co2_kg": (
            "kgCO2e",
            "Embodied emissions of the hardware used over the horizon (amortised over its life)",
        ),
        "horizon_co2_kg": ("kgCO2e", "Operational plus embodied emissions over the horizon"),
        "api_horizon_cost_usd": (
            "USD",
            "The same queries at the API's prices over the horizon (null: no API compared)",
        ),
        "self_host_break_even_queries_per_day": (
            "queries/day",
            "Daily volume from which training and serving your own model costs less than the "
            "API (null: never, or no API compared)",
        ),
    },
}
"""Every result: section -> key -> (unit, meaning). Flags are booleans."""


class ResultSection:
    """Attribute access to one section's arrays (``results.inference.replicas``)."""

    def __init__(self, name: str, values: _Section):
        self._name = name
        self._values = values

    def __getattr__(self, key: str) -> np.ndarray:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"no result {self._name}.{key}") from None

    def keys(self):
        return self._values.keys()


class _Section(Mapping):
    """One section's results by key, in the documented order, each a read-only array of the
    results' shape and dtype: stored so at once, or when first read if passed as
    :class:`Lazy`."""

    def __init__(self, values: dict[str, Any], shape: tuple[int, ...], dtypes: dict[str, type]):
        self._values = {
            k: v if isinstance(v, Lazy) else _result_array(v, dtypes[k], shape)
            for k, v in values.items()
        }
        self._shape = shape
        self._dtypes = dtypes

    def __getitem__(self, key: str) -> np.ndarray:
        value = self._values[key]
        if isinstance(value, Lazy):
            value = _result_array(value.value(), self._dtypes[key], self._shape)
            self._values[key] = value  # the same array whichever thread stores it
        return value

    def __setstate__(self, state: dict) -> None:
        """Unpickled (or deep-copied): results stay read-only."""
        self.__dict__.update(state)
        for value in self._values.values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


class Results:
    """Named result arrays, all of one broadcast shape, in the sections of RESULT_FIELDS.

    A result passed as :class:`Lazy` (engine/lazy.py) is computed when first read; every
    other is an array from the start.
    """

    def __init__(self, sections: dict[str, dict[str, Any]], shape: tuple[int, ...] = ()):
        names = [(s, k) for s, keys in RESULT_FIELDS.items() for k in keys]
        missing = [f"{s}.{k}" for s, k in names if k not in sections.get(s, {})]
        if missing:
            raise AssertionError(f"results missing {missing}")
        shape = np.broadcast_shapes(tuple(shape), *{np.shape(sections[s][k]) for s, k in names})
        self.shape: tuple[int, ...] = shape
        self._sections: dict[str, _Section] = {}
        for s, keys in RESULT_FIELDS.items():
            dtypes = {k: bool if unit == "flag" else float for k, (unit, _) in keys.items()}
            self._sections[s] = _Section({k: sections[s][k] for k in keys}, shape, dtypes)

    def __getattr__(self, section: str) -> ResultSection:
        if section.startswith("_") or section not in RESULT_FIELDS:
            raise AttributeError(section)
        return ResultSection(section, self._sections[section])

    def subset(self, index, shape: tuple[int, ...]) -> Results:
        """The results at ``index`` of a flat evaluation, reshaped to ``shape``."""
        out = object.__new__(Results)
        out.shape = tuple(shape)
        out._sections = {
            s: _Section(
                {k: v[index].reshape(shape) for k, v in keys.items()}, out.shape, keys._dtypes
            )
            for s, keys in self._sections.items()
        }
        return out

    def get(self, dotted: str) -> np.ndarray:
        """The array at ``"section.key"``."""
        section, _, key = dotted.partition(".")
        return self._sections[section][key]

    def items(self):
        """``("section.key", array)`` pairs in the documented order."""
        for s, keys in self._sections.items():
            for k, v in keys.items():
                yield f"{s}.{k}", v

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Nested plain data: scalars for a scalar evaluation, nested lists for arrays.

        Non-finite numbers become None (JSON null): a crossover that never happens, the
        latency of a saturated queue, the cost per query of zero traffic.
        """
        return {s: {k: _plain(v) for k, v in keys.items()} for s, keys in self._sections.items()}


def _result_array(value, dtype, shape: tuple[int, ...]) -> np.ndarray:
    """One result as stored: of ``dtype``, at ``shape`` (a broadcast view where it is
    constant along an axis), read-only."""
    array = np.asarray(value, dtype=dtype)
    return _read_only(array if array.shape == shape else np.broadcast_to(array, shape))


def _read_only(array: np.ndarray) -> np.ndarray:
    """``array`` without copying what need not be copied: a constant broadcast
    over a grid stays a zero-stride view (a 1M-point grid holds its ~40 constant results in
    a few bytes each instead of 8 MB each). Every result is a read-only view, so no caller
    can change one result through another or through the inputs it was computed from."""
    view = array.view()
    view.flags.writeable = False
    return view


def _plain(value: np.ndarray):
    """Plain Python data of one result array: nested lists built by numpy's ``tolist`` in
    C, with non-finite numbers replaced by None through one vectorised mask. A result that
    is a broadcast view (constant along some axes) is converted once along the others and
    repeated in lists (copies, so no two rows are one list)."""
    compact = value[
        tuple(
            slice(0, 1) if stride == 0 and n > 1 else slice(None)
            for stride, n in zip(value.strides, value.shape, strict=True)
        )
    ]
    if compact.size == value.size:
        return _plain_values(value)
    return _repeated(_plain_values(compact), value.shape, compact.shape)


def _plain_values(value: np.ndarray):
    if value.dtype == bool:
        return value.tolist()
    finite = np.isfinite(value)
    if finite.all():
        return value.tolist()
    if value.ndim == 0:
        return None
    plain = value.astype(object)
    plain[~finite] = None
    return plain.tolist()


def _repeated(data, shape: tuple, compact: tuple):
    """Nested lists ``data`` of shape ``compact`` repeated along its length-one axes to
    ``shape``."""
    if compact == shape:
        return data
    rows = (
        data if compact[1:] == shape[1:] else [_repeated(d, shape[1:], compact[1:]) for d in data]
    )
    if compact[0] == shape[0]:
        return rows
    return [rows[0]] + [_copied(rows[0]) for _ in range(shape[0] - 1)]


def _copied(data):
    """A copy of nested lists (numbers are immutable: shared)."""
    if not isinstance(data, list):
        return data
    if data and isinstance(data[0], list):
        return [_copied(row) for row in data]
    return list(data)


def unit_of(dotted: str) -> str:
    """The unit of result ``"section.key"``."""
    section, _, key = dotted.partition(".")
    return RESULT_FIELDS[section][key][0]
