"""Link Objects (response `links`): which operation each one calls, with which arguments.

A link that can be followed becomes a method of its operation's `links` class; its arguments
are runtime expressions (`$response.body#/id`), `{expression}` templates or constants, read
when the link is followed. One that cannot (no such operation, an operationRef to another
document, an expression that names nothing) is still documented, and warned about where it
stands.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from ..errors import pointer_join
from ..spec.validate import ADDITIONAL_OPERATIONS, iter_operations
from .ir import (
    Link,
    LinkArgument,
    LinkExpr,
    LinkTemplate,
    ModelDef,
    ModelRef,
    Operation,
    Resource,
    Response,
)
from .naming import RESERVED_MEMBER_NAMES, Namer, class_name, snake_name

__all__ = ["attach_links", "parse_expression"]

# Names a links class uses itself, and builtins its annotations may need.
_LINK_MEMBERS = (
    frozenset({"response", "str", "int", "float", "bool", "bytes", "list", "dict"})
    | RESERVED_MEMBER_NAMES
)
_HEADER_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_EMBEDDED = re.compile(r"\{([^{}]*)\}")


def parse_expression(text: str) -> LinkExpr | None:
    """A runtime expression (`$url`, `$request.query.q`, `$response.body#/id`...) as a
    `LinkExpr` without its `arg`; None when `text` is not one."""
    if text in ("$url", "$method", "$statusCode"):
        return LinkExpr(text[1:])
    for side in ("request", "response"):
        prefix = f"${side}."
        if not text.startswith(prefix):
            continue
        rest = text[len(prefix) :]
        if rest == "body" or rest.startswith("body#"):
            pointer = rest[5:]
            return LinkExpr(f"{side}.body", pointer) if pointer[:1] in ("", "/") else None
        place, _, name = rest.partition(".")
        places = ("path", "query", "header") if side == "request" else ("header",)
        if place not in places or not name:
            return None
        if place == "header" and not _HEADER_TOKEN.match(name):
            return None
        return LinkExpr(f"{side}.{place}", name)
    return None


@dataclass
class _Context:
    """What the expressions of one link may read: the operation it is on and its response."""

    source: Operation
    response: Response

    def expression(self, text: str) -> tuple[LinkExpr | None, str]:
        """The expression, or why it cannot be read ("": it can)."""
        expr = parse_expression(text)
        if expr is None:
            return None, f"{text!r} is not a runtime expression"
        if expr.source in ("request.path", "request.query", "request.header"):
            place = expr.source.split(".")[1]

            def folded(name: str) -> str:  # header names ignore case
                return name.lower() if place == "header" else name

            for param in self.source.parameters:
                if param.location == place and folded(param.wire_name) == folded(expr.name):
                    return replace(expr, arg=param.py_name), ""
            if place == "path":
                return (
                    None,
                    f"{text}: {self.source.operation_id} has no path parameter {expr.name!r}",
                )
        if expr.source == "request.body":
            body = self.source.body
            if body is None or not _is_json(body.media_type):
                return None, f"{text}: {self.source.operation_id} sends no JSON body"
        if expr.source == "response.body" and not _is_json(self.response.media_type or ""):
            return None, f"{text}: the {self.response.status} response has no JSON body"
        return expr, ""

    def value(self, value: Any) -> tuple[Any, str]:
        """A link parameter's or request body's value, or why it cannot be read."""
        if not isinstance(value, str):
            return value, ""
        if value.startswith("$"):
            return self.expression(value)
        if not any(m.group(1).startswith("$") for m in _EMBEDDED.finditer(value)):
            return value, ""
        parts: list[str | LinkExpr] = []
        end = 0
        for match in _EMBEDDED.finditer(value):
            if not match.group(1).startswith("$"):
                continue
            expr, why = self.expression(match.group(1))
            if expr is None:
                return None, why
            parts += [value[end : match.start()], expr]
            end = match.end()
        parts.append(value[end:])
        return LinkTemplate(tuple(p for p in parts if p != "")), ""


def _alike(a: Link, b: Link) -> bool:
    """Whether two links (of different responses) call the same operation the same way."""
    fields = ("name", "description", "written", "target", "arguments", "reason")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def _is_json(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _written(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


class _LinkBuilder:
    def __init__(
        self,
        operations: list[Operation],
        resolve: Callable[[Any], Any],
        models: dict[str, ModelDef],
    ) -> None:
        self.resolve = resolve
        self.models = models
        self.by_id = {op.operation_id: op for op in operations}
        self.by_pointer = {op.pointer: op for op in operations}
        self.warnings: list[str] = []

    def _located(self, node: Any, at: str) -> tuple[Any, str]:
        """A node and where it is written: through a local `$ref`, at its target."""
        seen = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#") or ref in seen:
                break
            seen.add(ref)
            node, at = self.resolve({"$ref": ref}), ref[1:]
        return node, at

    def links(self, op: Operation, raw: dict[str, Any]) -> tuple[Link, ...]:
        """The links of `op`'s responses; one declared alike on several responses is one link
        (with each status), others of the same name get names of their own."""
        namer: Namer | None = None  # made for the operations that have links only
        found: list[Link] = []
        responses = raw.get("responses") or {}
        for response in op.responses:
            node, at = self._located(
                responses.get(response.status),
                pointer_join(op.pointer, "responses", response.status),
            )
            links = node.get("links") if isinstance(node, dict) else None
            for name, link in links.items() if isinstance(links, dict) else ():
                if str(name).startswith("x-"):
                    continue
                link, where = self._located(link, pointer_join(at, "links", name))
                if not isinstance(link, dict):
                    continue
                built = self._link(str(name), link, where, _Context(op, response))
                same = next((i for i, known in enumerate(found) if _alike(known, built)), None)
                if same is None:
                    namer = namer or Namer(_LINK_MEMBERS)
                    found.append(replace(built, py_name=namer.claim(snake_name(str(name)))))
                else:
                    statuses = found[same].statuses + built.statuses
                    found[same] = replace(found[same], statuses=statuses)
        return tuple(found)

    def _link(self, name: str, link: dict[str, Any], at: str, context: _Context) -> Link:
        status = context.response.status
        base = Link(
            name=name,
            py_name="",
            statuses=(status,),
            pointer=at,
            description=str(link.get("description", "")),
        )
        op_id, ref = link.get("operationId"), link.get("operationRef")
        if isinstance(op_id, str):
            base = replace(base, written=f"operationId {op_id}")
            target = self.by_id.get(op_id)
            if target is None:
                return self._unfollowed(
                    base,
                    pointer_join(at, "operationId"),
                    f"no operation has the operationId {op_id!r}",
                )
        elif isinstance(ref, str):
            base = replace(base, written=f"operationRef {ref}")
            target = self.by_pointer.get(unquote(ref[1:])) if ref.startswith("#/") else None
            if target is None:
                why = (
                    "operationRef points to another document; leadgen never fetches one"
                    if not ref.startswith("#")
                    else f"operationRef {ref!r} points to no operation of this document"
                )
                return self._unfollowed(base, pointer_join(at, "operationRef"), why)
        else:
            return self._unfollowed(base, at, "the link names no operation")
        if not (status.startswith("2") or status == "default"):
            why = f"it is on the {status} response, on which the call raises APIStatusError"
            return self._unfollowed(replace(base, target=None), at, why)
        arguments = []
        params = link.get("parameters")
        for key, value in params.items() if isinstance(params, dict) else ():
            where = pointer_join(at, "parameters", key)
            py_name = self._parameter(target, str(key))
            if py_name is None:
                why = f"{key!r} is not a parameter of {target.operation_id}"
                return self._unfollowed(base, where, why)
            resolved, why = context.value(value)
            if why:
                return self._unfollowed(base, where, why)
            arguments.append(LinkArgument(py_name, resolved, _written(value)))
        if "requestBody" in link:
            where = pointer_join(at, "requestBody")
            if target.body is None:
                return self._unfollowed(base, where, f"{target.operation_id} takes no body")
            resolved, why = context.value(link["requestBody"])
            if why:
                return self._unfollowed(base, where, why)
            arguments.append(
                LinkArgument("body", resolved, _written(link["requestBody"]), self._fields(target))
            )
        return replace(base, target=target.pointer, arguments=tuple(arguments))

    def _unfollowed(self, link: Link, at: str, why: str) -> Link:
        self.warnings.append(f"{at}: link {link.name!r} is documented but has no method: {why}")
        return replace(link, target=None, reason=why)

    @staticmethod
    def _parameter(target: Operation, key: str) -> str | None:
        """The target's argument a link parameter names (`id`, or `path.id` and the like)."""
        place, dot, name = key.partition(".")
        qualified = dot and place in ("path", "query", "header", "cookie")
        for param in sorted(target.parameters, key=lambda p: p.location != "path"):
            if qualified and param.location == place and param.wire_name == name:
                return param.py_name
            if param.wire_name == key:
                return param.py_name
        return None

    def _fields(self, target: Operation) -> tuple[tuple[str, str], ...] | None:
        """A flattened body's (model attribute, argument) pairs; None for a whole body."""
        body = target.body
        if body is None or body.fields is None or not isinstance(body.type, ModelRef):
            return None
        model = self.models[body.type.name]
        kept = [p for p in model.properties if not p.read_only]
        return tuple((p.py_name, f.py_name) for p, f in zip(kept, body.fields))


