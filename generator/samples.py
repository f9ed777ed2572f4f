"""Example values: the spec's own examples where it has them, else values made to fit.

Used for the generated README's usage snippets and the generated tests. Everything
here is deterministic: the same types give the same values, byte for byte.
"""

from __future__ import annotations

import datetime
import decimal
import importlib
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .ir import (
    AliasRef,
    ArrayType,
    Constraints,
    LiteralType,
    MapType,
    ModelDef,
    ModelRef,
    Nullable,
    Operation,
    Primitive,
    TypeExpr,
    UnionType,
)
from .literals import py_literal, py_str

__all__ = [
    "Repeat",
    "Samples",
    "Verbatim",
    "compiles",
    "matches",
    "parse_datetime",
    "plain",
    "regex_sample",
    "required_groups",
]

_STRING_CANDIDATES = ("abc123", "example", "a", "1", "A", "a-1", "x_1", "Example")
_FORMAT_SAMPLES = {
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "iri": "https://example.com",
    "uri-reference": "https://example.com",
    "iri-reference": "https://example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "YWJjMTIz",
    "time": "10:30:00Z",
    "duration": "P1D",
    "json-pointer": "/a",
    "regex": "^a$",
}
_MAX_DEPTH = 5  # nested models below this are left empty
_OPTIONAL_DEPTH = 2  # optional properties are filled in down to this depth


@dataclass(frozen=True)
class Repeat:
    """A list of `count` copies of `item`, rendered as ``[item] * count``; with `text`, the
    string `item` repeated, rendered as ``"a" * count``."""

    item: Any
    count: int
    text: bool = False


@dataclass(frozen=True)
class Verbatim:
    """A value rendered as its plain literal, whatever the type says (to break a format)."""

    value: Any


def compiles(pattern: str) -> bool:
    """Whether Python can compile `pattern` (the runtime skips patterns it cannot)."""
    try:
        re.compile(_ecma(pattern))
    except (re.error, TypeError):
        return False
    return True


def required_groups(model: ModelDef) -> list[tuple[str, ...]]:
    """The model's anyOf-of-required groups, as wire names (the request needs one of them)."""
    py_to_wire = {p.py_name: p.wire_name for p in model.properties}
    groups = getattr(model, "required_any", ())
    return [tuple(py_to_wire[n] for n in g if n in py_to_wire) for g in groups]


def _ecma(pattern: str) -> str:
    """JSON Schema's (ECMA-262) `$` ends the text; Python's also matches before a final newline."""
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


def matches(pattern: str, text: str) -> bool:
    """Whether `pattern` finds `text` as the runtime checks it (a pattern it cannot compile passes)."""
    try:
        return re.search(_ecma(pattern), text) is not None
    except (re.error, TypeError):
        return True  # uncompilable: the runtime does not check it either


_FRACTION = re.compile(r"\.(\d+)")
_COMPACT_OFFSET = re.compile(r"([+-]\d\d)(\d\d)$")
_DATETIME_SHAPE = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(:\d\d)?")


def parse_datetime(text: str) -> datetime.datetime | None:
    """RFC 3339 text as the generated runtime parses it (None when it is not a date-time)."""
    s = text.strip()
    if not _DATETIME_SHAPE.match(s):
        return None
    if s[-1:] in ("Z", "z"):
        s = s[:-1] + "+00:00"
    s = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), s, count=1)
    s = _COMPACT_OFFSET.sub(r"\1:\2", s)
    try:
        return datetime.datetime.fromisoformat(s)
    except ValueError:
        return None


