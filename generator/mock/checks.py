"""Request checks: credentials, parameters and the JSON or XML body, against the spec's schemas.

Parameter values arrive as text; they are turned into the JSON type their
schema names (integer, number, boolean, array) before validation, so
`?limit=abc` fails as `type` and `?limit=5` passes as an integer. A `querystring`
parameter (OpenAPI 3.2) is the whole query string, read in its media type: form
fields (`a=1&tags=x&tags=y&o[k]=v`), a percent-encoded JSON document, or text.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Sequence
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, unquote

from ..errors import pointer_join
from ..model.ir import Operation, Parameter, SecurityScheme
from .messages import MockRequest, Problem
from .schemas import SchemaBook
from .xml_bodies import XmlError, is_xml_media, read_xml

__all__ = ["check_body", "check_parameters", "has_credentials", "is_json_media"]

_MAX_MESSAGE = 300


def is_json_media(media_type: str | None) -> bool:
    base = (media_type or "").split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def has_credentials(
    op: Operation,
    schemes: Sequence[SecurityScheme],
    request: MockRequest,
    query: dict[str, list[str]],
) -> bool:
    """Whether one of the operation's security requirements is met (no requirement: always)."""
    if not op.security:
        return True
    known = {s.key: s for s in schemes}
    return any(
        all(key not in known or _presented(known[key], request, query) for key in requirement)
        for requirement in op.security
    )


def _presented(scheme: SecurityScheme, request: MockRequest, query: dict[str, list[str]]) -> bool:
    if scheme.kind == "apiKey":
        if scheme.location == "query":
            return any(v.strip() for v in query.get(scheme.name, []))
        if scheme.location == "cookie":
            return bool(_cookies(request).get(scheme.name, "").strip())
        return bool((request.header(scheme.name) or "").strip())
    kind, _, credential = (request.header("Authorization") or "").strip().partition(" ")
    credential = credential.strip()
    if scheme.kind == "basic":
        try:
            return kind.lower() == "basic" and bool(base64.b64decode(credential, validate=True))
        except (binascii.Error, ValueError):
            return False
    return kind.lower() == "bearer" and bool(credential)


def _cookies(request: MockRequest) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(request.header("Cookie") or "")
    except CookieError:
        return {}
    return {k: morsel.value for k, morsel in jar.items()}


def check_parameters(
    op: Operation,
    book: SchemaBook,
    request: MockRequest,
    path_params: dict[str, str],
    query: dict[str, list[str]],
) -> list[Problem]:
    problems: list[Problem] = []
    for param in op.parameters:
        if param.location == "querystring":
            problems += _check_querystring(book, param, request)
            continue
        where = f"{param.location}.{param.wire_name}"
        raw = _raw_values(param, request, path_params, query)
        if not raw:
            if param.required:
                problems.append(
                    Problem(
                        where,
                        "required",
                        f"{param.location} parameter {param.wire_name!r} is required",
                    )
                )
            continue
        schema_at = _parameter_schema(book, param)
        if schema_at is None:
            continue
        value = _coerce(book, schema_at, raw, param)
        problems += _problems(where, book.errors(schema_at, value), separator="")
    return problems


def _check_querystring(book: SchemaBook, param: Parameter, request: MockRequest) -> list[Problem]:
    where = f"querystring.{param.wire_name}"
    raw = _query_text(request.target)
    if not raw:
        if param.required:
            message = f"the query string (querystring parameter {param.wire_name!r}) is required"
            return [Problem(where, "required", message)]
        return []
    schema_at = _parameter_schema(book, param)
    if schema_at is None:
        return []
    media = (param.media_type or "application/json").split(";")[0].strip().lower()
    if is_json_media(media):
        try:
            value = json.loads(unquote(raw))
        except ValueError as exc:
            message = f"the query string is not the JSON that {media} calls for: {exc}"
            return [Problem(where, "json", message)]
    elif media == "application/x-www-form-urlencoded" and _is_object(book, schema_at):
        value = _form_object(book, schema_at, parse_qsl(raw, keep_blank_values=True))
    else:  # a query string written as text
        value = _scalar(unquote(raw), _types(book, schema_at))
    return _problems(where, book.errors(schema_at, value), separator="")


def _is_object(book: SchemaBook, schema_at: str) -> bool:
    types = _types(book, schema_at)
    return not types or "object" in types


