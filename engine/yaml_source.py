"""Read YAML safely and remember the line of every key.

Only ``yaml.SafeLoader`` constructs are accepted (no ``!!python/...`` tags), files are
size-limited, the number of nodes is bounded while parsing (:data:`MAX_NODES`), and aliases
are refused: no hardware profile or scenario needs them, and refusing them defuses alias
bombs ("billion laughs") before anything is built.

Parsing uses libyaml's parser (PyYAML's C extension) when it is there, about ten times faster
than the pure-Python one (2,000 user profiles: 4.3 s to load before); the composer stays
PyYAML's own so it can count nodes and stop early.
"""

from __future__ import annotations

import math
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:  # libyaml's parser; PyYAML's wheels ship it, a source build may not
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - the pure-Python parser gives the same results
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):
        """PyYAML's pure-Python reader, scanner and parser."""

        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


from .errors import InputError, LoadError

MAX_FILE_BYTES = 1_000_000
"""Largest profile or scenario file accepted [bytes]; real ones are a few kB."""

MAX_DEPTH = 32
"""Deepest nesting accepted; real files nest three levels."""

MAX_NODES = 20_000
"""Most YAML nodes (mappings, lists, scalars) accepted in one file; a profile has about 60,
a scenario about 120. Counted while parsing, so a 1 MB one-line list is refused at once."""


@dataclass
class LocatedDocument:
    """A parsed YAML document plus the 1-based line of every key path."""

    file: str
    data: Any
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)

    def line_of(self, path: tuple[str, ...]) -> int:
        """Line of ``path``, or of its nearest ancestor that has one (1 for the root)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def error(self, path: tuple[str, ...], message: str) -> LoadError:
        """A :class:`LoadError` for ``path`` in this document."""
        return LoadError(self.file, self.line_of(path), ".".join(path), message)


class _TooManyNodesError(Exception):
    """Raised by the composer past :data:`MAX_NODES` (with the line it reached)."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class _Loader(_Parser, Composer, SafeConstructor, Resolver):
    """A safe loader (SafeLoader's constructors and resolver) with YAML 1.2 numbers:
    ``6.7e9`` is a float, ``2:4`` stays text; it counts nodes as it composes them.

    PyYAML follows YAML 1.1, where ``6.7e9`` is a string (no dot in the mantissa or no sign
    in the exponent) and ``2:4`` is the base-60 integer 124.
    """

    def __init__(self, stream: str):
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.nodes = 0

    # libyaml's parser has its own composer, in C: use PyYAML's, which calls compose_node
    get_single_node = Composer.get_single_node
    compose_document = Composer.compose_document

    def compose_node(self, parent, index):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooManyNodesError(self.peek_event().start_mark.line + 1)
        return Composer.compose_node(self, parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    ]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?
                 |[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+
                 |[-+]?\.(?:inf|Inf|INF)
                 |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)


def _number(convert):
    """A constructor that reads a scalar with ``convert`` and reports text that is not a
    number (``!!int abc``) as a YAML error at its line, not as a crash."""

    def construct(loader, node):
        text = loader.construct_scalar(node)
        try:
            return convert(text.replace("_", ""))
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None, None, f"not a number: '{text}'", node.start_mark
            ) from None

    return construct


def _int_1_2(text: str) -> int:
    """YAML 1.2 integers: ``08`` is decimal 8 (PyYAML read it as octal and crashed)."""
    return int(text, 0) if text.lower().startswith(("0x", "0o")) else int(text, 10)


def _float_1_2(text: str) -> float:
    """YAML 1.2 floats, with ``.inf``/``-.inf``/``.nan`` (the range checks refuse them later)."""
    special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
    key = text.lower()
    return special[key] if key in special else float(text)


_Loader.add_constructor("tag:yaml.org,2002:int", _number(_int_1_2))
_Loader.add_constructor("tag:yaml.org,2002:float", _number(_float_1_2))


