"""Read a YAML file into plain data, remembering where every key and value stood.

ruamel.yaml parses and composes the node graph; this module only walks the
nodes. Every scalar becomes the text the user wrote (or None for an empty
value), so YAML 1.1 surprises cannot happen here: ``country: NO`` stays "NO"
and ``postcode: 01234`` stays "01234". Turning text into numbers, booleans
and dates is left to the spec model, which knows what each field expects.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import msgspec
from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

try:  # libyaml's scanner and parser (ruamel.yaml.clib), which ruamel.yaml loads already
    from _ruamel_yaml import CParser  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover -- a platform without the wheel: all in Python
    CParser = None

from letterkit import boundary
from letterkit.defaults import STDIN_SPEC_NAME
from letterkit.errors import Problem, SpecError
from letterkit.spec.modeline import SchemaLine, find

MAX_BYTES = 1024 * 1024
"""A letter spec is a few kilobytes; a megabyte is a mistake or an attack."""
MAX_DEPTH = 32
MAX_NODES = 100_000
"""Bounds the expansion of aliases, so an alias bomb fails fast."""
MAX_TEXT = 2 * MAX_BYTES
"""Bounds the text the values add up to once aliases are expanded: a few aliases of
one long string make gigabytes out of a small file, without many values."""

KEPT_TEXT = 64 * 1024
"""The longest text whose nodes are kept for a second parse (specs are a few kilobytes)."""

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)

Loc = tuple[str | int, ...]


class Position(msgspec.Struct, frozen=True):
    """A 1-based line and column in the source file."""

    line: int
    column: int


class Loaded(msgspec.Struct):
    """Plain data from a YAML file and where each part of it stood."""

    path: Path
    data: Any
    values: dict[Loc, Position] = msgspec.field(default_factory=dict)
    """Where the value at a location starts."""
    keys: dict[Loc, Position] = msgspec.field(default_factory=dict)
    """Where the key naming a location starts."""
    problems: list[Problem] = msgspec.field(default_factory=list)
    """Problems found while reading that did not stop it (duplicate keys)."""
    schema_line: SchemaLine | None = None
    """Where the file names its JSON Schema for editors, if it does."""

    def position(self, loc: Loc) -> Position:
        """The best known position for a location: its key, its value, or an ancestor's."""
        while loc:
            if loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), Position(1, 1))


def dotted(loc: Loc) -> str:
    """Write a location as users write it: sender.address[1]."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    """Turns a composed node graph into plain data, recording positions."""

    def __init__(self, loaded: Loaded, max_nodes: int, max_text: int) -> None:
        self.loaded = loaded
        self.nodes = 0
        self.max_nodes = max_nodes
        self.text_left = max_text

    def fail(self, node: Node, message: str) -> SpecError:
        pos = _position(node)
        return SpecError.at(self.loaded.path, message, pos.line, pos.column)

    def walk(self, node: Node, loc: Loc) -> Any:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise self.fail(node, too_many(self.max_nodes))
        if len(loc) > MAX_DEPTH:
            raise self.fail(node, f"values are nested more than {MAX_DEPTH} levels deep")
        if node.tag not in STANDARD_TAGS:
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise self.fail(node, f'unsupported YAML tag "{tag}"; remove it')
        self.loaded.values[loc] = _position(node)
        if isinstance(node, MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.walk(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if not node.style and node.value in NULLS:  # plain: None in Python, "" from libyaml
            return None
        return self.text(node, loc)

    def text(self, node: ScalarNode, loc: Loc) -> str:
        value = str(node.value)
        self.text_left -= len(value)
        if self.text_left < 0:
            # The node is the anchored one: point at the key the alias stands under.
            pos = self.loaded.position(loc)
            raise SpecError.at(
                self.loaded.path,
                f"{dotted(loc)}: the values add up to too much text once aliases are "
                "expanded; is an alias (*name) repeating a long value?",
                pos.line,
                pos.column,
            )
        try:
            # YAML's "\ud83d\ude00" escapes arrive as two surrogates: pair them up.
            return value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            raise self.fail(
                node,
                f"{dotted(loc)}: contains a lone surrogate escape (\\uD800-\\uDFFF), "
                "which is not a character; remove it",
            ) from None

    def mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, 'merge keys ("<<") are not supported; write the keys out')
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, "a key must be a plain word, not a list or mapping")
            key = str(key_node.value)
            here = (*loc, key)
            if here in self.loaded.keys:
                first = self.loaded.keys[here]
                pos = _position(key_node)
                self.loaded.problems.append(
                    Problem(
                        self.loaded.path,
                        f'duplicate key "{key}" (first given on line {first.line}); keep one',
                        pos.line,
                        pos.column,
                    )
                )
                continue
            self.loaded.keys[here] = _position(key_node)
            result[key] = self.walk(value_node, here)
        return result


def decode(path: Path, raw: bytes) -> str:
    """Decode UTF-8, pointing at the first byte that is not."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise SpecError.at(
            path, "the file is not valid UTF-8; save it as UTF-8", line, column
        ) from None
    return text


