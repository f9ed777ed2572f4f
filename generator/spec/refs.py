"""`$ref` handling: pointer resolution, and bundling of local multi-file specs.

Refs into other files are pulled into the root document (components are
hoisted under their own name, anything else is inlined), so every later stage
sees one self-contained document. The files may be anywhere inside the project
root (the configuration file's folder, or `--root`) when the spec is inside
it; without a root, only in the spec's own folder. Remote refs and refs that
leave that folder are refused: leadgen never touches the network, and reads
nothing outside the project.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

from ..errors import LeadgenError, pointer_join
from .loader import Document, load_document

__all__ = [
    "anchor_pointer",
    "bundle",
    "is_anchor_ref",
    "iter_refs",
    "resolve_anchor_refs",
    "resolve_pointer",
    "split_pointer",
    "value_at",
]


def split_pointer(pointer: str) -> list[str]:
    pointer = pointer.lstrip("#")
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise KeyError(pointer)
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]


def value_at(data: Any, parts: list[str]) -> Any:
    """The value at the path `parts` (unescaped pointer parts), or None when absent."""
    node = data
    for part in parts:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isascii() and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def resolve_pointer(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer (`#/a/b` or `/a/b`); KeyError when absent."""
    node = data
    for part in split_pointer(pointer):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isascii() and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(pointer)
    return node


