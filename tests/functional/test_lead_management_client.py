"""Behaviour of the generated ``lead_management`` client (generated/lead_management)."""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

BASE = "https://crm.example.org"
PATH = "/api/v1/leads/{leadId}"
LEAD_ID = "lead_1234567890abcdef"
UTC = datetime.timezone.utc
STATUSES = ["new", "contacted", "qualified", "converted", "lost", "follow_up"]


@pytest.fixture
def doc(spec: Callable[[str], Any]) -> dict[str, Any]:
    return spec("lead_management")  # type: ignore[no-any-return]


@pytest.fixture
def request_examples(doc: dict[str, Any]) -> dict[str, Any]:
    content = doc["paths"][PATH]["put"]["requestBody"]["content"]["application/json"]
    return {name: ex["value"] for name, ex in content["examples"].items()}


@pytest.fixture
def lead_json(doc: dict[str, Any]) -> dict[str, Any]:
    content = doc["paths"][PATH]["put"]["responses"]["200"]["content"]["application/json"]
    return content["examples"]["updatedLead"]["value"]  # type: ignore[no-any-return]


@pytest.fixture
def validation_error_json(doc: dict[str, Any]) -> dict[str, Any]:
    content = doc["components"]["responses"]["ValidationError"]["content"]["application/json"]
    return content["examples"]["invalidStatus"]["value"]  # type: ignore[no-any-return]


@pytest.fixture
def duplicate_email_json(doc: dict[str, Any]) -> dict[str, Any]:
    content = doc["components"]["responses"]["DuplicateEmail"]["content"]["application/json"]
    return content["examples"]["duplicateEmail"]["value"]  # type: ignore[no-any-return]


