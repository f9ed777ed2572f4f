"""Every operation of the three committed clients, driven through `cli.main(argv)`."""

from __future__ import annotations

import io
import json
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.generated_cli.support import GENERATED, PACKAGES, TOKEN, Result

Run = Callable[..., Result]
UUID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


def example(
    spec: Callable[[str], Any], package: str, path: str, method: str, status: str = "200"
) -> Any:
    """The first response example the spec gives for an operation."""
    node = spec(package)["paths"][path][method]["responses"][status]
    if "$ref" in node:
        node = spec(package)["components"]["responses"][node["$ref"].rsplit("/", 1)[-1]]
    examples = node["content"]["application/json"]["examples"]
    return next(iter(examples.values()))["value"]


def sent(result: Result) -> Any:
    return json.loads(result.request.content)


# --- one test per operation ----------------------------------------------------------


def test_puffle_campaign_lead_update_uses_the_vendor_command_path(run: Run, spec: Any) -> None:
    reply = example(spec, "puffle", "/api/campaigns/{id}/leads", "patch")
    result = run(
        "puffle", "campaign", "lead", "update",
        "--id", UUID, "--prospect-id", UUID, "--updates", '{"first_name": "Ada"}',
        replies=[httpx.Response(200, json=reply)],
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    request = result.request
    assert request.method == "PATCH"
    assert str(request.url) == f"https://app.puffle.ai/api/campaigns/{UUID}/leads"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert sent(result) == {"prospect_id": UUID, "updates": {"first_name": "Ada"}}
    assert json.loads(result.out) == reply


def test_puffle_default_command_path_is_replaced(run: Run) -> None:
    result = run("puffle", "campaigns", "update-lead", "--id", UUID)
    assert result.code == 2
    assert "invalid choice: 'campaigns'" in result.err
    assert not result.requests


def test_inboxapp_campaigns_update_lead(run: Run, spec: Any) -> None:
    reply = example(spec, "inboxapp", "/campaigns/v2/{campaignId}/leads/{identifier}", "patch")
    result = run(
        "inboxapp", "campaigns", "update-lead",
        "--campaign-id", "abc123", "--identifier", "elonmusk",
        "--data", '{"custom_q5cktl47a6pqa74eu06fz89v": "Acme Corp"}',
        "--by", "username", "--platform", "twitter",
        replies=[httpx.Response(200, json=reply)],
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    assert result.request.method == "PATCH"
    assert (
        str(result.request.url) == "https://inboxapp.com/api/v1/campaigns/v2/abc123/leads/elonmusk"
    )
    assert sent(result) == {
        "data": {"custom_q5cktl47a6pqa74eu06fz89v": "Acme Corp"},
        "by": "username",
        "platform": "twitter",
    }
    out = json.loads(result.out)
    assert out["stage"] == "pending"
    assert out["data"] == reply["data"]
    assert out["prospect"]["followerCount"] == 123
    assert (
        out["prospect"]["platformCreatedAt"] == "2022-09-03T17:58:06Z"
    )  # parsed, then sent out again


def test_inboxapp_campaigns_add_leads_with_repeated_and_json_array_flags(
    run: Run, spec: Any
) -> None:
    reply = example(spec, "inboxapp", "/campaigns/v2/{campaignId}/leads", "post")
    result = run(
        "inboxapp", "campaigns", "add-leads", "--campaign-id", "abc123",
        "--platform-ids", "44196397", "--platform-ids", "50393960",
        "--usernames", '["elonmusk", "jack"]',
        "--leads", '{"externalId": "hy4k7m2x9p1n6v3w8j5q0r", "data": {"custom_a": 1}}',
        replies=[httpx.Response(200, json=reply)],
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    assert result.request.method == "POST"
    assert str(result.request.url) == "https://inboxapp.com/api/v1/campaigns/v2/abc123/leads"
    assert sent(result) == {
        "platformIds": ["44196397", "50393960"],
        "usernames": ["elonmusk", "jack"],
        "leads": [{"externalId": "hy4k7m2x9p1n6v3w8j5q0r", "data": {"custom_a": 1}}],
    }
    assert json.loads(result.out) == reply


def test_inboxapp_lists_update_lead(run: Run, spec: Any) -> None:
    reply = example(spec, "inboxapp", "/lists/{listId}/leads/{platformId}", "patch")
    result = run(
        "inboxapp", "lists", "update-lead", "--list-id", "list9", "--platform-id", "44196397",
        "--data", '{"custom_q5cktl47a6pqa74eu06fz89v": "Acme Corp"}',
        replies=[httpx.Response(200, json=reply)],
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    assert result.request.method == "PATCH"
    assert str(result.request.url) == "https://inboxapp.com/api/v1/lists/list9/leads/44196397"
    assert sent(result) == {"data": {"custom_q5cktl47a6pqa74eu06fz89v": "Acme Corp"}}
    assert json.loads(result.out)["prospect"]["accountStatus"] == "active"


def test_lead_management_leads_update(run: Run, spec: Any) -> None:
    reply = example(spec, "lead_management", "/api/v1/leads/{leadId}", "put")
    result = run(
        "lead_management", "leads", "update", "--lead-id", "lead_1234567890abcdef",
        "--status", "qualified", "--metadata", '{"budget": "$50k-100k", "lead_score": 85}',
        "--base-url", "https://crm.example.com",
        replies=[httpx.Response(200, json=reply)],
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    assert result.request.method == "PUT"
    assert str(result.request.url) == "https://crm.example.com/api/v1/leads/lead_1234567890abcdef"
    assert sent(result) == {
        "status": "qualified",
        "metadata": {"budget": "$50k-100k", "lead_score": 85},
    }
    out = json.loads(result.out)
    assert out["data"]["status"] == "qualified"
    assert out["data"]["metadata"] == reply["data"]["metadata"]


# --- the README's examples run as they are written -------------------------------------


def readme_commands() -> list[tuple[str, list[str]]]:
    found = []
    for package in PACKAGES:
        text = (GENERATED / package / "README.md").read_text(encoding="utf-8")
        for block in re.findall(r"```sh\n(.*?)\n```", text, re.DOTALL):
            words = shlex.split(block)
            assert words[:3] == ["python", "-m", package], block
            found.append((package, words[3:]))
    return found


@pytest.mark.parametrize(
    ("package", "argv"), readme_commands(), ids=lambda v: " ".join(v) if isinstance(v, list) else v
)
def test_readme_example_runs(run: Run, package: str, argv: list[str]) -> None:
    result = run(
        package, *argv, "--base-url", "https://api.example.com", replies=[httpx.Response(204)]
    )
    assert (result.code, result.err, result.out) == (0, "", "")
    assert len(result.requests) == 1


def test_every_operation_has_a_readme_example() -> None:
    assert len(readme_commands()) == 5


# --- request body sources -------------------------------------------------------------


def test_body_from_json_file_and_flags_override_its_keys(run: Run, tmp_path: Path) -> None:
    body = tmp_path / "body.json"
    body.write_text(
        json.dumps({"name": "John Smith", "status": "new", "phone": "+1"}), encoding="utf-8"
    )
    result = run(
        "lead_management", "leads", "update", "--lead-id", "l1", "--body", f"@{body}", "--status", "lost",
        replies=[httpx.Response(204)],
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    assert sent(result) == {"name": "John Smith", "status": "lost", "phone": "+1"}


def test_body_from_stdin(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps({"prospect_id": UUID, "updates": {}}).encode()))
    monkeypatch.setattr("sys.stdin", stdin)
    result = run(
        "puffle",
        "campaign",
        "lead",
        "update",
        "--id",
        UUID,
        "--body",
        "-",
        replies=[httpx.Response(204)],
    )
    assert (result.code, result.err) == (0, "")
    assert sent(result) == {"prospect_id": UUID, "updates": {}}


def test_body_with_an_unknown_field_is_a_usage_error(run: Run) -> None:
    result = run(
        "lead_management", "leads", "update", "--lead-id", "l1", "--body", '{"nickname": "x"}'
    )
    assert result.code == 2
    assert "--body: unknown field 'nickname'" in result.err
    assert not result.requests


def test_body_that_is_not_json_is_a_usage_error(run: Run) -> None:
    result = run("lead_management", "leads", "update", "--lead-id", "l1", "--body", "{nope")
    assert result.code == 2
    assert "--body: invalid JSON" in result.err


# --- explicit null ----------------------------------------------------------------------


def test_null_inside_an_object_flag_clears_a_column(run: Run) -> None:
    result = run(
        "inboxapp", "campaigns", "update-lead", "--campaign-id", "abc", "--identifier", "44196397",
        "--data", '{"custom_q5cktl47a6pqa74eu06fz89v": "Acme Corp"}',
        "--null", "data.custom_m8r2xj93hd5bk0atcw7oe4fp",
        replies=[httpx.Response(204)],
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    assert sent(result) == {
        "data": {
            "custom_q5cktl47a6pqa74eu06fz89v": "Acme Corp",
            "custom_m8r2xj93hd5bk0atcw7oe4fp": None,
        }
    }


def test_null_alone_builds_the_object(run: Run) -> None:
    result = run(
        "inboxapp", "lists", "update-lead", "--list-id", "l1", "--platform-id", "1",
        "--null", "data.custom_x", "--null", "data.custom_y",
        replies=[httpx.Response(204)],
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    assert sent(result) == {"data": {"custom_x": None, "custom_y": None}}


def test_null_for_a_field_that_is_not_nullable_fails_validation(run: Run) -> None:
    result = run(
        "inboxapp",
        "campaigns",
        "update-lead",
        "--campaign-id",
        "abc",
        "--identifier",
        "1",
        "--data",
        "{}",
        "--null",
        "by",
    )
    assert result.code == 2
    assert "--by: must be one of 'platformId', 'username', 'externalId'" in result.err
    assert not result.requests


def test_null_for_an_unknown_flag(run: Run) -> None:
    result = run(
        "inboxapp",
        "lists",
        "update-lead",
        "--list-id",
        "l1",
        "--platform-id",
        "1",
        "--null",
        "nope",
    )
    assert result.code == 2
    assert "--null: no flag 'nope'" in result.err


# --- validation errors name the flag ------------------------------------------------------


@pytest.mark.parametrize(
    ("package", "argv", "message"),
    [
        ("inboxapp", ["campaigns", "add-leads", "--campaign-id", "abc", "--platform-ids", "[]"], "--platform-ids: must have at least 1 items"),
        ("inboxapp", ["campaigns", "add-leads", "--campaign-id", "abc", "--usernames", ""], "--usernames[0]: must have at least 1 characters"),
        ("inboxapp", ["campaigns", "add-leads", "--campaign-id", "ABC!"], "--campaign-id: must match pattern"),
        ("inboxapp", ["campaigns", "add-leads", "--campaign-id", "abc", "--leads", '{"externalId": "x", "nope": 1}'], "--leads[0]: unexpected properties ['nope']"),
        ("inboxapp", ["campaigns", "update-lead", "--campaign-id", "abc", "--identifier", "1"], "--data: is required"),
        ("puffle", ["campaign", "lead", "update", "--id", UUID, "--prospect-id", "not-a-uuid", "--updates", "{}"], "--prospect-id: invalid uuid"),
        ("puffle", ["campaign", "lead", "update", "--id", UUID, "--updates", "{}"], "--prospect-id: is required"),
        ("puffle", ["campaign", "lead", "update", "--id", UUID, "--prospect-id", UUID, "--updates", '{"first_name": 1}'], "--updates.first_name: expected string, got number"),
        ("puffle", ["campaign", "lead", "update", "--id", UUID, "--prospect-id", UUID, "--updates", '{"status": "x"}'], "--updates: unexpected properties ['status']"),
        ("puffle", ["campaign", "lead", "update", "--prospect-id", UUID], "the following arguments are required: --id"),
        ("lead_management", ["leads", "update", "--lead-id", "l1", "--status", "bogus"], "argument --status: invalid choice 'bogus'"),
        ("lead_management", ["leads", "update", "--lead-id", "l1", "--metadata", "[1]"], "--metadata: expected object, got array"),
        ("lead_management", ["leads", "update", "--lead-id", "l1", "--timeout", "soon"], "argument --timeout: invalid float value"),
    ],
)  # fmt: skip
def test_validation_error_is_a_usage_error_naming_the_flag(
    run: Run, package: str, argv: list[str], message: str
) -> None:
    result = run(package, *argv)
    assert result.code == 2
    assert message in result.err
    assert "usage:" in result.err
    assert result.out == ""
    assert not result.requests


# --- API and connection errors ---------------------------------------------------------------


def test_api_error_prints_status_and_parsed_body_as_json(run: Run, spec: Any) -> None:
    body = example(spec, "lead_management", "/api/v1/leads/{leadId}", "put", "409")
    result = run(
        "lead_management", "leads", "update", "--lead-id", "l1", "--email", "existing@example.com",
        replies=[httpx.Response(409, json=body)],
    )  # fmt: skip
    assert result.code == 1
    assert result.out == ""
    assert json.loads(result.err) == {"status": 409, "reason": "Conflict", "body": body}


def test_api_error_with_a_text_body_never_shows_the_token(run: Run) -> None:
    result = run(
        "puffle", "campaign", "lead", "update", "--id", UUID, "--prospect-id", UUID, "--updates", "{}",
        replies=[httpx.Response(401, text=f"bad token {TOKEN}")],
    )  # fmt: skip
    assert result.code == 1
    assert json.loads(result.err) == {
        "status": 401,
        "reason": "Unauthorized",
        "body": "bad token ***",
    }


def test_response_that_breaks_the_schema_is_an_api_error(run: Run) -> None:
    result = run(
        "inboxapp",
        "campaigns",
        "add-leads",
        "--campaign-id",
        "abc",
        replies=[httpx.Response(200, json={"added": 1})],
    )
    assert result.code == 1
    report = json.loads(result.err)
    assert report["status"] == 200
    assert "/skipped: required property is missing" in report["error"]


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (httpx.ConnectError("refused"), "Connection error"),
        (httpx.ReadTimeout("slow"), "Request timed out"),
    ],
)
def test_connection_failure_and_timeout_exit_3(run: Run, error: Exception, text: str) -> None:
    result = run(
        "lead_management",
        "leads",
        "update",
        "--lead-id",
        "l1",
        "--max-retries",
        "0",
        replies=[error],
    )
    assert result.code == 3
    assert text in result.err
    assert result.out == ""


def test_retries_follow_max_retries(run: Run) -> None:
    result = run(
        "lead_management", "leads", "update", "--lead-id", "l1", "--max-retries", "1",
        replies=[httpx.Response(429, headers={"retry-after": "0"}), httpx.Response(204)],
    )  # fmt: skip
    assert (result.code, len(result.requests)) == (0, 2)


# --- global options --------------------------------------------------------------------------


def test_verbose_shows_request_line_and_status_but_never_the_token(run: Run) -> None:
    result = run(
        "puffle", "--verbose", "campaign", "lead", "update", "--id", UUID, "--prospect-id", UUID, "--updates", "{}",
        replies=[httpx.Response(200, json={"prospect": {}})],
    )  # fmt: skip
    assert result.code == 0
    assert result.err.splitlines() == [
        f"> PATCH https://app.puffle.ai/api/campaigns/{UUID}/leads",
        "< 200 OK",
    ]
    assert TOKEN not in result.out + result.err


def test_token_defaults_to_the_environment_variable(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUFFLE_TOKEN", "env-token-123")
    result = run(
        "puffle", "campaign", "lead", "update", "--id", UUID, "--prospect-id", UUID, "--updates", "{}", "-v",
        token=None, replies=[httpx.Response(204)],
    )  # fmt: skip
    assert result.code == 0
    assert result.request.headers["authorization"] == "Bearer env-token-123"
    assert "env-token-123" not in result.out + result.err


def test_output_table(run: Run) -> None:
    reply = {
        "prospect": {
            "id": UUID,
            "first_name": "Ada",
            "custom_fields": {"tier": "gold"},
            "bounced_at": None,
        }
    }
    result = run(
        "puffle", "campaign", "lead", "update", "--id", UUID, "--prospect-id", UUID, "--updates", "{}",
        "--output", "table", replies=[httpx.Response(200, json=reply)],
    )  # fmt: skip
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["field", "value"]
    assert lines[2].split() == ["prospect.id", UUID]
    assert lines[3].split() == ["prospect.first_name", "Ada"]
    assert lines[4].split() == ["prospect.custom_fields.tier", "gold"]
    assert lines[5].split() == ["prospect.bounced_at"]


def test_missing_base_url_is_a_usage_error(run: Run) -> None:
    result = run("lead_management", "leads", "update", "--lead-id", "l1", "--base-url", "ftp://x")
    assert result.code == 2
    assert "--base-url: base_url must be an absolute http(s) URL" in result.err


# --- help ------------------------------------------------------------------------------------


def test_root_help_lists_commands_and_exit_codes(run: Run) -> None:
    result = run("inboxapp", "--help", token=None)
    assert result.code == 0
    out = " ".join(result.out.split())  # argparse wraps lines
    assert "InboxApp API" in out
    assert "campaigns Campaign leads (campaigns v2)." in out
    assert "lists Leads in lists." in out
    assert "--token TOKEN" in out and "$INBOXAPP_TOKEN" in out
    assert (
        "Exit codes: 0 success, 1 API error, 2 usage or validation error, 3 connection failure or timeout."
        in out
    )


def test_base_url_help_shows_a_default_only_when_the_client_has_one(run: Run) -> None:
    out = " ".join(run("inboxapp", "--help", token=None).out.split())
    assert "--base-url URL Server URL (default: https://inboxapp.com/api/v1)." in out
    out = " ".join(run("lead_management", "--help", token=None).out.split())
    assert "default: https://your-domain.com" not in out
    assert (
        "--base-url URL Server URL (required, or set $LEAD_MANAGEMENT_BASE_URL; "
        "the spec's https://your-domain.com is only a placeholder)." in out
    )


def test_group_help_lists_its_commands(run: Run) -> None:
    result = run("puffle", "campaign", "--help", token=None)
    assert result.code == 0
    assert re.search(r"lead\s+update", result.out)
    result = run("puffle", "campaign", "lead", token=None)
    assert result.code == 2
    assert "the following arguments are required: COMMAND" in result.err


def test_leaf_help_shows_summary_description_choices_defaults_and_constraints(run: Run) -> None:
    result = run("inboxapp", "campaigns", "update-lead", "--help", token=None)
    assert result.code == 0
    out = " ".join(result.out.split())  # argparse wraps lines
    assert "Update lead" in out
    assert "Update the custom column values of a lead in a campaign." in out
    assert "PATCH /campaigns/v2/{campaignId}/leads/{identifier}" in out
    assert "--by {platformId,username,externalId}" in out
    assert "--platform {twitter}" in out
    assert "Defaults to 'platformId' on the server when not sent." in out
    assert "--campaign-id TEXT The ID of the campaign. (pattern ^[0-9a-z]+$) Required." in out
    assert "(min length 1)" in out
    assert "Set a value to null to clear it." in out
    assert "Required (here or in --body)." in out
    assert "--body JSON|@FILE|-" in out and "--null FLAG[.KEY]" in out
    result = run("inboxapp", "campaigns", "add-leads", "--help", token=None)
    out = " ".join(result.out.split())
    assert "(min items 1; max items 2000)" in out
    assert "Repeat the flag for each item, or give one JSON array." in out
    assert "Keys: platformId, username, externalId, platform, data." in out


def test_puffle_help_names_the_object_keys(run: Run) -> None:
    result = run("puffle", "campaign", "lead", "update", "--help", token=None)
    out = " ".join(result.out.split())
    assert "Update Lead in Campaign" in out
    assert "--id TEXT Campaign UUID. Required." in out
    assert (
        "Keys: email, linkedin_url, first_name, last_name, name, company, position, headline."
        in out
    )


@pytest.mark.parametrize("package", PACKAGES)
def test_python_dash_m_help(package: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", package, "--help"],
        cwd=GENERATED,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: {package} ")
