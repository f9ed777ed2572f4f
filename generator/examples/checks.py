"""Whether a JSON value passes the generated runtime's checks, mirrored on the IR types.

The seam: `Checker.fits` answers as the runtime's `validate` does for a request value
(types and constraints), `Checker.parses` as its `deserialize` does for a response (types
only). `Samples` builds on `Checker` to keep only the values the client would accept.
"""

from __future__ import annotations

import datetime
import decimal
import math
import re
import uuid
from dataclasses import dataclass
from typing import Any

from ..model.ir import (
    AliasRef,
    ArrayType,
    LiteralType,
    MapType,
    ModelDef,
    ModelRef,
    Nullable,
    Primitive,
    TypeExpr,
    UnionType,
)
from .patterns import matches

__all__ = ["Checker", "fits_number", "is_date", "is_uuid", "parse_datetime", "required_groups"]


def required_groups(model: ModelDef) -> list[tuple[str, ...]]:
    """The model's anyOf-of-required groups, as wire names (the request needs one of them)."""
    py_to_wire = {p.py_name: p.wire_name for p in model.properties}
    groups = getattr(model, "required_any", ())
    return [tuple(py_to_wire[n] for n in g if n in py_to_wire) for g in groups]


_FRACTION = re.compile(r"\.(\d+)")
_COMPACT_OFFSET = re.compile(r"([+-]\d\d)(\d\d)$")
_DATETIME_SHAPE = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(:\d\d)?")


def parse_datetime(text: str) -> datetime.datetime | None:
    """RFC 3339 text as the generated runtime parses it (None when it is not a date-time)."""
    s = text.strip()
    if not _DATETIME_SHAPE.match(s):
        return None
    if s[-1:] in ("Z", "z"):
        s = s[:-1] + "+00:00"
    s = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), s, count=1)
    s = _COMPACT_OFFSET.sub(r"\1:\2", s)
    try:
        return datetime.datetime.fromisoformat(s)
    except ValueError:
        return None


@dataclass
class Checker:
    """Checks JSON values against types whose models are looked up in `models`, by name."""

    models: dict[str, ModelDef]

    def fits(self, t: TypeExpr, value: Any, depth: int = 0) -> bool:
        """Whether the JSON `value` meets `t` as the generated client checks a request value."""
        if depth > 50:
            return True
        if isinstance(t, Nullable):
            return value is None or self.fits(t.inner, value, depth)
        if isinstance(t, AliasRef):
            return self.fits(t.target, value, depth)
        if isinstance(t, LiteralType):
            return any(v == value and _kind(v) == _kind(value) for v in t.values)
        if isinstance(t, UnionType):
            return any(self.fits(v, value, depth) for v in t.variants)
        if isinstance(t, ArrayType):
            c = t.constraints
            if not isinstance(value, list) or not _within(len(value), c.min_items, c.max_items):
                return False
            if c.unique_items and len({_unique_key(v) for v in value}) < len(value):
                return False
            return all(self.fits(t.item, v, depth + 1) for v in value)
        if isinstance(t, MapType):
            c = t.constraints
            if not isinstance(value, dict) or not _within(
                len(value), c.min_properties, c.max_properties
            ):
                return False
            return all(self.fits(t.value, v, depth + 1) for v in value.values())
        if isinstance(t, ModelRef):
            return self._fits_model(t, value, depth)
        assert isinstance(t, Primitive)
        return _fits_primitive(t, value)

    def _fits_model(self, t: ModelRef, value: Any, depth: int) -> bool:
        if not isinstance(value, dict):
            return False
        model = self.models.get(t.name)
        if model is None:
            return True
        by_wire = {p.wire_name: p for p in model.properties}
        for p in model.properties:
            if p.required and not p.read_only and p.wire_name not in value:
                return False
        groups = required_groups(model)
        if groups and not any(any(w in value for w in g) for g in groups):
            return False
        for key, item in value.items():
            prop = by_wire.get(key)
            if prop is not None:
                if not self.fits(prop.type, item, depth + 1):
                    return False
            elif (
                model.closed
                or model.extra is not None
                and not self.fits(model.extra, item, depth + 1)
            ):
                return False
        return True

    def parses(self, t: TypeExpr, value: Any, depth: int = 0) -> bool:
        """Whether the runtime's `deserialize` accepts `value` (types strict, constraints not)."""
        if depth > 50:
            return True
        if isinstance(t, Nullable):
            return value is None or self.parses(t.inner, value, depth)
        if isinstance(t, AliasRef):
            return self.parses(t.target, value, depth)
        if isinstance(t, LiteralType):
            return any(_kind(v) == _kind(value) for v in t.values)
        if isinstance(t, UnionType):
            if t.discriminator is not None and isinstance(value, dict):
                tag = value.get(t.discriminator)
                for key, variant in t.mapping:
                    if key == tag:
                        return self.parses(variant, value, depth)
            return any(self.parses(v, value, depth) for v in t.variants)
        if isinstance(t, ArrayType):
            return isinstance(value, list) and all(self.parses(t.item, v, depth + 1) for v in value)
        if isinstance(t, MapType):
            return isinstance(value, dict) and all(
                self.parses(t.value, v, depth + 1) for v in value.values()
            )
        if isinstance(t, ModelRef):
            model = self.models.get(t.name)
            if not isinstance(value, dict) or model is None:
                return isinstance(value, dict)
            names = {p.wire_name for p in model.properties}
            for p in model.properties:
                if p.wire_name in value:
                    if not self.parses(p.type, value[p.wire_name], depth + 1):
                        return False
                elif p.required and not p.write_only:
                    return False
            if model.extra is not None:
                return all(
                    self.parses(model.extra, v, depth + 1)
                    for k, v in value.items()
                    if k not in names
                )
            return True
        assert isinstance(t, Primitive)
        kind = t.kind
        if kind == "int":
            return (isinstance(value, int) and not isinstance(value, bool)) or (
                isinstance(value, float) and value.is_integer()
            )
        if kind == "float":
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind == "bool":
            return isinstance(value, bool)
        if kind == "any":
            return True
        if kind == "binary":
            return isinstance(value, str)
        return isinstance(value, str) and self.fits(Primitive(kind), value)