@pytest.fixture
def lm_connect(connect: Callable[..., Any]) -> Callable[..., Any]:
    """``connect`` for lead_management with an explicit self-hosted base URL."""

    def factory(pkg: Any, *replies: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("base_url", BASE)
        return connect(pkg, *replies, **kwargs)

    return factory


@pytest.fixture
def lm_aconnect(aconnect: Callable[..., Any]) -> Callable[..., Any]:
    def factory(pkg: Any, *replies: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("base_url", BASE)
        return aconnect(pkg, *replies, **kwargs)

    return factory


def ok(body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(200, json=body, headers=headers)


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content)


# --- base URL ---------------------------------------------------------------------------


def test_placeholder_server_is_not_a_default(lead_management, monkeypatch):
    monkeypatch.delenv("LEAD_MANAGEMENT_BASE_URL", raising=False)
    with pytest.raises(ValueError, match="base_url is required.*LEAD_MANAGEMENT_BASE_URL"):
        lead_management.Client(token="t")
    with pytest.raises(ValueError, match="base_url is required"):
        lead_management.AsyncClient(token="t")


def test_base_url_from_the_environment(lead_management, connect, lead_json, monkeypatch):
    monkeypatch.setenv("LEAD_MANAGEMENT_BASE_URL", "https://crm.acme.io")
    client, server = connect(lead_management, ok(lead_json))
    client.leads.update(LEAD_ID, status="contacted")
    assert str(server.last.url) == f"https://crm.acme.io/api/v1/leads/{LEAD_ID}"


def test_base_url_override_is_used(lead_management, connect, lead_json):
    client, server = connect(lead_management, ok(lead_json), base_url="https://crm.acme.io")
    client.leads.update(LEAD_ID, status="contacted")
    assert str(server.last.url) == f"https://crm.acme.io/api/v1/leads/{LEAD_ID}"


def test_base_url_override_trailing_slash_gives_single_slash(lead_management, connect, lead_json):
    client, server = connect(lead_management, ok(lead_json), base_url="https://crm.acme.io/")
    client.leads.update(LEAD_ID, status="contacted")
    assert server.last.url.raw_path == f"/api/v1/leads/{LEAD_ID}".encode()


def test_base_url_with_prefix_path_is_kept(lead_management, connect, lead_json):
    client, server = connect(lead_management, ok(lead_json), base_url="https://acme.io/crm")
    client.leads.update(LEAD_ID, status="contacted")
    assert str(server.last.url) == f"https://acme.io/crm/api/v1/leads/{LEAD_ID}"


def test_base_url_must_be_absolute_http(lead_management):
    with pytest.raises(ValueError):
        lead_management.Client(base_url="ftp://crm.example.org", token="t")


# --- requests ---------------------------------------------------------------------------


def test_update_sends_put_to_full_url(lead_management, lm_connect, lead_json):
    client, server = lm_connect(lead_management, ok(lead_json))
    client.leads.update(LEAD_ID, status="contacted")
    assert server.last.method == "PUT"
    assert str(server.last.url) == f"{BASE}/api/v1/leads/{LEAD_ID}"
    assert server.last.url.query == b""


def test_update_sends_auth_content_type_and_user_agent(
    token, lead_management, lm_connect, lead_json
):
    client, server = lm_connect(lead_management, ok(lead_json))
    client.leads.update(LEAD_ID, status="contacted")
    headers = server.last.headers
    assert headers["authorization"] == f"Bearer {token}"
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"].startswith("leadgen/")
    assert "lead_management/" in headers["user-agent"]


@pytest.mark.parametrize(
    "name",
    [
        "statusAndPhone",
        "metadataOnly",
        "multipleFields",
        "curlExample",
        "statusOnly",
        "referral",
        "statusWithNotes",
    ],
)
def test_update_sends_spec_request_example_exactly(
    lead_management, lm_connect, lead_json, request_examples, name
):
    example = request_examples[name]
    client, server = lm_connect(lead_management, ok(lead_json))
    client.leads.update(LEAD_ID, **example)  # the body field names are Python names
    assert sent_json(server.last) == example


def test_update_with_no_fields_sends_empty_object(lead_management, lm_connect, lead_json):
    client, server = lm_connect(lead_management, ok(lead_json))
    client.leads.update(LEAD_ID)
    assert server.last.content == b"{}"


def test_update_omits_unset_fields(lead_management, lm_connect, lead_json):
    client, server = lm_connect(lead_management, ok(lead_json))
    client.leads.update(LEAD_ID, email="new@example.com")
    assert sent_json(server.last) == {"email": "new@example.com"}


def test_update_keeps_null_inside_metadata(lead_management, lm_connect, lead_json):
    client, server = lm_connect(lead_management, ok(lead_json))
    client.leads.update(LEAD_ID, metadata={"notes": None, "lead_score": 85})
    assert server.last.content == b'{"metadata":{"notes":null,"lead_score":85}}'


@pytest.mark.parametrize("field", ["name", "email", "phone", "status", "source", "metadata"])
def test_update_refuses_none_for_non_nullable_field(lead_management, lm_connect, field):
    client, server = lm_connect(lead_management)
    with pytest.raises(lead_management.RequestValidationError) as info:
        client.leads.update(LEAD_ID, **{field: None})
    assert info.value.path == f"body.{field}"
    assert not server.called


@pytest.mark.parametrize("status", STATUSES)
def test_update_accepts_each_of_the_six_statuses(lead_management, lm_connect, lead_json, status):
    client, server = lm_connect(lead_management, ok(lead_json))
    client.leads.update(LEAD_ID, status=status)
    assert sent_json(server.last) == {"status": status}


@pytest.mark.parametrize("status", ["invalid_status", "Contacted", "", "follow-up"])
def test_update_refuses_status_outside_the_six_values(lead_management, lm_connect, status):
    client, server = lm_connect(lead_management)
    with pytest.raises(lead_management.RequestValidationError) as info:
        client.leads.update(LEAD_ID, status=status)
    assert info.value.path == "body.status"
    assert not server.called


def test_update_refuses_metadata_that_is_not_an_object(lead_management, lm_connect):
    client, server = lm_connect(lead_management)
    with pytest.raises(lead_management.RequestValidationError):
        client.leads.update(LEAD_ID, metadata=["a"])
    assert not server.called


def test_update_refuses_empty_lead_id(lead_management, lm_connect):
    client, server = lm_connect(lead_management)
    with pytest.raises(lead_management.RequestValidationError):
        client.leads.update("", status="new")
    assert not server.called


# --- path encoding and header injection ---------------------------------------------------


def test_reserved_characters_in_lead_id_stay_in_one_segment(lead_management, lm_connect, lead_json):
    client, server = lm_connect(lead_management, ok(lead_json))
    client.leads.update("a/b?c#d", status="new")
    assert server.last.url.raw_path == b"/api/v1/leads/a%2Fb%3Fc%23d"
    assert server.last.url.query == b""


def test_dot_dot_lead_id_does_not_change_path(lead_management, lm_connect, lead_json):
    client, server = lm_connect(lead_management, ok(lead_json))
    client.leads.update("..", status="new")
    assert server.last.url.raw_path == b"/api/v1/leads/%2E%2E"


@pytest.mark.parametrize("value", ["v\r\nX-Injected: 1", "v\nw", "v\rw"])
def test_extra_header_value_with_cr_or_lf_is_refused(lead_management, lm_connect, value):
    client, server = lm_connect(lead_management)
    with pytest.raises(lead_management.RequestValidationError):
        client.leads.update(LEAD_ID, status="new", extra_headers={"Idempotency-Key": value})
    assert not server.called


# --- responses ------------------------------------------------------------------------------


def test_update_returns_lead_response_model(lead_management, lm_connect, lead_json):
    client, _ = lm_connect(lead_management, ok(lead_json))
    result = client.leads.update(LEAD_ID, status="qualified")
    assert isinstance(result, lead_management.models.LeadResponse)
    assert result.success is True
    assert isinstance(result.data, lead_management.models.Lead)


def test_update_parses_lead_fields(lead_management, lm_connect, lead_json):
    client, _ = lm_connect(lead_management, ok(lead_json))
    lead = client.leads.update(LEAD_ID, status="qualified").data
    assert lead.id == LEAD_ID
    assert lead.name == "John Smith"
    assert lead.email == "john.doe@example.com"
    assert lead.phone == "+1-555-456-7890"
    assert lead.status == "qualified"
    assert lead.workspace_id == "ws_your_workspace_id"


def test_update_parses_timestamps_as_aware_datetimes(lead_management, lm_connect, lead_json):
    client, _ = lm_connect(lead_management, ok(lead_json))
    lead = client.leads.update(LEAD_ID, status="qualified").data
    assert lead.created_at == datetime.datetime(2024, 1, 15, 10, 30, tzinfo=UTC)
    assert lead.updated_at == datetime.datetime(2024, 1, 16, 14, 30, tzinfo=UTC)


def test_update_keeps_free_form_metadata(lead_management, lm_connect, lead_json):
    client, _ = lm_connect(lead_management, ok(lead_json))
    lead = client.leads.update(LEAD_ID, status="qualified").data
    assert lead.metadata == lead_json["data"]["metadata"]
    assert lead.metadata["interests"] == ["enterprise_solution", "support_package"]


def test_unknown_status_in_response_is_accepted(lead_management, lm_connect, lead_json):
    lead_json["data"]["status"] = "archived"
    client, _ = lm_connect(lead_management, ok(lead_json))
    assert client.leads.update(LEAD_ID, status="lost").data.status == "archived"


def test_unknown_response_fields_kept_in_additional_properties(
    lead_management, lm_connect, lead_json
):
    lead_json["meta"] = {"took_ms": 3}
    lead_json["data"]["ownerId"] = "u_1"
    client, _ = lm_connect(lead_management, ok(lead_json))
    result = client.leads.update(LEAD_ID, status="lost")
    assert result.additional_properties == {"meta": {"took_ms": 3}}
    assert result.data.additional_properties == {"ownerId": "u_1"}


def test_response_missing_required_lead_id_is_response_error(
    lead_management, lm_connect, lead_json
):
    """Lead.id is `required` (and readOnly: required in responses, per OpenAPI)."""
    del lead_json["data"]["id"]
    client, _ = lm_connect(lead_management, ok(lead_json), strict_responses=True)
    with pytest.raises(lead_management.ResponseValidationError) as info:
        client.leads.update(LEAD_ID, status="lost")
    assert info.value.path == "/data/id"


def test_response_missing_data_is_response_error(lead_management, lm_connect):
    client, _ = lm_connect(lead_management, ok({"success": True}), strict_responses=True)
    with pytest.raises(lead_management.ResponseValidationError) as info:
        client.leads.update(LEAD_ID, status="lost")
    assert info.value.path == "/data"


def test_response_missing_data_reads_as_unset_by_default(lead_management, lm_connect):
    client, _ = lm_connect(lead_management, ok({"success": True}))
    result = client.leads.update(LEAD_ID, status="lost")
    assert result.success is True
    assert result.data is lead_management.UNSET
    assert [str(p) for p in result.validation_problems] == ["/data: required property is missing"]


# --- error statuses --------------------------------------------------------------------------


def test_validation_error_400_parsed_into_error_model(
    lead_management, lm_connect, validation_error_json
):
    client, _ = lm_connect(lead_management, httpx.Response(400, json=validation_error_json))
    with pytest.raises(lead_management.BadRequestError) as info:
        client.leads.update(LEAD_ID, status="new")
    parsed = info.value.parsed
    assert isinstance(parsed, lead_management.models.ValidationErrorResponse)
    assert parsed.success is False
    assert parsed.code == "VALIDATION_ERROR"
    assert parsed.error == "Validation failed"
    assert isinstance(parsed.details, lead_management.models.ValidationErrorDetails)
    assert parsed.details.field == "status"
    assert parsed.details.value == "invalid_status"


def test_validation_error_400_keeps_status_headers_and_body(
    lead_management, lm_connect, validation_error_json
):
    reply = httpx.Response(400, json=validation_error_json, headers={"X-Request-Id": "v-1"})
    client, _ = lm_connect(lead_management, reply)
    with pytest.raises(lead_management.BadRequestError) as info:
        client.leads.update(LEAD_ID, status="new")
    assert info.value.status_code == 400
    assert info.value.headers["x-request-id"] == "v-1"
    assert json.loads(info.value.body) == validation_error_json


def test_duplicate_email_409_parsed_into_error_model(
    lead_management, lm_connect, duplicate_email_json
):
    client, _ = lm_connect(lead_management, httpx.Response(409, json=duplicate_email_json))
    with pytest.raises(lead_management.ConflictError) as info:
        client.leads.update(LEAD_ID, email="existing@example.com")
    parsed = info.value.parsed
    assert isinstance(parsed, lead_management.models.DuplicateEmailResponse)
    assert parsed.code == "DUPLICATE_EMAIL"
    assert isinstance(parsed.details, lead_management.models.DuplicateEmailDetails)
    assert parsed.details.email == "existing@example.com"
    assert parsed.details.existing_lead_id == "lead_another123"
    assert info.value.status_code == 409


def test_not_found_404_parsed_into_error_envelope(lead_management, lm_connect):
    body = {"success": False, "error": "Lead not found", "code": "NOT_FOUND"}
    client, _ = lm_connect(lead_management, httpx.Response(404, json=body))
    with pytest.raises(lead_management.NotFoundError) as info:
        client.leads.update(LEAD_ID, status="new")
    parsed = info.value.parsed
    assert isinstance(parsed, lead_management.models.ErrorResponse)
    assert parsed.code == "NOT_FOUND"
    assert parsed.details is lead_management.UNSET


def test_error_body_not_matching_declared_schema_gives_parsed_none(lead_management, lm_connect):
    client, _ = lm_connect(lead_management, httpx.Response(400, text="<html>bad gateway</html>"))
    with pytest.raises(lead_management.BadRequestError) as info:
        client.leads.update(LEAD_ID, status="new")
    assert info.value.parsed is None
    assert info.value.body == b"<html>bad gateway</html>"


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
    ],
)
def test_error_status_raises_its_exception_class(lead_management, lm_connect, status, name):
    client, _ = lm_connect(lead_management, httpx.Response(status, json={}), max_retries=0)
    with pytest.raises(getattr(lead_management, name)) as info:
        client.leads.update(LEAD_ID, status="new")
    assert info.value.status_code == status


