"""The `leadgen` command: the only place that prints or exits.

Exit codes: 0 ok, 1 a failed check (findings, stale output, breaking diff), 2 unusable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
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


DEFAULT_OUTPUT = Path("generated")


def _generate_all(args: argparse.Namespace) -> tuple[dict[str, dict[str, str]], bool]:
    from .cache import PackageCache
    from .pipeline import generate_files

    cache = None if args.no_cache else PackageCache()
    specs = _specs_from(args.specs)
    packages: dict[str, dict[str, str]] = {}
    errors: list[Diagnostic] = []
    for path in specs:
        try:
            package, files, warnings = generate_files(path, templates=args.templates, cache=cache)
        except LeadgenError as exc:
            errors += exc.diagnostics
            continue
        _print_diagnostics(warnings)
        if package in packages:
            errors.append(
                Diagnostic(str(path), None, None, "", f"a second spec would also write package {package!r}",
                           "rename one of the spec files")
            )
        packages[package] = files
    if errors:
        raise LeadgenError(errors)
    return packages, not args.specs


def cmd_generate(args: argparse.Namespace) -> int:
    from .writer import write_output

    packages, prune = _generate_all(args)
    changed = write_output(args.output, packages, prune=prune)
    for package in sorted(packages):
        state = "updated" if package in changed else "unchanged"
        print(f"{args.output / package}: {state}")
    for package in sorted(set(changed) - set(packages)):
        print(f"{args.output / package}: removed")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .writer import diff_output

    packages, prune = _generate_all(args)
    diff = diff_output(args.output, packages, prune=prune)
    if diff:
        sys.stdout.write(diff)
        print(f"{args.output} is stale: run `leadgen generate`", file=sys.stderr)
        return 1
    print(f"{args.output} is up to date")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leadgen", description="Typed, vendorable Python clients from OpenAPI specs."
    )
    parser.add_argument("--version", action="version", version=f"leadgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check specs: structure and project lints")
    validate.add_argument("specs", nargs="*", type=Path, help="spec files (default: specs/*)")
    validate.set_defaults(run=cmd_validate)

    for name, run, text in (
        ("generate", cmd_generate, "write one client package per spec"),
        ("check", cmd_check, "exit 1 with a diff when the output is stale"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("specs", nargs="*", type=Path, help="spec files (default: specs/*)")
        sub.add_argument("--output", "-o", type=Path, default=DEFAULT_OUTPUT, help="output folder")
        sub.add_argument("--templates", type=Path, help="folder of templates that override ours")
        sub.add_argument("--no-cache", action="store_true", help="render everything again")
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
