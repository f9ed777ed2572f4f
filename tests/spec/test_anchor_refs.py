"""OpenAPI 3.1 `$ref: '#name'` to a JSON Schema `$anchor`: resolved in the same document (and in
a referenced file), refused at the `$ref` when no or several objects declare the anchor."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import httpx
import pytest
from leadgen.cli import main

SPEC = """\
openapi: 3.1.0
info: {title: Tagged, version: "1"}
servers: [{url: "https://api.example"}]
x-notes: {$ref: "#nothing-reads-extensions"}
paths:
  /things:
    get:
      operationId: listThings
      summary: List things.
      tags: [things]
      parameters:
        - {name: tag, in: query, required: true, schema: {$ref: "#tag"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#thing"}
components:
  schemas:
    Tag: {$anchor: tag, type: string, maxLength: 5}
    Thing:
      $anchor: thing
      type: object
      required: [size]
      properties:
        size: {$ref: "sizes.yaml#size"}
"""
SIZES = """\
Size:
  $anchor: size
  type: integer
  minimum: 1
Sizes:
  type: array
  items: {$ref: "#size"}
"""


def generate(tmp_path: Path, text: str) -> tuple[int, Path]:
    spec = tmp_path / "tagged.yaml"
    spec.write_text(text, encoding="utf-8")
    (tmp_path / "sizes.yaml").write_text(SIZES, encoding="utf-8")
    out = tmp_path / "out"
    return main(["generate", str(spec), "--output", str(out), "--no-cache", "-q"]), out


def test_anchor_refs_resolve_in_the_document_and_in_a_referenced_file(tmp_path: Path) -> None:
    code, out = generate(tmp_path, SPEC)
    assert code == 0
    sys.path.insert(0, str(out))
    try:
        package = importlib.import_module("tagged")
    finally:
        sys.path.remove(str(out))
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"size": 3})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with package.Client(http_client=http, max_retries=0) as client:
        thing = client.things.list(tag="red")
        with pytest.raises(package.RequestValidationError):
            client.things.list(tag="too-long")  # the anchored schema's maxLength applies
    assert thing.size == 3 and sent[0].url.params["tag"] == "red" and len(sent) == 1


MISSING = SPEC.replace('{$ref: "#tag"}', '{$ref: "#colour"}')
TWICE = SPEC.replace(
    "    Tag: {$anchor", "    Other: {$anchor: tag, type: string}\n    Tag: {$anchor"
)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (MISSING, "$ref '#colour': no $anchor 'colour' in this document"),
        (TWICE, "$ref '#tag': $anchor 'tag' is declared 2 times"),
    ],
    ids=["missing", "declared-twice"],
)
def test_anchor_ref_that_does_not_resolve_is_refused_at_the_ref(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, words: str
) -> None:
    code, out = generate(tmp_path, text)
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    first = err.strip().splitlines()[0]
    assert first.startswith("tagged.yaml:12:65: /paths/~1things/get/parameters/0/schema/$ref: ")
    assert words in first


def test_anchor_missing_in_a_referenced_file_is_refused_at_the_ref(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = generate(tmp_path, SPEC.replace("sizes.yaml#size", "sizes.yaml#weight"))
    first = capsys.readouterr().err.strip().splitlines()[0]
    assert code == 2 and not out.exists()
    assert "/components/schemas/Thing/properties/size/$ref: " in first
    assert "$ref 'sizes.yaml#weight': no $anchor 'weight' in" in first
    assert json.dumps(first)  # one plain line, no traceback