# --- retries --------------------------------------------------------------------------------


def test_503_then_success_is_retried_for_idempotent_put(lead_management, lm_connect, lead_json):
    client, server = lm_connect(lead_management, httpx.Response(503), ok(lead_json))
    result = client.leads.update(LEAD_ID, status="contacted")
    assert result.data.id == LEAD_ID
    assert len(server.requests) == 2
    (delay,) = client.sleeps
    assert 0.375 <= delay <= 0.625  # first backoff 0.5 s +-25 %
    assert server.requests[0].content == server.requests[1].content


def test_read_timeout_is_retried_for_idempotent_put(lead_management, lm_connect, lead_json):
    request = httpx.Request("PUT", BASE)
    client, server = lm_connect(
        lead_management, httpx.ReadTimeout("slow", request=request), ok(lead_json)
    )
    assert client.leads.update(LEAD_ID, status="contacted").success is True
    assert len(server.requests) == 2


def test_server_errors_exhausted_raise_with_last_response(lead_management, lm_connect):
    replies = [httpx.Response(code) for code in (502, 504, 500)]
    client, server = lm_connect(lead_management, *replies)
    with pytest.raises(lead_management.InternalServerError) as info:
        client.leads.update(LEAD_ID, status="contacted")
    assert len(server.requests) == 3
    assert info.value.status_code == 500
    assert len(client.sleeps) == 2


