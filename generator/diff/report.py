"""Rendering a diff report: text (default), markdown, json (stable schema) and github annotations."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import API_WIDE, Finding, sort_key
from .ignore import IgnoreEntry
from .rules import LEVELS, RULES, level_rank

__all__ = ["FORMATS", "JSON_SCHEMA_VERSION", "Report", "render"]

JSON_SCHEMA_VERSION = 2
SHOWN_OPERATIONS = 10  # operations a finding lists in text, markdown and github output
MARKDOWN_LIMIT = 60_000  # characters; GitHub refuses comments over 65,536
MARKDOWN_MARKER = "<!-- leadgen-diff -->"  # lets a workflow find its earlier comment


@dataclass
class Report:
    comparisons: list[tuple[str | None, str | None]] = field(default_factory=list)  # (old, new)
    findings: list[Finding] = field(default_factory=list)
    expired: list[IgnoreEntry] = field(default_factory=list)
    unused: list[IgnoreEntry] = field(default_factory=list)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.ignored is None]

    @property
    def ignored(self) -> list[Finding]:
        return [f for f in self.findings if f.ignored is not None]

    def counts(self, spec: str | None = None) -> dict[str, int]:
        """Active findings per level, and the ignored ones; of one spec, or of all."""
        counts: dict[str, int] = {level: 0 for level in LEVELS}
        for finding in self.active:
            if spec is None or finding.spec == spec:
                counts[finding.level] += 1
        ignored = sum(spec is None or f.spec == spec for f in self.ignored)
        return {**counts, "ignored": ignored}

    def summary(self) -> str:
        c = self.counts()
        text = f"{c['ERR']} ERR, {c['WARN']} WARN, {c['INFO']} INFO"
        return text + (f" ({c['ignored']} ignored)" if c["ignored"] else "")

    def groups(self) -> list[tuple[str, str, list[Finding]]]:
        """(spec, scope, findings) for the active findings, most severe group first; a scope is
        an operation, a shared part of the spec (`schema Lead`), or API_WIDE."""
        grouped: dict[tuple[str, str], list[Finding]] = {}
        for finding in self.active:
            grouped.setdefault((finding.spec, finding.scope), []).append(finding)
        order = sorted(
            grouped.items(),
            key=lambda kv: (
                -max(level_rank(f.level) for f in kv[1]),
                kv[0][0],
                kv[0][1] == API_WIDE,
                kv[0][1],
            ),
        )
        return [(spec, op, sorted(found, key=sort_key)) for (spec, op), found in order]


def reaches(finding: Finding) -> str:
    """The operations a shared finding reaches, as text ("" for one operation or none)."""
    if finding.operation is not None or not finding.operations:
        return ""
    shown = ", ".join(finding.operations[:SHOWN_OPERATIONS])
    more = len(finding.operations) - SHOWN_OPERATIONS
    return shown + (f" and {more} more (--format json lists them all)" if more > 0 else "")


def _where(finding: Finding) -> str:
    parts = []
    for side, loc in (("old", finding.old), ("new", finding.new)):
        if loc is not None:
            line = f":{loc.line}" if loc.line is not None else ""
            parts.append(f"{side} {loc.file}{line} #{loc.pointer}")  # `#` + pointer: a URI fragment
    return "; ".join(parts)


def render_text(report: Report) -> str:
    lines = []
    for old, new in report.comparisons:
        lines.append(f"leadgen diff {old or '(none)'} -> {new or '(none)'}")
    if not report.active:
        lines.append("no findings")
    for spec, operation, findings in report.groups():
        lines += ["", f"{operation}  [{spec}]" if len(report.comparisons) > 1 else operation]
        for f in findings:
            lines.append(f"  {f.level:<4}  {f.rule}: {f.message}")
            lines.append(f"        at {_where(f)}")
            if f.symbols:
                lines.append(f"        symbols: {', '.join(f.symbols)}")
            if reaches(f):
                lines.append(f"        reaches: {reaches(f)}")
    if report.ignored:
        lines += ["", f"Ignored ({len(report.ignored)}):"]
        for f in sorted(report.ignored, key=sort_key):
            assert f.ignored is not None
            until = f" until {f.ignored.expires}" if f.ignored.expires else ""
            lines.append(f"  {f.level:<4}  {f.rule} {f.scope}: {f.message}")
            lines.append(f"        ignored{until}: {f.ignored.reason} ({f.ignored.source})")
    for title, entries in (("Expired ignore entries (they no longer apply)", report.expired),
                           ("Ignore entries that matched nothing", report.unused)):  # fmt: skip
        if entries:
            lines += ["", f"{title}:"]
            lines += [f"  {_entry_text(e)}" for e in entries]
    lines += ["", report.summary()]
    return "\n".join(lines) + "\n"


def _entry_text(e: IgnoreEntry) -> str:
    expires = f", expires {e.expires.isoformat()}" if e.expires else ""
    return f"{e.source}: {e.rule} {e.operation or '(any operation)'}{expires}: {e.reason}"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def render_markdown(report: Report, limit: int = MARKDOWN_LIMIT) -> str:
    """A pull-request comment: the counts per spec first, then one collapsible section per
    operation (or shared schema) with its findings, those holding an ERR open. Sections that
    would take the comment past `limit` characters are left out, and the comment says so."""
    head = [MARKDOWN_MARKER, f"## leadgen diff: {report.summary()}", "", *_summary_table(report)]
    tail = _markdown_ignores(report)
    groups = report.groups()
    several = len({spec for spec, _, _ in groups} | {new for _, new in report.comparisons}) > 1
    budget = limit - len("\n".join(head + tail)) - 400  # room for the note on what is left out
    body: list[str] = []
    shown = 0
    for spec, scope, found in groups:
        block = _details(scope, found, spec if several else None)
        if len("\n".join(body + block)) > budget:
            break
        body += block
        shown += 1
    if shown < len(groups):
        rest = groups[shown:]
        findings = sum(len(found) for _, _, found in rest)
        note = (
            f"_{len(rest)} more section(s) with {findings} finding(s) are left out to fit a "
            "comment: `leadgen diff --format text` lists them all._"
        )
        body += [note, ""]
    return "\n".join(head + body + tail)


def _summary_table(report: Report) -> list[str]:
    specs = list(dict.fromkeys([new for _, new in report.comparisons if new is not None]))
    specs += sorted({f.spec for f in report.findings} - set(specs))
    lines = ["| spec | ERR | WARN | INFO | ignored |", "| --- | ---: | ---: | ---: | ---: |"]
    for spec in specs:
        c = report.counts(spec)
        lines.append(f"| `{spec}` | {c['ERR']} | {c['WARN']} | {c['INFO']} | {c['ignored']} |")
    if len(specs) > 1:
        c = report.counts()
        lines.append(
            f"| **total** | **{c['ERR']}** | **{c['WARN']}** | **{c['INFO']}** "
            f"| **{c['ignored']}** |"
        )
    lines.append("")
    python = sum(RULES[f.rule].kind == "python" for f in report.active)
    if python:
        note = (
            f"{python} of them `python-*`: the wire is unchanged, generated Python names "
            "change (their level is set with `--symbol-level`)."
        )
        lines += [note, ""]
    compared = [f"`{old or '(none)'}` → `{new or '(none)'}`" for old, new in report.comparisons]
    if len(compared) == 1:
        lines += [f"Compared {compared[0]}.", ""]
    elif compared:
        lines += [f"<details><summary>Compared {len(compared)} specs</summary>", ""]
        lines += [f"- {c}" for c in compared] + ["", "</details>", ""]
    if not report.active:
        lines += ["No findings.", ""]
    return lines


def _details(scope: str, found: list[Finding], spec: str | None) -> list[str]:
    levels = {level: sum(f.level == level for f in found) for level in LEVELS}
    counts = ", ".join(f"{n} {level}" for level, n in levels.items() if n)
    where = f" · {html.escape(spec)}" if spec is not None else ""
    opened = " open" if levels["ERR"] else ""
    lines = [
        f"<details{opened}><summary><b>{html.escape(scope)}</b> · {counts}{where}</summary>",
        "",
        "| level | rule | message | location | symbols |",
        "| --- | --- | --- | --- | --- |",
    ]
    for f in found:
        loc = f.new or f.old
        at = f"`{loc.file}:{loc.line}`" if loc is not None and loc.line is not None else ""
        symbols = "<br>".join(f"`{s}`" for s in f.symbols)
        message = _cell(f.message) + (f"<br>reaches: {_cell(reaches(f))}" if reaches(f) else "")
        lines.append(f"| {f.level} | `{f.rule}` | {message} | {at} | {symbols} |")
    return lines + ["", "</details>", ""]


def _markdown_ignores(report: Report) -> list[str]:
    lines: list[str] = []
    if report.ignored:
        lines += [f"<details><summary>Ignored ({len(report.ignored)})</summary>", "",
                  "| level | rule | where | message | reason | expires |",
                  "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
        for f in sorted(report.ignored, key=sort_key):
            assert f.ignored is not None
            lines.append(
                f"| {f.level} | `{f.rule}` | {_cell(f.scope)} | {_cell(f.message)} "
                f"| {_cell(f.ignored.reason)} | {f.ignored.expires or ''} |"
            )
        lines += ["", "</details>", ""]
    for title, entries in (
        ("Expired ignore entries (they no longer apply)", report.expired),
        ("Ignore entries that matched nothing", report.unused),
    ):
        if entries:
            lines += [f"**{title}:**", ""] + [f"- {_cell(_entry_text(e))}" for e in entries] + [""]
    return lines


def render_json(report: Report) -> str:
    document: dict[str, Any] = {
        "version": JSON_SCHEMA_VERSION,
        "comparisons": [{"old": old, "new": new} for old, new in report.comparisons],
        "summary": report.counts(),
        "findings": [
            f.to_json()
            for f in sorted(report.findings, key=lambda f: (f.spec, f.operation or "", sort_key(f)))
        ],
        "expired_ignores": [e.to_json() for e in report.expired],
        "unused_ignores": [e.to_json() for e in report.unused],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _annotated_file(name: str) -> str:
    """A file GitHub can show: `REV:specs/x.yaml` names `specs/x.yaml` in the checkout."""
    rev, sep, rest = name.partition(":")
    return rest if sep and rev and not Path(name).exists() else name


_COMMANDS = {"ERR": "error", "WARN": "warning", "INFO": "notice"}


def render_github(report: Report) -> str:
    lines = []
    for f in sorted(report.findings, key=sort_key):
        loc = f.anchor or f.new
        props = []
        if loc is not None:
            props.append(f"file={_escape(_annotated_file(loc.file), prop=True)}")
            if loc.line is not None:
                props.append(f"line={loc.line}")
        command = _COMMANDS[f.level] if f.ignored is None else "notice"
        title = f.rule if f.ignored is None else f"{f.rule} (ignored)"
        props.append(f"title={_escape(title, prop=True)}")
        message = f"{f.scope + ': ' if f.operations else ''}{f.message}"
        if reaches(f):
            message += f" (reaches: {reaches(f)})"
        if f.symbols:
            message += f" [{', '.join(f.symbols)}]"
        if f.ignored is not None:
            message += f" (ignored: {f.ignored.reason})"
        lines.append(f"::{command} {','.join(props)}::{_escape(message)}")
    for e in report.expired:
        file, _, line = e.source.rpartition(":")
        lines.append(
            f"::warning file={_escape(file, prop=True)},line={line},title=expired ignore entry::"
            + _escape(f"{e.rule}: expired {e.expires}; it no longer applies ({e.reason})")
        )
    lines.append(f"leadgen diff: {report.summary()}")
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "github": render_github,
}


def render(report: Report, fmt: str) -> str:
    return FORMATS[fmt](report)
