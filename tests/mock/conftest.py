"""Fixtures of the mock server tests: `mock_server_factory`, the specs, an HTTP client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from leadgen.mock.testing import mock_server_factory

from tests.mock.tiny import TINY_SPEC

__all__ = ["mock_server_factory"]

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"


@pytest.fixture(scope="session")
def tiny_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The inline spec of tests/mock/tiny.py, written to a file."""
    path = tmp_path_factory.mktemp("mock") / "tiny.yaml"
    path.write_text(TINY_SPEC, encoding="utf-8")
    return path


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as client:
        yield client
