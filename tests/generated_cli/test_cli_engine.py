"""The CLI engine on an inline spec with what the three vendor specs lack: booleans, numbers,
integer enums, integer arrays, a nullable field, read-only properties, a binary body, server
variables, basic auth, an API key in the query, flag-name clashes and `x-cli-name` mistakes."""

from __future__ import annotations

import base64
import importlib
import json
import shutil
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from leadgen.cli import main as leadgen

from tests.features.generated_package import generate_and_import
from tests.generated_cli.support import Result, Server, forget

SPEC = """\
openapi: 3.1.0
info: {title: Gadgets, version: "1", description: "Gadgets with 100% coverage."}
servers:
  - url: https://{region}.gadgets.example/v1
    variables:
      region: {default: eu, enum: [eu, us], description: Where your data lives.}
security:
  - key: []
  - basic: []
paths:
  /gadgets:
    get:
      operationId: listGadgets
      tags: [gadgets]
      summary: List gadgets
      parameters:
        - {name: active, in: query, schema: {type: boolean}, description: Only active ones (100%).}
        - {name: sizes, in: query, schema: {type: array, items: {type: integer, minimum: 1}}}
        - {name: timeout, in: query, schema: {type: number}}
        - {name: level, in: query, schema: {type: integer, enum: [1, 2, 3]}}
      responses:
        "200":
          description: The gadgets.
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Gadget"}}
    post:
      operationId: createGadget
      tags: [gadgets]
      x-cli-name: [gadget, new]
      summary: Create a gadget
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Gadget"}
      responses:
        "201":
          description: Created.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Gadget"}
  /gadgets/{id}/firmware:
    put:
      operationId: uploadFirmware
      tags: [gadgets]
      summary: Upload firmware
      deprecated: true
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      requestBody:
        required: true
        content:
          application/octet-stream:
            schema: {type: string, format: binary}
      responses:
        "204": {description: Stored.}
components:
  securitySchemes:
    key: {type: apiKey, in: query, name: api_key}
    basic: {type: http, scheme: basic}
  schemas:
    Gadget:
      type: object
      additionalProperties: false
      required: [id, name]
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string, minLength: 1}
        enabled: {type: boolean, default: true}
        weight: {type: [number, "null"], exclusiveMinimum: 0}
        tags: {type: array, items: {type: string}}
"""
KEY = "k-secret-7788"


@pytest.fixture(scope="module")
def gadgets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[types.ModuleType]:
    folder = tmp_path_factory.mktemp("gadgets")
    spec = folder / "gadgets.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    package = generate_and_import(spec, folder / "out")
    try:
        yield importlib.import_module("gadgets.cli")
    finally:
        forget(package.__name__)


@pytest.fixture
def run(
    gadgets: types.ModuleType, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Result]]:
    monkeypatch.delenv("GADGETS_API_KEY", raising=False)
    monkeypatch.delenv("GADGETS_BASIC_AUTH", raising=False)
    opened: list[httpx.Client] = []

    def invoke(*argv: str, replies: list[httpx.Response] | None = None) -> Result:
        server = Server(list(replies or [httpx.Response(204)]))
        http = httpx.Client(transport=httpx.MockTransport(server))
        opened.append(http)
        capsys.readouterr()
        code = gadgets.main(list(argv), http_client=http)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err, server.requests)

    yield invoke
    for http in opened:
        http.close()


