"""Friendly inputs: uuid, date and date-time strings, and the format checks."""

from __future__ import annotations

import datetime
import types
import uuid
from collections.abc import Iterator

import pytest

UID = "12345678-1234-5678-1234-567812345678"


@pytest.fixture
def t(rt: types.SimpleNamespace) -> Iterator[types.ModuleType]:
    token = rt.types.CHECK_FORMATS.set(True)
    yield rt.types
    rt.types.CHECK_FORMATS.reset(token)


def check(t: types.ModuleType, desc: object, value: object) -> object:
    t.validate(desc, value, "x")
    return t.serialize(desc, value)


def test_uuid_takes_the_type_or_a_valid_string(t: types.ModuleType) -> None:
    assert check(t, t.Uuid(), uuid.UUID(UID)) == UID
    assert check(t, t.Uuid(), UID.upper()) == UID  # normalised
    assert check(t, t.Uuid(), UID.replace("-", "")) == UID
    with pytest.raises(t.RequestValidationError, match="x: invalid uuid"):
        check(t, t.Uuid(), "not-a-uuid")
    with pytest.raises(t.RequestValidationError, match="a UUID or uuid string"):
        check(t, t.Uuid(), 7)


def test_date_takes_the_type_or_a_valid_string(t: types.ModuleType) -> None:
    assert check(t, t.Date(), datetime.date(2024, 2, 29)) == "2024-02-29"
    assert check(t, t.Date(), "2024-02-29") == "2024-02-29"
    for bad in ("2023-02-29", "20240229", "2024-02-29T00:00:00Z", "soon"):
        with pytest.raises(t.RequestValidationError, match="x: invalid date"):
            check(t, t.Date(), bad)


def test_date_time_takes_the_type_or_a_valid_string(t: types.ModuleType) -> None:
    utc = datetime.timezone.utc
    assert check(t, t.DateTime(), datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=utc)) == (
        "2024-01-02T03:04:05Z"
    )
    for good in ("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.123+02:00"):
        assert check(t, t.DateTime(), good) == good  # sent as given
    for bad in ("2024-01-02", "2024-01-02T03:04:05", "2024-13-02T03:04:05Z", "now"):
        with pytest.raises(t.RequestValidationError, match="x: invalid date-time"):
            check(t, t.DateTime(), bad)


def test_email_and_uri_formats_are_checked(t: types.ModuleType) -> None:
    assert check(t, t.Str(format="email"), "ada@example.com") == "ada@example.com"
    assert check(t, t.Str(format="uri"), "https://a.io/x?y=1") == "https://a.io/x?y=1"
    for bad in ("ada", "ada@", "@example.com", "a b@example.com", "ada@example."):
        with pytest.raises(t.RequestValidationError, match="x: invalid email"):
            check(t, t.Str(format="email"), bad)
    for bad in ("a.io/x", "https://a b", ""):
        with pytest.raises(t.RequestValidationError, match="x: invalid uri"):
            check(t, t.Str(format="uri"), bad)


def test_format_checks_can_be_turned_off(t: types.ModuleType) -> None:
    t.CHECK_FORMATS.set(False)
    assert check(t, t.Str(format="email"), "ada") == "ada"
    assert check(t, t.Uuid(), "not-a-uuid") == "not-a-uuid"
    assert check(t, t.Date(), "soon") == "soon"
    assert check(t, t.DateTime(), "now") == "now"
    with pytest.raises(t.RequestValidationError):
        check(t, t.Uuid(), 7)  # still a type error
