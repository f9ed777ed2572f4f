"""The `leadgen` command: the only place that prints or exits.

Exit codes: 0 ok, 1 a failed check (findings, stale output, breaking diff), 2 unusable input.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .config import Client, Config, load_config
from .errors import Diagnostic, LeadgenError
from .pipeline import open_spec, spec_paths, validate_spec

__all__ = ["main"]

DEFAULT_SPECS = Path("specs")


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _specs_from(args_specs: list[Path]) -> list[Path]:
    return args_specs or spec_paths(DEFAULT_SPECS)


def cmd_validate(args: argparse.Namespace) -> int:
    findings: list[Diagnostic] = []
    for path in _specs_from(args.specs):
        findings += validate_spec(open_spec(path))
    _print_diagnostics(findings)
    if findings:
        print(f"{len(findings)} finding(s)", file=sys.stderr)
        return 1
    return 0


def _progress_printer(*, quiet: bool) -> Callable[[str], None]:
    """Stage lines on stderr with the elapsed time, only for a terminal and without --quiet."""
    started = time.monotonic()

    def show(message: str) -> None:
        print(
            f"\r\x1b[K[{time.monotonic() - started:5.1f}s] {message}",
            end="",
            file=sys.stderr,
            flush=True,
        )

    def silent(_: str) -> None:
        pass

    return show if sys.stderr.isatty() and not quiet else silent


def _clients(args: argparse.Namespace) -> tuple[Config, list[Client], bool]:
    """(configuration, the clients to act on, whether that is every configured client)."""
    from dataclasses import replace

    config = load_config(args.config)
    if args.specs:
        clients = [config.client_for(path) for path in args.specs]
    else:
        clients = list(config.clients)
    if not clients:
        raise LeadgenError([_no_specs(config)])
    overrides: dict[str, Any] = {}
    if getattr(args, "no_tests", False):
        overrides["tests"] = False
    if getattr(args, "no_cli", False):
        overrides["cli"] = False
    for flag in ("package", "distribution"):
        value = getattr(args, flag, None)
        if value is not None:
            if len(clients) != 1:
                raise LeadgenError([_usage(f"--{flag} names one client: give exactly one spec")])
            overrides[flag] = value
    clients = [replace(client, **overrides) for client in clients]
    _check_folders(clients)
    return config, clients, not args.specs


def _no_specs(config: Config) -> Diagnostic:
    if config.source is not None:
        return Diagnostic(str(config.source), None, None, "", "no clients configured",
                          "add [[tool.leadgen.clients]] with a spec, or pass a spec file")  # fmt: skip
    return _usage(
        "no spec given, no configuration found and no specs/ folder here",
        "pass a spec file (leadgen generate openapi.yaml), or add [tool.leadgen] to pyproject.toml",
    )


def _usage(message: str, hint: str = "") -> Diagnostic:
    return Diagnostic("leadgen", None, None, "", message, hint)


def _check_folders(clients: list[Client]) -> None:
    seen: dict[str, Client] = {}
    for client in clients:
        other = seen.setdefault(client.folder, client)
        if other is not client:
            raise LeadgenError(
                [
                    Diagnostic(
                        str(client.spec),
                        None,
                        None,
                        "",
                        f"{other.spec} also generates {client.folder!r}",
                        "give one of them its own `package` in [tool.leadgen.clients] "
                        "(or --package), or rename one of the spec files",
                    )
                ]
            )


def _output(args: argparse.Namespace, config: Config) -> Path:
    """The output folder, relative to the working folder when it is inside it (for messages)."""
    output = Path(args.output) if args.output is not None else config.output
    try:
        return output.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return output


def _templates(args: argparse.Namespace, config: Config) -> Path | None:
    folder = args.templates if args.templates is not None else config.templates
    if folder is not None and not Path(folder).is_dir():
        raise LeadgenError(
            [_usage(f"no such templates folder: {folder}", "give a folder of .jinja overrides")]
        )
    return Path(folder) if folder is not None else None


def _generate_all(
    args: argparse.Namespace,
) -> tuple[Path, dict[str, dict[str, str]], bool]:
    from .cache import PackageCache
    from .pipeline import generate_files

    config, clients, whole = _clients(args)
    templates = _templates(args, config)
    cache = None if args.no_cache else PackageCache()
    progress = _progress_printer(quiet=args.quiet)
    packages: dict[str, dict[str, str]] = {}
    errors: list[Diagnostic] = []
    for client in clients:
        try:
            files, warnings = generate_files(
                client, templates=templates, cache=cache, progress=progress
            )
        except LeadgenError as exc:
            errors += exc.diagnostics
            continue
        _print_diagnostics(warnings)
        packages[client.folder] = files
    if errors:
        raise LeadgenError(errors)
    return _output(args, config), packages, whole


def cmd_generate(args: argparse.Namespace) -> int:
    from .emit.writer import ProtectedFiles, write_output

    output, packages, prune = _generate_all(args)
    if sys.stderr.isatty() and not args.quiet:
        print("\r\x1b[K", end="", file=sys.stderr)
    try:
        changed = write_output(output, packages, prune=prune, force=args.force)
    except ProtectedFiles as exc:
        _print_diagnostics(exc.diagnostics)
        print(f"{output}: nothing written", file=sys.stderr)
        return 1
    for package in sorted(packages):
        state = "updated" if package in changed else "unchanged"
        print(f"{output / package}: {state}")
    for package in sorted(set(changed) - set(packages)):
        print(f"{output / package}: removed")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .emit.writer import diff_output, protected_files

    output, packages, prune = _generate_all(args)
    edited = protected_files(output, packages, prune=prune)
    diff = diff_output(output, packages, prune=prune)
    if diff:
        sys.stdout.write(diff)
    _print_diagnostics(edited)
    if diff or edited:
        print(f"{output} is stale: run `leadgen generate`", file=sys.stderr)
        return 1
    print(f"{output} is up to date")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from .watch import watch

    config, clients, _ = _clients(args)
    return watch(
        clients,
        _output(args, config),
        _templates(args, config),
        emit=lambda s: print(s, flush=True),
    )


_DESCRIPTIONS = {
    "generate": "Generate one client package per spec into the output folder, atomically. Files "
    "you add inside a package are kept; generated files edited by hand stop the run (--force "
    "overwrites them).",
    "check": "Generate in memory and compare with the output folder: exit 0 when up to date, 1 "
    "with a unified diff (and the files edited by hand) when stale.",
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
upward; flags override it. Exit codes: 0 ok, 1 failed check, 2 unusable input.""",
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
}


