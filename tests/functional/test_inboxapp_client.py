"""Behaviour of the generated ``inboxapp`` client (generated/inboxapp) over MockTransport."""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import json
import logging
import types
from collections.abc import Callable
from typing import Any

import httpx
import pytest

BASE = "https://inboxapp.com/api/v1"
UTC = datetime.timezone.utc
UPDATE_PATH = "/campaigns/v2/{campaignId}/leads/{identifier}"
ADD_PATH = "/campaigns/v2/{campaignId}/leads"
LIST_PATH = "/lists/{listId}/leads/{platformId}"

# --- spec examples ---------------------------------------------------------------


def _response_example(doc: dict[str, Any], path: str, method: str) -> Any:
    content = doc["paths"][path][method]["responses"]["200"]["content"]
    return content["application/json"]["examples"]["pageExample"]["value"]


def _request_example(doc: dict[str, Any], path: str, method: str, name: str) -> Any:
    content = doc["paths"][path][method]["requestBody"]["content"]
    return content["application/json"]["examples"][name]["value"]


@pytest.fixture
def doc(spec: Callable[[str], Any]) -> dict[str, Any]:
    return spec("inboxapp")  # type: ignore[no-any-return]


@pytest.fixture
def campaign_lead_json(doc: dict[str, Any]) -> dict[str, Any]:
    return _response_example(doc, UPDATE_PATH, "patch")  # type: ignore[no-any-return]


@pytest.fixture
def list_lead_json(doc: dict[str, Any]) -> dict[str, Any]:
    return _response_example(doc, LIST_PATH, "patch")  # type: ignore[no-any-return]


@pytest.fixture
def add_result_json(doc: dict[str, Any]) -> dict[str, Any]:
    return _response_example(doc, ADD_PATH, "post")  # type: ignore[no-any-return]


def ok(body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(200, json=body, headers=headers)


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content)


# --- requests: method, URL, headers -------------------------------------------


def test_update_campaign_lead_sends_patch_to_full_url(inboxapp, connect, campaign_lead_json):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", "44196397", data={})
    assert server.last.method == "PATCH"
    assert str(server.last.url) == f"{BASE}/campaigns/v2/abc123/leads/44196397"


def test_update_campaign_lead_sends_no_query_string(inboxapp, connect, campaign_lead_json):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", "44196397", data={})
    assert server.last.url.query == b""


def test_update_campaign_lead_sends_bearer_token(token, inboxapp, connect, campaign_lead_json):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", "44196397", data={})
    assert server.last.headers["authorization"] == f"Bearer {token}"


def test_update_campaign_lead_sends_json_content_type(inboxapp, connect, campaign_lead_json):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", "44196397", data={})
    assert server.last.headers["content-type"] == "application/json"
    assert server.last.headers["accept"] == "application/json"


def test_update_campaign_lead_sends_user_agent(inboxapp, connect, campaign_lead_json):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", "44196397", data={})
    user_agent = server.last.headers["user-agent"]
    assert user_agent.startswith("leadgen/")
    assert "inboxapp/" in user_agent


def test_add_leads_sends_post_to_full_url(token, inboxapp, connect, add_result_json):
    client, server = connect(inboxapp, ok(add_result_json))
    client.campaigns.add_leads("abc123", platform_ids=["44196397"])
    assert server.last.method == "POST"
    assert str(server.last.url) == f"{BASE}/campaigns/v2/abc123/leads"
    assert server.last.headers["authorization"] == f"Bearer {token}"
    assert server.last.headers["content-type"] == "application/json"


def test_update_list_lead_sends_patch_to_full_url(token, inboxapp, connect, list_lead_json):
    client, server = connect(inboxapp, ok(list_lead_json))
    client.lists.update_lead("list42", "44196397", data={})
    assert server.last.method == "PATCH"
    assert str(server.last.url) == f"{BASE}/lists/list42/leads/44196397"
    assert server.last.headers["authorization"] == f"Bearer {token}"
    assert server.last.headers["content-type"] == "application/json"
    assert server.last.url.query == b""


def test_extra_headers_are_sent(inboxapp, connect, campaign_lead_json):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", "1", data={}, extra_headers={"X-Trace": "t-1"})
    assert server.last.headers["x-trace"] == "t-1"


def test_default_headers_are_sent(inboxapp, connect, campaign_lead_json):
    client, server = connect(inboxapp, ok(campaign_lead_json), default_headers={"X-Tenant": "acme"})
    client.campaigns.update_lead("abc123", "1", data={})
    assert server.last.headers["x-tenant"] == "acme"


def test_base_url_override_is_used(inboxapp, connect, campaign_lead_json):
    client, server = connect(
        inboxapp, ok(campaign_lead_json), base_url="https://proxy.example/inbox/v1/"
    )
    client.campaigns.update_lead("abc123", "1", data={})
    assert str(server.last.url) == "https://proxy.example/inbox/v1/campaigns/v2/abc123/leads/1"


# --- request bodies -----------------------------------------------------------------


