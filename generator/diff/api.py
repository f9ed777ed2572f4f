"""API-wide comparisons: servers, security schemes, and the generated definitions."""

from __future__ import annotations

import json

from ..errors import pointer_join
from ..model.ir import Api, Definition, LiteralType, ModelDef, Server
from .findings import Change, change
from .symbols import Symbols

__all__ = ["compare_definitions", "compare_schemes", "compare_servers"]


def compare_servers(old: Api, new: Api, client: str) -> list[Change]:
    changes: list[Change] = []
    olds = [s.url for s in old.servers]
    news = [s.url for s in new.servers]
    skip: set[str] = set()
    if olds and news and olds[0] != news[0]:
        changes.append(
            change(
                "default-server-changed",
                "/servers/0",
                "/servers/0",
                (client,),
                old=olds[0],
                new=news[0],
            )
        )
        skip = {olds[0], news[0]}
    for i, url in enumerate(olds):
        if url not in news and url not in skip:
            changes.append(
                change("server-removed", f"/servers/{i}", "/servers", (client,), url=url)
            )
    for i, url in enumerate(news):
        if url not in olds and url not in skip:
            changes.append(change("server-added", "/servers", f"/servers/{i}", url=url))
    for i, server in enumerate(old.servers):
        if server.url in news:
            j = news.index(server.url)
            changes += _variables(server, new.servers[j], f"/servers/{i}", f"/servers/{j}", client)
    return changes


def _variables(a: Server, b: Server, old_at: str, new_at: str, client: str) -> list[Change]:
    changes = []
    news = {v.wire_name: v for v in b.variables}
    for var in a.variables:
        old_var_at = pointer_join(old_at, "variables", var.wire_name)
        new_var_at = pointer_join(new_at, "variables", var.wire_name)
        other = news.get(var.wire_name)
        texts = []
        if other is None:
            texts.append("was removed")
            new_var_at = new_at
        else:
            if other.default != var.default:
                texts.append(
                    f"default {json.dumps(var.default)} is now {json.dumps(other.default)}"
                )
            dropped = [v for v in var.enum if other.enum and v not in other.enum]
            if dropped or (other.enum and not var.enum):
                texts.append(
                    "no longer allows " + (", ".join(map(json.dumps, dropped)) or "any value")
                )
        for text in texts:
            changes.append(
                change("server-variable-changed", old_var_at, new_var_at, (client,),
                       url=b.url, name=f"`{var.wire_name}`", change=text)
            )  # fmt: skip
    return changes


def compare_schemes(old: Api, new: Api, client: str) -> list[Change]:
    changes: list[Change] = []
    olds = {s.key: s for s in old.schemes}
    news = {s.key: s for s in new.schemes}
    for key, a in olds.items():
        at = pointer_join("/components/securitySchemes", key)
        b = news.get(key)
        if b is None:
            changes.append(
                change(
                    "security-scheme-removed",
                    at,
                    "/components/securitySchemes",
                    (client,),
                    name=key,
                )
            )
            continue
        texts = []
        if a.kind != b.kind:
            texts.append(f"type {a.kind} is now {b.kind}")
        elif (a.location, a.name) != (b.location, b.name):
            texts.append(f"sent as {a.location} {a.name!r}, now as {b.location} {b.name!r}")
        for text in texts:
            changes.append(
                change("security-scheme-changed", at, at, (client,), name=key, change=text)
            )
        if (a.arg_name, a.env_var) != (b.arg_name, b.env_var):
            changes.append(
                change("python-credential-renamed", at, at, (client,),
                       old=a.arg_name, new=b.arg_name, old_env=a.env_var, new_env=b.env_var)
            )  # fmt: skip
    for key in news:
        if key not in olds:
            changes.append(
                change(
                    "security-scheme-added",
                    "/components/securitySchemes",
                    pointer_join("/components/securitySchemes", key),
                    name=key,
                )
            )
    return changes


def compare_definitions(
    old: Symbols,
    new: Symbols,
    paired: set[tuple[str, str]],
    removed_operations: tuple[str, ...] = (),
) -> list[Change]:
    """Generated classes and aliases: renamed, removed; attributes renamed; deprecations.

    A definition missing by name is matched through the pairs the operations
    compared (the same place in both specs), else through its JSON pointer. An
    inline schema of a removed operation goes with it: the operation's finding
    covers its classes.
    """
    changes: list[Change] = []
    gone = tuple(pointer + "/" for pointer in removed_operations)
    by_pointer = {d.pointer: d for d in new.definitions.values() if d.name not in old.definitions}
    for name, a in old.definitions.items():
        b = new.definitions.get(name)
        if b is None:
            seen = {
                n
                for o, n in paired
                if o == name and n not in old.definitions and n in new.definitions
            }
            b = new.definitions[seen.pop()] if len(seen) == 1 else by_pointer.get(a.pointer)
            if b is None:
                if not a.pointer.startswith(gone):
                    symbol = old.type(name)
                    changes.append(
                        change(
                            "python-class-removed",
                            a.pointer,
                            None,
                            (symbol,),
                            kind=_kind(a),
                            old=symbol,
                        )
                    )
                continue
            symbols = (old.type(name), new.type(b.name))
            changes.append(
                change(
                    "python-class-renamed",
                    a.pointer,
                    b.pointer,
                    symbols,
                    kind=_kind(a),
                    old=symbols[0],
                    new=symbols[1],
                )
            )
        if isinstance(a, ModelDef) and isinstance(b, ModelDef):
            changes += _model(a, b, old, new)
    return changes


def _kind(definition: Definition) -> str:
    if isinstance(definition, ModelDef):
        return "class"
    return "Literal type alias" if isinstance(definition.target, LiteralType) else "type alias"


def _model(a: ModelDef, b: ModelDef, old: Symbols, new: Symbols) -> list[Change]:
    changes = []
    if b.deprecated and not a.deprecated:
        changes.append(
            change("schema-deprecated", a.pointer, b.pointer, (new.type(b.name),), name=b.name)
        )
    news = {p.wire_name: p for p in b.properties}
    for p in a.properties:
        q = news.get(p.wire_name)
        if q is None:
            continue
        old_attr, new_attr = old.attribute(a.name, p.py_name), new.attribute(b.name, q.py_name)
        if p.py_name != q.py_name:
            changes.append(
                change(
                    "python-attribute-renamed",
                    p.pointer,
                    q.pointer,
                    (old_attr, new_attr),
                    old=old_attr,
                    new=new_attr,
                )
            )
        if q.deprecated and not p.deprecated:
            changes.append(
                change(
                    "property-deprecated",
                    p.pointer,
                    q.pointer,
                    (new_attr,),
                    name=f"`{q.wire_name}`",
                    where=b.name,
                )
            )
    return changes
