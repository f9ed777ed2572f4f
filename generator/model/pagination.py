"""List operations that page: detected from their shape, or set by `x-pagination`.

Detected shapes (the response body an object holding one item array):
- cursor: a query parameter `cursor`/`after`/`page_token`... and a string response field
  `next_cursor`/`next`/`cursor`/`after`/`next_page_token`... (top level or one object down);
- offset: a query parameter `offset` (with `limit`/`page_size`... when declared);
- page: a query parameter `page` (with `per_page`/`page_size`/`limit`...);
- link: a declared `Link` response header (RFC 8288 `rel="next"`), any body shape.

`x-pagination: {type, itemsPath, cursorParam, cursorPath, offsetParam, pageParam,
limitParam, hasMorePath}` states it explicitly (paths are dotted wire names); `false` turns
detection off. A malformed one is a positioned diagnostic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Literal

from ..errors import Problem, pointer_join
from ..spec.refs import split_pointer
from .ir import (
    AliasRef,
    ArrayType,
    ModelDef,
    ModelRef,
    Nullable,
    Operation,
    Pagination,
    Primitive,
    Resource,
    TypeExpr,
)

__all__ = ["EXTENSION", "paginate"]

EXTENSION = "x-pagination"
Kind = Literal["cursor", "offset", "page", "link"]
_KINDS: tuple[Kind, ...] = ("cursor", "offset", "page", "link")
_KEYS = {
    "type", "itemsPath", "cursorParam", "cursorPath", "offsetParam", "pageParam", "limitParam",
    "hasMorePath",
}  # fmt: skip
_HINT = (
    "x-pagination is {type: cursor|offset|page|link, itemsPath, cursorParam, cursorPath,"
    " offsetParam, pageParam, limitParam, hasMorePath} or false"
)


_KIND_NAMES = {"str": "string", "bool": "boolean"}


def _norm(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


_ITEM_FIELDS = ("data", "items", "results", "records", "entries", "values", "nodes", "list")
_CURSOR_PARAMS = {
    "cursor", "after", "startingafter", "pagetoken", "nexttoken", "continuationtoken",
    "continuation", "marker", "next", "nextcursor", "afterid",
}  # fmt: skip
_CURSOR_FIELDS = (
    "nextcursor", "next", "cursor", "after", "nextpagetoken", "nexttoken", "continuationtoken",
    "nextmarker", "endcursor", "nextafter",
)  # fmt: skip
_OFFSET_PARAMS = ("offset", "skip", "start")
_PAGE_PARAMS = ("page", "pagenumber", "pagenum", "pageno")
_LIMIT_PARAMS = ("limit", "pagesize", "perpage", "size", "count", "maxresults", "top", "first")
_HAS_MORE_FIELDS = ("hasmore", "hasnext", "hasnextpage", "more")


def _strip(t: TypeExpr | None) -> TypeExpr | None:
    while isinstance(t, (Nullable, AliasRef)):
        t = t.inner if isinstance(t, Nullable) else t.target
    return t


def _props(t: TypeExpr | None, models: dict[str, ModelDef]) -> dict[str, Any]:
    """wire name -> Property of the model `t` names ({} for anything else)."""
    t = _strip(t)
    if isinstance(t, ModelRef) and t.name in models:
        return {p.wire_name: p for p in models[t.name].properties}
    return {}


def _walk(
    t: TypeExpr | None, path: Iterable[str], models: dict[str, ModelDef]
) -> tuple[tuple[str, ...], TypeExpr] | None:
    """(Python names, type) of the dotted wire `path` inside `t`, or None when absent."""
    py: list[str] = []
    for name in path:
        prop = _props(t, models).get(name)
        if prop is None:
            return None
        py.append(prop.py_name)
        t = prop.type
    return (tuple(py), t) if t is not None else None


def _is(t: TypeExpr | None, kinds: tuple[str, ...]) -> bool:
    t = _strip(t)
    return isinstance(t, Primitive) and t.kind in kinds


def _find(
    body: TypeExpr | None, names: Iterable[str], kinds: tuple[str, ...], models: dict[str, ModelDef]
) -> tuple[str, ...]:
    """Python path of the first field (top level, then one object down) named one of `names`."""
    for name in names:
        for props, prefix in _levels(body, models):
            for wire, prop in props.items():
                if _norm(wire) == name and _is(prop.type, kinds):
                    return prefix + (prop.py_name,)
    return ()


def _levels(
    body: TypeExpr | None, models: dict[str, ModelDef]
) -> list[tuple[dict[str, Any], tuple[str, ...]]]:
    top = _props(body, models)
    found: list[tuple[dict[str, Any], tuple[str, ...]]] = [(top, ())]
    for prop in top.values():
        inner = _props(prop.type, models)
        if inner:
            found.append((inner, (prop.py_name,)))
    return found


def _items(
    body: TypeExpr | None, models: dict[str, ModelDef]
) -> tuple[tuple[str, ...], TypeExpr] | None:
    """The item array: the body itself, else a preferred or the only array field."""
    t = _strip(body)
    if isinstance(t, ArrayType):
        return (), t.item
    arrays = {
        w: p for w, p in _props(body, models).items() if isinstance(_strip(p.type), ArrayType)
    }
    rank = {name: i for i, name in enumerate(_ITEM_FIELDS)}
    for wire in sorted(arrays, key=lambda w: (rank.get(_norm(w), len(rank)), w)):
        if _norm(wire) in _ITEM_FIELDS or len(arrays) == 1:
            item = _strip(arrays[wire].type)
            assert isinstance(item, ArrayType)
            return (arrays[wire].py_name,), item.item
    return None


def _query(op: Operation, names: Iterable[str], kinds: tuple[str, ...]) -> str:
    for name in names:
        for p in op.parameters:
            if p.location == "query" and _norm(p.wire_name) == name and _is(p.type, kinds):
                return p.py_name
    return ""


def _has_link_header(op: Operation, raw_responses: dict[str, Any]) -> bool:
    success = op.success
    response = raw_responses.get(success.status) if success else None
    headers = response.get("headers") if isinstance(response, dict) else None
    return isinstance(headers, dict) and any(str(h).lower() == "link" for h in headers)


def _detect(
    op: Operation, raw_responses: dict[str, Any], models: dict[str, ModelDef]
) -> Pagination | None:
    if op.method != "GET" or op.success is None:
        return None
    body = op.success.type
    found = _items(body, models)
    if found is None:
        return None
    items, item_type = found
    base = Pagination(
        "cursor", items, item_type, has_more=_find(body, _HAS_MORE_FIELDS, ("bool",), models)
    )
    if _has_link_header(op, raw_responses):
        return replace(base, kind="link")
    if items:
        cursor_param = _query(op, _CURSOR_PARAMS, ("str",))
        cursor = _find(body, _CURSOR_FIELDS, ("str",), models)
        if cursor_param and cursor:
            return replace(base, param=cursor_param, cursor=cursor)
    limit = _query(op, _LIMIT_PARAMS, ("int",))
    offset = _query(op, _OFFSET_PARAMS, ("int",))
    if offset:
        return replace(base, kind="offset", param=offset, limit=limit)
    page = _query(op, _PAGE_PARAMS, ("int",))
    if page:
        return replace(base, kind="page", param=page, limit=limit, first_page=_first_page(op, page))
    return None


def _first_page(op: Operation, page: str) -> int:
    param = next(p for p in op.parameters if p.py_name == page)
    t = _strip(param.type)
    minimum = t.constraints.minimum if isinstance(t, Primitive) else None
    if param.has_default and isinstance(param.default, int):
        return param.default
    return 0 if minimum == 0 else 1


def _explicit(
    op: Operation, value: Any, raw_responses: dict[str, Any], models: dict[str, ModelDef]
) -> tuple[Pagination | None, list[Problem]]:
    at = pointer_join(op.pointer, EXTENSION)
    if not isinstance(value, dict):
        return None, [Problem(at, "must be an object or false", _HINT)]
    problems = [
        Problem(pointer_join(at, k), f"unknown key {k!r}", _HINT) for k in value if k not in _KEYS
    ]
    kind = value.get("type")
    if kind not in _KINDS:
        problems.append(
            Problem(pointer_join(at, "type"), f"must be one of {', '.join(_KINDS)}", _HINT)
        )
        return None, problems
    body = op.success.type if op.success else None

    def path(key: str, want: tuple[str, ...] | None, required: bool) -> tuple[str, ...]:
        text = value.get(key)
        if text is None:
            if required:
                problems.append(Problem(at, f"{key} is required for type {kind}", _HINT))
            return ()
        where = pointer_join(at, key)
        if not isinstance(text, str):
            problems.append(Problem(where, "must be a dotted path of response fields", _HINT))
            return ()
        found = _walk(body, text.split(".") if text else [], models)
        if found is None:
            problems.append(Problem(where, f"{text!r} is not a field of the response body", _HINT))
            return ()
        if want is not None and not _is(found[1], want):
            problems.append(
                Problem(where, f"{text!r} must be a {_KIND_NAMES[want[0]]} field", _HINT)
            )
        return found[0]

    def param(key: str, required: bool) -> str:
        name = value.get(key)
        if name is None:
            if required:
                problems.append(Problem(at, f"{key} is required for type {kind}", _HINT))
            return ""
        match = [p for p in op.parameters if p.location == "query" and p.wire_name == name]
        if not match:
            problems.append(
                Problem(
                    pointer_join(at, key),
                    f"{name!r} is not a query parameter of the operation",
                    _HINT,
                )
            )
            return ""
        return match[0].py_name

    items_text = value.get("itemsPath", "")
    items_found = _walk(
        body, items_text.split(".") if isinstance(items_text, str) and items_text else [], models
    )
    item_type = _strip(items_found[1]) if items_found else None
    if not isinstance(item_type, ArrayType):
        problems.append(
            Problem(
                pointer_join(at, "itemsPath") if "itemsPath" in value else at,
                "does not name an array in the response body",
                _HINT,
            )
        )
    pagination = Pagination(
        kind,
        items_found[0] if items_found else (),
        item_type.item if isinstance(item_type, ArrayType) else Primitive("any"),
        has_more=path("hasMorePath", ("bool",), False),
    )
    if kind == "cursor":
        pagination = replace(
            pagination, param=param("cursorParam", True), cursor=path("cursorPath", ("str",), True)
        )
    elif kind in ("offset", "page"):
        name = param("offsetParam" if kind == "offset" else "pageParam", True)
        pagination = replace(pagination, param=name, limit=param("limitParam", False))
        if kind == "page" and name:
            pagination = replace(pagination, first_page=_first_page(op, name))
    return (None if problems else pagination), problems


def _raw_operation(data: dict[str, Any], pointer: str, resolve: Any) -> dict[str, Any]:
    """The operation object at `pointer`, following a $ref'd path item on the way."""
    node: Any = data
    for part in split_pointer(pointer):
        node = resolve(node)[int(part) if isinstance(node, list) else part]
    return dict(resolve(node))


def paginate(
    resource: Resource, data: dict[str, Any], models: dict[str, ModelDef], resolve: Any
) -> tuple[Resource, list[Problem]]:
    """`resource` with each paging operation's `pagination` set, and the problems found."""
    problems: list[Problem] = []
    taken = {op.py_name for op in resource.operations}
    operations = []
    for op in resource.operations:
        raw = _raw_operation(data, op.pointer, resolve)
        raw_responses = {str(k): resolve(v) for k, v in (raw.get("responses") or {}).items()}
        value = op.extension(EXTENSION)
        if value is False:
            pagination = None
        elif value is not None:
            pagination, found = _explicit(op, value, raw_responses, models)
            problems += found
        else:
            pagination = _detect(op, raw_responses, models)
        if pagination is not None:
            name, n = f"{op.py_name}_auto_paging", 2
            while name in taken:
                name, n = f"{op.py_name}_auto_paging{n}", n + 1
            taken.add(name)
            op = replace(op, pagination=replace(pagination, method=name))
        operations.append(op)
    return replace(resource, operations=tuple(operations)), problems
