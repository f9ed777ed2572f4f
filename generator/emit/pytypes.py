"""IR type expressions as Python source: annotations, runtime descriptors, imports.

Every literal that comes from the spec goes through `literals`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..model.ir import (
    AliasRef,
    ArrayType,
    Constraints,
    LiteralType,
    MapType,
    ModelRef,
    Nullable,
    Primitive,
    TypeExpr,
    UnionType,
)
from .literals import py_literal, py_str

__all__ = ["Imports", "annotation", "descriptor", "walk"]

_ANNOTATIONS = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "datetime": "datetime.datetime",
    "date": "datetime.date",
    "uuid": "uuid.UUID",
    "binary": "bytes",
    "any": "Any",
}
_DESCRIPTORS = {
    "str": "Str",
    "int": "Int",
    "float": "Float",
    "bool": "Bool",
    "datetime": "DateTime",
    "date": "Date",
    "uuid": "Uuid",
    "binary": "Binary",
    "any": "AnyT",
}
_CONSTRAINT_ARGS = {
    "Str": ("min_length", "max_length", "pattern"),
    "Int": ("minimum", "maximum", "exclusive_minimum", "exclusive_maximum", "multiple_of"),
    "Float": ("minimum", "maximum", "exclusive_minimum", "exclusive_maximum", "multiple_of"),
    "Arr": ("min_items", "max_items", "unique_items"),
    "Map": ("min_properties", "max_properties"),
}


def walk(t: TypeExpr, *, into_alias: bool = True) -> Iterator[TypeExpr]:
    """`t` and every type expression inside it (not following model references)."""
    yield t
    if isinstance(t, ArrayType):
        yield from walk(t.item, into_alias=into_alias)
    elif isinstance(t, MapType):
        yield from walk(t.value, into_alias=into_alias)
    elif isinstance(t, Nullable):
        yield from walk(t.inner, into_alias=into_alias)
    elif isinstance(t, UnionType):
        for v in t.variants:
            yield from walk(v, into_alias=into_alias)
        for _, v in t.mapping:
            yield from walk(v, into_alias=into_alias)
    elif isinstance(t, AliasRef) and into_alias:
        yield from walk(t.target)


SHADOWABLE_BUILTINS = frozenset({"list", "dict", "str", "int", "float", "bool", "bytes"})


# Formats the runtime checks in a request string (`_types._check_string`).
CHECKED_FORMATS = frozenset({"email", "uri"})
# Argument annotations also take a string for these (checked, then sent as given).
_FRIENDLY = {"datetime", "date", "uuid"}


def annotation(t: TypeExpr, shadowed: frozenset[str] = frozenset(), *, inputs: bool = False) -> str:
    """The Python type annotation for `t`; with `inputs`, an argument's, where a uuid,
    date or date-time may also be given as a string.

    Builtins named in `shadowed` (a class defines a method of that name) are
    written as `builtins.<name>`, so the annotation keeps meaning the type.
    """

    def builtin(name: str) -> str:
        return f"builtins.{name}" if name in shadowed else name

    if isinstance(t, Primitive):
        text = _ANNOTATIONS[t.kind]
        if inputs and t.kind == "binary":
            return "FileInput"
        if inputs and t.kind in _FRIENDLY:
            return f"{text} | {builtin('str')}"
        return builtin(text) if text in SHADOWABLE_BUILTINS else text
    if isinstance(t, LiteralType):
        if not t.is_literal:
            return " | ".join(_plain_types(t, builtin))
        return "Literal[" + ", ".join(py_literal(v) for v in t.values) + "]"
    if isinstance(t, ArrayType):
        return f"{builtin('list')}[{annotation(t.item, shadowed, inputs=inputs)}]"
    if isinstance(t, MapType):
        value = annotation(t.value, shadowed, inputs=inputs)
        return f"{builtin('dict')}[{builtin('str')}, {value}]"
    if isinstance(t, (ModelRef, AliasRef)):
        return t.name
    if isinstance(t, (Nullable, UnionType)):
        return " | ".join(_union_parts(t, shadowed, inputs))
    raise TypeError(f"unknown type expression {t!r}")


def _plain_types(t: LiteralType, builtin: Callable[[str], str]) -> list[str]:
    """The Python types of an enum's members, for one that cannot be a `Literal`."""
    kinds: list[str] = []
    for value in t.values:
        if value is None or isinstance(value, bool):
            kind = "None" if value is None else builtin("bool")
        elif isinstance(value, (int, float)):
            kind = builtin("float") if isinstance(value, float) else builtin("int")
        elif isinstance(value, str):
            kind = builtin("str")
        elif isinstance(value, list):
            kind = f"{builtin('list')}[Any]"
        else:
            kind = f"{builtin('dict')}[{builtin('str')}, Any]"
        if kind not in kinds:
            kinds.append(kind)
    if builtin("float") in kinds and builtin("int") in kinds:
        kinds.remove(builtin("int"))  # an int is accepted where a float is
    return [k for k in kinds if k != "None"] + (["None"] if "None" in kinds else [])


