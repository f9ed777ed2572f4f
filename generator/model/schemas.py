"""JSON Schema -> IR type expressions and named definitions (models and aliases).

Models are returned as references at once and their bodies built from a work
queue, so recursive and mutually recursive schemas need no special case.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from ..errors import pointer_join
from ..spec.refs import resolve_pointer, split_pointer
from .ir import (
    NO_CONSTRAINTS,
    AliasDef,
    AliasRef,
    ArrayType,
    Constraints,
    Definition,
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
from .naming import RESERVED_CLASS_NAMES, RESERVED_MEMBER_NAMES, Namer, class_name, snake_name
from .patterns import ecma_to_python, super_linear
from .xml_names import model_name, value_name

__all__ = ["SchemaBuilder", "UnsupportedSchema"]

ANY = Primitive("any")
MAX_TYPE_DEPTH = 64  # a type nested deeper would not parse as Python (nor read as one)
_FORMATS = {"date-time": "datetime", "date": "date", "uuid": "uuid", "binary": "binary"}
_CONSTRAINT_KEYS = {
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "multipleOf": "multiple_of",
    "minItems": "min_items",
    "maxItems": "max_items",
    "uniqueItems": "unique_items",
    "minProperties": "min_properties",
    "maxProperties": "max_properties",
}


class UnsupportedSchema(Exception):
    """A schema construct the generator cannot express (carries its pointer)."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(message)
        self.pointer = pointer


def constraints_of(schema: dict[str, Any], version: str) -> Constraints:
    values: dict[str, Any] = {}
    for key, attr in _CONSTRAINT_KEYS.items():
        value = schema.get(key)
        if value is not None and not isinstance(value, dict):
            values[attr] = value
    for key, attr in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = schema.get(key)
        if value is True and attr in values:  # OpenAPI 3.0: a flag on minimum/maximum
            values["exclusive_" + attr] = values.pop(attr)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            values["exclusive_" + attr] = value
    return Constraints(**values) if values else NO_CONSTRAINTS


def _mapping_ref(value: Any, pointer: str) -> str:
    """A discriminator mapping value (a schema name or a local reference) as a local $ref."""
    text = str(value)
    if text.startswith("#/"):
        return text
    if text and all(c.isalnum() or c in "._-" for c in text):
        return "#/components/schemas/" + text
    raise UnsupportedSchema(pointer, f"discriminator mapping {text!r} is not a local reference")


def _component_name(pointer: str) -> str | None:
    """`Pet` of `/components/schemas/Pet`; None for a schema written inline."""
    parts = split_pointer(pointer)
    return parts[2] if len(parts) == 3 and parts[:2] == ["components", "schemas"] else None


