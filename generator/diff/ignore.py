"""The ignore file: accepted findings, each with a reason and optionally an expiry date.

    - rule: response-enum-value-added
      operation: GET /leads/{id}        # optional: every operation (and API-wide findings)
      spec: specs/inboxapp.yaml         # optional: every spec
      reason: clients were told in the 2025-06 changelog
      expires: 2026-01-31               # optional: applies up to and including this day

Ignored findings stay in the report, marked as ignored. An expired entry no
longer applies and is reported; so is an entry that matched nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, LeadgenError
from ..pipeline import display_path
from ..spec.loader import Document, parse_text
from .findings import Finding, Ignored
from .operations import operation_key
from .rules import FORMER_IDS, RULES

__all__ = ["DEFAULT_IGNORE", "IgnoreEntry", "apply_ignores", "load_ignores"]

DEFAULT_IGNORE = Path("specs") / ".diff-ignore.yaml"
_KEYS = {"rule", "operation", "spec", "reason", "expires"}


@dataclass(frozen=True)
class IgnoreEntry:
    rule: str
    reason: str
    source: str  # "file:line"
    operation: str | None = None
    spec: str | None = None
    expires: date | None = None

    def covers(self, finding: Finding) -> set[str] | None:
        """The operations of `finding` this entry accepts (every one of them, for an entry
        without `operation`, and for an API-wide finding none); None when it does not apply."""
        if finding.rule != self.rule and finding.rule not in FORMER_IDS.get(self.rule, ()):
            return None
        if self.spec is not None and self.spec not in (finding.spec, Path(finding.spec).name):
            return None
        if self.operation is None:
            return set(finding.operations)
        wanted = _op_key(self.operation)
        found = {op for op in finding.operations if _op_key(op) == wanted}
        return found or None

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "operation": self.operation,
            "spec": self.spec,
            "reason": self.reason,
            "expires": self.expires.isoformat() if self.expires else None,
            "entry": self.source,
        }


def _op_key(text: str) -> str:
    method, _, path = text.strip().partition(" ")
    return operation_key(method, path.strip())


def load_ignores(path: Path) -> list[IgnoreEntry]:
    """The entries of an ignore file; LeadgenError (exit 2) naming the line of any mistake."""
    name = display_path(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise LeadgenError([Diagnostic(name, None, None, "", "ignore file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LeadgenError(
            [Diagnostic(name, None, None, "", f"cannot read ignore file: {exc}")]
        ) from None
    data = parse_text(text, name) if text.strip() else []
    doc = Document(path, name, text, data, hashlib.sha256(text.encode()).hexdigest())
    if data is None:
        return []
    if not isinstance(data, list):
        raise LeadgenError(
            [doc.diagnostic("", "an ignore file is a list of entries", "see docs/diff-rules.md")]
        )
    entries, problems = [], []
    for i, item in enumerate(data):
        at = f"/{i}"
        source = f"{name}:{doc.locate(at)[0]}"
        try:
            entries.append(_entry(item, source))
        except ValueError as exc:
            problems.append(doc.diagnostic(at, str(exc), "see docs/diff-rules.md"))
    if problems:
        raise LeadgenError(problems)
    return entries


def _entry(item: Any, source: str) -> IgnoreEntry:
    if not isinstance(item, dict):
        raise ValueError("an ignore entry is a mapping with rule and reason")  # noqa: TRY004
    unknown = sorted(set(item) - _KEYS)
    if unknown:
        raise ValueError(
            f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(_KEYS))})"
        )
    rule = item.get("rule")
    if rule not in RULES and rule not in FORMER_IDS:
        raise ValueError(f"unknown rule {rule!r} (leadgen diff --list-rules lists them)")
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError("every ignore entry needs a reason")
    for key in ("operation", "spec"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise ValueError(f"{key} must be text")
    operation = item.get("operation")
    if operation is not None and " /" not in operation:
        raise ValueError(f"operation {operation!r} is not like 'PATCH /leads/{{id}}'")
    expires = None
    if item.get("expires") is not None:
        try:
            expires = date.fromisoformat(str(item["expires"]))
        except ValueError:
            raise ValueError(f"expires {item['expires']!r} is not a date (YYYY-MM-DD)") from None
    return IgnoreEntry(str(rule), reason.strip(), source, operation, item.get("spec"), expires)


def apply_ignores(
    findings: list[Finding], entries: list[IgnoreEntry], today: date
) -> tuple[list[IgnoreEntry], list[IgnoreEntry]]:
    """Mark the findings that live entries accept; return (expired entries, unused live entries).

    A finding is accepted when an entry without `operation` matches it, or when entries name
    every operation it reaches (a change in a shared schema reaching several operations
    needs all of them); the first such entry gives the reason. An entry that matched some
    operation of a finding counts as used.
    """
    expired = [e for e in entries if e.expires is not None and e.expires < today]
    live = [e for e in entries if e not in expired]
    used: set[int] = set()
    for finding in findings:
        covering: list[int] = []
        covered: set[str] = set()
        whole = False
        for i, entry in enumerate(live):
            ops = entry.covers(finding)
            if ops is not None:
                covering.append(i)
                covered |= ops
                whole = whole or entry.operation is None
        used.update(covering)
        if covering and (whole or covered >= set(finding.operations)):
            first = live[covering[0]]
            expires = first.expires.isoformat() if first.expires else None
            finding.ignored = Ignored(first.reason, expires, first.source)
    return expired, [e for i, e in enumerate(live) if i not in used]
