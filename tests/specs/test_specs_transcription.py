"""Pin the hand transcription of the vendor pages in specs/ (decisions: specs/README.md).

Each spec must be valid OpenAPI 3.1, keep the constraints its page states, resolve the page's
silences the way specs/README.md records, and every example in it must validate against its schema.
Schemas are checked with a Draft 2020-12 validator whose ``$ref``s resolve through a ``referencing``
registry holding the whole document, so a check runs against the schema exactly as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
INBOXAPP = "inboxapp.yaml"
PUFFLE = "puffle.yaml"
LEAD_MANAGEMENT = "lead-management.yaml"
SPEC_FILES = (INBOXAPP, PUFFLE, LEAD_MANAGEMENT)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MAX_SAFE_INTEGER = 9007199254740991
DOC_URI = "urn:leadgen:spec"

# Paths, spelled once.
CAMPAIGN_LEAD_PATH = "/campaigns/v2/{campaignId}/leads/{identifier}"
CAMPAIGN_LEADS_PATH = "/campaigns/v2/{campaignId}/leads"
LIST_LEAD_PATH = "/lists/{listId}/leads/{platformId}"
PUFFLE_PATH = "/api/campaigns/{id}/leads"
LM_PATH = "/api/v1/leads/{leadId}"


# --- helpers ---------------------------------------------------------------------------------


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The spec as plain data (callers must not mutate it)."""
    doc: dict[str, Any] = yaml.safe_load((SPECS / name).read_text(encoding="utf-8"))
    return doc


