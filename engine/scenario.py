"""Scenarios: every assumption of one what-if, as frozen dataclasses built from YAML.

Any numeric field may be a numpy array (``Scenario.override``); ``evaluate`` broadcasts.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError, LoadError
from .fields import (
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    FieldSpec,
    check_value,
    spec_of,
    specs,
    text_problem,
)
from .profiles import Profile, load_profiles
from .scenario_sections import (  # noqa: F401 - re-exported: the sections are this API too
    GENERIC_ONLY,
    HEAD_KEYS,
    LLM_ONLY,
    PRICING_MODES,
    PROFILE_KEYS,
    SECTIONS,
    EconomicsSpec,
    InferenceSpec,
    ModelSpec,
    Num,
    PruningSpec,
    QualitySpec,
    TrainingSpec,
    field_applies,
)
from .validate import build_section
from .yaml_source import LocatedDocument, parse_yaml_text, read_yaml_file

SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)
"""Version 1 files (one end-to-end latency target) still open: see :func:`migrate_v1`."""


@dataclass(frozen=True)
class Scenario:
    """All assumptions of one what-if, plus the hardware profiles it may refer to.

    Sections: ``model``, ``training``, ``inference``, ``pruning``, ``quality``,
    ``economics``. Build with :func:`load_scenario` or :func:`scenario_from_dict`.
    """

    model: ModelSpec
    training: TrainingSpec
    inference: InferenceSpec
    pruning: PruningSpec
    quality: QualitySpec
    economics: EconomicsSpec
    profiles: Mapping[str, Profile] = dataclasses.field(repr=False, compare=False)
    name: str = ""
    description: str = ""
    sources: Mapping[str, str] = dataclasses.field(default_factory=dict, compare=False)
    path: str = dataclasses.field(default="", compare=False)

    @property
    def training_profile(self) -> Profile:
        """The profile named by ``training.hardware``."""
        return self.profiles[self.training.hardware]

    @property
    def inference_profile(self) -> Profile:
        """The profile named by ``inference.hardware``."""
        return self.profiles[self.inference.hardware]

    @functools.cached_property
    def shape(self) -> tuple[int, ...]:
        """Broadcast shape of every numeric field (``()`` when all are scalars); computed
        once per scenario (each override makes a new one)."""
        shapes = [
            value.shape
            for name, cls in SECTIONS.items()
            for key in specs(cls)
            if isinstance(value := getattr(getattr(self, name), key), np.ndarray)
        ]
        return np.broadcast_shapes(*shapes)

    def get(self, dotted_key: str) -> Any:
        """The value at ``"section.key"``."""
        section, key = _split(dotted_key)
        return getattr(getattr(self, section), key)

    def resolved(self, dotted_key: str) -> float | None:
        """The value at ``"section.key"`` as a number, ``auto`` MFU and hourly prices taken
        from the profiles as the engine does; None for any other ``auto``."""
        value = self.get(dotted_key)
        if value is not None:
            return float(value)
        if dotted_key == "training.mfu":
            return self.training_profile.training_mfu(self.training.precision)
        if dotted_key == "economics.training_usd_per_device_hour":
            return self.training_profile.price.hourly_usd
        if dotted_key == "economics.serving_usd_per_device_hour":
            return self.inference_profile.price.hourly_usd
        return None

    def override(self, changes: Mapping[str, Any]) -> Scenario:
        """A new scenario with ``{"section.key": value}`` changed; values may be arrays.

        Raises :class:`InputError` (key ``section.key``) for an unknown key, a wrong type,
        a value out of range, or an unknown hardware profile id.
        """
        errors: list[LoadError] = []
        grouped: dict[str, dict[str, Any]] = {}
        head: dict[str, Any] = {}
        for dotted, value in changes.items():
            if dotted in ("name", "description"):
                problem = _head_text_problem(dotted, value)
                if problem:  # as in a file: a list or a number is not a name
                    errors.append(LoadError("override", 0, dotted, problem))
                else:
                    head[dotted] = value
                continue
            try:
                section, key = _split(dotted)
            except KeyError as exc:
                errors.append(LoadError("override", 0, dotted, str(exc.args[0])))
                continue
            checked, problem = check_value(specs(SECTIONS[section])[key], value)
            if problem:
                errors.append(LoadError("override", 0, dotted, problem))
                continue
            if dotted in PROFILE_KEYS and checked not in self.profiles:
                errors.append(LoadError("override", 0, dotted, _unknown_profile(checked, self)))
                continue
            grouped.setdefault(section, {})[key] = checked
        if errors:
            raise InputError(errors)
        replaced = {s: dataclasses.replace(getattr(self, s), **kv) for s, kv in grouped.items()}
        new = dataclasses.replace(self, **replaced, **head)
        problems = pricing_problems(
            new.profiles, new.training.hardware, new.inference.hardware, new.economics
        )
        if problems:
            raise InputError([LoadError("override", 0, k, msg) for k, msg in problems])
        return new

    def with_profiles(self, profiles: Mapping[str, Profile]) -> Scenario:
        """The same scenario over another profile set (ids must still resolve)."""
        for dotted in PROFILE_KEYS:
            if self.get(dotted) not in profiles:
                raise InputError(
                    [
                        LoadError(
                            self.path or "scenario",
                            0,
                            dotted,
                            _unknown_profile(self.get(dotted), self, profiles),
                        )
                    ]
                )
        problems = pricing_problems(
            profiles, self.training.hardware, self.inference.hardware, self.economics
        )
        if problems:
            raise InputError([LoadError(self.path or "scenario", 0, k, m) for k, m in problems])
        return dataclasses.replace(self, profiles=profiles)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for YAML/JSON: sections in order, arrays as lists, None as ``auto``."""
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "description": self.description,
        }
        for section, cls in SECTIONS.items():
            values = {}
            for key, spec in specs(cls).items():
                value = getattr(getattr(self, section), key)
                if value is None and spec.auto:
                    value = spec.none_word
                elif isinstance(value, np.ndarray):
                    value = value.tolist()
                elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
                    value = int(value)
                values[key] = value
            out[section] = values
        if self.sources:
            out["sources"] = dict(self.sources)
        return out


