"""The command-line engine behind the generated ``cli.py`` (stdlib argparse only).

``cli.py`` is a table: one ``Command`` per operation (its words, the client
resource and method, the ``Operation`` descriptor and one ``Flag`` per parameter
or top-level body field). ``Cli.main`` builds the argparse tree from it, turns
flag text into arguments through the runtime descriptors and calls the generated
``Client``, so validation, auth and retries are those of the Python API.

Exit codes: 0 success, 1 API error, 2 usage or validation error, 3 connection
failure or timeout.

The seam: ``_cli_args`` holds the command table and turns flag text into arguments;
``_cli_output`` formats what is printed; this module builds the argparse tree and runs
the command.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from ._base_client import SyncAPIClient
from ._cli_args import (
    _BODY,
    _FALSE,
    _NULL,
    _TRUE,
    Command,
    Credential,
    Flag,
    ServerVariable,
    _arguments,
    _bare,
    _field_required,
    _label,
    _metavar,
    _missing,
    _text,
    _types,
    _UsageError,
)
from ._cli_output import (
    _emit,
    _escape,
    _Formatter,
    _paragraphs,
    _report,
    _sentences,
    _verbose_hooks,
)
from ._errors import (
    APIConnectionError,
    APIStatusError,
    RequestValidationError,
    ResponseValidationError,
)
from ._types import Arr, Bool, Lit, Nullable

__all__ = [
    "EXIT_API_ERROR",
    "EXIT_CONNECTION",
    "EXIT_OK",
    "EXIT_USAGE",
    "Cli",
    "Command",
    "Credential",
    "Flag",
    "ServerVariable",
]

EXIT_OK = 0
EXIT_API_ERROR = 1
EXIT_USAGE = 2
EXIT_CONNECTION = 3

# Namespace keys of the engine's own values (see also ``_cli_args``).
_COMMAND, _PARSER = "cli:command", "cli:parser"
_GLOBAL_OPTIONS: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = (
    (("--timeout",), {"type": float, "metavar": "SECONDS", "help": "Seconds before a request times out (default: 60)."}),
    (("--max-retries",), {"type": int, "metavar": "N", "help": "Retries after a retryable failure; 0 disables (default: 2)."}),
    (("--output",), {"choices": ("json", "table"), "help": "How to print the result (default: json)."}),
    (("-v", "--verbose"), {"action": "store_true", "help": "Print each request line and response status to stderr (credentials masked)."}),
)  # fmt: skip


# --- argparse ------------------------------------------------------------------------


class _BoolFlag(argparse.Action):
    """``--flag`` or ``--flag true|false`` (``--no-flag`` is registered next to it)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        text = values if isinstance(values, str) else "true"
        if text.lower() not in _TRUE + _FALSE:
            raise argparse.ArgumentError(self, f"expected true or false, got {text!r}")
        setattr(namespace, self.dest, text.lower() in _TRUE)


def _parser(
    parent: Any, name: str, help_text: str | None, description: str
) -> argparse.ArgumentParser:
    kwargs: dict[str, Any] = {} if help_text is None else {"help": _escape(help_text)}
    parser: argparse.ArgumentParser = parent.add_parser(
        name,
        description=description,
        formatter_class=_Formatter,
        allow_abbrev=False,
        **kwargs,
    )
    return parser


def _subcommands(parser: argparse.ArgumentParser, depth: int) -> Any:
    return parser.add_subparsers(
        title="commands", metavar="COMMAND", dest=f"cli:word{depth}", required=True
    )