# The parser's wording, turned into what to do next. Each entry: a piece
# of ruamel.yaml's problem text, and the message (which may name where the
# construct that is not closed began: {line}, {column}).
_REWORDED = (
    ("'\\t'", "a tab character; indent with spaces, not tabs"),
    ("\\t", "a tab character; indent with spaces, not tabs"),
    (
        "mapping values are not allowed here",
        'a colon and a space (": ") inside a value; put the whole value in quotes',
    ),
    (
        "expected <block end>",
        "this line is not indented like the lines above it; line up keys of the same "
        "block with the same number of spaces",
    ),
    ("could not find expected ':'", 'a line without "key: value" where a key was expected'),
)
_UNCLOSED = {
    "quoted scalar": "this quote is never closed",
    "flow mapping": "this {{ is not closed with }} before line {line}",
    "flow sequence": "this [ is not closed with ] before line {line}",
}


def _syntax_error(path: Path, exc: MarkedYAMLError) -> SpecError:
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    mark = exc.problem_mark or exc.context_mark
    for construct, wording in _UNCLOSED.items():
        # Point at where the unclosed quote or bracket opens, not where the
        # parser gave up (often the end of the file).
        if construct in (exc.context or "") and exc.context_mark is not None:
            line = exc.problem_mark.line + 1 if exc.problem_mark else 0
            problem, mark = wording.format(line=line), exc.context_mark
            break
    else:
        problem = next((m for fragment, m in _REWORDED if fragment in problem), problem)
    message = f"YAML syntax error: {problem}"
    if mark is None:
        return SpecError.at(path, message)
    return SpecError.at(path, message, mark.line + 1, mark.column + 1)


def too_many(limit: int) -> str:
    """The message for a document of more than ``limit`` values."""
    return f"the document is too large (over {limit} values; are aliases repeating a large block?)"


class _TooMany(MarkedYAMLError):
    """More nodes than a spec may hold, found while composing."""


class _CountingComposer(Composer):
    """Stops composing a file of too many values, so it is refused in seconds.

    It counts keys too (twice MAX_NODES, as every value may have a key); the
    walker counts values again after aliases are expanded.
    """

    nodes = 0
    max_nodes = MAX_NODES

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.nodes += 1
        if self.nodes > 2 * self.max_nodes:
            message = too_many(self.max_nodes)
            raise _TooMany(None, None, message, self.parser.peek_event().start_mark)
        return super().compose_node(parent, index)


def _marked(path: Path, message: str, exc: MarkedYAMLError) -> SpecError:
    mark = exc.problem_mark
    if mark is None:
        return SpecError.at(path, message)
    return SpecError.at(path, message, mark.line + 1, mark.column + 1)


def _yaml(max_nodes: int) -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _CountingComposer
    yaml.composer.max_nodes = max_nodes
    # ruamel's composer recurses once per level: stop it before Python's stack
    # does (the root counts as one level).
    yaml.max_depth = MAX_DEPTH + 1
    # A redefined anchor is valid YAML (the later one wins); ruamel would
    # print a Python warning about it.
    yaml.composer.warn_double_anchors = False
    return yaml


