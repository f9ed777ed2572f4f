"""Responses: examples verbatim, `Prefer` code and example, bodies synthesised from schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import yaml
from leadgen.mock.app import MockApp
from leadgen.mock.messages import MockRequest
from leadgen.mock.schemas import SchemaBook
from leadgen.mock.synth import Synthesizer
from leadgen.mock.testing import MockServerFactory, load_app
from leadgen.spec.validate import iter_operations
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.mock.calls import TOKEN, valid_call
from tests.mock.conftest import SPECS

SHIPPED = sorted(p for p in SPECS.glob("*.yaml") if not p.name.startswith("."))


def spec_operations() -> list[tuple[Path, str, str]]:
    found = []
    for spec in SHIPPED:
        data = yaml.safe_load(spec.read_text(encoding="utf-8"))
        found += [(spec, method, path) for _, method, path, _ in iter_operations(data)]
    return found


def success_example(spec: Path, method: str, path: str) -> Any:
    """The first documented example of the operation's 200 response, read straight from the YAML."""
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    media = data["paths"][path][method]["responses"]["200"]["content"]["application/json"]
    return (
        media["example"] if "example" in media else next(iter(media["examples"].values()))["value"]
    )


@pytest.mark.parametrize(
    ("spec", "method", "path"),
    spec_operations(),
    ids=lambda v: v.name if isinstance(v, Path) else str(v),
)
def test_success_example_is_returned_verbatim(
    mock_server_factory: MockServerFactory, http: httpx.Client, spec: Path, method: str, path: str
) -> None:
    server = mock_server_factory(spec)
    app = load_app(spec)
    op = next(o for o in app.api.operations if o.method == method.upper() and o.path == path)
    call = valid_call(app, op)
    response = http.request(
        call.method, server.url + call.path, json=call.body, headers=call.headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == success_example(spec, method, path)


def test_every_shipped_operation_is_covered() -> None:
    assert len(spec_operations()) == 5


def validator_for(spec_data: dict[str, Any], pointer: str) -> OAS31Validator:
    registry: Registry = Registry().with_resource(
        "urn:test", Resource.from_contents(spec_data, default_specification=DRAFT202012)
    )
    return OAS31Validator(
        {"$ref": "urn:test#" + quote(pointer, safe="/~")},
        registry=registry,
        format_checker=oas31_format_checker,
    )


@pytest.mark.parametrize(
    ("method", "target", "body", "status", "schema_at"),
    [
        (
            "GET",
            "/things?q=abc",
            None,
            200,
            "/paths/~1things/get/responses/200/content/application~1json/schema",
        ),
        (
            "POST",
            "/things",
            {"name": "xy", "kind": "small"},
            201,
            "/paths/~1things/post/responses/201/content/application~1json/schema",
        ),
    ],
)
def test_synthesised_body_validates_against_the_schema(
    mock_server_factory: MockServerFactory,
    http: httpx.Client,
    tiny_spec: Path,
    method: str,
    target: str,
    body: Any,
    status: int,
    schema_at: str,
) -> None:
    server = mock_server_factory(tiny_spec)
    response = http.request(
        method, server.url + "/tiny/v2" + target, json=body, headers={"X-API-Key": "k"}
    )
    assert response.status_code == status
    value = response.json()
    data = yaml.safe_load(tiny_spec.read_text(encoding="utf-8"))
    assert list(validator_for(data, schema_at).iter_errors(value)) == []
    thing = value[0] if isinstance(value, list) else value
    assert {"id", "createdAt", "name", "kind"} <= set(thing)  # read-only and optional fields too


def prefer(
    app: MockApp, method: str, target: str, preference: str, body: Any = None
) -> tuple[int, Any]:
    headers = {**TOKEN, "X-API-Key": "k", "Prefer": preference, "Content-Type": "application/json"}
    raw = json.dumps(body).encode() if body is not None else b""
    reply = app.handle(MockRequest(method, target, tuple(headers.items()), raw))
    return reply.status, json.loads(reply.body) if reply.body else None


@pytest.fixture
def tiny(tiny_spec: Path) -> MockApp:
    return load_app(tiny_spec)


def test_prefer_code_selects_a_documented_example() -> None:
    app = load_app(SPECS / "lead-management.yaml")
    status, body = prefer(app, "PUT", "/api/v1/leads/lead_1", "code=409", {"status": "new"})
    assert status == 409 and body["code"] == "DUPLICATE_EMAIL"
    status, body = prefer(app, "PUT", "/api/v1/leads/lead_1", "code=400", {"status": "new"})
    assert status == 400 and body["details"]["field"] == "status"


def test_prefer_code_without_example_synthesises_a_valid_body() -> None:
    app = load_app(SPECS / "lead-management.yaml")
    status, body = prefer(app, "PUT", "/api/v1/leads/lead_1", "code=404", {"status": "new"})
    assert status == 404
    assert app.book.errors("/components/schemas/ErrorResponse", body) == []
    assert body["success"] is False


def test_prefer_code_served_by_a_status_range(tiny: MockApp) -> None:
    status, body = prefer(tiny, "GET", "/things/t-1", "code=404")
    assert status == 404 and set(body) == {"message", "code"}


def test_prefer_example_by_name(tiny: MockApp) -> None:
    assert prefer(tiny, "GET", "/things/t-1", "")[1]["name"] == "pebble"
    assert prefer(tiny, "GET", "/things/t-1", "example=large")[1]["name"] == "boulder"
    status, body = prefer(tiny, "GET", "/things/t-1", 'code=200; example="large"')
    assert (status, body["kind"]) == (200, "large")


def test_prefer_code_and_example_together() -> None:
    app = load_app(SPECS / "lead-management.yaml")
    status, body = prefer(
        app, "PUT", "/api/v1/leads/lead_1", "code=400, example=invalidStatus", {"status": "new"}
    )
    assert status == 400 and body["code"] == "VALIDATION_ERROR"


@pytest.mark.parametrize(
    ("preference", "words"),
    [
        ("dynamic=yes", "unknown preference 'dynamic=yes'"),
        ("code=abc", "unknown preference 'code=abc'"),
        ("code=500", "documents no 500 response (documented: 200, 4XX)"),
        ("example=huge", "has no example 'huge' (small, large)"),
        ("code=404, example=small", "has no example 'small' (it has no named examples)"),
    ],
)
def test_unknown_preference_is_400_explaining_it(
    tiny: MockApp, preference: str, words: str
) -> None:
    status, body = prefer(tiny, "GET", "/things/t-1", preference)
    assert status == 400
    # the operation documents 4XX with the Error schema: the explanation is its message
    assert set(body) == {"message", "code"} and body["message"].startswith(
        "header.Prefer [prefer]: "
    )
    assert words in body["message"]


def test_no_content_response_has_no_body(tiny: MockApp) -> None:
    reply = tiny.handle(MockRequest("DELETE", "/things/t-1", (("Authorization", "Basic dTpw"),)))
    assert (reply.status, reply.body) == (204, b"")
    assert not any(name.lower() == "content-type" for name, _ in reply.headers)


def synthesise(schemas: dict[str, Any], name: str, version: str = "3.1.0") -> Any:
    book = SchemaBook({"openapi": version, "components": {"schemas": schemas}})
    value = Synthesizer(book).value(f"/components/schemas/{name}")
    assert book.errors(f"/components/schemas/{name}", value) == []
    return value


def test_synthesis_meets_numeric_and_string_rules() -> None:
    value = synthesise(
        {
            "N": {
                "type": "object",
                "required": ["a", "b", "c", "d", "e"],
                "properties": {
                    "a": {"type": "integer", "minimum": 10, "multipleOf": 4},
                    "b": {"type": "number", "exclusiveMaximum": 0},
                    "c": {"type": "string", "minLength": 9, "pattern": "^[a-z]+$"},
                    "d": {"type": "string", "format": "email"},
                    "e": {
                        "type": "array",
                        "minItems": 3,
                        "uniqueItems": True,
                        "items": {"type": "string"},
                    },
                },
            }
        },
        "N",
    )
    assert value["a"] == 12 and value["b"] < 0 and len(value["c"]) >= 9


def test_synthesis_names_the_discriminated_variant() -> None:
    schemas = {
        "Pet": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {
                "propertyName": "kind",
                "mapping": {"dog": "#/components/schemas/Dog"},
            },
        },
        "Cat": {
            "type": "object",
            "required": ["kind", "lives"],
            "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}},
        },
        "Dog": {
            "type": "object",
            "required": ["kind", "good"],
            "properties": {"kind": {"type": "string"}, "good": {"type": "boolean"}},
        },
    }
    assert synthesise(schemas, "Pet", "3.0.3")["kind"] == "Cat"


def test_synthesis_ends_on_recursive_schemas() -> None:
    schemas = {
        "Node": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            },
        }
    }
    assert synthesise(schemas, "Node")["name"] == "example"
