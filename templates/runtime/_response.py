"""``APIResponse`` and the raw-response wrappers.

``raw_response_wrapper(resource.method)`` returns a function with the same
parameters that returns ``APIResponse[<result>]`` (HTTP status, headers and the
parsed result) instead of the parsed result alone.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx

from ._types import ValidationProblem

__all__ = ["APIResponse", "async_raw_response_wrapper", "raw_response_wrapper"]

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")

# Set while a raw-response wrapper runs: the client then returns an APIResponse.
_RAW: contextvars.ContextVar[bool] = contextvars.ContextVar("_RAW", default=False)


class APIResponse(Generic[T]):
    """A parsed result together with the HTTP response it came from.

    ``validation_problems`` lists where the body departed from its schema (read
    tolerantly: see ``Client(strict_responses=...)``); empty when it matched.
    ``request_args`` are the arguments of the call, by Python name (links read them).
    """

    __slots__ = ("http_response", "parsed", "request_args", "validation_problems")

    def __init__(
        self,
        http_response: httpx.Response,
        parsed: T,
        validation_problems: tuple[ValidationProblem, ...] = (),
        request_args: Mapping[str, Any] | None = None,
    ) -> None:
        self.http_response = http_response
        self.parsed = parsed
        self.validation_problems = validation_problems
        self.request_args: Mapping[str, Any] = request_args or {}

    @property
    def status_code(self) -> int:
        """HTTP status code."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """Response headers."""
        return self.http_response.headers

    def parse(self) -> T:
        """The parsed result (the same as ``parsed``): for an operation answering a
        stream of items, its iterator, read from the still open response."""
        return self.parsed

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] parsed={self.parsed!r}>"


def raw_response_wrapper(func: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """Wrap a client method so that it returns an ``APIResponse``."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = _RAW.set(True)
        try:
            return cast("APIResponse[R]", func(*args, **kwargs))
        finally:
            _RAW.reset(token)

    return wrapped


def async_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[APIResponse[R]]]:
    """Wrap an async client method so that it returns an ``APIResponse``."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = _RAW.set(True)
        try:
            return cast("APIResponse[R]", await func(*args, **kwargs))
        finally:
            _RAW.reset(token)

    return wrapped
