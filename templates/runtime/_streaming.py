"""Streamed responses, server-sent events and streamed request bodies.

``resource.with_streaming_response.<op>(...)`` returns a context manager: entering it
sends the request and yields a ``StreamedResponse`` (``AsyncStreamedResponse``) whose
body is read only as it is iterated; leaving it closes the connection.
``SSEDecoder`` parses ``text/event-stream`` bodies per the WHATWG rules.
"""

from __future__ import annotations

import codecs
import contextvars
import dataclasses
import functools
import json
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
)
from types import TracebackType
from typing import Any, ParamSpec

import httpx

__all__ = [
    "AsyncStreamManager",
    "AsyncStreamedResponse",
    "LineSplitter",
    "SSEDecoder",
    "ServerSentEvent",
    "StreamManager",
    "StreamedResponse",
    "async_streaming_response_wrapper",
    "is_streamed_body",
    "streaming_response_wrapper",
]

P = ParamSpec("P")

# Set while a streaming wrapper runs: the client then returns the open response.
_STREAM: contextvars.ContextVar[bool] = contextvars.ContextVar("_STREAM", default=False)


def streaming_requested() -> bool:
    """Whether the current call runs inside a streaming wrapper."""
    return _STREAM.get()


# --- server-sent events ----------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class ServerSentEvent:
    """One dispatched event: ``event`` defaults to "message"; ``id`` is the last
    event ID seen so far in the stream; ``retry`` the reconnection time (ms) this
    event set, if any."""

    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        """``data`` parsed as JSON; raises ValueError when it is not JSON."""
        return json.loads(self.data)


class SSEDecoder:
    """Incremental ``text/event-stream`` parser: ``feed`` text, get finished events.

    Lines end at CRLF, LF or CR; an empty line dispatches the event; ``:`` starts a
    comment; an event without data is not dispatched; the data buffer loses its last
    LF; an ``id`` holding NUL is ignored; ``retry`` must be ASCII digits. A leading
    BOM is dropped; an unfinished event at the end of the stream is discarded.
    """

    def __init__(self) -> None:
        self._lines = LineSplitter()
        self._started = False
        self._event = ""
        self._data: list[str] = []
        self._last_id: str | None = None
        self._retry: int | None = None

    def feed(self, text: str) -> list[ServerSentEvent]:
        """Parse ``text`` (any slice of the stream); returns the events it completed."""
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        events = [self._line(line) for line in self._lines.feed(text)]
        return [e for e in events if e is not None]

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id" and "\x00" not in value:
            self._last_id = value
        elif name == "retry" and value and all("0" <= c <= "9" for c in value):
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event, retry = self._data, self._event, self._retry
        self._data, self._event, self._retry = [], "", None
        if not data:
            return None
        return ServerSentEvent(
            data="\n".join(data),
            event=event or "message",
            id=self._last_id,
            retry=retry,
        )


# --- reading a streamed body -----------------------------------------------------


class LineSplitter:
    """Turns slices of text into complete lines; a line ends at CRLF, LF or CR."""

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, text: str) -> list[str]:
        """The lines ``text`` completed, without their endings."""
        buffer = self._pending + text
        lines: list[str] = []
        start = 0
        while True:
            ends = [
                i
                for i in (buffer.find("\r", start), buffer.find("\n", start))
                if i >= 0
            ]
            if not ends:
                break
            end = min(ends)
            if buffer[end] == "\r" and end + 1 == len(buffer):
                break  # a CR at the end may be the first half of a CRLF
            lines.append(buffer[start:end])
            start = end + (2 if buffer[end : end + 2] == "\r\n" else 1)
        self._pending = buffer[start:]
        return lines

    def flush(self) -> str:
        """The unterminated last line ("" when none)."""
        rest, self._pending = self._pending.removesuffix("\r"), ""
        return rest


def _text_decoder(response: httpx.Response) -> codecs.IncrementalDecoder:
    encoding = response.charset_encoding or "utf-8"
    try:
        return codecs.getincrementaldecoder(encoding)(errors="replace")
    except LookupError:
        return codecs.getincrementaldecoder("utf-8")(errors="replace")


