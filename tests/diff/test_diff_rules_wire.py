"""One small OLD/NEW pair per rule: operations, parameters, request bodies, responses."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.diff.diff_helpers import (
    DELETE,
    DELETE_M,
    GET,
    GET_M,
    LEADS,
    OP_DELETE,
    OP_GET,
    OP_PATCH,
    PATCH,
    PATCH_M,
    Case,
    _ok,
    check_case,
    drop,
    put,
    rename_path,
)

FORM = "/requestBody/content/application~1x-www-form-urlencoded"
XML = "/responses/200/content/application~1xml"
LIMIT = GET + "/parameters/1"
FUTURE, PAST = "2999-01-01", "2000-01-01"
HEADERS = GET + "/responses/200/headers"
INTEGER = {"schema": {"type": "integer"}}
EXTRA_BODY = {
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"reason": {"type": "string"}}}
        }
    }
}

_WEBHOOK = {
    "leadCreated": {
        "post": {
            "requestBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Lead"}}}
            },
            "responses": {"200": {"description": "OK"}},
        }
    }
}
CASES = [
    # -- operations -----------------------------------------------------------------------
    Case("operation-added", "INFO",
         (put("/paths/~1leads", {"get": {"operationId": "listLeads", "tags": ["leads"], "summary": "List",
                                         "responses": {"200": {"description": "OK"}}}}),),
         "GET /leads", None, "/paths/~1leads/get", ("shop.resources.leads.LeadsResource.list",)),
    Case("operation-removed", "ERR", (drop(PATCH),), OP_PATCH, PATCH, None, (PATCH_M,)),
    Case("operation-removed-before-sunset", "ERR", (drop(PATCH),), OP_PATCH, PATCH, None, (PATCH_M,),
         old=(put(PATCH + "/deprecated", True), put(PATCH + "/x-sunset", FUTURE))),
    Case("operation-removed-after-sunset", "INFO", (drop(PATCH),), OP_PATCH, PATCH, None, (PATCH_M,),
         old=(put(PATCH + "/deprecated", True), put(PATCH + "/x-sunset", PAST))),
    Case("operation-deprecated", "INFO", (put(PATCH + "/deprecated", True), put(PATCH + "/x-sunset", FUTURE)),
         OP_PATCH, PATCH, PATCH + "/deprecated", (PATCH_M,)),
    Case("operation-id-changed", "INFO", (put(GET + "/operationId", "get_lead"),),
         OP_GET, GET + "/operationId", GET + "/operationId", (GET_M,)),
    Case("operation-tag-changed", "INFO",
         tuple(put(p + "/tags", ["Leads"]) for p in (GET, PATCH, DELETE)) + (put("/tags/0/name", "Leads"),),
         OP_GET, GET + "/tags", GET + "/tags", (GET_M,)),
    Case("path-parameter-renamed", "INFO", (rename_path("/leads/{leadId}", "/leads/{id}", "leadId", "id"),),
         None, LEADS, "/paths/~1leads~1{id}", (DELETE_M, GET_M, PATCH_M),
         operations=("DELETE /leads/{id}", "GET /leads/{id}", "PATCH /leads/{id}")),
    Case("webhook-added", "INFO", (put("/webhooks", _WEBHOOK),), "webhook leadCreated (POST)", None,
         "/webhooks/leadCreated/post", ("shop.webhooks.parse_lead_created",)),
    Case("webhook-removed", "WARN", (), "webhook leadCreated (POST)", "/webhooks/leadCreated/post", None,
         ("shop.webhooks.parse_lead_created",), old=(put("/webhooks", _WEBHOOK),)),
    # -- parameters -----------------------------------------------------------------------
    Case("request-parameter-added", "INFO",
         (put(GET + "/parameters/2", {"name": "q", "in": "query", "schema": {"type": "string"}}),),
         OP_GET, GET, GET + "/parameters/2", (GET_M,)),
    Case("request-parameter-added-required", "ERR",
         (put(GET + "/parameters/2", {"name": "X-Tenant", "in": "header", "required": True, "schema": {"type": "string"}}),),
         OP_GET, GET, GET + "/parameters/2", (GET_M,)),
    Case("request-parameter-removed", "ERR", (drop(LIMIT),), OP_GET, LIMIT, GET, (GET_M,)),
    Case("request-parameter-removed-before-sunset", "ERR", (drop(LIMIT),), OP_GET, LIMIT, GET, (GET_M,),
         old=(put(LIMIT + "/deprecated", True), put(LIMIT + "/x-sunset", FUTURE))),
    Case("request-parameter-removed-after-sunset", "INFO", (drop(LIMIT),), OP_GET, LIMIT, GET, (GET_M,),
         old=(put(LIMIT + "/deprecated", True), put(LIMIT + "/x-sunset", "Sat, 01 Jan 2000 00:00:00 GMT"))),
    Case("request-parameter-became-required", "ERR", (put(LIMIT + "/required", True),), OP_GET, LIMIT, LIMIT, (GET_M,)),
    Case("request-parameter-became-optional", "INFO", (), OP_GET, LIMIT, LIMIT, (GET_M,),
         old=(put(LIMIT + "/required", True),)),
    Case("request-parameter-location-changed", "ERR", (put(LIMIT + "/in", "header"),), OP_GET, LIMIT, LIMIT, (GET_M,)),
    Case("request-parameter-style-changed", "ERR", (put(LIMIT + "/explode", False),), OP_GET, LIMIT, LIMIT, (GET_M,)),
    Case("request-parameter-deprecated", "INFO", (put(LIMIT + "/deprecated", True), put(LIMIT + "/x-sunset", FUTURE)),
         OP_GET, LIMIT, LIMIT, (GET_M,)),
    Case("request-parameter-default-added", "INFO", (put(LIMIT + "/schema/default", 20),), OP_GET, LIMIT, LIMIT, (GET_M,)),
    Case("request-parameter-default-changed", "WARN", (put(LIMIT + "/schema/default", 50),), OP_GET, LIMIT, LIMIT, (GET_M,),
         old=(put(LIMIT + "/schema/default", 20),)),
    Case("request-parameter-default-removed", "WARN", (), OP_GET, LIMIT, LIMIT, (GET_M,),
         old=(put(LIMIT + "/schema/default", 20),)),
    # -- request bodies ---------------------------------------------------------------------
    Case("request-body-added", "INFO", (put(DELETE + "/requestBody", EXTRA_BODY),),
         OP_DELETE, DELETE, DELETE + "/requestBody", (DELETE_M,)),
    Case("request-body-added-required", "ERR", (put(DELETE + "/requestBody", {**EXTRA_BODY, "required": True}),),
         OP_DELETE, DELETE, DELETE + "/requestBody", (DELETE_M,)),
    Case("request-body-removed", "ERR", (drop(PATCH + "/requestBody"),), OP_PATCH, PATCH + "/requestBody", PATCH, (PATCH_M,)),
    Case("request-body-became-required", "ERR", (), OP_PATCH, PATCH + "/requestBody", PATCH + "/requestBody", (PATCH_M,),
         old=(put(PATCH + "/requestBody/required", False),)),
    Case("request-body-became-optional", "INFO", (put(PATCH + "/requestBody/required", False),),
         OP_PATCH, PATCH + "/requestBody", PATCH + "/requestBody", (PATCH_M,)),
    Case("request-media-type-added", "INFO", (put(PATCH + FORM, {"schema": {"$ref": "#/components/schemas/LeadUpdate"}}),),
         OP_PATCH, PATCH + "/requestBody", PATCH + FORM, (PATCH_M,)),
    Case("request-media-type-removed", "ERR", (), OP_PATCH, PATCH + FORM, PATCH + "/requestBody", (PATCH_M,),
         old=(put(PATCH + FORM, {"schema": {"$ref": "#/components/schemas/LeadUpdate"}}),)),
    # -- responses ------------------------------------------------------------------------------
    Case("response-status-added", "INFO", (put(GET + "/responses/400", {"description": "Bad"}),),
         OP_GET, GET + "/responses", GET + "/responses/400", (GET_M,)),
    Case("response-success-status-removed", "ERR", (drop(PATCH + "/responses/200"), put(PATCH + "/responses/201", _ok())),
         OP_PATCH, PATCH + "/responses/200", PATCH + "/responses", (PATCH_M,)),
    Case("response-error-status-removed", "INFO", (drop(GET + "/responses/404"),),
         OP_GET, GET + "/responses/404", GET + "/responses", (GET_M,)),
    Case("response-media-type-added", "INFO", (put(GET + XML, {"schema": {"type": "string"}}),),
         OP_GET, GET + "/responses/200", GET + XML, (GET_M,)),
    Case("response-media-type-removed", "ERR", (), OP_GET, GET + XML, GET + "/responses/200", (GET_M,),
         old=(put(GET + XML, {"schema": {"type": "string"}}),)),
    Case("response-body-added", "INFO",
         (put(GET + "/responses/404/content", {"application/json": {"schema": {"type": "string"}}}),),
         OP_GET, GET + "/responses/404", GET + "/responses/404", (GET_M,)),
    Case("response-body-removed", "ERR", (drop(GET + "/responses/200/content"),),
         OP_GET, GET + "/responses/200", GET + "/responses/200", (GET_M,)),
    Case("response-header-added", "INFO", (put(HEADERS, {"X-Rate-Limit": INTEGER}),),
         OP_GET, GET + "/responses/200", HEADERS + "/X-Rate-Limit", (GET_M,)),
    Case("response-required-header-removed", "ERR", (), OP_GET, HEADERS + "/X-Request-Id", GET + "/responses/200", (GET_M,),
         old=(put(HEADERS, {"X-Request-Id": {**INTEGER, "required": True}}),)),
    Case("response-optional-header-removed", "WARN", (), OP_GET, HEADERS + "/X-Request-Id", GET + "/responses/200", (GET_M,),
         old=(put(HEADERS, {"X-Request-Id": INTEGER}),)),
    Case("response-header-became-optional", "ERR", (put(HEADERS, {"X-Request-Id": INTEGER}),),
         OP_GET, HEADERS + "/X-Request-Id", HEADERS + "/X-Request-Id", (GET_M,),
         old=(put(HEADERS, {"X-Request-Id": {**INTEGER, "required": True}}),)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_rule(tmp_path: Path, case: Case) -> None:
    check_case(tmp_path, case)
