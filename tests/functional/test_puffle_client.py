"""Behaviour of the generated ``puffle`` client (generated/puffle) over MockTransport."""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

BASE = "https://app.puffle.ai"
PATH = "/api/campaigns/{id}/leads"
UTC = datetime.timezone.utc
CAMPAIGN = "0b9f3c1e-8d0a-4c5e-9f7b-2a6d4e8c1f30"  # a plain string on the page
PROSPECT = uuid.UUID("3c90c3cc-0d44-4b50-8888-8dd25736052a")


@pytest.fixture
def doc(spec: Callable[[str], Any]) -> dict[str, Any]:
    return spec("puffle")  # type: ignore[no-any-return]


@pytest.fixture
def request_example(doc: dict[str, Any]) -> dict[str, Any]:
    content = doc["paths"][PATH]["patch"]["requestBody"]["content"]["application/json"]
    return content["examples"]["pageExample"]["value"]  # type: ignore[no-any-return]


@pytest.fixture
def response_json(doc: dict[str, Any]) -> dict[str, Any]:
    content = doc["paths"][PATH]["patch"]["responses"]["200"]["content"]["application/json"]
    return content["examples"]["pageExample"]["value"]  # type: ignore[no-any-return]


def ok(body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(200, json=body, headers=headers)


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content)


def call(pkg: Any, client: Any, **updates: Any) -> Any:
    """``update_lead`` on the test campaign and prospect with ``LeadUpdates(**updates)``."""
    return client.campaigns.update_lead(
        CAMPAIGN, prospect_id=PROSPECT, updates=pkg.models.LeadUpdates(**updates)
    )


# --- requests ------------------------------------------------------------------------


def test_update_lead_sends_patch_to_full_url(puffle, connect, response_json):
    client, server = connect(puffle, ok(response_json))
    call(puffle, client, email="a@example.com")
    assert server.last.method == "PATCH"
    assert str(server.last.url) == f"{BASE}/api/campaigns/{CAMPAIGN}/leads"
    assert server.last.url.query == b""


def test_update_lead_sends_auth_content_type_and_user_agent(token, puffle, connect, response_json):
    client, server = connect(puffle, ok(response_json))
    call(puffle, client, email="a@example.com")
    headers = server.last.headers
    assert headers["authorization"] == f"Bearer {token}"
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"].startswith("leadgen/")
    assert "puffle/" in headers["user-agent"]


def test_update_lead_sends_spec_page_example(puffle, connect, request_example, response_json):
    client, server = connect(puffle, ok(response_json))
    client.campaigns.update_lead(
        CAMPAIGN,
        prospect_id=uuid.UUID(request_example["prospect_id"]),
        updates=puffle.models.LeadUpdates(**request_example["updates"]),
    )
    assert sent_json(server.last) == request_example


def test_update_lead_serialises_uuid_as_canonical_string(puffle, connect, response_json):
    client, server = connect(puffle, ok(response_json))
    call(puffle, client, name="Jo")
    assert server.last.content == (
        b'{"prospect_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","updates":{"name":"Jo"}}'
    )


def test_update_lead_omits_unset_update_fields(puffle, connect, response_json):
    client, server = connect(puffle, ok(response_json))
    call(puffle, client, company="Acme", headline="CTO")
    assert sent_json(server.last)["updates"] == {"company": "Acme", "headline": "CTO"}


def test_update_lead_sends_empty_updates_object(puffle, connect, response_json):
    client, server = connect(puffle, ok(response_json))
    call(puffle, client)
    assert sent_json(server.last) == {"prospect_id": str(PROSPECT), "updates": {}}


def test_base_url_override_is_used(puffle, connect, response_json):
    client, server = connect(puffle, ok(response_json), base_url="http://localhost:8080/")
    call(puffle, client, name="Jo")
    assert str(server.last.url) == f"http://localhost:8080/api/campaigns/{CAMPAIGN}/leads"


# --- responses -----------------------------------------------------------------------


def test_update_lead_returns_response_model(puffle, connect, response_json):
    client, _ = connect(puffle, ok(response_json))
    result = call(puffle, client, name="Jo")
    assert isinstance(result, puffle.models.UpdateLeadResponse)
    assert isinstance(result.prospect, puffle.models.CampaignLead)


def test_update_lead_parses_uuid_fields(puffle, connect, response_json):
    client, _ = connect(puffle, ok(response_json))
    lead = call(puffle, client, name="Jo").prospect
    expected = uuid.UUID("3c90c3cc-0d44-4b50-8888-8dd25736052a")
    for value in (lead.id, lead.campaign_id, lead.user_id, lead.current_node_id):
        assert isinstance(value, uuid.UUID)
        assert value == expected