def _query_text(target: str) -> str:
    """The still-encoded query string of a request target (origin or absolute form)."""
    _, _, query = target.partition("?")
    return query.partition("#")[0]


def _form_object(book: SchemaBook, schema_at: str, pairs: list[tuple[str, str]]) -> Any:
    """Form fields as the object the client serialised: repeated keys are arrays, `a[b]`
    nests an object; each value takes the JSON type its property's schema names."""
    grouped: dict[str, list[tuple[str | None, str]]] = {}
    for key, text in pairs:
        name, nested = _split_key(key)
        grouped.setdefault(name, []).append((nested, text))
    found: dict[str, Any] = {}
    for name, values in grouped.items():
        at = _property_schema(book, schema_at, name)
        types = _types(book, at) if at else []
        inner = [(key, text) for key, text in values if key is not None]
        if len(inner) == len(values) and "object" in types:
            found[name] = _form_object(book, at, inner)
        elif "array" in types:
            items_at = pointer_join(at, "items")
            item_types = _types(book, items_at) if _exists(book, items_at) else []
            found[name] = [_scalar(text, item_types) for _, text in values]
        elif len(values) == 1:
            found[name] = _scalar(values[0][1], types)
        else:
            found[name] = [text for _, text in values]  # a repeated field: fails `type`
    return found


def _property_schema(book: SchemaBook, schema_at: str, name: str) -> str:
    """The schema of property `name` (declared, else `additionalProperties`); "" for none."""
    at = book.follow(schema_at)
    for candidate in (
        pointer_join(at, "properties", name),
        pointer_join(at, "additionalProperties"),
    ):
        if _exists(book, candidate) and isinstance(book.node(candidate), dict):
            return book.follow(candidate)
    return ""


def _split_key(key: str) -> tuple[str, str | None]:
    """`o[k][j]` -> (`o`, `k[j]`); a plain key -> (key, None)."""
    name, bracket, rest = key.partition("[")
    if not bracket or "]" not in rest:
        return key, None
    inner, _, tail = rest.partition("]")
    return name, inner + tail


def _raw_values(
    param: Parameter, request: MockRequest, path_params: dict[str, str], query: dict[str, list[str]]
) -> list[str]:
    if param.location == "path":
        return [path_params[param.wire_name]] if param.wire_name in path_params else []
    if param.location == "query":
        return query.get(param.wire_name, [])
    if param.location == "header":
        return [v for k, v in request.headers if k.lower() == param.wire_name.lower()]
    cookie = _cookies(request).get(param.wire_name)
    return [] if cookie is None else [unquote(cookie)]  # sent percent-encoded, as form style


def _parameter_schema(book: SchemaBook, param: Parameter) -> str | None:
    at = book.follow(param.pointer)
    node = book.node(at)
    if isinstance(node.get("schema"), dict):
        return pointer_join(at, "schema")
    for media, content in sorted((node.get("content") or {}).items()):
        if isinstance(content, dict) and isinstance(content.get("schema"), dict):
            return pointer_join(at, "content", media, "schema")
    return None


def _types(book: SchemaBook, pointer: str, depth: int = 0) -> list[str]:
    """The JSON types a schema admits, looking through `$ref` and unions (empty: any)."""
    node = book.node(book.follow(pointer))
    if not isinstance(node, dict) or depth > 5:
        return []
    declared = node.get("type")
    found = (
        declared if isinstance(declared, list) else [declared] if isinstance(declared, str) else []
    )
    for key in ("anyOf", "oneOf", "allOf"):
        for i in range(len(node.get(key) or [])):
            found += _types(book, pointer_join(book.follow(pointer), key, i), depth + 1)
    return [str(t) for t in found]


def _coerce(book: SchemaBook, schema_at: str, raw: list[str], param: Parameter) -> Any:
    if "/content/" in schema_at:  # a parameter with `content`: its value is a JSON document
        try:
            return json.loads(raw[0])
        except ValueError:
            return raw[0]
    types = _types(book, schema_at)
    if "array" in types:
        style = param.style or ("form" if param.location in ("query", "cookie") else "simple")
        explode = param.explode if param.explode is not None else style == "form"
        separator = {"spaceDelimited": " ", "pipeDelimited": "|", "tabDelimited": "\t"}.get(
            style, ","
        )
        items = raw if explode and len(raw) > 1 else [p for r in raw for p in r.split(separator)]
        items_at = pointer_join(book.follow(schema_at), "items")
        return [
            _scalar(x, _types(book, items_at) if _exists(book, items_at) else []) for x in items
        ]
    return _scalar(raw[0], types)


