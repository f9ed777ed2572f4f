"""The server URL a client talks to: `resolve_base_url` and its placeholder rule."""

from __future__ import annotations

import re
import types

import httpx
import pytest

ENV = "RT_BASE_URL"


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)


def resolve(rt: types.SimpleNamespace, base_url: str | None = None, **kwargs: object) -> str:
    result: str = rt.client.resolve_base_url(base_url, env_var=ENV, **kwargs)
    return result


@pytest.mark.parametrize(
    "host",
    [
        "example.com",
        "api.example.org",
        "EXAMPLE.NET",
        "localhost",
        "api.localhost",
        "127.0.0.1",
        "0.0.0.0",
        "[::1]",
        "your-domain.com",
        "api.yourcompany.io",
        "your_tenant.api.io",
        "printer.local",
        "x.invalid",
    ],
)
def test_placeholder_hosts(rt: types.SimpleNamespace, host: str) -> None:
    assert rt.client.is_placeholder_host(host)
    with pytest.raises(ValueError, match="base_url is required.*placeholder.*RT_BASE_URL"):
        resolve(rt, server_url=f"https://{host}/v1")


@pytest.mark.parametrize("host", ["api.acme.io", "app.puffle.ai", "examples.dev", "yo.io"])
def test_real_hosts_are_defaults(rt: types.SimpleNamespace, host: str) -> None:
    assert not rt.client.is_placeholder_host(host)
    assert resolve(rt, server_url=f"https://{host}/v1") == f"https://{host}/v1"


def test_base_url_argument_then_environment_then_spec(
    rt: types.SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = {"server_url": "https://api.acme.io"}
    assert resolve(rt, **spec) == "https://api.acme.io"
    monkeypatch.setenv(ENV, "https://env.acme.io")
    assert resolve(rt, **spec) == "https://env.acme.io"
    assert resolve(rt, "https://arg.acme.io", **spec) == "https://arg.acme.io"


def test_a_variable_host_is_no_default(rt: types.SimpleNamespace) -> None:
    with pytest.raises(ValueError, match="base_url is required.*placeholder"):
        resolve(rt, server_url="https://api.acme.io", is_default=False)
    with pytest.raises(ValueError, match="base_url or tenant is required"):
        resolve(
            rt,
            server_url="https://{tenant}.acme.io",
            variables=[("tenant", "tenant", None, ())],
        )
    url = resolve(
        rt, server_url="https://{tenant}.acme.io", variables=[("tenant", "tenant", "t1", ())]
    )
    assert url == "https://t1.acme.io"


def test_relative_server_url_needs_a_base_url(rt: types.SimpleNamespace) -> None:
    with pytest.raises(ValueError, match="no absolute URL"):
        resolve(rt, server_url="/api")


def test_variables_are_checked_against_their_enum(rt: types.SimpleNamespace) -> None:
    variables = [("region", "region", "eu", ("eu", "us"))]
    assert resolve(rt, server_url="https://{region}.acme.io", variables=variables) == (
        "https://eu.acme.io"
    )
    with pytest.raises(ValueError, match="region: 'mars' is not one of 'eu', 'us'"):
        resolve(
            rt,
            server_url="https://{region}.acme.io",
            variables=[("region", "region", "mars", ("eu", "us"))],
        )


@pytest.mark.parametrize(
    "value", ["evil.com/#", "a/b", "user@evil.com", "evil.com:81", "a?b", "a\\b", "", "a b", "%2F"]
)
def test_variables_cannot_change_the_url_structure(rt: types.SimpleNamespace, value: str) -> None:
    with pytest.raises(ValueError, match="would change the server URL"):
        resolve(
            rt,
            server_url="https://{tenant}.acme.io/{version}",
            variables=[("tenant", "tenant", "t", ()), ("version", "version", value, ())],
        )


def test_variables_are_percent_encoded(rt: types.SimpleNamespace) -> None:
    url = resolve(
        rt,
        server_url="https://api.acme.io/{version}",
        variables=[("version", "version", "v1+beta=ä", ())],
    )
    assert url == "https://api.acme.io/v1%2Bbeta%3D%C3%A4"
    assert httpx.URL(url).path == "/v1+beta=ä"


@pytest.mark.parametrize(
    ("server", "own", "expected"),
    [
        (None, True, "https://api.acme.io/v1"),
        ("https://up.acme.io/u/", True, "https://up.acme.io/u"),
        ("https://up.acme.io/u/", False, "https://api.acme.io/v1"),
        ("/v2/", True, "https://api.acme.io/v2"),
        ("/v2", False, "https://api.acme.io/v2"),
        ("beta", True, "https://api.acme.io/v1/beta"),
    ],
)
def test_operation_servers(
    rt: types.SimpleNamespace, server: str | None, own: bool, expected: str
) -> None:
    op = rt.client.Operation("GET", "/a", server=server)
    assert rt.client.operation_base_url(op, "https://api.acme.io/v1", own) == expected


@pytest.mark.parametrize(
    ("server", "message"),
    [
        ("https://up.example.com", "GET /a: its server 'https://up.example.com' is a placeholder"),
        ("https://a\x00.io", "GET /a: its server is not valid"),
    ],
)
def test_operation_servers_that_name_no_real_server(
    rt: types.SimpleNamespace, server: str, message: str
) -> None:
    op = rt.client.Operation("GET", "/a", server=server)
    with pytest.raises(ValueError, match=re.escape(message)):
        rt.client.operation_base_url(op, "https://api.acme.io", True)
    assert rt.client.operation_base_url(op, "https://api.acme.io", False) == "https://api.acme.io"
