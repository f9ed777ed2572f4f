"""HTTP behaviour: any method, CORS, Accept, body limits, patterns that backtrack, signals."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from leadgen.mock import patterns
from leadgen.mock import server as server_module
from leadgen.mock.testing import MockServerFactory

from tests.mock.calls import TOKEN
from tests.mock.conftest import ROOT, SPECS
from tests.mock.test_mock_server import LEADS, read_line

INBOX = SPECS / "inboxapp.yaml"
SAFETY = 30  # seconds: a safety net for sockets, never what a test checks


@pytest.mark.parametrize("method", ["QUERY", "FOO", "TRACE"])
def test_unknown_methods_are_405_with_allow(
    mock_server_factory: MockServerFactory, http: httpx.Client, method: str
) -> None:
    server = mock_server_factory(INBOX)
    response = http.request(method, server.url + LEADS, headers=TOKEN)
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["status"], problem["title"]) == (405, "Method Not Allowed")
    assert [e["rule"] for e in problem["errors"]] == ["method"]
    assert method in response.headers["x-leadgen-problem"]


def test_preflight_gets_cors_headers(
    mock_server_factory: MockServerFactory, http: httpx.Client
) -> None:
    server = mock_server_factory(INBOX)
    response = http.options(
        server.url + LEADS,
        headers={
            "Origin": "http://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status_code == 204 and response.content == b""
    assert response.headers["access-control-allow-origin"] == "http://app.example"
    assert response.headers["access-control-allow-methods"] == "POST, OPTIONS"
    assert response.headers["access-control-allow-headers"] == "authorization, content-type"
    assert response.headers["access-control-allow-credentials"] == "true"


def test_plain_options_on_a_known_path_lists_its_methods(
    mock_server_factory: MockServerFactory, http: httpx.Client
) -> None:
    server = mock_server_factory(INBOX)
    response = http.options(server.url + LEADS)
    assert response.status_code == 204
    assert response.headers["allow"] == "POST, OPTIONS"
    assert response.headers["access-control-allow-origin"] == "*"


def test_every_reply_carries_access_control_allow_origin(
    mock_server_factory: MockServerFactory, http: httpx.Client
) -> None:
    server = mock_server_factory(INBOX)
    ok = http.post(server.url + LEADS, json={"usernames": ["jack"]}, headers=TOKEN)
    refused = http.post(server.url + LEADS, json={"usernames": ["jack"]})
    missing = http.get(server.url + "/nowhere", headers={"Origin": "http://app.example"})
    assert (ok.status_code, refused.status_code, missing.status_code) == (200, 401, 404)
    assert ok.headers["access-control-allow-origin"] == "*"
    assert refused.headers["access-control-allow-origin"] == "*"
    assert missing.headers["access-control-allow-origin"] == "http://app.example"


def test_accept_picks_the_media_type_and_406_when_none_fits(
    mock_server_factory: MockServerFactory, http: httpx.Client
) -> None:
    server = mock_server_factory(INBOX)
    body = {"usernames": ["jack"]}
    fine = http.post(
        server.url + LEADS, json=body, headers={**TOKEN, "Accept": "text/html, application/*"}
    )
    assert fine.status_code == 200 and fine.headers["content-type"] == "application/json"
    refused = http.post(server.url + LEADS, json=body, headers={**TOKEN, "Accept": "text/html"})
    assert refused.status_code == 406
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"][0]["location"] == "header.Accept"


def raw_exchange(url: str, request: bytes) -> bytes:
    """Send `request` on a new connection, then read until the server closes it."""
    host, port = url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=SAFETY) as conn:
        conn.sendall(request)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
        return received


def test_a_body_over_the_limit_is_413_without_reading_it(
    mock_server_factory: MockServerFactory,
) -> None:
    server = mock_server_factory(INBOX)
    size = server_module.MAX_BODY + 1
    head = (
        f"POST /api/v1/campaigns/v2/abc/leads HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer t\r\nContent-Type: application/json\r\n"
        f"Content-Length: {size}\r\n\r\n"
    )
    reply = raw_exchange(server.url, head.encode() + b"{")  # the server closes: no 10 MB sent
    status_line, _, rest = reply.partition(b"\r\n")
    assert status_line == b"HTTP/1.1 413 Request Entity Too Large"
    assert b"application/problem+json" in rest and b"Connection: close" in rest


def test_a_body_that_does_not_arrive_in_time_is_408(
    mock_server_factory: MockServerFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "BODY_SECONDS", 0.2)
    server = mock_server_factory(INBOX)
    head = (
        "POST /api/v1/campaigns/v2/abc/leads HTTP/1.1\r\nHost: x\r\n"
        "Authorization: Bearer t\r\nContent-Type: application/json\r\n"
        "Content-Length: 100\r\n\r\n"
    )
    reply = raw_exchange(server.url, head.encode() + b'{"usernames": ')  # and nothing more
    assert reply.startswith(b"HTTP/1.1 408 ")


BACKTRACKING = """\
openapi: 3.0.3
info: {title: Backtracking, version: '1'}
paths:
  /words/{word}:
    get:
      operationId: getWord
      parameters:
        - name: word
          in: path
          required: true
          schema: {type: string, pattern: '^(a|aa)+$'}
      responses:
        '200':
          description: The word.
          content:
            application/json:
              schema: {type: string}
              example: ok
