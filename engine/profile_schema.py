"""JSON Schema of the hardware-profile format, generated from the validator's own specs."""

from __future__ import annotations

from .fields import json_schema, json_schema_for, specs
from .precision import PRECISIONS
from .profiles import REQUIRED_HEAD, SOURCED_KEYS, Efficiency, Price, ProfileHead, Sparsity


def profile_json_schema() -> dict:
    """A JSON Schema (draft 2020-12) that editors can use to check profile YAML files."""
    properties = {name: json_schema_for(spec) for name, spec in specs(ProfileHead).items()}
    properties["peak_tflops"] = {
        "type": "object",
        "description": "Dense peak per precision [TFLOP/s or TOP/s]",
        "additionalProperties": False,
        "required": ["fp32"],
        "properties": {p: {"type": "number", "exclusiveMinimum": 0} for p in PRECISIONS},
    }
    properties["price"] = json_schema(Price, "price")
    properties["efficiency"] = json_schema(Efficiency, "efficiency")
    properties["sparsity"] = json_schema(Sparsity, "sparsity")
    properties["sources"] = {
        "type": "object",
        "description": "Where each figure came from",
        "additionalProperties": False,
        "required": list(SOURCED_KEYS),
        "properties": {k: {"type": "string", "minLength": 1} for k in SOURCED_KEYS},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "whatif hardware profile",
        "type": "object",
        "additionalProperties": False,
        "required": [*REQUIRED_HEAD, "peak_tflops", "price", "sources"],
        "properties": properties,
    }
