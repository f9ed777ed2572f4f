"""Shapes that make openapi-spec-validator fail instead of reporting them.

It asserts that every key of `paths` holds a path item, parses every path as a format
string, and follows `allOf` members with no guard against a loop. Each such shape is found
here first, as a finding at its place, and the validator is given a copy without it.
"""

from __future__ import annotations

import string
from typing import Any

from ..errors import pointer_join
from .refs import split_pointer, value_at
from .structure import Finding

__all__ = ["allof_cycles", "without_hazards"]


def without_hazards(data: dict[str, Any]) -> tuple[list[Finding], dict[str, Any]]:
    """Findings for the `paths` entries the validator cannot read, and the document without
    them (extensions under `paths` are valid and only left out of the copy)."""
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return [], data
    findings: list[Finding] = []
    kept: dict[str, Any] = {}
    for key, item in paths.items():
        where = pointer_join("/paths", key)
        problem = _path_problem(str(key), item)
        if problem:
            findings.append(Finding(where, problem))
        elif not str(key).startswith("x-"):
            kept[key] = item
    if len(kept) == len(paths):
        return findings, data
    return findings, {**data, "paths": kept}


def _path_problem(key: str, item: Any) -> str:
    if key.startswith("x-"):
        return ""
    if not key.startswith("/"):
        hint = (
            "parameters every operation of a path shares go in that path item's `parameters`"
            if key == "parameters"
            else "every key of paths is a path starting with '/', or an x- extension"
        )
        return f"{key!r} is not a path ({hint})"
    if not isinstance(item, dict):
        return "a path item must be an object (its keys are HTTP methods, parameters, ...)"
    try:
        list(string.Formatter().parse(key))
    except ValueError as exc:
        return f"path {key!r} is not a valid template: {exc} (each '{{' closes with '}}')"
    return ""


def allof_cycles(data: dict[str, Any]) -> list[Finding]:
    """A schema that is, through `allOf` members and `$ref`s, one of its own members: it has
    no finite set of properties."""
    schemas = (data.get("components") or {}).get("schemas") or data.get("definitions") or {}
    base = "/components/schemas" if "components" in data else "/definitions"
    if not isinstance(schemas, dict):
        return []
    findings: list[Finding] = []
    reported: set[str] = set()
    for name in schemas:
        start = pointer_join(base, name)
        cycle = _cycle_from(data, start)
        if cycle is not None and start not in reported:
            ref_at, trail = cycle
            reported.update(trail)
            names = " -> ".join(t.rsplit("/", 1)[-1] for t in trail)
            findings.append(
                Finding(
                    ref_at,
                    f"allOf cycle: {names} (a schema cannot include itself through allOf; "
                    "refer to it from a property instead)",
                )
            )
    return findings


def _cycle_from(data: dict[str, Any], start: str) -> tuple[str, list[str]] | None:
    """(pointer of the closing $ref, schemas along the loop) when `start` includes itself."""
    stack: list[tuple[str, Any, list[str], bool]] = [(start, _at(data, start), [start], False)]
    seen: set[str] = set()
    while stack:
        where, node, trail, inside = stack.pop()
        if not isinstance(node, dict):
            continue
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/") and inside:
            target = ref[1:]
            if target == start:
                return pointer_join(where, "$ref"), trail + [target]
            if target in seen:
                continue
            seen.add(target)
            stack.append((target, _at(data, target), trail + [target], True))
            continue
        members = node.get("allOf")
        if isinstance(members, list):
            for i, member in enumerate(members):
                stack.append((pointer_join(where, "allOf", i), member, trail, True))
    return None


def _at(data: Any, pointer: str) -> Any:
    try:
        return value_at(data, split_pointer(pointer))
    except KeyError:  # not a pointer
        return None
