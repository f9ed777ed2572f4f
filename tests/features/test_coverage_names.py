"""Names: longer than a file name may be, equal but for case, or equal to the client's own
arguments and attributes; patterns: ECMA-262 classes, super-linear patterns left unchecked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from leadgen.model.naming import MAX_NAME_BYTES, class_name, snake_name
from leadgen.model.patterns import ecma_to_python, super_linear

from tests.features.coverage_support import Corpus, client

LONG = "Very" + "Long" * 80  # 324 characters
SPECS = {
    "names": f"""
        openapi: 3.0.3
        info: {{title: Names, version: "1"}}
        servers:
          - url: "https://{{token}}.api.example/{{base_url}}"
            variables: {{token: {{default: t}}, base_url: {{default: v1}}}}
        components:
          securitySchemes:
            bearer: {{type: http, scheme: bearer}}
          schemas:
            {LONG}: {{type: object, properties: {{id: {{type: integer}}}}}}
            Pet: {{type: object, properties: {{a: {{type: integer}}}}}}
            PET: {{type: object, properties: {{b: {{type: integer}}}}}}
            Word:
              type: object
              properties:
                code: {{type: string, pattern: "^\\\\d+$"}}
                slow: {{type: string, pattern: "^(a+)+$"}}
        security: [{{bearer: []}}]
        paths:
          /long:
            get:
              operationId: get{LONG}
              tags: [max_retries]
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {{$ref: "#/components/schemas/{LONG}"}}
          /word:
            post:
              operationId: sendWord
              tags: [timeout]
              requestBody:
                content:
                  application/json:
                    schema: {{$ref: "#/components/schemas/Word"}}
              responses:
                "204": {{description: ok}}
    """,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("names"), SPECS)
    built.generate()
    yield built


def test_the_packages_pass_mypy_strict(corpus: Corpus) -> None:
    code, output = corpus.mypy()
    assert code == 0, output


def test_long_names_are_shortened_deterministically() -> None:
    assert len(snake_name(LONG).encode()) <= MAX_NAME_BYTES
    assert class_name(LONG) == class_name(LONG) != class_name(LONG + "x")
    assert len(snake_name("é" * 200).encode()) <= MAX_NAME_BYTES


def test_files_are_short_and_unique_without_case(corpus: Corpus) -> None:
    package = Path(corpus.package("names").__file__).parent
    files = [p for p in package.rglob("*") if p.is_file()]
    assert all(len(p.name.encode()) < 255 for p in files)
    folded = [str(p.relative_to(package)).lower() for p in files]
    assert len(folded) == len(set(folded))


def test_server_variables_and_tags_named_like_the_client(corpus: Corpus) -> None:
    names = corpus.package("names")
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers["authorization"]))
        return httpx.Response(200, json={"id": 1})

    api = client(names, handler, token="secret", token_2="eu", base_url_2="v2")
    long_method = next(m for m in dir(api.max_retries_2) if m.startswith("get_very"))
    assert getattr(api.max_retries_2, long_method)().id == 1
    assert seen == [("https://eu.api.example/v2/long", "Bearer secret")]
    assert api.max_retries == 0


def test_patterns_in_ecma_dialect_and_super_linear_ones_unchecked(corpus: Corpus) -> None:
    names = corpus.package("names")
    api = client(
        names, lambda request: httpx.Response(204), token="s", token_2="eu"
    )  # a variable host has no default
    api.timeout_2.send_word(code="123", slow="a" * 40 + "!")  # not checked: no hang
    with pytest.raises(names.RequestValidationError, match="pattern"):
        api.timeout_2.send_word(code="\u0663")  # an Arabic-Indic digit is no ECMA \d
    source = (Path(names.__file__).parent / "models" / "word.py").read_text()
    assert "not checked: super-linear" in source


@pytest.mark.parametrize(
    ("pattern", "slow"),
    [
        ("(a+)+", True),
        ("^(\\w+\\s?)+$", True),
        ("(a*)*", True),
        ("(.*a){2,}", True),
        ("(ab|a.)*c", True),
        ("^[a-z0-9]+(-[a-z0-9]+)*$", False),
        ("^([a-z]+\\.)+[a-z]{2,}$", False),
        ("^(\\d{1,3}\\.){3}\\d{1,3}$", False),
        ("^[^@]+@[^@]+$", False),
    ],
)
def test_super_linear_patterns_are_detected(pattern: str, slow: bool) -> None:
    assert super_linear(ecma_to_python(pattern)) is slow


def test_ecma_classes_are_written_out() -> None:
    assert ecma_to_python(r"^\d[\w-]\D$") == "^[0-9][A-Za-z0-9_-][^0-9]$"
