"""Fixtures for the generated command lines: the committed packages in ``generated/``.

``cli`` imports ``<package>.cli`` for the three committed clients with
``generated/`` on ``sys.path`` (for this test module only) and forgets every
module it imported afterwards, so nothing leaks into other test folders.
``run(package, *argv, replies=...)`` drives ``main(argv)`` over an
``httpx.MockTransport`` and returns the exit code, stdout, stderr and the
requests the server saw.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import yaml

from tests.generated_cli.support import (
    GENERATED,
    PACKAGES,
    SPEC_FILES,
    SPECS,
    TOKEN,
    Reply,
    Result,
    Server,
    forget,
)


@pytest.fixture(scope="module")
def cli() -> Iterator[dict[str, types.ModuleType]]:
    """``{package: <package>.cli}`` for the committed clients."""
    for name in PACKAGES:
        forget(name)  # never test a copy imported from elsewhere
    sys.path.insert(0, str(GENERATED))
    try:
        yield {name: importlib.import_module(f"{name}.cli") for name in PACKAGES}
    finally:
        sys.path.remove(str(GENERATED))
        for name in PACKAGES:
            forget(name)


@pytest.fixture(scope="module")
def spec() -> Callable[[str], Any]:
    """``spec("puffle")``: the parsed spec document of a package."""
    docs = {
        p: yaml.safe_load((SPECS / f).read_text(encoding="utf-8")) for p, f in SPEC_FILES.items()
    }
    return lambda package: docs[package]


@pytest.fixture
def run(
    cli: dict[str, types.ModuleType],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[..., Result]]:
    """``run("puffle", "campaign", ..., replies=[...], token=TOKEN)``."""
    opened: list[httpx.Client] = []
    for name in PACKAGES:
        monkeypatch.delenv(f"{name.upper()}_TOKEN", raising=False)
    # the Lead Management spec's server is a placeholder: the client needs a base URL
    monkeypatch.setenv("LEAD_MANAGEMENT_BASE_URL", "https://crm.acme.test")

    def invoke(
        package: str, *argv: str, replies: list[Reply] | None = None, token: str | None = TOKEN
    ) -> Result:
        server = Server(list(replies or []))
        http = httpx.Client(transport=httpx.MockTransport(server))
        opened.append(http)
        args = [*argv, "--token", token] if token is not None else list(argv)
        capsys.readouterr()
        code = cli[package].main(args, http_client=http)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err, server.requests)

    yield invoke
    for http in opened:
        http.close()