def _exists(book: SchemaBook, pointer: str) -> bool:
    try:
        book.node(pointer)
    except KeyError:
        return False
    return True


def _scalar(text: str, types: list[str]) -> Any:
    if not types or "string" in types:
        return text
    if "integer" in types and re.fullmatch(r"-?\d+", text):
        return int(text)
    if "number" in types:
        try:
            return float(text) if re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", text) else text
        except ValueError:
            return text
    if "boolean" in types and text in ("true", "false"):
        return text == "true"
    if "null" in types and text in ("", "null"):
        return None
    return text


def check_body(
    op: Operation, book: SchemaBook, request: MockRequest
) -> tuple[list[Problem], int | None]:
    """The body's problems, and the status they call for when it is not the usual one (415)."""
    body = op.body
    if body is None:
        return [], None
    if not request.body.strip():
        if body.required:
            return [Problem("body", "required", "a request body is required")], None
        return [], None
    xml = is_xml_media(body.media_type)
    if not is_json_media(body.media_type) and not xml:
        return [], None
    sent = request.header("Content-Type")
    if not (is_xml_media(sent) if xml else is_json_media(sent)):
        message = f"the body must be {body.media_type}, not {sent or 'untyped'}"
        return [Problem("header.Content-Type", "contentType", message)], 415
    at = book.follow(body.pointer)
    media = book.node(at).get("content", {}).get(body.media_type) or {}
    if not isinstance(media.get("schema"), dict):
        return [], None
    schema_at = pointer_join(at, "content", body.media_type, "schema")
    try:
        if xml:
            value = read_xml(book, schema_at, request.body)
        else:
            value = json.loads(request.body.decode("utf-8"))
    except XmlError as exc:
        return [Problem("body", "xml", f"the body is not XML the schema reads: {exc}")], None
    except (UnicodeDecodeError, ValueError) as exc:
        return [Problem("body", "json", f"the body is not valid JSON: {exc}")], None
    return (
        _problems(
            "body", book.errors(pointer_join(at, "content", body.media_type, "schema"), value)
        ),
        None,
    )


def _problems(prefix: str, errors: list[Any], separator: str = ".") -> list[Problem]:
    """Problems from jsonschema ValidationErrors; a missing or extra property is named
    in the location."""
    found: list[Problem] = []
    for error in errors:
        path = pointer_join("", *error.absolute_path)
        names: list[str | None] = []
        if error.validator == "required" and isinstance(error.instance, dict):
            names = [n for n in error.validator_value if n not in error.instance]
        elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
            names = _extra_names(error)
        message = _message(error)
        for name in names or [None]:
            at = pointer_join(path, name) if name is not None else path
            text = message if name is None else _named_message(str(error.validator), name)
            found.append(
                Problem(prefix + (separator + at if at else ""), str(error.validator), text)
            )
    return found


def _message(error: Any) -> str:
    """jsonschema's message, with a long instance at its start shortened to what it is."""
    message, shown = str(error.message), repr(error.instance)
    if len(shown) > 60 and message.startswith(shown):
        instance = error.instance
        what = (
            f"array of {len(instance)} items"
            if isinstance(instance, list)
            else (
                f"object of {len(instance)} properties"
                if isinstance(instance, dict)
                else shown[:40] + "..."
            )
        )
        message = what + message[len(shown) :]
        if isinstance(error.validator_value, (int, float, str)):
            message += f" ({error.validator} {error.validator_value})"
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 3] + "..."


def _extra_names(error: Any) -> list[str | None]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    declared = schema.get("properties") or {}
    patterns = list((schema.get("patternProperties") or {}).keys())
    assert isinstance(error.instance, dict)
    return [
        k
        for k in error.instance
        if k not in declared and not any(re.search(p, k) for p in patterns)
    ]


def _named_message(rule: str, name: str) -> str:
    if rule == "required":
        return f"{name!r} is a required property"
    return f"{name!r} is not allowed here (additional properties are not allowed)"