def test_backoff_grows_between_attempts(lead_management, lm_connect):
    client, _ = lm_connect(lead_management, httpx.Response(503), max_retries=3)
    with pytest.raises(lead_management.InternalServerError):
        client.leads.update(LEAD_ID, status="contacted")
    first, second, third = client.sleeps
    assert 0.375 <= first <= 0.625
    assert 0.75 <= second <= 1.25
    assert 1.5 <= third <= 2.5


def test_max_retries_zero_does_not_retry_503(lead_management, lm_connect, lead_json):
    client, server = lm_connect(lead_management, httpx.Response(503), ok(lead_json), max_retries=0)
    with pytest.raises(lead_management.InternalServerError):
        client.leads.update(LEAD_ID, status="contacted")
    assert len(server.requests) == 1
    assert client.sleeps == []


def test_429_retry_after_seconds_is_honoured(lead_management, lm_connect, lead_json):
    client, server = lm_connect(
        lead_management, httpx.Response(429, headers={"Retry-After": "7"}), ok(lead_json)
    )
    client.leads.update(LEAD_ID, status="contacted")
    assert client.sleeps == [7.0]
    assert len(server.requests) == 2


def test_429_retry_after_http_date_is_honoured(lead_management, lm_connect, lead_json, retry_clock):
    now = retry_clock(lead_management)
    when = email.utils.formatdate(now + 45, usegmt=True)
    client, _ = lm_connect(
        lead_management, httpx.Response(429, headers={"Retry-After": when}), ok(lead_json)
    )
    client.leads.update(LEAD_ID, status="contacted")
    assert client.sleeps == [45.0]


