"""Example values: the spec's own examples where it has them, else values made to fit.

Used for the generated README's usage snippets and the generated tests. Everything
here is deterministic: the same types give the same values, byte for byte.

The seam: `Samples` makes JSON values for a type and the Python source that passes
them as typed arguments. Whether the client accepts a value is the client runtime's
answer (`Samples` extends `RuntimeChecks`); strings for patterns and formats come from
`string_sample`.
"""

from __future__ import annotations

import datetime
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from ..emit.literals import py_literal, py_str
from ..model.ir import (
    AliasRef,
    ArrayType,
    Constraints,
    LiteralType,
    MapType,
    ModelRef,
    Nullable,
    Operation,
    Primitive,
    TypeExpr,
    UnionType,
)
from .patterns import string_sample
from .runtime_checks import RuntimeChecks, parse_datetime

__all__ = ["Repeat", "Samples", "Verbatim", "plain"]

_MAX_DEPTH = 5  # nested models below this are left empty
_OPTIONAL_DEPTH = 2  # optional properties are filled in down to this depth


@dataclass(frozen=True)
class Repeat:
    """A list of `count` copies of `item`, rendered as ``[item] * count``; with `text`, the
    string `item` repeated, rendered as ``"a" * count``."""

    item: Any
    count: int
    text: bool = False


@dataclass(frozen=True)
class Verbatim:
    """A value rendered as its plain literal, whatever the type says (to break a format)."""

    value: Any


def _format_datetime(value: datetime.datetime) -> str:
    """How the generated runtime sends a datetime (UTC as ``...Z``).

    Written out here rather than taken from the runtime: the generated tests compare what
    the runtime sends with `Samples.wire`, so the expectation must not come from the code
    under test.
    """
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# --- values ------------------------------------------------------------------------


