"""Sides read from git: `REV:path`, and `--base REV` over the specs of a temporary repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from leadgen.cli import main

from tests.diff.diff_helpers import LEAD, base_spec, dump, edited, put

ROOT = Path(__file__).resolve().parents[2]


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with specs/inboxapp.yaml and specs/shop.yaml committed; the working folder."""
    root = tmp_path / "repo"
    (root / "specs").mkdir(parents=True)
    shutil.copy(ROOT / "specs" / "inboxapp.yaml", root / "specs" / "inboxapp.yaml")
    (root / "specs" / "shop.yaml").write_text(dump(base_spec()))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "specs")
    monkeypatch.chdir(root)
    return root


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code = main(["diff", *args, "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out else {}


def test_base_compares_every_spec_with_its_committed_version(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = repo / "specs" / "inboxapp.yaml"
    spec.write_text(spec.read_text().replace("        - failed\n", "", 1))
    code, report = run_json(["--base", "HEAD"], capsys)
    assert code == 0
    assert report["comparisons"] == [
        {"old": "HEAD:specs/inboxapp.yaml", "new": "specs/inboxapp.yaml"},
        {"old": "HEAD:specs/shop.yaml", "new": "specs/shop.yaml"},
    ]
    (finding,) = report["findings"]
    assert finding["rule"] == "response-enum-value-removed"
    assert finding["old"]["file"] == "HEAD:specs/inboxapp.yaml"
    assert finding["new"]["file"] == "specs/inboxapp.yaml"
    assert "inboxapp.models.LeadStage" in finding["symbols"]
    assert main(["diff", "--base", "HEAD", "--fail-on", "INFO"]) == 1
    capsys.readouterr()


def test_base_reports_added_and_removed_specs(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "specs" / "shop.yaml").unlink()
    (repo / "specs" / "store.yaml").write_text(dump(base_spec()))
    code, report = run_json(["--base", "HEAD", "--fail-on", "ERR"], capsys)
    assert code == 1
    found = {f["rule"]: f for f in report["findings"]}
    assert set(found) == {"spec-added", "spec-removed"}
    added, removed = found["spec-added"], found["spec-removed"]
    assert (added["level"], added["spec"], added["symbols"]) == (
        "INFO",
        "specs/store.yaml",
        ["store"],
    )
    assert added["new"]["line"] == 1 and added["old"] is None
    assert (removed["level"], removed["spec"], removed["symbols"]) == (
        "ERR",
        "specs/shop.yaml",
        ["shop"],
    )
    assert removed["old"]["file"] == "HEAD:specs/shop.yaml" and removed["new"] is None
    assert "removed since HEAD" in removed["message"]


def test_revision_path_form_and_explicit_specs(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "specs" / "shop.yaml").write_text(dump(edited(put(LEAD + "/required", ["id"]))))
    code, report = run_json(["HEAD:specs/shop.yaml", "specs/shop.yaml"], capsys)
    assert code == 0
    assert {f["rule"] for f in report["findings"]} == {"response-property-became-optional"}
    code, report = run_json(["--base", "HEAD", "specs/shop.yaml"], capsys)
    assert [c["new"] for c in report["comparisons"]] == ["specs/shop.yaml"]
    assert {f["rule"] for f in report["findings"]} == {"response-property-became-optional"}


def test_multi_file_spec_at_a_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = repo / "specs" / "multi"
    folder.mkdir()
    spec = edited(
        put(LEAD + "/properties/score", {"$ref": "parts/common.yaml#/components/schemas/Score"})
    )
    (folder / "api.yaml").write_text(dump(spec))
    (folder / "parts").mkdir()
    common = folder / "parts" / "common.yaml"
    common.write_text(dump({"components": {"schemas": {"Score": {"type": "integer"}}}}))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "multi")
    common.write_text(dump({"components": {"schemas": {"Score": {"type": "string"}}}}))
    code, report = run_json(["--base", "HEAD", "specs/multi/api.yaml"], capsys)
    assert code == 0
    assert [(f["rule"], f["operations"]) for f in report["findings"]] == [
        ("response-type-changed", ["GET /leads/{leadId}", "PATCH /leads/{leadId}"]),
    ]
    code, report = run_json(["HEAD~1:specs/multi/api.yaml", "HEAD:specs/multi/api.yaml"], capsys)
    assert code == 2  # the spec did not exist one commit earlier


def test_unusable_git_input_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--base", "no-such-rev"]) == 2
    assert "unknown git revision 'no-such-rev'" in capsys.readouterr().err
    assert main(["diff", "HEAD:specs/missing.yaml", "specs/shop.yaml"]) == 2
    assert "no such file at revision HEAD" in capsys.readouterr().err
    assert main(["diff", "--base", "HEAD", "specs/never.yaml"]) == 2
    assert "neither on disk nor at HEAD" in capsys.readouterr().err


def test_outside_a_repository_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["diff", "--base", "HEAD"]) == 2
    assert "not inside a git repository" in capsys.readouterr().err


def test_configured_package_names_the_symbols_of_revisions(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "leadgen.toml").write_text(
        '[[clients]]\nspec = "specs/shop.yaml"\npackage = "shop_client"\n'
    )
    (repo / "specs" / "shop.yaml").write_text(dump(edited(put(LEAD + "/required", ["id"]))))
    expected = "shop_client.models.Lead.stage"
    code, report = run_json(["HEAD:specs/shop.yaml", "specs/shop.yaml"], capsys)
    assert code == 0 and [f["symbols"][-1] for f in report["findings"]] == [expected]
    # --base compares the configured specs only (not specs/inboxapp.yaml)
    code, report = run_json(["--base", "HEAD"], capsys)
    assert [c["new"] for c in report["comparisons"]] == ["specs/shop.yaml"]
    assert [f["symbols"][-1] for f in report["findings"]] == [expected]
    # both sides read from git: the path in the working tree names the client
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "stage may be absent")
    code, report = run_json(["HEAD~1:specs/shop.yaml", "HEAD:specs/shop.yaml"], capsys)
    assert [f["symbols"][-1] for f in report["findings"]] == [expected]
    # run from a subfolder, REV:./path reads relative to it; the configuration is found upward
    monkeypatch.chdir(repo / "specs")
    code, report = run_json(["HEAD~1:./shop.yaml", "HEAD:./shop.yaml"], capsys)
    assert [f["symbols"][-1] for f in report["findings"]] == [expected]
