"""IR -> what each resource module needs: signatures, docstrings and imports, computed once.

Templates stay free of logic: they loop over these views and pass spec text
through the literal filters. The model and alias modules have theirs in `model_views`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model.ir import (
    ArrayType,
    LiteralType,
    MapType,
    Nullable,
    Operation,
    Primitive,
    Property,
    Resource,
    TypeExpr,
    XmlName,
)
from ..model.operations import accept_header, returned_type
from ..model.xml_names import is_xml_media
from .layout import tuple_source
from .link_views import LinksClassView, Targets, link_doc, links_class_view
from .literals import py_literal, py_str
from .pytypes import SHADOWABLE_BUILTINS, Imports, annotation, descriptor

__all__ = [
    "Argument",
    "MethodView",
    "ResourceView",
    "constraint_text",
    "describe",
    "field_descriptor",
    "op_constant",
    "resource_view",
    "xml_descriptor",
]


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of a generated method."""

    py_name: str
    annotation: str
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class MethodView:
    """One operation: its `Operation` descriptor and its method, sync and async."""

    op: Operation
    constant: str  # module-level name of the Operation descriptor
    positional: tuple[Argument, ...]
    keyword: tuple[Argument, ...]
    returns: str  # annotation, "None" for no content
    docstring: str
    param_descriptors: tuple[str, ...]  # source of each Param(...)
    body_descriptor: str | None
    response_descriptors: tuple[tuple[str, str], ...]  # (status, source of its descriptor)
    call_args: tuple[str, ...]  # the arguments passed on to the request, in order
    accept: str | None = None  # the Accept header, when the 2xx bodies are not all JSON
    xml_responses: bool = False  # a response is declared in XML: XML bodies are read
    # a streamed sequence (`itemSchema`): the item's descriptor, annotation and media type
    item_descriptor: str | None = None
    item_annotation: str = ""
    item_media: str = ""
    paging: str | None = None  # source of its `Paging(...)`, for an operation that pages
    page_item_annotation: str = ""  # the annotation of one item of a page
    pager_doc: str = ""


@dataclass(frozen=True, slots=True)
class ResourceView:
    """What `package/resources/resource.py.jinja` renders: one resource module."""

    resource: Resource
    methods: tuple[MethodView, ...]
    imports: Imports  # models (TYPE_CHECKING only) and stdlib modules the annotations use
    base_imports: tuple[str, ...]  # from `_base_client`
    type_imports: tuple[str, ...]  # from `_types`
    typing_imports: tuple[str, ...]
    import_builtins: bool
    builtin: Mapping[str, str]  # "str" -> "builtins.str" where a method name shadows it
    streams: bool = False  # some method returns a streamed sequence of items
    links: tuple[LinksClassView, ...] = ()  # the `links` classes of its operations' responses
    link_streams: bool = False  # some link calls an operation returning a streamed sequence


def constraint_text(t: TypeExpr) -> str:
    """A short human text of the rules on `t`, for docstrings and --help."""
    if isinstance(t, Nullable):
        inner = constraint_text(t.inner)
        return f"{inner}; may be null" if inner else "may be null"
    parts = []
    if isinstance(t, (Primitive, ArrayType, MapType)):
        names = {
            "min_length": "min length", "max_length": "max length", "pattern": "pattern",
            "minimum": ">=", "maximum": "<=", "exclusive_minimum": ">", "exclusive_maximum": "<",
            "multiple_of": "multiple of", "min_items": "min items", "max_items": "max items",
            "unique_items": "unique items", "min_properties": "min keys", "max_properties": "max keys",
        }  # fmt: skip
        for key, value in t.constraints.items():
            parts.append(names[key] if value is True else f"{names[key]} {value}")
        if t.constraints.unchecked_pattern is not None:
            parts.append(f"pattern {t.constraints.unchecked_pattern} (not checked: super-linear)")
    if isinstance(t, LiteralType):
        parts.append("one of " + ", ".join(str(v) for v in t.values))
    return "; ".join(parts)


def describe(description: str, t: TypeExpr, default: Any = None, has_default: bool = False) -> str:
    """An argument's or field's documentation: its description, rules and server default."""
    text = " ".join(description.split())
    rules = constraint_text(t)
    if rules:
        text += f" ({rules})" if text else rules
    if has_default:
        text += f" Defaults to {default!r} on the server when not sent."
    return text.strip()


def _arg_annotation(t: TypeExpr, required: bool, shadowed: frozenset[str]) -> str:
    text = annotation(t, shadowed, inputs=True)
    return text if required else f"{text} | Unset"


def op_constant(op: Operation) -> str:
    """The module-level name of an operation's `Operation` descriptor."""
    return "_" + op.py_name.upper().lstrip("_")


