"""Links: operations to call with values read from a response (OpenAPI Link Objects).

``client.<resource>.with_raw_response.<method>(...)`` of an operation whose responses
declare links returns a ``LinkedResponse``; its ``links`` has one method per link, which
calls the linked operation with the arguments the link reads from this response and its
request (``$response.body#/id``, ``$response.header.X``, ``$request.path.id``...).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import json
from collections.abc import Awaitable, Callable
from typing import Any, Generic, ParamSpec, TypeVar, cast

from ._base_client import AsyncAPIClient, SyncAPIClient
from ._errors import RequestValidationError, ResponseValidationError
from ._response import _RAW, APIResponse
from ._types import Model, TypeDesc, Unset

__all__ = [
    "AsyncLinks",
    "Expr",
    "Link",
    "LinkArg",
    "LinkedResponse",
    "SyncLinks",
    "Template",
    "async_linked_raw_response_wrapper",
    "linked_raw_response_wrapper",
]

T = TypeVar("T")
L = TypeVar("L")
R = TypeVar("R")
P = ParamSpec("P")

_MISSING = object()


@dataclasses.dataclass(frozen=True, slots=True)
class Expr:
    """A runtime expression. ``source``: ``url``, ``method``, ``statusCode``,
    ``request.path|query|header|body`` or ``response.header|body``; ``name``: the
    parameter or header name, or the body's JSON pointer; ``arg``: the call's
    argument holding that request parameter ("" when none does)."""

    source: str
    name: str = ""
    arg: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class Template:
    """A string with expressions embedded (``"/users/{$response.body#/id}"``)."""

    parts: tuple[str | Expr, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class LinkArg:
    """One argument of the linked call: an ``Expr``, a ``Template`` or a JSON constant,
    read into ``type``. ``fields`` spreads a body over the arguments of a method that
    takes its fields as keywords: (model attribute, argument) pairs."""

    py_name: str
    value: Any
    type: TypeDesc
    written: str
    fields: tuple[tuple[str, str], ...] | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Link:
    """A link of an operation's responses: its name, the statuses it is declared on and
    the arguments it gives."""

    name: str
    statuses: tuple[str, ...]
    args: tuple[LinkArg, ...] = ()


def _pointer(document: Any, pointer: str) -> Any:
    """The value at a JSON pointer, or ``_MISSING``."""
    if pointer == "":
        return document
    node = document
    for token in pointer[1:].split("/"):
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return _MISSING
    return node


def _json(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return _MISSING


def _status_matches(status: int, declared: str) -> bool:
    if declared == "default":
        return True
    if declared[1:].upper() == "XX":
        return str(status)[:1] == declared[:1]
    return str(status) == declared


class _Links:
    """What the link methods read: the response they are on and its request."""

    def __init__(self, response: APIResponse[Any]) -> None:
        self._response = response

    def __repr__(self) -> str:
        names = [n for n in vars(type(self)) if not n.startswith("_")]
        return f"<{type(self).__name__} {', '.join(names)}>"

    def _arguments(self, link: Link) -> dict[str, Any]:
        """The arguments ``link`` gives its operation; RequestValidationError when this
        response does not have what it reads (nothing is sent then)."""
        status = self._response.status_code
        if not any(_status_matches(status, s) for s in link.statuses):
            raise RequestValidationError(
                f"links.{link.name}",
                f"declared on the {' or '.join(link.statuses)} response, not on {status}",
            )
        args: dict[str, Any] = {}
        for arg in link.args:
            where = f"links.{link.name}: {arg.py_name or 'body'}"
            value = self._given(arg.value)
            if value is _MISSING:  # read from the wire: typed as the argument is
                value = _read(
                    arg.type, self._value(arg.value, where, arg.written), where
                )
            if arg.fields is None:
                args[arg.py_name] = value
                continue
            for attribute, name in arg.fields:
                field = (
                    getattr(value, attribute, _MISSING)
                    if isinstance(value, Model)
                    else _MISSING
                )
                if field is not _MISSING and not isinstance(field, Unset):
                    args[name] = field
        return args

    def _given(self, value: Any) -> Any:
        """The call's own argument an expression names, as it was given (or _MISSING)."""
        if not isinstance(value, Expr) or not value.arg:
            return _MISSING
        given = self._response.request_args.get(value.arg, _MISSING)
        return _MISSING if isinstance(given, Unset) else given

    def _value(self, value: Any, where: str, written: str) -> Any:
        if isinstance(value, Template):
            return "".join(
                p if isinstance(p, str) else _text(self._value(p, where, written))
                for p in value.parts
            )
        if not isinstance(value, Expr):
            return copy.deepcopy(value)
        found = self._expression(value)
        if found is _MISSING:
            side = "request" if value.source.startswith("request.") else "response"
            raise RequestValidationError(where, f"{written}: not in this {side}")
        return found

    def _expression(self, expr: Expr) -> Any:
        response = self._response.http_response
        request = response.request
        side, _, place = expr.source.partition(".")
        if expr.source == "url":
            return str(request.url)
        if expr.source == "method":
            return request.method
        if expr.source == "statusCode":
            return response.status_code
        if side == "response":
            if place == "header":
                return response.headers.get(expr.name, _MISSING)
            return _pointer(_json(response.content), expr.name)
        given = self._given(expr)
        if given is not _MISSING:
            return given
        if place == "query":
            return request.url.params.get(expr.name, _MISSING)
        if place == "header":
            return request.headers.get(expr.name, _MISSING)
        if place == "body":
            return _pointer(_json(request.content), expr.name)
        return _MISSING


