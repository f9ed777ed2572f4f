"""Argument values for the generated tests: the valid ones, and ones that break each rule.

The seam: `ArgumentValues` decides what the tests pass to a method. Valid sets come from
the spec's examples where they fit, else from values synthesised to fit (`Samples`);
`breaks` walks an argument's type and yields, for each constraint it has, a value that
violates exactly that one, with the error path the runtime must report. How those values
travel over the wire is `tests_wire`'s business; `tests_context` turns both into views.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..emit.literals import py_str
from ..examples.patterns import compiles, matches
from ..examples.samples import Repeat, Samples, Verbatim
from ..model.ir import (
    AliasRef,
    ArrayType,
    LiteralType,
    MapType,
    ModelRef,
    Nullable,
    Operation,
    Primitive,
    TypeExpr,
    UnionType,
)

__all__ = ["ArgumentValues", "top_path", "unwrap"]

_LONG = 16  # strings longer than this are written as "a" * n


class ArgumentValues:
    """Values for the arguments of an operation's method, as JSON (see `Samples`)."""

    def __init__(self, samples: Samples) -> None:
        self.samples = samples
        self.models = samples.models

    # valid arguments

    def arguments(self, op: Operation) -> list[tuple[str, TypeExpr, bool]]:
        """(python name, type, required) of every argument of the method, in call order."""
        out = [(p.py_name, p.type, p.required or p.location == "path") for p in op.parameters]
        if op.body is not None:
            if op.body.fields is None:
                out.append(("body", op.body.type, op.body.required))
            else:
                out += [(f.py_name, f.type, f.required) for f in op.body.fields]
        return out

    def argument_sets(
        self, op: Operation
    ) -> tuple[list[tuple[str, dict[str, Any], str]], list[str]]:
        """Named sets of JSON argument values: one per usable body example, then one synthesised."""
        params: dict[str, Any] = {}
        for p in op.parameters:
            example = next(
                (e.value for e in p.examples if self.samples.fits(p.type, e.value)), None
            )
            if example is not None:
                params[p.py_name] = example
            elif p.required or p.location == "path":
                params[p.py_name] = self.samples.value(p.type)
        sets: list[tuple[str, dict[str, Any], str]] = []
        left_out: list[str] = []
        body = op.body
        for example in body.examples if body is not None else ():
            assert body is not None
            values = dict(params)
            if not self.samples.fits(body.type, example.value):
                left_out.append(
                    f"Example {example.name!r} is left out: it does not fit the request schema."
                )
                continue
            if body.fields is None:
                values["body"] = example.value
            else:
                given = {f.wire_name: f for f in body.fields}
                if not isinstance(example.value, dict) or not example.value and not body.required:
                    left_out.append(f"Example {example.name!r} is left out: it sends no body.")
                    continue
                values.update({given[k].py_name: v for k, v in example.value.items() if k in given})
            sets.append((example.name, values, example.summary))
        synthesised = self.synthesised(op)
        if not sets and any(p.examples for p in op.parameters):
            body_values = {k: v for k, v in synthesised.items() if k not in self._param_names(op)}
            sets.append(("example", {**params, **body_values}, "the parameters' examples"))
        sets.append(("synthesised", synthesised, "values made to fit the schema"))
        return sets, left_out

    @staticmethod
    def _param_names(op: Operation) -> set[str]:
        return {p.py_name for p in op.parameters}

    def synthesised(self, op: Operation) -> dict[str, Any]:
        """Values made to fit the schema: the required arguments, and the optional ones that fit."""
        values: dict[str, Any] = {}
        for p in op.parameters:
            value = self.samples.value(p.type, optional=True)
            if p.required or p.location == "path" or self.samples.fits(p.type, value):
                values[p.py_name] = value
        body = op.body
        if body is not None and body.fields is None:
            values["body"] = self.samples.value(body.type, optional=True)
        elif body is not None and body.fields is not None:
            for f in body.fields:
                value = self.samples.value(f.type, optional=True)
                if f.required or self.samples.fits(f.type, value):
                    values[f.py_name] = value
        return values

    def types(self, op: Operation) -> dict[str, TypeExpr]:
        """The type of each argument, by python name."""
        return {name: t for name, t, _ in self.arguments(op)}

    def args_source(self, op: Operation, values: dict[str, Any], *, loose: bool = False) -> str:
        """Python source of the keyword-argument dict that passes `values` (see `Samples.source`)."""
        types = self.types(op)
        items = [
            f"{py_str(k)}: {self.samples.source(types[k], v, loose=loose)}"
            for k, v in values.items()
        ]
        return "{" + ", ".join(items) + "}"

    def unbuildable(self, op: Operation, values: dict[str, Any]) -> list[str]:
        """Why the best-effort arguments break the schema (a pattern no value was found for)."""
        reasons = []
        for name, t, required in self.arguments(op):
            if name in values and not self.samples.fits(t, values[name]):
                reasons.append(f"no value of {name!r} that fits its schema could be synthesised")
            elif name not in values and required:
                reasons.append(f"no value of {name!r} could be synthesised")
        return reasons

    # values that break a rule

    def breaks(
        self,
        t: TypeExpr,
        valid: Any,
        path: str,
        label: str,
        deep: bool,
        in_model: bool,
        depth: int,
        seen: tuple[str, ...],
    ) -> Iterator[tuple[str, str, Any, str]]:
        """(label, keyword, a value of `t` breaking that rule, error path), for each rule of `t`."""
        while isinstance(t, (Nullable, AliasRef)):
            t = t.inner if isinstance(t, Nullable) else t.target
        if valid is None:
            valid = self.samples.value(t)
        if isinstance(t, UnionType):
            chosen = next((v for v in t.variants if self.samples.fits(v, valid)), None)
            if chosen is not None and isinstance(unwrap(chosen), ModelRef):
                yield from self.breaks(chosen, valid, path, label, deep, in_model, depth, seen)
        elif isinstance(t, LiteralType):
            bad = _not_in(t.values)
            if bad is not None:
                yield label, "enum", bad, path
        elif isinstance(t, Primitive):
            yield from ((label, k, v, path) for k, v in self._primitive_breaks(t, valid, in_model))
        elif isinstance(t, ArrayType):
            yield from self._array_breaks(t, valid, path, label, deep, in_model, depth, seen)
        elif isinstance(t, MapType):
            c = t.constraints
            if not isinstance(valid, dict):
                valid = {}
            filler = self.samples.value(t.value)
            if c.min_properties:
                yield label, "minProperties", dict(
                    list(valid.items())[: c.min_properties - 1]
                ), path
            if c.max_properties is not None and c.max_properties < 50:
                yield label, "maxProperties", {
                    f"key{i + 1}": filler for i in range(c.max_properties + 1)
                }, path
            if deep and depth < 4:
                key = next(iter(valid), "key1")
                inner = valid.get(key, filler)
                for sub in self.breaks(t.value, inner, f"{path}[{key!r}]", f"{label}[{key}]", True, in_model,
                                       depth + 1, seen):  # fmt: skip
                    yield sub[0], sub[1], {**valid, key: sub[2]}, sub[3]
        elif isinstance(t, ModelRef):
            model = self.models.get(t.name)
            if model is None or not isinstance(valid, dict) or t.name in seen or depth > 3:
                return
            if model.closed:
                extra = "unexpected"
                while any(p.wire_name == extra for p in model.properties):
                    extra += "_"
                yield label, "additionalProperties", {**valid, extra: 1}, path
            groups = model.required_groups()
            if groups:
                names = {w for g in groups for w in g}
                yield label, "required", {
                    k: v for k, v in valid.items() if k not in names
                }, path or "body"
            if not deep:
                return
            for prop in model.properties:
                if prop.read_only:
                    continue
                inner = valid.get(prop.wire_name)
                if inner is None:
                    inner = self.samples.value(prop.type)
                    if not self.samples.fits(prop.type, inner):
                        continue
                for sub in self.breaks(prop.type, inner, f"{path}.{prop.wire_name}", f"{label}.{prop.wire_name}",
                                       True, True, depth + 1, (*seen, t.name)):  # fmt: skip
                    yield sub[0], sub[1], {**valid, prop.wire_name: sub[2]}, sub[3]

    def _array_breaks(
        self,
        t: ArrayType,
        valid: Any,
        path: str,
        label: str,
        deep: bool,
        in_model: bool,
        depth: int,
        seen: tuple[str, ...],
    ) -> Iterator[tuple[str, str, Any, str]]:
        c = t.constraints
        if not isinstance(valid, list):
            valid = []
        item = valid[0] if valid else self.samples.value(t.item)
        if c.min_items:
            yield label, "minItems", valid[: c.min_items - 1], path
        if c.max_items is not None:
            count = c.max_items + 1
            yield label, "maxItems", Repeat(item, count) if count > 3 else [item] * count, path
        if c.unique_items and (c.max_items is None or c.max_items >= 2):
            yield label, "uniqueItems", [item, item, *valid[2:]], f"{path}[1]"
        if deep and depth < 4:
            rest = valid[1:] if valid else []
            for sub in self.breaks(
                t.item, item, f"{path}[0]", f"{label}[0]", True, in_model, depth + 1, seen
            ):
                yield sub[0], sub[1], [sub[2], *rest], sub[3]

    def _primitive_breaks(
        self, t: Primitive, valid: Any, in_model: bool
    ) -> Iterator[tuple[str, Any]]:
        c = t.constraints
        if t.kind == "str":
            text = valid if isinstance(valid, str) else ""
            if c.min_length:
                yield "minLength", (
                    text[: c.min_length - 1]
                    if len(text) >= c.min_length - 1
                    else "a" * (c.min_length - 1)
                )
            if c.max_length is not None:
                n = c.max_length + 1
                yield "maxLength", Repeat("a", n, text=True) if n > _LONG else "a" * n
            if c.pattern is not None and compiles(c.pattern):
                bad = _not_matching(c.pattern, c.min_length or 0, c.max_length)
                if bad is not None:
                    yield "pattern", bad
        elif t.kind in ("int", "float"):
            yield from self._number_breaks(t, valid)
        elif t.kind in ("uuid", "datetime", "date") and not in_model:
            yield "format", Verbatim(
                "not-a-" + {"uuid": "uuid", "datetime": "date-time", "date": "date"}[t.kind]
            )

    def _number_breaks(self, t: Primitive, valid: Any) -> Iterator[tuple[str, Any]]:
        c = t.constraints
        is_int = t.kind == "int"

        def num(value: float) -> int | float:
            return int(value) if is_int else float(value)

        if c.minimum is not None:
            yield "minimum", num(math.ceil(c.minimum) - 1 if is_int else c.minimum - 1)
        if c.maximum is not None:
            yield "maximum", num(math.floor(c.maximum) + 1 if is_int else c.maximum + 1)
        if c.exclusive_minimum is not None:
            yield "exclusiveMinimum", num(
                math.floor(c.exclusive_minimum) if is_int else c.exclusive_minimum
            )
        if c.exclusive_maximum is not None:
            yield "exclusiveMaximum", num(
                math.ceil(c.exclusive_maximum) if is_int else c.exclusive_maximum
            )
        if c.multiple_of:
            base = valid if isinstance(valid, (int, float)) and not isinstance(valid, bool) else 0
            step = c.multiple_of
            bounds = Primitive(t.kind, None, replace(c, multiple_of=None))
            for offset in (1, 2, 3) if is_int else (step / 2, step / 3, step * 1.5):
                candidate = num(base + offset)
                if not self.samples.fits(t, candidate) and self.samples.fits(bounds, candidate):
                    yield "multipleOf", candidate
                    break