def parse_yaml_text(text: str, file: str) -> LocatedDocument:
    """Parse one YAML document from ``text``; raise :class:`InputError` on any problem."""
    loader = None
    try:
        loader = _Loader(text)  # the reader already refuses control characters
        node = loader.get_single_node()
        lines: dict[tuple[str, ...], int] = {}
        if node is not None:
            _walk(node, (), lines, file, 0)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError([LoadError(file, line, "", f"YAML syntax: {problem}")]) from None
    except yaml.reader.ReaderError as exc:  # libyaml: a control character, at an offset
        line = text[: max(exc.position, 0)].count("\n") + 1
        raise InputError([LoadError(file, line, "", f"YAML: {exc.reason}")]) from None
    except _TooManyNodesError as exc:
        raise InputError(
            [LoadError(file, exc.line, "", f"too many values (more than {MAX_NODES:,})")]
        ) from None
    except UnicodeEncodeError:  # a lone surrogate (text from a widget, not from a file)
        raise InputError([LoadError(file, 1, "", "not valid Unicode text")]) from None
    except yaml.YAMLError as exc:
        raise InputError([LoadError(file, 1, "", f"YAML: {exc}")]) from None
    except RecursionError:
        raise InputError([LoadError(file, 1, "", "nesting too deep")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return LocatedDocument(file, data, lines)


def read_yaml_file(path: str | Path) -> LocatedDocument:
    """Read and parse ``path`` (UTF-8); raise :class:`InputError` naming the file on failure."""
    return parse_yaml_text(read_text_file(path), str(path))


def read_text_file(path: str | Path) -> str:
    """The UTF-8 text of ``path`` (size-limited); raise :class:`InputError` naming the file."""
    path = Path(path)
    name = str(path)
    try:
        info = path.stat()  # follows links: a link to /dev/zero is judged by /dev/zero
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block, a device never ends
            raise InputError([LoadError(name, 0, "", "not a regular file (a pipe or device)")])
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                [LoadError(name, 0, "", f"file too large ({size} bytes, limit {MAX_FILE_BYTES})")]
            )
        with path.open("rb") as stream:  # bounded even if the file grows meanwhile
            raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise InputError([LoadError(name, 0, "", f"file too large (limit {MAX_FILE_BYTES})")])
    except FileNotFoundError:
        raise InputError([LoadError(name, 0, "", "no such file")]) from None
    except IsADirectoryError:
        raise InputError([LoadError(name, 0, "", "is a directory, not a file")]) from None
    except OSError as exc:
        raise InputError([LoadError(name, 0, "", f"cannot read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([LoadError(name, line, "", "not valid UTF-8 text")]) from None
    return text


def _walk(node: yaml.Node, path: tuple[str, ...], lines: dict, file: str, depth: int) -> None:
    """Record key lines; refuse aliases, duplicate keys, non-scalar keys and deep nesting."""
    if getattr(node, "_whatif_seen", False):
        # An alias reuses the node object of its anchor, so a second visit is an alias;
        # the key that holds it has its own line (the node's mark is the anchor's).
        line = lines.get(path, node.start_mark.line + 1)
        raise InputError([LoadError(file, line, ".".join(path), "YAML aliases are not supported")])
    node._whatif_seen = True
    if depth > MAX_DEPTH:
        raise InputError(
            [LoadError(file, node.start_mark.line + 1, ".".join(path), "nesting too deep")]
        )
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    [LoadError(file, line, ".".join(path), "keys must be plain names")]
                )
            key = str(key_node.value)
            if key == "<<":
                raise InputError(
                    [LoadError(file, line, ".".join(path), "merge keys (<<) are not supported")]
                )
            if key in seen:
                raise InputError([LoadError(file, line, ".".join((*path, key)), "duplicate key")])
            seen.add(key)
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, file, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*path, str(i))] = item.start_mark.line + 1
            _walk(item, (*path, str(i)), lines, file, depth + 1)
