"""The `leadgen` command: the only place that prints or exits.

Exit codes: 0 ok, 1 a failed check (findings, stale output, breaking diff), 2 unusable input,
3 an internal error (a bug: one line, and the traceback with --debug).

Each command lives in a module of its own, imported when it runs: `leadgen --help` and the
quick paths (an unchanged spec) load none of the libraries that generating needs.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from ..errors import LeadgenError
from .common import print_diagnostics
from .parser import COMMANDS, build_parser

__all__ = ["build_parser", "entry", "main"]

_LONG_RUNNING = ("mock", "watch")


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in words  # accepted anywhere, not only before the command
    words = [w for w in words if w != "--debug"]
    args = build_parser(_command_in(words)).parse_args(words)
    args.debug = debug
    try:
        return int(args.run(args))
    except LeadgenError as exc:
        print_diagnostics(exc.diagnostics)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(_internal_error(args, exc), file=sys.stderr)
        return 3


def entry() -> NoReturn:
    """The `leadgen` command: `main`, then an exit that skips tearing the interpreter down
    (freeing every imported module's objects one by one costs a tenth of a small generate).

    The output is flushed first; leadgen registers no exit handlers and leaves no thread
    running, and its files are closed by then. An exception (with --debug) or a SystemExit
    (usage errors, --help) leaves the ordinary way.

    The garbage collector runs less often than Python's default, but for the commands that
    run until stopped (`mock`, `watch`): a run builds objects that live to its end (modules,
    the spec, the model) and few cycles, so frequent collections walk the same objects again
    and again (a twentieth of a small generate, a tenth of Stripe's; its peak memory stays
    within a few percent)."""
    if _command_in(sys.argv[1:]) not in _LONG_RUNNING:
        gc.set_threshold(100_000, 50, 1000)
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said
            pass
    os._exit(code)


def _command_in(words: list[str]) -> str | None:
    """The command named on the command line ("" for none, None when the first word is not a
    command): only its arguments need adding to the parser."""
    first = next((w for w in words if not w.startswith("-")), "")
    return first if first in COMMANDS or not first else None


def _internal_error(args: argparse.Namespace, exc: BaseException) -> str:
    """One line naming the spec(s), the stage and the error, and what to do."""
    specs = [str(s) for s in (getattr(args, "specs", None) or [])]
    spec = getattr(args, "spec", None)
    where = ", ".join(specs or ([str(spec)] if spec else ["the configured specs"]))
    stage = _stage_of(exc)
    return (
        f"leadgen {args.command}: {where}: internal error while {stage}: "
        f"{type(exc).__name__}: {exc} (please report this, with the spec; --debug shows the "
        "traceback)"
    ).replace("\n", " ")


_STAGES = (
    ("leadgen.spec.loader", "loading"),
    ("leadgen.spec.refs", "resolving $refs"),
    ("leadgen.spec.validate", "validating"),
    ("leadgen.spec.swagger2", "converting Swagger 2.0"),
    ("leadgen.model", "building the model"),
    ("leadgen.examples", "making example values"),
    ("leadgen.testgen", "rendering the tests"),
    ("leadgen.emit.format", "formatting"),
    ("leadgen.emit.writer", "writing"),
    ("leadgen.emit", "rendering"),
    ("leadgen.diff", "diffing"),
    ("leadgen.mock", "serving"),
)


def _stage_of(exc: BaseException) -> str:
    """The stage the pipeline marked, else that of the innermost leadgen frame."""
    marked = getattr(exc, "leadgen_stage", None)
    if isinstance(marked, str):
        return marked
    stage = "running"
    tb = exc.__traceback__
    while tb is not None:
        module = str(tb.tb_frame.f_globals.get("__name__", ""))
        for prefix, name in _STAGES:
            if module == prefix or module.startswith(prefix + "."):
                stage = name
                break
        tb = tb.tb_next
    return stage
