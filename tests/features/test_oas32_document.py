"""One OpenAPI 3.2 document using every 3.2 construct leadgen supports together: QUERY and
`additionalOperations`, `querystring` parameters (form and JSON), `itemSchema` streams (JSON
Lines, JSON text sequences, server-sent events), `$self` as the base URI of `$ref`s (into the
document and into another file), tag `parent` and `kind`, `discriminator.defaultMapping`, the
OAuth2 device flow with `oauth2MetadataUrl` and a `deprecated` security scheme.

The client generated from it imports, passes mypy --strict together with code that uses it,
and works on the wire against `leadgen mock` for every operation, sync and async.
"""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.features.generated_package import generate_and_import
from tests.mock_fixture import MockServerFactory, mock_server_factory  # noqa: F401 - a fixture
from tests.testgen.generated_tests_runner import run_generated_tests

DOCUMENT = """
    openapi: 3.2.0
    $self: https://api.example/specs/harbor32.yaml
    info: {title: Harbor, version: "1"}
    servers: [{url: "https://api.example"}]
    tags:
      - {name: catalog, kind: nav}
      - {name: feeds, parent: catalog, kind: nav}
      - {name: search, kind: nav}
    security: [{device: [read]}, {legacy: []}]
    components:
      securitySchemes:
        device:
          type: oauth2
          oauth2MetadataUrl: https://auth.example/.well-known/oauth-authorization-server
          flows:
            deviceAuthorization:
              deviceAuthorizationUrl: https://auth.example/device
              tokenUrl: https://auth.example/token
              scopes: {read: read the catalog}
        legacy: {type: apiKey, in: header, name: X-Key, deprecated: true}
      schemas:
        Cat:
          type: object
          required: [kind, lives]
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
    paths:
      /pets:
        query:
          operationId: searchPets
          tags: [catalog]
          requestBody:
            required: true
            content:
              application/json:
                schema: {type: object, required: [text], properties: {text: {type: string}}}
          responses:
            "200":
              description: the pets found
              content:
                application/json:
                  schema:
                    type: array
                    items: {$ref: "https://api.example/specs/harbor32.yaml#/components/schemas/Pet"}
        additionalOperations:
          PURGE:
            operationId: purgePets
            tags: [catalog]
            responses:
              "204": {description: gone}
      /pets/{id}:
        get:
          operationId: getPet
          tags: [catalog]
          parameters:
            - {name: id, in: path, required: true, schema: {type: integer}}
          responses:
            "200":
              description: one pet
              content:
                application/json:
                  schema: {$ref: "https://api.example/specs/harbor32.yaml#/components/schemas/Pet"}
            "404": {description: none}
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
                    properties: {name: {type: string}, limit: {type: integer, minimum: 1}}
          responses:
            "200":
              description: names
              content: {application/json: {schema: {type: array, items: {type: string}}}}
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
                    required: [ids]
                    properties: {ids: {type: array, items: {type: integer}}}
          responses:
            "204": {description: found}
      /ticks:
        get:
          operationId: ticks
          tags: [feeds]
          responses:
            "200":
              description: ticks
              content:
                application/jsonl:
                  itemSchema: {$ref: "https://api.example/specs/schemas/tick.yaml#/Tick"}
      /counts:
        get:
          operationId: counts
          tags: [feeds]
          responses:
            "200":
              description: numbers
              content:
                application/json-seq:
                  itemSchema: {type: integer, minimum: 0}
      /events:
        get:
          operationId: events
          tags: [feeds]
          responses:
            "200":
              description: events
              content:
                text/event-stream:
                  itemSchema:
                    type: object
                    required: [data]
                    properties: {data: {type: string}, event: {type: string}, id: {type: string}}
"""

TICK = """
    Tick:
      type: object
      required: [n, pet]
      properties:
        n: {type: integer}
        pet: {$ref: "../harbor32.yaml#/components/schemas/Cat"}
"""

USAGE = """
    from collections.abc import AsyncIterator, Iterator
    from typing import assert_type

    from harbor32 import APIResponse, AsyncClient, Client, StreamedResponse
    from harbor32.models import Cat, Dog, EventsItem, FindFilter, LookupSelector, TicksItem

    client = Client(token="t")
    pets: list[Cat | Dog] = client.catalog.search_pets(text="x")
    pet: Cat | Dog = client.catalog.get_pet(1)
    assert_type(client.catalog.purge_pets(), None)
    assert_type(client.search.find(filter=FindFilter(name="a", limit=1)), list[str])
    assert_type(client.search.lookup(selector=LookupSelector(ids=[1])), None)
    assert_type(client.catalog.feeds.ticks(), Iterator[TicksItem])
    assert_type(client.feeds.counts(), Iterator[int])
    assert_type(client.feeds.events(), Iterator[EventsItem])
    raw = client.catalog.feeds.with_raw_response.ticks()
    assert_type(raw, APIResponse[Iterator[TicksItem]])
    assert_type(raw.parse(), Iterator[TicksItem])
    lives: int = next(raw.parse()).pet.lives
    status: int = client.feeds.with_raw_response.counts().status_code
    with client.feeds.with_streaming_response.events() as streamed:
        assert_type(streamed, StreamedResponse)


    async def use(api: AsyncClient) -> list[int]:
        araw = await api.feeds.with_raw_response.counts()
        assert_type(araw, APIResponse[AsyncIterator[int]])
        events = await api.catalog.feeds.events()
        assert_type(events, AsyncIterator[EventsItem])
        return [n async for n in araw.parse()]
"""


@pytest.fixture(scope="module")
def spec_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("oas32doc")
    (root / "schemas").mkdir()
    (root / "schemas" / "tick.yaml").write_text(textwrap.dedent(TICK), encoding="utf-8")
    spec = root / "harbor32.yaml"
    spec.write_text(textwrap.dedent(DOCUMENT), encoding="utf-8")
    return spec


@pytest.fixture(scope="module")
def harbor(spec_file: Path) -> ModuleType:
    return generate_and_import(spec_file, spec_file.parent / "out")


def test_the_document_and_code_using_it_pass_mypy_strict(
    harbor: ModuleType, spec_file: Path
) -> None:
    out = spec_file.parent / "out"
    (out / "use_harbor32.py").write_text(textwrap.dedent(USAGE), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "harbor32",
            "use_harbor32.py",
        ],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _is_pet(harbor: ModuleType, value: Any) -> bool:
    models = importlib.import_module(harbor.__name__ + ".models")
    return isinstance(value, (models.Cat, models.Dog))


def test_every_operation_works_against_the_mock(
    harbor: ModuleType,
    spec_file: Path,
    mock_server_factory: MockServerFactory,  # noqa: F811 - the fixture imported above
) -> None:
    server = mock_server_factory(spec_file)
    models = importlib.import_module("harbor32.models")
    with harbor.Client(base_url=server.url, token="t", max_retries=0) as api:
        found = api.catalog.search_pets(text="rex")
        assert found and all(_is_pet(harbor, pet) for pet in found)
        assert api.catalog.purge_pets() is None
        assert _is_pet(harbor, api.catalog.get_pet(7))
        names = api.search.find(filter=models.FindFilter(name="a b", limit=2))
        assert isinstance(names, list) and all(isinstance(n, str) for n in names)
        assert api.search.lookup(selector=models.LookupSelector(ids=[1, 2])) is None
        ticks = list(api.catalog.feeds.ticks())  # the child resource, through its parent
        assert len(ticks) == 2
        assert all(isinstance(t.n, int) and isinstance(t.pet, models.Cat) for t in ticks)
        counts = list(api.feeds.counts())
        assert len(counts) == 2 and all(isinstance(n, int) and n >= 0 for n in counts)
        events = list(api.feeds.events())
        assert len(events) == 2 and all(isinstance(e.data, str) for e in events)
        raw = api.feeds.with_raw_response.ticks()
        assert raw.status_code == 200 and raw.headers["content-type"] == "application/jsonl"
        assert [type(t).__name__ for t in raw.parse()] == ["TicksItem", "TicksItem"]
        with api.feeds.with_streaming_response.events() as streamed:
            assert [e.event for e in streamed.iter_events()] == [events[0].event] * 2
    with harbor.Client(base_url=server.url, api_key="k", max_retries=0) as legacy:
        assert legacy.catalog.purge_pets() is None  # the deprecated scheme still works


