"""Streamed responses (bytes, text, lines, server-sent events), streamed request bodies and
multipart file fields, against httpx.MockTransport."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.features.coverage_support import Corpus, client

SPECS = {
    "streams": """
        openapi: 3.0.3
        info: {title: Streams, version: "1"}
        servers: [{url: "https://api.example"}]
        paths:
          /events:
            get:
              operationId: listen
              responses:
                "200": {description: ok, content: {text/event-stream: {schema: {type: string}}}}
                "404":
                  description: missing
                  content: {application/json: {schema: {type: object, properties: {error: {type: string}}}}}
          /blob:
            get:
              operationId: download
              responses:
                "200":
                  description: ok
                  content: {application/octet-stream: {schema: {type: string, format: binary}}}
            put:
              operationId: upload
              requestBody:
                required: true
                content: {application/octet-stream: {schema: {type: string, format: binary}}}
              responses:
                "204": {description: done}
                "503": {description: busy}
          /photos:
            post:
              operationId: add_photo
              requestBody:
                required: true
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      required: [file]
                      properties:
                        file: {type: string, format: binary}
                        caption: {type: string}
              responses:
                "200":
                  description: ok
                  content: {application/json: {schema: {type: object, properties: {id: {type: integer}}}}}
    """,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("streaming"), SPECS)
    built.generate()
    yield built


def async_client(corpus: Corpus, handler: Any) -> Any:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return corpus.package("streams").AsyncClient(http_client=http, max_retries=0)


def test_the_package_passes_mypy_strict(corpus: Corpus) -> None:
    code, output = corpus.mypy()
    assert code == 0, output


def test_the_streaming_names_are_exported_and_typed(corpus: Corpus) -> None:
    package = corpus.package("streams")
    names = (
        "StreamedResponse",
        "AsyncStreamedResponse",
        "ServerSentEvent",
        "FileInput",
        "SyncPager",
    )
    for name in (*names, "AsyncPager"):
        assert name in package.__all__
    source = (Path(package.__file__).parent / "resources" / "photos.py").read_text()
    assert "file: FileInput," in source
    blob = (Path(package.__file__).parent / "resources" / "blob.py").read_text()
    assert "body: FileInput," in blob


def test_a_streamed_body_is_read_only_as_it_is_iterated(corpus: Corpus) -> None:
    produced: list[bytes] = []

    def body() -> Iterator[bytes]:
        for chunk in (b"one\n", b"two\r\nthr", b"ee"):
            produced.append(chunk)
            yield chunk

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["accept"] == "application/octet-stream"
        return httpx.Response(200, content=body(), headers={"content-type": "text/plain"})

    api = client(corpus.package("streams"), handler)
    with api.blob.with_streaming_response.download() as response:
        assert response.status_code == 200
        assert produced == []  # nothing read on entering
        lines = response.iter_lines()
        assert next(lines) == "one"
        assert produced == [b"one\n"]
        assert list(lines) == ["two", "three"]
    assert response.http_response.is_closed


def test_iter_bytes_and_iter_text(corpus: Corpus) -> None:
    payload = "naïve ☃".encode()
    halves = [payload[:3], payload[3:]]  # splits the two-byte ï

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter(halves), headers={"content-type": "text/plain"})

    api = client(corpus.package("streams"), handler)
    with api.blob.with_streaming_response.download() as response:
        assert list(response.iter_bytes()) == halves
    with api.blob.with_streaming_response.download() as response:
        assert "".join(response.iter_text()) == "naïve ☃"


SSE = (
    b"\xef\xbb\xbf: a comment\r\n"
    b"event: greet\r\ndata: hello\r\ndata:  world\r\nid: 1\r\nretry: 3000\r\n\r\n"
    b'data: {"n": 2}\r'
    b"\r"
    b"id\n"
    b"data\n\n"
    b"event: ignored-without-data\n\n"
    b"retry: soon\nid: a\x00b\ndata: last\n\n"
    b"data: unfinished"
)


def test_event_stream_yields_parsed_server_sent_events(corpus: Corpus) -> None:
    chunks = [SSE[i : i + 5] for i in range(0, len(SSE), 5)]  # splits CRLFs and the BOM

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["accept"] == "text/event-stream"
        headers = {"content-type": "text/event-stream"}
        return httpx.Response(200, content=iter(chunks), headers=headers)

    package = corpus.package("streams")
    api = client(package, handler)
    with api.events.with_streaming_response.listen() as response:
        events = list(response.iter_events())
    event = package.ServerSentEvent
    assert events == [
        event(data="hello\n world", event="greet", id="1", retry=3000),
        event(data='{"n": 2}', id="1"),
        event(data="", id=""),
        event(data="last", id=""),
    ]
    assert events[1].json() == {"n": 2}


def test_event_stream_without_streaming_still_returns_text(corpus: Corpus) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=b"data: x\n\n", headers={"content-type": "text/event-stream"}
        )

    assert client(corpus.package("streams"), handler).events.listen() == "data: x\n\n"


def test_an_error_status_raises_on_entering(corpus: Corpus) -> None:
    package = corpus.package("streams")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"error": "gone"})

    api = client(package, handler)
    manager = api.events.with_streaming_response.listen()
    with pytest.raises(package.NotFoundError) as caught, manager:
        raise AssertionError("not reached")
    assert caught.value.parsed.error == "gone"


def test_async_streaming(corpus: Corpus) -> None:
    async def body() -> AsyncIterator[bytes]:
        for chunk in (b"data: a\n", b"\ndata: b\n\n", b"tail"):
            yield chunk

    async def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "text/event-stream"}
        return httpx.Response(200, content=body(), headers=headers)

    async def run() -> tuple[list[str], list[str], list[str]]:
        api = async_client(corpus, handler)
        async with api.events.with_streaming_response.listen() as response:
            events = [e.data async for e in response.iter_events()]
        async with api.events.with_streaming_response.listen() as response:
            lines = [line async for line in response.iter_lines()]
        async with api.blob.with_streaming_response.download() as response:
            chunks = [c async for c in response.iter_bytes()]
        assert response.http_response.is_closed
        return events, lines, chunks

    events, lines, chunks = asyncio.run(run())
    assert events == ["a", "b"]
    assert lines == ["data: a", "", "data: b", "", "tail"]
    assert chunks == [b"data: a\n", b"\ndata: b\n\n", b"tail"]


def test_request_bodies_from_files_and_iterators(corpus: Corpus) -> None:
    received: list[tuple[bytes, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        received.append((request.read(), request.headers["content-type"]))
        return httpx.Response(204)

    api = client(corpus.package("streams"), handler)
    api.blob.upload(body=io.BytesIO(b"from a file"))
    api.blob.upload(body=iter([b"from ", b"an ", b"iterator"]))
    api.blob.upload(body=("x.png", b"\x89PNG", "image/png"))
    assert received == [
        (b"from a file", "application/octet-stream"),
        (b"from an iterator", "application/octet-stream"),
        (b"\x89PNG", "image/png"),
    ]


def test_async_request_bodies_from_files_and_iterators(corpus: Corpus) -> None:
    received: list[bytes] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        received.append(await request.aread())
        return httpx.Response(204)

    async def chunks() -> AsyncIterator[bytes]:
        yield b"async "
        yield b"chunks"

    async def run() -> None:
        api = async_client(corpus, handler)
        await api.blob.upload(body=io.BytesIO(b"a file"))
        await api.blob.upload(body=iter([b"sync ", b"iterator"]))
        await api.blob.upload(body=chunks())

    asyncio.run(run())
    assert received == [b"a file", b"sync iterator", b"async chunks"]


def test_an_iterator_body_is_not_retried(corpus: Corpus) -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.read())
        return httpx.Response(503)

    package = corpus.package("streams")
    http = httpx.Client(transport=httpx.MockTransport(handler))
    api = package.Client(http_client=http, max_retries=3, retry_non_idempotent=True)
    api._sleep = lambda seconds: None
    with pytest.raises(package.APIStatusError):
        api.blob.upload(body=iter([b"once"]))
    assert calls == [b"once"]
    with pytest.raises(package.APIStatusError):
        api.blob.upload(body=b"bytes")
    assert calls[1:] == [b"bytes"] * 4


def _parts(request: httpx.Request) -> list[str]:
    boundary = request.headers["content-type"].split("boundary=")[1]
    body = request.read().decode("latin-1")
    parts = body.split(f"--{boundary}")[1:-1]
    return [p.split("\r\n\r\n")[0].strip() for p in parts]


@pytest.mark.parametrize(
    ("file", "disposition", "content_type"),
    [
        (b"raw", 'name="file"; filename="file"', "application/octet-stream"),
        (("report.pdf", b"%PDF"), 'name="file"; filename="report.pdf"', "application/octet-stream"),
        (("a.csv", io.BytesIO(b"1,2"), "text/csv"), 'name="file"; filename="a.csv"', "text/csv"),
        ((None, b"x", "text/plain"), 'name="file"; filename="file"', "text/plain"),
        (
            ('we"ird\r\n.txt', b"x"),
            'name="file"; filename="we%22ird%0D%0A.txt"',
            "application/octet-stream",
        ),
        (iter([b"a", b"b"]), 'name="file"; filename="file"', "application/octet-stream"),
    ],
)
def test_multipart_file_fields(
    corpus: Corpus, file: Any, disposition: str, content_type: str
) -> None:
    seen: list[list[str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(_parts(request))
        return httpx.Response(200, json={"id": 1})

    api = client(corpus.package("streams"), handler)
    assert api.photos.add(file=file, caption="hi").id == 1
    assert seen[0][0].strip() == (
        f"Content-Disposition: form-data; {disposition}\r\nContent-Type: {content_type}"
    )
    assert seen[0][1].strip() == 'Content-Disposition: form-data; name="caption"'


def test_a_file_object_gives_its_base_name(corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "cat.jpg"
    path.write_bytes(b"\xff\xd8meow")
    bodies: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(request.read())
        return httpx.Response(200, json={"id": 2})

    api = client(corpus.package("streams"), handler)
    with path.open("rb") as f:
        api.photos.add(file=f)
    assert b'name="file"; filename="cat.jpg"\r\n' in bodies[0]
    assert b"\xff\xd8meow" in bodies[0]


def test_bad_file_arguments_are_refused(corpus: Corpus, tmp_path: Path) -> None:
    package = corpus.package("streams")
    api = client(package, lambda request: httpx.Response(200, json={}))
    with pytest.raises(package.RequestValidationError):
        api.photos.add(file=12)
    with pytest.raises(package.RequestValidationError):
        api.photos.add(file=("a.txt", b"x", "text/plain\r\nX-Evil: 1"))
    path = tmp_path / "t.txt"
    path.write_text("text")
    with path.open("r") as text_file, pytest.raises(package.RequestValidationError):
        api.photos.add(file=text_file)
