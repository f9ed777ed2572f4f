"""Levels that depend on more than one edit: sunsets, relied-upon bounds, shared response headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.diff.diff_helpers import (
    GET,
    LEAD,
    OP_GET,
    OP_PATCH,
    PATCH,
    TODAY,
    UPD,
    diff,
    drop,
    edited,
    put,
)

LIMIT = GET + "/parameters/1"


def _found(tmp: Path, old: dict[str, Any], new: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f.rule, f.level) for f in diff(tmp, old, new)}


@pytest.mark.parametrize(
    ("sunset", "expected"),
    [
        (TODAY.isoformat(), ("operation-removed-after-sunset", "INFO")),  # on the day: allowed
        ("2025-06-02", ("operation-removed-before-sunset", "ERR")),
        (None, ("operation-removed-before-sunset", "ERR")),  # deprecated, but no date promised
        ("next spring", ("operation-removed-before-sunset", "ERR")),  # no date can be read
    ],
)
def test_removing_a_deprecated_operation(
    tmp_path: Path, sunset: str | None, expected: tuple[str, str]
) -> None:
    deprecated = edited(
        put(PATCH + "/deprecated", True), *([put(PATCH + "/x-sunset", sunset)] if sunset else [])
    )
    assert _found(tmp_path, deprecated, edited(drop(PATCH))) == {expected}


def test_removing_a_deprecated_parameter_on_its_sunset_day(tmp_path: Path) -> None:
    old = edited(put(LIMIT + "/deprecated", True), put(LIMIT + "/x-sunset", TODAY.isoformat()))
    assert _found(tmp_path, old, edited(drop(LIMIT))) == {
        ("request-parameter-removed-after-sunset", "INFO")
    }


def test_deprecating_is_info_with_or_without_a_sunset(tmp_path: Path) -> None:
    (finding,) = diff(tmp_path, edited(), edited(put(PATCH + "/deprecated", True)))
    assert (finding.rule, finding.level) == ("operation-deprecated", "INFO")
    assert finding.message == f"operation {OP_PATCH} deprecated (no x-sunset date)"
    (finding,) = diff(tmp_path / "param", edited(), edited(put(LIMIT + "/deprecated", True)))
    assert (finding.rule, finding.level) == ("request-parameter-deprecated", "INFO")


@pytest.mark.parametrize(
    ("old", "new", "level"),
    [
        ({"minimum": 0}, {"minimum": -5}, "WARN"),  # a smaller minimum: may return less
        ({"maximum": 10}, {}, "WARN"),  # no bound any more
        ({"minimum": 0}, {"minimum": 1}, "INFO"),  # narrower: every value was valid before
    ],
)
def test_response_bounds(
    tmp_path: Path, old: dict[str, Any], new: dict[str, Any], level: str
) -> None:
    score = LEAD + "/properties/score"
    findings = diff(
        tmp_path,
        edited(put(score, {"type": "integer", **old})),
        edited(put(score, {"type": "integer", **new})),
    )
    rule = "response-constraint-loosened" if level == "WARN" else "response-constraint-tightened"
    assert [(f.rule, f.level, f.operations) for f in findings] == [
        (rule, level, (OP_GET, OP_PATCH))
    ]


def test_a_request_bound_dropped_is_info(tmp_path: Path) -> None:
    findings = diff(tmp_path, edited(), edited(drop(UPD + "/properties/name/maxLength")))
    assert [(f.rule, f.level) for f in findings] == [("request-constraint-loosened", "INFO")]


def _shared_response(headers: dict[str, Any]) -> Any:
    """GET and PATCH answer 200 with one component response carrying `headers`."""
    response = {
        "description": "A lead",
        "headers": headers,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Lead"}}},
    }

    def apply(spec: dict[str, Any]) -> None:
        spec["components"]["responses"] = {"LeadFound": response}
        spec["components"]["headers"] = {
            "RequestId": {"required": True, "schema": {"type": "string"}}
        }
        for op in (GET, PATCH):
            put(op + "/responses/200", {"$ref": "#/components/responses/LeadFound"})(spec)

    return apply


def test_a_required_header_of_a_shared_response_removed(tmp_path: Path) -> None:
    old = edited(_shared_response({"X-Request-Id": {"$ref": "#/components/headers/RequestId"}}))
    new = edited(_shared_response({}))
    (finding,) = diff(tmp_path, old, new)
    assert (finding.rule, finding.level) == ("response-required-header-removed", "ERR")
    assert finding.operations == (OP_GET, OP_PATCH) and finding.operation is None
    assert finding.scope == "response LeadFound"
    assert finding.old is not None
    assert finding.old.pointer == "/components/responses/LeadFound/headers/X-Request-Id"


def test_header_names_ignore_case(tmp_path: Path) -> None:
    required = {"required": True, "schema": {"type": "string"}}
    old = edited(put(GET + "/responses/200/headers", {"X-Request-Id": required}))
    new = edited(put(GET + "/responses/200/headers", {"x-request-id": required}))
    assert diff(tmp_path, old, new) == []
