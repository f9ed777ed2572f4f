"""Diagnostics: every problem leadgen reports is data, printed together by the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

__all__ = ["Diagnostic", "LeadgenError", "Problem", "pointer_join"]

Level = Literal["error", "warning"]


def pointer_join(pointer: str, *parts: str | int) -> str:
    """Extend a JSON pointer, escaping `~` and `/` as RFC 6901 asks."""
    for part in parts:
        pointer += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return pointer


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: where (file, line, column, JSON pointer), what, and what to do."""

    file: str
    line: int | None
    column: int | None
    pointer: str
    message: str
    hint: str = ""
    level: Level = "error"
    rule: str = field(default="", compare=False)

    def format(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self._text()}"

    def _text(self) -> str:
        text = f"{self.pointer or '#'}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_json(self) -> dict[str, str | int | None]:
        """The finding as a JSON object (`rule` is null for problems that no rule names)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "message": self.message,
            "hint": self.hint,
            "rule": self.rule or None,
            "level": self.level,
        }

    def workflow_command(self) -> str:
        """The finding as a GitHub Actions annotation: `::error file=F,line=L,col=C::text`."""
        props = [f"file={_escape(self.file, prop=True)}"]
        if self.line is not None:
            props += [f"line={self.line}", f"col={self.column or 1}"]
        if self.rule:
            props.append(f"title={_escape(self.rule, prop=True)}")
        return f"::{self.level} {','.join(props)}::{_escape(self._text())}"


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


class Problem(NamedTuple):
    """A finding known by its JSON pointer only: `Document.diagnostic` adds file, line, column."""

    pointer: str
    message: str
    hint: str = ""


class LeadgenError(Exception):
    """Unusable input: carries the diagnostics that explain why (exit code 2)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics
