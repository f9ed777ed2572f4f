"""IR -> what each template needs: signatures, docstrings and imports, computed once.

Templates stay free of logic: they loop over these views and pass spec text
through the literal filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model.ir import AliasDef, ModelDef, Nullable, Operation, Property, Resource, TypeExpr
from .pytypes import SHADOWABLE_BUILTINS, Imports, annotation, descriptor

__all__ = ["Argument", "MethodView", "alias_view", "constraint_text", "model_view", "resource_view"]


@dataclass
class Argument:
    py_name: str
    annotation: str
    required: bool
    description: str


@dataclass
class MethodView:
    op: Operation
    constant: str  # module-level name of the Operation descriptor
    positional: list[Argument]
    keyword: list[Argument]
    returns: str  # annotation, "None" for no content
    docstring: str
    param_descriptors: list[str]  # source of each Param(...)
    body_descriptor: str | None
    response_descriptors: list[tuple[str, str]]
    call_args: list[str] = field(default_factory=list)


def constraint_text(t: TypeExpr) -> str:
    """A short human text of the rules on `t`, for docstrings and --help."""
    from ..model.ir import ArrayType, LiteralType, MapType, Primitive

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
    if isinstance(t, LiteralType):
        parts.append("one of " + ", ".join(str(v) for v in t.values))
    return "; ".join(parts)


def _describe(description: str, t: TypeExpr, default: Any = None, has_default: bool = False) -> str:
    text = " ".join(description.split())
    rules = constraint_text(t)
    if rules:
        text += f" ({rules})" if text else rules
    if has_default:
        text += f" Defaults to {default!r} on the server when not sent."
    return text.strip()


def _arg_annotation(t: TypeExpr, required: bool, shadowed: frozenset[str]) -> str:
    text = annotation(t, shadowed)
    return text if required else f"{text} | Unset"


def _op_constant(op: Operation) -> str:
    return "_" + op.py_name.upper().lstrip("_")


def method_view(
    op: Operation, imports: Imports, shadowed: frozenset[str] = frozenset()
) -> MethodView:
    positional: list[Argument] = []
    keyword: list[Argument] = []
    for param in op.parameters:
        arg = Argument(
            param.py_name,
            _arg_annotation(param.type, param.required, shadowed),
            param.required,
            _describe(param.description, param.type, param.default, param.has_default),
        )
        (positional if param.location == "path" else keyword).append(arg)
        imports.add_annotation([param.type])
        imports.add_descriptor([param.type])
    body_fields: list[Property] = list(op.body.fields or []) if op.body else []
    if op.body and op.body.fields is None:
        keyword.append(
            Argument(
                "body",
                _arg_annotation(op.body.type, op.body.required, shadowed),
                op.body.required,
                _describe(op.body.description or "The request body.", op.body.type),
            )
        )
        imports.add_annotation([op.body.type])
    for prop in body_fields:
        keyword.append(
            Argument(
                prop.py_name,
                _arg_annotation(prop.type, prop.required, shadowed),
                prop.required,
                _describe(prop.description, prop.type, prop.default, prop.has_default),
            )
        )
        imports.add_annotation([prop.type])
        imports.add_descriptor([prop.type])
    keyword.sort(key=lambda a: not a.required)  # required keywords first, spec order kept
    if op.body:
        imports.add_descriptor([op.body.type])
    success = op.success
    returns = annotation(success.type, shadowed) if success and success.type else "None"
    if success and success.type:
        imports.add_annotation([success.type])
    responses = []
    for response in op.responses:
        if response.type is not None:
            imports.add_descriptor([response.type])
        responses.append(
            (response.status, descriptor(response.type) if response.type is not None else "None")
        )
    view = MethodView(
        op=op,
        constant=_op_constant(op),
        positional=positional,
        keyword=keyword,
        returns=returns,
        docstring=_method_doc(op, positional + keyword, returns),
        param_descriptors=[
            _param_descriptor(
                p.py_name,
                p.wire_name,
                p.location,
                descriptor(p.type),
                p.required,
                p.style,
                p.explode,
            )
            for p in op.parameters
        ],
        body_descriptor=_body_descriptor(op) if op.body else None,
        response_descriptors=responses,
    )
    view.call_args = [a.py_name for a in positional + keyword]
    return view


def _param_descriptor(
    py_name: str,
    wire: str,
    location: str,
    desc: str,
    required: bool,
    style: str | None,
    explode: bool | None,
) -> str:
    from .literals import py_literal, py_str

    text = (
        f"Param({py_str(py_name)}, {py_str(wire)}, {py_str(location)}, {desc}, required={required}"
    )
    if style is not None:
        text += f", style={py_str(style)}"
    if explode is not None:
        text += f", explode={py_literal(explode)}"
    return text + ")"


def _field_descriptor(prop: Property) -> str:
    from .literals import py_str

    access = "read" if prop.read_only else "write" if prop.write_only else ""
    text = (
        f"Field({py_str(prop.py_name)}, {py_str(prop.wire_name)}, {descriptor(prop.type)}, "
        f"required={prop.required}"
    )
    return text + (f", access={py_str(access)})" if access else ")")


def _body_descriptor(op: Operation) -> str:
    from .literals import py_str

    body = op.body
    assert body is not None
    text = f"Body({py_str(body.media_type)}, {descriptor(body.type)}, required={body.required}"
    if body.fields is not None:
        text += ", fields=(" + "".join(_field_descriptor(f) + ", " for f in body.fields) + ")"
    return text + ")"


def _method_doc(op: Operation, args: list[Argument], returns: str) -> str:
    lines = [op.summary or f"{op.method} {op.path}"]
    if op.description and op.description.strip() != op.summary.strip():
        lines += ["", op.description.strip()]
    if op.deprecated:
        lines += ["", "Deprecated."]
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
    lines += ["", "Raises:", "    APIStatusError: the server answered with an error status.",
              "    RequestValidationError: an argument breaks the spec's rules; nothing was sent."]  # fmt: skip
    return "\n".join(lines)


def resource_view(resource: Resource) -> dict[str, Any]:
    imports = Imports()
    shadowed = SHADOWABLE_BUILTINS & {op.py_name for op in resource.operations}
    methods = [method_view(op, imports, shadowed) for op in resource.operations]
    base = {"AsyncAPIClient", "Operation", "SyncAPIClient"}
    if any(m.param_descriptors for m in methods):
        base.add("Param")
    if any(m.body_descriptor for m in methods):
        base.add("Body")
    runtime = set(imports.runtime) | {"UNSET", "Unset"}
    if any(op.body and op.body.fields for op in resource.operations):
        runtime.add("Field")
    typing = set(imports.typing)
    if methods:
        typing.add("cast")
    if imports.refs or imports.stdlib:
        typing.add("TYPE_CHECKING")
    return {
        "resource": resource,
        "methods": methods,
        "imports": imports,
        "base_imports": sorted(base),
        "type_imports": sorted(runtime, key=lambda n: (not n.isupper(), n)),
        "typing_imports": sorted(typing),
        "import_builtins": bool(methods and shadowed & {"str", "float"})  # extra_headers, timeout
        or any("builtins." in a.annotation for m in methods for a in m.positional + m.keyword)
        or any("builtins." in m.returns for m in methods),
        "builtin": {n: f"builtins.{n}" if n in shadowed else n for n in ("str", "float")},
    }


def model_view(model: ModelDef) -> dict[str, Any]:
    imports = Imports()
    imports.add_annotation([p.type for p in model.properties])
    imports.add_descriptor([p.type for p in model.properties])
    if model.extra is not None:
        imports.add_descriptor([model.extra])
    imports.refs.pop(model.name, None)
    # a field named like a builtin shadows it in the rest of the class body
    shadowed = (SHADOWABLE_BUILTINS | {"tuple"}) & {p.py_name for p in model.properties}
    fields: list[dict[str, Any]] = []
    for prop in model.properties:
        optional = not prop.required or prop.read_only or prop.write_only
        fields.append(
            {
                "prop": prop,
                "annotation": annotation(prop.type, shadowed) + (" | Unset" if optional else ""),
                "optional": optional,
                "descriptor": _field_descriptor(prop),
                "doc": _describe(prop.description, prop.type, prop.default, prop.has_default),
            }
        )
    fields.sort(key=lambda f: f["optional"])
    runtime = {"Field", "Model"} | imports.runtime
    if any(f["optional"] for f in fields):
        runtime |= {"UNSET", "Unset"}
    typing = {"Any", "ClassVar"} | imports.typing | ({"TYPE_CHECKING"} if imports.refs else set())
    doc = model.description.strip() or model.name
    documented = [f for f in fields if f["doc"]]
    if documented:
        doc += "\n\nAttributes:\n" + "\n".join(
            f"    {f['prop'].py_name}: {f['doc']}" for f in documented
        )
    return {
        "runtime_names": sorted(runtime),
        "typing_names": sorted(typing),
        "model_doc": doc,
        "model": model,
        "fields": fields,
        "imports": imports,
        "extra": descriptor(model.extra) if model.extra is not None else "None",
        "import_builtins": bool(shadowed & {"bool", "dict", "str", "tuple"})
        or any("builtins." in str(f["annotation"]) for f in fields),
        "builtin": {
            n: f"builtins.{n}" if n in shadowed else n for n in ("bool", "dict", "str", "tuple")
        },
    }


def alias_view(alias: AliasDef) -> dict[str, Any]:
    imports = Imports()
    imports.add_annotation([alias.target])
    text = annotation(alias.target)
    has_refs = bool(imports.refs)
    typing = {"TypeAlias"} | imports.typing | ({"TYPE_CHECKING"} if has_refs else set())
    return {
        "alias": alias,
        "imports": imports,
        "annotation": text,
        "quoted": has_refs,
        "typing_names": sorted(typing),
    }
