"""What the mock reads and writes, independent of the HTTP server: requests, replies, problems."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["MockReply", "MockRequest", "Outgoing", "Problem", "json_reply", "problems_reply"]


@dataclass(frozen=True)
class MockRequest:
    """One HTTP request: `target` is the raw request target (path and query, still encoded)."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)


@dataclass(frozen=True)
class Outgoing:
    """A callback request the mock sends once its reply is out (`refused`: why it is not)."""

    name: str
    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    refused: str = ""


@dataclass(frozen=True)
class MockReply:
    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    callbacks: tuple[Outgoing, ...] = field(default=(), compare=False)  # sent after the reply


@dataclass(frozen=True, order=True)
class Problem:
    """One violation: where (`body./platformIds`, `query.limit`, ...), which rule, why."""

    location: str
    rule: str
    message: str = field(compare=False)

    def as_json(self) -> dict[str, str]:
        return {"location": self.location, "rule": self.rule, "message": self.message}


def json_reply(
    status: int,
    value: Any,
    media_type: str = "application/json",
    headers: Iterable[tuple[str, str]] = (),
) -> MockReply:
    body = json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
    return MockReply(status, (("Content-Type", media_type), *headers), body)


def problems_reply(status: int, problems: Iterable[Problem]) -> MockReply:
    """`{"errors": [...]}`, each problem once, ordered by location."""
    unique = sorted(set(problems))
    return json_reply(status, {"errors": [p.as_json() for p in unique]})
