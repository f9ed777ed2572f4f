"""Safe loading of YAML/JSON specs, with line and column for any JSON pointer.

Loading is fast (libyaml or json). A YAML document keeps the node tree it was read from,
which gives diagnostics their positions; a JSON document's is composed only when a
diagnostic needs it. The loader refuses what would make a spec ambiguous or
dangerous: duplicate keys, aliases that would expand the document past a budget of
nodes (alias bombs), Python tags, non-UTF-8 text. Aliases within the budget are expanded:
each one is a copy of its anchored value.

It also refuses, plainly, what is no spec file at all: a URL (leadgen reads local
files only), a folder, an empty file. A spec is a .yaml, .yml or .json file; a file
with another name (or none) is read only when it is an OpenAPI or Swagger document,
that is a mapping with a top-level `openapi` or `swagger` key. A .json file, or text
that starts with `{` or `[`, which is not YAML either, has its syntax errors reported
by the json module, as JSON errors.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import Diagnostic, LeadgenError, pointer_join
from .paths import check_spec_path, refusal

__all__ = ["SPEC_SUFFIXES", "Document", "check_spec_path", "load_document", "parse_text"]

SPEC_SUFFIXES = (".yaml", ".yml", ".json")

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:  # libyaml's loader when PyYAML was built with it
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _mark(event: yaml.Event) -> tuple[int | None, int | None]:
    """The 1-based line and column where a parser event starts."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


class _LoadError(Exception):
    def __init__(self, message: str, line: int | None, column: int | None, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.column, self.hint = line, column, hint


class _AliasError(_LoadError):
    """Positioned at the anchored node: the composed tree no longer knows where the alias was."""


def _alias_position(text: str, error: _AliasError) -> _AliasError:
    """The error placed at the first alias of a mapping or sequence (one pass over the events)."""
    collections: set[str] = set()
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent) and event.anchor:
            collections.add(event.anchor)
        elif isinstance(event, yaml.AliasEvent) and event.anchor in collections:
            line, column = _mark(event)
            return _AliasError(str(error), line, column, error.hint)
    return error


MIN_EXPANSION_BUDGET = 100_000  # nodes a document may have once its aliases are expanded...
EXPANSION_FACTOR = 10  # ...or this many times the nodes written in it, whichever is more


def _expanded_size(root: yaml.Node) -> tuple[int, int]:
    """(nodes written, nodes once every alias is expanded), in one pass over the node graph."""
    sizes: dict[int, int] = {}
    pending: list[tuple[yaml.Node, bool]] = [(root, False)]
    while pending:
        node, done = pending.pop()
        if id(node) in sizes and not done:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if done:
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
            continue
        sizes[id(node)] = 1  # while in progress (a recursive alias counts once)
        pending.append((node, True))
        pending.extend((child, False) for child in children if id(child) not in sizes)
    return len(sizes), sizes[id(root)]


