"""Two specs in, findings out: load and build both sides, compare, place in the files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import __version__
from ..cache import default_cache_dir
from ..errors import LeadgenError
from ..model.api import build_api
from ..model.ir import Api
from ..pipeline import Spec, open_spec, validate_spec
from ..spec.loader import Document
from .api import compare_definitions, compare_schemes, compare_servers
from .findings import Change, Finding, Location
from .operations import OperationComparer, View
from .positions import Lines
from .rules import RULES, SYMBOL_LEVEL, Level
from .symbols import Symbols
from .types import TypeComparer

__all__ = ["Side", "diff_sides", "load_side"]


@dataclass
class Side:
    """A loaded, validated and built spec."""

    spec: Spec
    api: Api
    lines: Lines = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.lines = Lines(self.spec.doc)

    @property
    def doc(self) -> Document:
        return self.spec.doc

    def location(self, pointer: str) -> Location:
        return Location(self.doc.display, pointer, self.lines.line(pointer))


def load_side(path: Path, display: str, package: str) -> Side:
    """Open (bundling sibling files), validate and build one spec; LeadgenError when unusable.

    Structural validation is the slow part for large specs: a spec whose exact
    files validated before (same content, same leadgen) is not validated again.
    """
    spec = open_spec(path, display)
    marker = _validated_marker(spec)
    if marker is None or not marker.is_file():
        problems = [d for d in validate_spec(spec, lints=False) if d.level == "error"]
        if problems:
            raise LeadgenError(problems)
        _remember(marker)
    return Side(spec, build_api(spec.doc, spec.data, package))


def _validated_marker(spec: Spec) -> Path | None:
    try:
        import openapi_spec_validator

        digest = hashlib.sha256(f"{__version__}:{openapi_spec_validator.__version__}:".encode())
        digest.update(spec.doc.sha256.encode())
        for dep in spec.deps:
            digest.update(dep.read_bytes())
    except (OSError, AttributeError):
        return None
    return default_cache_dir() / "diff-validated" / digest.hexdigest()


def _remember(marker: Path | None) -> None:
    if marker is None:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass  # a missing cache only costs time


def diff_sides(
    old: Side,
    new: Side,
    package: str,
    *,
    today: date | None = None,
    symbol_level: Level = SYMBOL_LEVEL,
) -> list[Finding]:
    """Every finding between OLD and NEW, symbols named in `package` (NEW's package);
    findings of python-* rules (generated names only) get `symbol_level`."""
    today = today or date.today()
    old_symbols, new_symbols = Symbols(old.api, package), Symbols(new.api, package)
    types = TypeComparer(old_symbols, new_symbols)
    old_view = View(old.api, old.spec.data, old_symbols)
    new_view = View(new.api, new.spec.data, new_symbols)
    compared = OperationComparer(old_view, new_view, types, today).run()
    grouped: list[tuple[str | None, list[Change]]] = [
        (label, changes) for label, _, _, changes in compared
    ]
    removed = tuple(a.pointer for _, a, b, _ in compared if a is not None and b is None)
    client = new_symbols.client
    api_wide = compare_servers(old.api, new.api, client) + compare_schemes(old.api, new.api, client)
    api_wide += compare_definitions(old_symbols, new_symbols, types.paired, removed)
    grouped.append((None, api_wide))
    merged = [(label, _merge(changes)) for label, changes in grouped]
    every = [c for _, changes in merged for c in changes]
    old.lines.prepare(c.old_pointer for c in every if c.old_pointer is not None)
    new.lines.prepare(
        [c.new_pointer or c.old_pointer or "" for c in every]
    )  # removals: nearest node
    return [f for label, changes in merged for f in _place(changes, label, old, new, symbol_level)]


def _merge(changes: list[Change]) -> list[Change]:
    """One change per (rule, pointers, message); their symbols united, in first-seen order."""
    merged: dict[tuple[str, str | None, str | None, str], Change] = {}
    for c in changes:
        key = (c.rule, c.old_pointer, c.new_pointer, c.message)
        seen = merged.get(key)
        if seen is None:
            merged[key] = c
        else:
            symbols = tuple(dict.fromkeys(seen.symbols + c.symbols))
            merged[key] = Change(c.rule, c.fields, c.old_pointer, c.new_pointer, symbols)
    return list(merged.values())


def _place(
    changes: list[Change], label: str | None, old: Side, new: Side, symbol_level: Level
) -> list[Finding]:
    findings = []
    for c in changes:
        rule = RULES[c.rule]
        old_at = old.location(c.old_pointer) if c.old_pointer is not None else None
        new_at = new.location(c.new_pointer) if c.new_pointer is not None else None
        anchor = new_at or new.location(c.old_pointer or "")
        findings.append(
            Finding(
                rule.id,
                rule.level_for(symbol_level),
                new.doc.display,
                label,
                c.message,
                old_at,
                new_at,
                c.symbols,
                anchor,
            )
        )
    return findings
