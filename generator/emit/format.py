"""Format generated Python with black, in-process, and parse the result as a guard."""

from __future__ import annotations

import ast
import functools
import os
import sys
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..cache import FormatCache
from ..errors import Diagnostic, LeadgenError
from .layout import fits_black

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    import black

    BLACK_MODE: black.Mode  # made on first use (see `__getattr__`)

__all__ = ["BLACK_MODE", "FormatCache", "Formatter", "format_files", "format_pool"]

_POOL_FROM_BYTES = 256_000  # smaller specs render too little to pay for worker processes
_BATCH_COST = 3_000  # lines sent to a worker at a time (weighted as below)
_LAID_OUT_COST = 10  # checking a line laid out in black's form costs about a tenth of black


@functools.cache
def _black_mode() -> black.Mode:
    """Black's settings for generated code. Black is imported here, on first use (it takes
    a tenth of a second): a run whose files are all laid out in black's form needs none."""
    import black
    from black.mode import TargetVersion

    return black.Mode(target_versions={TargetVersion.PY310})


def __getattr__(name: str) -> black.Mode:
    """`BLACK_MODE`, made on first use."""
    if name == "BLACK_MODE":
        return _black_mode()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _black(source: str) -> str:
    """Black's form of `source` (ValueError when black cannot parse it)."""
    import black

    return black.format_str(source, mode=_black_mode())


Item = tuple[str, str, bool]  # (name, source without its header line, laid out in black's form)
Done = tuple[str, str, bool]  # (name, formatted source, whether black ran)


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
            formatted, ran = _black(source), True
        ast.parse(formatted, filename=name)
    except (SyntaxError, ValueError) as exc:  # black's InvalidInput is a ValueError
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


def _split_header(text: str) -> tuple[str, str]:
    """(provenance comment line, rest): the header names the spec's hash, so it is kept out of
    the format cache's key; black leaves a leading comment line as it is."""
    if text.startswith("# ") and "\n" in text:
        head, rest = text.split("\n", 1)
        if rest[:1] not in ("\n", "#", ""):
            return head + "\n", rest
    return "", text


def _format_batch(
    items: list[Item], cache: FormatCache | None
) -> tuple[list[Done], int, list[Diagnostic]]:
    """(the formatted items in order, how many came from the cache, the diagnostics of a
    source that is not valid Python). Runs in a worker process for a pooled package, the
    cache read and written there too; diagnostics come back as data, not as an exception."""
    done: list[Done] = []
    fresh: list[tuple[str, str]] = []
    hits = 0
    for name, source, laid_out in items:
        cached = cache.get(source) if cache is not None else None
        if cached is not None:
            done.append((name, cached, False))
            hits += 1
            continue
        try:
            text, ran = _formatted(name, source, laid_out)
        except LeadgenError as exc:
            return [], 0, exc.diagnostics
        done.append((name, text, ran))
        fresh.append((source, text))
    if cache is not None:
        cache.put_many(fresh)
    return done, hits, []


def _pool_workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, 8)


@contextmanager
def format_pool(spec_bytes: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for formatting a large spec's files while it renders, or None.

    They are forked at once, before the spec is loaded: they hold the generator's imports
    and not the spec or its model, so they stay small. Small specs (below `_POOL_FROM_BYTES`),
    single-core machines and platforms without fork get None and format in the process."""
    if spec_bytes < _POOL_FROM_BYTES:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = _pool_workers()
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    _black_mode()  # imports black once, before the fork, for every worker
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        pool.submit(int)  # the first task forks every worker
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class Formatter:
    """Formats a package's `.py` files as they are rendered: with a pool, batches go to the
    workers while rendering goes on; without one, everything is formatted in `result`.

    The output is the same either way: each file's text depends on its source only, and
    `result` puts the files back in the order they were added."""

    def __init__(
        self,
        label: str = "",
        cache: FormatCache | None = None,
        *,
        stable: Collection[str] = (),
        laid_out: Callable[[str], bool] | None = None,
        pool: ProcessPoolExecutor | None = None,
    ) -> None:
        self.label, self.cache, self.stable, self.laid_out = label, cache, stable, laid_out
        self.pool = pool
        self.order: list[str] = []
        self.kept: dict[str, str] = {}  # files that pass through as they are
        self.headers: dict[str, str] = {}
        self.pending: list[Item] = []
        self.pending_cost = 0
        self.lines = 0
        self.sent: list[Future[tuple[list[Done], int, list[Diagnostic]]]] = []
        self.failure: BaseException | None = None

    def add(self, name: str, text: str) -> None:
        """Queue one rendered file (never raises: a broken pool is reported by `result`)."""
        self.order.append(name)
        if not name.endswith(".py") or name in self.stable:
            self.kept[name] = text
            return
        self.headers[name], source = _split_header(text)
        fast = self.laid_out is not None and self.laid_out(name)
        self.pending.append((self.label + name, source, fast))
        lines = source.count("\n")
        self.lines += lines
        self.pending_cost += lines // (_LAID_OUT_COST if fast else 1)
        if self.pool is not None and self.pending_cost >= _BATCH_COST:
            self._send()

    def _send(self) -> None:
        batch, self.pending, self.pending_cost = self.pending, [], 0
        if self.pool is None or self.failure is not None or not batch:
            return
        try:
            self.sent.append(self.pool.submit(_format_batch, batch, self.cache))
        except Exception as exc:  # noqa: BLE001 - a broken pool: raised by `result`
            self.failure = exc

    def result(self) -> dict[str, str]:
        """Every file added, in order, its `.py` files formatted (LeadgenError if one is not
        valid Python; a worker's crash is raised as it is)."""
        if self.pool is None:
            outcomes = [_format_batch(self.pending, self.cache)]
        else:
            self._send()
            if self.failure is not None:
                raise self.failure
            outcomes = [future.result() for future in self.sent]
        formatted: dict[str, str] = {}
        ran = hits = 0
        for done, cached, diagnostics in outcomes:
            if diagnostics:
                raise LeadgenError(diagnostics)
            hits += cached
            for name, text, blackened in done:
                formatted[name] = text
                ran += blackened
        if os.environ.get("LEADGEN_PROFILE") == "1":
            print(
                f"leadgen: black ran on {ran} of {len(formatted) - hits} files "
                f"({self.lines} lines{', in worker processes' if self.pool else ''})",
                file=sys.stderr,
            )
        return {
            name: (
                self.kept[name]
                if name in self.kept
                else self.headers[name] + formatted[self.label + name]
            )
            for name in self.order
        }


def format_files(
    files: Mapping[str, str],
    label: str = "",
    cache: FormatCache | None = None,
    *,
    stable: Collection[str] = (),
    laid_out: Callable[[str], bool] | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> dict[str, str]:
    """Format every `.py` file of `files` (other files, and the `stable` ones, pass through).

    `stable` names files that are black-stable as they are (the runtime, copied verbatim: the
    project's check runs black over it).

    `laid_out(name)` says a file came from a template that writes black's form: black is
    skipped for it when a cheap check agrees (see `format_source`).

    Files already formatted in an earlier run are taken from `cache` (keyed by the hash of
    the unformatted text); with a `pool` (see `format_pool`) the rest are formatted in its
    worker processes.
    """
    formatter = Formatter(label, cache, stable=stable, laid_out=laid_out, pool=pool)
    for name, text in files.items():
        formatter.add(name, text)
    return formatter.result()
