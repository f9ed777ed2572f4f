"""Rendering a diff report: text (default), markdown, json (stable schema) and github annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import API_WIDE, Finding, sort_key
from .ignore import IgnoreEntry
from .rules import LEVELS, level_rank

__all__ = ["FORMATS", "JSON_SCHEMA_VERSION", "Report", "render"]

JSON_SCHEMA_VERSION = 2
SHOWN_OPERATIONS = 10  # operations a finding lists in text, markdown and github output


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

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {level: 0 for level in LEVELS}
        for finding in self.active:
            counts[finding.level] += 1
        return {**counts, "ignored": len(self.ignored)}

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


def render_markdown(report: Report) -> str:
    c = report.counts()
    lines = ["## leadgen diff", ""]
    lines += [f"- `{old or '(none)'}` → `{new or '(none)'}`" for old, new in report.comparisons]
    lines += ["", "| ERR | WARN | INFO | ignored |", "| ---: | ---: | ---: | ---: |",
              f"| {c['ERR']} | {c['WARN']} | {c['INFO']} | {c['ignored']} |", ""]  # fmt: skip
    header = [
        "| level | rule | operation | message | location | symbols |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    rows = [f for _, _, found in report.groups() for f in found]
    if rows:
        lines += header + [_row(f) for f in rows] + [""]
    else:
        lines += ["No findings.", ""]
    if report.ignored:
        lines += ["### Ignored", "", "| level | rule | operation | message | reason | expires |",
                  "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
        for f in sorted(report.ignored, key=sort_key):
            assert f.ignored is not None
            lines.append(
                f"| {f.level} | `{f.rule}` | {_cell(f.scope)} | {_cell(f.message)} "
                f"| {_cell(f.ignored.reason)} | {f.ignored.expires or ''} |"
            )
        lines.append("")
    for title, entries in (
        ("Expired ignore entries", report.expired),
        ("Unused ignore entries", report.unused),
    ):
        if entries:
            lines += [f"### {title}", ""] + [f"- {_cell(_entry_text(e))}" for e in entries] + [""]
    return "\n".join(lines)


def _row(f: Finding) -> str:
    loc = f.new or f.old
    where = f"`{loc.file}:{loc.line}`" if loc is not None and loc.line is not None else ""
    symbols = "<br>".join(f"`{s}`" for s in f.symbols)
    scope = f.scope + (f" (reaches: {reaches(f)})" if reaches(f) else "")
    return f"| {f.level} | `{f.rule}` | {_cell(scope)} | {_cell(f.message)} | {where} | {symbols} |"


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
