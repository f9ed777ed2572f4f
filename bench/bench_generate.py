#!/usr/bin/env python3
"""Time `leadgen generate` against openapi-python-client and OpenAPI Generator, in one run.

    .venv/bin/python bench/bench_generate.py [--specs shipped petstore stripe github kubernetes|all]
        [--peers oapc openapi-generator] [--no-tests] [--repeat N]

Each tool runs in a fresh process with an empty cache (after one unmeasured warm-up run,
which writes bytecode as an install would), the order of the tools rotating from
one round to the next (the median round is kept): wall and CPU seconds, the peak RSS of the
largest process, the peak PSS of the whole process tree, and the ratios leadgen / peer. The
peers are installed once into bench/.cache/peers (outside git): openapi-python-client with
its `literal_enums` switch (without it, it crashes on Stripe), and OpenAPI Generator's
`python` generator through the `openapi-generator-cli` package, which bundles the jar (it
needs `java`; without it, that peer is left out; its YAML limit is raised for the large
specs). The load average is printed per spec: on
a shared machine the ratios are the meaningful part.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus import corpus

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "bench" / ".cache" / "peers"
PACKAGES = {"oapc": "openapi-python-client==0.29.1", "openapi-generator": "openapi-generator-cli"}
COMMANDS = {"oapc": "openapi-python-client", "openapi-generator": "openapi-generator-cli"}
MEASURE = [sys.executable, str(ROOT / "bench" / "measure.py")]
# how leadgen is started: this checkout's command, or (--code DIR) another version's package
LEADGEN = [str(ROOT / ".venv" / "bin" / "leadgen")]
CODE_ENV: dict[str, str] = {}
LENIENT = {"github"}  # specs leadgen reads with --lenient (and OpenAPI Generator unvalidated)


def peer_command(peer: str) -> Path:
    exe = PEERS / "bin" / COMMANDS[peer]
    if not exe.exists():
        if not (PEERS / "bin" / "pip").exists():
            subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(PEERS / "bin" / "pip"), "install", "-q", PACKAGES[peer]], check=True)
    return exe


def measure(command: list[str], env: dict[str, str] | None = None) -> dict[str, object]:
    out = subprocess.run(MEASURE + command, capture_output=True, text=True, env=env, check=True)
    return dict(json.loads(out.stdout))


PHASE = re.compile(r"^leadgen: ([a-zA-Z0-9 .]+): ([0-9.]+) s$")
SHORT = {"loading": "load", "validating": "validate", "converting Swagger 2.0": "convert",
         "building the model": "build", "rendering": "render", "formatting": "format",
         "writing": "write"}  # fmt: skip


def installed_env() -> dict[str, str]:
    """The environment both tools run in: as installed, with Python's bytecode (and leadgen's
    compiled templates) kept (PYTHONDONTWRITEBYTECODE dropped: pip writes the bytecode of the
    peer and its dependencies at install time; leadgen's own editable checkout gets it on
    the warm-up run)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | CODE_ENV


def phases(result: dict[str, object]) -> dict[str, float]:
    found = [PHASE.match(line) for line in result.get("profile", [])]  # type: ignore[attr-defined]
    return {SHORT.get(m[1], m[1]): float(m[2]) for m in found if m}


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
    result["phases"] = phases(result)
    result["noop_seconds"] = measure(command, env)["seconds"]
    at = len(LEADGEN)
    check = [*command[:at], "check", *command[at + 1 :]]
    result["check_seconds"] = measure(check, env)["seconds"]
    return result


def oapc(spec: Path, out: Path) -> dict[str, object]:
    config = out / "config.yaml"
    config.write_text("literal_enums: true\n")
    command = [
        str(peer_command("oapc")), "generate", "--path", str(spec), "--output-path",
        str(out / "oapc"), "--meta", "none", "--config", str(config), "--overwrite",
    ]  # fmt: skip
    return measure(command, installed_env())


