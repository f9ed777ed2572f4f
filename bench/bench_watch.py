#!/usr/bin/env python3
"""Seconds from saving a shipped spec to `leadgen watch` reporting its package regenerated."""

from __future__ import annotations

import os
import queue
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leadgen.config import Client, package_name
from leadgen.watch import watch


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LEADGEN_CACHE_DIR"] = str(Path(tmp) / "cache")
        specs = []
        for name in ("inboxapp.yaml", "puffle.yaml", "lead-management.yaml"):
            specs.append(Path(tmp) / "specs" / name)
            specs[-1].parent.mkdir(exist_ok=True)
            shutil.copy(ROOT / "specs" / name, specs[-1])
        lines: queue.Queue[str] = queue.Queue()
        stop = threading.Event()
        thread = threading.Thread(
            target=watch,
            args=([Client(spec=s, package=package_name(s.stem)) for s in specs], Path(tmp) / "out"),
            kwargs={"stop": stop, "emit": lines.put},
        )
        thread.start()
        while "watching" not in lines.get(timeout=120):
            pass
        for spec in specs:
            for round_ in range(3):
                saved = time.monotonic()
                spec.write_text(spec.read_text().replace("summary: ", f"summary: r{round_} ", 1))
                while "regenerated" not in (line := lines.get(timeout=60)):
                    pass
                print(
                    f"{spec.name:22} save -> regenerated {time.monotonic() - saved:5.2f} s  ({line.split(' in ')[-1]} inside)"
                )
        stop.set()
        thread.join()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