def pricing_problems(
    profiles: Mapping[str, Profile], training_hw: str, serving_hw: str, economics: EconomicsSpec
) -> list[tuple[str, str]]:
    """(dotted key, message) for each chosen profile that lacks the price the scenario needs:
    an hourly price for cloud pricing (unless the scenario gives its own), a purchase price
    for owned hardware."""
    out = []
    own = {
        "training.hardware": economics.training_usd_per_device_hour,
        "inference.hardware": economics.serving_usd_per_device_hour,
    }
    for dotted, pid in (("training.hardware", training_hw), ("inference.hardware", serving_hw)):
        profile = profiles.get(pid)
        if profile is None:
            continue
        if (
            economics.pricing != "owned"
            and profile.price.hourly_usd is None
            and own[dotted] is None
        ):
            out.append(
                (
                    dotted,
                    f"profile '{pid}' has no price.hourly_usd, which rented pricing "
                    "needs: give economics."
                    f"{'training' if dotted.startswith('training') else 'serving'}"
                    "_usd_per_device_hour or choose owned pricing",
                )
            )
        if economics.pricing == "owned" and profile.price.purchase_usd is None:
            out.append(
                (
                    dotted,
                    f"profile '{pid}' has no price.purchase_usd, which owned pricing "
                    "needs (choose cloud pricing)",
                )
            )
    return out


def spec_for(dotted: str) -> FieldSpec:
    """The :class:`FieldSpec` of ``"section.key"``."""
    section, key = _split(dotted)
    return spec_of(SECTIONS[section], key)


def _split(dotted: str) -> tuple[str, str]:
    section, _, key = dotted.partition(".")
    if section not in SECTIONS:
        raise KeyError(f"unknown section (known: {', '.join(SECTIONS)})")
    if key not in specs(SECTIONS[section]):
        raise KeyError(f"unknown key (known in {section}: {', '.join(specs(SECTIONS[section]))})")
    return section, key


def _unknown_profile(
    pid: str, scenario: Scenario | None = None, profiles: Mapping[str, Profile] | None = None
) -> str:
    known = sorted(profiles if profiles is not None else scenario.profiles)
    return f"unknown hardware profile '{pid}' (known: {', '.join(known)})"


_default_profiles: dict[str, Profile] | None = None


def default_profiles() -> dict[str, Profile]:
    """Shipped plus user profiles, loaded once per process (errors: see ``load_profiles``)."""
    global _default_profiles
    if _default_profiles is None:
        _default_profiles, _ = load_profiles()
    return _default_profiles


