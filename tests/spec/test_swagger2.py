"""Swagger 2.0 input: converted in memory to OpenAPI 3, then generated like any spec."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from leadgen.spec.swagger2 import convert

from tests.features.generated_package import generate_and_import

SPEC = Path(__file__).resolve().parent.parent / "fixtures" / "swagger2" / "petshop.yaml"


@pytest.fixture(scope="module")
def converted() -> dict[str, Any]:
    document, warnings = convert(yaml.safe_load(SPEC.read_text()))
    assert warnings == []
    return document


def test_the_result_is_a_valid_openapi_3_document(converted: dict[str, Any]) -> None:
    from openapi_spec_validator import OpenAPIV30SpecValidator

    assert list(OpenAPIV30SpecValidator(converted).iter_errors()) == []


def test_host_base_path_and_schemes_become_servers_https_first(converted: dict[str, Any]) -> None:
    assert converted["servers"] == [
        {"url": "https://shop.example.com/v1"},
        {"url": "http://shop.example.com/v1"},
    ]


def test_base_path_produces_and_examples_per_media_type() -> None:
    document, warnings = convert(
        {
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "basePath": "/api/v2",
            "produces": ["application/json"],
            "paths": {
                "/pets": {
                    "get": {
                        "produces": ["application/json", "application/xml"],
                        "responses": {
                            "200": {
                                "description": "pets",
                                "schema": {"type": "array", "items": {"type": "string"}},
                                "examples": {"application/json": ["rex"]},
                            },
                            "404": {
                                "description": "an example without a schema",
                                "examples": {"text/plain": "no such pet"},
                            },
                        },
                    },
                },
            },
        }
    )
    assert warnings == []
    assert document["servers"] == [{"url": "/api/v2"}]
    responses = document["paths"]["/pets"]["get"]["responses"]
    schema = {"type": "array", "items": {"type": "string"}}
    assert responses["200"]["content"] == {
        "application/json": {"schema": schema, "example": ["rex"]},
        "application/xml": {"schema": schema},
    }
    assert responses["404"]["content"] == {"text/plain": {"example": "no such pet"}}


def test_definitions_and_refs_move_to_components(converted: dict[str, Any]) -> None:
    assert set(converted["components"]["schemas"]) == {"Pet", "Error"}
    nickname = converted["components"]["schemas"]["Pet"]["properties"]["nickname"]
    assert nickname == {"type": "string", "nullable": True}
    get = converted["paths"]["/pets"]["get"]
    assert get["parameters"][0] == {"$ref": "#/components/parameters/limit"}
    items = get["responses"]["200"]["content"]["application/json"]["schema"]["items"]
    assert items == {"$ref": "#/components/schemas/Pet"}


def test_a_shared_body_parameter_becomes_a_request_body(converted: dict[str, Any]) -> None:
    post = converted["paths"]["/pets"]["post"]
    assert post["requestBody"] == {"$ref": "#/components/requestBodies/petBody"}
    body = converted["components"]["requestBodies"]["petBody"]
    assert body["required"] is True
    assert body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Pet"}


def test_form_data_with_a_file_becomes_multipart(converted: dict[str, Any]) -> None:
    upload = converted["paths"]["/pets/{petId}/photo"]["post"]
    schema = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}
    assert schema["required"] == ["file"]
    assert upload["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}


def test_collection_format_and_security(converted: dict[str, Any]) -> None:
    tags = converted["paths"]["/pets"]["get"]["parameters"][1]
    assert (tags["style"], tags["explode"]) == ("form", False)
    assert converted["components"]["securitySchemes"] == {
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
        "basic": {"type": "http", "scheme": "basic"},
    }


def test_unmappable_collection_format_is_reported() -> None:
    data = yaml.safe_load(SPEC.read_text())
    data["paths"]["/pets"]["get"]["parameters"][1]["collectionFormat"] = "tsv"
    converted, warnings = convert(data)
    tags = converted["paths"]["/pets"]["get"]["parameters"][1]
    assert (tags["style"], warnings) == ("tabDelimited", [])  # the runtime knows tabs
    data["paths"]["/pets"]["get"]["parameters"][1]["in"] = "header"
    data["paths"]["/pets"]["get"]["parameters"][1]["collectionFormat"] = "pipes"
    _, warnings = convert(data)
    assert (
        len(warnings) == 1
        and "pipes" in warnings[0]
        and "/paths/~1pets/get/parameters/1" in warnings[0]
    )


def test_generated_client_works_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADGEN_CACHE_DIR", str(tmp_path / "cache"))
    shop = generate_and_import(SPEC, tmp_path / "out")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "GET":
            return httpx.Response(200, json=[{"id": 1, "name": "Rex", "nickname": None}])
        return httpx.Response(201, json={"id": 2, "name": json.loads(request.content)["name"]})

    monkeypatch.delenv("PETSHOP_BASE_URL", raising=False)
    with pytest.raises(ValueError, match="placeholder"):
        shop.Client(api_key="k")  # shop.example.com is no default
    monkeypatch.setenv("PETSHOP_BASE_URL", "https://shop.example.com/v1")
    client = shop.Client(
        api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    (pet,) = client.pets.list(limit=5, tags=["a", "b"])
    assert pet.name == "Rex" and pet.nickname is None
    created = client.pets.create(name="Tom")
    assert created.id == 2
    assert str(seen[0].url) == "https://shop.example.com/v1/pets?limit=5&tags=a%2Cb"
    assert seen[0].headers["X-Key"] == "k"
    basic = shop.Client(
        basic_auth=("u", "p"), http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    basic.pets.list()
    assert seen[-1].headers["Authorization"] == "Basic " + base64.b64encode(b"u:p").decode()
