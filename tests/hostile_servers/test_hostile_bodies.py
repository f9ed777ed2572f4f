"""Hostile response bodies: broken JSON, HTML, wrong content types, schema violations,
unknown fields and enum values, very large bodies.

Broken or non-matching bodies must raise the typed ``ResponseValidationError`` (2xx)
or the status error (non-2xx), never a raw KeyError/TypeError/JSONDecodeError;
unknown fields and enum values are kept; large bodies arrive whole (how long they take
to parse is measured by ``bench/bench_runtime_bodies.py``, not asserted here).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hostile_cases import ADD_OK, LEAD_OK, add_leads, update_campaign_lead, update_lead
from hostile_http import json_reply, reply
from hostile_support import MODES

CASES = {
    "inboxapp": (add_leads, ADD_OK),
    "lead_management": (update_lead, LEAD_OK),
}

BROKEN_JSON = {
    "truncated": b'{"added": 2, "skipped": 1, "fai',
    "empty": b"",
    "single-quotes": b"{'added': 2}",
    "trailing-garbage": b'{"added": 2, "skipped": 1, "failed": 0} trailing',
    "two-documents": b'{"added": 2}{"added": 3}',
    "invalid-utf8": b'{"added": "\xff\xfe\xfa"}',
    "nul-bytes": b"\x00\x00\x00\x00",
    "bom-then-garbage": b"\xef\xbb\xbf<",
    "deeply-nested": b"[" * 100_000 + b"]" * 100_000,
    "huge-integer": b'{"added": ' + b"9" * 5000 + b', "skipped": 0, "failed": 0}',
    "unterminated-string": b'{"added": "' + b"x" * 1000,
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
@pytest.mark.parametrize("body", BROKEN_JSON)
def test_broken_json_raises_response_validation_error(request, serve, call, package, mode, body):
    pkg = request.getfixturevalue(package)
    server = serve(reply(200, BROKEN_JSON[body]))
    out = call(pkg, mode, server.url, CASES[package][0])
    error = out.raised(pkg.ResponseValidationError)
    assert error.response is not None and error.response.status_code == 200
    assert len(server.requests) == 1  # a 200 is final, however broken


HTML = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Oops</h1></body></html>"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
def test_html_error_page_with_500_raises_internal_server_error(request, serve, call, package, mode):
    pkg = request.getfixturevalue(package)
    server = serve(reply(500, HTML, content_type="text/html; charset=utf-8"))
    out = call(pkg, mode, server.url, CASES[package][0])
    error = out.raised(pkg.InternalServerError)
    assert error.status_code == 500 and error.parsed is None
    assert error.body == HTML and "502 Bad Gateway" in str(error)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
def test_html_page_with_200_raises_response_validation_error(request, serve, call, package, mode):
    pkg = request.getfixturevalue(package)
    server = serve(reply(200, HTML, content_type="text/html"))
    out = call(pkg, mode, server.url, CASES[package][0])
    error = out.raised(pkg.ResponseValidationError)
    assert "text/html" in str(error)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [400, 404, 409])
def test_html_body_for_a_declared_error_status_gives_the_status_error_unparsed(
    lead_management, serve, call, mode, status
):
    server = serve(reply(status, HTML, content_type="text/html"))
    out = call(lead_management, mode, server.url, update_lead)
    error = out.raised(lead_management._errors.status_error_class(status))
    assert error.parsed is None and error.status_code == status


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [400, 404, 409])
def test_wrong_shape_for_a_declared_error_status_gives_the_status_error_unparsed(
    lead_management, serve, call, mode, status
):
    server = serve(reply(status, b'[1, "two", {"three": null}]'))
    out = call(lead_management, mode, server.url, update_lead)
    error = out.raised(lead_management._errors.status_error_class(status))
    assert error.parsed is None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/xml", "application/octet-stream"]
)
def test_json_text_with_an_unexpected_content_type(
    request, serve, call, package, mode, content_type
):
    pkg = request.getfixturevalue(package)
    op, body = CASES[package]
    server = serve(reply(200, json.dumps(body), content_type=content_type))
    out = call(pkg, mode, server.url, op)
    error = out.raised(pkg.ResponseValidationError)
    assert content_type in str(error)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("package", CASES)
@pytest.mark.parametrize(
    "content_type", [None, "application/json; charset=utf-8", "application/problem+json"]
)
def test_json_with_missing_or_json_flavoured_content_type_parses(
    request, serve, call, package, mode, content_type
):
    pkg = request.getfixturevalue(package)
    op, body = CASES[package]
    server = serve(reply(200, json.dumps(body), content_type=content_type))
    out = call(pkg, mode, server.url, op)
    assert out.ok() is not None


def _lead(**changes: Any) -> dict[str, Any]:
    data = {**LEAD_OK["data"], **changes}
    return {"success": True, "data": {k: v for k, v in data.items() if v is not ...}}


SCHEMA_VIOLATIONS = {
    "inboxapp": {
        "null": (None, "/"),
        "array": ([ADD_OK], "/"),
        "string": ("ok", "/"),
        "number-as-string": ({**ADD_OK, "added": "2"}, "/added"),
        "float": ({**ADD_OK, "added": 2.5}, "/added"),
        "bool-as-int": ({**ADD_OK, "added": True}, "/added"),
        "null-count": ({**ADD_OK, "failed": None}, "/failed"),
        "nan": ({**ADD_OK, "failed": float("nan")}, "/failed"),
        "infinity": ({**ADD_OK, "failed": float("inf")}, "/failed"),
        "missing-required": ({"added": 2}, "/skipped"),
        "empty-object": ({}, "/added"),
    },
    "lead_management": {
        "data-missing": ({"success": True}, "/data"),
        "data-is-list": ({"success": True, "data": []}, "/data"),
        "success-is-string": ({**LEAD_OK, "success": "yes"}, "/success"),
        "id-is-number": (_lead(id=123), "/data/id"),
        "id-missing": (_lead(id=...), "/data/id"),
        "bad-date-time": (_lead(createdAt="yesterday"), "/data/createdAt"),
        "date-time-is-number": (_lead(updatedAt=1700000000), "/data/updatedAt"),
        "metadata-is-list": (_lead(metadata=["a"]), "/data/metadata"),
        "status-is-number": (_lead(status=3), "/data/status"),
    },
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("package", "case"), [(p, c) for p, cases in SCHEMA_VIOLATIONS.items() for c in cases]
)
def test_body_not_matching_the_schema_raises_response_validation_error(
    request, serve, call, package, case, mode
):
    pkg = request.getfixturevalue(package)
    value, pointer = SCHEMA_VIOLATIONS[package][case]
    # allow_nan: a hostile server sends NaN/Infinity, which Python's json accepts
    server = serve(reply(200, json.dumps(value, allow_nan=True)))
    out = call(pkg, mode, server.url, CASES[package][0], strict_responses=True)
    error = out.raised(pkg.ResponseValidationError)
    assert (error.path or "/") == pointer, str(error)
    assert error.response is not None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("package", "case"), [(p, c) for p, cases in SCHEMA_VIOLATIONS.items() for c in cases]
)
def test_body_not_matching_the_schema_is_returned_by_default(
    request, serve, call, package, case, mode
):
    pkg = request.getfixturevalue(package)
    value, pointer = SCHEMA_VIOLATIONS[package][case]
    server = serve(reply(200, json.dumps(value, allow_nan=True)))
    result = call(pkg, mode, server.url, CASES[package][0]).ok()
    if pointer == "/":  # not even an object: returned as it came
        assert result == value
    else:
        assert pointer in [p.path for p in result.validation_problems], result.validation_problems


@pytest.mark.parametrize("mode", MODES)
def test_unknown_fields_and_enum_values_are_kept(lead_management, serve, call, mode):
    body = {
        **LEAD_OK,
        "requestId": "r-1",
        "data": {**LEAD_OK["data"], "status": "archived", "score": 97, "tags": ["vip"]},
    }
    server = serve(json_reply(200, body))
    out = call(lead_management, mode, server.url, update_lead)
    result = out.ok()
    assert result.additional_properties == {"requestId": "r-1"}
    assert result.data.status == "archived"  # not one of the six documented statuses
    assert result.data.additional_properties == {"score": 97, "tags": ["vip"]}
    assert result.to_dict() == body  # nothing lost on the way back either


@pytest.mark.parametrize("mode", MODES)
def test_unknown_enum_value_in_a_nested_inboxapp_model_is_kept(
    inboxapp, serve, call, mode, campaign_lead_json
):
    body = {**campaign_lead_json, "stage": "hibernating", "newTopLevel": {"a": [1, 2]}}
    server = serve(json_reply(200, body))
    out = call(inboxapp, mode, server.url, update_campaign_lead)
    result = out.ok()
    assert result.stage == "hibernating"
    assert result.additional_properties == {"newTopLevel": {"a": [1, 2]}}


@pytest.mark.parametrize("mode", MODES)
def test_success_flag_false_is_kept_as_received(lead_management, serve, call, mode):
    server = serve(json_reply(200, {**LEAD_OK, "success": False}))
    out = call(lead_management, mode, server.url, update_lead)
    assert out.ok().success is False  # const True, but a boolean: lenient, as documented for enums


# --- large bodies ----------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_20_mb_unknown_string_field(inboxapp, serve, call, mode):
    padding = "x" * 20_000_000
    data = json.dumps({**ADD_OK, "padding": padding}).encode()
    server = serve(reply(200, data))
    out = call(inboxapp, mode, server.url, add_leads)
    result = out.ok()
    assert (result.added, result.skipped, result.failed) == (2, 1, 0)
    assert result.additional_properties == {"padding": padding}


@pytest.mark.parametrize("mode", MODES)
def test_50k_item_unknown_array_is_kept_whole(inboxapp, serve, call, mode):
    items = [{"id": f"lead_{i}", "n": i, "tags": ["a", "b"]} for i in range(50_000)]
    data = json.dumps({**ADD_OK, "items": items}).encode()
    server = serve(reply(200, data))
    out = call(inboxapp, mode, server.url, add_leads)
    assert out.ok().additional_properties == {"items": items}


@pytest.mark.parametrize("mode", MODES)
def test_50k_keys_in_a_typed_map_field(lead_management, serve, call, mode):
    metadata = {f"key_{i}": {"v": i} for i in range(50_000)}
    data = json.dumps(_lead(metadata=metadata)).encode()
    server = serve(reply(200, data))
    out = call(lead_management, mode, server.url, update_lead)
    assert out.ok().data.metadata == metadata


@pytest.mark.parametrize("mode", MODES)
def test_20_mb_html_error_page(lead_management, serve, call, mode):
    page = b"<html><body>" + b"<p>sorry</p>" * 1_700_000 + b"</body></html>"
    server = serve(reply(500, page, content_type="text/html"))
    out = call(lead_management, mode, server.url, update_lead, max_retries=0)
    error = out.raised(lead_management.InternalServerError)
    assert error.body == page and len(str(error)) < 400
    assert error.parsed is None and len(server.requests) == 1
