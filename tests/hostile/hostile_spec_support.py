"""Helpers of the hostile-spec suite: run leadgen in-process, import what it wrote, check errors.

Generation runs in-process through ``leadgen.cli.main`` (a traceback would fail the test);
generated code is imported in a fresh subprocess when the point is to prove that importing it
runs nothing, and in-process (``imported``) when a test needs the objects themselves.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from leadgen.cli import main

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"
ROOT = HERE.parent.parent
# What the payloads try to do: create a file named PWNED, print HOSTILE_RAN. The spec only
# ever spells the marker as "HOSTILE" + "_RAN", so it shows up only if spec text runs.
SENTINEL = "PWNED"
MARKER = "HOSTILE_RAN"
# `file:line:col: pointer: message (hint)`, as the CLI prints every diagnostic.
DIAGNOSTIC = re.compile(
    r"^(?P<file>[^\n]+?)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<pointer>#|/[^\n]*?): (?P<message>.+)$"
)
# PEP 263: a comment in the first two lines that would set the source encoding.
CODING_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


@dataclass
class Run:
    """One in-process `leadgen` run: exit code and what it printed."""

    code: int
    out: str
    err: str

    def __str__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


def leadgen(*argv: str | Path) -> Run:
    """`leadgen ARGV` in this process (LEADGEN_CACHE_DIR is a temporary folder: see conftest)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return Run(code, out.getvalue(), err.getvalue())


def generate(spec: Path, out: Path, *extra: str) -> Run:
    return leadgen("generate", spec, "--output", out, "--quiet", *extra)


def diagnostics(run: Run) -> list[re.Match[str]]:
    """Every stderr line of a refused run, parsed; fails on a line that is not a diagnostic."""
    lines = [line for line in run.err.splitlines() if line.strip()]
    parsed = [DIAGNOSTIC.match(line) for line in lines]
    bad = [line for line, m in zip(lines, parsed) if m is None]
    assert not bad, f"not a diagnostic: {bad}\n{run}"
    return [m for m in parsed if m is not None]


def assert_refused(
    run: Run, file_name: str, *needles: str, positioned: bool = True
) -> re.Match[str]:
    """Exit 2 with clear diagnostics only: the file, a line or a JSON pointer, the message.

    Returns the first diagnostic; `needles` must all appear in stderr.
    """
    assert run.code == 2, str(run)
    assert "Traceback" not in run.err + run.out, str(run)
    found = diagnostics(run)
    assert found, str(run)
    first = found[0]
    assert Path(first["file"]).name == file_name, str(run)
    if positioned:
        assert first["line"] is not None or first["pointer"] != "#", f"no line nor pointer: {run}"
    for needle in needles:
        assert needle in run.err, f"{needle!r} not in:\n{run}"
    return first


def files_under(root: Path) -> set[str]:
    """Every file below `root` (relative, POSIX), bytecode caches left out."""
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if not p.is_dir() and "__pycache__" not in p.parts
    }


def python(
    code: str, *, cwd: Path, path: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter with `path` first on sys.path and `cwd` as working folder."""
    env = {**os.environ, "PYTHONPATH": str(path), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def forget(package: str) -> None:
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


@contextlib.contextmanager
def imported(out: Path, package: str) -> Iterator[ModuleType]:
    """`package` imported from `out` (a fresh sys.path entry), forgotten again afterwards."""
    forget(package)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        forget(package)


# The subprocess that imports every module of every package, then asks each command line
# for its help: one JSON line per package on stdout, after whatever the modules printed.
IMPORT_EVERYTHING = r"""
import contextlib, importlib, io, json, pkgutil, sys, traceback
for package in sys.argv[1:]:
    report = {"package": package, "modules": [], "errors": [], "help": ""}
    try:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            importlib.import_module(info.name)
            report["modules"].append(info.name)
        cli = importlib.import_module(package + ".cli")
        text = io.StringIO()
        argvs = [["--help"]] + [[*c.words, "--help"] for c in cli.CLI.commands]
        argvs += [list(words) + ["--help"] for words, _ in cli.CLI.groups]
        for argv in argvs:
            with contextlib.redirect_stdout(text), contextlib.redirect_stderr(text):
                try:
                    cli.main(argv)
                except SystemExit:
                    pass
        report["help"] = text.getvalue()
    except BaseException:
        report["errors"].append(traceback.format_exc())
    print("REPORT " + json.dumps(report))
"""


def import_everything(
    out: Path, packages: list[str], sandbox: Path
) -> tuple[dict[str, dict[str, object]], str]:
    """Import every module of `packages` (from `out`) in one subprocess whose working folder is
    `sandbox`; per package, the modules imported, any traceback and the help texts, and the
    whole raw output (stdout + stderr)."""
    result = python(
        IMPORT_EVERYTHING.replace("sys.argv[1:]", repr(packages)), cwd=sandbox, path=out
    )
    reports = {}
    for line in result.stdout.splitlines():
        if line.startswith("REPORT "):
            report = json.loads(line[len("REPORT ") :])
            reports[report["package"]] = report
    return reports, result.stdout + result.stderr