V1_INFERENCE_DEFAULTS = {
    "ttft_slo_ms": None,
    "tpot_slo_ms": None,
    "latency_slo_ms": 10_000,
    "slo_service_fraction": 0.5,
}
"""What a version-1 file meant where it was silent: one p99 end-to-end target (10 s unless
given), half of it for the service, and no TTFT or TPOT target."""


def migrate_v1(data: dict) -> dict:
    """A version-1 document read as version 2: its ``inference.latency_slo_ms`` stays the
    end-to-end target, and the new TTFT and TPOT targets are off (see
    :data:`V1_INFERENCE_DEFAULTS`). Saving writes version 2."""
    inference = data.get("inference")
    if inference is not None and not isinstance(inference, dict):
        return data  # the section's own check reports it
    return {**data, "inference": {**V1_INFERENCE_DEFAULTS, **(inference or {})}}


def scenario_from_document(
    doc: LocatedDocument, profiles: Mapping[str, Profile] | None = None
) -> Scenario:
    """Validate a parsed scenario document; raise :class:`InputError` listing every problem."""
    profiles = default_profiles() if profiles is None else profiles
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError([doc.error((), "a scenario must be a mapping of sections")])
    errors: list[LoadError] = []
    for key in data:
        if key not in SECTIONS and key not in HEAD_KEYS:
            errors.append(
                doc.error(
                    (str(key),), f"unknown section (known: {', '.join((*HEAD_KEYS, *SECTIONS))})"
                )
            )
    version = data.get("schema_version", SCHEMA_VERSION)
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        errors.append(
            doc.error(
                ("schema_version",),
                f"unsupported schema version {version!r} (this version reads "
                f"{', '.join(map(str, READABLE_VERSIONS))})",
            )
        )
    elif version == 1:
        data = migrate_v1(data)
    head = {}
    for key in ("name", "description"):
        value = data.get(key, "")
        problem = _head_text_problem(key, value)
        if problem:
            errors.append(doc.error((key,), problem))
        head[key] = value if not problem else ""
    sources = data.get("sources") or {}
    if not isinstance(sources, dict) or not all(isinstance(v, str) for v in sources.values()):
        errors.append(
            doc.error(("sources",), "must map keys to text saying where values came from")
        )
        sources = {}
    for key, value in sources.items():
        problem = text_problem(value, MAX_TEXT_CHARS)
        if problem:
            errors.append(doc.error(("sources", str(key)), problem))
    sections = {
        name: build_section(doc, (name,), data.get(name), cls, errors)
        for name, cls in SECTIONS.items()
    }
    for dotted in PROFILE_KEYS:
        section, key = dotted.split(".")
        if sections[section] is not None:
            pid = getattr(sections[section], key)
            if pid not in profiles:
                errors.append(doc.error((section, key), _unknown_profile(pid, profiles=profiles)))
    if not errors:
        for dotted, message in pricing_problems(
            profiles,
            sections["training"].hardware,
            sections["inference"].hardware,
            sections["economics"],
        ):
            errors.append(doc.error(tuple(dotted.split(".")), message))
    if errors:
        raise InputError(errors)
    return Scenario(
        **sections,
        profiles=profiles,
        sources={str(k): v for k, v in sources.items()},
        path=doc.file,
        **head,
    )


def _head_text_problem(key: str, value: Any) -> str | None:
    """Why ``value`` cannot be the scenario's ``name`` (at most :data:`MAX_NAME_CHARS`
    characters) or ``description`` (:data:`MAX_TEXT_CHARS`), or None."""
    if not isinstance(value, str):
        return "must be text"
    return text_problem(value, MAX_NAME_CHARS if key == "name" else MAX_TEXT_CHARS)


def load_scenario(path: str | Path, profiles: Mapping[str, Profile] | None = None) -> Scenario:
    """Read a scenario YAML file (profiles default to shipped + user folders)."""
    return scenario_from_document(read_yaml_file(path), profiles)


def scenario_from_text(
    text_: str, file: str = "<text>", profiles: Mapping[str, Profile] | None = None
) -> Scenario:
    """Parse a scenario from YAML text (``file`` names it in messages)."""
    return scenario_from_document(parse_yaml_text(text_, file), profiles)


def default_scenario(profiles: Mapping[str, Profile] | None = None) -> Scenario:
    """A scenario of all defaults."""
    return scenario_from_document(LocatedDocument("<defaults>", {}), profiles)
