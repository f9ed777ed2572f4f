"""Request validation: parameters and JSON bodies, answered 400 (or the spec's 422)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from leadgen.mock.app import MockApp
from leadgen.mock.messages import MockRequest
from leadgen.mock.testing import MockServerFactory, load_app

from tests.mock.calls import TOKEN
from tests.mock.conftest import SPECS

INBOX_LEADS = "/api/v1/campaigns/v2/abc123/leads"
KEY = {"X-API-Key": "k"}


def errors(response: httpx.Response) -> list[tuple[str, str]]:
    """(location, rule) of each violation: from the problem document, else the header."""
    if response.headers["content-type"] == "application/problem+json":
        return [(e["location"], e["rule"]) for e in response.json()["errors"]]
    return violations(response.headers["x-leadgen-problem"])


def violations(header: str) -> list[tuple[str, str]]:
    """(location, rule) of each `location [rule]: message` of an X-Leadgen-Problem header."""
    found = []
    for part in header.split("; "):
        head = part.split(": ", 1)[0]
        location, _, rule = head.partition(" [")
        found.append((location, rule.rstrip("]")))
    return found


@pytest.fixture
def inbox(mock_server_factory: MockServerFactory, http: httpx.Client) -> Iterator[httpx.Client]:
    server = mock_server_factory(SPECS / "inboxapp.yaml")
    http.base_url = httpx.URL(server.url)
    http.headers.update(TOKEN)
    yield http


def test_2001_platform_ids_break_max_items(inbox: httpx.Client) -> None:
    response = inbox.post(INBOX_LEADS, json={"platformIds": [str(i) for i in range(2001)]})
    assert response.status_code == 400
    assert errors(response) == [("body./platformIds", "maxItems")]
    assert "2001" in response.json()["errors"][0]["message"]
    assert (
        inbox.post(INBOX_LEADS, json={"platformIds": [str(i) for i in range(2000)]}).status_code
        == 200
    )


def test_bad_enum_and_unknown_field_are_each_named(inbox: httpx.Client) -> None:
    response = inbox.post(INBOX_LEADS, json={"platform": "myspace", "usernames": ["a"], "extra": 1})
    assert response.status_code == 400
    assert errors(response) == [("body./extra", "additionalProperties"), ("body./platform", "enum")]


def test_missing_required_field_names_the_field(inbox: httpx.Client) -> None:
    response = inbox.patch("/api/v1/lists/abc/leads/44196397", json={})
    assert response.status_code == 400
    assert errors(response) == [("body./data", "required")]
    assert "'data'" in response.json()["errors"][0]["message"]


def test_nested_violation_location(inbox: httpx.Client) -> None:
    response = inbox.post(
        INBOX_LEADS, json={"leads": [{"platformId": "1"}, {"platform": "twitter"}]}
    )
    assert response.status_code == 400
    assert errors(response) == [("body./leads/1", "anyOf")]


def test_malformed_json_is_400(inbox: httpx.Client) -> None:
    response = inbox.post(
        INBOX_LEADS, content=b'{"platformIds": [', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert errors(response) == [("body", "json")]


def test_missing_required_body_is_400(inbox: httpx.Client) -> None:
    response = inbox.post(INBOX_LEADS)
    assert response.status_code == 400
    assert errors(response) == [("body", "required")]


def test_body_must_be_sent_as_json(inbox: httpx.Client) -> None:
    response = inbox.post(
        INBOX_LEADS, content=b'{"usernames": ["a"]}', headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 415
    assert errors(response) == [("header.Content-Type", "contentType")]
    vendor = inbox.post(
        INBOX_LEADS,
        content=b'{"usernames": ["a"]}',
        headers={"Content-Type": "application/vnd.api+json; charset=utf-8"},
    )
    assert vendor.status_code == 200


def test_chunked_body_is_read(inbox: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"usernames": '
        yield b'["jack"], "platform": "nope"}'

    response = inbox.post(
        INBOX_LEADS, content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert errors(response) == [("body./platform", "enum")]


def test_path_parameter_pattern(inbox: httpx.Client) -> None:
    response = inbox.patch("/api/v1/campaigns/v2/NOT_LOWER/leads/44196397", json={"data": {}})
    assert response.status_code == 400
    assert errors(response) == [("path.campaignId", "pattern")]


UUID_PATH_SPEC = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /things/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
      responses:
        "204": {description: ok}
"""


