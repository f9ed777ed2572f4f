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


def regenerate(client: Client, out_dir: Path, templates: Path | None, cache: PackageCache) -> str:
    """One line saying what happened; diagnostics keep the previous output in place."""
    started = time.monotonic()
    spec, package = client.spec, client.folder
    try:
        files, warnings = generate_files(client, templates=templates, cache=cache)
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
    stop: threading.Event | None = None,
    emit: Callable[[str], None] = print,
) -> int:
    """Watch the folders of the clients' specs; on a change, regenerate only the clients whose
    spec (or a file beside it) changed."""
    from watchfiles import watch as watch_changes

    cache = PackageCache()
    resolved = {client.spec.resolve(): client for client in clients}
    folders = sorted({str(spec.parent) for spec in resolved})
    for client in clients:
        emit(regenerate(client, out_dir, templates, cache))
    emit(f"watching {len(clients)} spec(s); Ctrl-C to stop")
    try:
        for changes in watch_changes(*folders, stop_event=stop, debounce=50, step=20):
            changed = {Path(path).resolve() for _, path in changes}
            for root, client in sorted(resolved.items(), key=lambda item: item[0]):
                if root in changed or any(
                    p.parent == root.parent
                    and p.suffix in (".yaml", ".yml", ".json")
                    and p not in resolved
                    for p in changed
                ):
                    emit(regenerate(client, out_dir, templates, cache))
    except KeyboardInterrupt:
        pass
    sys.stdout.flush()
    return 0
