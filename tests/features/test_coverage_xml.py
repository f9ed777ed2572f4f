"""XML request and response bodies (`application/xml`, `text/xml`, `+xml`) named by the OpenAPI
`xml` object, in 3.0 and 3.1: generated, imported, mypy --strict, the exact bytes on the wire
(httpx.MockTransport), and a round trip against `leadgen mock`."""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.features.coverage_support import Corpus, client
from tests.mock_fixture import MockServerFactory, mock_server_factory  # noqa: F401 - a fixture
from tests.testgen.generated_tests_runner import run_generated_tests

_SPEC = """
    openapi: {version}
    info: {{title: Pets, version: "1"}}
    servers: [{{url: "https://api.example"}}]
    paths:
      /pets:
        post:
          operationId: add_pet
          requestBody:
            required: true
            content: {{application/xml: {{schema: {{$ref: "#/components/schemas/Pet"}}}}}}
          responses:
            "200":
              description: the pet as stored
              content: {{application/xml: {{schema: {{$ref: "#/components/schemas/Pet"}}}}}}
            "400":
              description: refused
              content: {{application/xml: {{schema: {{$ref: "#/components/schemas/Problem"}}}}}}
        get:
          operationId: list_pets
          responses:
            "200":
              description: every pet
              content:
                text/xml:
                  schema:
                    type: array
                    xml: {{name: pets, wrapped: true}}
                    items: {{$ref: "#/components/schemas/Pet"}}
                  # written as XML: no value of the schema, left out of the generated tests
                  example: "<pets><pet><petName>x</petName><photoUrls/></pet></pets>"
      /zoos:
        put:
          operationId: put_zoo
          requestBody:
            content: {{application/vnd.zoo+xml: {{schema: {{$ref: "#/components/schemas/Zoo"}}}}}}
          responses:
            "204": {{description: stored}}
      /tags:
        put:
          operationId: put_tags
          requestBody:
            required: true
            content:
              application/xml:
                schema: {{type: array, items: {{$ref: "#/components/schemas/Tag"}}}}
          responses:
            "204": {{description: stored}}
      /both:
        post:
          operationId: post_both
          requestBody:
            required: true
            content:
              application/xml: {{schema: {{$ref: "#/components/schemas/Tag"}}}}
              application/json: {{schema: {{$ref: "#/components/schemas/Tag"}}}}
          responses:
            "200":
              description: ok
              content:
                application/xml: {{schema: {{$ref: "#/components/schemas/Tag"}}}}
                application/json: {{schema: {{$ref: "#/components/schemas/Tag"}}}}
    components:
      schemas:
        Problem:
          type: object
          xml: {{name: problem}}
          properties:
            code: {{type: integer}}
            message: {{type: string}}
        Category:
          type: object
          xml: {{name: category}}
          properties:
            id: {{type: integer}}
            name: {{type: string}}
        Tag:
          type: object
          xml: {{name: tag}}
          properties:
            id: {{type: integer, xml: {{attribute: true}}}}
            name: {{type: string}}
        Pet:
          type: object
          required: [name, photoUrls]
          xml: {{name: pet, namespace: "https://example.com/schema", prefix: smp}}
          properties:
            id: {{type: integer, format: int64, xml: {{attribute: true}}}}
            name: {{type: string, xml: {{name: petName}}}}
            available: {{type: boolean}}
            weight: {weight}
            born: {{type: string, format: date}}
            category: {{$ref: "#/components/schemas/Category"}}
            photoUrls:
              type: array
              xml: {{wrapped: true}}
              items: {{type: string, xml: {{name: photoUrl}}}}
            tags:
              type: array
              items: {{$ref: "#/components/schemas/Tag"}}
        Zoo:
          type: object
          properties:
            plain: {{type: array, items: {{type: string}}}}
            renamed: {{type: array, items: {{type: string, xml: {{name: animal}}}}}}
            ignored: {{type: array, xml: {{name: aliens}}, items: {{type: string}}}}
            wrapped: {{type: array, xml: {{wrapped: true}}, items: {{type: string}}}}
            both:
              type: array
              xml: {{name: aliens, wrapped: true}}
              items: {{type: string, xml: {{name: animal}}}}
            outer: {{type: array, xml: {{name: aliens, wrapped: true}}, items: {{type: string}}}}
"""

SPECS = {
    "xml30": _SPEC.format(version="3.0.3", weight="{type: number, nullable: true}"),
    "xml31": _SPEC.format(version="3.1.0", weight='{type: [number, "null"]}'),
    # 3.2's nodeType in place of `attribute` and `wrapped`: the same documents
    "xml32": _SPEC.format(version="3.2.0", weight='{type: [number, "null"]}')
    .replace("attribute: true", "nodeType: attribute")
    .replace("wrapped: true", "nodeType: element"),
}
VERSIONS = sorted(SPECS)
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
PET_XML = DECLARATION + (
    b'<smp:pet xmlns:smp="https://example.com/schema" id="7"><petName>Rex</petName>'
    b"<available>true</available>"
    b'<weight xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true" />'
    b"<born>2020-01-02</born><category><id>1</id><name>dogs</name></category>"
    b"<photoUrls><photoUrl>a.png</photoUrl><photoUrl>b.png</photoUrl></photoUrls>"
    b'<tag id="1"><name>good</name></tag><tag id="2"><name>loud</name></tag></smp:pet>'
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("xml"), SPECS)
    built.generate()
    yield built


