"""Strings for schemas: values of the usual formats, and text that a `pattern` matches.

Text for a pattern is built from the pattern's parse tree (Python's own regular
expression parser, the dialect the validators use): each literal, class, group,
alternative and repetition is turned into characters. Lookarounds are skipped and
back-references repeat their group, so the result is a candidate, which the caller
checks against the whole schema. With no random source the choices are fixed
(first alternative, first character of a class, fewest repetitions, then a few
more), so the same pattern always gives the same text.
"""

from __future__ import annotations

import base64
import importlib
import random
import string
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

__all__ = ["format_values", "pattern_texts", "plain_texts"]

# the parser behind `re`; `sre_parse` warns on import from Python 3.11, where it moved
_parser: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")

_STATIC_FORMATS: dict[str, str] = {
    "date-time": "2024-01-15T10:30:00Z",
    "date": "2024-01-15",
    "time": "10:30:00Z",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "iri": "https://example.com/",
    "uri-reference": "https://example.com/",
    "iri-reference": "https://example.com/",
    "uri-template": "https://example.com/{id}",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "ZXhhbXBsZQ==",
    "duration": "P1D",
    "json-pointer": "/example",
    "relative-json-pointer": "0/example",
    "regex": "^[a-z]+$",
}
_NICE = string.ascii_lowercase + string.digits + string.ascii_uppercase + "-_ .,:;!?@#"
_REPEAT_STEPS = (0, 1, 2, 3, 5, 8, 13, 21, 34, 64, 128)
_MAX_TEXT = 4096


def _letters(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(count))


def _padded(fmt: str, value: str, low: int) -> str:
    """`value` lengthened to at least `low` characters in a way the format keeps."""
    short = low - len(value)
    if short <= 0:
        return value
    if fmt in ("email", "idn-email"):
        local, _, domain = value.partition("@")
        return local + "x" * short + "@" + domain
    if fmt in ("uri", "url", "iri", "uri-reference", "iri-reference"):
        return value.rstrip("/") + "/" + "x" * max(short - 1, 0) + ("x" if short == 1 else "")
    if fmt in ("hostname", "idn-hostname"):
        labels = []
        while short > 0:
            size = min(short - 1, 63) if short > 1 else 1
            labels.append("x" * max(size, 1))
            short -= size + 1
        return ".".join([*labels, value])
    if fmt == "json-pointer":
        return value + "x" * short
    return value


def format_values(fmt: str, low: int, rng: random.Random | None) -> Iterator[str]:
    """Strings of format `fmt` (none for a format this module does not know)."""
    if rng is None:
        if fmt in _STATIC_FORMATS:
            yield _padded(fmt, _STATIC_FORMATS[fmt], low)
        return
    moment = datetime(2020, 1, 1, tzinfo=timezone.utc) + timedelta(
        seconds=rng.randrange(6 * 365 * 86400)
    )
    made: dict[str, str] = {
        "date-time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "date": moment.strftime("%Y-%m-%d"),
        "time": moment.strftime("%H:%M:%SZ"),
        "email": f"{_letters(rng, 6)}@example.com",
        "idn-email": f"{_letters(rng, 6)}@example.com",
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "uri": f"https://example.com/{_letters(rng, 5)}",
        "url": f"https://example.com/{_letters(rng, 5)}",
        "iri": f"https://example.com/{_letters(rng, 5)}",
        "uri-reference": f"https://example.com/{_letters(rng, 5)}",
        "iri-reference": f"https://example.com/{_letters(rng, 5)}",
        "hostname": f"{_letters(rng, 6)}.example.com",
        "idn-hostname": f"{_letters(rng, 6)}.example.com",
        "ipv4": f"192.0.2.{rng.randrange(1, 255)}",
        "ipv6": f"2001:db8::{rng.randrange(1, 0xFFFF):x}",
        "byte": base64.b64encode(rng.randbytes(rng.randrange(1, 12))).decode("ascii"),
        "duration": f"P{rng.randrange(1, 30)}D",
        "json-pointer": f"/{_letters(rng, 5)}",
    }
    if fmt in made:
        yield _padded(fmt, made[fmt], low)
    yield from format_values(fmt, low, None)


