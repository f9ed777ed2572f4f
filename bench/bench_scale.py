#!/usr/bin/env python3
"""How cost grows with spec size: synthetic specs of 250..4000 operations, fitted exponent.

    .venv/bin/python bench/bench_scale.py [--sizes 250,500,1000,2000,4000] [--repeat N]
        [--no-stripe] [--peers oapc openapi-generator | --no-peer]

Each spec has N operations over N/4 resources; every operation has a path
parameter, two query parameters, a JSON body model and a response model that
references a shared component. Prints wall seconds, peak MB (largest process and
the process tree's PSS) and leadgen's phases per size, the exponent k of time ~ size^k
(least squares on the logs; the target is k <= 1.05), and the time of the largest size
against Stripe's (588 operations, run in the same rounds; the target is at most 6).
Rounds alternate the order of the sizes; the median round per size is kept. The peers
(openapi-python-client, OpenAPI Generator; see bench_generate.py) run on the same specs right
after leadgen in each round: their wall seconds, leadgen's ratio and their own exponent.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml
from bench_generate import measure, median, oapc, openapi_generator, phases, ratio_of
from corpus import corpus

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


def run(spec: Path, tmp: Path) -> dict[str, object]:
    env = {**os.environ, "LEADGEN_CACHE_DIR": str(tmp / "cache"), "LEADGEN_PROFILE": "1"}
    result = measure([str(ROOT / ".venv" / "bin" / "leadgen"), "generate", str(spec),
                      "-o", str(tmp / "out"), "-q"], env)  # fmt: skip
    if result["rc"] != 0:
        raise SystemExit(f"{spec.name}: exit {result['rc']}\n{result['tail']}")
    result["phases"] = phases(result)
    return result


def _openapi_generator(spec: Path, out: Path) -> dict[str, object]:
    return openapi_generator(spec, out, lenient=False)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="250,500,1000,2000,4000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-stripe", action="store_true")
    parser.add_argument("--peers", nargs="*", default=["oapc", "openapi-generator"])
    parser.add_argument("--no-peer", action="store_true", help="same as --peers with none")
    args = parser.parse_args()
    peers = [] if args.no_peer else list(args.peers)
    if "openapi-generator" in peers and shutil.which("java") is None:
        print("no java on PATH: OpenAPI Generator left out")
        peers.remove("openapi-generator")
    sizes = [int(s) for s in args.sizes.split(",")]
    stripe = None if args.no_stripe else corpus().get("stripe")
    names: list[str | int] = [*sizes, *(["stripe"] if stripe else [])]
    runs: dict[str | int, list[dict[str, object]]] = {name: [] for name in names}
    peer_runs: dict[str, dict[str | int, list[dict[str, object]]]] = {
        peer: {name: [] for name in names} for peer in peers
    }
    with tempfile.TemporaryDirectory() as folder:
        specs: dict[str | int, Path] = {"stripe": stripe} if stripe else {}
        for size in sizes:
            specs[size] = Path(folder) / f"synthetic{size}.yaml"
            specs[size].write_text(yaml.safe_dump(synthetic_spec(size), sort_keys=False))
        for round_ in range(args.repeat):
            order = names if round_ % 2 == 0 else names[::-1]
            for name in order:
                with tempfile.TemporaryDirectory() as tmp:
                    runs[name].append(run(specs[name], Path(tmp)))
                    for peer in peers:
                        run_peer = oapc if peer == "oapc" else _openapi_generator
                        peer_runs[peer][name].append(run_peer(specs[name], Path(tmp)))
                done = runs[name][-1]
                print(f"{name}: {done['seconds']:.2f} s, {done['cpu_seconds']:.1f} s CPU, "
                      f"{done['peak_mb']:.0f} MB, {done['tree_mb']:.0f} MB tree, "
                      f"load {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)  # fmt: skip
        spec_kb = {name: specs[name].stat().st_size // 1024 for name in names}
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores shared)")
    print(f"{'operations':>10} {'spec KB':>8} {'wall s':>8} {'cpu s':>7} {'peak MB':>8} "
          f"{'tree MB':>8}  phases")  # fmt: skip
    kept = {name: median(runs[name]) for name in names}
    for name in names:
        r = kept[name]
        phase_text = " ".join(f"{k} {v:.2f}" for k, v in r["phases"].items())  # type: ignore[attr-defined]
        print(f"{name:>10} {spec_kb[name]:8} {r['seconds']:8.2f} {r['cpu_seconds']:7.1f} "
              f"{r['peak_mb']:8.0f} {r['tree_mb']:8.0f}  {phase_text}")  # fmt: skip
    for peer in peers:
        theirs = {name: median(peer_runs[peer][name]) for name in names}
        print(f"\n{peer}: wall s, and leadgen / {peer} (time, largest process, tree)")
        for name in names:
            t, ours = theirs[name], kept[name]
            ratios = ", ".join(ratio_of(ours, t, key) for key in ("seconds", "peak_mb", "tree_mb"))
            print(f"{name:>10} {t['seconds']:8.2f} {t['cpu_seconds']:7.1f} {t['peak_mb']:8.0f} "
                  f"{t['tree_mb']:8.0f}  rc {t['rc']}  {ratios}")  # fmt: skip
        peer_times = [float(str(theirs[s]["seconds"])) for s in sizes]
        if len(sizes) > 1 and all(theirs[s]["rc"] == 0 for s in sizes):
            print(f"{peer} fitted exponent: time {exponent(sizes, peer_times):.2f}")
    times = [float(str(kept[s]["seconds"])) for s in sizes]
    memory = [float(str(kept[s]["peak_mb"])) for s in sizes]
    if len(sizes) > 1:
        print(
            f"fitted exponent over {sizes[0]}..{sizes[-1]} operations: "
            f"time {exponent(sizes, times):.2f}, memory {exponent(sizes, memory):.2f}"
        )
    if stripe:
        ratio = times[-1] / float(str(kept["stripe"]["seconds"]))
        print(f"{sizes[-1]} operations / Stripe (588): time {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
