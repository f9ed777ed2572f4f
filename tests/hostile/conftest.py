"""Fixtures of the hostile-spec suite.

``corpus`` generates, once per session, every hostile spec that must generate into one
temporary output folder, then starts mypy --strict and ruff over all of those packages in the
background (one run each: mypy is the slow part), so they work while the other tests run;
``static_checks`` waits for them. ``import_report`` imports every module of every package in
one subprocess (working folder: an empty sandbox) and asks each command line for its help.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hostile.hostile_spec_support import SPECS, Run, generate, import_everything

# package -> spec it comes from (a Path under SPECS, or a name the corpus fixture writes)
GOOD_SPECS: dict[str, str] = {
    "injection": "injection.yaml",
    "injection_swagger2": "injection-swagger2.yaml",
    "coding_utf_7_x": "coding=utf-7 x.yaml",  # utf7-title.yaml, copied to that name
    "names": "names.yaml",
    "class_": "class.yaml",
    "output_paths": "output-paths.yaml",
    "recursive": "recursive.yaml",
    "deep_ok": "deep-ok.json",
    "big_enum": "big-enum.json",  # written by the fixture: 10,000 values are size, not content
    "api": "refs/cycle-components/api.yaml",
    "schema_keywords": "refs/schema-keywords.yaml",
    "empty_api": "empty-api.yaml",
}
BIG_ENUM = 10_000


def big_enum_spec() -> dict[str, object]:
    """One property with 10,000 enum values (inline, so the values are written out once)."""
    values = [f"v{i}" for i in range(BIG_ENUM)]
    holder = {
        "type": "object",
        "properties": {"big": {"type": "string", "enum": values}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "big enum", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "operationId": "get",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": holder}},
                        }
                    },
                }
            }
        },
    }


@dataclass
class Corpus:
    out: Path  # the output folder every good spec was generated into
    specs: dict[str, Path]  # package -> spec file
    runs: dict[str, Run]  # package -> the leadgen run
    tmp: Path  # the whole temporary tree of the session's corpus
    sandbox: Path  # an empty working folder for subprocesses
    checks: dict[str, subprocess.Popen[str]] = field(default_factory=dict)


@pytest.fixture(scope="session", autouse=True)
def private_caches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """leadgen, mypy and black caches in a temporary folder, never in $HOME or the repo."""
    cache = tmp_path_factory.mktemp("hostile-caches")
    names = {
        "LEADGEN_CACHE_DIR": "leadgen",
        "MYPY_CACHE_DIR": "mypy",
        "BLACK_CACHE_DIR": "black",
    }
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update({name: str(cache / folder) for name, folder in names.items()})
    yield cache
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    tmp = tmp_path_factory.mktemp("hostile-corpus")
    specs_dir, out, sandbox = tmp / "specs", tmp / "out", tmp / "sandbox"
    specs_dir.mkdir()
    sandbox.mkdir()
    specs: dict[str, Path] = {}
    for package, name in GOOD_SPECS.items():
        if package == "coding_utf_7_x":
            specs[package] = specs_dir / name
            shutil.copy(SPECS / "utf7-title.yaml", specs[package])
        elif package == "big_enum":
            specs[package] = specs_dir / name
            specs[package].write_text(json.dumps(big_enum_spec()), encoding="utf-8")
        else:
            specs[package] = SPECS / name
    runs = {package: generate(spec, out) for package, spec in specs.items()}
    corpus = Corpus(out, specs, runs, tmp, sandbox)
    generated = sorted(p for p in GOOD_SPECS if (out / p / "__init__.py").is_file())
    if generated:
        mypy = ["mypy", "--strict", "--python-version", "3.10", "--no-error-summary"]
        corpus.checks["mypy"] = _start(mypy + [a for p in generated for a in ("-p", p)], out)
        corpus.checks["ruff"] = _start(
            ["ruff", "check", "--isolated", "--no-cache", *generated], out
        )
    yield corpus
    for process in corpus.checks.values():
        if process.poll() is None:
            process.kill()
        process.communicate()


@pytest.fixture(scope="session")
def static_checks(corpus: Corpus) -> dict[str, tuple[int, str]]:
    """tool -> (exit code, output) of the background mypy and ruff runs."""
    results = {}
    for tool, process in corpus.checks.items():
        output, _ = process.communicate(timeout=300)
        results[tool] = (process.returncode, output)
    return results


@pytest.fixture(scope="session")
def import_report(corpus: Corpus) -> tuple[dict[str, dict[str, object]], str]:
    """Per package: the modules imported, tracebacks, help texts; and the raw output."""
    packages = sorted(p for p in GOOD_SPECS if (corpus.out / p / "__init__.py").is_file())
    return import_everything(corpus.out, packages, corpus.sandbox)
