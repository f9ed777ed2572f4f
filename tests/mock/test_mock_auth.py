"""Declared security: no or an empty credential is 401, with the spec's 401 body if declared."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import httpx
import pytest
from leadgen.mock.app import MockApp
from leadgen.mock.messages import MockRequest
from leadgen.mock.testing import MockServerFactory, load_app

from tests.mock.conftest import SPECS

LEADS = "/api/v1/campaigns/v2/abc/leads"


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Basic dTpw", "Token abc"])
def test_missing_or_empty_bearer_token_is_401(
    mock_server_factory: MockServerFactory, http: httpx.Client, authorization: str | None
) -> None:
    server = mock_server_factory(SPECS / "inboxapp.yaml")
    headers = {} if authorization is None else {"Authorization": authorization}
    response = http.post(server.url + LEADS, json={"usernames": ["jack"]}, headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"  # 401 not declared
    problem = response.json()
    assert (problem["status"], problem["title"]) == (401, "Unauthorized")
    assert [e["rule"] for e in problem["errors"]] == ["security"]
    assert response.headers["www-authenticate"] == "Bearer"
    assert "credentials" in response.headers["x-leadgen-problem"]


def test_credentials_are_checked_before_the_body(
    mock_server_factory: MockServerFactory, http: httpx.Client
) -> None:
    server = mock_server_factory(SPECS / "inboxapp.yaml")
    assert http.post(server.url + LEADS, content=b"{oops").status_code == 401
    authorised = http.post(
        server.url + LEADS, json={"usernames": ["jack"]}, headers={"authorization": "bearer t"}
    )
    assert authorised.status_code == 200


def handle(
    app: MockApp, method: str, target: str, headers: dict[str, str]
) -> tuple[int, bytes, dict[str, str]]:
    reply = app.handle(MockRequest(method, target, tuple(headers.items())))
    return reply.status, reply.body, dict(reply.headers)


@pytest.fixture
def tiny(tiny_spec: Path) -> MockApp:
    return load_app(tiny_spec)


def test_declared_401_body_is_sent(tiny: MockApp) -> None:
    status, body, headers = handle(tiny, "GET", "/things?q=abc", {})
    # the declared example, with the mock's explanation as its message
    explanation = "credentials [security]: missing or unusable credentials"
    assert (status, json.loads(body)) == (401, {"message": explanation, "code": 401})
    assert headers["X-Leadgen-Problem"] == explanation
    assert handle(tiny, "GET", "/things?q=abc", {"X-API-Key": " "})[0] == 401
    assert handle(tiny, "GET", "/things?q=abc", {"x-api-key": "k"})[0] == 200


def test_operation_without_security_needs_nothing(tiny: MockApp) -> None:
    assert handle(tiny, "GET", "/things/mine", {})[:2] == (200, b'["mine"]')


def test_basic_scheme(tiny: MockApp) -> None:
    status, body, headers = handle(tiny, "DELETE", "/things/t-1", {"X-API-Key": "k"})
    # DELETE documents only 204: the 401 is a problem document
    assert (status, json.loads(body)["status"], headers["WWW-Authenticate"]) == (
        401,
        401,
        'Basic realm="leadgen mock"',
    )
    assert handle(tiny, "DELETE", "/things/t-1", {"Authorization": "Basic !!"})[0] == 401
    good = "Basic " + base64.b64encode(b"user:pass").decode()
    assert handle(tiny, "DELETE", "/things/t-1", {"Authorization": good})[:2] == (204, b"")


def test_bearer_scheme_of_one_operation(tiny: MockApp) -> None:
    assert handle(tiny, "GET", "/bearer", {"X-API-Key": "k"})[0] == 401
    assert handle(tiny, "GET", "/bearer", {"Authorization": "Bearer t"})[:2] == (
        200,
        b'{"ok": true}',
    )
