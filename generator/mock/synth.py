"""Values made from a JSON schema: response bodies without an example, and error bodies.

Synthesised from the JSON schema itself rather than from the IR type: the IR drops
what a body needs (read-only fields, `allOf` siblings, formats such as email), and
working on pointers lets each candidate be checked with the validators that check
requests. A schema is handled as a set of pointers that must all hold: `$ref` and
`allOf` add their targets to the set, and each `oneOf`/`anyOf` adds one chosen
branch (the branch named by a discriminator gets its tag). Keywords are combined
across the set (types intersected, bounds tightened, properties and `required`
joined), candidates are made from the combination, and the first candidate that
the original schemas accept is kept, at every level of nesting.

Without a random source (the default) every choice is fixed, so a schema always
gives the same value: its `const`, `examples`, `example` or `default` first, then
one made from its keywords with optional properties near the top. With one
(`--dynamic`), values are drawn afresh and examples are skipped.

Response bodies leave out writeOnly properties; request bodies leave out readOnly
ones.
"""

from __future__ import annotations

import json
import math
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ..errors import pointer_join
from . import patterns
from .schemas import Direction, SchemaBook
from .strings import format_values, pattern_texts, plain_texts

__all__ = ["Synthesizer"]

_MAX_DEPTH = 8  # nesting of the value itself
_OPTIONAL_DEPTH = 2  # optional properties are filled in down to this depth
_PER_LEVEL = 40  # candidates tried for one schema
_BUDGET = 3000  # validations for one value, all levels together
_TYPES = ("object", "array", "string", "integer", "number", "boolean", "null")
_INT_FORMATS = {"int32": 2**31 - 1, "int64": 2**63 - 1}
_MISSING = object()


@dataclass
class _Context:
    direction: Direction
    rng: random.Random | None
    budget: list[int] = field(default_factory=lambda: [_BUDGET])

    def spend(self) -> bool:
        self.budget[0] -= 1
        return self.budget[0] >= 0


@dataclass
class _Flat:
    """A set of schemas that must all hold, with `$ref` and `allOf` opened up."""

    nodes: list[tuple[str, dict[str, Any]]]  # (pointer, schema)
    unions: list[tuple[str, str, dict[str, Any]]]  # (pointer, oneOf|anyOf, schema)
    refs: list[str]  # the `$ref` targets passed through, in order
    always_false: bool = False


