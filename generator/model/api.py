"""Validated OpenAPI document -> `ir.Api`: schemas, operations, security, servers."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any, Literal

from ..errors import LeadgenError, Problem, pointer_join
from ..spec.loader import Document
from ..spec.validate import iter_operations, openapi_version
from .cli_names import check_command_paths
from .ir import Api, Definition, ModelDef, Resource, SecurityScheme, Server, ServerVariable
from .links import attach_links
from .naming import Namer, snake_name
from .notices import spec_notices
from .operations import UNSUPPORTED_HINT, OperationBuilder, flatten_body
from .pagination import paginate
from .schemas import SchemaBuilder, UnsupportedSchema
from .webhooks import build_webhooks
from .xml_names import is_xml_media

__all__ = ["build_api"]

SchemeKind = Literal["bearer", "basic", "apiKey"]
KeyPlace = Literal["header", "query", "cookie"]
_API_KEY_PLACES: dict[str, KeyPlace] = {"header": "header", "query": "query", "cookie": "cookie"}


def build_api(doc: Document, data: dict[str, Any], package: str) -> Api:
    """Build the intermediate model; unsupported constructs and unusable command names raise
    one grouped LeadgenError."""
    non_finite = _non_finite(data)
    if non_finite:
        raise LeadgenError([doc.diagnostic(*problem) for problem in non_finite])
    schemas = SchemaBuilder(data, openapi_version(data))
    operations = OperationBuilder(data, schemas)
    errors: list[Problem] = []
    try:
        for name in sorted((data.get("components") or {}).get("schemas") or {}):
            schemas.component(name)
        resources = operations.resources()
        webhooks = build_webhooks(data, operations, [op for r in resources for op in r.operations])
        schemas.drain()
    except UnsupportedSchema as exc:
        errors.append(Problem(exc.pointer, str(exc), UNSUPPORTED_HINT))
        resources, webhooks = [], ()
    errors += operations.errors
    errors += check_command_paths(resources)
    errors += _undefined_schemes(data) + _undeclared_server_variables(data)
    if errors:
        raise LeadgenError([doc.diagnostic(*problem) for problem in errors])
    resources = [
        replace(r, operations=tuple(flatten_body(op, schemas.models) for op in r.operations))
        for r in resources
    ]
    notices = spec_notices(data, openapi_version(data))
    paged = [paginate(r, data, schemas.models, schemas.resolve) for r in resources]
    problems = [problem for _, found in paged for problem in found]
    if problems:
        raise LeadgenError([doc.diagnostic(*problem) for problem in problems])
    resources, link_warnings = attach_links(
        data, [r for r, _ in paged], schemas.resolve, schemas.models, schemas.class_names
    )
    info = data.get("info") or {}
    prefix = package.upper()
    schemes = _schemes(data, prefix)
    servers = _servers(data, frozenset(s.arg_name for s in schemes))
    server_url, server_variables = _client_server(servers)
    return Api(
        title=str(info.get("title", package)),
        version=str(info.get("version", "")),
        description=str(info.get("description", "")),
        package=package,
        source=doc.display,
        sha256=doc.sha256,
        servers=servers,
        server_url=server_url,
        server_variables=server_variables,
        schemes=schemes,
        resources=tuple(resources),
        definitions=_xml_when_used(
            tuple(sorted(schemas.definitions.values(), key=lambda d: d.name)), resources
        ),
        env_prefix=prefix,
        warnings=tuple(dict.fromkeys(notices + schemas.warnings + link_warnings)),  # once each
        webhooks=webhooks,
    )


def _xml_when_used(
    definitions: tuple[Definition, ...], resources: list[Resource]
) -> tuple[Definition, ...]:
    """The definitions, their XML names left out unless some body is XML."""
    for op in (op for r in resources for op in r.operations):
        media = [r.media_type for r in op.responses] + [op.body.media_type if op.body else None]
        if any(is_xml_media(m) for m in media):
            return definitions
    return tuple(
        (
            replace(d, xml=None, properties=tuple(replace(p, xml=None) for p in d.properties))
            if isinstance(d, ModelDef)
            else d
        )
        for d in definitions
    )


def _non_finite(data: Any) -> list[Problem]:
    """Numbers that are not finite (JSON's 1e400 reads as infinity): no client can send them."""
    if _all_finite(data):
        return []  # the usual case, known without a pointer for every node
    found = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            found.append(
                Problem(
                    pointer,
                    f"the number {node} is not finite (too large for a double)",
                    "write a number a double can hold, or leave the keyword out",
                )
            )
        elif isinstance(node, dict):
            stack.extend((pointer_join(pointer, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((pointer_join(pointer, i), v) for i, v in enumerate(node))
    return sorted(found)


def _all_finite(data: Any) -> bool:
    """Whether every number in `data` is finite."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, float) and not math.isfinite(node):
            return False
    return True


def _undefined_schemes(data: dict[str, Any]) -> list[Problem]:
    """Security requirements that name a scheme components/securitySchemes does not define."""
    defined = (data.get("components") or {}).get("securitySchemes") or {}
    places = [("/security", data.get("security"))]
    places += [
        (pointer_join(at, "security"), op.get("security")) for at, _, _, op in iter_operations(data)
    ]
    found = []
    for at, requirements in places:
        for i, requirement in enumerate(requirements if isinstance(requirements, list) else []):
            for name in requirement if isinstance(requirement, dict) else ():
                if name not in defined:
                    found.append(
                        Problem(
                            pointer_join(at, i, name),
                            f"security requirement names the undefined scheme {name!r}",
                            "define it under components/securitySchemes, or fix the name",
                        )
                    )
    return found


_VARIABLE = re.compile(r"\{([^{}]*)\}")


def _undeclared_server_variables(data: dict[str, Any]) -> list[Problem]:
    """Server URLs that use a {variable} their server does not declare."""
    places = [("/servers", data.get("servers"))]
    for path, item in (data.get("paths") or {}).items():
        if isinstance(item, dict) and not str(path).startswith("x-"):
            places.append((pointer_join("/paths", path, "servers"), item.get("servers")))
    places += [
        (pointer_join(at, "servers"), op.get("servers")) for at, _, _, op in iter_operations(data)
    ]
    found = []
    for at, servers in places:
        for i, server in enumerate(servers if isinstance(servers, list) else []):
            if not isinstance(server, dict):
                continue
            declared = server.get("variables") or {}
            for name in _VARIABLE.findall(str(server.get("url", ""))):
                if name not in declared:
                    found.append(
                        Problem(
                            pointer_join(at, i, "url"),
                            f"server variable {name!r} is used in the URL but not declared",
                            "declare it under the server's variables, with a default",
                        )
                    )
    return found


_CLIENT_ARGUMENTS = frozenset(
    {
        "self", "base_url", "timeout", "max_retries", "http_client", "retry_non_idempotent",
        "default_headers",
    }
)  # fmt: skip


def _servers(data: dict[str, Any], taken: frozenset[str] = frozenset()) -> tuple[Server, ...]:
    """The servers; a variable's argument name is free of the client's other arguments."""
    servers = []
    for server in data.get("servers") or []:
        namer = Namer(_CLIENT_ARGUMENTS | taken)
        variables = tuple(
            ServerVariable(
                wire_name=name,
                py_name=namer.claim(snake_name(name)),
                default=str(var.get("default", "")),
                enum=tuple(str(v) for v in var.get("enum") or []),
                description=str(var.get("description", "")),
            )
            for name, var in (server.get("variables") or {}).items()
        )
        servers.append(
            Server(str(server.get("url", "/")), str(server.get("description", "")), variables)
        )
    return tuple(servers)


def _client_server(servers: tuple[Server, ...]) -> tuple[str, tuple[ServerVariable, ...]]:
    """The generated client's server URL and the variables it takes as arguments.

    The first server counts. A URL that is exactly one variable (`{baseUrl}`) is that
    variable's default, with no variables left: it is what `base_url` overrides anyway.
    """
    if not servers:
        return "", ()
    server = servers[0]
    variables = server.variables
    if len(variables) == 1 and server.url == "{" + variables[0].wire_name + "}":
        return variables[0].default, ()
    return server.url, variables


def _schemes(data: dict[str, Any], prefix: str) -> tuple[SecurityScheme, ...]:
    result = []
    namer = Namer(_CLIENT_ARGUMENTS)
    defined = (data.get("components") or {}).get("securitySchemes") or {}
    for key in sorted(defined):
        scheme = defined[key]
        kind: SchemeKind = "bearer"
        location: KeyPlace = "header"
        name = "Authorization"
        arg = "token"
        if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            kind, arg = "basic", "basic_auth"
        elif scheme.get("type") == "apiKey":
            kind, name, arg = "apiKey", scheme.get("name", ""), "api_key"
            location = _API_KEY_PLACES.get(scheme.get("in", "header"), "header")
        elif scheme.get("type") not in ("http", "oauth2", "openIdConnect"):
            continue  # mutualTLS: configured on the httpx client, not per request
        arg = namer.claim(arg)
        result.append(
            SecurityScheme(
                key=key,
                kind=kind,
                location=location,
                name=name,
                description=("Deprecated. " if scheme.get("deprecated") is True else "")
                + str(scheme.get("description", "")),
                arg_name=arg,
                env_var=f"{prefix}_{arg.upper()}",
            )
        )
    return tuple(result)