class _StreamBase:
    __slots__ = ("http_response",)

    def __init__(self, http_response: httpx.Response) -> None:
        self.http_response = http_response

    @property
    def status_code(self) -> int:
        """HTTP status code."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """Response headers."""
        return self.http_response.headers

    @property
    def content_type(self) -> str:
        """The media type of the body, lower case, without parameters."""
        value = str(self.headers.get("content-type", ""))
        return value.split(";", 1)[0].strip().lower()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.content_type!r}>"


class StreamedResponse(_StreamBase):
    """An open response; the body is read only as it is iterated, once."""

    __slots__ = ()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body as it arrives (decompressed), optionally in ``chunk_size`` pieces."""
        yield from self.http_response.iter_bytes(chunk_size)

    def iter_text(self) -> Iterator[str]:
        """The body decoded with its charset (UTF-8 when none is given)."""
        decoder = _text_decoder(self.http_response)
        for chunk in self.iter_bytes():
            text = decoder.decode(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    def iter_lines(self) -> Iterator[str]:
        """The body's lines without their CRLF, LF or CR ending."""
        lines = LineSplitter()
        for text in self.iter_text():
            yield from lines.feed(text)
        rest = lines.flush()
        if rest:
            yield rest

    def iter_events(self) -> Iterator[ServerSentEvent]:
        """The body parsed as ``text/event-stream``."""
        decoder = SSEDecoder()
        for text in self.iter_text():
            yield from decoder.feed(text)

    def read(self) -> bytes:
        """The whole remaining body."""
        return self.http_response.read()

    def close(self) -> None:
        """Close the connection; unread body is discarded."""
        self.http_response.close()

    def __enter__(self) -> StreamedResponse:  # noqa: PYI034
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncStreamedResponse(_StreamBase):
    """An open response; the body is read only as it is iterated, once."""

    __slots__ = ()

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body as it arrives (decompressed), optionally in ``chunk_size`` pieces."""
        async for chunk in self.http_response.aiter_bytes(chunk_size):
            yield chunk

    async def iter_text(self) -> AsyncIterator[str]:
        """The body decoded with its charset (UTF-8 when none is given)."""
        decoder = _text_decoder(self.http_response)
        async for chunk in self.iter_bytes():
            text = decoder.decode(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    async def iter_lines(self) -> AsyncIterator[str]:
        """The body's lines without their CRLF, LF or CR ending."""
        lines = LineSplitter()
        async for text in self.iter_text():
            for line in lines.feed(text):
                yield line
        rest = lines.flush()
        if rest:
            yield rest

    async def iter_events(self) -> AsyncIterator[ServerSentEvent]:
        """The body parsed as ``text/event-stream``."""
        decoder = SSEDecoder()
        async for text in self.iter_text():
            for event in decoder.feed(text):
                yield event

    async def read(self) -> bytes:
        """The whole remaining body."""
        return await self.http_response.aread()

    async def close(self) -> None:
        """Close the connection; unread body is discarded."""
        await self.http_response.aclose()

    async def __aenter__(self) -> AsyncStreamedResponse:  # noqa: PYI034
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


# --- the with_streaming_response wrappers ----------------------------------------


class StreamManager:
    """``with`` it to send the request and get the open ``StreamedResponse``."""

    __slots__ = ("_call", "_response")

    def __init__(self, call: Callable[[], object]) -> None:
        self._call = call
        self._response: StreamedResponse | None = None

    def __enter__(self) -> StreamedResponse:
        token = _STREAM.set(True)
        try:
            response = self._call()
        finally:
            _STREAM.reset(token)
        assert isinstance(response, StreamedResponse)
        self._response = response
        return response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncStreamManager:
    """``async with`` it to send the request and get the open ``AsyncStreamedResponse``."""

    __slots__ = ("_call", "_response")

    def __init__(self, call: Callable[[], Awaitable[object]]) -> None:
        self._call = call
        self._response: AsyncStreamedResponse | None = None

    async def __aenter__(self) -> AsyncStreamedResponse:
        token = _STREAM.set(True)
        try:
            response = await self._call()
        finally:
            _STREAM.reset(token)
        assert isinstance(response, AsyncStreamedResponse)
        self._response = response
        return response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()


def streaming_response_wrapper(
    func: Callable[P, object],
) -> Callable[P, StreamManager]:
    """Wrap a client method so that it returns a ``StreamManager``."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> StreamManager:
        return StreamManager(functools.partial(func, *args, **kwargs))

    return wrapped


def async_streaming_response_wrapper(
    func: Callable[P, Awaitable[object]],
) -> Callable[P, AsyncStreamManager]:
    """Wrap an async client method so that it returns an ``AsyncStreamManager``."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamManager:
        return AsyncStreamManager(functools.partial(func, *args, **kwargs))

    return wrapped


# --- streamed request bodies -----------------------------------------------------


def is_streamed_body(value: object) -> bool:
    """A binary file object, or an iterator / iterable of bytes (not bytes or str)."""
    if isinstance(value, (bytes, bytearray, str, memoryview, dict, list, tuple)):
        return False
    return callable(getattr(value, "read", None)) or isinstance(
        value, (Iterable, AsyncIterable)
    )


def _checked(chunk: object) -> bytes:
    if not isinstance(chunk, (bytes, bytearray)):
        raise TypeError(
            f"a request body chunk must be bytes, not {type(chunk).__name__}"
        )
    return bytes(chunk)


def _iter_sync(source: Iterable[bytes]) -> Iterator[bytes]:
    for chunk in source:
        yield _checked(chunk)


async def _aiter_sync(source: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in source:
        yield _checked(chunk)


async def _aiter_async(source: AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    async for chunk in source:
        yield _checked(chunk)


def _iter_file(file: Any) -> Iterator[bytes]:
    while True:
        chunk = file.read(65536)
        if not chunk:
            return
        if isinstance(chunk, str):
            raise TypeError("request body files must be opened in binary mode")
        yield _checked(chunk)


def body_content(value: Any, for_async: bool) -> Any:
    """What httpx sends for a streamed body: sync iterables as they are (files read
    in chunks), async ones on an async client, sync ones wrapped for it."""
    source = _iter_file(value) if callable(getattr(value, "read", None)) else value
    if isinstance(source, AsyncIterable):
        if not for_async:
            raise TypeError("an async iterator body needs the AsyncClient")
        return _aiter_async(source)
    return _aiter_sync(source) if for_async else _iter_sync(source)
