"""`leadgen diff` as a user runs it: formats, exit codes, the ignore file, the catalogue and its docs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from leadgen.cli import main
from leadgen.diff.docs import DOC_PATH, render_rules_doc
from leadgen.diff.rules import LEVELS, RULES

from tests.diff.diff_helpers import GET, LEAD, STAGE, UPD, dump, edited, put, write_pair

OP_PATCH = "PATCH /leads/{leadId}"
# ERR (request property required, PATCH), WARN (response enum value added: one finding in
# schema Stage, reaching GET and PATCH), INFO (request enum value added on PATCH, new optional
# parameter on GET)
NEW = edited(
    put(UPD + "/required/1", "score"),
    put(STAGE + "/enum/3", "open"),
    put(GET + "/parameters/2", {"name": "q", "in": "query", "schema": {"type": "string"}}),
)


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    old, new = write_pair(tmp_path, edited(), NEW)
    return [str(old.relative_to(tmp_path)), str(new.relative_to(tmp_path))]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["diff", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_text_groups_by_operation_most_severe_first(
    pair: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(pair, capsys)
    assert code == 0
    assert out.startswith("leadgen diff old/shop.yaml -> new/shop.yaml\n")
    groups = [line for line in out.splitlines() if re.match(r"^[A-Za-z]", line)][1:]
    assert groups == [OP_PATCH, "schema Stage", "GET /leads/{leadId}"]  # most severe first
    patch = out[out.index(OP_PATCH) : out.index("schema Stage")]
    levels = [
        line.split()[0]
        for line in patch.splitlines()
        if line.startswith("  ") and not line.startswith("    ")
    ]
    assert levels == sorted(levels, key=lambda lv: LEVELS.index(lv))
    assert "request-property-became-required: property `score` of LeadUpdate is now required" in out
    assert "at old old/shop.yaml:" in out and "symbols: shop.models.LeadUpdate.score\n" in out
    shared = out[out.index("schema Stage") : out.index("\nGET /leads/{leadId}\n")]
    assert shared.count("response-enum-value-added") == 1
    assert "symbols: shop.models.Stage, shop.models.Lead.stage\n" in shared
    assert "reaches: GET /leads/{leadId}, PATCH /leads/{leadId}\n" in shared
    assert out.rstrip().endswith("1 ERR, 1 WARN, 2 INFO")


def test_markdown_is_a_pull_request_comment(
    pair: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([*pair, "--format", "markdown"], capsys)
    assert code == 0
    assert out.startswith(
        "<!-- leadgen-diff -->\n## leadgen diff: 1 ERR, 1 WARN, 2 INFO\n\n"
        "| spec | ERR | WARN | INFO | ignored |\n| --- | ---: | ---: | ---: | ---: |\n"
        "| `new/shop.yaml` | 1 | 1 | 2 | 0 |\n\n"
        "Compared `old/shop.yaml` → `new/shop.yaml`.\n"
    )
    summaries = re.findall(r"^<details( open)?><summary>(.*)</summary>$", out, re.MULTILINE)
    assert summaries == [
        (" open", f"<b>{OP_PATCH}</b> · 1 ERR, 1 INFO"),  # holds an ERR: open
        ("", "<b>schema Stage</b> · 1 WARN"),
        ("", "<b>GET /leads/{leadId}</b> · 1 INFO"),
    ]
    assert out.count("</details>") == 3
    rows = [line for line in out.splitlines() if re.match(r"^\| (ERR|WARN|INFO) \| `", line)]
    assert rows[0].startswith("| ERR | `request-property-became-required` | property `score`")
    assert "`shop.models.LeadUpdate.score`" in rows[0]
    shared = next(row for row in rows if "response-enum-value-added" in row)
    assert "<br>reaches: GET /leads/{leadId}, PATCH /leads/{leadId} |" in shared
    assert len(rows) == 4


def test_markdown_of_several_specs_and_a_long_report() -> None:
    from leadgen.diff.findings import Finding, Location
    from leadgen.diff.report import Report, render_markdown

    def finding(spec: str, i: int, level: Any) -> Finding:
        at = Location(spec, f"/paths/~1things{i}/get", i)
        op = f"GET /things{i}"
        rule = "operation-removed" if level == "ERR" else "operation-added"
        return Finding(rule, level, spec, op, f"operation {op} changed", None, at, (), at,
                       operations=(op,))  # fmt: skip

    report = Report(
        [("main:a.yaml", "a.yaml"), ("main:b.yaml", "b.yaml")],
        [finding("a.yaml", i, "ERR" if i < 3 else "INFO") for i in range(300)]
        + [finding("b.yaml", 1000, "INFO")],
    )
    out = render_markdown(report, limit=6000)
    assert "| `a.yaml` | 3 | 0 | 297 | 0 |\n| `b.yaml` | 0 | 0 | 1 | 0 |\n" in out
    assert "| **total** | **3** | **0** | **298** | **0** |" in out
    assert "<details><summary>Compared 2 specs</summary>" in out
    assert "<details open><summary><b>GET /things0</b> · 1 ERR · a.yaml</summary>" in out
    assert len(out) <= 6000
    shown = len(re.findall(r"<summary><b>GET", out))
    assert 3 < shown < 301  # the ERR sections first, then as many as fit
    assert f"_{301 - shown} more section(s) with {301 - shown} finding(s) are left out" in out


def test_json_schema(pair: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run([*pair, "--format", "json"], capsys)
    report = json.loads(out)
    assert set(report) == {
        "version",
        "comparisons",
        "summary",
        "findings",
        "expired_ignores",
        "unused_ignores",
    }
    assert report["version"] == 2
    assert report["summary"] == {"ERR": 1, "WARN": 1, "INFO": 2, "ignored": 0}
    for finding in report["findings"]:
        assert set(finding) == {
            "rule",
            "kind",
            "level",
            "spec",
            "operation",
            "operations",
            "message",
            "old",
            "new",
            "symbols",
            "ignored",
        }
        assert finding["level"] == RULES[finding["rule"]].level
        assert finding["kind"] == ("python" if finding["rule"].startswith("python-") else "wire")
    shared = next(f for f in report["findings"] if f["level"] == "WARN")
    assert (shared["rule"], shared["operation"]) == ("response-enum-value-added", None)
    assert shared["operations"] == ["GET /leads/{leadId}", "PATCH /leads/{leadId}"]
    err = next(f for f in report["findings"] if f["level"] == "ERR")
    assert (err["operation"], err["operations"]) == (OP_PATCH, [OP_PATCH])
    assert err["new"] == {
        "file": "new/shop.yaml",
        "pointer": UPD + "/properties/score",
        "line": err["new"]["line"],
    }
    lines = Path("new/shop.yaml").read_text().splitlines()
    assert lines[err["new"]["line"] - 1].strip() == "score:"


def test_github_annotations_point_at_new_lines(
    pair: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run([*pair, "--format", "github"], capsys)
    lines = out.splitlines()
    assert lines[0].startswith("::error file=new/shop.yaml,line=")
    assert (
        "title=request-property-became-required::PATCH /leads/{leadId}: property `score`"
        in lines[0]
    )
    (warning,) = [line for line in lines if line.startswith("::warning ")]
    assert warning.endswith(
        '::schema Stage: Stage may now return "open" (reaches: GET /leads/{leadId}, '
        "PATCH /leads/{leadId}) [shop.models.Stage, shop.models.Lead.stage]"
    )
    assert sum(line.startswith("::notice ") for line in lines) == 2
    assert lines[-1] == "leadgen diff: 1 ERR, 1 WARN, 2 INFO"


def test_github_annotates_a_removal_at_the_enclosing_line_of_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    old = edited(put(LEAD + "/properties/email", {"type": "string"}))
    write_pair(tmp_path, old, edited())
    _, out, _ = run(["old/shop.yaml", "new/shop.yaml", "--format", "github"], capsys)
    (line,) = [x for x in out.splitlines() if "response-property-removed" in x][:1]
    number = int(re.search(r"line=(\d+)", line).group(1))  # type: ignore[union-attr]
    assert Path("new/shop.yaml").read_text().splitlines()[number - 1].strip() == "Lead:"


@pytest.mark.parametrize(
    ("fail_on", "expected"), [(None, 0), ("ERR", 1), ("err", 1), ("WARN", 1), ("INFO", 1)]
)
def test_fail_on(
    pair: list[str], capsys: pytest.CaptureFixture[str], fail_on: str | None, expected: int
) -> None:
    assert run([*pair] + (["--fail-on", fail_on] if fail_on else []), capsys)[0] == expected


def test_fail_on_counts_only_findings_at_or_above(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_pair(
        tmp_path,
        edited(),
        edited(
            put(GET + "/parameters/2", {"name": "q", "in": "query", "schema": {"type": "string"}})
        ),
    )
    assert run(["old/shop.yaml", "new/shop.yaml", "--fail-on", "WARN"], capsys)[0] == 0
    assert run(["old/shop.yaml", "new/shop.yaml", "--fail-on", "INFO"], capsys)[0] == 1
    assert run(["old/shop.yaml", "old/shop.yaml", "--fail-on", "INFO"], capsys)[:2] == (
        0,
        "leadgen diff old/shop.yaml -> old/shop.yaml\nno findings\n\n0 ERR, 0 WARN, 0 INFO\n",
    )


def test_unusable_input_exits_2(
    pair: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run([pair[0], "nowhere.yaml"], capsys)
    assert (code, err.strip()) == (2, "nowhere.yaml: #: file not found")
    (tmp_path / "bad.yaml").write_text("openapi: 3.1.0\ninfo:\n  title: x\n")
    code, _, err = run([pair[0], "bad.yaml"], capsys)
    assert code == 2 and "bad.yaml" in err
    code, _, err = run([pair[0]], capsys)
    assert code == 2 and "expected OLD and NEW" in err
    (tmp_path / "broken.yaml").write_text("openapi: [\n")
    code, _, err = run(["broken.yaml", pair[1]], capsys)
    assert code == 2 and "broken.yaml:" in err and "not valid YAML" in err


def _ignore(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_ignored_findings_are_listed_and_do_not_fail(
    pair: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _ignore(
        tmp_path / "specs" / ".diff-ignore.yaml",
        """\
