"""What a diff reports: changes (found on the IR) and findings (placed in the files)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..spec.refs import split_pointer
from .rules import RULES, Level, level_rank

__all__ = ["API_WIDE", "Change", "Finding", "Ignored", "Location", "sort_key"]

API_WIDE = "(API-wide)"
_COMPONENT_KINDS = {
    "schemas": "schema",
    "parameters": "parameter",
    "requestBodies": "request body",
    "responses": "response",
    "headers": "header",
}


@dataclass(frozen=True)
class Change:
    """One fired rule, before it is placed: pointers into the bundled OLD and NEW data."""

    rule: str
    fields: tuple[tuple[str, str], ...]
    old_pointer: str | None
    new_pointer: str | None
    symbols: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        return RULES[self.rule].message(**dict(self.fields))


def change(
    rule: str,
    old_pointer: str | None,
    new_pointer: str | None,
    symbols: tuple[str, ...] = (),
    /,
    **fields: object,
) -> Change:
    """A Change whose message fields are rendered to text now."""
    return Change(
        rule, tuple((k, str(v)) for k, v in fields.items()), old_pointer, new_pointer, symbols
    )


@dataclass(frozen=True)
class Location:
    """A JSON pointer in one file, and its line (None when the file has no such node)."""

    file: str
    pointer: str
    line: int | None

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "pointer": self.pointer, "line": self.line}


@dataclass(frozen=True)
class Ignored:
    reason: str
    expires: str | None
    source: str  # "file:line" of the ignore entry


@dataclass
class Finding:
    rule: str
    level: Level
    spec: str  # the spec as named on the command line (NEW, or OLD when NEW is gone)
    operation: str | None  # the one operation it reaches; None: several (shared), or API-wide
    message: str
    old: Location | None
    new: Location | None
    symbols: tuple[str, ...]
    anchor: Location | None = None  # where in NEW to annotate (nearest node for removals)
    ignored: Ignored | None = field(default=None)
    # every operation it reaches ("PATCH /campaigns/v2/{campaignId}/leads/{identifier}"),
    # in path order; () for API-wide findings
    operations: tuple[str, ...] = ()

    @property
    def scope(self) -> str:
        """What the finding is grouped under: its operation, the shared part of the spec it
        is in (`schema Lead`), or API_WIDE."""
        if self.operation is not None:
            return self.operation
        if not self.operations:
            return API_WIDE
        at = self.new or self.old
        parts = split_pointer(at.pointer) if at is not None else []
        if len(parts) >= 3 and parts[0] == "components":
            return f"{_COMPONENT_KINDS.get(parts[1], parts[1])} {parts[2]}"
        if len(parts) >= 2 and parts[0] == "paths":
            return f"path {parts[1]}"
        return "shared"

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "kind": RULES[self.rule].kind,
            "level": self.level,
            "spec": self.spec,
            "operation": self.operation,
            "operations": list(self.operations),
            "message": self.message,
            "old": self.old.to_json() if self.old else None,
            "new": self.new.to_json() if self.new else None,
            "symbols": list(self.symbols),
            "ignored": (
                None
                if self.ignored is None
                else {
                    "reason": self.ignored.reason,
                    "expires": self.ignored.expires,
                    "entry": self.ignored.source,
                }
            ),
        }


def sort_key(finding: Finding) -> tuple[Any, ...]:
    """Most severe first, then rule id, then position."""
    where = finding.new or finding.old
    return (
        -level_rank(finding.level),
        finding.rule,
        where.line if where and where.line is not None else 0,
        where.pointer if where else "",
        finding.message,
    )
