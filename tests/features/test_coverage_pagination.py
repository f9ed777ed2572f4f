"""Pagination: detected cursor, offset, page-number and Link-header shapes, the x-pagination
extension and its diagnostics; the generated `<op>_auto_paging` pagers, sync and async."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.features.coverage_support import Corpus, client, refusal

ITEM = "{$ref: '#/components/schemas/Item'}"
HEAD = """
        openapi: 3.0.3
        info: {title: Pages, version: "1"}
        servers: [{url: "https://api.example"}]
        components:
          schemas:
            Item: {type: object, required: [id], properties: {id: {type: integer}}}
        paths:
"""
SPECS = {
    "paged": HEAD
    + f"""
          /cursor:
            get:
              operationId: by_cursor
              tags: [items]
              parameters:
                - {{name: cursor, in: query, schema: {{type: string}}}}
                - {{name: limit, in: query, schema: {{type: integer}}}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          data: {{type: array, items: {ITEM}}}
                          meta: {{type: object, properties: {{next_cursor: {{type: string, nullable: true}}}}}}
          /offset:
            get:
              operationId: by_offset
              tags: [items]
              parameters:
                - {{name: offset, in: query, schema: {{type: integer}}}}
                - {{name: limit, in: query, schema: {{type: integer}}}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {{type: object, properties: {{results: {{type: array, items: {ITEM}}}}}}}
          /pages:
            get:
              operationId: by_page
              tags: [items]
              parameters:
                - {{name: page, in: query, schema: {{type: integer, minimum: 0}}}}
                - {{name: per_page, in: query, schema: {{type: integer}}}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          items: {{type: array, items: {ITEM}}}
                          has_more: {{type: boolean}}
          /linked:
            get:
              operationId: by_link
              tags: [items]
              parameters:
                - {{name: size, in: query, schema: {{type: integer}}}}
              responses:
                "200":
                  description: ok
                  headers: {{Link: {{schema: {{type: string}}}}}}
                  content:
                    application/json:
                      schema: {{type: array, items: {ITEM}}}
          /explicit:
            get:
              operationId: by_token
              tags: [items]
              x-pagination: {{type: cursor, cursorParam: from, cursorPath: paging.continue_at, itemsPath: entries.rows}}
              parameters:
                - {{name: from, in: query, schema: {{type: string}}}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          entries: {{type: object, properties: {{rows: {{type: array, items: {ITEM}}}}}}}
                          paging: {{type: object, properties: {{continue_at: {{type: string}}}}}}
          /off:
            get:
              operationId: not_paged
              tags: [items]
              x-pagination: false
              parameters:
                - {{name: cursor, in: query, schema: {{type: string}}}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          data: {{type: array, items: {ITEM}}}
                          next_cursor: {{type: string}}
          /plain:
            get:
              operationId: no_paging_shape
              tags: [items]
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {{type: object, properties: {{data: {{type: array, items: {ITEM}}}}}}}
    """,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("pagination"), SPECS)
    built.generate()
    yield built


def ids(items: Any) -> list[int]:
    return [item.id for item in items]


def items(*numbers: int) -> list[dict[str, int]]:
    return [{"id": n} for n in numbers]


def test_the_package_passes_mypy_strict(corpus: Corpus) -> None:
    code, output = corpus.mypy()
    assert code == 0, output


def test_only_paging_operations_get_a_pager(corpus: Corpus) -> None:
    resource = corpus.package("paged").Client(base_url="https://x.example").items
    pagers = sorted(n for n in dir(resource) if n.endswith("_auto_paging"))
    assert pagers == [
        "by_cursor_auto_paging",
        "by_link_auto_paging",
        "by_offset_auto_paging",
        "by_page_auto_paging",
        "by_token_auto_paging",
    ]
    source = (Path(corpus.package("paged").__file__).parent / "resources" / "items.py").read_text()
    assert "-> SyncPager[ByCursorResponse, Item]:" in source
    assert "-> AsyncPager[ByLinkResponse, Item]:" not in source  # the body is the list
    assert "-> AsyncPager[list[Item], Item]:" in source


def test_cursor_pages_are_fetched_lazily(corpus: Corpus) -> None:
    pages = {
        None: {"data": items(1, 2), "meta": {"next_cursor": "c2"}},
        "c2": {"data": items(3), "meta": {"next_cursor": "c3"}},
        "c3": {"data": [], "meta": {"next_cursor": None}},
    }
    seen: list[tuple[str | None, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        seen.append((cursor, request.url.params.get("limit")))
        return httpx.Response(200, json=pages[cursor])

    api = client(corpus.package("paged"), handler)
    pager = api.items.by_cursor_auto_paging(limit=2)
    assert seen == []
    iterator = iter(pager)
    assert next(iterator).id == 1
    assert seen == [(None, "2")]
    assert ids(iterator) == [2, 3]
    assert seen == [(None, "2"), ("c2", "2"), ("c3", "2")]
    assert [len(p.data) for p in api.items.by_cursor_auto_paging().iter_pages()] == [2, 1, 0]


def test_a_repeated_cursor_stops(corpus: Corpus) -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.params.get("cursor"))
        return httpx.Response(200, json={"data": items(1), "meta": {"next_cursor": "same"}})

    assert ids(client(corpus.package("paged"), handler).items.by_cursor_auto_paging()) == [1, 1]
    assert calls == [None, "same"]


def test_offset_paging_stops_at_a_short_page(corpus: Corpus) -> None:
    data = list(range(1, 6))
    offsets = []

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        limit = int(request.url.params["limit"])
        offsets.append(offset)
        return httpx.Response(200, json={"results": items(*data[offset : offset + limit])})

    api = client(corpus.package("paged"), handler)
    assert ids(api.items.by_offset_auto_paging(limit=2)) == [1, 2, 3, 4, 5]
    assert offsets == [0, 2, 4]


def test_page_numbers_count_from_the_first_page_and_stop_on_has_more(corpus: Corpus) -> None:
    pages: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        page = request.url.params.get("page")
        pages.append(page)
        number = int(page or 0)
        return httpx.Response(200, json={"items": items(number * 10), "has_more": number < 2})

    api = client(corpus.package("paged"), handler)
    assert ids(api.items.by_page_auto_paging(per_page=1)) == [0, 10, 20]
    assert pages == [None, "1", "2"]  # minimum 0: the first page is 0


def test_link_headers_are_followed_on_the_same_origin_only(corpus: Corpus) -> None:
    urls = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(str(request.url))
        page = request.url.params.get("p", "1")
        links = {
            "1": '<https://api.example/linked?p=2&size=1>; rel="next", </linked?p=9>; rel=last',
            "2": '</linked?p=3>; rel="prefetch next"',
            "3": "",
        }
        headers = {"link": links[page]} if links[page] else {}
        return httpx.Response(200, json=items(int(page)), headers=headers)

    package = corpus.package("paged")
    api = client(package, handler)
    assert ids(api.items.by_link_auto_paging(size=1)) == [1, 2, 3]
    assert urls == [
        "https://api.example/linked?size=1",
        "https://api.example/linked?p=2&size=1",
        "https://api.example/linked?p=3",
    ]

    def elsewhere(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json=items(1), headers={"link": '<https://evil.example/x>; rel="next"'}
        )

    pager = iter(client(package, elsewhere).items.by_link_auto_paging())
    assert next(pager).id == 1
    with pytest.raises(package.APIError, match="leaves https://api.example"):
        next(pager)


def test_x_pagination_sets_params_and_nested_paths(corpus: Corpus) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        start = request.url.params.get("from")
        body: dict[str, Any] = {"entries": {"rows": items(int(start or 1))}}
        if start is None:
            body["paging"] = {"continue_at": "2"}
        return httpx.Response(200, json=body)

    api = client(corpus.package("paged"), handler)
    assert ids(api.items.by_token_auto_paging()) == [1, 2]


def test_async_pagers(corpus: Corpus) -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        nxt = {None: "b", "b": None}[cursor]
        return httpx.Response(
            200, json={"data": items(1 if nxt else 2), "meta": {"next_cursor": nxt}}
        )

    async def run() -> tuple[list[int], int]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        api = corpus.package("paged").AsyncClient(http_client=http, max_retries=0)
        got = [item.id async for item in api.items.by_cursor_auto_paging()]
        pages = [page async for page in api.items.by_cursor_auto_paging().iter_pages()]
        return got, len(pages)

    assert asyncio.run(run()) == ([1, 2], 2)


def test_malformed_x_pagination_is_a_positioned_diagnostic(tmp_path: Path) -> None:
    code, err = refusal(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: Bad, version: "1"}
        paths:
          /a:
            get:
              x-pagination: {type: cursor, cursorParam: nope, cursorPath: count, itemsPath: data, sort: x}
              parameters: [{name: cursor, in: query, schema: {type: string}}]
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties: {data: {type: array, items: {}}, count: {type: integer}}
          /b:
            get:
              x-pagination: {type: pages}
              responses: {"200": {description: ok}}
          /c:
            get:
              x-pagination: [cursor]
              responses: {"200": {description: ok}}
        """,
    )
    assert code == 2
    lines = err.splitlines()
    hint = lines[0][lines[0].index(" (x-pagination is") :]
    assert lines == [
        "spec.yaml:6:97: /paths/~1a/get/x-pagination/sort: unknown key 'sort'" + hint,
        "spec.yaml:6:49: /paths/~1a/get/x-pagination/cursorParam: 'nope' is not a query"
        " parameter of the operation" + hint,
        "spec.yaml:6:67: /paths/~1a/get/x-pagination/cursorPath: 'count' must be a string field"
        + hint,
        "spec.yaml:18:28: /paths/~1b/get/x-pagination/type: must be one of cursor, offset, page,"
        " link" + hint,
        "spec.yaml:22:21: /paths/~1c/get/x-pagination: must be an object or false" + hint,
    ]
