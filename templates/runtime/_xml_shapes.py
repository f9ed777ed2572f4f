"""The descriptors of ``_types`` as shapes for ``_xml``: how a typed body is written
as XML and read back (models carry their ``Xml`` placements, see ``Model.__xml__``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._types import (
    Arr,
    Binary,
    Bool,
    Date,
    DateTime,
    Float,
    Int,
    Lit,
    Map,
    Nullable,
    Ref,
    Str,
    TypeDesc,
    Uuid,
)
from ._xml import Xml

__all__ = ["DESCRIPTORS", "root_placement"]

_STRINGS = (Str, Date, DateTime, Uuid, Binary)


def _bare(t: Any) -> Any:
    while isinstance(t, Nullable):
        t = t.inner
    return t


def _literal_kind(values: tuple[Any, ...]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "number"
    return "string" if all(isinstance(v, str) for v in values) else "any"


_KINDS: dict[type, str] = {
    Ref: "object",
    Arr: "array",
    Map: "map",
    Bool: "boolean",
    Int: "integer",
    Float: "number",
    **{t: "string" for t in _STRINGS},
}


class _Descriptors:
    """``ShapeView`` over descriptors."""

    def __init__(self) -> None:
        self._placed: dict[Ref, list[tuple[str, Xml, Any]]] = {}

    def kind(self, shape: Any) -> str:
        t = _bare(shape)
        if isinstance(t, Lit):
            return _literal_kind(t.values)
        return _KINDS.get(type(t), "any")

    def properties(self, shape: Any) -> Sequence[tuple[str, Xml, Any]]:
        ref = _bare(shape)
        found = self._placed.get(ref)
        if found is not None:
            return found
        cls = ref.resolve()
        placed = [
            (f.wire_name, f.xml or Xml(f.wire_name), f.type) for f in cls.__fields__
        ]
        order = cls.__xml__.order if cls.__xml__ is not None else ()
        if order:
            rank = {name: i for i, name in enumerate(order)}
            placed.sort(key=lambda p: rank.get(p[0], len(rank)))
        self._placed[ref] = placed
        return placed

    def item(self, shape: Any) -> Any:
        t = _bare(shape)
        return t.item if isinstance(t, Arr) else t.value


DESCRIPTORS = _Descriptors()


def root_placement(t: TypeDesc, declared: Xml | None) -> Xml:
    """The root element of a body: a model's own (its ``xml.name``, else its
    component's name), else the body's declared one, else ``item`` (in ``items``)."""
    bare = _bare(t)
    if isinstance(bare, Ref):
        cls = bare.resolve()
        return cls.__xml__ or Xml(cls.__name__)
    if declared is not None:
        return declared
    return Xml("item", wrapped=Xml("items"))
