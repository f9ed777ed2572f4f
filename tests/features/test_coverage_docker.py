"""Swagger 2.0 as Docker's Engine API writes it (go-swagger's x-nullable and x-go-name, file
responses, formData uploads, status codes as YAML integers), from an excerpt in the fixtures."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from leadgen.cli import main

from tests.features.coverage_support import client

SPEC = Path(__file__).parent.parent / "fixtures" / "swagger2" / "docker-engine-excerpt.yaml"
PACKAGE = "docker_engine_excerpt"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("docker")
    assert main(["generate", str(SPEC), "--output", str(folder), "--lenient", "-q"]) == 0
    yield folder


@pytest.fixture(scope="module")
def package(out: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def test_docker_excerpt_passes_mypy_strict(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", PACKAGE],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_integer_status_codes_are_positioned_warnings(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "leadgen", "generate", str(SPEC), "--output", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (
        "docker-engine-excerpt.yaml:89:11: /paths/~1containers~1json/get/responses/200: status"
        " code 200 is a YAML integer" in result.stderr
    )
    assert "type" not in result.stderr.replace("content-type", "")  # `type: file` is accepted


def test_x_nullable_fields_send_null(package: ModuleType) -> None:
    sent: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(201, json={"Id": "abc", "Warnings": []})

    api = client(package, handler, base_url="http://docker")
    created = api.container.create(name="web", cmd=["sh"], healthcheck=None, stop_timeout=None)
    assert (created.id, created.warnings) == ("abc", [])
    assert sent == [{"Cmd": ["sh"], "Healthcheck": None, "StopTimeout": None}]


def test_x_nullable_false_rejects_null(package: ModuleType) -> None:
    api = client(
        package,
        lambda r: httpx.Response(200, json=[{"PrivatePort": 1, "Type": None}]),
        base_url="http://docker",
        strict_responses=True,
    )
    with pytest.raises(package.ResponseValidationError):
        api.container.list()
    tolerant = client(
        package,
        lambda r: httpx.Response(200, json=[{"PrivatePort": 1, "Type": None}]),
        base_url="http://docker",
    )
    (read,) = tolerant.container.list()
    assert read.type is None  # kept as it came, and listed as a problem
    assert [p.path for p in read.validation_problems] == ["/0/Type"]
    ok = client(
        package,
        lambda r: httpx.Response(200, json=[{"PrivatePort": 80, "Type": "tcp"}]),
        base_url="http://docker",
    )
    (port,) = ok.container.list(all=True)
    assert (port.private_port, port.type) == (80, "tcp")


def test_file_response_is_bytes(package: ModuleType) -> None:
    accepts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        accepts.append(request.headers["accept"])
        return httpx.Response(
            200, content=b"\x00tar", headers={"content-type": "application/x-tar"}
        )

    api = client(package, handler, base_url="http://docker")
    assert api.container.export("c1") == b"\x00tar"
    assert accepts == ["application/octet-stream"]


def test_form_data_upload_is_multipart(package: ModuleType) -> None:
    bodies: list[tuple[str, bytes]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append((request.headers["content-type"], request.content))
        return httpx.Response(204)

    api = client(package, handler, base_url="http://docker")
    api.plugin.pull(remote="vieux/sshfs", config=b"{}")
    ((content_type, body),) = bodies
    assert content_type.startswith("multipart/form-data; boundary=")
    assert b'name="remote"\r\n\r\nvieux/sshfs\r\n' in body
    assert b'name="config"; filename="config"' in body and b"\r\n\r\n{}\r\n" in body
