"""Responses: which documented response to send (the `Prefer` header), and its body.

`Prefer: code=404` picks the response documented for that status (a `4XX`
range or `default` also serves it); `Prefer: example=name` picks a named
example of the chosen response; `Prefer: dynamic=true` (or `false`) asks for a body
made afresh from the schema (or the fixed one) whatever the mock's `--dynamic`
setting. Preferences may be combined with `,` or `;`. The body is the chosen
example, else the response's first example, else one synthesised from its schema
(a dynamic body skips examples unless one is named); 204, 304 and responses
without content have none.

A response documented in several media types is sent in the one the `Accept`
header ranks first (JSON when the client accepts anything); none acceptable: 406.
A sequential media type with an `itemSchema` (OpenAPI 3.2: JSON Lines, NDJSON, JSON
text sequences, server-sent events) is answered with items made from that schema.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from typing import Any

from ..errors import pointer_join
from ..model.ir import Operation, Response
from .checks import is_json_media
from .messages import MockReply, Problem, json_reply
from .schemas import SchemaBook
from .synth import Synthesizer
from .xml_bodies import XmlError, is_xml_media, write_xml

__all__ = [
    "Preference",
    "build_reply",
    "media_types",
    "negotiate",
    "parse_prefer",
    "select_response",
]

_NO_BODY = (204, 205, 304)
_STREAMED_ITEMS = 2


@dataclass(frozen=True)
class Preference:
    code: int | None = None
    example: str | None = None
    dynamic: bool | None = None


def parse_prefer(header: str | None) -> Preference | Problem:
    """The mock's preferences from a `Prefer` header, or the problem with it."""
    code: int | None = None
    example: str | None = None
    dynamic: bool | None = None
    for token in (header or "").replace(";", ",").split(","):
        key, _, value = token.strip().partition("=")
        key, value = key.strip().lower(), value.strip().strip('"')
        if not key:
            continue
        if key == "code" and value.isascii() and value.isdigit() and 100 <= int(value) <= 599:
            code = int(value)
        elif key == "example" and value:
            example = value
        elif key == "dynamic" and value.lower() in ("true", "false"):
            dynamic = value.lower() == "true"
        else:
            return Problem(
                "header.Prefer",
                "prefer",
                f"unknown preference {token.strip()!r}: the mock understands "
                "code=<status>, example=<name> and dynamic=true|false",
            )
    return Preference(code, example, dynamic)


