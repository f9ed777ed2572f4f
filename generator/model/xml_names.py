"""Element names of XML bodies from the OpenAPI `xml` object, as the specification's examples
show them: a property's element is its `xml.name`, else the property's name; an array's items
are named by the items' `xml.name`, else (wrapped) the array's element name, else the
property's name; a wrapped array's outer element is the array's own element. The whole body
is named by its schema's `xml.name`, else its component's name. OpenAPI 3.2's `nodeType`
`attribute` is `attribute: true`, and `element` on an array is `wrapped: true`.

Shared by the generator and `leadgen mock`, so both write the same documents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .ir import XmlName

__all__ = ["is_xml_media", "model_name", "root_name", "value_name"]

Resolve = Callable[[Any], Any]


def is_xml_media(media_type: str | None) -> bool:
    base = (media_type or "").split(";")[0].strip().lower()
    return base in ("application/xml", "text/xml") or base.endswith("+xml")


def _declared(schema: Any) -> dict[str, Any]:
    found = schema.get("xml") if isinstance(schema, dict) else None
    return found if isinstance(found, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _is_array(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind) or "items" in schema


def _own(schema: Any, name: str) -> XmlName:
    xml = _declared(schema)
    return XmlName(
        _text(xml.get("name")) or name,
        _text(xml.get("namespace")),
        _text(xml.get("prefix")),
        attribute=xml.get("attribute") is True or xml.get("nodeType") == "attribute",
    )


def _wrapped(schema: Any) -> bool:
    """An array in an outer element: `wrapped: true`, or (3.2) `nodeType: element`."""
    xml = _declared(schema)
    return xml.get("wrapped") is True or xml.get("nodeType") == "element"


def model_name(schema: Any, name: str) -> XmlName:
    """The root element of a model: its `xml.name` (namespace, prefix), else `name`."""
    return replace(_own(schema, name), attribute=False)


def value_name(schema: Any, resolve: Resolve, name: str) -> XmlName:
    """Where a value of `schema` (resolved, its `$ref` siblings merged) named `name` goes."""
    own = _own(schema, name)
    if not _is_array(schema):
        return own
    raw = schema.get("items")
    items = resolve(raw) if isinstance(raw, dict) else {}
    xml = _declared(raw) or _declared(items)
    wrapped = _wrapped(schema)
    return XmlName(
        _text(xml.get("name")) or (own.name if wrapped else name),
        _text(xml.get("namespace")),
        _text(xml.get("prefix")),
        wrapped=replace(own, attribute=False) if wrapped else None,
    )


def root_name(schema: Any, resolve: Resolve, name: str) -> XmlName:
    """The root element of a whole body of `schema` (an array's items always have an outer
    element: a document has one root)."""
    found = value_name(resolve(schema), resolve, name)
    found = replace(found, attribute=False)
    if _is_array(resolve(schema)) and found.wrapped is None:
        return replace(found, wrapped=_own(resolve(schema), name))
    return found
