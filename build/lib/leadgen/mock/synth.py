"""Bodies made from a JSON schema, for responses that document no example.

Synthesised from the JSON schema itself rather than from the IR type
(`generator/samples.py`): the IR drops what a response needs (read-only
fields, `allOf` siblings, `anyOf` of `required` sets, formats such as email),
and working on pointers lets every union branch be checked against the whole
schema with the same validators that check requests. A schema's own
`const`/`examples`/`example`/`default` come first; then required properties,
plus optional ones near the top; the result is checked, and a required-only
variant is tried when the fuller one does not validate.
"""

from __future__ import annotations

import math
import re
import threading
from typing import Any

from ..errors import pointer_join
from .schemas import SchemaBook

__all__ = ["Synthesizer"]

_MAX_HOPS = 48  # schemas visited on one path: ends recursion through $ref
_MAX_DEPTH = 10  # nesting of the value itself
_OPTIONAL_DEPTH = 2  # optional properties are filled in down to this depth
_FORMATS: dict[str, Any] = {
    "date-time": "2024-01-15T10:30:00Z",
    "date": "2024-01-15",
    "time": "10:30:00Z",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "uri": "https://example.com",
    "url": "https://example.com",
    "iri": "https://example.com",
    "uri-reference": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "ZXhhbXBsZQ==",
    "duration": "P1D",
}
_STRINGS = ("example", "abc123", "a", "1", "A", "AB12", "a-1", "x_1", "Example", "0")


class Synthesizer:
    """Makes a JSON value for the schema at a pointer, valid against it where it can."""

    def __init__(self, book: SchemaBook) -> None:
        self.book = book
        self._cache: dict[str, Any] = {}
        self._lock = threading.Lock()

    def value(self, pointer: str) -> Any:
        """A value for the schema at `pointer` (cached: the same schema gets the same value)."""
        with self._lock:
            if pointer not in self._cache:
                full = self._make(pointer, 0, 0, True)
                if not self.book.is_valid(pointer, full):
                    lean = self._make(pointer, 0, 0, False)
                    full = lean if self.book.is_valid(pointer, lean) else full
                self._cache[pointer] = full
            return self._cache[pointer]

    def _make(self, pointer: str, depth: int, hops: int, full: bool) -> Any:
        """`depth`: nesting in the value (properties, items); `hops`: schemas visited."""
        schema = self.book.node(pointer)
        if not isinstance(schema, dict) or hops > _MAX_HOPS or depth > _MAX_DEPTH:
            return None if schema is False else {}
        hops += 1
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("examples"), list) and schema["examples"]:
            return schema["examples"][0]
        for key in ("example", "default"):
            if key in schema:
                return schema[key]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return next((v for v in schema["enum"] if v is not None), schema["enum"][0])
        if isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#"):
            return self._make(schema["$ref"][1:], depth, hops, full)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return self._union(pointer, schema, key, depth, hops, full)
        if isinstance(schema.get("allOf"), list):
            return self._all_of(pointer, schema, depth, hops, full)
        return self._typed(pointer, schema, depth, hops, full)

    def _union(
        self, pointer: str, schema: dict[str, Any], key: str, depth: int, hops: int, full: bool
    ) -> Any:
        candidates = []
        for i, variant in enumerate(schema[key]):
            value = self._make(pointer_join(pointer, key, i), depth, hops, full)
            tag = _discriminator_value(schema, variant)
            if tag is not None and isinstance(value, dict):
                value = {**value, tag[0]: tag[1]}
            candidates.append(value)
        candidates.sort(key=lambda v: v is None)  # prefer a value to null
        return next((c for c in candidates if self.book.is_valid(pointer, c)), candidates[0])

    def _all_of(
        self, pointer: str, schema: dict[str, Any], depth: int, hops: int, full: bool
    ) -> Any:
        parts = [
            self._make(pointer_join(pointer, "allOf", i), depth, hops, full)
            for i in range(len(schema["allOf"]))
        ]
        if set(schema) & {"type", "properties", "required", "items"}:
            parts.append(self._typed(pointer, schema, depth, hops, full))
        if parts and all(isinstance(p, dict) for p in parts):
            merged: dict[str, Any] = {}
            for part in parts:
                merged.update(part)
            return merged
        return parts[0] if parts else {}

    def _typed(
        self, pointer: str, schema: dict[str, Any], depth: int, hops: int, full: bool
    ) -> Any:
        kind = _kind(schema)
        if kind == "object":
            return self._object(pointer, schema, depth, hops, full)
        if kind == "array":
            return self._array(pointer, schema, depth, hops, full)
        if kind in ("integer", "number"):
            return _number(schema, kind == "integer")
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return _string(schema)

    def _object(
        self, pointer: str, schema: dict[str, Any], depth: int, hops: int, full: bool
    ) -> dict[str, Any]:
        found = schema.get("properties")
        props: dict[str, Any] = found if isinstance(found, dict) else {}
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        wanted = [
            n
            for n in props
            if n in required or (full and depth <= _OPTIONAL_DEPTH and not _write_only(props[n]))
        ]
        wanted += [n for n in props if n not in wanted][
            : max(0, int(schema.get("minProperties", 0)) - len(wanted))
        ]
        result = {
            name: self._make(pointer_join(pointer, "properties", name), depth + 1, hops, full)
            for name in wanted
        }
        for name in required:
            result.setdefault(name, "example")  # required but not described: any value
        return result

    def _array(
        self, pointer: str, schema: dict[str, Any], depth: int, hops: int, full: bool
    ) -> list[Any]:
        if isinstance(schema.get("prefixItems"), list):
            n = len(schema["prefixItems"])
            return [
                self._make(pointer_join(pointer, "prefixItems", i), depth + 1, hops, full)
                for i in range(n)
            ]
        count = max(int(schema.get("minItems", 0)), 1 if depth < 4 else 0)
        if schema.get("maxItems") is not None:
            count = min(count, int(schema["maxItems"]))
        if not isinstance(schema.get("items"), dict) or count == 0:
            return [{} for _ in range(count)] if count else []
        item = self._make(pointer_join(pointer, "items"), depth + 1, hops, full)
        if schema.get("uniqueItems") and count > 1:
            if isinstance(item, str):
                return [item + (str(i) if i else "") for i in range(count)]
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                return [item + i for i in range(count)]
        return [item for _ in range(count)]


