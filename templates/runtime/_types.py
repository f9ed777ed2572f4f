"""Wire-type descriptors, the ``Model`` base class and (de)serialisation.

A descriptor (``Str()``, ``Arr(Int())``, ``Ref("models.pet", "Pet")``, ...) describes
one JSON schema. It converts values in both directions and validates request values:

* ``serialize(t, value)``: Python value -> JSON-able value.
* ``deserialize(t, value, path)``: JSON value -> Python value; strict about types,
  lenient about constraints; raises ``ResponseValidationError``.
* ``deserialize_tolerant(t, value)``: the same, but a value of the wrong type is kept
  as received and a missing required property reads as ``UNSET``; each such problem
  is listed (``ValidationProblem``) instead of raised.
* ``validate(t, value, path)``: checks a request value against every constraint;
  raises ``RequestValidationError``.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime
import decimal
import enum
import functools
import importlib
import json
import math
import re
import uuid
from collections.abc import Mapping
from typing import Any, ClassVar, Final, Literal, TypeVar

from ._errors import RequestValidationError, ResponseValidationError
from ._files import FileInput, is_file_input
from ._xml import Xml

__all__ = [
    "UNSET",
    "AnyT",
    "Arr",
    "Binary",
    "Bool",
    "Date",
    "DateTime",
    "Field",
    "FileInput",
    "Float",
    "Int",
    "Lit",
    "Map",
    "Model",
    "Nullable",
    "Ref",
    "Str",
    "TypeDesc",
    "Union",
    "Unset",
    "Uuid",
    "ValidationProblem",
    "Xml",
    "deserialize",
    "deserialize_tolerant",
    "serialize",
    "validate",
]

_ROOT: Final = __name__.rpartition(".")[0]  # the generated package
M = TypeVar("M", bound="Model")
JSONScalar = str | int | float | bool | None


class Unset(enum.Enum):
    """Type of ``UNSET``: "not given / absent", as opposed to ``None`` (JSON null)."""

    UNSET = "UNSET"

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final[Unset] = Unset.UNSET


@dataclasses.dataclass(frozen=True, slots=True)
class ValidationProblem:
    """Where a response body departs from its schema: ``path`` is a JSON pointer into
    the body ("" is the root), ``message`` says what is wrong (never the value)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message}"


# The problems of the response being read tolerantly; None: read strictly (raise).
_PROBLEMS: contextvars.ContextVar[list[ValidationProblem] | None] = (
    contextvars.ContextVar("_PROBLEMS", default=None)
)


def _read(t: TypeDesc, value: Any, path: str) -> Any:
    """``t.deserialize``; when reading tolerantly, a mismatch is recorded and the
    value kept as received."""
    problems = _PROBLEMS.get()
    if problems is None:
        return t.deserialize(value, path)
    try:
        return t.deserialize(value, path)
    except ResponseValidationError as exc:
        problems.append(ValidationProblem(exc.path, exc.message))
        return value


# --- helpers ---------------------------------------------------------------------


def _kind(value: object) -> str:
    """JSON type name of a value, for messages and enum/uniqueness checks."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def _ptr(path: str, key: str | int) -> str:
    """Append one JSON-pointer token."""
    return path + "/" + str(key).replace("~", "~0").replace("/", "~1")


def _mismatch(path: str, expected: str, value: object) -> ResponseValidationError:
    return ResponseValidationError(path, f"expected {expected}, got {_kind(value)}")


def _wrong_type(path: str, expected: str, value: object) -> RequestValidationError:
    return RequestValidationError(
        path, f"must be {expected}, got {type(value).__name__}"
    )


def _check_size(path: str, n: int, lo: int | None, hi: int | None, unit: str) -> None:
    if lo is not None and n < lo:
        raise RequestValidationError(path, f"must have at least {lo} {unit}")
    if hi is not None and n > hi:
        raise RequestValidationError(path, f"must have at most {hi} {unit}")


def _ecma_anchors(pattern: str) -> str:
    """ECMA-262 `$` (JSON Schema's) ends the text; Python's also matches before a newline."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
    return "".join(out)


@functools.lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str] | None:
    """Compiled pattern, or None if Python cannot compile it (check skipped)."""
    try:
        return re.compile(_ecma_anchors(pattern))
    except re.error:
        return None