def test_400_is_not_retried(lead_management, lm_connect, validation_error_json, lead_json):
    client, server = lm_connect(
        lead_management, httpx.Response(400, json=validation_error_json), ok(lead_json)
    )
    with pytest.raises(lead_management.BadRequestError):
        client.leads.update(LEAD_ID, status="new")
    assert len(server.requests) == 1


# --- token and configuration ------------------------------------------------------------------


def test_token_read_from_env_var(lead_management, lm_connect, monkeypatch, lead_json):
    monkeypatch.setenv("LEAD_MANAGEMENT_TOKEN", "sk-workspace_env")
    client, server = lm_connect(lead_management, ok(lead_json), token=None)
    client.leads.update(LEAD_ID, status="new")
    assert server.last.headers["authorization"] == "Bearer sk-workspace_env"


def test_token_not_in_client_repr(token, lead_management, lm_connect):
    client, _ = lm_connect(lead_management)
    assert token not in repr(client)


def test_token_not_in_status_error_when_server_echoes_it(token, lead_management, lm_connect):
    def echo(request: httpx.Request) -> httpx.Response:
        body = {"success": False, "error": request.headers["authorization"], "code": "X"}
        return httpx.Response(404, json=body)

    client, _ = lm_connect(lead_management, echo)
    with pytest.raises(lead_management.NotFoundError) as info:
        client.leads.update(LEAD_ID, status="new")
    assert token not in str(info.value)
    assert token not in repr(info.value)


def test_token_not_in_timeout_error(token, lead_management, lm_connect):
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout(
            f"timed out with {request.headers['authorization']}", request=request
        )

    client, _ = lm_connect(lead_management, slow, max_retries=1)
    with pytest.raises(lead_management.APITimeoutError) as info:
        client.leads.update(LEAD_ID, status="new")
    assert token not in str(info.value)
    assert token not in repr(info.value)


