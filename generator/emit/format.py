"""Format generated Python with black, in-process, and parse the result as a guard."""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ProcessPoolExecutor

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from ..cache import FormatCache
from ..errors import Diagnostic, LeadgenError
from .layout import fits_black

__all__ = ["BLACK_MODE", "FormatCache", "format_files"]

BLACK_MODE = black.Mode(target_versions={TargetVersion.PY310})
_PARALLEL_FROM_LINES = 40_000  # below this, starting worker processes costs more than it saves
_LAID_OUT_COST = 10  # checking a line laid out in black's form costs about a tenth of black


def format_source(name: str, source: str, *, laid_out: bool = False) -> str:
    """Black-formatted `source`; a LeadgenError names the file if it is not valid Python.

    A `laid_out` source (written in black's form by one of leadgen's templates) that passes the
    `fits_black` check is black's output already, and is only parsed."""
    return _formatted(name, source, laid_out)[0]


def _formatted(name: str, source: str, laid_out: bool) -> tuple[str, bool]:
    """(black's form of `source`, whether black had to run)."""
    try:
        if laid_out and fits_black(source):
            formatted, ran = source, False
        else:
            formatted, ran = black.format_str(source, mode=BLACK_MODE), True
        ast.parse(formatted, filename=name)
    except (InvalidInput, SyntaxError, ValueError) as exc:
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
    return formatted, ran


def _format_item(item: tuple[str, str, bool]) -> tuple[str, str, bool]:
    return (item[0], *_formatted(*item))


def _split_header(text: str) -> tuple[str, str]:
    """(provenance comment line, rest): the header names the spec's hash, so it is kept out of
    the format cache's key; black leaves a leading comment line as it is."""
    if text.startswith("# ") and "\n" in text:
        head, rest = text.split("\n", 1)
        if rest[:1] not in ("\n", "#", ""):
            return head + "\n", rest
    return "", text


def _format_all(todo: list[tuple[str, str, bool]]) -> list[tuple[str, str, bool]]:
    """`_format_item` over `todo`, in order; in worker processes when the files are many
    enough to pay for them (forked workers share the parent's imports)."""
    lines = sum(text.count("\n") // (_LAID_OUT_COST if fast else 1) for _, text, fast in todo)
    workers = min(os.cpu_count() or 1, 8, len(todo))
    if lines < _PARALLEL_FROM_LINES or workers < 2:
        return [_format_item(item) for item in todo]
    chunk = max(1, min(16, len(todo) // (workers * 4)))
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_format_item, todo, chunksize=chunk))


def format_files(
    files: Mapping[str, str],
    label: str = "",
    cache: FormatCache | None = None,
    *,
    stable: Collection[str] = (),
    laid_out: Callable[[str], bool] | None = None,
) -> dict[str, str]:
    """Format every `.py` file of `files` (other files, and the `stable` ones, pass through).

    `stable` names files that are black-stable as they are (the runtime, copied verbatim: the
    project's check runs black over it).

    `laid_out(name)` says a file came from a template that writes black's form: black is
    skipped for it when a cheap check agrees (see `format_source`).

    Files already formatted in an earlier run are taken from `cache` (keyed by
    the hash of the unformatted text); the rest are formatted in parallel when
    there are enough lines to pay for the worker processes.
    """
    done: dict[str, str] = {}
    todo: list[tuple[str, str, bool]] = []
    headers: dict[str, str] = {}
    for name, text in files.items():
        if not name.endswith(".py") or name in stable:
            continue
        headers[label + name], body = _split_header(text)
        cached = cache.get(body) if cache else None
        if cached is not None:
            done[label + name] = cached
        else:
            todo.append((label + name, body, laid_out is not None and laid_out(name)))
    formatted: dict[str, str] = {}
    blackened = 0
    for name, text, ran in _format_all(todo):
        formatted[name] = text
        blackened += ran
    if os.environ.get("LEADGEN_PROFILE") == "1":
        lines = sum(text.count("\n") for _, text, _ in todo)
        print(
            f"leadgen: black ran on {blackened} of {len(todo)} files ({lines} lines)",
            file=sys.stderr,
        )
    if cache is not None:
        sources = {name: text for name, text, _ in todo}
        cache.put_many((sources[name], text) for name, text in formatted.items())
    done.update(formatted)
    return {
        name: headers[label + name] + done[label + name] if label + name in done else text
        for name, text in files.items()
    }
