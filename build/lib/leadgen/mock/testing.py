"""The `mock_server_factory` pytest fixture: real mock servers on ephemeral loopback ports.

    from leadgen.mock.testing import mock_server_factory  # re-export in a conftest.py

    def test_client(mock_server_factory):
        server = mock_server_factory("specs/inboxapp.yaml")
        client = Client(token="t", base_url=server.url + "/api/v1")

Each server is started on 127.0.0.1 with port 0, answered once before the
factory returns it, and stopped when the test ends. A spec is loaded once per
process (while its file is unchanged), however many tests serve it.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .app import MockApp
from .server import MockServer

__all__ = ["MockServerFactory", "load_app", "mock_server_factory", "wait_until_answering"]

MockServerFactory = Callable[..., MockServer]

_apps: dict[tuple[str, int, int], MockApp] = {}
_apps_lock = threading.Lock()


def load_app(spec: Path | str) -> MockApp:
    """The MockApp of a spec, loaded once while the file stays the same."""
    path = Path(spec).resolve()
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _apps_lock:
        if key not in _apps:
            _apps[key] = MockApp.from_spec(Path(spec))
        return _apps[key]


def wait_until_answering(server: MockServer, timeout: float = 5.0) -> None:
    """Return once the server answers an HTTP request; TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        conn = http.client.HTTPConnection(server.host, server.port, timeout=1.0)
        try:
            conn.request("HEAD", "/")
            conn.getresponse().read()
            return
        except OSError as exc:
            if time.monotonic() > deadline:
                raise TimeoutError(f"mock server at {server.url} does not answer: {exc}") from exc
            time.sleep(0.02)
        finally:
            conn.close()


@pytest.fixture
def mock_server_factory() -> Iterator[MockServerFactory]:
    """`factory(spec, **MockServer kwargs) -> MockServer`, running until the test ends."""
    servers: list[MockServer] = []

    def start(spec: Path | str, **kwargs: Any) -> MockServer:
        kwargs.setdefault("app", load_app(spec))
        server = MockServer(spec, host="127.0.0.1", port=0, **kwargs).start()
        servers.append(server)
        wait_until_answering(server)
        return server

    try:
        yield start
    finally:
        for server in reversed(servers):
            server.stop()