def test_update_lead_parses_datetime_fields(puffle, connect, response_json):
    client, _ = connect(puffle, ok(response_json))
    lead = call(puffle, client, name="Jo").prospect
    expected = datetime.datetime(2023, 11, 7, 5, 31, 56, tzinfo=UTC)
    assert lead.created_at == expected
    assert lead.updated_at == expected
    assert lead.bounced_at == expected
    assert lead.replied_at == expected


def test_update_lead_parses_string_and_object_fields(puffle, connect, response_json):
    client, _ = connect(puffle, ok(response_json))
    lead = call(puffle, client, name="Jo").prospect
    assert lead.email == "jsmith@example.com"
    assert lead.status == "<string>"
    assert lead.custom_fields == {}
    assert lead.source_ref == "<string>"


def test_update_lead_nullable_fields_parse_null_as_none(puffle, connect, response_json):
    response_json["prospect"].update(bounced_at=None, replied_at=None, current_node_id=None)
    client, _ = connect(puffle, ok(response_json))
    lead = call(puffle, client, name="Jo").prospect
    assert lead.bounced_at is None
    assert lead.replied_at is None
    assert lead.current_node_id is None


def test_update_lead_absent_optional_fields_are_unset(puffle, connect):
    client, _ = connect(puffle, ok({"prospect": {"id": str(PROSPECT)}}))
    lead = call(puffle, client, name="Jo").prospect
    assert lead.id == PROSPECT
    assert lead.bounced_at is puffle.UNSET
    assert lead.email is puffle.UNSET


def test_update_lead_invalid_uuid_in_response_is_response_error(puffle, connect, response_json):
    response_json["prospect"]["id"] = "not-a-uuid"
    client, _ = connect(puffle, ok(response_json), strict_responses=True)
    with pytest.raises(puffle.ResponseValidationError) as info:
        call(puffle, client, name="Jo")
    assert info.value.path == "/prospect/id"


def test_update_lead_missing_required_prospect_is_response_error(puffle, connect):
    client, _ = connect(puffle, ok({"lead": {}}), strict_responses=True)
    with pytest.raises(puffle.ResponseValidationError) as info:
        call(puffle, client, name="Jo")
    assert info.value.path == "/prospect"


def test_update_lead_invalid_uuid_in_response_is_kept_as_text(puffle, connect, response_json):
    response_json["prospect"]["id"] = "not-a-uuid"
    client, _ = connect(puffle, ok(response_json))
    result = call(puffle, client, name="Jo")
    assert result.prospect.id == "not-a-uuid"
    assert [str(p) for p in result.validation_problems] == ["/prospect/id: invalid uuid"]


def test_unknown_response_fields_kept_in_additional_properties(puffle, connect, response_json):
    response_json["request_id"] = "abc"
    response_json["prospect"]["score"] = 0.9
    client, _ = connect(puffle, ok(response_json))
    result = call(puffle, client, name="Jo")
    assert result.additional_properties == {"request_id": "abc"}
    assert result.prospect.additional_properties == {"score": 0.9}


# --- client-side validation --------------------------------------------------------------


def test_update_lead_campaign_id_is_any_string(puffle, connect, response_json):
    client, server = connect(puffle, ok(response_json))
    client.campaigns.update_lead(
        "camp 1", prospect_id=PROSPECT, updates=puffle.models.LeadUpdates(name="Jo")
    )
    assert server.last.url.raw_path == b"/api/campaigns/camp%201/leads"


def test_update_lead_refuses_prospect_id_given_as_string(puffle, connect):
    client, server = connect(puffle)
    with pytest.raises(puffle.RequestValidationError) as info:
        client.campaigns.update_lead(
            CAMPAIGN, prospect_id="not-a-uuid", updates=puffle.models.LeadUpdates(name="Jo")
        )
    assert info.value.path == "body.prospect_id"
    assert not server.called


def test_update_lead_refuses_none_for_non_nullable_update_field(puffle, connect):
    client, server = connect(puffle)
    with pytest.raises(puffle.RequestValidationError):
        call(puffle, client, email=None)
    assert not server.called


