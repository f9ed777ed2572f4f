#!/usr/bin/env python3
"""Time the generated clients reading and parsing large response bodies (not part of the tests).

    .venv/bin/python bench/bench_runtime_bodies.py [--repeat 3]

The committed clients in generated/ (inboxapp, lead_management), sync and async, call a local
HTTP server that answers with a prepared body. Each figure is the best of --repeat calls and
covers the whole call (request, body read, JSON decode, model parsing). The two sizes of the
unknown array show how the time grows: linear growth gives a ratio of about 5.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generated"))

import inboxapp
import lead_management

ADD_OK = {"added": 2, "skipped": 1, "failed": 0}
LEAD_OK = {
    "success": True,
    "data": {
        "id": "lead_1",
        "name": "Ada",
        "status": "new",
        "createdAt": "2024-01-01T00:00:00Z",
        "updatedAt": "2024-01-02T00:00:00Z",
        "workspaceId": "ws_1",
    },
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        status, content_type, body = self.server.reply
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    reply: tuple[int, str, bytes] = (200, "application/json", b"{}")


def add_leads(client: Any) -> Any:
    return client.campaigns.add_leads("camp1", usernames=["ada", "grace"])


def update_lead(client: Any) -> Any:
    return client.leads.update("lead_1", name="Ada", status="contacted")


def _cases() -> list[tuple[str, Any, Callable[[Any], Any], int, str, bytes]]:
    """(label, package, operation, status, content type, body)."""
    items = {
        n: [{"id": f"lead_{i}", "n": i, "tags": ["a", "b"]} for i in range(n)]
        for n in (10_000, 50_000)
    }
    metadata = {f"key_{i}": {"v": i} for i in range(50_000)}
    page = b"<html><body>" + b"<p>sorry</p>" * 1_700_000 + b"</body></html>"
    js = "application/json"

    def dump(value: Any) -> bytes:
        return json.dumps(value).encode()

    return [
        ("add_leads, 20 MB unknown string", inboxapp, add_leads, 200, js,
         dump({**ADD_OK, "padding": "x" * 20_000_000})),
        ("add_leads, 10k-item unknown array", inboxapp, add_leads, 200, js,
         dump({**ADD_OK, "items": items[10_000]})),
        ("add_leads, 50k-item unknown array", inboxapp, add_leads, 200, js,
         dump({**ADD_OK, "items": items[50_000]})),
        ("leads.update, 50k metadata keys", lead_management, update_lead, 200, js,
         dump({**LEAD_OK, "data": {**LEAD_OK["data"], "metadata": metadata}})),
        ("leads.update, 20 MB HTML 500", lead_management, update_lead, 500, "text/html", page),
    ]  # fmt: skip


def _sync_call(pkg: Any, url: str, op: Callable[[Any], Any]) -> float:
    with pkg.Client(base_url=url, token="bench", max_retries=0) as client:
        started = time.perf_counter()
        try:
            op(client)
        except pkg.APIStatusError:
            pass  # the 500 case: the error carries the body
        return time.perf_counter() - started


def _async_call(pkg: Any, url: str, op: Callable[[Any], Any]) -> float:
    async def main() -> float:
        async with pkg.AsyncClient(base_url=url, token="bench", max_retries=0) as client:
            started = time.perf_counter()
            try:
                await op(client)
            except pkg.APIStatusError:
                pass
            return time.perf_counter() - started

    return asyncio.run(main())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="calls per figure (best is kept)")
    args = parser.parse_args()
    server = _Server(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    best: dict[tuple[str, str], float] = {}
    try:
        for label, pkg, op, status, content_type, body in _cases():
            server.reply = (status, content_type, body)
            for mode, call in (("sync", _sync_call), ("async", _async_call)):
                seconds = min(call(pkg, url, op) for _ in range(args.repeat))
                best[label, mode] = seconds
                print(f"{label:38} {mode:5} {len(body) / 1e6:6.1f} MB  {seconds:7.3f} s")
    finally:
        server.shutdown()
        server.server_close()
    for mode in ("sync", "async"):
        small = best["add_leads, 10k-item unknown array", mode]
        large = best["add_leads, 50k-item unknown array", mode]
        print(f"unknown array 50k / 10k, {mode}: {large / small:.1f} (linear: about 5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