def test_update_campaign_lead_body_omits_unset_optional_fields(
    inboxapp, connect, campaign_lead_json
):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", "44196397", data={})
    assert sent_json(server.last) == {"data": {}}


def test_update_campaign_lead_body_keeps_null_column_value(inboxapp, connect, campaign_lead_json):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", "44196397", data={"custom_x": None})
    assert server.last.content == b'{"data":{"custom_x":null}}'


def test_update_campaign_lead_body_sends_given_by_and_platform(
    inboxapp, connect, campaign_lead_json
):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead(
        "abc123", "elonmusk", data={"custom_a": "Acme"}, by="username", platform="twitter"
    )
    assert sent_json(server.last) == {
        "data": {"custom_a": "Acme"},
        "by": "username",
        "platform": "twitter",
    }


def test_update_campaign_lead_sends_spec_set_and_clear_example(
    inboxapp, connect, doc, campaign_lead_json
):
    example = _request_example(doc, UPDATE_PATH, "patch", "setAndClearColumns")
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", "44196397", **example)
    assert sent_json(server.last) == example
    assert sent_json(server.last)["data"]["custom_m8r2xj93hd5bk0atcw7oe4fp"] is None


def test_update_campaign_lead_sends_spec_page_example(inboxapp, connect, doc, campaign_lead_json):
    example = _request_example(doc, UPDATE_PATH, "patch", "pageExample")
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", "44196397", **example)
    assert sent_json(server.last) == {"data": {}, "by": "platformId", "platform": "twitter"}


def test_update_campaign_lead_refuses_none_for_by(inboxapp, connect, campaign_lead_json):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    with pytest.raises(inboxapp.RequestValidationError):
        client.campaigns.update_lead("abc123", "1", data={}, by=None)
    assert not server.called


def test_add_leads_sends_only_the_given_form(inboxapp, connect, add_result_json):
    client, server = connect(inboxapp, ok(add_result_json))
    client.campaigns.add_leads("abc123", usernames=["elonmusk", "jack"])
    assert sent_json(server.last) == {"usernames": ["elonmusk", "jack"]}


def test_add_leads_sends_spec_platform_ids_example(inboxapp, connect, doc, add_result_json):
    example = _request_example(doc, ADD_PATH, "post", "byPlatformIds")
    client, server = connect(inboxapp, ok(add_result_json))
    client.campaigns.add_leads(
        "abc123", platform=example["platform"], platform_ids=example["platformIds"]
    )
    assert sent_json(server.last) == example


def test_add_leads_sends_spec_external_ids_example(inboxapp, connect, doc, add_result_json):
    example = _request_example(doc, ADD_PATH, "post", "byExternalIds")
    client, server = connect(inboxapp, ok(add_result_json))
    client.campaigns.add_leads("abc123", external_ids=example["externalIds"])
    assert sent_json(server.last) == example


def test_add_leads_sends_spec_page_example_with_all_four_forms(
    inboxapp, connect, doc, add_result_json
):
    example = _request_example(doc, ADD_PATH, "post", "pageExample")
    (lead,) = example["leads"]
    client, server = connect(inboxapp, ok(add_result_json))
    client.campaigns.add_leads(
        "abc123",
        platform="twitter",
        platform_ids=example["platformIds"],
        usernames=example["usernames"],
        external_ids=example["externalIds"],
        leads=[
            inboxapp.models.MixedLead(
                platform_id=lead["platformId"],
                username=lead["username"],
                external_id=lead["externalId"],
                platform=lead["platform"],
                data=lead["data"],
            )
        ],
    )
    assert sent_json(server.last) == example


def test_add_leads_mixed_lead_keeps_null_and_omits_unset(inboxapp, connect, add_result_json):
    client, server = connect(inboxapp, ok(add_result_json))
    client.campaigns.add_leads(
        "abc123",
        leads=[inboxapp.models.MixedLead(external_id="hy4k7m2x", data={"custom_x": None})],
    )
    assert sent_json(server.last) == {
        "leads": [{"externalId": "hy4k7m2x", "data": {"custom_x": None}}]
    }


def test_add_leads_accepts_2000_platform_ids(inboxapp, connect, add_result_json):
    client, server = connect(inboxapp, ok(add_result_json))
    ids = [str(i) for i in range(2000)]
    client.campaigns.add_leads("abc123", platform_ids=ids)
    assert sent_json(server.last) == {"platformIds": ids}


def test_update_list_lead_sends_spec_set_and_clear_example(inboxapp, connect, doc, list_lead_json):
    example = _request_example(doc, LIST_PATH, "patch", "setAndClearColumns")
    client, server = connect(inboxapp, ok(list_lead_json))
    client.lists.update_lead("list42", "44196397", data=example["data"])
    assert sent_json(server.last) == example


# --- responses ---------------------------------------------------------------------


