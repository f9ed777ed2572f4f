"""When the generated clients try a request again, and how long they wait first.

Pure decisions on one attempt's outcome: ``should_retry`` on a status or transport
error, ``retry_delay`` from the server's hint or exponential backoff. The loop that
applies them is the clients' (``_base_client``).
"""

from __future__ import annotations

import calendar
import email.utils
import random
import time

import httpx

__all__ = ["MAX_RETRY_AFTER", "retry_delay", "should_retry"]

MAX_RETRY_AFTER = 60.0  # seconds; longer server hints are ignored

# The request never reached the server: safe to retry any method.
_RETRY_ALWAYS_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# The server may have acted: retry idempotent requests only.
_RETRY_IDEMPOTENT_ERRORS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)
_RETRY_IDEMPOTENT_STATUSES = frozenset({408, 500, 502, 503, 504})


def should_retry(
    *, idempotent: bool, status: int | None = None, error: Exception | None = None
) -> bool:
    """Whether a response status or transport error is worth another attempt."""
    if error is not None:
        if isinstance(error, _RETRY_ALWAYS_ERRORS):
            return True
        return idempotent and isinstance(error, _RETRY_IDEMPOTENT_ERRORS)
    if status == 429:
        return True
    return idempotent and status in _RETRY_IDEMPOTENT_STATUSES


def _retry_after(headers: httpx.Headers, now: float) -> float | None:
    """Server hint in seconds from ``retry-after-ms`` / ``Retry-After``."""
    try:
        return float(headers["retry-after-ms"]) / 1000
    except (KeyError, ValueError):
        pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, calendar.timegm(when.utctimetuple()) - now)  # naive = UTC


def retry_delay(
    attempt: int, headers: httpx.Headers | None = None, *, now: float | None = None
) -> float:
    """Seconds to wait before retry number ``attempt + 1``.

    Honours ``Retry-After`` (seconds or HTTP-date) and ``retry-after-ms`` up to
    60 s; otherwise exponential backoff 0.5 * 2**attempt capped at 8 s, +-25% jitter.
    """
    if headers is not None:
        hint = _retry_after(headers, time.time() if now is None else now)
        if hint is not None and 0 <= hint <= MAX_RETRY_AFTER:
            return hint
    return min(0.5 * 2.0**attempt, 8.0) * random.uniform(0.75, 1.25)
