"""Compiled templates kept between runs, as Python keeps its bytecode.

Compiling leadgen's templates takes longer than rendering a small spec with them. The code
Jinja compiles a template to is stored beside the templates (`__pycache__/jinja/`, where
Python keeps the package's bytecode) when that folder may be written, else in the cache
folder. An entry is keyed by the template's name and path, the environment's settings and
the Jinja version, and holds the hash of the source it was compiled from: an edited template
is compiled again. A missing, corrupt or unwritable store only costs time.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from ..cache import default_cache_dir

__all__ = ["CompiledTemplates"]


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache over one folder beside the templates, or the cache folder."""

    def __init__(self, env: jinja2.Environment, templates: Path) -> None:
        self.salt = _settings_digest(env)
        beside = templates / "__pycache__" / "jinja"
        self.folders = [beside, default_cache_dir() / "templates"]
        if sys.dont_write_bytecode or not os.access(templates, os.W_OK):
            self.folders.reverse()  # read beside them too (a build may have filled it)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = f"{self.salt}\0{name}\0{filename or ''}"
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        for folder in self.folders:
            try:
                with open(folder / bucket.key, "rb") as handle:
                    bucket.load_bytecode(handle)
            except OSError:
                continue
            if bucket.code is not None:
                return

    def dump_bytecode(self, bucket: Bucket) -> None:
        folder = self.folders[0]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                bucket.write_bytecode(handle)
            os.replace(tmp, folder / bucket.key)
        except OSError:
            Path(tmp).unlink(missing_ok=True)


def _settings_digest(env: jinja2.Environment) -> str:
    """What else shapes the compiled code: the syntax and whitespace settings, the filters
    known at compile time, and Jinja's version."""
    settings = (
        jinja2.__version__,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        repr(env.autoescape),
        sorted(env.extensions),
        sorted(env.filters),
        sorted(env.tests),
    )
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:16]
