"""Streamed sequences of items (OpenAPI 3.2 ``itemSchema``), parsed as they arrive.

``iter_items`` / ``aiter_items`` send an operation's request and, on a 2xx answer, return
an iterator over its items: JSON Lines and NDJSON (one JSON value a line), JSON text
sequences (RFC 7464: records after an RS character) and server-sent events (one object a
event: ``data``, ``event``, ``id``, ``retry``). Each item goes through the item's descriptor.
The response stays open until the iterator is exhausted or closed. These calls are not
retried: a stream may already have been partly consumed.

Under ``with_raw_response`` the iterator comes inside an ``APIResponse`` (status and
headers, available before any item is read); under ``with_streaming_response`` the open
response comes as a ``StreamedResponse``, as for any other operation.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import httpx

from ._decode import status_error
from ._errors import ResponseValidationError
from ._request import Operation
from ._response import _RAW, APIResponse
from ._streaming import AsyncStreamedResponse, StreamedResponse, streaming_requested
from ._types import TypeDesc, Unset, deserialize

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["Records", "aiter_items", "iter_items"]

_SSE_FIELDS = ("event", "data", "id", "retry")


class Records:
    """Splits streamed text into the raw items of a sequential media type."""

    def __init__(self, media_type: str) -> None:
        base = media_type.split(";", 1)[0].strip().lower()
        self.kind = base
        self.separator = {
            "application/json-seq": "\x1e",
            "text/event-stream": "\n\n",
        }.get(base, "\n")
        self.buffer = ""

    def feed(self, text: str) -> list[Any]:
        """The items that ``text`` completes."""
        self.buffer += text.replace("\r\n", "\n").replace("\r", "\n")
        *complete, self.buffer = self.buffer.split(self.separator)
        return [item for record in complete for item in self._parsed(record)]

    def end(self) -> list[Any]:
        """The last item, when the stream ends without a separator."""
        record, self.buffer = self.buffer, ""
        return self._parsed(record)

    def _parsed(self, record: str) -> list[Any]:
        if self.kind == "text/event-stream":
            return self._event(record)
        if not record.strip():
            return []
        try:
            return [json.loads(record)]
        except ValueError as exc:
            raise ResponseValidationError("", f"item is not JSON: {exc}") from None

    @staticmethod
    def _event(record: str) -> list[Any]:
        event: dict[str, Any] = {}
        data: list[str] = []
        for line in record.split("\n"):
            if not line or line.startswith(":"):
                continue  # a comment
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "data":
                data.append(value)
            elif name == "retry" and value.isdigit():
                event["retry"] = int(value)
            elif name in _SSE_FIELDS and name != "retry":
                event[name] = value
        if data:
            event["data"] = "\n".join(data)
        return [event] if event else []


def _item(item: TypeDesc, value: Any, index: int, response: httpx.Response) -> Any:
    try:
        return deserialize(item, value, f"[{index}]")
    except ResponseValidationError as exc:
        exc.response = response
        raise


def iter_items(
    client: SyncAPIClient,
    op: Operation,
    args: Mapping[str, Any],
    item: TypeDesc,
    media_type: str,
    *,
    extra_headers: Mapping[str, str] | None,
    timeout: float | httpx.Timeout | Unset,
) -> Any:
    """Send ``op``; raise its APIStatusError, or return an iterator over its items
    (wrapped as the raw- or streaming-response wrapper around the call asks)."""
    request = client._build_request(client._client, op, args, extra_headers, timeout)
    try:
        response = client._client.send(request, stream=True)
    except httpx.RequestError as exc:
        raise client._connection_error(request, exc) from exc
    if not response.is_success:
        try:
            response.read()
        finally:
            response.close()
        raise status_error(op, request, response, client._redact)
    if streaming_requested():
        return StreamedResponse(response)
    items = _items(response, Records(media_type), item)
    return APIResponse(response, items) if _RAW.get() else items


def _items(response: httpx.Response, records: Records, item: TypeDesc) -> Iterator[Any]:
    index = 0
    try:
        for text in response.iter_text():
            for value in records.feed(text):
                yield _item(item, value, index, response)
                index += 1
        for value in records.end():
            yield _item(item, value, index, response)
    finally:
        response.close()


async def aiter_items(
    client: AsyncAPIClient,
    op: Operation,
    args: Mapping[str, Any],
    item: TypeDesc,
    media_type: str,
    *,
    extra_headers: Mapping[str, str] | None,
    timeout: float | httpx.Timeout | Unset,
) -> Any:
    """Send ``op``; raise its APIStatusError, or return an async iterator over its items
    (wrapped as the raw- or streaming-response wrapper around the call asks)."""
    request = client._build_request(client._client, op, args, extra_headers, timeout)
    try:
        response = await client._client.send(request, stream=True)
    except httpx.RequestError as exc:
        raise client._connection_error(request, exc) from exc
    if not response.is_success:
        try:
            await response.aread()
        finally:
            await response.aclose()
        raise status_error(op, request, response, client._redact)
    if streaming_requested():
        return AsyncStreamedResponse(response)
    items = _aitems(response, Records(media_type), item)
    return APIResponse(response, items) if _RAW.get() else items


async def _aitems(
    response: httpx.Response, records: Records, item: TypeDesc
) -> AsyncIterator[Any]:
    index = 0
    try:
        async for text in response.aiter_text():
            for value in records.feed(text):
                yield _item(item, value, index, response)
                index += 1
        for value in records.end():
            yield _item(item, value, index, response)
    finally:
        await response.aclose()
