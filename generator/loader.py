"""Safe loading of YAML/JSON specs, with line and column for any JSON pointer.

Loading is fast (libyaml or json); positions are computed lazily, only when a
diagnostic needs them. The loader refuses what would make a spec ambiguous or
dangerous: duplicate keys, aliases of collections (alias bombs), Python tags,
non-UTF-8 text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, LeadgenError

__all__ = ["Document", "load_document", "parse_text"]

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LoadError(Exception):
    def __init__(self, message: str, line: int | None, column: int | None, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.column, self.hint = line, column, hint


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps timestamps as text, stringifies keys, and refuses duplicates."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects and isinstance(
            node, (yaml.MappingNode, yaml.SequenceNode)
        ):
            raise _LoadError(
                "YAML alias of a mapping or sequence refused",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "inline the content or use a $ref instead of an anchor",
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        result: dict[str, Any] = {}
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
            raise _LoadError(
                f"duplicate key {key!r}", None, None, "keep one of the two values"
            )
        result[key] = value
    return result


def _looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def parse_text(text: str, name: str) -> Any:
    """Parse YAML or JSON text; raise LeadgenError naming `name` and the position."""
    try:
        if _looks_like_json(text):
            try:
                return json.loads(text, object_pairs_hook=_refuse_duplicates)
            except json.JSONDecodeError:
                pass  # JSON-looking YAML (flow style): let the YAML parser judge it
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader subclass
    except _LoadError as exc:
        raise LeadgenError(
            [Diagnostic(name, exc.line, exc.column, "", str(exc), exc.hint)]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        hint = "only plain YAML is accepted; tags like !!python/object are refused"
        raise LeadgenError(
            [Diagnostic(name, line, column, "", f"not valid YAML: {problem}", hint)]
        ) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
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

    def locate(self, pointer: str) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the node at `pointer`, or of its nearest parent."""
        if self._nodes is None:
            try:
                self._nodes = yaml.compose(self.text, Loader=_StrictLoader)
            except yaml.YAMLError:
                self._nodes = False
        node = self._nodes
        if not node:
            return None, None
        best = node
        for part in _split_pointer(pointer):
            node = _child(node, part)
            if node is None:
                break
            best = node
        return best.start_mark.line + 1, best.start_mark.column + 1

    def diagnostic(self, pointer: str, message: str, hint: str = "", **kw: Any) -> Diagnostic:
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
    elif isinstance(node, yaml.SequenceNode) and part.isdigit():
        index = int(part)
        if index < len(node.value):
            return node.value[index]  # type: ignore[no-any-return]
    return None


def load_document(path: Path, display: str | None = None) -> Document:
    """Read and parse one spec file, refusing unusable input with a clear diagnostic."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LeadgenError([Diagnostic(name, None, None, "", "file not found")]) from None
    except OSError as exc:
        raise LeadgenError(
            [Diagnostic(name, None, None, "", f"cannot read file: {exc.strerror}")]
        ) from None
    return load_bytes(raw, path, name)


def load_bytes(raw: bytes, path: Path, name: str) -> Document:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LeadgenError(
            [
                Diagnostic(
                    name, line, None, "", f"not UTF-8 (byte {exc.start})", "save the file as UTF-8"
                )
            ]
        ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise LeadgenError([Diagnostic(name, line, None, "", "file contains a NUL character")])
    if not text.strip():
        raise LeadgenError(
            [Diagnostic(name, None, None, "", "empty file", "an OpenAPI document is expected")]
        )
    data = parse_text(text, name)
    if not isinstance(data, dict):
        raise LeadgenError(
            [
                Diagnostic(
                    name, 1, 1, "", "not an OpenAPI document: the top level is not a mapping"
                )
            ]
        )
    digest = hashlib.sha256(raw).hexdigest()
    return Document(path=path, display=name, text=text, data=data, sha256=digest)
