"""Callbacks `leadgen mock` sends after answering an operation that declares them.

When an operation with `callbacks` is answered with a 2xx status, each callback operation is
planned (`plan_callbacks`): its key's runtime expressions are filled in from the request and
the reply (`{$request.body#/callbackUrl}/events`), its payload is made from its schema like a
response body, and it is signed (Standard Webhooks headers) when the mock has a secret. The
server sends the planned requests after its reply, from a background thread, one at a time
with a timeout and without following redirects (`send_callbacks`).

Only loopback hosts (127.0.0.0/8, ::1, localhost) receive them unless the mock was started
with `callbacks_anywhere`: a URL taken from a request must not make the mock reach out to
other machines. Every request, sent, skipped or failed, is one log line.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import ipaddress
import json
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from ..errors import pointer_join
from ..model.ir import Webhook
from ..spec.expressions import Expression, parse_key
from .checks import is_json_media
from .messages import MockReply, MockRequest, Outgoing
from .schemas import SchemaBook
from .synth import Synthesizer

__all__ = ["CallbackPlanner", "is_loopback", "printable", "send_callbacks"]

TIMEOUT = 5.0  # seconds for one callback: connecting, sending, reading the answer
# Kept as they are in a filled-in URL; anything else (spaces, line breaks) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


class _Unavailable(Exception):
    """An expression whose value the request or reply does not have."""


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine: `localhost` or a loopback address."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def printable(text: str) -> str:
    """`text` for a log line: control characters escaped, never a line break."""
    return repr(text)[1:-1]


class _Exchange:
    """The values runtime expressions read: the request answered and the reply."""

    def __init__(
        self,
        request: MockRequest,
        path_params: Mapping[str, str],
        query: Mapping[str, list[str]],
        reply: MockReply,
    ) -> None:
        self.request, self.path_params, self.query, self.reply = request, path_params, query, reply

    def value(self, expr: Expression) -> str:
        if expr.source == "url":
            host = self.request.header("Host") or "localhost"
            return f"http://{host}{self.request.target}"
        if expr.source == "method":
            return self.request.method.upper()
        if expr.source == "statusCode":
            return str(self.reply.status)
        if expr.part == "body":
            body = self.request.body if expr.source == "request" else self.reply.body
            return _body_value(body, expr.pointer)
        if expr.part == "header":
            headers = self.request.headers if expr.source == "request" else self.reply.headers
            found = next((v for k, v in headers if k.lower() == expr.name.lower()), None)
        elif expr.source == "request" and expr.part == "query":
            values = self.query.get(expr.name)
            found = values[0] if values else None
        elif expr.source == "request" and expr.part == "path":
            found = self.path_params.get(expr.name)
        else:
            found = None  # a response has no query or path
        if found is None:
            raise _Unavailable(f"the {expr.source} has no {expr.part} {expr.name!r}")
        return found

    def fill(self, parts: Iterable[str | Expression]) -> str:
        return "".join(p if isinstance(p, str) else self.value(p) for p in parts)


def _body_value(body: bytes, pointer: tuple[str, ...]) -> str:
    if not pointer:
        return body.decode("utf-8", "replace")
    try:
        node: Any = json.loads(body)
    except (ValueError, RecursionError):
        raise _Unavailable("the body is not JSON") from None
    for token in pointer:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif (
            isinstance(node, list)
            and token.isascii()
            and token.isdigit()
            and int(token) < len(node)
        ):
            node = node[int(token)]
        else:
            raise _Unavailable(f"the body has nothing at {pointer_join('', *pointer)}")
    return node if isinstance(node, str) else json.dumps(node)


class CallbackPlanner:
    """Plans the callbacks of an operation's successful answer (see the module's docstring)."""

    def __init__(
        self,
        book: SchemaBook,
        synth: Synthesizer,
        webhooks: Iterable[Webhook],
        *,
        anywhere: bool = False,
        secret: bytes | None = None,
    ) -> None:
        self.book, self.synth, self.anywhere, self.secret = book, synth, anywhere, secret
        self.by_operation: dict[str, list[Webhook]] = {}
        for hook in webhooks:
            if hook.kind == "callback":
                self.by_operation.setdefault(hook.operation, []).append(hook)

    def plan(
        self,
        operation: str,
        request: MockRequest,
        path_params: Mapping[str, str],
        query: Mapping[str, list[str]],
        reply: MockReply,
        rng: random.Random | None = None,
    ) -> tuple[Outgoing, ...]:
        hooks = self.by_operation.get(operation)
        if not hooks or not 200 <= reply.status < 300:
            return ()
        exchange = _Exchange(request, path_params, query, reply)
        return tuple(self._one(hook, exchange, rng) for hook in hooks)

    def _one(self, hook: Webhook, exchange: _Exchange, rng: random.Random | None) -> Outgoing:
        try:
            url = quote(exchange.fill(parse_key(hook.expression)), safe=_URL_SAFE)
        except (ValueError, _Unavailable) as exc:
            return Outgoing(hook.name, hook.method, "", refused=f"no URL: {exc}")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Outgoing(hook.name, hook.method, url, refused="not an http(s) URL")
        if not self.anywhere and not is_loopback(parts.hostname):
            return Outgoing(
                hook.name,
                hook.method,
                url,
                refused="not a loopback host (`leadgen mock --callbacks-anywhere` sends it)",
            )
        media, body = self._payload(hook, rng)
        headers = [("Content-Type", media)] if media else []
        headers += self._signature(body)
        return Outgoing(hook.name, hook.method, url, tuple(headers), body)

    def _payload(self, hook: Webhook, rng: random.Random | None) -> tuple[str, bytes]:
        if hook.body is None:
            return "", b""
        media = hook.body.media_type
        at = self.book.follow(hook.body.pointer)
        entry = (self.book.node(at).get("content") or {}).get(media) or {}
        if "example" in entry and rng is None:
            value = entry["example"]
        elif isinstance(entry.get("schema"), dict):
            schema_at = pointer_join(at, "content", media, "schema")
            value = self.synth.value(schema_at, rng, "response")
        else:
            return media, b""
        if is_json_media(media):
            return media, json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
        return media, (value if isinstance(value, str) else "").encode("utf-8")

    def _signature(self, body: bytes) -> list[tuple[str, str]]:
        msg_id, stamp = f"msg_{uuid.uuid4().hex}", str(int(time.time()))
        headers = [("webhook-id", msg_id), ("webhook-timestamp", stamp)]
        if self.secret is not None:
            signed = f"{msg_id}.{stamp}.".encode() + body
            digest = hmac.new(self.secret, signed, hashlib.sha256).digest()
            headers.append(("webhook-signature", "v1," + base64.b64encode(digest).decode()))
        return headers


def _send(outgoing: Outgoing) -> int:
    """Send one callback; its answer's status. OSError (or http.client's errors) on failure."""
    parts = urlsplit(outgoing.url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname or "", parts.port, timeout=TIMEOUT)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request(outgoing.method, target, outgoing.body, dict(outgoing.headers))
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _deliver(outgoing: tuple[Outgoing, ...], log: Callable[[str], None], own_port: int) -> None:
    for one in outgoing:
        what = f"leadgen mock: callback {printable(one.name)} {one.method} {printable(one.url)}"
        if one.refused:
            log(f"{what} skipped: {printable(one.refused)}")
            continue
        if _is_own(one.url, own_port):  # the mock itself, maybe calling back again
            log(f"{what} skipped: the mock's own address")
            continue
        started = time.perf_counter()
        try:
            status = _send(one)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            log(f"{what} failed: {printable(str(exc) or type(exc).__name__)}")
            continue
        log(f"{what} {status} {(time.perf_counter() - started) * 1000:.1f}ms")


def _is_own(url: str, own_port: int) -> bool:
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    return port == own_port and is_loopback(parts.hostname or "")


def send_callbacks(
    outgoing: tuple[Outgoing, ...], log: Callable[[str], None], own_port: int
) -> threading.Thread:
    """Send `outgoing` from a background (daemon) thread, logging a line for each; none goes
    to `own_port` on a loopback host, the mock's own."""
    thread = threading.Thread(
        target=_deliver,
        args=(outgoing, log, own_port),
        name="leadgen-mock-callbacks",
        daemon=True,
    )
    thread.start()
    return thread
