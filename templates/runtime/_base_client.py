"""HTTP machinery of the generated clients.

Generated resources describe each endpoint with an ``Operation`` and call
``client.request(op, args)``. ``BaseClient`` holds the state and the logic shared by
``SyncAPIClient`` and ``AsyncAPIClient``, which add the send/retry loop.

The seam: this module is the I/O shell around four pure ones. Building a request from
the descriptors is ``_request``'s (the descriptors are re-exported here, where generated
code imports them from), when to retry is ``_retry``'s, what a final response stands
for is ``_decode``'s, and which server host is a placeholder ``_hosts``'. Here: credentials and their redaction, sending, reading
the body within the timeout, retrying, logging. Streamed responses (``_streaming``)
skip the reading; pagination (``_pagination``) may redirect a built request.

Responses are read tolerantly unless ``strict_responses``: a 2xx body that does not
match its schema is still returned, its problems listed on the result and logged.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from ._decode import parse_success, status_error
from ._errors import APIConnectionError, APITimeoutError
from ._hosts import is_placeholder_host
from ._pagination import follow_link
from ._request import (
    IDEMPOTENCY_HEADER,
    Body,
    Credential,
    Operation,
    Param,
    SecurityScheme,
    _auth_value,
    _put_header,
    build_request,
)
from ._response import _RAW, APIResponse
from ._retry import retry_delay, should_retry
from ._streaming import AsyncStreamedResponse, StreamedResponse, streaming_requested
from ._types import CHECK_FORMATS, UNSET, Unset, ValidationProblem

__all__ = [
    "AsyncAPIClient",
    "BaseClient",
    "Body",
    "Credential",
    "Operation",
    "Param",
    "SecurityScheme",
    "SyncAPIClient",
    "is_placeholder_host",
    "operation_base_url",
    "resolve_base_url",
    "retry_delay",
    "should_retry",
]

log = logging.getLogger(__package__)

_SyncC = TypeVar("_SyncC", bound="SyncAPIClient")
_AsyncC = TypeVar("_AsyncC", bound="AsyncAPIClient")
_LOGGED_PROBLEMS = 5  # problems named in one warning; the rest are counted


# --- reading the body ------------------------------------------------------------


def _body_limit(request: httpx.Request) -> float:
    """Seconds the whole response body may take: the read timeout, per attempt."""
    timeout = request.extensions.get("timeout") or {}
    read = timeout.get("read") if isinstance(timeout, dict) else None
    return float(read) if isinstance(read, (int, float)) else float("inf")


def _body_timeout(request: httpx.Request) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(
        "the response body took longer than the timeout", request=request
    )


def _rebuilt(response: httpx.Response, raw: bytes) -> httpx.Response:
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        content=raw,
        request=response.request,
        extensions=response.extensions,
    )


def _sent_request(
    response: httpx.Response | None, error: Exception | None
) -> httpx.Request | None:
    try:
        return response.request if response is not None else error.request  # type: ignore[union-attr]
    except (AttributeError, RuntimeError):
        return None


# --- the server URL --------------------------------------------------------------

# Characters that would move a server variable's value into another URL part.
_URL_STRUCTURE = frozenset("/\\?#@:[]%{}<>\"'`^| ")

# A server variable: (name in the URL, Python name, value or None, allowed values).
ServerValue = tuple[str, str, "str | None", tuple[str, ...]]


def _server_value(py_name: str, value: str, allowed: tuple[str, ...]) -> str:
    """A server variable's value checked against its enum and percent-encoded."""
    if allowed:
        if value not in allowed:
            choices = ", ".join(repr(a) for a in allowed)
            raise ValueError(f"{py_name}: {value!r} is not one of {choices}")
        return value
    if not value or any(c in _URL_STRUCTURE or not c.isprintable() for c in value):
        raise ValueError(f"{py_name}: {value!r} would change the server URL")
    return quote(value, safe="")


