"""Command names: the words that select each operation in the generated command line.

A command is `<resource> <method>` in kebab case (`campaigns update-lead`), unless the
operation has `x-cli-name`: a list of lower-case kebab-case words that replaces the whole
path (`[campaign, lead, update]`). Two commands may not share a path, and a command's path
may not be the start of another's (a group of commands cannot be a command too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..errors import Problem, pointer_join
from .ir import Operation, Resource
from .naming import kebab

__all__ = ["CLI_NAME_EXTENSION", "check_command_paths", "command_words", "resource_word"]

CLI_NAME_EXTENSION = "x-cli-name"
_WORD = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def resource_word(resource_py_name: str) -> str:
    """The group of a resource's commands: `client.campaigns` -> `campaigns`."""
    return kebab(resource_py_name) or "default"


def command_words(
    node: dict[str, Any], pointer: str, resource_py_name: str, py_name: str
) -> tuple[tuple[str, ...], Problem | None]:
    """The words of the operation `node` (at `pointer`), or () and why its x-cli-name is unusable."""
    custom = node.get(CLI_NAME_EXTENSION)
    if custom is None:
        return (resource_word(resource_py_name), kebab(py_name) or "call"), None
    if (
        isinstance(custom, list)
        and custom
        and all(isinstance(w, str) and _WORD.match(w) for w in custom)
    ):
        return tuple(custom), None
    return (), Problem(
        pointer_join(pointer, CLI_NAME_EXTENSION),
        f"{CLI_NAME_EXTENSION} must be a non-empty list of lower-case kebab-case words",
        f"for example {CLI_NAME_EXTENSION}: [campaign, lead, update]",
    )


def check_command_paths(resources: Sequence[Resource]) -> list[Problem]:
    """Commands that share a path, and commands whose path starts another's."""
    by_path: dict[tuple[str, ...], list[Operation]] = {}
    for resource in resources:
        for op in resource.operations:
            if op.cli_words:  # () when its x-cli-name is already reported
                by_path.setdefault(op.cli_words, []).append(op)
    started: dict[tuple[str, ...], tuple[str, ...]] = {}  # a path -> the first it starts
    for path in by_path:
        for depth in range(1, len(path)):
            started.setdefault(path[:depth], path)
    problems = []
    for path, ops in by_path.items():
        if len(ops) > 1:
            problems.append(
                Problem(
                    _where(ops),
                    f"{' '.join(path)!r} names another operation too",
                    f"give one of them an {CLI_NAME_EXTENSION}",
                )
            )
        if path in started:
            longer = started[path]
            problems.append(
                Problem(
                    _where(ops + by_path[longer]),
                    f"{' '.join(path)!r} is also the start of {' '.join(longer)!r}",
                    "a group of commands cannot be a command too: rename one of them",
                )
            )
    return problems


def _where(ops: list[Operation]) -> str:
    """The x-cli-name of the first of `ops` that has one, else the first operation."""
    for op in ops:
        if op.extension(CLI_NAME_EXTENSION) is not None:
            return pointer_join(op.pointer, CLI_NAME_EXTENSION)
    return ops[0].pointer
