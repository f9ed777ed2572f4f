"""Structural findings the bundled validator gives without a place, or fails on, are reported at
the line and absolute JSON pointer of their cause (never at 1:1, never as an internal error)."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import httpx
import pytest
from leadgen.cli import main

HEAD = """\
openapi: 3.0.3
info: {title: Shop, version: "1"}
"""
LIST = """\
    get:
      operationId: listItems
      summary: List items.
      tags: [items]
      responses:
        "200":
          description: ok
"""

# kind -> (spec text, "line:column", pointer, words of the message)
CASES = {
    "parameters-under-paths": (
        HEAD + "paths:\n  parameters:\n    - {name: tenant, in: query}\n  /items:\n" + LIST,
        "5:5",
        "/paths/parameters",
        "'parameters' is not a path (parameters every operation of a path shares go in that",
    ),
    "other-key-under-paths": (
        HEAD + "paths:\n  items:\n" + LIST,
        "5:5",
        "/paths/items",
        "'items' is not a path (every key of paths is a path starting with '/'",
    ),
    "unclosed-brace": (
        HEAD + "paths:\n  /items/{id:\n" + LIST,
        "5:5",
        "/paths/~1items~1{id",
        "path '/items/{id' is not a valid template: expected '}' before end of string",
    ),
    "allof-cycle": (
        HEAD + "paths:\n  /items:\n" + LIST + textwrap.dedent("""\
            components:
              schemas:
                Item:
                  allOf:
                    - $ref: "#/components/schemas/Base"
                Base:
                  allOf:
                    - {type: object}
                    - $ref: "#/components/schemas/Item"
            """),
        "20:17",
        "/components/schemas/Base/allOf/1/$ref",
        "allOf cycle: Item -> Base -> Item (a schema cannot include itself through allOf",
    ),
    "schema-in-a-component": (
        HEAD + "paths:\n  /items:\n" + LIST + textwrap.dedent("""\
            components:
              schemas:
                Size:
                  type: integer
                  enum: []
            """),
        "16:13",
        "/components/schemas/Size/enum",
        "[] should be non-empty",
    ),
    "schema-reached-through-a-ref": (
        HEAD + "paths:\n  /items:\n" + LIST + textwrap.dedent("""\
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/Item"}
            components:
              schemas:
                Item:
                  type: object
                  required: name
            """),
        "19:17",
        "/components/schemas/Item/required",
        "'name' is not of type 'array'",
    ),
    "path-parameter-not-declared": (
        HEAD + "paths:\n  /items/{id}:\n" + LIST,
        "6:7",
        "/paths/~1items~1{id}/get",
        "Path parameter 'id' for 'get' operation in '/items/{id}' was not resolved",
    ),
}


def write(tmp_path: Path, text: str) -> Path:
    spec = tmp_path / "shop.yaml"
    spec.write_text(text, encoding="utf-8")
    return spec


@pytest.mark.parametrize("kind", sorted(CASES))
def test_refused_with_one_finding_at_its_cause(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, place, pointer, words = CASES[kind]
    spec = write(tmp_path, text)
    code = main(["generate", str(spec), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and not (tmp_path / "out").exists()
    assert err[0].startswith(f"{spec.name}:{place}: {pointer}: "), err
    assert words in err[0]
    assert not any(":1:1:" in line or "internal error" in line for line in err), err


def test_validate_reports_the_same_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, place, pointer, words = CASES["schema-in-a-component"]
    code = main(["validate", str(write(tmp_path, text))])
    err = capsys.readouterr().err
    assert code == 1 and f":{place}: {pointer}: {words}" in err


EXTENDED = HEAD + textwrap.dedent("""\
    servers: [{url: "https://api.example"}]
    paths:
      x-tag-groups:
        - {name: Shop, tags: [items]}
      /items:
        get:
          operationId: listItems
          summary: List items.
          tags: [items]
          responses:
            "200":
              description: ok
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Holder"}
    components:
      schemas:
        Value:
          anyOf:
            - type: string
            - type: array
              items: {$ref: "#/components/schemas/Value"}
        Holder:
          allOf:
            - $ref: "#/components/schemas/Named"
            - type: object
              properties:
                value: {$ref: "#/components/schemas/Value"}
        Named:
          type: object
          properties:
            name: {type: string}
    """)


def test_valid_shapes_the_validator_stumbled_on_generate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A list-valued x- extension under paths, and a recursive value type inside an allOf."""
    spec = write(tmp_path, EXTENDED)
    assert main(["validate", str(spec)]) == 0, capsys.readouterr().err
    out = tmp_path / "out"
    generate = ["generate", str(spec), "--output", str(out), "-q", "--package", "placed_shop"]
    assert main(generate) == 0
    sys.path.insert(0, str(out))
    try:
        package = importlib.import_module("placed_shop")
    finally:
        sys.path.remove(str(out))

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"name": "box", "value": ["a", ["b"]]})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with package.Client(http_client=http, max_retries=0) as shop:
        holder = shop.items.list()
    assert holder.name == "box" and holder.value == ["a", ["b"]]


PARAMETER = """\
name: session
in: query
required: maybe
schema: {type: string}
"""


@pytest.mark.parametrize(
    ("ref", "place", "pointer"),
    [
        ("params.yaml#/components/parameters/Session", "6:17", "/components/parameters/Session"),
        ("session.yaml", "3:11", ""),
    ],
    ids=["hoisted-component", "inlined-file"],
)
def test_finding_in_a_referenced_file_is_reported_in_that_file(
    ref: str, place: str, pointer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Content pulled in from another file is reported where it is written: that file's name,
    line and pointer."""
    indented = "".join("      " + line + "\n" for line in PARAMETER.splitlines())
    (tmp_path / "params.yaml").write_text(
        "components:\n  parameters:\n    Session:\n" + indented, encoding="utf-8"
    )
    (tmp_path / "session.yaml").write_text(PARAMETER, encoding="utf-8")
    parameters = f"      parameters: [{{$ref: '{ref}'}}]\n"
    text = (
        HEAD
        + "paths:\n  /items:\n"
        + LIST.replace("      responses:", parameters + "      responses:")
    )
    code = main(["validate", str(write(tmp_path, text))])
    err = capsys.readouterr().err.strip().splitlines()
    file = tmp_path / ref.partition("#")[0]
    assert code == 1
    assert err[0] == f"{file}:{place}: {pointer}/required: 'maybe' is not of type 'boolean'", err
