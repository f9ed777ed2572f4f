"""Responses: which documented response to send (the `Prefer` header), and its body.

`Prefer: code=404` picks the response documented for that status (a `4XX`
range or `default` also serves it); `Prefer: example=name` picks a named
example of the chosen response. Preferences may be combined with `,` or `;`.
The body is the chosen example, else the response's first example, else one
synthesised from its schema; 204, 304 and responses without content have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import pointer_join
from ..model.ir import Operation, Response
from .checks import is_json_media
from .messages import MockReply, Problem, json_reply
from .schemas import SchemaBook
from .synth import Synthesizer

__all__ = ["Preference", "build_reply", "parse_prefer", "select_response"]

_NO_BODY = (204, 205, 304)


@dataclass(frozen=True)
class Preference:
    code: int | None = None
    example: str | None = None


def parse_prefer(header: str | None) -> Preference | Problem:
    """The mock's preferences from a `Prefer` header, or the problem with it."""
    code: int | None = None
    example: str | None = None
    for token in (header or "").replace(";", ",").split(","):
        key, _, value = token.strip().partition("=")
        key, value = key.strip().lower(), value.strip().strip('"')
        if not key:
            continue
        if key == "code" and value.isdigit() and 100 <= int(value) <= 599:
            code = int(value)
        elif key == "example" and value:
            example = value
        else:
            return Problem(
                "header.Prefer",
                "prefer",
                f"unknown preference {token.strip()!r}: "
                "the mock understands code=<status> and example=<name>",
            )
    return Preference(code, example)


def _status_of(response: Response, wanted: int | None) -> int:
    if wanted is not None:
        return wanted
    status = response.status
    return (
        int(status)
        if status.isdigit()
        else 200 if status in ("2XX", "default") else int(status[0]) * 100
    )


def select_response(op: Operation, preference: Preference) -> tuple[Response | None, int] | Problem:
    """The response to send and its status, or why the preference cannot be met."""
    documented = ", ".join(r.status for r in op.responses) or "none"
    if preference.code is None:
        response = op.success
        status = _status_of(response, None) if response is not None else 200
    else:
        text = str(preference.code)
        response = next(
            (r for r in op.responses if r.status == text),
            next(
                (r for r in op.responses if r.status.upper() == text[0] + "XX"),
                next((r for r in op.responses if r.status == "default"), None),
            ),
        )
        if response is None:
            return Problem(
                "header.Prefer",
                "prefer",
                f"{op.method} {op.path} documents no {text} response (documented: {documented})",
            )
        status = preference.code
    if preference.example is not None:
        names = [e.name for e in response.examples] if response is not None else []
        if preference.example not in names:
            where = f"response {response.status if response else status}"
            listed = ", ".join(names) if names else "it has no named examples"
            return Problem(
                "header.Prefer",
                "prefer",
                f"{where} of {op.method} {op.path} "
                f"has no example {preference.example!r} ({listed})",
            )
    return response, status


def build_reply(
    book: SchemaBook,
    synth: Synthesizer,
    response: Response | None,
    status: int,
    example: str | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> MockReply:
    """The reply for a documented response: its example, or a body made from its schema."""
    if response is None or response.media_type is None or status in _NO_BODY or status < 200:
        return MockReply(status, headers)
    found = [e for e in response.examples if example is None or e.name == example]
    value: Any
    if found:
        value = found[0].value
    else:
        schema_at = _schema_pointer(book, response)
        if schema_at is None:
            return MockReply(status, (("Content-Type", response.media_type), *headers))
        value = synth.value(schema_at)
    if is_json_media(response.media_type):
        return json_reply(status, value, response.media_type, headers)
    text = value if isinstance(value, str) else ""
    return MockReply(
        status, (("Content-Type", response.media_type), *headers), text.encode("utf-8")
    )


def _schema_pointer(book: SchemaBook, response: Response) -> str | None:
    at = book.follow(response.pointer)
    media = ((book.node(at).get("content") or {}).get(response.media_type)) or {}
    if not isinstance(media.get("schema"), dict):
        return None
    return pointer_join(at, "content", str(response.media_type), "schema")
