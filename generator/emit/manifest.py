"""The manifest each output folder carries: what leadgen wrote there, from what, and how.

`leadgen-manifest.json` records the generator, the spec's name and hash, the options, and the
sha256 of every file written. The writer reads it to tell leadgen's files from the user's (a
file not listed is the user's and is never deleted or overwritten) and to notice files edited by
hand (their hash no longer matches). The spec hash lives only here, so a spec edit changes only
the files whose content changes, plus this one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import __version__

__all__ = ["MANIFEST", "Manifest", "read_manifest", "text_digest", "with_manifest"]

MANIFEST = "leadgen-manifest.json"


def text_digest(text: str) -> str:
    """The sha256 of a file as the writer writes it (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def with_manifest(
    files: Mapping[str, str], spec_sha256: str, spec_name: str, options: Mapping[str, object]
) -> dict[str, str]:
    """`files` plus the manifest that lists them."""
    manifest = {
        "generator": f"leadgen {__version__}",
        "spec": spec_name,
        "spec_sha256": spec_sha256,
        "options": dict(options),
        "files": {rel: text_digest(files[rel]) for rel in sorted(files)},
    }
    return {**files, MANIFEST: json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"}


@dataclass(frozen=True)
class Manifest:
    """A manifest read back from disk: the files leadgen wrote, with their hashes."""

    files: Mapping[str, str]
    options: Mapping[str, object]

    def owns(self, rel: str) -> bool:
        return rel == MANIFEST or rel in self.files


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest in `folder`, or None when there is none (or it is unreadable)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = {str(k): str(v) for k, v in data["files"].items()}
        return Manifest(files=files, options=dict(data.get("options") or {}))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
