"""Run a folder of generated tests with pytest in a fresh process and read its JUnit report."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ROOT", "Outcome", "run_generated_tests"]

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Outcome:
    returncode: int
    output: str
    passed: list[str]  # test function names (without parameters) of passed tests
    not_passed: list[str]  # failed, errored or skipped, with their parameters

    def report(self) -> str:
        return f"exit {self.returncode}; not passed: {self.not_passed}\n{self.output[-6000:]}"


def run_generated_tests(folder: Path, tmp_path: Path, env: dict[str, str] | None = None) -> Outcome:
    """`python -m pytest FOLDER` from the repository root, in a new process."""
    report = tmp_path / f"{folder.parent.name}-junit.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
         str(folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    passed, not_passed = [], []
    if report.is_file():
        for case in ET.parse(report).getroot().iter("testcase"):
            name = case.get("name", "")
            if any(case.find(tag) is not None for tag in ("failure", "error", "skipped")):
                not_passed.append(name)
            else:
                passed.append(name.split("[", 1)[0])
    return Outcome(result.returncode, result.stdout + result.stderr, passed, not_passed)
