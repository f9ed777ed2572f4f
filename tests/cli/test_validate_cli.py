"""`leadgen validate` as a user runs it: one line per finding, `file:line:col: pointer: message`,
then a one-line summary, all on stderr (`--format json|github` print the findings on stdout).

Exit codes: 0 clean, 1 findings, 2 unreadable input. The file is named as given on the command line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from leadgen.cli import main
from leadgen.pipeline import spec_paths

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = "tests/fixtures/validate"
SHIPPED_SPECS = [p.relative_to(ROOT).as_posix() for p in spec_paths(ROOT / "specs")]


@pytest.fixture(autouse=True)
def at_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def validate(capsys: pytest.CaptureFixture[str], *specs: str) -> tuple[int, list[str]]:
    """Exit code and stderr lines of `leadgen validate SPEC...`; it never writes to stdout."""
    code = main(["validate", *specs])
    captured = capsys.readouterr()
    assert captured.out == ""
    return code, captured.err.splitlines()


# Clean specs


def test_shipped_specs_are_found() -> None:
    assert {"specs/inboxapp.yaml", "specs/lead-management.yaml", "specs/puffle.yaml"} <= set(
        SHIPPED_SPECS
    )


@pytest.mark.parametrize("spec", SHIPPED_SPECS)
def test_shipped_spec_validates_clean(capsys: pytest.CaptureFixture[str], spec: str) -> None:
    assert validate(capsys, spec) == (0, ["1 spec, 0 findings"])


def test_without_arguments_every_shipped_spec_is_validated(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert validate(capsys) == (0, [f"{len(SHIPPED_SPECS)} specs, 0 findings"])


def test_module_entry_point_validates_the_shipped_specs_with_a_summary_only() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "leadgen", "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    summary = f"{len(SHIPPED_SPECS)} specs, 0 findings\n"
    assert (result.returncode, result.stdout, result.stderr) == (0, "", summary)


def test_multi_file_spec_validates_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/multi-file/api.yaml") == (0, ["1 spec, 0 findings"])


# Structure (openapi-spec-validator)


def test_structure_of_an_openapi_30_spec(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/structure-30.yaml") == (
        1,
        [
            f"{FIXTURES}/structure-30.yaml:3:3: /info: 'version' is a required property",
            "1 spec, 1 finding (1 rule)",
        ],
    )


def test_structure_of_an_openapi_31_spec(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/structure-31.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/structure-31.yaml:13:15: /paths/~1things/get/parameters/0/in:"
                " 'body' is not one of ['query', 'header', 'path', 'cookie']"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


def test_unsupported_openapi_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/unsupported-version.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/unsupported-version.yaml:1:10: /swagger: unsupported OpenAPI version '1.2'"
                " (leadgen reads Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2 documents)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


# Operations: operationId, tag, summary


def test_operation_without_operation_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/no-operation-id.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/no-operation-id.yaml:8:7: /paths/~1things/get: operation has no operationId"
                " (it becomes the generated method's name)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


def test_operation_without_tags(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/no-tags.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/no-tags.yaml:8:7: /paths/~1things/get: operation has no tags"
                " (the first tag becomes the client's resource)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


def test_operation_without_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/no-summary.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/no-summary.yaml:8:7: /paths/~1things/get: operation has no summary"
                " (it becomes the first line of the method's docstring)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


# Examples against their schemas


def test_parameter_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/example-parameter.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/example-parameter.yaml:17:20: /paths/~1things/get/parameters/0/example:"
                " example does not match its schema: 500 is greater than the maximum of 100"
                " (schema at /paths/~1things/get/parameters/0/schema)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


def test_request_body_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/example-request-body.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/example-request-body.yaml:21:24:"
                " /paths/~1things/post/requestBody/content/application~1json/examples/unnamed/value:"
                " example does not match its schema: 'name' is a required property"
                " (schema at /paths/~1things/post/requestBody/content/application~1json/schema)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


def test_response_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/example-response.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/example-response.yaml:24:23:"
                " /paths/~1things/get/responses/200/content/application~1json/example/1/id:"
                " example does not match its schema: 42 is not of type 'string'"
                " (schema at /paths/~1things/get/responses/200/content/application~1json/schema)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


def test_schema_example_in_openapi_30(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/example-schema-30.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/example-schema-30.yaml:26:20:"
                " /components/schemas/Thing/properties/created/example:"
                " example does not match its schema: 'yesterday' is not a 'date-time'"
                " (schema at /components/schemas/Thing/properties/created)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


def test_schema_examples_in_openapi_31(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/example-schema-31.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/example-schema-31.yaml:25:30:"
                " /components/schemas/Thing/properties/status/examples/1:"
                " example does not match its schema: 'stopped' is not one of ['active', 'paused']"
                " (schema at /components/schemas/Thing/properties/status)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


def test_shared_example_is_checked_where_it_is_written(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/example-shared.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/example-shared.yaml:27:16: /components/examples/Page/value/total:"
                " example does not match its schema: 'twelve' is not of type 'integer'"
                " (schema at /paths/~1things/get/responses/200/content/application~1json/schema)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


def test_properties_named_like_keywords_are_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/example-property-names.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/example-property-names.yaml:27:22:"
                " /components/schemas/Thing/properties/example/examples/0:"
                " example does not match its schema: 3 is not of type 'string'"
                " (schema at /components/schemas/Thing/properties/example)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


# $ref


def test_ref_that_does_not_resolve(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/unresolved-ref.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/unresolved-ref.yaml:17:23:"
                " /paths/~1things/get/responses/200/content/application~1json/schema/$ref:"
                " $ref '#/components/schemas/Thing' does not resolve"
                " (define the target or fix the reference)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


def test_refs_that_only_lead_to_one_another(capsys: pytest.CaptureFixture[str]) -> None:
    hint = "(a chain of $refs must end in an object that is not a $ref)"
    assert validate(capsys, f"{FIXTURES}/ref-loop.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/ref-loop.yaml:13:17: /paths/~1things/get/responses/200/$ref:"
                " $ref '#/paths/~1things/get/responses/default' never reaches a value:"
                f" its $refs lead back to one another {hint}"
            ),
            (
                f"{FIXTURES}/ref-loop.yaml:15:17: /paths/~1things/get/responses/default/$ref:"
                " $ref '#/paths/~1things/get/responses/200' never reaches a value:"
                f" its $refs lead back to one another {hint}"
            ),
            "1 spec, 2 findings (1 rule)",
        ],
    )


def test_remote_ref_is_unusable_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/remote-ref.yaml") == (
        2,
        [
            (
                f"{FIXTURES}/remote-ref.yaml:17:23:"
                " /paths/~1things/get/responses/200/content/application~1json/schema/$ref:"
                " remote $ref 'https://example.com/thing.yaml#/Thing' refused: leadgen never uses the network"
                " (download the file into the spec's folder and refer to it by relative path)"
            ),
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_ref_leaving_the_spec_folder_is_unusable_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/ref-escape/api.yaml") == (
        2,
        [
            (
                f"{FIXTURES}/ref-escape/api.yaml:17:23:"
                " /paths/~1things/get/responses/200/content/application~1json/schema/$ref:"
                " $ref '../ref-escape-target.yaml' points outside the spec's folder"
                " (move the file inside, or set `root` in [tool.leadgen] / pass --root)"
            ),
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_ref_cycle_outside_components_is_unusable_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/ref-cycle/api.yaml") == (
        2,
        [
            (
                f"{FIXTURES}/ref-cycle/nodes.yaml:5:13: /Node/properties/next/$ref:"
                " $ref '#/Node' forms a cycle through files"
                " (put the recursive schema under components/schemas and refer to it there)"
            ),
            "1 spec (1 unusable), 0 findings",
        ],
    )


# Unused components


def test_unused_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/unused-schema.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/unused-schema.yaml:17:7: /components/schemas/Orphan:"
                " component 'Orphan' is never referenced (remove it or reference it)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


def test_unused_security_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/unused-security-scheme.yaml") == (
        1,
        [
            (
                f"{FIXTURES}/unused-security-scheme.yaml:17:7: /components/securitySchemes/apiKey:"
                " security scheme 'apiKey' is never required"
                " (remove it or add it to a security requirement)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


# Several specs


def test_findings_of_every_spec_given_are_printed(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = validate(
        capsys, f"{FIXTURES}/no-tags.yaml", "specs/puffle.yaml", f"{FIXTURES}/no-summary.yaml"
    )
    assert code == 1
    assert [line.split(":", 1)[0] for line in lines] == [
        f"{FIXTURES}/no-tags.yaml",
        f"{FIXTURES}/no-summary.yaml",
        "3 specs, 2 findings (2 rules)",
    ]


def test_file_is_named_as_given(capsys: pytest.CaptureFixture[str]) -> None:
    given = f"{FIXTURES}/../validate/no-tags.yaml"  # not resolved, not made absolute
    assert validate(capsys, given) == (
        1,
        [
            (
                f"{given}:8:7: /paths/~1things/get: operation has no tags"
                " (the first tag becomes the client's resource)"
            ),
            "1 spec, 1 finding (1 rule)",
        ],
    )


# Unreadable input (exit 2)


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/no-such-spec.yaml") == (
        2,
        [f"{FIXTURES}/no-such-spec.yaml: #: file not found", "1 spec (1 unusable), 0 findings"],
    )


def test_url(capsys: pytest.CaptureFixture[str]) -> None:
    url = "https://example.com/openapi.yaml"
    assert validate(capsys, url) == (
        2,
        [
            (
                f"{url}: #: leadgen reads local files only"
                f" (download the spec first, e.g. curl -o openapi.yaml {url})"
            ),
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, "specs") == (
        2,
        [
            "specs: #: is a folder (give a spec file: .yaml, .yml or .json)",
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_unknown_extension(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, "README.md") == (
        2,
        [
            (
                "README.md: #: unknown file type '.md' (give a .yaml, .yml or .json spec;"
                " a file with another name is read only when it has a top-level openapi: or swagger: key)"
            ),
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_truncated_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = tmp_path / "openapi.json"
    spec.write_text('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "pa', "utf-8")
    assert validate(capsys, str(spec)) == (
        2,
        [
            f"{spec}:1:62: #: not valid JSON: unterminated string starting here (the file ends in .json)",
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_not_yaml(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/not-yaml.yaml") == (
        2,
        [
            (
                f"{FIXTURES}/not-yaml.yaml:4:10: #: not valid YAML: did not find expected ',' or ']'"
                " (only plain YAML is accepted; tags like !!python/object are refused)"
            ),
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_not_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = tmp_path / "latin1.yaml"
    spec.write_bytes("openapi: 3.1.0\ninfo:\n  title: café\n".encode("latin-1"))
    assert validate(capsys, str(spec)) == (
        2,
        [
            f"{spec}:3:13: #: not UTF-8 (byte 33) (save the file as UTF-8)",
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_nul_byte(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = tmp_path / "nul.yaml"
    spec.write_bytes(b"openapi: 3.1.0\ninfo:\n  title: a\x00\n")
    assert validate(capsys, str(spec)) == (
        2,
        [f"{spec}:3:11: #: file contains a NUL character", "1 spec (1 unusable), 0 findings"],
    )


def test_empty_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/empty.yaml") == (
        2,
        [
            f"{FIXTURES}/empty.yaml: #: is empty (an OpenAPI document is expected)",
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_not_a_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/not-a-mapping.yaml") == (
        2,
        [
            (
                f"{FIXTURES}/not-a-mapping.yaml:2:1: #:"
                " not an OpenAPI document: the top level is not a mapping"
            ),
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_duplicate_yaml_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/duplicate-keys.yaml") == (
        2,
        [
            (
                f"{FIXTURES}/duplicate-keys.yaml:14:3: #: duplicate key '/things'"
                " (a later value would silently replace the earlier one; keep one)"
            ),
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_duplicate_json_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/duplicate-keys.json") == (
        2,
        [
            (
                f"{FIXTURES}/duplicate-keys.json:5:3: #: duplicate key 'info'"
                " (a later value would silently replace the earlier one; keep one)"
            ),
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_yaml_alias_of_a_mapping(capsys: pytest.CaptureFixture[str]) -> None:
    """Expanded: the copied operation is checked like any other (its operationId repeats)."""
    code, lines = validate(capsys, f"{FIXTURES}/yaml-alias.yaml")
    assert code == 1
    assert "is not unique" in lines[0] and "refused" not in " ".join(lines)


def test_python_tag(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, f"{FIXTURES}/python-tag.yaml") == (
        2,
        [
            (
                f"{FIXTURES}/python-tag.yaml:4:12: #: not valid YAML: could not determine a constructor"
                " for the tag 'tag:yaml.org,2002:python/object/apply:os.getcwd'"
                " (only plain YAML is accepted; tags like !!python/object are refused)"
            ),
            "1 spec (1 unusable), 0 findings",
        ],
    )


# Choosing rules: --select / --ignore, and the configuration

BARE = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /things:
    get:
      responses:
        "200": {description: ok}
"""
NO_ID = (
    "bare.yaml:6:7: /paths/~1things/get: operation has no operationId"
    " (it becomes the generated method's name)"
)
NO_SUMMARY = (
    "bare.yaml:6:7: /paths/~1things/get: operation has no summary"
    " (it becomes the first line of the method's docstring)"
)
NO_TAGS = (
    "bare.yaml:6:7: /paths/~1things/get: operation has no tags"
    " (the first tag becomes the client's resource)"
)
KNOWN_RULES = (
    "known rules: example-valid, has-operationId, has-summary, has-tags,"
    " unique-operationId, unused-component"
)


