"""Generated tests for feature specs: every constraint kind, auth placement, response shape,
a pattern no value can satisfy; they pass, lint, type-check, and come out byte-identical."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from leadgen.cli import main

from tests.testgen.generated_tests_runner import run_generated_tests

HERE = Path(__file__).resolve().parent
EDGES = HERE / "fixtures" / "edges.yaml"
FEATURES = HERE.parent / "fixtures" / "features"
SPECS = {"edges": EDGES, "zoo30": FEATURES / "zoo30.yaml", "names31": FEATURES / "names31.yaml"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gen-tests")
    for spec in SPECS.values():
        assert main(["generate", str(spec), "--output", str(folder), "--no-cache", "--quiet"]) == 0
    return folder


def generated_tests(out: Path, package: str) -> dict[str, str]:
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted((out / package / "tests").glob("*.py"))
    }


def functions_in(source: str) -> list[str]:
    return [
        n.name
        for n in ast.parse(source).body
        if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
    ]


@pytest.mark.parametrize("package", sorted(SPECS))
def test_generated_tests_of_feature_specs_pass(out: Path, package: str, tmp_path: Path) -> None:
    outcome = run_generated_tests(out / package / "tests", tmp_path)
    assert outcome.returncode == 0, outcome.report()
    assert outcome.passed and outcome.not_passed == [], outcome.report()


def test_layout_and_one_function_per_behaviour(out: Path) -> None:
    files = generated_tests(out, "edges")
    assert sorted(files) == ["__init__.py", "conftest.py", "test_codes.py", "test_items.py"]
    assert (out / "edges" / "tests" / "README.md").is_file()
    names = functions_in(files["test_items.py"])
    assert names == [
        "test_list_sends_request",
        "test_list_async_sends_the_same_request",
        "test_list_parses_response_examples",
        "test_list_parses_response_examples_without_model",
        "test_list_raises_declared_errors",
        "test_list_raises_declared_errors_without_model",
        "test_list_rejects_invalid_arguments",
        "test_create_sends_request",
        "test_create_async_sends_the_same_request",
        "test_create_raises_declared_errors",
        "test_create_rejects_invalid_arguments",
        "test_add_note_sends_request",
        "test_add_note_async_sends_the_same_request",
        "test_add_note_rejects_invalid_arguments",
    ]
    for source in files.values():
        assert "pytest.skip" not in source and "mark.skip" not in source and "xfail" not in source
        assert not re.search(r":\n\s+pass\n", source)
    parametrized = [n for n in names if "_async_" not in n]
    assert files["test_items.py"].count("# Add your own cases") == len(parametrized)
    # every operation is called through the AsyncClient as well
    assert files["test_items.py"].count("asyncio.run(async_client.items.") == 3


def test_every_constraint_kind_is_broken_once(out: Path) -> None:
    source = generated_tests(out, "edges")["test_items.py"]
    ids = set(re.findall(r'id="([^"]+)"', source))
    for wanted in [
        "page-maximum", "page-exclusiveMinimum", "page-multipleOf", "ratio-minimum",
        "ratio-exclusiveMaximum", "sku-pattern", "tags-minItems", "tags-maxItems", "tags-uniqueItems",
        "tags[0]-minLength", "tags[0]-maxLength", "level-enum", "x_trace-format", "session-maxLength",
        "name-minLength", "name-maxLength", "labels-minProperties", "labels-maxProperties",
        "labels[color]-maxLength", "parts[0]-additionalProperties", "parts[0].sku-pattern",
        "parts[0].count-minimum", "ids[0]-format", "when-format", "body-minLength",
    ]:  # fmt: skip
        assert wanted in ids, wanted
    assert '["abc123"] * 6' in source  # long values are written compactly


def test_a_pattern_no_value_satisfies(out: Path) -> None:
    source = generated_tests(out, "edges")["test_codes.py"]
    # the required path parameter cannot be synthesised: only its rejection is tested
    assert functions_in(source) == [
        "test_get_sends_request",
        "test_get_async_sends_the_same_request",
        "test_get_rejects_invalid_arguments",
        "test_put_rejects_invalid_arguments",
        "test_put_async_rejects_invalid_arguments",
    ]
    assert "No valid request can be built" in source
    assert 'pytest.param({"code": "!"}, "code", id="code-pattern")' in source
    # the optional field whose pattern cannot be met is left out of the valid arguments
    assert '"hint"' not in source
    # where the spec's example fits, it is used, and the synthesised case is left out
    assert (
        'pytest.param(GET_ARGS, "/codes/Ab1", [("api_key", "test-token")], id="example")' in source
    )
    assert "# Case 'synthesised' is left out: no value of 'code' that fits its schema" in source


def test_examples_that_break_their_schema_are_left_out_with_a_comment(out: Path) -> None:
    source = generated_tests(out, "edges")["test_items.py"]
    assert "# Example 'tooLong' is left out: it does not fit the request schema." in source
    assert "# Response example '200-broken' is left out" in source
    assert 'id="tooLong"' not in source and 'id="200-broken"' not in source


def test_auth_in_query_and_cookies_and_declared_error_ranges(out: Path) -> None:
    source = generated_tests(out, "edges")["test_items.py"]
    assert '("api_key", "test-token")' in source
    assert '"Cookie": "session=abc123"' in source
    flat = " ".join(source.split())
    assert "pytest.param( 400, BadRequestError, models.Problem," in flat
    assert "pytest.param(429, RateLimitError, None, None" in source
    assert "pytest.param(500, InternalServerError, Arr(Str())" in source


def test_generated_tests_lint_type_check_and_are_black_formatted(out: Path) -> None:
    for args in (
        ["ruff", "check", "--isolated", "--no-cache", "edges"],
        ["black", "--check", "--quiet", "edges"],
        ["mypy", "--strict", "--no-incremental", "--python-version", "3.10", "edges"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", *args],
            cwd=out,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_output_is_deterministic(out: Path, tmp_path: Path) -> None:
    assert main(["generate", str(EDGES), "--output", str(tmp_path), "--no-cache", "--quiet"]) == 0
    again = {
        p.name: p.read_bytes() for p in (tmp_path / "edges" / "tests").iterdir() if p.is_file()
    }
    first = {p.name: p.read_bytes() for p in (out / "edges" / "tests").iterdir() if p.is_file()}
    assert again == first


def test_vendored_under_a_parent_package(out: Path, tmp_path: Path) -> None:
    vendor = tmp_path / "myapp" / "_vendor"
    vendor.mkdir(parents=True)
    (tmp_path / "myapp" / "__init__.py").write_text("")
    (vendor / "__init__.py").write_text("")
    assert main(["generate", str(EDGES), "--output", str(vendor), "--no-cache", "--quiet"]) == 0
    outcome = run_generated_tests(vendor / "edges" / "tests", tmp_path)
    assert outcome.returncode == 0 and outcome.passed and not outcome.not_passed, outcome.report()
