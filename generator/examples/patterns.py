"""Strings for a string schema: its `pattern` read as the generated runtime reads it, and
strings made to meet that pattern, the length bounds and the format.

The seam: everything that needs to understand a regular expression lives here. `matches`
and `compiles` are the runtime's own check (ECMA-262 `$`, uncompilable patterns skipped);
`regex_sample` walks Python's parse of a pattern to build a string it finds; `string_sample`
picks the string a `Samples` value uses for a `str` type.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from ..model.ir import Constraints
from ..templates.runtime._errors import RequestValidationError
from ..templates.runtime._types import Str, _regex

__all__ = ["compiles", "matches", "regex_sample", "string_sample"]

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


# --- patterns as the runtime reads them --------------------------------------------


def compiles(pattern: str) -> bool:
    """Whether the runtime can compile `pattern` (it skips the check of a pattern it cannot)."""
    return _regex(pattern) is not None


def matches(pattern: str, text: str) -> bool:
    """Whether `pattern` finds `text` as the runtime checks it (a pattern it cannot compile passes)."""
    try:
        Str(pattern=pattern).validate(text, "")
    except RequestValidationError:
        return False
    return True


# --- strings that match a regular expression ---------------------------------------

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
            for candidate in (
                text,
                text + "a" * (min_length - len(text)),
                "a" * (min_length - len(text)) + text,
            ):
                if min_length <= len(candidate) <= hi and matches(pattern, candidate):
                    return candidate
    return None


# --- a string for a string type ----------------------------------------------------


def string_sample(fmt: str | None, c: Constraints) -> str:
    """A string of format `fmt` within the length bounds of `c` that its pattern finds.

    The format's own sample, else a short candidate stretched or cut to the bounds, else
    one made from the pattern; "a" repeated to the minimum length when nothing fits.
    """
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