def openapi_generator(spec: Path, out: Path, lenient: bool) -> dict[str, object]:
    command = [
        str(peer_command("openapi-generator")), "generate", "-i", str(spec), "-g", "python",
        "-o", str(out / "openapi-generator"), *(["--skip-validate-spec"] if lenient else []),
    ]  # fmt: skip
    # its YAML reader refuses documents over 3 Mi code points (Stripe, GitHub) unless told
    return measure(command, {**installed_env(), "JAVA_OPTS": "-DmaxYamlCodePoints=99999999"})


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
    parser.add_argument("--peers", nargs="*", default=["oapc", "openapi-generator"])
    parser.add_argument("--no-peer", action="store_true", help="same as --peers with none")
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
    peers = [] if args.no_peer else list(args.peers)
    if "openapi-generator" in peers and shutil.which("java") is None:
        print("no java on PATH: OpenAPI Generator left out")
        peers.remove("openapi-generator")
    specs: list[Path] = []
    if "shipped" in wanted:
        specs += sorted(p for p in (ROOT / "specs").glob("*.yaml") if not p.name.startswith("."))
    named = {"petstore": "petstore-v3", "stripe": "stripe", "github": "github",
             "kubernetes": "kubernetes"}  # fmt: skip
    specs += [corpus()[named[n]] for n in named if n in wanted]
    with tempfile.TemporaryDirectory() as tmp:  # warm-up, not measured: as after installing
        for spec in specs[:1]:
            leadgen(spec, Path(tmp), [])
            if "oapc" in peers:
                oapc(spec, Path(tmp))
    print(f"leadgen --help: {startup():.3f} s (best of 5)")
    print(
        f"{'spec':18} {'tool':17} {'wall s':>8} {'peak MB':>8} {'tree MB':>8} {'no-op s':>8} "
        f"{'check s':>8} {'cpu s':>7} {'rc':>3}  ratio leadgen/peer: time, memory (largest "
        "process, tree)  phases"
    )
    for spec in specs:
        lenient = spec.stem in LENIENT
        tools = ["leadgen", *peers]
        runs: dict[str, list[dict[str, object]]] = {tool: [] for tool in tools}
        load = os.getloadavg()[0]
        for round_ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                shift = round_ % len(tools)
                for tool in tools[shift:] + tools[:shift]:
                    if tool == "leadgen":
                        extra = ["--no-tests"] if args.no_tests else []
                        runs[tool].append(leadgen(spec, Path(tmp), extra + ["--lenient"] * lenient))
                    elif tool == "oapc":
                        runs[tool].append(oapc(spec, Path(tmp)))
                    else:
                        runs[tool].append(openapi_generator(spec, Path(tmp), lenient))
        load = max(load, os.getloadavg()[0])
        ours = median(runs["leadgen"])
        phase_text = " ".join(f"{k} {v:.2f}" for k, v in ours["phases"].items())  # type: ignore[attr-defined]
        print(f"{spec.stem:18} {'leadgen':17} {ours['seconds']:8.2f} {ours['peak_mb']:8.0f} "
              f"{ours['tree_mb']:8.0f} {ours['noop_seconds']:8.2f} {ours['check_seconds']:8.2f} "
              f"{ours['cpu_seconds']:7.1f} {ours['rc']:>3}  loadavg {load:.1f}  {phase_text}",
              flush=True)  # fmt: skip
        for peer in peers:
            theirs = median(runs[peer])
            ratio = (
                f"{ratio_of(ours, theirs, 'seconds')}, {ratio_of(ours, theirs, 'peak_mb')}, "
                f"{ratio_of(ours, theirs, 'tree_mb')}"
            )
            print(f"{'':18} {peer:17} {theirs['seconds']:8.2f} {theirs['peak_mb']:8.0f} "
                  f"{theirs['tree_mb']:8.0f} {'':8} {'':8} {theirs['cpu_seconds']:7.1f} "
                  f"{theirs['rc']:>3}  {ratio}", flush=True)  # fmt: skip
    return 0


def ratio_of(ours: dict[str, object], theirs: dict[str, object], key: str) -> str:
    mine, peer = float(str(ours[key])), float(str(theirs[key]))
    return f"{mine / peer:.2f}" if peer else "-"


def median(runs: list[dict[str, object]]) -> dict[str, object]:
    """The run with the median wall time."""
    ordered = sorted(runs, key=lambda r: float(str(r["seconds"])))
    return ordered[len(ordered) // 2]


if __name__ == "__main__":
    raise SystemExit(main())
