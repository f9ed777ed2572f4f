"""Generated tests pass bytes where a model field is `format: binary` (annotated `bytes`), in a
multipart form and in a JSON body, so they type-check under mypy --strict and still pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from leadgen.cli import main

from tests.testgen.generated_tests_runner import run_generated_tests

SPEC = """\
openapi: 3.0.3
info: {title: Files, version: "1"}
servers: [{url: "https://api.example"}]
paths:
  /uploads:
    post:
      operationId: sendUpload
      summary: Send an upload.
      tags: [uploads]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: {$ref: "#/components/schemas/Upload"}
      responses:
        "204": {description: Stored.}
  /notes:
    post:
      operationId: sendNote
      summary: Send a note.
      tags: [notes]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Note"}
            example: {blob: hello}
      responses:
        "204": {description: Stored.}
components:
  schemas:
    Upload:
      type: object
      required: [file]
      properties:
        name: {type: string}
        file: {type: string, format: binary}
      additionalProperties: {type: string}
    Note:
      type: object
      required: [blob]
      properties:
        blob: {type: string, format: binary}
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("binary")
    spec = folder / "files.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    assert main(["generate", str(spec), "--output", str(folder), "--no-cache", "--quiet"]) == 0
    return folder


def test_binary_fields_get_bytes(out: Path) -> None:
    uploads = (out / "files" / "tests" / "test_uploads.py").read_text(encoding="utf-8")
    notes = (out / "files" / "tests" / "test_notes.py").read_text(encoding="utf-8")
    assert 'models.Upload(name="abc123", file=b"")' in uploads
    assert '{"blob": "hello".encode()}' in notes


def test_generated_tests_type_check_and_pass(out: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "files"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = run_generated_tests(out / "files" / "tests", tmp_path)
    assert outcome.returncode == 0 and outcome.not_passed == [], outcome.report()
