"""OpenAPI 3.2: QUERY and additionalOperations, querystring parameters, itemSchema streams,
$self, discriminator defaultMapping, the new tag and security fields, `nullable` outside 3.0."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest

from tests.features.coverage_support import Corpus, client
from tests.features.generated_package import generate_and_import
from tests.mock_fixture import MockServerFactory, mock_server_factory  # noqa: F401 - a fixture

SPECS = {
    "methods32": """
        openapi: 3.2.0
        info: {title: Methods, version: "1"}
        servers: [{url: "https://api.example"}]
        paths:
          /items:
            query:
              operationId: searchItems
              tags: [items]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {type: object, properties: {text: {type: string}}, required: [text]}
              responses:
                "200":
                  description: ok
                  content: {application/json: {schema: {type: array, items: {type: string}}}}
            additionalOperations:
              PURGE:
                operationId: purgeItems
                tags: [items]
                responses:
                  "204": {description: gone}
              link:
                operationId: linkItems
                tags: [items]
                responses:
                  "204": {description: linked}
          /search:
            get:
              operationId: find
              tags: [search]
              parameters:
                - name: filter
                  in: querystring
                  content:
                    application/x-www-form-urlencoded:
                      schema:
                        type: object
                        properties:
                          name: {type: string}
                          tags: {type: array, items: {type: string}}
                          limit: {type: integer, minimum: 1}
                          near: {type: object, properties: {lat: {type: number}}}
                        additionalProperties: {type: integer}
              responses:
                "200": {description: ok}
          /raw:
            get:
              operationId: raw
              tags: [search]
              parameters:
                - name: query
                  in: querystring
                  content:
                    application/x-www-form-urlencoded: {schema: {type: string}}
              responses:
                "200": {description: ok}
          /words:
            get:
              operationId: words
              tags: [search]
              parameters:
                - name: phrase
                  in: querystring
                  content:
                    text/plain: {schema: {type: string, pattern: "^[a-z ]+$"}}
              responses:
                "200": {description: ok}
          /lookup:
            get:
              operationId: lookup
              tags: [search]
              parameters:
                - name: selector
                  in: querystring
                  required: true
                  content:
                    application/json:
                      schema:
                        type: object
                        properties: {ids: {type: array, items: {type: integer}}}
              responses:
                "200": {description: ok}
    """,
    "streams32": """
        openapi: 3.2.0
        info: {title: Streams, version: "1"}
        servers: [{url: "https://api.example"}]
        components:
          schemas:
            Tick:
              type: object
              required: [n]
              properties: {n: {type: integer}, label: {type: string}}
        paths:
          /ticks:
            get:
              operationId: ticks
              tags: [feed]
              responses:
                "200":
                  description: ticks
                  content:
                    application/jsonl:
                      itemSchema: {$ref: "#/components/schemas/Tick"}
                "404": {description: none}
          /seq:
            get:
              operationId: seq
              tags: [feed]
              responses:
                "200":
                  description: numbers
                  content:
                    application/json-seq:
                      itemSchema: {type: integer}
          /nd:
            get:
              operationId: nd
              tags: [feed]
              responses:
                "200":
                  description: ticks
                  content:
                    application/x-ndjson:
                      itemSchema: {$ref: "#/components/schemas/Tick"}
          /events:
            get:
              operationId: events
              tags: [feed]
              responses:
                "200":
                  description: events
                  content:
                    text/event-stream:
                      itemSchema:
                        type: object
                        required: [data]
                        properties:
                          data: {type: string}
                          event: {type: string}
                          id: {type: string}
                          retry: {type: integer}
    """,
    "extras32": """
        openapi: 3.2.0
        info: {title: Extras, version: "1"}
        servers: [{url: "https://api.example"}]
        tags:
          - {name: stores, kind: nav}
          - {name: orders, parent: stores, kind: nav}
        security: [{device: []}]
        components:
          securitySchemes:
            device:
              type: oauth2
              oauth2MetadataUrl: https://auth.example/.well-known/oauth-authorization-server
              flows:
                deviceAuthorization:
                  deviceAuthorizationUrl: https://auth.example/device
                  tokenUrl: https://auth.example/token
                  scopes: {}
            legacy: {type: apiKey, in: header, name: X-Key, deprecated: true}
          schemas:
            Cat:
              type: object
              required: [kind]
              properties: {kind: {type: string}, lives: {type: integer}}
            Dog:
              type: object
              required: [kind]
              properties: {kind: {type: string}, barks: {type: boolean}}
            Pet:
              oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
              discriminator:
                propertyName: kind
                mapping: {cat: "#/components/schemas/Cat"}
                defaultMapping: "#/components/schemas/Dog"
            Note:
              type: object
              properties:
                text: {type: string, nullable: true}
                nullable: {type: boolean}
        paths:
          /orders:
            get:
              operationId: listOrders
              tags: [orders]
              security: [{device: []}, {legacy: []}]
              responses:
                "200":
                  description: ok
                  content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
          /uploads:
            post:
              operationId: upload
              tags: [stores]
              requestBody:
                content:
                  application/jsonl: {itemSchema: {type: integer}}
              responses:
                "204": {description: none}
          /notes:
            get:
              operationId: getNote
              tags: [stores]
              responses:
                "200":
                  description: ok
                  content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}
    """,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("oas32"), SPECS)
    built.generate()
    yield built


def test_the_32_packages_pass_mypy_strict(corpus: Corpus) -> None:
    code, output = corpus.mypy()
    assert code == 0, output


def test_query_and_additional_operations_send_their_methods(corpus: Corpus) -> None:
    sent: list[tuple[str, bytes]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append((request.method, request.content))
        if request.method == "QUERY":
            return httpx.Response(200, json=["a", "b"])
        return httpx.Response(204)

    api = client(corpus.package("methods32"), handler)
    assert api.items.search(text="hi") == ["a", "b"]
    api.items.purge()
    api.items.link()
    assert sent == [("QUERY", b'{"text":"hi"}'), ("PURGE", b""), ("LINK", b"")]


def test_query_is_retried_as_idempotent(corpus: Corpus) -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        return httpx.Response(503 if len(calls) == 1 else 200, json=[])

    package = corpus.package("methods32")
    http = httpx.Client(transport=httpx.MockTransport(handler))
    api = package.Client(http_client=http, max_retries=1)
    api._client._sleep = lambda _: None
    assert api.items.search(text="x") == []
    assert calls == ["QUERY", "QUERY"]


def test_querystring_parameters_are_the_whole_query(corpus: Corpus) -> None:
    urls: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(request.url)
        return httpx.Response(200)

    package = corpus.package("methods32")
    models = __import__("methods32.models", fromlist=["FindFilter", "LookupSelector"])
    api = client(package, handler)
    api.search.find(filter=models.FindFilter(name="a b&c", tags=["x", "y"]))
    api.search.lookup(selector=models.LookupSelector(ids=[1, 2]))
    api.search.find()
    api.search.raw(query="a=1&b=x y#z")
    form, as_json, empty, written = urls
    assert written.query == b"a=1&b=x%20y%23z"  # a written query string, escaped
    assert form.path == "/search"
    assert parse_qsl(form.query.decode()) == [("name", "a b&c"), ("tags", "x"), ("tags", "y")]
    assert as_json.query == b"%7B%22ids%22%3A%5B1%2C2%5D%7D"
    assert json.loads(httpx.QueryParams(as_json.query.decode()).multi_items()[0][0]) == {
        "ids": [1, 2]
    }
    assert empty.query == b""


def _stream_handler(request: httpx.Request) -> httpx.Response:
    bodies = {
        "/ticks": b'{"n":1}\n{"n":2,"label":"x"}\n',
        "/seq": b"\x1e1\n\x1e2\n",
        "/nd": b'{"n":3}\r\n{"n":4}',
        "/events": b": comment\nevent: a\ndata: x\ndata: y\nid: 7\n\nretry: 5\ndata: z\n\n",
    }
    return httpx.Response(200, content=bodies[request.url.path])


def _given(value: object) -> object:
    """None for a property the item left out (the runtime's UNSET)."""
    return None if type(value).__name__ == "Unset" else value


def test_item_streams_yield_typed_items(corpus: Corpus) -> None:
    package = corpus.package("streams32")
    api = client(package, _stream_handler)
    ticks = list(api.feed.ticks())
    assert [(t.n, _given(t.label)) for t in ticks] == [(1, None), (2, "x")]
    assert type(ticks[0]).__name__ == "Tick"
    assert list(api.feed.seq()) == [1, 2]
    assert [t.n for t in api.feed.nd()] == [3, 4]
    events = list(api.feed.events())
    assert [(_given(e.event), e.data, _given(e.id), _given(e.retry)) for e in events] == [
        ("a", "x\ny", "7", None),
        (None, "z", None, 5),
    ]


def test_item_streams_are_lazy_and_async(corpus: Corpus) -> None:
    package = corpus.package("streams32")
    chunks = [b'{"n":1}\n{"n"', b':2}\n{"n":', b"3}\n"]
    read: list[int] = []

    class Slow(httpx.AsyncByteStream):
        async def __aiter__(self):  # type: ignore[no-untyped-def]
            for i, chunk in enumerate(chunks):
                read.append(i)
                yield chunk

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Slow())

    async def run() -> list[int]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        api = package.AsyncClient(http_client=http, max_retries=0)
        items = await api.feed.ticks()
        first = await items.__anext__()
        assert first.n == 1 and read == [0]  # parsed from the first chunk, the rest unread
        return [first.n] + [t.n async for t in items]

    assert asyncio.run(run()) == [1, 2, 3]


