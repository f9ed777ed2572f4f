#!/usr/bin/env python3
"""Fetch (once) the large public specs used by the benchmarks into bench/.cache/specs/.

They ship in the source distribution of openapi-spec-validator on PyPI
(tests/bench/specs/), so pip gets them without a browser. Nothing here is
committed: bench/.cache/ is ignored by git.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache" / "specs"
SDIST = "openapi-spec-validator==0.9.0"
WANTED = ("stripe.yaml", "github.yaml", "kubernetes.yaml", "petstore-v3.yaml")


def corpus() -> dict[str, Path]:
    """name -> path of every corpus spec, downloading the sdist when missing."""
    if not all((CACHE / name).is_file() for name in WANTED):
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                 "--no-binary", ":all:", SDIST, "-d", tmp],
                check=True,
            )  # fmt: skip
            (archive,) = Path(tmp).glob("*.tar.gz")
            with tarfile.open(archive) as tar:
                for member in tar.getmembers():
                    name = Path(member.name).name
                    if "/tests/bench/specs/" in member.name and name in WANTED:
                        source = tar.extractfile(member)
                        assert source is not None
                        (CACHE / name).write_bytes(source.read())
    return {Path(name).stem: CACHE / name for name in WANTED}


if __name__ == "__main__":
    for name, path in corpus().items():
        print(f"{name:12} {path.stat().st_size / 1e6:6.1f} MB  {path}")