def _client_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "specs", nargs="*", type=Path, help="spec files (default: the configured clients)"
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leadgen",
        description="Typed, vendorable Python clients (stdlib + httpx) from OpenAPI specs.",
        epilog=_EXAMPLES["leadgen"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"leadgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check specs: structure and project lints")
    validate.add_argument("specs", nargs="*", type=Path, help="spec files (default: specs/*)")
    validate.set_defaults(run=cmd_validate)

    def cmd_diff(args: argparse.Namespace) -> int:
        from .diff.command import cmd_diff as run  # lazy: only loaded when used

        return run(args)

    diff = commands.add_parser(
        "diff", help="semantic diff of two specs: what breaks for callers and client users"
    )
    diff.add_argument(
        "specs",
        nargs="*",
        help="OLD NEW (files or REV:path); with --base: specs (default: specs/*)",
    )
    diff.add_argument(
        "--base", metavar="REV", help="compare each spec with its version at git revision REV"
    )
    diff.add_argument("--format", choices=("text", "markdown", "json", "github"), default="text")
    diff.add_argument(
        "--fail-on",
        type=str.upper,
        choices=("ERR", "WARN", "INFO"),
        help="exit 1 on findings at or above",
    )
    diff.add_argument(
        "--ignore", type=Path, metavar="FILE", help="ignore file (default: specs/.diff-ignore.yaml)"
    )
    diff.add_argument("--list-rules", action="store_true", help="print the rule catalogue and exit")
    diff.set_defaults(run=cmd_diff)

    def cmd_mock(args: argparse.Namespace) -> int:
        from .mock.command import cmd_mock as run  # lazy: the server is only loaded when used

        return run(args)

    mock = commands.add_parser("mock", help="serve a spec as a mock HTTP server (until Ctrl-C)")
    mock.add_argument("spec", type=Path, help="spec file")
    mock.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    mock.add_argument(
        "--port", type=int, default=4010, help="port (default: 4010; 0: any free port)"
    )
    mock.add_argument(
        "--dynamic",
        action="store_true",
        help="make bodies afresh from the schemas on each request (examples skipped)",
    )
    mock.add_argument(
        "--seed", type=int, default=None, help="start dynamic bodies from this seed (repeatable)"
    )
    mock.set_defaults(run=cmd_mock)

    for name, run, text in (
        ("generate", cmd_generate, "write one client package per spec"),
        ("check", cmd_check, "exit 1 with a diff when the output is stale"),
        ("watch", cmd_watch, "regenerate a spec's package each time it is saved"),
    ):
        sub = commands.add_parser(
            name,
            help=text,
            description=_DESCRIPTIONS[name],
            epilog=_EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
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
        sub.set_defaults(run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except LeadgenError as exc:
        _print_diagnostics(exc.diagnostics)
        return 2
    except KeyboardInterrupt:
        return 130
