"""Receiving webhooks: verify a Standard Webhooks signature, then read the payload.

A signed request carries three headers: ``webhook-id``, ``webhook-timestamp`` (Unix
seconds) and ``webhook-signature``, a space-separated list of ``v1,<base64>`` entries,
each the HMAC-SHA256 of ``"{id}.{timestamp}.{body}"`` under the secret. The secret is
``whsec_<base64>`` (or that base64 alone) as a string, or the raw key as bytes.

``verify_webhook`` raises a ``WebhookVerificationError`` naming what failed; its
messages never contain the secret, the signatures or the body.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from ._errors import APIError, ResponseValidationError
from ._request import _is_json
from ._types import Binary, Str, TypeDesc, deserialize

__all__ = [
    "DEFAULT_TOLERANCE",
    "WebhookHeaderError",
    "WebhookSecret",
    "WebhookSignatureError",
    "WebhookTimestampError",
    "WebhookVerificationError",
    "read_payload",
    "sign_webhook",
    "verify_webhook",
]

DEFAULT_TOLERANCE = 300.0  # seconds a timestamp may be away from now (5 minutes)
_PREFIX = "whsec_"


class WebhookVerificationError(APIError):
    """The webhook cannot be trusted: do not act on its payload."""


class WebhookHeaderError(WebhookVerificationError):
    """A signature header is missing or malformed."""


class WebhookTimestampError(WebhookVerificationError):
    """``webhook-timestamp`` is too far from now (a replay, or a clock far off)."""


class WebhookSignatureError(WebhookVerificationError):
    """No signature matches the body under the secret."""


class WebhookSecret:
    """A signing secret; its repr never shows the key."""

    __slots__ = ("_key",)

    def __init__(self, secret: str | bytes | WebhookSecret) -> None:
        if isinstance(secret, WebhookSecret):
            self._key: bytes = secret._key
        elif isinstance(secret, bytes):
            self._key = secret
        elif isinstance(secret, str):
            text = secret.removeprefix(_PREFIX)
            try:
                self._key = base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError):
                raise WebhookVerificationError(
                    "the secret is not base64 (expected whsec_<base64>, or bytes)"
                ) from None
        else:
            raise TypeError("the secret must be a str or bytes")
        if not self._key:
            raise WebhookVerificationError("the secret is empty")

    def sign(self, msg_id: str, timestamp: int, body: bytes) -> str:
        """The ``v1,<base64>`` signature of a message."""
        signed = f"{msg_id}.{timestamp}.".encode() + body
        digest = hmac.new(self._key, signed, hashlib.sha256).digest()
        return "v1," + base64.b64encode(digest).decode("ascii")

    def __repr__(self) -> str:
        return "WebhookSecret(<hidden>)"


def _as_bytes(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value.strip()
    raise WebhookHeaderError(f"the {name} header is missing")


def sign_webhook(
    body: bytes | str,
    *,
    msg_id: str,
    timestamp: int,
    secret: str | bytes | WebhookSecret,
) -> dict[str, str]:
    """The three headers of a signed webhook (to test a receiver with)."""
    signature = WebhookSecret(secret).sign(msg_id, timestamp, _as_bytes(body))
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature,
    }


def verify_webhook(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str | bytes | WebhookSecret,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Check a webhook's signature; raises a WebhookVerificationError when it fails.

    ``body`` is the request body exactly as received (before any JSON decoding);
    ``headers`` any mapping (names in any case). The timestamp must be within
    ``tolerance`` seconds of ``now`` (default: the current time), either way.
    """
    key = WebhookSecret(secret)
    msg_id = _header(headers, "webhook-id")
    stamp = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    if not stamp.isascii() or not stamp.isdigit():
        raise WebhookHeaderError("webhook-timestamp is not an integer")
    timestamp = int(stamp)
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise WebhookTimestampError(
            f"webhook-timestamp is {abs(current - timestamp):.0f} s away from now"
            f" (tolerance {tolerance:g} s)"
        )
    expected = key.sign(msg_id, timestamp, _as_bytes(body)).encode("ascii")
    found = False
    for entry in signatures.split():
        version, _, _ = entry.partition(",")
        if version == "v1" and hmac.compare_digest(entry.encode(), expected):
            found = True  # no early exit: every entry is compared
    if not found:
        raise WebhookSignatureError("no v1 signature matches the body")


def read_payload(
    desc: TypeDesc | None,
    media_type: str,
    body: bytes | str,
    headers: Mapping[str, str] | None,
    secret: str | bytes | WebhookSecret | None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> Any:
    """A webhook's payload, verified first when a ``secret`` is given: JSON read
    strictly (ResponseValidationError where it departs from the schema), a string
    schema of a text type as text, a binary one as bytes. Other media types (forms)
    are not read: ResponseValidationError."""
    if secret is not None:
        verify_webhook(body, headers or {}, secret, tolerance=tolerance)
    elif headers is not None:
        raise TypeError("headers= is only read to verify a signature: give secret= too")
    if desc is None:
        return None
    if isinstance(desc, Binary):
        return _as_bytes(body)
    if isinstance(desc, Str) and not _is_json(media_type):
        try:
            return body if isinstance(body, str) else body.decode("utf-8")
        except UnicodeDecodeError:
            raise ResponseValidationError("", "the payload is not UTF-8 text") from None
    if not _is_json(media_type):
        raise ResponseValidationError(
            "", f"a {media_type} payload is not read (JSON, text and bytes are)"
        )
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise ResponseValidationError("", "the payload is not valid JSON") from None
    return deserialize(desc, data)