def test_every_operation_works_against_the_mock_async(
    harbor: ModuleType,
    spec_file: Path,
    mock_server_factory: MockServerFactory,  # noqa: F811 - the fixture imported above
) -> None:
    server = mock_server_factory(spec_file)
    models = importlib.import_module("harbor32.models")

    async def run() -> list[object]:
        async with harbor.AsyncClient(base_url=server.url, token="t", max_retries=0) as api:
            raw = await api.catalog.feeds.with_raw_response.counts()
            return [
                await api.catalog.search_pets(text="rex"),
                await api.catalog.purge_pets(),
                await api.catalog.get_pet(7),
                await api.search.find(filter=models.FindFilter(limit=1)),
                await api.search.lookup(selector=models.LookupSelector(ids=[])),
                [t.pet async for t in await api.feeds.ticks()],
                [n async for n in raw.parse()],
                [e.data async for e in await api.feeds.events()],
            ]

    found, purged, pet, names, looked_up, tick_pets, counts, data = asyncio.run(run())
    assert isinstance(found, list) and all(_is_pet(harbor, p) for p in found)
    assert purged is None and looked_up is None and _is_pet(harbor, pet)
    assert isinstance(names, list)
    assert isinstance(tick_pets, list) and len(tick_pets) == 2
    assert all(isinstance(p, models.Cat) for p in tick_pets)
    assert isinstance(counts, list) and len(counts) == 2
    assert isinstance(data, list) and all(isinstance(d, str) for d in data)


def test_the_mock_streams_items_and_asks_for_either_credential(
    spec_file: Path,
    mock_server_factory: MockServerFactory,  # noqa: F811 - the fixture imported above
) -> None:
    server = mock_server_factory(spec_file)
    with httpx.Client(base_url=server.url, headers={"X-Key": "k"}) as raw:
        counts = raw.get("/counts")
        assert counts.headers["content-type"] == "application/json-seq"
        records = counts.content.split(b"\x1e")
        assert records[0] == b"" and len(records) == 3
        assert all(r.endswith(b"\n") and int(r) >= 0 for r in records[1:])
        ticks = raw.get("/ticks").text.splitlines()
        assert len(ticks) == 2 and all(t.startswith('{"n": ') for t in ticks)
        events = raw.get("/events").text
        assert events.endswith("\n\n") and events.count("\n\n") == 2
        assert all(e.splitlines()[-1].startswith("data: ") for e in events.split("\n\n")[:2])
        assert raw.get("/counts", headers={"X-Key": ""}).status_code == 401
    assert httpx.get(server.url + "/counts", headers={"Authorization": "Bearer t"}).is_success
    unauthorized = httpx.get(server.url + "/counts")
    assert unauthorized.status_code == 401
    assert unauthorized.headers["www-authenticate"] == "Bearer"


def test_its_generated_tests_pass_offline_and_against_the_mock(
    harbor: ModuleType,
    spec_file: Path,
    tmp_path: Path,
    mock_server_factory: MockServerFactory,  # noqa: F811 - the fixture imported above
) -> None:
    folder = spec_file.parent / "out" / "harbor32" / "tests"
    offline = run_generated_tests(folder, tmp_path / "offline")
    assert offline.returncode == 0 and offline.not_passed == [], offline.report()
    server = mock_server_factory(spec_file)
    env = {"LEADGEN_TEST_BASE_URL": server.url}
    online = run_generated_tests(folder, tmp_path / "online", env)
    assert online.returncode == 0 and online.not_passed == [], online.report()
