"""Example values: the spec's own examples where it has them, else values made to fit.

Used for the generated README's usage snippets and the generated tests.
"""

from __future__ import annotations

import re
from typing import Any

from .ir import (
    AliasRef,
    ArrayType,
    LiteralType,
    MapType,
    ModelDef,
    ModelRef,
    Nullable,
    Operation,
    Primitive,
    TypeExpr,
    UnionType,
)
from .literals import py_literal, py_str

__all__ = ["Samples"]

_STRING_CANDIDATES = ("abc123", "example", "a", "1", "A", "a-1", "x_1", "Example")


class Samples:
    """Makes JSON values that satisfy a type, and Python source for typed arguments."""

    def __init__(self, models: dict[str, ModelDef]) -> None:
        self.models = models

    def value(self, t: TypeExpr, depth: int = 0) -> Any:
        """A JSON value of type `t` that meets its constraints (required fields only)."""
        if isinstance(t, Nullable):
            return self.value(t.inner, depth)
        if isinstance(t, AliasRef):
            return self.value(t.target, depth)
        if isinstance(t, LiteralType):
            return t.values[0]
        if isinstance(t, UnionType):
            return self.value(t.variants[0], depth)
        if isinstance(t, ArrayType):
            count = max(t.constraints.min_items or 0, 1 if depth < 3 else 0)
            return [self.value(t.item, depth + 1) for _ in range(count)]
        if isinstance(t, MapType):
            return {}
        if isinstance(t, ModelRef):
            model = self.models.get(t.name)
            if model is None or depth > 5:
                return {}
            return {
                p.wire_name: self.value(p.type, depth + 1)
                for p in model.properties
                if p.required and not p.read_only
            }
        assert isinstance(t, Primitive)
        return self._primitive(t)

    @staticmethod
    def _primitive(t: Primitive) -> Any:
        c = t.constraints
        if t.kind == "str":
            lo, hi = c.min_length or 0, c.max_length
            for candidate in _STRING_CANDIDATES:
                text = candidate * max(1, -(-lo // len(candidate)))
                text = text[: hi if hi is not None else len(text)]
                if len(text) >= lo and (c.pattern is None or re.search(c.pattern, text)):
                    return text
            return "a" * max(lo, 1)
        if t.kind in ("int", "float"):
            low = c.minimum if c.minimum is not None else c.exclusive_minimum
            value = 1 if low is None else int(low) + (1 if c.exclusive_minimum is not None else 0)
            if c.maximum is not None and value > c.maximum:
                value = int(c.maximum)
            return value if t.kind == "int" else float(value)
        return {
            "bool": True,
            "datetime": "2024-01-15T10:30:00Z",
            "date": "2024-01-15",
            "uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
            "binary": "",
            "any": {},
        }[t.kind]

    def source(self, t: TypeExpr, value: Any) -> str:
        """Python source that builds `value` (JSON) as an argument of type `t`."""
        if value is None:
            return "None"
        if isinstance(t, Nullable):
            return self.source(t.inner, value)
        if isinstance(t, AliasRef):
            return self.source(t.target, value)
        if isinstance(t, ArrayType) and isinstance(value, list):
            return "[" + ", ".join(self.source(t.item, v) for v in value) + "]"
        if isinstance(t, MapType) and isinstance(value, dict):
            items = (f"{py_str(k)}: {self.source(t.value, v)}" for k, v in value.items())
            return "{" + ", ".join(items) + "}"
        if isinstance(t, ModelRef) and isinstance(value, dict) and t.name in self.models:
            model = self.models[t.name]
            by_wire = {p.wire_name: p for p in model.properties}
            args = [
                f"{by_wire[k].py_name}={self.source(by_wire[k].type, v)}"
                for k, v in value.items()
                if k in by_wire
            ]
            return f"models.{t.name}(" + ", ".join(args) + ")"
        if isinstance(t, Primitive) and isinstance(value, str):
            if t.kind == "datetime":
                return f"datetime.datetime.fromisoformat({py_str(value.replace('Z', '+00:00'))})"
            if t.kind == "date":
                return f"datetime.date.fromisoformat({py_str(value)})"
            if t.kind == "uuid":
                return f"uuid.UUID({py_str(value)})"
        return py_literal(value)

    def call_arguments(self, op: Operation) -> list[tuple[str, str, bool]]:
        """(python name, source, positional?) for a call of `op` with example values."""
        body_example = op.body.examples[0].value if op.body and op.body.examples else None
        args = []
        for param in op.parameters:
            if not param.required:
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
