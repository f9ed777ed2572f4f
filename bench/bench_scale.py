#!/usr/bin/env python3
"""How cost grows with spec size: synthetic specs of 250..4000 operations, fitted exponent.

    .venv/bin/python bench/bench_scale.py [--sizes 250,500,1000,2000,4000]

Each spec has N operations over N/4 resources; every operation has a path
parameter, two query parameters, a JSON body model and a response model that
references a shared component. Prints wall seconds and peak MB per size and the
exponent k of time ~ size^k (least squares on the logs); the target is k <= 1.1.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from pathlib import Path

import yaml
from bench_generate import measure

ROOT = Path(__file__).resolve().parent.parent


def synthetic_spec(operations: int) -> dict[str, object]:
    paths: dict[str, object] = {}
    schemas: dict[str, object] = {
        "Owner": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string", "format": "uuid"}, "name": {"type": "string", "maxLength": 80}}},
    }  # fmt: skip
    for i in range(operations):
        resource = f"things{i // 4}"
        schemas[f"Thing{i}"] = {
            "type": "object",
            "required": ["id", "state"],
            "properties": {
                "id": {"type": "string"},
                "state": {"type": "string", "enum": ["new", "active", "gone"]},
                "count": {"type": "integer", "minimum": 0},
                "created": {"type": "string", "format": "date-time"},
                "owner": {"$ref": "#/components/schemas/Owner"},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
            },
        }
        paths[f"/{resource}/op{i}/{{id}}"] = {
            "post": {
                "operationId": f"doOperation{i}",
                "tags": [resource],
                "summary": f"Operation {i}",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                ],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["name"], "properties": {
                        "name": {"type": "string", "minLength": 1},
                        "note": {"type": ["string", "null"]},
                        "level": {"type": "integer", "enum": [1, 2, 3]}}}}}},
                "responses": {"200": {"description": "OK", "content": {"application/json": {
                    "schema": {"$ref": f"#/components/schemas/Thing{i}"}}}}},
            }
        }  # fmt: skip
    return {
        "openapi": "3.1.0",
        "info": {"title": "Synthetic", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def exponent(sizes: list[int], values: list[float]) -> float:
    xs, ys = [math.log(s) for s in sizes], [math.log(v) for v in values]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="250,500,1000,2000,4000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    times, memory = [], []
    print(f"{'operations':>10} {'wall s':>8} {'peak MB':>8}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            spec = Path(tmp) / f"synthetic{size}.yaml"
            spec.write_text(yaml.safe_dump(synthetic_spec(size), sort_keys=False))
            env = {**os.environ, "LEADGEN_CACHE_DIR": str(Path(tmp) / "cache")}
            result = measure([str(ROOT / ".venv" / "bin" / "leadgen"), "generate", str(spec),
                              "-o", str(Path(tmp) / "out"), "-q"], env)  # fmt: skip
            if result["rc"] != 0:
                print(result["tail"], file=sys.stderr)
                return 1
            times.append(float(result["seconds"]))  # type: ignore[arg-type]
            memory.append(float(result["peak_mb"]))  # type: ignore[arg-type]
            print(f"{size:>10} {times[-1]:8.2f} {memory[-1]:8.0f}")
    if len(sizes) > 1:
        print(
            f"fitted exponent: time {exponent(sizes, times):.2f}, memory {exponent(sizes, memory):.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
