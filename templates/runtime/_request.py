"""Requests of the generated clients, built without I/O.

Generated resources describe each endpoint with an ``Operation`` (its ``Param``s, its
``Body``, its responses and security). ``build_request`` checks a call's arguments
against it and builds the ``httpx.Request``: path, query, header and cookie parameters
in their OpenAPI styles, the body in its media type, and the credentials of the first
usable security alternative, and an ``Idempotency-Key`` where one is wanted. Sending,
retrying and parsing are ``_base_client``'s.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeAlias
from urllib.parse import quote, urlencode

import httpx

from ._errors import RequestValidationError
from ._files import file_part, is_file_input
from ._streaming import body_content, is_streamed_body
from ._types import (
    UNSET,
    Binary,
    Field,
    TypeDesc,
    Unset,
    Xml,
    serialize,
    validate,
)
from ._xml import XmlError, dump, is_xml
from ._xml_shapes import DESCRIPTORS, root_placement

__all__ = [
    "IDEMPOTENCY_HEADER",
    "Body",
    "Credential",
    "Operation",
    "Param",
    "SecurityScheme",
    "build_request",
]

Credential: TypeAlias = str | tuple[str, str]

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
IDEMPOTENCY_HEADER = "Idempotency-Key"


# --- operation descriptors -------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Param:
    """A path, query, header or cookie parameter; ``py_name`` is the argument name.
    A ``querystring`` parameter is the whole query string, in its ``media_type``."""

    py_name: str
    wire_name: str
    location: Literal["path", "query", "header", "cookie", "querystring"]
    type: TypeDesc
    required: bool
    style: str | None = None
    explode: bool | None = None
    media_type: str | None = None  # declared with `content`: one value in this type

    @property
    def effective_style(self) -> str:
        """``style``, defaulted per OpenAPI (simple for path/header, else form)."""
        if self.style:
            return self.style
        return "simple" if self.location in ("path", "header") else "form"

    @property
    def effective_explode(self) -> bool:
        """``explode``, defaulted per OpenAPI (True for form style only)."""
        if self.explode is not None:
            return self.explode
        return self.effective_style == "form"


@dataclasses.dataclass(frozen=True, slots=True)
class Body:
    """The request body. With ``fields`` the method takes the object's top-level
    properties as keyword arguments; otherwise it takes one ``body`` argument.
    ``xml`` is the root element of an XML body that is not a model."""

    media_type: str
    type: TypeDesc
    required: bool
    fields: tuple[Field, ...] | None = None
    xml: Xml | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Operation:
    """One API endpoint.

    ``responses`` maps a status ("200", "2XX", "default") to the descriptor of its
    JSON body (None: no content). ``security`` lists alternatives, each a tuple of
    scheme keys. ``idempotent=None`` derives it from the HTTP method.
    """

    method: str
    path: str
    params: tuple[Param, ...] = ()
    body: Body | None = None
    responses: tuple[tuple[str, TypeDesc | None], ...] = ()
    security: tuple[tuple[str, ...], ...] = ()
    idempotent: bool | None = None
    accept: str | None = None  # Accept header, when the 2xx bodies are not all JSON
    server: str | None = (
        None  # its own server URL (absolute, or relative to the client's)
    )
    query: tuple[tuple[str, str], ...] = ()  # fixed query pairs of its path
    xml_responses: bool = False  # a response is declared in XML: XML bodies are read

    @property
    def is_idempotent(self) -> bool:
        """Whether a request may be retried after the server may have acted on it."""
        if self.idempotent is not None:
            return self.idempotent
        return self.method.upper() in _IDEMPOTENT_METHODS


@dataclasses.dataclass(frozen=True, slots=True)
class SecurityScheme:
    """An auth scheme. ``name`` is the header/query/cookie name of an apiKey."""

    key: str
    kind: Literal["bearer", "basic", "apiKey"]
    location: Literal["header", "query", "cookie"] = "header"
    name: str = "Authorization"


# --- request encoding (pure) -----------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_BAD_HEADER_CHARS = re.compile(r"[\r\n\x00]")
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`|~"


def _scalar(value: Any) -> str:
    """String form of a serialised scalar (``true``/``false``, "" for null)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def _quote_segment(text: str) -> str:
    """Percent-encode one path value; "." and ".." become %2E so they stay literal."""
    encoded = quote(text, safe="")
    return encoded.replace(".", "%2E") if encoded.strip(".") == "" else encoded


