"""Runtime expressions of Link Objects, as the OpenAPI ABNF writes them."""

from __future__ import annotations

import pytest
from leadgen.model.ir import LinkExpr
from leadgen.model.links import parse_expression


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$url", LinkExpr("url")),
        ("$method", LinkExpr("method")),
        ("$statusCode", LinkExpr("statusCode")),
        ("$request.path.id", LinkExpr("request.path", "id")),
        ("$request.query.q", LinkExpr("request.query", "q")),
        ("$request.header.X-Trace", LinkExpr("request.header", "X-Trace")),
        ("$request.body", LinkExpr("request.body", "")),
        ("$request.body#/user/0/id", LinkExpr("request.body", "/user/0/id")),
        ("$response.body#/a~1b", LinkExpr("response.body", "/a~1b")),
        ("$response.header.Location", LinkExpr("response.header", "Location")),
    ],
)
def test_runtime_expressions(text: str, expected: LinkExpr) -> None:
    assert parse_expression(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "$response.body.id",  # a dot where `#/` belongs
        "$request.body#id",  # a pointer starts with /
        "$response.query.q",  # a response has no query
        "$response.path.id",
        "$request.cookie.c",
        "$request.path.",
        "$request.header.Bad Header",  # not a header token
        "$URL",
        "$statuscode",
        "response.body#/id",
    ],
)
def test_what_is_not_a_runtime_expression(text: str) -> None:
    assert parse_expression(text) is None
