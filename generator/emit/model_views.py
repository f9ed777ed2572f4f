"""IR -> what each model and alias module needs: fields, docstrings and imports, computed once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model.ir import AliasDef, ModelDef, Property, XmlName
from .layout import exploded
from .pytypes import SHADOWABLE_BUILTINS, Imports, annotation, descriptor
from .views import describe, field_descriptor, xml_descriptor

__all__ = ["AliasView", "FieldView", "ModelView", "alias_view", "model_view"]


@dataclass(frozen=True, slots=True)
class FieldView:
    """One field of a generated model class."""

    prop: Property
    annotation: str
    optional: bool  # defaults to UNSET
    descriptor: str  # source of its `Field(...)`
    doc: str


@dataclass(frozen=True, slots=True)
class ModelView:
    """What `package/models/model.py.jinja` renders: one model module."""

    model: ModelDef
    model_doc: str
    fields: tuple[FieldView, ...]  # required ones first
    imports: Imports
    runtime_names: tuple[str, ...]  # from `_types`
    typing_names: tuple[str, ...]
    fields_source: str  # the `__fields__ = (...)` line(s), indented by 4 but the first
    extra: str  # `__extra__ = ...`: the descriptor of additional properties, or None
    import_builtins: bool
    builtin: Mapping[str, str]  # "dict" -> "builtins.dict" where a field name shadows it
    xml: str  # source of its root element in XML bodies, "" when named after the class


@dataclass(frozen=True, slots=True)
class AliasView:
    """What `package/models/alias.py.jinja` renders: one type alias module."""

    alias: AliasDef
    imports: Imports
    annotation: str
    quoted: bool  # the annotation names models, imported for type checking only
    typing_names: tuple[str, ...]


def model_view(model: ModelDef) -> ModelView:
    imports = Imports()
    imports.add_annotation([p.type for p in model.properties])
    imports.add_descriptor([p.type for p in model.properties])
    if model.extra is not None:
        imports.add_descriptor([model.extra])
    imports.refs.pop(model.name, None)
    # a field named like a builtin shadows it in the rest of the class body
    shadowed = (SHADOWABLE_BUILTINS | {"tuple"}) & {p.py_name for p in model.properties}
    fields = []
    for prop in model.properties:
        optional = not prop.required or prop.read_only or prop.write_only
        fields.append(
            FieldView(
                prop=prop,
                annotation=annotation(prop.type, shadowed) + (" | Unset" if optional else ""),
                optional=optional,
                descriptor=exploded(field_descriptor(prop), 8, ","),
                doc=describe(prop.description, prop.type, prop.default, prop.has_default),
            )
        )
    fields.sort(key=lambda f: f.optional)
    runtime = {"Field", "Model"} | imports.runtime
    xml = ""
    order = tuple(p.wire_name for p in model.properties)
    if order == tuple(f.prop.wire_name for f in fields):
        order = ()  # the fields are in the schema's order already
    if model.xml is not None and (order or model.xml != XmlName(model.name)):
        xml = xml_descriptor(model.xml, order)
    if xml or any("xml=Xml(" in f.descriptor for f in fields):
        runtime.add("Xml")
    if any(f.optional for f in fields):
        runtime |= {"UNSET", "Unset"}
    typing = {"Any", "ClassVar"} | imports.typing | ({"TYPE_CHECKING"} if imports.refs else set())
    doc = model.description.strip() or model.name
    documented = [f for f in fields if f.doc]
    if documented:
        doc += "\n\nAttributes:\n" + "\n".join(f"    {f.prop.py_name}: {f.doc}" for f in documented)
    builtin = {n: f"builtins.{n}" if n in shadowed else n for n in ("bool", "dict", "str", "tuple")}
    extra = descriptor(model.extra) if model.extra is not None else "None"
    return ModelView(
        model=model,
        model_doc=doc,
        fields=tuple(fields),
        fields_source=_fields_source(fields, builtin["tuple"]),
        imports=imports,
        runtime_names=tuple(sorted(runtime)),
        typing_names=tuple(sorted(typing)),
        extra=exploded(f"__extra__: ClassVar[Any] = {extra}", 4),
        import_builtins=bool(shadowed & {"bool", "dict", "str", "tuple"})
        or any("builtins." in f.annotation for f in fields),
        builtin=builtin,
        xml=xml,
    )


def _fields_source(fields: list[FieldView], tuple_name: str) -> str:
    """`__fields__: ClassVar[tuple[Field, ...]] = (...)` as black writes it: a field a line with
    the magic trailing comma; one field as a one-item tuple, joined when it fits (its comma is
    not magic); none as `()`."""
    head = f"__fields__: ClassVar[{tuple_name}[Field, ...]] = "
    if not fields:
        return head + "()"
    if len(fields) == 1:
        return exploded(f"{head}({field_descriptor(fields[0].prop)},)", 4)
    return head + "(\n" + "".join(f"        {f.descriptor},\n" for f in fields) + "    )"


def alias_view(alias: AliasDef) -> AliasView:
    imports = Imports()
    imports.add_annotation([alias.target])
    has_refs = bool(imports.refs)
    typing = {"TypeAlias"} | imports.typing | ({"TYPE_CHECKING"} if has_refs else set())
    return AliasView(
        alias=alias,
        imports=imports,
        annotation=annotation(alias.target),
        quoted=has_refs,
        typing_names=tuple(sorted(typing)),
    )
