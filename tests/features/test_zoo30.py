"""OpenAPI 3.0 features end to end: generate the zoo spec, import it, drive it over MockTransport."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.features.generated_package import generate_and_import

SPEC = Path(__file__).parent.parent / "fixtures" / "features" / "zoo30.yaml"
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_and_import(SPEC, tmp_path_factory.mktemp("zoo"))


def client_for(zoo: ModuleType, handler: Handler, **kwargs: Any) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    kwargs.setdefault("api_key", "k-123")
    return zoo.Client(http_client=http, max_retries=0, **kwargs)


def test_generated_package_passes_mypy_strict(zoo: ModuleType) -> None:
    folder = Path(zoo.__file__).parent
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", folder.name],
        cwd=folder.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_server_variables_build_the_default_base_url(zoo: ModuleType) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=[])

    client_for(zoo, handler).animals.list()
    client_for(zoo, handler, region="us", version="v3").animals.list()
    assert seen == ["https://eu.zoo.example/v2/animals", "https://us.zoo.example/v3/animals"]


def test_query_array_without_explode_and_header_parameter(zoo: ModuleType) -> None:
    import uuid

    captured: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        captured.append(request)
        return httpx.Response(200, json=[])

    request_id = uuid.UUID("12345678-1234-5678-1234-567812345678")
    client_for(zoo, handler).animals.list(species=["cat", "dog"], limit=5, x_request_id=request_id)
    (request,) = captured
    assert request.url.params.get_list("species") == ["cat,dog"]
    assert request.url.params["limit"] == "5"
    assert request.headers["X-Request-Id"] == str(request_id)
    assert request.headers["X-API-Key"] == "k-123"


def test_integer_bounds_are_checked_before_sending(zoo: ModuleType) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing may be sent")

    with pytest.raises(zoo.RequestValidationError, match="limit"):
        client_for(zoo, handler).animals.list(limit=101)


def test_discriminator_picks_the_model(zoo: ModuleType) -> None:
    body = [
        {"id": 1, "kind": "cat", "lives": 9, "name": None},
        {"id": 2, "kind": "dog", "good": True, "pack": [{"id": 3, "kind": "dog", "good": False}]},
    ]
    animals = client_for(zoo, lambda r: httpx.Response(200, json=body)).animals.list()
    cat, dog = animals
    assert type(cat).__name__ == "Cat" and cat.lives == 9 and cat.name is None
    assert type(dog).__name__ == "Dog" and dog.pack[0].good is False


def test_keyword_property_name_keeps_its_wire_name(zoo: ModuleType) -> None:
    captured: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        captured.append(json.loads(request.content))
        return httpx.Response(201, json={"id": 5, "kind": "cat", "class": "mammal"})

    cat = zoo.models.Cat(kind="cat", class_="mammal")
    created = client_for(zoo, handler).animals.create(body=cat)
    assert captured == [{"kind": "cat", "class": "mammal"}]
    assert created.class_ == "mammal" and created.id == 5


def test_recursive_union_round_trips(zoo: ModuleType) -> None:
    data = {
        "id": 1,
        "kind": "cat",
        "friend": {"id": 2, "kind": "cat", "friend": {"id": 3, "kind": "dog", "good": True}},
    }
    cat = zoo.models.Cat.from_dict(data)
    assert type(cat.friend.friend).__name__ == "Dog"
    assert cat.to_dict() == data


def test_required_read_only_property_is_required_in_responses_only(zoo: ModuleType) -> None:
    with pytest.raises(zoo.ResponseValidationError, match="/id"):
        zoo.models.Dog.from_dict({"kind": "dog", "good": True})
    sent: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.content)
        return httpx.Response(201, json={"id": 9, "kind": "dog", "good": True})

    client_for(zoo, handler).animals.create(body=zoo.models.Dog(kind="dog", good=True))
    assert json.loads(sent[0]) == {"kind": "dog", "good": True}


def test_no_content_response_returns_none(zoo: ModuleType) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "DELETE" and request.url.path == "/v2/animals/7"
        return httpx.Response(204)

    assert client_for(zoo, handler).animals.delete(7) is None


def test_typed_additional_properties_and_array_body(zoo: ModuleType) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert json.loads(request.content) == ["a", "b"]
        return httpx.Response(200, json={"a": 1, "b": 2})

    assert client_for(zoo, handler).animals.replace_tags(3, body=["a", "b"]) == {"a": 1, "b": 2}
    with pytest.raises(zoo.RequestValidationError):
        client_for(zoo, handler).animals.replace_tags(3, body=["a", "b", "c", "d"])


def test_declared_error_and_default_response_are_parsed(zoo: ModuleType) -> None:
    problem = {"title": "bad", "status": 422}
    client = client_for(zoo, lambda r: httpx.Response(422, json=problem))
    with pytest.raises(zoo.UnprocessableEntityError) as caught:
        client.animals.create(body=zoo.models.Dog(kind="dog", good=True))
    assert caught.value.parsed.title == "bad"
    client = client_for(zoo, lambda r: httpx.Response(418, json={"title": "teapot"}))
    with pytest.raises(zoo.APIStatusError) as other:
        client.animals.list()
    assert other.value.status_code == 418 and other.value.parsed.title == "teapot"


def test_operation_without_security_sends_no_credentials(zoo: ModuleType) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert "X-API-Key" not in request.headers and "Authorization" not in request.headers
        return httpx.Response(
            200, json=[{"name": "Ann", "shift": None, "badge": {"number": "AB1"}}]
        )

    (keeper,) = client_for(zoo, handler).keepers.list()
    assert keeper.shift is None and keeper.badge.number == "AB1"


def test_basic_auth_when_no_api_key(zoo: ModuleType) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        expected = "Basic " + base64.b64encode(b"ann:secret").decode()
        assert request.headers["Authorization"] == expected
        return httpx.Response(200, json=[])

    http = httpx.Client(transport=httpx.MockTransport(handler))
    zoo.Client(http_client=http, basic_auth=("ann", "secret")).animals.list()