def _format_datetime(value: datetime.datetime) -> str:
    """How the generated runtime sends a datetime (UTC as ``...Z``)."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# --- strings that match a regular expression -------------------------------------

_NICE = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_-. "
_UNBOUNDED = 1 << 16


def _sre() -> Any:
    """Python's own regex parser (private, so imported defensively)."""
    for name in ("re._parser", "sre_parse"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


class _CannotGenerate(Exception):
    pass


def _char_in(items: list[tuple[Any, Any]], sre: Any) -> str:
    negate = bool(items) and str(items[0][0]) == "NEGATE"
    if negate:
        items = items[1:]

    def member(ch: str) -> bool:
        code = ord(ch)
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                found = arg == code
            elif name == "RANGE":
                found = arg[0] <= code <= arg[1]
            elif name == "CATEGORY":
                found = _in_category(str(arg), ch)
            else:
                raise _CannotGenerate(name)
            if found:
                return True
        return False

    for ch in _NICE:
        if member(ch) != negate:
            return ch
    if not negate:
        for op, arg in items:
            if str(op) == "LITERAL":
                return chr(arg)
            if str(op) == "RANGE":
                return chr(arg[0])
    for code in range(33, 127):
        if member(chr(code)) != negate:
            return chr(code)
    raise _CannotGenerate("empty class")


def _in_category(name: str, ch: str) -> bool:
    checks: dict[str, Callable[[str], bool]] = {
        "CATEGORY_DIGIT": str.isdigit,
        "CATEGORY_NOT_DIGIT": lambda c: not c.isdigit(),
        "CATEGORY_SPACE": str.isspace,
        "CATEGORY_NOT_SPACE": lambda c: not c.isspace(),
        "CATEGORY_WORD": lambda c: c.isalnum() or c == "_",
        "CATEGORY_NOT_WORD": lambda c: not (c.isalnum() or c == "_"),
    }
    check = checks.get(name)
    if check is None:
        raise _CannotGenerate(name)
    return check(ch)


def _emit(items: Any, reps: int, branch: int, groups: dict[int, str], sre: Any) -> str:
    out: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append(next(c for c in _NICE if ord(c) != arg))
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_char_in(list(arg), sre))
        elif name == "BRANCH":
            choices = arg[1]
            chosen = choices[min(branch, len(choices) - 1)] if branch >= 0 else choices[-1]
            out.append(_emit(chosen, reps, branch, groups, sre))
        elif name == "SUBPATTERN":
            group, sub = arg[0], arg[-1]
            text = _emit(sub, reps, branch, groups, sre)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = arg
            hi = _UNBOUNDED if hi >= _UNBOUNDED or str(hi) == "MAXREPEAT" else hi
            count = max(lo, min(reps, hi))
            out.extend(_emit(sub, reps, branch, groups, sre) for _ in range(count))
        elif name == "ATOMIC_GROUP":
            out.append(_emit(arg, reps, branch, groups, sre))
        elif name == "GROUPREF":
            out.append(groups.get(arg, ""))
        elif name == "GROUPREF_EXISTS":
            group, yes, no = arg
            out.append(_emit(yes if group in groups else (no or []), reps, branch, groups, sre))
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # anchors take no room; look-arounds are checked afterwards
        else:
            raise _CannotGenerate(name)
    return "".join(out)


def regex_sample(pattern: str, min_length: int = 0, max_length: int | None = None) -> str | None:
    """A string that `re.search(pattern)` finds and whose length is within bounds, or None.

    Walks Python's parse of the pattern: literal text, character classes, quantifiers
    (every repeat takes the same count, tried from small to large), groups and
    back-references, alternation (first branch, then last), anchors. Look-arounds are
    not generated, only checked.
    """
    sre = _sre()
    if sre is None or not compiles(pattern):
        return None
    try:
        tree = sre.parse(pattern)
    except Exception:  # noqa: BLE001 - any parser trouble means: cannot generate
        return None
    hi = max_length if max_length is not None else _UNBOUNDED
    counts = [1, 0, 2, 3] + list(range(4, max(min_length, 4) + 2))
    for branch in (0, -1):
        for reps in counts:
            try:
                text = _emit(tree, reps, branch, {}, sre)
            except (_CannotGenerate, ValueError, TypeError, IndexError, StopIteration):
                return None
            if len(text) > min(hi, _UNBOUNDED) and reps >= 2:
                break  # repeats only grow from here
            for candidate in (text, text + "a" * (min_length - len(text)), "a" * (min_length - len(text)) + text):
                if min_length <= len(candidate) <= hi and matches(pattern, candidate):
                    return candidate
    return None


