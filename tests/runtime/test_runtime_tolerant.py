"""Tolerant response reading and idempotency keys, against ``httpx.MockTransport``."""

from __future__ import annotations

import asyncio
import logging
import types
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

TOKEN = "sk-live-SECRET-4242"
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def make(rt: types.SimpleNamespace) -> Iterator[Callable[..., Any]]:
    """Factory of sync clients whose transport answers with ``handler``; no real sleeps."""
    opened: list[httpx.Client] = []

    def factory(handler: Handler, **kwargs: Any) -> Any:
        http = httpx.Client(transport=httpx.MockTransport(handler))
        opened.append(http)
        client = rt.client.SyncAPIClient(
            base_url="https://api.test",
            credentials={"bearer": TOKEN},
            schemes=(rt.client.SecurityScheme("bearer", "bearer"),),
            user_agent="rt-test/1.0",
            http_client=http,
            **kwargs,
        )
        client.sleeps = []
        client._sleep = client.sleeps.append
        return client

    yield factory
    for http in opened:
        http.close()


def answer(body: Any, status: int = 200) -> Handler:
    return lambda request: httpx.Response(status, json=body)


def pet_op(rt: types.SimpleNamespace, method: str = "GET", **kw: Any) -> Any:
    kw.setdefault("responses", (("200", rt.types.Ref("models.pet", "Pet")),))
    kw.setdefault("security", (("bearer",),))
    return rt.client.Operation(method, "/pets", **kw)


def problems(found: Any) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in found]


# --- tolerant reading --------------------------------------------------------------


def test_missing_required_fields_read_as_unset(rt: types.SimpleNamespace, make: Any) -> None:
    pet = make(answer({"name": "Rex", "owner": {"nickname": "al"}})).request(pet_op(rt), {})
    assert isinstance(pet, rt.pet.Pet)
    assert pet.pet_id is rt.types.UNSET
    assert pet.name == "Rex"
    assert pet.owner.owner_id is rt.types.UNSET
    assert problems(pet.validation_problems) == [
        ("/petId", "required property is missing"),
        ("/owner/ownerId", "required property is missing"),
    ]
    # a nested model lists the problems inside it, with pointers from the body's root
    assert problems(pet.owner.validation_problems) == [
        ("/owner/ownerId", "required property is missing")
    ]


def test_values_of_unexpected_types_are_kept_raw(rt: types.SimpleNamespace, make: Any) -> None:
    body = {
        "petId": "7",
        "name": "Rex",
        "bornAt": "yesterday",
        "tags": [{"label": "ok"}, "not-a-tag", {"label": 3}],
        "scores": {"a": 1.5, "b": "high"},
        "owner": [1, 2],
    }
    pet = make(answer(body)).request(pet_op(rt), {})
    assert pet.pet_id == "7"
    assert pet.born_at == "yesterday"
    assert pet.tags[0] == rt.pet.Tag(label="ok")
    assert pet.tags[1] == "not-a-tag"
    assert isinstance(pet.tags[2], rt.pet.Tag)
    assert pet.tags[2].label == 3
    assert pet.scores == {"a": 1.5, "b": "high"}
    assert pet.owner == [1, 2]
    assert problems(pet.validation_problems) == [
        ("/petId", "expected integer, got string"),
        ("/bornAt", "invalid date-time"),
        ("/owner", "expected object, got array"),
        ("/tags/1", "expected object, got string"),
        ("/tags/2/label", "expected string, got number"),
        ("/scores/b", "expected number, got string"),
    ]
    assert problems(pet.tags[2].validation_problems) == [
        ("/tags/2/label", "expected string, got number")
    ]
    assert pet.tags[0].validation_problems == ()


def test_a_matching_body_has_no_problems_and_logs_nothing(
    rt: types.SimpleNamespace, make: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="rtpkg"):
        pet = make(answer({"petId": 1, "name": "a"})).request(pet_op(rt), {})
    assert pet == rt.pet.Pet(pet_id=1, name="a")
    assert pet.validation_problems == ()
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_root_mismatch_returns_the_raw_body(rt: types.SimpleNamespace, make: Any) -> None:
    client = make(answer([{"petId": 1}]))
    assert client.request(pet_op(rt), {}) == [{"petId": 1}]
    raw = rt.response.raw_response_wrapper(client.request)(pet_op(rt), {})
    assert raw.parsed == [{"petId": 1}]
    assert problems(raw.validation_problems) == [("", "expected object, got array")]