class SchemaBuilder:
    """Turns schemas into type expressions, collecting the definitions they need."""

    def __init__(self, data: dict[str, Any], version: str) -> None:
        self.data = data
        self.version = version
        self.class_names = Namer(RESERVED_CLASS_NAMES)
        self.module_names = Namer(
            {"__init__", "importlib", "annotations"}
        )  # models/__init__.py globals
        self.named: dict[str, TypeExpr] = {}  # pointer of a component -> its reference
        self.definitions: dict[str, Definition] = {}  # class name -> definition
        self.models: dict[str, ModelDef] = {}
        self._queue: deque[tuple[ModelRef, dict[str, Any], str, str]] = deque()
        self._aliases_in_progress: set[str] = set()
        self.warnings: list[str] = []
        self._depth = 0  # type expressions being built, one inside the other

    # -- entry points -------------------------------------------------------

    def component(self, name: str) -> TypeExpr:
        return self.type_of({"$ref": "#/components/schemas/" + name}, "", name)

    def type_of(self, schema: Any, pointer: str, hint: str) -> TypeExpr:
        """The type expression for `schema` found at `pointer`; `hint` names inline models."""
        with self._deeper(pointer):
            return self._type_of(schema, pointer, hint)

    @contextmanager
    def _deeper(self, pointer: str) -> Iterator[None]:
        """One more type expression inside those being built (the stack is finite)."""
        if self._depth >= MAX_TYPE_DEPTH:
            raise UnsupportedSchema(
                pointer,
                f"a type nested more than {MAX_TYPE_DEPTH} levels deep (arrays, maps, unions"
                " or $refs to schemas that are not objects, one inside the other)",
            )
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1

    def _type_of(self, schema: Any, pointer: str, hint: str) -> TypeExpr:
        if schema is True or schema is None or schema == {}:
            return ANY
        if schema is False:
            raise UnsupportedSchema(pointer, "the schema `false` admits no value at all")
        if not isinstance(schema, dict):
            raise UnsupportedSchema(pointer, "a schema must be an object")
        if "$ref" in schema:
            return self._ref(schema, pointer)
        nullable, schema = self._split_null(schema)
        result = self._non_null(schema, pointer, hint)
        if nullable and not isinstance(result, Nullable):
            return Nullable(result)
        return result

    def drain(self) -> None:
        """Build every queued model body (bodies may queue more models)."""
        while self._queue:
            ref, schema, pointer, hint = self._queue.popleft()
            self._build_model(ref, schema, pointer, hint)

    def resolve(self, schema: Any) -> Any:
        """Follow `$ref`s to the schema they name."""
        seen = set()
        while isinstance(schema, dict) and "$ref" in schema:
            ref = schema["$ref"]
            if ref in seen:
                raise UnsupportedSchema(ref.lstrip("#"), "a $ref that refers to itself")
            seen.add(ref)
            schema = resolve_pointer(self.data, ref)
        return schema

    # -- references and names -----------------------------------------------

    def _ref(self, schema: dict[str, Any], pointer: str) -> TypeExpr:
        ref = schema["$ref"]
        target = ref.lstrip("#")
        if target in self.named:
            result = self.named[target]
        else:
            try:
                parts = split_pointer(target)
                found = resolve_pointer(self.data, ref)
            except KeyError:
                raise UnsupportedSchema(pointer, f"$ref {ref!r} does not resolve") from None
            hint = parts[-1] if parts else "Root"
            with self._deeper(pointer):
                result = self._named(target, found, hint)
        # 3.0 allows `nullable` beside nothing else; 3.1 siblings of $ref may add it.
        if (schema.get("nullable") is True or schema.get("x-nullable") is True) and not isinstance(
            result, Nullable
        ):
            return Nullable(result)
        return result

    def _claim(self, hint: str) -> tuple[str, str]:
        name = self.class_names.claim(class_name(hint), fold_case=True)
        return name, self.module_names.claim(snake_name(name), fold_case=True)

    def _named(self, pointer: str, schema: Any, hint: str) -> TypeExpr:
        if isinstance(schema, dict) and "$ref" in schema:
            result = self._ref(schema, pointer)
            self.named[pointer] = result
            return result
        if not isinstance(schema, dict):
            result = self.type_of(schema, pointer, hint)
            self.named[pointer] = result
            return result
        nullable, core = self._split_null(schema)
        core = self._distributed(core, pointer)
        if self._is_model(core):
            name, module = self._claim(hint)
            ref: TypeExpr = ModelRef(name, module)
            self._queue.append((ModelRef(name, module), core, pointer, name))
        elif "enum" in core or (
            ("oneOf" in core or "anyOf" in core) and not self._required_groups(core)
        ):
            if pointer in self._aliases_in_progress:
                self.warnings.append(f"{pointer}: a type alias that contains itself is typed Any")
                return ANY
            self._aliases_in_progress.add(pointer)
            try:
                name, module = self._claim(hint)
                target = self._non_null(core, pointer, name)
            finally:
                self._aliases_in_progress.discard(pointer)
            ref = AliasRef(name, module, target)
            self.definitions[name] = AliasDef(
                name, module, pointer, target, str(schema.get("description", ""))
            )
        else:
            if pointer in self._aliases_in_progress:  # recursion through items or a map's values
                self.warnings.append(f"{pointer}: a type that contains itself is typed Any inside")
                return ANY
            self._aliases_in_progress.add(pointer)
            try:
                ref = self._non_null(core, pointer, hint)
            finally:
                self._aliases_in_progress.discard(pointer)
        result = Nullable(ref) if nullable else ref
        self.named[pointer] = result
        return result

    # -- classification ---------------------------------------------------------

    def _split_null(self, schema: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
        """(nullable?, the schema without its null alternative). go-swagger's `x-nullable: true`
        (Swagger 2.0 specs such as Docker's) means what `nullable: true` means."""
        nullable = schema.get("nullable") is True or schema.get("x-nullable") is True
        core = schema
        kind = schema.get("type")
        if isinstance(kind, list) and "null" in kind:
            rest = [k for k in kind if k != "null"]
            core = {**schema, "type": rest[0] if len(rest) == 1 else rest}
            if not rest:
                core.pop("type")
            nullable = True
        if kind == "null":
            return True, {}
        if isinstance(schema.get("enum"), list) and None in schema["enum"]:
            core = {**core, "enum": [v for v in schema["enum"] if v is not None]}
            nullable = True
            if not core["enum"]:
                core.pop("enum")
        for key in ("oneOf", "anyOf"):
            variants = core.get(key)
            if isinstance(variants, list):
                kept = [v for v in variants if not self._is_null(v)]
                if len(kept) < len(variants):
                    nullable = True
                    core = {**core, key: kept}
                    if len(kept) == 1 and not self._has_shape(core, key):
                        core = {k: v for k, v in core.items() if k != key}
                        core = {**kept[0], **core} if "$ref" not in kept[0] else kept[0]
        return nullable, core

    def _is_null(self, schema: Any) -> bool:
        schema = self.resolve(schema)
        return isinstance(schema, dict) and (
            schema.get("type") == "null" or schema.get("enum") == [None]
        )

    @staticmethod
    def _has_shape(schema: dict[str, Any], skip: str) -> bool:
        shape = {"properties", "items", "allOf", "oneOf", "anyOf", "enum", "type", "const"}
        return any(k in schema for k in shape - {skip})

    @staticmethod
    def _required_groups(schema: dict[str, Any]) -> list[list[str]] | None:
        """The lists of an anyOf/oneOf made only of `required` lists (an "at least one of")."""
        for key in ("anyOf", "oneOf"):
            parts = schema.get(key)
            if (
                isinstance(parts, list)
                and parts
                and all(isinstance(p, dict) and set(p) == {"required"} for p in parts)
            ):
                return [list(p["required"]) for p in parts]
        return None

    def _is_model(self, schema: dict[str, Any]) -> bool:
        if "allOf" in schema:
            return self._object_all_of(schema)
        if schema.get("properties"):
            return bool(schema.get("type", "object") == "object")
        return False

    def _object_all_of(self, schema: dict[str, Any], budget: int = 64) -> bool:
        """Whether an allOf (or one of its parts, at any depth) describes an object."""
        if budget <= 0:
            return True
        if schema.get("properties") or schema.get("type") == "object":
            return True
        if "additionalProperties" in schema or "required" in schema:
            return True
        for part in schema.get("allOf") or []:
            try:
                part = self.resolve(part)
            except (KeyError, UnsupportedSchema):
                return True
            if isinstance(part, dict) and self._object_all_of(part, budget - 1):
                return True
        return False

    def _merged_primitive(self, schema: dict[str, Any], pointer: str) -> dict[str, Any]:
        """An allOf of schemas that are not objects, as one schema (the first value of each
        keyword wins; `true` parts add nothing)."""
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        for i, part in enumerate(schema["allOf"]):
            if part is False:
                raise UnsupportedSchema(
                    pointer_join(pointer, "allOf", i), "the schema `false` admits no value at all"
                )
            part = self.resolve(part)
            if not isinstance(part, dict):
                continue
            for key, value in part.items():
                merged.setdefault(key, value)
        return merged

    # -- building -----------------------------------------------------------

    def _distributed(self, schema: dict[str, Any], pointer: str) -> dict[str, Any]:
        """`allOf` beside `oneOf`/`anyOf` as the union of the allOf with each variant:
        `{allOf: [B], oneOf: [C, D]}` is `{oneOf: [{allOf: [B, C]}, {allOf: [B, D]}]}`."""
        key = next((k for k in ("oneOf", "anyOf") if isinstance(schema.get(k), list)), None)
        if key is None or "allOf" not in schema or self._required_groups(schema):
            return schema
        if isinstance(schema.get("discriminator"), dict):
            self.warnings.append(
                f"{pointer_join(pointer, 'discriminator')}: a discriminator beside allOf and"
                f" {key} is not used; the variants are told apart by their shape"
            )
        kept = ("description", "title", "deprecated", "readOnly", "writeOnly", "example")
        shared = {k: v for k, v in schema.items() if k not in (key, "discriminator", *kept)}
        variants = [
            {**shared, "allOf": [*schema["allOf"], variant]}
            for variant in schema[key]
            if variant is not False
        ]
        return {**{k: v for k, v in schema.items() if k in kept}, key: variants}

    def _non_null(self, schema: dict[str, Any], pointer: str, hint: str) -> TypeExpr:
        if "$ref" in schema:
            return self._ref(schema, pointer)
        schema = self._distributed(schema, pointer)
        if "allOf" in schema:
            parts = schema["allOf"]
            plain = {k for k in schema if k not in ("allOf", "description", "title", "nullable")}
            if len(parts) == 1 and not plain and not any(k.startswith("x-") for k in plain):
                return self.type_of(parts[0], pointer_join(pointer, "allOf", 0), hint)
            if not self._object_all_of(schema):
                return self.type_of(self._merged_primitive(schema, pointer), pointer, hint)
        if "const" in schema:
            return LiteralType((schema["const"],))
        if "enum" in schema:
            values = tuple(v for v in schema["enum"] if v is not None)
            return LiteralType(values) if values else ANY
        for key in ("oneOf", "anyOf"):
            if key in schema and not (self._is_model(schema) and self._required_groups(schema)):
                return self._union(schema, key, pointer, hint)
        if self._is_model(schema):
            name, module = self._claim(hint)
            ref = ModelRef(name, module)
            self._queue.append((ref, schema, pointer, name))
            return ref
        return self._by_type(schema, pointer, hint)

    def _by_type(self, schema: dict[str, Any], pointer: str, hint: str) -> TypeExpr:
        kind = schema.get("type")
        if isinstance(kind, list):
            variants = tuple(self._by_type({**schema, "type": k}, pointer, hint) for k in kind)
            return UnionType(variants)
        if kind is None:
            if "items" in schema:
                kind = "array"
            elif "properties" in schema or "additionalProperties" in schema:
                kind = "object"
            else:
                return ANY
        limits = self._checked_pattern(constraints_of(schema, self.version), pointer)
        if kind == "string":
            return Primitive(_FORMATS.get(str(schema.get("format")), "str"), schema.get("format"), limits)  # type: ignore[arg-type]
        if kind == "integer":
            return Primitive("int", schema.get("format"), limits)
        if kind == "number":
            return Primitive("float", schema.get("format"), limits)
        if kind == "boolean":
            return Primitive("bool")
        if kind == "array":
            if schema.get("items") is False:  # no item is valid: the array is empty
                return ArrayType(ANY, Constraints(**{**dict(limits.items()), "max_items": 0}))
            item = self.type_of(
                schema.get("items", {}), pointer_join(pointer, "items"), hint + "Item"
            )
            return ArrayType(item, limits)
        if kind == "object":
            extra = schema.get("additionalProperties", True)
            if extra is False:  # no key is allowed
                return MapType(ANY, Constraints(**{**dict(limits.items()), "max_properties": 0}))
            value = (
                ANY
                if extra in (True, False, {})
                else self.type_of(
                    extra, pointer_join(pointer, "additionalProperties"), hint + "Value"
                )
            )
            return MapType(value, limits)
        raise UnsupportedSchema(pointer, f"unknown type {kind!r}")

    def _checked_pattern(self, limits: Constraints, pointer: str) -> Constraints:
        """The pattern in Python's dialect; a super-linear one is left unchecked, with a warning."""
        if limits.pattern is None:
            return limits
        translated = ecma_to_python(str(limits.pattern))
        if super_linear(translated):
            self.warnings.append(
                f"{pointer_join(pointer, 'pattern')}: pattern {limits.pattern!r} could take the"
                " client's regular expression engine super-linear time; it is not checked"
            )
            return replace(limits, pattern=None, unchecked_pattern=str(limits.pattern))
        return replace(limits, pattern=translated)

    def _union(self, schema: dict[str, Any], key: str, pointer: str, hint: str) -> TypeExpr:
        variants = tuple(
            self.type_of(v, pointer_join(pointer, key, i), f"{hint}Variant{i + 1}")
            for i, v in enumerate(schema[key])
            if v is not False  # admits nothing: adds nothing to the union
        )
        if not variants:
            return ANY
        if len(variants) == 1:
            return variants[0]
        disc = schema.get("discriminator")
        if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
            at = pointer_join(pointer, "discriminator", "mapping")
            mapping = tuple(
                (str(value), self.type_of({"$ref": _mapping_ref(ref, at)}, at, hint))
                for value, ref in sorted((disc.get("mapping") or {}).items())
            )
            if "defaultMapping" in disc:  # OpenAPI 3.2: for an absent or unmapped value
                at = pointer_join(pointer, "discriminator", "defaultMapping")
                default = self.type_of({"$ref": _mapping_ref(disc["defaultMapping"], at)}, at, hint)
                variants = (default, *(v for v in variants if v != default))
            return UnionType(variants, disc["propertyName"], mapping)
        return UnionType(variants)

    def _merged(
        self, schema: dict[str, Any], pointer: str
    ) -> tuple[dict[str, Any], list[str], Any]:
        """Properties, required names and additionalProperties of an allOf, merged."""
        properties: dict[str, Any] = {}
        required: list[str] = []
        extra: Any = schema.get("additionalProperties", True)
        for i, part in enumerate(schema.get("allOf", [])):
            if part is True:
                continue
            if part is False:
                raise UnsupportedSchema(
                    pointer_join(pointer, "allOf", i), "the schema `false` admits no value at all"
                )
            part = self.resolve(part)
            if not isinstance(part, dict):
                raise UnsupportedSchema(
                    pointer_join(pointer, "allOf", i), "allOf part is not a schema"
                )
            _, part = self._split_null(part)
            props, req, part_extra = self._merged(part, pointer_join(pointer, "allOf", i))
            properties.update(props)
            required += [r for r in req if r not in required]
            if part_extra is False:
                extra = False
        for name, prop in (schema.get("properties") or {}).items():
            properties[name] = (pointer_join(pointer, "properties", name), prop)
        required += [r for r in schema.get("required", []) if r not in required]
        return properties, required, extra

    def _build_model(self, ref: ModelRef, schema: dict[str, Any], pointer: str, name: str) -> None:
        properties, required, extra = self._merged(schema, pointer)
        namer = Namer(RESERVED_MEMBER_NAMES)
        fields = []
        for wire, (prop_pointer, prop) in properties.items():
            if prop is False:  # the property may never be present
                continue
            resolved = self.resolve(prop) if isinstance(prop, dict) else {}
            flags = dict(resolved) if isinstance(resolved, dict) else {}
            if isinstance(prop, dict) and "$ref" in prop:
                flags.update({k: v for k, v in prop.items() if k != "$ref"})  # siblings win
            fields.append(
                Property(
                    wire_name=wire,
                    py_name=namer.claim(snake_name(wire)),
                    type=self.type_of(prop, prop_pointer, name + class_name(wire)),
                    required=wire in required,
                    pointer=prop_pointer,
                    description=str(flags.get("description", "")),
                    default=flags.get("default"),
                    has_default="default" in flags,
                    read_only=flags.get("readOnly") is True,
                    write_only=flags.get("writeOnly") is True,
                    deprecated=flags.get("deprecated") is True,
                    xml=value_name(flags, self.resolve, wire),
                )
            )
        extra_type = None
        if isinstance(extra, dict) and extra:
            extra_type = self.type_of(
                extra, pointer_join(pointer, "additionalProperties"), name + "Value"
            )
        py_names = {p.wire_name: p.py_name for p in fields}
        groups = self._required_groups(schema) or []
        required_any = tuple(tuple(py_names[w] for w in group if w in py_names) for group in groups)
        model = ModelDef(
            name=ref.name,
            module=ref.module,
            pointer=pointer,
            properties=tuple(fields),
            description=str(schema.get("description", "")),
            closed=extra is False,
            extra=extra_type,
            deprecated=schema.get("deprecated") is True,
            required_any=tuple(g for g in required_any if g),
            xml=model_name(schema, _component_name(pointer) or ref.name),
        )
        self.definitions[ref.name] = model
        self.models[ref.name] = model
