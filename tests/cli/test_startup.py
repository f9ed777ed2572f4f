"""`leadgen --help` stays quick: the heavy libraries are imported by the commands that use them,
and the parser gets only the arguments of the command that runs (parsing as the full one); a
small generate imports only the libraries it uses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from leadgen.cli import build_parser

HEAVY = (
    "jinja2",
    "black",
    "openapi_spec_validator",
    "openapi_schema_validator",
    "jsonschema",
    "jsonschema_rs",
    "referencing",
    "pydantic",
    "pydantic_settings",
    "yaml",
    "httpx",
    "watchfiles",
    "regex",
    "packaging",
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


@pytest.mark.parametrize("command", ["validate", "generate", "check", "watch", "diff", "mock"])
def test_help_of_a_command_imports_no_heavy_library(command: str) -> None:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "leadgen", command, "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in run.stderr.splitlines()}
    assert f"usage: leadgen {command}" in run.stdout
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


@pytest.mark.parametrize(
    "words",
    [
        ["generate", "a.yaml", "-o", "out", "--no-tests", "--force", "--quiet"],
        ["check", "--package", "shop", "--format", "json", "a.yaml"],
        ["watch", "a.yaml", "--lenient"],
        ["validate", "--select", "has-tags,has-summary", "--format", "github"],
        ["diff", "old.yaml", "new.yaml", "--fail-on", "warn"],
        ["mock", "a.yaml", "--port", "0", "--dynamic"],
    ],
)
def test_the_parser_of_one_command_parses_as_the_full_parser(words: list[str]) -> None:
    one = vars(build_parser(words[0]).parse_args(words))
    full = vars(build_parser().parse_args(words))
    assert one.pop("run") is full.pop("run")
    assert one == full


# Not needed to generate a small spec's client: the HTTP library (the generator checks examples
# with the runtime's validation, which does not send requests), the file watcher, the Python
# validators (the quick check is jsonschema_rs), worker processes (small specs format inline)
# and black (every file is laid out in its form; plain strings and docstrings are judged without
# it, and the width of text that is not ASCII comes from black's table, read without black).
NOT_FOR_A_SMALL_GENERATE = (
    "httpx",
    "black",
    "watchfiles",
    "pydantic",
    "openapi_spec_validator",
    "jsonschema",
    "referencing",
    "multiprocessing",
    "concurrent",
)


@pytest.mark.parametrize("name", ["puffle", "inboxapp"])  # inboxapp: text that is not ASCII
def test_generate_of_a_small_spec_imports_only_what_it_uses(tmp_path: Path, name: str) -> None:
    spec = Path(__file__).resolve().parents[2] / "specs" / f"{name}.yaml"
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "leadgen", "generate", str(spec)]
        + ["-o", str(tmp_path / "out"), "--no-cache"],
        capture_output=True,
        text=True,
        check=True,
        env={  # stdout block-buffered, as in a pipe: the quick exit flushes it (`cli.entry`)
            **{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
            "LEADGEN_CACHE_DIR": str(tmp_path / "cache"),
        },
    )
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in run.stderr.splitlines()}
    assert run.stdout == f"{tmp_path / 'out' / name}: updated\n"
    assert (tmp_path / "out" / name / "_client.py").is_file()
    assert {"jinja2", "yaml"} <= imported  # the measure sees the run's imports
    assert not imported & set(NOT_FOR_A_SMALL_GENERATE), sorted(
        imported & set(NOT_FOR_A_SMALL_GENERATE)
    )


def test_the_command_exits_with_its_code_and_all_its_output(tmp_path: Path) -> None:
    """`leadgen` skips the interpreter's teardown (`cli.entry`): output and exit code stay."""
    missing = tmp_path / "missing.yaml"
    run = subprocess.run(
        [sys.executable, "-m", "leadgen", "validate", str(missing), str(missing)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.count(f"{missing}: #: file not found") == 2
    assert run.stderr.endswith("2 specs (2 unusable), 0 findings\n")
