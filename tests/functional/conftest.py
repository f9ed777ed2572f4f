"""Fixtures for behavioural tests of the committed clients in ``generated/``.

The packages are imported through session fixtures (``inboxapp``, ``puffle``,
``lead_management``): ``generated/`` is on ``sys.path`` only while they are in
use, every submodule is imported eagerly, and all of them are forgotten at the
end of the session so that nothing leaks into other test folders.

Requests go to ``httpx.MockTransport`` handlers (``Server``); clients get a fake
``_sleep`` that records the retry delays instead of sleeping, and ``retry_clock(pkg)``
makes the retry policy of ``pkg`` take ``RETRY_NOW`` as the current time.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import importlib
import pkgutil
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
SPECS = ROOT / "specs"
PACKAGES = ("inboxapp", "puffle", "lead_management")
SPEC_OF_PACKAGE = {
    "inboxapp": "inboxapp.yaml",
    "puffle": "puffle.yaml",
    "lead_management": "lead-management.yaml",
}
TOKEN = "sk-live-TOKEN-9f8e7d6c5b4a"
RETRY_NOW = 1_900_000_000.0  # 2030-03-17T17:46:40Z: "now" for Retry-After dates (see retry_clock)

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Server:
    """MockTransport handler: plays ``replies`` in order (the last one repeats)
    and records every request it receives."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies) or [
            httpx.Response(599, text="test server: no request was expected here")
        ]
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

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "the transport was never called"
        return self.requests[-1]

    @property
    def called(self) -> bool:
        return bool(self.requests)


def _forget(package: str) -> None:
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


@pytest.fixture(scope="session")
def generated_packages() -> Iterator[dict[str, types.ModuleType]]:
    """The three committed client packages, imported with every submodule."""
    for name in PACKAGES:
        _forget(name)  # never test a stale copy imported from elsewhere
    sys.path.insert(0, str(GENERATED))
    try:
        modules: dict[str, types.ModuleType] = {}
        for name in PACKAGES:
            package = importlib.import_module(name)
            for info in pkgutil.walk_packages(package.__path__, name + "."):
                importlib.import_module(info.name)
            modules[name] = package
        yield modules
    finally:
        sys.path.remove(str(GENERATED))
        for name in PACKAGES:
            _forget(name)


@pytest.fixture(scope="session")
def inboxapp(generated_packages: dict[str, types.ModuleType]) -> types.ModuleType:
    return generated_packages["inboxapp"]


@pytest.fixture(scope="session")
def puffle(generated_packages: dict[str, types.ModuleType]) -> types.ModuleType:
    return generated_packages["puffle"]


@pytest.fixture(scope="session")
def lead_management(generated_packages: dict[str, types.ModuleType]) -> types.ModuleType:
    return generated_packages["lead_management"]


@pytest.fixture(scope="session")
def _spec_documents() -> dict[str, Any]:
    return {
        package: yaml.safe_load((SPECS / spec).read_text(encoding="utf-8"))
        for package, spec in SPEC_OF_PACKAGE.items()
    }


@pytest.fixture
def spec(_spec_documents: dict[str, Any]) -> Callable[[str], Any]:
    """``spec("inboxapp")``: a fresh deep copy of the parsed spec document."""
    return lambda package: copy.deepcopy(_spec_documents[package])


@pytest.fixture
def server_class() -> type[Server]:
    return Server


@pytest.fixture
def connect() -> Iterator[Callable[..., tuple[Any, Server]]]:
    """``connect(pkg, *replies, **client_kwargs) -> (client, server)``: a sync
    client of ``pkg`` on a MockTransport; ``client.sleeps`` records retry delays."""
    opened: list[httpx.Client] = []

    def factory(pkg: types.ModuleType, *replies: Reply, **kwargs: Any) -> tuple[Any, Server]:
        server = Server(*replies)
        http = httpx.Client(transport=httpx.MockTransport(server))
        opened.append(http)
        kwargs.setdefault("token", TOKEN)
        client = pkg.Client(http_client=http, **kwargs)
        client.sleeps = []
        client._sleep = client.sleeps.append
        return client, server

    yield factory
    for http in opened:
        http.close()


@pytest.fixture
def aconnect() -> Iterator[Callable[..., tuple[Any, Server]]]:
    """Like ``connect`` for ``AsyncClient`` (run it with ``asyncio.run``)."""
    opened: list[httpx.AsyncClient] = []

    def factory(pkg: types.ModuleType, *replies: Reply, **kwargs: Any) -> tuple[Any, Server]:
        server = Server(*replies)
        http = httpx.AsyncClient(transport=httpx.MockTransport(server))
        opened.append(http)
        kwargs.setdefault("token", TOKEN)
        client = pkg.AsyncClient(http_client=http, **kwargs)
        client.sleeps = []

        async def fake_sleep(delay: float) -> None:
            client.sleeps.append(delay)

        client._sleep = fake_sleep
        return client, server

    yield factory

    async def close_all() -> None:
        for http in opened:
            await http.aclose()

    asyncio.run(close_all())


@pytest.fixture
def token() -> str:
    """The token every ``connect``/``aconnect`` client is built with by default."""
    return TOKEN


@pytest.fixture
def retry_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[types.ModuleType], float]:
    """``retry_clock(pkg)``: the retry delays of ``pkg``'s clients are computed with
    ``RETRY_NOW`` as the current time (returned), so a Retry-After date built from it gives
    an exact delay, however long the test takes."""

    def freeze(pkg: types.ModuleType) -> float:
        base = pkg._base_client
        monkeypatch.setattr(base, "retry_delay", functools.partial(base.retry_delay, now=RETRY_NOW))
        return RETRY_NOW

    return freeze