def _delimited(value: Any, explode: bool, enc: Callable[[str], str] = str) -> str:
    """Simple style: arrays as ``a,b``; objects as ``k,v`` (``k=v`` exploded)."""
    if isinstance(value, list):
        return ",".join(enc(_scalar(v)) for v in value)
    if isinstance(value, dict):
        sep = "=" if explode else ","
        return ",".join(f"{enc(k)}{sep}{enc(_scalar(v))}" for k, v in value.items())
    return enc(_scalar(value))


def _form_pairs(
    name: str, value: Any, style: str, explode: bool
) -> list[tuple[str, str]]:
    """Form style (also space/pipe-delimited and deepObject) query pairs."""
    if isinstance(value, dict):
        if style == "deepObject":
            return [(f"{name}[{k}]", _scalar(v)) for k, v in value.items()]
        if explode:
            return [(k, _scalar(v)) for k, v in value.items()]
        return [(name, ",".join(f"{k},{_scalar(v)}" for k, v in value.items()))]
    if isinstance(value, list):
        if explode:
            return [(name, _scalar(v)) for v in value]
        sep = {"spaceDelimited": " ", "pipeDelimited": "|", "tabDelimited": "\t"}
        return [(name, sep.get(style, ",").join(_scalar(v) for v in value))]
    return [(name, _scalar(value))]


def _media_text(name: str, media_type: str, value: Any, ascii_only: bool) -> str:
    """A ``content`` parameter's value: compact JSON for a JSON type, else its text."""
    if not _is_json(media_type):
        return _scalar(value)
    try:
        return json.dumps(
            value, separators=(",", ":"), ensure_ascii=ascii_only, allow_nan=False
        )
    except (TypeError, ValueError) as exc:
        raise RequestValidationError(
            name, f"cannot be encoded as JSON: {exc}"
        ) from None


