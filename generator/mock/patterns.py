"""Regular expressions from the spec (`pattern`, `patternProperties`), matched with a bound.

A spec's pattern runs on text that any client sends, and Python's `re` backtracks:
`^(a+)+$` against thirty `a`s and a `b` runs for minutes while holding the GIL, so
one request would stop every other one. Patterns run on the `regex` package instead:
the same syntax as `re` (so lookarounds and back-references in real specs keep
working, which a linear-time engine such as RE2 refuses), it releases the GIL while
it matches, and it takes a timeout. A pattern that exceeds the timeout is reported
once as a warning and counted as matching from then on: the mock cannot decide it,
so it neither refuses the value nor spends the time again.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import Any

import regex

__all__ = ["TIMEOUT", "compiled", "search", "undecidable"]

TIMEOUT = 0.25  # seconds one match may take
_log = logging.getLogger("leadgen.mock")
_lock = threading.Lock()
_undecidable: set[str] = set()


@lru_cache(maxsize=4096)
def compiled(pattern: str) -> Any:
    """The compiled pattern, or None when `regex` cannot read it."""
    try:
        return regex.compile(pattern)
    except (regex.error, ValueError, OverflowError):
        return None


def undecidable() -> frozenset[str]:
    """The patterns given up on so far (a match ran out of time)."""
    with _lock:
        return frozenset(_undecidable)


def search(pattern: str, text: str) -> bool:
    """Whether `pattern` matches somewhere in `text` (True when it cannot be told in time)."""
    found = compiled(pattern)
    if found is None:
        return True  # not a pattern the mock can read: no grounds to refuse the value
    with _lock:
        if pattern in _undecidable:
            return True
    try:
        return found.search(text, timeout=TIMEOUT) is not None
    except TimeoutError:
        with _lock:
            first = pattern not in _undecidable
            _undecidable.add(pattern)
        if first:
            _log.warning(
                "leadgen mock: warning: pattern %r takes longer than %ss to match; "
                "values are no longer checked against it",
                pattern,
                TIMEOUT,
            )
        return True
