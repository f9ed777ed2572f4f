"""The generated client's server URL and server variables come with the model (`Api`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from leadgen.model.api import build_api
from leadgen.model.ir import Api
from leadgen.pipeline import open_spec

HEAD = 'openapi: 3.1.0\ninfo: {title: Shop, version: "1"}\npaths: {}\n'


def build(tmp_path: Path, servers: str) -> Api:
    path = tmp_path / "shop.yaml"
    path.write_text(HEAD + servers, encoding="utf-8")
    spec = open_spec(path, "shop.yaml")
    return build_api(spec.doc, spec.data, "shop")


def test_no_server_means_no_url(tmp_path: Path) -> None:
    api = build(tmp_path, "")
    assert (api.server_url, api.server_variables) == ("", ())


def test_the_first_server_counts_with_its_variables(tmp_path: Path) -> None:
    api = build(
        tmp_path,
        "servers:\n"
        "  - url: https://{region}.shop.example/{version}\n"
        "    variables:\n"
        "      region: {default: eu, enum: [eu, us]}\n"
        "      version: {default: v1}\n"
        "  - url: https://other.example\n",
    )
    assert api.server_url == "https://{region}.shop.example/{version}"
    assert [(v.wire_name, v.py_name, v.default, v.enum) for v in api.server_variables] == [
        ("region", "region", "eu", ("eu", "us")),
        ("version", "version", "v1", ()),
    ]
    assert api.servers[0].variables == api.server_variables


def test_a_url_that_is_one_variable_is_that_variables_default(tmp_path: Path) -> None:
    api = build(
        tmp_path,
        "servers:\n"
        "  - url: '{baseUrl}'\n"
        "    variables:\n"
        "      baseUrl: {default: 'https://api.shop.example/v2', description: Where.}\n",
    )
    assert (api.server_url, api.server_variables) == ("https://api.shop.example/v2", ())
    assert api.servers[0].url == "{baseUrl}"  # the spec's servers stay as written


@pytest.mark.parametrize(
    "url",
    ["'{baseUrl}/v2'", "'https://{baseUrl}'"],
)
def test_a_url_with_more_than_the_variable_keeps_it(tmp_path: Path, url: str) -> None:
    api = build(
        tmp_path,
        f"servers:\n  - url: {url}\n    variables:\n      baseUrl: {{default: x}}\n",
    )
    assert api.server_url == url.strip("'")
    assert [v.wire_name for v in api.server_variables] == ["baseUrl"]


def test_one_variable_among_two_is_not_the_whole_url(tmp_path: Path) -> None:
    api = build(
        tmp_path,
        "servers:\n"
        "  - url: '{baseUrl}'\n"
        "    variables:\n"
        "      baseUrl: {default: 'https://a.example'}\n"
        "      unused: {default: x}\n",
    )
    assert api.server_url == "{baseUrl}"
    assert [v.wire_name for v in api.server_variables] == ["baseUrl", "unused"]
