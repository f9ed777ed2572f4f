"""JSON Schema `pattern`s (ECMA-262 dialect) as Python regular expressions, and the check for
patterns that Python's backtracking engine could take super-linear time on.

`\\d`, `\\w` and `\\s` mean ASCII digits, ASCII word characters and the ECMA-262 white space set;
Python's would also accept other Unicode digits and letters, so they are written out as explicit
classes. A pattern where a repeated group can match the same text in more than one way (nested
quantifiers such as `(a+)+`, overlapping alternatives under a quantifier such as `(a|a)*`) is
reported as super-linear: the client does not check it.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

__all__ = ["ecma_to_python", "super_linear"]

_WHITESPACE = (
    "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
_CLASSES = {"d": "0-9", "w": "A-Za-z0-9_", "s": _WHITESPACE}


def ecma_to_python(pattern: str) -> str:
    """`pattern` with the ECMA-262 meaning of `\\d \\w \\s \\D \\W \\S` written out."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt.lower() in _CLASSES:
                body = _CLASSES[nxt.lower()]
                if in_class:
                    out.append(body if nxt.islower() else "\\" + nxt)  # negated: kept as is
                else:
                    out.append(f"[{body}]" if nxt.islower() else f"[^{body}]")
            else:
                out.append(char + nxt)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # a literal ] first in the class
                out.append("]")
                i += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        i += 1
    return "".join(out)


_NEW = sys.version_info >= (3, 11)  # the parser moved into `re` (the old names warn)
_sre: Any = importlib.import_module("re._constants" if _NEW else "sre_constants")
_sre_parse: Any = importlib.import_module("re._parser" if _NEW else "sre_parse")

_SAMPLE = frozenset(chr(c) for c in range(128)) | {"\u00e9", "\u00a0", "\u0663"}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)}
_CATEGORY = {
    _sre.CATEGORY_DIGIT: re.compile(r"\d"),
    _sre.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    _sre.CATEGORY_WORD: re.compile(r"\w"),
    _sre.CATEGORY_NOT_WORD: re.compile(r"\W"),
    _sre.CATEGORY_SPACE: re.compile(r"\s"),
    _sre.CATEGORY_NOT_SPACE: re.compile(r"\S"),
}


def _class_chars(items: Any) -> frozenset[str]:
    chars: set[str] = set()
    negate = False
    for op, av in items:
        if op is _sre.NEGATE:
            negate = True
        elif op is _sre.LITERAL:
            chars.add(chr(av))
        elif op is _sre.RANGE:
            chars |= {c for c in _SAMPLE if av[0] <= ord(c) <= av[1]}
        elif op is _sre.CATEGORY and av in _CATEGORY:
            chars |= {c for c in _SAMPLE if _CATEGORY[av].match(c)}
        else:
            chars |= _SAMPLE
    return _SAMPLE - chars if negate else frozenset(chars)


def _first(seq: Any) -> tuple[frozenset[str], bool]:
    """(the characters a sequence may start with, whether it may match the empty text)."""
    found: frozenset[str] = frozenset()
    for op, av in seq:
        first, empty = _first_item(op, av)
        found |= first
        if not empty:
            return found, False
    return found, True


def _first_item(op: Any, av: Any) -> tuple[frozenset[str], bool]:
    if op is _sre.LITERAL:
        return frozenset({chr(av)}), False
    if op is _sre.NOT_LITERAL:
        return _SAMPLE - {chr(av)}, False
    if op is _sre.ANY:
        return _SAMPLE, False
    if op is _sre.IN:
        return _class_chars(av), False
    if op is _sre.SUBPATTERN:
        return _first(av[-1])
    if op is _sre.BRANCH:
        firsts = [_first(alt) for alt in av[1]]
        return frozenset().union(*(f for f, _ in firsts)), any(e for _, e in firsts)
    if op in _REPEATS:
        first, empty = _first(av[2])
        return first, empty or av[0] == 0
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return frozenset(), True
    return _SAMPLE, True


def _flat(seq: Any) -> list[tuple[Any, Any]]:
    """A sequence with its plain groups inlined: the items matched one after the other."""
    items = []
    for op, av in seq:
        if op is _sre.SUBPATTERN:
            items += _flat(av[-1])
        else:
            items.append((op, av))
    return items


def _ambiguous(body: Any) -> bool:
    """Whether a repeated `body` may split the same text over its iterations in several ways:
    an iteration may match nothing (`(a*)*`), or a repeat inside it may also match what follows
    it, within the iteration or at the start of the next one (`(a+)+`, `(.*a){2,}`)."""
    start, empty = _first(body)
    if empty:
        return True
    items = _flat(body)
    for i, (op, av) in enumerate(items):
        if op in _REPEATS and av[1] > 1:
            follow, rest_empty = _first(items[i + 1 :])
            if rest_empty:
                follow |= start
            if _first(av[2])[0] & follow:
                return True
        elif op is _sre.BRANCH and _ambiguous_branch([(op, av)]):
            return True
    return False


def _ambiguous_branch(seq: Any) -> bool:
    for op, av in seq:
        if op is _sre.BRANCH:
            firsts = [_first(alt)[0] for alt in av[1]]
            return any(a & b for i, a in enumerate(firsts) for b in firsts[i + 1 :])
        if op is _sre.SUBPATTERN:
            return _ambiguous_branch(av[-1])
        return False
    return False


def _walk(seq: Any) -> bool:
    for op, av in seq:
        if op in _REPEATS:
            if av[1] > 1 and _ambiguous(av[2]):
                return True
            if _walk(av[2]):
                return True
        elif op is _sre.SUBPATTERN:
            if _walk(av[-1]):
                return True
        elif op is _sre.BRANCH:
            if any(_walk(alt) for alt in av[1]):
                return True
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT) and _walk(av[1]):
            return True
    return False


def super_linear(pattern: str) -> bool:
    """Whether backtracking may take super-linear time on some text (False if it cannot parse)."""
    try:
        return _walk(_sre_parse.parse(pattern))
    except (re.error, RecursionError, OverflowError, TypeError, IndexError):
        return False
