"""IR -> the `links` classes of a resource module: one per operation whose responses declare
links that can be followed, with one method per link (sync and async).

A link method takes the arguments of the operation it calls that the link does not give,
and calls that operation's method with the others read from the response (see `_links.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model.ir import Link, LinkArgument, LinkExpr, LinkTemplate, Operation, Resource
from ..model.operations import returned_type
from .layout import tuple_source
from .literals import py_literal, py_str
from .pytypes import Imports, descriptor

__all__ = ["LinkMethodView", "LinksClassView", "link_doc", "links_class_view"]

# operation pointer -> (its resource, the operation)
Targets = Mapping[str, tuple[Resource, Operation]]


@dataclass(frozen=True, slots=True)
class LinkMethodView:
    """One link: its descriptor and the method that follows it."""

    link: Link
    constant: str  # module-level name of its `_links.Link(...)`
    descriptor: str
    target_class: str  # the resource class of the operation it calls
    target_module: str  # that class's module; "" when it is this one
    target_method: str
    params: tuple[str, ...]  # the method's keyword parameters, as source
    passed: tuple[str, ...]  # `name=name` of each, for the call
    returns: str
    async_returns: str  # differs from `returns` for a streamed sequence of items
    docstring: str
    streams: bool = False  # the operation it calls returns a streamed sequence of items


@dataclass(frozen=True, slots=True)
class LinksClassView:
    op: Operation
    name: str
    methods: tuple[LinkMethodView, ...]


def _value_source(value: Any) -> str:
    if isinstance(value, LinkExpr):
        args = [py_str(value.source)]
        if value.name or value.arg:
            args.append(py_str(value.name))
        if value.arg:
            args.append(f"arg={py_str(value.arg)}")
        return f"_links.Expr({', '.join(args)})"
    if isinstance(value, LinkTemplate):
        return f"_links.Template({tuple_source([_value_source(p) for p in value.parts])})"
    return py_literal(value)


def _argument_source(arg: LinkArgument, type_source: str) -> str:
    text = (
        f"_links.LinkArg({py_str(arg.py_name)}, {_value_source(arg.value)}, {type_source}, "
        f"{py_str(arg.written)}"
    )
    if arg.fields is not None:
        pairs = [f"({py_str(a)}, {py_str(b)})" for a, b in arg.fields]
        text += f", fields={tuple_source(pairs)}"
    return text + ")"


def _import_annotations(target: Operation, args: list[str], imports: Imports) -> None:
    """What the annotations of a link method need: its arguments' types and the result's."""
    types = {p.py_name: p.type for p in target.parameters}
    if target.body is not None:
        types["body"] = target.body.type
        types.update({f.py_name: f.type for f in target.body.fields or ()})
    imports.add_annotation([types[name] for name in args], inputs=True)
    success = target.success
    item = success.item_type if success is not None else None
    returned = item if item is not None else returned_type(target)
    imports.add_annotation([returned] if returned is not None else [])


def link_doc(link: Link, named: bool = True) -> str:
    """One line for a link in docstrings and the README: what it calls, with what."""
    given = ", ".join(f"{a.py_name}={a.written}" for a in link.arguments)
    label = link.py_name if link.target is not None else link.name
    if label != link.name:
        label += f" (link {link.name})"
    text = (f"{label}: " if named else "") + (link.written or "no operation")
    text += f" ({given})" if given else ""
    if link.description:
        text += f": {' '.join(link.description.split())}"
    if link.target is None:
        text += f" [no method: {link.reason}]"
    return text


def links_class_view(
    op: Operation,
    resource: Resource,
    targets: Targets,
    imports: Imports,
    method_view: Any,
) -> LinksClassView:
    """The links class of `op` (in `resource`'s module); `method_view` builds the view of an
    operation's method, whose arguments and return annotation a link method takes over."""
    methods = []
    for link in op.links:
        if link.target is None or link.target not in targets:
            continue
        target_resource, target = targets[link.target]
        view = method_view(target, Imports())  # its imports are not all this module's
        given = {a.py_name for a in link.arguments}
        if "body" in given and target.body is not None and target.body.fields is not None:
            given |= {f.py_name for f in target.body.fields}
        left = [a for a in view.positional + view.keyword if a.py_name not in given]
        left.sort(key=lambda a: not a.required)
        _import_annotations(target, [a.py_name for a in left], imports)
        params = tuple(
            f"{a.py_name}: {a.annotation}" + ("" if a.required else " = UNSET") for a in left
        )
        types = {p.py_name: p.type for p in target.parameters}
        if target.body is not None:
            types["body"] = target.body.type
        args = []
        for arg in link.arguments:
            imports.add_descriptor([types[arg.py_name]])
            args.append(_argument_source(arg, descriptor(types[arg.py_name])))
        constant = f"_{op.py_name.upper().lstrip('_')}__{link.py_name.upper().lstrip('_')}"
        source = (
            f"_links.Link({py_str(link.py_name)}, "
            f"{tuple_source([py_str(s) for s in link.statuses])}, {tuple_source(args)})"
        )
        returns, async_returns = view.returns, view.returns
        if view.item_descriptor:
            returns = f"Iterator[{view.item_annotation}]"
            async_returns = f"AsyncIterator[{view.item_annotation}]"
        lines = [
            f"Follow link {link.name!r}: {target.method} {target.path_key}.",
            "",
            f"Calls {link.written}; declared on the {' or '.join(link.statuses)} response.",
        ]
        if link.description:
            lines += ["", link.description.strip()]
        if link.arguments:
            lines += ["", "From this response:"]
            lines += [f"    {a.py_name}: {a.written}" for a in link.arguments]
        documented = [a for a in left if a.description]
        if documented:
            lines += ["", "Args:"]
            lines += [f"    {a.py_name}: {a.description}" for a in documented]
        lines += [
            "",
            "Raises:",
            "    RequestValidationError: the response lacks a value the link reads, or is",
            "        not one the link is declared on; nothing was sent.",
            "    APIStatusError: the server answered with an error status.",
        ]
        methods.append(
            LinkMethodView(
                link=link,
                constant=constant,
                descriptor=source,
                target_class=target_resource.class_name,
                target_module=(
                    "" if target_resource.module == resource.module else (target_resource.module)
                ),
                target_method=target.py_name,
                params=params,
                passed=tuple(f"{a.py_name}={a.py_name}" for a in left),
                returns=returns,
                async_returns=async_returns,
                docstring="\n".join(lines),
                streams=bool(view.item_descriptor),
            )
        )
    return LinksClassView(op=op, name=op.links_class, methods=tuple(methods))
