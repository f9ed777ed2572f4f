"""The only way spec text becomes Python: inert literals, docstrings and comments.

Templates never place spec text between quotes themselves; they call these
functions (as Jinja filters), whose output is always a valid Python token that
can neither execute nor break out of its context.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["py_comment", "py_docstring", "py_literal", "py_str"]


def py_str(text: str) -> str:
    """A Python string literal for `text` (repr escapes quotes, controls, surrogates)."""
    return repr(str(text))


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
    text = "".join(_printable(c) for c in text)
    lines = [line.rstrip() for line in text.strip().split("\n")]
    text = "\n".join(lines)
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    return text


def py_comment(text: str) -> str:
    """One line of text safe after `#`: no line breaks, no control characters."""
    flat = " ".join(str(text).split())
    return "".join(c if c.isprintable() else "?" for c in flat)