class _Libyaml:
    """What ruamel's composer asks of its loader, the events coming from libyaml.

    Scanning and parsing are most of reading a spec, and libyaml does them six
    times faster than ruamel's Python. The nodes are still composed in Python,
    by the counting composer: libyaml's own composer recurses in C with no
    limit, and a deeply nested file would crash the process.
    """

    def __init__(self, text: str, max_nodes: int) -> None:
        self._parser = CParser(text)
        self._resolver = VersionedResolver(loader=self)
        self.max_depth = MAX_DEPTH + 1
        self.composer = _CountingComposer(loader=self)
        self.composer.max_nodes = max_nodes
        self.composer.warn_double_anchors = False

    def compose_all(self) -> Iterator[Any]:
        try:
            while self.composer.check_node():
                yield self.composer.get_node()
        finally:
            self._parser.dispose()


def _compose_all(text: str, max_nodes: int) -> tuple[Any, ...]:
    """The node graphs of a text; a text libyaml refuses is read again in Python.

    The second reading words the error as every message of letterkit quotes it
    (ruamel's wording and positions), and refuses nesting too deep first.
    """
    if CParser is not None:
        with contextlib.suppress(YAMLError):
            return tuple(_Libyaml(text, max_nodes).compose_all())
    return tuple(_yaml(max_nodes).compose_all(text))


@functools.lru_cache(maxsize=8)
def _composed(text: str, max_nodes: int) -> tuple[Any, ...]:
    """The node graphs of a text, composed once for the few texts read last.

    A run that looks for specs under a folder parses a changed file to tell a
    spec from a data file, then loads it: the second parse, most of what
    reading a spec costs, comes from here. Nothing changes a node once composed.
    """
    return _compose_all(text, max_nodes)


def parse(path: Path, text: str, max_nodes: int = MAX_NODES, max_text: int = MAX_TEXT) -> Loaded:
    """Parse YAML text into plain data with positions; raise SpecError if it is not YAML.

    Duplicate keys do not stop reading: they are collected in ``problems``
    (the first value is kept) so they are reported with every other problem.
    ``max_nodes`` and ``max_text`` bound what the text may expand to.
    """
    try:
        small = len(text) <= KEPT_TEXT
        nodes = list(_composed(text, max_nodes) if small else _compose_all(text, max_nodes))
    except MaxDepthExceededError as exc:
        raise _marked(path, f"values are nested more than {MAX_DEPTH} levels deep", exc) from None
    except _TooMany as exc:
        raise _marked(path, too_many(max_nodes), exc) from None
    except MarkedYAMLError as exc:
        raise _syntax_error(path, exc) from None
    except YAMLError as exc:  # errors without a position
        raise SpecError.at(path, f"YAML syntax error: {exc}") from None
    nodes = [n for n in nodes if n is not None]
    loaded = Loaded(path, None, schema_line=find(text))
    if not nodes:
        raise SpecError.at(path, "the file is empty; a spec needs at least sender and recipient")
    if len(nodes) > 1:
        pos = _position(nodes[1])
        raise SpecError.at(
            path, "the file holds several YAML documents (---); keep one", pos.line, pos.column
        )
    loaded.data = _Walker(loaded, max_nodes, max_text).walk(nodes[0], ())
    return loaded


def load(path: Path) -> Loaded:
    """Read and parse a YAML file."""
    return parse(path, decode(path, read(path)))


def read(
    path: Path, limit: int = MAX_BYTES, kind: str = "spec", roots: Sequence[Path] = ()
) -> bytes:
    """A file's bytes, at most ``limit`` of them, read through the boundary.

    ``roots`` are the folders the file must lie in (none: a file the user
    named). SpecError naming the file when it is missing or too large.
    """
    try:
        if path == Path(STDIN_SPEC_NAME):
            return boundary.read_stdin(limit)
        return boundary.read_bytes(path, roots, limit)
    except boundary.NotRegular:
        raise SpecError.at(path, f"is not a regular file; a {kind} file must be one") from None
    except boundary.TooLarge:
        raise SpecError.at(
            path,
            f"the file is larger than {limit} bytes, the most a {kind} may be; is it a {kind}?",
        ) from None
    except FileNotFoundError:
        raise SpecError.at(path, "no such file") from None
    except IsADirectoryError:
        raise SpecError.at(path, f"is a folder, not a {kind} file") from None
    except OSError as exc:
        raise SpecError.at(path, f"cannot read: {exc.strerror}") from None
