"""Iterating every page of a list operation, lazily.

``resource.<op>_auto_paging(...)`` returns a ``SyncPager`` (``AsyncPager``): iterating it
yields every item of every page, fetching the next page only when the items of the
current one are used up; ``iter_pages()`` yields the parsed pages themselves. Nothing
is sent before iteration starts. ``Paging`` says how the next page is asked for:

- ``cursor``: the response's ``cursor`` field goes into the ``param`` argument;
- ``offset``: ``param`` grows by the number of items received;
- ``page``: ``param`` counts up from ``first_page``;
- ``link``: the ``Link: <url>; rel="next"`` response header (RFC 8288) is followed.

Paging stops at an empty page, a missing next cursor or link, ``has_more`` false, a
short page (fewer items than the ``limit`` argument asked for) or a repeated cursor.
"""

from __future__ import annotations

import contextvars
import dataclasses
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import Any, Generic, Literal, TypeVar

import httpx

from ._errors import APIError
from ._response import _RAW, APIResponse
from ._types import Unset

__all__ = ["AsyncPager", "Paging", "SyncPager", "follow_link", "next_link"]

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")

# The next page's URL while a link-paged request is built (see ``follow_link``).
_NEXT_URL: contextvars.ContextVar[httpx.URL | None] = contextvars.ContextVar(
    "_NEXT_URL", default=None
)


@dataclasses.dataclass(frozen=True, slots=True)
class Paging:
    """How an operation pages; paths are attribute names in the parsed response."""

    kind: Literal["cursor", "offset", "page", "link"]
    items: tuple[str, ...] = ()  # () when the body is the item list
    param: str = ""
    cursor: tuple[str, ...] = ()
    limit: str = ""
    has_more: tuple[str, ...] = ()
    first_page: int = 1


def _get(value: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if value is None:
            return None
        if isinstance(value, Mapping):
            value = value.get(name)
        else:
            value = getattr(value, name, None)
    return None if isinstance(value, Unset) else value


def page_items(paging: Paging, page: Any) -> list[Any]:
    """The items of a parsed page ([] when it holds none)."""
    items = _get(page, paging.items)
    return list(items) if isinstance(items, (list, tuple)) else []


_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]*)*)")
_REL = re.compile(r"""rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))""", re.IGNORECASE)


def next_link(headers: httpx.Headers) -> str | None:
    """The target of the first ``rel="next"`` link in the ``Link`` headers."""
    for value in headers.get_list("link"):
        for match in _LINK.finditer(value):
            rel = _REL.search(match.group(2))
            if rel is None:
                continue
            names = (rel.group(1) or rel.group(2) or "").lower().split()
            if "next" in names:
                return match.group(1).strip()
    return None


def follow_link(request: httpx.Request) -> httpx.Request:
    """``request`` sent to the next page's URL, when one is being followed. A link to
    another origin is refused: the request carries the credentials."""
    url = _NEXT_URL.get()
    if url is None:
        return request
    here = request.url
    if (url.scheme, url.host, url.port) != (here.scheme, here.host, here.port):
        raise APIError(f"the next page link leaves {here.scheme}://{here.host}")
    request.url = url
    return request


def _next(
    paging: Paging, args: dict[str, Any], response: APIResponse[Any]
) -> tuple[dict[str, Any], httpx.URL | None] | None:
    """The arguments (and URL, for links) of the page after ``response``; None: last."""
    page = response.parsed
    items = page_items(paging, page)
    if paging.has_more and _get(page, paging.has_more) is False:
        return None
    if paging.kind == "link":
        link = next_link(response.headers)
        if link is None:
            return None
        url = response.http_response.request.url.join(link)
        return (args, url) if url != response.http_response.request.url else None
    if paging.kind == "cursor":
        cursor = _get(page, paging.cursor)
        if not cursor or cursor == args.get(paging.param):
            return None
        return {**args, paging.param: cursor}, None
    limit = args.get(paging.limit) if paging.limit else None
    if not items or (isinstance(limit, int) and len(items) < limit):
        return None
    current = args.get(paging.param)
    if paging.kind == "offset":
        step = current + len(items) if isinstance(current, int) else len(items)
        return {**args, paging.param: step}, None
    number = current if isinstance(current, int) else paging.first_page
    return {**args, paging.param: number + 1}, None


class SyncPager(Generic[PageT, ItemT]):
    """Every item of a list operation; iterate it, or its ``iter_pages()``."""

    def __init__(
        self,
        method: Callable[..., PageT],
        args: dict[str, Any],
        paging: Paging,
    ) -> None:
        self._method = method
        self._args = args
        self._paging = paging

    def _fetch(self, args: dict[str, Any], url: httpx.URL | None) -> APIResponse[Any]:
        raw, link = _RAW.set(True), _NEXT_URL.set(url)
        try:
            result: Any = self._method(**args)
        finally:
            _NEXT_URL.reset(link)
            _RAW.reset(raw)
        assert isinstance(result, APIResponse)
        return result

    def iter_pages(self) -> Iterator[PageT]:
        """Each page's parsed response, fetched as iteration reaches it."""
        step: tuple[dict[str, Any], httpx.URL | None] | None = (dict(self._args), None)
        while step is not None:
            response = self._fetch(*step)
            yield response.parsed
            step = _next(self._paging, step[0], response)

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.iter_pages():
            yield from page_items(self._paging, page)


class AsyncPager(Generic[PageT, ItemT]):
    """Every item of a list operation; ``async for`` over it, or its ``iter_pages()``."""

    def __init__(
        self,
        method: Callable[..., Awaitable[PageT]],
        args: dict[str, Any],
        paging: Paging,
    ) -> None:
        self._method = method
        self._args = args
        self._paging = paging

    async def _fetch(
        self, args: dict[str, Any], url: httpx.URL | None
    ) -> APIResponse[Any]:
        raw, link = _RAW.set(True), _NEXT_URL.set(url)
        try:
            result: Any = await self._method(**args)
        finally:
            _NEXT_URL.reset(link)
            _RAW.reset(raw)
        assert isinstance(result, APIResponse)
        return result

    async def iter_pages(self) -> AsyncIterator[PageT]:
        """Each page's parsed response, fetched as iteration reaches it."""
        step: tuple[dict[str, Any], httpx.URL | None] | None = (dict(self._args), None)
        while step is not None:
            response = await self._fetch(*step)
            yield response.parsed
            step = _next(self._paging, step[0], response)

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page_items(self._paging, page):
                yield item
