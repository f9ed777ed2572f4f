"""Shared by the generated-CLI tests: paths, the token, the mock server and the result type."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
SPECS = ROOT / "specs"
PACKAGES = ("inboxapp", "puffle", "lead_management")
SPEC_FILES = {
    "inboxapp": "inboxapp.yaml",
    "puffle": "puffle.yaml",
    "lead_management": "lead-management.yaml",
}
TOKEN = "sk-live-CLI-TOKEN-5e4d3c2b1a"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def forget(package: str) -> None:
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


@dataclass
class Result:
    code: int
    out: str
    err: str
    requests: list[httpx.Request] = field(default_factory=list)

    @property
    def request(self) -> httpx.Request:
        assert len(self.requests) == 1, self.requests
        return self.requests[0]


class Server:
    """MockTransport handler: plays ``replies`` in order (the last one repeats)."""

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = replies or [httpx.Response(200, json={})]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, httpx.Response):  # responses are single-use: copy
            return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)
        return reply(request)
