#!/usr/bin/env python3
"""Import time of a generated package and the time of its first call (over MockTransport).

    .venv/bin/python bench/bench_import.py OUTPUT_DIR PACKAGE RESOURCE METHOD

Each figure is the best of five fresh interpreters; the call answers with an empty JSON list.
"""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys, time
sys.path.insert(0, {out!r})
t0 = time.perf_counter()
import {pkg}
t1 = time.perf_counter()
import httpx
http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={{"data": [], "has_more": False, "object": "list", "url": "/"}})))
client = {pkg}.Client(base_url="https://api.example.com", http_client=http)
method = getattr(getattr(client, {resource!r}), {method!r})
try:
    method()
except Exception as exc:
    print(type(exc).__name__, file=sys.stderr)
t2 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "first_call": t2 - t1}}))
"""


def main() -> int:
    out, pkg, resource, method = sys.argv[1:5]
    runs = []
    for _ in range(5):
        code = PROBE.format(out=out, pkg=pkg, resource=resource, method=method)
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(result.stdout))
    print(f"import {pkg}: {min(r['import'] for r in runs):.3f} s; "
          f"first call {resource}.{method}: {min(r['first_call'] for r in runs):.3f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
