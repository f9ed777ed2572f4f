"""Replies for the errors the mock itself finds (400, 401, 404, 405, 406, 413, 415, 422, 500).

When the operation documents a response for the status (the exact code, else its
`4XX` range, else `default`), the reply follows that declaration: its media type,
and a body valid against its schema (the response's example when it validates,
else one synthesised), with the mock's explanation written into a string
property the schema leaves room for (`detail`, `message`, `error`, ...). Without
a declaration the body is `application/problem+json` (RFC 9457): type, title,
status, detail, and `errors` listing every violation. Either way the explanation
is also sent in the `X-Leadgen-Problem` header.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from http import HTTPStatus
from typing import Any

from ..errors import pointer_join
from ..model.ir import Operation, Response
from .checks import is_json_media
from .messages import MockReply, Problem, json_reply
from .schemas import SchemaBook
from .synth import Synthesizer

__all__ = ["PROBLEM_HEADER", "error_reply", "explain", "problem_document"]

PROBLEM_HEADER = "X-Leadgen-Problem"
_MESSAGE_KEYS = (
    "detail",
    "message",
    "error_description",
    "errorMessage",
    "error",
    "msg",
    "description",
    "reason",
    "title",
)
_STATUS_KEYS = ("status", "statusCode", "code")
_HEADER_LIMIT = 1000


def explain(problems: Sequence[Problem]) -> str:
    """One line naming every problem: `query.limit [minimum]: 0 is less than ...; ...`."""
    unique = sorted(set(problems))
    return "; ".join(f"{p.location} [{p.rule}]: {p.message}" for p in unique)


def _header_text(text: str) -> str:
    safe = "".join(c if 32 <= ord(c) < 127 else "?" for c in text)
    return safe if len(safe) <= _HEADER_LIMIT else safe[: _HEADER_LIMIT - 3] + "..."


def problem_document(status: int, problems: Sequence[Problem]) -> dict[str, Any]:
    unique = sorted(set(problems))
    return {
        "type": "about:blank",
        "title": _phrase(status),
        "status": status,
        "detail": explain(unique),
        "errors": [p.as_json() for p in unique],
    }


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def declared_response(op: Operation | None, status: int) -> Response | None:
    """The response `op` documents for `status`: the code, its range, else `default`."""
    if op is None:
        return None
    text = str(status)
    for wanted in (text, text[0] + "XX", "default"):
        found = next((r for r in op.responses if r.status.upper() == wanted.upper()), None)
        if found is not None:
            return found
    return None


def error_reply(
    book: SchemaBook,
    synth: Synthesizer,
    op: Operation | None,
    status: int,
    problems: Sequence[Problem],
    headers: Iterable[tuple[str, str]] = (),
    rng: random.Random | None = None,
) -> MockReply:
    """The reply for `problems` at `status`, as `op` documents that status if it does."""
    detail = explain(problems)
    sent = ((PROBLEM_HEADER, _header_text(detail)), *headers)
    declared = declared_response(op, status)
    if declared is None:
        document = problem_document(status, problems)
        return json_reply(status, document, "application/problem+json", sent)
    at = book.follow(declared.pointer)
    content = _content(book, at)
    if not content:
        return MockReply(status, sent)
    media, schema_at, examples = _pick_media(at, content, declared)
    if schema_at is None:
        if media.lower().startswith("text/"):
            return MockReply(status, (("Content-Type", media), *sent), detail.encode("utf-8"))
        value = examples[0] if examples else None
        if value is None or not is_json_media(media):
            return MockReply(status, (("Content-Type", media), *sent))
        return json_reply(status, value, media, sent)
    value = _body(book, synth, schema_at, examples, detail, status, rng)
    if is_json_media(media):
        return json_reply(status, value, media, sent)
    text = value if isinstance(value, str) else detail
    return MockReply(status, (("Content-Type", media), *sent), text.encode("utf-8"))


def _content(book: SchemaBook, at: str) -> dict[str, Any]:
    node = book.node(at)
    content = node.get("content") if isinstance(node, dict) else None
    return content if isinstance(content, dict) else {}


def _pick_media(
    at: str, content: dict[str, Any], response: Response
) -> tuple[str, str | None, list[Any]]:
    """(media type, pointer of its schema or None, its example values)."""
    names = list(content)
    media = next((m for m in names if is_json_media(m)), response.media_type or names[0])
    entry = content.get(media) or {}
    examples: list[Any] = []
    if isinstance(entry, dict):
        if "example" in entry:
            examples.append(entry["example"])
        for example in (entry.get("examples") or {}).values():
            if isinstance(example, dict) and "value" in example:
                examples.append(example["value"])
    examples += [e.value for e in response.examples if response.media_type == media]
    has_schema = isinstance(entry, dict) and isinstance(entry.get("schema"), dict)
    schema_at = pointer_join(at, "content", media, "schema") if has_schema else None
    return media, schema_at, examples


def _body(
    book: SchemaBook,
    synth: Synthesizer,
    schema_at: str,
    examples: list[Any],
    detail: str,
    status: int,
    rng: random.Random | None,
) -> Any:
    at = book.follow(schema_at) if _resolvable(book, schema_at) else schema_at
    base = next((e for e in examples if book.is_valid(at, e, "response")), _MISSING)
    if base is _MISSING:
        base = synth.value(at, rng)
    return _with_explanation(book, at, base, detail, status)


_MISSING: Any = object()


def _resolvable(book: SchemaBook, pointer: str) -> bool:
    try:
        book.follow(pointer)
    except KeyError:
        return False
    return True


def _with_explanation(book: SchemaBook, at: str, value: Any, detail: str, status: int) -> Any:
    """`value` with `detail` in its message-like string properties, where the schema allows."""
    if isinstance(value, str):
        for text in _shortened(detail):
            if book.is_valid(at, text, "response"):
                return text
        return value
    if not isinstance(value, dict):
        return value
    best = value
    for path in _message_paths(value):
        for text in _shortened(detail):
            candidate = _set(best, path, text)
            if book.is_valid(at, candidate, "response"):
                best = candidate
                break
    for key in _STATUS_KEYS:
        if key in best and isinstance(best[key], int) and not isinstance(best[key], bool):
            candidate = {**best, key: status}
            if book.is_valid(at, candidate, "response"):
                best = candidate
    return best


def _message_paths(value: dict[str, Any]) -> list[tuple[str, ...]]:
    """Where a message may go: message-like string keys at the top, then one level down."""
    found: list[tuple[str, ...]] = []
    for key in _MESSAGE_KEYS:
        if isinstance(value.get(key), str):
            found.append((key,))
            break
    for key, inner in value.items():
        if isinstance(inner, dict):
            for name in _MESSAGE_KEYS:
                if isinstance(inner.get(name), str):
                    found.append((key, name))
                    break
    return found


def _set(value: dict[str, Any], path: tuple[str, ...], text: str) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(value, default=str))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = text
    return copy


def _shortened(text: str) -> list[str]:
    return [text] + [text[: n - 3] + "..." for n in (200, 100, 50, 20) if len(text) > n]
