#!/usr/bin/env python3
"""Time `leadgen generate` against openapi-python-client on the same specs, in one run.

    .venv/bin/python bench/bench_generate.py [--specs shipped petstore stripe github kubernetes|all]
        [--no-peer] [--no-tests] [--repeat N]

Each tool runs in a fresh process with an empty cache (after one unmeasured warm-up
run, which writes bytecode as an install would); wall seconds and peak
RSS (of the process tree) are printed with the ratio leadgen / peer. The peer
is installed once into bench/.cache/peers (outside git). For the large specs
the peer runs with its `literal_enums` switch, without which it crashes on
Stripe.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus import corpus

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "bench" / ".cache" / "peers"
PEER = "openapi-python-client==0.29.1"
MEASURE = [sys.executable, str(ROOT / "bench" / "measure.py")]
# how leadgen is started: this checkout's command, or (--code DIR) another version's package
LEADGEN = [str(ROOT / ".venv" / "bin" / "leadgen")]
CODE_ENV: dict[str, str] = {}


def peer_command() -> Path:
    exe = PEERS / "bin" / "openapi-python-client"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(PEERS / "bin" / "pip"), "install", "-q", PEER], check=True)
    return exe


def measure(command: list[str], env: dict[str, str] | None = None) -> dict[str, object]:
    out = subprocess.run(MEASURE + command, capture_output=True, text=True, env=env, check=True)
    return dict(json.loads(out.stdout))


PHASE = re.compile(r"^leadgen: ([a-zA-Z0-9 .]+): ([0-9.]+) s$", re.MULTILINE)
SHORT = {"loading": "load", "validating": "validate", "converting Swagger 2.0": "convert",
         "building the model": "build", "rendering": "render", "formatting": "format",
         "writing": "write"}  # fmt: skip


def installed_env() -> dict[str, str]:
    """The environment both tools run in: as installed, with Python's bytecode (and leadgen's
    compiled templates) kept (PYTHONDONTWRITEBYTECODE dropped: pip writes the bytecode of the
    peer and its dependencies at install time; leadgen's own editable checkout gets it on
    the warm-up run)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | CODE_ENV


def leadgen(spec: Path, out: Path, extra: list[str]) -> dict[str, object]:
    env = {**installed_env(), "LEADGEN_CACHE_DIR": str(out / ".cache"), "LEADGEN_PROFILE": "1"}
    command = [
        *LEADGEN,
        "generate",
        str(spec),
        "-o",
        str(out / "gen"),
        *extra,
    ]
    result = measure(command, env)
    result["phases"] = {SHORT.get(k, k): float(v) for k, v in PHASE.findall(str(result["tail"]))}
    result["noop_seconds"] = measure(command, env)["seconds"]
    at = len(LEADGEN)
    check = [*command[:at], "check", *command[at + 1 :]]
    result["check_seconds"] = measure(check, env)["seconds"]
    return result


def peer(spec: Path, out: Path) -> dict[str, object]:
    config = out / "config.yaml"
    config.write_text("literal_enums: true\n")
    command = [
        str(peer_command()), "generate", "--path", str(spec), "--output-path", str(out / "peer"),
        "--meta", "none", "--config", str(config), "--overwrite",
    ]  # fmt: skip
    return measure(command, installed_env())


def startup() -> float:
    """Best of five `leadgen --help`, in seconds."""
    command = [*LEADGEN, "--help"]
    return min(float(str(measure(command, installed_env())["seconds"])) for _ in range(5))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--specs",
        nargs="+",
        default=["shipped", "petstore", "stripe"],
        help="shipped, petstore, stripe, github, kubernetes, all (the large ones take minutes)",
    )
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--no-tests", action="store_true", help="leadgen without generated tests")
    parser.add_argument("--repeat", type=int, default=1, help="rounds per spec (median kept)")
    parser.add_argument(
        "--code",
        type=Path,
        metavar="DIR",
        help="run the `leadgen` package in DIR (e.g. an earlier version's generator/ copied to "
        "DIR/leadgen, its templates/ to DIR/leadgen/templates) with this checkout's Python",
    )
    args = parser.parse_args()
    if args.code is not None:
        LEADGEN[:] = [sys.executable, "-m", "leadgen"]
        CODE_ENV["PYTHONPATH"] = str(args.code.resolve())
    wanted = set(args.specs)
    if "all" in wanted:
        wanted = {"shipped", "petstore", "stripe", "github", "kubernetes"}
    specs: list[Path] = []
    if "shipped" in wanted:
        specs += sorted(p for p in (ROOT / "specs").glob("*.yaml") if not p.name.startswith("."))
    named = {"petstore": "petstore-v3", "stripe": "stripe", "github": "github",
             "kubernetes": "kubernetes"}  # fmt: skip
    specs += [corpus()[named[n]] for n in named if n in wanted]
    with tempfile.TemporaryDirectory() as tmp:  # warm-up, not measured: as after installing
        for spec in specs[:1]:
            leadgen(spec, Path(tmp), [])
            if not args.no_peer:
                peer(spec, Path(tmp))
    print(f"leadgen --help: {startup():.3f} s (best of 5)")
    print(
        f"{'spec':18} {'tool':8} {'wall s':>8} {'peak MB':>8} {'no-op s':>8} {'check s':>8} "
        f"{'cpu s':>7} {'rc':>3}  ratio (leadgen/peer)  phases"
    )
    for spec in specs:
        ours_runs: list[dict[str, object]] = []
        theirs_runs: list[dict[str, object]] = []
        for round_ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                order = ["leadgen", "peer"] if round_ % 2 == 0 else ["peer", "leadgen"]
                for tool in order:
                    if tool == "leadgen":
                        extra = ["--no-tests"] if args.no_tests else []
                        ours_runs.append(leadgen(spec, Path(tmp), extra))
                    elif not args.no_peer:
                        theirs_runs.append(peer(spec, Path(tmp)))
        ours = median(ours_runs)
        phases = " ".join(f"{k} {v:.2f}" for k, v in ours["phases"].items())  # type: ignore[attr-defined]
        print(f"{spec.stem:18} {'leadgen':8} {ours['seconds']:8.2f} {ours['peak_mb']:8.0f} "
              f"{ours['noop_seconds']:8.2f} {ours['check_seconds']:8.2f} "
              f"{ours['cpu_seconds']:7.2f} {ours['rc']:>3}  "
              f"{'':20}  {phases}", flush=True)  # fmt: skip
        if not theirs_runs:
            continue
        theirs = median(theirs_runs)
        ratio = f"time {ours['seconds'] / theirs['seconds']:.2f}, memory {ours['peak_mb'] / theirs['peak_mb']:.2f}"  # type: ignore[operator]
        print(f"{'':18} {'oapc':8} {theirs['seconds']:8.2f} {theirs['peak_mb']:8.0f} {'':8} {'':8} {theirs['cpu_seconds']:7.2f} {theirs['rc']:>3}  {ratio}", flush=True)  # fmt: skip
    return 0


def median(runs: list[dict[str, object]]) -> dict[str, object]:
    """The run with the median wall time."""
    ordered = sorted(runs, key=lambda r: float(str(r["seconds"])))
    return ordered[len(ordered) // 2]


if __name__ == "__main__":
    raise SystemExit(main())
