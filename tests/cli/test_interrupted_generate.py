"""Nothing lost: `leadgen generate` killed at any moment, or run twice at once.

The output folder must always be exactly the complete old output or exactly the
complete new one (compared as full tree snapshots: every path, its type, its
permission bits and the hash of its bytes), never a mix, and the temporary
folders a killed run leaves next to it (``.leadgen-tmp-*`` / ``.leadgen-old-*``)
are removed by the next run.

* "before" is generated from a modified copy of specs/*.yaml (another version,
  another description, one extra schema), "after" from specs/*.yaml themselves;
* ``python -m generator generate specs/*.yaml --output OUT --no-cache`` starts on
  OUT = before and gets SIGKILL (whole process group) after t seconds, for a dozen
  t spread over the measured duration of a full render;
* a few more runs are killed at fractions of the measured lifetime of their staging
  folder (from the moment it appears), to land inside the write-and-swap phase
  itself (these use a warm cache in $LEADGEN_CACHE_DIR so that they reach it
  quickly);
* two runs with different spec versions are started at once on the same OUT.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted(p for p in (ROOT / "specs").glob("*.yaml") if not p.name.startswith("."))
LEFTOVER_PREFIXES = (".leadgen-tmp-", ".leadgen-old-")
RUN_TIMEOUT = 120.0  # seconds; a guard against a hung generator, not an expectation
KILL_POINTS = 12
SWAP_KILL_FRACTIONS = (0.0, 0.25, 0.5, 0.75, 0.95)  # of the staging folder's lifetime

pytestmark = pytest.mark.skipif(
    not hasattr(os, "killpg") or sys.platform != "linux",
    reason="SIGKILL of a process group and the renameat2 swap are Linux features",
)

Snapshot = dict[str, tuple[object, ...]]


def snapshot(folder: Path) -> Snapshot | None:
    """Every path below ``folder`` (and itself): kind, permission bits, content hash."""
    if not folder.exists():
        return None
    tree: Snapshot = {".": ("dir", stat.S_IMODE(folder.lstat().st_mode))}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_symlink():
            tree[rel] = ("link", os.readlink(path))
        elif path.is_dir():
            tree[rel] = ("dir", mode)
        else:
            tree[rel] = ("file", mode, hashlib.sha256(path.read_bytes()).hexdigest())
    return tree


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(LEFTOVER_PREFIXES))


def classify(tree: Snapshot | None, before: Snapshot, after: Snapshot) -> str:
    if tree == before:
        return "before"
    if tree == after:
        return "after"
    if tree is None:
        return "MISSING"
    differs = sorted(
        k
        for k in set(tree) | set(before) | set(after)
        if tree.get(k) not in (before.get(k), after.get(k))
    )
    from_before = sum(1 for k in tree if tree.get(k) == before.get(k) != after.get(k))
    from_after = sum(1 for k in tree if tree.get(k) == after.get(k) != before.get(k))
    return (
        f"MIXED ({from_before} paths as before, {from_after} as after, unlike both: {differs[:5]})"
    )


def command(specs: list[str], out: Path, *, cache: bool) -> list[str]:
    args = [sys.executable, "-m", "leadgen", "generate", *specs, "--output", str(out), "--quiet"]
    return args + ([] if cache else ["--no-cache"])


def run(cmd: list[str], env: dict[str, str]) -> float:
    """Run to completion (must succeed); returns the wall time."""
    started = time.monotonic()
    done = subprocess.run(
        cmd, check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT
    )
    elapsed = time.monotonic() - started
    assert (
        done.returncode == 0
    ), f"{' '.join(cmd[2:])} failed ({done.returncode}):\n{done.stderr[-3000:]}"
    return elapsed


def start(cmd: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def kill(proc: subprocess.Popen[bytes]) -> int:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # already gone
    return proc.wait(timeout=RUN_TIMEOUT)


def put(out: Path, pristine: Path | None) -> None:
    """Make ``out`` a copy of ``pristine`` (None: no output folder at all)."""
    if out.exists():
        shutil.rmtree(out)
    if pristine is not None:
        shutil.copytree(pristine, out, symlinks=True)


@dataclass
class Versions:
    work: Path
    env: dict[str, str]
    before_specs: list[str]
    after_specs: list[str]
    before_dir: Path  # pristine outputs, copied into place before each run
    after_dir: Path
    before: Snapshot
    after: Snapshot
    duration: float  # wall time of a full render of specs/*.yaml


def write_previous_specs(folder: Path) -> list[str]:
    """specs/*.yaml as a previous revision: other version and description, one more schema."""
    folder.mkdir()
    for path in SPECS:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc["info"]["version"] = "0.9.0-before"
        doc["info"]["description"] = (
            str(doc["info"].get("description") or "") + "\n\n(Previous revision.)"
        )
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        schemas["RetiredThing"] = {
            "type": "object",
            "description": "Dropped in the next revision.",
            "properties": {"label": {"type": "string"}},
        }
        (folder / path.name).write_text(
            yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return [str(folder / path.name) for path in SPECS]


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Versions]:
    work = tmp_path_factory.mktemp("interrupted")
    env = {**os.environ, "LEADGEN_CACHE_DIR": str(work / "cache"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    before_specs = write_previous_specs(work / "specs-before")
    # relative, as the shell expands specs/*.yaml
    after_specs = [path.relative_to(ROOT).as_posix() for path in SPECS]
    before_dir = work / "pristine-before" / "out"
    after_dir = work / "pristine-after" / "out"
    # cold cache: a full render each, which also warms the cache for the runs that use it
    took_before = run(command(before_specs, before_dir, cache=True), env)
    took_after = run(command(after_specs, after_dir, cache=True), env)
    before, after = snapshot(before_dir), snapshot(after_dir)
    assert before is not None and after is not None
    assert before != after
    assert set(before) != set(after), "the previous revision should also have other files"
    print(
        f"\nfull render: before {took_before:.2f} s, after {took_after:.2f} s; {len(after)} paths"
    )
    yield Versions(
        work, env, before_specs, after_specs, before_dir, after_dir, before, after, took_after
    )


def test_sigkill_at_a_dozen_moments_leaves_before_or_after(versions: Versions) -> None:
    v = versions
    out = v.work / "killed" / "out"
    out.parent.mkdir()
    started_all = time.monotonic()
    outcomes: list[tuple[float, int, str, list[str]]] = []
    for i in range(KILL_POINTS):
        t = v.duration * (0.04 + i * 0.087)  # 0.04 .. 1.0 of a full render
        put(out, v.before_dir)
        launched = time.monotonic()
        proc = start(command(v.after_specs, out, cache=False), v.env)
        time.sleep(max(0.0, launched + t - time.monotonic()))
        code = kill(proc)
        outcomes.append((t, code, classify(snapshot(out), v.before, v.after), leftovers(out)))
    for t, code, state, left in outcomes:
        print(f"kill at {t:5.2f} s: exit {code:3d} -> {state}; leftovers {left}")
    print(f"{KILL_POINTS} killed runs in {time.monotonic() - started_all:.1f} s")
    assert all(state in ("before", "after") for _, _, state, _ in outcomes), outcomes
    # (which kill points still find "before" depends on the machine's load; the write phase
    # itself is targeted by test_sigkill_during_the_write_and_swap)

    # the next run repairs: stale temporary folders go, including ones planted here
    parent = out.parent
    (parent / f".leadgen-tmp-{out.name}-planted").mkdir()
    (parent / f".leadgen-tmp-{out.name}-planted" / "half.py").write_text("# half written\n")
    (parent / f".leadgen-old-{out.name}-planted").mkdir()
    put(out, v.before_dir)
    run(command(v.after_specs, out, cache=True), v.env)
    assert classify(snapshot(out), v.before, v.after) == "after"
    assert leftovers(out) == []


def wait_for_staging(proc: subprocess.Popen[bytes], out: Path, seen: set[str]) -> float | None:
    """Poll until this run's staging folder appears; the moment it did, or None if the run ended first."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while proc.poll() is None and time.monotonic() < deadline:
        if set(leftovers(out)) - seen:
            return time.monotonic()
        time.sleep(0.0002)
    return None


def test_sigkill_during_the_write_and_swap(versions: Versions) -> None:
    v = versions
    out = v.work / "swap" / "out"
    out.parent.mkdir()
    # calibration: how long the staging folder lives in an uninterrupted (cached) run
    put(out, v.before_dir)
    seen = set(leftovers(out))
    proc = start(command(v.after_specs, out, cache=True), v.env)
    appeared = wait_for_staging(proc, out, seen)
    gone = None
    while appeared is not None and proc.poll() is None:
        if not set(leftovers(out)) - seen:
            gone = time.monotonic()
            break
        time.sleep(0.0002)
    assert proc.wait(timeout=RUN_TIMEOUT) == 0
    window = ((gone or time.monotonic()) - appeared) if appeared is not None else 0.01
    assert classify(snapshot(out), v.before, v.after) == "after"
    print(
        f"\nstaging folder lived {window * 1000:.1f} ms (build aside, swap, delete the old output)"
    )

    outcomes: list[tuple[float, int, str, list[str]]] = []
    for fraction in SWAP_KILL_FRACTIONS:
        put(out, v.before_dir)
        seen = set(leftovers(out))
        proc = start(command(v.after_specs, out, cache=True), v.env)
        appeared = wait_for_staging(proc, out, seen)
        if appeared is not None:
            time.sleep(max(0.0, appeared + fraction * window - time.monotonic()))
        code = kill(proc)
        left = sorted(set(leftovers(out)) - seen)
        state = classify(snapshot(out), v.before, v.after)
        outcomes.append((fraction if appeared is not None else -1.0, code, state, left))
    for fraction, code, state, left in outcomes:
        when = (
            f"{fraction * window * 1000:5.1f} ms after staging appeared"
            if fraction >= 0
            else "(never caught)"
        )
        print(f"kill {when}: exit {code:3d} -> {state}; left behind {left}")
    assert all(state in ("before", "after") for _, _, state, _ in outcomes), outcomes
    assert any(fraction >= 0 for fraction, *_ in outcomes), "no run was caught while writing"
    run(command(v.after_specs, out, cache=True), v.env)  # the next run cleans up
    assert classify(snapshot(out), v.before, v.after) == "after"
    assert leftovers(out) == []


@pytest.mark.parametrize(
    ("initial", "stagger"),
    [(None, 0.0), ("empty", 0.02), ("before", -0.02)],
    ids=["no-output-yet", "empty-folder", "from-before"],
)
def test_two_concurrent_runs_leave_one_complete_output(
    versions: Versions, initial: str | None, stagger: float
) -> None:
    """Runs of both spec versions at once; ``stagger`` > 0 starts the after-run a little
    later, < 0 the before-run. Both must succeed and leave one complete output."""
    v = versions
    out = v.work / f"concurrent-{initial}" / "out"
    out.parent.mkdir()
    if initial == "empty":
        out.mkdir()
    else:
        put(out, v.before_dir if initial == "before" else None)
    started = time.monotonic()
    first, second = (
        (v.before_specs, v.after_specs) if stagger >= 0 else (v.after_specs, v.before_specs)
    )
    a = start(command(first, out, cache=True), v.env)
    time.sleep(abs(stagger))
    b = start(command(second, out, cache=True), v.env)
    codes = (a.wait(timeout=RUN_TIMEOUT), b.wait(timeout=RUN_TIMEOUT))
    state = classify(snapshot(out), v.before, v.after)
    print(
        f"\nconcurrent runs from {initial}: exits {codes} -> {state} in {time.monotonic() - started:.2f} s"
    )
    assert codes == (0, 0)
    assert state in ("before", "after")
    assert leftovers(out) == []