@dataclass
class Samples(RuntimeChecks):
    """Makes JSON values that satisfy a type, and Python source for typed arguments.

    `models` are the model definitions by name (see `RuntimeChecks`). `used` collects the
    modules that emitted source refers to ("datetime", "uuid", "models"), so that
    callers import exactly those.
    """

    used: set[str] = field(default_factory=set)

    def value(
        self, t: TypeExpr, depth: int = 0, *, optional: bool = False, response: bool = False
    ) -> Any:
        """A JSON value of type `t` that meets its constraints.

        Objects get their required properties; with `optional`, also the optional ones
        (near the top, and only those whose value fits). Read-only properties are left
        out unless the value is for a `response`.
        """
        if isinstance(t, Nullable):
            return self.value(t.inner, depth, optional=optional, response=response)
        if isinstance(t, AliasRef):
            return self.value(t.target, depth, optional=optional, response=response)
        if isinstance(t, LiteralType):
            return t.values[0]
        if isinstance(t, UnionType):
            for variant in t.variants:
                candidate = self.value(variant, depth, optional=optional, response=response)
                if self.fits(variant, candidate):
                    return candidate
            return self.value(t.variants[0], depth, optional=optional, response=response)
        if isinstance(t, ArrayType):
            return self._array(t, depth, optional, response)
        if isinstance(t, MapType):
            count = t.constraints.min_properties or 0
            return {f"key{i + 1}": self.value(t.value, depth + 1) for i in range(count)}
        if isinstance(t, ModelRef):
            return self._object(t, depth, optional, response)
        assert isinstance(t, Primitive)
        return self._primitive(t)

    def _array(self, t: ArrayType, depth: int, optional: bool, response: bool) -> list[Any]:
        c = t.constraints
        count = max(c.min_items or 0, 1 if depth < 3 else 0)
        if c.max_items is not None:
            count = min(count, c.max_items)
        first = self.value(t.item, depth + 1, optional=optional, response=response)
        items = [first] * count
        if c.unique_items and count > 1:
            items = [self._variant(t.item, first, i) for i in range(count)]
        return items

    def _variant(self, t: TypeExpr, value: Any, i: int) -> Any:
        """The `i`-th of several distinct values of `t` (for uniqueItems)."""
        if i == 0:
            return value
        inner = t.target if isinstance(t, AliasRef) else t
        if isinstance(inner, LiteralType) and i < len(inner.values):
            return inner.values[i]
        if (
            isinstance(inner, Primitive)
            and inner.kind in ("int", "float")
            and not isinstance(value, bool)
        ):
            step = inner.constraints.multiple_of or 1
            candidate = value + step * i
            return candidate if self.fits(inner, candidate) else value
        if isinstance(inner, Primitive) and inner.kind == "str" and isinstance(value, str):
            for candidate in (
                f"{value}{i}",
                f"{i}{value}",
                value[:-1] + str(i) if value else str(i),
            ):
                if self.fits(inner, candidate):
                    return candidate
        return value

    def _object(self, t: ModelRef, depth: int, optional: bool, response: bool) -> dict[str, Any]:
        model = self.models.get(t.name)
        if model is None or depth > _MAX_DEPTH:
            return {}
        out: dict[str, Any] = {}
        for p in model.properties:
            if (p.read_only and not response) or (p.write_only and response):
                continue
            if p.required:
                out[p.wire_name] = self.value(
                    p.type, depth + 1, optional=optional, response=response
                )
            elif optional and depth < _OPTIONAL_DEPTH and not p.deprecated:
                candidate = self.value(p.type, depth + 1, optional=optional, response=response)
                if self.fits(p.type, candidate):
                    out[p.wire_name] = candidate
        groups = model.required_groups()
        if groups and not response and not any(any(w in out for w in g) for g in groups):
            for p in model.properties:
                if p.wire_name in groups[0]:
                    out[p.wire_name] = self.value(p.type, depth + 1, optional=optional)
        return out

    def _primitive(self, t: Primitive) -> Any:
        c = t.constraints
        if t.kind == "str":
            return string_sample(t.format, c)
        if t.kind in ("int", "float"):
            return self._number(t.kind, c)
        return {
            "bool": True,
            "datetime": "2024-01-15T10:30:00Z",
            "date": "2024-01-15",
            "uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
            "binary": "",
            "any": {},
        }[t.kind]

    def _number(self, kind: str, c: Constraints) -> int | float:
        lows = [v for v in (c.minimum, c.exclusive_minimum) if v is not None]
        highs = [v for v in (c.maximum, c.exclusive_maximum) if v is not None]
        candidates: list[float] = [1, 0]
        for low in lows:
            start = math.floor(low) + 1 if low == c.exclusive_minimum else math.ceil(low)
            candidates += [start, low, low + 0.5]
        for high in highs:
            end = math.ceil(high) - 1 if high == c.exclusive_maximum else math.floor(high)
            candidates += [end, high, high - 0.5]
        if lows and highs:
            candidates.append((max(lows) + min(highs)) / 2)
        step = c.multiple_of
        if step:
            base = max(lows) if lows else 0
            first = math.ceil(base / step) * step
            candidates = [first, first + step, *candidates]
        prim = Primitive(kind, None, c)  # type: ignore[arg-type]
        for candidate in candidates:
            value: int | float = int(candidate) if kind == "int" else float(candidate)
            if kind == "int" and value != candidate:
                continue
            if self.fits(prim, value):
                return value
        return 1 if kind == "int" else 1.0

    # -- values the runtime parses --------------------------------------------------

    def completed(self, t: TypeExpr, value: Any, depth: int = 0) -> Any:
        """`value` with the required properties that only responses carry (read-only ones)
        filled in, so that `Model.from_dict` accepts it."""
        if depth > 50 or isinstance(value, Verbatim):
            return value
        if isinstance(value, Repeat):
            return (
                value
                if value.text
                else Repeat(self.completed(_item(t), value.item, depth + 1), value.count)
            )
        if isinstance(t, Nullable):
            return self.completed(t.inner, value, depth)
        if isinstance(t, AliasRef):
            return self.completed(t.target, value, depth)
        if isinstance(t, UnionType):
            for variant in t.variants:
                done = self.completed(variant, value, depth)
                if self.parses(variant, plain(done)):
                    return done
            return value
        if isinstance(t, ArrayType) and isinstance(value, list):
            return [self.completed(t.item, v, depth + 1) for v in value]
        if isinstance(t, MapType) and isinstance(value, dict):
            return {k: self.completed(t.value, v, depth + 1) for k, v in value.items()}
        if isinstance(t, ModelRef) and isinstance(value, dict) and t.name in self.models:
            model = self.models[t.name]
            by_wire = {p.wire_name: p for p in model.properties}
            out = {
                k: self.completed(by_wire[k].type, v, depth + 1) if k in by_wire else v
                for k, v in value.items()
            }
            for p in model.properties:
                if p.required and not p.write_only and p.wire_name not in out:
                    out[p.wire_name] = self.value(p.type, depth + 1, response=True)
            return out
        return value

    # -- Python source --------------------------------------------------------------

    def source(self, t: TypeExpr, value: Any, *, loose: bool = False) -> str:
        """Python source that builds `value` (JSON) as an argument of type `t`.

        Models are built with their constructors; with `loose`, with `Model.from_dict`
        instead, which takes values that break constraints (for tests that expect a
        RequestValidationError). `Repeat` and `Verbatim` values render compactly / as is.
        """
        if isinstance(value, Verbatim):
            return self._json_source(value.value)
        if isinstance(value, Repeat):
            return self._repeat_source(t, value, loose)
        if value is None:
            return "None"
        if isinstance(t, Nullable):
            return self.source(t.inner, value, loose=loose)
        if isinstance(t, AliasRef):
            return self.source(t.target, value, loose=loose)
        if isinstance(t, UnionType):
            chosen = next((v for v in t.variants if self.fits(v, value)), None)
            if chosen is None and loose:
                chosen = next(
                    (v for v in t.variants if self.parses(v, plain(self.completed(v, value)))), None
                )
            return (
                self.source(chosen, value, loose=loose)
                if chosen is not None
                else self._json_source(value)
            )
        if isinstance(t, ArrayType) and isinstance(value, list):
            return "[" + ", ".join(self.source(t.item, v, loose=loose) for v in value) + "]"
        if isinstance(t, MapType) and isinstance(value, dict):
            items = (
                f"{py_str(k)}: {self.source(t.value, v, loose=loose)}" for k, v in value.items()
            )
            return "{" + ", ".join(items) + "}"
        if isinstance(t, ModelRef) and isinstance(value, dict) and t.name in self.models:
            self.used.add("models")
            if loose:
                return f"models.{t.name}.from_dict({self._json_source(self.completed(t, value))})"
            model = self.models[t.name]
            by_wire = {p.wire_name: p for p in model.properties}
            args = [
                f"{by_wire[k].py_name}={self.source(by_wire[k].type, v)}"
                for k, v in value.items()
                if k in by_wire
            ]
            extra = {k: v for k, v in value.items() if k not in by_wire}
            if extra and not model.closed:
                args.append(f"additional_properties={self._json_source(extra)}")
            return f"models.{t.name}(" + ", ".join(args) + ")"
        if isinstance(t, Primitive) and isinstance(value, str):
            if t.kind == "binary":  # annotated bytes: the same text, encoded
                return f"{py_str(value)}.encode()" if value else 'b""'
            if t.kind == "datetime":
                parsed = parse_datetime(value)
                if parsed is not None:
                    self.used.add("datetime")
                    return f"datetime.datetime.fromisoformat({py_str(parsed.isoformat())})"
            if t.kind == "date" and self.parses(t, value):
                self.used.add("datetime")
                return f"datetime.date.fromisoformat({py_str(value)})"
            if t.kind == "uuid" and self.parses(t, value):
                self.used.add("uuid")
                return f"uuid.UUID({py_str(value)})"
        return self._json_source(value)

    def _repeat_source(self, t: TypeExpr, value: Repeat, loose: bool) -> str:
        while isinstance(t, (Nullable, AliasRef)):
            t = t.inner if isinstance(t, Nullable) else t.target
        if value.text:
            return f"{py_str(value.item)} * {value.count}"
        item_type = t.item if isinstance(t, ArrayType) else Primitive("any")
        return self._repeated(self.source(item_type, value.item, loose=loose), value.count)

    def _repeated(self, item: str, count: int) -> str:
        """`[item] * count`; a compound item (a model, a dict, a list) as a call instead,
        which the layout helpers split as black does when it is too long for its line."""
        if not any(bracket in item for bracket in "([{"):
            return f"[{item}] * {count}"
        self.used.add("itertools")
        return f"list(itertools.repeat({item}, {count}))"

    def _json_source(self, value: Any) -> str:
        """A plain literal (like `py_literal`) that also renders `Repeat` and `Verbatim`."""
        if isinstance(value, Verbatim):
            return self._json_source(value.value)
        if isinstance(value, Repeat):
            if value.text:
                return f"{py_str(value.item)} * {value.count}"
            return self._repeated(self._json_source(value.item), value.count)
        if isinstance(value, dict):
            return (
                "{"
                + ", ".join(f"{py_str(str(k))}: {self._json_source(v)}" for k, v in value.items())
                + "}"
            )
        if isinstance(value, list):
            return "[" + ", ".join(self._json_source(v) for v in value) + "]"
        return py_literal(value)

    def wire(self, t: TypeExpr, value: Any) -> Any:
        """The JSON the client sends for the argument that `source(t, value)` builds."""
        if value is None:
            return None
        if isinstance(t, Nullable):
            return self.wire(t.inner, value)
        if isinstance(t, AliasRef):
            return self.wire(t.target, value)
        if isinstance(t, UnionType):
            chosen = next((v for v in t.variants if self.fits(v, value)), None)
            return self.wire(chosen, value) if chosen is not None else value
        if isinstance(t, ArrayType) and isinstance(value, list):
            return [self.wire(t.item, v) for v in value]
        if isinstance(t, MapType) and isinstance(value, dict):
            return {k: self.wire(t.value, v) for k, v in value.items()}
        if isinstance(t, ModelRef) and isinstance(value, dict) and t.name in self.models:
            model = self.models[t.name]
            by_wire = {p.wire_name: p for p in model.properties}
            out = {k: self.wire(by_wire[k].type, v) for k, v in value.items() if k in by_wire}
            if not model.closed:
                out.update({k: v for k, v in value.items() if k not in by_wire})
            return out
        if isinstance(t, Primitive) and isinstance(value, str):
            if t.kind == "datetime":
                parsed = parse_datetime(value)
                return _format_datetime(parsed) if parsed is not None else value
            if t.kind == "uuid" and self.parses(t, value):
                return str(uuid.UUID(value))
        return value

    def call_arguments(self, op: Operation) -> list[tuple[str, str, bool]]:
        """(python name, source, positional?) for a call of `op` with example values."""
        body_example = op.body.examples[0].value if op.body and op.body.examples else None
        args = []
        for param in op.parameters:
            if not param.call_required:
                continue
            value = param.examples[0].value if param.examples else self.value(param.type)
            args.append((param.py_name, self.source(param.type, value), param.location == "path"))
        if op.body is None:
            return args
        if op.body.fields is None:
            value = body_example if body_example is not None else self.value(op.body.type)
            args.append(("body", self.source(op.body.type, value), False))
            return args
        if not isinstance(body_example, dict):
            body_example = self.value(op.body.type)
        for prop in op.body.fields:
            if prop.wire_name in body_example:
                value = body_example[prop.wire_name]
                args.append((prop.py_name, self.source(prop.type, value), False))
        return args


# --- helpers -----------------------------------------------------------------------


def _item(t: TypeExpr) -> TypeExpr:
    while isinstance(t, (Nullable, AliasRef)):
        t = t.inner if isinstance(t, Nullable) else t.target
    return t.item if isinstance(t, ArrayType) else Primitive("any")


def plain(value: Any) -> Any:
    """`value` with `Repeat` and `Verbatim` markers replaced by what they stand for."""
    if isinstance(value, Verbatim):
        return value.value
    if isinstance(value, Repeat):
        return value.item * value.count if value.text else [plain(value.item)] * value.count
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
