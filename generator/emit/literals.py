"""The only way spec text becomes Python: inert literals, docstrings and comments.

Templates never place spec text between quotes themselves; they call these
functions (as Jinja filters), whose output is always a valid Python token that
can neither execute nor break out of its context.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

__all__ = ["py_comment", "py_docstring", "py_docstring_at", "py_literal", "py_str"]


@functools.lru_cache(maxsize=1 << 16, typed=True)  # names and descriptions recur across a spec
def py_str(text: str) -> str:
    """A Python string literal for `text` (repr escapes quotes, controls, surrogates).

    Quotes follow black's rule (double quotes unless that needs more escapes),
    so the formatter has less to change.
    """
    literal = repr(str(text))
    if literal[0] == '"':
        return literal
    body = literal[1:-1]
    swapped = body.replace("\\'", "'").replace('"', '\\"')
    if swapped.count('\\"') > body.count("\\'"):
        return literal
    return '"' + swapped + '"'


def py_literal(value: Any) -> str:
    """A Python literal for a JSON value: str, int, float, bool, None, list, dict."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else '-float("inf")'
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{py_str(str(k))}: {py_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    return py_str(str(value))


def _printable(char: str) -> str:
    if char in "\n\t" or char.isprintable():
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def py_docstring(text: str) -> str:
    """Text safe between triple double quotes: backslashes first, then quotes, then controls."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if not text.replace("\n", "").replace("\t", "").isprintable():  # rare: escape char by char
        text = "".join(_printable(c) for c in text)
    lines = [line.rstrip() for line in text.strip().split("\n")]
    text = "\n".join(lines)
    if text.endswith('"'):
        head = text[:-1]
        if (len(head) - len(head.rstrip("\\"))) % 2 == 0:  # the quote is not escaped yet
            text = head + '\\"'
    return text


def _leading_tabs_expanded(line: str) -> str:
    """`line` with the tabs of its indentation expanded to 4-column stops, as black does in a
    docstring."""
    stripped = line.lstrip()
    prefix = line[: len(line) - len(stripped)]
    return prefix.expandtabs(4) + stripped if "\t" in prefix else line


def py_docstring_at(text: str, indent: int) -> str:
    """`py_docstring` laid out as black lays out a docstring indented by `indent` spaces.

    Continuation lines are re-indented, and a closing quote that would not fit
    on the last line goes on a line of its own, so black has nothing to change.
    """
    lines = [_leading_tabs_expanded(line) for line in py_docstring(text).split("\n")]
    rest = [line for line in lines[1:] if line.strip()]
    common = min((len(line) - len(line.lstrip(" ")) for line in rest), default=0)
    pad = " " * indent
    out = [lines[0]] + [pad + line[common:] if line.strip() else "" for line in lines[1:]]
    body = "\n".join(out)
    if body.startswith('"'):
        body = " " + body
    if len(out) > 1 and len(out[-1]) + 3 > 88:
        return body + "\n" + pad
    if body.endswith('"'):
        body += " "
    return body


def py_comment(text: str) -> str:
    """One line of text safe after `#`: no line breaks, no control characters, and no
    `coding:` cookie (on a file's first line it would re-decode the file, e.g. as UTF-7)."""
    flat = " ".join(str(text).split())
    flat = "".join(c if c.isprintable() else "?" for c in flat)
    return re.sub(r"(?i)(coding)\s*([:=])", r"\1 \2", flat)