def _pet(models: Any) -> Any:
    return models.Pet(
        id=7,
        name="Rex",
        available=True,
        weight=None,
        born=datetime.date(2020, 1, 2),
        category=models.Category(id=1, name="dogs"),
        photo_urls=["a.png", "b.png"],
        tags=[models.Tag(id=1, name="good"), models.Tag(id=2, name="loud")],
    )


def _xml_reply(body: bytes, media: str = "application/xml") -> Any:
    return lambda request: httpx.Response(200, content=body, headers={"content-type": media})


def test_the_packages_pass_mypy_strict(corpus: Corpus) -> None:
    code, output = corpus.mypy()
    assert code == 0, output


@pytest.mark.parametrize("name", VERSIONS)
def test_an_xml_request_body_is_sent_as_the_xml_objects_name_it(corpus: Corpus, name: str) -> None:
    package = corpus.package(name)
    models = __import__(f"{name}.models", fromlist=["Pet"])
    sent: list[httpx.Request] = []

    def echo(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(
            200, content=request.content, headers={"content-type": "application/xml"}
        )

    pet = _pet(models)
    stored = client(package, echo).pets.add(
        **{f: getattr(pet, f) for f in ("id", "name", "available", "weight", "born", "category")},
        photo_urls=pet.photo_urls,
        tags=pet.tags,
    )
    assert sent[0].content == PET_XML
    assert sent[0].headers["content-type"] == "application/xml"
    assert sent[0].headers["accept"] == "application/xml"
    assert stored == pet


@pytest.mark.parametrize("name", VERSIONS)
def test_array_names_follow_the_specifications_examples(corpus: Corpus, name: str) -> None:
    package = corpus.package(name)
    models = __import__(f"{name}.models", fromlist=["Zoo"])
    sent: list[bytes] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers["content-type"].encode() + b" " + request.content)
        return httpx.Response(204)

    api = client(package, record)
    api.zoos.put(
        plain=["a", "b"], renamed=["c"], ignored=["d"], wrapped=["e"], both=["f"], outer=["g"]
    )
    assert sent == [
        b"application/vnd.zoo+xml "
        + DECLARATION
        + b"<Zoo><plain>a</plain><plain>b</plain><animal>c</animal><ignored>d</ignored>"
        b"<wrapped><wrapped>e</wrapped></wrapped><aliens><animal>f</animal></aliens>"
        b"<aliens><aliens>g</aliens></aliens></Zoo>"
    ]
    api.tags.put(body=[models.Tag(id=3, name="x")])
    # an array body without an xml name: its outer element is `body`
    assert (
        sent[1]
        == b"application/xml " + DECLARATION + b'<body><tag id="3"><name>x</name></tag></body>'
    )


@pytest.mark.parametrize("name", VERSIONS)
def test_an_xml_response_is_parsed_into_its_models(corpus: Corpus, name: str) -> None:
    package = corpus.package(name)
    models = __import__(f"{name}.models", fromlist=["Pet"])
    document = (
        b'<?xml version="1.0"?><pets xmlns:s="https://example.com/schema">'
        b'<s:pet id="1"><petName>A</petName><photoUrls/></s:pet>'
        b'<s:pet id="2"><petName>B</petName><photoUrls><photoUrl>x</photoUrl></photoUrls>'
        b"<weight>2.5</weight><available>false</available></s:pet></pets>"
    )
    pets = client(package, _xml_reply(document, "text/xml")).pets.list()
    assert pets == [
        models.Pet(id=1, name="A", photo_urls=[]),
        models.Pet(id=2, name="B", photo_urls=["x"], weight=2.5, available=False),
    ]


@pytest.mark.parametrize("name", VERSIONS)
def test_an_xml_response_is_read_tolerantly_or_strictly_as_json_is(
    corpus: Corpus, name: str
) -> None:
    package = corpus.package(name)
    document = b'<pet id="seven"><petName>A</petName></pet>'
    reply = client(package, _xml_reply(document)).pets.with_raw_response.add(
        name="A", photo_urls=[]
    )
    assert reply.parsed.id == "seven"
    assert [str(p) for p in reply.validation_problems] == [
        "/photoUrls: required property is missing",
        "/id: expected integer, got string",
    ]
    strict = client(package, _xml_reply(document), strict_responses=True)
    with pytest.raises(package.ResponseValidationError, match="photoUrls"):
        strict.pets.add(name="A", photo_urls=[])


