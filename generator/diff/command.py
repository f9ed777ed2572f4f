"""`leadgen diff`: compare two specs (files or `REV:path`), or every spec with its version at `--base REV`.

Exit codes: 0 done (and nothing at or above --fail-on), 1 a finding at or above
--fail-on that no ignore entry covers, 2 unusable input.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..config import Config, load_config
from ..errors import Diagnostic, LeadgenError
from ..pipeline import display_path, spec_paths
from .engine import Side, diff_sides
from .findings import Finding, Location
from .ignore import DEFAULT_IGNORE, apply_ignores, load_ignores
from .report import Report, render
from .rules import RULES, SECTIONS, SYMBOL_LEVEL, Level, level_rank
from .sources import Git, Source, package_for, parse_source

__all__ = ["cmd_diff", "diff_base", "diff_pair", "rules_text"]

DEFAULT_SPECS = Path("specs")


def rules_text() -> str:
    lines = []
    for section in SECTIONS:
        lines += ["", section]
        for r in (r for r in RULES.values() if r.section == section):
            lines.append(f"  {r.id:<44} {r.level:<4}  {r.template}")
    lines.append(f"\n{len(RULES)} rules")
    return "\n".join(lines).lstrip("\n") + "\n"


def _load_both(old: Source, new: Source, git: Git | None, package: str) -> tuple[Side, Side]:
    """Both sides, or one LeadgenError carrying the problems of both."""
    sides: list[Side] = []
    problems: list[Diagnostic] = []
    for source in (old, new):
        try:
            sides.append(source.load(git, package))
        except LeadgenError as exc:
            problems += exc.diagnostics
    if problems:
        raise LeadgenError(problems)
    return sides[0], sides[1]


def diff_pair(
    old_text: str,
    new_text: str,
    *,
    today: date,
    cwd: Path | None = None,
    symbol_level: Level = SYMBOL_LEVEL,
) -> Report:
    git = Git(cwd)
    old, new = parse_source(old_text, git), parse_source(new_text, git)
    package = package_for(load_config(cwd=cwd), git, new, old)
    old_side, new_side = _load_both(old, new, git, package)
    findings = diff_sides(old_side, new_side, package, today=today, symbol_level=symbol_level)
    return Report([(old.display, new.display)], findings)


def diff_base(
    rev: str,
    specs: list[str],
    *,
    today: date,
    cwd: Path | None = None,
    symbol_level: Level = SYMBOL_LEVEL,
) -> Report:
    """Each spec against its version at REV; by default every configured spec, else (by
    convention) every spec in specs/, now or at REV."""
    git = Git(cwd)
    git.verify(rev)
    config = load_config(cwd=cwd)
    paths = [Path(s) for s in specs]
    if not paths and config.configured:
        paths = [client.spec for client in config.clients]
    elif not paths:
        paths = spec_paths(DEFAULT_SPECS) if DEFAULT_SPECS.is_dir() else []
        known = {git.repo_path(p) for p in paths}
        root = git.root()
        for repo_path in git.specs_in(rev, git.repo_path(DEFAULT_SPECS)):
            if repo_path not in known:
                paths.append(root / repo_path)
    report = Report()
    problems: list[Diagnostic] = []
    for path in paths:
        try:
            _diff_one(git, rev, path, report, today, config, symbol_level)
        except LeadgenError as exc:
            problems += exc.diagnostics
    if problems:
        raise LeadgenError(problems)
    return report


def _diff_one(
    git: Git,
    rev: str,
    path: Path,
    report: Report,
    today: date,
    config: Config,
    symbol_level: Level,
) -> None:
    repo_path = git.repo_path(path)
    old = Source(f"{rev}:{repo_path}", rev=rev, repo_path=repo_path)
    new = Source(str(path), path=path)
    package = package_for(config, git, new)
    at_rev, on_disk = git.exists(rev, repo_path), path.is_file()
    display = display_path(path)
    if not at_rev and not on_disk:
        raise LeadgenError(
            [Diagnostic(display, None, None, "", f"not found, neither on disk nor at {rev}")]
        )
    if not at_rev:
        side = new.load(None, package)
        where = side.location("")
        message = RULES["spec-added"].message(spec=display, rev=rev)
        report.findings.append(
            Finding("spec-added", "INFO", display, None, message, None, where, (package,), where)
        )
        report.comparisons.append((None, display))
        return
    if not on_disk:
        message = RULES["spec-removed"].message(spec=display, rev=rev, package=package)
        where = Location(old.display, "", None)
        report.findings.append(
            Finding("spec-removed", "ERR", display, None, message, where, None, (package,))
        )
        report.comparisons.append((old.display, None))
        return
    old_side, new_side = _load_both(old, new, git, package)
    report.findings += diff_sides(
        old_side, new_side, package, today=today, symbol_level=symbol_level
    )
    report.comparisons.append((old.display, display))


def cmd_diff(args: argparse.Namespace) -> int:
    if args.list_rules:
        sys.stdout.write(rules_text())
        return 0
    today = date.today()
    ignore_file = args.ignore if args.ignore is not None else DEFAULT_IGNORE
    entries = load_ignores(ignore_file) if args.ignore is not None or ignore_file.is_file() else []
    if args.base is not None:
        report = diff_base(args.base, list(args.specs), today=today, symbol_level=args.symbol_level)
    elif len(args.specs) == 2:
        report = diff_pair(
            args.specs[0], args.specs[1], today=today, symbol_level=args.symbol_level
        )
    else:
        raise LeadgenError(
            [Diagnostic("leadgen diff", None, None, "", f"expected OLD and NEW, got {len(args.specs)} spec(s)",
                        "leadgen diff OLD NEW, or leadgen diff --base REV [SPEC ...]")]
        )  # fmt: skip
    report.expired, report.unused = apply_ignores(report.findings, entries, today)
    sys.stdout.write(render(report, args.format))
    if args.fail_on is not None:
        threshold = level_rank(args.fail_on)
        if any(level_rank(f.level) >= threshold for f in report.active):
            return 1
    return 0
