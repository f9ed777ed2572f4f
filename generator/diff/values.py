"""Values and bounds, compared: primitive kinds, enum values, JSON Schema constraints."""

from __future__ import annotations

import json
from typing import Any

from ..model.ir import AliasRef, ModelRef, Nullable, Primitive, TypeExpr

__all__ = [
    "LIMITS",
    "default_change",
    "kind_within",
    "literal_key",
    "shape",
    "text",
    "tighter",
    "unset",
    "value_kind",
]


def kind_within(a: str, b: str) -> bool:
    """Is every wire value of primitive kind `a` also one of kind `b`?"""
    return (
        a == b
        or b == "any"
        or (a == "int" and b == "float")
        or (a in ("datetime", "date", "uuid") and b == "str")
    )


def value_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    return "float" if isinstance(value, float) else "str"


def literal_key(value: Any) -> tuple[str, Any]:
    return (value_kind(value), value)


def shape(t: TypeExpr) -> tuple[str, str]:
    """(class, identity) of a union variant, for matching variants across versions."""
    if isinstance(t, Nullable):
        return shape(t.inner)
    if isinstance(t, ModelRef):
        return ("model", t.name)
    if isinstance(t, AliasRef):
        return ("alias", t.name)
    if isinstance(t, Primitive):
        return ("primitive", t.kind)
    return (type(t).__name__, "")


# constraint attribute -> (JSON keyword, category, +1 when a larger value is tighter)
LIMITS: dict[str, tuple[str, str, int]] = {
    "min_length": ("minLength", "length", 1),
    "max_length": ("maxLength", "length", -1),
    "minimum": ("minimum", "range", 1),
    "maximum": ("maximum", "range", -1),
    "exclusive_minimum": ("exclusiveMinimum", "range", 1),
    "exclusive_maximum": ("exclusiveMaximum", "range", -1),
    "multiple_of": ("multipleOf", "range", 0),
    "min_items": ("minItems", "items", 1),
    "max_items": ("maxItems", "items", -1),
    "unique_items": ("uniqueItems", "items", 1),
    "min_properties": ("minProperties", "items", 1),
    "max_properties": ("maxProperties", "items", -1),
    "pattern": ("pattern", "pattern", 0),
}


def unset(value: Any) -> bool:
    """No such rule: absent, or a false flag."""
    return value is None or value is False


def tighter(attr: str, old: Any, new: Any) -> bool | None:
    """True: `new` refuses values `old` accepted; False: only accepts more; None: unchanged."""
    if old == new or (unset(old) and unset(new)):
        return None
    if unset(new):
        return False
    if unset(old):
        return True
    direction = LIMITS[attr][2]
    if attr == "multiple_of":
        return bool(old % new != 0)
    if direction == 0:  # pattern: any change may refuse what matched before
        return True
    return bool((new - old) * direction > 0)


def text(value: Any) -> str:
    return "none" if value is None else json.dumps(value)


def default_change(had: bool, has: bool) -> str:
    """`added`, `removed` or `changed`: what became of a default (that differs)."""
    return "added" if not had else "removed" if not has else "changed"
