"""docs/leadgen-diff-workflow.yml: its commands use real flags, and its diff step does its job."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from leadgen.cli import build_parser
from leadgen.diff.report import MARKDOWN_MARKER

from tests.diff.diff_helpers import UPD, base_spec, dump, edited, put
from tests.diff.test_diff_git import git

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "docs" / "leadgen-diff-workflow.yml"
BIN = Path(sys.executable).parent


def _steps() -> list[dict[str, Any]]:
    document = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    triggers = document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    assert document["permissions"]["pull-requests"] == "write"
    (job,) = document["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def _step(name: str) -> dict[str, Any]:
    return next(s for s in _steps() if s.get("name", "").startswith(name))


def _commands(script: str, program: str) -> list[list[str]]:
    """Each command of a step's script that runs `program`, split as the shell would."""
    found = []
    for line in script.splitlines():
        for part in re.split(r"\|\||;|&&", line):
            words = shlex.split(part.split(" > ")[0], comments=True)
            while words[:1] and words[0] in ("if", "then", "else"):
                words = words[1:]
            if words[:1] == [program]:
                found.append(words)
    return found


def test_it_is_not_an_active_workflow_of_this_repository() -> None:
    assert WORKFLOW.parent.name == "docs" and ".github" not in WORKFLOW.parts


def test_checkout_keeps_the_history_for_base() -> None:
    checkout = next(s for s in _steps() if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_it_installs_this_distribution() -> None:
    name = re.search(r'^name = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.MULTILINE)
    assert name is not None
    (install,) = _commands(_step("Install leadgen")["run"], "pip")
    assert install[:2] == ["pip", "install"] and install[2].startswith(f"{name.group(1)} @ git+")


def test_the_diff_command_uses_real_flags() -> None:
    step = _step("Compare the specs")
    assert step["env"]["BASE_REF"] == "${{ github.base_ref }}"
    (command,) = _commands(step["run"], "leadgen")
    args = build_parser().parse_args(command[1:])  # exits on an unknown flag or value
    assert args.command == "diff" and args.base == "origin/$BASE_REF"
    assert (args.format, args.fail_on, args.specs) == ("markdown", "ERR", [])


def test_the_comment_is_edited_else_posted() -> None:
    step = _step("Post or update")
    assert step["env"]["GH_TOKEN"] == "${{ github.token }}"
    first, fallback = _commands(step["run"], "gh")
    assert first == ["gh", "pr", "comment", "$PR", "--body-file", "diff.md", "--edit-last"]
    assert fallback == ["gh", "pr", "comment", "$PR", "--body-file", "diff.md"]
    assert "--edit-last || gh pr comment" in step["run"]  # posted only when none to edit


def test_the_job_fails_when_the_diff_step_did() -> None:
    assert _step("Fail on breaking changes")["if"] == "steps.diff.outputs.status != '0'"


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A checkout as a pull request sees it: origin/main, and a spec changed on top of it."""
    root = tmp_path / "checkout"
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "shop.yaml").write_text(dump(base_spec()))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    return root


def _run_diff_step(checkout: Path, cache: Path) -> tuple[dict[str, str], str]:
    output, summary = checkout.parent / "output", checkout.parent / "summary"
    env = {**os.environ, "BASE_REF": "main", "GITHUB_OUTPUT": str(output),
           "GITHUB_STEP_SUMMARY": str(summary), "LEADGEN_CACHE_DIR": str(cache),
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # fmt: skip
    bash = shutil.which("bash")
    assert bash is not None
    script = "set -e\n" + _step("Compare the specs")["run"]
    subprocess.run([bash, "-c", script], cwd=checkout, env=env, check=True)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    output.unlink()
    return outputs, (checkout / "diff.md").read_text()


@pytest.mark.skipif(os.name == "nt", reason="the step is a bash script for ubuntu-latest")
@pytest.mark.skipif(not (BIN / "leadgen").is_file(), reason="no leadgen command beside python")
def test_the_diff_step_writes_the_comment_and_its_status(
    pull_request: Path, diff_cache: Path
) -> None:
    spec = pull_request / "specs" / "shop.yaml"
    spec.write_text(dump(edited(put(UPD + "/required/1", "score"))))
    outputs, comment = _run_diff_step(pull_request, diff_cache)
    assert outputs == {"status": "1"}
    assert comment.startswith(MARKDOWN_MARKER + "\n## leadgen diff: 1 ERR, 0 WARN, 0 INFO\n")
    assert "<details open><summary><b>PATCH /leads/{leadId}</b> · 1 ERR</summary>" in comment
    assert (pull_request.parent / "summary").read_text() == comment

    spec.write_text(dump(edited(put(UPD + "/required", []))))  # only accepts more
    outputs, comment = _run_diff_step(pull_request, diff_cache)
    assert outputs == {"status": "0"} and "0 ERR, 0 WARN, 1 INFO" in comment
