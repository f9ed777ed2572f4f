"""`leadgen watch`: a saved spec is regenerated; a broken save keeps the output.

How soon after the save is measured by `bench/bench_watch.py`, not asserted here."""

from __future__ import annotations

import queue
import shutil
import threading
import time
from pathlib import Path

import pytest
from leadgen.config import Client
from leadgen.watch import watch

ROOT = Path(__file__).resolve().parents[2]


def wait_for(lines: queue.Queue[str], needle: str, timeout: float = 120.0) -> str:
    """The first line with `needle`; `timeout` is a safety net against a watcher that never
    reports, not an expectation."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        if needle in line:
            return line
    raise AssertionError(f"no line with {needle!r} within {timeout}s")


def test_watch_regenerates_on_save_and_keeps_output_on_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADGEN_CACHE_DIR", str(tmp_path / "cache"))
    spec = tmp_path / "specs" / "puffle.yaml"
    spec.parent.mkdir()
    shutil.copy(ROOT / "specs" / "puffle.yaml", spec)
    out = tmp_path / "generated"
    lines: queue.Queue[str] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=watch,
        args=([Client(spec=spec, package="puffle")], out),
        kwargs={"stop": stop, "emit": lines.put},
    )
    thread.start()
    try:
        wait_for(lines, "watching")
        spec.write_text(spec.read_text().replace("Update Lead in Campaign", "Edit a campaign lead"))
        line = wait_for(lines, "regenerated")
        assert "generated/puffle" in line
        assert "Edit a campaign lead" in (out / "puffle" / "resources" / "campaigns.py").read_text()
        before = (out / "puffle" / "resources" / "campaigns.py").read_text()
        spec.write_text("openapi: [broken\n")
        wait_for(lines, "output kept")
        assert (out / "puffle" / "resources" / "campaigns.py").read_text() == before
    finally:
        stop.set()
        thread.join(timeout=60)  # a safety net: the watcher ends once stop is set
    assert not thread.is_alive()
