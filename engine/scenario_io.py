"""Reading and saving scenario files.

A save edits the file the scenario came from (its text, the *template*) in ruamel.yaml's
round-trip mode, as the profile manager does (engine/profile_text.py): only the values that
changed are rewritten, so the user's comments, key order, blank lines and the spelling of
untouched numbers (``6.74e9``) stay. A key the file lacks is added only when its value is
no longer the default. A new file (no template) is written cleanly: the sections in their
documented order, only the model keys that apply to the model kind (LLM or generic) unless
one holds a value of its own, and numbers as a person writes them (engine/number_spelling.py).
Every save is atomic (engine/atomic_write.py).
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import numpy as np
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from .atomic_write import atomic_write_text
from .errors import InputError
from .fields import check_value, specs
from .number_spelling import spell_number
from .scenario import (
    HEAD_KEYS,
    SCHEMA_VERSION,
    SECTIONS,
    Scenario,
    field_applies,
    scenario_from_text,
)
from .yaml_source import read_text_file

TOP_ORDER = (*HEAD_KEYS, *SECTIONS)


def applies(section: str, key: str, kind: str) -> bool:
    """Whether ``section.key`` means anything for a model of ``kind`` (llm or generic)."""
    return field_applies(f"{section}.{key}", kind)


def read_scenario(path: str | Path, profiles=None) -> tuple[Scenario, str]:
    """The scenario in ``path`` and the exact text it was read from (the template of the
    next save, and what "changed on disk" is measured against). Raises InputError."""
    text = read_text_file(path)
    return scenario_from_text(text, str(path), profiles), text


def scenario_yaml(scenario: Scenario, template: str | None = None) -> str:
    """The scenario as YAML: ``template`` with the changed values edited in, or a clean
    document when there is no template (or it cannot be edited so it reads back equal)."""
    if template:
        try:
            text = _edited(scenario, template)
        except Exception:  # ruamel raises many types; the clean text serves then
            text = None
        if text is not None and _reads_back(scenario, text):
            return text
    return _clean(scenario)


def save_scenario(scenario: Scenario, path: str | Path, template: str | None = None) -> str:
    """Write ``scenario`` to ``path`` atomically (see :func:`scenario_yaml`); returns the
    text written."""
    text = scenario_yaml(scenario, template)
    atomic_write_text(path, text)
    return text


# Writing ---------------------------------------------------------------------------------------
class _Number:
    """A number with the spelling it is written in."""

    __slots__ = ("text",)

    def __init__(self, value):
        self.text = spell_number(value)


def _represent_number(representer, number: _Number):
    is_int = number.text.lstrip("-").isdigit()
    tag = "tag:yaml.org,2002:int" if is_int else "tag:yaml.org,2002:float"
    return representer.represent_scalar(tag, number.text)


def _yaml(width: int) -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = width
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(_Number, _represent_number)
    return yaml


def _dump(data, width: int) -> str:
    out = io.StringIO()
    _yaml(width).dump(data, out)
    return out.getvalue()


def _value(value, spec):
    """A field value as it is written: ``auto``, a spelled number, a list, or text."""
    if value is None and spec.auto:
        return spec.none_word
    if isinstance(value, np.ndarray):
        return [_Number(v) for v in value.ravel().tolist()] if value.ndim else _Number(value)
    if spec.kind in ("number", "integer"):
        return _Number(value)
    return value


def _default(cls, key):
    return {f.name: f.default for f in dataclasses.fields(cls)}[key]


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
    return a == b


def _clean(scenario: Scenario) -> str:
    data = CommentedMap()
    data["schema_version"] = SCHEMA_VERSION
    data["name"] = scenario.name
    data["description"] = scenario.description
    kind = scenario.model.kind
    for section, cls in SECTIONS.items():
        values = CommentedMap()
        for key, spec in specs(cls).items():
            value = getattr(getattr(scenario, section), key)
            if not applies(section, key, kind) and _same(value, _default(cls, key)):
                continue  # an LLM has no epochs: say nothing rather than a default
            values[key] = _value(value, spec)
        data[section] = values
    if scenario.sources:
        data["sources"] = CommentedMap(scenario.sources)
    return _dump(data, width=4096)  # one line per value: no wrapped text


def _edited(scenario: Scenario, template: str) -> str | None:
    """``template`` with every value that differs from ``scenario`` set, or None when the
    template is not a mapping."""
    data = _yaml(4096).load(template)
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        return None
    if data.get("schema_version") != SCHEMA_VERSION:  # an older file is saved as the current
        _put(data, "schema_version", SCHEMA_VERSION, TOP_ORDER)
    for key in ("name", "description"):
        new = getattr(scenario, key)
        old = data.get(key)
        if old == new or (old is None and key not in data and new == ""):
            continue
        _put(data, key, new, TOP_ORDER)
    sources = data.get("sources")
    if dict(sources or {}) != dict(scenario.sources):
        if scenario.sources:
            _put(data, "sources", CommentedMap(scenario.sources), TOP_ORDER)
        else:
            data.pop("sources", None)
    for section, cls in SECTIONS.items():
        node = data.get(section)
        order = list(specs(cls))
        for key, spec in specs(cls).items():
            new = getattr(getattr(scenario, section), key)
            if isinstance(node, dict) and key in node:
                old, problem = check_value(spec, node[key])
                if problem is None and _same(old, new):
                    continue
            elif _same(new, _default(cls, key)):
                continue  # absent means the default: keep it absent
            if not isinstance(node, dict):
                node = CommentedMap()
                _put(data, section, node, TOP_ORDER)
            _put(node, key, _value(new, spec), order)
    return _dump(data, width=4096)


def _put(mapping: CommentedMap, key: str, value, order) -> None:
    """Set ``key``; a new key goes after the last present key that precedes it in ``order``."""
    if key in mapping:
        mapping[key] = value
        return
    before = set(order[: order.index(key)]) if key in order else set(order)
    position = 0
    for index, existing in enumerate(mapping):
        if existing in before:
            position = index + 1
    mapping.insert(position, key, value)


def _reads_back(scenario: Scenario, text: str) -> bool:
    """Whether ``text`` loads as ``scenario`` (the last check before an edited file is
    written: if ruamel and the loader ever disagree, the clean document is written)."""
    if scenario.shape != ():
        return True  # sweeps are not saved from the window; equality is element-wise
    try:
        again = scenario_from_text(text, "<saved>", scenario.profiles)
    except InputError:
        return False
    return (
        again == scenario
        and again.name == scenario.name
        and (dict(again.sources) == dict(scenario.sources))
    )