def _status_of(response: Response, wanted: int | None) -> int:
    if wanted is not None:
        return wanted
    status = response.status
    return (
        int(status)
        if status.isascii() and status.isdigit()
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


def media_types(book: SchemaBook, response: Response) -> list[str]:
    """The media types a response documents, in the spec's order."""
    node = book.node(book.follow(response.pointer))
    content = node.get("content") if isinstance(node, dict) else None
    return [str(m) for m in content] if isinstance(content, dict) else []


def _accepted(header: str | None) -> list[tuple[float, str]]:
    ranges = []
    for part in (header or "").split(","):
        name, *params = [p.strip() for p in part.split(";")]
        if not name:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((quality, name.lower()))
    return ranges


def _matches(media_range: str, media: str) -> bool:
    base = media.split(";")[0].strip().lower()
    if media_range in ("*/*", "*"):
        return True
    if media_range.endswith("/*"):
        return base.split("/")[0] == media_range[:-2]
    return media_range.split(";")[0] == base


def negotiate(offered: list[str], accept: str | None) -> str | None:
    """The offered media type to send for an `Accept` header; None when none is acceptable."""
    if not offered:
        return None
    ranked = sorted(offered, key=lambda m: not is_json_media(m))
    ranges = _accepted(accept)
    if not ranges:
        return ranked[0]
    best: tuple[float, int, str] | None = None
    for media in ranked:
        quality = max((q for q, r in ranges if _matches(r, media)), default=0.0)
        specific = max((len(r) for q, r in ranges if _matches(r, media) and q > 0), default=0)
        if quality > 0 and (best is None or (quality, specific) > best[:2]):
            best = (quality, specific, media)
    return best[2] if best is not None else None


def build_reply(
    book: SchemaBook,
    synth: Synthesizer,
    response: Response | None,
    status: int,
    example: str | None = None,
    headers: tuple[tuple[str, str], ...] = (),
    media_type: str | None = None,
    rng: random.Random | None = None,
) -> MockReply:
    """The reply for a documented response: its example, or a body made from its schema."""
    media = media_type or (response.media_type if response is not None else None)
    if response is None or media is None or status in _NO_BODY or status < 200:
        return MockReply(status, headers)
    at = book.follow(response.pointer)
    entry = ((book.node(at).get("content") or {}).get(media)) or {}
    named = _examples(book, entry) if media != response.media_type else {}
    if media == response.media_type:
        named = {e.name: e.value for e in response.examples}
    value: Any
    if example is not None and example in named:
        value = named[example]
    elif named and (rng is None or not isinstance(entry.get("schema"), dict)):
        value = next(iter(named.values()))  # dynamic bodies come from the schema, if any
    elif isinstance(entry.get("itemSchema"), dict) and _sequence_kind(media):
        at = pointer_join(at, "content", media, "itemSchema")
        items = [synth.value(at, rng) for _ in range(_STREAMED_ITEMS)]
        body = _sequence_body(_sequence_kind(media), items)
        return MockReply(status, (("Content-Type", media), *headers), body)
    elif not isinstance(entry.get("schema"), dict):
        return MockReply(status, (("Content-Type", media), *headers))
    else:
        value = synth.value(pointer_join(at, "content", media, "schema"), rng)
    if is_json_media(media):
        return json_reply(status, value, media, headers)
    if is_xml_media(media) and isinstance(value, str):  # an example written as XML
        return MockReply(status, (("Content-Type", media), *headers), value.encode("utf-8"))
    if is_xml_media(media) and isinstance(entry.get("schema"), dict):
        try:
            document = write_xml(book, pointer_join(at, "content", media, "schema"), value)
        except XmlError:
            document = b""  # an example whose names are not XML names: sent empty
        return MockReply(status, (("Content-Type", media), *headers), document)
    text = value if isinstance(value, str) else ""
    return MockReply(status, (("Content-Type", media), *headers), text.encode("utf-8"))


def _sequence_kind(media: str) -> str:
    base = media.split(";")[0].strip().lower()
    sequential = ("application/jsonl", "application/x-ndjson", "application/json-seq")
    return base if base in sequential or base == "text/event-stream" else ""


def _sequence_body(kind: str, items: list[Any]) -> bytes:
    """Items in a sequential media type: one JSON text a line, after an RS, or an event each."""
    texts = [json.dumps(item, ensure_ascii=False, default=str) for item in items]
    if kind == "application/json-seq":
        return "".join(f"\x1e{text}\n" for text in texts).encode("utf-8")
    if kind != "text/event-stream":
        return "".join(f"{text}\n" for text in texts).encode("utf-8")
    return "".join(_event(item, text) for item, text in zip(items, texts)).encode("utf-8")


def _event(item: Any, text: str) -> str:
    """One server-sent event: an object's `event`, `id`, `retry` and `data` fields, else
    the whole item as JSON data."""
    fields = item if isinstance(item, dict) and "data" in item else {"data": text}
    lines = [
        f"{name}: {fields[name]}"
        for name in ("event", "id", "retry")
        if name in fields
        and isinstance(fields[name], (str, int))
        and str(fields[name]).isprintable()
    ]
    data = fields["data"] if isinstance(fields["data"], str) else json.dumps(fields["data"])
    lines += [f"data: {line}" for line in re.split(r"\r\n|\r|\n", data)]
    return "\n".join(lines) + "\n\n"


def _examples(book: SchemaBook, entry: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if "example" in entry:
        found["example"] = entry["example"]
    for name, example in (entry.get("examples") or {}).items():
        if isinstance(example, dict) and isinstance(example.get("$ref"), str):
            try:
                example = book.node(book.follow(example["$ref"].removeprefix("#")))
            except KeyError:
                continue
        if isinstance(example, dict) and "value" in example:
            found[str(name)] = example["value"]
    return found