def _is_multiple(value: float, step: float) -> bool:
    if isinstance(value, int) and isinstance(step, int):
        return value % step == 0
    try:  # decimal arithmetic: 0.3 is a multiple of 0.1
        return decimal.Decimal(repr(value)) % decimal.Decimal(repr(step)) == 0
    except decimal.InvalidOperation:
        quotient = value / step
        return math.isfinite(quotient) and quotient == int(quotient)


_FRACTION = re.compile(r"\.(\d+)")
_COMPACT_OFFSET = re.compile(r"([+-]\d\d)(\d\d)$")


def _parse_datetime(text: str) -> datetime.datetime:
    """ISO-8601 / RFC 3339 parsing that behaves the same on Python 3.10+."""
    s = text.strip()
    if s[-1:] in ("Z", "z"):
        s = s[:-1] + "+00:00"
    s = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), s, count=1)
    s = _COMPACT_OFFSET.sub(r"\1:\2", s)
    return datetime.datetime.fromisoformat(s)


# Whether request strings are checked against their format (uuid, date, date-time,
# email, uri): on unless the client was made with ``validate_formats=False``.
CHECK_FORMATS: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "CHECK_FORMATS", default=True
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})\Z"
)
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\Z")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+\Z")


def _format_error(path: str, value: str, fmt: str) -> RequestValidationError:
    return RequestValidationError(path, f"invalid {fmt}: {value!r}")


def _check_string(path: str, value: str, fmt: str) -> None:
    """Check a request string against ``fmt`` (when format checks are on)."""
    if not CHECK_FORMATS.get():
        return
    ok = True
    try:
        if fmt == "uuid":
            uuid.UUID(value)
        elif fmt == "date":
            ok = bool(_DATE.match(value)) and bool(datetime.date.fromisoformat(value))
        elif fmt == "date-time":
            ok = bool(_DATE_TIME.match(value)) and bool(_parse_datetime(value))
        elif fmt == "email":
            ok = bool(_EMAIL.match(value))
        elif fmt == "uri":
            ok = bool(_URI.match(value))
    except ValueError:
        ok = False
    if not ok:
        raise _format_error(path, value, fmt)


