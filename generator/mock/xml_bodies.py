"""XML bodies for the mock: the spec's raw schemas seen as shapes of the client's own `_xml`
module, so the mock reads and writes the documents a generated client writes and reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model.xml_names import is_xml_media, root_name, value_name
from ..spec.refs import split_pointer
from ..templates.runtime._xml import Xml, XmlError, dump, load
from .schemas import SchemaBook

__all__ = ["XmlError", "is_xml_media", "read_xml", "write_xml"]

_SCALARS = ("integer", "number", "boolean", "string")


class _Schemas:
    """`ShapeView` over the spec's schemas: a shape is a schema, `$ref`s and all."""

    def __init__(self, book: SchemaBook) -> None:
        self.book = book

    def resolve(self, schema: Any) -> Any:
        seen: set[str] = set()
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref in seen or not ref.startswith("#"):
                return {}
            seen.add(ref)
            try:
                schema = self.book.node(ref[1:])
            except KeyError:
                return {}
        return schema if isinstance(schema, dict) else {}

    def kind(self, shape: Any) -> str:
        schema = self.resolve(shape)
        declared = schema.get("type")
        types = [t for t in (declared if isinstance(declared, list) else [declared]) if t]
        types = [t for t in types if t != "null"]
        if schema.get("properties") or schema.get("allOf"):
            return "object"
        if len(types) == 1 and types[0] in _SCALARS:
            return str(types[0])
        if "items" in schema or types == ["array"]:
            return "array"
        if types == ["object"] or isinstance(schema.get("additionalProperties"), dict):
            return "map" if isinstance(schema.get("additionalProperties"), dict) else "object"
        return "any"

    def properties(self, shape: Any) -> Sequence[tuple[str, Xml, Any]]:
        found: dict[str, Any] = {}
        self._collect(self.resolve(shape), found, 0)
        placed = []
        for wire, prop in found.items():
            flags = dict(self.resolve(prop))
            if isinstance(prop, dict) and "$ref" in prop:
                flags.update({k: v for k, v in prop.items() if k != "$ref"})
            placed.append((wire, _runtime(value_name(flags, self.resolve, wire)), prop))
        return placed

    def _collect(self, schema: dict[str, Any], found: dict[str, Any], depth: int) -> None:
        if depth > 32:
            return
        for part in schema.get("allOf") or []:
            self._collect(self.resolve(part), found, depth + 1)
        for wire, prop in (schema.get("properties") or {}).items():
            if prop is not False:
                found[str(wire)] = prop

    def item(self, shape: Any) -> Any:
        schema = self.resolve(shape)
        return schema.get("items", schema.get("additionalProperties", {}))


def _runtime(name: Any) -> Xml:
    """The IR's XmlName as the runtime's Xml."""
    wrapped = _runtime(name.wrapped) if name.wrapped is not None else None
    return Xml(name.name, name.namespace, name.prefix, name.attribute, wrapped)


def _body_name(schema: Any) -> str:
    """A body's default root name: the component it refers to, else `body`."""
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        parts = split_pointer(ref[1:])
        if len(parts) == 3:
            return parts[2]
    return "body"


def write_xml(book: SchemaBook, schema_at: str, value: Any) -> bytes:
    """`value` as the XML document of the schema at `schema_at`."""
    view = _Schemas(book)
    schema = book.node(schema_at)
    root = _runtime(root_name(schema, view.resolve, _body_name(schema)))
    return dump(view, schema, value, root)


def read_xml(book: SchemaBook, schema_at: str, data: bytes) -> Any:
    """The JSON-like value of an XML document of the schema at `schema_at`; raises XmlError."""
    return load(_Schemas(book), book.node(schema_at), data)
