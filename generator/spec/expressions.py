"""OpenAPI runtime expressions, as callback keys write them: `{$request.body#/callbackUrl}/events`.

A key is text with `{expression}`s embedded (or one bare expression, `$request.body#/url`).
`parse_key` splits it into literal text and `Expression`s, or raises `ValueError` saying why it
cannot be evaluated. Nothing is evaluated here: `leadgen mock` fills the values in from the
request it answered (mock/callbacks.py); the spec layer only says which keys it cannot read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .refs import split_pointer

__all__ = ["Expression", "parse_key"]

Source = Literal["url", "method", "statusCode", "request", "response"]
Part = Literal["", "header", "query", "path", "body"]

_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an HTTP header name (RFC 9110 token)
_EMBEDDED = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Expression:
    """One runtime expression: `$url`, `$method`, `$statusCode`, or a part of the request or
    the response (`header`, `query`, `path` with its name; `body` with the reference tokens of
    its JSON pointer, () for the whole body)."""

    source: Source
    part: Part = ""
    name: str = ""
    pointer: tuple[str, ...] = ()


def parse_key(key: str) -> tuple[str | Expression, ...]:
    """The literal text and expressions of a callback key, in order; ValueError when one of
    its expressions is not one OpenAPI defines."""
    if key.startswith("$") and "{" not in key:
        return (_expression(key),)
    parts: list[str | Expression] = []
    end = 0
    for found in _EMBEDDED.finditer(key):
        if found.start() > end:
            parts.append(key[end : found.start()])
        parts.append(_expression(found.group(1)))
        end = found.end()
    rest = key[end:]
    if "{" in rest or "}" in rest:
        raise ValueError("a `{` or `}` that does not enclose an expression")
    if rest:
        parts.append(rest)
    if not any(isinstance(p, Expression) for p in parts):
        raise ValueError("no runtime expression in braces (such as {$request.body#/url})")
    return tuple(parts)


def _expression(text: str) -> Expression:
    simple: dict[str, Source] = {"$url": "url", "$method": "method", "$statusCode": "statusCode"}
    if text in simple:
        return Expression(simple[text])
    for source in ("request", "response"):
        prefix = f"${source}."
        if text.startswith(prefix):
            return _source(source, text[len(prefix) :], text)
    raise ValueError(
        f"{text!r} is not a runtime expression ($url, $method, $statusCode, $request.…, $response.…)"
    )


def _source(source: Literal["request", "response"], rest: str, text: str) -> Expression:
    if rest == "body" or rest.startswith("body#"):
        try:
            return Expression(source, "body", pointer=tuple(split_pointer(rest[5:])))
        except KeyError:
            raise ValueError(f"{text!r}: the part after `#` is not a JSON pointer") from None
    kind, _, name = rest.partition(".")
    if kind == "header" and _TOKEN.fullmatch(name):
        return Expression(source, "header", name)
    if kind == "query" and name:
        return Expression(source, "query", name)
    if kind == "path" and name:
        return Expression(source, "path", name)
    raise ValueError(f"{text!r} names no header, query or path parameter, nor the body")
