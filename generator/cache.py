"""A cache of generated packages keyed by content hash: unchanged input is not re-rendered.

The key covers the generator (version and code), every template, the spec file
and the package name; an entry also records the hash of every other file the
spec pulled in through `$ref`, and is used only while those are unchanged too.
An entry keeps the warnings its run gave, so that a cache hit says them again.
Entries live in $LEADGEN_CACHE_DIR (default: ~/.cache/leadgen); a missing,
corrupt or unwritable cache only costs time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from . import __version__
from .errors import Diagnostic

__all__ = ["FormatCache", "PackageCache", "default_cache_dir", "file_digest", "tree_digest"]


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(folders: list[Path]) -> str:
    """One hash over every file (name and content) below `folders` (bytecode caches aside)."""
    digest = hashlib.sha256()
    for folder in folders:
        for parts in _files_below(str(folder)):
            digest.update("/".join(parts).encode() + b"\0")
            with open(os.path.join(folder, *parts), "rb") as handle:
                digest.update(handle.read() + b"\0")
    return digest.hexdigest()


def _files_below(top: str) -> list[tuple[str, ...]]:
    """The files below `top` as path parts relative to it, sorted as paths sort."""
    found: list[tuple[str, ...]] = []
    for where, folders, files in os.walk(top):
        folders[:] = [f for f in folders if f != "__pycache__"]
        inside = os.path.relpath(where, top)
        prefix = () if inside == "." else tuple(inside.split(os.sep))
        found.extend((*prefix, name) for name in files)
    return sorted(found)


def default_cache_dir() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "leadgen"
    return Path(os.environ.get("LEADGEN_CACHE_DIR", default))


class FormatCache:
    """Black's output by hash of its input, one small file each (sharded by prefix)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = (folder or default_cache_dir()) / "format"

    @functools.cached_property
    def salt(self) -> bytes:
        """leadgen's and black's versions (asked for on first use: the lookup takes a while)."""
        from importlib.metadata import version

        return f"{__version__}:{version('black')}".encode()

    def _path(self, source: str) -> Path:
        digest = hashlib.sha256(self.salt + source.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / digest[:2] / digest[2:]

    def get(self, source: str) -> str | None:
        try:
            return self._path(source).read_text("utf-8")
        except (OSError, ValueError):
            return None

    def put_many(self, pairs: Any) -> None:
        for source, formatted in pairs:
            path = self._path(source)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(formatted)
                os.replace(tmp, path)
            except OSError:
                return


class PackageCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_cache_dir()

    @staticmethod
    def key(spec: Path, display: str, templates_digest: str) -> str:
        parts = [__version__, templates_digest, file_digest(spec), display]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def get(self, key: str) -> tuple[str, dict[str, str], list[Diagnostic]] | None:
        try:
            entry: dict[str, Any] = json.loads((self.folder / f"{key}.json").read_text("utf-8"))
            for dep, digest in entry["deps"].items():
                if file_digest(Path(dep)) != digest:
                    return None
            warnings = [Diagnostic(**fields) for fields in entry["warnings"]]
            return str(entry["package"]), dict(entry["files"]), warnings
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(
        self,
        key: str,
        package: str,
        files: dict[str, str],
        deps: list[Path],
        warnings: list[Diagnostic] = [],  # noqa: B006 (never mutated)
    ) -> None:
        entry = {
            "package": package,
            "files": files,
            "deps": {str(p.resolve()): file_digest(p) for p in deps},
            "warnings": [_fields(w) for w in warnings],
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle)
            os.replace(tmp, self.folder / f"{key}.json")
        except OSError:
            pass


def _fields(warning: Diagnostic) -> dict[str, Any]:
    return {
        "file": warning.file,
        "line": warning.line,
        "column": warning.column,
        "pointer": warning.pointer,
        "message": warning.message,
        "hint": warning.hint,
        "level": warning.level,
        "rule": warning.rule,
    }