class _StrictLoader(_BaseLoader):
    """SafeLoader that keeps timestamps as text, stringifies keys, and refuses duplicates.

    An alias of a mapping or sequence is a deep copy of the anchored value, once the whole
    document is known to stay within the expansion budget (checked at the first such alias,
    before anything is copied).
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 - the class attribute PyYAML reads
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    _root: yaml.Node | None = None
    _within_budget = False

    def construct_document(self, node: yaml.Node) -> Any:
        self._root, self._within_budget = node, False
        return super().construct_document(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects and isinstance(
            node, (yaml.MappingNode, yaml.SequenceNode)
        ):
            if not self._within_budget and self._root is not None:
                written, expanded = _expanded_size(self._root)
                budget = max(MIN_EXPANSION_BUDGET, EXPANSION_FACTOR * written)
                if expanded > budget:
                    raise _AliasError(
                        "YAML alias of a mapping or sequence refused: expanded, the aliases"
                        f" would make {expanded} nodes, more than the {budget} allowed",
                        node.start_mark.line + 1,
                        node.start_mark.column + 1,
                        "inline the content or use a $ref instead of an anchor",
                    )
                self._within_budget = True
            return copy.deepcopy(self.constructed_objects[node])
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        result: dict[Hashable, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _LoadError(
                    "mapping key is not a scalar",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _LoadError(
                    "YAML merge keys (<<) are not supported",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                    "write the keys out",
                )
            key = key_node.value
            if key in result:
                raise _LoadError(
                    f"duplicate key {key!r}",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                    "a later value would silently replace the earlier one; keep one",
                )
            result[key] = self.construct_object(value_node, deep=True)
        return result


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_mapping)


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _LoadError(f"duplicate key {key!r}", None, None, "keep one of the two values")
        result[key] = value
    return result


MAX_NESTING = 64  # real specs nest about 30 levels; far deeper ones exhaust the stack downstream


def _nesting_error(text: str, name: str, pointer: str = "") -> LeadgenError:
    """Refusal of a document nested more than MAX_NESTING levels, at the first level too deep."""
    line = column = None
    try:
        depth = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):  # libyaml scans too far ahead
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    line, column = _mark(event)
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    message = f"mappings and lists nested more than {MAX_NESTING} levels deep"
    hint = "move inner schemas to components/schemas and refer to them with $ref"
    return LeadgenError([Diagnostic(name, line, column, pointer, message, hint)])


def _too_deep(data: Any) -> str | None:
    """JSON pointer of the first value nested more than MAX_NESTING levels deep, if any."""
    stack: list[tuple[Any, int, Any]] = [(data, 1, None)]  # (node, depth, (key, parent path))
    while stack:
        node, depth, path = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        if depth > MAX_NESTING:
            keys = []
            while path is not None:
                keys.append(path[0])
                path = path[1]
            return pointer_join("", *reversed(keys))
        items = node.items() if isinstance(node, dict) else enumerate(node)
        stack.extend((value, depth + 1, (key, path)) for key, value in items)
    return None


def _looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def _with_position(text: str, error: _LoadError) -> _LoadError:
    """The json module gives no positions: the YAML parser finds the same duplicate key with one."""
    try:
        yaml.load(text, Loader=_StrictLoader)
    except _LoadError as positioned:
        return positioned
    except (yaml.YAMLError, RecursionError, ValueError):
        pass
    return error


def _json_error(exc: json.JSONDecodeError, name: str, why: str) -> LeadgenError:
    problem = exc.msg.removesuffix(" at") + (" here" if exc.msg.endswith(" at") else "")
    message = f"not valid JSON: {problem[:1].lower()}{problem[1:]}"
    return LeadgenError([Diagnostic(name, exc.lineno, exc.colno, "", message, why)])


def _yaml_load(text: str) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML document and its node tree (kept: it gives diagnostics positions)."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def parse_text(text: str, name: str, *, json_first: bool = False) -> Any:
    """Parse YAML or JSON text; raise LeadgenError naming `name` and the position.

    A .json file (`json_first`) and text that starts with `{` or `[` are read as JSON first, then
    as YAML (flow style, or YAML saved under a .json name); when they are neither, the JSON
    error is the one reported.
    """
    return _parse(text, name, json_first=json_first)[0]


def _parse(text: str, name: str, *, json_first: bool = False) -> tuple[Any, yaml.Node | None]:
    """`parse_text`, and the YAML node tree when the text was read as YAML."""
    json_error: json.JSONDecodeError | None = None
    try:
        if json_first or _looks_like_json(text):
            try:
                return json.loads(text, object_pairs_hook=_refuse_duplicates), None
            except json.JSONDecodeError as exc:
                json_error = exc  # YAML after all (flow style, or in a .json file)? YAML decides
            except RecursionError:
                pass  # too deep: the YAML parser finds where
            except _LoadError as exc:
                raise _with_position(text, exc) from None
        try:
            return _yaml_load(text)
        except _AliasError as exc:
            raise _alias_position(text, exc) from None
    except _LoadError as exc:
        raise LeadgenError(
            [Diagnostic(name, exc.line, exc.column, "", str(exc), exc.hint)]
        ) from None
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem):  # libyaml stops at 1000 levels
            raise _nesting_error(text, name) from None
        if json_error is not None:
            why = (
                "the file ends in .json"
                if json_first
                else f"the file starts with {text.lstrip()[:1]!r}: it is read as JSON"
            )
            raise _json_error(json_error, name, why) from None
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        hint = "only plain YAML is accepted; tags like !!python/object are refused"
        raise LeadgenError(
            [Diagnostic(name, line, column, "", f"not valid YAML: {problem}", hint)]
        ) from None
    except RecursionError:
        raise _nesting_error(text, name) from None
    except (yaml.YAMLError, ValueError) as exc:
        raise LeadgenError(
            [Diagnostic(name, None, None, "", f"not valid YAML or JSON: {exc}")]
        ) from None


@dataclass
class Document:
    """A loaded spec file: its parsed data, its text, and a lazy pointer -> position map."""

    path: Path
    display: str
    text: str
    data: Any
    sha256: str
    _nodes: Any = field(default=None, repr=False)
    # parts of the bundled data that came from another file: pointer here -> (file, pointer there)
    origins: dict[str, tuple[Document, str]] = field(default_factory=dict, repr=False)

    def nodes(self) -> yaml.Node | None:
        """The document's YAML node tree (kept from loading YAML; composed when first asked
        for a JSON document), None when the text does not compose."""
        if self._nodes is None:
            try:
                self._nodes = yaml.compose(self.text, Loader=_StrictLoader)
            except yaml.YAMLError:
                self._nodes = False
        return self._nodes or None

    def locate(self, pointer: str) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the node at `pointer`, or of its nearest parent."""
        node = self.nodes()
        if node is None:
            return None, None
        best = node
        for part in _split_pointer(pointer):
            node = _child(node, part)
            if node is None:
                break
            best = node
        return best.start_mark.line + 1, best.start_mark.column + 1

    def diagnostic(self, pointer: str, message: str, hint: str = "", **kw: Any) -> Diagnostic:
        for here, (source, there) in self.origins.items():
            if pointer == here or pointer.startswith(here + "/"):  # said where it is written
                return source.diagnostic(there + pointer[len(here) :], message, hint, **kw)
        line, column = self.locate(pointer)
        return Diagnostic(self.display, line, column, pointer, message, hint, **kw)