def _format_datetime(value: datetime.datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _to_jsonable(value: Any) -> Any:
    """Serialise a value whose schema is unknown (AnyT, unions, extra properties)."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {k: _to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_jsonable(v) for v in value]
    if isinstance(value, datetime.datetime):
        return _format_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _unique_key(value: Any) -> object:
    """Hashable key with JSON equality semantics (1 == 1.0, True != 1)."""
    if value is None or isinstance(value, (str, int, float)):
        return (_kind(value), value)
    return json.dumps(_to_jsonable(value), sort_keys=True, default=repr)


# --- descriptors -----------------------------------------------------------------


class TypeDesc:
    """Base class of wire-type descriptors."""

    __slots__ = ()

    def serialize(self, value: Any) -> Any:
        """Python value -> JSON-able value."""
        return value

    def deserialize(self, value: Any, path: str) -> Any:
        """JSON value -> Python value; raises ResponseValidationError."""
        return value

    def validate(self, value: Any, path: str) -> None:
        """Check a request value; raises RequestValidationError."""


@dataclasses.dataclass(frozen=True, slots=True)
class Str(TypeDesc):
    """``type: string``."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    format: str | None = None  # "email" or "uri": checked before sending

    def deserialize(self, value: Any, path: str) -> Any:
        if isinstance(value, str):
            return value
        raise _mismatch(path, "string", value)

    def validate(self, value: Any, path: str) -> None:
        if not isinstance(value, str):
            raise _wrong_type(path, "a string", value)
        _check_size(path, len(value), self.min_length, self.max_length, "characters")
        if self.format is not None:
            _check_string(path, value, self.format)
        if self.pattern is not None:
            regex = _regex(self.pattern)
            if regex is not None and regex.search(value) is None:
                raise RequestValidationError(
                    path, f"must match pattern {self.pattern!r}"
                )


@dataclasses.dataclass(frozen=True, slots=True)
class _Number(TypeDesc):
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None

    def _check_bounds(self, value: float, path: str) -> None:
        if self.minimum is not None and value < self.minimum:
            raise RequestValidationError(path, f"must be >= {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise RequestValidationError(path, f"must be <= {self.maximum}")
        if self.exclusive_minimum is not None and value <= self.exclusive_minimum:
            raise RequestValidationError(path, f"must be > {self.exclusive_minimum}")
        if self.exclusive_maximum is not None and value >= self.exclusive_maximum:
            raise RequestValidationError(path, f"must be < {self.exclusive_maximum}")
        if self.multiple_of is not None and not _is_multiple(value, self.multiple_of):
            raise RequestValidationError(
                path, f"must be a multiple of {self.multiple_of}"
            )


@dataclasses.dataclass(frozen=True, slots=True)
class Int(_Number):
    """``type: integer`` (``bool`` is not an integer)."""

    def deserialize(self, value: Any, path: str) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)  # JSON Schema: 1.0 is an integer
        raise _mismatch(path, "integer", value)

    def validate(self, value: Any, path: str) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise _wrong_type(path, "an integer", value)
        self._check_bounds(value, path)


@dataclasses.dataclass(frozen=True, slots=True)
class Float(_Number):
    """``type: number``."""

    def deserialize(self, value: Any, path: str) -> Any:
        if isinstance(value, float):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return float(value)
            except OverflowError:
                pass
        raise _mismatch(path, "number", value)

    def validate(self, value: Any, path: str) -> None:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise _wrong_type(path, "a number", value)
        if not math.isfinite(value):
            raise RequestValidationError(path, "must be a finite number")
        self._check_bounds(value, path)


@dataclasses.dataclass(frozen=True, slots=True)
class Bool(TypeDesc):
    """``type: boolean``."""

    def deserialize(self, value: Any, path: str) -> Any:
        if isinstance(value, bool):
            return value
        raise _mismatch(path, "boolean", value)

    def validate(self, value: Any, path: str) -> None:
        if not isinstance(value, bool):
            raise _wrong_type(path, "a boolean", value)


@dataclasses.dataclass(frozen=True, slots=True)
class DateTime(TypeDesc):
    """``format: date-time`` <-> ``datetime.datetime`` (UTC is sent as ``...Z``)."""

    def serialize(self, value: Any) -> Any:
        if isinstance(value, datetime.datetime):
            return _format_datetime(value)
        return value  # a string: sent as given

    def deserialize(self, value: Any, path: str) -> Any:
        if isinstance(value, str):
            try:
                return _parse_datetime(value)
            except ValueError:
                raise ResponseValidationError(path, "invalid date-time") from None
        raise _mismatch(path, "date-time string", value)

    def validate(self, value: Any, path: str) -> None:
        if isinstance(value, str):
            _check_string(path, value, "date-time")
        elif not isinstance(value, datetime.datetime):
            raise _wrong_type(path, "a datetime or date-time string", value)


@dataclasses.dataclass(frozen=True, slots=True)
class Date(TypeDesc):
    """``format: date`` <-> ``datetime.date``."""

    def serialize(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime.date) else value

    def deserialize(self, value: Any, path: str) -> Any:
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                raise ResponseValidationError(path, "invalid date") from None
        raise _mismatch(path, "date string", value)

    def validate(self, value: Any, path: str) -> None:
        if isinstance(value, str):
            _check_string(path, value, "date")
        elif not isinstance(value, datetime.date) or isinstance(
            value, datetime.datetime
        ):
            raise _wrong_type(path, "a date or date string", value)


@dataclasses.dataclass(frozen=True, slots=True)
class Uuid(TypeDesc):
    """``format: uuid`` <-> ``uuid.UUID``."""

    def serialize(self, value: Any) -> Any:
        if isinstance(value, str) and CHECK_FORMATS.get():
            try:
                return str(uuid.UUID(value))  # normalised: lower case, dashes
            except ValueError:
                return value
        return str(value) if isinstance(value, uuid.UUID) else value

    def deserialize(self, value: Any, path: str) -> Any:
        if isinstance(value, str):
            try:
                return uuid.UUID(value)
            except ValueError:
                raise ResponseValidationError(path, "invalid uuid") from None
        raise _mismatch(path, "uuid string", value)

    def validate(self, value: Any, path: str) -> None:
        if isinstance(value, str):
            _check_string(path, value, "uuid")
        elif not isinstance(value, uuid.UUID):
            raise _wrong_type(path, "a UUID or uuid string", value)


@dataclasses.dataclass(frozen=True, slots=True)
class Binary(TypeDesc):
    """``format: binary``: raw bytes as a request body, a plain string inside JSON."""

    def deserialize(self, value: Any, path: str) -> Any:
        if isinstance(value, (str, bytes)):
            return value
        raise _mismatch(path, "string", value)

    def validate(self, value: Any, path: str) -> None:
        if not (isinstance(value, str) or is_file_input(value)):
            raise _wrong_type(path, "bytes, a binary file or str", value)


@dataclasses.dataclass(frozen=True, slots=True)
class AnyT(TypeDesc):
    """Any JSON value."""

    def serialize(self, value: Any) -> Any:
        return _to_jsonable(value)


@dataclasses.dataclass(frozen=True, slots=True)
class Lit(TypeDesc):
    """``enum`` / ``const``. Unlisted values of a listed JSON type are accepted in
    responses (forward compatibility) but rejected in requests."""

    values: tuple[Any, ...]  # JSON values: objects and arrays too

    def deserialize(self, value: Any, path: str) -> Any:
        kind = _kind(value)
        if any(_kind(v) == kind for v in self.values):
            return value
        raise _mismatch(
            path, " or ".join(sorted({_kind(v) for v in self.values})), value
        )

    def validate(self, value: Any, path: str) -> None:
        kind = _kind(value)
        if not any(v == value and _kind(v) == kind for v in self.values):
            allowed = ", ".join(repr(v) for v in self.values)
            raise RequestValidationError(path, f"must be one of {allowed}")


@dataclasses.dataclass(frozen=True, slots=True)
class Arr(TypeDesc):
    """``type: array`` <-> ``list``."""

    item: TypeDesc
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False

    def serialize(self, value: Any) -> Any:
        item = self.item
        return [None if v is None else item.serialize(v) for v in value]

    def deserialize(self, value: Any, path: str) -> Any:
        if not isinstance(value, list):
            raise _mismatch(path, "array", value)
        item = self.item
        return [_read(item, v, _ptr(path, i)) for i, v in enumerate(value)]

    def validate(self, value: Any, path: str) -> None:
        if not isinstance(value, (list, tuple)):
            raise _wrong_type(path, "a list", value)
        _check_size(path, len(value), self.min_items, self.max_items, "items")
        item = self.item
        for i, v in enumerate(value):
            item.validate(v, f"{path}[{i}]")
        if self.unique_items:
            seen: set[object] = set()
            for i, v in enumerate(value):
                key = _unique_key(v)
                if key in seen:
                    raise RequestValidationError(f"{path}[{i}]", "duplicate item")
                seen.add(key)


@dataclasses.dataclass(frozen=True, slots=True)
class Map(TypeDesc):
    """``type: object`` with only ``additionalProperties`` <-> ``dict[str, X]``."""

    value: TypeDesc
    min_properties: int | None = None
    max_properties: int | None = None

    def serialize(self, value: Any) -> Any:
        t = self.value
        return {k: None if v is None else t.serialize(v) for k, v in value.items()}

    def deserialize(self, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise _mismatch(path, "object", value)
        t = self.value
        return {k: _read(t, v, _ptr(path, k)) for k, v in value.items()}

    def validate(self, value: Any, path: str) -> None:
        if not isinstance(value, Mapping):
            raise _wrong_type(path, "a dict", value)
        n = len(value)
        _check_size(path, n, self.min_properties, self.max_properties, "properties")
        for k, v in value.items():
            if not isinstance(k, str):
                raise RequestValidationError(path, "keys must be strings")
            self.value.validate(v, f"{path}[{k!r}]")


@dataclasses.dataclass(frozen=True, slots=True)
class Nullable(TypeDesc):
    """``nullable: true`` / ``type: [X, "null"]``: ``None`` is allowed."""

    inner: TypeDesc

    def serialize(self, value: Any) -> Any:
        return None if value is None else self.inner.serialize(value)

    def deserialize(self, value: Any, path: str) -> Any:
        return None if value is None else self.inner.deserialize(value, path)

    def validate(self, value: Any, path: str) -> None:
        if value is not None:
            self.inner.validate(value, path)


@dataclasses.dataclass(frozen=True, slots=True)
class Union(TypeDesc):
    """``oneOf`` / ``anyOf``. Parsing uses the discriminator mapping when it applies,
    otherwise the first variant that parses wins (each is tried strictly, also when
    reading tolerantly)."""

    variants: tuple[TypeDesc, ...]
    discriminator: str | None = None
    mapping: tuple[tuple[str, TypeDesc], ...] = ()

    def serialize(self, value: Any) -> Any:
        return _to_jsonable(value)

    def deserialize(self, value: Any, path: str) -> Any:
        if self.discriminator is not None and isinstance(value, dict):
            tag = value.get(self.discriminator)
            for key, variant in self.mapping:
                if key == tag:
                    return variant.deserialize(value, path)
        errors: list[ResponseValidationError] = []
        token = _PROBLEMS.set(None)
        try:
            for variant in self.variants:
                try:
                    return variant.deserialize(value, path)
                except ResponseValidationError as exc:
                    errors.append(exc)
        finally:
            _PROBLEMS.reset(token)
        deepest = max(errors, key=lambda e: len(e.path), default=None)
        if deepest is not None and deepest.path != path:
            raise deepest
        raise ResponseValidationError(path, "matches none of the allowed schemas")

    def validate(self, value: Any, path: str) -> None:
        errors: list[RequestValidationError] = []
        for variant in self.variants:
            try:
                variant.validate(value, path)
                return
            except RequestValidationError as exc:
                errors.append(exc)
        deepest = max(errors, key=lambda e: len(e.path), default=None)
        if deepest is not None and deepest.path != path:
            raise deepest
        raise RequestValidationError(path, "matches none of the allowed schemas")


_REFS: dict[tuple[str, str], type[Model]] = {}


@dataclasses.dataclass(frozen=True, slots=True)
class Ref(TypeDesc):
    """Lazy reference to the model class ``name`` in ``module`` (relative to the
    package root, e.g. ``Ref("models.pet", "Pet")``)."""

    module: str
    name: str

    def resolve(self) -> type[Model]:
        """Import (once) and return the model class."""
        key = (self.module, self.name)
        cls = _REFS.get(key)
        if cls is None:
            module = importlib.import_module("." + self.module, _ROOT)
            cls = _REFS[key] = getattr(module, self.name)
        return cls

    def serialize(self, value: Any) -> Any:
        return _to_jsonable(value)

    def deserialize(self, value: Any, path: str) -> Any:
        return self.resolve()._parse(value, path)

    def validate(self, value: Any, path: str) -> None:
        cls = self.resolve()
        if not isinstance(value, cls):
            raise _wrong_type(path, f"a {cls.__name__}", value)
        value._validate(path)


@dataclasses.dataclass(frozen=True, slots=True)
class Field:
    """One model property: Python attribute name, JSON name, descriptor."""

    py_name: str
    wire_name: str
    type: TypeDesc
    required: bool
    access: str = ""  # "read": only in responses; "write": only in requests
    xml: Xml | None = None  # its element or attribute in an XML body (None: its name)


# --- models ----------------------------------------------------------------------


class Model:
    """Base class of generated models (mutable, keyword-only dataclasses).

    Subclasses declare ``__fields__``; ``__closed__`` is True when the schema has
    ``additionalProperties: false``; ``__extra__`` is the descriptor of additional
    property values (None: any JSON). Unknown properties received from the server
    are kept in ``additional_properties``.

    ``validation_problems`` lists where a response read tolerantly departed from the
    schema (in this model or the ones inside it); empty when it matched. ``__xml__``
    is its root element as a whole XML body (None: named after the class).
    """

    __fields__: ClassVar[tuple[Field, ...]] = ()
    __closed__: ClassVar[bool] = False
    __extra__: ClassVar[TypeDesc | None] = None
    __required_any__: ClassVar[tuple[tuple[str, ...], ...]] = ()
    __xml__: ClassVar[Xml | None] = None
    _wire_names: ClassVar[frozenset[str]] = frozenset()
    additional_properties: dict[str, Any]
    validation_problems: tuple[ValidationProblem, ...] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._wire_names = frozenset(f.wire_name for f in cls.__fields__)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict keyed by wire names; UNSET fields are omitted."""
        out: dict[str, Any] = {}
        for f in self.__fields__:
            value = getattr(self, f.py_name)
            if not isinstance(value, Unset):
                out[f.wire_name] = None if value is None else f.type.serialize(value)
        extra = self.__extra__
        for key, value in self.additional_properties.items():
            if key not in out:  # declared fields win
                out[key] = (
                    _to_jsonable(value) if extra is None else serialize(extra, value)
                )
        return out

    @classmethod
    def from_dict(cls: type[M], data: object) -> M:  # noqa: PYI019
        """Parse a JSON object; raises ResponseValidationError."""
        return cls._parse(data, "")

    @classmethod
    def _parse(cls: type[M], data: object, path: str) -> M:  # noqa: PYI019
        if not isinstance(data, dict):
            raise _mismatch(path, "object", data)
        problems = _PROBLEMS.get()
        start = 0 if problems is None else len(problems)
        kwargs: dict[str, Any] = {}
        for f in cls.__fields__:
            field_path = _ptr(path, f.wire_name)
            if f.wire_name in data:
                kwargs[f.py_name] = _read(f.type, data[f.wire_name], field_path)
            elif f.required and f.access != "write":
                if problems is None:
                    raise ResponseValidationError(
                        field_path, "required property is missing"
                    )
                problems.append(
                    ValidationProblem(field_path, "required property is missing")
                )
                kwargs[f.py_name] = UNSET
        extra, names = cls.__extra__, cls._wire_names
        kwargs["additional_properties"] = {
            k: v if extra is None else _read(extra, v, _ptr(path, k))
            for k, v in data.items()
            if k not in names
        }
        instance = cls(**kwargs)
        if problems is not None and len(problems) > start:
            instance.validation_problems = tuple(problems[start:])
        return instance

    def _validate(self, path: str) -> None:
        for f in self.__fields__:
            value = getattr(self, f.py_name)
            field_path = f"{path}.{f.wire_name}" if path else f.wire_name
            if not isinstance(value, Unset):
                f.type.validate(value, field_path)
            elif f.required and f.access != "read":
                raise RequestValidationError(field_path, "is required")
        for group in self.__required_any__:
            if all(isinstance(getattr(self, n), Unset) for n in group):
                continue
            break
        else:
            if self.__required_any__:
                names = " | ".join("+".join(g) for g in self.__required_any__)
                raise RequestValidationError(path or "body", f"needs one of: {names}")
        extra = self.additional_properties
        if extra and self.__closed__:
            raise RequestValidationError(
                path, f"unexpected properties {sorted(extra)} (schema is closed)"
            )
        if self.__extra__ is not None:
            for key, value in extra.items():
                self.__extra__.validate(value, f"{path}[{key!r}]")

    def __repr__(self) -> str:
        parts = [
            f"{f.py_name}={getattr(self, f.py_name)!r}"
            for f in self.__fields__
            if not isinstance(getattr(self, f.py_name), Unset)
        ]
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


# --- entry points ----------------------------------------------------------------


def serialize(t: TypeDesc, value: Any) -> Any:
    """Python value -> JSON-able value (``None`` stays ``None``)."""
    return None if value is None else t.serialize(value)


def deserialize(t: TypeDesc, value: Any, path: str = "") -> Any:
    """JSON value -> Python value; raises ResponseValidationError."""
    return t.deserialize(value, path)


def deserialize_tolerant(
    t: TypeDesc, value: Any
) -> tuple[Any, tuple[ValidationProblem, ...]]:
    """JSON value -> Python value and the problems found, never raising
    ResponseValidationError: a value of the wrong type is kept as received, a
    missing required property reads as ``UNSET``."""
    problems: list[ValidationProblem] = []
    token = _PROBLEMS.set(problems)
    try:
        return _read(t, value, ""), tuple(problems)
    finally:
        _PROBLEMS.reset(token)


def validate(t: TypeDesc, value: Any, path: str) -> None:
    """Check a request value; raises RequestValidationError naming ``path``."""
    t.validate(value, path)
