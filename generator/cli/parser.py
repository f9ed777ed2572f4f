"""The command line's parser: each command's arguments are added only when that command runs
(or for the full parser), so that `leadgen --help` and every command start quickly."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path

from .. import __version__

__all__ = ["COMMANDS", "build_parser"]

_DESCRIPTIONS = {
    "generate": "Generate one client package per spec into the output folder, atomically. Files "
    "you add inside a package are kept; generated files edited by hand stop the run (--force "
    "overwrites them).",
    "check": "Generate in memory and compare with the output folder: exit 0 when up to date, 1 "
    "with a unified diff (and the files edited by hand) when stale.",
    "validate": "Check specs: OpenAPI structure (openapi-spec-validator) and the project's lints, "
    "each finding at file:line:col and JSON pointer, then a one-line summary.",
    "diff": "Compare two versions of a spec (resolved models, not text): what changed, what breaks "
    "callers or deployed clients, and which generated Python names each change touches.",
    "mock": "Serve a spec as a local HTTP server: routes by its paths, validates requests, answers "
    "with its examples or bodies made from its schemas.",
    "watch": "Generate once, then regenerate a spec's package each time the spec (or a file it "
    "refers to) is saved. Ctrl-C stops.",
}
_EXAMPLES = {
    "leadgen": """examples:
  leadgen generate openapi.yaml --output clients    one spec, one package in clients/
  leadgen generate                                  every client of [tool.leadgen], or specs/*
  leadgen check                                     exit 1 when the output is stale
  leadgen diff main:openapi.yaml openapi.yaml       what a spec change breaks

Configuration: [tool.leadgen] in pyproject.toml (or leadgen.toml), found from the current folder
upward; flags override it. Exit codes: 0 ok, 1 failed check, 2 unusable input, 3 internal error
(please report it; --debug shows the traceback).""",
    "generate": """defaults: the clients of [tool.leadgen] (or every spec in specs/) into its `output`
(or generated/).

examples:
  leadgen generate openapi.yaml -o src/clients --package billing
  leadgen generate openapi.yaml --distribution acme-billing-client
  leadgen generate --config tools/leadgen.toml""",
    "check": """examples:
  leadgen check                       every configured client
  leadgen check openapi.yaml -o src/clients""",
    "watch": """examples:
  leadgen watch openapi.yaml -o clients""",
    "validate": """examples:
  leadgen validate openapi.yaml
  leadgen validate --ignore example-valid --format github""",
    "diff": """examples:
  leadgen diff old.yaml new.yaml
  leadgen diff main:specs/api.yaml specs/api.yaml --format markdown
  leadgen diff --base origin/main --fail-on ERR""",
    "mock": """defaults: 127.0.0.1, port 4010.

An operation with callbacks that is answered 2xx sends them afterwards, to loopback hosts only
(unless --callbacks-anywhere), signed with $LEADGEN_MOCK_WEBHOOK_SECRET (whsec_...) when set.

examples:
  leadgen mock openapi.yaml
  leadgen mock openapi.yaml --port 0      any free port; the URL is printed""",
}


def _client_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("specs", nargs="*", help="spec files (default: the configured clients)")
    sub.add_argument(
        "--root",
        type=Path,
        help="folder $refs may reach into (default: the configuration's, else the spec's folder)",
    )
    sub.add_argument(
        "--output", "-o", type=Path, help="output folder (default: `output`, else generated/)"
    )
    sub.add_argument(
        "--config", type=Path, help="configuration file (default: found from here upward)"
    )
    sub.add_argument(
        "--templates", type=Path, help="folder of templates that override leadgen's, by name"
    )
    sub.add_argument("--package", help="import name of the package (one spec only)")
    sub.add_argument(
        "--distribution",
        metavar="NAME",
        help="also write a pyproject.toml: a pip-installable NAME in <output>/NAME (one spec)",
    )
    sub.add_argument(
        "--no-tests", action="store_true", help="leave out the generated tests/ of each package"
    )
    sub.add_argument("--no-cli", action="store_true", help="leave out the generated command line")
    sub.add_argument(
        "--lenient",
        action="store_true",
        help="generate a spec with structural mistakes anyway, warning about each "
        "(default: strict, or `strict = false` in the configuration)",
    )
    sub.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="diagnostics as text lines on stderr (default) or JSON on stdout",
    )


def _validate_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "specs", nargs="*", help="spec files (default: the configured clients' specs, or specs/*)"
    )
    for option, what in (("--select", "report only these lints"), ("--ignore", "skip these lints")):
        sub.add_argument(
            option,
            action="append",
            metavar="RULE",
            help=f"{what} (repeatable, or comma-separated; default: `{option[2:]}` in the"
            " configuration); structure and ref-resolves are always reported",
        )
    sub.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text: one line each on stderr; json: a list on stdout;"
        " github: workflow commands (annotations) on stdout",
    )
    sub.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        help="folder $refs may reach into (default: the configuration file's folder, else each"
        " spec's own folder)",
    )


def _diff_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "specs",
        nargs="*",
        help="OLD NEW (files or REV:path); with --base: specs (default: specs/*)",
    )
    sub.add_argument(
        "--base", metavar="REV", help="compare each spec with its version at git revision REV"
    )
    sub.add_argument("--format", choices=("text", "markdown", "json", "github"), default="text")
    sub.add_argument(
        "--fail-on",
        type=str.upper,
        choices=("ERR", "WARN", "INFO"),
        help="exit 1 on findings at or above",
    )
    sub.add_argument(
        "--symbol-level",
        type=str.upper,
        choices=("ERR", "WARN", "INFO"),
        default="WARN",
        help="level of python-* findings: wire-compatible renames of generated Python names "
        "(default: WARN)",
    )
    sub.add_argument(
        "--ignore", type=Path, metavar="FILE", help="ignore file (default: specs/.diff-ignore.yaml)"
    )
    sub.add_argument("--list-rules", action="store_true", help="print the rule catalogue and exit")


def _mock_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("spec", type=Path, help="spec file")
    sub.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    sub.add_argument(
        "--port", type=int, default=4010, help="port (default: 4010; 0: any free port)"
    )
    sub.add_argument(
        "--dynamic",
        action="store_true",
        help="make bodies afresh from the schemas on each request (examples skipped)",
    )
    sub.add_argument(
        "--seed", type=int, default=None, help="start dynamic bodies from this seed (repeatable)"
    )
    sub.add_argument(
        "--callbacks-anywhere",
        action="store_true",
        help="send callbacks to any host the request names (default: loopback hosts only)",
    )


def _writing_arguments(name: str) -> Callable[[argparse.ArgumentParser], None]:
    def add(sub: argparse.ArgumentParser) -> None:
        _client_arguments(sub)
        if name != "watch":
            sub.add_argument("--no-cache", action="store_true", help="render everything again")
            sub.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
        if name == "generate":
            sub.add_argument(
                "--force",
                action="store_true",
                help="overwrite generated files edited by hand and files leadgen did not write",
            )

    return add


Command = Callable[[argparse.Namespace], int]


def _runs(module: str, function: str) -> Command:
    """The command function `function` of `module` (imported when the command runs)."""

    def run(args: argparse.Namespace) -> int:
        command: Command = getattr(importlib.import_module(module, __package__), function)
        return command(args)

    return run


# name: (one-line help, its arguments, what runs it), in the order --help lists them
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Command]] = {
    "validate": (
        "check specs: structure and project lints",
        _validate_arguments,
        _runs(".validate", "cmd_validate"),
    ),
    "diff": (
        "semantic diff of two specs: what breaks for callers and client users",
        _diff_arguments,
        _runs("..diff.command", "cmd_diff"),
    ),
    "mock": (
        "serve a spec as a mock HTTP server (until Ctrl-C)",
        _mock_arguments,
        _runs("..mock.command", "cmd_mock"),
    ),
    "generate": (
        "write one client package per spec",
        _writing_arguments("generate"),
        _runs(".generate", "cmd_generate"),
    ),
    "check": (
        "exit 1 with a diff when the output is stale",
        _writing_arguments("check"),
        _runs(".generate", "cmd_check"),
    ),
    "watch": (
        "regenerate a spec's package each time it is saved",
        _writing_arguments("watch"),
        _runs(".generate", "cmd_watch"),
    ),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with `only`, only that command gets its arguments (the
    others are listed, as --help lists them, but would not parse)."""
    parser = argparse.ArgumentParser(
        prog="leadgen",
        description="Typed, vendorable Python clients (stdlib + httpx) from OpenAPI specs.",
        epilog=_EXAMPLES["leadgen"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"leadgen {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (text, arguments, run) in COMMANDS.items():
        sub = commands.add_parser(
            name,
            help=text,
            description=_DESCRIPTIONS[name],
            epilog=_EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if only is None or only == name:
            arguments(sub)
        sub.set_defaults(run=run)
    return parser