def _discriminator_value(schema: dict[str, Any], variant: Any) -> tuple[str, str] | None:
    """(property, value) that names `variant` under the union's discriminator, if it has one."""
    discriminator = schema.get("discriminator")
    ref = variant.get("$ref") if isinstance(variant, dict) else None
    if not isinstance(discriminator, dict) or not isinstance(ref, str):
        return None
    prop = discriminator.get("propertyName")
    if not isinstance(prop, str):
        return None
    mapping = discriminator.get("mapping") or {}
    name = next((k for k, target in mapping.items() if target == ref), ref.rsplit("/", 1)[-1])
    return prop, str(name)


def _kind(schema: dict[str, Any]) -> str:
    declared = schema.get("type")
    types = (
        declared if isinstance(declared, list) else [declared] if isinstance(declared, str) else []
    )
    for kind in types:
        if kind != "null":
            return str(kind)
    if types:
        return "null"
    if "properties" in schema or "additionalProperties" in schema or "required" in schema:
        return "object"
    if "items" in schema or "prefixItems" in schema:
        return "array"
    return "string"


def _write_only(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("writeOnly") is True


def _number(schema: dict[str, Any], integer: bool) -> int | float:
    low, high = schema.get("minimum"), schema.get("maximum")
    ex_low, ex_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    step = 1 if integer else 0.5
    if ex_low is True and low is not None:  # OpenAPI 3.0: boolean exclusive flags
        ex_low, low = low, None
    if ex_high is True and high is not None:
        ex_high, high = high, None
    value: float = 1
    if isinstance(low, (int, float)) and value < low:
        value = low
    if isinstance(ex_low, (int, float)) and not isinstance(ex_low, bool) and value <= ex_low:
        value = ex_low + step
    if isinstance(high, (int, float)) and value > high:
        value = high
    if isinstance(ex_high, (int, float)) and not isinstance(ex_high, bool) and value >= ex_high:
        value = ex_high - step
    multiple = schema.get("multipleOf")
    if isinstance(multiple, (int, float)) and multiple > 0:
        value = math.ceil(value / multiple) * multiple
    return int(value) if integer else float(value)


def _string(schema: dict[str, Any]) -> str:
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt in _FORMATS:
        return str(_FORMATS[fmt])
    low = int(schema.get("minLength", 0))
    high = schema.get("maxLength")
    pattern = schema.get("pattern")
    for candidate in _STRINGS:
        text = candidate * max(1, -(-low // len(candidate)))
        text = text[: int(high)] if high is not None else text
        if len(text) >= low and (not isinstance(pattern, str) or re.search(pattern, text)):
            return text
    return "a" * max(low, 1)
