"""The bearer token never shows up in exception text, reprs or logs, even when a
hostile server reflects the request's Authorization header back in its answer.

``call`` checks every error chain (str, repr, formatted traceback, including
``__cause__``/``__context__``) and the client/result reprs; the autouse
``log_leak_check`` checks every log record of the package loggers and httpx at
DEBUG. The tests below add servers that echo the token into the places a
client puts into messages.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

import pytest
from hostile_cases import LEAD_OK, add_leads, update_lead
from hostile_http import ReceivedRequest, closed_port, json_reply, raw
from hostile_support import MODES, SECRET, assert_error_clean, assert_no_leak

CASES = {"inboxapp": add_leads, "lead_management": update_lead}
MESSAGE_BODY_CHARS = 200  # status errors quote this much of the body


def echo(
    build: Callable[[str], bytes],
) -> Callable[[socket.socket, ReceivedRequest, threading.Event], None]:
    """An action that sends ``build(<the Authorization header it received>)``."""

    def action(conn: socket.socket, request: ReceivedRequest, stop: threading.Event) -> None:
        conn.sendall(build(request.headers.get("authorization", "")))

    return action


def response(
    status: int, body: str, *, content_type: str = "application/json", reason: str = "Oops"
) -> bytes:
    data = body.encode()
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
    ).encode() + data


def test_the_token_is_really_sent(lead_management, serve, call):
    server = serve(json_reply(200, LEAD_OK))
    call(lead_management, "sync", server.url, update_lead).ok()
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"


# where the body quote is cut: this many characters of the echoed "Bearer <token>" fit in it
CUT_INSIDE = [len("Bearer ") + n for n in (1, 8, 12, len(SECRET) - 1)] + [
    len("Bearer ") + len(SECRET)
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
@pytest.mark.parametrize("visible", CUT_INSIDE)
def test_token_echoed_in_an_error_body_is_redacted_wherever_the_quote_is_cut(
    request, serve, call, package, mode, visible
):
    pkg = request.getfixturevalue(package)
    pad = "x" * (MESSAGE_BODY_CHARS - visible)
    server = serve(echo(lambda auth: response(500, f"{pad}{auth} was rejected")))
    out = call(pkg, mode, server.url, CASES[package], max_retries=0)
    error = out.raised(pkg.InternalServerError)
    assert SECRET in error.text  # the body itself is data, kept as received
    assert_error_clean(error)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
def test_token_echoed_in_a_429_body_is_redacted_after_retries(request, serve, call, package, mode):
    pkg = request.getfixturevalue(package)
    server = serve(echo(lambda auth: response(429, f'{{"error": "rate limited: {auth}"}}')))
    out = call(pkg, mode, server.url, CASES[package])
    error = out.raised(pkg.RateLimitError)
    assert "***" in str(error) and len(server.requests) == 3


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
def test_token_echoed_in_a_malformed_header_line(request, serve, call, package, mode):
    """h11 quotes the offending line in its error; the chain under APIConnectionError must not show it."""
    pkg = request.getfixturevalue(package)
    server = serve(echo(lambda auth: f"HTTP/1.1 200 OK\r\nX-Echo {auth}\r\n\r\n".encode()))
    out = call(pkg, mode, server.url, CASES[package], max_retries=0)
    out.raised(pkg.APIConnectionError)  # call() has checked the whole chain


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
def test_token_echoed_in_a_malformed_status_line(request, serve, call, package, mode):
    pkg = request.getfixturevalue(package)
    server = serve(echo(lambda auth: f"HTTP/1.1 2x0 {auth}\r\n\r\n".encode()))
    out = call(pkg, mode, server.url, CASES[package], max_retries=0)
    out.raised(pkg.APIConnectionError)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
def test_token_echoed_in_the_content_type_of_a_200(request, serve, call, package, mode):
    pkg = request.getfixturevalue(package)
    server = serve(echo(lambda auth: response(200, "{}", content_type=f"text/plain; echo={auth}")))
    out = call(pkg, mode, server.url, CASES[package])
    out.raised(pkg.ResponseValidationError)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
def test_token_echoed_in_the_reason_phrase(
    request, serve, call, package, mode, httpx_logs_reason_phrase
):
    pkg = request.getfixturevalue(package)
    server = serve(echo(lambda auth: response(503, "{}", reason=f"Unavailable for {auth}")))
    out = call(pkg, mode, server.url, CASES[package], max_retries=0)
    error = out.raised(pkg.InternalServerError)
    assert "***" in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_reprs_along_a_retried_raw_response_call(lead_management, serve, call, mode, caplog):
    server = serve(
        json_reply(503, {"error": "x"}),
        raw(b"HTTP/1.1 200 OK\r\nContent-Le"),
        json_reply(200, LEAD_OK),
    )
    out = call(
        lead_management,
        mode,
        server.url,
        lambda c: c.leads.with_raw_response.update("lead_1", name="Ada"),
    )
    raw_response = out.ok()
    assert raw_response.status_code == 200
    for text in (
        repr(raw_response),
        repr(raw_response.http_response),
        repr(raw_response.http_response.request),
        repr(raw_response.http_response.request.headers),
        repr(raw_response.parsed),
    ):
        assert_no_leak(text, "a repr of the raw response")
    assert len(server.requests) == 3
    package_records = [r for r in caplog.records if r.name == "lead_management"]
    # one DEBUG line per attempt (checked for leaks by the fixture)
    assert len(package_records) == 3


@pytest.mark.parametrize("mode", MODES)
def test_client_repr_and_connection_error_text(inboxapp, call, mode):
    out = call(inboxapp, mode, f"http://127.0.0.1:{closed_port()}", add_leads, max_retries=1)
    error = out.raised(inboxapp.APIConnectionError)
    assert error.__cause__ is not None  # the httpx error stays attached for debugging
    client = inboxapp.Client(base_url="http://127.0.0.1:1", token=SECRET)
    try:
        assert_no_leak(repr(client), "repr(Client)")
        assert_no_leak(str(vars(client).get("_headers")), "the client's default headers")
    finally:
        client.close()
