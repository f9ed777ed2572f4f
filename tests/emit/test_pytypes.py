"""pytypes: annotations and runtime descriptors from IR type expressions."""

from __future__ import annotations

from leadgen.emit.pytypes import annotation, descriptor
from leadgen.model.ir import (
    ArrayType,
    Constraints,
    LiteralType,
    MapType,
    ModelRef,
    Nullable,
    Primitive,
    UnionType,
)

STR, INT = Primitive("str"), Primitive("int")


def test_nullable_members_of_a_union_give_one_none() -> None:
    t = UnionType((Nullable(STR), Nullable(INT), Nullable(ArrayType(STR))))
    assert annotation(t) == "str | int | list[str] | None"


def test_literal_members_are_merged_and_deduplicated() -> None:
    t = Nullable(UnionType((LiteralType(("a", "b")), STR, LiteralType(("b", "c")))))
    assert annotation(t) == 'Literal["a", "b", "c"] | str | None'


def test_any_absorbs_a_union() -> None:
    assert annotation(UnionType((STR, Primitive("any")))) == "Any"


def test_shadowed_builtins_are_qualified() -> None:
    t = MapType(ArrayType(INT))
    assert annotation(t, frozenset({"list", "dict"})) == "builtins.dict[str, builtins.list[int]]"


def test_descriptor_keeps_constraints_including_zero() -> None:
    t = ArrayType(
        Primitive("int", constraints=Constraints(minimum=0)), Constraints(min_items=0, max_items=3)
    )
    assert descriptor(t) == "Arr(Int(minimum=0), min_items=0, max_items=3)"


def test_descriptor_of_a_model_reference_is_lazy() -> None:
    assert descriptor(Nullable(ModelRef("Lead", "lead"))) == 'Nullable(Ref("models.lead", "Lead"))'


def test_import_and_export_order_is_natural_like_ruffs_isort() -> None:
    from leadgen.emit.render import by_module, isorted

    names = ["Variant10", "UNSET", "Variant2", "helper", "Variant1"]
    assert isorted(names) == ["UNSET", "Variant1", "Variant2", "Variant10", "helper"]
    refs = {"B10": "rule_variant_10", "B2": "rule_variant_2", "A": "rule"}
    assert [module for _, module in by_module(refs)] == [
        "rule",
        "rule_variant_2",
        "rule_variant_10",
    ]