def test_booleans_numbers_integer_enums_and_integer_arrays(run: Callable[..., Result]) -> None:
    result = run(
        "gadgets", "list", "--active", "--sizes", "1", "--sizes", "2", "--query-timeout", "1.5",
        "--level", "2", "--region", "us", "--api-key", KEY,
        replies=[httpx.Response(200, json=[])],
    )  # fmt: skip
    assert (result.code, result.err, result.out) == (0, "", "[]\n")
    url = result.request.url
    assert (url.host, url.path) == ("us.gadgets.example", "/v1/gadgets")
    assert url.params.multi_items() == [
        ("api_key", KEY), ("active", "true"), ("sizes", "1"), ("sizes", "2"), ("timeout", "1.5"), ("level", "2"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "query"),
    [
        (["--active", "false"], "active=false"),
        (["--no-active"], "active=false"),
        (["--active", "TRUE"], "active=true"),
        (["--sizes", "[3, 4]"], "sizes=3&sizes=4"),
    ],
)
def test_boolean_and_array_spellings(
    run: Callable[..., Result], argv: list[str], query: str
) -> None:
    result = run("gadgets", "list", *argv, replies=[httpx.Response(200, json=[])])
    assert result.code == 0, result.err
    assert result.request.url.query.decode() == query


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["gadgets", "list", "--active", "maybe"], "argument --active: expected true or false, got 'maybe'"),
        (["gadgets", "list", "--sizes", "x"], "argument --sizes: expected an integer, got 'x'"),
        (["gadgets", "list", "--sizes", "0"], "--sizes[0]: must be >= 1"),
        (["gadgets", "list", "--level", "4"], "argument --level: invalid choice '4' (choose from 1, 2, 3)"),
        (["gadgets", "list", "--query-timeout", "soon"], "argument --query-timeout: expected a number, got 'soon'"),
        (["gadgets", "list", "--region", "mars"], "--region: choose from eu, us"),
        (["gadgets", "list", "--basic-auth", "nocolon"], "--basic-auth: expected USER:PASSWORD"),
        (["gadget", "new", "--name", ""], "--name: must have at least 1 characters"),
        (["gadget", "new", "--name", "a", "--weight", "0"], "--weight: must be > 0"),
        (["gadget", "new", "--enabled"], "--name: is required"),
        (["gadget", "new", "--name", "a", "--weight", "1", "--null", "weight"], "--null weight: --weight is given too"),
        (["gadget", "new", "--body", '{"name": "a", "id": 5}'], "--body: unknown field 'id'"),
        (["gadgets", "upload-firmware", "--id", "1"], "--body: is required"),
    ],
)  # fmt: skip
def test_usage_errors(run: Callable[..., Result], argv: list[str], message: str) -> None:
    result = run(*argv)
    assert result.code == 2
    assert message in result.err
    assert not result.requests


