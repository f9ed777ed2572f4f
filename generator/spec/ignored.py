"""Fields of a spec that the generated client does not honour, each said as a warning.

The walk follows the document as written (Swagger 2.0 or OpenAPI 3.x), never through `$ref`s,
so every field is reported once, where it stands. A field whose keyword is reported is not
walked into: one warning covers what it holds. docs/coverage.md lists every field of every
object and what leadgen does with it; this module is the "warned" column of that matrix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import pointer_join
from .expressions import parse_key

__all__ = ["ignored_fields"]

# OpenAPI 3.x objects: field -> why the client does without it.
_ROOT: dict[str, str] = {}
_PATH_ITEM: dict[str, str] = {}
_OPERATION: dict[str, str] = {}
_PARAMETER = {
    "allowReserved": "reserved characters are percent-encoded all the same",
}
_MEDIA_TYPE = {
    "encoding": "form and multipart fields are encoded by their schema's type alone",
}
_LINK = {
    "server": "the linked operation is sent where its own method sends it",
}
_EXAMPLE = {
    "externalValue": "leadgen never fetches documents: the example is not read",
}
_SCHEMA = {
    "not": "`not` is not checked",
    "if": "`if`/`then`/`else` are not checked",
    "then": "`if`/`then`/`else` are not checked",
    "else": "`if`/`then`/`else` are not checked",
    "patternProperties": "keys are typed by additionalProperties; the patterns are not checked",
    "propertyNames": "property names are not checked",
    "unevaluatedProperties": "not checked (use additionalProperties to close a model)",
    "unevaluatedItems": "not checked",
    "prefixItems": "the array is typed by `items` alone; positions are not checked",
    "contains": "not checked",
    "minContains": "not checked",
    "maxContains": "not checked",
    "dependentRequired": "not checked",
    "dependentSchemas": "not checked",
    "contentMediaType": "the string is passed as it is, not decoded",
    "contentEncoding": "the string is passed as it is, not decoded",
    "contentSchema": "the string is passed as it is, not decoded",
    "$id": "as a base URI: the $refs inside the schema are not resolved against it (a $ref"
    " to the URI itself finds the schema)",
    "$dynamicAnchor": "dynamic references are not resolved",
    "$dynamicRef": "dynamic references are not resolved; the value is typed Any",
    "$schema": "schemas are read as the OpenAPI dialect whatever they name",
    "$vocabulary": "schemas are read as the OpenAPI dialect whatever they name",
}
# Every keyword a 3.1 schema may hold that leadgen reads (the others are in _SCHEMA), so that a
# misspelt or unknown one, an annotation for JSON Schema, is said too; 3.0 and Swagger 2.0
# refuse unknown keywords in their structural check.
_KNOWN_SCHEMA_KEYWORDS = frozenset(
    {
        "$ref", "$defs", "$comment", "title", "description", "type", "format", "default", "enum",
        "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties",
        "minProperties", "required", "items", "allOf", "oneOf", "anyOf", "properties",
        "additionalProperties", "discriminator", "readOnly", "writeOnly", "xml", "externalDocs",
        "example", "examples", "deprecated", "nullable", "$anchor",
    }
)  # fmt: skip
_XML_TEXT = "the value is written and read as an element of its own, not as its parent's text"
_OAS_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
_SUBSCHEMA = ("items", "additionalProperties")
_SUBSCHEMA_LISTS = ("allOf", "oneOf", "anyOf")
_SUBSCHEMA_MAPS = ("properties", "$defs", "definitions")
_HTTP_SCHEMES = ("basic", "bearer")
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def ignored_fields(data: dict[str, Any]) -> list[str]:
    """`pointer: message` for every field of `data` the generated client does not honour."""
    if str(data.get("swagger", "")).startswith("2."):
        walk: _OpenApi3 = _Swagger2()
    else:
        walk = _OpenApi3(str(data.get("openapi", ""))[:3])
    return sorted(walk.document(data))


def _said(at: str, field: str, why: str) -> str:
    return f"{pointer_join(at, field)}: {field} is ignored: {why}"


def _fields(node: Any, at: str, table: dict[str, str]) -> Iterator[str]:
    if isinstance(node, dict):
        for field, why in table.items():
            if field in node:
                yield _said(at, field, why)


def _items(node: Any) -> list[tuple[str, Any]]:
    """(key, value) of a map, leaving out extensions."""
    if not isinstance(node, dict):
        return []
    return [(str(k), v) for k, v in node.items() if not str(k).startswith("x-")]


class _OpenApi3:
    def __init__(self, version: str = "") -> None:
        self.version = version

    def document(self, data: dict[str, Any]) -> Iterator[str]:
        yield from _fields(data, "", _ROOT)
        dialect = data.get("jsonSchemaDialect")
        if dialect is not None and dialect != _OAS_DIALECT:
            yield _said("", "jsonSchemaDialect", "schemas are read as the OpenAPI dialect")
        for path, item in _items(data.get("paths")):
            yield from self.path_item(pointer_join("/paths", path), item)
        for name, item in _items(data.get("webhooks")):
            yield from self.path_item(pointer_join("/webhooks", name), item)
        components = data.get("components") or {}
        for name, schema in _items(components.get("schemas")):
            yield from self.schema(pointer_join("/components/schemas", name), schema)
        for name, param in _items(components.get("parameters")):
            yield from self.parameter(pointer_join("/components/parameters", name), param)
        for name, body in _items(components.get("requestBodies")):
            yield from self.content(pointer_join("/components/requestBodies", name), body)
        for name, response in _items(components.get("responses")):
            yield from self.response(pointer_join("/components/responses", name), response)
        for name, header in _items(components.get("headers")):
            yield from self.parameter(pointer_join("/components/headers", name), header)
        for name, example in _items(components.get("examples")):
            yield from _fields(example, pointer_join("/components/examples", name), _EXAMPLE)
        for name, link in _items(components.get("links")):
            yield from _fields(link, pointer_join("/components/links", name), _LINK)
        for name, item in _items(components.get("pathItems")):
            yield from self.path_item(pointer_join("/components/pathItems", name), item)
        for name, callback in _items(components.get("callbacks")):
            yield from self.callback(pointer_join("/components/callbacks", name), callback)
        for name, scheme in _items(components.get("securitySchemes")):
            yield from self.security_scheme(
                pointer_join("/components/securitySchemes", name), scheme
            )

    def path_item(self, at: str, item: Any) -> Iterator[str]:
        if not isinstance(item, dict):
            return
        yield from _fields(item, at, _PATH_ITEM)
        for i, param in enumerate(item.get("parameters") or []):
            yield from self.parameter(pointer_join(at, "parameters", i), param)
        for method in _METHODS:
            if isinstance(item.get(method), dict):
                yield from self.operation(pointer_join(at, method), item[method])

    def operation(self, at: str, op: dict[str, Any]) -> Iterator[str]:
        yield from _fields(op, at, _OPERATION)
        for i, param in enumerate(op.get("parameters") or []):
            yield from self.parameter(pointer_join(at, "parameters", i), param)
        if isinstance(op.get("requestBody"), dict):
            yield from self.content(pointer_join(at, "requestBody"), op["requestBody"])
        for status, response in _items(op.get("responses")):
            yield from self.response(pointer_join(at, "responses", status), response)
        for name, callback in _items(op.get("callbacks")):
            yield from self.callback(pointer_join(at, "callbacks", name), callback)

    def callback(self, at: str, callback: Any) -> Iterator[str]:
        """A Callback Object: each key is the URL the API sends to, as a runtime expression;
        one `leadgen mock` cannot evaluate is said (its payload is still parsed)."""
        if not isinstance(callback, dict) or "$ref" in callback:
            return
        for key, item in _items(callback):
            try:
                parse_key(key)
            except ValueError as exc:
                where = pointer_join(at, key)
                while not where.isprintable():  # a line break would split the diagnostic
                    where = where.rsplit("/", 1)[0]
                yield (
                    f"{where}: the callback URL {key!r} is ignored:"
                    f" leadgen mock sends no callback to it: {exc}"
                )
            yield from self.path_item(pointer_join(at, key), item)

    def parameter(self, at: str, param: Any) -> Iterator[str]:
        """A Parameter or a Header Object (a header is a parameter without name and in)."""
        if not isinstance(param, dict) or "$ref" in param:
            return
        yield from _fields(param, at, _PARAMETER)
        if param.get("in") == "path" and param.get("style") in ("matrix", "label"):
            yield _said(
                at, "style", f"path parameters are sent in simple style, not {param['style']}"
            )
        yield from self.schema(pointer_join(at, "schema"), param.get("schema"))
        yield from self.content(at, param)
        yield from self.examples(at, param)

    def content(self, at: str, holder: dict[str, Any]) -> Iterator[str]:
        """The media types of a request body, response, parameter or header."""
        if "$ref" in holder:
            return
        for media, node in _items(holder.get("content")):
            where = pointer_join(at, "content", media)
            if isinstance(node, dict):
                yield from _fields(node, where, _MEDIA_TYPE)
                yield from self.schema(pointer_join(where, "schema"), node.get("schema"))
                yield from self.examples(where, node)

    def examples(self, at: str, holder: dict[str, Any]) -> Iterator[str]:
        for name, example in _items(holder.get("examples")):
            yield from _fields(example, pointer_join(at, "examples", name), _EXAMPLE)

    def response(self, at: str, response: Any) -> Iterator[str]:
        if not isinstance(response, dict) or "$ref" in response:
            return
        yield from self.content(at, response)
        for name, link in _items(response.get("links")):
            yield from _fields(link, pointer_join(at, "links", name), _LINK)
        for name, header in _items(response.get("headers")):
            yield from self.parameter(pointer_join(at, "headers", name), header)

    def security_scheme(self, at: str, scheme: Any) -> Iterator[str]:
        if not isinstance(scheme, dict):
            return
        kind = scheme.get("type")
        name = str(scheme.get("scheme", "")).lower()
        if kind == "http" and name not in _HTTP_SCHEMES:
            yield _said(at, "scheme", f"HTTP {name!r} authentication is sent as a bearer token")
        if kind == "mutualTLS":
            yield _said(
                at,
                "type",
                "mutual TLS is set up outside the client: give the certificate to the httpx client passed as http_client",
            )

    def schema(self, at: str, schema: Any) -> Iterator[str]:
        stack = [(at, schema)]
        while stack:
            where, node = stack.pop()
            if not isinstance(node, dict) or "$ref" in node and len(node) == 1:
                continue
            yield from _fields(node, where, _SCHEMA)
            xml = node.get("xml")
            if isinstance(xml, dict) and xml.get("nodeType") in ("text", "cdata"):
                yield _said(pointer_join(where, "xml"), "nodeType", _XML_TEXT)
            if self.version == "3.1":
                for key in node:
                    known = key in _KNOWN_SCHEMA_KEYWORDS or key in _SCHEMA
                    if not known and not str(key).startswith("x-"):
                        yield _said(where, str(key), "not a keyword leadgen knows")
            if "$ref" in node:
                continue  # siblings of a $ref say nothing more about its shape
            for key in _SUBSCHEMA:
                stack.append((pointer_join(where, key), node.get(key)))
            for key in _SUBSCHEMA_LISTS:
                parts = node.get(key)
                for i, part in enumerate(parts if isinstance(parts, list) else []):
                    stack.append((pointer_join(where, key, i), part))
            for key in _SUBSCHEMA_MAPS:
                for name, part in _items(node.get(key)) if key != "properties" else _all(node):
                    stack.append((pointer_join(where, key, name), part))


def _all(node: dict[str, Any]) -> list[tuple[str, Any]]:
    """A schema's properties: every key is a property name, `x-` ones too."""
    props = node.get("properties")
    return [(str(k), v) for k, v in props.items()] if isinstance(props, dict) else []


