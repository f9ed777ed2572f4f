"""`leadgen watch`: regenerate a spec's package whenever the spec (or a file it refers to) is saved."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .cache import PackageCache
from .config import Client
from .emit.writer import write_output
from .errors import LeadgenError
from .pipeline import generate_files

__all__ = ["regenerate", "watch"]


def regenerate(
    client: Client,
    out_dir: Path,
    templates: Path | None,
    cache: PackageCache,
    *,
    root: Path | None = None,
    lenient: bool = False,
) -> str:
    """One line saying what happened; diagnostics keep the previous output in place."""
    started = time.monotonic()
    spec, package = client.spec, client.folder
    try:
        files, warnings = generate_files(
            client, templates=templates, cache=cache, root=root, lenient=lenient
        )
        changed = write_output(out_dir, {package: files}, prune=False)
    except LeadgenError as exc:
        lines = [d.format() for d in exc.diagnostics]
        return "\n".join(
            [*lines, f"{spec}: not regenerated ({len(lines)} problem(s)); output kept"]
        )
    state = "regenerated" if changed else "unchanged"
    elapsed = time.monotonic() - started
    return "\n".join(
        [*(w.format() for w in warnings), f"{out_dir / package}: {state} in {elapsed:.2f}s"]
    )


def watch(
    clients: list[Client],
    out_dir: Path,
    templates: Path | None = None,
    *,
    root: Path | None = None,
    lenient: bool = False,
    stop: threading.Event | None = None,
    emit: Callable[[str], None] = print,
) -> int:
    """Watch the folders of the clients' specs; on a change, regenerate only the clients whose
    spec (or a file beside it, or under `root` when $refs may reach there) changed."""
    from watchfiles import watch as watch_changes

    cache = PackageCache()
    resolved = {client.spec.resolve(): client for client in clients}
    folders = sorted({str(spec.parent) for spec in resolved})
    if root is not None:
        folders = [str(root.resolve())]

    def again(client: Client) -> str:
        return regenerate(client, out_dir, templates, cache, root=root, lenient=lenient)

    for client in clients:
        emit(again(client))
    emit(f"watching {len(clients)} spec(s); Ctrl-C to stop")
    try:
        for changes in watch_changes(*folders, stop_event=stop, debounce=50, step=20):
            changed = {Path(path).resolve() for _, path in changes}
            for spec, client in sorted(resolved.items(), key=lambda item: item[0]):
                if spec in changed or any(
                    _may_be_referenced(p, spec, root) and p not in resolved for p in changed
                ):
                    emit(again(client))
    except KeyboardInterrupt:
        pass
    sys.stdout.flush()
    return 0


def _may_be_referenced(path: Path, spec: Path, root: Path | None) -> bool:
    """Whether a saved file may be one the spec's $refs reach: beside it, or under --root."""
    if path.suffix not in (".yaml", ".yml", ".json"):
        return False
    if root is None:
        return path.parent == spec.parent
    return path.is_relative_to(root.resolve())
