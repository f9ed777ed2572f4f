"""Conformance: schemathesis finds nothing wrong with `leadgen mock`, and generated clients'
own tests pass against it, on the project's specs and on third-party ones.

Schemathesis runs in a new process (its CLI, a fixed seed, a small example budget)
against a mock served in this one, with these checks:

- not_a_server_error: no 5xx;
- response_schema_conformance and content_type_conformance: every documented
  response is sent as documented (error replies included);
- negative_data_rejection: requests that break the spec are refused (4xx);
- positive_data_acceptance: requests the spec allows are answered 2xx.

The third-party specs in tests/fixtures/mock/ are a plain petstore (3.0), a petstore
whose schemas combine allOf, oneOf and a discriminator with readOnly/writeOnly fields,
formats and patterns (3.0), and a Swagger 2.0 petstore with a basePath. Credentials for
every scheme these specs use are sent with each request.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from leadgen.cli import main
from leadgen.config import package_name
from leadgen.mock.testing import MockServerFactory

from tests.mock.conftest import ROOT, SPECS
from tests.testgen.generated_tests_runner import run_generated_tests

THIRD_PARTY = ROOT / "tests" / "fixtures" / "mock"
CONFORMANCE_SPECS = [
    *sorted(p for p in SPECS.glob("*.yaml") if not p.name.startswith(".")),
    THIRD_PARTY / "petstore.yaml",
    THIRD_PARTY / "petstore-allof-oneof.yaml",
    THIRD_PARTY / "swagger2-petstore.yaml",
]
CHECKS = (
    "not_a_server_error",
    "response_schema_conformance",
    "content_type_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
)
CREDENTIALS = ("Authorization: Bearer test-token", "X-API-Key: test-key", "api_key: test-key")
SEED = "1"
EXAMPLES = "5"  # per operation and phase


def schemathesis(spec: Path, base_url: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run schemathesis in `folder`, where it keeps its cache."""
    headers = [arg for header in CREDENTIALS for arg in ("-H", header)]
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", str(spec),
        "--url", base_url,
        "--checks", ",".join(CHECKS),
        "--seed", SEED,
        "--max-examples", EXAMPLES,
        "--no-shrink",
        "--workers", "1",
        "--request-timeout", "30",
        *headers,
    ]  # fmt: skip
    return subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=600, check=False
    )  # a safety net: the outcome is what is checked


def base_path(spec: Path) -> str:
    """The path the spec's first server (or Swagger 2.0 basePath) puts before every route."""
    from leadgen.mock.testing import load_app

    prefixes = load_app(spec).router.prefixes
    return prefixes[-1] if prefixes else ""


@pytest.mark.parametrize("spec", CONFORMANCE_SPECS, ids=lambda p: p.stem)
def test_schemathesis_finds_no_failure(
    spec: Path, mock_server_factory: MockServerFactory, tmp_path: Path
) -> None:
    log = io.StringIO()
    server = mock_server_factory(spec, log=log)
    result = schemathesis(spec, server.url + base_path(spec), tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "No issues found" in output, output[-6000:]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("conformance-clients")
    for spec in CONFORMANCE_SPECS[3:]:
        assert main(["generate", str(spec), "--output", str(folder), "--no-cache", "--quiet"]) == 0
    return folder


@pytest.mark.parametrize("spec", CONFORMANCE_SPECS[3:], ids=lambda p: p.stem)
def test_generated_tests_of_third_party_specs_pass_against_the_mock(
    spec: Path, generated: Path, tmp_path: Path, mock_server_factory: MockServerFactory
) -> None:
    log = io.StringIO()
    server = mock_server_factory(spec, log=log)
    env = {"LEADGEN_TEST_BASE_URL": server.url + base_path(spec)}
    outcome = run_generated_tests(generated / package_name(spec.stem) / "tests", tmp_path, env)
    assert outcome.returncode == 0, outcome.report() + "\n--- mock log\n" + log.getvalue()
    assert outcome.passed and outcome.not_passed == [], outcome.report()
    lines = [line.split() for line in log.getvalue().splitlines() if line.strip()]
    requests = [line for line in lines if line[:2] != ["HEAD", "/"]]  # the readiness probe
    assert requests and all(status.startswith("2") for _, _, status, *_ in requests), log.getvalue()