def test_token_not_in_debug_log_records(token, lead_management, lm_connect, lead_json, caplog):
    caplog.set_level(logging.DEBUG)
    client, _ = lm_connect(lead_management, httpx.Response(503), ok(lead_json))
    client.leads.update(LEAD_ID, status="new")
    assert len(caplog.records) >= 2
    for record in caplog.records:
        assert token not in record.getMessage()


def test_with_raw_response(lead_management, lm_connect, lead_json):
    client, _ = lm_connect(lead_management, ok(lead_json, **{"X-RateLimit-Remaining": "99"}))
    raw = client.leads.with_raw_response.update(LEAD_ID, status="new")
    assert raw.status_code == 200
    assert raw.headers["x-ratelimit-remaining"] == "99"
    assert isinstance(raw.parsed, lead_management.models.LeadResponse)
    assert raw.parsed.data.id == LEAD_ID


def test_client_is_a_context_manager(lead_management, lm_connect, lead_json):
    client, server = lm_connect(lead_management, ok(lead_json))
    with client as entered:
        assert entered is client
        entered.leads.update(LEAD_ID, status="new")
    assert len(server.requests) == 1


# --- async -------------------------------------------------------------------------------------


def test_async_update_request_and_response(token, lead_management, lm_aconnect, lead_json):
    client, server = lm_aconnect(lead_management, ok(lead_json))
    result = asyncio.run(client.leads.update(LEAD_ID, status="qualified", metadata={"k": None}))
    assert server.last.method == "PUT"
    assert str(server.last.url) == f"{BASE}/api/v1/leads/{LEAD_ID}"
    assert server.last.headers["authorization"] == f"Bearer {token}"
    assert sent_json(server.last) == {"status": "qualified", "metadata": {"k": None}}
    assert result.data.created_at == datetime.datetime(2024, 1, 15, 10, 30, tzinfo=UTC)


def test_async_503_then_success_is_retried(lead_management, lm_aconnect, lead_json):
    client, server = lm_aconnect(lead_management, httpx.Response(503), ok(lead_json))
    result = asyncio.run(client.leads.update(LEAD_ID, status="contacted"))
    assert result.success is True
    assert len(server.requests) == 2
    assert len(client.sleeps) == 1


def test_async_duplicate_email_409_parsed(lead_management, lm_aconnect, duplicate_email_json):
    client, _ = lm_aconnect(lead_management, httpx.Response(409, json=duplicate_email_json))
    with pytest.raises(lead_management.ConflictError) as info:
        asyncio.run(client.leads.update(LEAD_ID, email="existing@example.com"))
    assert isinstance(info.value.parsed, lead_management.models.DuplicateEmailResponse)


def test_async_invalid_status_sends_nothing(lead_management, lm_aconnect):
    client, server = lm_aconnect(lead_management)
    with pytest.raises(lead_management.RequestValidationError):
        asyncio.run(client.leads.update(LEAD_ID, status="archived"))
    assert not server.called


def test_async_with_raw_response(lead_management, lm_aconnect, lead_json):
    client, _ = lm_aconnect(lead_management, ok(lead_json))
    raw = asyncio.run(client.leads.with_raw_response.update(LEAD_ID, status="new"))
    assert raw.status_code == 200
    assert isinstance(raw.parsed, lead_management.models.LeadResponse)


def test_async_base_url_from_the_environment(lead_management, aconnect, lead_json, monkeypatch):
    monkeypatch.setenv("LEAD_MANAGEMENT_BASE_URL", "https://crm.acme.io")
    client, server = aconnect(lead_management, ok(lead_json))
    asyncio.run(client.leads.update(LEAD_ID, status="new"))
    assert str(server.last.url) == f"https://crm.acme.io/api/v1/leads/{LEAD_ID}"


# --- formats ------------------------------------------------------------------------------


def test_email_format_is_checked_before_sending(lead_management, lm_connect):
    client, server = lm_connect(lead_management)
    with pytest.raises(lead_management.RequestValidationError, match="invalid email"):
        client.leads.update(LEAD_ID, email="john.doe")
    assert not server.called


def test_validate_formats_false_skips_the_email_check(lead_management, lm_connect, lead_json):
    client, server = lm_connect(lead_management, ok(lead_json), validate_formats=False)
    client.leads.update(LEAD_ID, email="john.doe")
    assert sent_json(server.last)["email"] == "john.doe"
