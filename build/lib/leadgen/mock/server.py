"""The HTTP side of `leadgen mock`: stdlib `http.server.ThreadingHTTPServer`.

Why the stdlib server: it adds no dependency, it is small enough to read in
one sitting, a mock needs no event loop (every answer is computed in
microseconds from the spec), and one thread per connection serves concurrent
clients, keep-alive (HTTP/1.1) included. Stopping shuts the read side of
every open connection, so idle keep-alive threads end at once while a reply
being written still completes, and then joins them.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO, TypeVar

from .app import MockApp
from .messages import MockReply, MockRequest, json_reply

__all__ = ["MockServer"]

_MAX_BODY = 16 * 1024 * 1024
_S = TypeVar("_S", bound="MockServer")


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # joined by server_close(), after stop() has woken them
    block_on_close = True
    app: MockApp
    log: TextIO | None

    def __init__(self, address: tuple[str, int], app: MockApp, log: TextIO | None) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.app, self.log = app, log
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        # registered here, in the serving thread, so that once shutdown() returns
        # every accepted connection is known to wake_connections()
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.connections_lock:
                self.connections.discard(request)

    def wake_connections(self) -> None:
        """End the read side of every open connection: idle keep-alive threads return."""
        with self.connections_lock:
            for conn in self.connections:
                try:
                    conn.shutdown(socket.SHUT_RD)
                except OSError:
                    pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "leadgen-mock"
    timeout = 30  # seconds an idle keep-alive connection is kept
    server: _Server

    def _serve(self) -> None:
        started = time.perf_counter()
        try:
            body = self._read_body()
            if isinstance(body, MockReply):
                reply = body
                self.close_connection = True
            else:
                request = MockRequest(self.command, self.path, tuple(self.headers.items()), body)
                reply = self.server.app.handle(request)
        except Exception as exc:  # noqa: BLE001 - a mock bug answers 500, the server lives on
            reply = json_reply(500, {"error": f"leadgen mock failed: {type(exc).__name__}: {exc}"})
            self.log_error("%s", repr(exc))
        elapsed = (time.perf_counter() - started) * 1000
        # logged before the reply is sent, so a client that has the reply finds the line written
        self._log_line(f"{self.command} {self.path} {reply.status} {elapsed:.1f}ms")
        self._send(reply)

    def _read_body(self) -> bytes | MockReply:
        """The body, or the reply refusing it (the connection is closed after that reply)."""
        too_large = json_reply(
            413,
            {"error": f"request body larger than {_MAX_BODY} bytes"},
            headers=[("Connection", "close")],
        )
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunked = self._read_chunked()
            return too_large if chunked is None else chunked
        text = (self.headers.get("Content-Length") or "0").strip()
        if not text.isdigit():
            return json_reply(
                400, {"error": f"bad Content-Length {text!r}"}, headers=[("Connection", "close")]
            )
        length = int(text)
        if length > _MAX_BODY:
            return too_large
        return self.rfile.read(length) if length > 0 else b""

    def _read_chunked(self) -> bytes | None:
        chunks: list[bytes] = []
        total = 0
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            total += size
            if total > _MAX_BODY:
                return None
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _send(self, reply: MockReply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD" and reply.body:
            self.wfile.write(reply.body)

    def _log_line(self, line: str) -> None:
        stream = self.server.log if self.server.log is not None else sys.stderr
        try:
            stream.write(line + "\n")
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed log stream must not break the server

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # replaced by the one line _serve writes, with the elapsed time

    def log_message(self, format: str, *args: Any) -> None:
        self._log_line("leadgen mock: " + format % args)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_TRACE = _serve


class MockServer:
    """A mock of the spec at `spec_path`, served in a background (daemon) thread.

        with MockServer(Path("specs/inboxapp.yaml"), port=0) as server:
            httpx.get(server.url + "/campaigns/...")

    `port=0` picks a free port; `url` is `http://HOST:PORT` once started. Request
    lines go to `log` (default: the current `sys.stderr`).
    """

    def __init__(
        self,
        spec_path: Path | str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        log: TextIO | None = None,
        app: MockApp | None = None,
    ) -> None:
        self.spec_path = Path(spec_path)
        self.host, self.port, self.log = host, port, log
        self.app = app
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the mock server is not running")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self: _S) -> _S:  # noqa: PYI019
        """Load the spec, bind, and serve; OSError when the address is taken."""
        if self._server is not None:
            return self
        if self.app is None:
            self.app = MockApp.from_spec(self.spec_path)
        self._server = _Server((self.host, self.port), self.app, self.log)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"leadgen-mock-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, let open connections finish, release the port."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.shutdown()
        thread.join()
        server.wake_connections()
        server.server_close()
        self._server = self._thread = None

    def __enter__(self: _S) -> _S:  # noqa: PYI019
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