class Synthesizer:
    """Makes a JSON value for the schema at a pointer, valid against it where it can."""

    def __init__(self, book: SchemaBook) -> None:
        self.book = book
        self._cache: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def value(
        self, pointer: str, rng: random.Random | None = None, direction: Direction = "response"
    ) -> Any:
        """A value for the schema at `pointer`; fixed (and cached) unless `rng` is given."""
        if rng is not None:
            return self._make((pointer,), 0, _Context(direction, rng))
        with self._lock:
            key = (pointer, direction)
            if key not in self._cache:
                self._cache[key] = self._make((pointer,), 0, _Context(direction, None))
            return self._cache[key]

    def is_valid(self, pointers: tuple[str, ...], value: Any, direction: Direction) -> bool:
        return all(self.book.is_valid(p, value, direction) for p in pointers)

    # -- one level ------------------------------------------------------------------------

    def _make(
        self, pointers: tuple[str, ...], depth: int, ctx: _Context, forced: Any = _MISSING
    ) -> Any:
        first: Any = _MISSING
        candidates = self._candidates(pointers, depth, ctx)
        if forced is not _MISSING:
            candidates = _chain([forced], candidates)
        for tried, value in enumerate(candidates):
            if first is _MISSING:
                first = value
            if tried >= _PER_LEVEL or not ctx.spend():
                break
            if self.is_valid(pointers, value, ctx.direction):
                return value
        return None if first is _MISSING else first

    def _candidates(self, pointers: tuple[str, ...], depth: int, ctx: _Context) -> Iterator[Any]:
        flat = self._flatten(pointers)
        if flat.always_false:
            return
        yield from self._literals(flat, ctx)
        for full, tags in self._plans(pointers, flat, ctx):
            if full is not flat:
                yield from self._literals(full, ctx)
            fulls = [True, False] if depth <= _MAX_DEPTH else [False]
            for complete in fulls:
                yield from self._structural(full, tags, depth, ctx, complete)

    def _flatten(self, pointers: tuple[str, ...]) -> _Flat:
        flat = _Flat([], [], [])
        seen: set[str] = set()
        stack = list(reversed(pointers))
        while stack:
            pointer = stack.pop()
            if pointer in seen:
                continue
            seen.add(pointer)
            try:
                node = self.book.node(pointer)
            except KeyError:
                continue
            if node is False:
                flat.always_false = True
                continue
            if not isinstance(node, dict):
                continue
            flat.nodes.append((pointer, node))
            ref = node.get("$ref")
            more: list[str] = []
            if isinstance(ref, str) and ref.startswith("#"):
                flat.refs.append(ref)
                more.append(ref[1:])
            if isinstance(node.get("allOf"), list):
                more += [pointer_join(pointer, "allOf", i) for i in range(len(node["allOf"]))]
            for key in ("oneOf", "anyOf"):
                if isinstance(node.get(key), list) and node[key]:
                    flat.unions.append((pointer, key, node))
            stack.extend(reversed(more))
        return flat

    def _literals(self, flat: _Flat, ctx: _Context) -> Iterator[Any]:
        for _, node in flat.nodes:
            if "const" in node:
                yield node["const"]
        for _, node in flat.nodes:
            if isinstance(node.get("enum"), list) and node["enum"]:
                values = list(node["enum"])
                if ctx.rng is not None:
                    ctx.rng.shuffle(values)
                values.sort(key=lambda v: v is None)
                yield from values
                return  # a value outside the first enum is not valid
        if ctx.rng is not None:
            return
        for _, node in flat.nodes:
            if isinstance(node.get("examples"), list):
                yield from node["examples"]
            for key in ("example", "default"):
                if key in node:
                    yield node[key]

    def _plans(
        self, pointers: tuple[str, ...], flat: _Flat, ctx: _Context
    ) -> Iterator[tuple[_Flat, dict[str, str]]]:
        """The schema set with one branch of each union added (unions inside the chosen
        branches too), and the discriminator tags that go with it; several, in order."""
        if not flat.unions:
            yield flat, self._inherited_tags(flat)
            return
        longest = max(len(node[key]) for _, key, node in flat.unions)
        order = list(range(longest))
        if ctx.rng is not None:
            ctx.rng.shuffle(order)
        for i in order:
            chosen: list[str] = []
            tags: dict[str, str] = {}
            done: set[str] = set()
            current = flat
            for _ in range(_MAX_DEPTH):
                fresh = [u for u in current.unions if u[0] not in done]
                if not fresh:
                    break
                for pointer, key, node in fresh:
                    done.add(pointer)
                    index = i % len(node[key])
                    chosen.append(pointer_join(pointer, key, index))
                    tag = _discriminator_tag(node, node[key][index])
                    if tag is not None:
                        tags[tag[0]] = tag[1]
                current = self._flatten(pointers + tuple(chosen))
            yield current, {**self._inherited_tags(current), **tags}

    def _inherited_tags(self, flat: _Flat) -> dict[str, str]:
        """Tags of a discriminator on a schema reached through `allOf` (`Cat: allOf [Pet]`)."""
        tags: dict[str, str] = {}
        for pointer, node in flat.nodes:
            discriminator = node.get("discriminator")
            if not isinstance(discriminator, dict) or "oneOf" in node or "anyOf" in node:
                continue
            name = discriminator.get("propertyName")
            if not isinstance(name, str):
                continue
            owner = "#" + pointer
            others = [r for r in flat.refs if r != owner]
            if not others:
                continue
            mapping = discriminator.get("mapping") or {}
            by_target = {target: key for key, target in mapping.items()}
            named = next((by_target[r] for r in others if r in by_target), None)
            tags[name] = named if named is not None else others[0].rsplit("/", 1)[-1]
        return tags

    # -- from keywords --------------------------------------------------------------------

    def _structural(
        self, flat: _Flat, tags: dict[str, str], depth: int, ctx: _Context, complete: bool
    ) -> Iterator[Any]:
        for kind in self._kinds(flat, ctx):
            if kind == "object":
                yield self._object(flat, tags, depth, ctx, complete)
            elif kind == "array":
                yield self._array(flat, depth, ctx, complete)
            elif kind == "string":
                yield from self._strings(flat, ctx)
            elif kind in ("integer", "number"):
                yield from _numbers(flat, kind == "integer", ctx.rng, self.book.version)
            elif kind == "boolean":
                yield ctx.rng.random() < 0.5 if ctx.rng is not None else True
                yield False
            elif kind == "null":
                yield None

    def _kinds(self, flat: _Flat, ctx: _Context) -> list[str]:
        allowed: set[str] | None = None
        for _, node in flat.nodes:
            declared = node.get("type")
            if declared is None:
                continue
            kinds = set(declared) if isinstance(declared, list) else {declared}
            if node.get("nullable") is True:
                kinds.add("null")
            if "number" in kinds:
                kinds.add("integer")
            allowed = kinds if allowed is None else allowed & kinds
        if allowed is None:
            allowed = set(_inferred(flat)) or {"string"}
        ordered = [k for k in _TYPES if k in allowed and k != "null"]
        if "integer" in ordered and "number" in ordered:
            ordered.remove("integer")
            ordered.append("integer")
        if ctx.rng is not None:
            ctx.rng.shuffle(ordered)
        return ordered + (["null"] if "null" in allowed else [])

    def _skipped(self, pointers: list[str], direction: Direction) -> bool:
        """Whether a property is left out: writeOnly in a response, readOnly in a request."""
        flag = {"response": "writeOnly", "request": "readOnly"}.get(direction)
        if flag is None:
            return False
        for pointer in pointers:
            try:
                node = self.book.node(self.book.follow(pointer))
            except KeyError:
                continue
            if isinstance(node, dict) and node.get(flag) is True:
                return True
        return False

    def _object(
        self, flat: _Flat, tags: dict[str, str], depth: int, ctx: _Context, complete: bool
    ) -> dict[str, Any]:
        props: dict[str, list[str]] = {}
        required: list[str] = []
        low, high = 0, math.inf
        extra_schema: str | None = None
        closed = False
        for pointer, node in flat.nodes:
            for name in node.get("properties") or {}:
                props.setdefault(name, []).append(pointer_join(pointer, "properties", name))
            required += [r for r in node.get("required") or [] if isinstance(r, str)]
            low = max(low, _int(node.get("minProperties"), 0))
            high = min(high, _int(node.get("maxProperties"), math.inf))
            more = node.get("additionalProperties")
            if isinstance(more, dict) and extra_schema is None:
                extra_schema = pointer_join(pointer, "additionalProperties")
            closed = closed or more is False
        required = list(dict.fromkeys(required))
        usable = [n for n in props if not self._skipped(props[n], ctx.direction)]
        wanted = [n for n in required if n in usable or n not in props]
        optional = [n for n in usable if n not in wanted]
        if complete and depth <= _OPTIONAL_DEPTH:
            if ctx.rng is None:
                wanted += optional
            else:
                wanted += [n for n in optional if ctx.rng.random() < 0.6]
        wanted += [n for n in optional if n not in wanted][: max(0, low - len(wanted))]
        wanted += [t for t in tags if t not in wanted]
        if len(wanted) > high:
            keep = set(required) | set(tags)
            wanted = [n for n in wanted if n in keep] + [n for n in wanted if n not in keep]
            wanted = wanted[: int(high)]
        result: dict[str, Any] = {}
        for name in wanted:
            pointers = props.get(name) or self._pattern_schemas(flat, name, extra_schema)
            forced = tags.get(name, _MISSING)
            if pointers:
                result[name] = self._make(tuple(pointers), depth + 1, ctx, forced)
            else:
                result[name] = "example" if forced is _MISSING else forced
        count = 0
        while len(result) < low and not closed and count < low + 8:
            key = f"property{count}" if count else "property"
            count += 1
            if key in result:
                continue
            pointers = self._pattern_schemas(flat, key, extra_schema)
            result[key] = self._make(tuple(pointers), depth + 1, ctx) if pointers else "example"
        return result

    def _pattern_schemas(self, flat: _Flat, name: str, extra: str | None) -> list[str]:
        found = []
        for pointer, node in flat.nodes:
            for pattern in node.get("patternProperties") or {}:
                if patterns.search(pattern, name):
                    found.append(pointer_join(pointer, "patternProperties", pattern))
        return found or ([extra] if extra is not None else [])

    def _array(self, flat: _Flat, depth: int, ctx: _Context, complete: bool) -> list[Any]:
        items: list[str] = []
        prefix: list[list[str]] = []
        low, high, unique = 0, math.inf, False
        for pointer, node in flat.nodes:
            if isinstance(node.get("items"), dict):
                items.append(pointer_join(pointer, "items"))
            if isinstance(node.get("prefixItems"), list):
                for i in range(len(node["prefixItems"])):
                    while len(prefix) <= i:
                        prefix.append([])
                    prefix[i].append(pointer_join(pointer, "prefixItems", i))
            low = max(low, _int(node.get("minItems"), 0))
            high = min(high, _int(node.get("maxItems"), math.inf))
            unique = unique or node.get("uniqueItems") is True
        if ctx.rng is not None and depth < _MAX_DEPTH:
            count = ctx.rng.randint(low, int(min(high, low + 3)))
        elif complete and depth < 3:
            count = max(low, 1)
        else:
            count = low
        count = int(min(count, high))
        result: list[Any] = []
        seen: set[str] = set()
        for k in range(count * 4 + 4):
            if len(result) >= count:
                break
            at = len(result)
            pointers = prefix[at] if at < len(prefix) else items
            variant = ctx if k == 0 else replace(ctx, rng=_variant_rng(ctx.rng, k))
            value = self._make(tuple(pointers), depth + 1, variant) if pointers else f"item{k}"
            key = json.dumps(value, sort_keys=True, default=str)
            if unique and key in seen:
                continue
            seen.add(key)
            result.append(value)
        return result

    def _strings(self, flat: _Flat, ctx: _Context) -> Iterator[str]:
        low, high = 0, math.inf
        found_patterns: list[str] = []
        formats: list[str] = []
        for _, node in flat.nodes:
            low = max(low, _int(node.get("minLength"), 0))
            high = min(high, _int(node.get("maxLength"), math.inf))
            if isinstance(node.get("pattern"), str):
                found_patterns.append(node["pattern"])
            if isinstance(node.get("format"), str):
                formats.append(node["format"])
        top = None if high == math.inf else int(high)
        for fmt in formats:
            yield from format_values(fmt, int(low), ctx.rng)
        if found_patterns:
            fits = []
            for text in pattern_texts(found_patterns[0], ctx.rng):
                if low <= len(text) <= high:
                    yield text
                else:
                    fits.append(text)
            yield from fits[:2]
        yield from plain_texts(int(low), top, ctx.rng)