def resolve_base_url(
    base_url: str | None,
    *,
    env_var: str,
    server_url: str,
    variables: Sequence[ServerValue] = (),
    is_default: bool = True,
) -> str:
    """The URL a client talks to: ``base_url``, else ``$env_var``, else the spec's
    server URL with its variables filled in.

    The spec's URL is refused (ValueError, before any request) when it names no
    real server: ``is_default`` False (its host comes from a variable), a variable
    without a value, a relative URL or a placeholder host (`is_placeholder_host`).
    """
    if base_url is None:
        base_url = os.environ.get(env_var) or None
    if base_url is not None:
        return base_url
    hint = f"pass base_url=... or set ${env_var}"
    if not is_default:
        raise ValueError(
            f"base_url is required: the spec's server URL {server_url!r} is a "
            f"placeholder; {hint}"
        )
    url = server_url
    for wire_name, py_name, value, allowed in variables:
        if value is None:
            raise ValueError(
                f"base_url or {py_name} is required: the spec gives no usable "
                f"default for {py_name}; {hint}"
            )
        url = url.replace("{" + wire_name + "}", _server_value(py_name, value, allowed))
    if not url.startswith(("http://", "https://")):
        raise ValueError(
            f"base_url is required: the spec names no absolute URL; {hint}"
        )
    try:
        host = httpx.URL(url).host
    except httpx.InvalidURL as exc:
        raise ValueError(f"the spec's server URL is not valid: {exc}") from None
    if is_placeholder_host(host):
        raise ValueError(
            f"base_url is required: {host!r} in the spec's server URL is a "
            f"placeholder; {hint}"
        )
    return url


# --- clients ---------------------------------------------------------------------


def operation_base_url(op: Operation, base_url: str, own_servers: bool) -> str:
    """Where ``op`` is sent: its own server (``op.server``) or the client's ``base_url``.

    A relative server URL is resolved against ``base_url``. An absolute one is used
    while ``own_servers`` holds (the client talks to the spec's servers, no base_url
    was given); a placeholder host there is refused (ValueError) as for the client.
    """
    server = op.server
    if server is None:
        return base_url
    if not server.startswith(("http://", "https://")):
        if server.startswith("/"):
            origin = httpx.URL(base_url).copy_with(path="/", query=None, fragment=None)
            return str(origin).rstrip("/") + server.rstrip("/")
        return base_url + "/" + server.strip("/")
    if not own_servers:
        return base_url
    try:
        host = httpx.URL(server).host
    except httpx.InvalidURL as exc:
        raise ValueError(
            f"{op.method} {op.path}: its server is not valid: {exc}"
        ) from None
    if is_placeholder_host(host):
        raise ValueError(
            f"{op.method} {op.path}: its server {server!r} is a placeholder; "
            "pass base_url=... to send it there instead"
        )
    return server.rstrip("/")