def test_update_campaign_lead_returns_campaign_lead_model(inboxapp, connect, campaign_lead_json):
    client, _ = connect(inboxapp, ok(campaign_lead_json))
    lead = client.campaigns.update_lead("abc123", "44196397", data={})
    models = inboxapp.models
    assert isinstance(lead, models.CampaignLead)
    assert isinstance(lead.prospect, models.Prospect)
    assert isinstance(lead.context, models.CrmContext)
    assert lead.stage == "pending"
    assert lead.account_link_id == "<string>"
    assert lead.thread_id == "<string>"
    assert lead.data == {
        "custom_q5cktl47a6pqa74eu06fz89v": "Acme Corp",
        "custom_m8r2xj93hd5bk0atcw7oe4fp": "CEO",
    }


def test_update_campaign_lead_parses_scalar_prospect_fields(inboxapp, connect, campaign_lead_json):
    client, _ = connect(inboxapp, ok(campaign_lead_json))
    prospect = client.campaigns.update_lead("abc123", "44196397", data={}).prospect
    assert prospect.platform == "twitter"
    assert prospect.external_id == "l44e15irdq4db30i77cgphhx"
    assert prospect.document_id == 858224163
    assert prospect.is_protected is True
    assert prospect.confidence == 0.5
    assert prospect.website_domain == "inboxapp.com"
    assert prospect.display_name == "<string>"


def test_update_campaign_lead_parses_datetimes(inboxapp, connect, campaign_lead_json):
    client, _ = connect(inboxapp, ok(campaign_lead_json))
    lead = client.campaigns.update_lead("abc123", "44196397", data={})
    assert lead.prospect.platform_created_at == datetime.datetime(2022, 9, 3, 17, 58, 6, tzinfo=UTC)
    assert lead.prospect.last_updated_at == datetime.datetime(2023, 11, 7, 5, 31, 56, tzinfo=UTC)
    assert lead.context.threads[0].created_at == datetime.datetime(
        2023, 11, 7, 5, 31, 56, tzinfo=UTC
    )
    assert lead.prospect.first_seen_at.utcoffset() == datetime.timedelta(0)


def test_update_campaign_lead_parses_nested_models(inboxapp, connect, campaign_lead_json):
    client, _ = connect(inboxapp, ok(campaign_lead_json))
    lead = client.campaigns.update_lead("abc123", "44196397", data={})
    models = inboxapp.models
    platform_data = lead.prospect.platform_data
    assert isinstance(platform_data, models.PlatformData)
    assert platform_data.professional_category == "986"
    assert platform_data.raw_data == {}
    (entity,) = platform_data.url_entities
    assert isinstance(entity, models.UrlEntity)
    assert entity.indices == [123, 123]
    (thread,) = lead.context.threads
    assert isinstance(thread, models.Thread)
    assert thread.account_link_id == "<string>"
    assert lead.context.tags == ["<string>"]
    assert lead.context.valuation == 599


def test_update_campaign_lead_omitted_optional_field_is_unset(
    inboxapp, connect, campaign_lead_json
):
    client, _ = connect(inboxapp, ok(campaign_lead_json))
    prospect = client.campaigns.update_lead("abc123", "44196397", data={}).prospect
    assert prospect.verified is inboxapp.UNSET  # only in the list endpoint's example


def test_update_campaign_lead_stage_null_parses_as_none(inboxapp, connect, campaign_lead_json):
    campaign_lead_json.update(stage=None, accountLinkId=None, threadId=None)
    client, _ = connect(inboxapp, ok(campaign_lead_json))
    lead = client.campaigns.update_lead("abc123", "44196397", data={})
    assert lead.stage is None
    assert lead.account_link_id is None
    assert lead.thread_id is None


def test_update_campaign_lead_missing_required_stage_is_response_error(
    inboxapp, connect, campaign_lead_json
):
    del campaign_lead_json["stage"]
    client, _ = connect(inboxapp, ok(campaign_lead_json), strict_responses=True)
    with pytest.raises(inboxapp.ResponseValidationError) as info:
        client.campaigns.update_lead("abc123", "44196397", data={})
    assert info.value.path == "/stage"
    assert info.value.response is not None


def test_update_campaign_lead_missing_required_stage_reads_as_unset(
    inboxapp, connect, campaign_lead_json
):
    del campaign_lead_json["stage"]
    client, _ = connect(inboxapp, ok(campaign_lead_json))
    lead = client.campaigns.update_lead("abc123", "44196397", data={})
    assert isinstance(lead, inboxapp.models.CampaignLead)
    assert lead.stage is inboxapp.UNSET
    assert [(p.path, p.message) for p in lead.validation_problems] == [
        ("/stage", "required property is missing")
    ]


def test_update_campaign_lead_wrong_type_is_response_error(inboxapp, connect, campaign_lead_json):
    campaign_lead_json["prospect"]["followerCount"] = "many"
    client, _ = connect(inboxapp, ok(campaign_lead_json), strict_responses=True)
    with pytest.raises(inboxapp.ResponseValidationError) as info:
        client.campaigns.update_lead("abc123", "44196397", data={})
    assert info.value.path == "/prospect/followerCount"


