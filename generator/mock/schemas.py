"""JSON Schema access for the mock: `$ref` chasing and cached validators over the whole spec.

Schemas are named by their JSON pointer in the bundled document; a validator is
`{"$ref": "urn:leadgen:spec#<pointer>"}` against a registry holding the whole
document, exactly as `generator/validate.py` checks examples, so `$ref`s
between components resolve wherever the schema sits.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any, Literal
from urllib.parse import quote

from jsonschema.exceptions import ValidationError
from jsonschema.validators import extend
from openapi_schema_validator import (
    OAS30Validator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)
from openapi_schema_validator import _keywords as oas_keywords
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ..spec.refs import resolve_pointer
from ..spec.validate import openapi_version
from . import patterns

__all__ = ["Direction", "SchemaBook"]

_BASE = "urn:leadgen:spec"
Direction = Literal["any", "request", "response"]
"""What a value is checked as: a request body (readOnly properties are not required), a
response body (writeOnly properties are neither required nor allowed), or anything else."""


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not patterns.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _extras(instance: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    declared = schema.get("properties") or {}
    keys = list(schema.get("patternProperties") or {})
    return [
        k for k in instance if k not in declared and not any(patterns.search(p, k) for p in keys)
    ]


def _pattern_properties(
    validator: Any, found: Mapping[str, Any], instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in found.items():
        for key, value in instance.items():
            if patterns.search(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(
    validator: Any, allowed: Any, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    extras = _extras(instance, schema)
    if validator.is_type(allowed, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], allowed, path=extra)
    elif allowed is False and extras:
        named = ", ".join(repr(e) for e in sorted(extras))
        yield ValidationError(f"Additional properties are not allowed ({named} unexpected)")


_SAFE = {
    "pattern": _pattern,
    "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties,
}
_DIRECTED: dict[str, dict[str, Any]] = {
    "any": {},
    "request": {"required": oas_keywords.write_required},
    "response": {"required": oas_keywords.read_required, "writeOnly": oas_keywords.read_writeOnly},
}


def _guarded(keyword: Any) -> Any:
    """`keyword` answering a value it cannot handle with a violation, not an exception.

    openapi-schema-validator looks a discriminator's value up in the mapping, which
    raises TypeError when a client sends a list or an object there.
    """

    def run(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        try:
            yield from keyword(validator, value, instance, schema)
        except TypeError as exc:
            yield ValidationError(f"{instance!r} cannot be checked here: {exc}")

    return run


def _validator_class(base: Any, direction: str) -> Any:
    unions = {k: _guarded(base.VALIDATORS[k]) for k in ("allOf", "oneOf", "anyOf")}
    validators = {**unions, **_SAFE, **_DIRECTED[direction]}
    return extend(base, validators=validators)  # type: ignore[no-untyped-call]


_CLASSES: dict[tuple[str, str], Any] = {
    (version, direction): _validator_class(base, direction)
    for version, base in (("3.0", OAS30Validator), ("3.1", OAS31Validator))
    for direction in _DIRECTED
}


class SchemaBook:
    """The spec's schemas by pointer: resolution, validation, validity checks."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.version = openapi_version(data)
        self._lock = threading.Lock()
        self._validators: dict[tuple[str, str], Any] = (
            {}
        )  # jsonschema validators (jsonschema ships no types)
        self._registry: Registry = Registry().with_resource(
            _BASE, Resource.from_contents(data, default_specification=DRAFT202012)
        )

    def node(self, pointer: str) -> Any:
        """The value at `pointer` (KeyError when absent)."""
        return resolve_pointer(self.data, pointer)

    def follow(self, pointer: str) -> str:
        """The pointer that `pointer` ends at once local `$ref`s are chased."""
        seen = {pointer}
        node = self.node(pointer)
        while (
            isinstance(node, dict)
            and isinstance(node.get("$ref"), str)
            and node["$ref"].startswith("#")
        ):
            pointer = node["$ref"][1:]
            if pointer in seen:
                raise KeyError(f"$ref cycle at {pointer}")
            seen.add(pointer)
            node = self.node(pointer)
        return pointer

    def validator(self, pointer: str, direction: Direction = "any") -> Any:
        """A (cached) validator for the schema at `pointer`."""
        with self._lock:
            found = self._validators.get((pointer, direction))
            if found is None:
                version = "3.0" if self.version == "3.0" else "3.1"
                cls = _CLASSES[version, direction]
                checker = oas30_format_checker if version == "3.0" else oas31_format_checker
                ref = _BASE + "#" + quote(pointer, safe="/~")
                found = cls({"$ref": ref}, registry=self._registry, format_checker=checker)
                self._validators[pointer, direction] = found
            return found

    def errors(self, pointer: str, value: Any, direction: Direction = "any") -> list[Any]:
        """The violations (jsonschema ValidationErrors) of the schema at `pointer` by `value`."""
        found = self.validator(pointer, direction).iter_errors(value)
        return sorted(found, key=lambda e: ([str(p) for p in e.absolute_path], str(e.validator)))

    def is_valid(self, pointer: str, value: Any, direction: Direction = "any") -> bool:
        try:
            return bool(self.validator(pointer, direction).is_valid(value))
        except (RecursionError, ValueError, TypeError, KeyError):
            return False