def test_item_stream_errors_raise_before_iterating(corpus: Corpus) -> None:
    package = corpus.package("streams32")
    api = client(package, lambda r: httpx.Response(404, text="no"))
    with pytest.raises(package.NotFoundError):
        api.feed.ticks()
    bad = client(package, lambda r: httpx.Response(200, content=b'{"n":"x"}\n'))
    with pytest.raises(package.ResponseValidationError):
        list(bad.feed.ticks())


def test_item_streams_under_with_raw_response_give_the_typed_iterator(corpus: Corpus) -> None:
    package = corpus.package("streams32")

    def handler(request: httpx.Request) -> httpx.Response:
        response = _stream_handler(request)
        response.headers["x-request-id"] = "r1"
        return response

    api = client(package, handler)
    raw = api.feed.with_raw_response.ticks()
    assert type(raw).__name__ == "APIResponse"
    assert (raw.status_code, raw.headers["x-request-id"]) == (200, "r1")
    assert raw.parse() is raw.parsed
    ticks = list(raw.parse())
    assert [(t.n, _given(t.label)) for t in ticks] == [(1, None), (2, "x")]
    assert type(ticks[0]).__name__ == "Tick"
    assert list(api.feed.with_raw_response.seq().parse()) == [1, 2]
    assert raw.http_response.is_closed  # closed once the items ran out
    with pytest.raises(package.NotFoundError):
        client(package, lambda r: httpx.Response(404)).feed.with_raw_response.ticks()

    async def run() -> list[int]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        api = package.AsyncClient(http_client=http, max_retries=0)
        raw = await api.feed.with_raw_response.nd()
        assert raw.headers["x-request-id"] == "r1"
        return [t.n async for t in raw.parse()]

    assert asyncio.run(run()) == [3, 4]