def _render_path(template: str, values: Mapping[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise RequestValidationError(name, "path parameter is not defined")
        return values[name]

    return _PLACEHOLDER.sub(substitute, template)


def _json_default(value: object) -> object:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _json_bytes(value: Any) -> bytes:
    try:
        text = json.dumps(
            value,
            separators=(",", ":"),
            ensure_ascii=False,
            allow_nan=False,
            default=_json_default,
        )
        return text.encode()
    except (TypeError, ValueError) as exc:
        raise RequestValidationError(
            "body", f"cannot be encoded as JSON: {exc}"
        ) from None


def _querystring(media_type: str, value: Any) -> str:
    """A serialised value as a whole query string: form fields, or the percent-encoded
    text of any other media type (JSON, text)."""
    mt = media_type.split(";", 1)[0].strip().lower()
    if mt == "application/x-www-form-urlencoded" and isinstance(value, str):
        return quote(value, safe="=&+")  # a query string written by the caller
    if mt == "application/x-www-form-urlencoded":
        return _form_text(value)
    if isinstance(value, str) and not _is_json(mt):
        return quote(value, safe="")
    return quote(_json_bytes(value), safe="")


def _object_items(value: Any) -> list[tuple[str, Any]]:
    """(name, value) items of a form body; lists give one item per element."""
    if not isinstance(value, dict):
        raise RequestValidationError("body", "must be an object for a form body")
    return [
        (k, item)
        for k, v in value.items()
        for item in (v if isinstance(v, list) else [v])
    ]


def _bracket_pairs(prefix: str, value: Any) -> list[tuple[str, Any]]:
    """Form fields: arrays of scalars repeat the key; objects nest as ``a[b]=1``, ``a[0][b]=1``."""
    if isinstance(value, dict):
        items = [(f"{prefix}[{k}]" if prefix else str(k), v) for k, v in value.items()]
    elif isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        items = [(f"{prefix}[{i}]", v) for i, v in enumerate(value)]
    elif isinstance(value, list):
        return [(prefix, v) for v in value]
    else:
        return [(prefix, value)]
    return [pair for key, v in items for pair in _bracket_pairs(key, v)]


def _filename(name: str) -> str:
    """A filename for a Content-Disposition quoted string."""
    for char, code in (("\\", "%5C"), ('"', "%22"), ("\r", "%0D"), ("\n", "%0A")):
        name = name.replace(char, code)
    return name


def _multipart(value: Any) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    chunks: list[bytes] = []
    for name, item in _object_items(value):
        quoted = quote(name, safe="")
        head = f'Content-Disposition: form-data; name="{quoted}"'
        if is_file_input(item):
            filename, data, content_type = file_part(name, item)
            head += (
                f'; filename="{_filename(filename)}"\r\nContent-Type: {content_type}'
            )
        else:
            data = _scalar(item).encode()
        chunks.append(f"--{boundary}\r\n{head}\r\n\r\n".encode() + data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def _is_json(media_type: str) -> bool:
    mt = media_type.split(";", 1)[0].strip().lower()
    return mt == "application/json" or mt.endswith("+json")


def _form_text(value: Any) -> str:
    """An object as application/x-www-form-urlencoded text."""
    if not isinstance(value, dict):
        raise RequestValidationError("body", "must be an object for a form body")
    return urlencode([(k, _scalar(v)) for k, v in _bracket_pairs("", value)])


def _encode_media(media_type: str, value: Any) -> tuple[Any, str]:
    """Encode a serialised body; returns (content, content type). A raw body may be
    a file object or an iterable of bytes, sent as it is read."""
    mt = media_type.split(";", 1)[0].strip().lower()
    if _is_json(mt):
        return _json_bytes(value), media_type
    if mt == "application/x-www-form-urlencoded":
        return _form_text(value).encode(), media_type
    if mt == "multipart/form-data":
        return _multipart(value)
    content_type = "application/octet-stream" if "*" in mt else media_type
    if isinstance(value, tuple) and is_file_input(value):
        _, value, *rest = value
        content_type = rest[0] if rest and rest[0] else content_type
    if is_streamed_body(value):
        return value, content_type
    if isinstance(value, (bytes, bytearray)):
        return bytes(value), content_type
    if isinstance(value, str):
        return value.encode(), content_type
    return _json_bytes(value), content_type


def _body_from_fields(
    body: Body, fields: tuple[Field, ...], args: Mapping[str, Any]
) -> Any:
    """Build the body object from keyword arguments; None when nothing to send."""
    given = [(f, args.get(f.py_name, UNSET)) for f in fields]
    if not body.required and all(isinstance(v, Unset) for _, v in given):
        return None
    out: dict[str, Any] = {}
    for f, value in given:
        path = f"body.{f.wire_name}"
        if isinstance(value, Unset):
            if f.required:
                raise RequestValidationError(path, "is required")
            continue
        validate(f.type, value, path)
        out[f.wire_name] = serialize(f.type, value)
    return out


def _xml_body(body: Body, value: Any) -> tuple[bytes, str]:
    """A serialised body as an XML document."""
    root = root_placement(body.type, body.xml)
    try:
        return dump(DESCRIPTORS, body.type, value, root), body.media_type
    except XmlError as exc:
        raise RequestValidationError("body", str(exc)) from None


def _encode_body(body: Body | None, args: Mapping[str, Any]) -> tuple[Any, str] | None:
    if body is None:
        return None
    encode = _xml_body if is_xml(body.media_type) else None
    if body.fields is not None:
        value = _body_from_fields(body, body.fields, args)
        if value is None:
            return None
        return encode(body, value) if encode else _encode_media(body.media_type, value)
    value = args.get("body", UNSET)
    if isinstance(value, Unset):
        if body.required:
            raise RequestValidationError("body", "is required")
        return None
    validate(body.type, value, "body")
    wire = serialize(body.type, value)
    if encode and isinstance(wire, (dict, list, int, float)):  # else: XML text as given
        return encode(body, wire)
    return _encode_media(body.media_type, wire)


def _auth_value(scheme: SecurityScheme, credential: Credential) -> str:
    if scheme.kind == "basic":
        raw = credential if isinstance(credential, str) else ":".join(credential)
        return "Basic " + base64.b64encode(raw.encode()).decode()
    token = credential if isinstance(credential, str) else ":".join(credential)
    return f"Bearer {token}" if scheme.kind == "bearer" else token


def _put_header(headers: dict[str, str], name: str, value: str) -> None:
    """Set a header, replacing any existing one case-insensitively."""
    lower = name.lower()
    for key in [k for k in headers if k.lower() == lower]:
        del headers[key]
    headers[name] = value


def _has_header(headers: Mapping[str, str], name: str) -> bool:
    lower = name.lower()
    return any(k.lower() == lower for k in headers)


def _is_idempotency_key(p: Param) -> bool:
    return p.location == "header" and p.wire_name.lower() == "idempotency-key"


def _wants_idempotency_key(op: Operation, enabled: bool) -> bool:
    """An operation that declares the header gets one; with ``enabled`` every
    non-idempotent one (POST, PATCH) does."""
    declared = any(_is_idempotency_key(p) for p in op.params)
    return declared or (enabled and not op.is_idempotent)


def _check_headers(headers: Mapping[str, str]) -> None:
    for name, value in headers.items():
        if _BAD_HEADER_CHARS.search(name) or _BAD_HEADER_CHARS.search(value):
            raise RequestValidationError(name, "header contains CR, LF or NUL")
        if not value.isascii():
            raise RequestValidationError(name, "header value must be ASCII")


# --- the request -----------------------------------------------------------------


def build_request(
    client: httpx.Client | httpx.AsyncClient,
    op: Operation,
    args: Mapping[str, Any],
    *,
    base_url: str,
    default_headers: Mapping[str, str],
    schemes: Mapping[str, SecurityScheme],
    credentials: Mapping[str, Credential],
    extra_headers: Mapping[str, str] | None,
    timeout: float | httpx.Timeout,
    idempotency_keys: bool = False,
) -> httpx.Request:
    """Validate ``args`` (keyed by Python name) and build the request for ``op``;
    raises RequestValidationError. ``credentials`` holds the configured ones by scheme key.

    An ``Idempotency-Key`` header (a fresh uuid4) is added when none was given and the
    operation declares it, or ``idempotency_keys`` is on and the method is not idempotent.
    """
    headers = dict(default_headers)
    path_values: dict[str, str] = {}
    query: list[tuple[str, str]] = list(op.query)
    cookies: list[tuple[str, str]] = []
    whole_query = ""
    _apply_auth(op, schemes, credentials, headers, query, cookies)
    for p in op.params:
        value = args.get(p.py_name, UNSET)
        if isinstance(value, Unset):
            if p.location == "path" or (p.required and not _is_idempotency_key(p)):
                raise RequestValidationError(p.py_name, "is required")
            continue
        validate(p.type, value, p.py_name)
        wire = serialize(p.type, value)
        style, explode = p.effective_style, p.effective_explode
        if p.media_type is not None and p.location != "querystring":
            ascii_only = p.location == "header"
            wire, style, explode = (
                _media_text(p.py_name, p.media_type, wire, ascii_only),
                "form",
                False,
            )
        if p.location == "path":
            text = _delimited(wire, explode, _quote_segment)
            if not text:
                raise RequestValidationError(p.py_name, "must not be empty")
            path_values[p.wire_name] = text
        elif p.location == "query":
            query += _form_pairs(p.wire_name, wire, style, explode)
        elif p.location == "querystring":
            whole_query = _querystring(p.media_type or "application/json", wire)
        elif p.location == "header":
            _put_header(headers, p.wire_name, _delimited(wire, explode))
        else:
            cookies += _form_pairs(p.wire_name, wire, "form", explode)
    if cookies:
        cookie = "; ".join(f"{k}={quote(v, safe=_COOKIE_SAFE)}" for k, v in cookies)
        _put_header(headers, "Cookie", cookie)
    encoded = _encode_body(op.body, args)
    if encoded is not None:
        _put_header(headers, "Content-Type", encoded[1])
    if op.accept:
        _put_header(headers, "Accept", op.accept)
    elif any(isinstance(t, Binary) for _, t in op.responses):
        _put_header(headers, "Accept", "*/*")
    for name, value in (extra_headers or {}).items():
        _put_header(headers, name, value)
    if not _has_header(headers, IDEMPOTENCY_HEADER) and _wants_idempotency_key(
        op, idempotency_keys
    ):
        headers[IDEMPOTENCY_HEADER] = str(uuid.uuid4())
    _check_headers(headers)
    url = base_url + _render_path(op.path, path_values)
    if whole_query:  # kept as encoded: httpx would parse and re-encode ``params``
        url += "?" + "&".join([whole_query, *([urlencode(query)] if query else [])])
    return client.build_request(
        op.method.upper(),
        url,
        params=None if whole_query else tuple(query),
        headers=headers,
        content=None if encoded is None else _content(client, encoded[0]),
        timeout=timeout,
    )


def _content(client: httpx.Client | httpx.AsyncClient, content: Any) -> Any:
    if is_streamed_body(content):
        return body_content(content, isinstance(client, httpx.AsyncClient))
    return content


def _apply_auth(
    op: Operation,
    schemes: Mapping[str, SecurityScheme],
    credentials: Mapping[str, Credential],
    headers: dict[str, str],
    query: list[tuple[str, str]],
    cookies: list[tuple[str, str]],
) -> None:
    """Apply the first security alternative whose credentials are all set."""
    for alternative in op.security:
        pairs = [(schemes.get(k), credentials.get(k)) for k in alternative]
        usable = [(s, c) for s, c in pairs if s is not None and c is not None]
        if len(usable) < len(alternative):
            continue
        for scheme, cred in usable:
            value = _auth_value(scheme, cred)
            if scheme.location == "query":
                query.append((scheme.name, value))
            elif scheme.location == "cookie":
                cookies.append((scheme.name, value))
            else:
                _put_header(headers, scheme.name, value)
        return
