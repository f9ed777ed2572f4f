"""Property test of the body synthesiser: for random satisfiable schemas, every value made
validates against its schema (jsonschema's own Draft 2020-12 validator, formats checked),
leaves writeOnly properties out and puts readOnly ones in.

Schemas are drawn together with a value they accept (bounds around a number, lengths
around a pattern's text, a multipleOf that divides the number), so each is satisfiable;
they combine formats, patterns, enums, const, bounds, lengths, arrays with uniqueItems,
objects with required and additionalProperties, nullable types, allOf, anyOf, and
oneOf with a discriminator beside allOf, through `$ref`s to components.
"""

from __future__ import annotations

import itertools
import json
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from leadgen.mock.schemas import SchemaBook
from leadgen.mock.synth import Synthesizer
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

Schema = dict[str, Any]

# (pattern, shortest and longest text it matches)
PATTERNS = [
    ("^[a-z]{3,8}$", 3, 8),
    ("^[A-Z][0-9]{2}-[a-z]+$", 5, 40),
    (r"^\d{4}-\d{2}$", 7, 7),
    ("^(cat|dog|bird)s?$", 3, 5),
    ("^[0-9A-F]{15}$", 15, 15),
    (r"^[a-z][a-z0-9-]{1,15}$", 2, 16),
    ("^x+y$", 2, 30),
    ("^(?!admin)[a-z]{5}$", 5, 5),
]
FORMATS = ["date", "date-time", "uuid", "ipv4", "ipv6"]
PADDABLE_FORMATS = ["email", "uri", "hostname"]
WORDS = st.text(alphabet="abcdefghij", min_size=1, max_size=6)


class Components:
    """The components a drawn schema refers to, named c0, c1, ..."""

    def __init__(self) -> None:
        self.schemas: dict[str, Schema] = {}
        self._names = itertools.count()

    def add(self, schema: Schema) -> Schema:
        name = f"c{next(self._names)}"
        self.schemas[name] = schema
        return {"$ref": f"#/components/schemas/{name}"}


@st.composite
def strings(draw: st.DrawFn) -> Schema:
    kind = draw(st.sampled_from(["plain", "pattern", "format", "paddable", "enum"]))
    if kind == "pattern":
        pattern, low, high = draw(st.sampled_from(PATTERNS))
        schema: Schema = {"type": "string", "pattern": pattern}
        if draw(st.booleans()):
            schema["minLength"] = draw(st.integers(0, high))
        if draw(st.booleans()):
            schema["maxLength"] = draw(st.integers(max(low, schema.get("minLength", 0)), high + 5))
        return schema
    if kind == "format":
        return {"type": "string", "format": draw(st.sampled_from(FORMATS))}
    if kind == "paddable":
        schema = {"type": "string", "format": draw(st.sampled_from(PADDABLE_FORMATS))}
        if draw(st.booleans()):
            schema["minLength"] = draw(st.integers(0, 40))
        return schema
    if kind == "enum":
        return {"type": "string", "enum": draw(st.lists(WORDS, min_size=1, max_size=4))}
    low = draw(st.integers(0, 12))
    schema = {"type": "string"}
    if low:
        schema["minLength"] = low
    if draw(st.booleans()):
        schema["maxLength"] = low + draw(st.integers(0, 6))
    return schema


@st.composite
def numbers(draw: st.DrawFn) -> Schema:
    integer = draw(st.booleans())
    multiple = draw(st.sampled_from([1, 2, 5, 7]) if integer else st.sampled_from([0.5, 0.25, 1]))
    witness = draw(st.integers(-50, 50)) * multiple
    schema: Schema = {"type": "integer" if integer else "number"}
    if draw(st.booleans()):
        schema["multipleOf"] = multiple
    if draw(st.booleans()):
        below = draw(st.integers(0, 20))
        if below and draw(st.booleans()):
            schema["exclusiveMinimum"] = witness - below
        else:
            schema["minimum"] = witness - below
    if draw(st.booleans()):
        above = draw(st.integers(0, 20))
        if above and draw(st.booleans()):
            schema["exclusiveMaximum"] = witness + above
        else:
            schema["maximum"] = witness + above
    if integer and draw(st.booleans()):
        schema["format"] = draw(st.sampled_from(["int32", "int64"]))
    return schema


def scalars() -> st.SearchStrategy[Schema]:
    return st.one_of(
        strings(),
        numbers(),
        st.just({"type": "boolean"}),
        st.just({"type": "null"}),
        st.builds(lambda v: {"const": v}, st.one_of(WORDS, st.integers(-5, 5))),
    )


@st.composite
def objects(draw: st.DrawFn, children: st.SearchStrategy[Schema], closed: bool = True) -> Schema:
    names = draw(st.lists(WORDS, min_size=1, max_size=4, unique=True))
    properties: dict[str, Schema] = {}
    required: list[str] = []
    for name in names:
        child = dict(draw(children))
        flag = draw(st.sampled_from([None, None, None, "readOnly", "writeOnly"]))
        if flag is not None:
            child[flag] = True
        properties[name] = child
        if flag != "writeOnly" and draw(st.booleans()):
            required.append(name)
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    if closed and draw(st.booleans()):
        schema["additionalProperties"] = False
    readable = [n for n in names if properties[n].get("writeOnly") is not True]
    if draw(st.booleans()):  # a response cannot reach more than its readable properties
        schema["minProperties"] = draw(st.integers(0, len(readable)))
    return schema


