#!/usr/bin/env python3
"""How many generated files black still has to format, per spec, and the seconds formatting takes.

    .venv/bin/python bench/bench_black_share.py [--specs stripe github kubernetes ...]
        [--shipped] [--corpus N] [--diffs DIR]

leadgen's templates write black's final form; a file goes to black only when the cheap check
(`layout.fits_black`) refuses it. For each spec: Python files formatted, files sent to black,
and the CPU seconds of the formatting step (one process, no format cache). `--diffs DIR` writes,
for each file black changed, the unified diff between the template's text and black's, to see
which constructs are still left to black.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus
from corpus_specs import corpus_specs
from leadgen.config import Client
from leadgen.emit import format as formatting
from leadgen.errors import LeadgenError
from leadgen.pipeline import generate_files

ROOT = Path(__file__).resolve().parents[1]


def measure(path: Path, diffs: Path | None) -> tuple[int, int, float]:
    """(Python files formatted, files black ran on, CPU seconds formatting took)."""
    ran: list[tuple[str, str, str]] = []
    counted = [0, 0.0]
    original_item = formatting._format_item
    original_all = formatting._format_all

    def spy_item(item: tuple[str, str, bool]) -> tuple[str, str, bool]:
        name, text, black_ran = original_item(item)
        if black_ran:
            ran.append((name, item[1], text))
        return name, text, black_ran

    def spy_all(todo: list[tuple[str, str, bool]]) -> list[tuple[str, str, bool]]:
        started = time.process_time()
        result = [spy_item(item) for item in todo]  # serially: the spy sees every file
        counted[0] += len(todo)
        counted[1] += time.process_time() - started
        return result

    formatting._format_all = spy_all
    try:
        generate_files(Client(spec=path, package="bench_client"), lenient=True)
    finally:
        formatting._format_all = original_all
    if diffs is not None:
        for name, before, after in ran:
            target = diffs / path.stem / (name + ".diff")
            target.parent.mkdir(parents=True, exist_ok=True)
            lines = difflib.unified_diff(
                before.splitlines(keepends=True), after.splitlines(keepends=True), n=1
            )
            target.write_text("".join(lines), encoding="utf-8")
    return int(counted[0]), len(ran), counted[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--specs", nargs="*", default=["stripe", "github", "kubernetes"])
    parser.add_argument("--shipped", action="store_true", help="the specs under specs/ too")
    parser.add_argument(
        "--corpus", type=int, metavar="N", help="every Nth corpus spec too (summed; 1: all)"
    )
    parser.add_argument("--diffs", type=Path, help="write black's changes under this folder")
    args = parser.parse_args()
    known = corpus()
    paths = [known.get(name) or Path(name) for name in args.specs]
    if args.shipped:
        paths += sorted(p for p in (ROOT / "specs").glob("*.yaml") if not p.name.startswith("."))
    print("| spec | Python files | sent to black | share | format CPU s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for path in paths:
        print(f"{path.name} ...", file=sys.stderr, flush=True)
        total, black_ran, seconds = measure(path, args.diffs)
        share = black_ran / total if total else 0.0
        print(f"| {path.name} | {total} | {black_ran} | {share:.1%} | {seconds:.2f} |", flush=True)
    if args.corpus:
        sums = [0, 0, 0.0]
        specs = [s for s in corpus_specs() if s.status == "ok"][:: args.corpus]
        for spec in specs:
            try:
                total, black_ran, seconds = measure(spec.file, args.diffs)
            except LeadgenError:
                continue  # a spec leadgen refuses generates nothing
            sums[0] += total
            sums[1] += black_ran
            sums[2] += seconds
        share = sums[1] / sums[0] if sums[0] else 0.0
        label = f"corpus (every {args.corpus}th: {len(specs)} specs)"
        print(f"| {label} | {sums[0]} | {sums[1]} | {share:.1%} | {sums[2]:.2f} |")


if __name__ == "__main__":
    main()