class BaseClient:
    """State and I/O-free logic shared by the sync and async clients.

    ``credentials`` maps a security scheme key to a token / API key / (user,
    password); None or "" means not configured. ``_own_servers``: operations with
    servers of their own go there (the generated client clears it for a base_url).
    ``strict_responses`` raises ResponseValidationError for a 2xx body that departs
    from its schema (otherwise it is read tolerantly); ``idempotency_keys`` sends an
    ``Idempotency-Key`` with every POST and PATCH, which makes them safe to retry.
    """

    _own_servers = True

    def __init__(
        self,
        *,
        base_url: str,
        credentials: Mapping[str, Credential | None],
        schemes: tuple[SecurityScheme, ...],
        timeout: float | httpx.Timeout = 60.0,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        user_agent: str,
        retry_non_idempotent: bool = False,
        validate_formats: bool = True,
        strict_responses: bool = False,
        idempotency_keys: bool = False,
    ) -> None:
        if httpx.URL(base_url).scheme not in ("http", "https"):
            raise ValueError("base_url must be an absolute http(s) URL")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max(0, max_retries)
        self.retry_non_idempotent = retry_non_idempotent
        self.validate_formats = validate_formats
        self.strict_responses = strict_responses
        self.idempotency_keys = idempotency_keys
        self._schemes = {s.key: s for s in schemes}
        self._credentials = {k: v for k, v in credentials.items() if v}
        self._headers = {"User-Agent": user_agent, "Accept": "application/json"}
        for name, value in (default_headers or {}).items():
            _put_header(self._headers, name, value)
        self._secrets = sorted(self._secret_values(), key=len, reverse=True)
        self._one_shot: weakref.WeakSet[httpx.Request] = weakref.WeakSet()

    def __repr__(self) -> str:
        auth = sorted(k for k in self._credentials if k in self._schemes)
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={auth!r})"

    def _secret_values(self) -> set[str]:
        secrets: set[str] = set()
        for key, cred in self._credentials.items():
            scheme = self._schemes.get(key)
            if scheme is not None:
                secrets.add(_auth_value(scheme, cred).split(" ")[-1])
            secrets.update([cred] if isinstance(cred, str) else cred[1:])
        return {s for s in secrets if len(s) >= 3}

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    # request building

    def _build_request(
        self,
        client: httpx.Client | httpx.AsyncClient,
        op: Operation,
        args: Mapping[str, Any],
        extra_headers: Mapping[str, str] | None,
        timeout: float | httpx.Timeout | Unset,
    ) -> httpx.Request:
        """Validate ``args`` and build the request; raises RequestValidationError."""
        token = CHECK_FORMATS.set(self.validate_formats)
        try:
            request = self._build(client, op, args, extra_headers, timeout)
        finally:
            CHECK_FORMATS.reset(token)
        if not isinstance(request.stream, httpx.ByteStream):
            self._one_shot.add(request)
        return follow_link(request)

    def _build(
        self,
        client: httpx.Client | httpx.AsyncClient,
        op: Operation,
        args: Mapping[str, Any],
        extra_headers: Mapping[str, str] | None,
        timeout: float | httpx.Timeout | Unset,
    ) -> httpx.Request:
        return build_request(
            client,
            op,
            args,
            base_url=operation_base_url(op, self.base_url, self._own_servers),
            default_headers=self._headers,
            schemes=self._schemes,
            credentials=self._credentials,
            extra_headers=extra_headers,
            timeout=self.timeout if isinstance(timeout, Unset) else timeout,
            idempotency_keys=self.idempotency_keys,
        )

    # responses

    def _next_delay(
        self,
        op: Operation,
        attempt: int,
        response: httpx.Response | None = None,
        error: Exception | None = None,
        request: httpx.Request | None = None,
    ) -> float | None:
        """Seconds to wait before retrying, or None to stop. A request carrying an
        Idempotency-Key is retried like an idempotent one: the server deduplicates it.
        """
        if attempt >= self.max_retries:
            return None
        if _sent_request(response, error) in self._one_shot:
            return None  # a file or iterator body cannot be sent again
        keyed = request is not None and IDEMPOTENCY_HEADER in request.headers
        idempotent = op.is_idempotent or self.retry_non_idempotent or keyed
        status = None if response is None else response.status_code
        if not should_retry(idempotent=idempotent, status=status, error=error):
            return None
        return retry_delay(attempt, None if response is None else response.headers)

    def _log(self, request: httpx.Request, outcome: object, attempt: int) -> None:
        if log.isEnabledFor(logging.DEBUG):
            url = request.url.copy_with(query=None)  # the query may hold an API key
            log.debug("%s %s -> %s (attempt %d)", request.method, url, outcome, attempt)

    def _scrub(self, error: BaseException) -> None:
        """Redact credentials in the messages of ``error`` and of every exception it
        chains: the new error keeps it as ``__cause__``, and h11 quotes a malformed
        status or header line, which a hostile server can make echo the token."""
        seen: set[int] = set()
        todo: list[BaseException | None] = [error]
        while todo:
            exc = todo.pop()
            if exc is None or id(exc) in seen:
                continue
            seen.add(id(exc))
            args = tuple(self._redact(a) if isinstance(a, str) else a for a in exc.args)
            if args != exc.args:
                exc.args = args
            todo += [exc.__cause__, exc.__context__]

    def _connection_error(
        self, request: httpx.Request, error: Exception
    ) -> APIConnectionError:
        timeout = isinstance(error, httpx.TimeoutException)
        cls = APITimeoutError if timeout else APIConnectionError
        what = "Request timed out" if timeout else "Connection error"
        self._scrub(error)
        detail = self._redact(str(error)) or type(error).__name__
        return cls(f"{what} for {request.method} {request.url.path}: {detail}")

    def _process_response(
        self,
        op: Operation,
        request: httpx.Request,
        response: httpx.Response,
        streamed: Callable[[httpx.Response], Any] | None = None,
        args: Mapping[str, Any] | None = None,
    ) -> Any:
        """Parse a final response, or raise the matching APIStatusError; with
        ``streamed``, wrap the still open 2xx response instead of parsing it.
        ``args`` (the call's) go into the ``APIResponse`` of a raw call."""
        if not response.is_success:
            raise status_error(op, request, response, self._redact)
        if streamed is not None:
            return streamed(response)
        problems: list[ValidationProblem] | None = None
        if not self.strict_responses:
            problems = []
        parsed = parse_success(op, response, self._redact, problems)
        if problems:
            self._log_problems(request, problems)
        if _RAW.get():
            return APIResponse(response, parsed, tuple(problems or ()), args)
        return parsed

    def _log_problems(
        self, request: httpx.Request, problems: Sequence[ValidationProblem]
    ) -> None:
        """One warning per response that departs from its schema: where, not what
        (values are never logged)."""
        if log.isEnabledFor(logging.WARNING):
            named = "; ".join(self._redact(str(p)) for p in problems[:_LOGGED_PROBLEMS])
            more = len(problems) - _LOGGED_PROBLEMS
            log.warning(
                "%s %s: the response does not match the schema (%d problem%s): %s%s",
                request.method,
                self._redact(request.url.path),
                len(problems),
                "" if len(problems) == 1 else "s",
                named,
                f"; and {more} more" if more > 0 else "",
            )


