"""Runtime ``_base_client`` / ``_response`` / ``_errors`` against ``httpx.MockTransport``."""

from __future__ import annotations

import asyncio
import base64
import datetime
import email.utils
import functools
import json
import logging
import types
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

TOKEN = "sk-live-SECRET-4242"
UTC = datetime.timezone.utc
Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Server:
    """Scripted transport handler: plays ``replies`` in order (the last one repeats)
    and records every request it receives."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies) or [httpx.Response(200, json={})]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, httpx.Response):  # fresh copy: responses are single-use
            return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)
        return reply(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def schemes(rt: types.SimpleNamespace) -> tuple[Any, ...]:
    s = rt.client.SecurityScheme
    return (
        s("bearer", "bearer"),
        s("basic", "basic"),
        s("hkey", "apiKey", "header", "X-API-Key"),
        s("qkey", "apiKey", "query", "api_key"),
        s("ckey", "apiKey", "cookie", "session"),
    )


@pytest.fixture
def make(rt: types.SimpleNamespace) -> Iterator[Callable[..., Any]]:
    """Factory of sync clients on a MockTransport; the fake sleep records delays."""
    opened: list[httpx.Client] = []

    def factory(server: Server, **kwargs: Any) -> Any:
        http = httpx.Client(transport=httpx.MockTransport(server))
        opened.append(http)
        kwargs.setdefault("credentials", {"bearer": TOKEN})
        client = rt.client.SyncAPIClient(
            base_url="https://api.test/v1/",
            schemes=schemes(rt),
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


def op(rt: types.SimpleNamespace, method: str = "GET", path: str = "/pets", **kw: Any) -> Any:
    kw.setdefault("responses", (("200", rt.types.AnyT()),))
    kw.setdefault("security", (("bearer",),))
    return rt.client.Operation(method, path, **kw)


def param(rt: types.SimpleNamespace, name: str, where: str, t: Any, **kw: Any) -> Any:
    kw.setdefault("required", False)
    return rt.client.Param(name, name, where, t, **kw)


# --- request building --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "raw_path"),
    [
        ("a/b?c#d", b"/v1/leads/a%2Fb%3Fc%23d/notes"),
        ("..", b"/v1/leads/%2E%2E/notes"),
        (".", b"/v1/leads/%2E/notes"),
        ("a b%é", b"/v1/leads/a%20b%25%C3%A9/notes"),
        ("x..y", b"/v1/leads/x..y/notes"),
    ],
)
def test_path_parameters_are_encoded(
    rt: types.SimpleNamespace, make: Any, value: str, raw_path: bytes
) -> None:
    server = Server()
    param = rt.client.Param("lead_id", "leadId", "path", rt.types.Str(), required=True)
    make(server).request(
        op(rt, "PUT", "/leads/{leadId}/notes", params=(param,)), {"lead_id": value}
    )
    assert server.last.url.raw_path == raw_path
    assert server.last.url.host == "api.test"


def test_path_array_and_scalars(rt: types.SimpleNamespace, make: Any) -> None:
    t, server = rt.types, Server()
    params = (
        param(rt, "ids", "path", t.Arr(t.Str()), required=True),
        param(rt, "flag", "path", t.Bool(), required=True),
    )
    make(server).request(
        op(rt, path="/x/{ids}/{flag}", params=params),
        {"ids": ["a,b", "c"], "flag": False},
    )
    assert server.last.url.raw_path == b"/v1/x/a%2Cb,c/false"


def test_query_styles(rt: types.SimpleNamespace, make: Any) -> None:
    t, server = rt.types, Server()
    params = (
        param(rt, "ids", "query", t.Arr(t.Int())),
        param(rt, "tags", "query", t.Arr(t.Str()), explode=False),
        param(rt, "flag", "query", t.Bool()),
        param(rt, "off", "query", t.Bool()),
        param(rt, "since", "query", t.DateTime()),
        param(rt, "pipe", "query", t.Arr(t.Str()), style="pipeDelimited", explode=False),
        param(rt, "filter", "query", t.Map(t.Str()), style="deepObject", explode=True),
        param(rt, "omitted", "query", t.Str()),
        param(rt, "nul", "query", t.Nullable(t.Str())),
        param(rt, "text", "query", t.Str()),
    )
    args = {
        "ids": [1, 2],
        "tags": ["a", "b"],
        "flag": True,
        "off": False,
        "since": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        "pipe": ["x", "y"],
        "filter": {"a": "1"},
        "omitted": rt.types.UNSET,
        "nul": None,
        "text": "a&b=c d",
    }
    make(server).request(op(rt, params=params, security=()), args)
    assert server.last.url.params.multi_items() == [
        ("ids", "1"),
        ("ids", "2"),
        ("tags", "a,b"),
        ("flag", "true"),
        ("off", "false"),
        ("since", "2024-01-02T03:04:05Z"),
        ("pipe", "x|y"),
        ("filter[a]", "1"),
        ("nul", ""),
        ("text", "a&b=c d"),
    ]


def test_header_and_cookie_parameters(rt: types.SimpleNamespace, make: Any) -> None:
    t, server = rt.types, Server()
    params = (
        param(rt, "X-Trace", "header", t.Str()),
        param(rt, "X-Ids", "header", t.Arr(t.Int())),
        param(rt, "sid", "cookie", t.Str()),
    )
    client = make(server, credentials={"ckey": "c00kie"})
    client.request(
        op(rt, params=params, security=(("ckey",),)),
        {"X-Trace": "abc", "X-Ids": [1, 2], "sid": "v;x y"},
    )
    headers = server.last.headers
    assert headers["X-Trace"] == "abc"
    assert headers["X-Ids"] == "1,2"
    assert headers["Cookie"] == "session=c00kie; sid=v%3Bx%20y"


def test_default_and_extra_headers_and_timeout(rt: types.SimpleNamespace, make: Any) -> None:
    server = Server()
    client = make(server, default_headers={"X-Env": "test", "X-Keep": "1"})
    client.request(op(rt), {}, extra_headers={"X-Env": "override"}, timeout=5)
    headers = server.last.headers
    assert headers["User-Agent"] == "rt-test/1.0"
    assert headers["Accept"] == "application/json"
    assert (headers["X-Env"], headers["X-Keep"]) == ("override", "1")
    assert server.last.extensions["timeout"]["read"] == 5
    client.request(op(rt), {})
    assert server.last.extensions["timeout"]["read"] == 60
    assert str(server.last.url) == "https://api.test/v1/pets"


def test_json_body_from_fields(rt: types.SimpleNamespace, make: Any) -> None:
    t, server = rt.types, Server()
    fields = (
        t.Field("platform_ids", "platformIds", t.Arr(t.Str()), required=True),
        t.Field("note", "note", t.Nullable(t.Str()), required=False),
        t.Field("when", "when", t.DateTime(), required=False),
        t.Field("label", "label", t.Str(), required=False),
    )
    body = rt.client.Body("application/json", t.AnyT(), True, fields)
    args = {
        "platform_ids": ["é"],
        "note": None,
        "when": datetime.datetime(2024, 1, 2, tzinfo=UTC),
        "label": t.UNSET,
    }
    make(server).request(op(rt, "POST", body=body), args)
    assert (
        server.last.content
        == '{"platformIds":["é"],"note":null,"when":"2024-01-02T00:00:00Z"}'.encode()
    )
    assert server.last.headers["Content-Type"] == "application/json"


def test_model_body_and_optional_body(rt: types.SimpleNamespace, make: Any) -> None:
    t, server = rt.types, Server()
    pet = rt.pet.Pet(pet_id=1, name="a", owner=rt.pet.Owner(owner_id=2, nickname=None))
    required = rt.client.Body("application/json", t.Ref("models.pet", "Pet"), True)
    make(server).request(op(rt, "POST", body=required), {"body": pet})
    assert json.loads(server.last.content) == pet.to_dict()
    optional = rt.client.Body("application/json", t.Ref("models.pet", "Pet"), False)
    make(server).request(op(rt, "POST", body=optional), {})
    assert server.last.content == b""
    assert "Content-Type" not in server.last.headers


def test_form_multipart_and_raw_bodies(rt: types.SimpleNamespace, make: Any) -> None:
    t, server = rt.types, Server()
    client = make(server)
    form_fields = (
        t.Field("name", "name", t.Str(), required=True),
        t.Field("tags", "tags", t.Arr(t.Str()), required=False),
    )
    form = rt.client.Body("application/x-www-form-urlencoded", t.AnyT(), True, form_fields)
    client.request(op(rt, "POST", body=form), {"name": "a b", "tags": ["x", "y"]})
    assert server.last.content == b"name=a+b&tags=x&tags=y"

    mp_fields = (
        t.Field("file", "file", t.Binary(), required=True),
        t.Field("title", "title", t.Str(), required=True),
    )
    multipart = rt.client.Body("multipart/form-data", t.AnyT(), True, mp_fields)
    client.request(op(rt, "POST", body=multipart), {"file": b"\x00\xffdata", "title": "T"})
    content_type = server.last.headers["Content-Type"]
    boundary = content_type.split("boundary=")[1]
    assert content_type.startswith("multipart/form-data; boundary=")
    assert server.last.content == (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="file"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + b"\x00\xffdata\r\n"
        + f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nT\r\n'.encode()
        + f"--{boundary}--\r\n".encode()
    )

    raw = rt.client.Body("application/octet-stream", t.Binary(), True)
    client.request(op(rt, "PUT", body=raw), {"body": b"\x00\x01"})
    assert server.last.content == b"\x00\x01"
    assert server.last.headers["Content-Type"] == "application/octet-stream"


def invalid_requests(
    rt: types.SimpleNamespace,
) -> list[tuple[Any, dict[str, Any], str]]:
    """(operation, args, expected error path): each must fail before sending."""
    t, c = rt.types, rt.client
    path = c.Param("identifier", "identifier", "path", t.Str(), required=True)
    pattern = t.Arr(t.Str(pattern=r"^[a-z]+$"))
    fields = (t.Field("platform_ids", "platformIds", pattern, required=True),)
    body = c.Body("application/json", t.AnyT(), True, fields)
    pets = c.Body("application/json", t.Ref("models.pet", "Pet"), True)
    anybody = c.Body("application/json", t.AnyT(), True)
    p = op(rt, "PUT", "/leads/{identifier}", params=(path,))
    return [
        (p, {}, "identifier"),
        (p, {"identifier": ""}, "identifier"),
        (p, {"identifier": 5}, "identifier"),
        (op(rt, path="/x/{undeclared}"), {}, "undeclared"),
        (op(rt, params=(param(rt, "q", "query", t.Int(), required=True),)), {}, "q"),
        (op(rt, params=(param(rt, "q", "query", t.Int(maximum=3)),)), {"q": 4}, "q"),
        (op(rt, params=(param(rt, "q", "query", t.Lit(("a",))),)), {"q": "b"}, "q"),
        (
            op(rt, params=(param(rt, "X-A", "header", t.Str()),)),
            {"X-A": "a\r\nX-B: 1"},
            "X-A",
        ),
        (
            op(rt, params=(param(rt, "X-A", "header", t.Str()),)),
            {"X-A": "caf\u00e9"},
            "X-A",
        ),
        (op(rt, "POST", body=body), {}, "body.platformIds"),
        (
            op(rt, "POST", body=body),
            {"platform_ids": ["a"] * 2000 + ["B"]},
            "body.platformIds[2000]",
        ),
        (op(rt, "POST", body=pets), {}, "body"),
        (op(rt, "POST", body=pets), {"body": {"petId": 1}}, "body"),
        (
            op(rt, "POST", body=pets),
            {"body": rt.pet.Pet(pet_id=0, name="a")},
            "body.petId",
        ),
        (op(rt, "POST", body=anybody), {"body": {"x": float("nan")}}, "body"),
        (op(rt, "POST", body=anybody), {"body": {"x": object()}}, "body"),
    ]


def test_invalid_requests_are_never_sent(rt: types.SimpleNamespace, make: Any) -> None:
    for operation, args, path in invalid_requests(rt):
        server = Server()
        with pytest.raises(rt.errors.RequestValidationError) as info:
            make(server).request(operation, args)
        assert info.value.path == path, (args, info.value)
        assert server.requests == []


def test_crlf_in_extra_headers_and_credentials_is_refused(
    rt: types.SimpleNamespace, make: Any
) -> None:
    server = Server()
    with pytest.raises(rt.errors.RequestValidationError):
        make(server).request(op(rt), {}, extra_headers={"X-A": "1\nX-B: 2"})
    secret = TOKEN + "\r\nX-Evil: 1"
    with pytest.raises(rt.errors.RequestValidationError) as info:
        make(server, credentials={"bearer": secret}).request(op(rt), {})
    assert info.value.path == "Authorization"
    assert TOKEN not in str(info.value)
    assert server.requests == []


# --- auth --------------------------------------------------------------------------


def test_auth_schemes(rt: types.SimpleNamespace, make: Any) -> None:
    server = Server()
    creds = {
        "bearer": TOKEN,
        "basic": ("user", "pa:ss"),
        "hkey": "h-key",
        "qkey": "q-key",
        "ckey": "c-key",
    }
    client = make(server, credentials=creds)

    client.request(op(rt, security=(("bearer",),)), {})
    assert server.last.headers["Authorization"] == f"Bearer {TOKEN}"
    client.request(op(rt, security=(("basic",),)), {})
    expected = "Basic " + base64.b64encode(b"user:pa:ss").decode()
    assert server.last.headers["Authorization"] == expected
    client.request(op(rt, security=(("hkey",),)), {})
    assert server.last.headers["X-API-Key"] == "h-key"
    assert "Authorization" not in server.last.headers
    client.request(op(rt, security=(("qkey",),)), {})
    assert server.last.url.params["api_key"] == "q-key"
    client.request(op(rt, security=(("ckey",),)), {})
    assert server.last.headers["Cookie"] == "session=c-key"
    client.request(op(rt, security=(("hkey", "qkey"),)), {})  # both of an AND
    assert server.last.headers["X-API-Key"] == "h-key"
    assert server.last.url.params["api_key"] == "q-key"
    client.request(op(rt, security=()), {})  # public endpoint
    assert "Authorization" not in server.last.headers


def test_first_satisfied_alternative_wins(rt: types.SimpleNamespace, make: Any) -> None:
    server = Server()
    client = make(server, credentials={"hkey": "h-key", "bearer": None})
    client.request(op(rt, security=(("bearer",), ("hkey", "qkey"), ("hkey",))), {})
    assert "Authorization" not in server.last.headers
    assert "api_key" not in server.last.url.params
    assert server.last.headers["X-API-Key"] == "h-key"
    # No alternative satisfied: sent without credentials (the server answers 401).
    make(server, credentials={}).request(op(rt, security=(("bearer",),)), {})
    assert "Authorization" not in server.last.headers


# --- responses ---------------------------------------------------------------------


def test_success_response_parsing(rt: types.SimpleNamespace, make: Any) -> None:
    t = rt.types
    pet = t.Ref("models.pet", "Pet")
    responses = (("200", pet), ("2XX", t.Ref("models.pet", "Owner")), ("204", None))
    server = Server(
        httpx.Response(200, json={"petId": 1, "name": "a"}),
        httpx.Response(201, json={"ownerId": 2}),
        httpx.Response(204),
        httpx.Response(200, content=b'{"petId": 3, "name": "c"}'),  # no content-type
        httpx.Response(
            200,
            json={"petId": 4, "name": "d"},
            headers={"content-type": "application/problem+json"},
        ),
    )
    client = make(server)
    operation = op(rt, responses=responses)
    assert client.request(operation, {}) == rt.pet.Pet(pet_id=1, name="a")
    assert client.request(operation, {}) == rt.pet.Owner(owner_id=2)
    assert client.request(operation, {}) is None
    assert client.request(operation, {}).pet_id == 3
    assert client.request(operation, {}).pet_id == 4


def test_default_binary_and_text_responses(rt: types.SimpleNamespace, make: Any) -> None:
    t = rt.types
    server = Server(
        httpx.Response(200, json={"ownerId": 1}),
        httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"}),
        httpx.Response(200, text="plain"),
        httpx.Response(200, json={"unexpected": True}),
    )
    client = make(server)
    assert (
        client.request(op(rt, responses=(("default", t.Ref("models.pet", "Owner")),)), {}).owner_id
        == 1
    )
    assert client.request(op(rt, responses=(("200", t.Binary()),)), {}) == b"\x89PNG"
    assert server.last.headers["Accept"] == "*/*"
    assert client.request(op(rt, responses=(("200", t.Str()),)), {}) == "plain"
    # an undeclared 2xx with a body is read as the declared success
    assert client.request(op(rt, responses=(("201", t.AnyT()),)), {}) == {"unexpected": True}


@pytest.mark.parametrize(
    ("reply", "path", "fragment"),
    [
        (
            httpx.Response(200, content=b"{not json", headers={"content-type": "application/json"}),
            "",
            "not valid JSON",
        ),
        (
            httpx.Response(200, content=b"", headers={"content-type": "application/json"}),
            "",
            "not valid JSON",
        ),
        (
            httpx.Response(
                200,
                content=b"\xff\xfe\x00",
                headers={"content-type": "application/json"},
            ),
            "",
            "not valid JSON",
        ),
        (
            httpx.Response(200, text="<html>", headers={"content-type": "text/html"}),
            "",
            "expected JSON",
        ),
        (
            httpx.Response(200, json={"petId": "1", "name": "a"}),
            "/petId",
            "expected integer",
        ),
        (httpx.Response(200, json=[{"petId": 1}]), "", "expected object"),
    ],
)
def test_bad_response_bodies_raise_response_validation_error(
    rt: types.SimpleNamespace,
    make: Any,
    reply: httpx.Response,
    path: str,
    fragment: str,
) -> None:
    client = make(Server(reply), strict_responses=True)
    with pytest.raises(rt.errors.ResponseValidationError) as info:
        client.request(op(rt, responses=(("200", rt.types.Ref("models.pet", "Pet")),)), {})
    assert info.value.path == path
    assert fragment in info.value.message
    assert info.value.response is not None
    assert info.value.response.status_code == 200


@pytest.mark.parametrize(
    ("status", "cls_name", "body", "parsed_type"),
    [
        (400, "BadRequestError", {"label": "x"}, "Tag"),
        (401, "AuthenticationError", {"label": "x"}, "Tag"),
        (403, "PermissionDeniedError", {"label": "x"}, "Tag"),
        (404, "NotFoundError", {"ownerId": 5}, "Owner"),
        (409, "ConflictError", {"label": "x"}, "Tag"),
        (422, "UnprocessableEntityError", {"label": "x"}, "Tag"),
        (429, "RateLimitError", {"label": "x"}, "Tag"),
        (418, "APIStatusError", {"label": "x"}, "Tag"),
        (500, "InternalServerError", {"a": 1}, "Counters"),
        (503, "InternalServerError", {"a": 1}, "Counters"),
        (404, "NotFoundError", {"wrong": 1}, None),
        (302, "APIStatusError", {"a": 1}, "Counters"),
    ],
)
def test_status_errors(
    rt: types.SimpleNamespace,
    make: Any,
    status: int,
    cls_name: str,
    body: object,
    parsed_type: str | None,
) -> None:
    t = rt.types
    responses = (
        ("200", t.AnyT()),
        ("404", t.Ref("models.pet", "Owner")),
        ("4XX", t.Ref("models.pet", "Tag")),
        ("default", t.Ref("models.pet", "Counters")),
    )
    server = Server(httpx.Response(status, json=body, headers={"x-request-id": "r1"}))
    with pytest.raises(rt.errors.APIStatusError) as info:
        make(server, max_retries=0).request(op(rt, responses=responses), {})
    err = info.value
    assert type(err) is getattr(rt.errors, cls_name)
    assert err.status_code == status
    assert err.headers["x-request-id"] == "r1"
    assert json.loads(err.body) == body
    assert json.loads(err.text) == body
    assert err.response.status_code == status
    if parsed_type is None:
        assert err.parsed is None
    else:
        assert type(err.parsed).__name__ == parsed_type
    assert rt.errors.status_error_class(status) is type(err)


def test_status_error_message_and_unparsable_body(rt: types.SimpleNamespace, make: Any) -> None:
    server = Server(httpx.Response(404, text="x" * 500))
    param = rt.client.Param("lead", "lead", "path", rt.types.Str(), required=True)
    operation = op(
        rt,
        "put",
        "/api/v1/leads/{lead}",
        params=(param,),
        responses=(("404", rt.types.AnyT()),),
    )
    with pytest.raises(rt.errors.NotFoundError) as info:
        make(server).request(operation, {"lead": "x"})
    assert str(info.value) == "404 Not Found for PUT /v1/api/v1/leads/x: " + "x" * 200
    assert info.value.parsed is None
    assert server.last.method == "PUT"


# --- retries -----------------------------------------------------------------------


def test_retry_after_seconds_ms_and_http_date(
    rt: types.SimpleNamespace, make: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = 1_900_000_000.0  # the retry policy's "now": the date below is exactly 10 s later
    monkeypatch.setattr(rt.client, "retry_delay", functools.partial(rt.client.retry_delay, now=now))
    in_ten = email.utils.formatdate(now + 10, usegmt=True)
    server = Server(
        httpx.Response(429, headers={"Retry-After": "3"}),
        httpx.Response(429, headers={"retry-after-ms": "1500"}),
        httpx.Response(429, headers={"Retry-After": in_ten}),
        httpx.Response(200, json={"ok": True}),
    )
    client = make(server, max_retries=3)
    assert client.request(op(rt, "POST"), {}) == {"ok": True}  # 429: retried for POST too
    assert len(server.requests) == 4
    assert client.sleeps == [3.0, 1.5, 10.0]


def test_too_long_retry_after_falls_back_to_backoff(rt: types.SimpleNamespace, make: Any) -> None:
    server = Server(
        httpx.Response(429, headers={"Retry-After": "120"}), httpx.Response(200, json=1)
    )
    client = make(server)
    assert client.request(op(rt), {}) == 1
    assert 0.375 <= client.sleeps[0] <= 0.625


def test_503_is_retried_for_idempotent_requests(rt: types.SimpleNamespace, make: Any) -> None:
    server = Server(httpx.Response(503), httpx.Response(502), httpx.Response(200, json=[1]))
    client = make(server)
    assert client.request(op(rt, "GET"), {}) == [1]
    assert len(server.requests) == 3
    assert 0.375 <= client.sleeps[0] <= 0.625
    assert 0.75 <= client.sleeps[1] <= 1.25


def test_503_is_not_retried_for_post(rt: types.SimpleNamespace, make: Any) -> None:
    server = Server(httpx.Response(503), httpx.Response(200, json=[1]))
    client = make(server)
    with pytest.raises(rt.errors.InternalServerError):
        client.request(op(rt, "POST"), {})
    assert len(server.requests) == 1
    assert client.sleeps == []
    # ...unless the operation is marked idempotent or the client opts in.
    assert make(Server(httpx.Response(503), httpx.Response(200, json=[1]))).request(
        op(rt, "POST", idempotent=True), {}
    ) == [1]
    opted_in = make(
        Server(httpx.Response(503), httpx.Response(200, json=[2])),
        retry_non_idempotent=True,
    )
    assert opted_in.request(op(rt, "POST"), {}) == [2]


def test_connect_errors_are_retried_for_every_method(rt: types.SimpleNamespace, make: Any) -> None:
    server = Server(
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("slow"),
        httpx.Response(200, json=1),
    )
    client = make(server)
    assert client.request(op(rt, "POST"), {}) == 1
    assert len(server.requests) == 3


def test_read_timeouts_are_retried_only_when_idempotent(
    rt: types.SimpleNamespace, make: Any
) -> None:
    server = Server(httpx.ReadTimeout("slow"))
    with pytest.raises(rt.errors.APITimeoutError) as info:
        make(server).request(op(rt, "POST"), {})
    assert len(server.requests) == 1
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)

    server = Server(
        httpx.RemoteProtocolError("eof"),
        httpx.ReadTimeout("slow"),
        httpx.Response(200, json=2),
    )
    assert make(server).request(op(rt, "DELETE"), {}) == 2


def test_exhausted_retries_raise_the_last_error(rt: types.SimpleNamespace, make: Any) -> None:
    replies = [httpx.Response(429, headers={"Retry-After": "0", "x-n": str(i)}) for i in range(5)]
    server = Server(*replies)
    client = make(server)
    with pytest.raises(rt.errors.RateLimitError) as info:
        client.request(op(rt), {})
    assert len(server.requests) == 3
    assert info.value.headers["x-n"] == "2"
    assert client.sleeps == [0.0, 0.0]

    server = Server(httpx.ConnectError("refused"))
    with pytest.raises(rt.errors.APIConnectionError) as conn:
        make(server).request(op(rt), {})
    assert type(conn.value) is rt.errors.APIConnectionError
    assert isinstance(conn.value.__cause__, httpx.ConnectError)
    assert len(server.requests) == 3


def test_max_retries_zero_disables_retries(rt: types.SimpleNamespace, make: Any) -> None:
    server = Server(httpx.Response(429), httpx.Response(200, json=1))
    client = make(server, max_retries=0)
    with pytest.raises(rt.errors.RateLimitError):
        client.request(op(rt), {})
    assert len(server.requests) == 1
    assert client.sleeps == []


def test_retry_policy_is_pure(rt: types.SimpleNamespace) -> None:
    should_retry, delay = rt.client.should_retry, rt.client.retry_delay
    assert should_retry(idempotent=False, status=429)
    assert not should_retry(idempotent=False, status=503)
    assert should_retry(idempotent=True, status=503)
    assert should_retry(idempotent=True, status=408)
    assert not should_retry(idempotent=True, status=501)
    assert not should_retry(idempotent=True, status=400)
    assert should_retry(idempotent=False, error=httpx.ConnectError("x"))
    assert not should_retry(idempotent=False, error=httpx.ReadTimeout("x"))
    assert should_retry(idempotent=True, error=httpx.ReadTimeout("x"))
    assert not should_retry(idempotent=True, error=httpx.UnsupportedProtocol("x"))
    now = email.utils.parsedate_to_datetime("Wed, 21 Oct 2015 07:28:00 GMT").timestamp()
    date = httpx.Headers({"Retry-After": "Wed, 21 Oct 2015 07:28:10 GMT"})
    assert delay(0, date, now=now) == 10.0
    assert delay(0, httpx.Headers({"Retry-After": "Wed, 21 Oct 2015 07:27:00 GMT"}), now=now) == 0.0
    assert 0.375 <= delay(0, httpx.Headers({"Retry-After": "soon"})) <= 0.625
    assert 6.0 <= delay(30) <= 10.0


# --- raw responses, async, lifecycle ----------------------------------------------


def test_raw_response_wrapper(rt: types.SimpleNamespace, make: Any) -> None:
    server = Server(
        httpx.Response(200, json={"petId": 1, "name": "a"}, headers={"x-request-id": "abc"})
    )
    client = make(server)
    operation = op(rt, responses=(("200", rt.types.Ref("models.pet", "Pet")),))

    def get_pet(pet_id: int, *, verbose: bool = False) -> Any:
        return client.request(operation, {"pet_id": pet_id})

    raw = rt.response.raw_response_wrapper(get_pet)
    result = raw(1, verbose=True)
    assert isinstance(result, rt.response.APIResponse)
    assert result.status_code == 200
    assert result.headers["x-request-id"] == "abc"
    assert result.parsed == rt.pet.Pet(pet_id=1, name="a")
    assert result.http_response.request.method == "GET"
    assert raw.__name__ == "get_pet"
    assert isinstance(get_pet(1), rt.pet.Pet)  # the flag does not leak
    client.request(op(rt), {})


def test_client_lifecycle_and_repr(rt: types.SimpleNamespace) -> None:
    c = rt.client
    with c.SyncAPIClient(
        base_url="https://api.test",
        credentials={"bearer": TOKEN, "hkey": None},
        schemes=schemes(rt),
        user_agent="u",
    ) as owned:
        assert repr(owned) == "SyncAPIClient(base_url='https://api.test', auth=['bearer'])"
    assert owned._client.is_closed
    supplied = httpx.Client()
    client = c.SyncAPIClient(
        base_url="https://api.test",
        credentials={},
        schemes=(),
        user_agent="u",
        http_client=supplied,
    )
    client.close()
    assert not supplied.is_closed
    supplied.close()
    with pytest.raises(ValueError, match="base_url"):
        c.SyncAPIClient(base_url="api.test", credentials={}, schemes=(), user_agent="u")


def test_async_client(rt: types.SimpleNamespace) -> None:
    pet_op = op(rt, "POST", responses=(("200", rt.types.Ref("models.pet", "Pet")),))

    async def main() -> None:
        server = Server(
            httpx.ConnectError("refused"),
            httpx.Response(429, headers={"Retry-After": "2"}),
            httpx.Response(200, json={"petId": 1, "name": "a"}),
            httpx.Response(503),
            httpx.Response(200, json={"petId": 2, "name": "b"}),
        )
        sleeps: list[float] = []

        async def fake_sleep(seconds: float) -> None:
            sleeps.append(seconds)

        async with httpx.AsyncClient(transport=httpx.MockTransport(server)) as http:
            async with rt.client.AsyncAPIClient(
                base_url="https://api.test",
                credentials={"bearer": TOKEN},
                schemes=schemes(rt),
                user_agent="u",
                http_client=http,
            ) as client:
                client._sleep = fake_sleep
                assert await client.request(pet_op, {}) == rt.pet.Pet(pet_id=1, name="a")
                assert len(sleeps) == 2
                assert sleeps[1] == 2.0
                assert server.last.headers["Authorization"] == f"Bearer {TOKEN}"
                with pytest.raises(rt.errors.InternalServerError):
                    await client.request(pet_op, {})  # POST: 503 not retried
                raw = rt.response.async_raw_response_wrapper(client.request)
                response = await raw(pet_op, {})
                assert response.status_code == 200
                assert response.parsed.pet_id == 2
                assert await client.request(op(rt, responses=(("200", None),)), {}) is None
                with pytest.raises(rt.errors.RequestValidationError):
                    await client.request(op(rt, path="/{x}"), {})
            assert not http.is_closed  # caller-supplied client is left open
        owned = rt.client.AsyncAPIClient(
            base_url="https://a.test", credentials={}, schemes=(), user_agent="u"
        )
        await owned.aclose()
        assert owned._client.is_closed

    asyncio.run(main())


def test_async_timeout_error(rt: types.SimpleNamespace) -> None:
    async def main() -> None:
        server = Server(httpx.ReadTimeout("slow"))
        async with httpx.AsyncClient(transport=httpx.MockTransport(server)) as http:
            client = rt.client.AsyncAPIClient(
                base_url="https://api.test",
                credentials={},
                schemes=(),
                user_agent="u",
                http_client=http,
                max_retries=0,
            )
            with pytest.raises(rt.errors.APITimeoutError):
                await client.request(op(rt), {})

    asyncio.run(main())


# --- secrets -----------------------------------------------------------------------


def test_secrets_never_leak(
    rt: types.SimpleNamespace, make: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="rtpkg")
    creds = {"bearer": TOKEN, "qkey": TOKEN, "basic": ("user", TOKEN)}
    errors: list[BaseException] = []
    replies: list[Reply] = [
        httpx.Response(401, json={"detail": f"bad token {TOKEN}"}),
        httpx.ConnectError(f"proxy rejected {TOKEN}"),
        httpx.Response(200, text=f"echo {TOKEN}", headers={"content-type": "text/html"}),
    ]
    for reply in replies:
        client = make(Server(reply), credentials=creds, max_retries=0)
        for security in ((("bearer",),), (("qkey",),), (("basic",),)):
            try:
                client.request(op(rt, security=security), {})
            except rt.errors.APIError as exc:
                errors.append(exc)
        assert TOKEN not in repr(client)
        assert "bearer" in repr(client)
    assert len(errors) == 9
    for error in errors:
        assert TOKEN not in str(error)
        assert TOKEN not in repr(error)
        assert "Authorization" not in str(error)
    assert "***" in str(errors[0])
    assert caplog.records
    for record in caplog.records:
        message = record.getMessage()
        assert TOKEN not in message
        assert "Authorization" not in message
    assert caplog.records[0].getMessage() == "GET https://api.test/v1/pets -> 401 (attempt 1)"
