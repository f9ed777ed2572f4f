"""The diff tests share one private leadgen cache (markers of specs that validated)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def diff_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("leadgen-cache")


@pytest.fixture(autouse=True)
def private_cache(diff_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADGEN_CACHE_DIR", str(diff_cache))
