"""Shared constants and leak checks of the hostile-server tests (imported by conftest and tests)."""

from __future__ import annotations

import traceback
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
PACKAGES = ("inboxapp", "lead_management")
SECRET = "sk-hostile-5ecret-7Qx9Lm2Vb8Nc4Zr1"
WATCHDOG = 60.0  # seconds per test: turns a hang into a failure; no passing test comes near it
MODES = ("sync", "async")


def leaked(text: str) -> str | None:
    """The piece of the secret found in ``text`` (8 characters or more), if any."""
    for i in range(len(SECRET) - 7):
        if SECRET[i : i + 8] in text:
            return SECRET[i : i + 8]
    return None


def assert_no_leak(text: str, where: str) -> None:
    piece = leaked(text)
    assert piece is None, f"secret piece {piece!r} leaked in {where}: {text[:500]!r}"


def exception_chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        todo += [current.__cause__, current.__context__]
    return seen


def assert_error_clean(error: BaseException) -> None:
    """No exception in the chain shows the secret in str, repr, or the traceback."""
    for exc in exception_chain(error):
        assert_no_leak(str(exc), f"str({type(exc).__name__})")
        assert_no_leak(repr(exc), f"repr({type(exc).__name__})")
        response = getattr(exc, "response", None)
        if isinstance(response, httpx.Response):
            # httpx's own repr quotes the reason phrase verbatim: only checked when the
            # server did not put the token there itself
            if not leaked(response.reason_phrase):
                assert_no_leak(repr(response), "repr(error.response)")
            assert_no_leak(repr(response.request), "repr(error.response.request)")
            assert_no_leak(repr(response.request.headers), "repr(error.response.request.headers)")
    assert_no_leak("".join(traceback.format_exception(error)), "the formatted traceback")


# --- importing the generated packages -------------------------------------------------