- rule: request-property-became-required
  operation: PATCH /leads/{id}
  reason: score is filled by every known caller
  expires: 2999-12-31
- rule: response-enum-value-added
  reason: clients were told
- rule: operation-removed
  operation: GET /nothing
  reason: stale
""",
    )
    code, out, _ = run([*pair, "--fail-on", "ERR"], capsys)  # the default ignore file applies
    assert code == 0
    assert (
        "Ignored (2):" in out
        and "ignored until 2999-12-31: score is filled by every known caller" in out
    )
    assert "Ignore entries that matched nothing:" in out and "GET /nothing" in out
    assert out.rstrip().endswith("0 ERR, 0 WARN, 2 INFO (2 ignored)")
    code, out, _ = run([*pair, "--format", "json"], capsys)
    report = json.loads(out)
    ignored = [f for f in report["findings"] if f["ignored"]]
    assert len(ignored) == 2 and ignored[0]["ignored"]["entry"].startswith(
        "specs/.diff-ignore.yaml:"
    )
    assert report["unused_ignores"][0]["operation"] == "GET /nothing"
    code, out, _ = run([*pair, "--format", "github"], capsys)
    assert "title=request-property-became-required (ignored)" in out and "::notice" in out
    code, out, _ = run([*pair, "--format", "markdown"], capsys)
    assert "| `old/shop.yaml` | 0 | 0 | 2 | 2 |" not in out  # counted under NEW
    assert "| `new/shop.yaml` | 0 | 0 | 2 | 2 |" in out
    assert "<details><summary>Ignored (2)</summary>" in out
    assert "**Ignore entries that matched nothing:**\n\n- specs/.diff-ignore.yaml:" in out


def test_expired_entries_no_longer_apply(
    pair: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ignore = _ignore(
        tmp_path / "mine.yaml",
        """\