def method_view(
    op: Operation, imports: Imports, shadowed: frozenset[str] = frozenset()
) -> MethodView:
    positional: list[Argument] = []
    keyword: list[Argument] = []
    for param in op.parameters:
        arg = Argument(
            param.py_name,
            _arg_annotation(param.type, param.call_required, shadowed),
            param.call_required,
            describe(param.description, param.type, param.default, param.has_default),
        )
        (positional if param.location == "path" else keyword).append(arg)
        imports.add_annotation([param.type], inputs=True)
        imports.add_descriptor([param.type])
    body_fields: list[Property] = list(op.body.fields or []) if op.body else []
    if op.body and op.body.fields is None:
        keyword.append(
            Argument(
                "body",
                _arg_annotation(op.body.type, op.body.required, shadowed),
                op.body.required,
                describe(op.body.description or "The request body.", op.body.type),
            )
        )
        imports.add_annotation([op.body.type], inputs=True)
    for prop in body_fields:
        keyword.append(
            Argument(
                prop.py_name,
                _arg_annotation(prop.type, prop.required, shadowed),
                prop.required,
                describe(prop.description, prop.type, prop.default, prop.has_default),
            )
        )
        imports.add_annotation([prop.type], inputs=True)
        imports.add_descriptor([prop.type])
    keyword.sort(key=lambda a: not a.required)  # required keywords first, spec order kept
    if op.body:
        imports.add_descriptor([op.body.type])
    returned = returned_type(op)
    returns = annotation(returned, shadowed) if returned is not None else "None"
    if returned is not None:
        imports.add_annotation([returned])
    responses = []
    for response in op.responses:
        if response.type is not None:
            imports.add_descriptor([response.type])
        responses.append(
            (response.status, descriptor(response.type) if response.type is not None else "None")
        )
    success = op.success
    item = success.item_type if success is not None else None
    if item is not None:
        imports.add_annotation([item])
        imports.add_descriptor([item])
    return MethodView(
        item_descriptor=descriptor(item) if item is not None else None,
        item_annotation=annotation(item, shadowed) if item is not None else "",
        item_media=success.media_type or "" if success is not None else "",
        op=op,
        constant=op_constant(op),
        positional=tuple(positional),
        keyword=tuple(keyword),
        returns=returns,
        docstring=_method_doc(op, positional + keyword, returns),
        param_descriptors=tuple(
            _param_descriptor(
                p.py_name,
                p.wire_name,
                p.location,
                descriptor(p.type),
                p.call_required,
                p.style,
                p.explode,
                p.media_type,
            )
            for p in op.parameters
        ),
        body_descriptor=_body_descriptor(op) if op.body else None,
        response_descriptors=tuple(responses),
        call_args=tuple(a.py_name for a in positional + keyword),
        accept=accept_header(op.responses),
        xml_responses=any(r.type is not None and is_xml_media(r.media_type) for r in op.responses),
        **_paging(op, imports, shadowed),
    )


def _paging(op: Operation, imports: Imports, shadowed: frozenset[str]) -> dict[str, str]:
    """The view fields of an operation that pages ({} for one that does not)."""
    p = op.pagination
    if p is None:
        return {}
    imports.add_annotation([p.item_type])

    def path(names: tuple[str, ...]) -> str:
        return tuple_source([py_str(n) for n in names])

    source = f"Paging({py_str(p.kind)}, items={path(p.items)}"
    for key, value in (("param", p.param), ("limit", p.limit)):
        if value:
            source += f", {key}={py_str(value)}"
    for key, names in (("cursor", p.cursor), ("has_more", p.has_more)):
        if names:
            source += f", {key}={path(names)}"
    if p.kind == "page" and p.first_page != 1:
        source += f", first_page={p.first_page}"
    how = {
        "cursor": f"the next cursor goes into `{p.param}`",
        "offset": f"`{p.param}` advances by the items received",
        "page": f"`{p.param}` counts up",
        "link": 'the `Link: rel="next"` response header is followed',
    }[p.kind]
    doc = (
        f"Every item of `{op.py_name}`, page after page.\n\n"
        f"Takes the arguments of `{op.py_name}`; {how}.\n"
        "A page is fetched only when iteration reaches it; `iter_pages()` yields the pages."
    )
    return {
        "paging": source + ")",
        "page_item_annotation": annotation(p.item_type, shadowed),
        "pager_doc": doc,
    }


def _param_descriptor(
    py_name: str,
    wire: str,
    location: str,
    desc: str,
    required: bool,
    style: str | None,
    explode: bool | None,
    media_type: str | None = None,
) -> str:
    text = (
        f"Param({py_str(py_name)}, {py_str(wire)}, {py_str(location)}, {desc}, required={required}"
    )
    if style is not None:
        text += f", style={py_str(style)}"
    if explode is not None:
        text += f", explode={py_literal(explode)}"
    if media_type is not None:
        text += f", media_type={py_str(media_type)}"
    return text + ")"


