"""Link Objects: `with_raw_response.<method>(...)` returns a `LinkedResponse` whose `links` has a
typed method per link, calling the linked operation with values read from the response and its
request. Links that cannot be followed are documented and warned about where they stand."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.features.coverage_support import Corpus, client, refusal
from tests.mock_fixture import MockServerFactory, mock_server_factory  # noqa: F401 - a fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "features"
SPECS = {
    name: (FIXTURES / f"{name}.yaml").read_text(encoding="utf-8")
    for name in ("links30", "links31", "links32")
}


# User code: the links are typed (a wrong argument, an unknown link are mypy errors; with
# --strict an unneeded `type: ignore` is one too).
USER_CODE = """\
from typing import assert_type

import links30
import links31
import links32
from links30 import LinkedResponse
from links30.models import Order, User
from links30.resources.orders import AsyncGetOrderLinks, GetOrderLinks


def follow(client: links30.Client) -> User:
    response = client.orders.with_raw_response.get(5)
    assert_type(response, LinkedResponse[Order | None, GetOrderLinks])
    user = response.links.owner(verbose=True)
    assert_type(user, User)
    response.links.owner(verbose="yes")  # type: ignore[arg-type]
    response.links.nope()  # type: ignore[attr-defined]
    response.links.note()
    return user


async def follow_async(client: links30.AsyncClient) -> User:
    response = await client.orders.with_raw_response.get(5)
    assert_type(response.links, AsyncGetOrderLinks)
    return await response.links.owner()


def events(client: links32.Client) -> list[int]:
    response = client.jobs.with_raw_response.start()
    return [event.n for event in response.links.events()]


def results(client: links31.Client) -> list[str]:
    response = client.searches.with_raw_response.create_search(query="q")
    response.links.results()  # type: ignore[call-arg]
    return response.links.results(limit=10)
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("links"), SPECS)
    built.generate()
    user = built.root / "out" / "uses_links"
    user.mkdir()
    (user / "__init__.py").write_text(USER_CODE, encoding="utf-8")
    yield built


def test_links_pass_mypy_strict_with_user_code(corpus: Corpus) -> None:
    code, output = corpus.mypy()
    assert code == 0, output


