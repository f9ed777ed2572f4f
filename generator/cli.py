"""The `leadgen` command: the only place that prints or exits.

Exit codes: 0 ok, 1 a failed check (findings, stale output, breaking diff), 2 unusable input.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
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
    from .config import load_config
    from .pipeline import display_path
    from .spec.validate import is_selected

    config = load_config(getattr(args, "config", None))
    root = args.root or (config.root if config.source else None)
    if root is not None and not root.is_dir():
        where, what = (str(root), "--root") if args.root else (str(config.source), "root")
        message = f"{what}: no such folder" + ("" if args.root else f" ({root})")
        raise LeadgenError([Diagnostic(where, None, None, "", message)])
    select = _rules(args.select, "--select", config.select, config.source, "select")
    ignore = _rules(args.ignore, "--ignore", config.ignore, config.source, "ignore")
    # as typed: pathlib would turn a URL's `//` into `/`
    specs: list[tuple[str | Path, str]] = [(text, text) for text in args.specs]
    specs = specs or [(c.spec, display_path(c.spec)) for c in config.clients]
    if not specs:
        where = str(config.source) if config.source else "specs"
        message = "no specs given and none configured"
        hint = "pass a spec file or add [tool.leadgen] clients"
        raise LeadgenError([Diagnostic(where, None, None, "", message, hint)])
    reported: list[Diagnostic] = []
    findings = unusable = 0
    for path, display in specs:
        try:
            spec = open_spec(path, display, root=root)
        except LeadgenError as exc:
            reported += exc.diagnostics
            unusable += 1
            continue
        found = [f for f in validate_spec(spec) if is_selected(f, select, ignore)]
        reported += found
        findings += len(found)
    if args.format == "json":
        print(json.dumps([d.as_json() for d in reported], indent=2, ensure_ascii=False))
    elif args.format == "github":
        for diagnostic in reported:
            print(diagnostic.workflow_command())
    else:
        _print_diagnostics(reported)
    rules = {d.rule for d in reported if d.rule}
    print(_validate_summary(len(specs), unusable, findings, len(rules)), file=sys.stderr)
    return 2 if unusable else 1 if findings else 0


def _rules(
    given: list[str] | None,
    option: str,
    configured: tuple[str, ...],
    source: Path | None,
    key: str,
) -> frozenset[str]:
    """Rule names from the command line (comma lists, repeatable), else from the configuration."""
    from .spec.validate import rule_name_problem

    if given is None:
        names = [n.strip() for entry in configured for n in entry.split(",") if n.strip()]
        where = str(source) if source else "configuration"
        prefix = f"{'tool.leadgen.' if source and source.name == 'pyproject.toml' else ''}{key}"
    else:
        names = [n.strip() for entry in given for n in entry.split(",") if n.strip()]
        where, prefix = "command line", option
    problems = []
    for name in names:
        problem = rule_name_problem(name)
        if problem is not None:
            message, hint = problem
            problems.append(Diagnostic(where, None, None, "", f"{prefix}: {message}", hint))
    if problems:
        raise LeadgenError(problems)
    return frozenset(names)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _validate_summary(specs: int, unusable: int, findings: int, rules: int) -> str:
    """`3 specs, 0 findings`, `1 spec, 4 findings (2 rules)`, `2 specs (1 unusable), 0 findings`."""
    text = _plural(specs, "spec") + (f" ({unusable} unusable)" if unusable else "")
    text += ", " + _plural(findings, "finding")
    return text + (f" ({_plural(rules, 'rule')})" if findings else "")


DEFAULT_OUTPUT = Path("generated")


def _templates_folder(path: Path | None) -> Path | None:
    """`--templates` (or the configured `templates`) once it is known to be a folder."""
    if path is None or path.is_dir():
        return path
    message = "no such templates folder" if not path.exists() else "is not a folder"
    hint = "give a folder of .jinja templates that override leadgen's own"
    raise LeadgenError([Diagnostic(str(path), None, None, "", message, hint)])


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


def _generate_all(args: argparse.Namespace) -> tuple[dict[str, dict[str, str]], bool]:
    from .cache import PackageCache
    from .pipeline import generate_files

    cache = None if args.no_cache else PackageCache()
    specs = _specs_from(args.specs)
    progress = _progress_printer(quiet=args.quiet)
    packages: dict[str, dict[str, str]] = {}
    errors: list[Diagnostic] = []
    for path in specs:
        try:
            package, files, warnings = generate_files(
                path,
                templates=args.templates,
                cache=cache,
                progress=progress,
                tests=not args.no_tests,
            )
        except LeadgenError as exc:
            errors += exc.diagnostics
            continue
        _print_diagnostics(warnings)
        if package in packages:
            errors.append(
                Diagnostic(
                    str(path),
                    None,
                    None,
                    "",
                    f"a second spec would also write package {package!r}",
                    "rename one of the spec files",
                )
            )
        packages[package] = files
    if errors:
        raise LeadgenError(errors)
    return packages, not args.specs


def cmd_generate(args: argparse.Namespace) -> int:
    from .emit.writer import write_output

    packages, prune = _generate_all(args)
    if sys.stderr.isatty() and not args.quiet:
        print("\r\x1b[K", end="", file=sys.stderr)
    changed = write_output(args.output, packages, prune=prune)
    for package in sorted(packages):
        state = "updated" if package in changed else "unchanged"
        print(f"{args.output / package}: {state}")
    for package in sorted(set(changed) - set(packages)):
        print(f"{args.output / package}: removed")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .emit.writer import diff_output

    packages, prune = _generate_all(args)
    diff = diff_output(args.output, packages, prune=prune)
    if diff:
        sys.stdout.write(diff)
        print(f"{args.output} is stale: run `leadgen generate`", file=sys.stderr)
        return 1
    print(f"{args.output} is up to date")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from .watch import watch

    return watch(
        _specs_from(args.specs), args.output, args.templates, emit=lambda s: print(s, flush=True)
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leadgen", description="Typed, vendorable Python clients from OpenAPI specs."
    )
    parser.add_argument("--version", action="version", version=f"leadgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check specs: structure and project lints")
    validate.add_argument(
        "specs", nargs="*", help="spec files (default: the configured clients' specs, or specs/*)"
    )
    for option, what in (("--select", "report only these lints"), ("--ignore", "skip these lints")):
        validate.add_argument(
            option,
            action="append",
            metavar="RULE",
            help=f"{what} (repeatable, or comma-separated; default: `{option[2:]}` in the"
            " configuration); structure and ref-resolves are always reported",
        )
    validate.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text: one line each on stderr; json: a list on stdout;"
        " github: workflow commands (annotations) on stdout",
    )
    validate.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        help="folder $refs may reach into (default: the configuration file's folder, else each"
        " spec's own folder)",
    )
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
    mock.set_defaults(run=cmd_mock)

    for name, run, text in (
        ("generate", cmd_generate, "write one client package per spec"),
        ("check", cmd_check, "exit 1 with a diff when the output is stale"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("specs", nargs="*", type=Path, help="spec files (default: specs/*)")
        sub.add_argument("--output", "-o", type=Path, default=DEFAULT_OUTPUT, help="output folder")
        sub.add_argument("--templates", type=Path, help="folder of templates that override ours")
        sub.add_argument("--no-cache", action="store_true", help="render everything again")
        sub.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
        sub.add_argument(
            "--no-tests", action="store_true", help="leave out the generated tests/ of each package"
        )
        sub.set_defaults(run=run)

    watch = commands.add_parser("watch", help="regenerate a spec's package each time it is saved")
    watch.add_argument("specs", nargs="*", type=Path, help="spec files (default: specs/*)")
    watch.add_argument("--output", "-o", type=Path, default=DEFAULT_OUTPUT, help="output folder")
    watch.add_argument("--templates", type=Path, help="folder of templates that override ours")
    watch.set_defaults(run=cmd_watch)
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