# --- the runtime's checks on JSON scalars ------------------------------------------


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _unique_key(value: Any) -> object:
    return (
        (_kind(value), value)
        if isinstance(value, (str, int, float)) or value is None
        else repr(value)
    )


def _within(n: int, lo: int | None, hi: int | None) -> bool:
    return (lo is None or n >= lo) and (hi is None or n <= hi)


def is_date(text: str) -> bool:
    """Whether `text` is an ISO date, as the runtime's `Date` reads it."""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_uuid(text: str) -> bool:
    """Whether `text` is a UUID, as the runtime's `Uuid` reads it."""
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _is_multiple(value: float, step: float) -> bool:
    if isinstance(value, int) and isinstance(step, int):
        return value % step == 0
    try:
        return decimal.Decimal(repr(value)) % decimal.Decimal(repr(step)) == 0
    except decimal.InvalidOperation:
        quotient = value / step
        return math.isfinite(quotient) and quotient == int(quotient)


def fits_number(t: Primitive, value: Any) -> bool:
    """Whether `value` is a number of kind `t.kind` within its bounds and steps."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if t.kind == "int" and not isinstance(value, int):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    c = t.constraints
    return (
        (c.minimum is None or value >= c.minimum)
        and (c.maximum is None or value <= c.maximum)
        and (c.exclusive_minimum is None or value > c.exclusive_minimum)
        and (c.exclusive_maximum is None or value < c.exclusive_maximum)
        and (not c.multiple_of or _is_multiple(value, c.multiple_of))
    )


def _fits_primitive(t: Primitive, value: Any) -> bool:
    if t.kind in ("int", "float"):
        return fits_number(t, value)
    if t.kind == "bool":
        return isinstance(value, bool)
    if t.kind == "any":
        return True
    if not isinstance(value, str):
        return False
    if t.kind == "datetime":
        return parse_datetime(value) is not None
    if t.kind == "date":
        return is_date(value)
    if t.kind == "uuid":
        return is_uuid(value)
    if t.kind == "binary":
        return True
    c = t.constraints
    return _within(len(value), c.min_length, c.max_length) and (
        c.pattern is None or matches(c.pattern, value)
    )