# --- values ------------------------------------------------------------------------


@dataclass
class Samples:
    """Makes JSON values that satisfy a type, and Python source for typed arguments.

    `used` collects the modules that emitted source refers to ("datetime", "uuid",
    "models"), so that callers import exactly those.
    """

    models: dict[str, ModelDef]
    used: set[str] = field(default_factory=set)

    def value(
        self, t: TypeExpr, depth: int = 0, *, optional: bool = False, response: bool = False
    ) -> Any:
        """A JSON value of type `t` that meets its constraints.

        Objects get their required properties; with `optional`, also the optional ones
        (near the top, and only those whose value fits). Read-only properties are left
        out unless the value is for a `response`.
        """
        if isinstance(t, Nullable):
            return self.value(t.inner, depth, optional=optional, response=response)
        if isinstance(t, AliasRef):
            return self.value(t.target, depth, optional=optional, response=response)
        if isinstance(t, LiteralType):
            return t.values[0]
        if isinstance(t, UnionType):
            for variant in t.variants:
                candidate = self.value(variant, depth, optional=optional, response=response)
                if self.fits(variant, candidate):
                    return candidate
            return self.value(t.variants[0], depth, optional=optional, response=response)
        if isinstance(t, ArrayType):
            return self._array(t, depth, optional, response)
        if isinstance(t, MapType):
            count = t.constraints.min_properties or 0
            return {f"key{i + 1}": self.value(t.value, depth + 1) for i in range(count)}
        if isinstance(t, ModelRef):
            return self._object(t, depth, optional, response)
        assert isinstance(t, Primitive)
        return self._primitive(t)

    def _array(self, t: ArrayType, depth: int, optional: bool, response: bool) -> list[Any]:
        c = t.constraints
        count = max(c.min_items or 0, 1 if depth < 3 else 0)
        if c.max_items is not None:
            count = min(count, c.max_items)
        first = self.value(t.item, depth + 1, optional=optional, response=response)
        items = [first] * count
        if c.unique_items and count > 1:
            items = [self._variant(t.item, first, i) for i in range(count)]
        return items

    def _variant(self, t: TypeExpr, value: Any, i: int) -> Any:
        """The `i`-th of several distinct values of `t` (for uniqueItems)."""
        if i == 0:
            return value
        inner = t.target if isinstance(t, AliasRef) else t
        if isinstance(inner, LiteralType) and i < len(inner.values):
            return inner.values[i]
        if isinstance(inner, Primitive) and inner.kind in ("int", "float") and not isinstance(value, bool):
            step = inner.constraints.multiple_of or 1
            candidate = value + step * i
            return candidate if self.fits(inner, candidate) else value
        if isinstance(inner, Primitive) and inner.kind == "str" and isinstance(value, str):
            for candidate in (f"{value}{i}", f"{i}{value}", value[:-1] + str(i) if value else str(i)):
                if self.fits(inner, candidate):
                    return candidate
        return value

    def _object(self, t: ModelRef, depth: int, optional: bool, response: bool) -> dict[str, Any]:
        model = self.models.get(t.name)
        if model is None or depth > _MAX_DEPTH:
            return {}
        out: dict[str, Any] = {}
        for p in model.properties:
            if (p.read_only and not response) or (p.write_only and response):
                continue
            if p.required:
                out[p.wire_name] = self.value(p.type, depth + 1, optional=optional, response=response)
            elif optional and depth < _OPTIONAL_DEPTH and not p.deprecated:
                candidate = self.value(p.type, depth + 1, optional=optional, response=response)
                if self.fits(p.type, candidate):
                    out[p.wire_name] = candidate
        groups = required_groups(model)
        if groups and not response and not any(any(w in out for w in g) for g in groups):
            for p in model.properties:
                if p.wire_name in groups[0]:
                    out[p.wire_name] = self.value(p.type, depth + 1, optional=optional)
        return out

    @staticmethod
    def _primitive(t: Primitive) -> Any:
        c = t.constraints
        if t.kind == "str":
            return Samples._string(t.format, c)
        if t.kind in ("int", "float"):
            return Samples._number(t.kind, c)
        return {
            "bool": True,
            "datetime": "2024-01-15T10:30:00Z",
            "date": "2024-01-15",
            "uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
            "binary": "",
            "any": {},
        }[t.kind]

    @staticmethod
    def _string(fmt: str | None, c: Constraints) -> str:
        lo, hi = c.min_length or 0, c.max_length

        def ok(text: str) -> bool:
            return lo <= len(text) <= (hi if hi is not None else len(text)) and (
                c.pattern is None or matches(c.pattern, text)
            )

        special = _FORMAT_SAMPLES.get(fmt or "")
        if special is not None and ok(special):
            return special
        for candidate in _STRING_CANDIDATES:
            text = candidate * max(1, -(-lo // len(candidate)))
            text = text[: hi if hi is not None else len(text)]
            if ok(text):
                return text
        if c.pattern is not None:
            found = regex_sample(c.pattern, lo, hi)
            if found is not None:
                return found
        return "a" * max(lo, 1)

    @staticmethod
    def _number(kind: str, c: Constraints) -> int | float:
        lows = [v for v in (c.minimum, c.exclusive_minimum) if v is not None]
        highs = [v for v in (c.maximum, c.exclusive_maximum) if v is not None]
        candidates: list[float] = [1, 0]
        for low in lows:
            start = math.floor(low) + 1 if low == c.exclusive_minimum else math.ceil(low)
            candidates += [start, low, low + 0.5]
        for high in highs:
            end = math.ceil(high) - 1 if high == c.exclusive_maximum else math.floor(high)
            candidates += [end, high, high - 0.5]
        if lows and highs:
            candidates.append((max(lows) + min(highs)) / 2)
        step = c.multiple_of
        if step:
            base = max(lows) if lows else 0
            first = math.ceil(base / step) * step
            candidates = [first, first + step, *candidates]
        prim = Primitive(kind, None, c)  # type: ignore[arg-type]
        for candidate in candidates:
            value: int | float = int(candidate) if kind == "int" else float(candidate)
            if kind == "int" and value != candidate:
                continue
            if _fits_number(prim, value):
                return value
        return 1 if kind == "int" else 1.0

    # -- checking -----------------------------------------------------------------

    def fits(self, t: TypeExpr, value: Any, depth: int = 0) -> bool:
        """Whether the JSON `value` meets `t` as the generated client checks a request value."""
        if depth > 50:
            return True
        if isinstance(t, Nullable):
            return value is None or self.fits(t.inner, value, depth)
        if isinstance(t, AliasRef):
            return self.fits(t.target, value, depth)
        if isinstance(t, LiteralType):
            return any(v == value and _kind(v) == _kind(value) for v in t.values)
        if isinstance(t, UnionType):
            return any(self.fits(v, value, depth) for v in t.variants)
        if isinstance(t, ArrayType):
            c = t.constraints
            if not isinstance(value, list) or not _within(len(value), c.min_items, c.max_items):
                return False
            if c.unique_items and len({_unique_key(v) for v in value}) < len(value):
                return False
            return all(self.fits(t.item, v, depth + 1) for v in value)
        if isinstance(t, MapType):
            c = t.constraints
            if not isinstance(value, dict) or not _within(len(value), c.min_properties, c.max_properties):
                return False
            return all(self.fits(t.value, v, depth + 1) for v in value.values())
        if isinstance(t, ModelRef):
            return self._fits_model(t, value, depth)
        assert isinstance(t, Primitive)
        return _fits_primitive(t, value)

    def _fits_model(self, t: ModelRef, value: Any, depth: int) -> bool:
        if not isinstance(value, dict):
            return False
        model = self.models.get(t.name)
        if model is None:
            return True
        by_wire = {p.wire_name: p for p in model.properties}
        for p in model.properties:
            if p.required and not p.read_only and p.wire_name not in value:
                return False
        groups = required_groups(model)
        if groups and not any(any(w in value for w in g) for g in groups):
            return False
        for key, item in value.items():
            prop = by_wire.get(key)
            if prop is not None:
                if not self.fits(prop.type, item, depth + 1):
                    return False
            elif model.closed or model.extra is not None and not self.fits(model.extra, item, depth + 1):
                return False
        return True

    def parses(self, t: TypeExpr, value: Any, depth: int = 0) -> bool:
        """Whether the runtime's `deserialize` accepts `value` (types strict, constraints not)."""
        if depth > 50:
            return True
        if isinstance(t, Nullable):
            return value is None or self.parses(t.inner, value, depth)
        if isinstance(t, AliasRef):
            return self.parses(t.target, value, depth)
        if isinstance(t, LiteralType):
            return any(_kind(v) == _kind(value) for v in t.values)
        if isinstance(t, UnionType):
            if t.discriminator is not None and isinstance(value, dict):
                tag = value.get(t.discriminator)
                for key, variant in t.mapping:
                    if key == tag:
                        return self.parses(variant, value, depth)
            return any(self.parses(v, value, depth) for v in t.variants)
        if isinstance(t, ArrayType):
            return isinstance(value, list) and all(self.parses(t.item, v, depth + 1) for v in value)
        if isinstance(t, MapType):
            return isinstance(value, dict) and all(self.parses(t.value, v, depth + 1) for v in value.values())
        if isinstance(t, ModelRef):
            model = self.models.get(t.name)
            if not isinstance(value, dict) or model is None:
                return isinstance(value, dict)
            names = {p.wire_name for p in model.properties}
            for p in model.properties:
                if p.wire_name in value:
                    if not self.parses(p.type, value[p.wire_name], depth + 1):
                        return False
                elif p.required and not p.write_only:
                    return False
            if model.extra is not None:
                return all(self.parses(model.extra, v, depth + 1) for k, v in value.items() if k not in names)
            return True
        assert isinstance(t, Primitive)
        kind = t.kind
        if kind == "int":
            return (isinstance(value, int) and not isinstance(value, bool)) or (
                isinstance(value, float) and value.is_integer()
            )
        if kind == "float":
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind == "bool":
            return isinstance(value, bool)
        if kind == "any":
            return True
        if kind == "binary":
            return isinstance(value, str)
        return isinstance(value, str) and self.fits(Primitive(kind), value)


    def completed(self, t: TypeExpr, value: Any, depth: int = 0) -> Any:
        """`value` with the required properties that only responses carry (read-only ones)
        filled in, so that `Model.from_dict` accepts it."""
        if depth > 50 or isinstance(value, Verbatim):
            return value
        if isinstance(value, Repeat):
            return value if value.text else Repeat(self.completed(_item(t), value.item, depth + 1), value.count)
        if isinstance(t, Nullable):
            return self.completed(t.inner, value, depth)
        if isinstance(t, AliasRef):
            return self.completed(t.target, value, depth)
        if isinstance(t, UnionType):
            for variant in t.variants:
                done = self.completed(variant, value, depth)
                if self.parses(variant, plain(done)):
                    return done
            return value
        if isinstance(t, ArrayType) and isinstance(value, list):
            return [self.completed(t.item, v, depth + 1) for v in value]
        if isinstance(t, MapType) and isinstance(value, dict):
            return {k: self.completed(t.value, v, depth + 1) for k, v in value.items()}
        if isinstance(t, ModelRef) and isinstance(value, dict) and t.name in self.models:
            model = self.models[t.name]
            by_wire = {p.wire_name: p for p in model.properties}
            out = {k: self.completed(by_wire[k].type, v, depth + 1) if k in by_wire else v for k, v in value.items()}
            for p in model.properties:
                if p.required and not p.write_only and p.wire_name not in out:
                    out[p.wire_name] = self.value(p.type, depth + 1, response=True)
            return out
        return value

    # -- Python source ----------------------------------------------------------------

    def source(self, t: TypeExpr, value: Any, *, loose: bool = False) -> str:
        """Python source that builds `value` (JSON) as an argument of type `t`.

        Models are built with their constructors; with `loose`, with `Model.from_dict`
        instead, which takes values that break constraints (for tests that expect a
        RequestValidationError). `Repeat` and `Verbatim` values render compactly / as is.
        """
        if isinstance(value, Verbatim):
            return self._json_source(value.value)
        if isinstance(value, Repeat):
            return self._repeat_source(t, value, loose)
        if value is None:
            return "None"
        if isinstance(t, Nullable):
            return self.source(t.inner, value, loose=loose)
        if isinstance(t, AliasRef):
            return self.source(t.target, value, loose=loose)
        if isinstance(t, UnionType):
            chosen = next((v for v in t.variants if self.fits(v, value)), None)
            if chosen is None and loose:
                chosen = next((v for v in t.variants if self.parses(v, plain(self.completed(v, value)))), None)
            return self.source(chosen, value, loose=loose) if chosen is not None else self._json_source(value)
        if isinstance(t, ArrayType) and isinstance(value, list):
            return "[" + ", ".join(self.source(t.item, v, loose=loose) for v in value) + "]"
        if isinstance(t, MapType) and isinstance(value, dict):
            items = (f"{py_str(k)}: {self.source(t.value, v, loose=loose)}" for k, v in value.items())
            return "{" + ", ".join(items) + "}"
        if isinstance(t, ModelRef) and isinstance(value, dict) and t.name in self.models:
            self.used.add("models")
            if loose:
                return f"models.{t.name}.from_dict({self._json_source(self.completed(t, value))})"
            model = self.models[t.name]
            by_wire = {p.wire_name: p for p in model.properties}
            args = [
                f"{by_wire[k].py_name}={self.source(by_wire[k].type, v)}"
                for k, v in value.items()
                if k in by_wire
            ]
            extra = {k: v for k, v in value.items() if k not in by_wire}
            if extra and not model.closed:
                args.append(f"additional_properties={self._json_source(extra)}")
            return f"models.{t.name}(" + ", ".join(args) + ")"
        if isinstance(t, Primitive) and isinstance(value, str):
            if t.kind == "datetime":
                parsed = parse_datetime(value)
                if parsed is not None:
                    self.used.add("datetime")
                    return f"datetime.datetime.fromisoformat({py_str(parsed.isoformat())})"
            if t.kind == "date" and _is_date(value):
                self.used.add("datetime")
                return f"datetime.date.fromisoformat({py_str(value)})"
            if t.kind == "uuid" and _is_uuid(value):
                self.used.add("uuid")
                return f"uuid.UUID({py_str(value)})"
        return self._json_source(value)

    def _repeat_source(self, t: TypeExpr, value: Repeat, loose: bool) -> str:
        while isinstance(t, (Nullable, AliasRef)):
            t = t.inner if isinstance(t, Nullable) else t.target
        if value.text:
            return f"{py_str(value.item)} * {value.count}"
        item_type = t.item if isinstance(t, ArrayType) else Primitive("any")
        return f"[{self.source(item_type, value.item, loose=loose)}] * {value.count}"

    def _json_source(self, value: Any) -> str:
        """A plain literal (like `py_literal`) that also renders `Repeat` and `Verbatim`."""
        if isinstance(value, Verbatim):
            return self._json_source(value.value)
        if isinstance(value, Repeat):
            if value.text:
                return f"{py_str(value.item)} * {value.count}"
            return f"[{self._json_source(value.item)}] * {value.count}"
        if isinstance(value, dict):
            return "{" + ", ".join(f"{py_str(str(k))}: {self._json_source(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self._json_source(v) for v in value) + "]"
        return py_literal(value)

    def wire(self, t: TypeExpr, value: Any) -> Any:
        """The JSON the client sends for the argument that `source(t, value)` builds."""
        if value is None:
            return None
        if isinstance(t, Nullable):
            return self.wire(t.inner, value)
        if isinstance(t, AliasRef):
            return self.wire(t.target, value)
        if isinstance(t, UnionType):
            chosen = next((v for v in t.variants if self.fits(v, value)), None)
            return self.wire(chosen, value) if chosen is not None else value
        if isinstance(t, ArrayType) and isinstance(value, list):
            return [self.wire(t.item, v) for v in value]
        if isinstance(t, MapType) and isinstance(value, dict):
            return {k: self.wire(t.value, v) for k, v in value.items()}
        if isinstance(t, ModelRef) and isinstance(value, dict) and t.name in self.models:
            model = self.models[t.name]
            by_wire = {p.wire_name: p for p in model.properties}
            out = {k: self.wire(by_wire[k].type, v) for k, v in value.items() if k in by_wire}
            if not model.closed:
                out.update({k: v for k, v in value.items() if k not in by_wire})
            return out
        if isinstance(t, Primitive) and isinstance(value, str):
            if t.kind == "datetime":
                parsed = parse_datetime(value)
                return _format_datetime(parsed) if parsed is not None else value
            if t.kind == "uuid" and _is_uuid(value):
                return str(uuid.UUID(value))
        return value

    def call_arguments(self, op: Operation) -> list[tuple[str, str, bool]]:
        """(python name, source, positional?) for a call of `op` with example values."""
        body_example = op.body.examples[0].value if op.body and op.body.examples else None
        args = []
        for param in op.parameters:
            if not param.required:
                continue
            value = param.examples[0].value if param.examples else self.value(param.type)
            args.append((param.py_name, self.source(param.type, value), param.location == "path"))
        if op.body is None:
            return args
        if op.body.fields is None:
            value = body_example if body_example is not None else self.value(op.body.type)
            args.append(("body", self.source(op.body.type, value), False))
            return args
        if not isinstance(body_example, dict):
            body_example = self.value(op.body.type)
        for prop in op.body.fields:
            if prop.wire_name in body_example:
                value = body_example[prop.wire_name]
                args.append((prop.py_name, self.source(prop.type, value), False))
        return args


# --- checks on JSON values (as the generated runtime's `validate`) -------------------


def _item(t: TypeExpr) -> TypeExpr:
    while isinstance(t, (Nullable, AliasRef)):
        t = t.inner if isinstance(t, Nullable) else t.target
    return t.item if isinstance(t, ArrayType) else Primitive("any")


def plain(value: Any) -> Any:
    """`value` with `Repeat` and `Verbatim` markers replaced by what they stand for."""
    if isinstance(value, Verbatim):
        return value.value
    if isinstance(value, Repeat):
        return value.item * value.count if value.text else [plain(value.item)] * value.count
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _unique_key(value: Any) -> object:
    return (_kind(value), value) if isinstance(value, (str, int, float)) or value is None else repr(value)


def _within(n: int, lo: int | None, hi: int | None) -> bool:
    return (lo is None or n >= lo) and (hi is None or n <= hi)


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _is_multiple(value: float, step: float) -> bool:
    if isinstance(value, int) and isinstance(step, int):
        return value % step == 0
    try:
        return decimal.Decimal(repr(value)) % decimal.Decimal(repr(step)) == 0
    except decimal.InvalidOperation:
        quotient = value / step
        return math.isfinite(quotient) and quotient == int(quotient)


def _fits_number(t: Primitive, value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if t.kind == "int" and not isinstance(value, int):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    c = t.constraints
    return (
        (c.minimum is None or value >= c.minimum)
        and (c.maximum is None or value <= c.maximum)
        and (c.exclusive_minimum is None or value > c.exclusive_minimum)
        and (c.exclusive_maximum is None or value < c.exclusive_maximum)
        and (not c.multiple_of or _is_multiple(value, c.multiple_of))
    )


def _fits_primitive(t: Primitive, value: Any) -> bool:
    if t.kind in ("int", "float"):
        return _fits_number(t, value)
    if t.kind == "bool":
        return isinstance(value, bool)
    if t.kind == "any":
        return True
    if not isinstance(value, str):
        return False
    if t.kind == "datetime":
        return parse_datetime(value) is not None
    if t.kind == "date":
        return _is_date(value)
    if t.kind == "uuid":
        return _is_uuid(value)
    if t.kind == "binary":
        return True
    c = t.constraints
    return _within(len(value), c.min_length, c.max_length) and (
        c.pattern is None or matches(c.pattern, value)
    )
