"""Whether a generated client has a usable default server, from the spec's server URL."""

from __future__ import annotations

import re

from ..model.ir import Api
from ..templates.runtime._hosts import is_placeholder_host

__all__ = ["host_variables", "server_is_default", "works_without_base_url"]


def server_is_default(api: Api) -> bool:
    """False when the spec's URL is one variable (`{baseUrl}`): its default is a guess."""
    return not (api.servers and api.servers[0].url.startswith("{") and not api.server_variables)


def host_variables(api: Api) -> frozenset[str]:
    """The variables without an enum in the URL's scheme or host: the client has no
    default for them (the spec's is a guess) and needs them or a base_url."""
    origin = re.match(r"(?:[^/]*://)?[^/]*", api.server_url)
    text = origin.group(0) if origin else ""
    return frozenset(
        v.py_name for v in api.server_variables if not v.enum and f"{{{v.wire_name}}}" in text
    )


def works_without_base_url(api: Api) -> bool:
    """Whether the generated client has a default server (see `resolve_base_url`)."""
    if not server_is_default(api) or host_variables(api):
        return False
    url = api.server_url
    for v in api.server_variables:
        url = url.replace(f"{{{v.wire_name}}}", v.default)
    host = re.match(r"https?://([^/?#:]*)", url)
    return host is not None and not is_placeholder_host(host.group(1))
