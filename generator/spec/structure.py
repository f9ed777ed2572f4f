"""Structural findings of openapi-spec-validator, each at the spot it is about.

The validator reports a `oneOf` failure at the enclosing object with the whole object printed,
an unknown key as "does not match any of the regexes", and a bad `default` with no position at
all. Here every error is brought down to its most specific cause, positioned at the offending
key or value, and worded without a dump of the enclosing object. Each finding also says what a
lenient run may do about it (`repair`): drop an unknown key, or drop a value of the wrong type.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..errors import pointer_join
from .plain import plainly_fits

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = [
    "Finding",
    "default_findings",
    "describe",
    "specific_errors",
    "unquoted_status_codes",
    "value_findings",
]

Repair = Literal["drop-key", "drop-value", "read-as-text", ""]
_VALUE_KEYS = ("default", "example")


@dataclass(frozen=True)
class Finding:
    """One structural problem: where, what, and how a lenient run may repair it."""

    pointer: str
    message: str
    repair: Repair = ""


def specific_errors(error: ValidationError) -> list[ValidationError]:
    """The most specific causes of `error`: for a oneOf/anyOf, the deepest errors of the
    alternative that got furthest, leaving out "is not a $ref" alternatives."""
    if not error.context:
        return [error]
    leaves: list[ValidationError] = []
    for child in error.context:
        leaves.extend(specific_errors(child))
    useful = [e for e in leaves if not (e.validator == "required" and "'$ref'" in e.message)]
    useful = useful or leaves
    deepest = max(len(e.absolute_path) for e in useful)
    chosen = [e for e in useful if len(e.absolute_path) == deepest]
    seen: set[tuple[str, str]] = set()
    unique = []
    for e in chosen:
        key = (pointer_join("", *e.absolute_path), e.message)
        if key not in seen:
            seen.add(key)
            unique.append(e)
    return unique


def describe(error: ValidationError) -> Finding:
    """A finding for one specific validator error, positioned at what it is about."""
    pointer = pointer_join("", *error.absolute_path)
    if error.validator in ("additionalProperties", "unevaluatedProperties", "patternProperties"):
        keys = _unexpected_keys(error)
        if keys:
            key = keys[0]
            return Finding(
                pointer_join(pointer, key),
                f"unknown key {key!r} (only the keys the OpenAPI object defines, and x- "
                "extensions, may appear here)",
                "drop-key",
            )
    if isinstance(error.instance, (dict, list)) and error.validator != "required":
        # never print the enclosing object
        return Finding(pointer, f"{_shown(error.instance)} {_reason(error)}")
    return Finding(pointer, _short(error.message))


# The validator class for values, asked for only when a value needs it (its import is slow).
ValidatorClass = Callable[[], Any]


def value_findings(data: Any, validator_class: ValidatorClass) -> Iterator[Finding]:
    """`default`, `example` and `enum` members that do not fit the schema they sit in.

    The structure validator checks defaults without saying where, and examples and enum
    members not at all; a client built from them would be wrong, so they are findings too.
    """
    stack: list[tuple[str, Any, str]] = [("", data, "other")]
    while stack:
        where, node, kind = stack.pop()
        if kind in ("schema-map", "schema-list"):
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, value in items if isinstance(node, (dict, list)) else ():
                stack.append((pointer_join(where, key), value, "schema"))
            continue
        if isinstance(node, list):
            stack.extend((pointer_join(where, i), v, "other") for i, v in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        if kind == "schema" or ("in" in node and "type" in node):  # Swagger 2.0 parameters too
            yield from _schema_values(where, node, validator_class)
        for key, value in node.items():
            if not isinstance(key, str) or key.startswith("x-") or key in _DATA_KEYS:
                continue
            child = _child_kind(key, kind)
            if child is not None:
                stack.append((pointer_join(where, key), value, child))


def default_findings(data: Any, validator_class: ValidatorClass) -> list[Finding]:
    """Sorted value findings of the whole document."""
    return sorted(value_findings(data, validator_class), key=lambda f: f.pointer)


_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})
_SCHEMA_KEYS = frozenset({"schema", "items", "additionalProperties", "not", "contains"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})


def _child_kind(key: str, kind: str) -> str | None:
    """What the value under `key` holds: a schema, a map or list of schemas, other objects,
    or nothing worth walking (None: the rest of a schema's keywords)."""
    if key in _SCHEMA_KEYS:
        return "schema" if kind == "schema" or key == "schema" else "other"
    if key in _SCHEMA_MAPS or (key == "schemas" and kind != "schema"):
        return "schema-map" if kind == "schema" or key in ("schemas", "definitions") else "other"
    if key in _SCHEMA_LISTS:
        return "schema-list" if kind == "schema" else "other"
    return None if kind == "schema" else "other"


def _schema_values(
    where: str, node: dict[str, Any], validator_class: ValidatorClass
) -> Iterator[Finding]:
    if "$ref" in node or not any(k in node for k in ("type", "enum", "format")):
        return
    if not any(k in node for k in (*_VALUE_KEYS, "enum")):
        return  # nothing to check against the schema
    shape = {k: v for k, v in node.items() if k not in _NOT_SHAPE}
    enum = node.get("enum") or []
    values = [node[key] for key in _VALUE_KEYS if key in node]
    if isinstance(enum, list) and all(
        (value is None and _nullable(node)) or plainly_fits(shape, value, formats=False)
        for value in values + enum
    ):
        return  # the common case, known without the validator
    try:
        check = validator_class()(shape)
    except Exception:  # noqa: BLE001 - a schema the validator cannot load is reported elsewhere
        return
    for key in _VALUE_KEYS:
        if key in node and not (node[key] is None and _nullable(node)):
            error = _first_error(check, node[key])
            if error is not None:
                yield Finding(
                    pointer_join(where, key),
                    f"{key} {_shown(node[key])} does not fit the schema: {_reason(error)}",
                    "drop-value",
                )
    for index, member in enumerate(node.get("enum") or []):
        if member is None and _nullable(node):
            continue
        error = _first_error(check, member)
        if error is not None:
            yield Finding(
                pointer_join(where, "enum", index),
                f"enum member {_shown(member)} does not fit the schema: {_reason(error)}",
                "drop-value",
            )


_NOT_SHAPE = frozenset(
    {"default", "example", "examples", "enum", "readOnly", "writeOnly", "in", "name", "required",
     "description", "collectionFormat", "allowEmptyValue", "deprecated", "style", "explode"}
)  # fmt: skip


def _nullable(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    return bool(
        node.get("nullable")
        or node.get("x-nullable")
        or (isinstance(kind, list) and "null" in kind)
    )


def _first_error(check: Any, value: Any) -> ValidationError | None:
    try:
        for error in check.iter_errors(value):
            return error  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - e.g. a pattern Python cannot compile: not a value problem
        return None
    return None


def _unexpected_keys(error: ValidationError) -> list[str]:
    instance, schema = error.instance, error.schema
    if not isinstance(instance, dict) or not isinstance(schema, dict):
        return []
    known = set(schema.get("properties") or {})
    patterns = list((schema.get("patternProperties") or {}).keys())
    return sorted(
        str(key)
        for key in instance
        if key not in known and not any(re.search(p, str(key)) for p in patterns)
    )


def _reason(error: ValidationError) -> str:
    """The validator's message without the offending value (shown separately, shortened)."""
    message = error.message
    shown = repr(error.instance)
    if message.startswith(shown):
        message = message[len(shown) :].strip()
    return _short(message)


def _shown(value: Any) -> str:
    """A value as a finding shows it: short, never a whole object."""
    if isinstance(value, dict):
        return "an object" if value else "{}"
    if isinstance(value, list):
        return "an array" if value else "[]"
    return _short(repr(value), 40)


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


_INT_KEY = re.compile(r"^[ \t-]*[1-5][0-9][0-9][ \t]*:", re.MULTILINE)
_INT_TAG = "tag:yaml.org,2002:int"


def unquoted_status_codes(doc: Any) -> list[Finding]:
    """Response status codes written as YAML integers (`200:`): OpenAPI asks for strings, and
    JSON and YAML tools read them differently. Only YAML text is looked at, and only when a line
    looks like one (the scan is cheap; walking the nodes of a large spec is not)."""
    if doc.text.lstrip()[:1] in ("{", "[") or not _INT_KEY.search(doc.text):
        return []
    import yaml

    root = doc.nodes()
    if root is None:
        return []
    found: list[Finding] = []
    stack: list[tuple[str, Any, str]] = [("", root, "")]
    while stack:
        where, node, key = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                name = str(key_node.value)
                if key == "responses" and key_node.tag == _INT_TAG:
                    found.append(
                        Finding(
                            pointer_join(where, name),
                            f"status code {name} is a YAML integer: write it quoted, "
                            f"'{name}' (OpenAPI keys are strings)",
                            "read-as-text",
                        )
                    )
                stack.append((pointer_join(where, name), value, name))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((pointer_join(where, i), v, "") for i, v in enumerate(node.value))
    return sorted(found, key=lambda f: f.pointer)
