"""The HTTP side of `leadgen mock`: stdlib `http.server.ThreadingHTTPServer`.

Why the stdlib server: it adds no dependency, it is small enough to read in
one sitting, a mock needs no event loop (every answer is computed in
microseconds from the spec), and one thread per connection serves concurrent
clients, keep-alive (HTTP/1.1) included. Stopping shuts the read side of
every open connection, so idle keep-alive threads end at once while a reply
being written still completes, and then joins them.

What the stdlib leaves to its users is done here: any method reaches the mock
(the stdlib answers an unknown one with its own 501 page), a request body is
limited in size (413 past 10 MB) and must arrive within a time limit (408),
and the replies the server makes itself are problem documents like the mock's.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO, TypeVar

from .app import MockApp, with_cors
from .callbacks import send_callbacks
from .failures import error_reply
from .messages import MockReply, MockRequest, Problem

__all__ = ["MAX_BODY", "MockServer"]

MAX_BODY = 10 * 1024 * 1024  # bytes of one request body
BODY_SECONDS = 30.0  # for the whole body to arrive
_LINE = 1024  # longest chunk-size line
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


class _BodyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "leadgen-mock"
    timeout = 30  # seconds an idle keep-alive connection is kept
    # head and body in one buffered write, sent at once: as two small writes, the second
    # waited for the client's delayed ACK (Nagle), some 40 ms per reply
    wbufsize = -1
    disable_nagle_algorithm = True
    server: _Server

    def __getattr__(self, name: str) -> Callable[[], None]:
        # the stdlib looks up `do_<METHOD>` and answers 501 when it is missing: every
        # method is the mock's to answer (405 with Allow for one the spec lacks)
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def _serve(self) -> None:
        started = time.perf_counter()
        request = MockRequest(self.command, self.path, tuple(self.headers.items()))
        try:
            request = MockRequest(
                self.command, self.path, tuple(self.headers.items()), self._read_body()
            )
            reply = self.server.app.handle(request)
        except _BodyError as exc:
            reply = self._refusal(request, exc.status, "body", "body", str(exc))
            self.close_connection = True
        except Exception as exc:  # noqa: BLE001 - a mock bug answers 500, the server lives on
            message = f"leadgen mock failed: {type(exc).__name__}: {exc}"
            reply = self._refusal(request, 500, "mock", "internal", message)
            self.log_error("%s", repr(exc))
        elapsed = (time.perf_counter() - started) * 1000
        # logged before the reply is sent, so a client that has the reply finds the line written
        self._log_line(f"{self.command} {self.path} {reply.status} {elapsed:.1f}ms")
        self._send(reply)
        if reply.callbacks:
            send_callbacks(reply.callbacks, self._log_line, self.server.server_address[1])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The stdlib's refusals (a malformed request line, headers too long) as problem
        documents, like every other error of the mock, instead of its HTML page."""
        self.close_connection = True
        command, path = getattr(self, "command", None) or "", getattr(self, "path", None) or ""
        headers = getattr(self, "headers", None)
        request = MockRequest(command, path, tuple(headers.items()) if headers else ())
        text = message or explain or "the request cannot be read"
        self.log_error("code %d, message %s", code, text)
        self._send(self._refusal(request, code, "request", "http", text))

    def _refusal(
        self, request: MockRequest, status: int, location: str, rule: str, message: str
    ) -> MockReply:
        app = self.server.app
        headers = (("Connection", "close"),) if status != 500 else ()
        reply = error_reply(
            app.book, app.synth, None, status, [Problem(location, rule, message)], headers
        )
        return with_cors(reply, request)

    def _read_body(self) -> bytes:
        """The body, read within BODY_SECONDS; _BodyError when it cannot be had."""
        deadline = time.monotonic() + BODY_SECONDS
        try:
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                return self._read_chunked(deadline)
            text = (self.headers.get("Content-Length") or "0").strip()
            if not (text.isascii() and text.isdigit()):
                raise _BodyError(400, f"bad Content-Length {text!r}")
            length = int(text)
            if length > MAX_BODY:
                raise _BodyError(413, f"request body larger than {MAX_BODY} bytes")
            return self._read_exactly(length, deadline)
        except TimeoutError:
            raise _BodyError(408, f"the request body did not arrive within {BODY_SECONDS:g}s")
        finally:
            self.connection.settimeout(self.timeout)

    def _bound(self, deadline: float) -> None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        self.connection.settimeout(min(left, float(self.timeout or left)))

    def _read_exactly(self, length: int, deadline: float) -> bytes:
        parts: list[bytes] = []
        left = length
        while left > 0:
            self._bound(deadline)
            part = self.rfile.read1(min(left, 65536))
            if not part:
                raise _BodyError(400, f"the body ended after {length - left} of {length} bytes")
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    def _line(self, deadline: float) -> bytes:
        self._bound(deadline)
        line = self.rfile.readline(_LINE + 1)
        if len(line) > _LINE:
            raise _BodyError(400, "a chunk-size line is too long")
        return line

    def _read_chunked(self, deadline: float) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            text = self._line(deadline).split(b";")[0].strip()
            try:
                size = int(text or b"0", 16)
            except ValueError:
                raise _BodyError(400, f"bad chunk size {text[:20]!r}") from None
            if size == 0:
                while self._line(deadline) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            total += size
            if total > MAX_BODY:
                raise _BodyError(413, f"request body larger than {MAX_BODY} bytes")
            chunks.append(self._read_exactly(size, deadline))
            self._line(deadline)

    def _send(self, reply: MockReply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD" and reply.body:
            self.wfile.write(reply.body)
        self.wfile.flush()

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
