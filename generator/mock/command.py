"""`leadgen mock SPEC [--host H] [--port N] [--dynamic] [--seed N]`: serve a spec until
SIGINT or SIGTERM (exit 0).

The handlers of both signals only set an event, which the main thread waits on in
short steps, then the server stops: open connections are woken and joined, so
the process ends within a second of the signal. The first line on stdout is `leadgen mock listening on http://HOST:PORT`
(flushed), so a caller that passed `--port 0` can read the port; the routes
and one line per request go to stderr.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import os
import signal
import sys
import threading
from types import FrameType

from ..errors import Diagnostic, LeadgenError
from .app import MockApp
from .callbacks import printable
from .server import MockServer

__all__ = ["DEFAULT_PORT", "cmd_mock"]

DEFAULT_PORT = 4010
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
SECRET_VARIABLE = "LEADGEN_MOCK_WEBHOOK_SECRET"  # signs the callbacks the mock sends


def _webhook_secret(spec: str) -> bytes | None:
    """The key of $LEADGEN_MOCK_WEBHOOK_SECRET (`whsec_<base64>`), None when unset."""
    text = os.environ.get(SECRET_VARIABLE, "")
    if not text:
        return None
    try:
        return base64.b64decode(text.removeprefix("whsec_"), validate=True)
    except (binascii.Error, ValueError):
        problem = f"${SECRET_VARIABLE} is not a signing secret (whsec_ then base64)"
        hint = "set it to the secret your webhook receiver verifies with"
        raise LeadgenError([Diagnostic(spec, None, None, "", problem, hint)]) from None


def cmd_mock(args: argparse.Namespace) -> int:
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    wanted = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, on_signal) for sig in wanted}
    dynamic, seed = getattr(args, "dynamic", False), getattr(args, "seed", None)
    server = MockServer(args.spec, host=args.host, port=args.port)
    try:
        server.app = MockApp.from_spec(
            args.spec,
            dynamic=dynamic,
            seed=seed,
            callbacks_anywhere=getattr(args, "callbacks_anywhere", False),
            webhook_secret=_webhook_secret(str(args.spec)),
        )
        try:
            server.start()
        except OSError as exc:
            raise LeadgenError(
                [
                    Diagnostic(
                        str(args.spec),
                        None,
                        None,
                        "",
                        f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
                        "choose another --port, or --port 0 for a free one",
                    )
                ]
            ) from None
        print(f"leadgen mock listening on {server.url}", flush=True)
        _describe(server, args.host)
        while not stop.wait(0.1):
            pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("leadgen mock: stopped", file=sys.stderr, flush=True)
    return 0


def _describe(server: MockServer, host: str) -> None:
    assert server.app is not None
    prefix = server.app.router.prefixes[0] if server.app.router.prefixes else ""
    callbacks = server.app.callbacks.by_operation
    for op in server.app.api.operations:
        print(f"  {op.method:7} {prefix}{op.path}", file=sys.stderr)
        for hook in callbacks.get(op.pointer, ()):
            where = printable(hook.expression)
            print(f"    callback {printable(hook.name)}: {hook.method} {where}", file=sys.stderr)
    if host not in _LOOPBACK:
        print(
            f"leadgen mock: warning: listening on {host}, not only on this machine", file=sys.stderr
        )
    sys.stderr.flush()
