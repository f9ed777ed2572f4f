"""The `leadgen` command: the only place that prints or exits.

Exit codes: 0 ok, 1 a failed check (findings, stale output, breaking diff), 2 unusable input,
3 an internal error (a bug: one line, and the traceback with --debug).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .config import Client, Config, load_config
from .errors import Diagnostic, LeadgenError

__all__ = ["main"]

DEFAULT_SPECS = Path("specs")


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _specs_from(args_specs: list[Path]) -> list[Path]:
    from .pipeline import spec_paths

    return args_specs or spec_paths(DEFAULT_SPECS)


def cmd_validate(args: argparse.Namespace) -> int:
    from .config import load_config
    from .pipeline import display_path, open_spec, validate_spec
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
        findings += sum(1 for f in found if f.level == "error")
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

    from .spec.loader import check_spec_path

    config = load_config(args.config)
    if args.specs:
        clients = [config.client_for(check_spec_path(text)) for text in args.specs]
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


def _root(args: argparse.Namespace, config: Config) -> Path | None:
    """Where `$ref`s may reach: --root, else the configuration's root, else each spec's folder."""
    if getattr(args, "root", None) is not None:
        return Path(args.root).resolve()
    return config.root if config.source is not None else None


def _templates(args: argparse.Namespace, config: Config) -> Path | None:
    return _templates_folder(args.templates if args.templates is not None else config.templates)


def _templates_folder(path: Path | None) -> Path | None:
    """`--templates` (or the configured `templates`) once it is known to be a folder."""
    if path is None or path.is_dir():
        return path
    message = "no such templates folder" if not path.exists() else "is not a folder"
    hint = "give a folder of .jinja templates that override leadgen's own"
    raise LeadgenError([Diagnostic(str(path), None, None, "", message, hint)])


def _generate_all(
    args: argparse.Namespace,
) -> tuple[Path, dict[str, dict[str, str]], bool]:
    from .cache import PackageCache
    from .pipeline import generate_files

    config, clients, whole = _clients(args)
    templates = _templates(args, config)
    lenient = args.lenient or not config.strict
    cache = None if args.no_cache else PackageCache()
    progress = _progress_printer(quiet=args.quiet or args.format == "json")
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
                root=_root(args, config),
            )
        except LeadgenError as exc:
            errors += exc.diagnostics
            continue
        warnings += found
        packages[client.folder] = files
    if args.format == "json":
        print(json.dumps({"diagnostics": [d.as_json() for d in [*errors, *warnings]]}, indent=2))
    else:
        _print_diagnostics(warnings)
    if lenient:
        kinds = {d.rule or d.message for d in warnings if d.rule.startswith("lenient")}
        count = sum(1 for d in warnings if d.rule.startswith("lenient"))
        print(f"generated with {count} warning(s) ({len(kinds)} kind(s))", file=sys.stderr)
    if errors:
        if args.format == "json":
            raise LeadgenError([])
        raise LeadgenError(errors)
    return _output(args, config), packages, whole


def cmd_generate(args: argparse.Namespace) -> int:
    from .emit.writer import ProtectedFiles, write_output
    from .pipeline import stage

    output, packages, prune = _generate_all(args)
    if sys.stderr.isatty() and not args.quiet:
        print("\r\x1b[K", end="", file=sys.stderr)
    try:
        with stage("writing"):
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
        root=_root(args, config),
        lenient=args.lenient or not config.strict,
        emit=lambda s: print(s, flush=True),
    )


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


def build_parser() -> argparse.ArgumentParser:
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

    validate = commands.add_parser(
        "validate",
        help="check specs: structure and project lints",
        description=_DESCRIPTIONS["validate"],
        epilog=_EXAMPLES["validate"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
        "diff",
        help="semantic diff of two specs: what breaks for callers and client users",
        description=_DESCRIPTIONS["diff"],
        epilog=_EXAMPLES["diff"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        "--symbol-level",
        type=str.upper,
        choices=("ERR", "WARN", "INFO"),
        default="WARN",
        help="level of python-* findings: wire-compatible renames of generated Python names "
        "(default: WARN)",
    )
    diff.add_argument(
        "--ignore", type=Path, metavar="FILE", help="ignore file (default: specs/.diff-ignore.yaml)"
    )
    diff.add_argument("--list-rules", action="store_true", help="print the rule catalogue and exit")
    diff.set_defaults(run=cmd_diff)

    def cmd_mock(args: argparse.Namespace) -> int:
        from .mock.command import cmd_mock as run  # lazy: the server is only loaded when used

        return run(args)

    mock = commands.add_parser(
        "mock",
        help="serve a spec as a mock HTTP server (until Ctrl-C)",
        description=_DESCRIPTIONS["mock"],
        epilog=_EXAMPLES["mock"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
    mock.add_argument(
        "--callbacks-anywhere",
        action="store_true",
        help="send callbacks to any host the request names (default: loopback hosts only)",
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
    words = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in words  # accepted anywhere, not only before the command
    args = build_parser().parse_args([w for w in words if w != "--debug"])
    args.debug = debug
    try:
        return int(args.run(args))
    except LeadgenError as exc:
        _print_diagnostics(exc.diagnostics)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(_internal_error(args, exc), file=sys.stderr)
        return 3


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