def test_update_campaign_lead_wrong_type_is_kept_raw(
    inboxapp, aconnect, campaign_lead_json, caplog
):
    campaign_lead_json["prospect"]["followerCount"] = "many"
    client, _ = aconnect(inboxapp, ok(campaign_lead_json))
    lead = asyncio.run(client.campaigns.update_lead("abc123", "44196397", data={}))
    assert lead.prospect.follower_count == "many"
    assert [str(p) for p in lead.validation_problems] == [
        "/prospect/followerCount: expected integer, got string"
    ]
    assert lead.prospect.validation_problems == lead.validation_problems
    assert "/prospect/followerCount: expected integer" in caplog.text
    assert "many" not in caplog.text


def test_unknown_response_fields_kept_in_additional_properties(
    inboxapp, connect, campaign_lead_json
):
    campaign_lead_json["newTopLevel"] = {"a": 1}
    campaign_lead_json["prospect"]["karma"] = 42
    client, _ = connect(inboxapp, ok(campaign_lead_json))
    lead = client.campaigns.update_lead("abc123", "44196397", data={})
    assert lead.additional_properties == {"newTopLevel": {"a": 1}}
    assert lead.prospect.additional_properties == {"karma": 42}


def test_unknown_enum_values_in_response_are_accepted(inboxapp, connect, campaign_lead_json):
    campaign_lead_json["stage"] = "archived"
    campaign_lead_json["prospect"]["platform"] = "mastodon"
    client, _ = connect(inboxapp, ok(campaign_lead_json))
    lead = client.campaigns.update_lead("abc123", "44196397", data={})
    assert lead.stage == "archived"
    assert lead.prospect.platform == "mastodon"


def test_update_list_lead_returns_lead_model(inboxapp, connect, list_lead_json):
    client, _ = connect(inboxapp, ok(list_lead_json))
    lead = client.lists.update_lead("list42", "44196397", data={})
    assert isinstance(lead, inboxapp.models.Lead)
    assert lead.prospect.verified == "none"
    assert lead.prospect.profile_type == "personal"
    assert lead.prospect.account_status == "active"
    assert lead.prospect.last_active_at == datetime.datetime(2025, 11, 10, 12, 0, tzinfo=UTC)
    assert lead.context.status_id == "df6jbw4h36..."
    assert lead.additional_properties == {}


def test_add_leads_returns_counts(inboxapp, connect, add_result_json):
    client, _ = connect(inboxapp, ok(add_result_json))
    result = client.campaigns.add_leads("abc123", platform_ids=["44196397"])
    assert isinstance(result, inboxapp.models.AddLeadsResult)
    assert (result.added, result.skipped, result.failed) == (4503599627370495,) * 3


def test_add_leads_result_model_keeps_minimum_zero(inboxapp):
    """AddLeadsResult.added has `minimum: 0`; the model must carry that rule."""
    types_ = inboxapp._types
    result = inboxapp.models.AddLeadsResult(added=-1, skipped=0, failed=0)
    with pytest.raises(inboxapp.RequestValidationError):
        types_.validate(types_.Ref("models.add_leads_result", "AddLeadsResult"), result, "result")


# --- error statuses ----------------------------------------------------------------

STATUS_ERRORS = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
]


@pytest.mark.parametrize(("status", "name"), STATUS_ERRORS)
def test_error_status_raises_its_exception_class(inboxapp, connect, status, name):
    client, _ = connect(inboxapp, httpx.Response(status, json={"message": "nope"}), max_retries=0)
    with pytest.raises(getattr(inboxapp, name)) as info:
        client.campaigns.update_lead("abc123", "1", data={})
    assert isinstance(info.value, inboxapp.APIStatusError)
    assert info.value.status_code == status


@pytest.mark.parametrize(("status", "name"), STATUS_ERRORS)
def test_error_status_raises_its_exception_class_for_post(inboxapp, connect, status, name):
    client, _ = connect(inboxapp, httpx.Response(status, json={}), max_retries=0)
    with pytest.raises(getattr(inboxapp, name)):
        client.campaigns.add_leads("abc123", usernames=["jack"])


def test_error_carries_status_headers_and_body(inboxapp, connect):
    reply = httpx.Response(404, json={"message": "no such lead"}, headers={"X-Request-Id": "r-9"})
    client, _ = connect(inboxapp, reply)
    with pytest.raises(inboxapp.NotFoundError) as info:
        client.lists.update_lead("list42", "1", data={})
    error = info.value
    assert error.status_code == 404
    assert error.headers["x-request-id"] == "r-9"
    assert json.loads(error.body) == {"message": "no such lead"}
    assert error.response.status_code == 404


def test_error_parsed_is_none_without_declared_error_body(inboxapp, connect):
    client, _ = connect(inboxapp, httpx.Response(400, json={"message": "bad"}))
    with pytest.raises(inboxapp.BadRequestError) as info:
        client.campaigns.update_lead("abc123", "1", data={})
    assert info.value.parsed is None


