"""openapi-spec-validator's validators, with every error placed in the document.

Its keyword checks (a schema's own validity, path parameters, duplicate parameters) report
errors relative to the schema or operation they check, or with no path at all. Here each of
those checks prefixes its errors with where it was looking, so that a finding points at the
real line; a place reached through a `$ref` becomes the place the `$ref` leads to.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema.exceptions import ValidationError
from openapi_spec_validator import (
    OpenAPIV2SpecValidator,
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
    OpenAPIV32SpecValidator,
)

from .refs import value_at

__all__ = ["FROM_DEFAULT", "VALIDATORS", "real_parts"]

_PLACED = "_leadgen_placed"
# first step of the schema path of an error of a `default` value check (the validator copies
# its errors on their way out, keeping their fields but no other attribute)
FROM_DEFAULT = "leadgen:default"

# keyword validator -> index of the argument naming the place it checks
_PLACE_ARGUMENT = {"schema": 0, "operation": 2, "parameters": 0}


def _placing(base: type[Any], index: int) -> type[Any]:
    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
        where = tuple(getattr(args[index], "parts", ()))
        for error in base.__call__(self, *args, **kwargs):
            if not getattr(error, _PLACED, False):
                error.relative_path.extendleft(reversed(where))
                setattr(error, _PLACED, True)
            yield error

    return type("Placed" + base.__name__, (base,), {"__call__": __call__})


def _collect_properties(self: Any, schema: Any, seen: frozenset[int] = frozenset()) -> set[str]:
    """The property names an allOf member brings, like the validator's own, but stopping at a
    schema already on the way (a recursive member such as a JSON value type)."""
    value = schema.read_value()
    if not isinstance(value, dict) or id(value) in seen:
        return set()
    seen = seen | {id(value)}
    named = value.get("properties")
    props: set[str] = {str(k) for k in named} if isinstance(named, dict) else set()
    for keyword in ("allOf", "anyOf", "oneOf"):
        if keyword in schema:
            for member in schema / keyword:
                props |= _collect_properties(self, member, seen)
    for keyword in ("items", "not"):
        if keyword in schema:
            props |= _collect_properties(self, schema / keyword, seen)
    return props


def _marking_default(base: type[Any]) -> type[Any]:
    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
        for error in base.__call__(self, *args, **kwargs):
            error.relative_schema_path.appendleft(FROM_DEFAULT)
            yield error

    return type("Marked" + base.__name__, (base,), {"__call__": __call__})


def _placed(spec_validator: type[Any]) -> type[Any]:
    keywords = dict(spec_validator.keyword_validators)
    for name, index in _PLACE_ARGUMENT.items():
        keywords[name] = _placing(keywords[name], index)
    keywords["schema"] = type(
        keywords["schema"].__name__,
        (keywords["schema"],),
        {"_collect_properties": _collect_properties},
    )
    keywords["default"] = _marking_default(keywords["default"])
    return type(
        "Placed" + spec_validator.__name__, (spec_validator,), {"keyword_validators": keywords}
    )


VALIDATORS: dict[str, type[Any]] = {
    "2.0": _placed(OpenAPIV2SpecValidator),
    "3.0": _placed(OpenAPIV30SpecValidator),
    "3.1": _placed(OpenAPIV31SpecValidator),
    "3.2": _placed(OpenAPIV32SpecValidator),
}


def real_parts(data: Any, parts: list[Any]) -> list[Any]:
    """`parts` (a path that may pass through local `$ref`s) as the path of the node it reaches."""
    real: list[Any] = []
    node = data
    for index, part in enumerate(parts):
        for _ in range(64):  # a chain of $refs, bounded (check_refs reports loops)
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not (isinstance(ref, str) and ref.startswith("#/") and part not in node):
                break
            real = [p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/")]
            node = value_at(data, real)
        if (
            isinstance(node, dict)
            and part in node
            or isinstance(node, list)
            and isinstance(part, int)
            and 0 <= part < len(node)
        ):
            node = node[part]
        else:
            return real + list(parts[index:])
        real.append(part)
    return real