def _text(value: Any) -> str:
    """A value as it is embedded in a template: text as it is, dates in ISO 8601."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float, list, dict)) or value is None:
        return json.dumps(value, separators=(",", ":"))
    return str(value.isoformat() if hasattr(value, "isoformat") else value)


def _read(t: TypeDesc, value: Any, where: str) -> Any:
    """``value`` (JSON, or text from a header or URL) as the argument's type: a number
    from text (``"42"``) or text from a number where the type asks for it."""
    try:
        return t.deserialize(value, "")
    except ResponseValidationError as first:
        if isinstance(value, str):
            other: Any = _json(value.encode())
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            other = _text(value)
        else:
            other = _MISSING
        if other is not _MISSING:
            try:
                return t.deserialize(other, "")
            except ResponseValidationError:
                pass
        raise RequestValidationError(where, first.message) from None


class SyncLinks(_Links):
    """The links of a response of a ``Client`` call."""

    def __init__(self, client: SyncAPIClient, response: APIResponse[Any]) -> None:
        super().__init__(response)
        self._client = client


class AsyncLinks(_Links):
    """The links of a response of an ``AsyncClient`` call."""

    def __init__(self, client: AsyncAPIClient, response: APIResponse[Any]) -> None:
        super().__init__(response)
        self._client = client


class LinkedResponse(APIResponse[T], Generic[T, L]):
    """An ``APIResponse`` whose operation declares links: ``links.<name>(...)`` calls
    the linked operation with the values the link reads from this response."""

    __slots__ = ("links",)

    def __init__(
        self, response: APIResponse[T], links: Callable[[APIResponse[Any]], L]
    ) -> None:
        super().__init__(
            response.http_response,
            response.parsed,
            response.validation_problems,
            response.request_args,
        )
        self.links = links(self)


def linked_raw_response_wrapper(
    func: Callable[P, R], links: Callable[[APIResponse[Any]], L]
) -> Callable[P, LinkedResponse[R, L]]:
    """Wrap a client method so that it returns a ``LinkedResponse``."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> LinkedResponse[R, L]:
        token = _RAW.set(True)
        try:
            raw = cast("APIResponse[R]", func(*args, **kwargs))
        finally:
            _RAW.reset(token)
        return LinkedResponse(raw, links)

    return wrapped


def async_linked_raw_response_wrapper(
    func: Callable[P, Awaitable[R]], links: Callable[[APIResponse[Any]], L]
) -> Callable[P, Awaitable[LinkedResponse[R, L]]]:
    """Wrap an async client method so that it returns a ``LinkedResponse``."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> LinkedResponse[R, L]:
        token = _RAW.set(True)
        try:
            raw = cast("APIResponse[R]", await func(*args, **kwargs))
        finally:
            _RAW.reset(token)
        return LinkedResponse(raw, links)

    return wrapped
