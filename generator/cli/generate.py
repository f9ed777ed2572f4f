"""`leadgen generate`, `check` and `watch`: the clients' packages, written or compared."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import Diagnostic, LeadgenError
from .common import (
    chosen_clients,
    output_folder,
    print_diagnostics,
    progress_printer,
    ref_root,
    templates_of,
)

__all__ = ["cmd_check", "cmd_generate", "cmd_watch"]


def _generate_all(
    args: argparse.Namespace,
) -> tuple[Path, dict[str, dict[str, str]], bool]:
    from ..cache import PackageCache
    from ..pipeline import generate_files

    config, clients, whole = chosen_clients(args)
    templates = templates_of(args, config)
    lenient = args.lenient or not config.strict
    cache = None if args.no_cache else PackageCache()
    progress = progress_printer(quiet=args.quiet or args.format == "json")
    packages: dict[str, dict[str, str]] = {}
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for client in clients:
        try:
            files, found = generate_files(
                client,
                templates=templates,
                cache=cache,
                progress=progress,
                lenient=lenient,
                root=ref_root(args, config),
            )
        except LeadgenError as exc:
            errors += exc.diagnostics
            continue
        warnings += found
        packages[client.folder] = files
    if args.format == "json":
        print(json.dumps({"diagnostics": [d.as_json() for d in [*errors, *warnings]]}, indent=2))
    else:
        print_diagnostics(warnings)
    if lenient:
        kinds = {d.rule or d.message for d in warnings if d.rule.startswith("lenient")}
        count = sum(1 for d in warnings if d.rule.startswith("lenient"))
        print(f"generated with {count} warning(s) ({len(kinds)} kind(s))", file=sys.stderr)
    if errors:
        if args.format == "json":
            raise LeadgenError([])
        raise LeadgenError(errors)
    return output_folder(args, config), packages, whole


def cmd_generate(args: argparse.Namespace) -> int:
    from ..emit.writer import ProtectedFiles, write_output
    from ..pipeline import stage

    output, packages, prune = _generate_all(args)
    if sys.stderr.isatty() and not args.quiet:
        print("\r\x1b[K", end="", file=sys.stderr)
    try:
        with stage("writing"):
            changed = write_output(output, packages, prune=prune, force=args.force)
    except ProtectedFiles as exc:
        print_diagnostics(exc.diagnostics)
        print(f"{output}: nothing written", file=sys.stderr)
        return 1
    for package in sorted(packages):
        state = "updated" if package in changed else "unchanged"
        print(f"{output / package}: {state}")
    for package in sorted(set(changed) - set(packages)):
        print(f"{output / package}: removed")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ..emit.writer import diff_output, protected_files

    output, packages, prune = _generate_all(args)
    edited = protected_files(output, packages, prune=prune)
    diff = diff_output(output, packages, prune=prune)
    if diff:
        sys.stdout.write(diff)
    print_diagnostics(edited)
    if diff or edited:
        print(f"{output} is stale: run `leadgen generate`", file=sys.stderr)
        return 1
    print(f"{output} is up to date")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from ..watch import watch

    config, clients, _ = chosen_clients(args)
    return watch(
        clients,
        output_folder(args, config),
        templates_of(args, config),
        root=ref_root(args, config),
        lenient=args.lenient or not config.strict,
        emit=lambda s: print(s, flush=True),
    )
