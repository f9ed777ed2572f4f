"""XML bodies, written and read as the OpenAPI ``xml`` object says (stdlib only).

A body is converted between XML and the JSON-like value the descriptors already
(de)serialise, guided by a *shape*: what a schema says of a value, seen through a
``ShapeView`` (the generated client's descriptors, or the mock's raw schemas).

* An element is named by its ``Xml``: ``xml.name`` else the property's name (the
  whole body: the schema's ``xml.name``, else its component's name).
* ``attribute`` properties are attributes of their object's element.
* An array is a run of item elements; ``wrapped`` puts them in an outer element.
* ``namespace`` with ``prefix`` writes ``prefix:name`` and declares the prefix on
  the element that first needs it; reading matches names by namespace, not prefix.
* ``None`` is an empty element with ``xsi:nil="true"``; an absent value, no element.

Reading refuses a DOCTYPE (so no entity is ever declared or expanded) and nesting
deeper than ``MAX_DEPTH``; the errors are ``XmlError``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any, Protocol
from xml.parsers import expat

__all__ = ["MAX_DEPTH", "ShapeView", "Xml", "XmlError", "dump", "is_xml", "load"]

MAX_DEPTH = 256  # elements one inside the other
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_INTEGER = re.compile(r"[+-]?\d+\Z")
_NAME = re.compile(r"[A-Za-z_][\w.-]*\Z")


class XmlError(ValueError):
    """A body that is not XML this module reads or writes (the message names why)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Xml:
    """Where a value goes: an element (or attribute) ``name`` in ``namespace``,
    written with ``prefix``; an array's items are ``name`` elements, inside a
    ``wrapped`` element when given. A model's ``order`` lists its properties in
    the schema's order (their elements are written so) when its fields differ."""

    name: str
    namespace: str | None = None
    prefix: str | None = None
    attribute: bool = False
    wrapped: Xml | None = None
    order: tuple[str, ...] = ()


class ShapeView(Protocol):
    """What the converter asks of a shape (``kind`` is "object", "array", "map",
    "string", "integer", "number", "boolean" or "any")."""

    def kind(self, shape: Any) -> str: ...

    def properties(self, shape: Any) -> Sequence[tuple[str, Xml, Any]]:
        """(wire name, placement, shape) of an object's properties."""
        ...

    def item(self, shape: Any) -> Any:
        """The shape of an array's items or a map's values."""
        ...


def is_xml(media_type: str) -> bool:
    """``application/xml``, ``text/xml`` and ``*/*+xml``."""
    mt = media_type.split(";", 1)[0].strip().lower()
    return mt in ("application/xml", "text/xml") or mt.endswith("+xml")


# --- writing ---------------------------------------------------------------------