def test_unlisted_4xx_raises_base_status_error(inboxapp, connect):
    client, _ = connect(inboxapp, httpx.Response(418, text="teapot"))
    with pytest.raises(inboxapp.APIStatusError) as info:
        client.campaigns.update_lead("abc123", "1", data={})
    assert type(info.value) is inboxapp.APIStatusError
    assert info.value.status_code == 418


# --- retries -----------------------------------------------------------------------


def test_429_retry_after_seconds_is_honoured(inboxapp, connect, campaign_lead_json):
    client, server = connect(
        inboxapp, httpx.Response(429, headers={"Retry-After": "3"}), ok(campaign_lead_json)
    )
    lead = client.campaigns.update_lead("abc123", "1", data={"custom_x": None})
    assert isinstance(lead, inboxapp.models.CampaignLead)
    assert client.sleeps == [3.0]
    assert len(server.requests) == 2


def test_429_retry_after_http_date_is_honoured(inboxapp, connect, add_result_json, retry_clock):
    now = retry_clock(inboxapp)
    when = email.utils.formatdate(now + 30, usegmt=True)
    client, server = connect(
        inboxapp, httpx.Response(429, headers={"Retry-After": when}), ok(add_result_json)
    )
    client.campaigns.add_leads("abc123", usernames=["jack"])
    assert client.sleeps == [30.0]
    assert len(server.requests) == 2


def test_retry_resends_the_same_request(token, inboxapp, connect, campaign_lead_json):
    client, server = connect(
        inboxapp, httpx.Response(429, headers={"Retry-After": "1"}), ok(campaign_lead_json)
    )
    client.campaigns.update_lead("abc123", "1", data={"custom_x": None})
    first, second = server.requests
    assert (first.method, first.url, first.content) == (second.method, second.url, second.content)
    assert second.headers["authorization"] == f"Bearer {token}"


def test_503_is_not_retried_for_patch_update_lead(inboxapp, connect, campaign_lead_json):
    client, server = connect(inboxapp, httpx.Response(503), ok(campaign_lead_json))
    with pytest.raises(inboxapp.InternalServerError):
        client.campaigns.update_lead("abc123", "1", data={})
    assert len(server.requests) == 1
    assert client.sleeps == []


def test_503_is_not_retried_for_post_add_leads(inboxapp, connect, add_result_json):
    client, server = connect(inboxapp, httpx.Response(503), ok(add_result_json))
    with pytest.raises(inboxapp.InternalServerError):
        client.campaigns.add_leads("abc123", usernames=["jack"])
    assert len(server.requests) == 1


def test_503_is_not_retried_for_patch_list_lead(inboxapp, connect, list_lead_json):
    client, server = connect(inboxapp, httpx.Response(503), ok(list_lead_json))
    with pytest.raises(inboxapp.InternalServerError):
        client.lists.update_lead("list42", "1", data={})
    assert len(server.requests) == 1


def test_connect_error_is_retried_for_post(inboxapp, connect, add_result_json):
    request = httpx.Request("POST", BASE)
    client, server = connect(
        inboxapp, httpx.ConnectError("refused", request=request), ok(add_result_json)
    )
    result = client.campaigns.add_leads("abc123", usernames=["jack"])
    assert result.added == 4503599627370495
    assert len(server.requests) == 2


def test_retries_exhausted_raise_with_last_response(inboxapp, connect):
    replies = [
        httpx.Response(429, headers={"Retry-After": "0", "X-Attempt": str(n)}) for n in (1, 2, 3)
    ]
    client, server = connect(inboxapp, *replies)
    with pytest.raises(inboxapp.RateLimitError) as info:
        client.campaigns.update_lead("abc123", "1", data={})
    assert len(server.requests) == 3  # 1 try + max_retries=2
    assert info.value.headers["x-attempt"] == "3"
    assert info.value.response.headers["x-attempt"] == "3"
    assert client.sleeps == [0.0, 0.0]


def test_max_retries_zero_sends_once(inboxapp, connect, campaign_lead_json):
    client, server = connect(
        inboxapp,
        httpx.Response(429, headers={"Retry-After": "1"}),
        ok(campaign_lead_json),
        max_retries=0,
    )
    with pytest.raises(inboxapp.RateLimitError):
        client.campaigns.update_lead("abc123", "1", data={})
    assert len(server.requests) == 1
    assert client.sleeps == []


# --- client-side validation (nothing is sent) ------------------------------------------


def test_add_leads_refuses_zero_platform_ids(inboxapp, connect):
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError) as info:
        client.campaigns.add_leads("abc123", platform_ids=[])
    assert "platformIds" in info.value.path
    assert not server.called


def test_add_leads_refuses_2001_platform_ids(inboxapp, connect):
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError) as info:
        client.campaigns.add_leads("abc123", platform_ids=[str(i) for i in range(2001)])
    assert "platformIds" in info.value.path
    assert not server.called


def test_add_leads_refuses_empty_string_item(inboxapp, connect):
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError) as info:
        client.campaigns.add_leads("abc123", usernames=["jack", ""])
    assert info.value.path == "body.usernames[1]"
    assert not server.called