class SyncAPIClient(BaseClient):
    """Blocking client. ``http_client`` is used as-is and never closed by us."""

    def __init__(
        self,
        *,
        base_url: str,
        credentials: Mapping[str, Credential | None],
        schemes: tuple[SecurityScheme, ...],
        timeout: float | httpx.Timeout = 60.0,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        user_agent: str,
        retry_non_idempotent: bool = False,
        http_client: httpx.Client | None = None,
        validate_formats: bool = True,
        strict_responses: bool = False,
        idempotency_keys: bool = False,
    ) -> None:
        super().__init__(
            base_url=base_url,
            credentials=credentials,
            schemes=schemes,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            user_agent=user_agent,
            retry_non_idempotent=retry_non_idempotent,
            validate_formats=validate_formats,
            strict_responses=strict_responses,
            idempotency_keys=idempotency_keys,
        )
        self._owns_client = http_client is None
        self._client = (
            httpx.Client(timeout=timeout) if http_client is None else http_client
        )
        self._sleep: Callable[[float], None] = time.sleep

    def _send(self, request: httpx.Request, stream: bool = False) -> httpx.Response:
        """Send and read the body, which must arrive within the read timeout; with
        ``stream``, a 2xx response is returned unread."""
        response = self._client.send(request, stream=True)
        # a transport may hand back a response that was already read
        if response.is_stream_consumed or (stream and response.is_success):
            return response
        try:
            deadline = time.monotonic() + _body_limit(request)
            chunks = []
            for chunk in response.iter_raw():
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise _body_timeout(request)
        finally:
            response.close()
        return _rebuilt(response, b"".join(chunks))

    def close(self) -> None:
        """Close the underlying httpx client if this client created it."""
        if self._owns_client:
            self._client.close()

    def __enter__(self: _SyncC) -> _SyncC:  # noqa: PYI019
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def request(
        self,
        op: Operation,
        args: Mapping[str, Any],
        *,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | Unset = UNSET,
    ) -> Any:
        """Send ``op`` with ``args`` (keyed by Python name); retry; parse."""
        request = self._build_request(self._client, op, args, extra_headers, timeout)
        streamed = StreamedResponse if streaming_requested() else None
        attempt = 0
        while True:
            try:
                response = self._send(request, streamed is not None)
            except httpx.RequestError as exc:
                self._log(request, type(exc).__name__, attempt + 1)
                delay = self._next_delay(op, attempt, error=exc, request=request)
                if delay is None:
                    raise self._connection_error(request, exc) from exc
            else:
                self._log(request, response.status_code, attempt + 1)
                delay = self._next_delay(op, attempt, response, request=request)
                if delay is None:
                    return self._process_response(op, request, response, streamed, args)
            self._sleep(delay)
            attempt += 1


