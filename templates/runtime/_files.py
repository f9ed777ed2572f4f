"""File arguments: ``bytes``, a binary file object, an (async) iterable of bytes, or a
``(filename, content)`` / ``(filename, content, content_type)`` tuple.

In a multipart body the part's filename is the tuple's, else the file object's base
name (from ``.name``), else the field name.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterable, Iterable
from typing import IO, Any, TypeAlias

from ._errors import RequestValidationError

__all__ = ["FileContent", "FileInput", "file_part", "is_file_input"]

FileContent: TypeAlias = bytes | IO[bytes] | Iterable[bytes] | AsyncIterable[bytes]
FileInput: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str]
)


def _is_content(value: object) -> bool:
    if isinstance(value, (bytes, bytearray)):
        return True
    if isinstance(value, (str, memoryview, dict, list, tuple)):
        return False
    return callable(getattr(value, "read", None)) or isinstance(
        value, (Iterable, AsyncIterable)
    )


def is_file_input(value: object) -> bool:
    """Whether ``value`` has one of the ``FileInput`` shapes."""
    if isinstance(value, tuple):
        return (
            len(value) in (2, 3)
            and (value[0] is None or isinstance(value[0], str))
            and _is_content(value[1])
            and (len(value) == 2 or isinstance(value[2], str))
        )
    return _is_content(value)


def _read_all(content: Any, path: str) -> bytes:
    if isinstance(content, (bytes, bytearray)):
        return bytes(content)
    if isinstance(content, AsyncIterable):
        raise RequestValidationError(path, "an async iterator cannot be a form part")
    data = content.read() if callable(getattr(content, "read", None)) else None
    if data is None:
        chunks = list(content)
        if not all(isinstance(c, (bytes, bytearray)) for c in chunks):
            raise RequestValidationError(path, "an iterable must yield bytes")
        data = b"".join(chunks)
    if not isinstance(data, (bytes, bytearray)):
        raise RequestValidationError(path, "files must be opened in binary mode")
    return bytes(data)


def _basename(content: Any) -> str | None:
    name = getattr(content, "name", None)
    if isinstance(name, str) and name and not name.startswith("<"):
        return os.path.basename(name) or None
    return None


def file_part(field: str, value: Any) -> tuple[str, bytes, str]:
    """(filename, content, content type) of a multipart file field."""
    filename: str | None = None
    content_type = "application/octet-stream"
    if isinstance(value, tuple):
        filename, value, *rest = value
        if rest and rest[0]:
            content_type = rest[0]
    if any(c in content_type for c in "\r\n\x00"):
        raise RequestValidationError(field, "content type contains CR, LF or NUL")
    filename = filename or _basename(value) or field
    return filename, _read_all(value, field), content_type
