"""Routing: path templates compiled per segment, the servers' path prefixes, 404 versus 405.

A request path is split on `/` while still percent-encoded, then each segment
is decoded and matched in full against its template segment, so a parameter
matches exactly one segment (`%2F` inside a value stays inside it). Templates
with literal segments earlier win over templated ones (`/users/me` before
`/users/{id}`), as OpenAPI asks. Operations whose path keys differ only by a fixed query
(`/items?kind=a`) share a template; the one whose fixed pairs the request carries wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..model.ir import Operation, Server

__all__ = ["Match", "Router", "server_prefixes"]

_PARAM = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class _Template:
    path: str
    segments: tuple[re.Pattern[str], ...]
    names: tuple[str, ...]  # parameter name of each regex group p0, p1, ...

    @property
    def rank(self) -> tuple[int, ...]:
        return tuple(1 if s.groups else 0 for s in self.segments)

    def match(self, segments: Sequence[str]) -> dict[str, str] | None:
        if len(segments) != len(self.segments):
            return None
        values: dict[str, str] = {}
        for pattern, segment in zip(self.segments, segments):
            found = pattern.fullmatch(segment)
            if found is None:
                return None
            values.update({self.names[int(k[1:])]: v for k, v in found.groupdict().items()})
        return values


def _split(path: str) -> list[str]:
    """Segments after the leading `/`; `/` has none, and a trailing `/` makes an empty one."""
    path = path.removeprefix("/")
    return path.split("/") if path else []


def _compile(path: str) -> _Template:
    names: list[str] = []
    segments = []
    for segment in _split(path):
        pieces = _PARAM.split(segment)  # literal, name, literal, name, ..., literal
        regex = ""
        for i, piece in enumerate(pieces):
            if i % 2 == 0:
                regex += re.escape(piece)
            else:
                regex += f"(?P<p{len(names)}>.+?)" if len(pieces) > 3 else f"(?P<p{len(names)}>.+)"
                names.append(piece)
        segments.append(re.compile(regex, re.DOTALL))
    return _Template(path, tuple(segments), tuple(names))


@dataclass(frozen=True)
class Match:
    operation: Operation
    path_params: dict[str, str]


def server_prefixes(servers: Iterable[Server]) -> tuple[str, ...]:
    """The path part of each server URL (variables at their defaults), longest first."""
    found = set()
    for server in servers:
        url = server.url
        for var in server.variables:
            url = url.replace("{" + var.wire_name + "}", var.default)
        path = urlsplit(url).path if "://" in url else url
        path = "/" + path.strip("/") if path.strip("/") else ""
        if path:
            found.add(path)
    return tuple(sorted(found, key=lambda p: (-len(p), p)))


class Router:
    """Finds the operation for (method, path), or the methods the path allows."""

    def __init__(self, operations: Iterable[Operation], prefixes: Sequence[str] = ()) -> None:
        by_path: dict[str, dict[str, list[Operation]]] = {}
        for op in operations:
            by_path.setdefault(op.path, {}).setdefault(op.method, []).append(op)
        for methods in by_path.values():
            for ops in methods.values():
                ops.sort(key=lambda o: -len(o.query))  # the most specific first
        self._methods = by_path
        self._templates = sorted((_compile(p) for p in by_path), key=lambda t: t.rank)
        self.prefixes = tuple(prefixes)

    def find(
        self, method: str, raw_path: str, query: Mapping[str, Sequence[str]] | None = None
    ) -> Match | tuple[str, ...] | None:
        """The match; else the allowed methods when the path is known (405); else None (404).
        `query` (name -> values) picks among operations that differ by a fixed query."""
        allowed: set[str] = set()
        for candidate in self._candidates(raw_path):
            segments = [unquote(s) for s in _split(candidate)]
            for template in self._templates:
                values = template.match(segments)
                if values is None:
                    continue
                methods = self._methods[template.path]
                for wanted in (method, "GET") if method == "HEAD" else (method,):
                    if wanted in methods:
                        return Match(_by_query(methods[wanted], query or {}), values)
                allowed.update(methods)
        return tuple(sorted(allowed)) or None

    def _candidates(self, raw_path: str) -> list[str]:
        """The path with a server prefix removed (when it has one), then the path as sent."""
        found = []
        for prefix in self.prefixes:
            if raw_path == prefix or raw_path.startswith(prefix + "/"):
                found.append(raw_path[len(prefix) :] or "/")
        return [*found, raw_path]


def _by_query(ops: list[Operation], query: Mapping[str, Sequence[str]]) -> Operation:
    """The first operation whose fixed query pairs the request carries, else the last."""
    for op in ops:
        if all(value in query.get(name, ()) for name, value in op.query):
            return op
    return ops[-1]
