"""Operations on the wire: their own servers, `content` parameters, path keys with a query,
allOf beside oneOf, and the generated tests of these specs."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.features.coverage_support import Corpus, client, refusal
from tests.mock_fixture import MockServerFactory, mock_server_factory
from tests.testgen.generated_tests_runner import run_generated_tests

__all__ = ["mock_server_factory"]

SPECS = {
    "own_servers": """
        openapi: 3.0.3
        info: {title: Own servers, version: "1"}
        servers: [{url: "https://api.acme.io/v1"}]
        paths:
          /plain:
            get:
              operationId: plain
              responses: {"200": {description: ok}}
          /upload/{id}:
            servers:
              - url: "https://{region}.uploads.acme.io/{version}"
                variables:
                  region: {default: eu, enum: [eu, us]}
                  version: {default: u2}
              - url: "https://backup.acme.io"
            put:
              operationId: upload
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses: {"200": {description: ok}}
            get:
              operationId: fetchUpload
              servers: [{url: "https://read.acme.io/r"}]
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses: {"200": {description: ok}}
          /legacy:
            get:
              operationId: legacy
              servers: [{url: "/v0/"}]
              responses: {"200": {description: ok}}
          /same:
            get:
              operationId: same
              servers: [{url: "https://api.acme.io/v1"}]
              responses: {"200": {description: ok}}
          /sandbox:
            get:
              operationId: sandbox
              servers: [{url: "https://sandbox.example.com"}]
              responses: {"200": {description: ok}}
    """,
    "content_params": """
        openapi: 3.0.3
        info: {title: Content params, version: "1"}
        servers: [{url: "https://api.acme.io"}]
        paths:
          /search/{where}:
            get:
              operationId: search
              parameters:
                - name: where
                  in: path
                  required: true
                  content: {application/json: {schema: {type: array, items: {type: integer}}}}
                - name: filter
                  in: query
                  required: true
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [name]
                        properties: {name: {type: string}, tags: {type: array, items: {type: string}}}
                - name: X-Meta
                  in: header
                  content: {application/json: {schema: {type: object, additionalProperties: {type: string}}}}
                - name: prefs
                  in: cookie
                  content: {application/json: {schema: {type: object, additionalProperties: {type: boolean}}}}
                - name: note
                  in: query
                  content: {text/plain: {schema: {type: string}}}
              responses: {"200": {description: ok}}
    """,
    "query_keys": """
        openapi: 3.0.3
        info: {title: Query keys, version: "1"}
        servers: [{url: "https://api.acme.io"}]
        paths:
          /items:
            get:
              parameters: [{name: limit, in: query, schema: {type: integer}}]
              responses: {"200": {description: ok, content: {application/json: {schema: {type: string}}}}}
          /items?kind=a:
            get:
              parameters: [{name: limit, in: query, schema: {type: integer}}]
              responses: {"200": {description: ok, content: {application/json: {schema: {type: string}}}}}
          /items?kind=b&flag=:
            get:
              responses: {"200": {description: ok, content: {application/json: {schema: {type: string}}}}}
    """,
    "all_of_one_of": """
        openapi: 3.0.3
        info: {title: All of one of, version: "1"}
        servers: [{url: "https://api.acme.io"}]
        paths:
          /inline:
            post:
              operationId: createInline
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      allOf: [{$ref: "#/components/schemas/Base"}]
                      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
              responses: {"200": {description: ok}}
          /named:
            post:
              operationId: createNamed
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
              responses:
                "200":
                  description: ok
                  content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
        components:
          schemas:
            Base:
              type: object
              required: [name]
              properties: {name: {type: string}}
            Cat:
              type: object
              required: [meows]
              properties: {meows: {type: boolean}}
            Dog:
              type: object
              required: [barks]
              properties: {barks: {type: integer}}
            Pet:
              allOf: [{$ref: "#/components/schemas/Base"}]
              oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
    """,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("operation_wire"), SPECS)
    built.generate()
    yield built


@pytest.fixture(autouse=True)
def _no_base_url_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SPECS:
        monkeypatch.delenv(f"{name.upper()}_BASE_URL", raising=False)


def recording(
    corpus: Corpus, name: str, answer: Any = "ok", **kwargs: Any
) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=answer)

    return client(corpus.package(name), handler, **kwargs), seen


def test_the_packages_pass_mypy_strict(corpus: Corpus) -> None:
    code, output = corpus.mypy()
    assert code == 0, output


def test_operations_with_servers_of_their_own_are_sent_there(corpus: Corpus) -> None:
    api, seen = recording(corpus, "own_servers")
    api.plain.plain()
    api.upload.upload("7")
    api.upload.fetch("7")
    api.legacy.legacy()
    api.same.same()
    assert [str(r.url) for r in seen] == [
        "https://api.acme.io/v1/plain",
        "https://eu.uploads.acme.io/u2/upload/7",  # the path item's first server, defaults
        "https://read.acme.io/r/upload/7",  # the operation's servers win over the path's
        "https://api.acme.io/v0/legacy",  # relative: against the client's server
        "https://api.acme.io/v1/same",
    ]


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_a_base_url_receives_every_operation(
    corpus: Corpus, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if how == "environment":
        monkeypatch.setenv("OWN_SERVERS_BASE_URL", "http://127.0.0.1:9/mock")
        api, seen = recording(corpus, "own_servers")
    else:
        api, seen = recording(corpus, "own_servers", base_url="http://127.0.0.1:9/mock")
    api.upload.upload("7")
    api.legacy.legacy()
    api.sandbox.sandbox()
    assert [str(r.url) for r in seen] == [
        "http://127.0.0.1:9/mock/upload/7",
        "http://127.0.0.1:9/v0/legacy",
        "http://127.0.0.1:9/mock/sandbox",
    ]


def test_a_placeholder_operation_server_is_refused_before_sending(corpus: Corpus) -> None:
    api, seen = recording(corpus, "own_servers")
    with pytest.raises(
        ValueError, match="'https://sandbox.example.com' is a placeholder.*base_url"
    ):
        api.sandbox.sandbox()
    assert seen == []


def test_the_method_documents_its_server(corpus: Corpus) -> None:
    doc = corpus.package("own_servers").Client(base_url="https://x.io").upload.upload.__doc__
    assert "Sent to https://eu.uploads.acme.io/u2 (its own server)" in doc


def test_content_parameters_are_sent_in_their_media_type(corpus: Corpus) -> None:
    api, seen = recording(corpus, "content_params")
    models = importlib.import_module("content_params.models")
    api.search.search(
        [1, 2],
        filter=models.SearchFilter(name="a b&c", tags=["x"]),
        x_meta={"k": "é"},
        prefs={"dark": True},
        note="plain text",
    )
    (request,) = seen
    assert request.url.raw_path == (
        b"/search/%5B1%2C2%5D"
        b"?filter=%7B%22name%22%3A%22a+b%26c%22%2C%22tags%22%3A%5B%22x%22%5D%7D&note=plain+text"
    )
    assert request.url.params.multi_items() == [
        ("filter", '{"name":"a b&c","tags":["x"]}'),
        ("note", "plain text"),
    ]
    assert request.headers["x-meta"] == '{"k":"\\u00e9"}'
    assert request.headers["cookie"] == "prefs=%7B%22dark%22:true%7D"


def test_a_content_parameter_is_checked_against_its_schema(corpus: Corpus) -> None:
    errors = corpus.package("content_params").RequestValidationError
    models = importlib.import_module("content_params.models")
    api, seen = recording(corpus, "content_params")
    with pytest.raises(errors, match=r"filter\.tags\[0\]"):
        api.search.search([1], filter=models.SearchFilter(name="a", tags=[1]))
    assert seen == []


def test_path_keys_keep_their_fixed_query(corpus: Corpus) -> None:
    api, seen = recording(corpus, "query_keys")
    api.items.get(limit=3)
    api.items.get_kind_a(limit=3)
    api.items.get_kind_b_flag()
    assert [str(r.url) for r in seen] == [
        "https://api.acme.io/items?limit=3",
        "https://api.acme.io/items?kind=a&limit=3",
        "https://api.acme.io/items?kind=b&flag=",
    ]


def test_leadgen_diff_tells_path_keys_apart_by_their_query(tmp_path: Path) -> None:
    spec = """\
        openapi: 3.0.3
        info: {title: Q, version: "1"}
        servers: [{url: "https://api.acme.io"}]
        paths:
          /items:
            get:
              responses: {"200": {description: ok}}
          /items?kind=a:
            get:
              responses: {"200": {description: ok}}
        """
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(textwrap.dedent(spec), encoding="utf-8")
    new.write_text(textwrap.dedent(spec).replace("kind=a", "kind=b"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "leadgen", "diff", str(old), str(new)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    findings = [line.split()[:2] for line in result.stdout.splitlines() if "operation-" in line]
    assert findings == [["ERR", "operation-removed:"], ["INFO", "operation-added:"]], result
    assert "GET /items?kind=a\n" in result.stdout and "GET /items?kind=b\n" in result.stdout


def test_a_parameter_in_the_query_of_a_path_key_is_refused(tmp_path: Path) -> None:
    code, err = refusal(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: Q, version: "1"}
        paths:
          /items?kind={kind}:
            get:
              parameters: [{name: kind, in: path, required: true, schema: {type: string}}]
              responses: {"200": {description: ok}}
            put:
              parameters: [{name: kind, in: path, required: true, schema: {type: string}}]
              responses: {"200": {description: ok}}
        """,
    )
    assert code == 2
    assert err.splitlines() == [
        (
            "spec.yaml:5:5: /paths/~1items?kind={kind}: the query part of a path key may not hold"
            " a {parameter} (declare it as a query parameter and leave it out of the key)"
        )
    ]


