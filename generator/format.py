"""Format generated Python with black, in-process, and parse the result as a guard."""

from __future__ import annotations

import ast
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor

import black

from .errors import Diagnostic, LeadgenError

__all__ = ["BLACK_MODE", "format_files"]

BLACK_MODE = black.Mode(target_versions={black.TargetVersion.PY310})
_PARALLEL_FROM_LINES = 40_000  # below this, starting worker processes costs more than it saves


def format_source(name: str, source: str) -> str:
    """Black-formatted `source`; a LeadgenError names the file if it is not valid Python."""
    try:
        formatted = black.format_str(source, mode=BLACK_MODE)
        ast.parse(formatted, filename=name)
    except (black.InvalidInput, SyntaxError, ValueError) as exc:
        raise LeadgenError(
            [
                Diagnostic(
                    name,
                    None,
                    None,
                    "",
                    f"generated code is not valid Python: {exc}",
                    "a template produced it: check custom templates, or report this",
                )
            ]
        ) from None
    return formatted


def _format_pair(item: tuple[str, str]) -> tuple[str, str]:
    return item[0], format_source(*item)


def format_files(files: Mapping[str, str], label: str = "") -> dict[str, str]:
    """Format every `.py` file of `files` (other files pass through), in parallel when large."""
    python = [(label + name, text) for name, text in files.items() if name.endswith(".py")]
    lines = sum(text.count("\n") for _, text in python)
    workers = min(os.cpu_count() or 1, 8)
    if lines >= _PARALLEL_FROM_LINES and workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            done = dict(pool.map(_format_pair, python, chunksize=16))
    else:
        done = dict(_format_pair(item) for item in python)
    return {name: done.get(label + name, text) for name, text in files.items()}
