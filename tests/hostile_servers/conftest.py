"""Fixtures for running the committed clients in ``generated/`` against hostile servers.

The packages are imported the way ``tests/functional/conftest.py`` does it
(``generated/`` on ``sys.path`` only while in use, every submodule imported
eagerly, forgotten at the end), except that packages a colleague's fixture
already imported from ``generated/`` are reused rather than re-imported, so
two session fixtures never hold different copies of the same model classes.

Every test here also gets, automatically:

* a watchdog: SIGALRM after ``WATCHDOG`` seconds turns a hang into a failure (a
  safety net, far above what any test needs; durations are never asserted);
* a leak check: the package loggers and httpx log at DEBUG into ``caplog``, and
  no record may contain the secret (or any 8-character piece of it);
* no proxy settings from the environment (requests must reach 127.0.0.1).

``call(pkg, mode, url, op, **client_kwargs)`` runs ``op(client)`` with a sync
(``mode="sync"``) or async (``mode="async"``) client built with the secret as its
token, a recording ``_sleep`` and an httpx client of its own (sharing one SSL
context, to save loading the CA bundle for every test). It returns an
``Outcome`` and has already checked that the secret appears in no exception text
(str, repr and traceback of the whole ``__cause__``/``__context__`` chain) and in
no repr of the client or result.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import importlib
import logging
import pkgutil
import signal
import ssl
import sys
import threading
import traceback
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from hostile_http import HostileServer
from hostile_support import (
    GENERATED,
    PACKAGES,
    ROOT,
    SECRET,
    WATCHDOG,
    assert_error_clean,
    assert_no_leak,
    leaked,
)


def _forget(package: str) -> None:
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


def _from_generated(module: types.ModuleType | None) -> bool:
    file = getattr(module, "__file__", None)
    return file is not None and Path(file).resolve().parent.parent == GENERATED


@pytest.fixture(scope="session")
def hostile_packages() -> Iterator[dict[str, types.ModuleType]]:
    imported: list[str] = []
    sys.path.insert(0, str(GENERATED))
    try:
        modules: dict[str, types.ModuleType] = {}
        for name in PACKAGES:
            if not _from_generated(sys.modules.get(name)):
                _forget(name)
                imported.append(name)
            package = importlib.import_module(name)
            for info in pkgutil.walk_packages(package.__path__, name + "."):
                importlib.import_module(info.name)
            modules[name] = package
        yield modules
    finally:
        sys.path.remove(str(GENERATED))
        for name in imported:
            _forget(name)


@pytest.fixture(scope="session")
def inboxapp(hostile_packages: dict[str, types.ModuleType]) -> types.ModuleType:
    return hostile_packages["inboxapp"]


@pytest.fixture(scope="session")
def lead_management(hostile_packages: dict[str, types.ModuleType]) -> types.ModuleType:
    return hostile_packages["lead_management"]


@pytest.fixture(scope="session")
def campaign_lead_json() -> dict[str, Any]:
    """The documented 200 body of ``campaigns.update_lead`` (a CampaignLead)."""
    doc = yaml.safe_load((ROOT / "specs" / "inboxapp.yaml").read_text(encoding="utf-8"))
    op = doc["paths"]["/campaigns/v2/{campaignId}/leads/{identifier}"]["patch"]
    value = op["responses"]["200"]["content"]["application/json"]["examples"]["pageExample"][
        "value"
    ]
    return dict(value)


# --- per-test guards ------------------------------------------------------------------


class HangError(Exception):
    """Raised in the main thread by the watchdog."""


@pytest.fixture(autouse=True)
def watchdog() -> Iterator[None]:
    armed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    previous = None
    if armed:

        def on_alarm(signum: int, frame: object) -> None:
            raise HangError(f"test still running after {WATCHDOG} s")

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, WATCHDOG)
    try:
        yield
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def httpx_logs_reason_phrase() -> None:
    """Marks a test whose server echoes the token in the HTTP reason phrase: httpx's own
    INFO line (``HTTP Request: ... "HTTP/1.1 503 <reason>"``) quotes it verbatim, which
    the generated client cannot prevent. The package's own records are still checked."""