def test_update_lead_refuses_unknown_update_field(puffle, connect):
    client, server = connect(puffle)
    updates = puffle.models.LeadUpdates(name="Jo", additional_properties={"status": "won"})
    with pytest.raises(puffle.RequestValidationError):
        client.campaigns.update_lead(CAMPAIGN, prospect_id=PROSPECT, updates=updates)
    assert not server.called


def test_update_lead_refuses_updates_given_as_dict(puffle, connect):
    client, server = connect(puffle)
    with pytest.raises(puffle.RequestValidationError):
        client.campaigns.update_lead(CAMPAIGN, prospect_id=PROSPECT, updates={"name": "Jo"})
    assert not server.called


@pytest.mark.parametrize("value", ["x\r\ny: 1", "x\ny"])
def test_extra_header_value_with_cr_or_lf_is_refused(puffle, connect, value):
    client, server = connect(puffle)
    with pytest.raises(puffle.RequestValidationError):
        client.campaigns.update_lead(
            CAMPAIGN,
            prospect_id=PROSPECT,
            updates=puffle.models.LeadUpdates(name="Jo"),
            extra_headers={"X-Trace": value},
        )
    assert not server.called


# --- errors and retries ------------------------------------------------------------------


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
def test_error_status_raises_its_exception_class(puffle, connect, status, name):
    reply = httpx.Response(status, json={"error": "x"}, headers={"X-Request-Id": "r-1"})
    client, _ = connect(puffle, reply, max_retries=0)
    with pytest.raises(getattr(puffle, name)) as info:
        call(puffle, client, name="Jo")
    assert info.value.status_code == status
    assert info.value.headers["x-request-id"] == "r-1"
    assert json.loads(info.value.body) == {"error": "x"}
    assert info.value.parsed is None


def test_503_is_not_retried_for_patch(puffle, connect, response_json):
    client, server = connect(puffle, httpx.Response(503), ok(response_json))
    with pytest.raises(puffle.InternalServerError):
        call(puffle, client, name="Jo")
    assert len(server.requests) == 1


def test_429_retry_after_http_date_is_honoured(puffle, connect, response_json, retry_clock):
    now = retry_clock(puffle)
    when = email.utils.formatdate(now + 20, usegmt=True)
    client, server = connect(
        puffle, httpx.Response(429, headers={"Retry-After": when}), ok(response_json)
    )
    result = call(puffle, client, name="Jo")
    assert isinstance(result, puffle.models.UpdateLeadResponse)
    assert client.sleeps == [20.0]
    assert len(server.requests) == 2


def test_429_retry_after_seconds_is_honoured(puffle, connect, response_json):
    client, server = connect(
        puffle, httpx.Response(429, headers={"Retry-After": "5"}), ok(response_json)
    )
    call(puffle, client, name="Jo")
    assert client.sleeps == [5.0]
    assert len(server.requests) == 2


def test_retries_exhausted_raise_with_last_response(puffle, connect):
    replies = [httpx.Response(429, headers={"Retry-After": "1", "X-N": str(n)}) for n in range(4)]
    client, server = connect(puffle, *replies, max_retries=3)
    with pytest.raises(puffle.RateLimitError) as info:
        call(puffle, client, name="Jo")
    assert len(server.requests) == 4
    assert info.value.headers["x-n"] == "3"
    assert client.sleeps == [1.0, 1.0, 1.0]


def test_retry_non_idempotent_opt_in_retries_503(puffle, connect, response_json):
    client, server = connect(
        puffle, httpx.Response(503), ok(response_json), retry_non_idempotent=True
    )
    assert isinstance(call(puffle, client, name="Jo"), puffle.models.UpdateLeadResponse)
    assert len(server.requests) == 2


# --- paths, tokens, configuration ----------------------------------------------------


def test_campaign_uuid_is_the_only_path_segment(puffle, connect, response_json):
    client, server = connect(puffle, ok(response_json))
    call(puffle, client, name="Jo")
    assert server.last.url.raw_path == f"/api/campaigns/{CAMPAIGN}/leads".encode()


def test_token_read_from_env_var(puffle, connect, monkeypatch, response_json):
    monkeypatch.setenv("PUFFLE_TOKEN", "puffle-env-token")
    client, server = connect(puffle, ok(response_json), token=None)
    call(puffle, client, name="Jo")
    assert server.last.headers["authorization"] == "Bearer puffle-env-token"


def test_token_not_in_client_repr(token, puffle, connect):
    client, _ = connect(puffle)
    assert token not in repr(client)


