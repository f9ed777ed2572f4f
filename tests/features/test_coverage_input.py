"""Input the generator accepts: OpenAPI 3.1 boolean schemas, x- extensions in paths and
responses, recursion through maps and arrays, YAML anchors within the expansion budget."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.features.coverage_support import Corpus, client

SPECS = {
    "booleans": """
        openapi: 3.1.0
        info: {title: Booleans, version: "1"}
        servers: [{url: "https://api.example"}]
        paths:
          x-internal: {owner: team}
          /things:
            x-path-note: 2
            get:
              operationId: listThings
              responses:
                x-response-note: {cached: true}
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Thing"}
        components:
          schemas:
            Thing:
              type: object
              additionalProperties: false
              properties:
                anything: true
                never: false
                empty: {type: array, items: false}
                free: {type: array, items: true}
                text: {allOf: [true, {type: string}]}
                keys: {type: object, additionalProperties: false}
                tree: {$ref: "#/components/schemas/Tree"}
                chain: {$ref: "#/components/schemas/Chain"}
            Tree:
              type: object
              additionalProperties: {$ref: "#/components/schemas/Tree"}
            Chain:
              type: array
              items: {$ref: "#/components/schemas/Chain"}
    """,
    "anchors": """
        openapi: 3.0.3
        info: {title: Anchors, version: "1"}
        servers: [{url: "https://api.example"}]
        paths:
          /a:
            get:
              operationId: getA
              responses: &ok
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Thing"}
          /b:
            get:
              operationId: getB
              responses: *ok
        components:
          schemas:
            Thing: &thing {type: object, properties: {id: {type: integer}}}
            Other: *thing
    """,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("input"), SPECS)
    built.generate()
    yield built


def test_the_packages_pass_mypy_strict(corpus: Corpus) -> None:
    code, output = corpus.mypy()
    assert code == 0, output


def test_boolean_schemas_and_extensions(corpus: Corpus) -> None:
    booleans = corpus.package("booleans")
    body = {"anything": [1], "empty": [], "free": [1, "a"], "text": "t", "keys": {}}
    body |= {"tree": {"a": {"b": {}}}, "chain": [[[]]]}

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/things"
        return httpx.Response(200, json=body)

    thing = client(booleans, handler).things.list()
    assert thing.to_dict() == body
    fields = {f.wire_name for f in type(thing).__fields__}
    assert "never" not in fields  # `false`: the property may not be present
    model = type(thing)
    with pytest.raises(booleans.RequestValidationError, match="items"):
        model.from_dict({**body, "empty": [1]})._validate("body")  # items: false: no item
    with pytest.raises(booleans.RequestValidationError, match="propert"):
        model.from_dict({**body, "keys": {"a": 1}})._validate("body")  # a map with no key


def test_yaml_anchors_are_expanded(corpus: Corpus) -> None:
    anchors = corpus.package("anchors")
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, json={"id": 1})

    api = client(anchors, handler)
    assert api.a.get().id == 1 and api.b.get().id == 1
    assert seen == ["/a", "/b"]
    assert json.loads(json.dumps(anchors.models.Other(id=2).to_dict())) == {"id": 2}


def test_swagger2_extensions_in_paths_and_responses(tmp_path: Path) -> None:
    from leadgen.spec.swagger2 import convert

    converted, _ = convert(
        {
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "x-note": {"a": 1},
                "/a": {"get": {"responses": {"x-r": 1, "200": {"description": "ok"}}}},
            },
        }
    )
    assert converted["paths"]["x-note"] == {"a": 1}
    assert converted["paths"]["/a"]["get"]["responses"]["x-r"] == 1