@pytest.fixture(autouse=True)
def log_leak_check(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """DEBUG logging for the packages and httpx; afterwards no record holds the secret."""
    for name in (*PACKAGES, "httpx"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield
    # not caplog.records: in a fixture's teardown that holds the teardown's records only
    records = caplog.get_records("setup") + caplog.get_records("call")
    assert records, "nothing was logged: is the leak check still looking at the right loggers?"
    exempt = {"httpx"} if "httpx_logs_reason_phrase" in request.fixturenames else set()
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    for record in records:
        if record.name.split(".")[0] not in exempt:
            assert_no_leak(formatter.format(record), f"log record of {record.name}")
    if exempt:
        httpx_lines = [r.getMessage() for r in records if r.name.startswith("httpx")]
        assert any(leaked(line) for line in httpx_lines), "httpx no longer logs the reason phrase"


# --- servers and calls ------------------------------------------------------------------


@pytest.fixture
def serve() -> Iterator[Callable[..., HostileServer]]:
    """``serve(*actions, max_connections=8)``: a started HostileServer, stopped after the test."""
    servers: list[HostileServer] = []

    def factory(*actions: Any, **kwargs: Any) -> HostileServer:
        server = HostileServer(*actions, **kwargs)
        servers.append(server)
        return server

    yield factory
    for server in servers:
        server.stop()


@dataclasses.dataclass
class Outcome:
    result: Any
    error: Exception | None
    sleeps: list[float]

    def raised(self, cls: type[BaseException]) -> Any:
        """The error, asserted to be an instance of ``cls``."""
        if self.error is None:
            raise AssertionError(f"expected {cls.__name__}, got the result {self.result!r:.300}")
        assert isinstance(
            self.error, cls
        ), f"expected {cls.__name__}, got {type(self.error).__name__}:\n" + "".join(
            traceback.format_exception(self.error)
        )
        return self.error

    def ok(self) -> Any:
        assert self.error is None, "".join(traceback.format_exception(self.error))
        return self.result


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    """One CA bundle load for the whole session (httpx loads it per client, ~0.1 s)."""
    return ssl.create_default_context()


def _call(
    pkg: types.ModuleType, mode: str, url: str, op: Callable[[Any], Any], **kwargs: Any
) -> Outcome:
    kwargs.setdefault("token", SECRET)
    sleeps: list[float] = []
    reprs: list[str] = []
    result: Any = None
    error: Exception | None = None
    if mode == "sync":
        http = httpx.Client(timeout=kwargs.get("timeout", 60.0), verify=_ssl_context())
        with http, pkg.Client(base_url=url, http_client=http, **kwargs) as client:
            client._sleep = sleeps.append
            reprs.append(repr(client))
            try:
                result = op(client)
            except Exception as exc:  # noqa: BLE001 - the type is what the test asserts
                error = exc
    else:

        async def main() -> Any:
            http = httpx.AsyncClient(timeout=kwargs.get("timeout", 60.0), verify=_ssl_context())
            async with http, pkg.AsyncClient(base_url=url, http_client=http, **kwargs) as client:

                async def record(delay: float) -> None:
                    sleeps.append(delay)

                client._sleep = record
                reprs.append(repr(client))
                return await op(client)

        try:
            result = asyncio.run(main())
        except Exception as exc:  # noqa: BLE001
            error = exc
    for text in reprs:
        assert_no_leak(text, "repr(client)")
    assert_no_leak(repr(result), "repr(result)")
    if error is not None:
        if isinstance(error, HangError):
            raise error
        assert_error_clean(error)
    return Outcome(result, error, sleeps)


@pytest.fixture
def call() -> Callable[..., Outcome]:
    """``call(pkg, mode, url, op, **client_kwargs) -> Outcome`` (see the module docstring)."""
    return _call
