"""What the commands share: the clients to act on, their folders, diagnostics on stderr."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..config import Client, Config, load_config
from ..errors import Diagnostic, LeadgenError

__all__ = [
    "chosen_clients",
    "output_folder",
    "print_diagnostics",
    "progress_printer",
    "ref_root",
    "templates_folder",
    "templates_of",
    "usage",
]


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def progress_printer(*, quiet: bool) -> Callable[[str], None]:
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


def chosen_clients(args: argparse.Namespace) -> tuple[Config, list[Client], bool]:
    """(configuration, the clients to act on, whether that is every configured client)."""
    from dataclasses import replace

    from ..spec.paths import check_spec_path

    config = load_config(args.config)
    if args.specs:
        clients = [config.client_for(check_spec_path(text)) for text in args.specs]
    else:
        clients = list(config.clients)
    if not clients:
        raise LeadgenError([no_specs(config)])
    overrides: dict[str, Any] = {}
    if getattr(args, "no_tests", False):
        overrides["tests"] = False
    if getattr(args, "no_cli", False):
        overrides["cli"] = False
    for flag in ("package", "distribution"):
        value = getattr(args, flag, None)
        if value is not None:
            if len(clients) != 1:
                raise LeadgenError([usage(f"--{flag} names one client: give exactly one spec")])
            overrides[flag] = value
    clients = [replace(client, **overrides) for client in clients]
    check_folders(clients)
    return config, clients, not args.specs


def no_specs(config: Config) -> Diagnostic:
    if config.source is not None:
        return Diagnostic(str(config.source), None, None, "", "no clients configured",
                          "add [[tool.leadgen.clients]] with a spec, or pass a spec file")  # fmt: skip
    return usage(
        "no spec given, no configuration found and no specs/ folder here",
        "pass a spec file (leadgen generate openapi.yaml), or add [tool.leadgen] to pyproject.toml",
    )


def usage(message: str, hint: str = "") -> Diagnostic:
    return Diagnostic("leadgen", None, None, "", message, hint)


def check_folders(clients: list[Client]) -> None:
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


def output_folder(args: argparse.Namespace, config: Config) -> Path:
    """The output folder, relative to the working folder when it is inside it (for messages)."""
    output = Path(args.output) if args.output is not None else config.output
    try:
        return output.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return output


def ref_root(args: argparse.Namespace, config: Config) -> Path | None:
    """Where `$ref`s may reach: --root, else the configuration's root, else each spec's folder."""
    if getattr(args, "root", None) is not None:
        return Path(args.root).resolve()
    return config.root if config.source is not None else None


def templates_of(args: argparse.Namespace, config: Config) -> Path | None:
    return templates_folder(args.templates if args.templates is not None else config.templates)


def templates_folder(path: Path | None) -> Path | None:
    """`--templates` (or the configured `templates`) once it is known to be a folder."""
    if path is None or path.is_dir():
        return path
    message = "no such templates folder" if not path.exists() else "is not a folder"
    hint = "give a folder of .jinja templates that override leadgen's own"
    raise LeadgenError([Diagnostic(str(path), None, None, "", message, hint)])
