"""The hooks of .pre-commit-hooks.yaml, used as a consumer repository uses them: pre-commit
installs a clone of this repository's committed HEAD (`pip install .`) and runs the hooks on
specs/ and generated/ of a repository of its own."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.packaging.support import PETSTORE, clean_env

TIMEOUT = 600  # seconds: a safety net for hung subprocesses, not a speed requirement
HOOKS = ("leadgen validate", "leadgen check")


@dataclass(frozen=True)
class Consumer:
    """A git repository with specs/petstore.yaml and a .pre-commit-config.yaml using both hooks."""

    root: Path
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args,
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )

    def pre_commit(self) -> tuple[int, dict[str, str], str]:
        """`pre-commit run --all-files`: exit code, each hook's result, the whole output."""
        self.run("git", "add", "--all")
        result = self.run(sys.executable, "-m", "pre_commit", "run", "--all-files")
        output = result.stdout + result.stderr
        found = re.findall(r"^(leadgen \w+)\.+(Passed|Failed|Skipped)", output, re.MULTILINE)
        return result.returncode, dict(found), output

    def generate(self) -> None:
        """`leadgen generate`, as the consumer runs it after changing a spec."""
        result = self.run(sys.executable, "-m", "leadgen", "generate", "--quiet")
        assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def consumer(head_clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Consumer:
    """The consumer repository; pre-commit's home (its clone and hook venv) is in tmp too."""
    tmp = tmp_path_factory.mktemp("pre-commit")
    sha = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=head_clone, capture_output=True, text=True, check=True
    ).stdout.strip()
    root = tmp / "consumer"
    (root / "specs").mkdir(parents=True)
    shutil.copyfile(PETSTORE, root / "specs" / "petstore.yaml")
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {head_clone}\n"
        f"    rev: {sha}\n"
        "    hooks:\n"
        "      - id: leadgen-validate\n"
        "      - id: leadgen-check\n",
        encoding="utf-8",
    )
    env = clean_env(
        PRE_COMMIT_HOME=str(tmp / "home"),
        LEADGEN_CACHE_DIR=str(tmp / "cache"),
        BLACK_CACHE_DIR=str(tmp / "black"),
    )
    consumer = Consumer(root, env)
    result = consumer.run("git", "init", "--quiet")
    assert result.returncode == 0, result.stderr
    return consumer


def test_validate_passes_and_check_fails_while_generated_is_missing(consumer: Consumer) -> None:
    shutil.rmtree(consumer.root / "generated", ignore_errors=True)
    code, hooks, output = consumer.pre_commit()
    assert (code, hooks) == (1, {"leadgen validate": "Passed", "leadgen check": "Failed"}), output
    assert "generated is stale: run `leadgen generate`" in output


def test_check_passes_after_generate_and_fails_again_when_the_spec_changes(
    consumer: Consumer,
) -> None:
    consumer.generate()
    code, hooks, output = consumer.pre_commit()
    assert (code, hooks) == (0, dict.fromkeys(HOOKS, "Passed")), output

    spec = consumer.root / "specs" / "petstore.yaml"
    edited = spec.read_text(encoding="utf-8").replace("Get one pet", "Fetch one pet")
    spec.write_text(edited, encoding="utf-8")
    code, hooks, output = consumer.pre_commit()
    assert (code, hooks) == (1, {"leadgen validate": "Passed", "leadgen check": "Failed"}), output
    assert "\n+Fetch one pet\n" in output  # the README line, in the diff

    consumer.generate()
    code, hooks, output = consumer.pre_commit()
    assert (code, hooks) == (0, dict.fromkeys(HOOKS, "Passed")), output