def iter_refs(data: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(pointer of the object holding `$ref`, ref text) for every `$ref` in `data`."""
    stack: list[tuple[str, Any]] = [(pointer, data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield where, ref
            for key in sorted(node, reverse=True):
                stack.append((pointer_join(where, key), node[key]))
        elif isinstance(node, list):
            for index in range(len(node) - 1, -1, -1):
                stack.append((pointer_join(where, index), node[index]))


def is_anchor_ref(ref: str) -> bool:
    """Whether a local `$ref` names a JSON Schema `$anchor` (`#users`), not a JSON pointer."""
    fragment = ref.partition("#")[2]
    return bool(fragment) and not fragment.startswith("/")


def _anchors(data: Any) -> dict[str, list[str]]:
    """Each `$anchor` name of a document, with the pointers of the objects declaring it."""
    found: dict[str, list[str]] = {}
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            name = node.get("$anchor")
            if isinstance(name, str):
                found.setdefault(name, []).append(where)
            stack.extend((pointer_join(where, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((pointer_join(where, i), v) for i, v in enumerate(node))
    return found


def anchor_pointer(data: Any, name: str) -> tuple[str | None, int]:
    """(pointer of the one object of `data` declaring `$anchor: name`, how many declare it)."""
    places = _anchors(data).get(name, [])
    return (places[0] if len(places) == 1 else None), len(places)


def resolve_anchor_refs(data: Any) -> Any:
    """`data` with every `$ref: '#name'` to a `$anchor` declared once in it written as the JSON
    pointer of that object (a copy when any is rewritten; check_refs reports the others)."""
    named = [(where, ref) for where, ref in iter_refs(data) if ref.startswith("#")]
    named = [(where, ref) for where, ref in named if is_anchor_ref(ref)]
    if not named:
        return data
    places = _anchors(data)
    found = {ref: places[ref[1:]][0] for _, ref in named if len(places.get(ref[1:], [])) == 1}
    if not found:
        return data
    data = copy.deepcopy(data)
    for where, ref in named:
        if ref in found:
            resolve_pointer(data, where)["$ref"] = "#" + found[ref]
    return data


_NOT_SCHEMAS = ("example", "examples", "default", "const", "enum")


def declared_ids(data: Any, base: str) -> dict[str, list[str]]:
    """Each `$id` of a document's schemas as an absolute URI (resolved against the `$id`s
    around it, then `base`), with the pointers of the objects declaring it."""
    found: dict[str, list[str]] = {}
    stack: list[tuple[str, Any, str]] = [("", data, base)]
    while stack:
        where, node, uri = stack.pop()
        if isinstance(node, dict):
            declared = node.get("$id")
            if isinstance(declared, str) and declared:
                uri = urljoin(uri, declared).partition("#")[0]
                found.setdefault(uri, []).append(where)
            stack.extend(
                (pointer_join(where, k), v, uri) for k, v in node.items() if k not in _NOT_SCHEMAS
            )
        elif isinstance(node, list):
            stack.extend((pointer_join(where, i), v, uri) for i, v in enumerate(node))
    return found


ALLOW_HINT = "move the file inside, or set `root` in [tool.leadgen] / pass --root"


def _shown_folder(folder: Path) -> str:
    """A folder as the user knows it: relative to the working folder when inside it."""
    try:
        return folder.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(folder)


class _Bundler:
    def __init__(self, root: Document, project_root: Path | None = None) -> None:
        self.root = root
        self.spec_folder = root.path.resolve().parent
        self.folder = self.spec_folder  # every file read must be inside it
        self.outside = "points outside the spec's folder"
        if project_root is not None and self.spec_folder.is_relative_to(project_root.resolve()):
            self.folder = project_root.resolve()
            self.outside = f"points outside the project root {_shown_folder(self.folder)}"
        self.docs: dict[Path, Document] = {root.path.resolve(): root}
        self.hoisted: dict[tuple[Path, str], str] = {}
        self.inlining: list[tuple[Path, str]] = []
        self.data: dict[str, Any] = root.data
        self.ids: dict[Path, dict[str, list[str]]] = {}  # per document, see declared_ids

    def refuse(self, doc: Document, where: str, message: str, hint: str) -> LeadgenError:
        return LeadgenError([doc.diagnostic(pointer_join(where, "$ref"), message, hint)])

    def document(self, doc: Document, where: str, file_part: str) -> Document:
        target = (doc.path.resolve().parent / file_part).resolve()
        if not target.is_relative_to(self.folder):
            raise self.refuse(doc, where, f"$ref {file_part!r} {self.outside}", ALLOW_HINT)
        if target not in self.docs:
            relative = os.path.relpath(target, self.spec_folder)
            shown = str(Path(self.root.display).parent / relative)
            if relative.startswith(".."):
                shown = os.path.normpath(shown)
            if not target.is_file():
                raise self.refuse(
                    doc,
                    where,
                    f"$ref {file_part!r}: no such file ({shown})",
                    "create the file or fix the path, relative to the referring file",
                )
            self.docs[target] = load_document(target, shown, part=True)
        return self.docs[target]

    def rewrite(self, node: Any, doc: Document, where: str) -> Any:
        """A copy of `node` (from `doc`) whose refs all point into the root document."""
        if isinstance(node, list):
            return [self.rewrite(v, doc, pointer_join(where, i)) for i, v in enumerate(node)]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            return self.rewrite_ref(node, ref, doc, where)
        return {k: self.rewrite(v, doc, pointer_join(where, k)) for k, v in node.items()}

    def self_uri(self, doc: Document) -> str:
        """The document's base URI: its OpenAPI 3.2 `$self` (resolved against where the file
        is), else the file's own URI."""
        file_uri = doc.path.resolve().as_uri()
        declared = doc.data.get("$self") if isinstance(doc.data, dict) else None
        return urljoin(file_uri, declared) if isinstance(declared, str) and declared else file_uri

    def local_ref(self, doc: Document, ref: str) -> str:
        """`ref` resolved against its document's `$self`, as a reference to a local file: the
        document itself, a file already read whose `$self` it names, or one under the root
        document's `$self` folder (read from the spec's folder). Others are left as written."""
        base = self.self_uri(doc)
        target, _, fragment = urljoin(base, ref).partition("#")
        if target == base.partition("#")[0]:
            return "#" + fragment
        identified = self.identified(doc, target, fragment, ref)
        if identified is not None:
            return identified
        for path, other in self.docs.items():
            if self.self_uri(other).partition("#")[0] == target:
                return os.path.relpath(path, doc.path.resolve().parent) + "#" + fragment
        if not isinstance(self.root.data.get("$self"), str):
            return ref
        folder = urljoin(self.self_uri(self.root), ".")
        if not target.startswith(folder) or not folder.endswith("/"):
            return ref
        local = self.spec_folder / unquote(target[len(folder) :])
        return os.path.relpath(local, doc.path.resolve().parent) + "#" + fragment

    def identified(self, doc: Document, target: str, fragment: str, ref: str) -> str | None:
        """The reference to the schema of the root document or of `doc` whose `$id` is `target`
        (`fragment` then a pointer or `$anchor` inside it); None when none has that `$id`."""
        for other in (self.root, doc) if doc is not self.root else (doc,):
            path = other.path.resolve()
            if path not in self.ids:
                self.ids[path] = declared_ids(other.data, self.self_uri(other))
            places = self.ids[path].get(target, [])
            if len(places) > 1:
                raise _IdError(f"$ref {ref!r}: $id {target!r} is declared {len(places)} times")
            if not places:
                continue
            pointer = places[0]
            if fragment.startswith("/"):
                pointer += fragment
            elif fragment:
                inner, _ = anchor_pointer(resolve_pointer(other.data, pointer), fragment)
                if inner is None:
                    raise _IdError(
                        f"$ref {ref!r}: no $anchor {fragment!r} in the schema of that $id"
                    )
                pointer += inner
            if other is doc:
                return "#" + pointer
            return os.path.relpath(path, doc.path.resolve().parent) + "#" + pointer
        return None

    def rewrite_ref(self, node: dict[str, Any], ref: str, doc: Document, where: str) -> Any:
        try:
            ref = self.local_ref(doc, ref)
        except _IdError as exc:
            raise self.refuse(doc, where, str(exc), "keep one schema of each $id") from None
        if "://" in ref or ref.startswith("//"):
            raise self.refuse(
                doc,
                where,
                f"remote $ref {ref!r} refused: leadgen never uses the network",
                "download the file into the spec's folder and refer to it by relative path",
            )
        file_part, _, fragment = ref.partition("#")
        target_doc = self.document(doc, where, file_part) if file_part else doc
        if target_doc is self.root:
            copied = {k: self.rewrite(v, doc, pointer_join(where, k)) for k, v in node.items()}
            copied["$ref"] = "#" + fragment  # `root.yaml#/x` from a sibling file is `#/x` here
            return copied
        if fragment and not fragment.startswith("/"):
            fragment = self.anchored(target_doc, ref, fragment, doc, where)
        key = (target_doc.path.resolve(), fragment)
        parts = split_pointer(fragment) if fragment else None
        try:
            target = resolve_pointer(target_doc.data, fragment)
        except KeyError:
            raise self.refuse(
                doc, where, f"$ref {ref!r}: no such location in {target_doc.display}", ""
            ) from None
        if parts and len(parts) == 3 and parts[0] == "components":
            return {"$ref": self.hoist(key, parts[1], parts[2], target, target_doc, fragment)}
        if key in self.inlining:
            raise self.refuse(
                doc,
                where,
                f"$ref {ref!r} forms a cycle through files",
                "put the recursive schema under components/schemas and refer to it there",
            )
        if doc is self.root and where:
            self.root.origins[where] = (target_doc, fragment)
        self.inlining.append(key)
        try:
            return self.rewrite(copy.deepcopy(target), target_doc, fragment)
        finally:
            self.inlining.pop()

    def anchored(self, target: Document, ref: str, name: str, doc: Document, where: str) -> str:
        """The JSON pointer of the object of `target` declaring `$anchor: name`."""
        pointer, count = anchor_pointer(target.data, name)
        if pointer is not None:
            return pointer
        if count:
            raise self.refuse(
                doc,
                where,
                f"$ref {ref!r}: $anchor {name!r} is declared {count} times in {target.display}",
                "keep one $anchor of each name in a file",
            )
        raise self.refuse(
            doc,
            where,
            f"$ref {ref!r}: no $anchor {name!r} in {target.display}",
            "declare the $anchor on the schema, or refer to it by JSON pointer (file#/a/b)",
        )

    def hoist(
        self, key: tuple[Path, str], kind: str, name: str, target: Any, doc: Document, at: str
    ) -> str:
        if key in self.hoisted:
            return self.hoisted[key]
        section = self.data.setdefault("components", {}).setdefault(kind, {})
        unique, n = name, 1
        while unique in section:
            n += 1
            unique = f"{name}{n}"
        pointer = pointer_join("#/components", kind, unique)
        self.hoisted[key] = pointer
        self.root.origins[pointer[1:]] = (doc, at)
        section[unique] = None  # reserve the name before recursing (recursive schemas)
        section[unique] = self.rewrite(target, doc, at)
        return pointer


class _IdError(Exception):
    """A `$ref` to an `$id` that several schemas declare, or to an anchor its schema lacks."""


def _has_external_ref(data: Any) -> bool:
    return any(not ref.startswith("#") for _, ref in iter_refs(data))


def bundle(doc: Document, *, root: Path | None = None) -> tuple[dict[str, Any], list[Path]]:
    """The spec's document with every local file ref pulled in, and the files it pulled in.

    Remote refs are refused, and so are refs leaving the project `root` (for a spec inside it),
    else the spec's own folder.
    """
    if not _has_external_ref(doc.data):
        return resolve_anchor_refs(doc.data), []
    bundler = _Bundler(doc, root)
    bundler.data = copy.deepcopy(doc.data)  # receives hoisted components, never iterated
    result = bundler.rewrite(doc.data, doc, "")
    for kind, section in bundler.data.get("components", {}).items():
        result.setdefault("components", {}).setdefault(kind, {}).update(
            {k: v for k, v in section.items() if k not in result["components"][kind]}
        )
    deps = sorted(p for p in bundler.docs if p != doc.path.resolve())
    return resolve_anchor_refs(result), deps