def test_raw_response_lists_every_problem(rt: types.SimpleNamespace, make: Any) -> None:
    t = rt.types
    operation = pet_op(rt, responses=(("200", t.Arr(t.Ref("models.pet", "Pet"))),))
    client = make(answer([{"petId": 1, "name": "a"}, {"petId": 2}, {"name": 5}]))
    raw = rt.response.raw_response_wrapper(client.request)(operation, {})
    first, second, third = raw.parsed
    assert first.validation_problems == ()
    assert problems(second.validation_problems) == [("/1/name", "required property is missing")]
    assert problems(raw.validation_problems) == [
        ("/1/name", "required property is missing"),
        ("/2/petId", "required property is missing"),
        ("/2/name", "expected string, got number"),
    ]
    assert third.name == 5


def test_unions_pick_a_variant_strictly_then_read_it_tolerantly(
    rt: types.SimpleNamespace, make: Any
) -> None:
    animal = rt.pet.ANIMAL
    operation = pet_op(rt, responses=(("200", animal),))
    # the tag selects Dog, whose required "good" is missing: still a Dog
    dog = make(answer({"kind": "dog"})).request(operation, {})
    assert isinstance(dog, rt.pet.Dog)
    assert dog.good is rt.types.UNSET
    assert problems(dog.validation_problems) == [("/good", "required property is missing")]
    # without a usable tag no variant is guessed: the object is kept as received
    untagged = rt.types.Union(animal.variants)
    odd = make(answer({"kind": 3})).request(pet_op(rt, responses=(("200", untagged),)), {})
    assert odd == {"kind": 3}
    # a tolerant parent does not make a variant accept what it should not
    cat = make(answer({"kind": "cat", "lives": 9})).request(
        pet_op(rt, responses=(("200", untagged),)), {}
    )
    assert cat == rt.pet.Cat(kind="cat", lives=9)


def test_problems_are_logged_without_values_or_secrets(
    rt: types.SimpleNamespace, make: Any, caplog: pytest.LogCaptureFixture
) -> None:
    body = {"a": "secret-value-123", TOKEN: "x", **{f"e{i}": "v" for i in range(6)}}
    operation = pet_op(rt, responses=(("200", rt.types.Map(rt.types.Int())),))
    with caplog.at_level(logging.WARNING, logger="rtpkg"):
        assert make(answer(body)).request(operation, {}) == body
    (record,) = [r for r in caplog.records if r.name == "rtpkg"]
    message = record.getMessage()
    assert record.levelno == logging.WARNING
    assert message.startswith("GET /pets: the response does not match the schema (8 problems): ")
    assert message.endswith("; and 3 more")
    assert "secret-value-123" not in message
    assert TOKEN not in message
    assert "/***: expected integer, got string" in message


def test_strict_responses_raise(rt: types.SimpleNamespace, make: Any) -> None:
    client = make(answer({"name": "Rex"}), strict_responses=True)
    with pytest.raises(rt.errors.ResponseValidationError) as info:
        client.request(pet_op(rt), {})
    assert info.value.path == "/petId"
    assert info.value.response.status_code == 200


def test_bodies_that_are_not_json_raise_in_both_modes(rt: types.SimpleNamespace, make: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"{nope", headers={"content-type": "application/json"})

    with pytest.raises(rt.errors.ResponseValidationError, match="not valid JSON"):
        make(handler).request(pet_op(rt), {})


def test_from_dict_stays_strict(rt: types.SimpleNamespace) -> None:
    with pytest.raises(rt.errors.ResponseValidationError):
        rt.pet.Pet.from_dict({"name": "Rex"})
    value, found = rt.types.deserialize_tolerant(rt.types.Ref("models.pet", "Pet"), {"name": 1})
    assert value.pet_id is rt.types.UNSET
    assert [str(p) for p in found] == [
        "/petId: required property is missing",
        "/name: expected string, got number",
    ]
    # the tolerant reading ends with the call
    with pytest.raises(rt.errors.ResponseValidationError):
        rt.pet.Pet.from_dict({"name": "Rex"})