def _split_pointer(pointer: str) -> list[str]:
    pointer = pointer.lstrip("#")
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]


def _child(node: yaml.Node, part: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return value  # type: ignore[no-any-return]
    elif isinstance(node, yaml.SequenceNode) and part.isascii() and part.isdigit():
        index = int(part)
        if index < len(node.value):
            return node.value[index]  # type: ignore[no-any-return]
    return None


# `https://host/x` as typed, or as pathlib leaves it (`https:/host/x`); a scheme is two or more
# characters, so `C:/specs/x.yaml` is a path.
def load_document(path: str | Path, display: str | None = None, *, part: bool = False) -> Document:
    """Read and parse one spec file, refusing unusable input with a clear diagnostic.

    `part` is for files a spec refers to: they may have any name.
    """
    name = display or str(path)
    path = check_spec_path(path, name)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise refusal(name, "file not found") from None
    except OSError as exc:
        raise refusal(name, f"cannot read file: {exc.strerror}") from None
    if part or path.suffix.lower() in SPEC_SUFFIXES:
        return load_bytes(raw, path, name)
    return _load_other_name(raw, path, name)


def _load_other_name(raw: bytes, path: Path, name: str) -> Document:
    """A file not named like a spec, accepted only when it is clearly an OpenAPI document."""
    what = f"unknown file type {path.suffix!r}" if path.suffix else "no file extension"
    hint = (
        "give a .yaml, .yml or .json spec; a file with another name is read only"
        " when it has a top-level openapi: or swagger: key"
    )
    try:
        doc = load_bytes(raw, path, name)
    except LeadgenError:
        doc = None
    if doc is None or not ({"openapi", "swagger"} & set(doc.data)):
        raise refusal(name, what, hint)
    return doc


def load_bytes(raw: bytes, path: Path, name: str) -> Document:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8")) + 1
        message = f"not UTF-8 (byte {exc.start})"
        raise LeadgenError(
            [Diagnostic(name, line, column, "", message, "save the file as UTF-8")]
        ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        column = index - text.rfind("\n", 0, index)
        raise LeadgenError([Diagnostic(name, line, column, "", "file contains a NUL character")])
    if not text.strip():
        raise refusal(name, "is empty", "an OpenAPI document is expected")
    data, nodes = _parse(text, name, json_first=path.suffix.lower() == ".json")
    deep = _too_deep(data)
    if deep is not None:
        raise _nesting_error(text, name, deep)
    if not isinstance(data, dict):
        top = Document(path, name, text, data, "").locate("")  # after any leading comments
        raise LeadgenError(
            [Diagnostic(name, *top, "", "not an OpenAPI document: the top level is not a mapping")]
        )
    digest = hashlib.sha256(raw).hexdigest()
    return Document(path=path, display=name, text=text, data=data, sha256=digest, _nodes=nodes)
