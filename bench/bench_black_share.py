#!/usr/bin/env python3
"""How many generated files black still has to format, per spec, and the seconds formatting takes.

    .venv/bin/python bench/bench_black_share.py [--specs stripe github kubernetes ...]
        [--shipped] [--corpus N] [--diffs DIR] [--verify]

leadgen's templates write black's final form; a file goes to black only when the cheap check
(`layout.fits_black`) refuses it. For each spec: Python files formatted, files sent to black,
and the CPU seconds of the formatting step (one process, no format cache). `--diffs DIR` writes,
for each file black changed, the unified diff between the template's text and black's, to see
which constructs are still left to black. `--verify` runs black on every file the fast path
kept as well and counts those black would change (must be 0: the tree passes `black --check`).
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import black

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus
from corpus_specs import corpus_specs
from leadgen.config import Client
from leadgen.emit import format as formatting
from leadgen.errors import LeadgenError
from leadgen.pipeline import generate_files

ROOT = Path(__file__).resolve().parents[1]


def measure(path: Path, diffs: Path | None, verify: bool = False) -> tuple[int, int, float, int]:
    """(Python files formatted, files black ran on, CPU seconds formatting took, files the fast
    path kept that black would change: with `verify`, black runs on every kept file)."""
    ran: list[tuple[str, str, str]] = []
    counted = [0, 0.0, 0]
    original = formatting._formatted

    def spy(name: str, source: str, laid_out: bool) -> tuple[str, bool]:
        started = time.process_time()
        text, black_ran = original(name, source, laid_out)
        counted[0] += 1
        counted[1] += time.process_time() - started
        if black_ran:
            ran.append((name, source, text))
        elif verify and black.format_str(text, mode=formatting.BLACK_MODE) != text:
            counted[2] += 1
            print(f"  black would change {name}", file=sys.stderr)
        return text, black_ran

    # in this process (no worker pool), so that the spy sees every file
    with patched(formatting, "_formatted", spy), patched(formatting, "_POOL_FROM_BYTES", 1 << 62):
        generate_files(Client(spec=path, package="bench_client"), lenient=True)
    if diffs is not None:
        for name, before, after in ran:
            target = diffs / path.stem / (name + ".diff")
            target.parent.mkdir(parents=True, exist_ok=True)
            lines = difflib.unified_diff(
                before.splitlines(keepends=True), after.splitlines(keepends=True), n=1
            )
            target.write_text("".join(lines), encoding="utf-8")
    return int(counted[0]), len(ran), counted[1], int(counted[2])


@contextmanager
def patched(module: object, name: str, value: object) -> Iterator[None]:
    original = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, original)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--specs", nargs="*", default=["stripe", "github", "kubernetes"])
    parser.add_argument("--shipped", action="store_true", help="the specs under specs/ too")
    parser.add_argument(
        "--corpus", type=int, metavar="N", help="every Nth corpus spec too (summed; 1: all)"
    )
    parser.add_argument("--diffs", type=Path, help="write black's changes under this folder")
    parser.add_argument(
        "--verify", action="store_true", help="run black on the files the fast path kept too"
    )
    args = parser.parse_args()
    known = corpus()
    paths = [known.get(name) or Path(name) for name in args.specs]
    if args.shipped:
        paths += sorted(p for p in (ROOT / "specs").glob("*.yaml") if not p.name.startswith("."))
    print("| spec | Python files | sent to black | share | format CPU s | kept, black differs |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for path in paths:
        print(f"{path.name} ...", file=sys.stderr, flush=True)
        total, black_ran, seconds, wrong = measure(path, args.diffs, args.verify)
        share = black_ran / total if total else 0.0
        checked = wrong if args.verify else "-"
        print(f"| {path.name} | {total} | {black_ran} | {share:.1%} | {seconds:.2f} | {checked} |",
              flush=True)  # fmt: skip
    if args.corpus:
        sums = [0, 0, 0.0, 0]
        specs = [s for s in corpus_specs() if s.status == "ok"][:: args.corpus]
        for spec in specs:
            try:
                total, black_ran, seconds, wrong = measure(spec.file, args.diffs, args.verify)
            except LeadgenError:
                continue  # a spec leadgen refuses generates nothing
            sums[0] += total
            sums[1] += black_ran
            sums[2] += seconds
            sums[3] += wrong
        share = sums[1] / sums[0] if sums[0] else 0.0
        label = f"corpus (every {args.corpus}th: {len(specs)} specs)"
        checked = sums[3] if args.verify else "-"
        print(f"| {label} | {sums[0]} | {sums[1]} | {share:.1%} | {sums[2]:.2f} | {checked} |")


if __name__ == "__main__":
    main()