def test_all_of_beside_one_of_keeps_both(corpus: Corpus) -> None:
    package = corpus.package("all_of_one_of")
    models = importlib.import_module("all_of_one_of.models")
    api, seen = recording(corpus, "all_of_one_of", answer={"name": "tom", "meows": True})
    api.inline.create(body=models.CreateInlineRequestVariant2(name="rex", barks=2))
    api.named.create(body=models.PetVariant1(name="tom", meows=True))
    assert [json.loads(r.content) for r in seen] == [
        {"name": "rex", "barks": 2},
        {"name": "tom", "meows": True},
    ]
    with pytest.raises(package.RequestValidationError, match="body"):
        api.named.create(body=models.PetVariant1(name="tom", meows="no"))
    answer = {"name": "fido", "barks": 3}
    parsed = client(package, lambda r: httpx.Response(200, json=answer)).named.create(
        body=models.PetVariant2(name="fido", barks=3)
    )
    assert isinstance(parsed, models.PetVariant2)
    assert (parsed.name, parsed.barks) == ("fido", 3)


def test_a_discriminator_beside_all_of_and_one_of_is_warned(tmp_path: Path) -> None:
    code, err = refusal(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: D, version: "1"}
        servers: [{url: "https://api.acme.io"}]
        paths:
          /pets:
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      allOf: [{type: object, properties: {name: {type: string}}}]
                      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
                      discriminator: {propertyName: kind}
              responses: {"200": {description: ok}}
        components:
          schemas:
            Cat: {type: object, properties: {kind: {type: string}, meows: {type: boolean}}}
            Dog: {type: object, properties: {kind: {type: string}, barks: {type: integer}}}
        """,
    )
    assert code == 0
    assert err.splitlines() == [
        (
            "spec.yaml:13:30: /paths/~1pets/post/requestBody/content/application~1json/schema"
            "/discriminator: a discriminator beside allOf and oneOf is not used; the variants are"
            " told apart by their shape"
        )
    ]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_the_generated_tests_pass(corpus: Corpus, name: str, tmp_path: Path) -> None:
    outcome = run_generated_tests(corpus.root / "out" / name / "tests", tmp_path)
    assert outcome.returncode == 0, outcome.report()
    assert outcome.not_passed == [], outcome.report()
    assert any(n.endswith("_sends_request") for n in outcome.passed), outcome.report()


@pytest.mark.parametrize("name", ["content_params", "query_keys", "own_servers"])
def test_the_generated_tests_pass_against_the_mock(
    corpus: Corpus, name: str, tmp_path: Path, mock_server_factory: MockServerFactory
) -> None:
    server = mock_server_factory(corpus.root / "specs" / f"{name}.yaml")
    prefix = "/v1" if name == "own_servers" else ""
    env = {"LEADGEN_TEST_BASE_URL": server.url + prefix}
    folder = corpus.root / "out" / name / "tests"
    outcome = run_generated_tests(folder, tmp_path, env)
    assert outcome.returncode == 0, outcome.report()
    assert outcome.not_passed == [], outcome.report()


def test_undeclared_server_variables_of_paths_and_operations_are_refused(tmp_path: Path) -> None:
    code, err = refusal(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: Vars, version: "1"}
        paths:
          /a:
            servers: [{url: "https://{tenant}.acme.io"}]
            get:
              servers: [{url: "https://acme.io/{v}", variables: {w: {default: x}}}]
              responses: {"200": {description: ok}}
        """,
    )
    assert code == 2
    assert err.splitlines() == [
        (
            "spec.yaml:5:21: /paths/~1a/servers/0/url: server variable 'tenant' is used in the URL"
            " but not declared (declare it under the server's variables, with a default)"
        ),
        (
            "spec.yaml:7:23: /paths/~1a/get/servers/0/url: server variable 'v' is used in the URL"
            " but not declared (declare it under the server's variables, with a default)"
        ),
    ]