def xml_descriptor(name: XmlName, order: tuple[str, ...] = ()) -> str:
    """The source of an `Xml(...)` placement; only its name when the rest is the default."""
    text = f"Xml({py_str(name.name)}"
    if name.namespace is not None:
        text += f", namespace={py_str(name.namespace)}"
    if name.prefix is not None:
        text += f", prefix={py_str(name.prefix)}"
    if name.attribute:
        text += ", attribute=True"
    if name.wrapped is not None:
        text += f", wrapped={xml_descriptor(name.wrapped)}"
    if order:
        text += ", order=(" + ", ".join(py_str(n) for n in order) + ",)"
    return text + ")"


def field_descriptor(prop: Property) -> str:
    """The source of a property's `Field(...)`, in a model or a flattened request body."""
    access = "read" if prop.read_only else "write" if prop.write_only else ""
    text = (
        f"Field({py_str(prop.py_name)}, {py_str(prop.wire_name)}, {descriptor(prop.type)}, "
        f"required={prop.required}"
    )
    if access:
        text += f", access={py_str(access)}"
    if prop.xml is not None and prop.xml != XmlName(prop.wire_name):
        text += f", xml={xml_descriptor(prop.xml)}"
    return text + ")"


def _body_descriptor(op: Operation) -> str:
    body = op.body
    assert body is not None
    text = f"Body({py_str(body.media_type)}, {descriptor(body.type)}, required={body.required}"
    if body.fields is not None:
        fields = [field_descriptor(f) for f in body.fields]
        text += ", fields=(" + ", ".join(fields) + ("," if fields else "") + ")"
    if body.xml is not None:
        text += f", xml={xml_descriptor(body.xml)}"
    return text + ")"


def _method_doc(op: Operation, args: list[Argument], returns: str) -> str:
    lines = [op.summary or f"{op.method} {op.path_key}"]
    if op.description and op.description.strip() != op.summary.strip():
        lines += ["", op.description.strip()]
    if op.deprecated:
        lines += ["", "Deprecated."]
    if op.server is not None:
        lines += ["", f"Sent to {op.server} (its own server) unless the client has a base_url."]
    documented = [a for a in args if a.description]
    if documented:
        lines += ["", "Args:"]
        lines += [f"    {a.py_name}: {a.description}" for a in documented]
    if returns != "None":
        lines += [
            "",
            "Returns:",
            f"    {op.success.description.strip() if op.success else returns}",
        ]
    if op.links:
        lines += ["", "Links (`with_raw_response.<method>(...).links.<link>()`):"]
        lines += [f"    {link_doc(link)}" for link in op.links]
    lines += ["", "Raises:", "    APIStatusError: the server answered with an error status.",
              "    RequestValidationError: an argument breaks the spec's rules; nothing was sent."]  # fmt: skip
    return "\n".join(lines)


def resource_view(resource: Resource, targets: Targets | None = None) -> ResourceView:
    """The view of `resource`'s module; `targets` has every operation a link may call."""
    imports = Imports()
    shadowed = SHADOWABLE_BUILTINS & {op.py_name for op in resource.operations}
    methods = tuple(method_view(op, imports, shadowed) for op in resource.operations)
    links = tuple(
        links_class_view(op, resource, targets or {}, imports, method_view)
        for op in resource.operations
        if op.links_class
    )
    base = {"AsyncAPIClient", "Operation", "SyncAPIClient"}
    if any(m.param_descriptors for m in methods):
        base.add("Param")
    if any(m.body_descriptor for m in methods):
        base.add("Body")
    runtime = set(imports.runtime) | {"UNSET", "Unset"}
    if any(op.body and op.body.fields for op in resource.operations):
        runtime.add("Field")
    if any(op.body and op.body.xml for op in resource.operations):
        runtime.add("Xml")
    typing = set(imports.typing)
    if any(m.paging for m in methods):
        typing.add("Any")
    if methods:
        typing.add("cast")
    if imports.refs or imports.stdlib or resource.children:
        typing.add("TYPE_CHECKING")
    return ResourceView(
        resource=resource,
        methods=methods,
        imports=imports,
        base_imports=tuple(sorted(base)),
        type_imports=tuple(sorted(runtime, key=lambda n: (not n.isupper(), n))),
        typing_imports=tuple(sorted(typing)),
        import_builtins=bool(methods and shadowed & {"str", "float"})  # extra_headers, timeout
        or any("builtins." in a.annotation for m in methods for a in m.positional + m.keyword)
        or any("builtins." in m.returns for m in methods),
        builtin={n: f"builtins.{n}" if n in shadowed else n for n in ("str", "float")},
        streams=any(m.item_descriptor for m in methods),
        link_streams=any(m.streams for c in links for m in c.methods),
        links=links,
    )
