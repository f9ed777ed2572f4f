"""`plainly_fits` says "fits" only where the schema validators find nothing: checked against
openapi-schema-validator (each OpenAPI version, with and without format checks) over a grid
of schemas and values, and it answers for the common shapes the shipped specs use."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from leadgen.spec.plain import plainly_fits
from openapi_schema_validator import (
    OAS30Validator,
    OAS31Validator,
    OAS32Validator,
    oas30_format_checker,
    oas31_format_checker,
    oas32_format_checker,
)
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

VALIDATORS = [
    (OAS30Validator, oas30_format_checker, DRAFT4),
    (OAS31Validator, oas31_format_checker, DRAFT202012),
    (OAS32Validator, oas32_format_checker, DRAFT202012),
]
VALUES: list[Any] = [
    "text", "2024-01-02", "", 0, 7, -3, True, False, 1.0, 2.5, float("nan"), None,
    [], [1], {}, {"a": 1}, datetime.date(2024, 1, 2), b"raw",
]  # fmt: skip
TYPES: list[Any] = [
    "string", "integer", "number", "boolean", "array", "object", "null", "strin",
    ["string", "null"], ["integer", "boolean"], [], 3,
]  # fmt: skip
EXTRAS: list[dict[str, Any]] = [
    {}, {"format": "date"}, {"format": "int32"}, {"format": "email"}, {"format": "binary"},
    {"nullable": True}, {"title": "t", "description": "d", "x-note": 1}, {"readOnly": True},
    {"enum": ["text", 7, True, 1.0]}, {"enum": [1]}, {"enum": [{"a": True}]},
    {"minLength": 2}, {"maximum": 1}, {"pattern": "^x"}, {"items": {"type": "string"}},
]  # fmt: skip
COMPONENTS = {
    "components": {
        "schemas": {
            "Word": {"type": "string", "enum": ["text", "other"]},
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "Short": {"type": "string", "maxLength": 2},
        }
    }
}
REFS: list[dict[str, Any]] = [
    {"$ref": "#/components/schemas/Word"},
    {"$ref": "#/components/schemas/Word", "type": "string"},
    {"$ref": "#/components/schemas/Loop"},
    {"$ref": "#/components/schemas/Short"},
    {"$ref": "#/components/schemas/Missing"},
    {"$ref": "other.yaml#/Word"},
]


def _schemas() -> list[dict[str, Any]]:
    found = [{"type": kind, **extra} for kind, extra in itertools.product(TYPES, EXTRAS)]
    return found + [dict(extra) for extra in EXTRAS] + REFS


@pytest.mark.parametrize("formats", [False, True])
@pytest.mark.parametrize("validator, checker, draft", VALIDATORS)
def test_plainly_fits_only_what_the_validator_accepts(
    validator: Any, checker: Any, draft: Any, formats: bool
) -> None:
    registry: Registry[Any] = Registry().with_resource(
        "urn:test", Resource.from_contents(COMPONENTS, default_specification=draft)
    )
    vouched = 0
    for schema, value in itertools.product(_schemas(), VALUES):
        if not plainly_fits(schema, value, formats=formats, data=COMPONENTS):
            continue
        vouched += 1
        rebased = {k: ("urn:test" + v if k == "$ref" else v) for k, v in schema.items()}
        check = validator(rebased, registry=registry, format_checker=checker if formats else None)
        if validator is OAS30Validator and isinstance(schema.get("type"), list):
            # not OpenAPI 3.0 (its schema check refuses the document first); the validator
            # cannot read it, and the value checks report nothing for it either way
            with pytest.raises(TypeError):
                list(check.iter_errors(value))
            continue
        assert not list(check.iter_errors(value)), (schema, value)
    assert vouched > 150  # the grid's plain cases are answered, not all left to the validator


def test_common_shapes_are_plain() -> None:
    assert plainly_fits({"type": "string", "format": "date-time"}, "x", formats=False)
    assert plainly_fits({"type": ["integer", "null"], "title": "n"}, 3, formats=True)
    assert plainly_fits(
        {"$ref": "#/components/schemas/Word", "description": "d"}, "other", formats=True,
        data=COMPONENTS,
    )  # fmt: skip


def test_doubtful_values_are_left_to_the_validator() -> None:
    assert not plainly_fits({"type": "integer"}, 1.0, formats=False)
    assert not plainly_fits({"type": "integer"}, True, formats=False)
    assert not plainly_fits({"type": "string"}, datetime.date(2024, 1, 2), formats=False)
    assert not plainly_fits({"type": "string", "format": "date"}, "x", formats=True)
    assert not plainly_fits({"type": "string", "maxLength": 2}, "x", formats=False)
    assert not plainly_fits({"enum": [{"a": True}]}, {"a": 1}, formats=False)
    assert not plainly_fits({"enum": [1]}, True, formats=False)
    assert not plainly_fits({"type": ["string", "null"]}, "x", formats=False, type_lists=False)
    assert not plainly_fits({"$ref": "#/components/schemas/Loop"}, "x", formats=False,
                            data=COMPONENTS)  # fmt: skip
