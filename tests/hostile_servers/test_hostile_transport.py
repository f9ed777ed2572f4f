"""Transport-level hostility: refused, reset, cut short, silent or slow servers.

Each case must end in the typed ``APIConnectionError`` / ``APITimeoutError``
(never a raw httpx/h11/socket error, never a hang) within a bounded time,
with the sync and the async client.
"""

from __future__ import annotations

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

BOUND = 5.0  # seconds: generous; a hang is what is being ruled out
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
    assert out.elapsed < BOUND


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
    assert out.elapsed < BOUND


@pytest.mark.parametrize("mode", MODES)
def test_reset_then_success_for_the_idempotent_put(lead_management, serve, call, mode):
    server = serve(reset(b"HTTP/1.1 200 OK\r\n"), half_headers(), json_reply(200, LEAD_OK))
    out = call(lead_management, mode, server.url, update_lead)
    assert out.ok().data.workspace_id == "ws_1"
    assert len(out.sleeps) == 2 and len(server.requests) == 3


SLOW = {
    "silent": stall(2.0),
    "headers-then-silent": stall(2.0, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"),
    "half-body-then-silent": stall(
        2.0,
        b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{"added"',
    ),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
@pytest.mark.parametrize("slow", SLOW)
def test_server_slower_than_the_timeout(request, serve, call, package, mode, slow):
    pkg = request.getfixturevalue(package)
    server = serve(SLOW[slow])
    out = call(pkg, mode, server.url, CASES[package][0], timeout=TIMEOUT)
    out.raised(pkg.APITimeoutError)
    n = attempts(package)
    assert len(server.requests) == n
    assert n * TIMEOUT * 0.9 <= out.elapsed < n * TIMEOUT + 1.5
    print(f"\n{package} {mode} {slow}: APITimeoutError after {out.elapsed:.2f} s ({n} attempt(s))")


@pytest.mark.parametrize("mode", MODES)
def test_per_call_timeout_overrides_the_client_timeout(inboxapp, serve, call, mode):
    server = serve(stall(2.0))
    out = call(
        inboxapp,
        mode,
        server.url,
        lambda c: c.campaigns.add_leads("c1", usernames=["a"], timeout=TIMEOUT),
    )
    out.raised(inboxapp.APITimeoutError)
    assert out.elapsed < 1.5


@pytest.mark.parametrize("mode", MODES)
def test_trickling_server_is_cut_off_by_the_timeout(inboxapp, serve, call, mode):
    server = serve(
        trickle_body(
            {"added": 1, "skipped": 0, "failed": 0, "pad": "x" * 100}, every=0.1, limit=1.5
        )
    )
    out = call(inboxapp, mode, server.url, add_leads, timeout=TIMEOUT, max_retries=0)
    print(f"\ntrickle {mode}: {type(out.error).__name__} after {out.elapsed:.2f} s")
    assert out.elapsed < BOUND  # bounded only because the server gives up
    out.raised(inboxapp.APITimeoutError)
    assert out.elapsed < 1.0


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_not_followed_so_the_token_stays_home(inboxapp, serve, call, mode, status):
    elsewhere = serve(json_reply(200, ADD_OK))
    server = serve(reply(status, b"", headers={"Location": elsewhere.url + "/steal"}))
    out = call(inboxapp, mode, server.url, add_leads)
    error = out.raised(inboxapp.APIStatusError)
    assert error.status_code == status
    assert elsewhere.requests == []
