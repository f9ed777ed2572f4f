"""The pure parts of streaming and pagination: the event-stream parser (WHATWG rules),
line splitting, file parts and RFC 8288 Link headers."""

from __future__ import annotations

import io
import types

import httpx
import pytest


def events(
    rt: types.SimpleNamespace, *slices: str
) -> list[tuple[str, str, str | None, int | None]]:
    decoder = rt.streaming.SSEDecoder()
    found = [e for text in slices for e in decoder.feed(text)]
    return [(e.event, e.data, e.id, e.retry) for e in found]


def test_sse_fields_comments_and_dispatch(rt: types.SimpleNamespace) -> None:
    stream = (
        ": comment\n"
        "data: first\n"
        "data:second\n"  # no space after the colon
        "data:  two spaces\n"  # only one space is removed
        "\n"
        "event: custom\n"
        "data\n"  # a field without a colon has an empty value
        "unknown: field\n"
        "\n"
    )
    assert events(rt, stream) == [
        ("message", "first\nsecond\n two spaces", None, None),
        ("custom", "", None, None),
    ]


def test_sse_line_endings_may_be_split_anywhere(rt: types.SimpleNamespace) -> None:
    stream = "\ufeffdata: a\r\n\r\ndata: b\r\rdata: c\n\n"
    whole = events(rt, stream)
    assert whole == [("message", x, None, None) for x in "abc"]
    assert events(rt, *stream) == whole  # one character at a time
    assert events(rt, "data: a\r", "\n", "\r\n") == [("message", "a", None, None)]


def test_sse_id_persists_and_retry_needs_digits(rt: types.SimpleNamespace) -> None:
    stream = (
        "id: 7\nretry: 1500\ndata: a\n\n"
        "data: b\n\n"  # the last event ID stays
        "id: x\x00y\nretry: 1.5\ndata: c\n\n"  # NUL id and non-digit retry are ignored
        "id\ndata: d\n\n"  # an empty id resets it
    )
    assert events(rt, stream) == [
        ("message", "a", "7", 1500),
        ("message", "b", "7", None),
        ("message", "c", "7", None),
        ("message", "d", "", None),
    ]


def test_sse_events_without_data_and_unfinished_events_are_dropped(
    rt: types.SimpleNamespace,
) -> None:
    assert events(rt, "event: ping\n\nid: 3\n\ndata: x") == []
    assert events(rt, 'data: {"a": [1]}\n\n')[0][1] == '{"a": [1]}'
    event = rt.streaming.ServerSentEvent(data='{"a": [1]}')
    assert event.json() == {"a": [1]}
    with pytest.raises(ValueError):
        rt.streaming.ServerSentEvent(data="not json").json()


def test_line_splitter(rt: types.SimpleNamespace) -> None:
    lines = rt.streaming.LineSplitter()
    assert lines.feed("a\r") == []
    assert lines.feed("\nb\rc\n\nd") == ["a", "b", "c", ""]
    assert lines.flush() == "d"
    assert lines.flush() == ""


def test_streamed_body_detection(rt: types.SimpleNamespace) -> None:
    streamed = rt.streaming.is_streamed_body
    assert streamed(io.BytesIO(b"x")) and streamed(iter([b"x"]))
    assert not any(streamed(v) for v in (b"x", "x", {"a": 1}, [b"x"], ("a", b"x")))


def test_file_parts(rt: types.SimpleNamespace) -> None:
    part = rt.files.file_part
    named = io.BytesIO(b"data")
    named.name = "/tmp/dir/photo.png"
    assert part("f", b"raw") == ("f", b"raw", "application/octet-stream")
    assert part("f", named) == ("photo.png", b"data", "application/octet-stream")
    assert part("f", ("n.txt", iter([b"a", b"b"]), "text/plain")) == ("n.txt", b"ab", "text/plain")
    stdin_like = io.BytesIO(b"in")
    stdin_like.name = "<stdin>"
    assert part("f", stdin_like)[0] == "f"
    assert rt.files.is_file_input(("a", b"x"))
    assert not rt.files.is_file_input(("a", "text"))
    assert not rt.files.is_file_input((b"x",))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('<https://a.example/p?page=2>; rel="next"', "https://a.example/p?page=2"),
        ('</last>; rel="last", </n?a=1,2>; rel="next"', "/n?a=1,2"),
        ("</n>; rel=next", "/n"),
        ('</n>; title="x"; REL="prefetch Next"', "/n"),
        ('</p>; rel="prev"', None),
        ("garbage", None),
    ],
)
def test_next_link(rt: types.SimpleNamespace, header: str, expected: str | None) -> None:
    assert rt.pagination.next_link(httpx.Headers({"link": header})) == expected


def test_next_link_reads_every_link_header(rt: types.SimpleNamespace) -> None:
    headers = httpx.Headers([("link", '</a>; rel="prev"'), ("link", '</b>; rel="next"')])
    assert rt.pagination.next_link(headers) == "/b"


def test_non_bytes_chunks_are_refused(rt: types.SimpleNamespace) -> None:
    with pytest.raises(rt.errors.RequestValidationError, match="must yield bytes"):
        rt.files.file_part("f", iter([1, 2]))
    with pytest.raises(TypeError, match="must be bytes, not int"):
        list(rt.streaming.body_content(iter([b"a", 1]), False))
    with pytest.raises(TypeError, match="binary mode"):
        list(rt.streaming.body_content(io.StringIO("text"), False))
