"""examples/runtime_checks.py: IR types as the runtime's descriptors and models, and the
runtime's own answer to "does the client accept this value"."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from leadgen.emit.pytypes import descriptor
from leadgen.examples.runtime_checks import RuntimeChecks, parse_datetime
from leadgen.examples.samples import Samples
from leadgen.model.ir import (
    AliasRef,
    ArrayType,
    Constraints,
    Example,
    LiteralType,
    MapType,
    ModelDef,
    ModelRef,
    Nullable,
    Operation,
    Parameter,
    Primitive,
    Property,
    RequestBody,
    TypeExpr,
    UnionType,
)
from leadgen.templates.runtime import _types as rt
from leadgen.testgen.values import ArgumentValues


def rules(**kwargs: Any) -> Constraints:
    return Constraints(**kwargs)


def prop(
    name: str,
    t: TypeExpr,
    required: bool = False,
    *,
    read_only: bool = False,
    write_only: bool = False,
) -> Property:
    pointer = f"/properties/{name}"
    return Property(name, name, t, required, pointer, read_only=read_only, write_only=write_only)


def model(name: str, *props: Property, **options: Any) -> ModelDef:
    return ModelDef(name, name.lower(), f"/components/schemas/{name}", props, **options)


PET = model(
    "Pet",
    prop("id", Primitive("int"), True, read_only=True),
    prop("name", Primitive("str", None, rules(min_length=1)), True),
    prop("secret", Primitive("str"), True, write_only=True),
    prop("born", Primitive("datetime")),
    prop("friend", ModelRef("Pet", "pet")),
)
CLOSED = model("Closed", prop("x", Primitive("int")), closed=True)
TYPED_EXTRA = model("TypedExtra", prop("x", Primitive("int")), extra=Primitive("date"))
CONTACT = model(
    "Contact",
    prop("email", Primitive("str")),
    prop("phone", Primitive("str")),
    prop("note", Primitive("str")),
    required_any=(("email",), ("phone",)),
)
CAT = model("Cat", prop("kind", LiteralType(("cat",)), True), prop("claws", Primitive("bool")))
DOG = model("Dog", prop("kind", LiteralType(("dog",)), True), prop("barks", Primitive("bool")))
MODELS = {m.name: m for m in (PET, CLOSED, TYPED_EXTRA, CONTACT, CAT, DOG)}

UUID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
ANIMAL = UnionType(
    (ModelRef("Cat", "cat"), ModelRef("Dog", "dog")),
    "kind",
    (("cat", ModelRef("Cat", "cat")), ("dog", ModelRef("Dog", "dog"))),
)


@pytest.fixture
def checks() -> RuntimeChecks:
    return RuntimeChecks(dict(MODELS))


# --- each IR type maps to the runtime descriptor the generated code declares ---------


DECLARED = [
    Primitive("str", "email", rules(min_length=0, max_length=5, pattern="^a$")),
    Primitive("int", None, rules(minimum=0, exclusive_maximum=10, multiple_of=2)),
    Primitive("float", None, rules(exclusive_minimum=0.5, maximum=1.5)),
    Primitive("bool"),
    Primitive("datetime"),
    Primitive("date"),
    Primitive("uuid"),
    Primitive("binary"),
    Primitive("any"),
    LiteralType(("a", 1, True)),
    ArrayType(Primitive("int"), rules(min_items=1, max_items=3, unique_items=True)),
    MapType(Nullable(Primitive("str")), rules(min_properties=0, max_properties=2)),
    ModelRef("Pet", "pet"),
    AliasRef("Animal", "animal", ANIMAL),
    UnionType((Primitive("int"), ArrayType(ModelRef("Cat", "cat")))),
    Nullable(ANIMAL),
]


@pytest.mark.parametrize("t", DECLARED, ids=repr)
def test_a_response_descriptor_equals_the_one_the_generated_code_declares(
    checks: RuntimeChecks, t: TypeExpr
) -> None:
    def ref(module: str, name: str) -> rt.TypeDesc:
        return checks.descriptor(ModelRef(name, module.removeprefix("models.")), "response")

    namespace = {name: getattr(rt, name) for name in rt.__all__} | {"Ref": ref}
    assert checks.descriptor(t, "response") == eval(descriptor(t), namespace)


def test_descriptors_and_model_classes_are_made_once_per_side(checks: RuntimeChecks) -> None:
    t = ArrayType(ModelRef("Pet", "pet"))
    assert checks.descriptor(t, "request") is checks.descriptor(
        ArrayType(ModelRef("Pet", "pet")), "request"
    )
    request, response = checks.model_class("Pet", "request"), checks.model_class("Pet", "response")
    assert request is checks.model_class("Pet", "request")
    assert request is not response
    assert issubclass(request, rt.Model) and issubclass(response, rt.Model)


def test_model_classes_carry_the_definition(checks: RuntimeChecks) -> None:
    pet = checks.model_class("Pet", "response")
    assert [(f.py_name, f.wire_name, f.required, f.access) for f in pet.__fields__] == [
        ("id", "id", True, "read"),
        ("name", "name", True, ""),
        ("secret", "secret", True, "write"),
        ("born", "born", False, ""),
        ("friend", "friend", False, ""),
    ]
    assert checks.model_class("Closed", "request").__closed__
    assert checks.model_class("TypedExtra", "request").__extra__ == rt.Date()
    assert checks.model_class("Contact", "request").__required_any__ == (("email",), ("phone",))
    built = pet(name="Rex")  # type: ignore[call-arg]  # a class made at run time
    assert built.to_dict() == {"name": "Rex"} and built.additional_properties == {}


# --- request values: what `validate` accepts -----------------------------------------

FITS: list[tuple[TypeExpr, list[Any], list[Any]]] = [
    (
        Primitive("str", None, rules(min_length=2, max_length=3, pattern="^[a-z]+$")),
        ["ab", "abc"],
        ["a", "abcd", "AB", "ab\n", 12, None],
    ),
    (
        Primitive("int", None, rules(minimum=1, exclusive_maximum=10, multiple_of=3)),
        [3, 6, 9],
        [0, 10, 4, 3.0, True, "3"],
    ),
    (
        Primitive("float", None, rules(exclusive_minimum=0, maximum=1, multiple_of=0.1)),
        [0.3, 1, 0.1],
        [0, 1.1, 0.25, float("nan"), False, 10**400],
    ),
    (Primitive("bool"), [True, False], [1, 0, "true", None]),
    (
        Primitive("datetime"),
        ["2024-01-15T10:30:00Z", "2024-01-15T10:30:00.123456789+0130", "2024-01-15"],
        ["2024-13-01T00:00:00Z", "not-a-date-time", 1705314600],
    ),
    (Primitive("date"), ["2024-01-15"], ["2024-02-30", "", 20240115]),
    (Primitive("uuid"), [UUID, UUID.upper(), UUID.replace("-", "")], ["not-a-uuid", 42]),
    (Primitive("binary"), ["", "raw"], [1, [1]]),
    (Primitive("any"), [None, 1, "x", [], {}], []),
    (LiteralType(("a", 1, True)), ["a", 1, True], ["b", 2, False, 1.5, None]),
    (LiteralType((1,)), [1, 1.0], [True]),
    (
        ArrayType(Primitive("int"), rules(min_items=1, max_items=2, unique_items=True)),
        [[1], [1, 2]],
        [[], [1, 2, 3], [1, 1], [1, "2"], {"0": 1}, "1"],
    ),
    (
        ArrayType(MapType(Primitive("int")), rules(unique_items=True)),
        [[{"a": 1}, {"a": 2}]],
        [[{"a": 1, "b": 2}, {"b": 2, "a": 1}]],  # JSON equality: key order does not count
    ),
    (
        MapType(Primitive("int"), rules(min_properties=1, max_properties=1)),
        [{"a": 1}],
        [{}, {"a": 1, "b": 2}, {"a": "1"}, [["a", 1]]],
    ),
    (Nullable(Primitive("int")), [None, 1], ["1"]),
    (AliasRef("Small", "small", Primitive("int", None, rules(maximum=1))), [1], [2]),
    (
        UnionType((Primitive("int", None, rules(minimum=5)), Primitive("str"))),
        [5, "3"],
        [3, None],
    ),
    (ANIMAL, [{"kind": "cat", "claws": True}, {"kind": "dog"}], [{"kind": "cow"}, {}]),
    (
        ModelRef("Pet", "pet"),
        [
            {"name": "Rex", "secret": "s"},
            {"name": "Rex", "secret": "s", "id": 1, "born": "2024-01-15T10:30:00Z"},
            {"name": "Rex", "secret": "s", "extra": [1]},
            {"name": "Rex", "secret": "s", "friend": {"name": "Max", "secret": "t"}},
        ],
        [
            {"name": "Rex"},  # a write-only property is still required in a request
            {"secret": "s"},
            {"name": "", "secret": "s"},
            {"name": "Rex", "secret": "s", "id": "1"},
            {"name": "Rex", "secret": "s", "friend": {"name": "Max"}},
            {"name": "Rex", "secret": "s", "born": "yesterday"},
            [],
        ],
    ),
    (ModelRef("Closed", "closed"), [{}, {"x": 1}], [{"x": 1, "y": 2}]),
    (ModelRef("TypedExtra", "typedextra"), [{"when": "2024-01-15"}], [{"when": "soon"}]),
    (
        ModelRef("Contact", "contact"),
        [{"email": "e"}, {"phone": "p", "note": "n"}],
        [{}, {"note": "n"}],
    ),
    (ModelRef("Unknown", "unknown"), [{}, {"any": [1]}], [[], "x", None]),
]


@pytest.mark.parametrize(("t", "accepted", "refused"), FITS, ids=lambda x: repr(x)[:60])
def test_fits_is_the_runtime_validate(
    checks: RuntimeChecks, t: TypeExpr, accepted: list[Any], refused: list[Any]
) -> None:
    assert [v for v in accepted if not checks.fits(t, v)] == []
    assert [v for v in refused if checks.fits(t, v)] == []


def test_a_union_value_is_built_as_the_first_variant_it_fits(checks: RuntimeChecks) -> None:
    t = UnionType((ModelRef("Closed", "closed"), ModelRef("Contact", "contact")))
    desc = checks.descriptor(t, "request")
    built = rt.deserialize(desc, {"phone": "p"})  # parses as Closed, fits only Contact
    assert type(built) is checks.model_class("Contact", "request")
    assert checks.fits(t, {"phone": "p"}) and checks.fits(t, {"x": 1})
    assert not checks.fits(t, {"x": 1, "y": 2})


# --- response values: what `deserialize` accepts --------------------------------------

PARSES: list[tuple[TypeExpr, list[Any], list[Any]]] = [
    (Primitive("int", None, rules(minimum=10)), [1, 2.0], [2.5, True, "1"]),
    (Primitive("float"), [1, 1.5], [True, "1.5", 10**400]),
    (Primitive("str", None, rules(max_length=1, pattern="^x$")), ["abc"], [1, None]),
    (LiteralType(("a", "b")), ["a", "z"], [1, None]),
    (Primitive("datetime"), ["2024-01-15T10:30:00Z"], ["later", 0]),
    (ArrayType(Primitive("int"), rules(min_items=5)), [[], [1]], [["1"], {}]),
    (
        ModelRef("Pet", "pet"),
        [{"id": 1, "name": "Rex"}, {"id": 1, "name": "", "other": 1}],
        [{"name": "Rex"}, {"id": 1}, {"id": 1, "name": "Rex", "born": "later"}],
    ),
    (ModelRef("Closed", "closed"), [{"x": 1, "y": 2}], [{"x": "1"}]),
    (ModelRef("TypedExtra", "typedextra"), [{"when": "2024-01-15"}], [{"when": "soon"}]),
    (ANIMAL, [{"kind": "dog", "barks": True}, {"kind": "cow"}], [{"kind": "cat", "claws": 1}]),
]


@pytest.mark.parametrize(("t", "accepted", "refused"), PARSES, ids=lambda x: repr(x)[:60])
def test_parses_is_the_runtime_deserialize(
    checks: RuntimeChecks, t: TypeExpr, accepted: list[Any], refused: list[Any]
) -> None:
    assert [v for v in accepted if not checks.parses(t, v)] == []
    assert [v for v in refused if checks.parses(t, v)] == []


def test_parse_datetime_reads_as_the_runtime_does() -> None:
    utc = datetime.timezone.utc
    assert parse_datetime("2024-01-15T10:30:00Z") == datetime.datetime(
        2024, 1, 15, 10, 30, tzinfo=utc
    )
    assert parse_datetime("2024-01-15T10:30:00.1234567z") == datetime.datetime(
        2024, 1, 15, 10, 30, 0, 123456, tzinfo=utc
    )
    assert parse_datetime("2024-01-15 10:30:00+0200") == rt.deserialize(
        rt.DateTime(), "2024-01-15T10:30:00+02:00"
    )
    assert parse_datetime("not a date-time") is None


# --- example values are only ever ones the runtime accepts -----------------------------


def test_a_union_sample_skips_a_variant_whose_value_the_runtime_refuses() -> None:
    impossible = Primitive("int", None, rules(minimum=5, maximum=4))
    samples = Samples({})
    value = samples.value(UnionType((impossible, Primitive("str"))))
    assert value == "abc123"
    assert not samples.fits(impossible, samples.value(impossible))


def test_source_builds_a_union_value_as_the_variant_the_runtime_accepts() -> None:
    samples = Samples(dict(MODELS))
    t = UnionType((ModelRef("Closed", "closed"), ModelRef("Contact", "contact")))
    assert samples.source(t, {"phone": "p"}) == 'models.Contact(phone="p")'
    assert samples.source(t, {"x": 1}) == "models.Closed(x=1)"


def test_examples_the_runtime_refuses_are_never_chosen() -> None:
    count = Parameter(
        "count",
        "count",
        "query",
        Primitive("int", None, rules(minimum=1)),
        True,
        "/p",
        examples=(Example("zero", 0), Example("float", 2.0), Example("ok", 3)),
    )
    body = RequestBody(
        "application/json",
        ArrayType(MapType(Primitive("int")), rules(unique_items=True)),
        True,
        "/b",
        examples=(
            Example("reordered", [{"a": 1, "b": 2}, {"b": 2, "a": 1}]),
            Example("distinct", [{"a": 1}, {"a": 2}]),
        ),
    )
    op = Operation("put", "put", "PUT", "/things", "/o", parameters=(count,), body=body)
    sets, left_out = ArgumentValues(Samples({})).argument_sets(op)
    assert [(name, values) for name, values, _ in sets] == [
        ("distinct", {"count": 3, "body": [{"a": 1}, {"a": 2}]}),
        ("synthesised", {"count": 1, "body": [{}]}),
    ]
    assert left_out == ["Example 'reordered' is left out: it does not fit the request schema."]


def test_fits_answers_again_as_it_first_did_telling_alike_values_apart(
    checks: RuntimeChecks,
) -> None:
    t = UnionType((Primitive("int"), ArrayType(Primitive("int"))))
    values: list[Any] = [1, 1.0, True, [1], [1.0], [True], {"a": 1}]
    first = [checks.fits(t, v) for v in values]
    again = [checks.fits(t, v) for v in reversed(values)][::-1]
    fresh = [RuntimeChecks(checks.models).fits(t, v) for v in values]
    assert first == again == fresh
    assert first[:2] == [True, False] and first[3:5] == [True, False]