def attach_links(
    data: dict[str, Any],
    resources: list[Resource],
    resolve: Callable[[Any], Any],
    models: dict[str, ModelDef],
    class_names: Namer,
) -> tuple[list[Resource], list[str]]:
    """The resources with each operation's links (and their class name), and the warnings."""
    operations = [op for r in resources for op in r.operations]
    builder = _LinkBuilder(operations, resolve, models)
    raw: dict[str, dict[str, Any]] = {}
    for at, method, path, node in iter_operations(data):
        raw[at] = node
        for tail in (pointer_join("", method), pointer_join("", ADDITIONAL_OPERATIONS, method)):
            written = pointer_join("/paths", path) + tail  # as an operationRef writes it
            if at.endswith(tail) and written != at and at in builder.by_pointer:
                builder.by_pointer[written] = builder.by_pointer[at]
                break
    result = []
    for resource in resources:
        ops = []
        for op in resource.operations:
            links = builder.links(op, raw.get(op.pointer, {}))
            if any(link.target for link in links):
                name = _links_class(op, class_names)
                op = replace(op, links=links, links_class=name)
            elif links:
                op = replace(op, links=links)
            ops.append(op)
        result.append(replace(resource, operations=tuple(ops)))
    return result, builder.warnings


def _links_class(op: Operation, names: Namer) -> str:
    """`<OperationId>Links`, free together with its `Async` twin."""
    base, n = class_name(op.operation_id) + "Links", 1
    while True:
        name = base if n == 1 else f"{base}{n}"
        if names.free(name, fold_case=True) and names.free("Async" + name, fold_case=True):
            names.claim(name, fold_case=True)
            names.claim("Async" + name, fold_case=True)
            return name
        n += 1