@pytest.fixture
def bare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder, the working folder, holding bare.yaml: an operation with three lints."""
    (tmp_path / "bare.yaml").write_text(BARE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_lint_is_reported_by_default(capsys: pytest.CaptureFixture[str], bare: Path) -> None:
    assert validate(capsys, "bare.yaml") == (
        1,
        [NO_ID, NO_SUMMARY, NO_TAGS, "1 spec, 3 findings (3 rules)"],
    )


def test_select_reports_only_the_rules_named(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    assert validate(capsys, "bare.yaml", "--select", "has-tags") == (
        1,
        [NO_TAGS, "1 spec, 1 finding (1 rule)"],
    )


def test_ignore_takes_comma_lists_and_repeats(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    assert validate(capsys, "bare.yaml", "--ignore", "has-tags,has-summary") == (
        1,
        [NO_ID, "1 spec, 1 finding (1 rule)"],
    )
    assert validate(capsys, "bare.yaml", "--ignore", "has-tags", "--ignore", "has-summary") == (
        1,
        [NO_ID, "1 spec, 1 finding (1 rule)"],
    )


def test_every_finding_ignored_is_a_clean_run(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    assert validate(capsys, "bare.yaml", "--ignore=has-operationId,has-summary,has-tags") == (
        0,
        ["1 spec, 0 findings"],
    )


def test_select_and_ignore_come_from_the_configuration(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    (bare / "leadgen.toml").write_text('select = ["has-tags", "has-summary"]\n', "utf-8")
    assert validate(capsys, "bare.yaml") == (
        1,
        [NO_SUMMARY, NO_TAGS, "1 spec, 2 findings (2 rules)"],
    )


def test_the_command_line_wins_over_the_configuration(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    (bare / "pyproject.toml").write_text(
        '[tool.leadgen]\nselect = ["has-tags"]\nignore = ["has-summary"]\n', "utf-8"
    )
    assert validate(capsys, "bare.yaml", "--select", "has-summary,has-operationId") == (
        1,
        [NO_ID, "1 spec, 1 finding (1 rule)"],  # --select replaces select; ignore still applies
    )


def test_an_unknown_rule_is_unusable_input_listing_the_known_rules(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    assert validate(capsys, "bare.yaml", "--ignore", "has-tag,tags") == (
        2,
        [
            f"command line: #: --ignore: unknown rule 'has-tag' ({KNOWN_RULES})",
            f"command line: #: --ignore: unknown rule 'tags' ({KNOWN_RULES})",
        ],
    )


def test_an_unknown_rule_in_the_configuration_names_the_file(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    (bare / "pyproject.toml").write_text('[tool.leadgen]\nignore = ["summary"]\n', "utf-8")
    assert validate(capsys, "bare.yaml") == (
        2,
        [
            f"{bare / 'pyproject.toml'}: #: tool.leadgen.ignore: unknown rule 'summary' ({KNOWN_RULES})"
        ],
    )


def test_structure_cannot_be_ignored(capsys: pytest.CaptureFixture[str], bare: Path) -> None:
    assert validate(capsys, "bare.yaml", "--ignore", "structure") == (
        2,
        [
            (
                "command line: #: --ignore: rule 'structure' is always reported"
                f" (it makes a spec unusable; {KNOWN_RULES})"
            )
        ],
    )


# Output formats


def test_json_format_lists_every_finding_on_stdout(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    code = main(["validate", "bare.yaml", "--select", "has-tags", "--format", "json"])
    captured = capsys.readouterr()
    assert (code, captured.err) == (1, "1 spec, 1 finding (1 rule)\n")
    assert json.loads(captured.out) == [
        {
            "file": "bare.yaml",
            "line": 6,
            "column": 7,
            "pointer": "/paths/~1things/get",
            "message": "operation has no tags",
            "hint": "the first tag becomes the client's resource",
            "rule": "has-tags",
            "level": "error",
        }
    ]


def test_json_format_lists_unusable_input_without_a_rule(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    code = main(["validate", "absent.yaml", "--format", "json"])
    captured = capsys.readouterr()
    assert (code, captured.err) == (2, "1 spec (1 unusable), 0 findings\n")
    assert json.loads(captured.out) == [
        {
            "file": "absent.yaml",
            "line": None,
            "column": None,
            "pointer": "",
            "message": "file not found",
            "hint": "",
            "rule": None,
            "level": "error",
        }
    ]


def test_github_format_prints_workflow_commands(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    code = main(["validate", "bare.yaml", "absent.yaml", "--format", "github", "--select=has-tags"])
    captured = capsys.readouterr()
    assert (code, captured.err) == (2, "2 specs (1 unusable), 1 finding (1 rule)\n")
    assert captured.out.splitlines() == [
        (
            "::error file=bare.yaml,line=6,col=7,title=has-tags::/paths/~1things/get:"
            " operation has no tags (the first tag becomes the client's resource)"
        ),
        "::error file=absent.yaml::#: file not found",
    ]


# Which specs: the configured clients, else specs/*


def test_without_arguments_the_configured_specs_are_validated(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    (bare / "api").mkdir()
    (bare / "bare.yaml").rename(bare / "api" / "openapi.yaml")
    (bare / "leadgen.toml").write_text(
        '[[clients]]\nspec = "api/openapi.yaml"\npackage = "things"\n', "utf-8"
    )
    code, lines = validate(capsys, "--select", "has-tags")
    assert (code, lines) == (
        1,
        [NO_TAGS.replace("bare.yaml", "api/openapi.yaml"), "1 spec, 1 finding (1 rule)"],
    )


def test_an_empty_list_of_configured_clients_is_said_plainly(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    (bare / "leadgen.toml").write_text("clients = []\n", "utf-8")
    assert validate(capsys) == (
        2,
        [
            (
                f"{bare / 'leadgen.toml'}: #: no specs given and none configured"
                " (pass a spec file or add [tool.leadgen] clients)"
            )
        ],
    )


def test_without_configuration_or_specs_folder_there_is_nothing_to_validate(
    capsys: pytest.CaptureFixture[str], bare: Path
) -> None:
    assert validate(capsys) == (
        2,
        [
            "specs: #: no specs given and none configured (pass a spec file or add [tool.leadgen] clients)"
        ],
    )


# $refs across folders inside the project root


@pytest.fixture
def across(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (the working folder) whose specs/api.yaml refers to ../common/."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "common").mkdir()
    spec = BARE.replace(
        "get:\n", "get:\n      operationId: list\n      tags: [t]\n      summary: s.\n"
    )
    spec = spec.replace(
        '"200": {description: ok}',
        '"200":\n          description: ok\n          content:\n            application/json:\n'
        '              schema: {$ref: "../common/thing.yaml#/Thing"}',
    )
    (tmp_path / "specs" / "api.yaml").write_text(spec, encoding="utf-8")
    (tmp_path / "common" / "thing.yaml").write_text("Thing: {type: object}\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


AT_THING_REF = "/paths/~1things/get/responses/200/content/application~1json/schema/$ref"
ALLOW = "(move the file inside, or set `root` in [tool.leadgen] / pass --root)"


def test_without_a_configuration_a_spec_keeps_to_its_folder(
    capsys: pytest.CaptureFixture[str], across: Path
) -> None:
    assert validate(capsys, "specs/api.yaml") == (
        2,
        [
            (
                f"specs/api.yaml:14:30: {AT_THING_REF}: $ref '../common/thing.yaml'"
                f" points outside the spec's folder {ALLOW}"
            ),
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_the_configuration_file_folder_is_the_project_root(
    capsys: pytest.CaptureFixture[str], across: Path
) -> None:
    (across / "pyproject.toml").write_text("[tool.leadgen]\n", "utf-8")
    assert validate(capsys) == (0, ["1 spec, 0 findings"])
    assert validate(capsys, "specs/api.yaml") == (0, ["1 spec, 0 findings"])


def test_root_option_sets_the_project_root(
    capsys: pytest.CaptureFixture[str], across: Path
) -> None:
    assert validate(capsys, "specs/api.yaml", "--root", ".") == (0, ["1 spec, 0 findings"])


def test_a_ref_leaving_the_configured_root_is_refused_with_how_to_allow_it(
    capsys: pytest.CaptureFixture[str], across: Path
) -> None:
    (across / "leadgen.toml").write_text('root = "specs"\n', "utf-8")
    assert validate(capsys) == (
        2,
        [
            (
                f"specs/api.yaml:14:30: {AT_THING_REF}: $ref '../common/thing.yaml'"
                f" points outside the project root specs {ALLOW}"
            ),
            "1 spec (1 unusable), 0 findings",
        ],
    )


def test_a_root_that_is_no_folder_is_unusable_input(
    capsys: pytest.CaptureFixture[str], across: Path
) -> None:
    assert validate(capsys, "specs/api.yaml", "--root", "nowhere") == (
        2,
        ["nowhere: #: --root: no such folder"],
    )


def test_a_configured_root_that_is_no_folder_names_the_configuration(
    capsys: pytest.CaptureFixture[str], across: Path
) -> None:
    (across / "leadgen.toml").write_text('root = "nowhere"\n', "utf-8")
    assert validate(capsys) == (
        2,
        [f"{across / 'leadgen.toml'}: #: root: no such folder ({across / 'nowhere'})"],
    )