def test_add_leads_refuses_2001_mixed_leads(inboxapp, connect):
    client, server = connect(inboxapp)
    leads = [inboxapp.models.MixedLead(username=f"u{i}") for i in range(2001)]
    with pytest.raises(inboxapp.RequestValidationError):
        client.campaigns.add_leads("abc123", leads=leads)
    assert not server.called


def test_add_leads_refuses_mixed_lead_with_unknown_property(inboxapp, connect):
    client, server = connect(inboxapp)
    lead = inboxapp.models.MixedLead(username="jack", additional_properties={"email": "x"})
    with pytest.raises(inboxapp.RequestValidationError):
        client.campaigns.add_leads("abc123", leads=[lead])
    assert not server.called


def test_add_leads_refuses_mixed_lead_without_any_identifier(inboxapp, connect):
    """MixedLead is `anyOf: required platformId | username | externalId`."""
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError):
        client.campaigns.add_leads("abc123", leads=[inboxapp.models.MixedLead(data={"c": 1})])
    assert not server.called


def test_add_leads_refuses_unknown_platform(inboxapp, connect):
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError):
        client.campaigns.add_leads("abc123", platform="mastodon", usernames=["jack"])
    assert not server.called


@pytest.mark.parametrize("campaign_id", ["ABC123", "abc-123", "abc 123", "", "ab/c"])
def test_update_lead_refuses_campaign_id_outside_pattern(inboxapp, connect, campaign_id):
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError) as info:
        client.campaigns.update_lead(campaign_id, "1", data={})
    assert info.value.path == "campaign_id"
    assert not server.called


def test_update_lead_refuses_campaign_id_with_trailing_newline(inboxapp, connect):
    """`^[0-9a-z]+$` (ECMA-262) does not match "abc123\\n"; Python's `$` would."""
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError):
        client.campaigns.update_lead("abc123\n", "1", data={})
    assert not server.called


def test_add_leads_refuses_campaign_id_outside_pattern(inboxapp, connect):
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError):
        client.campaigns.add_leads("Not_Valid", usernames=["jack"])
    assert not server.called


def test_update_list_lead_refuses_list_id_outside_pattern(inboxapp, connect):
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError) as info:
        client.lists.update_lead("List-42", "1", data={})
    assert info.value.path == "list_id"
    assert not server.called


def test_update_lead_refuses_empty_identifier(inboxapp, connect):
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError) as info:
        client.campaigns.update_lead("abc123", "", data={})
    assert info.value.path == "identifier"
    assert not server.called


def test_update_list_lead_refuses_empty_platform_id(inboxapp, connect):
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError):
        client.lists.update_lead("list42", "", data={})
    assert not server.called


def test_update_lead_refuses_unknown_by(inboxapp, connect):
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError) as info:
        client.campaigns.update_lead("abc123", "1", data={}, by="email")
    assert info.value.path == "body.by"
    assert not server.called


def test_update_lead_refuses_non_dict_data(inboxapp, connect):
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError):
        client.campaigns.update_lead("abc123", "1", data=["custom_x"])
    assert not server.called


def test_request_validation_error_is_a_value_error(inboxapp):
    assert issubclass(inboxapp.RequestValidationError, ValueError)
    assert issubclass(inboxapp.RequestValidationError, inboxapp.APIError)


# --- path encoding -----------------------------------------------------------------


def test_reserved_characters_in_identifier_stay_in_one_segment(
    inboxapp, connect, campaign_lead_json
):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", "a/b?c#d", data={})
    url = server.last.url
    assert url.raw_path == b"/api/v1/campaigns/v2/abc123/leads/a%2Fb%3Fc%23d"
    assert url.query == b""
    assert url.fragment == ""


@pytest.mark.parametrize(("identifier", "encoded"), [("..", b"%2E%2E"), (".", b"%2E")])
def test_dot_segments_in_identifier_do_not_change_path(
    inboxapp, connect, campaign_lead_json, identifier, encoded
):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", identifier, data={})
    assert server.last.url.raw_path == b"/api/v1/campaigns/v2/abc123/leads/" + encoded


def test_dot_dot_slash_in_platform_id_does_not_change_path(inboxapp, connect, list_lead_json):
    client, server = connect(inboxapp, ok(list_lead_json))
    client.lists.update_lead("list42", "../../admin", data={})
    assert server.last.url.raw_path == b"/api/v1/lists/list42/leads/..%2F..%2Fadmin"


def test_unicode_identifier_is_percent_encoded(inboxapp, connect, campaign_lead_json):
    client, server = connect(inboxapp, ok(campaign_lead_json))
    client.campaigns.update_lead("abc123", "zoë %", data={})
    assert server.last.url.raw_path == b"/api/v1/campaigns/v2/abc123/leads/zo%C3%AB%20%25"


# --- header injection --------------------------------------------------------------


