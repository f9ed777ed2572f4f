"""The `mock_server_factory` fixture, importable from any test module or conftest:

    from tests.mock_fixture import mock_server_factory  # noqa: F401 - a fixture

It starts a leadgen mock server for a spec on an ephemeral 127.0.0.1 port,
waits until it answers, and stops it when the test ends (generator/mock/testing.py).
"""

from __future__ import annotations

from leadgen.mock.testing import MockServerFactory, mock_server_factory, wait_until_answering

__all__ = ["MockServerFactory", "mock_server_factory", "wait_until_answering"]
