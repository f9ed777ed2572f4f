"""Identifiers: whatever the spec calls things, the Python names are valid, distinct and free,
and the wire names (what is sent and read) stay exactly the spec's (specs/names.yaml).
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import inspect
import keyword
from collections.abc import Iterator
from importlib import import_module
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx
import pytest
import yaml

from tests.hostile.conftest import Corpus
from tests.hostile.hostile_spec_support import SPECS, imported

SPEC = yaml.safe_load((SPECS / "names.yaml").read_text(encoding="utf-8"))
SCHEMAS = SPEC["components"]["schemas"]
# What a generated model class uses itself: a field may not take these names.
MODEL_MEMBERS = {
    "self",
    "cls",
    "to_dict",
    "from_dict",
    "additional_properties",
    "dataclasses",
}


@pytest.fixture(scope="module")
def names(corpus: Corpus) -> Iterator[ModuleType]:
    assert corpus.runs["names"].code == 0, str(corpus.runs["names"])
    with imported(corpus.out, "names") as package:
        yield package


def models(package: ModuleType) -> dict[str, Any]:
    module = import_module(package.__name__ + ".models")
    return {name: getattr(module, name) for name in module.__all__}


def model_for(package: ModuleType, schema: str) -> Any:
    """The model class generated for component `schema` (found by its exact wire names)."""
    wanted = set(SCHEMAS[schema]["properties"])
    (found,) = [
        cls
        for cls in models(package).values()
        if isinstance(cls, type) and {f.wire_name for f in getattr(cls, "__fields__", ())} == wanted
    ]
    return found


def is_free_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name) and not keyword.issoftkeyword(name)


def test_every_field_name_is_a_free_identifier_and_every_wire_name_is_kept(
    names: ModuleType,
) -> None:
    checked = 0
    for name, cls in models(names).items():
        assert is_free_identifier(name), name
        fields = getattr(cls, "__fields__", None)
        if fields is None:
            continue  # a type alias
        py_names = [f.py_name for f in fields]
        assert len(set(py_names)) == len(py_names), name
        assert all(is_free_identifier(n) and n not in MODEL_MEMBERS for n in py_names), py_names
        assert {f.name for f in dataclasses.fields(cls)} == {
            *py_names,
            "additional_properties",
        }
        checked += 1
    assert checked >= 20
    pet = model_for(names, "Pet")
    assert [f.wire_name for f in pet.__fields__] == list(SCHEMAS["Pet"]["properties"])


def test_fields_named_like_builtins_and_runtime_names_round_trip(
    names: ModuleType,
) -> None:
    pet = model_for(names, "Pet")
    data: dict[str, Any] = {}
    for wire, schema in SCHEMAS["Pet"]["properties"].items():
        kind = schema.get("type")
        if "$ref" in schema:
            data[wire] = {}
        elif kind == "array":
            data[wire] = ["a", "b"]
        elif kind == "object":
            data[wire] = {"k": 1}
        elif kind in ("integer", "number"):
            data[wire] = 7
        elif kind == "boolean":
            data[wire] = True
        elif schema.get("format") == "date-time":
            data[wire] = "2024-01-31T10:00:00Z"
        elif schema.get("format") == "date":
            data[wire] = "2024-01-31"
        elif schema.get("format") == "uuid":
            data[wire] = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
        else:
            data[wire] = f"value of {wire!r}"
    obj = pet.from_dict(data)
    assert obj.to_dict() == data
    assert pet().additional_properties == {}  # a field named `dict` does not shadow the factory
    assert builtins.dict is dict  # and nothing leaked into this module


def test_each_parameter_is_sent_under_its_wire_name(names: ModuleType) -> None:
    """`userId`, `user_id`, `UserID`, `user-id`, "", `1st`, `match`, `ﬁle`/`file`/`ｆｉｌｅ`..."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            headers={"content-type": "application/json"},
            stream=httpx.ByteStream(b"{}"),
        )

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = names.Client(
        base_url="https://names.example", token="t", http_client=http, max_retries=0
    )
    resource = import_module("names.resources.pets")
    operation = resource._LIST
    values: dict[str, Any] = {}
    for i, param in enumerate(operation.params):
        kind = type(param.type).__name__
        values[param.py_name] = {
            "Bool": True,
            "Int": i,
            "Float": i + 0.5,
            "Arr": [f"a{i}"],
        }.get(kind, f"v{i}")
    positional = [values.pop(p.py_name) for p in operation.params if p.location == "path"]
    signature = inspect.signature(client.pets.list)
    assert list(signature.parameters)[: len(positional)] == [
        p.py_name for p in operation.params if p.location == "path"
    ]
    client.pets.list(*positional, **values)
    (request,) = seen
    url = urlsplit(str(request.url))
    query = parse_qsl(url.query, keep_blank_values=True)
    assert [unquote(s) for s in url.path.split("/")[2:]] == positional
    for i, param in enumerate(operation.params):
        expected = values.get(param.py_name)
        if param.location == "query":
            text = (
                "true"
                if expected is True
                else expected[0] if isinstance(expected, list) else str(expected)
            )
            assert (param.wire_name, text) in query, (param.wire_name, query)
        elif param.location == "header":
            assert request.headers[param.wire_name] == expected
    wire = [p.wire_name for p in operation.params]
    assert len(wire) == len(set(wire))
    spec_params = SPEC["paths"]["/a/{class}/{self}/{id}/{type}"]
    assert set(wire) == {
        p["name"] for p in spec_params["parameters"] + spec_params["get"]["parameters"]
    }


def test_colliding_tags_and_operation_names_get_distinct_python_names(
    names: ModuleType,
) -> None:
    client = names.Client(base_url="https://names.example")
    resources = [
        name
        for name, value in vars(type(client)).items()
        if isinstance(value, functools.cached_property)
    ]
    # Pets / pets / pets! / "" / 123 / __init__ / close / with_raw_response / match / no-id / default
    assert len(resources) == len(set(resources)) == 11
    assert all(is_free_identifier(r) and not r.startswith("_") for r in resources)
    assert "close" not in resources and "with_raw_response" not in resources
    methods: set[tuple[str, str]] = set()
    for resource in resources:
        for name, member in vars(type(getattr(client, resource))).items():
            if inspect.isfunction(member) and not name.startswith("_"):
                assert is_free_identifier(name), name
                methods.add((resource, name))
    assert len(methods) == 15  # one per operation of the spec
    client.close()


def test_schemas_named_like_generated_classes_get_names_of_their_own(
    names: ModuleType,
) -> None:
    """Schemas `PetsResource`, `AsyncPetsResource`, `TypeAlias`, `Mapping`... are models (or
    aliases) with names distinct from the classes of the resource module that imports them.
    """
    found = models(names)
    for schema in ("PetsResource", "AsyncPetsResource", "PetsResourceWithRawResponse"):
        assert schema in found and hasattr(found[schema], "__fields__"), schema
    pets = import_module("names.resources.pets")
    resource_classes = {
        n for n, v in vars(pets).items() if isinstance(v, type) and v.__module__ == pets.__name__
    }
    assert resource_classes.isdisjoint(found), resource_classes & set(found)
    param_types = {p.wire_name: p.type for p in pets._LIST_2.params}
    assert param_types["a"].name == "PetsResource"  # the model, not the resource class