# --- the engine ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Cli:
    """The whole interface of one client package; ``main`` runs it."""

    prog: str
    description: str
    client: Callable[..., SyncAPIClient]
    server_url: str
    commands: tuple[Command, ...]
    groups: tuple[tuple[tuple[str, ...], str], ...] = ()
    credentials: tuple[Credential, ...] = ()
    server_variables: tuple[ServerVariable, ...] = ()
    epilog: str = ""
    base_url_help: str = ""  # replaces "default: <server_url>" when that is no default

    def main(
        self,
        argv: Sequence[str] | None = None,
        *,
        http_client: httpx.Client | None = None,
    ) -> int:
        """Run one command; returns the exit code (never raises SystemExit)."""
        try:
            parser = self.parser()
            namespace = parser.parse_args(None if argv is None else list(argv))
            return self._run(vars(namespace), http_client)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
        except KeyboardInterrupt:
            return 130

    def parser(self) -> argparse.ArgumentParser:
        """The argparse tree: one sub-command per word of each command's path."""
        root = argparse.ArgumentParser(
            prog=self.prog,
            description=_paragraphs(self.description),
            epilog=_paragraphs(self.epilog),
            formatter_class=_Formatter,
            allow_abbrev=False,
        )
        self._add_globals(root)
        groups = dict(self.groups)
        tree: dict[tuple[str, ...], Any] = {(): _subcommands(root, 0)}
        for command in self.commands:
            words = command.words
            for depth in range(1, len(words)):
                prefix = words[:depth]
                if prefix not in tree:
                    about = groups.get(prefix) or self._contents(prefix)
                    group = _parser(
                        tree[prefix[:-1]], prefix[-1], about, _paragraphs(about)
                    )
                    tree[prefix] = _subcommands(group, depth)
            op = command.operation
            summary = command.summary or f"{op.method} {op.path}"
            leaf = _parser(
                tree[words[:-1]],
                words[-1],
                summary + (" (deprecated)" if command.deprecated else ""),
                _paragraphs(
                    command.summary,
                    command.description,
                    "Deprecated." if command.deprecated else "",
                    f"{op.method} {op.path}",
                ),
            )
            self._add_flags(leaf, command)
            self._add_globals(leaf)
            leaf.set_defaults(**{_COMMAND: command, _PARSER: leaf})
        return root

    def _contents(self, prefix: tuple[str, ...]) -> str:
        """``lead update, lead delete``: the commands under a group, as its help."""
        below = [
            " ".join(c.words[len(prefix) :])
            for c in self.commands
            if c.words[: len(prefix)] == prefix
        ]
        return ", ".join(below[:4]) + (", ..." if len(below) > 4 else "")

    def _add_globals(self, parser: argparse.ArgumentParser) -> None:
        group = parser.add_argument_group("global options")
        hide = argparse.SUPPRESS
        url = self.server_url
        group.add_argument(
            "--base-url",
            metavar="URL",
            default=hide,
            help=_escape(
                self.base_url_help
                or (
                    f"Server URL (default: {url})."
                    if url.startswith(("http://", "https://"))
                    else "Server URL (required: the spec names no absolute URL)."
                )
            ),
        )
        for var in self.server_variables:
            group.add_argument(
                var.name,
                metavar=_metavar(Lit(tuple(var.choices))) if var.choices else "TEXT",
                default=hide,
                dest=f"server:{var.py_name}",
                help=_escape(_sentences([var.help, f"Default: {var.default}."])),
            )
        for cred in self.credentials:
            what = "USER:PASSWORD" if cred.basic else "TOKEN"
            group.add_argument(
                cred.name,
                metavar=what,
                default=hide,
                dest=f"credential:{cred.py_name}",
                help=_escape(_sentences([cred.help, f"Default: ${cred.env_var}."])),
            )
        for names, options in _GLOBAL_OPTIONS:
            group.add_argument(*names, default=hide, **options)

    def _add_flags(self, parser: argparse.ArgumentParser, command: Command) -> None:
        op = command.operation
        types = _types(op)
        params = {p.py_name: p for p in op.params}
        groups = {
            "param": parser.add_argument_group("parameters"),
            "field": parser.add_argument_group(
                "body fields", "Each one overrides the same key of --body."
            ),
            "body": parser.add_argument_group("request body"),
        }
        hide = argparse.SUPPRESS
        for flag in command.flags:
            t = types[flag.py_name]
            param = params.get(flag.py_name)
            group = groups["param" if param else "field"]
            dest = f"flag:{flag.py_name}"
            notes = [flag.help]
            bare = _bare(t)
            metavar = _metavar(bare.item if isinstance(bare, Arr) else bare)
            choices = bare.item if isinstance(bare, Arr) else bare
            if isinstance(choices, Lit) and metavar == "CHOICE":
                notes.append("Choices: " + ", ".join(_text(v) for v in choices.values))
            if isinstance(t, Nullable):
                notes.append(f"--null {flag.name[2:]} sends null.")
            if param is not None and param.required:
                notes.append("Required.")
            elif param is None and _field_required(op, flag.py_name):
                notes.append("Required (here or in --body).")
            if isinstance(bare, Bool):
                no = "--no-" + flag.name[2:]
                notes.append(f"{no} sends false.")
                group.add_argument(
                    flag.name,
                    action=_BoolFlag,
                    nargs="?",
                    metavar="true|false",
                    default=hide,
                    dest=dest,
                    help=_escape(_sentences(notes)),
                )
                group.add_argument(
                    no, action="store_false", default=hide, dest=dest, help=hide
                )
                continue
            if isinstance(bare, Arr):
                notes.append("Repeat the flag for each item, or give one JSON array.")
            group.add_argument(
                flag.name,
                action="append" if isinstance(bare, Arr) else "store",
                metavar=metavar,
                default=hide,
                dest=dest,
                required=param is not None and param.required,
                help=_escape(_sentences(notes)),
            )
        if op.body is not None:
            if op.body.fields is not None:
                about = "The whole body as JSON, @FILE or - (stdin); flags override its keys."
            else:
                about = (
                    f"{command.body_help} Given as JSON, @FILE or - (stdin).".lstrip()
                )
            groups["body"].add_argument(
                "--body",
                metavar="JSON|@FILE|-",
                default=hide,
                dest=_BODY,
                help=_escape(about),
            )
        if command.flags:
            groups["body"].add_argument(
                "--null",
                metavar="FLAG[.KEY]",
                action="append",
                default=hide,
                dest=_NULL,
                help="Send JSON null for FLAG, or for KEY inside the object FLAG "
                "(e.g. --null data.column); repeatable.",
            )

    # running

    def _run(self, values: dict[str, Any], http_client: httpx.Client | None) -> int:
        command: Command = values[_COMMAND]
        parser: argparse.ArgumentParser = values[_PARSER]
        try:
            args = _arguments(command, values)
            options = self._client_options(values)
        except _UsageError as exc:
            parser.error(str(exc))
        own = http_client is None
        http = httpx.Client() if http_client is None else http_client
        hooks = http.event_hooks
        try:
            try:
                client = self.client(http_client=http, **options)
            except ValueError as exc:
                parser.error(f"--base-url: {exc}")
            if values.get("verbose"):
                http.event_hooks = _verbose_hooks(client, hooks)
            call = getattr(getattr(client, command.resource), command.method)
            for name in _missing(call, args):
                parser.error(f"{_label(command, name)}: is required")
            return self._call(parser, command, client, call, args, values)
        finally:
            http.event_hooks = hooks
            if own:
                http.close()

    def _call(
        self,
        parser: argparse.ArgumentParser,
        command: Command,
        client: SyncAPIClient,
        call: Callable[..., Any],
        args: dict[str, Any],
        values: dict[str, Any],
    ) -> int:
        try:
            result = call(**args)
        except RequestValidationError as exc:
            parser.error(f"{_label(command, exc.path)}: {exc.message}")
        except APIStatusError as exc:
            _report(client, exc.response, reason=exc.response.reason_phrase)
            return EXIT_API_ERROR
        except ResponseValidationError as exc:
            error = f"the response does not match the API schema: {exc}"
            if exc.response is None:
                print(f"{self.prog}: error: {error}", file=sys.stderr)
            else:
                _report(client, exc.response, error=error)
            return EXIT_API_ERROR
        except APIConnectionError as exc:
            print(f"{self.prog}: error: {exc}", file=sys.stderr)
            return EXIT_CONNECTION
        _emit(result, values.get("output", "json"))
        return EXIT_OK

    def _client_options(self, values: dict[str, Any]) -> dict[str, Any]:
        """Client(...) keyword arguments from the global options."""
        options: dict[str, Any] = {
            "timeout": values.get("timeout", 60.0),
            "max_retries": values.get("max_retries", 2),
            # a response that breaks the schema is an error (exit 1), not a warning
            "strict_responses": True,
        }
        if "base_url" in values:
            options["base_url"] = values["base_url"]
        for var in self.server_variables:
            value = values.get(f"server:{var.py_name}")
            if value is not None:
                if var.choices and value not in var.choices:
                    allowed = ", ".join(var.choices)
                    raise _UsageError(f"{var.name}: choose from {allowed}")
                options[var.py_name] = value
        for cred in self.credentials:
            value = values.get(f"credential:{cred.py_name}")
            if cred.basic:
                value = value if value is not None else os.environ.get(cred.env_var)
                if value:
                    user, sep, password = value.partition(":")
                    if not sep:
                        raise _UsageError(f"{cred.name}: expected USER:PASSWORD")
                    options[cred.py_name] = (user, password)
            elif value is not None:
                options[cred.py_name] = value
        return options