def escape(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_of(*tokens: object) -> str:
    return "".join(f"/{escape(token)}" for token in tokens)


def resolve(doc: Any, pointer: str) -> Any:
    """Follow a JSON pointer (with or without a leading '#')."""
    node = doc
    for raw in pointer.lstrip("#").split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def deref(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a chain of local ``$ref``s."""
    while "$ref" in node:
        node = resolve(doc, node["$ref"])
    return node


def _make_format_checker() -> FormatChecker:
    """Formats asserted, not just annotated; stdlib fallbacks where a helper package is missing."""

    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        return bool(re.fullmatch(r"\d{4}-\d\d-\d\dT.+", value)) and bool(
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        )

    def _date(value: object) -> bool:
        return not isinstance(value, str) or bool(date.fromisoformat(value))

    checker = FormatChecker()
    for name, check in (("date-time", _date_time), ("date", _date)):
        if name not in checker.checkers:
            checker.checks(name, raises=ValueError)(check)
    return checker


FORMAT_CHECKER = _make_format_checker()


@functools.cache
def _registry(name: str) -> Registry:
    registry: Registry = Registry().with_resource(DOC_URI, DRAFT202012.create_resource(load(name)))
    return registry


def validator(name: str, pointer: str) -> Draft202012Validator:
    """A 2020-12 validator for the schema at ``pointer`` inside spec ``name``."""
    return Draft202012Validator(
        {"$ref": f"{DOC_URI}#{pointer}"},
        registry=_registry(name),
        format_checker=FORMAT_CHECKER,
    )


def is_valid(name: str, pointer: str, instance: Any) -> bool:
    return bool(validator(name, pointer).is_valid(instance))


def schema_ptr(component: str) -> str:
    return pointer_of("components", "schemas", component)


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def iter_tree(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from iter_tree(value, f"{pointer}/{escape(key)}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_tree(value, f"{pointer}/{index}")


# Keys whose values are data (examples, defaults, enum values), never spec structure.
_DATA_KEYS = frozenset({"example", "default", "const", "enum"})


def iter_examples(doc: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Every (example pointer, schema pointer, value) in a spec.

    Covers parameter and media type ``example``/``examples`` and schema ``examples`` lists, plus
    schema ``default`` values, without ever descending into example data.
    """

    def visit(node: Any, pointer: str) -> Iterator[tuple[str, str, Any]]:
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from visit(item, f"{pointer}/{index}")
            return
        if not isinstance(node, dict):
            return
        is_parameter = "in" in node and "name" in node
        is_media_type = pointer.rsplit("/", 2)[-2:-1] == ["content"]
        if (is_parameter or is_media_type) and "schema" in node:
            target = f"{pointer}/schema"
            if "example" in node:
                yield f"{pointer}/example", target, node["example"]
            for key, example in node.get("examples", {}).items():
                yield f"{pointer}/examples/{escape(key)}/value", target, example["value"]
        else:
            for index, example in enumerate(node.get("examples", [])):
                yield f"{pointer}/examples/{index}", pointer, example
            if "default" in node:
                yield f"{pointer}/default", pointer, node["default"]
        for key, value in node.items():
            if key in _DATA_KEYS or key == "examples" or (pointer == "" and key == "servers"):
                continue  # data, not structure (server variables have a non-schema "default")
            yield from visit(value, f"{pointer}/{escape(key)}")

    yield from visit(doc, "")


def local_refs(node: Any) -> Iterator[str]:
    for _, value in iter_tree(node):
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            yield value["$ref"]


def note_pointers(doc: dict[str, Any]) -> set[str]:
    return {
        pointer
        for pointer, node in iter_tree(doc)
        if isinstance(node, dict) and "x-transcription-note" in node
    }


def op(name: str, path: str, method: str) -> dict[str, Any]:
    operation: dict[str, Any] = load(name)["paths"][path][method]
    return operation


def json_schema_ptr(path: str, method: str, *where: str) -> str:
    return pointer_of("paths", path, method, *where, "content", "application/json", "schema")


def page_example_ptr(path: str, method: str, *where: str) -> str:
    return pointer_of(
        "paths",
        path,
        method,
        *where,
        "content",
        "application/json",
        "examples",
        "pageExample",
        "value",
    )


ALL_EXAMPLES = [
    pytest.param(name, example_ptr, target, value, id=f"{name}#{example_ptr}")
    for name in SPEC_FILES
    for example_ptr, target, value in iter_examples(load(name))
]


# --- every spec --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SPEC_FILES)
def test_spec_is_valid_openapi_3_1(name: str) -> None:
    doc = load(name)
    assert doc["openapi"] == "3.1.0"
    validate_openapi(doc)


@pytest.mark.parametrize("name", SPEC_FILES)
def test_yaml_has_no_duplicate_keys_anchors_or_aliases(name: str) -> None:
    text = (SPECS / name).read_text(encoding="utf-8")
    for event in yaml.parse(text):
        assert not isinstance(event, yaml.AliasEvent), event
        assert getattr(event, "anchor", None) is None, event
    stack = [yaml.compose(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            keys = [key.value for key, _ in node.value]
            assert len(keys) == len(set(keys)), f"duplicate key at {node.start_mark}"
            stack.extend(value for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


@pytest.mark.parametrize(
    ("name", "title", "version", "server"),
    [
        (INBOXAPP, "InboxApp API", "1.0.0", "https://inboxapp.com/api/v1"),
        (PUFFLE, "Puffle API", "1.0.0", "https://app.puffle.ai"),
        (LEAD_MANAGEMENT, "Lead Management API", "1.0", "{baseUrl}"),
    ],
)
def test_info_and_server(name: str, title: str, version: str, server: str) -> None:
    doc = load(name)
    assert doc["info"]["title"] == title
    assert doc["info"]["version"] == version
    assert doc["info"]["description"].strip()
    assert [entry["url"] for entry in doc["servers"]] == [server]


@pytest.mark.parametrize("name", SPEC_FILES)
def test_security_is_global_bearer(name: str) -> None:
    doc = load(name)
    scheme = doc["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert scheme["description"].strip()
    assert doc["security"] == [{"bearerAuth": []}]
    for _, _, operation in operations(doc):
        assert "security" not in operation  # nothing overrides the global requirement


def test_operation_inventory() -> None:
    found = {
        (
            name,
            method,
            path,
            operation["operationId"],
            tuple(operation["tags"]),
            operation["summary"],
        )
        for name in SPEC_FILES
        for path, method, operation in operations(load(name))
    }
    assert found == {
        (
            INBOXAPP,
            "patch",
            CAMPAIGN_LEAD_PATH,
            "updateCampaignLead",
            ("campaigns",),
            "Update lead",
        ),
        (INBOXAPP, "post", CAMPAIGN_LEADS_PATH, "addCampaignLeads", ("campaigns",), "Add leads"),
        (INBOXAPP, "patch", LIST_LEAD_PATH, "updateListLead", ("lists",), "Update lead"),
        (
            PUFFLE,
            "patch",
            PUFFLE_PATH,
            "updateCampaignLead",
            ("campaigns",),
            "Update Lead in Campaign",
        ),
        (LEAD_MANAGEMENT, "put", LM_PATH, "updateLead", ("leads",), "Update lead"),
    }


@pytest.mark.parametrize("name", SPEC_FILES)
def test_tags_are_declared_with_descriptions(name: str) -> None:
    doc = load(name)
    declared = {tag["name"]: tag for tag in doc["tags"]}
    assert all(tag["description"].strip() for tag in declared.values())
    used = {tag for _, _, operation in operations(doc) for tag in operation["tags"]}
    assert used == set(declared)


@pytest.mark.parametrize("name", SPEC_FILES)
def test_request_bodies_are_required_json(name: str) -> None:
    for _, _, operation in operations(load(name)):
        body = operation["requestBody"]
        assert body["required"] is True
        assert list(body["content"]) == ["application/json"]


@pytest.mark.parametrize("name", SPEC_FILES)
def test_every_component_is_used(name: str) -> None:
    doc = load(name)
    reached: set[str] = set()
    pending = list(local_refs(doc["paths"]))
    while pending:
        ref = pending.pop()
        if ref not in reached:
            reached.add(ref)
            pending.extend(local_refs(resolve(doc, ref)))
    defined = {
        f"#{pointer_of('components', kind, key)}"
        for kind, entries in doc["components"].items()
        if kind != "securitySchemes"
        for key in entries
    }
    assert defined - reached == set()
    assert all(ref.startswith("#/components/") for ref in reached)
    used_schemes = {key for requirement in doc["security"] for key in requirement}
    assert used_schemes == set(doc["components"]["securitySchemes"])


@pytest.mark.parametrize("name", SPEC_FILES)
def test_component_schemas_are_valid_2020_12_schemas(name: str) -> None:
    for schema in load(name)["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_format_assertion_is_live() -> None:
    assert not FORMAT_CHECKER.conforms("not-a-uuid", "uuid")
    assert FORMAT_CHECKER.conforms("3c90c3cc-0d44-4b50-8888-8dd25736052a", "uuid")
    assert not FORMAT_CHECKER.conforms("yesterday", "date-time")
    assert FORMAT_CHECKER.conforms("2023-11-07T05:31:56Z", "date-time")
    assert not FORMAT_CHECKER.conforms("no-at-sign", "email")


@pytest.mark.parametrize(("name", "example_ptr", "target", "value"), ALL_EXAMPLES)
def test_every_example_validates_against_its_schema(
    name: str, example_ptr: str, target: str, value: Any
) -> None:
    errors = [error.message for error in validator(name, target).iter_errors(value)]
    assert errors == [], f"{name}#{example_ptr}"


def test_example_walker_sees_the_page_examples() -> None:
    seen = {
        (name, example_ptr) for name, example_ptr, *_ in (param.values for param in ALL_EXAMPLES)
    }
    expected = {
        (INBOXAPP, pointer_of("paths", CAMPAIGN_LEAD_PATH, "patch", "parameters", 1, "example")),
        (INBOXAPP, page_example_ptr(CAMPAIGN_LEAD_PATH, "patch", "requestBody")),
        (INBOXAPP, page_example_ptr(CAMPAIGN_LEAD_PATH, "patch", "responses", "200")),
        (INBOXAPP, page_example_ptr(LIST_LEAD_PATH, "patch", "requestBody")),
        (INBOXAPP, page_example_ptr(LIST_LEAD_PATH, "patch", "responses", "200")),
        (INBOXAPP, page_example_ptr(CAMPAIGN_LEADS_PATH, "post", "requestBody")),
        (INBOXAPP, page_example_ptr(CAMPAIGN_LEADS_PATH, "post", "responses", "200")),
        (INBOXAPP, schema_ptr("AddLeadsRequest") + "/properties/platformIds/examples/0"),
        (INBOXAPP, schema_ptr("UpdateCampaignLeadRequest") + "/properties/by/default"),
        (PUFFLE, page_example_ptr(PUFFLE_PATH, "patch", "requestBody")),
        (PUFFLE, page_example_ptr(PUFFLE_PATH, "patch", "responses", "200")),
        (
            LEAD_MANAGEMENT,
            pointer_of(
                "components",
                "responses",
                "ValidationError",
                "content",
                "application/json",
                "examples",
                "invalidStatus",
                "value",
            ),
        ),
        (
            LEAD_MANAGEMENT,
            pointer_of(
                "components",
                "responses",
                "DuplicateEmail",
                "content",
                "application/json",
                "examples",
                "duplicateEmail",
                "value",
            ),
        ),
    }
    assert expected <= seen
    at_least = {INBOXAPP: 40, PUFFLE: 2, LEAD_MANAGEMENT: 20}
    for name, count in at_least.items():
        assert sum(1 for spec, _ in seen if spec == name) >= count, name


def test_pointer_validation_is_not_vacuous() -> None:
    """A schema reached through a path pointer (escaped '/', braces) still rejects bad data."""
    target = json_schema_ptr(PUFFLE_PATH, "patch", "requestBody")
    assert resolve(load(PUFFLE), target) == {"$ref": "#/components/schemas/UpdateLeadRequest"}
    assert not is_valid(PUFFLE, target, {"updates": {}})
    assert not is_valid(PUFFLE, target, {"prospect_id": "<string>", "updates": {}})


def test_page_example_without_stage_is_rejected() -> None:
    """The 000 page's response example, verbatim (no stage), fails: hence the fixed copy."""
    doc = load(INBOXAPP)
    fixed = resolve(doc, page_example_ptr(CAMPAIGN_LEAD_PATH, "patch", "responses", "200"))
    verbatim = {key: value for key, value in fixed.items() if key != "stage"}
    target = json_schema_ptr(CAMPAIGN_LEAD_PATH, "patch", "responses", "200")
    assert is_valid(INBOXAPP, target, fixed)
    assert not is_valid(INBOXAPP, target, verbatim)
    # The list page's example (no campaign fields) is a valid Lead but not a CampaignLead.
    list_example = resolve(doc, page_example_ptr(LIST_LEAD_PATH, "patch", "responses", "200"))
    assert is_valid(INBOXAPP, schema_ptr("Lead"), list_example)
    assert not is_valid(INBOXAPP, schema_ptr("CampaignLead"), list_example)


# --- the decision table ------------------------------------------------------------------------

README = SPECS / "README.md"
_ROW_POINTER = re.compile(r"`((?:inboxapp|puffle|lead-management)\.yaml)(#[^`]*)`")


def readme_rows() -> list[tuple[str, str]]:
    """(spec, pointer) of each decision row: table rows whose first cell names seeds."""
    rows = []
    for line in README.read_text(encoding="utf-8").splitlines():
        if re.match(r"\|\s*00\d", line):
            match = _ROW_POINTER.search(line)
            assert match, f"decision row without a spec pointer: {line}"
            assert line.count(" | ") >= 3, f"decision row needs four columns: {line}"
            rows.append((match.group(1), match.group(2)))
    return rows


def test_readme_states_the_conventions() -> None:
    text = README.read_text(encoding="utf-8")
    for word in ("x-transcription-note", "x-cli-name", "x-idempotent"):
        assert word in text


def test_every_decision_row_points_at_a_noted_element() -> None:
    rows = readme_rows()
    assert len(rows) >= 60
    for name, pointer in rows:
        node = resolve(load(name), pointer)
        assert (
            isinstance(node, dict) and node.get("x-transcription-note", "").strip()
        ), f"{name}{pointer} has no x-transcription-note"


@pytest.mark.parametrize("name", SPEC_FILES)
def test_every_inline_note_has_a_decision_row(name: str) -> None:
    in_readme = {pointer for spec, pointer in readme_rows() if spec == name}
    inline = {f"#{pointer}" for pointer in note_pointers(load(name))}
    assert inline - in_readme == set()


# --- InboxApp ----------------------------------------------------------------------------------

ADD_REQUEST = schema_ptr("AddLeadsRequest")
ID_ARRAYS = ("platformIds", "usernames", "externalIds")


@pytest.mark.parametrize("field", [*ID_ARRAYS, "leads"])
@pytest.mark.parametrize(("count", "ok"), [(0, False), (1, True), (2000, True), (2001, False)])
def test_add_leads_arrays_hold_1_to_2000_items(field: str, count: int, ok: bool) -> None:
    item: Any = {"externalId": "hy4k7m2x9p1n6v3w8j5q0r"} if field == "leads" else "44196397"
    assert is_valid(INBOXAPP, ADD_REQUEST, {field: [item] * count}) is ok


@pytest.mark.parametrize("field", ID_ARRAYS)
def test_add_leads_item_strings_are_non_empty(field: str) -> None:
    assert is_valid(INBOXAPP, ADD_REQUEST, {field: ["x"]})
    assert not is_valid(INBOXAPP, ADD_REQUEST, {field: [""]})
    assert not is_valid(INBOXAPP, ADD_REQUEST, {field: [44196397]})


def test_add_leads_forms_are_optional_and_combinable() -> None:
    assert is_valid(INBOXAPP, ADD_REQUEST, {})
    assert is_valid(
        INBOXAPP, ADD_REQUEST, {"platform": "twitter", "platformIds": ["1"], "usernames": ["jack"]}
    )
    assert not is_valid(INBOXAPP, ADD_REQUEST, {"ids": ["1"]})
    assert not is_valid(INBOXAPP, ADD_REQUEST, {"platform": "linkedin", "platformIds": ["1"]})
    assert resolve(load(INBOXAPP), ADD_REQUEST)["properties"]["platform"]["default"] == "twitter"


@pytest.mark.parametrize(
    ("lead", "ok"),
    [
        ({"platformId": "44196397"}, True),
        ({"username": "jack", "data": {"custom_a": "Acme"}}, True),
        ({"externalId": "x", "platform": "twitter"}, True),
        ({"platformId": "1", "username": "jack", "externalId": "x"}, True),
        ({"data": {"custom_a": "Acme"}}, False),
        ({"platform": "twitter"}, False),
        ({"platformId": "1", "email": "a@b.c"}, False),
    ],
)
def test_mixed_lead_needs_an_identifier(lead: dict[str, Any], ok: bool) -> None:
    assert is_valid(INBOXAPP, schema_ptr("MixedLead"), lead) is ok


def test_lead_counts_are_required_safe_non_negative_integers() -> None:
    result = schema_ptr("AddLeadsResult")
    schema = resolve(load(INBOXAPP), result)
    assert schema["required"] == ["added", "skipped", "failed"]
    for field in schema["required"]:
        prop = schema["properties"][field]
        assert (prop["type"], prop["minimum"], prop["maximum"]) == ("integer", 0, MAX_SAFE_INTEGER)
        base = {"added": 0, "skipped": 0, "failed": 0}
        assert is_valid(INBOXAPP, result, {**base, field: MAX_SAFE_INTEGER})
        assert not is_valid(INBOXAPP, result, {**base, field: MAX_SAFE_INTEGER + 1})
        assert not is_valid(INBOXAPP, result, {**base, field: -1})
        assert not is_valid(INBOXAPP, result, {**base, field: 1.5})
        assert not is_valid(INBOXAPP, result, {k: v for k, v in base.items() if k != field})


def test_by_defaults_to_platform_id_with_exactly_three_values() -> None:
    doc = load(INBOXAPP)
    by = resolve(doc, schema_ptr("UpdateCampaignLeadRequest"))["properties"]["by"]
    assert by["default"] == "platformId"
    assert deref(doc, by)["enum"] == ["platformId", "username", "externalId"]
    request = schema_ptr("UpdateCampaignLeadRequest")
    for value in ("platformId", "username", "externalId"):
        assert is_valid(INBOXAPP, request, {"data": {}, "by": value})
    assert not is_valid(INBOXAPP, request, {"data": {}, "by": "email"})


def test_update_platform_is_optional_twitter_by_default() -> None:
    doc = load(INBOXAPP)
    request = schema_ptr("UpdateCampaignLeadRequest")
    platform = resolve(doc, request)["properties"]["platform"]
    assert platform["default"] == "twitter"
    assert deref(doc, platform)["enum"] == ["twitter"]
    # "Required when by is platformId or username" is not enforced: the server defaults it.
    assert is_valid(INBOXAPP, request, {"data": {}, "by": "username"})
    assert not is_valid(INBOXAPP, request, {"data": {}, "platform": "x"})


@pytest.mark.parametrize("component", ["UpdateCampaignLeadRequest", "UpdateListLeadRequest"])
def test_update_body_requires_data_and_null_clears(component: str) -> None:
    request = schema_ptr(component)
    assert not is_valid(INBOXAPP, request, {})
    assert not is_valid(INBOXAPP, request, {"data": None})
    assert is_valid(INBOXAPP, request, {"data": {"custom_q5cktl47a6pqa74eu06fz89v": None}})
    assert is_valid(INBOXAPP, request, {"data": {"custom_a": "Acme Corp", "custom_b": 3}})
    assert not is_valid(INBOXAPP, request, {"data": {}, "stage": "ready"})


def test_list_update_takes_no_by_or_platform() -> None:
    assert not is_valid(
        INBOXAPP, schema_ptr("UpdateListLeadRequest"), {"data": {}, "by": "platformId"}
    )


STAGES = ["pending", "ready", "ongoing", "replied", "unresponsive", "failed", "canceled"]


def _campaign_lead(**fields: Any) -> dict[str, Any]:
    lead: dict[str, Any] = {
        "prospect": {},
        "context": {},
        "data": {},
        "stage": None,
        "accountLinkId": None,
        "threadId": None,
    }
    lead.update(fields)
    return lead


@pytest.mark.parametrize(
    ("stage", "ok"),
    [(None, True), *((s, True) for s in STAGES), ("done", False), ("", False), ("Pending", False)],
)
def test_stage_is_a_nullable_enum_of_seven(stage: str | None, ok: bool) -> None:
    assert is_valid(INBOXAPP, schema_ptr("CampaignLead"), _campaign_lead(stage=stage)) is ok


def test_stage_enum_is_exactly_seven_values() -> None:
    assert resolve(load(INBOXAPP), schema_ptr("LeadStage"))["enum"] == STAGES


@pytest.mark.parametrize("field", ["stage", "accountLinkId", "threadId"])
def test_campaign_fields_are_required_and_nullable(field: str) -> None:
    lead = _campaign_lead()
    assert is_valid(INBOXAPP, schema_ptr("CampaignLead"), lead)
    del lead[field]
    assert not is_valid(INBOXAPP, schema_ptr("CampaignLead"), lead)


def test_account_link_and_thread_ids_are_strings_or_null() -> None:
    lead = schema_ptr("CampaignLead")
    assert is_valid(INBOXAPP, lead, _campaign_lead(accountLinkId="al1", threadId="t1"))
    assert not is_valid(INBOXAPP, lead, _campaign_lead(accountLinkId=5))
    assert not is_valid(INBOXAPP, lead, _campaign_lead(threadId=5))


def test_lead_requires_prospect_context_and_data() -> None:
    lead = schema_ptr("Lead")
    assert is_valid(INBOXAPP, lead, {"prospect": {}, "context": {}, "data": {}})
    for field in ("prospect", "context", "data"):
        body: dict[str, Any] = {"prospect": {}, "context": {}, "data": {}}
        del body[field]
        assert not is_valid(INBOXAPP, lead, body)


def test_both_update_responses_share_the_lead_schema() -> None:
    doc = load(INBOXAPP)
    list_schema = resolve(doc, json_schema_ptr(LIST_LEAD_PATH, "patch", "responses", "200"))
    campaign_schema = resolve(doc, json_schema_ptr(CAMPAIGN_LEAD_PATH, "patch", "responses", "200"))
    assert list_schema == {"$ref": "#/components/schemas/Lead"}
    assert campaign_schema == {"$ref": "#/components/schemas/CampaignLead"}
    assert doc["components"]["schemas"]["CampaignLead"]["allOf"][0] == {
        "$ref": "#/components/schemas/Lead"
    }
    lead = doc["components"]["schemas"]["Lead"]["properties"]
    assert lead["prospect"] == {"$ref": "#/components/schemas/Prospect"}
    assert lead["context"] == {"$ref": "#/components/schemas/CrmContext"}
    assert lead["data"]["$ref"] == "#/components/schemas/CustomColumnData"


def test_shared_inboxapp_shapes_are_refs() -> None:
    schemas = load(INBOXAPP)["components"]["schemas"]
    assert schemas["Prospect"]["properties"]["platform"] == {
        "$ref": "#/components/schemas/Platform"
    }
    assert schemas["Prospect"]["properties"]["platformData"] == {
        "$ref": "#/components/schemas/PlatformData"
    }
    assert schemas["PlatformData"]["properties"]["urlEntities"]["items"] == {
        "$ref": "#/components/schemas/UrlEntity"
    }
    assert schemas["CrmContext"]["properties"]["threads"]["items"] == {
        "$ref": "#/components/schemas/Thread"
    }
    assert schemas["AddLeadsRequest"]["properties"]["leads"]["items"] == {
        "$ref": "#/components/schemas/MixedLead"
    }
    for component in ("UpdateCampaignLeadRequest", "UpdateListLeadRequest", "MixedLead"):
        assert (
            schemas[component]["properties"]["data"]["$ref"]
            == "#/components/schemas/CustomColumnData"
        )
    for component in ("UpdateCampaignLeadRequest", "AddLeadsRequest", "MixedLead"):
        assert (
            schemas[component]["properties"]["platform"]["$ref"] == "#/components/schemas/Platform"
        )
    assert schemas["CustomColumnData"]["additionalProperties"] is True


def test_prospect_serves_both_pages() -> None:
    prospect = load(INBOXAPP)["components"]["schemas"]["Prospect"]
    only_in_001 = {"verified", "profileType", "source", "accountStatus"}
    assert only_in_001 <= set(prospect["properties"])
    assert not only_in_001 & set(prospect.get("required", []))
    assert "additionalProperties" not in prospect  # responses stay open
    target = schema_ptr("Prospect")
    assert is_valid(
        INBOXAPP, target, {"platform": "twitter", "platformId": "1", "verified": "none"}
    )
    assert not is_valid(INBOXAPP, target, {"platform": "mastodon"})
    assert not is_valid(INBOXAPP, target, {"documentId": "858224163"})
    assert not is_valid(INBOXAPP, target, {"lastUpdatedAt": "last tuesday"})
    assert is_valid(INBOXAPP, target, {"confidence": 0.5})


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("Prospect", "platformCreatedAt"),
        ("Prospect", "firstSeenAt"),
        ("Prospect", "lastUpdatedAt"),
        ("Prospect", "lastEnrichedAt"),
        ("Prospect", "lastActiveAt"),
        ("Thread", "lastMessageTimestamp"),
        ("Thread", "createdAt"),
    ],
)
def test_inboxapp_timestamps_are_date_time(component: str, field: str) -> None:
    prop = load(INBOXAPP)["components"]["schemas"][component]["properties"][field]
    assert (prop["type"], prop["format"]) == ("string", "date-time")


def test_url_entity_indices_are_two_integers() -> None:
    entity = schema_ptr("UrlEntity")
    assert is_valid(INBOXAPP, entity, {"indices": [0, 23]})
    assert not is_valid(INBOXAPP, entity, {"indices": [0]})
    assert not is_valid(INBOXAPP, entity, {"indices": [0, 1, 2]})
    assert not is_valid(INBOXAPP, entity, {"indices": ["0", "23"]})


def _parameter(name: str, path: str, method: str, param: str) -> dict[str, Any]:
    doc = load(name)
    for entry in op(name, path, method)["parameters"]:
        entry = deref(doc, entry)
        if entry["name"] == param:
            return entry
    raise AssertionError(f"no parameter {param} on {method} {path}")


@pytest.mark.parametrize(
    ("path", "method", "param"),
    [
        (CAMPAIGN_LEAD_PATH, "patch", "campaignId"),
        (CAMPAIGN_LEADS_PATH, "post", "campaignId"),
        (LIST_LEAD_PATH, "patch", "listId"),
    ],
)
def test_container_ids_are_lowercase_alphanumeric(path: str, method: str, param: str) -> None:
    parameter = _parameter(INBOXAPP, path, method, param)
    assert parameter["in"] == "path" and parameter["required"] is True
    assert parameter["schema"]["pattern"] == "^[0-9a-z]+$"
    check = Draft202012Validator(parameter["schema"]).is_valid
    assert check("l44e15irdq4db30i77cgphhx")
    for bad in ("", "ABC", "a-b", "a b", "a_b"):
        assert not check(bad), bad


def test_campaign_id_parameter_is_one_shared_component() -> None:
    for path, method in ((CAMPAIGN_LEAD_PATH, "patch"), (CAMPAIGN_LEADS_PATH, "post")):
        assert {"$ref": "#/components/parameters/CampaignId"} in op(INBOXAPP, path, method)[
            "parameters"
        ]


@pytest.mark.parametrize(
    ("path", "param"), [(CAMPAIGN_LEAD_PATH, "identifier"), (LIST_LEAD_PATH, "platformId")]
)
def test_lead_identifiers_are_non_empty_strings(path: str, param: str) -> None:
    parameter = _parameter(INBOXAPP, path, "patch", param)
    assert parameter["schema"] == {"type": "string", "minLength": 1}
    assert parameter["example"] == "44196397"
    check = Draft202012Validator(parameter["schema"]).is_valid
    assert check("a") and not check("")


@pytest.mark.parametrize("name", [INBOXAPP, PUFFLE])
def test_no_error_responses_are_invented(name: str) -> None:
    for _, _, operation in operations(load(name)):
        assert list(operation["responses"]) == ["200"]


def test_inboxapp_example_fix_for_missing_stage_is_recorded() -> None:
    doc = load(INBOXAPP)
    media = resolve(
        doc,
        pointer_of(
            "paths", CAMPAIGN_LEAD_PATH, "patch", "responses", "200", "content", "application/json"
        ),
    )
    example = media["examples"]["pageExample"]
    assert example["value"]["stage"] == "pending"
    assert "stage" in example["x-transcription-note"]


# --- Puffle ------------------------------------------------------------------------------------


def test_puffle_operation_carries_cli_name_and_note() -> None:
    operation = op(PUFFLE, PUFFLE_PATH, "patch")
    assert operation["x-cli-name"] == ["campaign", "lead", "update"]
    assert "puffle campaign lead update" in operation["x-transcription-note"]
    assert "x-idempotent" not in operation


def test_puffle_campaign_id_is_a_plain_string_as_its_type_line_says() -> None:
    parameter = _parameter(PUFFLE, PUFFLE_PATH, "patch", "id")
    assert parameter["description"] == "Campaign UUID"  # prose: adds no format
    assert parameter["schema"]["type"] == "string"
    assert "format" not in parameter["schema"]


def test_puffle_prospect_id_is_a_required_uuid() -> None:
    request = schema_ptr("UpdateLeadRequest")
    schema = resolve(load(PUFFLE), request)
    assert sorted(schema["required"]) == ["prospect_id", "updates"]
    assert schema["properties"]["prospect_id"] == {"type": "string", "format": "uuid"}
    good = {"prospect_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "updates": {"company": "Acme"}}
    assert is_valid(PUFFLE, request, good)
    assert not is_valid(PUFFLE, request, {**good, "prospect_id": "not-a-uuid"})
    assert not is_valid(PUFFLE, request, {"updates": {}})
    assert not is_valid(PUFFLE, request, {"prospect_id": good["prospect_id"]})


def test_puffle_updates_take_only_the_listed_profile_fields() -> None:
    updates = schema_ptr("LeadUpdates")
    fields = [
        "email",
        "linkedin_url",
        "first_name",
        "last_name",
        "name",
        "company",
        "position",
        "headline",
    ]
    assert list(resolve(load(PUFFLE), updates)["properties"]) == fields
    assert is_valid(PUFFLE, updates, {field: "x" for field in fields})
    assert is_valid(PUFFLE, updates, {})
    assert not is_valid(PUFFLE, updates, {"status": "replied"})  # not editable here
    assert not is_valid(PUFFLE, updates, {"company": None})


def test_puffle_response_is_200_with_the_canonical_lead_row() -> None:
    doc = load(PUFFLE)
    responses = op(PUFFLE, PUFFLE_PATH, "patch")["responses"]
    assert list(responses) == ["200"]
    assert responses["200"]["description"] == "Lead updated successfully."
    assert resolve(doc, json_schema_ptr(PUFFLE_PATH, "patch", "responses", "200")) == {
        "$ref": "#/components/schemas/UpdateLeadResponse"
    }
    response = doc["components"]["schemas"]["UpdateLeadResponse"]
    assert response["required"] == ["prospect"]
    assert response["properties"]["prospect"] == {"$ref": "#/components/schemas/CampaignLead"}
    assert (
        doc["components"]["schemas"]["CampaignLead"]["description"]
        == "Canonical campaign lead row."
    )


def test_puffle_lead_row_types() -> None:
    row = load(PUFFLE)["components"]["schemas"]["CampaignLead"]["properties"]
    for field in ("id", "campaign_id", "user_id"):
        assert row[field] == {"type": "string", "format": "uuid"}
    assert row["current_node_id"]["type"] == ["string", "null"]
    assert row["current_node_id"]["format"] == "uuid"
    for field in ("created_at", "updated_at"):
        assert row[field] == {"type": "string", "format": "date-time"}
    for field in ("bounced_at", "replied_at"):
        assert (row[field]["type"], row[field]["format"]) == (["string", "null"], "date-time")
    assert row["email"] == {"type": "string", "format": "email"}
    for field in ("status", "source"):
        assert row[field]["type"] == "string" and "enum" not in row[field]
    target = schema_ptr("CampaignLead")
    assert is_valid(
        PUFFLE, target, {"status": "anything", "bounced_at": None, "current_node_id": None}
    )
    assert not is_valid(PUFFLE, target, {"email": "not an email"})
    assert not is_valid(PUFFLE, target, {"id": "lead-1"})


# --- Lead Management ---------------------------------------------------------------------------

LM_STATUSES = ["new", "contacted", "qualified", "converted", "lost", "follow_up"]


def test_lead_management_server_is_the_customers_domain() -> None:
    server = load(LEAD_MANAGEMENT)["servers"][0]
    variable = server["variables"]["baseUrl"]
    assert server["url"] == "{baseUrl}"
    assert variable["default"] == "https://your-domain.com"
    assert "domain" in variable["description"]


def test_lead_status_enum_is_exactly_six_values() -> None:
    status = resolve(load(LEAD_MANAGEMENT), schema_ptr("LeadStatus"))
    assert status["enum"] == LM_STATUSES
    request = schema_ptr("UpdateLeadRequest")
    for value in LM_STATUSES:
        assert is_valid(LEAD_MANAGEMENT, request, {"status": value})
    assert not is_valid(
        LEAD_MANAGEMENT, request, {"status": "invalid_status"}
    )  # the page's 400 case


def test_lead_management_update_is_a_partial_idempotent_put() -> None:
    operation = op(LEAD_MANAGEMENT, LM_PATH, "put")
    assert operation["x-idempotent"] is True
    assert "partial" in operation["description"] and "merged" in operation["description"]
    assert "x-idempotent" in operation["x-transcription-note"]
    request = schema_ptr("UpdateLeadRequest")
    assert "required" not in resolve(load(LEAD_MANAGEMENT), request)
    assert is_valid(LEAD_MANAGEMENT, request, {"phone": "+1-555-123-9999"})
    assert is_valid(
        LEAD_MANAGEMENT,
        request,
        {
            "metadata": {
                "follow_up_date": "2024-01-20",
                "lead_score": 85,
                "interests": ["a"],
                "nested": {"x": None},
            }
        },
    )
    for frozen in ("id", "createdAt", "updatedAt", "workspaceId"):
        assert not is_valid(LEAD_MANAGEMENT, request, {frozen: "x"})
    assert not is_valid(LEAD_MANAGEMENT, request, {"email": "john.doe"})
    assert not is_valid(LEAD_MANAGEMENT, request, {"metadata": "notes"})


def test_lead_management_responses() -> None:
    doc = load(LEAD_MANAGEMENT)
    responses = op(LEAD_MANAGEMENT, LM_PATH, "put")["responses"]
    assert responses["400"] == {"$ref": "#/components/responses/ValidationError"}
    assert responses["404"] == {"$ref": "#/components/responses/NotFound"}
    assert responses["409"] == {"$ref": "#/components/responses/DuplicateEmail"}
    assert set(responses) == {"200", "400", "404", "409"}
    schema_of = {
        code: deref(doc, response)["content"]["application/json"]["schema"]
        for code, response in responses.items()
    }
    assert schema_of == {
        "200": {"$ref": "#/components/schemas/LeadResponse"},
        "400": {"$ref": "#/components/schemas/ValidationErrorResponse"},
        "404": {"$ref": "#/components/schemas/ErrorResponse"},
        "409": {"$ref": "#/components/schemas/DuplicateEmailResponse"},
    }
    assert (
        "examples" not in deref(doc, responses["404"])["content"]["application/json"]
    )  # none invented
    for component in ("ValidationErrorResponse", "DuplicateEmailResponse"):
        assert doc["components"]["schemas"][component]["allOf"][0] == {
            "$ref": "#/components/schemas/ErrorResponse"
        }


def test_lead_management_error_envelopes() -> None:
    error = {"success": False, "error": "Lead not found", "code": "NOT_FOUND"}
    assert is_valid(LEAD_MANAGEMENT, schema_ptr("ErrorResponse"), error)
    assert not is_valid(LEAD_MANAGEMENT, schema_ptr("ErrorResponse"), {**error, "success": True})
    assert not is_valid(
        LEAD_MANAGEMENT, schema_ptr("ErrorResponse"), {"success": False, "error": "x"}
    )
    duplicate = {
        "success": False,
        "error": "Email already exists",
        "code": "DUPLICATE_EMAIL",
        "details": {
            "email": "existing@example.com",
            "existingLeadId": "lead_another123",
            "message": "m",
        },
    }
    assert is_valid(LEAD_MANAGEMENT, schema_ptr("DuplicateEmailResponse"), duplicate)
    assert not is_valid(
        LEAD_MANAGEMENT, schema_ptr("DuplicateEmailResponse"), {**duplicate, "code": "OTHER"}
    )
    assert not is_valid(
        LEAD_MANAGEMENT,
        schema_ptr("DuplicateEmailResponse"),
        {**duplicate, "details": {"email": "existing@example.com", "message": "m"}},
    )
    assert not is_valid(LEAD_MANAGEMENT, schema_ptr("ValidationErrorResponse"), duplicate)
    validation = {
        "success": False,
        "error": "Validation failed",
        "code": "VALIDATION_ERROR",
        "details": {"field": "status", "value": 7, "message": "m"},
    }
    assert is_valid(LEAD_MANAGEMENT, schema_ptr("ValidationErrorResponse"), validation)


def test_lead_management_lead_and_envelope() -> None:
    doc = load(LEAD_MANAGEMENT)
    lead = doc["components"]["schemas"]["Lead"]
    assert sorted(lead["required"]) == ["createdAt", "id", "updatedAt", "workspaceId"]
    for field in ("id", "createdAt", "updatedAt", "workspaceId"):
        assert lead["properties"][field]["readOnly"] is True
    assert lead["properties"]["status"] == {"$ref": "#/components/schemas/LeadStatus"}
    assert lead["properties"]["metadata"] == {"$ref": "#/components/schemas/LeadMetadata"}
    assert (
        "format" not in lead["properties"]["phone"] and "pattern" not in lead["properties"]["phone"]
    )
    envelope = schema_ptr("LeadResponse")
    minimal = {
        "id": "lead_1",
        "createdAt": "2024-01-15T10:30:00.000Z",
        "updatedAt": "2024-01-16T14:30:00.000Z",
        "workspaceId": "ws_1",
    }
    assert is_valid(LEAD_MANAGEMENT, envelope, {"success": True, "data": minimal})
    assert not is_valid(LEAD_MANAGEMENT, envelope, {"success": False, "data": minimal})
    assert not is_valid(
        LEAD_MANAGEMENT, envelope, {"success": True, "data": {**minimal, "status": "won"}}
    )
    assert not is_valid(
        LEAD_MANAGEMENT, envelope, {"success": True, "data": {**minimal, "createdAt": "soon"}}
    )
    assert not is_valid(LEAD_MANAGEMENT, envelope, {"success": True, "data": {"id": "lead_1"}})
