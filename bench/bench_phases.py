#!/usr/bin/env python3
"""CPU seconds of leadgen's phases before formatting, on the large specs (and any others).

    .venv/bin/python bench/bench_phases.py [--specs stripe github kubernetes ...] [--repeat N]

Phases, in one process, each the best of `--repeat` runs: load (parse and bundle), refs
(`check_refs`), structure (`check_structure`: the quick check, or openapi-spec-validator
when it cannot vouch), structure with the validator alone (the path before the quick
check), lints (`leadgen validate` only), build (the model), render (Jinja, generated tests
and CLI included). CPU time, so that a loaded machine changes the figures less than wall
time would.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus
from leadgen.emit.render import make_environment, render_package
from leadgen.model.api import build_api
from leadgen.pipeline import as_openapi3, open_spec
from leadgen.spec import validate


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.process_time()
        result = run()
        times.append(time.process_time() - started)
    return min(times), result


def validator_alone(spec: Any) -> list[Any]:
    """`check_structure` without the quick check (as it was before it; PYTHONPATH pointing at
    an older leadgen measures that one as it is)."""
    saved = getattr(validate, "surely_valid", None)
    if saved is not None:
        validate.surely_valid = lambda data, version: False
    try:
        return validate.check_structure(spec.doc, spec.data)
    finally:
        if saved is not None:
            validate.surely_valid = saved


def phases(path: Path, repeat: int) -> dict[str, float]:
    out: dict[str, float] = {}
    out["load"], spec = best(repeat, lambda: open_spec(path, path.name))
    out["refs"], _ = best(repeat, lambda: validate.check_refs(spec.doc, spec.data))
    out["structure"], quick = best(repeat, lambda: validate.check_structure(spec.doc, spec.data))
    out["structure (validator alone)"], slow = best(1, lambda: validator_alone(spec))
    if quick != slow:
        raise SystemExit(f"{path.name}: the two structure checks disagree")
    out["lints"], _ = best(repeat, lambda: validate.lint(spec.doc, spec.data))
    data, _notes = as_openapi3(spec)
    out["build"], api = best(repeat, lambda: build_api(spec.doc, data, "bench_client"))
    env = make_environment(None)
    out["render"], _ = best(
        repeat,
        lambda: render_package(api, env, tests=True, cli=True, overrides=None, lenient_notes=None),
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--specs", nargs="+", default=["stripe", "github", "kubernetes"])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    known = corpus()
    rows = []
    for name in args.specs:
        path = known.get(name) or Path(name)
        print(f"{path.name} ...", file=sys.stderr, flush=True)
        rows.append((path.name, phases(path, args.repeat)))
    columns = list(rows[0][1])
    print("| spec | " + " | ".join(columns) + " |")
    print("| --- | " + " | ".join("---:" for _ in columns) + " |")
    for name, values in rows:
        print(f"| {name} | " + " | ".join(f"{values[c]:.2f}" for c in columns) + " |")


if __name__ == "__main__":
    main()
