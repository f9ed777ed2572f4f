"""Whether a JSON value passes the generated client's checks, asked of the client runtime.

The runtime (`leadgen.templates.runtime._types`, copied into every generated package as
`_types.py`) is the one authority on which values a client accepts. This module
translates IR types into its descriptors (`Str`, `Arr`, `Ref`, ...) and builds each IR
model as a real runtime `Model` subclass, then lets the runtime answer.

The seam: `RuntimeChecks.fits` answers as the client does for a request value built from
JSON the way the generated code builds it (`Samples.source`): the value is read into
Python objects, then the runtime's `validate` must accept it. `RuntimeChecks.parses`
answers as the client's `deserialize` does for a response value (types strict,
constraints not). Descriptors and model classes are made once per `RuntimeChecks`, that
is, per API.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Callable, Hashable
from typing import Any, Literal

from ..emit.pytypes import CHECKED_FORMATS
from ..model.ir import (
    AliasRef,
    ArrayType,
    LiteralType,
    MapType,
    ModelDef,
    ModelRef,
    Nullable,
    Primitive,
    Property,
    TypeExpr,
    UnionType,
)
from ..templates.runtime import _types as rt
from ..templates.runtime._errors import RequestValidationError, ResponseValidationError

__all__ = ["RuntimeChecks", "Side", "parse_datetime"]

Side = Literal["request", "response"]
"""Which way a value travels: a request value is validated, a response value parsed."""

_REFUSED = (RequestValidationError, ResponseValidationError)
_SCALARS: dict[str, Callable[[], rt.TypeDesc]] = {
    "bool": rt.Bool,
    "datetime": rt.DateTime,
    "date": rt.Date,
    "uuid": rt.Uuid,
    "binary": rt.Binary,
    "any": rt.AnyT,
}


def parse_datetime(text: str) -> datetime.datetime | None:
    """`text` read as the runtime reads a date-time, or None when the runtime refuses it."""
    try:
        parsed: datetime.datetime = rt.deserialize(rt.DateTime(), text)
    except ResponseValidationError:
        return None
    return parsed


# --- descriptors that read a request value as the generated code builds it ----------


class _WrittenInt(rt.Int):
    """An integer as a request value: written as it is, so a float stays a float (which
    `validate` refuses), where a response's ``1.0`` is read as ``1``."""

    __slots__ = ()

    def deserialize(self, value: Any, path: str) -> Any:
        """`value` unchanged when it is a float, else read as the runtime's `Int` does."""
        return value if isinstance(value, float) else rt.Int.deserialize(self, value, path)


class _FirstFitting(rt.Union):
    """A union as a request value: built as the first variant it fits, whatever the
    discriminator (the client validates a request value against every variant)."""

    __slots__ = ()

    def deserialize(self, value: Any, path: str) -> Any:
        """`value` read as the first variant whose `validate` accepts it (else as the
        runtime's `Union` reads it, for `validate` to refuse)."""
        for variant in self.variants:
            try:
                built = variant.deserialize(value, path)
                variant.validate(built, path)
            except _REFUSED:
                continue
            return built
        return rt.Union.deserialize(self, value, path)


@dataclasses.dataclass(frozen=True, slots=True)
class _BoundRef(rt.Ref):
    """A `Ref` whose class comes from `lookup` (by model name) instead of an import of
    the generated package, which does not exist while generating it."""

    lookup: Callable[[str], type[rt.Model]] = dataclasses.field(compare=False, repr=False)

    def resolve(self) -> type[rt.Model]:
        """The model class named `name`, built from its IR definition."""
        return self.lookup(self.name)


# --- the checks --------------------------------------------------------------------

_PLAIN = (str, int, bool, type(None))


def _frozen(value: Any) -> Hashable | None:
    """A key equal for two values only when they are alike to the last detail `fits` could
    see: JSON's kinds told apart (`1`, `1.0`, `True`), floats by their text (`-0.0`), keys in
    order. None for a value holding anything else (a `Repeat`, a date-time)."""
    kind = type(value)
    if kind in _PLAIN:
        return kind, value
    if kind is float:
        return kind, repr(value)
    if kind is list or kind is tuple:
        items = tuple(map(_frozen, value))
        return None if None in items else (kind, items)
    if kind is dict:
        pairs = tuple((_frozen(k), _frozen(v)) for k, v in value.items())
        return None if any(None in pair for pair in pairs) else (kind, pairs)
    return None


