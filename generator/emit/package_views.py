"""IR -> the views of the package-level files: `_client.py`, `README.md` and the modules that
only need the `Api` itself (`__init__.py`, `__main__.py`, the `models` and `resources`
packages, the generated tests' `__init__.py`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..examples.samples import Samples
from ..model.ir import Api, ModelDef, ServerVariable
from .cli_views import CliView
from .servers import host_variables, server_is_default, works_without_base_url
from .webhook_views import ParserView, webhooks_view

__all__ = ["ApiView", "ClientView", "ReadmeView", "client_view", "readme_view"]


@dataclass(frozen=True, slots=True)
class ApiView:
    """A template that needs nothing but the API."""

    api: Api


@dataclass(frozen=True, slots=True)
class ClientView:
    """What `package/_client.py.jinja` renders: `Client` and `AsyncClient`."""

    api: Api
    server_url: str  # SERVER_URL, with `{name}`s for the server variables
    server_variables: tuple[ServerVariable, ...]  # arguments of the clients
    doc: str  # the clients' docstring
    server_is_default: bool  # False: the server URL's host is a variable
    host_variables: frozenset[str]  # py names of the variables that are the host
    own_servers: bool  # some operation has an absolute server URL of its own


@dataclass(frozen=True, slots=True)
class ReadmeView:
    """What `package/README.md.jinja` renders."""

    api: Api
    usage: Mapping[str, str]  # operation id -> a Python call with example arguments
    server_url_absolute: bool  # the client works without a base_url
    cli: CliView | None  # None: the package has no command line
    lenient_notes: Sequence[str] | None = None  # the problems a --lenient run ignored
    webhooks: tuple[ParserView, ...] = ()  # the parse functions of `webhooks.py`


def client_view(api: Api) -> ClientView:
    return ClientView(
        api=api,
        server_url=api.server_url,
        server_variables=api.server_variables,
        doc=_client_doc(api),
        server_is_default=server_is_default(api),
        host_variables=host_variables(api),
        own_servers=_own_servers(api),
    )


def _own_servers(api: Api) -> bool:
    return any(op.server is not None and "://" in op.server for op in api.operations)


def readme_view(
    api: Api, cli: CliView | None, lenient_notes: Sequence[str] | None = None
) -> ReadmeView:
    return ReadmeView(
        api=api,
        usage=_usage(api),
        server_url_absolute=works_without_base_url(api),
        cli=cli,
        lenient_notes=tuple(lenient_notes) if lenient_notes is not None else None,
        webhooks=webhooks_view(api).parsers,
    )


def _usage(api: Api) -> dict[str, str]:
    samples = Samples({d.name: d for d in api.definitions if isinstance(d, ModelDef)})
    usage = {}
    for resource in api.resources:
        for op in resource.operations:
            args = samples.call_arguments(op)
            text = ", ".join(
                src if positional else f"{name}={src}" for name, src, positional in args
            )
            call = f"client.{resource.py_name}.{op.py_name}({text})"
            usage[op.operation_id] = ("result = " if op.success and op.success.type else "") + call
    return usage


def _client_doc(api: Api) -> str:
    lines = [f"Client for the {api.title} API."]
    if api.description:
        lines += ["", api.description.strip()]
    lines += ["", "Args:"]
    if works_without_base_url(api):
        lines.append(
            f"    base_url: Overrides the server URL from the spec (or ${api.env_prefix}_BASE_URL)."
        )
    else:
        lines.append(f"    base_url: The server URL (or ${api.env_prefix}_BASE_URL): required.")
    if _own_servers(api):
        lines.append(
            "        Operations with servers of their own are sent there unless base_url"
            " is given: then everything goes to base_url."
        )
    for scheme in api.schemes:
        what = "username and password" if scheme.kind == "basic" else "credential"
        env = f" Read from ${scheme.env_var} when not given." if scheme.kind != "basic" else ""
        lines.append(f"    {scheme.arg_name}: The {what} for {scheme.key!r}.{env}")
    lines += [
        "    timeout: Seconds before a request times out.",
        "    max_retries: Retries after a retryable failure (0 disables).",
        "    http_client: Your own httpx client, for proxies or transports.",
        "    validate_formats: False: send strings without checking their format.",
        "    strict_responses: True: raise ResponseValidationError when a response does not",
        "        match its schema (by default it is returned, its validation_problems listed).",
        "    idempotency_keys: True: send an Idempotency-Key with every POST and PATCH, and",
        "        retry them like idempotent requests.",
    ]
    return "\n".join(lines)
