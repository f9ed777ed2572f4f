"""Operations: non-JSON response bodies with their Accept header, several 2xx bodies, request
bodies that declare no media type."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.features.coverage_support import Corpus, client, refusal

SPECS = {
    "bodies": """
        openapi: 3.0.3
        info: {title: Bodies, version: "1"}
        servers: [{url: "https://api.example"}]
        paths:
          /file:
            get:
              operationId: download
              responses:
                "200":
                  description: ok
                  content: {application/octet-stream: {schema: {type: string, format: binary}}}
          /text:
            get:
              operationId: read
              responses:
                "200": {description: ok, content: {text/plain: {schema: {type: string}}}}
          /any:
            get:
              operationId: fetch
              responses:
                "200": {description: ok, content: {"*/*": {}}}
          /events:
            get:
              operationId: stream
              responses:
                "200": {description: ok, content: {text/event-stream: {}}}
          /multi:
            get:
              operationId: pick
              responses:
                "200": {description: ok, content: {application/json: {schema: {type: integer}}}}
                "201": {description: ok, content: {application/json: {schema: {type: string}}}}
                "204": {description: none}
          /ping:
            post:
              operationId: ping
              requestBody: {content: {}}
              responses: {"204": {description: none}}
          /pong:
            post:
              operationId: pong
              requestBody: {$ref: "#/components/requestBodies/Nothing"}
              responses: {"204": {description: none}}
        components:
          requestBodies:
            Nothing: {description: nothing, content: {}}
    """,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("operations"), SPECS)
    built.generate()
    yield built


def test_the_packages_pass_mypy_strict(corpus: Corpus) -> None:
    code, output = corpus.mypy()
    assert code == 0, output


@pytest.mark.parametrize(
    ("resource", "method", "accept", "content_type", "expected"),
    [
        ("file", "download", "application/octet-stream", "application/octet-stream", b"\x00\x01"),
        ("text", "read", "text/plain", "text/plain; charset=utf-8", "\x00\x01"),
        ("any", "fetch", "*/*", "image/png", b"\x00\x01"),
        ("events", "stream", "text/event-stream", "text/event-stream", "\x00\x01"),
    ],
)
def test_non_json_bodies_come_back_as_bytes_or_text(
    corpus: Corpus, resource: str, method: str, accept: str, content_type: str, expected: object
) -> None:
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["accept"])
        return httpx.Response(200, content=b"\x00\x01", headers={"content-type": content_type})

    api = client(corpus.package("bodies"), handler)
    assert getattr(getattr(api, resource), method)() == expected
    assert seen == [accept]


def test_several_2xx_bodies_return_their_union(corpus: Corpus) -> None:
    bodies = corpus.package("bodies")
    source = (Path(bodies.__file__).parent / "resources" / "multi.py").read_text()
    assert ") -> int | str | None:" in source
    answers = iter([httpx.Response(200, json=1), httpx.Response(201, json="a")])
    answers_204 = [httpx.Response(204)]
    api = client(bodies, lambda request: next(answers, None) or answers_204.pop())
    assert [api.multi.pick(), api.multi.pick(), api.multi.pick()] == [1, "a", None]


def test_a_request_body_without_media_types_is_left_out_and_warned(
    corpus: Corpus, tmp_path: Path
) -> None:
    bodies = corpus.package("bodies")
    sent: list[tuple[str, bytes, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append((request.url.path, request.content, request.headers.get("content-type")))
        return httpx.Response(204)

    api = client(bodies, handler)
    assert api.ping.ping() is None
    assert api.pong.pong() is None
    assert sent == [("/ping", b"", None), ("/pong", b"", None)]
    with pytest.raises(TypeError):
        api.ping.ping(body={})  # no body argument
    code, err = refusal(tmp_path, SPECS["bodies"], "--no-cache")
    assert code == 0, err
    message = (
        "request body declares no media type: the operation is generated without a body"
        " (declare one under `content` to send it)"
    )
    assert err.splitlines() == [
        f"spec.yaml:38:30: /paths/~1ping/post/requestBody/content: {message}",
        f"spec.yaml:47:46: /components/requestBodies/Nothing/content: {message}",
    ]


def test_undefined_security_schemes_and_undeclared_server_variables(tmp_path: Path) -> None:
    code, err = refusal(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: Sec, version: "1"}
        servers: [{url: "https://{region}.api.example/{v}", variables: {v: {default: v1}}}]
        security: [{missing: []}]
        paths:
          /a:
            get:
              security: [{other: []}]
              responses: {"200": {description: ok}}
        """,
    )
    assert code == 2
    assert err.splitlines() == [
        (
            "spec.yaml:4:22: /security/0/missing: security requirement names the undefined scheme"
            " 'missing' (define it under components/securitySchemes, or fix the name)"
        ),
        (
            "spec.yaml:8:26: /paths/~1a/get/security/0/other: security requirement names the"
            " undefined scheme 'other' (define it under components/securitySchemes, or fix the name)"
        ),
        (
            "spec.yaml:3:17: /servers/0/url: server variable 'region' is used in the URL but not"
            " declared (declare it under the server's variables, with a default)"
        ),
    ]