def test_nullable_field_read_only_property_and_basic_auth(run: Callable[..., Result]) -> None:
    result = run(
        "gadget", "new", "--name", "Widget", "--no-enabled", "--null", "weight", "--tags", "a", "--tags", "b",
        "--basic-auth", "ada:pa:ss",
        replies=[httpx.Response(201, json={"id": 7, "name": "Widget", "weight": None})],
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    request = result.request
    assert (request.method, request.url.path) == ("POST", "/v1/gadgets")
    assert request.headers["authorization"] == "Basic " + base64.b64encode(b"ada:pa:ss").decode()
    assert json.loads(request.content) == {
        "name": "Widget",
        "enabled": False,
        "weight": None,
        "tags": ["a", "b"],
    }
    assert json.loads(result.out) == {"id": 7, "name": "Widget", "weight": None}


def test_basic_auth_from_the_environment(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GADGETS_BASIC_AUTH", "env:pw")
    result = run("gadgets", "list", replies=[httpx.Response(200, json=[])])
    assert (
        result.request.headers["authorization"] == "Basic " + base64.b64encode(b"env:pw").decode()
    )


def test_binary_body_from_a_file(run: Callable[..., Result], tmp_path: Path) -> None:
    firmware = tmp_path / "fw.bin"
    firmware.write_bytes(b"\x00\xffFW")
    result = run("gadgets", "upload-firmware", "--id", "3", "--body", f"@{firmware}")
    assert (result.code, result.err, result.out) == (0, "", "")
    assert (result.request.method, result.request.url.path) == ("PUT", "/v1/gadgets/3/firmware")
    assert result.request.headers["content-type"] == "application/octet-stream"
    assert result.request.content == b"\x00\xffFW"
    missing = run("gadgets", "upload-firmware", "--id", "3", "--body", f"@{tmp_path / 'nope.bin'}")
    assert missing.code == 2
    assert "cannot read" in missing.err


def test_verbose_masks_an_api_key_in_the_query(run: Callable[..., Result]) -> None:
    result = run("gadgets", "list", "--api-key", KEY, "-v", replies=[httpx.Response(200, json=[])])
    assert result.code == 0
    assert result.err.splitlines() == [
        "> GET https://eu.gadgets.example/v1/gadgets?api_key=***",
        "< 200 OK",
    ]
    assert KEY not in result.err + result.out


def test_table_of_rows(run: Callable[..., Result]) -> None:
    rows = [{"id": 1, "name": "a", "tags": ["x", "y"]}, {"id": 2, "name": "b", "enabled": False}]
    result = run("gadgets", "list", "--output", "table", replies=[httpx.Response(200, json=rows)])
    assert result.out.splitlines() == [
        "name  id  tags       enabled",
        "----  --  ---------  -------",
        'a     1   ["x","y"]',
        "b     2              false",
    ]


def test_help_marks_deprecation_booleans_nullable_and_escapes_percent(
    run: Callable[..., Result],
) -> None:
    root = run("--help")
    assert root.code == 0
    out = " ".join(root.out.split())
    assert "Gadgets with 100% coverage." in out
    assert "gadget new gadgets list, upload-firmware" in out
    assert "--region {eu,us} Where your data lives. Default: eu." in out
    assert "--basic-auth USER:PASSWORD" in out and "$GADGETS_BASIC_AUTH" in out
    group = " ".join(run("gadgets", "--help").out.split())
    assert "upload-firmware Upload firmware (deprecated)" in group
    listing = " ".join(run("gadgets", "list", "--help").out.split())
    assert "--active [true|false] Only active ones (100%). --no-active sends false." in listing
    assert "--level {1,2,3}" in listing
    create = " ".join(run("gadget", "new", "--help").out.split())
    assert "--weight NUMBER > 0; may be null. --null weight sends null." in create
    assert (
        "--enabled [true|false] Defaults to True on the server when not sent. --no-enabled sends false."
        in create
    )
    upload = " ".join(run("gadgets", "upload-firmware", "--help").out.split())
    assert "Deprecated." in upload
    assert "The request body. Given as JSON, @FILE or - (stdin)." in upload


def test_python_dash_m_works_when_vendored(gadgets: types.ModuleType, tmp_path: Path) -> None:
    vendored = tmp_path / "myapp" / "_vendor"
    vendored.mkdir(parents=True)
    (tmp_path / "myapp" / "__init__.py").write_text("")
    (vendored / "__init__.py").write_text("")
    shutil.copytree(Path(gadgets.__file__).parent, vendored / "gadgets")
    for module in ("myapp._vendor.gadgets", "myapp._vendor.gadgets.cli"):
        done = subprocess.run(
            [sys.executable, "-m", module, "gadget", "new", "--help"],
            cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "Create a gadget" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "myapp._vendor.gadgets", "gadget", "new"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--name: is required" in done.stderr


# --- x-cli-name mistakes stop generation ------------------------------------------------------


def with_cli_names(*names: object) -> str:
    """The spec with `x-cli-name` set on its first two operations."""
    text = SPEC.replace("      x-cli-name: [gadget, new]\n", "")
    for name, op in zip(names, ("operationId: listGadgets", "operationId: createGadget")):
        text = text.replace(op, f"{op}\n      x-cli-name: {json.dumps(name)}")
    return text


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["Gadget List"], "x-cli-name must be a non-empty list of lower-case kebab-case words"),
        ([[]], "x-cli-name must be a non-empty list"),
        (["gadgets"], "x-cli-name must be a non-empty list"),
        ([["g", "x"], ["g", "x"]], "'g x' names another operation too"),
        ([["g"], ["g", "new"]], "'g' is also the start of 'g new'"),
    ],
)
def test_bad_cli_names_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], names: list[object], message: str
) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(with_cli_names(*names), encoding="utf-8")
    assert leadgen(["generate", str(spec), "--output", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"bad.yaml:14:19: /paths/~1gadgets/get/x-cli-name: {message}" in err


def test_generated_cli_type_checks_lints_and_is_black(gadgets: types.ModuleType) -> None:
    folder = Path(gadgets.__file__).parent
    names = ("cli.py", "_cli.py", "_cli_args.py", "_cli_output.py", "__main__.py")
    files = [f"gadgets/{name}" for name in names]
    for command in (
        ["mypy", "--strict", "--python-version", "3.10", "--no-incremental", "gadgets"],
        [
            "ruff",
            "check",
            "--isolated",
            "--no-cache",
            "--target-version",
            "py310",
            "--extend-select",
            "I,RUF022",
            *files,
        ],
        ["black", "--check", "--quiet", *files],
    ):
        done = subprocess.run(
            [sys.executable, "-m", *command],
            cwd=folder.parent,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
