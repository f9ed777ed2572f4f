"""What a call must put on the wire, for the generated tests to compare with what it sends.

The seam: this is a second, independent encoder. From the intermediate model alone it
works out the path, query, headers (parameters, auth, cookies) and JSON body that a call
with given argument values sends, and the JSON Schema (2020-12) a request body must
meet. The runtime's own encoder (`_request.py`) is what the generated tests check
against these expectations, so nothing here may be shared with it.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import parse_qsl, quote

from ..examples.patterns import compiles
from ..examples.samples import Samples
from ..model.ir import (
    AliasRef,
    ArrayType,
    LiteralType,
    MapType,
    ModelDef,
    ModelRef,
    Nullable,
    Operation,
    Parameter,
    Primitive,
    Property,
    SecurityScheme,
    TypeExpr,
    UnionType,
)

__all__ = ["BASIC_AUTH", "TOKEN", "auth_parts", "expected_request", "request_schema", "wire_body"]

TOKEN = "test-token"
BASIC_AUTH = ("user", "secret")
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`|~"
_SCHEMA_KEYWORDS = {
    "min_length": "minLength",
    "max_length": "maxLength",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusive_minimum": "exclusiveMinimum",
    "exclusive_maximum": "exclusiveMaximum",
    "multiple_of": "multipleOf",
    "min_items": "minItems",
    "max_items": "maxItems",
    "unique_items": "uniqueItems",
    "min_properties": "minProperties",
    "max_properties": "maxProperties",
}
_JSON_TYPES = {"str": "string", "datetime": "string", "date": "string", "uuid": "string",
               "binary": "string", "int": "integer", "float": "number", "bool": "boolean"}  # fmt: skip


# --- parameters, auth and body ---------------------------------------------------------


def expected_request(
    op: Operation, values: dict[str, Any], samples: Samples, schemes: dict[str, SecurityScheme]
) -> tuple[str, list[tuple[str, str]], dict[str, str]]:
    """(path, query pairs, header parameters with Cookie) that a call of `op` with the JSON
    argument `values` sends, with the credentials TOKEN and BASIC_AUTH."""
    path_values: dict[str, str] = {}
    query: list[tuple[str, str]] = list(op.query)
    headers: dict[str, str] = {}
    cookies: list[tuple[str, str]] = []
    auth_query, auth_cookies = auth_parts(op, schemes)[1], auth_parts(op, schemes)[2]
    query += auth_query
    cookies += auth_cookies
    for p in op.parameters:
        if p.py_name not in values:
            continue
        wire = samples.wire(p.type, values[p.py_name])
        explode = p.explode if p.explode is not None else (p.style or _default_style(p)) == "form"
        style = p.style or _default_style(p)
        if p.media_type is not None and p.location != "querystring":  # one value, typed
            wire, style, explode = _media_text(p, wire), "form", False
        if p.location == "path":
            path_values[p.wire_name] = _delimited(wire, explode)
        elif p.location == "query":
            query += _form_pairs(p.wire_name, wire, style, explode)
        elif p.location == "header":
            headers[p.wire_name] = _delimited(wire, explode)
        elif p.location == "querystring":
            query += _querystring_pairs(p.media_type or "application/json", wire)
        else:
            cookies += _form_pairs(p.wire_name, wire, "form", explode)
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={quote(v, safe=_COOKIE_SAFE)}" for k, v in cookies)
    path = op.path
    for name, text in path_values.items():
        path = path.replace("{" + name + "}", text)
    return _server_path(op) + path, query, headers


def _server_path(op: Operation) -> str:
    """The path a relative server of the operation's own puts before its path (the tests'
    client has a base_url, which absolute servers give way to)."""
    if op.server is None or "://" in op.server:
        return ""
    return "/" + op.server.strip("/")


def _media_text(p: Parameter, wire: Any) -> str:
    media = (p.media_type or "").split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return json.dumps(wire, separators=(",", ":"), ensure_ascii=p.location == "header")
    return _scalar(wire)


def wire_body(op: Operation, values: dict[str, Any], samples: Samples) -> Any:
    """The JSON body that a call of `op` with the JSON argument `values` sends."""
    body = op.body
    assert body is not None
    if body.fields is None:
        return samples.wire(body.type, values["body"])
    return {
        f.wire_name: samples.wire(f.type, values[f.py_name])
        for f in body.fields
        if f.py_name in values
    }


def auth_parts(
    op: Operation, schemes: dict[str, SecurityScheme]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """(headers, query pairs, cookies) that the first usable security alternative adds."""
    for alternative in op.security:
        chosen = [schemes.get(key) for key in alternative]
        if any(s is None for s in chosen):
            continue
        headers: list[tuple[str, str]] = []
        query: list[tuple[str, str]] = []
        cookies: list[tuple[str, str]] = []
        for scheme in chosen:
            assert scheme is not None
            value = _auth_value(scheme)
            if scheme.location == "query":
                query.append((scheme.name, value))
            elif scheme.location == "cookie":
                cookies.append((scheme.name, value))
            else:
                headers.append((scheme.name, value))
        return headers, query, cookies
    return [], [], []


# --- JSON Schema of a request body (from the intermediate model) -----------------------


def request_schema(t: TypeExpr, models: dict[str, ModelDef]) -> dict[str, Any]:
    """A JSON Schema (2020-12) for request values of `t`: models under `$defs`, by name.

    Read-only properties are not required (the client does not send them); patterns
    that Python cannot compile are left out (the client does not check them either).
    """
    defs: dict[str, Any] = {}
    pending: list[str] = []

    def schema(t: TypeExpr) -> Any:
        if isinstance(t, Nullable):
            return {"anyOf": [schema(t.inner), {"type": "null"}]}
        if isinstance(t, AliasRef):
            return schema(t.target)
        if isinstance(t, LiteralType):
            return {"enum": list(t.values)}
        if isinstance(t, UnionType):
            return {"anyOf": [schema(v) for v in t.variants]}
        if isinstance(t, ModelRef):
            if t.name not in defs and t.name not in pending and t.name in models:
                pending.append(t.name)
            return {"$ref": f"#/$defs/{t.name}"} if t.name in models else {"type": "object"}
        out: dict[str, Any] = {}
        if isinstance(t, ArrayType):
            out = {"type": "array", "items": schema(t.item)}
        elif isinstance(t, MapType):
            out = {"type": "object"}
            if not (isinstance(t.value, Primitive) and t.value.kind == "any"):
                out["additionalProperties"] = schema(t.value)
        elif isinstance(t, Primitive):
            if t.kind == "any":
                return {}
            out = {"type": _JSON_TYPES[t.kind]}
            if t.format:
                out["format"] = t.format
        for key, value in (
            t.constraints.items() if isinstance(t, (Primitive, ArrayType, MapType)) else []
        ):
            if key == "pattern" and not compiles(value):
                continue
            out[_SCHEMA_KEYWORDS[key]] = value
        return out

    def model_schema(model: ModelDef) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "properties": {
                p.wire_name: _with_read_only(schema(p.type), p) for p in model.properties
            },
        }
        required = [p.wire_name for p in model.properties if p.required and not p.read_only]
        if required:
            out["required"] = required
        groups = model.required_groups()
        if groups:
            out["anyOf"] = [{"required": list(g)} for g in groups]
        if model.closed:
            out["additionalProperties"] = False
        elif model.extra is not None:
            out["additionalProperties"] = schema(model.extra)
        return out

    root = schema(t)
    while pending:
        name = pending.pop(0)
        defs[name] = model_schema(models[name])
    result: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema", **root}
    if defs:
        result["$defs"] = dict(sorted(defs.items()))
    return result


def _with_read_only(schema: Any, prop: Property) -> Any:
    return {**schema, "readOnly": True} if prop.read_only and isinstance(schema, dict) else schema


# --- encoding, as OpenAPI defines it ---------------------------------------------------


def _default_style(p: Parameter) -> str:
    return "simple" if p.location in ("path", "header") else "form"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _delimited(value: Any, explode: bool) -> str:
    if isinstance(value, list):
        return ",".join(_scalar(v) for v in value)
    if isinstance(value, dict):
        sep = "=" if explode else ","
        return ",".join(f"{k}{sep}{_scalar(v)}" for k, v in value.items())
    return _scalar(value)


def _form_pairs(name: str, value: Any, style: str, explode: bool) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        if style == "deepObject":
            return [(f"{name}[{k}]", _scalar(v)) for k, v in value.items()]
        if explode:
            return [(k, _scalar(v)) for k, v in value.items()]
        return [(name, ",".join(f"{k},{_scalar(v)}" for k, v in value.items()))]
    if isinstance(value, list):
        if explode:
            return [(name, _scalar(v)) for v in value]
        sep = {"spaceDelimited": " ", "pipeDelimited": "|", "tabDelimited": "\t"}.get(style, ",")
        return [(name, sep.join(_scalar(v) for v in value))]
    return [(name, _scalar(value))]


def _querystring_pairs(media_type: str, value: Any) -> list[tuple[str, str]]:
    """The query pairs a whole-query-string parameter parses back into."""
    if media_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        text = value if isinstance(value, str) and "json" not in media_type else None
        return [(text or json.dumps(value, separators=(",", ":"), ensure_ascii=False), "")]
    if isinstance(value, str):  # sent as written, its reserved characters escaped
        return parse_qsl(quote(value, safe="=&+"), keep_blank_values=True)
    pairs: list[tuple[str, str]] = []
    for key, item in value.items():
        if isinstance(item, list):
            pairs += [(key, _scalar(v)) for v in item]
        elif isinstance(item, dict):
            pairs += [(f"{key}[{k}]", _scalar(v)) for k, v in item.items()]
        else:
            pairs.append((key, _scalar(item)))
    return pairs


def _auth_value(scheme: SecurityScheme) -> str:
    if scheme.kind == "basic":
        return "Basic " + base64.b64encode(":".join(BASIC_AUTH).encode()).decode()
    return f"Bearer {TOKEN}" if scheme.kind == "bearer" else TOKEN