@pytest.mark.parametrize("value", ["a\r\nX-Injected: 1", "a\nb", "a\rb"])
def test_extra_header_value_with_cr_or_lf_is_refused(inboxapp, connect, value):
    client, server = connect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError):
        client.campaigns.update_lead("abc123", "1", data={}, extra_headers={"X-Trace": value})
    assert not server.called


def test_default_header_value_with_lf_is_refused(inboxapp, connect):
    client, server = connect(inboxapp, default_headers={"X-Tenant": "acme\nX-Evil: 1"})
    with pytest.raises(inboxapp.RequestValidationError):
        client.campaigns.update_lead("abc123", "1", data={})
    assert not server.called


def test_token_with_newline_is_refused_without_echoing_it(inboxapp, connect):
    secret = "tok-SECRET-abc\r\nX-Evil: 1"
    client, server = connect(inboxapp, token=secret)
    with pytest.raises(inboxapp.RequestValidationError) as info:
        client.campaigns.update_lead("abc123", "1", data={})
    assert not server.called
    assert "tok-SECRET-abc" not in str(info.value)
    assert "tok-SECRET-abc" not in repr(info.value)


# --- token secrecy and configuration --------------------------------------------------


def test_token_not_in_client_repr(token, inboxapp, connect):
    client, _ = connect(inboxapp)
    assert token not in repr(client)
    assert token not in str(client)


def test_token_not_in_status_error_when_server_echoes_it(token, inboxapp, connect):
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, text=f"bad credentials: {request.headers['authorization']}")

    client, _ = connect(inboxapp, echo)
    with pytest.raises(inboxapp.AuthenticationError) as info:
        client.campaigns.update_lead("abc123", "1", data={})
    assert token not in str(info.value)
    assert token not in repr(info.value)


def test_token_not_in_connection_error(token, inboxapp, connect):
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(
            f"proxy refused {request.headers['authorization']}", request=request
        )

    client, _ = connect(inboxapp, fail, max_retries=0)
    with pytest.raises(inboxapp.APIConnectionError) as info:
        client.campaigns.update_lead("abc123", "1", data={})
    assert token not in str(info.value)
    assert token not in repr(info.value)


def test_token_not_in_debug_log_records(token, inboxapp, connect, campaign_lead_json, caplog):
    caplog.set_level(logging.DEBUG)
    client, _ = connect(
        inboxapp, httpx.Response(429, headers={"Retry-After": "0"}), ok(campaign_lead_json)
    )
    client.campaigns.update_lead("abc123", "1", data={})
    assert caplog.records, "the client logs its requests at DEBUG"
    for record in caplog.records:
        assert token not in record.getMessage()
        assert token not in repr(record.args)


def test_token_read_from_env_var(inboxapp, connect, monkeypatch, campaign_lead_json):
    monkeypatch.setenv("INBOXAPP_TOKEN", "env-token-123")
    client, server = connect(inboxapp, ok(campaign_lead_json), token=None)
    client.campaigns.update_lead("abc123", "1", data={})
    assert server.last.headers["authorization"] == "Bearer env-token-123"


def test_explicit_token_wins_over_env_var(inboxapp, connect, monkeypatch, campaign_lead_json):
    monkeypatch.setenv("INBOXAPP_TOKEN", "env-token-123")
    client, server = connect(inboxapp, ok(campaign_lead_json), token="explicit-456")
    client.campaigns.update_lead("abc123", "1", data={})
    assert server.last.headers["authorization"] == "Bearer explicit-456"


def test_no_token_sends_no_authorization(inboxapp, connect, monkeypatch, campaign_lead_json):
    monkeypatch.delenv("INBOXAPP_TOKEN", raising=False)
    client, server = connect(inboxapp, ok(campaign_lead_json), token=None)
    client.campaigns.update_lead("abc123", "1", data={})
    assert "authorization" not in server.last.headers


# --- raw responses -----------------------------------------------------------------


def test_with_raw_response_update_lead(inboxapp, connect, campaign_lead_json):
    client, _ = connect(inboxapp, ok(campaign_lead_json, **{"X-Request-Id": "req-1"}))
    raw = client.campaigns.with_raw_response.update_lead("abc123", "1", data={})
    assert isinstance(raw, inboxapp.APIResponse)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req-1"
    assert isinstance(raw.parsed, inboxapp.models.CampaignLead)
    assert raw.parsed.stage == "pending"


def test_with_raw_response_add_leads(inboxapp, connect, add_result_json):
    client, _ = connect(inboxapp, ok(add_result_json))
    raw = client.campaigns.with_raw_response.add_leads("abc123", usernames=["jack"])
    assert raw.status_code == 200
    assert isinstance(raw.parsed, inboxapp.models.AddLeadsResult)


def test_with_raw_response_list_update_lead(inboxapp, connect, list_lead_json):
    client, _ = connect(inboxapp, ok(list_lead_json))
    raw = client.lists.with_raw_response.update_lead("list42", "1", data={})
    assert raw.status_code == 200
    assert isinstance(raw.parsed, inboxapp.models.Lead)


