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


SPEC_WITH_SHARED_REF = """\
openapi: 3.1.0
info: {title: Shop, version: "1"}
servers: [{url: "https://api.shop.test"}]
paths:
  /items:
    get:
      operationId: listItems
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "../shared/item.yaml"}
"""

SHARED_ITEM = """\
type: object
description: {text}
properties:
  id: {{type: string}}
"""


def test_watch_with_root_regenerates_when_a_shared_file_outside_the_spec_folder_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADGEN_CACHE_DIR", str(tmp_path / "cache"))
    spec = tmp_path / "api" / "shop.yaml"
    spec.parent.mkdir()
    spec.write_text(SPEC_WITH_SHARED_REF)
    shared = tmp_path / "shared" / "item.yaml"
    shared.parent.mkdir()
    shared.write_text(SHARED_ITEM.format(text="First words."))
    out = tmp_path / "generated"
    lines: queue.Queue[str] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=watch,
        args=([Client(spec=spec, package="shop")], out),
        kwargs={"root": tmp_path, "stop": stop, "emit": lines.put},
    )
    thread.start()
    try:
        first = wait_for(lines, "generated/shop")
        assert "regenerated" in first  # the $ref outside the spec's folder was allowed by root
        wait_for(lines, "watching")
        shared.write_text(SHARED_ITEM.format(text="Second words."))
        wait_for(lines, "regenerated")
        models = "".join(p.read_text() for p in (out / "shop" / "models").glob("*.py"))
        assert "Second words." in models
    finally:
        stop.set()
        thread.join(timeout=60)  # a safety net: the watcher ends once stop is set
    assert not thread.is_alive()