def _union_parts(t: TypeExpr, shadowed: frozenset[str], inputs: bool = False) -> list[str]:
    """The members of a union (nullable or not), flattened, deduplicated, Literals merged."""
    parts: list[str] = []
    literals: list[str] = []
    nullable = False
    pending = [t]
    while pending:
        node = pending.pop(0)
        if isinstance(node, Nullable):
            nullable = True
            pending.insert(0, node.inner)
        elif isinstance(node, UnionType):
            pending[:0] = list(node.variants)
        elif isinstance(node, LiteralType) and not node.is_literal:
            for text in _plain_types(node, _builtin_in(shadowed)):
                if text not in parts:
                    parts.append(text)
        elif isinstance(node, LiteralType):
            literals += [v for v in map(py_literal, node.values) if v not in literals]
            if "Literal" not in parts:
                parts.append("Literal")  # one merged Literal, where the first one stood
        else:
            text = annotation(node, shadowed, inputs=inputs)
            for part in text.split(" | ") if isinstance(node, Primitive) else [text]:
                if part not in parts:
                    parts.append(part)
    if "Any" in parts:
        return ["Any"]
    if "None" in parts:
        parts.remove("None")
        nullable = True
    parts = [f"Literal[{', '.join(literals)}]" if p == "Literal" else p for p in parts]
    return parts + ["None"] if nullable else parts


def _builtin_in(shadowed: frozenset[str]) -> Callable[[str], str]:
    return lambda name: f"builtins.{name}" if name in shadowed else name


def _args(name: str, constraints: Constraints) -> str:
    values = dict(constraints.items())
    return ", ".join(f"{k}={py_literal(values[k])}" for k in _CONSTRAINT_ARGS[name] if k in values)


def _tuple(items: list[str]) -> str:
    return "(" + items[0] + ",)" if len(items) == 1 else "(" + ", ".join(items) + ")"


def descriptor(t: TypeExpr) -> str:
    """Source of the runtime descriptor (see `_types.py`) that (de)serialises and validates `t`."""
    if isinstance(t, Primitive):
        name = _DESCRIPTORS[t.kind]
        args = _args(name, t.constraints) if name in _CONSTRAINT_ARGS else ""
        if name == "Str" and t.format in CHECKED_FORMATS:
            args += (", " if args else "") + f"format={py_str(t.format)}"
        return f"{name}({args})"
    if isinstance(t, LiteralType):
        return f"Lit({_tuple([py_literal(v) for v in t.values])})"
    if isinstance(t, ArrayType):
        args = _args("Arr", t.constraints)
        return f"Arr({descriptor(t.item)}{', ' + args if args else ''})"
    if isinstance(t, MapType):
        args = _args("Map", t.constraints)
        return f"Map({descriptor(t.value)}{', ' + args if args else ''})"
    if isinstance(t, ModelRef):
        return f"Ref({py_str('models.' + t.module)}, {py_str(t.name)})"
    if isinstance(t, AliasRef):
        return descriptor(t.target)
    if isinstance(t, Nullable):
        return f"Nullable({descriptor(t.inner)})"
    if isinstance(t, UnionType):
        variants = _tuple([descriptor(v) for v in t.variants])
        if t.discriminator is None:
            return f"Union({variants})"
        mapping = (
            _tuple([f"({py_str(k)}, {descriptor(v)})" for k, v in t.mapping]) if t.mapping else "()"
        )
        return f"Union({variants}, discriminator={py_str(t.discriminator)}, mapping={mapping})"
    raise TypeError(f"unknown type expression {t!r}")


@dataclass
class Imports:
    """What a generated module imports, collected from the types it uses."""

    stdlib: set[str] = field(default_factory=set)  # "datetime", "uuid"
    typing: set[str] = field(default_factory=set)  # "Any", "Literal"
    runtime: set[str] = field(default_factory=set)  # descriptor class names
    refs: dict[str, str] = field(default_factory=dict)  # class name -> module

    def add_annotation(
        self, types: Iterable[TypeExpr], *, follow_alias: bool = False, inputs: bool = False
    ) -> None:
        for t in types:
            for node in walk(t, into_alias=follow_alias):
                if isinstance(node, Primitive) and inputs and node.kind == "binary":
                    self.runtime.add("FileInput")
                elif isinstance(node, Primitive):
                    text = _ANNOTATIONS[node.kind]
                    if "." in text:
                        self.stdlib.add(text.split(".")[0])
                    elif text == "Any":
                        self.typing.add("Any")
                elif isinstance(node, LiteralType) and node.is_literal:
                    self.typing.add("Literal")
                elif isinstance(node, LiteralType):
                    if any(isinstance(v, (list, dict)) for v in node.values):
                        self.typing.add("Any")
                elif isinstance(node, (ModelRef, AliasRef)):
                    self.refs[node.name] = node.module

    def add_descriptor(self, types: Iterable[TypeExpr]) -> None:
        for t in types:
            for node in walk(t):
                if isinstance(node, Primitive):
                    self.runtime.add(_DESCRIPTORS[node.kind])
                elif isinstance(node, LiteralType):
                    self.runtime.add("Lit")
                elif isinstance(node, ArrayType):
                    self.runtime.add("Arr")
                elif isinstance(node, MapType):
                    self.runtime.add("Map")
                elif isinstance(node, ModelRef):
                    self.runtime.add("Ref")
                elif isinstance(node, Nullable):
                    self.runtime.add("Nullable")
                elif isinstance(node, UnionType):
                    self.runtime.add("Union")