def dump(view: ShapeView, shape: Any, value: Any, root: Xml) -> bytes:
    """The XML document of ``value`` (a JSON-like value), its root placed by ``root``."""
    writer = _Writer(view)
    if view.kind(shape) == "array" and isinstance(value, (list, tuple)):
        outer = root.wrapped or Xml("items")  # a document has one root element
        element, scope = writer.element(outer, {})
        writer.items(element, root, view.item(shape), value, scope)
    else:
        element = writer.value(root, shape, value, {})
    text = ET.tostring(element, encoding="unicode", short_empty_elements=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + text.encode("utf-8")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "INF" if value > 0 else "-INF"
        return repr(value)
    return str(value)


@functools.lru_cache(maxsize=1024)
def _checked_name(name: str) -> str:
    if not _NAME.match(name):
        raise XmlError(f"{name!r} is not an XML name")
    return name


class _Writer:
    def __init__(self, view: ShapeView) -> None:
        self.view = view

    def element(
        self, place: Xml, scope: dict[str, str], parent: ET.Element | None = None
    ) -> tuple[ET.Element, dict[str, str]]:
        """The element, and the prefixes in scope inside it ("": the default namespace)."""
        tag = _checked_name(place.name)
        declare: dict[str, str] = {}
        inner = scope
        if place.namespace is not None and place.prefix:
            tag = f"{_checked_name(place.prefix)}:{tag}"
            if scope.get(place.prefix) != place.namespace:
                declare["xmlns:" + place.prefix] = place.namespace
                inner = {**scope, place.prefix: place.namespace}
        elif place.namespace is not None:
            if scope.get("", "") != place.namespace:
                declare["xmlns"] = place.namespace
                inner = {**scope, "": place.namespace}
        elif scope.get("", ""):
            declare["xmlns"] = ""  # out of the default namespace around it
            inner = {**scope, "": ""}
        if parent is None:
            return ET.Element(tag, declare), inner
        return ET.SubElement(parent, tag, declare), inner

    def value(
        self,
        place: Xml,
        shape: Any,
        value: Any,
        scope: dict[str, str],
        parent: ET.Element | None = None,
    ) -> ET.Element:
        element, inner = self.element(place, scope, parent)
        kind = self.view.kind(shape)
        if value is None:
            self._nil(element, inner)
        elif isinstance(value, dict):
            self._object(element, shape if kind == "object" else None, value, inner)
        elif isinstance(value, (list, tuple)):
            item = self.view.item(shape) if kind == "array" else None
            self.items(element, Xml("item"), item, value, inner)
        else:
            element.text = _text(value)
        return element

    def items(
        self,
        parent: ET.Element,
        place: Xml,
        shape: Any,
        values: Sequence[Any],
        scope: dict[str, str],
    ) -> None:
        for item in values:
            self.value(place, shape, item, scope, parent)

    @staticmethod
    def _nil(element: ET.Element, scope: dict[str, str]) -> None:
        if scope.get("xsi") != _XSI:
            element.set("xmlns:xsi", _XSI)
        element.set("xsi:nil", "true")

    def _object(
        self,
        element: ET.Element,
        shape: Any,
        value: dict[str, Any],
        scope: dict[str, str],
    ) -> None:
        placed = self.view.properties(shape) if shape is not None else ()
        known = set()
        for wire, place, prop in placed:
            known.add(wire)
            if wire not in value:
                continue
            item = value[wire]
            if place.attribute:
                if item is not None:
                    scope = self._attribute(element, place, item, scope)
            elif isinstance(item, (list, tuple)) and self.view.kind(prop) == "array":
                self._array(element, place, self.view.item(prop), item, scope)
            else:
                self.value(place, prop, item, scope, element)
        for key, item in value.items():
            if key not in known:  # additional properties: elements named by their keys
                self.value(Xml(key), None, item, scope, element)

    @staticmethod
    def _attribute(
        element: ET.Element, place: Xml, value: Any, scope: dict[str, str]
    ) -> dict[str, str]:
        """Set the attribute; the prefixes in scope inside ``element`` afterwards."""
        name = _checked_name(place.name)
        if place.namespace is not None and place.prefix:
            name = f"{_checked_name(place.prefix)}:{name}"
            if scope.get(place.prefix) != place.namespace:
                element.set("xmlns:" + place.prefix, place.namespace)
                scope = {**scope, place.prefix: place.namespace}
        element.set(name, _text(value))
        return scope

    def _array(
        self,
        element: ET.Element,
        place: Xml,
        item: Any,
        values: Sequence[Any],
        scope: dict[str, str],
    ) -> None:
        if place.wrapped is not None:
            element, scope = self.element(place.wrapped, scope, element)
        self.items(element, place, item, values, scope)


# --- reading ---------------------------------------------------------------------


def _refuse(*_: object) -> None:
    raise XmlError("a DOCTYPE or entity declaration is not accepted")


def _refuse_reference(*_: object) -> int:
    raise XmlError("an external entity is not accepted")


def _parse(data: bytes) -> ET.Element:
    """The document's root element; no DOCTYPE, entities or deep nesting."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse_reference
    depth = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise XmlError(f"elements nested more than {MAX_DEPTH} deep")
        builder.start(_clark(name), {_clark(k): v for k, v in attributes.items()})

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1
        builder.end(_clark(name))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XmlError(f"not well-formed XML: {exc}") from None
    return builder.close()


@functools.lru_cache(maxsize=4096)
def _clark(name: str) -> str:
    """expat's ``uri}local`` as ElementTree's ``{uri}local``."""
    return "{" + name if "}" in name else name


@functools.lru_cache(maxsize=4096)
def _split(tag: str) -> tuple[str | None, str]:
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return uri, local
    return None, tag


def _matches(tag: str, place: Xml) -> bool:
    uri, local = _split(tag)
    return local == place.name and (place.namespace is None or uri == place.namespace)


def _first(
    named: dict[str, list[ET.Element]], used: set[int], place: Xml
) -> ET.Element | None:
    """The first child not read yet that ``place`` names."""
    for child in named.get(place.name, ()):
        if id(child) not in used and _matches(child.tag, place):
            return child
    return None


def load(view: ShapeView, shape: Any, data: bytes) -> Any:
    """The JSON-like value of an XML document (its root element's name is not checked);
    raises XmlError. Text is converted to the shape's scalar type where it reads as
    one and kept as a string otherwise, for the descriptors to judge."""
    return _Reader(view).value(_parse(data), shape)


def _scalar(kind: str, text: str) -> Any:
    if kind == "integer" and _INTEGER.match(text.strip()):
        return int(text)
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            return text
        return int(text) if _INTEGER.match(text.strip()) else number
    if kind == "boolean" and text.strip() in ("true", "1", "false", "0"):
        return text.strip() in ("true", "1")
    return text


class _Reader:
    def __init__(self, view: ShapeView) -> None:
        self.view = view

    def value(self, element: ET.Element, shape: Any) -> Any:
        if element.get(f"{{{_XSI}}}nil") in ("true", "1"):
            return None
        kind = self.view.kind(shape) if shape is not None else "any"
        if kind == "object":
            return self._object(element, shape)
        if kind == "array":
            item = self.view.item(shape)
            return [self.value(child, item) for child in element]
        if kind == "map":
            item = self.view.item(shape)
            return {_split(c.tag)[1]: self.value(c, item) for c in element}
        if kind == "any":
            return self._any(element)
        return _scalar(kind, element.text or "")

    def _any(self, element: ET.Element) -> Any:
        if len(element) == 0:
            return element.text or ""
        out: dict[str, Any] = {}
        for child in element:
            key, value = _split(child.tag)[1], self._any(child)
            if key not in out:
                out[key] = value
            elif isinstance(out[key], list):
                out[key].append(value)
            else:
                out[key] = [out[key], value]
        return out

    def _object(self, element: ET.Element, shape: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        used: set[int] = set()
        named: dict[str, list[ET.Element]] = {}  # children by local name, in order
        for child in element:
            named.setdefault(_split(child.tag)[1], []).append(child)
        for wire, place, prop in self.view.properties(shape):
            if place.attribute:
                found = self._attribute(element, place)
                if found is not None:
                    out[wire] = _scalar(self.view.kind(prop), found)
            elif self.view.kind(prop) == "array":
                items = self._array(named, used, place)
                if items is not None:
                    item = self.view.item(prop)
                    out[wire] = [self.value(child, item) for child in items]
            else:
                first = _first(named, used, place)
                if first is not None:
                    used.add(id(first))
                    out[wire] = self.value(first, prop)
        for child in element:  # additional properties
            key = _split(child.tag)[1]
            if id(child) not in used and key not in out:
                out[key] = self._any(child)
        return out

    @staticmethod
    def _attribute(element: ET.Element, place: Xml) -> str | None:
        for key, value in element.attrib.items():
            uri, local = _split(key)
            if local == place.name and uri == (
                place.namespace if place.prefix else None
            ):
                return value
        return None

    @staticmethod
    def _array(
        named: dict[str, list[ET.Element]], used: set[int], place: Xml
    ) -> list[ET.Element] | None:
        """The item elements of an array property; None when it is absent."""
        if place.wrapped is not None:
            wrapper = _first(named, used, place.wrapped)
            if wrapper is None:
                return None
            used.add(id(wrapper))
            return list(wrapper)
        items = [
            c
            for c in named.get(place.name, ())
            if id(c) not in used and _matches(c.tag, place)
        ]
        used.update(id(c) for c in items)
        return items or None