def test_path_parameter_format(
    mock_server_factory: MockServerFactory, http: httpx.Client, tmp_path: Path
) -> None:
    spec = tmp_path / "uuid-path.yaml"
    spec.write_text(UUID_PATH_SPEC, encoding="utf-8")
    server = mock_server_factory(spec)
    response = http.get(f"{server.url}/things/not-a-uuid")
    assert response.status_code == 400
    assert errors(response) == [("path.id", "format")]
    assert http.get(f"{server.url}/things/3c90c3cc-0d44-4b50-8888-8dd25736052a").is_success


def call(
    app: MockApp,
    target: str,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: Any = None,
) -> tuple[int, list[tuple[str, str]]]:
    sent = {**KEY, **(headers or {})}
    raw = b""
    if body is not None:
        raw = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    reply = app.handle(MockRequest(method, target, tuple(sent.items()), raw))
    problem = dict(reply.headers).get("X-Leadgen-Problem")
    return reply.status, violations(problem) if problem else []


@pytest.fixture
def tiny(tiny_spec: Path) -> MockApp:
    return load_app(tiny_spec)


def test_query_min_length_and_required(tiny: MockApp) -> None:
    assert call(tiny, "/things?q=abc") == (200, [])
    assert call(tiny, "/things?q=ab") == (400, [("query.q", "minLength")])
    assert call(tiny, "/things") == (400, [("query.q", "required")])


def test_query_values_become_their_schema_type(tiny: MockApp) -> None:
    assert call(tiny, "/things?q=abc&limit=5&ids=1&ids=2") == (200, [])
    assert call(tiny, "/things?q=abc&ids=1,2") == (200, [])
    assert call(tiny, "/things?q=abc&limit=x") == (400, [("query.limit", "type")])
    assert call(tiny, "/things?q=abc&limit=51") == (400, [("query.limit", "maximum")])
    assert call(tiny, "/things?q=abc&ids=1&ids=x") == (400, [("query.ids/1", "type")])


def test_query_parameter_with_json_content(tiny: MockApp) -> None:
    assert call(tiny, '/things?q=abc&filter={"kind":"small"}') == (200, [])
    assert call(tiny, '/things?q=abc&filter={"kind":"huge"}') == (
        400,
        [("query.filter/kind", "enum")],
    )
    assert call(tiny, "/things?q=abc&filter=plain") == (400, [("query.filter", "type")])


def test_header_parameter_pattern(tiny: MockApp) -> None:
    assert call(tiny, "/things?q=abc", {"X-Trace": "0123abcd"}) == (200, [])
    assert call(tiny, "/things?q=abc", {"x-trace": "nope"}) == (
        400,
        [("header.X-Trace", "pattern")],
    )


def test_every_violation_is_listed(tiny: MockApp) -> None:
    status, found = call(tiny, "/things?q=a&limit=0", {"X-Trace": "z"})
    assert status == 400
    assert found == [
        ("header.X-Trace", "pattern"),
        ("query.limit", "minimum"),
        ("query.q", "minLength"),
    ]


def test_declared_422_is_used_for_invalid_requests(tiny: MockApp) -> None:
    status, found = call(tiny, "/things", method="POST", body={"name": "x", "kind": "huge"})
    assert status == 422
    assert found == [("body./kind", "enum"), ("body./name", "minLength")]
    assert call(tiny, "/things", method="POST", body={"name": "xy", "kind": "small"})[0] == 201


def test_declared_400_schema_still_gets_400(
    mock_server_factory: MockServerFactory, http: httpx.Client
) -> None:
    server = mock_server_factory(SPECS / "lead-management.yaml")
    response = http.put(
        f"{server.url}/api/v1/leads/lead_1", json={"status": "invalid_status"}, headers=TOKEN
    )
    assert response.status_code == 400
    assert errors(response) == [("body./status", "enum")]
