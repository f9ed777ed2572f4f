"""`--lenient`: build what can be built from a slightly invalid spec, and say what was wrong.

Structural findings that the model can do without become warnings, each at the line and
pointer of the offending key or value:
- an unknown key is ignored (dropped from the model's view of the document);
- a JSON Schema keyword of OpenAPI 3.1 in a 3.0 document is read as 3.1 means it;
- a `default`, `example` or `enum` member that does not fit its schema is dropped.
Anything else (a missing `paths`, an unresolvable `$ref`, a cycle of `$ref`s, a wrong type
where an object is needed) stays an error.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from ..errors import Diagnostic
from .loader import Document
from .refs import split_pointer
from .structure import Finding

__all__ = ["JSON_SCHEMA_31_KEYWORDS", "repair"]

# Keywords a 3.1 schema may use that a 3.0 Schema Object does not define.
JSON_SCHEMA_31_KEYWORDS = frozenset(
    {"const", "examples", "if", "then", "else", "prefixItems", "$defs", "dependentRequired",
     "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "contentMediaType",
     "contentEncoding", "contains", "minContains", "maxContains", "propertyNames", "$comment"}
)  # fmt: skip
_MAX_ROUNDS = 8  # each round repairs every finding it sees; nested problems show up later


def repair(
    doc: Document,
    data: dict[str, Any],
    find: Callable[[dict[str, Any]], list[Finding]],
    *,
    version: str,
) -> tuple[dict[str, Any], list[Diagnostic], list[Diagnostic]]:
    """(repaired copy of `data`, warnings, errors left): `find` lists the structural findings."""
    fixed = copy.deepcopy(data)
    warnings: list[Diagnostic] = []
    accepted: set[tuple[str, str]] = set()
    for _ in range(_MAX_ROUNDS):
        findings = [f for f in find(fixed) if (f.pointer, f.message) not in accepted]
        if not findings:
            return fixed, sorted(warnings), []
        unrepairable = [f for f in findings if not f.repair]
        if unrepairable:
            return fixed, warnings, [_error(doc, f) for f in unrepairable]
        # deepest and last first, so earlier pointers stay valid while list items go
        for finding in sorted(findings, key=lambda f: _order(f.pointer), reverse=True):
            key = split_pointer(finding.pointer)[-1] if finding.pointer else ""
            if finding.repair == "read-as-text":  # the loader reads every key as text already
                accepted.add((finding.pointer, finding.message))
                warnings.append(
                    doc.diagnostic(
                        finding.pointer,
                        f"{finding.message}: read as the string {key!r}",
                        level="warning",
                        rule="lenient-status-code",
                    )
                )
                continue
            if version == "3.0" and finding.repair == "drop-key" and key in JSON_SCHEMA_31_KEYWORDS:
                accepted.add((finding.pointer, finding.message))
                warnings.append(
                    doc.diagnostic(
                        finding.pointer,
                        f"{key!r} is an OpenAPI 3.1 keyword in a 3.0 document: read as 3.1 "
                        "means it",
                        level="warning",
                        rule="lenient-3.1-keyword",
                    )
                )
                continue
            _drop(fixed, finding.pointer)
            what = "ignored" if finding.repair == "drop-key" else "dropped from the model"
            rule = "lenient-unknown-key" if finding.repair == "drop-key" else "lenient-bad-value"
            warnings.append(
                doc.diagnostic(
                    finding.pointer, f"{finding.message}: {what}", level="warning", rule=rule
                )
            )
    left = find(fixed)
    return fixed, warnings, [_error(doc, f) for f in left if (f.pointer, f.message) not in accepted]


def _order(pointer: str) -> tuple[Any, ...]:
    return tuple(
        (0, int(p)) if p.isascii() and p.isdigit() else (1, p) for p in split_pointer(pointer)
    )


def _drop(data: Any, pointer: str) -> None:
    parts = split_pointer(pointer)
    parent = data
    for part in parts[:-1]:
        parent = parent[int(part)] if isinstance(parent, list) else parent[part]
    last = parts[-1]
    if isinstance(parent, list):
        del parent[int(last)]
    else:
        parent.pop(last, None)


def _error(doc: Document, finding: Finding) -> Diagnostic:
    return doc.diagnostic(finding.pointer, finding.message, rule="structure")
