"""The command table ``cli.py`` fills in, and how flag text becomes method arguments.

One ``Command`` per operation, one ``Flag`` per parameter or top-level body field;
``Credential`` and ``ServerVariable`` are the Client's own options. A flag's text is
read as the runtime descriptor of its argument says (scalars as typed, the rest as
JSON, ``@FILE`` and ``-`` for bytes), merged with ``--body`` and ``--null``, and built
into the Python values the method takes; errors name the flag they came from. Parsing
the command line and running the command are ``_cli``'s.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._errors import ResponseValidationError
from ._request import Operation
from ._types import (
    AnyT,
    Arr,
    Binary,
    Bool,
    Date,
    DateTime,
    Float,
    Int,
    Lit,
    Map,
    Nullable,
    Ref,
    Str,
    TypeDesc,
    Union,
    Uuid,
    _ptr,
)

__all__ = ["Command", "Credential", "Flag", "ServerVariable"]

# Namespace keys of --body and --null (flags use "flag:<py_name>").
_BODY, _NULL = "cli:body", "cli:null"
_TEXT_TYPES = (Str, DateTime, Date, Uuid, Binary)
_METAVARS: tuple[tuple[type[TypeDesc], str], ...] = (
    (Bool, "BOOL"),
    (Int, "INT"),
    (Float, "NUMBER"),
    (DateTime, "DATETIME"),
    (Date, "DATE"),
    (Uuid, "UUID"),
    (Binary, "TEXT|@FILE"),
    (Str, "TEXT"),
)
_PLAIN_CHOICE = re.compile(r"^[\w.@+:/-]+$")
_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


# --- the table cli.py fills in -------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Flag:
    """``--name`` sets the method argument ``py_name`` (a parameter or body field)."""

    name: str
    py_name: str
    help: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class Command:
    """One operation: ``words`` select it, ``client.<resource>.<method>`` runs it."""

    words: tuple[str, ...]
    resource: str
    method: str
    operation: Operation
    summary: str = ""
    description: str = ""
    flags: tuple[Flag, ...] = ()
    body_help: str = ""
    deprecated: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Credential:
    """A Client credential argument; ``basic`` ones are given as USER:PASSWORD."""

    name: str
    py_name: str
    env_var: str
    basic: bool = False
    help: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class ServerVariable:
    """A variable of the server URL template, passed to the Client by name."""

    name: str
    py_name: str
    default: str
    choices: tuple[str, ...] = ()
    help: str = ""


class _UsageError(Exception):
    """A flag value the engine cannot turn into an argument."""


# --- flag kinds ----------------------------------------------------------------------


def _bare(t: TypeDesc) -> TypeDesc:
    return t.inner if isinstance(t, Nullable) else t


def _is_scalar(t: TypeDesc) -> bool:
    return isinstance(_bare(t), (*_TEXT_TYPES, Int, Float, Bool, Lit))


def _accepts_text(t: TypeDesc) -> bool:
    t = _bare(t)
    if isinstance(t, Union):
        return any(_accepts_text(v) for v in t.variants)
    return isinstance(t, (AnyT, *_TEXT_TYPES))


def _text(value: object) -> str:
    """How a JSON scalar is typed on the command line."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return str(value)


def _metavar(t: TypeDesc) -> str:
    t = _bare(t)
    if isinstance(t, Lit):
        texts = [_text(v) for v in t.values]
        if all(_PLAIN_CHOICE.match(x) for x in texts) and len(",".join(texts)) < 60:
            return "{" + ",".join(texts) + "}"
        return "CHOICE"
    return next((m for cls, m in _METAVARS if isinstance(t, cls)), "JSON")


def _scalar(t: TypeDesc, text: str) -> Any:
    """Flag text -> the JSON value it stands for."""
    t = _bare(t)
    if isinstance(t, Lit):
        for value in t.values:
            if _text(value) == text:
                return value
        allowed = ", ".join(_text(v) for v in t.values)
        raise _UsageError(f"invalid choice {text!r} (choose from {allowed})")
    if isinstance(t, Bool):
        if text.lower() in _TRUE + _FALSE:
            return text.lower() in _TRUE
        raise _UsageError(f"expected true or false, got {text!r}")
    if isinstance(t, (Int, Float)):
        try:
            return int(text) if isinstance(t, Int) else float(text)
        except ValueError:
            kind = "an integer" if isinstance(t, Int) else "a number"
            raise _UsageError(f"expected {kind}, got {text!r}") from None
    if isinstance(t, Binary) and text.startswith("@"):
        return _read(text)
    return text


