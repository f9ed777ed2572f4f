"""Operations matched by method and path template, compared part by part.

`/leads/{id}` and `/leads/{leadId}` are the same operation: path parameters are
matched by position, the others by location and name (headers ignoring case).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

from ..errors import pointer_join
from ..model.ir import Api, Operation, Parameter, RequestBody, Response
from ..model.operations import fill_server_url
from ..spec.refs import resolve_pointer
from .findings import Change, change
from .reach import Key, Reach, key_of
from .symbols import Symbols
from .types import Collected, Site, TypeComparer
from .values import default_change

__all__ = ["Compared", "OperationComparer", "View", "operation_key", "sunset_of"]

_TEMPLATE_PARAM = re.compile(r"\{([^}]*)\}")


@dataclass
class View:
    """One side of the diff: its model, its bundled data and its generated symbols."""

    api: Api
    data: dict[str, Any]
    symbols: Symbols

    def raw(self, pointer: str) -> dict[str, Any]:
        """The object at `pointer`, following `$ref`s; {} when absent."""
        return self.follow(pointer)[1]

    def follow(self, pointer: str) -> tuple[str, dict[str, Any]]:
        """Where the object at `pointer` really is, following `$ref`s, and the object
        ({} when absent)."""
        try:
            node = resolve_pointer(self.data, pointer)
            for _ in range(50):
                if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                    break
                pointer = node["$ref"].lstrip("#")
                node = resolve_pointer(self.data, pointer)
        except KeyError:
            return pointer, {}
        return pointer, node if isinstance(node, dict) else {}


@dataclass
class Compared:
    """One operation of either side: its own changes, and the changed definition pairs it reaches."""

    label: str  # "PATCH /leads/{leadId}", as NEW has it (OLD's when removed)
    old: Operation | None
    new: Operation | None
    changes: list[Change]  # its own, with its method among the symbols
    reached: dict[Key, set[str]]  # changed pairs -> symbols of the sites leading into them


def operation_key(method: str, path: str) -> str:
    """`PATCH /leads/{}`: the path template with its parameter names dropped."""
    return f"{method.upper()} {_TEMPLATE_PARAM.sub('{}', path)}"


def sunset_of(extensions: tuple[tuple[str, Any], ...]) -> tuple[str, date | None]:
    """The `x-sunset` text and its date (ISO 8601 or HTTP date); ("", None) when absent."""
    value = dict(extensions).get("x-sunset")
    if value is None:
        return "", None
    text = str(value)
    try:
        return text, date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return text, parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return text, None


def _sunset_text(extensions: tuple[tuple[str, Any], ...]) -> str:
    text, _ = sunset_of(extensions)
    return f"sunset {text}" if text else "no x-sunset date"


def _headers(view: View, response: str) -> tuple[str, dict[str, tuple[str, str, dict[str, Any]]]]:
    """Where a response really is, and its headers: lower-case name -> (name, pointer, header).
    Content-Type is left out, as OpenAPI says."""
    at, node = view.follow(response)
    headers = node.get("headers")
    found: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for name in headers if isinstance(headers, dict) else {}:
        if str(name).lower() != "content-type":
            pointer = pointer_join(at, "headers", name)
            found[str(name).lower()] = (str(name), pointer, view.raw(pointer))
    return at, found


def _own_servers(view: View, op: Operation) -> tuple[str, list[str], bool]:
    """Where the operation's server list is, its URLs (variables at their defaults), and
    whether it is its own (or its path item's) rather than the document's."""
    item_at = "/".join(op.pointer.split("/")[:3])
    for holder in (op.pointer, item_at):
        servers = view.raw(holder).get("servers")
        if isinstance(servers, list) and servers:
            urls = [fill_server_url(s).strip() for s in servers if isinstance(s, dict)]
            return pointer_join(holder, "servers"), urls, True
    servers = view.data.get("servers")
    listed = servers if isinstance(servers, list) else []
    return "/servers", [fill_server_url(s).strip() for s in listed if isinstance(s, dict)], False


def _server_used(view: View, op: Operation) -> str:
    """The server the generated method sends to, as the spec writes it."""
    if op.server is not None:
        return op.server
    servers = view.data.get("servers")
    first = servers[0] if isinstance(servers, list) and servers else None
    url = fill_server_url(first).strip() if isinstance(first, dict) else ""
    return url or "/"


def _effective_style(p: Parameter) -> tuple[str, bool]:
    style = p.style or ("form" if p.location in ("query", "cookie") else "simple")
    return style, p.explode if p.explode is not None else style == "form"


def _security(view: View, op: Operation) -> list[dict[str, frozenset[str]]]:
    raw = view.raw(op.pointer)
    requirements = raw.get("security", view.data.get("security")) or []
    return [
        {str(k): frozenset(map(str, v or ())) for k, v in req.items()}
        for req in requirements
        if isinstance(req, dict)
    ]


def _within(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> bool:
    """Does holding the credentials of `b` satisfy requirement `a`?"""
    return all(k in b and v <= b[k] for k, v in a.items())


def _show(requirements: list[dict[str, frozenset[str]]]) -> str:
    if not requirements:
        return "nothing"
    alternatives = []
    for req in requirements:
        parts = [k + (f"[{', '.join(sorted(v))}]" if v else "") for k, v in sorted(req.items())]
        alternatives.append(" + ".join(parts) or "nothing")
    return " or ".join(alternatives)


class OperationComparer:
    def __init__(self, old: View, new: View, types: TypeComparer, today: date) -> None:
        self.old, self.new, self.types, self.today = old, new, types, today
        self.reach = Reach(types)

    def run(self) -> list[Compared]:
        """Every operation of either side, in path order."""
        olds = {operation_key(o.method, o.path_key): o for o in reversed(self.old.api.operations)}
        news = {operation_key(o.method, o.path_key): o for o in reversed(self.new.api.operations)}
        results = []
        for key in sorted(olds.keys() | news.keys(), key=lambda k: (k.split(" ", 1)[1], k)):
            a, b = olds.get(key), news.get(key)
            label = f"{(b or a).method} {(b or a).path_key}"  # type: ignore[union-attr]
            reached: dict[Key, set[str]] = {}
            if a is None and b is not None:
                symbol = self.new.symbols.method(b)
                changes = [change("operation-added", None, b.pointer, (symbol,), operation=label)]
            elif b is None and a is not None:
                changes = [self._removed(a, label)]
            else:
                assert a is not None and b is not None
                out = self.compare(a, b)
                method = self.new.symbols.method(b)
                changes = [self._with(c, (method,)) for c in out.changes]
                reached = self.reached(out)
            results.append(Compared(label, a, b, changes, reached))
        return results

    def pair_changes(self, key: Key, vias: set[str]) -> list[Change]:
        """The changes of a reached pair, with the symbols of the sites that lead into it."""
        return [self._with(c, (), tuple(sorted(vias))) for c in self.reach.changes(key)]

    def _removed(self, a: Operation, label: str) -> Change:
        rule, sunset = self._removal("operation", a.deprecated, a.extensions)
        return change(
            rule, a.pointer, None, (self.old.symbols.method(a),), operation=label, sunset=sunset
        )

    def _removal(
        self, base: str, deprecated: bool, extensions: tuple[tuple[str, Any], ...]
    ) -> tuple[str, str]:
        if not deprecated:
            return f"{base}-removed", ""
        text, when = sunset_of(extensions)
        if when is not None and when <= self.today:
            return f"{base}-removed-after-sunset", text
        return f"{base}-removed-before-sunset", text or "none given"

    def reached(self, out: Collected) -> dict[Key, set[str]]:
        """Every changed definition pair the operation's types lead to."""
        reached: dict[Key, set[str]] = {}
        for edge in out.edges:
            for changed, vias in self.reach.closure(edge).items():
                reached.setdefault(changed, set()).update(vias)
            if key_of(edge) in reached:  # only changed pairs are ever reached
                reached[key_of(edge)].update(edge.via)
        return reached

    @staticmethod
    def _with(c: Change, first: tuple[str, ...], last: tuple[str, ...] = ()) -> Change:
        head = () if set(first) & set(c.symbols) else first  # a rename lists old then new itself
        symbols = tuple(dict.fromkeys(head + c.symbols + last))
        return Change(c.rule, c.fields, c.old_pointer, c.new_pointer, symbols)

    # -- one operation -------------------------------------------------------------

    def compare(self, a: Operation, b: Operation) -> Collected:
        out = Collected()
        self._client(a, b, out)
        self._deprecation(a, b, out)
        self._parameters(a, b, out)
        self._body(a, b, out)
        self._responses(a, b, out)
        self._security(a, b, out)
        self._servers(a, b, out)
        self._links(a, b, out)
        return out

    def _links(self, a: Operation, b: Operation, out: Collected) -> None:
        """Link methods of OLD that NEW no longer generates (removed, or no longer followable)."""
        kept = {link.py_name: link for link in b.links if link.target is not None}
        reasons = {link.py_name: link.reason for link in b.links if link.target is None}
        for link in a.links:
            if link.target is None or link.py_name in kept:
                continue
            why = reasons.get(link.py_name, "") or "the link is gone"
            symbol = self.old.symbols.link(a, link.py_name)
            out.changes.append(
                change(
                    "python-link-removed",
                    link.pointer,
                    b.pointer,
                    (symbol,),
                    link=link.py_name,
                    method=self._short(b),
                    why=why,
                )
            )

    def _client(self, a: Operation, b: Operation, out: Collected) -> None:
        old_method, new_method = self.old.symbols.method(a), self.new.symbols.method(b)
        ra, rb = self.old.symbols.resource_of[id(a)], self.new.symbols.resource_of[id(b)]
        moved = (ra.module, ra.class_name, ra.py_name) != (rb.module, rb.class_name, rb.py_name)
        symbols = (old_method, new_method)
        if moved:
            at = (pointer_join(a.pointer, "tags"), pointer_join(b.pointer, "tags"))
            out.changes.append(
                change("python-method-moved", *at, symbols, old=old_method, new=new_method)
            )
        elif a.py_name != b.py_name:
            at = (pointer_join(a.pointer, "operationId"), pointer_join(b.pointer, "operationId"))
            out.changes.append(
                change("python-method-renamed", *at, symbols, old=old_method, new=new_method)
            )
        elif a.operation_id != b.operation_id:
            at = (pointer_join(a.pointer, "operationId"), pointer_join(b.pointer, "operationId"))
            out.changes.append(
                change("operation-id-changed", *at, old=a.operation_id, new=b.operation_id)
            )
        if not moved and a.tag != b.tag:
            at = (pointer_join(a.pointer, "tags"), pointer_join(b.pointer, "tags"))
            out.changes.append(change("operation-tag-changed", *at, old=a.tag, new=b.tag))
        old_names, new_names = _TEMPLATE_PARAM.findall(a.path), _TEMPLATE_PARAM.findall(b.path)
        item_at = (a.pointer.rsplit("/", 1)[0], b.pointer.rsplit("/", 1)[0])
        for old_name, new_name in zip(old_names, new_names):
            if old_name != new_name:
                out.changes.append(
                    change(
                        "path-parameter-renamed",
                        *item_at,
                        old=f"{{{old_name}}}",
                        new=f"{{{new_name}}}",
                    )
                )

    def _deprecation(self, a: Operation, b: Operation, out: Collected) -> None:
        if b.deprecated and not a.deprecated:
            label = f"{b.method} {b.path_key}"
            at = pointer_join(b.pointer, "deprecated")
            sunset = _sunset_text(b.extensions)
            out.changes.append(
                change("operation-deprecated", a.pointer, at, operation=label, sunset=sunset)
            )

    # -- servers ----------------------------------------------------------------------

    def _servers(self, a: Operation, b: Operation, out: Collected) -> None:
        """The operation's own `servers` (its own, else its path item's): the one the method
        sends to, and the others it lists."""
        old_at, olds, old_own = _own_servers(self.old, a)
        new_at, news, new_own = _own_servers(self.new, b)
        if not old_own and not new_own:
            return  # both follow the document's servers (compared once, API-wide)
        old_used, new_used = _server_used(self.old, a), _server_used(self.new, b)
        skip: set[str] = set()
        if old_used != new_used:
            at = (
                pointer_join(old_at, 0) if old_own else a.pointer,
                pointer_join(new_at, 0) if new_own else b.pointer,
            )
            out.changes.append(change("operation-server-changed", *at, old=old_used, new=new_used))
            skip = {old_used, new_used}
        for i, url in enumerate(olds):
            if url not in news and url not in skip:
                at = (pointer_join(old_at, i), new_at if new_own else b.pointer)
                out.changes.append(change("operation-server-removed", *at, url=url))
        for i, url in enumerate(news):
            if url not in olds and url not in skip:
                at = (old_at if old_own else a.pointer, pointer_join(new_at, i))
                out.changes.append(change("operation-server-added", *at, url=url))

    # -- parameters ------------------------------------------------------------------

    @staticmethod
    def _param_key(p: Parameter, path: str) -> tuple[str, str]:
        if p.location == "path":
            names = _TEMPLATE_PARAM.findall(path)
            return ("path", str(names.index(p.wire_name)) if p.wire_name in names else p.wire_name)
        return (p.location, p.wire_name.lower() if p.location == "header" else p.wire_name)

    def _parameters(self, a: Operation, b: Operation, out: Collected) -> None:
        olds = {self._param_key(p, a.path): p for p in a.parameters}
        news = {self._param_key(p, b.path): p for p in b.parameters}
        gone = [k for k in olds if k not in news]
        new_only = [k for k in news if k not in olds]
        method = self._short(b)
        for key in list(gone):
            moved = next((k for k in new_only if news[k].wire_name == olds[key].wire_name), None)
            if moved is not None:
                p, q = olds[key], news[moved]
                out.changes.append(
                    change("request-parameter-location-changed", p.pointer, q.pointer,
                           name=f"`{q.wire_name}`", old=p.location, new=q.location)
                )  # fmt: skip
                gone.remove(key)
                new_only.remove(moved)
        for key in gone:
            p = olds[key]
            rule, sunset = self._removal("request-parameter", p.deprecated, p.extensions)
            out.changes.append(
                change(
                    rule,
                    p.pointer,
                    b.pointer,
                    location=p.location,
                    name=f"`{p.wire_name}`",
                    sunset=sunset,
                )
            )
        for key in new_only:
            q = news[key]
            rule = "request-parameter-added-required" if q.required else "request-parameter-added"
            out.changes.append(
                change(rule, a.pointer, q.pointer, location=q.location, name=f"`{q.wire_name}`")
            )
        for key, p in olds.items():
            if key in news:
                self._parameter(p, news[key], method, out)

    def _short(self, op: Operation) -> str:
        resource = self.new.symbols.resource_of[id(op)]
        return f"{resource.class_name}.{op.py_name}"

    def _parameter(self, p: Parameter, q: Parameter, method: str, out: Collected) -> None:
        fields: dict[str, object] = {"location": q.location, "name": f"`{q.wire_name}`"}
        if p.required != q.required:
            rule = (
                "request-parameter-became-required"
                if q.required
                else "request-parameter-became-optional"
            )
            out.changes.append(change(rule, p.pointer, q.pointer, **fields))
        style_p, style_q = _effective_style(p), _effective_style(q)
        if style_p != style_q:
            old, new = (f"style={s}, explode={str(e).lower()}" for s, e in (style_p, style_q))
            out.changes.append(
                change(
                    "request-parameter-style-changed",
                    p.pointer,
                    q.pointer,
                    **fields,
                    old=old,
                    new=new,
                )
            )
        where = f"{q.location} parameter `{q.wire_name}`"
        if (p.has_default, p.default) != (q.has_default, q.default):
            old, new = (
                json.dumps(x.default, default=str) if x.has_default else "none" for x in (p, q)
            )
            rule = f"request-parameter-default-{default_change(p.has_default, q.has_default)}"
            out.changes.append(change(rule, p.pointer, q.pointer, where=where, old=old, new=new))
        if q.deprecated and not p.deprecated:
            sunset = _sunset_text(q.extensions)
            out.changes.append(
                change(
                    "request-parameter-deprecated", p.pointer, q.pointer, **fields, sunset=sunset
                )
            )
        if p.py_name != q.py_name:
            positional = p.location == "path" and q.location == "path"
            out.changes.append(
                change(
                    "python-path-argument-renamed" if positional else "python-argument-renamed",
                    p.pointer,
                    q.pointer,
                    old=p.py_name,
                    new=q.py_name,
                    method=method,
                )
            )
        site = Site(where, pointer_join(p.pointer, "schema"), pointer_join(q.pointer, "schema"))
        self.types.compare(p.type, q.type, "request", site, out)

    # -- request body --------------------------------------------------------------

    def _body(self, a: Operation, b: Operation, out: Collected) -> None:
        x, y = a.body, b.body
        if x is None and y is None:
            return
        if x is None:
            assert y is not None
            rule = "request-body-added-required" if y.required else "request-body-added"
            out.changes.append(change(rule, a.pointer, y.pointer))
            return
        if y is None:
            out.changes.append(change("request-body-removed", x.pointer, b.pointer))
            return
        if x.required != y.required:
            rule = "request-body-became-required" if y.required else "request-body-became-optional"
            out.changes.append(change(rule, x.pointer, y.pointer))
        self._media(x.pointer, y.pointer, "request-media-type", {}, out)
        self._body_arguments(x, y, self._short(b), out)
        site = Site(
            "request body",
            self._schema_at(x.pointer, x.media_type),
            self._schema_at(y.pointer, y.media_type),
        )
        self.types.compare(x.type, y.type, "request", site, out)

    @staticmethod
    def _schema_at(pointer: str, media: str | None) -> str:
        return pointer_join(pointer, "content", media, "schema") if media else pointer

    def _body_arguments(self, x: RequestBody, y: RequestBody, method: str, out: Collected) -> None:
        if (x.fields is None) != (y.fields is None):
            old, new = (
                ("`body=`", "keyword arguments")
                if x.fields is None
                else ("keyword arguments", "`body=`")
            )
            out.changes.append(
                change(
                    "python-body-arguments-changed",
                    x.pointer,
                    y.pointer,
                    method=method,
                    old=old,
                    new=new,
                )
            )
            return
        new_fields = {f.wire_name: f for f in y.fields or ()}
        for f in x.fields or ():
            g = new_fields.get(f.wire_name)
            if g is not None and g.py_name != f.py_name:
                out.changes.append(
                    change(
                        "python-argument-renamed",
                        f.pointer,
                        g.pointer,
                        old=f.py_name,
                        new=g.py_name,
                        method=method,
                    )
                )

    def _media(
        self, old_at: str, new_at: str, base: str, fields: dict[str, object], out: Collected
    ) -> None:
        old_media = self.old.raw(old_at).get("content") or {}
        new_media = self.new.raw(new_at).get("content") or {}
        for media in old_media:
            if media not in new_media:
                at = pointer_join(old_at, "content", media)
                out.changes.append(
                    change(f"{base}-removed", at, new_at, **fields, media_type=media)
                )
        for media in new_media:
            if media not in old_media:
                at = pointer_join(new_at, "content", media)
                out.changes.append(change(f"{base}-added", old_at, at, **fields, media_type=media))

    # -- responses ---------------------------------------------------------------------

    def _responses(self, a: Operation, b: Operation, out: Collected) -> None:
        olds = {r.status: r for r in a.responses}
        news = {r.status: r for r in b.responses}
        for status, r in olds.items():
            if status not in news:
                rule = (
                    "response-success-status-removed"
                    if status.startswith("2")
                    else "response-error-status-removed"
                )
                out.changes.append(
                    change(rule, r.pointer, pointer_join(b.pointer, "responses"), status=status)
                )
        for status, r in news.items():
            if status not in olds:
                out.changes.append(
                    change(
                        "response-status-added",
                        pointer_join(a.pointer, "responses"),
                        r.pointer,
                        status=status,
                    )
                )
            else:
                self._response(olds[status], r, out)

    def _response(self, x: Response, y: Response, out: Collected) -> None:
        self._headers(x, y, out)
        had = bool(self.old.raw(x.pointer).get("content"))
        has = bool(self.new.raw(y.pointer).get("content"))
        if had != has:
            rule = "response-body-added" if has else "response-body-removed"
            out.changes.append(change(rule, x.pointer, y.pointer, status=y.status))
            return
        self._media(x.pointer, y.pointer, "response-media-type", {"status": y.status}, out)
        if x.type is not None and y.type is not None:
            site = Site(
                f"response {y.status}",
                self._schema_at(x.pointer, x.media_type),
                self._schema_at(y.pointer, y.media_type),
            )
            self.types.compare(x.type, y.type, "response", site, out)

    def _headers(self, x: Response, y: Response, out: Collected) -> None:
        old_at, olds = _headers(self.old, x.pointer)
        new_at, news = _headers(self.new, y.pointer)
        fields: dict[str, object] = {"status": y.status}
        for key, (name, at, header) in olds.items():
            required = header.get("required") is True
            if key not in news:
                rule = f"response-{'required' if required else 'optional'}-header-removed"
                out.changes.append(change(rule, at, new_at, **fields, name=f"`{name}`"))
            elif required and news[key][2].get("required") is not True:
                new_name, new_header_at, _ = news[key]
                out.changes.append(
                    change("response-header-became-optional", at, new_header_at, **fields,
                           name=f"`{new_name}`")
                )  # fmt: skip
        for key, (name, at, _) in news.items():
            if key not in olds:
                out.changes.append(
                    change("response-header-added", old_at, at, **fields, name=f"`{name}`")
                )

    # -- security --------------------------------------------------------------------------

    def _security(self, a: Operation, b: Operation, out: Collected) -> None:
        olds, news = _security(self.old, a), _security(self.new, b)
        old_any, new_any = olds or [{}], news or [{}]
        narrowed = any(not any(_within(n, o) for n in new_any) for o in old_any)
        widened = any(not any(_within(o, n) for o in old_any) for n in new_any)
        at = (pointer_join(a.pointer, "security"), pointer_join(b.pointer, "security"))
        symbols = (self.new.symbols.client,)
        if narrowed:
            out.changes.append(
                change("security-requirement-added", *at, symbols, old=_show(olds), new=_show(news))
            )
        elif widened:
            out.changes.append(
                change("security-requirement-removed", *at, old=_show(olds), new=_show(news))
            )
