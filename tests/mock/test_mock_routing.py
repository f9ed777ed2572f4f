"""Routing: path templates, server prefixes, 404 versus 405 with Allow."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from leadgen.mock.app import MockApp
from leadgen.mock.messages import MockRequest
from leadgen.mock.routes import Match, Router, server_prefixes
from leadgen.mock.testing import MockServerFactory, load_app
from leadgen.model.ir import Operation, Server, ServerVariable

from tests.mock.calls import TOKEN
from tests.mock.conftest import SPECS


def op(method: str, path: str) -> Operation:
    return Operation(
        operation_id=f"{method}{path}", py_name="x", method=method, path=path, pointer=""
    )


ROUTER = Router(
    [
        op("GET", "/users/{id}"),
        op("DELETE", "/users/{id}"),
        op("GET", "/users/me"),
        op("GET", "/files/{name}.{ext}"),
        op("GET", "/"),
        op("POST", "/users"),
    ],
    ("/api/v1",),
)


def test_literal_segments_win_over_templates() -> None:
    found = ROUTER.find("GET", "/users/me")
    assert (
        isinstance(found, Match) and found.operation.path == "/users/me" and found.path_params == {}
    )
    found = ROUTER.find("GET", "/users/42")
    assert isinstance(found, Match) and found.path_params == {"id": "42"}


def test_parameters_match_one_segment_percent_decoded() -> None:
    found = ROUTER.find("GET", "/users/a%2Fb%20c")
    assert isinstance(found, Match) and found.path_params == {"id": "a/b c"}
    assert ROUTER.find("GET", "/users/a/b") is None
    assert ROUTER.find("GET", "/users/") is None  # an empty segment is no value


def test_several_parameters_in_one_segment() -> None:
    found = ROUTER.find("GET", "/files/report.tar.gz")
    assert isinstance(found, Match) and found.path_params == {"name": "report", "ext": "tar.gz"}


def test_known_path_with_another_method_lists_the_allowed_ones() -> None:
    assert ROUTER.find("PUT", "/users/42") == ("DELETE", "GET")
    assert ROUTER.find("GET", "/nowhere") is None


def test_head_is_served_by_get() -> None:
    found = ROUTER.find("HEAD", "/users/42")
    assert isinstance(found, Match) and found.operation.method == "GET"


def test_prefix_is_optional() -> None:
    for path in ("/api/v1/users/me", "/users/me"):
        found = ROUTER.find("GET", path)
        assert isinstance(found, Match) and found.operation.path == "/users/me"
    root = ROUTER.find("GET", "/api/v1")
    assert isinstance(root, Match) and root.operation.path == "/"
    assert ROUTER.find("GET", "/api/v1x/users/me") is None


def test_server_prefixes_from_urls_and_variables(tiny_spec: Path) -> None:
    assert server_prefixes([Server("https://inboxapp.com/api/v1/")]) == ("/api/v1",)
    assert server_prefixes([Server("https://app.puffle.ai")]) == ()
    variable = ServerVariable("base", "base", "https://h.example/v3")
    assert server_prefixes([Server("{base}/x", variables=(variable,))]) == ("/v3/x",)
    assert load_app(SPECS / "lead-management.yaml").router.prefixes == ()
    assert load_app(tiny_spec).router.prefixes == ("/tiny/v2",)


def handle(app: MockApp, method: str, target: str) -> tuple[int, dict[str, str]]:
    reply = app.handle(MockRequest(method, target, tuple(TOKEN.items())))
    return reply.status, dict(reply.headers)


@pytest.mark.parametrize("prefix", ["/api/v1", ""])
def test_inboxapp_served_with_and_without_its_server_prefix(
    mock_server_factory: MockServerFactory, http: httpx.Client, prefix: str
) -> None:
    server = mock_server_factory(SPECS / "inboxapp.yaml")
    response = http.post(
        f"{server.url}{prefix}/campaigns/v2/abc/leads", json={"usernames": ["jack"]}, headers=TOKEN
    )
    assert response.status_code == 200
    assert response.json()["added"] == 4503599627370495


def test_unknown_path_is_404_and_wrong_method_is_405_with_allow(
    mock_server_factory: MockServerFactory, http: httpx.Client
) -> None:
    server = mock_server_factory(SPECS / "inboxapp.yaml")
    missing = http.get(f"{server.url}/api/v1/nothing/here", headers=TOKEN)
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["location"] == "path"
    wrong = http.get(f"{server.url}/api/v1/campaigns/v2/abc/leads", headers=TOKEN)
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == "POST"
    assert wrong.json()["errors"][0]["rule"] == "method"


def test_lead_management_path_carries_its_own_prefix(tiny_spec: Path) -> None:
    app = load_app(SPECS / "lead-management.yaml")
    assert handle(app, "DELETE", "/api/v1/leads/lead_1")[0] == 405
    assert handle(app, "PUT", "/leads/lead_1")[0] == 404
    tiny = load_app(tiny_spec)
    assert handle(tiny, "GET", "/tiny/v2/things/mine")[0] == 200
    assert handle(tiny, "GET", "/things/mine")[0] == 200
    status, headers = handle(tiny, "PATCH", "/tiny/v2/things/t-1")
    assert (status, headers["Allow"]) == (405, "DELETE, GET")


def test_head_answers_like_get_without_the_body(
    mock_server_factory: MockServerFactory, http: httpx.Client, tiny_spec: Path
) -> None:
    server = mock_server_factory(tiny_spec)
    response = http.head(server.url + "/tiny/v2/things/mine")
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-length"] == str(len(b'["mine"]'))
    again = http.get(server.url + "/tiny/v2/things/mine")  # the connection is still in step
    assert again.json() == ["mine"]


def test_double_slash_is_a_path_not_a_host(tiny_spec: Path) -> None:
    assert handle(load_app(tiny_spec), "GET", "//things/mine")[0] == 404
    assert handle(load_app(tiny_spec), "GET", "http://localhost/tiny/v2/things/mine")[0] == 200