def _json(t: TypeDesc, text: str) -> Any:
    """JSON flag text -> its value; plain text where the type accepts a string."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        if _accepts_text(t):
            return text
        raise _UsageError(f"invalid JSON: {exc}") from None


def _from_flag(t: TypeDesc, raw: Any) -> Any:
    """What argparse collected for a flag -> the JSON value it stands for."""
    if isinstance(raw, bool):
        return raw
    bare = _bare(t)
    if isinstance(bare, Arr) and isinstance(raw, list):
        if len(raw) == 1 and raw[0].lstrip().startswith("["):
            return _json(bare, raw[0])
        convert = _scalar if _is_scalar(bare.item) else _json
        return [convert(bare.item, text) for text in raw]
    return _scalar(t, raw) if _is_scalar(t) else _json(t, raw)


def _python(t: TypeDesc, value: Any, path: str) -> Any:
    """A JSON value -> the Python argument the method takes; ResponseValidationError
    if it cannot be one. Like ``deserialize``, in the request direction: read-only
    properties may be absent (the Python API's own models allow that too)."""
    if value is None:
        return None
    if isinstance(t, Nullable):
        return _python(t.inner, value, path)
    if isinstance(t, Arr) and isinstance(value, list):
        return [_python(t.item, v, _ptr(path, i)) for i, v in enumerate(value)]
    if isinstance(t, Map) and isinstance(value, dict):
        return {k: _python(t.value, v, _ptr(path, k)) for k, v in value.items()}
    if isinstance(t, Union):
        if t.discriminator is not None and isinstance(value, dict):
            tag = value.get(t.discriminator)
            for key, variant in t.mapping:
                if key == tag:
                    return _python(variant, value, path)
        errors: list[ResponseValidationError] = []
        for variant in t.variants:
            try:
                return _python(variant, value, path)
            except ResponseValidationError as exc:
                errors.append(exc)
        raise max(errors, key=lambda e: len(e.path))
    if isinstance(t, Ref) and isinstance(value, dict):
        cls = t.resolve()
        kwargs: dict[str, Any] = {}
        for f in cls.__fields__:
            if f.wire_name in value:
                kwargs[f.py_name] = _python(
                    f.type, value[f.wire_name], _ptr(path, f.wire_name)
                )
            elif f.required and getattr(f, "access", "") != "read":
                raise ResponseValidationError(
                    _ptr(path, f.wire_name), "required property is missing"
                )
        extra = cls.__extra__
        kwargs["additional_properties"] = {
            k: v if extra is None else _python(extra, v, _ptr(path, k))
            for k, v in value.items()
            if k not in cls._wire_names
        }
        return cls(**kwargs)
    return t.deserialize(value, path)


def _read(source: str) -> bytes:
    """``-`` (stdin) or ``@path`` -> bytes."""
    try:
        if source == "-":
            return sys.stdin.buffer.read()
        return Path(source[1:]).read_bytes()
    except OSError as exc:
        raise _UsageError(
            f"cannot read {source[1:] or 'stdin'}: {exc.strerror}"
        ) from None


def _pointer_to_dotted(pointer: str) -> str:
    """``/updates/0/name`` -> ``.updates[0].name``."""
    out = ""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        out += f"[{token}]" if token.isdigit() else f".{token}"
    return out


# --- arguments of a command ----------------------------------------------------------


def _missing(call: Callable[..., Any], args: dict[str, Any]) -> list[str]:
    """Required arguments of the method that no flag gave (Python would raise TypeError)."""
    return [
        name
        for name, p in inspect.signature(call).parameters.items()
        if p.default is p.empty and p.kind is not p.VAR_KEYWORD and name not in args
    ]


def _field_required(op: Operation, py_name: str) -> bool:
    fields = op.body.fields if op.body is not None else None
    return any(f.py_name == py_name and f.required for f in fields or ())


def _types(op: Operation) -> dict[str, TypeDesc]:
    types = {p.py_name: p.type for p in op.params}
    if op.body is not None:
        types.update({f.py_name: f.type for f in op.body.fields or ()})
    return types


def _arguments(command: Command, values: dict[str, Any]) -> dict[str, Any]:
    """Method keyword arguments from --body, the flags and --null, in that order."""
    op = command.operation
    types = _types(op)
    wire: dict[str, Any] = {}  # py_name -> JSON value
    if _BODY in values and op.body is not None:
        wire.update(_body(op, values[_BODY]))
    for flag in command.flags:
        raw = values.get(f"flag:{flag.py_name}")
        if raw is not None:
            try:
                wire[flag.py_name] = _from_flag(types[flag.py_name], raw)
            except _UsageError as exc:
                raise _UsageError(f"argument {flag.name}: {exc}") from None
    for target in values.get(_NULL, []):
        _set_null(command, values, wire, target)
    labels = {f.py_name: f.name for f in command.flags} | {"body": "--body"}
    args: dict[str, Any] = {}
    for py_name, value in wire.items():
        t = types.get(py_name) or (op.body.type if op.body else AnyT())
        try:
            args[py_name] = _python(t, value, "")
        except ResponseValidationError as exc:
            where = labels[py_name] + _pointer_to_dotted(exc.path)
            raise _UsageError(f"{where}: {exc.message}") from None
    return args


def _set_null(
    command: Command, values: dict[str, Any], wire: dict[str, Any], target: str
) -> None:
    """--null FLAG: that argument is None; --null FLAG.KEY: a key inside it is."""
    name, *keys = target.removeprefix("--").split(".")
    flag = next((f for f in command.flags if f.name[2:] == name), None)
    if flag is None:
        known = ", ".join(sorted(f.name[2:] for f in command.flags))
        raise _UsageError(f"--null: no flag {name!r} (choose from {known})")
    if not keys:
        if values.get(f"flag:{flag.py_name}") is not None:
            raise _UsageError(f"--null {name}: {flag.name} is given too")
        wire[flag.py_name] = None
        return
    node = wire.setdefault(flag.py_name, {})
    for key in keys[:-1]:
        node = node.setdefault(key, {}) if isinstance(node, dict) else None
    if not isinstance(node, dict):
        raise _UsageError(f"--null {target}: {flag.name} is not an object there")
    node[keys[-1]] = None


def _body(op: Operation, source: str) -> dict[str, Any]:
    """--body -> {"body": value}, or {field py_name: value} for a flattened body."""
    assert op.body is not None
    raw = _read(source) if source == "-" or source.startswith("@") else source.encode()
    kind = _bare(op.body.type)
    if op.body.fields is None and isinstance(kind, Binary):
        return {"body": raw}
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        raise _UsageError("--body: not UTF-8 text") from None
    if op.body.fields is None and isinstance(kind, Str):
        return {"body": text}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _UsageError(f"--body: invalid JSON: {exc}") from None
    if op.body.fields is None:
        return {"body": value}
    if not isinstance(value, dict):
        raise _UsageError("--body: must be a JSON object")
    fields = {f.wire_name: f.py_name for f in op.body.fields}
    unknown = sorted(set(value) - set(fields))
    if unknown:
        known = ", ".join(fields)
        raise _UsageError(f"--body: unknown field {unknown[0]!r} (known: {known})")
    return {fields[k]: v for k, v in value.items()}


def _label(command: Command, path: str) -> str:
    """An argument name or validation error path (``body.platformIds[3]``) as its flag."""
    op = command.operation
    flags = {f.py_name: f.name for f in command.flags}
    prefixes = [(p.py_name, flags.get(p.py_name, p.py_name)) for p in op.params]
    prefixes += [(p.wire_name, flags.get(p.py_name, p.wire_name)) for p in op.params]
    if op.body is not None:
        for f in op.body.fields or ():
            flag = flags.get(f.py_name, f.py_name)
            prefixes += [(f"body.{f.wire_name}", flag), (f.py_name, flag)]
        prefixes.append(("body", "--body"))
    for prefix, flag in sorted(prefixes, key=lambda p: -len(p[0])):
        if path == prefix or (path.startswith(prefix) and path[len(prefix)] in ".["):
            return flag + path[len(prefix) :]
    return path