def test_plain_call_after_raw_call_returns_model(inboxapp, connect, list_lead_json):
    client, _ = connect(inboxapp, ok(list_lead_json))
    client.lists.with_raw_response.update_lead("list42", "1", data={})
    assert isinstance(client.lists.update_lead("list42", "1", data={}), inboxapp.models.Lead)


# --- async ----------------------------------------------------------------------------


def test_async_update_campaign_lead_request_and_response(
    token, inboxapp, aconnect, campaign_lead_json
):
    client, server = aconnect(inboxapp, ok(campaign_lead_json))
    lead = asyncio.run(
        client.campaigns.update_lead("abc123", "44196397", data={"custom_x": None}, by="externalId")
    )
    assert server.last.method == "PATCH"
    assert str(server.last.url) == f"{BASE}/campaigns/v2/abc123/leads/44196397"
    assert server.last.headers["authorization"] == f"Bearer {token}"
    assert server.last.headers["content-type"] == "application/json"
    assert sent_json(server.last) == {"data": {"custom_x": None}, "by": "externalId"}
    assert isinstance(lead, inboxapp.models.CampaignLead)
    assert lead.prospect.platform_created_at == datetime.datetime(2022, 9, 3, 17, 58, 6, tzinfo=UTC)


def test_async_add_leads_request_and_response(inboxapp, aconnect, add_result_json):
    client, server = aconnect(inboxapp, ok(add_result_json))
    result = asyncio.run(client.campaigns.add_leads("abc123", platform_ids=["1", "2"]))
    assert server.last.method == "POST"
    assert sent_json(server.last) == {"platformIds": ["1", "2"]}
    assert result.failed == 4503599627370495


def test_async_update_list_lead_request_and_response(inboxapp, aconnect, list_lead_json):
    client, server = aconnect(inboxapp, ok(list_lead_json))
    lead = asyncio.run(client.lists.update_lead("list42", "44196397", data={"c": None}))
    assert str(server.last.url) == f"{BASE}/lists/list42/leads/44196397"
    assert sent_json(server.last) == {"data": {"c": None}}
    assert isinstance(lead, inboxapp.models.Lead)


def test_async_429_retry_after_uses_async_sleep(inboxapp, aconnect, campaign_lead_json):
    client, server = aconnect(
        inboxapp, httpx.Response(429, headers={"Retry-After": "2"}), ok(campaign_lead_json)
    )
    asyncio.run(client.campaigns.update_lead("abc123", "1", data={}))
    assert client.sleeps == [2.0]
    assert len(server.requests) == 2


def test_async_503_is_not_retried_for_post(inboxapp, aconnect, add_result_json):
    client, server = aconnect(inboxapp, httpx.Response(503), ok(add_result_json))
    with pytest.raises(inboxapp.InternalServerError):
        asyncio.run(client.campaigns.add_leads("abc123", usernames=["jack"]))
    assert len(server.requests) == 1


def test_async_error_status_maps_to_exception(inboxapp, aconnect):
    client, _ = aconnect(inboxapp, httpx.Response(404, json={"m": 1}))
    with pytest.raises(inboxapp.NotFoundError) as info:
        asyncio.run(client.lists.update_lead("list42", "1", data={}))
    assert info.value.status_code == 404
    assert json.loads(info.value.body) == {"m": 1}


def test_async_validation_error_sends_nothing(inboxapp, aconnect):
    client, server = aconnect(inboxapp)
    with pytest.raises(inboxapp.RequestValidationError):
        asyncio.run(client.campaigns.add_leads("abc123", platform_ids=[]))
    assert not server.called


def test_async_with_raw_response(inboxapp, aconnect, campaign_lead_json):
    client, _ = aconnect(inboxapp, ok(campaign_lead_json, **{"X-Request-Id": "req-2"}))
    raw = asyncio.run(client.campaigns.with_raw_response.update_lead("abc123", "1", data={}))
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req-2"
    assert isinstance(raw.parsed, inboxapp.models.CampaignLead)


def test_async_token_read_from_env_var(inboxapp, aconnect, monkeypatch, list_lead_json):
    monkeypatch.setenv("INBOXAPP_TOKEN", "env-token-async")
    client, server = aconnect(inboxapp, ok(list_lead_json), token=None)
    asyncio.run(client.lists.update_lead("list42", "1", data={}))
    assert server.last.headers["authorization"] == "Bearer env-token-async"


def test_async_client_is_an_async_context_manager(inboxapp, aconnect, list_lead_json):
    client, server = aconnect(inboxapp, ok(list_lead_json))

    async def use() -> Any:
        async with client as entered:
            assert entered is client
            return await client.lists.update_lead("list42", "1", data={})

    assert isinstance(asyncio.run(use()), inboxapp.models.Lead)
    assert len(server.requests) == 1


def test_module_fixture_is_the_committed_package(inboxapp: types.ModuleType):
    assert inboxapp.__file__ is not None
    assert inboxapp.__file__.replace("\\", "/").endswith("/generated/inboxapp/__init__.py")
