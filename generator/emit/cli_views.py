"""IR -> the view of the generated command-line interface: `cli.py` and the README examples.

Command paths come with the model (`Operation.cli_words`, see `model.cli_names`).

Flags: one per parameter and per top-level body field, named from the wire name in kebab
case (`platformIds` -> `--platform-ids`). A name the global options already use gets the
parameter location or `body-` in front (`--query-timeout`, `--body-timeout`), then a number.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..examples.samples import Samples
from ..model.cli_names import resource_word
from ..model.ir import (
    AliasRef,
    Api,
    ArrayType,
    LiteralType,
    ModelDef,
    ModelRef,
    Nullable,
    Operation,
    Primitive,
    Resource,
    TypeExpr,
)
from ..model.naming import kebab
from .servers import host_variables, server_is_default, works_without_base_url
from .views import describe, op_constant

__all__ = [
    "GLOBAL_FLAGS",
    "CliView",
    "CommandView",
    "CredentialView",
    "FlagView",
    "VariableView",
    "cli_view",
]

# Long options every command has (see templates/runtime/_cli.py.jinja).
GLOBAL_FLAGS = frozenset(
    {"help", "base-url", "timeout", "max-retries", "output", "verbose", "body", "null"}
)


@dataclass(frozen=True, slots=True)
class FlagView:
    """One flag of a command: a parameter or a top-level body field."""

    name: str  # "--prospect-id"
    py_name: str
    help: str


@dataclass(frozen=True, slots=True)
class CommandView:
    """One command: an operation and its flags."""

    words: tuple[str, ...]
    resource: Resource
    op: Operation
    module_alias: str  # the resource module as imported by cli.py
    constant: str  # its Operation descriptor
    flags: tuple[FlagView, ...]
    body_help: str
    example: str  # a shell command for the README


@dataclass(frozen=True, slots=True)
class CredentialView:
    """The global option of one security scheme."""

    name: str  # "--token"
    py_name: str  # the Client argument
    env_var: str  # its default
    basic: bool  # given as USER:PASSWORD
    help: str


@dataclass(frozen=True, slots=True)
class VariableView:
    """The global option of one server URL variable."""

    name: str  # "--region"
    py_name: str  # the Client argument
    default: str
    choices: tuple[str, ...]
    help: str


@dataclass(frozen=True, slots=True)
class CliView:
    """What `package/cli.py.jinja` renders, and what the package README shows of the CLI."""

    api: Api
    prog: str
    description: str
    epilog: str
    commands: tuple[CommandView, ...]  # sorted by their words
    groups: tuple[tuple[tuple[str, ...], str], ...]  # (words, help) of each group of commands
    credentials: tuple[CredentialView, ...]
    server_variables: tuple[VariableView, ...]
    resource_modules: tuple[tuple[str, str], ...]  # (module, alias) imported by cli.py
    cli_usage: Mapping[str, str]  # operation id -> example shell command
    base_url_help: str  # "" when the spec's server URL is the default of --base-url


def _bare(t: TypeExpr) -> TypeExpr:
    while isinstance(t, (Nullable, AliasRef)):
        t = t.inner if isinstance(t, Nullable) else t.target
    return t


def _is_bool(t: TypeExpr) -> bool:
    bare = _bare(t)
    return isinstance(bare, Primitive) and bare.kind == "bool"


class _Flags:
    """Unique long option names (without `--`) within one parser."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = set(taken)

    def claim(self, candidates: list[str], boolean: bool = False) -> str:
        def free(name: str) -> bool:
            return name not in self.taken and not (boolean and f"no-{name}" in self.taken)

        name = next((c for c in candidates if free(c)), None)
        n = 1
        while name is None:
            n += 1
            name = f"{candidates[0]}-{n}" if free(f"{candidates[0]}-{n}") else None
        self.taken.add(name)
        if boolean:
            self.taken.add(f"no-{name}")
        return name


def _global_flags(api: Api) -> tuple[_Flags, list[CredentialView], list[VariableView]]:
    flags = _Flags(set(GLOBAL_FLAGS))
    credentials = []
    for scheme in api.schemes:
        name = flags.claim([kebab(scheme.arg_name)])
        what = "Username and password" if scheme.kind == "basic" else "Credential"
        about = " ".join(scheme.description.split())
        credentials.append(
            CredentialView(
                name="--" + name,
                py_name=scheme.arg_name,
                env_var=scheme.env_var,
                basic=scheme.kind == "basic",
                help=f"{what} for {scheme.key!r}" + (f": {about}" if about else ""),
            )
        )
    variables = []
    for var in api.server_variables:
        name = flags.claim([kebab(var.wire_name) or "server", f"server-{kebab(var.wire_name)}"])
        variables.append(
            VariableView(
                name="--" + name,
                py_name=var.py_name,
                default=var.default,
                choices=var.enum,
                help=" ".join(var.description.split()) or f"Server URL variable {var.wire_name}",
            )
        )
    return flags, credentials, variables


