"""Decoding a final response, without I/O: the result it carries or the error it is.

``parse_success`` reads a 2xx body as the operation declares it (bytes, text, or JSON
through its descriptor), strictly or, given a ``problems`` list, tolerantly; ``status_error`` builds the ``APIStatusError`` for any other
status, with the body parsed when its schema is declared. ``redact`` masks credentials
in the messages. Sending and retrying are ``_base_client``'s.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from ._errors import APIStatusError, ResponseValidationError, status_error_class
from ._request import Operation, _is_json
from ._types import (
    Binary,
    Str,
    TypeDesc,
    ValidationProblem,
    deserialize,
    deserialize_tolerant,
)
from ._xml import XmlError, is_xml, load
from ._xml_shapes import DESCRIPTORS

__all__ = ["parse_success", "status_error"]


def _lookup(
    responses: tuple[tuple[str, TypeDesc | None], ...], status: int
) -> TypeDesc | None:
    table = dict(responses)
    for key in (str(status), f"{status // 100}XX", f"{status // 100}xx", "default"):
        if key in table:
            return table[key]
    return None


def _success_desc(
    responses: tuple[tuple[str, TypeDesc | None], ...], status: int
) -> TypeDesc | None:
    """The descriptor for a 2xx body; an undeclared 2xx is read as the declared success."""
    table = dict(responses)
    for key in (str(status), f"{status // 100}XX", f"{status // 100}xx"):
        if key in table:
            return table[key]
    for key, desc in responses:
        if key[:1] == "2" and desc is not None:
            return desc
    return table.get("default")


def _load_json(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError):
        raise ResponseValidationError(
            "", "response body is not valid JSON", response=response
        ) from None


def _load_xml(desc: TypeDesc, response: httpx.Response) -> Any:
    try:
        return load(DESCRIPTORS, desc, response.content)
    except XmlError as exc:
        raise ResponseValidationError("", str(exc), response=response) from None


def _load_body(op: Operation, desc: TypeDesc, response: httpx.Response) -> Any:
    """The JSON-like value of a body: XML when its content type says so and the operation
    declares XML responses, else JSON."""
    if op.xml_responses and is_xml(response.headers.get("content-type", "")):
        return _load_xml(desc, response)
    return _load_json(response)


def parse_success(
    op: Operation,
    response: httpx.Response,
    redact: Callable[[str], str],
    problems: list[ValidationProblem] | None = None,
) -> Any:
    """The result of a 2xx ``response``; raises ResponseValidationError.

    An XML body (by its content type) is read as the ``xml`` objects say. With a
    ``problems`` list the body is read tolerantly: where it departs from
    the schema the values are kept as received (a missing required property reads as
    ``UNSET``) and the problems are appended to the list instead of raised. A body
    that is not JSON at all still raises.
    """
    desc = _success_desc(op.responses, response.status_code)
    declared = _lookup(op.responses, response.status_code) is desc
    if desc is None or (not response.content and not declared):
        return None
    if isinstance(desc, Binary):
        return response.content
    content_type = response.headers.get("content-type", "")
    if isinstance(desc, Str) and content_type.startswith("text/"):
        return response.text
    xml = op.xml_responses and is_xml(content_type)
    if content_type and not _is_json(content_type) and not xml:
        raise ResponseValidationError(
            "",
            f"expected JSON, got content-type {redact(content_type)!r}",
            response=response,
        )
    data = _load_body(op, desc, response)
    if problems is not None:
        parsed, found = deserialize_tolerant(desc, data)
        problems.extend(found)
        return parsed
    try:
        return deserialize(desc, data)
    except ResponseValidationError as exc:
        exc.response = response
        raise


def status_error(
    op: Operation,
    request: httpx.Request,
    response: httpx.Response,
    redact: Callable[[str], str],
) -> APIStatusError:
    """The APIStatusError for a non-2xx ``response``, its body parsed when declared."""
    parsed: object | None = None
    desc = _lookup(op.responses, response.status_code)
    if desc is not None and not isinstance(desc, Binary):
        try:
            parsed = deserialize(desc, _load_body(op, desc, response))
        except (ValueError, RecursionError, ResponseValidationError):
            parsed = None
    status = f"{response.status_code} {response.reason_phrase}".strip()
    message = f"{status} for {request.method} {request.url.path}"
    if response.content:
        message += ": " + redact(response.text)[:200]  # cut after redacting
    return status_error_class(response.status_code)(
        redact(message), response=response, parsed=parsed
    )
