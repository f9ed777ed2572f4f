"""`leadgen --help` stays quick: the heavy libraries are imported by the commands that use them."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "jinja2",
    "black",
    "openapi_spec_validator",
    "openapi_schema_validator",
    "jsonschema",
    "jsonschema_rs",
)


def test_help_imports_no_heavy_library() -> None:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "leadgen", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in run.stderr.splitlines()}
    assert "leadgen" in run.stdout
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


def test_build_parser_imports_no_heavy_library() -> None:
    code = (
        "import sys, leadgen.cli as cli; cli.build_parser(); "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
