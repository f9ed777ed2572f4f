"""Fixtures: the runtime templates rendered into a throwaway package, imported."""

from __future__ import annotations

import importlib
import pathlib
import sys
import types
from collections.abc import Iterator

import pytest
from runtime_render import forget, render_runtime


@pytest.fixture(scope="session")
def rt_pkg(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """Path of the rendered ``rtpkg`` package."""
    return render_runtime(tmp_path_factory.mktemp("runtime"))


@pytest.fixture(scope="session")
def rt(rt_pkg: pathlib.Path) -> Iterator[types.SimpleNamespace]:
    """The rendered runtime modules: ``rt.types``, ``rt.errors``, ``rt.client``,
    ``rt.response``, ``rt.streaming``, ``rt.pagination``, ``rt.files`` and the test
    models ``rt.pet``."""
    sys.path.insert(0, str(rt_pkg.parent))
    try:
        yield types.SimpleNamespace(
            types=importlib.import_module("rtpkg._types"),
            errors=importlib.import_module("rtpkg._errors"),
            client=importlib.import_module("rtpkg._base_client"),
            response=importlib.import_module("rtpkg._response"),
            pet=importlib.import_module("rtpkg.models.pet"),
            streaming=importlib.import_module("rtpkg._streaming"),
            pagination=importlib.import_module("rtpkg._pagination"),
            files=importlib.import_module("rtpkg._files"),
        )
    finally:
        sys.path.remove(str(rt_pkg.parent))
        forget("rtpkg")
