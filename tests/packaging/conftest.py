"""A clone of the committed HEAD, shared by the packaging tests: only committed files count."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.packaging.support import ROOT


@pytest.fixture(scope="session")
def head_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`git clone` of this repository: its committed HEAD, without uncommitted files."""
    src = tmp_path_factory.mktemp("clone") / "src"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(src)], check=True, timeout=120)
    return src
