"""A generated client reads responses tolerantly and sends idempotency keys.

The spec below declares an `Idempotency-Key` header (required, as Stripe-style APIs do) on
one POST; the client fills it in when the caller leaves it out. Checked against
`httpx.MockTransport`, against `leadgen mock` (which requires the header), and with
mypy --strict on code that uses the package.
"""

from __future__ import annotations

import asyncio
import inspect
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.features.generated_package import generate_and_import
from tests.mock_fixture import MockServerFactory, mock_server_factory  # noqa: F401 - a fixture

SPEC = """\
openapi: 3.0.3
info: {title: Shop, version: "1"}
servers: [{url: "https://shop.test"}]
paths:
  /orders:
    post:
      operationId: createOrder
      tags: [orders]
      parameters:
        - {name: Idempotency-Key, in: header, required: true, schema: {type: string, maxLength: 64}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [item], properties: {item: {type: string}}}
      responses:
        "201":
          description: created
          content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}
  /orders/{orderId}:
    parameters:
      - {name: orderId, in: path, required: true, schema: {type: string}}
    get:
      operationId: getOrder
      tags: [orders]
      responses:
        "200":
          description: the order
          content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}
    patch:
      operationId: updateOrder
      tags: [orders]
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {item: {type: string}}}
      responses:
        "200":
          description: updated
          content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}
components:
  schemas:
    Order:
      type: object
      required: [id, total]
      properties:
        id: {type: string}
        total: {type: integer}
        lines:
          type: array
          items: {type: object, required: [sku], properties: {sku: {type: string}}}
"""

ORDER = {"id": "o1", "total": 12}
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(scope="module")
def spec_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "shop.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gen")


@pytest.fixture(scope="module")
def shop(spec_file: Path, out: Path) -> ModuleType:
    return generate_and_import(spec_file, out)


def replies(*bodies: tuple[int, Any]) -> tuple[list[httpx.Request], Handler]:
    """A handler answering with ``bodies`` in turn (the last repeats), and its requests."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status, body = bodies[min(len(seen), len(bodies)) - 1]
        return httpx.Response(status, json=body)

    return seen, handler


def client(shop: ModuleType, handler: Handler, **kwargs: Any) -> Any:
    made = shop.Client(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **kwargs)
    made._sleep = lambda seconds: None
    return made


def test_declared_key_is_optional_and_filled_in(shop: ModuleType) -> None:
    parameter = inspect.signature(shop.Client().orders.create).parameters
    assert parameter["idempotency_key"].default is shop.UNSET
    seen, handler = replies((503, None), (201, ORDER))
    order = client(shop, handler).orders.create(item="pen")
    assert order == shop.models.Order(id="o1", total=12)
    # the declared key makes the POST retryable, with the same key
    assert len(seen) == 2
    keys = {request.headers["Idempotency-Key"] for request in seen}
    assert len(keys) == 1
    assert uuid.UUID(keys.pop()).version == 4
    client(shop, handler).orders.create(item="pen", idempotency_key="mine")
    assert seen[-1].headers["Idempotency-Key"] == "mine"


def test_flag_adds_keys_to_patch_but_not_get(shop: ModuleType) -> None:
    seen, handler = replies((200, ORDER))
    plain = client(shop, handler)
    plain.orders.update("o1", item="ink")
    assert "Idempotency-Key" not in seen[-1].headers
    keyed = client(shop, handler, idempotency_keys=True)
    keyed.orders.update("o1", item="ink")
    uuid.UUID(seen[-1].headers["Idempotency-Key"])
    keyed.orders.get("o1")
    assert "Idempotency-Key" not in seen[-1].headers


def test_patch_with_a_key_is_retried(shop: ModuleType) -> None:
    seen, handler = replies((502, None), (200, ORDER))
    with pytest.raises(shop.InternalServerError):
        client(shop, handler).orders.update("o1", item="ink")
    assert len(seen) == 1
    seen, handler = replies((502, None), (200, ORDER))
    assert client(shop, handler, idempotency_keys=True).orders.update("o1", item="ink").id == "o1"
    assert len(seen) == 2
    assert seen[0].headers["Idempotency-Key"] == seen[1].headers["Idempotency-Key"]


def test_a_response_that_breaks_the_schema_is_returned_with_its_problems(
    shop: ModuleType,
) -> None:
    body = {"total": "12", "lines": [{"sku": "a"}, {}]}
    _, handler = replies((200, body))
    order = client(shop, handler).orders.get("o1")
    assert isinstance(order, shop.models.Order)
    assert order.id is shop.UNSET
    assert order.total == "12"
    assert [str(p) for p in order.validation_problems] == [
        "/id: required property is missing",
        "/total: expected integer, got string",
        "/lines/1/sku: required property is missing",
    ]
    assert all(isinstance(p, shop.ValidationProblem) for p in order.validation_problems)
    raw = client(shop, handler).orders.with_raw_response.get("o1")
    assert raw.validation_problems == order.validation_problems
    with pytest.raises(shop.ResponseValidationError) as info:
        client(shop, handler, strict_responses=True).orders.get("o1")
    assert info.value.path == "/id"


def test_async_client_is_tolerant_and_sends_keys(shop: ModuleType) -> None:
    seen, handler = replies((201, {"id": "o2"}))

    async def main() -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with shop.AsyncClient(http_client=http, idempotency_keys=True) as made:
            order = await made.orders.create(item="pen")
            with pytest.raises(shop.ResponseValidationError):
                await shop.AsyncClient(http_client=http, strict_responses=True).orders.create(
                    item="pen"
                )
        await http.aclose()
        return order

    order = asyncio.run(main())
    assert order.total is shop.UNSET
    assert [str(p) for p in order.validation_problems] == ["/total: required property is missing"]
    assert seen[0].headers["Idempotency-Key"] != seen[1].headers["Idempotency-Key"]


def test_the_mock_server_requires_the_key_that_the_client_fills_in(
    shop: ModuleType, spec_file: Path, mock_server_factory: MockServerFactory  # noqa: F811
) -> None:
    server = mock_server_factory(spec_file)
    bare = httpx.post(server.url + "/orders", json={"item": "pen"}, timeout=10)
    assert bare.status_code == 400
    assert "Idempotency-Key" in bare.text
    with shop.Client(base_url=server.url, strict_responses=True) as made:
        order = made.orders.create(item="pen")
    assert isinstance(order, shop.models.Order)


def test_strict_typing_of_the_surface(shop: ModuleType, out: Path) -> None:
    usage = out / "use_shop.py"
    usage.write_text(
        textwrap.dedent("""\
            from shop import Client, Unset, ValidationProblem

            client = Client(strict_responses=False, idempotency_keys=True)
            order = client.orders.create(item="pen")
            total: int = order.total  # typed as the schema says
            problems: tuple[ValidationProblem, ...] = order.validation_problems
            paths: list[str] = [p.path for p in problems] + [p.message for p in problems]
            missing: bool = isinstance(order.id, Unset)
            raw = client.orders.with_raw_response.get("o1")
            also: tuple[ValidationProblem, ...] = raw.validation_problems
            """),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "shop", "use_shop.py"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
