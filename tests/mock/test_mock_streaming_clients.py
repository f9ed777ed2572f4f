"""Streamed responses, streamed and multipart uploads and pagers of a generated client against a
real `leadgen mock` server (over sockets, the mock validating every request)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from leadgen.mock.testing import MockServerFactory

from tests.features.coverage_support import Corpus

SPEC = """
    openapi: 3.0.3
    info: {title: Mocked, version: "1"}
    servers: [{url: "https://api.example"}]
    paths:
      /events:
        get:
          operationId: listen
          responses:
            "200": {description: ok, content: {text/event-stream: {schema: {type: string}}}}
      /blob:
        put:
          operationId: upload
          requestBody:
            required: true
            content: {application/octet-stream: {schema: {type: string, format: binary}}}
          responses:
            "200":
              description: ok
              content:
                application/json:
                  schema: {type: object, required: [ok], properties: {ok: {type: boolean}}}
      /photos:
        post:
          operationId: add
          requestBody:
            required: true
            content:
              multipart/form-data:
                schema:
                  type: object
                  required: [file, caption]
                  properties: {file: {type: string, format: binary}, caption: {type: string}}
          responses:
            "200":
              description: ok
              content:
                application/json:
                  schema: {type: object, required: [id], properties: {id: {type: integer}}}
      /items:
        get:
          operationId: list
          parameters:
            - {name: cursor, in: query, schema: {type: string}}
          responses:
            "200":
              description: ok
              content:
                application/json:
                  schema:
                    type: object
                    required: [data, next_cursor]
                    properties:
                      data: {type: array, items: {type: object, properties: {id: {type: integer}}}}
                      next_cursor: {type: string}
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("mocked"), {"mocked": SPEC})
    built.generate()
    yield built


@pytest.fixture
def api(corpus: Corpus, mock_server_factory: MockServerFactory) -> Iterator[Any]:
    server = mock_server_factory(corpus.root / "specs" / "mocked.yaml")
    with corpus.package("mocked").Client(base_url=server.url, max_retries=0) as client:
        yield client


def test_a_streamed_response_reads_what_a_plain_call_returns(api: Any) -> None:
    whole = api.events.listen()
    assert isinstance(whole, str) and whole
    with api.events.with_streaming_response.listen() as response:
        assert response.content_type == "text/event-stream"
        assert "".join(response.iter_text()) == whole


def test_streamed_uploads_pass_the_mock_validation(api: Any) -> None:
    assert isinstance(api.blob.upload(body=io.BytesIO(b"file body")).ok, bool)
    assert isinstance(api.blob.upload(body=iter([b"chunk", b"s"])).ok, bool)


def test_multipart_files_pass_the_mock_validation(api: Any) -> None:
    assert isinstance(api.photos.add(file=("x.png", b"\x89PNG", "image/png"), caption="c").id, int)
    assert isinstance(api.photos.add(file=io.BytesIO(b"raw"), caption="c").id, int)


def test_the_pager_stops_when_the_mock_repeats_its_cursor(api: Any) -> None:
    pages = list(api.items.list_auto_paging().iter_pages())
    assert len(pages) == 2  # the mock's fixed cursor comes back: a repeat ends paging
    assert pages[0].next_cursor == pages[1].next_cursor
    assert list(api.items.list_auto_paging()) == pages[0].data + pages[1].data