def _chain(first: list[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from first
    yield from rest


def _variant_rng(rng: random.Random | None, k: int) -> random.Random:
    return random.Random(rng.getrandbits(64) if rng is not None else k)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _int(value: Any, default: float) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return int(value)


def _inferred(flat: _Flat) -> list[str]:
    kinds = []
    for _, node in flat.nodes:
        if {"properties", "additionalProperties", "required", "patternProperties"} & set(node):
            kinds.append("object")
        if {"items", "prefixItems", "minItems", "maxItems"} & set(node):
            kinds.append("array")
        if {"minLength", "maxLength", "pattern", "format"} & set(node):
            kinds.append("string")
        if {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"} & set(node):
            kinds.append("number")
    return kinds


def _discriminator_tag(schema: dict[str, Any], variant: Any) -> tuple[str, str] | None:
    """(property, value) that names `variant` under the union's discriminator, if it has one."""
    discriminator = schema.get("discriminator")
    ref = variant.get("$ref") if isinstance(variant, dict) else None
    if not isinstance(discriminator, dict) or not isinstance(ref, str):
        return None
    prop = discriminator.get("propertyName")
    if not isinstance(prop, str):
        return None
    mapping = discriminator.get("mapping") or {}
    name = next((k for k, target in mapping.items() if target == ref), ref.rsplit("/", 1)[-1])
    return prop, str(name)


def _bounds(flat: _Flat, version: str) -> tuple[float, bool, float, bool, list[float]]:
    """(low, low exclusive, high, high exclusive, multiples) over every schema of the set."""
    low, low_ex, high, high_ex = -math.inf, False, math.inf, False
    multiples: list[float] = []

    def raise_low(value: Any, exclusive: bool) -> None:
        nonlocal low, low_ex
        if _is_number(value) and (value > low or (value == low and exclusive)):
            low, low_ex = value, exclusive

    def lower_high(value: Any, exclusive: bool) -> None:
        nonlocal high, high_ex
        if _is_number(value) and (value < high or (value == high and exclusive)):
            high, high_ex = value, exclusive

    for _, node in flat.nodes:
        ex_low, ex_high = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
        if version == "3.0" or isinstance(ex_low, bool) or isinstance(ex_high, bool):
            raise_low(node.get("minimum"), ex_low is True)
            lower_high(node.get("maximum"), ex_high is True)
        else:
            raise_low(node.get("minimum"), False)
            lower_high(node.get("maximum"), False)
        if not isinstance(ex_low, bool):
            raise_low(ex_low, True)
        if not isinstance(ex_high, bool):
            lower_high(ex_high, True)
        fmt = node.get("format")
        if fmt in _INT_FORMATS:
            raise_low(-_INT_FORMATS[fmt] - 1, False)
            lower_high(_INT_FORMATS[fmt], False)
        multiple = node.get("multipleOf")
        if isinstance(multiple, (int, float)) and not isinstance(multiple, bool) and multiple > 0:
            multiples.append(multiple)
    return low, low_ex, high, high_ex, multiples


def _numbers(
    flat: _Flat, integer: bool, rng: random.Random | None, version: str
) -> Iterator[int | float]:
    low, low_ex, high, high_ex, multiples = _bounds(flat, version)
    if integer:
        first = -math.inf if low == -math.inf else math.floor(low) + 1 if low_ex else math.ceil(low)
        last = (
            math.inf if high == math.inf else math.ceil(high) - 1 if high_ex else math.floor(high)
        )
    else:
        span = 1.0 if math.isinf(high - low) else (high - low) / 4
        first = low if not low_ex else low + min(span, 1.0)
        last = high if not high_ex else high - min(span, 1.0)
    targets: list[float] = []
    if rng is not None:
        start = first if first != -math.inf else (last - 1000 if last != math.inf else 0)
        stop = last if last != math.inf else start + 1000
        targets.append(rng.uniform(start, stop))
    targets += [1, 1.5, 0]
    if first != -math.inf:
        targets.append(first)
    if last != math.inf:
        targets.append(last)
    if first != -math.inf and last != math.inf:
        targets.append((first + last) / 2)
    for target in targets:
        value = min(max(target, first), last)
        if multiples:
            yield from _multiples_near(value, multiples[0], first, last, integer)
        elif integer:
            yield math.floor(value) if value >= first else math.ceil(value)
        else:
            yield float(value)


def _multiples_near(
    value: float, multiple: float, first: float, last: float, integer: bool
) -> Iterator[int | float]:
    step = Decimal(str(multiple))
    base = math.ceil(Decimal(str(value)) / step) if math.isfinite(value) else 1
    for k in (base, base + 1, base - 1, 1, 0):
        found = Decimal(k) * step
        number: int | float = int(found) if integer or found == int(found) else float(found)
        if integer and found != int(found):
            continue
        if first <= number <= last:
            yield number