class _Swagger2(_OpenApi3):
    """Swagger 2.0: what its conversion to OpenAPI 3 leaves out or cannot carry."""

    def document(self, data: dict[str, Any]) -> Iterator[str]:
        for path, item in _items(data.get("paths")):
            yield from self.path_item(pointer_join("/paths", path), item)
        for name, schema in _items(data.get("definitions")):
            yield from self.schema(pointer_join("/definitions", name), schema)
        for name, param in _items(data.get("parameters")):
            yield from self.parameter(pointer_join("/parameters", name), param)
        for name, response in _items(data.get("responses")):
            yield from self.response(pointer_join("/responses", name), response)

    def operation(self, at: str, op: dict[str, Any]) -> Iterator[str]:
        if "schemes" in op:
            yield _said(at, "schemes", "the document's schemes (or the client's base_url) count")
        for i, param in enumerate(op.get("parameters") or []):
            yield from self.parameter(pointer_join(at, "parameters", i), param)
        for status, response in _items(op.get("responses")):
            yield from self.response(pointer_join(at, "responses", status), response)

    def parameter(self, at: str, param: Any) -> Iterator[str]:
        if not isinstance(param, dict) or "$ref" in param:
            return
        yield from self.schema(pointer_join(at, "schema"), param.get("schema"))
        yield from self.nested_collection(at, param)

    def response(self, at: str, response: Any) -> Iterator[str]:
        if not isinstance(response, dict) or "$ref" in response:
            return
        yield from self.schema(pointer_join(at, "schema"), response.get("schema"))

    def nested_collection(self, at: str, param: dict[str, Any]) -> Iterator[str]:
        """collectionFormat of the items of an array parameter (arrays of arrays)."""
        items = param.get("items")
        where = pointer_join(at, "items")
        while isinstance(items, dict):
            if "collectionFormat" in items:
                yield _said(where, "collectionFormat", "inner arrays are sent comma-separated")
            items, where = items.get("items"), pointer_join(where, "items")
