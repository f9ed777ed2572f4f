"""Which server hosts stand for "your server" rather than a real API.

Pure and free of I/O (no httpx): the clients refuse such a host as a default
(``_base_client.resolve_base_url``), and the generator asks the same question of a
spec's server URL.
"""

from __future__ import annotations

import ipaddress

__all__ = ["is_placeholder_host"]

# Hosts that stand for "your server": documentation domains, loopback, "your-...".
_PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org", "localhost")
_PLACEHOLDER_SUFFIXES = (".invalid", ".localhost", ".local")


def is_placeholder_host(host: str) -> bool:
    """True for a host no real API lives at: example.com/.net/.org and their
    subdomains, localhost and loopback or unspecified addresses, the .invalid,
    .localhost and .local names, and any name with a label starting with "your"."""
    host = host.lower().rstrip(".")
    if not host:
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return address.is_loopback or address.is_unspecified
    if host.endswith(_PLACEHOLDER_SUFFIXES):
        return True
    if any(host == d or host.endswith("." + d) for d in _PLACEHOLDER_DOMAINS):
        return True
    return any(label.startswith("your") for label in host.split("."))
