"""The coverage matrix (docs/coverage.md, "Object model") against what leadgen does.

One spec per version (tests/fixtures/matrix/sink*.yaml) sets every field of every object. Each
is generated once; then every field the matrix calls warned must be warned at its own place, no
other field may be, documentation must reach the package, and the supported fields must work on
the wire. The matrix itself must list every field of every object, for each version.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests" / "fixtures" / "matrix"
MATRIX = ROOT / "docs" / "coverage.md"
VERSIONS = {"2.0": "sink20", "3.0": "sink30", "3.1": "sink31"}


@dataclass
class Sink:
    code: int
    stderr: str
    out: Path
    package: str

    def text(self, relative: str) -> str:
        return (self.out / self.package / relative).read_text(encoding="utf-8")

    def module(self) -> ModuleType:
        sys.path.insert(0, str(self.out))
        try:
            for name in [m for m in sys.modules if m.split(".")[0] == self.package]:
                del sys.modules[name]
            return importlib.import_module(self.package)
        finally:
            sys.path.remove(str(self.out))

    def warned(self) -> list[str]:
        """The pointers of the `... is ignored: ...` warnings."""
        found = re.findall(r"^\S+:\d+:\d+: (/\S*): \S+ is ignored: ", self.stderr, re.MULTILINE)
        return sorted(found)


def _generate(spec: Path, out: Path) -> Sink:
    result = subprocess.run(
        [sys.executable, "-m", "leadgen", "generate", str(spec), "--output", str(out)]
        + ["--no-cache", "-q"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    return Sink(result.returncode, result.stderr, out, spec.stem)


@pytest.fixture(scope="module")
def sinks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Sink]]:
    out = tmp_path_factory.mktemp("matrix")
    yield {v: _generate(SPECS / f"{name}.yaml", out) for v, name in VERSIONS.items()}


# -- warned fields ------------------------------------------------------------------------------

_PET = "/components/schemas/Pet"
_PUT = "/paths/~1pets~1{petId}/put"
_WARNED_3X = {
    "Link.server": f"{_PUT}/responses/200/links/again/server",
    "Parameter.allowReserved": f"{_PUT}/parameters/1/allowReserved",
    "Example.externalValue": f"{_PUT}/parameters/3/examples/far/externalValue",
    "MediaType.encoding": f"{_PUT}/requestBody/content/multipart~1form-data/encoding",
    "Schema.not": f"{_PET}/not",
    "SecurityScheme.scheme": "/components/securitySchemes/digest/scheme",
}
_WARNED_30 = {
    "Parameter.style": "/paths/~1pets~1{petId}/parameters/0/style",
}
_WARNED_31 = {
    "OpenAPI.jsonSchemaDialect": "/jsonSchemaDialect",
    "SecurityScheme.type": "/components/securitySchemes/mtls/type",
    "Schema.$id": f"{_PET}/$id",
    "Schema.$schema": f"{_PET}/$schema",
    "Schema.$vocabulary": f"{_PET}/$vocabulary",
    "Schema.$dynamicAnchor": f"{_PET}/$defs/Node/$dynamicAnchor",
    "Schema.$dynamicRef": f"{_PET}/properties/tree/$dynamicRef",
    "Schema.dependentRequired": f"{_PET}/dependentRequired",
    "Schema.dependentSchemas": f"{_PET}/dependentSchemas",
    "Schema.if": f"{_PET}/if",
    "Schema.then": f"{_PET}/then",
    "Schema.else": f"{_PET}/else",
    "Schema.unevaluatedProperties": f"{_PET}/unevaluatedProperties",
    "Schema.contentMediaType": f"{_PET}/properties/photo/contentMediaType",
    "Schema.contentEncoding": f"{_PET}/properties/photo/contentEncoding",
    "Schema.contentSchema": f"{_PET}/properties/doc/contentSchema",
    "Schema.patternProperties": f"{_PET}/properties/meta/patternProperties",
    "Schema.propertyNames": f"{_PET}/properties/meta/propertyNames",
    "Schema.prefixItems": f"{_PET}/properties/tags/prefixItems",
    "Schema.contains": f"{_PET}/properties/tags/contains",
    "Schema.minContains": f"{_PET}/properties/tags/minContains",
    "Schema.maxContains": f"{_PET}/properties/tags/maxContains",
    "Schema.unevaluatedItems": f"{_PET}/properties/tags/unevaluatedItems",
    "Schema.maxlength": f"{_PET}/properties/odd/maxlength",  # any keyword leadgen does not know
}
# the same field elsewhere in the spec, warned too (not a row of its own)
_ALSO_31 = [f"{_PET}/properties/doc/contentMediaType"]
WARNED: dict[str, dict[str, str]] = {
    "2.0": {
        "Operation.schemes": f"{_PUT}/schemes",
        "Items.collectionFormat": f"{_PUT}/parameters/1/items/collectionFormat",
    },
    "3.0": {**_WARNED_3X, **_WARNED_30},
    "3.1": {**_WARNED_3X, **_WARNED_31},
}
_WARNED_CASES = [(v, field) for v, fields in WARNED.items() for field in fields]


@pytest.mark.parametrize(
    ("version", "field"), _WARNED_CASES, ids=[f"{v}-{f}" for v, f in _WARNED_CASES]
)
def test_warned(sinks: dict[str, Sink], version: str, field: str) -> None:
    """The field is reported where it stands (file:line:col: /pointer: ... is ignored: why),
    and the client is generated all the same."""
    sink = sinks[version]
    assert sink.code == 0, sink.stderr
    pointer = WARNED[version][field]
    name = field.split(".")[1]
    line = re.compile(
        rf"^tests/fixtures/matrix/{sink.package}\.yaml:\d+:\d+: {re.escape(pointer)}: "
        rf"{re.escape(name)} is ignored: \S",
        re.MULTILINE,
    )
    assert line.search(sink.stderr), sink.stderr


@pytest.mark.parametrize("version", list(VERSIONS))
def test_quiet(sinks: dict[str, Sink], version: str) -> None:
    """Only the warned fields are warned about: every other field of the spec (documentation,
    fields a client does not need, supported ones) is taken without a word."""
    sink = sinks[version]
    expected = list(WARNED[version].values()) + (_ALSO_31 if version == "3.1" else [])
    assert sink.warned() == sorted(expected)
    assert sink.stderr.count("\n") == len(expected), sink.stderr


# -- documentation ---------------------------------------------------------------------------

# (versions, text written in the spec, file of the package it shows in)
DOCUMENTATION = [
    ("2.0 3.0 3.1", "Sink client (API version 1.0)", "__init__.py"),
    ("2.0 3.0 3.1", "INFO-DESCRIPTION", "_client.py"),
    ("2.0 3.0 3.1", "TAG-DESCRIPTION", "resources/pets.py"),
    ("2.0 3.0 3.1", "OPERATION-SUMMARY", "resources/pets.py"),
    ("2.0 3.0 3.1", "OPERATION-DESCRIPTION", "resources/pets.py"),
    ("2.0 3.0 3.1", "Deprecated.", "resources/pets.py"),
    ("2.0 3.0 3.1", "ID-DESCRIPTION", "resources/pets.py"),
    ("2.0 3.0 3.1", "RESPONSE-DESCRIPTION", "resources/pets.py"),
    ("3.0 3.1", "LINK-DESCRIPTION", "resources/pets.py"),
    ("3.0 3.1", "LINK-DESCRIPTION", "README.md"),
    ("2.0 3.0 3.1", "Defaults to 10 on the server", "resources/pets.py"),
    ("2.0 3.0 3.1", "PET-DESCRIPTION", "models/pet.py"),
    ("2.0 3.0 3.1", "NAME-DESCRIPTION", "models/pet.py"),
    ("2.0 3.0 3.1", "KEY-DESCRIPTION", "cli.py"),
    ("3.0 3.1", "VARIABLE-DESCRIPTION", "cli.py"),
    ("3.0 3.1", "EXAMPLE-Q", "tests/test_pets.py"),
    ("3.0 3.1", "EXAMPLE-TRACE", "tests/test_pets.py"),
]
_DOC_CASES = [(v, text, where) for vs, text, where in DOCUMENTATION for v in vs.split()]


@pytest.mark.parametrize(
    ("version", "text", "where"), _DOC_CASES, ids=[f"{v}-{t}" for v, t, _ in _DOC_CASES]
)
def test_documentation(sinks: dict[str, Sink], version: str, text: str, where: str) -> None:
    assert text in sinks[version].text(where)


# -- supported fields on the wire ------------------------------------------------------------


def _client(
    package: ModuleType, seen: list[httpx.Request], *, secured: bool = True, **kwargs: Any
) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/animals"):
            return httpx.Response(200, json=[{"kind": "cat", "purrs": True}, {"kind": "dog"}])
        if request.url.path.endswith("/photo"):
            return httpx.Response(204)
        pet = {"id": 7, "name": "rex", "nick": None, "kind": "cat"}
        return httpx.Response(200, json=pet, headers={"X-Rate": "9"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    if secured:
        kwargs["api_key"] = "K"
    return package.Client(http_client=http, max_retries=0, **kwargs)


@pytest.mark.parametrize("version", list(VERSIONS))
def test_wire(sinks: dict[str, Sink], version: str) -> None:
    """Servers (or host, basePath, schemes), path-item and operation parameters in every place,
    styles, the request body spread into keyword arguments, security, the response body and
    headers: all as the spec says."""
    package = sinks[version].module()
    seen: list[httpx.Request] = []
    extra = {} if version == "2.0" else {"region": "us"}
    client = _client(package, seen, **extra)
    signature = inspect.signature(client.pets.put)
    assert "id" not in signature.parameters  # readOnly: not sent
    assert "accept" not in signature.parameters  # header parameters OpenAPI says to ignore
    born = datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    args: dict[str, Any] = {"colors": ["red", "blue"], "q": "abc", "limit": 5, "x_trace": "T"}
    body: dict[str, Any] = {"name": "rex", "nick": None, "meta": {"a": "b"}, "tags": ["x"]}
    if version != "2.0":
        args["session"] = "S"
        body.update(secret="s", born=born, weight=1.5, kind="dog")
    raw = client.pets.with_raw_response.put(3, **args, **body)
    request = seen[-1]
    # 3.x: the operation's own server (it declares one), the client's otherwise
    base = "https://api.sink.dev/v1" if version == "2.0" else "https://other.sink.dev"
    assert str(request.url).startswith(base + "/pets/3?")
    assert request.method == "PUT"
    assert request.url.params.get_list("colors") == ["red|blue"]
    assert request.url.params["q"] == "abc" and request.url.params["limit"] == "5"
    assert request.headers["X-Trace"] == "T" and request.headers["X-Key"] == "K"
    assert request.headers["Content-Type"] == "application/json"
    sent = json.loads(request.content)
    if version != "2.0":
        assert request.headers["Cookie"] == "session=S"
        assert sent.pop("born") == "2020-01-02T03:04:05Z"
        body.pop("born")
    assert sent == body
    assert raw.headers["X-Rate"] == "9"  # response headers: through with_raw_response
    assert raw.parsed.id == 7 and raw.parsed.nick is None


@pytest.mark.parametrize("version", list(VERSIONS))
def test_empty_values_are_sent(sinks: dict[str, Sink], version: str) -> None:
    """An empty value is sent as `name=`, with or without allowEmptyValue (`colors` has it)."""
    seen: list[httpx.Request] = []
    _client(sinks[version].module(), seen).pets.put(3, name="rex", colors=[""], limit=1)
    assert seen[-1].url.query == b"colors=&limit=1"


@pytest.mark.parametrize("version", list(VERSIONS))
def test_discriminator(sinks: dict[str, Sink], version: str) -> None:
    """3.x: a oneOf with a discriminator (mapping by reference and by name); Swagger 2.0: the
    discriminator's property is a plain field. In 3.1 the path item is a components/pathItems
    $ref."""
    package = sinks[version].module()
    seen: list[httpx.Request] = []
    found = _client(package, seen).animals.list()
    host = "api.sink.dev" if version == "2.0" else "eu.sink.dev"  # the variable's default
    assert (seen[-1].url.host, seen[-1].url.path) == (host, "/v1/animals")
    if version == "2.0":
        assert found[0].kind == "cat"
    else:
        assert [type(a).__name__ for a in found] == ["Cat", "Dog"]


@pytest.mark.parametrize("version", list(VERSIONS))
def test_checked_before_sending(sinks: dict[str, Sink], version: str) -> None:
    """The validation keywords of parameters and properties: a value breaking one is refused
    before anything is sent."""
    package = sinks[version].module()
    seen: list[httpx.Request] = []
    client = _client(package, seen, **({} if version == "2.0" else {"region": "eu"}))
    bad: list[dict[str, Any]] = [
        {"name": "REX"},  # pattern
        {"name": ""},  # minLength
        {"name": "r" * 21},  # maxLength
        {"meta": {"a": "1", "b": "2", "c": "3", "d": "4"}},  # maxProperties
    ]
    if version == "2.0":
        bad += [
            {"n": 10},  # exclusiveMaximum
            {"n": 0.3},  # multipleOf
            {"n": -1},  # minimum
            {"k": "c"},  # enum
            {"t": ["a", "a"]},  # uniqueItems
            {"t": ["a", "b", "c", "d"]},  # maxItems
            {"q": ""},  # parameter minLength
        ]
    else:
        bad += [
            {"weight": 100},  # exclusiveMaximum
            {"weight": 0.3},  # multipleOf
            {"weight": -1},  # minimum
            {"age": 0},  # exclusiveMinimum
            {"age": 41},  # maximum
            {"kind": "cow"},  # enum
            {"tags": ["a", "a"]},  # uniqueItems
            {"tags": ["a"] * 6},  # maxItems
        ]
    if version == "3.1":
        bad.append({"legs": 3})  # const
    for values in bad:
        arguments = {"name": "rex", **values}
        with pytest.raises(package.RequestValidationError):
            client.pets.put(3, **arguments)
    assert seen == []


def test_swagger2_form_data_and_file(sinks: dict[str, Sink]) -> None:
    """formData parameters with a file: a multipart body (consumes: multipart/form-data)."""
    package = sinks["2.0"].module()
    seen: list[httpx.Request] = []
    _client(package, seen).pets.upload_photo(3, photo=b"PNG", caption="me")
    request = seen[-1]
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b"PNG" in request.content and b'name="caption"' in request.content


METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@pytest.mark.parametrize("version", ["2.0", "3.0"])
def test_every_method(tmp_path: Path, version: str) -> None:
    """Each method of a path item is an operation sent with its HTTP method (trace: 3.x)."""
    methods = METHODS[:-1] if version == "2.0" else METHODS
    head = 'swagger: "2.0"\nhost: api.sink.dev' if version == "2.0" else "openapi: 3.0.3"
    servers = "" if version == "2.0" else 'servers: [{url: "https://api.sink.dev"}]'
    operations = "".join(
        f"    {m}: {{operationId: {m}It, responses: {{'204': {{description: none}}}}}}\n"
        for m in methods
    )
    spec = tmp_path / "verbs.yaml"
    spec.write_text(
        f'{head}\ninfo: {{title: V, version: "1"}}\n{servers}\npaths:\n  /it:\n{operations}',
        encoding="utf-8",
    )
    sink = _generate(spec, tmp_path / "out")
    assert sink.code == 0, sink.stderr
    seen: list[httpx.Request] = []
    client = _client(sink.module(), seen, secured=False)
    for method in methods:
        getattr(client.it, method)()
    assert [r.method for r in seen] == [m.upper() for m in methods]


def test_packages_pass_mypy_strict(sinks: dict[str, Sink]) -> None:
    out = next(iter(sinks.values())).out
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *VERSIONS.values()],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- fields of another version -----------------------------------------------------------------

FOREIGN = [
    ("3.0", "webhooks: {}", "/webhooks"),
    ("3.0", "components: {schemas: {A: {const: 1}}}", "/components/schemas/A/const"),
    ("3.0", "components: {schemas: {A: {prefixItems: []}}}", "/components/schemas/A/prefixItems"),
    ("3.0", "components: {schemas: {A: {$id: x}}}", "/components/schemas/A/$id"),
    ("2.0", "definitions: {A: {oneOf: []}}", "/definitions/A/oneOf"),
    ("2.0", "definitions: {A: {writeOnly: true}}", "/definitions/A/writeOnly"),
    ("2.0", "servers: []", "/servers"),
]


@pytest.mark.parametrize(("version", "extra", "pointer"), FOREIGN, ids=[f[2] for f in FOREIGN])
def test_fields_of_another_version_are_refused(
    tmp_path: Path, version: str, extra: str, pointer: str
) -> None:
    head = 'swagger: "2.0"' if version == "2.0" else f"openapi: {version}.0"
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        textwrap.dedent(f"""\
            {head}
            info: {{title: T, version: "1"}}
            paths: {{}}
            {extra}
            """),
        encoding="utf-8",
    )
    result = _generate(spec, tmp_path / "out")
    assert result.code == 2
    assert f": {pointer}" in result.stderr, result.stderr


# -- the matrix lists every field ----------------------------------------------------------------

_ALL = "2.0 3.0 3.1"


def _words(text: str) -> list[str]:
    return text.split()


_3X = "3.0 3.1"
_V2_VALIDATION = {
    k: "2.0"
    for k in _words(
        "type format items collectionFormat default maximum exclusiveMaximum minimum "
        "exclusiveMinimum maxLength minLength pattern maxItems minItems uniqueItems enum "
        "multipleOf"
    )
}
OBJECTS: dict[str, dict[str, str]] = {
    "OpenAPI Object (Swagger Object)": {
        "swagger": "2.0", "openapi": _3X, "info": _ALL, "jsonSchemaDialect": "3.1",
        "host": "2.0", "basePath": "2.0", "schemes": "2.0", "consumes": "2.0",
        "produces": "2.0", "servers": _3X, "paths": _ALL, "webhooks": "3.1",
        "components": _3X, "definitions": "2.0", "parameters": "2.0", "responses": "2.0",
        "securityDefinitions": "2.0", "security": _ALL, "tags": _ALL, "externalDocs": _ALL,
    },
    "Info Object": {
        "title": _ALL, "summary": "3.1", "description": _ALL, "termsOfService": _ALL,
        "contact": _ALL, "license": _ALL, "version": _ALL,
    },
    "Contact Object": {"name": _ALL, "url": _ALL, "email": _ALL},
    "License Object": {"name": _ALL, "identifier": "3.1", "url": _ALL},
    "Server Object": {"url": _3X, "description": _3X, "variables": _3X},
    "Server Variable Object": {"enum": _3X, "default": _3X, "description": _3X},
    "Components Object": {
        "schemas": _3X, "responses": _3X, "parameters": _3X, "examples": _3X,
        "requestBodies": _3X, "headers": _3X, "securitySchemes": _3X, "links": _3X,
        "callbacks": _3X, "pathItems": "3.1",
    },
    "Paths Object": {"/{path}": _ALL},
    "Path Item Object": {
        "$ref": _ALL, "summary": _3X, "description": _3X, "get": _ALL, "put": _ALL,
        "post": _ALL, "delete": _ALL, "options": _ALL, "head": _ALL, "patch": _ALL,
        "trace": _3X, "servers": _3X, "parameters": _ALL,
    },
    "Operation Object": {
        "tags": _ALL, "summary": _ALL, "description": _ALL, "externalDocs": _ALL,
        "operationId": _ALL, "consumes": "2.0", "produces": "2.0", "parameters": _ALL,
        "requestBody": _3X, "responses": _ALL, "callbacks": _3X, "deprecated": _ALL,
        "security": _ALL, "servers": _3X, "schemes": "2.0",
    },
    "External Documentation Object": {"description": _ALL, "url": _ALL},
    "Parameter Object": {
        "name": _ALL, "in": _ALL, "description": _ALL, "required": _ALL, "deprecated": _3X,
        "allowEmptyValue": _ALL, "style": _3X, "explode": _3X, "allowReserved": _3X,
        "schema": _ALL, "example": _3X, "examples": _3X, "content": _3X, **_V2_VALIDATION,
    },
    "Items Object": dict(_V2_VALIDATION),
    "Request Body Object": {"description": _3X, "content": _3X, "required": _3X},
    "Media Type Object": {"schema": _3X, "example": _3X, "examples": _3X, "encoding": _3X},
    "Encoding Object": {
        "contentType": _3X, "headers": _3X, "style": _3X, "explode": _3X, "allowReserved": _3X,
    },
    "Responses Object": {"default": _ALL, "{status}": _ALL},
    "Response Object": {
        "description": _ALL, "headers": _ALL, "content": _3X, "links": _3X, "schema": "2.0",
        "examples": "2.0",
    },
    "Callback Object": {"{expression}": _3X},
    "Example Object": {"summary": _3X, "description": _3X, "value": _3X, "externalValue": _3X},
    "Link Object": {
        "operationRef": _3X, "operationId": _3X, "parameters": _3X, "requestBody": _3X,
        "description": _3X, "server": _3X,
    },
    "Header Object": {
        "description": _ALL, "required": _3X, "deprecated": _3X, "allowEmptyValue": _3X,
        "style": _3X, "explode": _3X, "allowReserved": _3X, "schema": _3X, "example": _3X,
        "examples": _3X, "content": _3X, **_V2_VALIDATION,
    },
    "Tag Object": {"name": _ALL, "description": _ALL, "externalDocs": _ALL},
    "Reference Object": {"$ref": _ALL, "summary": "3.1", "description": "3.1"},
    "Schema Object": {
        **{k: _ALL for k in _words(
            "$ref title description type format default enum multipleOf maximum "
            "exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern maxItems "
            "minItems uniqueItems maxProperties minProperties required items allOf properties "
            "additionalProperties discriminator readOnly xml externalDocs example x-nullable"
        )},
        **{k: _3X for k in _words("oneOf anyOf not writeOnly deprecated")},
        "nullable": "3.0",
        **{k: "3.1" for k in _words(
            "const examples prefixItems contains minContains maxContains unevaluatedItems "
            "patternProperties propertyNames unevaluatedProperties dependentRequired "
            "dependentSchemas if then else contentMediaType contentEncoding contentSchema $id "
            "$anchor $dynamicRef $dynamicAnchor $defs $comment $schema $vocabulary"
        )},
        "(any other keyword)": "3.1",
    },
    "Discriminator Object": {"propertyName": _3X, "mapping": _3X},
    "XML Object": {"name": _ALL, "namespace": _ALL, "prefix": _ALL, "attribute": _ALL,
                   "wrapped": _ALL},
    "Security Scheme Object": {
        "type": _ALL, "description": _ALL, "name": _ALL, "in": _ALL, "scheme": _3X,
        "bearerFormat": _3X, "flows": _3X, "openIdConnectUrl": _3X, "flow": "2.0",
        "authorizationUrl": "2.0", "tokenUrl": "2.0", "scopes": "2.0",
    },
    "OAuth Flows Object": {
        "implicit": _3X, "password": _3X, "clientCredentials": _3X, "authorizationCode": _3X,
    },
    "OAuth Flow Object": {
        "authorizationUrl": _3X, "tokenUrl": _3X, "refreshUrl": _3X, "scopes": _3X,
    },
    "Security Requirement Object": {"{name}": _ALL},
}  # fmt: skip

_ROW = re.compile(r"^\| `([^`]+)` \| (✓|—) \| (✓|—) \| (✓|—) \| ([^|]+) \| (.+) \|$")


def _matrix() -> dict[str, dict[str, tuple[str, str, str]]]:
    """Object -> field -> (versions, state, test) as docs/coverage.md writes them."""
    tables: dict[str, dict[str, tuple[str, str, str]]] = {}
    current: dict[str, tuple[str, str, str]] | None = None
    for line in MATRIX.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            current = tables.setdefault(line[4:].strip(), {})
        elif line.startswith("## "):
            current = None
        elif current is not None and line.startswith("| `"):
            row = _ROW.match(line)
            assert row, f"malformed matrix row: {line}"
            marks = [row.group(i) == "✓" for i in (2, 3, 4)]
            versions = " ".join(v for v, on in zip(("2.0", "3.0", "3.1"), marks) if on)
            current[row.group(1)] = (versions, row.group(5).strip(), row.group(6).strip())
    return tables


def test_matrix_lists_every_field_of_every_object() -> None:
    tables = _matrix()
    assert sorted(tables) == sorted(OBJECTS)
    for name, fields in OBJECTS.items():
        written = {field: versions for field, (versions, _, _) in tables[name].items()}
        assert written == fields, name


def test_matrix_rows_name_a_test_and_warned_rows_are_tested() -> None:
    """Every row says what leadgen does and names its test; a row that says "warned" names a
    case of `test_warned` that exists, for each version it is warned in."""
    tables = _matrix()
    cases = {f"{v}-{f}" for v, f in _WARNED_CASES}
    for name, fields in tables.items():
        for field, (_versions, state, test) in fields.items():
            assert state and test and test != "—", (name, field)
            for function in re.findall(r"`M::(\w+)", test):
                assert callable(globals().get(function)), (name, field, function)
            if state.startswith("warned"):
                named = set(re.findall(r"test_warned\[([^\]]+)\]", test))
                assert named and named <= cases, (name, field, named - cases)