def plain_texts(low: int, high: int | None, rng: random.Random | None) -> Iterator[str]:
    """Strings of a length between `low` and `high`, for a schema with no format or pattern."""
    top = high if high is not None else max(low, 7) + 12
    if rng is not None:
        size = rng.randint(low, max(low, min(top, low + 12)))
        yield _letters(rng, max(size, 1 if top >= 1 else 0))
    for word in ("example", "a"):
        size = min(max(len(word), low), top)
        yield (word * (size // len(word) + 1))[:size]


@lru_cache(maxsize=1024)
def _parsed(pattern: str) -> Any:
    try:
        return _parser.parse(pattern)
    except Exception:  # noqa: BLE001 - any pattern the parser refuses simply gives no text
        return None


def pattern_texts(pattern: str, rng: random.Random | None, tries: int = 8) -> Iterator[str]:
    """Candidate strings that `pattern` should match: the fixed ones, then random ones."""
    tree = _parsed(pattern)
    if tree is None:
        return
    seen: set[str] = set()
    sources: list[tuple[random.Random | None, int]] = []
    if rng is not None:
        sources += [(rng, 0) for _ in range(2)]
    sources += [(None, grow) for grow in _REPEAT_STEPS]
    sources += [(random.Random(i), 0) for i in range(tries)]
    for source, grow in sources:
        try:
            text = _Builder(source, grow).build(tree)
        except (RecursionError, ValueError, IndexError, OverflowError):
            continue
        if text not in seen and len(text) <= _MAX_TEXT:
            seen.add(text)
            yield text


class _Builder:
    def __init__(self, rng: random.Random | None, grow: int) -> None:
        self.rng, self.grow = rng, grow
        self.groups: dict[int, str] = {}

    def build(self, items: Any) -> str:
        return "".join(self.item(str(op), av) for op, av in items)

    def item(self, op: str, av: Any) -> str:
        if op == "LITERAL":
            return chr(av)
        if op == "NOT_LITERAL":
            return next(c for c in _NICE if ord(c) != av)
        if op == "ANY":
            return self.rng.choice(string.ascii_lowercase) if self.rng else "a"
        if op == "IN":
            return self.in_set(av)
        if op == "BRANCH":
            branches = av[1]
            chosen = self.rng.choice(branches) if self.rng else branches[0]
            return self.build(chosen)
        if op == "SUBPATTERN":
            group, body = av[0], av[-1]
            text = self.build(body)
            if group is not None:
                self.groups[group] = text
            return text
        if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = av
            high = low + 64 if high >= _parser.MAXREPEAT else high
            if self.rng is not None:
                count = self.rng.randint(low, min(high, low + 4))
            else:
                count = min(high, low + self.grow)
            return "".join(self.build(body) for _ in range(count))
        if op == "GROUPREF":
            return self.groups.get(av, "")
        if op == "GROUPREF_EXISTS":
            group, yes, no = av
            return self.build(yes if group in self.groups else (no or []))
        if op == "ATOMIC_GROUP":
            return self.build(av)
        return ""  # AT (anchors), ASSERT, ASSERT_NOT: no characters of their own

    def in_set(self, items: Any) -> str:
        negated = bool(items) and str(items[0][0]) == "NEGATE"
        choices: list[str] = []
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                choices.append(chr(av))
            elif name == "RANGE":
                low, high = av
                choices += [chr(c) for c in range(low, min(high, low + 25) + 1)]
            elif name == "CATEGORY":
                choices += _category(str(av))
        if negated:
            allowed = [c for c in _NICE if c not in choices]
            return self.rng.choice(allowed) if self.rng else allowed[0]
        if not choices:
            return "a"
        nice = [c for c in choices if c.isalnum()] or choices
        return self.rng.choice(choices) if self.rng else nice[0]


def _category(name: str) -> list[str]:
    return {
        "CATEGORY_DIGIT": list(string.digits),
        "CATEGORY_NOT_DIGIT": list(string.ascii_letters),
        "CATEGORY_WORD": list(string.ascii_letters + string.digits + "_"),
        "CATEGORY_NOT_WORD": list("-. "),
        "CATEGORY_SPACE": [" "],
        "CATEGORY_NOT_SPACE": list(string.ascii_letters + string.digits),
    }.get(name, ["a"])
