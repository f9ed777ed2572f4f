"""The tests that leadgen writes into generated/<package>/tests/ pass, in a fresh process.

Offline first (the generated `recorder` answers every request), then against a real
server: `leadgen mock` serving the same spec, reached over HTTP through
$LEADGEN_TEST_BASE_URL, where the request tests must get success answers.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from leadgen.config import package_name
from leadgen.model.api import build_api
from leadgen.pipeline import open_spec, spec_paths

from tests.mock_fixture import MockServerFactory, mock_server_factory
from tests.testgen.generated_tests_runner import ROOT, run_generated_tests

__all__ = ["mock_server_factory"]

GENERATED = ROOT / "generated"
SPECS = ROOT / "specs"
SPEC_FILES = [p.name for p in spec_paths(SPECS)]  # what `leadgen generate` generates
# Floors, not exact counts: a spec that gains examples or rules gains tests.
MINIMUM_TESTS = {"inboxapp": 30, "lead_management": 14, "puffle": 5}


def operations_of(spec: Path) -> list[str]:
    opened = open_spec(spec)
    api = build_api(opened.doc, opened.data, package_name(spec.stem))
    return [op.py_name.strip("_") for op in api.operations]


def mock_base_url(server_url: str, spec: Path) -> str:
    """The mock's URL plus the path of the spec's first server (its variables at their defaults)."""
    server = (yaml.safe_load(spec.read_text(encoding="utf-8")).get("servers") or [{}])[0]
    url = str(server.get("url", "/"))
    for name, variable in (server.get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(variable.get("default", "")))
    return server_url + urlparse(url).path.rstrip("/")


@pytest.mark.parametrize("spec", SPEC_FILES)
def test_generated_tests_pass_offline(spec: str, tmp_path: Path) -> None:
    package = package_name(Path(spec).stem)
    outcome = run_generated_tests(GENERATED / package / "tests", tmp_path)
    assert outcome.returncode == 0, outcome.report()
    assert outcome.not_passed == [], outcome.report()
    assert len(outcome.passed) >= MINIMUM_TESTS.get(package, 1), outcome.report()
    for operation in operations_of(SPECS / spec):  # every operation sends a checked request
        assert f"test_{operation}_sends_request" in outcome.passed, outcome.report()


@pytest.mark.parametrize("spec", SPEC_FILES)
def test_generated_tests_pass_against_the_mock_server(
    spec: str, tmp_path: Path, mock_server_factory: MockServerFactory
) -> None:
    log = io.StringIO()
    server = mock_server_factory(SPECS / spec, log=log)
    package = package_name(Path(spec).stem)
    env = {"LEADGEN_TEST_BASE_URL": mock_base_url(server.url, SPECS / spec)}
    outcome = run_generated_tests(GENERATED / package / "tests", tmp_path, env)
    assert outcome.returncode == 0, outcome.report() + "\n--- mock log\n" + log.getvalue()
    assert outcome.not_passed == [], outcome.report()
    sent = [name for name in outcome.passed if name.endswith("_sends_request")]
    # the async test of an operation sends it with both clients
    both = [name for name in outcome.passed if name.endswith("_async_sends_the_same_request")]
    assert both, outcome.report()
    lines = [line.split() for line in log.getvalue().splitlines() if line.strip()]
    lines = [line for line in lines if line[:2] != ["HEAD", "/"]]  # the factory's readiness probe
    # each request test reached the server
    assert len(lines) == len(sent) + 2 * len(both), log.getvalue()
    assert all(status.startswith("2") for _, _, status, *_ in lines), log.getvalue()
