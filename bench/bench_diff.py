#!/usr/bin/env python3
"""Time `leadgen diff` on a large spec and a mutated copy of it (not part of the test suite).

    .venv/bin/python bench/bench_diff.py               # Stripe from bench/.cache/specs/ if there
    .venv/bin/python bench/bench_diff.py --synthetic   # ~2000 generated operations
    .venv/bin/python bench/bench_diff.py --spec bench/.cache/specs/github.yaml

Prints the seconds of each phase (load, validate, build, compare + place) and the total.
Validation runs cold: a private, empty leadgen cache is used.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leadgen.diff.engine import Side, diff_sides
from leadgen.model.api import build_api
from leadgen.pipeline import Spec, open_spec, validate_spec
from leadgen.spec.validate import iter_operations

STRIPE = ROOT / "bench" / ".cache" / "specs" / "stripe.yaml"
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _NoAliases(_Dumper):  # type: ignore[misc, valid-type]
    def ignore_aliases(self, data: Any) -> bool:
        return True


def synthetic(operations: int) -> dict[str, Any]:
    """A spec of `operations` operations over shared, nested, recursive models."""
    schemas: dict[str, Any] = {
        "Status": {"type": "string", "enum": ["active", "paused", "closed", "archived"]},
        "Node": {"type": "object", "properties": {
            "id": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}},
    }  # fmt: skip
    for i in range(200):
        schemas[f"Item{i}"] = {
            "type": "object",
            "required": ["id", "status"],
            "properties": {
                "id": {"type": "string", "maxLength": 64},
                "status": {"$ref": "#/components/schemas/Status"},
                "count": {"type": "integer", "minimum": 0},
                "tree": {"$ref": "#/components/schemas/Node"},
                "next": {"$ref": f"#/components/schemas/Item{(i + 1) % 200}"},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
            },
        }
    paths: dict[str, Any] = {}
    for i in range(operations // 2):
        item = f"Item{i % 200}"
        ref = {"$ref": f"#/components/schemas/{item}"}
        ok = {"description": "OK", "content": {"application/json": {"schema": ref}}}
        param = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
        paths[f"/things{i}/{{id}}"] = {
            "get": {"operationId": f"getThing{i}", "tags": [f"group{i % 40}"], "summary": "Get",
                    "parameters": [param, {"name": "expand", "in": "query", "schema": {"type": "boolean"}}],
                    "responses": {"200": ok, "404": {"description": "Missing"}}},
            "post": {"operationId": f"updateThing{i}", "tags": [f"group{i % 40}"], "summary": "Update",
                     "parameters": [copy.deepcopy(param)],
                     "requestBody": {"required": True, "content": {"application/json": {"schema": ref}}},
                     "responses": {"200": ok}},
        }  # fmt: skip
    return {
        "openapi": "3.1.0",
        "info": {"title": "Synthetic", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def mutate(data: dict[str, Any]) -> list[str]:
    """A handful of edits a real release might make; returns what was done."""
    done = []
    schemas = (data.get("components") or {}).get("schemas") or {}
    for name, schema in schemas.items():  # drop the last value of the first enum with three or more
        if (
            isinstance(schema, dict)
            and isinstance(schema.get("enum"), list)
            and len(schema["enum"]) >= 3
        ):
            done.append(f"enum value {schema['enum'].pop()!r} dropped from {name}")
            break
    for name, schema in schemas.items():  # make an optional property required
        props = schema.get("properties") if isinstance(schema, dict) else None
        if isinstance(props, dict):
            optional = [p for p in props if p not in (schema.get("required") or [])]
            if optional:
                schema.setdefault("required", []).append(optional[0])
                done.append(f"{name}.{optional[0]} made required")
                break
    operations = list(iter_operations(data))
    _, method, path, _ = operations[len(operations) // 2]
    del data["paths"][path][method]
    done.append(f"{method.upper()} {path} removed")
    _, method, path, op = operations[0]
    op.setdefault("parameters", []).append(
        {"name": "bench_flag", "in": "query", "schema": {"type": "boolean"}}
    )
    done.append(f"{method.upper()} {path} got an optional query parameter")
    return done


def _side(spec: Spec, package: str, times: dict[str, float]) -> Side:
    started = time.perf_counter()
    problems = validate_spec(spec, lints=False)
    times["validate"] += time.perf_counter() - started
    if problems:
        raise SystemExit(
            f"{spec.doc.display}: {len(problems)} validation problem(s), first: {problems[0].format()}"
        )
    started = time.perf_counter()
    api = build_api(spec.doc, spec.data, package)
    times["build"] += time.perf_counter() - started
    return Side(spec, api)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, help="a large spec (default: the cached Stripe spec)")
    parser.add_argument("--synthetic", action="store_true", help="use a generated spec")
    parser.add_argument(
        "--operations", type=int, default=2000, help="operations of the synthetic spec"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LEADGEN_CACHE_DIR"] = str(Path(tmp) / "cache")
        source = args.spec or (STRIPE if STRIPE.is_file() and not args.synthetic else None)
        old_path = Path(tmp) / "old" / (source.name if source else "synthetic.yaml")
        old_path.parent.mkdir()
        if source is None:
            old_path.write_text(
                yaml.dump(synthetic(args.operations), Dumper=_NoAliases, sort_keys=False)
            )
        else:
            old_path.write_bytes(source.read_bytes())
        new_path = Path(tmp) / "new" / old_path.name
        new_path.parent.mkdir()
        data = copy.deepcopy(open_spec(old_path).data)
        edits = mutate(data)
        new_path.write_text(yaml.dump(data, Dumper=_NoAliases, sort_keys=False, width=1000))

        times = {"load": 0.0, "validate": 0.0, "build": 0.0, "compare": 0.0}
        started = time.perf_counter()
        old_spec, new_spec = open_spec(old_path), open_spec(new_path)
        times["load"] = time.perf_counter() - started
        old, new = _side(old_spec, "bench", times), _side(new_spec, "bench", times)
        started = time.perf_counter()
        findings = diff_sides(old, new, "bench", today=date.today())
        times["compare"] = time.perf_counter() - started

    ops = len(old.api.operations)
    print(
        f"spec: {source or 'synthetic'} ({ops} operations, {len(old.api.definitions)} definitions)"
    )
    for edit in edits:
        print(f"  edit: {edit}")
    levels = {lv: sum(f.level == lv for f in findings) for lv in ("ERR", "WARN", "INFO")}
    print(f"findings: {len(findings)} {levels}")
    for phase, seconds in times.items():
        print(f"{phase:>9}: {seconds:6.2f} s")
    print(
        f"{'total':>9}: {sum(times.values()):6.2f} s   (compare + place alone: {times['compare']:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