def _command(
    api: Api, resource: Resource, op: Operation, taken: _Flags, alias: str, samples: Samples
) -> CommandView:
    flags = _Flags(taken.taken)
    views = []
    for param in op.parameters:
        base = kebab(param.wire_name) or kebab(param.py_name)
        name = flags.claim([base, f"{param.location}-{base}"], _is_bool(param.type))
        views.append(
            FlagView(
                "--" + name,
                param.py_name,
                _help(
                    param.description, param.type, param.default, param.has_default, samples.models
                ),
            )
        )
    body_help = ""
    if op.body is not None and op.body.fields is None:
        body_help = describe(op.body.description or "The request body.", op.body.type)
    if op.body is not None:
        for prop in op.body.fields or ():
            base = kebab(prop.wire_name) or kebab(prop.py_name)
            name = flags.claim([base, f"body-{base}"], _is_bool(prop.type))
            views.append(
                FlagView(
                    "--" + name,
                    prop.py_name,
                    _help(
                        prop.description, prop.type, prop.default, prop.has_default, samples.models
                    ),
                )
            )
    return CommandView(
        words=op.cli_words,
        resource=resource,
        op=op,
        module_alias=alias,
        constant=op_constant(op),
        flags=tuple(views),
        body_help=body_help,
        example=_example(api, op, views, samples),
    )


def _keys(t: TypeExpr, models: dict[str, ModelDef]) -> str:
    """`Keys: a (required), b.` for an object flag (or an array of objects), else ""."""
    bare = _bare(t)
    if isinstance(bare, ArrayType):
        bare = _bare(bare.item)
    model = models.get(bare.name) if isinstance(bare, ModelRef) else None
    if model is None:
        return ""
    keys = [
        p.wire_name + (" (required)" if p.required else "")
        for p in model.properties
        if not p.read_only
    ]
    return f"Keys: {', '.join(keys)}." if keys else ""


def _help(
    description: str, t: TypeExpr, default: Any, has_default: bool, models: dict[str, ModelDef]
) -> str:
    return " ".join(
        part for part in (describe(description, t, default, has_default), _keys(t, models)) if part
    )


def _flag_args(name: str, t: TypeExpr, value: Any) -> list[str]:
    """Shell words that give `value` (JSON) to the flag `name` of type `t`."""
    if value is None:
        return ["--null", name[2:]]
    bare = _bare(t)
    if _is_bool(t) and isinstance(value, bool):
        return [name] if value else ["--no-" + name[2:]]
    if isinstance(bare, ArrayType) and isinstance(value, list) and value:
        item = _bare(bare.item)
        if isinstance(item, (Primitive, LiteralType)) and not isinstance(value[0], (dict, list)):
            return [arg for v in value for arg in (name, _scalar_text(v))]
    scalar = isinstance(bare, LiteralType) or (isinstance(bare, Primitive) and bare.kind != "any")
    if scalar and not isinstance(value, (dict, list)):
        return [name, _scalar_text(value)]
    return [name, json.dumps(value, ensure_ascii=False)]


def _scalar_text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _example(api: Api, op: Operation, flags: list[FlagView], samples: Samples) -> str:
    """`python -m <package> <words> --flag value ...` with the spec's example values."""
    by_py = {f.py_name: f.name for f in flags}
    argv = ["python", "-m", api.package, *op.cli_words]
    for param in op.parameters:
        if param.call_required:
            value = param.examples[0].value if param.examples else samples.value(param.type)
            argv += _flag_args(by_py[param.py_name], param.type, value)
    body = op.body
    if body is not None:
        example = body.examples[0].value if body.examples else None
        if body.fields is None:
            if body.required or example is not None:
                value = example if example is not None else samples.value(body.type)
                argv += ["--body", json.dumps(value, ensure_ascii=False)]
        else:
            if not isinstance(example, dict):
                example = samples.value(body.type)
            for prop in body.fields:
                if prop.wire_name in example:
                    argv += _flag_args(by_py[prop.py_name], prop.type, example[prop.wire_name])
    return shlex.join(argv)


def cli_view(api: Api) -> CliView:
    taken, credentials, variables = _global_flags(api)
    samples = Samples({d.name: d for d in api.definitions if isinstance(d, ModelDef)})
    aliases = {r.module: f"_{r.module}" for r in api.resources}
    commands = [
        _command(api, resource, op, taken, aliases[resource.module], samples)
        for resource in api.resources
        for op in resource.operations
    ]
    commands.sort(key=lambda c: c.words)
    groups: dict[tuple[str, ...], str] = {}
    for command in commands:
        default = (resource_word(command.resource.py_name),)
        for depth in range(1, len(command.words)):
            prefix = command.words[:depth]
            about = command.resource.description if prefix == default else ""
            groups.setdefault(prefix, " ".join(about.split()))
    description = api.title + (f": {' '.join(api.description.split())}" if api.description else "")
    env_vars = [s.env_var for s in api.schemes if s.env_var]
    epilog = "Exit codes: 0 success, 1 API error, 2 usage or validation error, 3 connection failure or timeout."
    if env_vars:
        epilog += " Credentials default to $" + ", $".join(env_vars) + "."
    return CliView(
        api=api,
        prog=api.package,
        description=description,
        epilog=epilog,
        commands=tuple(commands),
        groups=tuple(sorted(groups.items())),
        credentials=tuple(credentials),
        server_variables=tuple(variables),
        resource_modules=tuple(sorted(aliases.items())),
        cli_usage={c.op.operation_id: c.example for c in commands},
        base_url_help=_base_url_help(api),
    )


def _base_url_help(api: Api) -> str:
    """The help of --base-url when the client has no default server (the runtime's otherwise)."""
    if works_without_base_url(api) or (server_is_default(api) and host_variables(api)):
        return ""
    env = f"${api.env_prefix}_BASE_URL"
    if api.server_url.startswith(("http://", "https://")):
        why = f"the spec's {api.server_url} is only a placeholder"
    else:
        why = "the spec names no absolute URL"
    return f"Server URL (required, or set {env}; {why})."
