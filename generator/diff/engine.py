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
from .webhooks import compare_webhooks

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
    comparer = OperationComparer(old_view, new_view, types, today)
    merged = _Merged()
    compared = comparer.run()
    for operation in compared:
        for c in operation.changes:
            merged.add(c, operation.label)
        for key, vias in operation.reached.items():
            for c in comparer.pair_changes(key, vias):
                merged.add(c, operation.label)
    for c, label in compare_webhooks(old.api, new.api, package, types, comparer):
        merged.add(c, label)
    removed = tuple(o.old.pointer for o in compared if o.old is not None and o.new is None)
    client = new_symbols.client
    api_wide = compare_servers(old.api, new.api, client) + compare_schemes(old.api, new.api, client)
    api_wide += compare_definitions(old_symbols, new_symbols, types.paired, removed)
    for c in api_wide:
        merged.add(c, None)
    every = [c for c, _ in merged.items()]
    old.lines.prepare(c.old_pointer for c in every if c.old_pointer is not None)
    new.lines.prepare(
        [c.new_pointer or c.old_pointer or "" for c in every]
    )  # removals: nearest node
    return [_place(c, operations, old, new, symbol_level) for c, operations in merged.items()]


class _Merged:
    """One change per (rule, pointers, message), whichever operations reach it: a change in a
    shared schema is one finding listing its operations; symbols united in first-seen order."""

    def __init__(self) -> None:
        self._changes: dict[tuple[str, str | None, str | None, str], Change] = {}
        self._operations: dict[tuple[str, str | None, str | None, str], list[str]] = {}

    def add(self, c: Change, operation: str | None) -> None:
        key = (c.rule, c.old_pointer, c.new_pointer, c.message)
        seen = self._changes.get(key)
        if seen is None:
            self._changes[key] = c
            self._operations[key] = []
        elif not set(c.symbols) <= set(seen.symbols):
            symbols = tuple(dict.fromkeys(seen.symbols + c.symbols))
            self._changes[key] = Change(c.rule, c.fields, c.old_pointer, c.new_pointer, symbols)
        operations = self._operations[key]
        if operation is not None and operation not in operations:
            operations.append(operation)

    def items(self) -> list[tuple[Change, tuple[str, ...]]]:
        return [(c, tuple(self._operations[key])) for key, c in self._changes.items()]


def _place(
    c: Change, operations: tuple[str, ...], old: Side, new: Side, symbol_level: Level
) -> Finding:
    rule = RULES[c.rule]
    old_at = old.location(c.old_pointer) if c.old_pointer is not None else None
    new_at = new.location(c.new_pointer) if c.new_pointer is not None else None
    return Finding(
        rule.id,
        rule.level_for(symbol_level),
        new.doc.display,
        operations[0] if len(operations) == 1 else None,
        c.message,
        old_at,
        new_at,
        c.symbols,
        new_at or new.location(c.old_pointer or ""),
        operations=operations,
    )