class AsyncAPIClient(BaseClient):
    """Asyncio client. ``http_client`` is used as-is and never closed by us."""

    def __init__(
        self,
        *,
        base_url: str,
        credentials: Mapping[str, Credential | None],
        schemes: tuple[SecurityScheme, ...],
        timeout: float | httpx.Timeout = 60.0,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        user_agent: str,
        retry_non_idempotent: bool = False,
        http_client: httpx.AsyncClient | None = None,
        validate_formats: bool = True,
        strict_responses: bool = False,
        idempotency_keys: bool = False,
    ) -> None:
        super().__init__(
            base_url=base_url,
            credentials=credentials,
            schemes=schemes,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            user_agent=user_agent,
            retry_non_idempotent=retry_non_idempotent,
            validate_formats=validate_formats,
            strict_responses=strict_responses,
            idempotency_keys=idempotency_keys,
        )
        self._owns_client = http_client is None
        self._client = (
            httpx.AsyncClient(timeout=timeout) if http_client is None else http_client
        )
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def _send(
        self, request: httpx.Request, stream: bool = False
    ) -> httpx.Response:
        """Send and read the body, which must arrive within the read timeout; with
        ``stream``, a 2xx response is returned unread."""
        response = await self._client.send(request, stream=True)
        # a transport may hand back a response that was already read
        if response.is_stream_consumed or (stream and response.is_success):
            return response
        try:
            deadline = time.monotonic() + _body_limit(request)
            chunks = []
            async for chunk in response.aiter_raw():
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise _body_timeout(request)
        finally:
            await response.aclose()
        return _rebuilt(response, b"".join(chunks))

    async def aclose(self) -> None:
        """Close the underlying httpx client if this client created it."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self: _AsyncC) -> _AsyncC:  # noqa: PYI019
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def request(
        self,
        op: Operation,
        args: Mapping[str, Any],
        *,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | Unset = UNSET,
    ) -> Any:
        """Send ``op`` with ``args`` (keyed by Python name); retry; parse."""
        request = self._build_request(self._client, op, args, extra_headers, timeout)
        streamed = AsyncStreamedResponse if streaming_requested() else None
        attempt = 0
        while True:
            try:
                response = await self._send(request, streamed is not None)
            except httpx.RequestError as exc:
                self._log(request, type(exc).__name__, attempt + 1)
                delay = self._next_delay(op, attempt, error=exc, request=request)
                if delay is None:
                    raise self._connection_error(request, exc) from exc
            else:
                self._log(request, response.status_code, attempt + 1)
                delay = self._next_delay(op, attempt, response, request=request)
                if delay is None:
                    return self._process_response(op, request, response, streamed, args)
            await self._sleep(delay)
            attempt += 1
