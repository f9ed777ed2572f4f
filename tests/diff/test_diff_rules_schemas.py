"""One small OLD/NEW pair per rule: schemas (both directions), servers, security, the generated client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from leadgen.diff.rules import RULES

from tests.diff.diff_helpers import (
    CONTACT,
    DELETE,
    DELETE_M,
    GET,
    GET_M,
    LEAD,
    LEADS,
    OP_DELETE,
    OP_GET,
    OP_PATCH,
    PATCH,
    PATCH_M,
    STAGE,
    UPD,
    Case,
    M,
    check_case,
    diff,
    drop,
    edited,
    put,
    rename_path,
    rename_schema,
)
from tests.diff.test_diff_rules_wire import CASES as WIRE_CASES

U, L = UPD + "/properties/", LEAD + "/properties/"
UM, LM = "shop.models.LeadUpdate.", "shop.models.Lead."
SCHEMES = "/components/schemas"
SEC = "/components/securitySchemes"
CLIENT = "shop.Client"
API_KEY = {"type": "apiKey", "in": "header", "name": "X-Key"}
US, BACKUP = {"url": "https://us.example.com/v1"}, {"url": "https://backup.example.com/v1"}


def _name_before_name(spec: dict[str, Any]) -> None:
    """A new wire property `Name` ahead of `name`: both want the attribute `name`."""
    properties = spec["components"]["schemas"]["Lead"]["properties"]
    spec["components"]["schemas"]["Lead"]["properties"] = {"Name": {"type": "string"}, **properties}


def req(
    rule: str,
    level: str,
    prop: str,
    new: tuple[Any, ...],
    old: tuple[Any, ...] = (),
    suffix: str = "",
) -> Case:
    return Case(rule, level, new, OP_PATCH, U + prop + suffix, U + prop + suffix, (UM + prop,), old)


def resp(
    rule: str,
    level: str,
    prop: str,
    new: tuple[Any, ...],
    old: tuple[Any, ...] = (),
    suffix: str = "",
) -> Case:
    """Lead is returned by GET and PATCH: one finding reaching both."""
    at = L + prop + suffix
    return Case(rule, level, new, None, at, at, (LM + prop,), old, operations=BOTH)


NUMBER = "number"
_LINK = {"operationId": "updateLead", "parameters": {"leadId": "$response.body#/id"}}
BOTH = (OP_GET, OP_PATCH)
CASES = [
    # -- request schemas (LeadUpdate, the PATCH body) --------------------------------------
    Case("request-property-added", "INFO", (put(U + "email", {"type": "string"}),), OP_PATCH, UPD, U + "email", (UM + "email",)),
    Case("request-property-added-required", "ERR", (put(U + "email", {"type": "string"}), put(UPD + "/required/1", "email")),
         OP_PATCH, UPD, U + "email", (UM + "email",)),
    Case("request-property-removed", "ERR", (drop(U + "note"),), OP_PATCH, U + "note", UPD, (UM + "note",)),
    req("request-property-became-required", "ERR", "score", (put(UPD + "/required/1", "score"),)),
    req("request-property-became-optional", "INFO", "name", (put(UPD + "/required", []),)),
    req("request-property-became-read-only", "ERR", "note", (put(U + "note/readOnly", True),)),
    req("request-type-narrowed", "ERR", "score", (), old=(put(U + "score/type", NUMBER),)),
    req("request-type-widened", "INFO", "score", (put(U + "score/type", NUMBER),)),
    req("request-type-changed", "ERR", "score", (put(U + "score/type", "string"),)),
    Case("request-enum-value-removed", "ERR", (put(STAGE + "/enum", ["new", "won"]),), OP_PATCH,
         STAGE + "/enum/2", STAGE + "/enum", ("shop.models.Stage", UM + "stage")),
    Case("request-enum-value-added", "INFO", (put(STAGE + "/enum/3", "open"),), OP_PATCH,
         STAGE + "/enum", STAGE + "/enum/3", ("shop.models.Stage", UM + "stage")),
    req("request-nullable-added", "INFO", "note", (put(U + "note/type", ["string", "null"]),)),
    req("request-nullable-removed", "ERR", "note", (), old=(put(U + "note/type", ["string", "null"]),)),
    req("request-format-changed", "WARN", "name", (put(U + "name/format", "email"),)),
    req("request-length-tightened", "ERR", "name", (put(U + "name/maxLength", 40),), suffix="/maxLength"),
    req("request-range-tightened", "ERR", "score", (put(U + "score/maximum", 5),), suffix="/maximum"),
    req("request-pattern-tightened", "ERR", "name", (put(U + "name/pattern", "^[a-z]{2,}$"),), suffix="/pattern"),
    req("request-items-tightened", "ERR", "tags", (put(U + "tags/maxItems", 3),), suffix="/maxItems"),
    req("request-constraint-loosened", "INFO", "name", (put(U + "name/maxLength", 60),), suffix="/maxLength"),
    Case("request-additional-properties-closed", "ERR", (), OP_PATCH, UPD + "/additionalProperties",
         UPD + "/additionalProperties", ("shop.models.LeadUpdate",), old=(drop(UPD + "/additionalProperties"),)),
    Case("request-additional-properties-opened", "INFO", (drop(UPD + "/additionalProperties"),), OP_PATCH,
         UPD + "/additionalProperties", UPD + "/additionalProperties", ("shop.models.LeadUpdate",)),
    req("request-property-default-added", "INFO", "score", (put(U + "score/default", 5),)),
    req("request-property-default-changed", "WARN", "note", (put(U + "note/default", "n/a"),)),
    req("request-property-default-removed", "WARN", "note", (drop(U + "note/default"),)),
    # -- response schemas (Lead, returned by GET) --------------------------------------------
    Case("response-property-added", "INFO", (put(L + "email", {"type": "string"}),), None, LEAD, L + "email", (LM + "email",),
         operations=BOTH),
    Case("response-property-removed", "ERR", (drop(L + "score"),), None, L + "score", LEAD, (LM + "score",), operations=BOTH),
    resp("response-property-became-optional", "ERR", "stage", (put(LEAD + "/required", ["id"]),)),
    resp("response-property-became-required", "INFO", "score", (put(LEAD + "/required/2", "score"),)),
    resp("response-property-became-write-only", "ERR", "score", (put(L + "score/writeOnly", True),)),
    resp("response-type-widened", "ERR", "score", (put(L + "score/type", NUMBER),)),
    resp("response-type-narrowed", "INFO", "score", (), old=(put(L + "score/type", NUMBER),)),
    resp("response-type-changed", "ERR", "score", (put(L + "score/type", "boolean"),)),
    Case("response-enum-value-added", "WARN", (put(STAGE + "/enum/3", "open"),), None,
         STAGE + "/enum", STAGE + "/enum/3", ("shop.models.Stage", LM + "stage"), operations=BOTH),
    Case("response-enum-value-removed", "INFO", (put(STAGE + "/enum", ["new", "won"]),), None,
         STAGE + "/enum/2", STAGE + "/enum", ("shop.models.Stage", LM + "stage"), operations=BOTH),
    resp("response-nullable-added", "ERR", "name", (put(L + "name/type", ["string", "null"]),)),
    resp("response-nullable-removed", "INFO", "name", (), old=(put(L + "name/type", ["string", "null"]),)),
    resp("response-format-changed", "WARN", "score", (put(L + "score/format", "int64"),)),
    resp("response-constraint-loosened", "WARN", "name", (put(L + "name/maxLength", 100),), suffix="/maxLength"),
    resp("response-constraint-tightened", "INFO", "name", (put(L + "name/maxLength", 20),), suffix="/maxLength"),
    Case("response-additional-properties-changed", "INFO", (put(LEAD + "/additionalProperties", False),), None,
         LEAD + "/additionalProperties", LEAD + "/additionalProperties", ("shop.models.Lead",), operations=BOTH),
    # -- both directions -----------------------------------------------------------------------
    Case("discriminator-property-changed", "ERR", (put(CONTACT + "/discriminator/propertyName", "type"),), None,
         CONTACT, CONTACT, ("shop.models.Contact", LM + "contact"), operations=BOTH),
    Case("discriminator-mapping-changed", "WARN", (drop(CONTACT + "/discriminator/mapping/phone"),), None,
         CONTACT, CONTACT, ("shop.models.Contact", LM + "contact"), operations=BOTH),
    Case("property-deprecated", "INFO", (put(L + "score/deprecated", True),), None, L + "score", L + "score", (LM + "score",)),
    Case("schema-deprecated", "INFO", (put(LEAD + "/deprecated", True),), None, LEAD, LEAD, ("shop.models.Lead",)),
    # -- servers and security -----------------------------------------------------------------
    Case("server-added", "INFO", (put("/servers/1", {"url": "https://backup.example.com/v1"}),), None, "/servers", "/servers/1", ()),
    Case("server-removed", "WARN", (), None, "/servers/1", "/servers", (CLIENT,),
         old=(put("/servers/1", {"url": "https://backup.example.com/v1"}),)),
    Case("default-server-changed", "WARN", (put("/servers/0/url", "https://{region}.example.org/v1"),), None,
         "/servers/0", "/servers/0", (CLIENT,)),
    Case("server-variable-changed", "WARN", (put("/servers/0/variables/region/enum", ["us"]),), None,
         "/servers/0/variables/region", "/servers/0/variables/region", (CLIENT,)),
    Case("operation-server-changed", "ERR", (put(GET + "/servers", [{"url": "https://files.example.com/v1"}]),), OP_GET,
         GET, GET + "/servers/0", (GET_M,)),
    Case("operation-server-removed", "WARN", (put(GET + "/servers", [US]),), OP_GET, GET + "/servers/1", GET + "/servers", (GET_M,),
         old=(put(GET + "/servers", [US, BACKUP]),)),
    Case("operation-server-added", "INFO", (put(LEADS + "/servers", [US, BACKUP]),), OP_GET, GET, LEADS + "/servers/1", (GET_M,)),
    Case("security-scheme-added", "INFO", (put(SEC + "/key", API_KEY),), None, SEC, SEC + "/key", ()),
    Case("security-scheme-removed", "ERR", (), None, SEC + "/key", SEC, (CLIENT,), old=(put(SEC + "/key", API_KEY),)),
    Case("security-scheme-changed", "ERR", (put(SEC + "/bearer", API_KEY),), None, SEC + "/bearer", SEC + "/bearer", (CLIENT,)),
    Case("security-requirement-added", "ERR", (drop(DELETE + "/security"),), OP_DELETE,
         DELETE + "/security", DELETE + "/security", (DELETE_M, CLIENT)),
    Case("security-requirement-removed", "INFO", (put(GET + "/security", []),), OP_GET, GET + "/security", GET + "/security", (GET_M,)),
    # -- generated Python symbols (WARN: the default --symbol-level) ---------------------------------------------------------------------
    Case("python-method-renamed", "WARN", (put(PATCH + "/operationId", "modifyLead"),), OP_PATCH,
         PATCH + "/operationId", PATCH + "/operationId", (PATCH_M, M + "modify")),
    Case("python-method-moved", "WARN", (put(PATCH + "/tags", ["admin"]),), OP_PATCH,
         PATCH + "/tags", PATCH + "/tags", (PATCH_M, "shop.resources.admin.AdminResource.update_lead")),
    Case("python-argument-renamed", "WARN",
         (put(PATCH + "/parameters/1", {"name": "note", "in": "query", "schema": {"type": "string"}}),), OP_PATCH,
         U + "note", U + "note", (PATCH_M,)),
    Case("python-path-argument-renamed", "WARN", (rename_path("/leads/{leadId}", "/leads/{id}", "leadId", "id"),),
         "GET /leads/{id}", GET + "/parameters/0", "/paths/~1leads~1{id}/get/parameters/0", (GET_M,)),
    Case("python-body-arguments-changed", "WARN", (put(UPD + "/additionalProperties", {"type": "string"}),), OP_PATCH,
         PATCH + "/requestBody", PATCH + "/requestBody", (PATCH_M,)),
    Case("python-attribute-renamed", "WARN", (_name_before_name,), None, L + "name", L + "name", (LM + "name", LM + "name_2")),
    Case("python-class-renamed", "WARN", (rename_schema("Stage", "Phase"),), None, STAGE, SCHEMES + "/Phase",
         ("shop.models.Stage", "shop.models.Phase")),
    Case("python-class-removed", "WARN", (), None, SCHEMES + "/Legacy", None, ("shop.models.Legacy",),
         old=(put(SCHEMES + "/Legacy", {"type": "object", "properties": {"x": {"type": "string"}}}),)),
    Case("python-type-changed", "WARN",
         (put(GET + "/responses/200/content/application~1json/schema/$ref", "#/components/schemas/LeadUpdate"),), OP_GET,
         GET + "/responses/200/content/application~1json/schema", GET + "/responses/200/content/application~1json/schema", (GET_M,)),
    Case("python-link-removed", "WARN", (), OP_GET, GET + "/responses/200/links/update", GET,
         (GET_M, "shop.resources.leads.GetLeadLinks.update"), old=(put(GET + "/responses/200/links", {"update": _LINK}),)),
    Case("python-credential-renamed", "WARN", (put(SEC + "/another", {"type": "http", "scheme": "bearer"}),), None,
         SEC + "/bearer", SEC + "/bearer", (CLIENT,)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_rule(tmp_path: Path, case: Case) -> None:
    check_case(tmp_path, case)


def test_every_rule_has_a_pair() -> None:
    tested = {c.rule for c in CASES + WIRE_CASES} | {
        "spec-added",
        "spec-removed",
    }  # test_diff_git.py
    assert tested == set(RULES)
    assert len(CASES + WIRE_CASES) == len({c.rule for c in CASES + WIRE_CASES})


def test_operation_servers_of_a_path_item_and_of_the_document(tmp_path: Path) -> None:
    backup = put(LEADS + "/servers", [BACKUP])
    moved = diff(tmp_path / "a", edited(backup), edited(put(LEADS + "/servers", [{"url": "/v2"}])))
    assert [(f.rule, f.operations, f.message, f.symbols) for f in moved] == [
        (
            "operation-server-changed",
            (OP_DELETE, OP_GET, OP_PATCH),
            "the operation's server https://backup.example.com/v1 is now /v2",
            (DELETE_M, GET_M, PATCH_M),
        )
    ]
    document = diff(tmp_path / "b", edited(), edited(put("/servers/0/url", "https://x.org/v1")))
    assert [f.rule for f in document] == ["default-server-changed"]  # not once per operation
