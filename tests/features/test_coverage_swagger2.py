"""Swagger 2.0: body parameters declared for a whole path, collectionFormat and its default."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.features.coverage_support import Corpus, client

SPECS = {
    "swagger_formats": """
        swagger: "2.0"
        info: {title: Swagger formats, version: "1"}
        host: api.example
        schemes: [https]
        paths:
          /items/{id}:
            parameters:
              - {name: id, in: path, required: true, type: string}
              - {name: body, in: body, schema: {type: object, properties: {n: {type: integer}}}}
            put:
              operationId: putItem
              parameters:
                - {name: csv, in: query, type: array, items: {type: string}}
                - {name: tsv, in: query, type: array, items: {type: string}, collectionFormat: tsv}
                - name: pipes
                  in: query
                  type: array
                  items: {type: string}
                  collectionFormat: pipes
                - {name: ssv, in: query, type: array, items: {type: string}, collectionFormat: ssv}
                - name: multi
                  in: query
                  type: array
                  items: {type: string}
                  collectionFormat: multi
                - {name: hdr, in: header, type: array, items: {type: string}}
              responses:
                "200": {description: ok}
    """,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("swagger2"), SPECS)
    built.generate()
    yield built


def test_the_packages_pass_mypy_strict(corpus: Corpus) -> None:
    code, output = corpus.mypy()
    assert code == 0, output


def test_collection_formats_and_a_path_level_body(corpus: Corpus) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    two = ["a", "b"]
    api = client(corpus.package("swagger_formats"), handler)
    api.items.put("x", csv=two, tsv=two, pipes=two, ssv=two, multi=two, hdr=two, n=3)
    (request,) = seen
    assert request.url.params.multi_items() == [
        ("csv", "a,b"),
        ("tsv", "a\tb"),
        ("pipes", "a|b"),
        ("ssv", "a b"),
        ("multi", "a"),
        ("multi", "b"),
    ]
    assert request.headers["hdr"] == "a,b"
    assert json.loads(request.content) == {"n": 3}
