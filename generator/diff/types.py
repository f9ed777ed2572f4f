"""Structural comparison of IR type expressions, in the direction values travel.

`request`: the new type must accept every value the old one accepted.
`response`: every value the new type may produce must fit the old one.

Named definitions (models and aliases) are compared once per (old, new,
direction) and memoised; comparing a model only records the pairs it leads to
(edges), so recursive schemas terminate and large specs stay linear.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from ..emit.pytypes import annotation
from ..errors import pointer_join
from ..model.ir import (
    AliasDef,
    AliasRef,
    ArrayType,
    Constraints,
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
from .findings import Change, change
from .symbols import Symbols
from .values import (
    LIMITS,
    default_change,
    kind_within,
    literal_key,
    shape,
    text,
    tighter,
    unset,
    value_kind,
)

__all__ = ["Collected", "Direction", "Edge", "Site", "TypeComparer"]

Direction = Literal["request", "response"]
ANY = Primitive("any")


@dataclass(frozen=True)
class Site:
    """Where a type sits: a human label, its pointer in OLD and NEW, the symbols it touches."""

    where: str
    old: str | None
    new: str | None
    symbols: tuple[str, ...] = ()

    def child(self, suffix: str, label: str) -> Site:
        return Site(
            self.where + label,
            self.old + suffix if self.old is not None else None,
            self.new + suffix if self.new is not None else None,
            self.symbols,
        )


@dataclass(frozen=True)
class Edge:
    kind: Literal["model", "alias"]
    old: str
    new: str
    direction: Direction
    via: tuple[str, ...] = ()  # symbols of the site that led here


@dataclass
class Collected:
    changes: list[Change] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


class TypeComparer:
    """Compares type expressions of two Apis; memoises named pairs."""

    def __init__(self, old: Symbols, new: Symbols) -> None:
        self.old, self.new = old, new
        self._pairs: dict[tuple[str, str, str, str], Collected] = {}
        self.paired: set[tuple[str, str]] = set()  # (old name, new name) of compared definitions

    # -- entry points -----------------------------------------------------------

    def pair(self, edge: Edge) -> Collected:
        key = (edge.kind, edge.old, edge.new, edge.direction)
        found = self._pairs.get(key)
        if found is None:
            found = self._pairs[key] = Collected()  # pairs only record edges: no recursion here
            self.paired.add((edge.old, edge.new))
            o, n = self.old.definitions.get(edge.old), self.new.definitions.get(edge.new)
            if isinstance(o, ModelDef) and isinstance(n, ModelDef):
                self._models(o, n, edge.direction, found)
            elif isinstance(o, AliasDef) and isinstance(n, AliasDef):
                site = Site(n.name, o.pointer, n.pointer, (self.new.type(n.name),))
                self.compare(o.target, n.target, edge.direction, site, found)
        return found

    def compare(self, o: TypeExpr, n: TypeExpr, d: Direction, site: Site, out: Collected) -> None:
        if o is n:
            return
        o_null, o_core = (True, o.inner) if isinstance(o, Nullable) else (False, o)
        n_null, n_core = (True, n.inner) if isinstance(n, Nullable) else (False, n)
        if o_null != n_null:
            added = n_null
            rule = f"{d}-nullable-{'added' if added else 'removed'}"
            out.changes.append(change(rule, site.old, site.new, site.symbols, where=site.where))
        self._core(o_core, n_core, d, site, out)

    # -- shapes -----------------------------------------------------------------

    def _named(self, o: str, n: str, site: Site, out: Collected) -> None:
        """The same place now names another definition: a rename, or another type."""
        renamed = o not in self.new.definitions and n not in self.old.definitions
        if o != n and not renamed:
            out.changes.append(
                change(
                    "python-type-changed",
                    site.old,
                    site.new,
                    site.symbols,
                    where=site.where,
                    old=o,
                    new=n,
                )
            )

    def _unalias(self, t: AliasRef, side: Symbols, site: Site, old_side: bool) -> Site:
        definition = side.definitions.get(t.name)
        pointer = definition.pointer if definition is not None else None
        symbols = site.symbols + (side.type(t.name),)
        if old_side:
            return replace(site, old=pointer or site.old, symbols=symbols)
        return replace(site, new=pointer or site.new, symbols=symbols)

    def _core(self, o: TypeExpr, n: TypeExpr, d: Direction, site: Site, out: Collected) -> None:
        if isinstance(o, AliasRef) and isinstance(n, AliasRef):
            out.edges.append(Edge("alias", o.name, n.name, d, site.symbols))
            self._named(o.name, n.name, site, out)
            return
        if isinstance(o, AliasRef):
            self.compare(o.target, n, d, self._unalias(o, self.old, site, True), out)
            return
        if isinstance(n, AliasRef):
            self.compare(o, n.target, d, self._unalias(n, self.new, site, False), out)
            return
        if isinstance(o, ModelRef) and isinstance(n, ModelRef):
            out.edges.append(Edge("model", o.name, n.name, d, ()))
            self._named(o.name, n.name, site, out)
            return
        if isinstance(o, Primitive) and isinstance(n, Primitive) and o.kind == n.kind:
            if o.format != n.format:
                out.changes.append(
                    change(f"{d}-format-changed", site.old, site.new, site.symbols,
                           where=site.where, old=o.format or "none", new=n.format or "none")
                )  # fmt: skip
            self._limits(o.constraints, n.constraints, d, site, out)
        elif isinstance(o, LiteralType) and isinstance(n, LiteralType):
            self._enum(o, n, d, site, out)
        elif isinstance(o, ArrayType) and isinstance(n, ArrayType):
            self._limits(o.constraints, n.constraints, d, site, out)
            self.compare(o.item, n.item, d, site.child("/items", "[]"), out)
        elif isinstance(o, MapType) and isinstance(n, MapType):
            self._limits(o.constraints, n.constraints, d, site, out)
            self.compare(o.value, n.value, d, site.child("/additionalProperties", "{}"), out)
        elif isinstance(o, UnionType) and isinstance(n, UnionType):
            self._union(o, n, d, site, out)
        else:
            self._mixed(o, n, d, site, out)

    def _relation(
        self, kind: str, o: TypeExpr, n: TypeExpr, d: Direction, site: Site, out: Collected
    ) -> None:
        """Report `o` -> `n` as widened, narrowed or changed (`kind`)."""
        out.changes.append(
            change(f"{d}-type-{kind}", site.old, site.new, site.symbols,
                   where=site.where, old=annotation(o), new=annotation(n))
        )  # fmt: skip

    def _mixed(self, o: TypeExpr, n: TypeExpr, d: Direction, site: Site, out: Collected) -> None:
        if isinstance(o, Primitive) and isinstance(n, Primitive):
            if kind_within(o.kind, n.kind):
                self._relation("widened", o, n, d, site, out)
            elif kind_within(n.kind, o.kind):
                self._relation("narrowed", o, n, d, site, out)
            else:
                self._relation("changed", o, n, d, site, out)
        elif n == ANY:
            self._relation("widened", o, n, d, site, out)
        elif o == ANY:
            self._relation("narrowed", o, n, d, site, out)
        elif (
            isinstance(o, LiteralType)
            and isinstance(n, Primitive)
            and all(kind_within(value_kind(v), n.kind) for v in o.values)
        ):
            self._relation("widened", o, n, d, site, out)
        elif (
            isinstance(o, Primitive)
            and isinstance(n, LiteralType)
            and all(kind_within(value_kind(v), o.kind) for v in n.values)
        ):
            self._relation("narrowed", o, n, d, site, out)
        elif isinstance(n, UnionType) and (match := self._variant(o, n.variants)) is not None:
            self._relation("widened", o, n, d, site, out)
            self.compare(o, match, d, site, out)
        elif isinstance(o, UnionType) and (match := self._variant(n, o.variants)) is not None:
            self._relation("narrowed", o, n, d, site, out)
            self.compare(match, n, d, site, out)
        else:
            self._relation("changed", o, n, d, site, out)

    @staticmethod
    def _variant(t: TypeExpr, variants: tuple[TypeExpr, ...]) -> TypeExpr | None:
        wanted = shape(t)
        same = [v for v in variants if shape(v) == wanted]
        similar = [v for v in variants if shape(v)[0] == wanted[0]]
        found = same or similar
        return found[0] if found else None

    def _union(self, o: UnionType, n: UnionType, d: Direction, site: Site, out: Collected) -> None:
        old_left = list(o.variants)
        new_left = list(n.variants)
        pairs: list[tuple[TypeExpr, TypeExpr]] = []
        for exact in (True, False):
            for variant in list(old_left):
                wanted = shape(variant)
                match = next(
                    (
                        v
                        for v in new_left
                        if (shape(v) == wanted if exact else shape(v)[0] == wanted[0])
                    ),
                    None,
                )
                if match is not None:
                    pairs.append((variant, match))
                    old_left.remove(variant)
                    new_left.remove(match)
        if old_left:
            self._relation("narrowed", UnionType(tuple(old_left)), n, d, site, out)
        if new_left:
            self._relation("widened", o, UnionType(tuple(new_left)), d, site, out)
        for old_variant, new_variant in pairs:
            self.compare(old_variant, new_variant, d, site, out)
        self._discriminator(o, n, site, out)

    def _discriminator(self, o: UnionType, n: UnionType, site: Site, out: Collected) -> None:
        if o.discriminator != n.discriminator:
            out.changes.append(
                change("discriminator-property-changed", site.old, site.new, site.symbols,
                       where=site.where, old=o.discriminator or "none", new=n.discriminator or "none")
            )  # fmt: skip
            return
        old_map = {k: annotation(v) for k, v in o.mapping}
        new_map = {k: annotation(v) for k, v in n.mapping}
        parts = [f"drops {k!r}" for k in old_map if k not in new_map]
        parts += [f"adds {k!r}" for k in new_map if k not in old_map]
        parts += [
            f"maps {k!r} to {new_map[k]} instead of {v}"
            for k, v in old_map.items()
            if k in new_map and new_map[k] != v and self._pair_renamed(v, new_map[k]) is False
        ]
        if parts:
            out.changes.append(
                change("discriminator-mapping-changed", site.old, site.new, site.symbols,
                       where=site.where, change=", ".join(parts))
            )  # fmt: skip

    def _pair_renamed(self, old: str, new: str) -> bool:
        return old not in self.new.definitions and new not in self.old.definitions

    def _enum(
        self, o: LiteralType, n: LiteralType, d: Direction, site: Site, out: Collected
    ) -> None:
        old_keys = [literal_key(v) for v in o.values]
        new_keys = [literal_key(v) for v in n.values]
        removed = [i for i, k in enumerate(old_keys) if k not in new_keys]
        added = [i for i, k in enumerate(new_keys) if k not in old_keys]
        old_enum = pointer_join(site.old, "enum") if site.old is not None else None
        new_enum = pointer_join(site.new, "enum") if site.new is not None else None
        if removed:
            values = ", ".join(text(o.values[i]) for i in removed)
            at = pointer_join(old_enum, removed[0]) if old_enum is not None else None
            out.changes.append(
                change(
                    f"{d}-enum-value-removed",
                    at,
                    new_enum,
                    site.symbols,
                    where=site.where,
                    values=values,
                )
            )
        if added:
            values = ", ".join(text(n.values[i]) for i in added)
            at = pointer_join(new_enum, added[0]) if new_enum is not None else None
            out.changes.append(
                change(
                    f"{d}-enum-value-added",
                    old_enum,
                    at,
                    site.symbols,
                    where=site.where,
                    values=values,
                )
            )

    def _limits(
        self, o: Constraints, n: Constraints, d: Direction, site: Site, out: Collected
    ) -> None:
        if o == n:
            return
        for attr, (keyword, category, _) in LIMITS.items():
            old, new = getattr(o, attr), getattr(n, attr)
            tightened = tighter(attr, old, new)
            if tightened is None:
                continue
            if d == "request":
                rule = (
                    f"request-{category}-tightened" if tightened else "request-constraint-loosened"
                )
            else:
                rule = (
                    "response-constraint-tightened" if tightened else "response-constraint-loosened"
                )
            fields = {"where": site.where, "keyword": keyword, "old": text(old), "new": text(new)}
            old_at = (
                pointer_join(site.old, keyword)
                if site.old is not None and not unset(old)
                else site.old
            )
            new_at = (
                pointer_join(site.new, keyword)
                if site.new is not None and not unset(new)
                else site.new
            )
            out.changes.append(change(rule, old_at, new_at, site.symbols, **fields))

    # -- models -----------------------------------------------------------------

    def _models(self, o: ModelDef, n: ModelDef, d: Direction, out: Collected) -> None:
        hidden_attr = "read_only" if d == "request" else "write_only"
        olds = {p.wire_name: p for p in o.properties}
        news = {p.wire_name: p for p in n.properties}
        for wire, old_prop in olds.items():
            new_prop = news.get(wire)
            old_hidden = getattr(old_prop, hidden_attr)
            if new_prop is None:
                if not old_hidden:
                    symbol = self.old.attribute(o.name, old_prop.py_name)
                    out.changes.append(
                        change(f"{d}-property-removed", old_prop.pointer, n.pointer, (symbol,),
                               name=f"`{wire}`", where=n.name)
                    )  # fmt: skip
                continue
            new_hidden = getattr(new_prop, hidden_attr)
            if old_hidden and new_hidden:
                continue
            if new_hidden:
                rule = (
                    "request-property-became-read-only"
                    if d == "request"
                    else "response-property-became-write-only"
                )
                symbol = self.new.attribute(n.name, new_prop.py_name)
                out.changes.append(
                    change(
                        rule,
                        old_prop.pointer,
                        new_prop.pointer,
                        (symbol,),
                        name=f"`{wire}`",
                        where=n.name,
                    )
                )
            elif old_hidden:
                self._added(n, new_prop, d, o.pointer, out)
            else:
                self._property(o, n, old_prop, new_prop, d, out)
        for wire, new_prop in news.items():
            if wire not in olds and not getattr(new_prop, hidden_attr):
                self._added(n, new_prop, d, o.pointer, out)
        self._extra(o, n, d, out)

    def _added(
        self, n: ModelDef, prop: Property, d: Direction, old_at: str, out: Collected
    ) -> None:
        if d == "request":
            rule = "request-property-added-required" if prop.required else "request-property-added"
        else:
            rule = "response-property-added"
        symbol = self.new.attribute(n.name, prop.py_name)
        out.changes.append(
            change(rule, old_at, prop.pointer, (symbol,), name=f"`{prop.wire_name}`", where=n.name)
        )

    def _property(
        self, o: ModelDef, n: ModelDef, a: Property, b: Property, d: Direction, out: Collected
    ) -> None:
        symbol = self.new.attribute(n.name, b.py_name)
        fields: dict[str, object] = {"name": f"`{b.wire_name}`", "where": n.name}
        if a.required != b.required:
            became = "required" if b.required else "optional"
            out.changes.append(
                change(f"{d}-property-became-{became}", a.pointer, b.pointer, (symbol,), **fields)
            )
        if d == "request" and (a.has_default, a.default) != (b.has_default, b.default):
            rule = f"request-property-default-{default_change(a.has_default, b.has_default)}"
            out.changes.append(
                change(rule, a.pointer, b.pointer, (symbol,), where=f"{n.name}.{b.wire_name}",
                       old=text(a.default) if a.has_default else "none",
                       new=text(b.default) if b.has_default else "none")
            )  # fmt: skip
        site = Site(f"{n.name}.{b.wire_name}", a.pointer, b.pointer, (symbol,))
        self.compare(a.type, b.type, d, site, out)

    def _extra(self, o: ModelDef, n: ModelDef, d: Direction, out: Collected) -> None:
        extra_at = (
            pointer_join(o.pointer, "additionalProperties"),
            pointer_join(n.pointer, "additionalProperties"),
        )
        symbols = (self.new.type(n.name),)
        if o.closed != n.closed:
            if d == "request":
                rule = (
                    "request-additional-properties-closed"
                    if n.closed
                    else "request-additional-properties-opened"
                )
                out.changes.append(change(rule, *extra_at, symbols, where=n.name))
            else:
                old, new = ("false", "true") if o.closed else ("true", "false")
                out.changes.append(
                    change(
                        "response-additional-properties-changed",
                        *extra_at,
                        symbols,
                        where=n.name,
                        old=old,
                        new=new,
                    )
                )
        elif not n.closed and (o.extra is not None or n.extra is not None):
            site = Site(n.name + "{}", *extra_at, symbols)
            self.compare(o.extra or ANY, n.extra or ANY, d, site, out)
