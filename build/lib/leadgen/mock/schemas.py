"""JSON Schema access for the mock: `$ref` chasing and cached validators over the whole spec.

Schemas are named by their JSON pointer in the bundled document; a validator is
`{"$ref": "urn:leadgen:spec#<pointer>"}` against a registry holding the whole
document, exactly as `generator/validate.py` checks examples, so `$ref`s
between components resolve wherever the schema sits.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import quote

from openapi_schema_validator import (
    OAS30Validator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ..spec.refs import resolve_pointer
from ..spec.validate import openapi_version

__all__ = ["SchemaBook"]

_BASE = "urn:leadgen:spec"


class SchemaBook:
    """The spec's schemas by pointer: resolution, validation, validity checks."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.version = openapi_version(data)
        self._lock = threading.Lock()
        self._validators: dict[str, Any] = {}  # jsonschema validators (jsonschema ships no types)
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

    def validator(self, pointer: str) -> Any:
        """A (cached) validator for the schema at `pointer`."""
        with self._lock:
            found = self._validators.get(pointer)
            if found is None:
                cls = OAS30Validator if self.version == "3.0" else OAS31Validator
                checker = oas30_format_checker if self.version == "3.0" else oas31_format_checker
                ref = _BASE + "#" + quote(pointer, safe="/~")
                found = cls({"$ref": ref}, registry=self._registry, format_checker=checker)
                self._validators[pointer] = found
            return found

    def errors(self, pointer: str, value: Any) -> list[Any]:
        """The violations (jsonschema ValidationErrors) of the schema at `pointer` by `value`."""
        found = self.validator(pointer).iter_errors(value)
        return sorted(found, key=lambda e: ([str(p) for p in e.absolute_path], str(e.validator)))

    def is_valid(self, pointer: str, value: Any) -> bool:
        return bool(self.validator(pointer).is_valid(value))
