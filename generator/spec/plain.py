"""Values that plainly fit their schema, known without a JSON Schema validator.

Most defaults, examples and enum members sit in schemas that only state a type (or list the
allowed values): checking them needs no validator, whose import alone takes longer than
generating a small client. `plainly_fits` answers True only when every validator agrees the
value fits; anything else (a keyword it does not read, 1.0 for an integer, a date for a
string, a null) is left to the validator, which then decides and words the finding.
"""

from __future__ import annotations

from typing import Any

from .refs import resolve_pointer

__all__ = ["plainly_fits"]

# Keywords that never reject a value (`format` is asserted only where a format checker runs).
_ANNOTATIONS = frozenset(
    {"title", "description", "default", "example", "examples", "readOnly", "writeOnly",
     "deprecated", "$comment", "nullable", "externalDocs", "xml"}
)  # fmt: skip
# The Python types every validator accepts for a JSON type (bool is not an integer).
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}
# Enum members compared with ==: only these (validators compare containers member by member,
# true apart from 1).
_SCALARS = (str, int, float, bool)
_MAX_REFS = 16


def plainly_fits(
    schema: Any, value: Any, *, formats: bool, data: Any = None, type_lists: bool = True
) -> bool:
    """True when `value` surely fits `schema`: every keyword of it is an annotation, `type`,
    `enum` (a member of the same Python type, equal) or a local `$ref` into `data` whose target
    plainly fits too. `formats`: whether `format` is checked (then a schema with one is not
    plain); `type_lists`: whether a list of types is read (the OpenAPI 3.0 validator, which
    also checks Swagger 2.0 values, cannot read one)."""
    return _fits(schema, value, formats, data, type_lists, 0)


def _fits(schema: Any, value: Any, formats: bool, data: Any, lists: bool, depth: int) -> bool:
    if not isinstance(schema, dict) or depth > _MAX_REFS:
        return False
    for key, rule in schema.items():
        if not isinstance(key, str):
            return False
        if key in _ANNOTATIONS or key.startswith("x-") or (key == "format" and not formats):
            continue
        if key == "type":
            kinds = [rule] if isinstance(rule, str) else rule if lists else None
            if not isinstance(kinds, list) or not any(
                isinstance(kind, str) and type(value) in _TYPES.get(kind, ()) for kind in kinds
            ):
                return False
        elif key == "enum":
            if type(value) not in _SCALARS or not isinstance(rule, list):
                return False
            if not any(type(member) is type(value) and member == value for member in rule):
                return False
        elif key == "$ref":
            target = _local(data, rule)
            if target is None or not _fits(target, value, formats, data, lists, depth + 1):
                return False
        else:
            return False
    return True


def _local(data: Any, ref: Any) -> Any:
    """The value a `#/...` JSON pointer names in `data`, else None."""
    if not isinstance(ref, str) or not ref.startswith("#/") or "%" in ref:
        return None
    try:
        return resolve_pointer(data, ref)
    except KeyError:
        return None