@st.composite
def arrays(draw: st.DrawFn, children: st.SearchStrategy[Schema]) -> Schema:
    low = draw(st.integers(0, 3))
    schema: Schema = {"type": "array", "minItems": low, "maxItems": low + draw(st.integers(0, 3))}
    if draw(st.booleans()):
        schema["items"] = {"type": draw(st.sampled_from(["string", "integer"]))}
        schema["uniqueItems"] = True
    else:
        schema["items"] = draw(children)
        if low == 0:
            schema["uniqueItems"] = draw(st.booleans())
    return schema


@st.composite
def nullable(draw: st.DrawFn, children: st.SearchStrategy[Schema]) -> Schema:
    schema = dict(draw(children))
    if isinstance(schema.get("type"), str):
        schema["type"] = [schema["type"], "null"]
    return schema


@st.composite
def union_with_all_of(draw: st.DrawFn, components: Components, children: Any) -> Schema:
    """allOf of object parts beside a oneOf of tagged variants, with a discriminator."""
    tags = draw(st.lists(WORDS, min_size=1, max_size=3, unique=True))
    variants = []
    mapping = {}
    for tag in tags:
        variant = draw(objects(children, closed=False))
        variant["properties"] = {
            f"v_{k}": v for k, v in variant["properties"].items() if k != "kind"
        }
        variant["properties"]["kind"] = {"type": "string", "enum": [tag]}
        variant["required"] = ["kind", *(f"v_{r}" for r in variant.get("required", []))]
        ref = components.add(variant)
        variants.append(ref)
        mapping[tag] = ref["$ref"]
    parts = []
    for i in range(draw(st.integers(1, 2))):
        part = draw(objects(children, closed=False))
        part["properties"] = {f"p{i}_{k}": v for k, v in part["properties"].items()}
        part["required"] = [f"p{i}_{r}" for r in part.get("required", [])] or []
        if not part["required"]:
            del part["required"]
        parts.append(components.add(part) if draw(st.booleans()) else part)
    return {
        "allOf": parts,
        "oneOf": variants,
        "discriminator": {"propertyName": "kind", "mapping": mapping},
    }


def all_of(parts: list[Schema]) -> Schema:
    """allOf of object schemas, their property names kept apart."""
    for i, part in enumerate(parts):
        part["properties"] = {f"p{i}_{k}": v for k, v in part["properties"].items()}
        if "required" in part:
            part["required"] = [f"p{i}_{r}" for r in part["required"]]
    return {"allOf": parts}


@st.composite
def any_of(draw: st.DrawFn, children: st.SearchStrategy[Schema]) -> Schema:
    return {"anyOf": draw(st.lists(children, min_size=1, max_size=3))}


@st.composite
def one_of_types(draw: st.DrawFn) -> Schema:
    """oneOf of schemas of different types, so that a value matches exactly one."""
    kinds = draw(st.lists(st.sampled_from(["string", "integer", "boolean", "object"]), min_size=1, max_size=3, unique=True))  # fmt: skip
    return {"oneOf": [{"type": k} for k in kinds]}


@st.composite
def documents(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    components = Components()
    children = st.recursive(
        scalars(),
        lambda inner: st.one_of(
            objects(inner), arrays(inner), nullable(inner), any_of(inner), one_of_types()
        ),
        max_leaves=6,
    )
    root = draw(
        st.one_of(
            children,
            union_with_all_of(components, children),
            st.builds(components.add, objects(children)),
            st.builds(all_of, st.lists(objects(children, closed=False), min_size=1, max_size=2)),
        )
    )
    components.schemas["root"] = root
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": components.schemas},
    }
    return document, "/components/schemas/root"


def violations(document: dict[str, Any], pointer: str, value: Any) -> list[str]:
    registry: Registry = Registry().with_resource(
        "urn:doc", Resource.from_contents(document, default_specification=DRAFT202012)
    )
    validator = Draft202012Validator(
        {"$ref": "urn:doc#" + pointer}, registry=registry, format_checker=FormatChecker()
    )
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(value)]


def root_of(document: dict[str, Any]) -> Any:
    return document["components"]["schemas"]


def flagged(document: dict[str, Any], schema: Schema, flag: str) -> set[str]:
    """Names of the top-level properties of `schema` (through one $ref) marked `flag`."""
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return {
        name
        for name, sub in (schema.get("properties") or {}).items()
        if isinstance(sub, dict) and sub.get(flag) is True
    }


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents(), st.integers(0, 2**32))
def test_every_synthesised_value_validates(drawn: tuple[dict[str, Any], str], seed: int) -> None:
    document, pointer = drawn
    synth = Synthesizer(SchemaBook(document))
    fixed = synth.value(pointer)
    assert violations(document, pointer, fixed) == [], json.dumps([root_of(document), fixed])
    fresh = synth.value(pointer, random.Random(seed))
    assert violations(document, pointer, fresh) == [], json.dumps([root_of(document), fresh])
    root = document["components"]["schemas"]["root"]
    for value in (fixed, fresh):
        if isinstance(value, dict):
            assert not flagged(document, root, "writeOnly") & set(value), (document, value)
    if isinstance(fixed, dict):
        assert flagged(document, root, "readOnly") <= set(fixed), json.dumps(
            [root_of(document), fixed]
        )
