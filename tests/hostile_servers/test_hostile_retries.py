"""Retries against a real (hostile) HTTP server: Retry-After in every shape, 5xx, exhaustion.

Delays are recorded by a fake ``_sleep`` (nothing sleeps); every case runs with
the sync and the async client.
"""

from __future__ import annotations

import email.utils
import functools
import json
import math
import socket
import threading
from typing import Any

import pytest
from hostile_cases import ADD_OK, LEAD_OK, add_leads, update_lead
from hostile_http import ReceivedRequest, json_reply, reply
from hostile_support import MODES

BACKOFF_FIRST = (0.5 * 0.75, 0.5 * 1.25)  # attempt 0: 0.5 s +-25 %
NOW = 1_900_000_000.0  # 2030-03-17T17:46:40Z, "now" for the Retry-After dates

CASES = {  # package fixture name -> (operation, success body, parsed check)
    "inboxapp": (add_leads, ADD_OK, lambda r: (r.added, r.skipped, r.failed) == (2, 1, 0)),
    "lead_management": (update_lead, LEAD_OK, lambda r: r.data.id == "lead_1"),
}


def numbered(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    """A reply whose ``X-Attempt`` header and body tell which request it answered."""
    count = {"n": 0}
    lock = threading.Lock()

    def action(conn: socket.socket, request: ReceivedRequest, stop: threading.Event) -> None:
        with lock:
            count["n"] += 1
            n = count["n"]
        extra = {"X-Attempt": str(n), **(headers or {})}
        json_reply(status, {**body, "attempt": n}, headers=extra)(conn, request, stop)

    return action


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
def test_429_retry_after_seconds_is_the_delay(request, serve, call, package, mode):
    pkg = request.getfixturevalue(package)
    op, body, check = CASES[package]
    server = serve(
        json_reply(429, {"error": "slow down"}, headers={"Retry-After": "3"}), json_reply(200, body)
    )
    out = call(pkg, mode, server.url, op)
    assert check(out.ok())
    assert out.sleeps == [3.0]
    assert len(server.requests) == 2
    assert server.requests[0].body == server.requests[1].body  # the same request, replayed


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
def test_429_retry_after_http_date_is_the_delay(request, monkeypatch, serve, call, package, mode):
    pkg = request.getfixturevalue(package)
    op, body, check = CASES[package]
    # the client's retry policy takes NOW as the current time: the date is 3 s after it
    base = pkg._base_client
    monkeypatch.setattr(base, "retry_delay", functools.partial(base.retry_delay, now=NOW))
    date = email.utils.formatdate(NOW + 3, usegmt=True)
    server = serve(
        json_reply(429, {"error": "slow down"}, headers={"Retry-After": date}),
        json_reply(200, body),
    )
    out = call(pkg, mode, server.url, op)
    assert check(out.ok())
    assert out.sleeps == [3.0]
    assert len(server.requests) == 2


@pytest.mark.parametrize("mode", MODES)
def test_503_then_success_for_the_idempotent_put(lead_management, serve, call, mode):
    server = serve(
        json_reply(503, {"error": "maintenance"}),
        json_reply(502, {"error": "bad gateway"}, headers={"Retry-After": "2"}),
        json_reply(200, LEAD_OK),
    )
    out = call(lead_management, mode, server.url, update_lead)
    result = out.ok()
    assert result.success is True and result.data.name == "Ada"
    assert len(out.sleeps) == 2
    assert BACKOFF_FIRST[0] <= out.sleeps[0] <= BACKOFF_FIRST[1]
    assert out.sleeps[1] == 2.0
    assert [r.method for r in server.requests] == ["PUT"] * 3
    assert len({r.body for r in server.requests}) == 1
    assert json.loads(server.requests[0].body) == {"name": "Ada", "status": "contacted"}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
def test_429_until_retries_run_out_raises_rate_limit_error_with_the_last_response(
    request, serve, call, package, mode
):
    pkg = request.getfixturevalue(package)
    op = CASES[package][0]
    errors = pkg._errors
    server = serve(numbered(429, {"error": "slow down"}, {"Retry-After": "1"}))
    out = call(pkg, mode, server.url, op)
    error = out.raised(errors.RateLimitError)
    assert error.status_code == 429
    assert error.response.headers["x-attempt"] == "3"  # the last of 1 + max_retries=2
    assert json.loads(error.body)["attempt"] == 3
    assert out.sleeps == [1.0, 1.0]
    assert len(server.requests) == 3


@pytest.mark.parametrize("mode", MODES)
def test_5xx_until_retries_run_out_raises_internal_server_error_with_the_last_response(
    lead_management, serve, call, mode
):
    server = serve(numbered(500, {"error": "boom"}))
    out = call(lead_management, mode, server.url, update_lead, max_retries=3)
    error = out.raised(lead_management.InternalServerError)
    assert error.status_code == 500
    assert error.response.headers["x-attempt"] == "4"
    assert error.parsed is None  # no schema is declared for 500
    assert len(out.sleeps) == 3 and len(server.requests) == 4


@pytest.mark.parametrize("mode", MODES)
def test_5xx_on_a_post_is_not_retried(inboxapp, serve, call, mode):
    server = serve(numbered(503, {"error": "maybe it was added"}), json_reply(200, ADD_OK))
    out = call(inboxapp, mode, server.url, add_leads)
    error = out.raised(inboxapp.InternalServerError)
    assert error.status_code == 503 and error.response.headers["x-attempt"] == "1"
    assert out.sleeps == [] and len(server.requests) == 1


HOSTILE_RETRY_AFTER = [
    ("-5", None),
    ("nan", None),
    ("inf", None),
    ("-inf", None),
    ("1e309", None),
    ("3601", None),  # over the 60 s cap: ignored
    ("99999999999999999999999999", None),
    ("", None),
    ("0x10", None),
    ("soon", None),
    ("Mon, 99 Foo 2024 99:99:99 GMT", None),
    ("Fri, 31 Dec 9999 23:59:59 GMT", None),  # far future: over the cap
    ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),  # in the past: retry at once
    ("0", 0.0),
    ("2.5", 2.5),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("value", "expected"), HOSTILE_RETRY_AFTER, ids=[v or "empty" for v, _ in HOSTILE_RETRY_AFTER]
)
def test_hostile_retry_after_values_give_a_bounded_delay(
    inboxapp, serve, call, mode, value, expected
):
    server = serve(
        reply(429, b"{}", headers={"Retry-After": value}),
        json_reply(200, ADD_OK),
    )
    out = call(inboxapp, mode, server.url, add_leads)
    out.ok()
    (delay,) = out.sleeps
    assert math.isfinite(delay) and 0.0 <= delay <= 60.0
    if expected is None:  # ignored: exponential backoff for the first retry
        assert BACKOFF_FIRST[0] <= delay <= BACKOFF_FIRST[1]
    else:
        assert delay == expected


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("value", ["nan", "-1", "inf", "1e400", "x"])
def test_hostile_retry_after_ms_values_fall_back_to_backoff(inboxapp, serve, call, mode, value):
    server = serve(reply(429, b"{}", headers={"retry-after-ms": value}), json_reply(200, ADD_OK))
    out = call(inboxapp, mode, server.url, add_leads)
    out.ok()
    (delay,) = out.sleeps
    assert BACKOFF_FIRST[0] <= delay <= BACKOFF_FIRST[1]