def test_item_streams_under_with_streaming_response_give_the_open_response(
    corpus: Corpus,
) -> None:
    package = corpus.package("streams32")
    api = client(package, _stream_handler)
    with api.feed.with_streaming_response.ticks() as response:
        assert response.status_code == 200
        assert list(response.iter_lines()) == ['{"n":1}', '{"n":2,"label":"x"}']
    assert response.http_response.is_closed
    with api.feed.with_streaming_response.events() as response:
        assert [(e.event, e.data) for e in response.iter_events()] == [
            ("a", "x\ny"),
            ("message", "z"),
        ]

    async def run() -> bytes:
        http = httpx.AsyncClient(transport=httpx.MockTransport(_stream_handler))
        api = package.AsyncClient(http_client=http, max_retries=0)
        async with api.feed.with_streaming_response.seq() as response:
            return await response.read()

    assert asyncio.run(run()) == b"\x1e1\n\x1e2\n"


def test_default_mapping_parses_unmapped_values(corpus: Corpus) -> None:
    package = corpus.package("extras32")
    answers = iter([{"kind": "cat", "lives": 9}, {"kind": "wolf", "barks": True}, {"barks": 1}])
    handler = lambda r: httpx.Response(200, json=next(answers))
    api = client(package, handler, token="t", strict_responses=True)
    assert type(api.orders.list()).__name__ == "Cat"
    assert type(api.orders.list()).__name__ == "Dog"
    with pytest.raises(package.ResponseValidationError):
        api.orders.list()  # neither the default nor any other variant
    tolerant = client(package, lambda r: httpx.Response(200, json={"barks": 1}), token="t")
    assert tolerant.orders.list() == {"barks": 1}  # read tolerantly: kept as it came


