"""Large specs are formatted in forked worker processes while they render: the output must be
the serial path's byte for byte and in the same order, a worker's failure must end as one
line (or the positioned diagnostic) with nothing written, and small specs start no pool."""

from __future__ import annotations

import concurrent.futures
import os
from pathlib import Path
from typing import Any, NoReturn

import black
import pytest
import yaml
from leadgen import cli
from leadgen.cache import FormatCache
from leadgen.config import Client
from leadgen.emit import format as formatting
from leadgen.pipeline import generate_files

ROOT = Path(__file__).resolve().parents[2]


def _spec(operations: int) -> dict[str, Any]:
    """A mid-size spec: `operations` operations over a few resources, each with its models."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for i in range(operations):
        schemas[f"Thing{i}"] = {
            "type": "object",
            "required": ["id", "state"],
            "properties": {
                "id": {"type": "string"},
                "state": {"type": "string", "enum": ["new", "active", "gone"]},
                "count": {"type": "integer", "minimum": 0},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
                "a_rather_long_property_name_for_the_layout": {
                    "type": "string",
                    "enum": [f"choice_number_{n}_of_many" for n in range(6)],
                },
            },
        }
        paths[f"/things{i % 5}/op{i}/{{id}}"] = {
            "post": {
                "operationId": f"doOperation{i}",
                "tags": [f"things{i % 5}"],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 9}},
                ],
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/Thing{i}"}}
                    }
                },
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/Thing{i}"}
                            }
                        },
                    }
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Mid", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


@pytest.fixture(scope="module")
def mid_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "mid.yaml"
    path.write_text(yaml.safe_dump(_spec(30), sort_keys=False))
    return path


def _files(spec: Path) -> dict[str, str]:
    return generate_files(Client(spec=spec, package="mid"))[0]


def _pooled(monkeypatch: pytest.MonkeyPatch, batch_cost: int = 1) -> None:
    """Every spec takes the parallel path, in batches of about `batch_cost` lines."""
    monkeypatch.setattr(formatting, "_POOL_FROM_BYTES", 0)
    monkeypatch.setattr(formatting, "_BATCH_COST", batch_cost)
    monkeypatch.setattr(formatting, "_pool_workers", lambda: 2)


def test_parallel_output_is_the_serial_output_in_the_same_order(
    mid_spec: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    serial = _files(mid_spec)
    capsys.readouterr()
    for batch_cost in (1, 400):  # one file a task, and several files a task
        with monkeypatch.context() as patch:
            _pooled(patch, batch_cost)
            patch.setenv("LEADGEN_PROFILE", "1")
            parallel = _files(mid_spec)
        assert "in worker processes" in capsys.readouterr().err
        assert list(parallel) == list(serial)
        assert parallel == serial


def test_pooled_formatting_reads_and_fills_the_format_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pooled(monkeypatch)
    files = {
        "a.py": "# head\nx = [1,2,\n 3]\n",
        "b.txt": "kept as it is\n",
        "c.py": "def f(a,b):\n  return a+b\n",
    }
    cache = FormatCache(tmp_path)
    expected = {"a.py": "# head\nx = [1, 2, 3]\n", "b.txt": files["b.txt"],
                "c.py": "def f(a, b):\n    return a + b\n"}  # fmt: skip
    with formatting.format_pool(1) as pool:
        assert pool is not None
        assert formatting.format_files(files, "p/", cache, pool=pool) == expected
    assert cache.get("x = [1,2,\n 3]\n") == "x = [1, 2, 3]\n"  # written by a worker
    monkeypatch.setattr(formatting, "_formatted", _boom)  # a hit never formats again
    with formatting.format_pool(1) as pool:
        assert formatting.format_files(files, "p/", cache, pool=pool) == expected


def _boom(name: str, source: str, laid_out: bool) -> NoReturn:
    raise RuntimeError(f"boom in {name}")


def _die(name: str, source: str, laid_out: bool) -> NoReturn:
    os._exit(1)


def _generate(spec: Path, out: Path) -> int:
    return cli.main(["generate", str(spec), "-o", str(out), "--no-cache", "-q"])


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (_boom, "internal error while formatting: RuntimeError: boom in mid/"),
        (_die, "internal error while formatting: BrokenProcessPool: "),
    ],
    ids=["raises", "dies"],
)
def test_a_failing_worker_is_one_line_and_nothing_is_written(
    mid_spec: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    failure: Any,
    message: str,
) -> None:
    out = tmp_path / "out"
    assert _generate(mid_spec, out) == 0
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    changed = tmp_path / "v2" / "mid.yaml"  # the same package, from a changed spec
    changed.parent.mkdir()
    changed.write_text(mid_spec.read_text().replace("title: Mid", "title: Changed"))
    capsys.readouterr()
    _pooled(monkeypatch)
    monkeypatch.setattr(formatting, "_formatted", failure)
    assert _generate(changed, out) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith(f"leadgen generate: {changed}: ")
    assert message in err
    assert "Traceback" not in err
    after = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".leadgen-tmp-*"))


def test_invalid_python_from_a_worker_is_the_positioned_diagnostic(
    mid_spec: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _pooled(monkeypatch)
    real = formatting.fits_black
    monkeypatch.setattr(
        formatting, "fits_black", lambda source: "class Thing7(" not in source and real(source)
    )
    parse = black.format_str

    def broken(source: str, *, mode: Any) -> str:
        return parse(source, mode=mode) + ("x = (\n" if "class Thing7(" in source else "")

    monkeypatch.setattr(black, "format_str", broken)
    assert _generate(mid_spec, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert err.startswith("mid/models/thing_7.py: ")
    assert "generated code is not valid Python: " in err
    assert not (tmp_path / "out").exists()


def test_small_specs_start_no_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    spec = ROOT / "specs" / "puffle.yaml"
    assert spec.stat().st_size < formatting._POOL_FROM_BYTES
    assert _generate(spec, tmp_path / "out") == 0
