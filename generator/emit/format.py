"""Format generated Python with black, in-process, and parse the result as a guard."""

from __future__ import annotations

import ast
import os
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


def format_source(name: str, source: str, *, laid_out: bool = False) -> str:
    """Black-formatted `source`; a LeadgenError names the file if it is not valid Python.

    A `laid_out` source (written in black's form by one of leadgen's templates) that passes the
    `fits_black` check is black's output already, and is only parsed."""
    try:
        if laid_out and fits_black(source):
            formatted = source
        else:
            formatted = black.format_str(source, mode=BLACK_MODE)
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
    return formatted


def _format_pair(item: tuple[str, str, bool]) -> tuple[str, str]:
    return item[0], format_source(item[0], item[1], laid_out=item[2])


def _split_header(text: str) -> tuple[str, str]:
    """(provenance comment line, rest): the header names the spec's hash, so it is kept out of
    the format cache's key; black leaves a leading comment line as it is."""
    if text.startswith("# ") and "\n" in text:
        head, rest = text.split("\n", 1)
        if rest[:1] not in ("\n", "#", ""):
            return head + "\n", rest
    return "", text


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
    lines = sum(text.count("\n") for _, text, fast in todo if not fast)
    workers = min(os.cpu_count() or 1, 8)
    if lines >= _PARALLEL_FROM_LINES and workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            formatted = dict(pool.map(_format_pair, todo, chunksize=16))
    else:
        formatted = dict(_format_pair(item) for item in todo)
    if cache is not None:
        sources = {name: text for name, text, _ in todo}
        cache.put_many((sources[name], text) for name, text in formatted.items())
    done.update(formatted)
    return {
        name: headers[label + name] + done[label + name] if label + name in done else text
        for name, text in files.items()
    }
