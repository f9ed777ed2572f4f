"""The server: in-process use, concurrency, keep-alive, the `leadgen mock` command, signals."""

from __future__ import annotations

import io
import selectors
import signal
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from leadgen.cli import main
from leadgen.mock.app import MockApp
from leadgen.mock.messages import MockReply, MockRequest
from leadgen.mock.server import MockServer, _Handler
from leadgen.mock.testing import MockServerFactory, load_app

from tests.mock.calls import TOKEN
from tests.mock.conftest import ROOT, SPECS

INBOX = SPECS / "inboxapp.yaml"
LEADS = "/api/v1/campaigns/v2/abc/leads"


def refuses_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


def test_context_manager_serves_then_releases_the_port() -> None:
    log = io.StringIO()
    with MockServer(INBOX, port=0, log=log) as server:
        assert server.url == f"http://127.0.0.1:{server.port}" and server.port > 0
        response = httpx.post(server.url + LEADS, json={"usernames": ["jack"]}, headers=TOKEN)
        assert response.status_code == 200
    assert refuses_connections(server.port)
    [line] = log.getvalue().splitlines()
    method, path, status, elapsed = line.split()
    assert (method, path, status) == ("POST", LEADS, "200") and elapsed.endswith("ms")
    with pytest.raises(RuntimeError):
        _ = server.url


def test_fifty_requests_from_ten_threads_are_all_answered() -> None:
    log = io.StringIO()
    with (
        MockServer(INBOX, port=0, log=log, app=load_app(INBOX)) as server,
        httpx.Client(base_url=server.url, headers=TOKEN, timeout=10) as http,
    ):

        def one(i: int) -> tuple[int, int]:
            response = http.post(LEADS, json={"usernames": [f"user{i}"]})
            return i, response.status_code

        with ThreadPoolExecutor(max_workers=10) as pool:
            results = list(pool.map(one, range(50)))
    assert sorted(results) == [(i, 200) for i in range(50)]
    assert len(log.getvalue().splitlines()) == 50


def test_stop_does_not_wait_for_idle_keep_alive_connections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # no idle timeout at all: a stop() that waited for the idle connection would never return
    monkeypatch.setattr(_Handler, "timeout", None)
    server = MockServer(INBOX, port=0, log=io.StringIO(), app=load_app(INBOX)).start()
    inner = server._server
    assert inner is not None
    http = httpx.Client(base_url=server.url, headers=TOKEN)
    stopper = threading.Thread(target=server.stop, name="stop-mock")
    try:
        for _ in range(3):  # one pooled connection, kept alive
            assert http.post(LEADS, json={"usernames": ["jack"]}).status_code == 200
        assert len(inner.connections) == 1
        stopper.start()
        stopper.join(timeout=60)  # a safety net: a stop() that waits never returns
        assert not stopper.is_alive(), "stop() is waiting for the idle keep-alive connection"
        assert inner.connections == set()  # the connection's thread has ended
        assert refuses_connections(inner.server_address[1])
    finally:
        http.close()  # ends the idle connection, should stop() have waited for it
        if stopper.ident is not None:
            stopper.join(timeout=60)
        server.stop()


def test_factory_starts_independent_servers(
    mock_server_factory: MockServerFactory, tiny_spec: Path
) -> None:
    first, second = mock_server_factory(INBOX), mock_server_factory(tiny_spec)
    assert first.port != second.port
    assert httpx.get(second.url + "/tiny/v2/things/mine").json() == ["mine"]
    assert httpx.get(first.url + "/api/v1/things/mine").status_code == 404


def test_unusable_spec_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n", encoding="utf-8")
    assert main(["mock", str(broken), "--port", "0"]) == 2
    assert "broken.yaml" in capsys.readouterr().err


def test_port_in_use_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["mock", str(INBOX), "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def read_line(process: subprocess.Popen[str], timeout: float) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise TimeoutError("no line on stdout")
    return process.stdout.readline()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_command_prints_its_port_serves_and_exits_0_on_signal(sig: signal.Signals) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "leadgen", "mock", "specs/inboxapp.yaml", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = read_line(process, timeout=20)
        prefix = "leadgen mock listening on http://127.0.0.1:"
        assert first.startswith(prefix), first
        url = first.strip().removeprefix("leadgen mock listening on ")
        response = httpx.post(url + LEADS, json={"usernames": ["jack"]}, headers=TOKEN, timeout=30)
        assert response.status_code == 200
        assert response.json()["added"] == 4503599627370495
        process.send_signal(sig)
        assert process.wait(timeout=30) == 0  # a safety net: the exit code is what is checked
        _, err = process.communicate(timeout=30)
        assert f"POST {LEADS} 200 " in err
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_fixture_is_importable_from_tests_mock_fixture() -> None:
    import leadgen.mock.testing

    import tests.mock_fixture

    assert tests.mock_fixture.mock_server_factory is leadgen.mock.testing.mock_server_factory


def test_a_mock_failure_answers_500_and_the_server_keeps_serving(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = MockApp.from_spec(INBOX)
    original = app.handle
    calls: list[str] = []

    def flaky(request: MockRequest) -> MockReply:
        calls.append(request.target)
        if len(calls) == 1:
            raise KeyError("boom")
        return original(request)

    monkeypatch.setattr(app, "handle", flaky)
    with MockServer(INBOX, app=app, log=io.StringIO()) as server, httpx.Client() as http:
        failed = http.post(server.url + LEADS, json={"usernames": ["a"]}, headers=TOKEN)
        assert failed.status_code == 500 and "KeyError" in failed.json()["detail"]
        fine = http.post(server.url + LEADS, json={"usernames": ["a"]}, headers=TOKEN)
        assert fine.status_code == 200