@pytest.mark.parametrize("name", VERSIONS)
def test_a_declared_xml_error_body_is_parsed(corpus: Corpus, name: str) -> None:
    package = corpus.package(name)
    models = __import__(f"{name}.models", fromlist=["Problem"])
    body = b"<problem><code>7</code><message>no name</message></problem>"

    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, content=body, headers={"content-type": "application/xml"})

    with pytest.raises(package.APIStatusError) as caught:
        client(package, refuse).pets.add(name="A", photo_urls=[])
    assert caught.value.status_code == 400
    assert caught.value.parsed == models.Problem(code=7, message="no name")


@pytest.mark.parametrize("name", VERSIONS)
def test_a_doctype_in_a_response_is_refused(corpus: Corpus, name: str) -> None:
    package = corpus.package(name)
    document = (
        b'<!DOCTYPE p [<!ENTITY e SYSTEM "file:///etc/passwd">]><pet><petName>&e;</petName></pet>'
    )
    with pytest.raises(package.ResponseValidationError, match="DOCTYPE"):
        client(package, _xml_reply(document)).pets.add(name="A", photo_urls=[])


@pytest.mark.parametrize("name", VERSIONS)
def test_json_stays_preferred_when_xml_is_offered_too(corpus: Corpus, name: str) -> None:
    package = corpus.package(name)
    sent: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"id": 1, "name": "x"})

    tag = client(package, reply).both.post(id=1, name="x")
    assert (tag.id, tag.name) == (1, "x")
    assert sent[0].headers["content-type"] == "application/json"
    assert sent[0].content == b'{"id":1,"name":"x"}'
    assert "accept" not in sent[0].headers or sent[0].headers["accept"] != "application/xml"


@pytest.mark.parametrize("name", VERSIONS)
def test_round_trip_against_the_mock(
    corpus: Corpus,
    name: str,
    mock_server_factory: MockServerFactory,  # noqa: F811 - the fixture imported above
) -> None:
    server = mock_server_factory(corpus.root / "specs" / f"{name}.yaml")
    package = corpus.package(name)
    models = __import__(f"{name}.models", fromlist=["Pet"])
    with package.Client(base_url=server.url, max_retries=0, strict_responses=True) as api:
        stored = api.pets.add(name="Rex", photo_urls=["a.png"], tags=[models.Tag(id=1)])
        assert isinstance(stored, models.Pet) and isinstance(stored.name, str)
        pets = api.pets.list()
        assert all(isinstance(p, models.Pet) for p in pets)
        api.zoos.put(both=["f"], outer=["g"])
    with httpx.Client(base_url=server.url) as raw:
        missing = raw.post(
            "/pets", content=b"<pet><id>1</id></pet>", headers={"content-type": "application/xml"}
        )
        assert missing.status_code == 400 and "petName" not in missing.text
        assert "name" in missing.text and "photoUrls" in missing.text
        bad_type = raw.post(
            "/pets",
            content=b'<pet id="x"><petName>a</petName><photoUrls/></pet>',
            headers={"content-type": "application/xml"},
        )
        assert bad_type.status_code == 400 and "'x' is not of type 'integer'" in bad_type.text
        doctype = raw.post(
            "/pets",
            content=b'<!DOCTYPE p [<!ENTITY e "x">]><pet/>',
            headers={"content-type": "application/xml"},
        )
        assert doctype.status_code == 400 and "DOCTYPE" in doctype.text
        as_json = raw.post("/pets", json={"name": "a", "photoUrls": []})
        assert as_json.status_code == 415


def test_node_type_text_is_a_positioned_warning(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        textwrap.dedent("""
            openapi: 3.2.0
            info: {title: Notes, version: "1"}
            paths:
              /notes:
                get:
                  operationId: list_notes
                  responses:
                    "200":
                      description: ok
                      content: {application/xml: {schema: {$ref: "#/components/schemas/Note"}}}
            components:
              schemas:
                Note:
                  type: object
                  properties:
                    body: {type: string, xml: {nodeType: text}}
        """),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "leadgen", "generate", str(spec), "-o", str(tmp_path / "o")]
    result = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (
        "spec.yaml:17:46: /components/schemas/Note/properties/body/xml/nodeType: nodeType is"
        " ignored: the value is written and read as an element of its own, not as its parent's"
        " text"
    ) in result.stderr


@pytest.mark.parametrize("name", VERSIONS)
def test_the_generated_tests_pass_offline_and_against_the_mock(
    corpus: Corpus,
    name: str,
    tmp_path: Path,
    mock_server_factory: MockServerFactory,  # noqa: F811 - the fixture imported above
) -> None:
    folder = corpus.root / "out" / name / "tests"
    offline = run_generated_tests(folder, tmp_path / "offline")
    assert offline.returncode == 0 and offline.not_passed == [], offline.report()
    assert "test_add_sends_request" in offline.passed, offline.report()
    server = mock_server_factory(corpus.root / "specs" / f"{name}.yaml")
    online = run_generated_tests(folder, tmp_path / "online", {"LEADGEN_TEST_BASE_URL": server.url})
    assert online.returncode == 0 and online.not_passed == [], online.report()