def test_token_not_in_status_error_when_server_echoes_it(token, puffle, connect):
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"got": request.headers["authorization"]})

    client, _ = connect(puffle, echo)
    with pytest.raises(puffle.PermissionDeniedError) as info:
        call(puffle, client, name="Jo")
    assert token not in str(info.value)
    assert token not in repr(info.value)


def test_token_not_in_debug_log_records(token, puffle, connect, response_json, caplog):
    caplog.set_level(logging.DEBUG)
    client, _ = connect(
        puffle, httpx.Response(429, headers={"Retry-After": "0"}), ok(response_json)
    )
    call(puffle, client, name="Jo")
    assert caplog.records
    for record in caplog.records:
        assert token not in record.getMessage()


def test_with_raw_response(puffle, connect, response_json):
    client, _ = connect(puffle, ok(response_json, **{"X-Request-Id": "p-1"}))
    raw = client.campaigns.with_raw_response.update_lead(
        CAMPAIGN, prospect_id=PROSPECT, updates=puffle.models.LeadUpdates(name="Jo")
    )
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "p-1"
    assert isinstance(raw.parsed, puffle.models.UpdateLeadResponse)
    assert raw.parsed.prospect.id == PROSPECT


# --- async ---------------------------------------------------------------------------------


def test_async_update_lead_request_and_response(token, puffle, aconnect, response_json):
    client, server = aconnect(puffle, ok(response_json))
    result = asyncio.run(
        client.campaigns.update_lead(
            CAMPAIGN, prospect_id=PROSPECT, updates=puffle.models.LeadUpdates(email="a@b.c")
        )
    )
    assert server.last.method == "PATCH"
    assert str(server.last.url) == f"{BASE}/api/campaigns/{CAMPAIGN}/leads"
    assert server.last.headers["authorization"] == f"Bearer {token}"
    assert sent_json(server.last) == {"prospect_id": str(PROSPECT), "updates": {"email": "a@b.c"}}
    assert isinstance(result.prospect.id, uuid.UUID)


def test_async_503_is_not_retried_for_patch(puffle, aconnect, response_json):
    client, server = aconnect(puffle, httpx.Response(503), ok(response_json))
    with pytest.raises(puffle.InternalServerError):
        asyncio.run(
            client.campaigns.update_lead(
                CAMPAIGN, prospect_id=PROSPECT, updates=puffle.models.LeadUpdates()
            )
        )
    assert len(server.requests) == 1


def test_async_validation_error_sends_nothing(puffle, aconnect):
    client, server = aconnect(puffle)
    with pytest.raises(puffle.RequestValidationError):
        asyncio.run(
            client.campaigns.update_lead(
                CAMPAIGN, prospect_id="not-a-uuid", updates=puffle.models.LeadUpdates()
            )
        )
    assert not server.called


def test_async_with_raw_response(puffle, aconnect, response_json):
    client, _ = aconnect(puffle, ok(response_json))
    raw = asyncio.run(
        client.campaigns.with_raw_response.update_lead(
            CAMPAIGN, prospect_id=PROSPECT, updates=puffle.models.LeadUpdates()
        )
    )
    assert raw.status_code == 200
    assert isinstance(raw.parsed, puffle.models.UpdateLeadResponse)


# --- friendly inputs ----------------------------------------------------------------------


def test_prospect_id_may_be_a_uuid_string(puffle, connect, response_json):
    client, server = connect(puffle, ok(response_json), ok(response_json))
    updates = puffle.models.LeadUpdates(name="Jo")
    client.campaigns.update_lead(CAMPAIGN, prospect_id=str(PROSPECT).upper(), updates=updates)
    client.campaigns.update_lead(CAMPAIGN, prospect_id=PROSPECT, updates=updates)
    first, second = (json.loads(r.content)["prospect_id"] for r in server.requests)
    assert first == second == str(PROSPECT)


def test_validate_formats_false_sends_strings_as_given(puffle, connect, response_json):
    client, server = connect(puffle, ok(response_json), validate_formats=False)
    updates = puffle.models.LeadUpdates(name="Jo")
    client.campaigns.update_lead(CAMPAIGN, prospect_id="legacy-7", updates=updates)
    assert json.loads(server.last.content)["prospect_id"] == "legacy-7"


def test_async_prospect_id_string_is_checked(puffle, aconnect):
    client, server = aconnect(puffle)
    with pytest.raises(puffle.RequestValidationError, match="invalid uuid"):
        asyncio.run(
            client.campaigns.update_lead(
                CAMPAIGN, prospect_id="3c90c3cc", updates=puffle.models.LeadUpdates()
            )
        )
    assert not server.called
