"""Build spec'd dataclasses from located YAML mappings, collecting every error."""

from __future__ import annotations

import dataclasses
from typing import Any

from .errors import LoadError
from .fields import check_value, specs
from .yaml_source import LocatedDocument


def build_section(
    doc: LocatedDocument,
    path: tuple[str, ...],
    data: Any,
    cls,
    errors: list[LoadError],
    required: tuple[str, ...] = (),
):
    """Make ``cls(**fields)`` from mapping ``data`` found at ``path`` in ``doc``.

    Unknown keys, wrong types and out-of-range values append a :class:`LoadError` with
    the offending line to ``errors``; missing optional fields take their defaults;
    missing ``required`` fields are errors. Returns the instance, or None if any error.
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        errors.append(doc.error(path, f"must be a mapping of keys to values (got {_kind(data)})"))
        return None
    field_specs = specs(cls)
    values: dict[str, Any] = {}
    count = len(errors)
    for key, value in data.items():
        key_path = (*path, str(key))
        if key not in field_specs:
            errors.append(doc.error(key_path, f"unknown key (known: {', '.join(field_specs)})"))
            continue
        checked, problem = check_value(field_specs[key], value)
        if problem:
            errors.append(doc.error(key_path, problem))
        else:
            values[key] = checked
    for name in required:
        if name not in data:
            errors.append(
                doc.error(path, f"missing required key '{name}'")
                if path
                else LoadError(doc.file, 1, name, "missing required key")
            )
    if len(errors) > count:
        return None
    return cls(**values)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {value!r}"
    return type(value).__name__


def field_names(cls) -> list[str]:
    """Names of the fields of dataclass ``cls``."""
    return [f.name for f in dataclasses.fields(cls)]
