"""`x-cli-name` mistakes are found while building the model, at their file, line and pointer."""

from __future__ import annotations

from pathlib import Path

import pytest
from leadgen.errors import Diagnostic, LeadgenError
from leadgen.model.api import build_api
from leadgen.model.ir import Api
from leadgen.pipeline import open_spec

# Line numbers below are those of this text: the `x-cli-name` of listItems is on line 8,
# that of createItem on line 13, that of getOrder on line 20.
SPEC = """\
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      tags: [items]
      x-cli-name: LIST_NAME
      responses: {"200": {description: OK}}
    post:
      operationId: createItem
      tags: [items]
      x-cli-name: CREATE_NAME
      responses: {"201": {description: Created}}
  /orders/{id}:
    get:
      operationId: getOrder
      tags: [orders]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      x-cli-name: ORDER_NAME
      responses: {"200": {description: OK}}
"""
LIST_NAME = "/paths/~1items/get/x-cli-name"
CREATE_NAME = "/paths/~1items/post/x-cli-name"
ORDER_NAME = "/paths/~1orders~1{id}/get/x-cli-name"


def build(
    tmp_path: Path, list_name: str, create_name: str, order_name: str = "[order, get]"
) -> Api:
    text = (
        SPEC.replace("LIST_NAME", list_name)
        .replace("CREATE_NAME", create_name)
        .replace("ORDER_NAME", order_name)
    )
    path = tmp_path / "shop.yaml"
    path.write_text(text, encoding="utf-8")
    spec = open_spec(path, "shop.yaml")
    return build_api(spec.doc, spec.data, "shop")


def refused(tmp_path: Path, *names: str) -> list[Diagnostic]:
    with pytest.raises(LeadgenError) as caught:
        build(tmp_path, *names)
    return caught.value.diagnostics


def where(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.file}:{diagnostic.line}:{diagnostic.pointer}"


def test_commands_are_stored_on_the_operations(tmp_path: Path) -> None:
    api = build(tmp_path, "[item, ls]", "[item, add]")
    assert {op.operation_id: op.cli_words for op in api.operations} == {
        "listItems": ("item", "ls"),
        "createItem": ("item", "add"),
        "getOrder": ("order", "get"),
    }


def test_without_a_cli_name_a_command_is_the_resource_and_the_method(tmp_path: Path) -> None:
    text = SPEC.replace("      x-cli-name: LIST_NAME\n", "").replace("CREATE_NAME", "[new]")
    path = tmp_path / "shop.yaml"
    path.write_text(text.replace("ORDER_NAME", "[order]"), encoding="utf-8")
    spec = open_spec(path, "shop.yaml")
    api = build_api(spec.doc, spec.data, "shop")
    assert [op.cli_words for op in api.operations] == [("items", "list"), ("new",), ("order",)]


@pytest.mark.parametrize(
    "bad",
    ['"Item List"', "[Item, List]", "[]", "[item, 3]", "[item, -x]", "{a: b}", "[item list]"],
)
def test_a_malformed_cli_name_is_refused_where_it_is_written(tmp_path: Path, bad: str) -> None:
    (found,) = refused(tmp_path, bad, "[item, add]")
    assert where(found) == f"shop.yaml:8:{LIST_NAME}"
    assert found.column == 19
    assert found.message == "x-cli-name must be a non-empty list of lower-case kebab-case words"
    assert found.hint == "for example x-cli-name: [campaign, lead, update]"


def test_every_malformed_cli_name_is_reported_at_once(tmp_path: Path) -> None:
    found = refused(tmp_path, "[A]", "[b, C]", "[]")
    assert [where(d) for d in found] == [
        f"shop.yaml:8:{LIST_NAME}",
        f"shop.yaml:13:{CREATE_NAME}",
        f"shop.yaml:20:{ORDER_NAME}",
    ]


def test_two_commands_with_one_path_are_refused_at_the_first_cli_name(tmp_path: Path) -> None:
    (found,) = refused(tmp_path, "[item, x]", "[item, x]")
    assert where(found) == f"shop.yaml:8:{LIST_NAME}"
    assert found.format() == (
        f"shop.yaml:8:19: {LIST_NAME}: 'item x' names another operation too"
        " (give one of them an x-cli-name)"
    )


def test_a_cli_name_equal_to_a_default_command_is_refused_where_it_is_written(
    tmp_path: Path,
) -> None:
    text = SPEC.replace("      x-cli-name: LIST_NAME\n", "").replace("CREATE_NAME", "[items, list]")
    path = tmp_path / "shop.yaml"
    path.write_text(text.replace("ORDER_NAME", "[order]"), encoding="utf-8")
    spec = open_spec(path, "shop.yaml")
    with pytest.raises(LeadgenError) as caught:
        build_api(spec.doc, spec.data, "shop")
    (found,) = caught.value.diagnostics
    assert where(found) == f"shop.yaml:12:{CREATE_NAME}"  # one line up: listItems has none
    assert found.message == "'items list' names another operation too"


def test_a_command_that_starts_another_is_refused_at_the_shorter_one(tmp_path: Path) -> None:
    (found,) = refused(tmp_path, "[item, add, more]", "[item, add]")
    assert where(found) == f"shop.yaml:13:{CREATE_NAME}"
    assert found.message == "'item add' is also the start of 'item add more'"
    assert found.hint == "a group of commands cannot be a command too: rename one of them"


def test_a_group_named_like_a_command_is_refused_at_the_command(tmp_path: Path) -> None:
    (found,) = refused(tmp_path, "[item, ls]", "[item, add]", "[item]")
    assert where(found) == f"shop.yaml:20:{ORDER_NAME}"
    assert found.message == "'item' is also the start of 'item ls'"


def test_cli_name_findings_come_with_the_other_model_errors(tmp_path: Path) -> None:
    text = SPEC.replace("LIST_NAME", "[Bad]").replace("CREATE_NAME", "[item, add]")
    text = text.replace("ORDER_NAME", "[order]").replace(
        '      responses: {"201"',
        '      requestBody: {content: {application/json: {schema: false}}}\n      responses: {"201"',
    )
    path = tmp_path / "shop.yaml"
    path.write_text(text, encoding="utf-8")
    spec = open_spec(path, "shop.yaml")
    with pytest.raises(LeadgenError) as caught:
        build_api(spec.doc, spec.data, "shop")
    assert [(d.pointer, d.message) for d in caught.value.diagnostics] == [
        (LIST_NAME, "x-cli-name must be a non-empty list of lower-case kebab-case words"),
        (
            "/paths/~1items/post/requestBody/content/application~1json/schema",
            "the schema `false` admits no value at all",
        ),
    ]