def test_tag_parent_nests_resources_and_new_security_fields_are_accepted(corpus: Corpus) -> None:
    package = corpus.package("extras32")
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization"))
        return httpx.Response(200, json={"kind": "cat"})

    api = client(package, handler, token="abc")
    api.orders.list()
    assert seen == ["Bearer abc"]  # the device-flow token, as any OAuth2 token
    assert type(api.stores.orders.list()).__name__ == "Cat"
    assert seen == ["Bearer abc", "Bearer abc"]
    assert type(api.stores.orders).__name__ == "OrdersResource"
    assert not hasattr(api.orders, "stores")


def test_nested_resources_are_async_too(corpus: Corpus) -> None:
    package = corpus.package("extras32")
    http = httpx.AsyncClient(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"kind": "cat"}))
    )
    api = package.AsyncClient(http_client=http, max_retries=0, token="t")
    assert type(asyncio.run(api.stores.orders.list())).__name__ == "Cat"
    assert type(api.stores.orders).__name__ == "AsyncOrdersResource"


def _generate(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(textwrap.dedent(text), encoding="utf-8")
    command = [sys.executable, "-m", "leadgen", "generate", str(spec), "--output", str(tmp_path)]
    command.append("--no-cache")  # a cache hit does not repeat the warnings
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_32_notices_are_positioned_warnings(tmp_path: Path) -> None:
    result = _generate(tmp_path, SPECS["extras32"])
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any(
        line.startswith("spec.yaml:")
        and "/components/schemas/Note/properties/text/nullable: `nullable` is an OpenAPI 3.0"
        in line
        for line in lines
    ), result.stderr
    assert not any("properties/nullable/" in line for line in lines)  # a property's name
    assert any(
        "/components/securitySchemes/legacy/deprecated: security scheme 'legacy' is deprecated"
        in line
        for line in lines
    ), result.stderr
    assert any(
        "/paths/~1uploads/post/requestBody/content/application~1jsonl/itemSchema: `itemSchema` is"
        " read for the 2xx responses of" in line
        for line in lines
    ), result.stderr
    assert "kind" not in result.stderr and "parent" not in result.stderr
    assert "deviceAuthorization" not in result.stderr


def test_lower_case_additional_operation_is_warned(tmp_path: Path) -> None:
    result = _generate(tmp_path, SPECS["methods32"])
    assert result.returncode == 0, result.stderr
    assert "/paths/~1items/additionalOperations/link: method 'link' is sent upper case" in (
        result.stderr
    )


def test_31_keeps_refusing_nothing_new_and_unknown_versions_are_refused(tmp_path: Path) -> None:
    result = _generate(tmp_path, 'openapi: 3.3.0\ninfo: {title: T, version: "1"}\npaths: {}\n')
    assert result.returncode == 2
    assert "unsupported OpenAPI version '3.3.0'" in result.stderr
    assert "3.0, 3.1 and 3.2" in result.stderr


def test_self_sets_the_base_uri_of_refs(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "api.yaml").write_text(
        textwrap.dedent("""
            openapi: 3.2.0
            $self: https://api.example/specs/api.yaml
            info: {title: Selfref, version: "1"}
            servers: [{url: "https://api.example"}]
            paths:
              /pets:
                get:
                  operationId: listPets
                  tags: [pets]
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema:
                            type: array
                            items: {$ref: "https://api.example/specs/schemas/pet.yaml#/Pet"}
              /owner:
                get:
                  operationId: getOwner
                  tags: [pets]
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: "https://api.example/specs/api.yaml#/components/schemas/Owner"
            components:
              schemas:
                Owner: {type: object, required: [name], properties: {name: {type: string}}}
            """),
        encoding="utf-8",
    )
    (tmp_path / "schemas" / "pet.yaml").write_text(
        "Pet:\n  type: object\n  required: [name]\n  properties:\n"
        "    name: {type: string}\n"
        '    owner: {$ref: "../api.yaml#/components/schemas/Owner"}\n',
        encoding="utf-8",
    )
    package = generate_and_import(tmp_path / "api.yaml", tmp_path / "out")
    answers = iter([[{"name": "Rex", "owner": {"name": "Ann"}}], {"name": "Bo"}])
    api = client(package, lambda r: httpx.Response(200, json=next(answers)))
    (pet,) = api.pets.list()
    assert (pet.name, pet.owner.name) == ("Rex", "Ann")
    assert type(pet.owner).__name__ == "Owner"
    assert api.pets.get_owner().name == "Bo"


def test_self_does_not_open_other_hosts(tmp_path: Path) -> None:
    result = _generate(
        tmp_path,
        """
        openapi: 3.2.0
        $self: https://api.example/specs/api.yaml
        info: {title: T, version: "1"}
        paths:
          /x:
            get:
              responses:
                "200":
                  description: ok
                  content:
                    application/json: {schema: {$ref: "https://other.example/s.yaml#/A"}}
        """,
    )
    assert result.returncode == 2
    assert "remote $ref 'https://other.example/s.yaml#/A' refused" in result.stderr


def test_the_mock_serves_query_and_additional_operations(
    corpus: Corpus,
    mock_server_factory: MockServerFactory,  # noqa: F811 - the fixture imported above
) -> None:
    server = mock_server_factory(corpus.root / "specs" / "methods32.yaml")
    package = corpus.package("methods32")
    models = __import__("methods32.models", fromlist=["LookupSelector"])
    with package.Client(base_url=server.url, max_retries=0) as api:
        found = api.items.search(text="hi")
        assert isinstance(found, list) and all(isinstance(v, str) for v in found)
        api.items.purge()
        api.items.link()
        api.search.lookup(selector=models.LookupSelector(ids=[1]))
    with httpx.Client(base_url=server.url) as raw:
        refused = raw.request("QUERY", "/items", json={})  # `text` is required
        assert refused.status_code == 400, refused.text
        assert raw.request("MOVE", "/items").status_code == 405


def test_the_mock_checks_querystring_parameters(
    corpus: Corpus,
    mock_server_factory: MockServerFactory,  # noqa: F811 - the fixture imported above
) -> None:
    server = mock_server_factory(corpus.root / "specs" / "methods32.yaml")
    package = corpus.package("methods32")
    models = __import__("methods32.models", fromlist=["FindFilter", "FindFilterNear"])
    with package.Client(base_url=server.url, max_retries=0) as api:
        near = models.FindFilterNear(lat=1.5)
        api.search.find(filter=models.FindFilter(name="a b", tags=["x", "y"], limit=2, near=near))
        api.search.find()
        api.search.raw(query="a=1&b=x y")
        api.search.words(phrase="two words")
    with httpx.Client(base_url=server.url) as raw:

        def errors(target: str) -> list[tuple[str, str]]:
            answer = raw.get(target)
            assert answer.status_code == 400, answer.text
            return [(e["location"], e["message"]) for e in answer.json()["errors"]]

        assert raw.get("/search?name=a&limit=3&near[lat]=2&extra=4").status_code == 200
        assert errors("/search?extra=x") == [
            ("querystring.filter/extra", "'x' is not of type 'integer'")
        ]
        assert errors("/search?limit=0") == [
            ("querystring.filter/limit", "0 is less than the minimum of 1")
        ]
        assert errors("/search?limit=many&near[lat]=north") == [
            ("querystring.filter/limit", "'many' is not of type 'integer'"),
            ("querystring.filter/near/lat", "'north' is not of type 'number'"),
        ]
        assert raw.get("/lookup?%7B%22ids%22%3A%5B1%5D%7D").status_code == 200
        assert errors("/lookup?%7B%22ids%22%3A%5B%22x%22%5D%7D") == [
            ("querystring.selector/ids/0", "'x' is not of type 'integer'")
        ]
        ((where, message),) = errors("/lookup?ids=1")
        assert where == "querystring.selector"
        assert message.startswith("the query string is not the JSON that application/json calls")
        assert errors("/lookup") == [
            (
                "querystring.selector",
                "the query string (querystring parameter 'selector') is required",
            )
        ]
        assert errors("/words?ONE") == [("querystring.phrase", "'ONE' does not match '^[a-z ]+$'")]