- rule: request-property-became-required
  operation: PATCH /leads/{leadId}
  reason: was fine for a while
  expires: 2000-01-01
""",
    )
    code, out, _ = run([*pair, "--ignore", str(ignore), "--fail-on", "ERR"], capsys)
    assert code == 1
    assert "Expired ignore entries (they no longer apply):" in out and "expires 2000-01-01" in out
    code, out, _ = run([*pair, "--ignore", str(ignore), "--format", "json"], capsys)
    assert json.loads(out)["expired_ignores"][0]["expires"] == "2000-01-01"
    code, out, _ = run([*pair, "--ignore", str(ignore), "--format", "github"], capsys)
    assert "::warning file=mine.yaml,line=1,title=expired ignore entry::" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- rule: no-such-rule\n  reason: x\n", "unknown rule 'no-such-rule'"),
        ("- rule: operation-removed\n", "every ignore entry needs a reason"),
        ("- rule: operation-removed\n  reason: x\n  expires: soon\n", "is not a date"),
        ("- rule: operation-removed\n  reason: x\n  extra: 1\n", "unknown key(s) extra"),
        ("rule: operation-removed\n", "an ignore file is a list of entries"),
    ],
)
def test_bad_ignore_file_exits_2(
    pair: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    ignore = _ignore(tmp_path / "bad-ignore.yaml", text)
    code, _, err = run([*pair, "--ignore", str(ignore)], capsys)
    assert code == 2 and message in err and "bad-ignore.yaml:1" in err


def test_missing_explicit_ignore_file_exits_2(
    pair: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run([*pair, "--ignore", "absent.yaml"], capsys)
    assert code == 2 and "ignore file not found" in err


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--list-rules"]) == 0
    out = capsys.readouterr().out
    for rule in RULES.values():
        assert re.search(rf"^  {re.escape(rule.id)} +{rule.level} ", out, re.MULTILINE)
    assert out.rstrip().endswith(f"{len(RULES)} rules")


def test_catalogue_is_well_formed() -> None:
    assert len(RULES) >= 40
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", rule_id) and rule.id == rule_id
        assert rule.level in LEVELS and rule.template and rule.why


def test_rules_doc_matches_the_code() -> None:
    assert DOC_PATH.read_text("utf-8") == render_rules_doc(), "run: python -m leadgen.diff.docs"


def test_shipped_ignore_file_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    from leadgen.diff.ignore import load_ignores

    assert isinstance(load_ignores(DOC_PATH.parents[1] / "specs" / ".diff-ignore.yaml"), list)


def test_pre_commit_hooks_run_existing_commands() -> None:
    import yaml
    from leadgen.cli import build_parser

    hooks = yaml.safe_load((DOC_PATH.parents[1] / ".pre-commit-hooks.yaml").read_text())
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {h["id"] for h in hooks} == {"leadgen-validate", "leadgen-check"}
    for hook in hooks:
        program, command = hook["entry"].split()
        assert program == "leadgen" and command in commands and hook["language"] == "python"


def test_symbols_are_named_in_the_configured_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leadgen.toml").write_text(
        '[[clients]]\nspec = "specs/shop-api.yaml"\npackage = "acme_shop"\n'
    )
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop-api.yaml").write_text(dump(NEW))
    (tmp_path / "before.yaml").write_text(dump(edited()))
    (tmp_path / "draft.yaml").write_text(dump(NEW))

    def symbols(old: str, new: str) -> set[str]:
        code, out, _ = run([old, new, "--format", "json"], capsys)
        assert code == 0
        return {s for f in json.loads(out)["findings"] for s in f["symbols"]}

    # NEW is configured: its package, not the file name (`shop_api`)
    named = symbols("before.yaml", "specs/shop-api.yaml")
    assert "acme_shop.models.LeadUpdate.score" in named
    assert all(s.startswith("acme_shop.") for s in named)
    # only OLD is configured (NEW is a scratch copy): OLD's package
    assert all(s.startswith("acme_shop.") for s in symbols("specs/shop-api.yaml", "draft.yaml"))
    # neither is configured: the package NEW's file name gives
    assert all(s.startswith("draft.") for s in symbols("before.yaml", "draft.yaml"))


def test_symbol_level_sets_the_level_of_python_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wire-compatible rename (an operationId that renames the method) is a python-* finding:
    WARN by default, so `--fail-on ERR` passes; `--symbol-level ERR` makes it fail."""
    monkeypatch.chdir(tmp_path)
    write_pair(tmp_path, edited(), edited(put(GET + "/operationId", "fetchLead")))
    pair = ["old/shop.yaml", "new/shop.yaml"]
    code, out, _ = run([*pair, "--fail-on", "ERR", "--format", "json"], capsys)
    found = [(f["rule"], f["kind"], f["level"]) for f in json.loads(out)["findings"]]
    assert (code, found) == (0, [("python-method-renamed", "python", "WARN")])
    code, out, _ = run([*pair, "--fail-on", "ERR", "--symbol-level", "err"], capsys)
    assert code == 1 and "ERR   python-method-renamed: method shop.resources" in out
    code, out, _ = run([*pair, "--fail-on", "WARN", "--symbol-level", "INFO"], capsys)
    assert code == 0 and out.rstrip().endswith("0 ERR, 0 WARN, 1 INFO")