def test_link_packages_pass_ruff(corpus: Corpus) -> None:
    """No unused import either (a resource whose every operation has links uses no plain raw
    wrapper)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", *SPECS],
        cwd=corpus.root / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _shop(seen: list[httpx.Request], order: dict[str, Any] | None = None, status: int = 200) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.startswith("/orders/"):
            if status == 202:
                return httpx.Response(202)
            if status == 201:
                return httpx.Response(201, json={"id": 7, "ownerId": 43})
            if order is not None:  # without the X-Owner header too
                return httpx.Response(200, json=order)
            return httpx.Response(200, json={"id": 7, "ownerId": 42}, headers={"X-Owner": "u-9"})
        if request.url.path.endswith("/notes"):
            return httpx.Response(204)
        return httpx.Response(200, json={"id": request.url.path.rsplit("/", 1)[1]})

    return handler


def test_links_follow_with_values_from_the_response_and_request(corpus: Corpus) -> None:
    package = corpus.package("links30")
    seen: list[httpx.Request] = []
    api = client(package, _shop(seen))
    response = api.orders.with_raw_response.get(5, x_trace="T0")
    assert isinstance(response, package.LinkedResponse) and response.parsed.owner_id == 42
    assert repr(response.links) == "<GetOrderLinks owner, owner_by_header, again, note, poll>"

    user = response.links.owner(verbose=False)  # $response.body#/ownerId: 42, sent as text
    assert user.id == "42"
    assert str(seen[-1].url) == "https://api.example/users/42?verbose=false"

    response.links.owner_by_header()  # $response.header.X-Owner, the constant `verbose: true`
    assert str(seen[-1].url) == "https://api.example/users/u-9?verbose=true"

    again = response.links.again()  # $request.path.orderId and a template, via components/links
    assert again.id == 7
    assert str(seen[-1].url) == "https://api.example/orders/5"
    assert seen[-1].headers["X-Trace"] == "trace-7-200"

    assert response.links.note() is None  # a constant body, spread over the method's keywords
    assert (seen[-1].method, seen[-1].url.path) == ("POST", "/users/42/notes")
    assert json.loads(seen[-1].content) == {"text": "about the order", "orderId": 3}


def test_links_are_async_too(corpus: Corpus) -> None:
    package = corpus.package("links30")
    seen: list[httpx.Request] = []

    async def run() -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(_shop(seen)))
        async with package.AsyncClient(http_client=http, max_retries=0) as api:
            response = await api.orders.with_raw_response.get(8)
            return await response.links.owner(note="hi")

    assert asyncio.run(run()).id == "42"
    assert str(seen[-1].url) == "https://api.example/users/42?note=hi"


def test_a_link_raises_before_sending_when_the_response_lacks_its_value(corpus: Corpus) -> None:
    package = corpus.package("links30")
    seen: list[httpx.Request] = []
    response = client(package, _shop(seen, order={"id": 7})).orders.with_raw_response.get(5)
    with pytest.raises(package.RequestValidationError, match=r"ownerId: not in this response"):
        response.links.owner()
    with pytest.raises(package.RequestValidationError, match=r"X-Owner: not in this response"):
        response.links.owner_by_header()
    with pytest.raises(package.RequestValidationError, match=r"declared on the 202 response"):
        response.links.poll()
    accepted = client(package, _shop(seen, status=202)).orders.with_raw_response.get(5)
    with pytest.raises(package.RequestValidationError, match=r"declared on the 200 or 201 resp"):
        accepted.links.owner()
    assert len(seen) == 2  # the two calls, no link
    accepted.links.poll()
    assert str(seen[-1].url) == "https://api.example/orders/5"


def test_a_link_declared_alike_on_two_responses_is_one_method(corpus: Corpus) -> None:
    package = corpus.package("links30")
    seen: list[httpx.Request] = []
    placed = client(package, _shop(seen, status=201)).orders.with_raw_response.get(5)
    assert placed.links.owner().id == "43"  # declared on the 200 and the 201 response
    with pytest.raises(package.RequestValidationError, match=r"declared on the 200 response"):
        placed.links.owner_by_header()  # the 200 response's only
    assert [r.url.path for r in seen] == ["/orders/5", "/users/43"]


def test_31_links_read_the_request_body_query_and_url(corpus: Corpus) -> None:
    package = corpus.package("links31")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "POST":
            return httpx.Response(201, json={"id": "s1"}, headers={"X-Next-Page": "3"})
        return httpx.Response(200, json=["a", "b"])

    api = client(package, handler)
    owner = importlib.import_module("links31.models").CreateSearchRequestOwner(id="o7")
    response = api.searches.with_raw_response.create_search(
        query="cats", owner=owner, page=2, x_tenant="acme"
    )
    first = seen[-1]
    assert response.links.results(limit=10) == ["a", "b"]
    sent = seen[-1]
    assert sent.url.path == "/v2/searches/s1/results"
    assert sent.url.params["page"] == "2" and sent.url.params["limit"] == "10"
    assert sent.url.params["origin"] == str(first.url)  # $url
    assert sent.url.params["how"] == "POST 201"  # "{$method} {$statusCode}"
    assert sent.headers["X-Tenant"] == "acme"  # $request.header.X-Tenant

    response.links.rerun()  # $request.body: the whole body, spread over the keywords again
    assert seen[-1].method == "POST"
    assert json.loads(seen[-1].content) == {"query": "cats", "owner": {"id": "o7"}}

    response.links.by_owner(limit=1)  # an operationRef, percent-encoded, to a $ref path item
    assert seen[-1].url.path == "/v2/searches/o7/results"

    response.links.next_page()  # integers from a header and from a constant written as text
    assert seen[-1].url.params["page"] == "3" and seen[-1].url.params["limit"] == "5"

    sent = len(seen)
    without_page = api.searches.with_raw_response.create_search(query="dogs")
    with pytest.raises(package.RequestValidationError, match=r"query.page: not in this request"):
        without_page.links.results(limit=1)
    assert len(seen) == sent + 1  # the search, not the link


def test_a_link_to_a_streamed_operation_streams(corpus: Corpus) -> None:
    """3.2: the link of a `default` response calls an operation of another resource whose
    result is a stream of `itemSchema` items, sync and async."""
    package = corpus.package("links32")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "POST":
            return httpx.Response(202, json={"id": "j1"})
        return httpx.Response(200, content=b'{"n": 1}\n{"n": 2}\n')

    response = client(package, handler).jobs.with_raw_response.start()
    assert [event.n for event in response.links.events()] == [1, 2]
    assert seen[-1].url.path == "/jobs/j1/events"

    async def run() -> list[int]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with package.AsyncClient(http_client=http, max_retries=0) as api:
            started = await api.jobs.with_raw_response.start()
            return [event.n async for event in await started.links.events()]

    assert asyncio.run(run()) == [1, 2]


def _line(text: str, needle: str) -> int:
    """The 1-based line of the (dedented) spec holding `needle`."""
    lines = textwrap.dedent(text).splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


ORDER = "/paths/~1orders~1{orderId}/get/responses"
UNFOLLOWED = [
    ("missing: {", f"{ORDER}/200/links/missing/operationId", "no operation has the operationId"),
    ("elsewhere:", f"{ORDER}/200/links/elsewhere/operationRef", "points to another document"),
    ("typo:", f"{ORDER}/200/links/typo/parameters/userId", "is not a runtime expression"),
    ("stranger:", f"{ORDER}/200/links/stranger/parameters/userName", "not a parameter of getUser"),
    ("retry:", f"{ORDER}/404/links/retry", "on which the call raises APIStatusError"),
]


def test_links_that_cannot_be_followed_are_documented_and_warned(
    corpus: Corpus, tmp_path: Path
) -> None:
    code, stderr = refusal(tmp_path, SPECS["links30"])
    assert code == 0, stderr
    for needle, pointer, why in UNFOLLOWED:
        line = _line(SPECS["links30"], needle)
        name = pointer.split("/links/")[1].split("/")[0]
        found = re.search(
            rf"^\S*spec\.yaml:{line}:\d+: {re.escape(pointer)}: link '{name}' is documented "
            rf"but has no method: .*{re.escape(why)}",
            stderr,
            re.MULTILINE,
        )
        assert found, stderr
        links = corpus.package("links30").resources.orders.GetOrderLinks
        assert not hasattr(links, name)
    assert stderr.count("\n") == len(UNFOLLOWED), stderr  # nothing else is said


def test_links_are_documented(corpus: Corpus) -> None:
    package = corpus.package("links30")
    readme = (corpus.root / "out" / "links30" / "README.md").read_text(encoding="utf-8")
    assert "`response = client.orders.with_raw_response.get(...)`" in readme
    assert "- `owner`: operationId getUser (user_id=$response.body#/ownerId): OWNER-LINK" in readme
    assert "- `missing`: operationId nope [no method: no operation has the operationId" in readme
    doc = package.resources.orders.OrdersResource.get.__doc__
    assert "owner: operationId getUser (user_id=$response.body#/ownerId)" in doc
    assert "typo: operationId getUser" in doc and "[no method:" in doc
    assert "owner_by_header (link ownerByHeader): operationRef #/paths/~1users~1{userId}/get" in doc
    assert "- `owner_by_header` (link `ownerByHeader`): operationRef" in readme
    follow = package.resources.orders.GetOrderLinks.owner.__doc__
    assert "GET /users/{userId}" in follow and "user_id: $response.body#/ownerId" in follow
    assert "OWNER-LINK-DESCRIPTION" in follow
    # what the link does not give are its arguments
    owner = inspect.signature(package.resources.orders.GetOrderLinks.owner).parameters
    assert list(owner) == ["self", "verbose", "note", "extra_headers", "timeout"]
    users = (corpus.root / "out" / "links30" / "resources" / "users.py").read_text("utf-8")
    assert "Links" not in users  # nothing declared there


def test_links_against_the_mock(
    corpus: Corpus,
    mock_server_factory: MockServerFactory,  # noqa: F811 - the fixture imported above
) -> None:
    server = mock_server_factory(corpus.root / "specs" / "links30.yaml")
    package = corpus.package("links30")
    sent: list[httpx.Request] = []
    with (
        httpx.Client(event_hooks={"request": [sent.append]}) as http,
        package.Client(base_url=server.url, http_client=http, max_retries=0) as api,
    ):
        response = api.orders.with_raw_response.get(5)
        assert response.status_code == 200
        owner = response.parsed.owner_id
        response.links.owner()
        assert sent[-1].url.path == f"/users/{owner}"
        response.links.note()
        assert sent[-1].url.path == f"/users/{owner}/notes"
        assert json.loads(sent[-1].content) == {"text": "about the order", "orderId": 3}
        response.links.again()
        assert sent[-1].url.path == "/orders/5"
        assert sent[-1].headers["X-Trace"] == f"trace-{response.parsed.id}-200"
