"""Transport-level hostility: refused, reset, cut short, silent or slow servers.

Each case must end in the typed ``APIConnectionError`` / ``APITimeoutError``
(never a raw httpx/h11/socket error), after the expected number of attempts (counted
at the server) and retries (recorded by the fake ``_sleep``), with the sync and the
async client. The silent servers never answer and the trickling one would finish its
body long after the timeout: only the client's own timeout ends those cases, and a
client that ignored it would hang until the watchdog fails the test.
"""

from __future__ import annotations

import httpx
import pytest
from hostile_cases import ADD_OK, LEAD_OK, add_leads, update_lead
from hostile_http import (
    closed_port,
    half_body,
    half_headers,
    json_reply,
    raw,
    reply,
    reset,
    stall,
    trickle_body,
)
from hostile_support import MODES

TIMEOUT = 0.3

CASES = {  # package -> (operation, success body, retried on transport errors after sending?)
    "inboxapp": (add_leads, ADD_OK, False),
    "lead_management": (update_lead, LEAD_OK, True),
}


def attempts(package: str, max_retries: int = 2) -> int:
    """Requests sent when every attempt fails after the request went out."""
    return 1 + max_retries if CASES[package][2] else 1


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
def test_connection_refused(request, call, package, mode):
    pkg = request.getfixturevalue(package)
    url = f"http://127.0.0.1:{closed_port()}"
    out = call(pkg, mode, url, CASES[package][0])
    error = out.raised(pkg.APIConnectionError)
    assert not isinstance(error, pkg.APITimeoutError)
    assert "Connection error" in str(error)
    assert len(out.sleeps) == 2  # nothing reached the server: retried even for a POST


CUTS = {
    "half-headers-then-FIN": half_headers(),
    "half-body-then-FIN": half_body({"added": 1, "skipped": 2, "failed": 3, "pad": "x" * 200}),
    "RST-before-any-byte": reset(),
    "RST-after-half-headers": reset(b"HTTP/1.1 200 OK\r\nContent-Le"),
    "RST-after-half-body": reset(
        b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{"added": 1, '
    ),
    "FIN-without-response": raw(b""),
    "garbage-status-line": raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n"),
    "bad-header-line": raw(b"HTTP/1.1 200 OK\r\nContent-Type application/json\r\n\r\n{}"),
    "bad-content-length": raw(b"HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n{}"),
    "bad-chunked-body": raw(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n"
    ),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
@pytest.mark.parametrize("cut", CUTS)
def test_connection_cut_mid_response(request, serve, call, package, mode, cut):
    pkg = request.getfixturevalue(package)
    server = serve(CUTS[cut])
    out = call(pkg, mode, server.url, CASES[package][0])
    error = out.raised(pkg.APIConnectionError)
    assert not isinstance(error, pkg.APITimeoutError)
    assert len(server.requests) == attempts(package)
    assert len(out.sleeps) == attempts(package) - 1


@pytest.mark.parametrize("mode", MODES)
def test_reset_then_success_for_the_idempotent_put(lead_management, serve, call, mode):
    server = serve(reset(b"HTTP/1.1 200 OK\r\n"), half_headers(), json_reply(200, LEAD_OK))
    out = call(lead_management, mode, server.url, update_lead)
    assert out.ok().data.workspace_id == "ws_1"
    assert len(out.sleeps) == 2 and len(server.requests) == 3


SLOW = {  # none of them ever answers: they wait until the server is stopped
    "silent": stall(),
    "headers-then-silent": stall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"),
    "half-body-then-silent": stall(
        b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{"added"',
    ),
}


def read_timeout(error: BaseException) -> object:
    """The read timeout of the request behind an APITimeoutError (its httpx cause)."""
    cause = error.__cause__
    assert isinstance(cause, httpx.TimeoutException), repr(cause)
    return cause.request.extensions["timeout"]["read"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
@pytest.mark.parametrize("slow", SLOW)
def test_server_slower_than_the_timeout(request, serve, call, package, mode, slow):
    pkg = request.getfixturevalue(package)
    server = serve(SLOW[slow])
    out = call(pkg, mode, server.url, CASES[package][0], timeout=TIMEOUT)
    error = out.raised(pkg.APITimeoutError)
    assert read_timeout(error) == TIMEOUT
    n = attempts(package)
    assert len(server.requests) == n  # each attempt timed out, then the next one was sent
    assert len(out.sleeps) == n - 1


@pytest.mark.parametrize("mode", MODES)
def test_per_call_timeout_overrides_the_client_timeout(inboxapp, serve, call, mode):
    server = serve(stall())
    out = call(
        inboxapp,
        mode,
        server.url,
        lambda c: c.campaigns.add_leads("c1", usernames=["a"], timeout=TIMEOUT),
        timeout=3600.0,  # the client's own: were it used, the watchdog would end the test
    )
    error = out.raised(inboxapp.APITimeoutError)
    assert read_timeout(error) == TIMEOUT
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode", MODES)
def test_trickling_server_is_cut_off_by_the_timeout(inboxapp, serve, call, mode):
    # 1 byte every 0.05 s: each read is far quicker than the 0.3 s timeout, but the whole
    # body of about 150 bytes takes at least 7.5 s; a client that timed reads only would
    # get it all and return a result
    body = {"added": 1, "skipped": 0, "failed": 0, "pad": "x" * 100}
    server = serve(trickle_body(body, every=0.05))
    out = call(inboxapp, mode, server.url, add_leads, timeout=TIMEOUT, max_retries=0)
    error = out.raised(inboxapp.APITimeoutError)
    assert read_timeout(error) == TIMEOUT
    assert len(server.requests) == 1 and out.sleeps == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_not_followed_so_the_token_stays_home(inboxapp, serve, call, mode, status):
    elsewhere = serve(json_reply(200, ADD_OK))
    server = serve(reply(status, b"", headers={"Location": elsewhere.url + "/steal"}))
    out = call(inboxapp, mode, server.url, add_leads)
    error = out.raised(inboxapp.APIStatusError)
    assert error.status_code == status
    assert elsewhere.requests == []