"""


def test_a_pattern_that_backtracks_for_ever_blocks_no_request(
    mock_server_factory: MockServerFactory, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec = tmp_path / "backtracking.yaml"
    spec.write_text(BACKTRACKING, encoding="utf-8")
    server = mock_server_factory(spec)
    # Python's `re` needs some 2**40 steps to refuse this word: without a bound, the
    # request would hold the interpreter and every other request would wait for it
    evil = "a" * 40 + "b"
    results: dict[str, int] = {}

    def slow() -> None:
        results["evil"] = httpx.get(f"{server.url}/words/{evil}", timeout=SAFETY).status_code

    worker = threading.Thread(target=slow)
    worker.start()
    results["plain"] = httpx.get(f"{server.url}/words/aaa", timeout=SAFETY).status_code
    results["wrong"] = httpx.get(f"{server.url}/words/b", timeout=SAFETY).status_code
    worker.join(timeout=SAFETY)
    assert not worker.is_alive()
    assert results == {"plain": 200, "wrong": 400, "evil": 200}  # not decidable: accepted
    assert "^(a|aa)+$" in patterns.undecidable()
    assert any("takes longer than" in r.getMessage() for r in caplog.records)


def test_signal_ends_the_server_while_a_body_is_still_arriving() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "leadgen", "mock", str(INBOX), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = read_line(process, timeout=SAFETY).strip().removeprefix("leadgen mock listening on ")
        host, port = url.removeprefix("http://").rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=SAFETY) as conn:
            conn.sendall(
                b"POST /api/v1/campaigns/v2/abc/leads HTTP/1.1\r\nHost: x\r\n"
                b"Content-Length: 1000\r\n\r\n{"
            )
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=SAFETY) == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_dynamic_bodies_are_fresh_valid_and_repeatable_with_a_seed(tiny_spec: Path) -> None:
    from leadgen.mock.app import MockApp
    from leadgen.mock.messages import MockRequest

    def bodies(app: MockApp, prefer: str = "") -> list[object]:
        request = MockRequest("GET", "/things?q=abc", (("X-API-Key", "k"), ("Prefer", prefer)))
        return [json.loads(app.handle(request).body) for _ in range(4)]

    fixed = MockApp.from_spec(tiny_spec)
    seeded = MockApp.from_spec(tiny_spec, dynamic=True, seed=7)
    again = MockApp.from_spec(tiny_spec, dynamic=True, seed=7)
    first = bodies(seeded)
    assert first == bodies(again)  # the same seed, the same answers
    assert len({json.dumps(b) for b in first}) > 1  # fresh values on each request
    schema = "/paths/~1things/get/responses/200/content/application~1json/schema"
    assert all(seeded.book.is_valid(schema, b, "response") for b in first)
    assert len({json.dumps(b) for b in bodies(fixed)}) == 1
    assert len({json.dumps(b) for b in bodies(fixed, "dynamic=true")}) > 1
    assert len({json.dumps(b) for b in bodies(seeded, "dynamic=false")}) == 1


EXAMPLE_ONLY = """\
openapi: 3.0.3
info: {title: Example only, version: '1'}
paths:
  /greeting:
    get:
      operationId: greet
      responses:
        '200':
          description: An example and no schema.
          content:
            application/json:
              example: {text: hello}
"""


def test_dynamic_bodies_fall_back_to_the_example_without_a_schema(tmp_path: Path) -> None:
    from leadgen.mock.app import MockApp
    from leadgen.mock.messages import MockRequest

    spec = tmp_path / "example-only.yaml"
    spec.write_text(EXAMPLE_ONLY, encoding="utf-8")
    reply = MockApp.from_spec(spec, dynamic=True).handle(MockRequest("GET", "/greeting"))
    assert (reply.status, json.loads(reply.body)) == (200, {"text": "hello"})


def test_a_request_the_stdlib_refuses_is_a_problem_document(
    mock_server_factory: MockServerFactory,
) -> None:
    server = mock_server_factory(INBOX)
    reply = raw_exchange(server.url, b"GET / HTTP/1.1\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n")
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 431 ")
    assert b"Content-Type: application/problem+json" in head
    assert json.loads(body)["status"] == 431


def test_a_content_length_in_other_digits_is_400(mock_server_factory: MockServerFactory) -> None:
    """`²` is a digit to `str.isdigit`, not a number: a clear 400, not a failed handler."""
    server = mock_server_factory(INBOX)
    head = (
        "POST /api/v1/campaigns/v2/abc/leads HTTP/1.1\r\nHost: x\r\n"
        "Authorization: Bearer t\r\nContent-Type: application/json\r\n"
        "Content-Length: \u00b2\r\n\r\n"
    )
    reply = raw_exchange(server.url, head.encode("latin-1"))
    assert reply.startswith(b"HTTP/1.1 400 ")
    assert b"bad Content-Length" in reply
