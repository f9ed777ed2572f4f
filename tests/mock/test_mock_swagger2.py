"""Swagger 2.0 specs are served as converted: basePath, produces, consumes and examples."""

from __future__ import annotations

import httpx
from leadgen.mock.testing import MockServerFactory

from tests.mock.conftest import ROOT

PETSTORE = ROOT / "tests" / "fixtures" / "mock" / "swagger2-petstore.yaml"
KEY = {"api_key": "k"}


def test_base_path_routes_and_examples_per_media_type_are_served(
    mock_server_factory: MockServerFactory, http: httpx.Client
) -> None:
    server = mock_server_factory(PETSTORE)
    listed = http.get(server.url + "/api/v2/pets")
    assert listed.status_code == 200
    assert listed.headers["content-type"] == "application/json"
    assert listed.json() == [
        {"id": 1, "name": "Rex", "tag": "dog"},
        {"id": 2, "name": "Tom", "tag": "cat"},
    ]
    one = http.get(server.url + "/api/v2/pets/7")
    assert one.json() == {"id": 7, "name": "Rex", "tag": "dog"}
    xml = http.get(server.url + "/api/v2/pets/7", headers={"Accept": "application/xml"})
    assert (xml.status_code, xml.headers["content-type"]) == (200, "application/xml")


def test_consumes_and_the_body_schema_are_checked(
    mock_server_factory: MockServerFactory, http: httpx.Client
) -> None:
    server = mock_server_factory(PETSTORE)
    created = http.post(server.url + "/api/v2/pets", json={"name": "Rex"}, headers=KEY)
    assert created.status_code == 200 and created.json()["name"]
    invalid = http.post(server.url + "/api/v2/pets", json={"tag": "x"}, headers=KEY)
    # the operation documents `default` with ErrorModel: the error follows it
    assert invalid.status_code == 400
    assert set(invalid.json()) == {"code", "message"}
    assert "'name' is a required property" in invalid.json()["message"]
    assert "body./name [required]" in invalid.headers["x-leadgen-problem"]
    wrong_type = http.post(
        server.url + "/api/v2/pets",
        content=b"name=Rex",
        headers={**KEY, "Content-Type": "text/plain"},
    )
    assert wrong_type.status_code == 415


def test_a_bodiless_response_carries_the_produces_type(
    mock_server_factory: MockServerFactory, http: httpx.Client
) -> None:
    server = mock_server_factory(PETSTORE)
    deleted = http.delete(server.url + "/api/v2/pets/7", headers=KEY)
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert deleted.headers["content-type"] == "application/json"
