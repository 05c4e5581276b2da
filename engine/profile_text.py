"""Editing a profile's YAML text while keeping the user's comments and key order.

``set_field`` changes one value through ruamel.yaml's round-trip mode: everything else in the
file (comments, blank lines, key order, quoting) stays as the user wrote it.
"""

from __future__ import annotations

import io

from ruamel.yaml import YAML

from .errors import InputError, LoadError
from .profiles import Profile, profile_from_document
from .yaml_source import parse_yaml_text


def _yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def set_field(text: str, dotted: str, value) -> str:
    """``text`` with ``dotted`` (e.g. ``price.hourly_usd``) set to ``value``; None removes it.

    Raises :class:`InputError` if the text is not a YAML mapping (fix the text first).
    """
    parse_yaml_text(text, "<text>")  # the safe loader first: aliases and bombs are refused
    yaml = _yaml()
    try:
        data = yaml.load(text) or {}
    except Exception as exc:  # ruamel raises many types; the caller shows the message
        raise InputError([LoadError("<text>", 1, "", f"YAML syntax: {exc}")]) from None
    if not hasattr(data, "keys"):
        raise InputError([LoadError("<text>", 1, "", "a profile must be a mapping")])
    *parents, leaf = dotted.split(".")
    node = data
    for key in parents:
        if key not in node or not hasattr(node[key], "keys"):
            node[key] = {}
        node = node[key]
    if value is None:
        node.pop(leaf, None)
    else:
        node[leaf] = value
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def profile_from_text(text: str, file: str, origin: str = "user") -> Profile:
    """Validate profile YAML ``text`` (``file`` names it in messages); raise InputError."""
    return profile_from_document(parse_yaml_text(text, file), origin)
