#!/usr/bin/env python3
"""Time `leadgen generate` against openapi-python-client on the same specs, in one run.

    .venv/bin/python bench/bench_generate.py [--specs shipped|large|all] [--no-peer]

Each tool runs in a fresh process with an empty cache; wall seconds and peak
RSS (of the process tree) are printed with the ratio leadgen / peer. The peer
is installed once into bench/.cache/peers (outside git). For the large specs
the peer runs with its `literal_enums` switch, without which it crashes on
Stripe.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus import corpus

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "bench" / ".cache" / "peers"
PEER = "openapi-python-client==0.29.1"
MEASURE = [sys.executable, str(ROOT / "bench" / "measure.py")]


def peer_command() -> Path:
    exe = PEERS / "bin" / "openapi-python-client"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(PEERS / "bin" / "pip"), "install", "-q", PEER], check=True)
    return exe


def measure(command: list[str], env: dict[str, str] | None = None) -> dict[str, object]:
    out = subprocess.run(MEASURE + command, capture_output=True, text=True, env=env, check=True)
    return dict(json.loads(out.stdout))


def leadgen(spec: Path, out: Path, extra: list[str]) -> dict[str, object]:
    env = {**os.environ, "LEADGEN_CACHE_DIR": str(out / ".cache")}
    command = [
        str(ROOT / ".venv" / "bin" / "leadgen"),
        "generate",
        str(spec),
        "-o",
        str(out / "gen"),
        *extra,
    ]
    result = measure(command, env)
    result["noop_seconds"] = measure(command, env)["seconds"]
    return result


def peer(spec: Path, out: Path) -> dict[str, object]:
    config = out / "config.yaml"
    config.write_text("literal_enums: true\n")
    command = [
        str(peer_command()), "generate", "--path", str(spec), "--output-path", str(out / "peer"),
        "--meta", "none", "--config", str(config), "--overwrite",
    ]  # fmt: skip
    return measure(command)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--specs", choices=["shipped", "large", "all"], default="all")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--no-tests", action="store_true", help="leadgen without generated tests")
    args = parser.parse_args()
    specs = []
    if args.specs in ("shipped", "all"):
        specs += sorted(p for p in (ROOT / "specs").glob("*.yaml") if not p.name.startswith("."))
    if args.specs in ("large", "all"):
        specs.append(corpus()["stripe"])
    print(
        f"{'spec':22} {'tool':8} {'wall s':>8} {'peak MB':>8} {'no-op s':>8} {'rc':>3}  ratio (leadgen/peer)"
    )
    for spec in specs:
        with tempfile.TemporaryDirectory() as tmp:
            ours = leadgen(spec, Path(tmp), ["--no-tests"] if args.no_tests else [])
            print(f"{spec.name:22} {'leadgen':8} {ours['seconds']:8.2f} {ours['peak_mb']:8.0f} "
                  f"{ours['noop_seconds']:8.2f} {ours['rc']:>3}")  # fmt: skip
            if args.no_peer:
                continue
            theirs = peer(spec, Path(tmp))
            ratio = f"time {ours['seconds'] / theirs['seconds']:.2f}, memory {ours['peak_mb'] / theirs['peak_mb']:.2f}"  # type: ignore[operator]
            print(f"{'':22} {'oapc':8} {theirs['seconds']:8.2f} {theirs['peak_mb']:8.0f} {'':8} {theirs['rc']:>3}  {ratio}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