@dataclasses.dataclass
class RuntimeChecks:
    """The runtime's answers for the types of one API, whose models are `models` (by name).

    A model name missing from `models` stands for any JSON object.
    """

    models: dict[str, ModelDef]
    _descriptors: dict[tuple[TypeExpr, Side], rt.TypeDesc] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _classes: dict[tuple[str, Side], type[rt.Model]] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _fitting: dict[tuple[TypeExpr, Hashable], bool] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def fits(self, t: TypeExpr, value: Any) -> bool:
        """Whether the client accepts the JSON `value`, built as an argument of type `t`.

        The value is read into Python objects as the generated code writes it (models
        through their constructors, date-times as `datetime`, numbers as written, a union
        as its first variant that fits), then the runtime's `validate` must accept it.
        The answer is remembered for a value of JSON's plain kinds (see `_frozen`).
        """
        key = _frozen(value)
        if key is None:
            return self._fits(t, value)
        known = self._fitting.get((t, key))
        if known is None:
            known = self._fitting[(t, key)] = self._fits(t, value)
        return known

    def _fits(self, t: TypeExpr, value: Any) -> bool:
        desc = self.descriptor(t, "request")
        try:
            rt.validate(desc, rt.deserialize(desc, value), "")
        except _REFUSED:
            return False
        return True

    def parses(self, t: TypeExpr, value: Any) -> bool:
        """Whether the runtime's `deserialize` accepts the JSON `value` as a response of `t`."""
        try:
            rt.deserialize(self.descriptor(t, "response"), value)
        except ResponseValidationError:
            return False
        return True

    def descriptor(self, t: TypeExpr, side: Side) -> rt.TypeDesc:
        """The runtime descriptor of `t` on `side`.

        On the "response" side it equals, field for field, the descriptor the generated
        code declares (`emit.pytypes.descriptor`), its model references bound to the
        classes built here.
        """
        key = (t, side)
        desc = self._descriptors.get(key)
        if desc is None:
            desc = self._descriptors[key] = self._translate(t, side)
        return desc

    def model_class(self, name: str, side: Side) -> type[rt.Model]:
        """The runtime `Model` subclass of the model `name` (any JSON object if unknown).

        On the "request" side a required read-only property is not required: the client
        neither sends it nor asks for it, and the generated constructor leaves it out.
        """
        key = (name, side)
        cls = self._classes.get(key)
        if cls is None:
            model = self.models.get(name)
            cls = self._classes[key] = (
                self._build_class(model, side) if model is not None else _AnyObject
            )
        return cls

    # -- translation ----------------------------------------------------------------

    def _translate(self, t: TypeExpr, side: Side) -> rt.TypeDesc:
        if isinstance(t, Primitive):
            return _primitive(t, side)
        if isinstance(t, LiteralType):
            return rt.Lit(t.values)
        if isinstance(t, ArrayType):
            c = t.constraints
            return rt.Arr(self.descriptor(t.item, side), c.min_items, c.max_items, c.unique_items)
        if isinstance(t, MapType):
            c = t.constraints
            return rt.Map(self.descriptor(t.value, side), c.min_properties, c.max_properties)
        if isinstance(t, ModelRef):
            return _BoundRef(
                "models." + t.module, t.name, functools.partial(self.model_class, side=side)
            )
        if isinstance(t, AliasRef):
            return self.descriptor(t.target, side)
        if isinstance(t, Nullable):
            return rt.Nullable(self.descriptor(t.inner, side))
        if isinstance(t, UnionType):
            variants = tuple(self.descriptor(v, side) for v in t.variants)
            if side == "request":
                return _FirstFitting(variants)
            mapping = tuple((k, self.descriptor(v, side)) for k, v in t.mapping)
            return rt.Union(variants, t.discriminator, mapping)
        raise TypeError(f"unknown type expression {t!r}")

    def _build_class(self, model: ModelDef, side: Side) -> type[rt.Model]:
        """`model` as the generated code declares it, for the runtime: a `Model` whose
        keyword-only constructor leaves out properties as UNSET (a dataclass in the generated
        code; a plain class here, which is much cheaper to make and checks the same)."""
        fields = tuple(self._field(p, side) for p in model.properties)
        extra = self.descriptor(model.extra, side) if model.extra is not None else None
        namespace = {
            "__fields__": fields,
            "__closed__": model.closed,
            "__extra__": extra,
            "__required_any__": model.required_any,
        }
        return type(model.name, (_BuiltModel,), namespace)

    def _field(self, prop: Property, side: Side) -> rt.Field:
        access = "read" if prop.read_only else "write" if prop.write_only else ""
        required = prop.required and not (side == "request" and prop.read_only)
        return rt.Field(
            prop.py_name, prop.wire_name, self.descriptor(prop.type, side), required, access
        )


class _BuiltModel(rt.Model):
    """Base of the model classes built from the IR: the generated dataclass's constructor."""

    def __init__(self, **values: Any) -> None:
        for f in self.__fields__:
            setattr(self, f.py_name, values.pop(f.py_name, rt.UNSET))
        self.additional_properties = values.pop("additional_properties", {})
        if values:
            raise TypeError(f"{type(self).__name__}: unexpected arguments {sorted(values)}")


@dataclasses.dataclass(kw_only=True)
class _AnyObject(rt.Model):
    """Any JSON object: what a reference to a model without a definition stands for."""

    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)


def _primitive(t: Primitive, side: Side) -> rt.TypeDesc:
    c = t.constraints
    if t.kind == "str":
        fmt = t.format if t.format in CHECKED_FORMATS else None
        return rt.Str(c.min_length, c.max_length, c.pattern, fmt)
    if t.kind in ("int", "float"):
        number = rt.Float if t.kind == "float" else _WrittenInt if side == "request" else rt.Int
        return number(c.minimum, c.maximum, c.exclusive_minimum, c.exclusive_maximum, c.multiple_of)
    return _SCALARS[t.kind]()
