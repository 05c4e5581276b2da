"""Declarative field specs: one definition drives validation, defaults, docs and JSON Schema.

A dataclass field made with :func:`number`, :func:`choice` or :func:`text` carries a
:class:`FieldSpec` in its metadata. :func:`check_value` validates one value against it
(scalars from files, or numpy arrays from ``Scenario.override``), and :func:`json_schema`
turns a dataclass into a JSON Schema for editors.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

AUTO = "auto"
"""The word a file uses for "derive this value" (a profile default, an automatic choice)."""

MAX_NAME_CHARS = 200
"""Longest name, id or other one-line text accepted [characters]: a scenario's or a device's
name, a vendor, a profile id. Longer text is refused where it is read (file:line)."""

MAX_TEXT_CHARS = 10_000
"""Longest free text accepted [characters]: a scenario's description, a source note. A
900 KB name once took a PDF report 85 s to lay out."""


def text_problem(value: str, limit: int = MAX_NAME_CHARS) -> str | None:
    """Why ``value`` is too long for a text field holding at most ``limit`` characters
    (None when it fits)."""
    if len(value) > limit:
        return f"too long ({len(value):,} characters; at most {limit:,})"
    return None


@dataclass(frozen=True)
class FieldSpec:
    """What a field accepts and means.

    kind: "number", "integer", "choice" or "text". ``lo``/``hi`` bound numbers (inclusive
    unless ``lo_exclusive``), ``max_chars`` text [characters]; ``auto`` allows the word
    ``none_word`` (stored as None): ``auto`` where the engine derives the value, ``none``
    where it is an optional target; ``unit`` and ``doc`` explain it to users (tooltips,
    CLI, reports, schema).
    """

    kind: str
    doc: str
    unit: str = ""
    lo: float | None = None
    hi: float | None = None
    lo_exclusive: bool = False
    choices: tuple[str, ...] = ()
    auto: bool = False
    label: str = ""
    none_word: str = AUTO
    max_chars: int = MAX_NAME_CHARS

    def is_none_word(self, value: Any) -> bool:
        """True for the word that stands for "no value" here (``auto``, or ``none`` for an
        optional target), in any case."""
        return self.auto and isinstance(value, str) and value.strip().lower() == self.none_word

    def clip(self, values):
        """``values`` moved into the accepted range (an exclusive bound: just inside it)."""
        lo = -np.inf if self.lo is None else self.lo
        if self.lo_exclusive:
            lo = np.nextafter(lo, np.inf)
        hi = np.inf if self.hi is None else self.hi
        return np.clip(values, lo, hi)


def number(
    default,
    doc,
    unit="",
    lo=None,
    hi=None,
    *,
    lo_exclusive=False,
    auto=False,
    integer=False,
    label="",
    none_word=AUTO,
):
    """A numeric dataclass field (may hold a numpy array after ``override``). With
    ``auto``, the word ``none_word`` (``auto`` or ``none``) is accepted and stored as None."""
    spec = FieldSpec(
        "integer" if integer else "number",
        doc,
        unit,
        lo,
        hi,
        lo_exclusive,
        auto=auto,
        label=label,
        none_word=none_word,
    )
    return dataclasses.field(default=default, metadata={"spec": spec})


def choice(default, choices, doc, label=""):
    """A field that takes one word out of ``choices``."""
    spec = FieldSpec("choice", doc, choices=tuple(choices), label=label)
    return dataclasses.field(default=default, metadata={"spec": spec})


def text(default, doc, label="", max_chars=MAX_NAME_CHARS):
    """A free-text (or identifier) field of at most ``max_chars`` characters."""
    spec = FieldSpec("text", doc, label=label, max_chars=max_chars)
    return dataclasses.field(default=default, metadata={"spec": spec})


def spec_of(cls, name: str) -> FieldSpec:
    """The :class:`FieldSpec` of field ``name`` of dataclass ``cls``."""
    return specs(cls)[name]


def specs(cls) -> MappingProxyType:
    """Every field of dataclass ``cls`` that has a spec, by name, in declaration order
    (read-only, built once per class: the engine asks for it on every override)."""
    return _specs(cls)


@functools.cache
def _specs(cls) -> MappingProxyType:
    return MappingProxyType(
        {f.name: f.metadata["spec"] for f in dataclasses.fields(cls) if "spec" in f.metadata}
    )


def check_value(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    """Validate ``value`` against ``spec``.

    Returns ``(normalised_value, None)`` when valid, else ``(None, message)``.
    Numbers become float (int for integers), ``auto`` becomes None, arrays stay arrays.
    """
    if spec.auto and (value is None or spec.is_none_word(value)):
        return None, None
    if spec.kind in ("number", "integer"):
        return _check_number(spec, value)
    if spec.kind == "choice":
        if isinstance(value, str) and value in spec.choices:
            return value, None
        return None, f"must be one of {', '.join(spec.choices)} (got {value!r})"
    if spec.kind == "text":
        if isinstance(value, str):
            problem = text_problem(value, spec.max_chars)
            return (None, problem) if problem else (value, None)
        if value is None:
            return "", None
        return None, f"must be text (got {type(value).__name__})"
    raise AssertionError(spec.kind)


def _check_number(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    what = "a whole number" if spec.kind == "integer" else "a number"
    if spec.auto:
        what += f" or {spec.none_word}"
    if isinstance(value, np.ndarray | np.generic):
        arr = np.asarray(value)
        if arr.dtype.kind not in "iuf" or arr.size == 0:
            return None, f"must be {what} (got an array of {arr.dtype})"
        arr = arr.astype(float)
        if not np.all(np.isfinite(arr)):
            return None, "must be finite (got NaN or infinity)"
        if spec.kind == "integer" and not np.all(arr == np.round(arr)):
            return None, "must be whole numbers"
        bad = _range_message(spec, float(arr.min()), float(arr.max()))
        if bad:
            return None, bad
        # The scenario's own copy, read-only: results read from it (some when first read,
        # engine/lazy.py) cannot change when the caller's array changes, or through it.
        arr.flags.writeable = False
        return (arr if arr.ndim else float(arr)), None
    if isinstance(value, bool) or not isinstance(value, int | float):
        shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
        return None, f"must be {what} (got {shown})"
    if isinstance(value, float) and not math.isfinite(value):
        return None, "must be finite (got NaN or infinity)"
    if spec.kind == "integer" and float(value) != int(value):
        return None, f"must be a whole number (got {value!r})"
    bad = _range_message(spec, float(value), float(value))
    if bad:
        return None, bad
    return float(value), None


def _range_message(spec: FieldSpec, low: float, high: float) -> str | None:
    unit = f" {spec.unit}" if spec.unit else ""
    if spec.lo is not None:
        if spec.lo_exclusive and low <= spec.lo:
            return f"must be greater than {spec.lo:g}{unit} (got {low:g})"
        if not spec.lo_exclusive and low < spec.lo:
            return f"must be at least {spec.lo:g}{unit} (got {low:g})"
    if spec.hi is not None and high > spec.hi:
        return f"must be at most {spec.hi:g}{unit} (got {high:g})"
    return None


def json_schema_for(spec: FieldSpec) -> dict:
    """The JSON Schema fragment of one field."""
    if spec.kind in ("number", "integer"):
        out: dict[str, Any] = {"type": spec.kind}
        if spec.lo is not None:
            out["exclusiveMinimum" if spec.lo_exclusive else "minimum"] = spec.lo
        if spec.hi is not None:
            out["maximum"] = spec.hi
        if spec.auto:
            out = {"oneOf": [out, {"const": spec.none_word}, {"type": "null"}]}
    elif spec.kind == "choice":
        out = {"enum": list(spec.choices)}
    else:
        out = {"type": "string", "maxLength": spec.max_chars}
    unit = f" [{spec.unit}]" if spec.unit else ""
    out["description"] = spec.doc + unit
    return out


def json_schema(cls, title: str) -> dict:
    """A JSON Schema (draft 2020-12) object for the fields of dataclass ``cls``."""
    return {
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "properties": {name: json_schema_for(s) for name, s in specs(cls).items()},
    }