# --- helpers ---------------------------------------------------------------------------


def unwrap(t: TypeExpr) -> TypeExpr:
    """`t` without the Nullable and alias layers around it."""
    while isinstance(t, (Nullable, AliasRef)):
        t = t.inner if isinstance(t, Nullable) else t.target
    return t


def top_path(op: Operation, name: str) -> str:
    """Where the runtime's RequestValidationError points for argument `name`."""
    if any(p.py_name == name for p in op.parameters):
        return name
    if op.body is not None and op.body.fields is not None:
        wire = next(f.wire_name for f in op.body.fields if f.py_name == name)
        return f"body.{wire}"
    return "body"


def _not_in(values: tuple[Any, ...]) -> Any:
    """A JSON scalar of the kind of `values[0]` that is not among `values`."""
    first = values[0]
    if isinstance(first, bool):
        others = [v for v in (True, False) if not any(v is w for w in values)]
        return others[0] if others else None
    if isinstance(first, (int, float)):
        return max(v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)) + 1
    text = "not-a-valid-value"
    while text in values:
        text += "_"
    return text


def _not_matching(pattern: str, lo: int, hi: int | None) -> str | None:
    """A string within the length bounds that `pattern` does not find."""
    for seed in ("!", " ", "-", "~", "a", "0", "A", "_", "!a", "a!"):
        text = (seed * max(1, -(-lo // len(seed))))[: hi if hi is not None else None]
        if len(text) >= lo and not matches(pattern, text):
            return text
    return None if lo > 0 or matches(pattern, "") else ""