def test_ignore_entries_naming_a_former_rule_id_still_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_pair(tmp_path, edited(), edited(put(GET + "/operationId", "fetchLead")))
    ignore = _ignore(
        tmp_path / "ignore.yaml",
        "- rule: client-method-renamed\n  operation: GET /leads/{id}\n  reason: announced\n",
    )
    args = ["old/shop.yaml", "new/shop.yaml", "--ignore", str(ignore), "--symbol-level", "ERR"]
    code, out, _ = run([*args, "--fail-on", "ERR"], capsys)
    assert code == 0 and "Ignored (1):" in out and "matched nothing" not in out


def test_a_shared_finding_is_ignored_when_every_operation_it_reaches_is_named(
    pair: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = "- rule: response-enum-value-added\n  operation: {}\n  reason: told\n"
    one = _ignore(tmp_path / "one.yaml", entry.format("GET /leads/{id}"))
    _, out, _ = run([*pair, "--ignore", str(one), "--format", "json"], capsys)
    report = json.loads(out)
    assert report["summary"]["WARN"] == 1 and report["unused_ignores"] == []  # PATCH not named
    both = _ignore(
        tmp_path / "both.yaml", entry.format("GET /leads/{id}") + entry.format("PATCH /leads/{x}")
    )
    _, out, _ = run([*pair, "--ignore", str(both), "--format", "json"], capsys)
    report = json.loads(out)
    assert report["summary"]["WARN"] == 0 and report["summary"]["ignored"] == 1
