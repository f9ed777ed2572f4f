"""Runtime ``_types``: sentinel, models, (de)serialisation and validation."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import pickle
import re
import types
import uuid
from typing import Any

import pytest

UTC = datetime.timezone.utc

PET_JSON: dict[str, Any] = {
    "petId": 7,
    "name": "Rex",
    "status": "available",
    "bornAt": "2024-05-01T12:30:00Z",
    "owner": {"ownerId": 3, "nickname": None, "since": 2020},
    "tags": [{"label": "good", "weight": 5}, {"label": "loud"}],
    "scores": {"speed": 1.5, "size": 2.0},
    "color": "brown",
}


# --- sentinel ----------------------------------------------------------------------


def test_unset_is_a_falsy_singleton(rt: types.SimpleNamespace) -> None:
    unset = rt.types.UNSET
    assert not unset
    assert repr(unset) == "UNSET"
    assert isinstance(unset, rt.types.Unset)
    assert copy.copy(unset) is unset
    assert copy.deepcopy(unset) is unset
    assert pickle.loads(pickle.dumps(unset)) is unset


def test_model_dataclass_shape(rt: types.SimpleNamespace) -> None:
    names = [f.name for f in dataclasses.fields(rt.pet.Pet)]
    assert names[:2] == ["pet_id", "name"]
    assert "__fields__" not in names
    assert "__closed__" not in names
    assert names[-1] == "additional_properties"
    pet = rt.pet.Pet(name="a", pet_id=1)  # keyword-only, any order
    pet.name = "b"  # mutable
    assert pet == rt.pet.Pet(pet_id=1, name="b")


# --- deserialisation ---------------------------------------------------------------


def test_round_trip(rt: types.SimpleNamespace) -> None:
    pet = rt.pet.Pet.from_dict(copy.deepcopy(PET_JSON))
    assert pet.pet_id == 7
    assert pet.born_at == datetime.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    assert isinstance(pet.owner, rt.pet.Owner)
    assert pet.owner.nickname is None
    assert pet.owner.additional_properties == {"since": 2020}
    assert [t.label for t in pet.tags] == ["good", "loud"]
    assert pet.tags[1].weight is rt.types.UNSET
    assert pet.scores == {"speed": 1.5, "size": 2.0}
    assert pet.additional_properties == {"color": "brown"}
    assert pet.to_dict() == PET_JSON


def test_absent_vs_null_vs_value(rt: types.SimpleNamespace) -> None:
    owner = rt.pet.Owner
    assert owner(owner_id=1).to_dict() == {"ownerId": 1}
    assert owner(owner_id=1, nickname=None).to_dict() == {
        "ownerId": 1,
        "nickname": None,
    }
    assert owner(owner_id=1, nickname="x").to_dict() == {"ownerId": 1, "nickname": "x"}
    assert owner.from_dict({"ownerId": 1}).nickname is rt.types.UNSET
    assert owner.from_dict({"ownerId": 1, "nickname": None}).nickname is None


def test_unknown_enum_value_and_fields_are_kept(rt: types.SimpleNamespace) -> None:
    data = {"petId": 1, "name": "a", "status": "adopted", "extra": {"x": [1]}}
    pet = rt.pet.Pet.from_dict(data)
    assert pet.status == "adopted"
    assert pet.additional_properties == {"extra": {"x": [1]}}
    assert pet.to_dict() == data


def test_declared_fields_win_over_additional_properties(
    rt: types.SimpleNamespace,
) -> None:
    owner = rt.pet.Owner(owner_id=1, additional_properties={"ownerId": 9, "x": 1})
    assert owner.to_dict() == {"ownerId": 1, "x": 1}


@pytest.mark.parametrize(
    ("data", "path", "fragment"),
    [
        ([], "", "expected object, got array"),
        ({"name": "a"}, "/petId", "required property is missing"),
        ({"petId": "1", "name": "a"}, "/petId", "expected integer, got string"),
        ({"petId": True, "name": "a"}, "/petId", "expected integer, got boolean"),
        ({"petId": 1, "name": None}, "/name", "expected string, got null"),
        ({"petId": 1, "name": "a", "status": 3}, "/status", "expected string"),
        (
            {"petId": 1, "name": "a", "bornAt": "yesterday"},
            "/bornAt",
            "invalid date-time",
        ),
        (
            {"petId": 1, "name": "a", "owner": {"ownerId": 1.5}},
            "/owner/ownerId",
            "integer",
        ),
        (
            {"petId": 1, "name": "a", "tags": [{"label": "a"}, {}]},
            "/tags/1/label",
            "missing",
        ),
        ({"petId": 1, "name": "a", "tags": {"label": "a"}}, "/tags", "expected array"),
        ({"petId": 1, "name": "a", "scores": {"a/b": "x"}}, "/scores/a~1b", "number"),
    ],
)
def test_type_mismatch_raises_with_path(
    rt: types.SimpleNamespace, data: object, path: str, fragment: str
) -> None:
    with pytest.raises(rt.errors.ResponseValidationError) as info:
        rt.pet.Pet.from_dict(data)
    assert info.value.path == path
    assert fragment in info.value.message
    assert info.value.response is None


def test_integral_float_is_an_integer(rt: types.SimpleNamespace) -> None:
    assert rt.pet.Pet.from_dict({"petId": 2.0, "name": "a"}).pet_id == 2


def test_typed_additional_properties(rt: types.SimpleNamespace) -> None:
    assert rt.pet.Counters.from_dict({"a": 1}).additional_properties == {"a": 1}
    with pytest.raises(rt.errors.ResponseValidationError) as info:
        rt.pet.Counters.from_dict({"a": 1, "b": "x"})
    assert info.value.path == "/b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T12:30:00Z", datetime.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)),
        ("2024-05-01t12:30:00z", datetime.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)),
        (
            "2024-05-01T12:30:00.5+02:00",
            datetime.datetime(
                2024,
                5,
                1,
                12,
                30,
                0,
                500000,
                datetime.timezone(datetime.timedelta(hours=2)),
            ),
        ),
        (
            "2024-05-01T12:30:00.123456789Z",
            datetime.datetime(2024, 5, 1, 12, 30, 0, 123456, tzinfo=UTC),
        ),
        (
            "2024-05-01T12:30:00-0130",
            datetime.datetime(
                2024,
                5,
                1,
                12,
                30,
                tzinfo=datetime.timezone(-datetime.timedelta(minutes=90)),
            ),
        ),
        ("2024-05-01T12:30:00", datetime.datetime(2024, 5, 1, 12, 30)),
    ],
)
def test_datetime_parsing(
    rt: types.SimpleNamespace, text: str, expected: datetime.datetime
) -> None:
    parsed = rt.types.deserialize(rt.types.DateTime(), text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


def test_datetime_serialisation(rt: types.SimpleNamespace) -> None:
    ser = rt.types.serialize
    dt = rt.types.DateTime()
    assert ser(dt, datetime.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)) == "2024-05-01T12:30:00Z"
    assert (
        ser(dt, datetime.datetime(2024, 5, 1, 12, 30, 0, 1500, tzinfo=UTC))
        == "2024-05-01T12:30:00.001500Z"
    )
    plus2 = datetime.timezone(datetime.timedelta(hours=2))
    assert ser(dt, datetime.datetime(2024, 5, 1, tzinfo=plus2)) == "2024-05-01T00:00:00+02:00"
    assert ser(rt.types.Date(), datetime.date(2024, 2, 29)) == "2024-02-29"


def test_scalar_formats(rt: types.SimpleNamespace) -> None:
    t = rt.types
    value = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert t.deserialize(t.Uuid(), str(value)) == value
    assert t.serialize(t.Uuid(), value) == str(value)
    assert t.deserialize(t.Date(), "2024-02-29") == datetime.date(2024, 2, 29)
    assert t.deserialize(t.Float(), 3) == 3.0
    assert t.deserialize(t.AnyT(), {"a": [None]}) == {"a": [None]}
    assert t.deserialize(t.Nullable(t.Int()), None) is None
    for desc, bad in [(t.Uuid(), "nope"), (t.Date(), "2024-13-01"), (t.Bool(), 0)]:
        with pytest.raises(t.ResponseValidationError):
            t.deserialize(desc, bad)


def test_lit_accepts_unknown_values_of_the_same_type_only(
    rt: types.SimpleNamespace,
) -> None:
    t = rt.types
    assert t.deserialize(t.Lit(("a", "b")), "zzz") == "zzz"
    assert t.deserialize(t.Lit((1, 2)), 3) == 3
    with pytest.raises(t.ResponseValidationError):
        t.deserialize(t.Lit(("a", "b")), 1)
    with pytest.raises(t.ResponseValidationError):
        t.deserialize(t.Lit((1, 2)), True)


def test_union_uses_discriminator_then_variants(rt: types.SimpleNamespace) -> None:
    t, pet = rt.types, rt.pet
    assert isinstance(t.deserialize(pet.ANIMAL, {"kind": "dog", "good": True}), pet.Dog)
    assert isinstance(t.deserialize(pet.ANIMAL, {"kind": "cat"}), pet.Cat)
    with pytest.raises(t.ResponseValidationError) as info:
        t.deserialize(pet.ANIMAL, {"kind": "dog"})  # mapped variant is authoritative
    assert info.value.path == "/good"
    plain = t.Union((t.Int(), t.Str()))
    assert t.deserialize(plain, "x") == "x"
    with pytest.raises(t.ResponseValidationError, match="none of the allowed"):
        t.deserialize(plain, [1])
    assert t.serialize(pet.ANIMAL, pet.Cat(kind="cat", lives=9)) == {
        "kind": "cat",
        "lives": 9,
    }


def test_repr_shows_set_fields(rt: types.SimpleNamespace) -> None:
    pet = rt.pet.Pet(pet_id=1, name="a", owner=None, additional_properties={"x": 1})
    assert repr(pet) == "Pet(pet_id=1, name='a', owner=None, additional_properties={'x': 1})"


# --- validation --------------------------------------------------------------------


def _cases(t: Any, pet: Any) -> list[tuple[Any, Any, str]]:
    """(descriptor, bad value, expected error path) for every validation rule."""
    tag = pet.Tag
    return [
        (t.Str(), 5, "v"),
        (t.Str(min_length=2), "a", "v"),
        (t.Str(max_length=2), "abc", "v"),
        (t.Str(pattern=r"^\d+$"), "12a", "v"),
        (t.Int(), True, "v"),
        (t.Int(), 1.0, "v"),
        (t.Int(minimum=1), 0, "v"),
        (t.Int(maximum=1), 2, "v"),
        (t.Int(exclusive_minimum=1), 1, "v"),
        (t.Int(exclusive_maximum=1), 1, "v"),
        (t.Int(multiple_of=3), 4, "v"),
        (t.Float(), "1", "v"),
        (t.Float(), float("nan"), "v"),
        (t.Float(multiple_of=0.1), 0.35, "v"),
        (t.Float(minimum=0.5), 0.25, "v"),
        (t.Bool(), 1, "v"),
        (t.DateTime(), "2024-01-01", "v"),
        (t.Date(), datetime.datetime(2024, 1, 1), "v"),
        (t.Uuid(), "12345678-1234-5678-1234", "v"),
        (t.Binary(), 5, "v"),
        (t.Lit(("a", "b")), "c", "v"),
        (t.Lit((1,)), True, "v"),
        (t.Str(), None, "v"),
        (t.Arr(t.Int()), "ab", "v"),
        (t.Arr(t.Int(), min_items=2), [1], "v"),
        (t.Arr(t.Int(), max_items=1), [1, 2], "v"),
        (t.Arr(t.Float(), unique_items=True), [1, 2, 1.0], "v[2]"),
        (
            t.Arr(t.AnyT(), unique_items=True),
            [{"a": 1, "b": 2}, {"b": 2, "a": 1}],
            "v[1]",
        ),
        (t.Arr(t.Str(max_length=1)), ["a", "bb"], "v[1]"),
        (t.Map(t.Int()), {"a": "x"}, "v['a']"),
        (t.Map(t.Int(), min_properties=1), {}, "v"),
        (t.Map(t.Int(), max_properties=1), {"a": 1, "b": 2}, "v"),
        (t.Nullable(t.Int(minimum=0)), -1, "v"),
        (t.Union((t.Int(), t.Str())), 1.5, "v"),
        (t.Ref("models.pet", "Tag"), {"label": "a"}, "v"),
        (t.Ref("models.pet", "Tag"), tag(label="ABC"), "v.label"),
        (t.Ref("models.pet", "Tag"), tag(label="ab", weight=7), "v.weight"),
        (
            t.Ref("models.pet", "Tag"),
            tag(label="ab", additional_properties={"x": 1}),
            "v",
        ),
        (
            t.Ref("models.pet", "Counters"),
            pet.Counters(additional_properties={"a": "1"}),
            "v['a']",
        ),
        (
            t.Ref("models.pet", "Pet"),
            pet.Pet(pet_id=1, name="a", tags=[tag(label="ok"), tag(label="")]),
            "v.tags[1].label",
        ),
        (
            t.Ref("models.pet", "Pet"),
            pet.Pet(pet_id=1, name="a", owner=pet.Owner(owner_id="1")),
            "v.owner.ownerId",
        ),
        (
            t.Ref("models.pet", "Pet"),
            pet.Pet(pet_id=1, name="a", tags=[tag(label="a")] * 2),
            "v.tags[1]",
        ),
        (
            t.Ref("models.pet", "Pet"),
            pet.Pet(pet_id=1, name="a", status="adopted"),
            "v.status",
        ),
    ]


def test_every_validation_rule(rt: types.SimpleNamespace) -> None:
    t = rt.types
    for desc, value, path in _cases(t, rt.pet):
        with pytest.raises(t.RequestValidationError) as info:
            t.validate(desc, value, "v")
        assert info.value.path == path, (desc, value, info.value)
        assert isinstance(info.value, ValueError)


def test_required_field_missing(rt: types.SimpleNamespace) -> None:
    t = rt.types
    pet = rt.pet.Pet(pet_id=1, name="a")
    pet.name = t.UNSET  # e.g. after dataclasses.replace / manual edits
    with pytest.raises(t.RequestValidationError, match="is required") as info:
        t.validate(t.Ref("models.pet", "Pet"), pet, "body")
    assert info.value.path == "body.name"


def test_valid_values_pass(rt: types.SimpleNamespace) -> None:
    t, pet = rt.types, rt.pet
    ok: list[tuple[Any, Any]] = [
        (t.Float(multiple_of=0.1), 0.3),
        (t.Int(multiple_of=5, minimum=0), 10),
        (t.Nullable(t.Int()), None),
        (t.Lit((1, None)), None),
        (t.Str(pattern="b"), "abc"),  # search, not match
        (t.Str(pattern="("), "x"),  # uncompilable pattern: check skipped
        (t.Arr(t.AnyT(), unique_items=True), [1, True, "1"]),  # JSON: 1 != true
        (t.Union((t.Int(), t.Str())), "x"),
        (t.Binary(), b"\x00"),
        (t.AnyT(), object()),
        (
            t.Ref("models.pet", "Pet"),
            pet.Pet(
                pet_id=1,
                name="a",
                owner=None,
                born_at=datetime.datetime.now(tz=UTC),
                tags=[pet.Tag(label="a", weight=10)],
                scores={"x": 0},
                additional_properties={"anything": [1]},
            ),
        ),
    ]
    for desc, value in ok:
        t.validate(desc, value, "v")


def test_validation_of_2000_items_compiles_the_pattern_once(
    rt: types.SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = rt.types
    desc = t.Arr(t.Str(min_length=1, max_length=36, pattern=r"^[a-z0-9-]+$"), max_items=5000)
    values = [f"platform-{i}" for i in range(2000)] + ["BAD"]
    compiled: list[str] = []
    compile_ = re.compile

    def counting(pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        compiled.append(pattern)
        return compile_(pattern, flags)

    t._regex.cache_clear()
    monkeypatch.setattr(t.re, "compile", counting)
    with pytest.raises(t.RequestValidationError) as info:
        t.validate(desc, values, "body.platformIds")
    assert info.value.path == "body.platformIds[2000]"
    assert str(info.value) == "body.platformIds[2000]: must match pattern '^[a-z0-9-]+$'"
    assert compiled == [r"^[a-z0-9-]+\Z"]  # once for the 2,001 items, not once per item
