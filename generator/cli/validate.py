"""`leadgen validate`: structure and lints of specs, with a one-line summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import Diagnostic, LeadgenError
from .common import print_diagnostics

__all__ = ["cmd_validate"]


def cmd_validate(args: argparse.Namespace) -> int:
    from ..config import load_config
    from ..pipeline import display_path, open_spec, validate_spec
    from ..spec.validate import is_selected

    config = load_config(getattr(args, "config", None))
    root = args.root or (config.root if config.source else None)
    if root is not None and not root.is_dir():
        where, what = (str(root), "--root") if args.root else (str(config.source), "root")
        message = f"{what}: no such folder" + ("" if args.root else f" ({root})")
        raise LeadgenError([Diagnostic(where, None, None, "", message)])
    select = _rules(args.select, "--select", config.select, config.source, "select")
    ignore = _rules(args.ignore, "--ignore", config.ignore, config.source, "ignore")
    # as typed: pathlib would turn a URL's `//` into `/`
    specs: list[tuple[str | Path, str]] = [(text, text) for text in args.specs]
    specs = specs or [(c.spec, display_path(c.spec)) for c in config.clients]
    if not specs:
        where = str(config.source) if config.source else "specs"
        message = "no specs given and none configured"
        hint = "pass a spec file or add [tool.leadgen] clients"
        raise LeadgenError([Diagnostic(where, None, None, "", message, hint)])
    reported: list[Diagnostic] = []
    findings = unusable = 0
    for path, display in specs:
        try:
            spec = open_spec(path, display, root=root)
        except LeadgenError as exc:
            reported += exc.diagnostics
            unusable += 1
            continue
        found = [f for f in validate_spec(spec) if is_selected(f, select, ignore)]
        reported += found
        findings += sum(1 for f in found if f.level == "error")
    if args.format == "json":
        print(json.dumps([d.as_json() for d in reported], indent=2, ensure_ascii=False))
    elif args.format == "github":
        for diagnostic in reported:
            print(diagnostic.workflow_command())
    else:
        print_diagnostics(reported)
    rules = {d.rule for d in reported if d.rule}
    print(_validate_summary(len(specs), unusable, findings, len(rules)), file=sys.stderr)
    return 2 if unusable else 1 if findings else 0


def _rules(
    given: list[str] | None,
    option: str,
    configured: tuple[str, ...],
    source: Path | None,
    key: str,
) -> frozenset[str]:
    """Rule names from the command line (comma lists, repeatable), else from the configuration."""
    from ..spec.validate import rule_name_problem

    if given is None:
        names = [n.strip() for entry in configured for n in entry.split(",") if n.strip()]
        where = str(source) if source else "configuration"
        prefix = f"{'tool.leadgen.' if source and source.name == 'pyproject.toml' else ''}{key}"
    else:
        names = [n.strip() for entry in given for n in entry.split(",") if n.strip()]
        where, prefix = "command line", option
    problems = []
    for name in names:
        problem = rule_name_problem(name)
        if problem is not None:
            message, hint = problem
            problems.append(Diagnostic(where, None, None, "", f"{prefix}: {message}", hint))
    if problems:
        raise LeadgenError(problems)
    return frozenset(names)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _validate_summary(specs: int, unusable: int, findings: int, rules: int) -> str:
    """`3 specs, 0 findings`, `1 spec, 4 findings (2 rules)`, `2 specs (1 unusable), 0 findings`."""
    text = _plural(specs, "spec") + (f" ({unusable} unusable)" if unusable else "")
    text += ", " + _plural(findings, "finding")
    return text + (f" ({_plural(rules, 'rule')})" if findings else "")