def test_async_client_reads_tolerantly_and_strictly(rt: types.SimpleNamespace) -> None:
    async def read(strict: bool) -> Any:
        transport = httpx.MockTransport(answer({"name": "Rex"}))
        async with httpx.AsyncClient(transport=transport) as http:
            client = rt.client.AsyncAPIClient(
                base_url="https://api.test",
                credentials={},
                schemes=(),
                user_agent="u",
                http_client=http,
                strict_responses=strict,
            )
            return await client.request(pet_op(rt, security=()), {})

    pet = asyncio.run(read(False))
    assert problems(pet.validation_problems) == [("/petId", "required property is missing")]
    with pytest.raises(rt.errors.ResponseValidationError):
        asyncio.run(read(True))


# --- idempotency keys --------------------------------------------------------------


def recording(*statuses: int) -> tuple[list[httpx.Request], Handler]:
    """A handler answering with ``statuses`` in turn (the last repeats), and its requests."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status = statuses[min(len(seen), len(statuses)) - 1]
        return httpx.Response(status, json={"petId": 1, "name": "a"})

    return seen, handler


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_idempotency_keys_are_sent_and_kept_across_retries(
    rt: types.SimpleNamespace, make: Any, method: str
) -> None:
    seen, handler = recording(503, 500, 200)
    client = make(handler, idempotency_keys=True)
    assert client.request(pet_op(rt, method), {}).pet_id == 1
    keys = [r.headers["Idempotency-Key"] for r in seen]
    assert len(keys) == 3
    assert len(set(keys)) == 1
    assert uuid.UUID(keys[0]).version == 4
    assert len(client.sleeps) == 2
    client.request(pet_op(rt, method), {})
    assert seen[-1].headers["Idempotency-Key"] != keys[0]  # one key per call


def test_connection_errors_after_sending_are_retried_with_a_key(
    rt: types.SimpleNamespace, make: Any
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1:
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(200, json={"petId": 1, "name": "a"})

    assert make(handler, idempotency_keys=True).request(pet_op(rt, "POST"), {}).pet_id == 1
    assert len(seen) == 2
    assert seen[0].headers["Idempotency-Key"] == seen[1].headers["Idempotency-Key"]


def test_without_the_flag_post_has_no_key_and_is_not_retried(
    rt: types.SimpleNamespace, make: Any
) -> None:
    seen, handler = recording(503, 200)
    with pytest.raises(rt.errors.InternalServerError):
        make(handler).request(pet_op(rt, "POST"), {})
    assert len(seen) == 1
    assert "Idempotency-Key" not in seen[0].headers


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_idempotent_methods_get_no_key(rt: types.SimpleNamespace, make: Any, method: str) -> None:
    seen, handler = recording(200)
    make(handler, idempotency_keys=True).request(pet_op(rt, method), {})
    assert "Idempotency-Key" not in seen[0].headers


def test_declared_idempotency_key_parameter_is_filled_without_the_flag(
    rt: types.SimpleNamespace, make: Any
) -> None:
    key_param = rt.client.Param(
        "idempotency_key", "idempotency-key", "header", rt.types.Str(), required=True
    )
    operation = pet_op(rt, "POST", params=(key_param,))
    seen, handler = recording(503, 200)
    client = make(handler)
    client.request(operation, {})
    assert len(seen) == 2  # the key makes the POST retryable
    assert seen[0].headers["idempotency-key"] == seen[1].headers["idempotency-key"]
    uuid.UUID(seen[0].headers["idempotency-key"])
    # a key given by the caller is sent as given, as the argument or an extra header
    client.request(operation, {"idempotency_key": "mine-1"})
    assert seen[-1].headers.get_list("idempotency-key") == ["mine-1"]
    client.request(operation, {}, extra_headers={"Idempotency-Key": "mine-2"})
    assert seen[-1].headers.get_list("idempotency-key") == ["mine-2"]


def test_async_client_sends_idempotency_keys(rt: types.SimpleNamespace) -> None:
    seen, handler = recording(429, 200)

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            client = rt.client.AsyncAPIClient(
                base_url="https://api.test",
                credentials={},
                schemes=(),
                user_agent="u",
                http_client=http,
                idempotency_keys=True,
            )

            async def no_sleep(seconds: float) -> None:
                pass

            client._sleep = no_sleep
            await client.request(pet_op(rt, "POST", security=()), {})

    asyncio.run(main())
    assert len(seen) == 2
    assert seen[0].headers["Idempotency-Key"] == seen[1].headers["Idempotency-Key"]
