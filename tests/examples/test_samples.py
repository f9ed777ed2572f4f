"""generator/samples.py: values that fit their schema (patterns included), deterministically."""

from __future__ import annotations

import re

import pytest
from leadgen.emit.literals import py_str
from leadgen.examples.patterns import compiles, matches, regex_sample
from leadgen.examples.samples import Repeat, Samples, Verbatim
from leadgen.model.ir import (
    ArrayType,
    Constraints,
    LiteralType,
    MapType,
    ModelDef,
    ModelRef,
    Primitive,
    Property,
)
from leadgen.templates.runtime._types import Str
from leadgen.testgen.wire import request_schema

PATTERNS = [
    r"^[0-9a-z]+$",
    r"^[A-Z]{2}-\d{4}$",
    r"^\+?[1-9]\d{1,14}$",
    r"^(foo|bar)-\d{3}$",
    r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$",
    r"^(ab)+\1$",
    r"^lead_[0-9a-f]{16}$",
    r"^[\w.-]{3,}$",
    r"^(?:[01]\d|2[0-3]):[0-5]\d$",
    r"^v\d+(\.\d+){2}(-[a-z]+)?$",
    r"\d",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_regex_sample_matches(pattern: str) -> None:
    text = regex_sample(pattern)
    assert text is not None and re.search(pattern, text)


@pytest.mark.parametrize(
    ("pattern", "lo", "hi"),
    [(r"^[a-z]+$", 12, None), (r"^[a-z]{3,5}$", 4, 4), (r"\d", 6, 8), (r"^x*$", 0, 0)],
)
def test_regex_sample_meets_length_bounds(pattern: str, lo: int, hi: int | None) -> None:
    text = regex_sample(pattern, lo, hi)
    assert text is not None and re.search(pattern, text)
    assert lo <= len(text) <= (hi if hi is not None else len(text))


@pytest.mark.parametrize(
    ("pattern", "lo", "hi"),
    [
        (r"^(?=.*\d)[a-z]+$", 0, None),
        (r"^[a-z]{3,5}$", 10, None),
        (r"^\p{L}+$", 0, None),
        (r"^a$", 2, None),
    ],
)
def test_regex_sample_gives_up_cleanly(pattern: str, lo: int, hi: int | None) -> None:
    assert regex_sample(pattern, lo, hi) is None


def test_ecma_dollar_does_not_match_before_a_final_newline() -> None:
    assert matches(r"^a$", "a") and not matches(r"^a$", "a\n")
    assert matches(r"^[$]$", "$")


def test_a_pattern_the_runtime_cannot_compile_is_not_checked() -> None:
    assert not compiles(r"^\p{L}+$") and compiles(r"^\w+$")
    assert matches(r"^\p{L}+$", "123")
    Str(pattern=r"^\p{L}+$").validate("123", "")  # the runtime skips it too: no error


def constrained(**rules: object) -> Constraints:
    return Constraints(**rules)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "t",
    [
        Primitive("str", None, constrained(pattern=r"^[A-Z]{3}\d{2}$")),
        Primitive("str", None, constrained(min_length=30, max_length=31)),
        Primitive("str", "email", constrained(max_length=40)),
        Primitive("int", None, constrained(exclusive_minimum=10, multiple_of=7)),
        Primitive("int", None, constrained(minimum=-5, maximum=-3)),
        Primitive("float", None, constrained(minimum=0, exclusive_maximum=1)),
        Primitive("float", None, constrained(exclusive_minimum=2.5, maximum=3, multiple_of=0.25)),
        ArrayType(Primitive("str"), constrained(min_items=3, unique_items=True)),
        ArrayType(LiteralType(("a", "b")), constrained(min_items=2, unique_items=True)),
        MapType(Primitive("int"), constrained(min_properties=2)),
    ],
    ids=repr,
)
def test_synthesised_values_fit(t: object) -> None:
    samples = Samples({})
    value = samples.value(t)  # type: ignore[arg-type]
    assert samples.fits(t, value), value  # type: ignore[arg-type]
    assert value == Samples({}).value(t)  # type: ignore[arg-type]  # deterministic


def test_optional_fields_whose_pattern_cannot_be_met_are_left_out() -> None:
    model = ModelDef(
        "Thing",
        "thing",
        "/components/schemas/Thing",
        (
            Property(
                "code",
                "code",
                Primitive("str", None, constrained(pattern=r"^[a-f]{4}$")),
                True,
                "/c",
            ),
            Property(
                "hint",
                "hint",
                Primitive("str", None, constrained(pattern=r"^(?=.*\d)[a-z]+$")),
                False,
                "/h",
            ),
            Property("note", "note", Primitive("str"), False, "/n"),
        ),
    )
    samples = Samples({"Thing": model})
    value = samples.value(ModelRef("Thing", "thing"), optional=True)
    assert value == {"code": "aaaa", "note": "abc123"}
    assert samples.fits(ModelRef("Thing", "thing"), value)


def test_source_writes_long_and_raw_values_compactly() -> None:
    samples = Samples({})
    assert (
        samples.source(ArrayType(Primitive("str")), Repeat("x", 2001)) == f"[{py_str('x')}] * 2001"
    )
    assert samples.source(Primitive("str"), Repeat("a", 41, text=True)) == f"{py_str('a')} * 41"
    assert samples.source(Primitive("uuid"), Verbatim("not-a-uuid")) == py_str("not-a-uuid")
    assert samples.source(Primitive("datetime"), "2024-01-16T14:30:00.000Z") == (
        f"datetime.datetime.fromisoformat({py_str('2024-01-16T14:30:00+00:00')})"
    )
    assert samples.used == {"datetime"}


def test_a_long_run_of_compound_items_is_a_call_black_splits_like_the_layout_helpers() -> None:
    """`[{...}] * 2001` would leave a line black splits at the operator; `list(itertools.repeat(
    ...))` is a call, laid out in black's form (and the test module imports itertools)."""
    samples = Samples({})
    value = Repeat({"platformId": "<string>", "data": {}}, 2001)
    source = samples.source(ArrayType(Primitive("any")), value)
    assert source == (
        "list(itertools.repeat("
        f"{{{py_str('platformId')}: {py_str('<string>')}, {py_str('data')}: {{}}}}, 2001))"
    )
    assert samples.used == {"itertools"}


def test_request_schema_keeps_constraints_and_closes_models() -> None:
    model = ModelDef(
        "Node",
        "node",
        "/n",
        (
            Property(
                "name", "name", Primitive("str", "email", constrained(max_length=5)), True, "/a"
            ),
            Property("id", "id", Primitive("int"), True, "/b", read_only=True),
            Property("children", "children", ArrayType(ModelRef("Node", "node")), False, "/c"),
        ),
        closed=True,
    )
    schema = request_schema(ModelRef("Node", "node"), {"Node": model})
    assert schema["$ref"] == "#/$defs/Node"
    node = schema["$defs"]["Node"]
    assert node["required"] == ["name"]  # read-only properties are not sent
    assert node["additionalProperties"] is False
    assert node["properties"]["name"] == {"type": "string", "format": "email", "maxLength": 5}
    assert node["properties"]["children"]["items"] == {
        "$ref": "#/$defs/Node"
    }  # recursion by reference
