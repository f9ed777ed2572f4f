"""A deliberately misbehaving HTTP/1.1 server on 127.0.0.1, for the hostile-server tests.

``HostileServer(*actions)`` listens on an ephemeral port in a background thread.
Each accepted connection takes the next action in order (the last one repeats)
and is handled in its own thread: the request is read and recorded, then the
action writes whatever it likes to the raw socket (or nothing) and the
connection is closed. Everything is bounded: at most ``max_connections``
connections are served, every wait ends when the server stops, and stopping
joins all threads.

Actions are plain callables ``action(conn, request, stop)``; the factories below
build the usual ones (a complete response, half the headers, half the body, an
RST, a stall, a trickle, raw bytes).
"""

from __future__ import annotations

import dataclasses
import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Self

__all__ = [
    "Action",
    "HostileServer",
    "ReceivedRequest",
    "closed_port",
    "half_body",
    "half_headers",
    "json_reply",
    "raw",
    "reply",
    "reset",
    "stall",
    "trickle_body",
]

_READ_TIMEOUT = 30.0  # a client that sends nothing cannot pin a handler thread forever


@dataclasses.dataclass
class ReceivedRequest:
    """One request as the server read it off the wire."""

    method: str
    target: str
    headers: dict[str, str]  # lower-cased names
    body: bytes


Action = Callable[[socket.socket, ReceivedRequest, threading.Event], None]


def _read_request(conn: socket.socket) -> ReceivedRequest | None:
    conn.settimeout(_READ_TIMEOUT)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return ReceivedRequest(method, target, headers, body)


class HostileServer:
    """Plays ``actions`` to successive connections; records the requests."""

    def __init__(self, *actions: Action, max_connections: int = 8) -> None:
        if not actions:
            raise ValueError("give the server at least one action")
        self._actions = list(actions)
        self._max = max_connections
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.requests: list[ReceivedRequest] = []
        self.errors: list[BaseException] = []  # what handlers hit (client went away, ...)
        self.connections = 0
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._acceptor = threading.Thread(
            target=self._accept_loop, name="hostile-accept", daemon=True
        )
        self._acceptor.start()

    def _next_action(self) -> Action:
        with self._lock:
            return self._actions.pop(0) if len(self._actions) > 1 else self._actions[0]

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # listener closed
            self.connections += 1
            if self.connections > self._max:
                conn.close()
                continue
            action = self._next_action()
            thread = threading.Thread(
                target=self._handle, args=(conn, action), name="hostile-conn", daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def _handle(self, conn: socket.socket, action: Action) -> None:
        try:
            request = _read_request(conn)
            if request is None:
                return
            with self._lock:
                self.requests.append(request)
            action(conn, request, self._stop)
        except Exception as exc:  # noqa: BLE001 - a hostile peer; the client side is asserted
            self.errors.append(exc)
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def stop(self) -> None:
        self._stop.set()
        self._listener.close()
        self._acceptor.join(timeout=2)
        for thread in self._threads:
            thread.join(timeout=2)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


# --- actions -------------------------------------------------------------------------


def _head(status: int, reason: str, headers: Mapping[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def reply(
    status: int,
    body: bytes | str = b"",
    *,
    content_type: str | None = "application/json",
    headers: Mapping[str, str] | None = None,
    reason: str = "Whatever",
) -> Action:
    """A complete response with Content-Length and ``Connection: close``."""
    data = body.encode() if isinstance(body, str) else body
    all_headers = {"Content-Length": str(len(data)), "Connection": "close"}
    if content_type is not None:
        all_headers["Content-Type"] = content_type
    all_headers.update(headers or {})

    def action(conn: socket.socket, request: ReceivedRequest, stop: threading.Event) -> None:
        conn.sendall(_head(status, reason, all_headers) + data)

    return action


def json_reply(status: int, value: Any, *, headers: Mapping[str, str] | None = None) -> Action:
    return reply(status, json.dumps(value), headers=headers)


def raw(data: bytes) -> Action:
    """Exactly these bytes, then close."""

    def action(conn: socket.socket, request: ReceivedRequest, stop: threading.Event) -> None:
        conn.sendall(data)

    return action


def half_headers() -> Action:
    """Half a status line and header block, then a clean close (FIN)."""
    return raw(b"HTTP/1.1 200 OK\r\nContent-Type: application/js")


def half_body(value: Any) -> Action:
    """Headers announcing the whole JSON body, half of it, then a clean close (FIN)."""
    data = json.dumps(value).encode()
    head = _head(200, "OK", {"Content-Type": "application/json", "Content-Length": str(len(data))})
    return raw(head + data[: len(data) // 2])


def reset(after: bytes = b"") -> Action:
    """Send ``after`` (maybe nothing), then abort the connection with an RST."""

    def action(conn: socket.socket, request: ReceivedRequest, stop: threading.Event) -> None:
        if after:
            conn.sendall(after)
            time.sleep(0.02)  # let the bytes leave before the RST discards the send queue
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    return action


def stall(first: bytes = b"") -> Action:
    """Send ``first`` (maybe nothing), then say nothing until the server stops: only the
    client's own timeout can end the exchange."""

    def action(conn: socket.socket, request: ReceivedRequest, stop: threading.Event) -> None:
        if first:
            conn.sendall(first)
        stop.wait()

    return action


def trickle_body(value: Any, *, every: float, chunk: int = 1) -> Action:
    """Headers at once, then the JSON body ``chunk`` bytes every ``every`` seconds, to the
    end (or until the server stops)."""
    data = json.dumps(value).encode()
    head = _head(200, "OK", {"Content-Type": "application/json", "Content-Length": str(len(data))})

    def action(conn: socket.socket, request: ReceivedRequest, stop: threading.Event) -> None:
        conn.sendall(head)
        for i in range(0, len(data), chunk):
            if stop.wait(every):
                return
            conn.sendall(data[i : i + chunk])

    return action


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
