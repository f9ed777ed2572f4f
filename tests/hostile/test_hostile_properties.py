"""Property-based: random object schemas with random property and parameter names generate a
package that imports, and random valid data round-trips through `from_dict`/`to_dict` and
through a client call (keyword arguments out, wire names on the wire, the model back).

Names come from a wide alphabet (any Unicode but surrogates: punctuation, quotes, controls,
combining marks, compatibility characters) and from a list of the worst known ones.
"""

from __future__ import annotations

import importlib
import json
import keyword
import pkgutil
import tempfile
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.hostile.hostile_spec_support import generate, imported

NASTY_NAMES = [
    *keyword.kwlist, *keyword.softkwlist, "list", "dict", "str", "int", "bool", "float", "bytes",
    "tuple", "id", "type", "print", "__init__", "__class__", "__dict__", "to_dict", "from_dict",
    "self", "cls", "client", "additional_properties", "extra_headers", "timeout", "body",
    "UNSET", "Unset", "cast", "Any", "builtins", "importlib", "dataclasses", "datetime", "",
    " ", "0", "1a", "ﬁle", "file", "ｆｉｌｅ", "名前", "é", "e\u0301", "userId", "user_id",
    "UserID", "a-b", "a.b", "a b", "$ref", '"""', "'''", "\\", "\x00", "\n", "#", "🙂", "İ",
]  # fmt: skip
TEXT = st.text(st.characters(codec="utf-8"), max_size=8)
NAMES = st.one_of(st.sampled_from(NASTY_NAMES), TEXT)

LEAVES = st.one_of(
    st.sampled_from(
        [
            {"type": "string"},
            {"type": "integer"},
            {"type": "number"},
            {"type": "boolean"},
        ]
    ),
    st.lists(TEXT, min_size=1, max_size=4, unique=True).map(
        lambda v: {"type": "string", "enum": v}
    ),
    st.lists(st.integers(-1000, 1000), min_size=1, max_size=4, unique=True).map(
        lambda v: {"type": "integer", "enum": v}
    ),
)


def objects(
    children: st.SearchStrategy[dict[str, Any]],
) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(NAMES, children, min_size=1, max_size=5).flatmap(
        lambda props: st.lists(st.sampled_from(sorted(props)), unique=True).map(
            lambda required: {
                "type": "object",
                "properties": props,
                "required": required,
            }
        )
    )


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if isinstance(schema["type"], list):
        return schema
    if "enum" in schema:
        return {
            **schema,
            "enum": [*schema["enum"], None],
            "type": [schema["type"], "null"],
        }
    return {**schema, "type": [schema["type"], "null"]}


def extend(
    children: st.SearchStrategy[dict[str, Any]],
) -> st.SearchStrategy[dict[str, Any]]:
    composite = st.one_of(
        children.map(lambda item: {"type": "array", "items": item}), objects(children)
    )
    return st.one_of(composite, composite.map(nullable), children.map(nullable))


SCHEMAS = st.recursive(LEAVES, extend, max_leaves=10)
SPECS = st.tuples(
    TEXT,  # title
    objects(SCHEMAS),  # the root model
    st.lists(NAMES, max_size=4, unique=True),  # query parameter names
)


def data_for(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Valid JSON for `schema` (as the generator reads it)."""
    kind = schema["type"]
    if isinstance(kind, list):
        inner = {**schema, "type": kind[0]}
        if "enum" in inner:
            inner["enum"] = [v for v in inner["enum"] if v is not None]
        return st.one_of(st.none(), data_for(inner))
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if kind == "string":
        return TEXT
    if kind == "integer":
        return st.integers(-(2**53), 2**53)
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(data_for(schema["items"]), max_size=3)
    props = schema["properties"]
    required = set(schema["required"])
    return st.fixed_dictionaries(
        {k: data_for(v) for k, v in props.items() if k in required},
        optional={k: data_for(v) for k, v in props.items() if k not in required},
    )


def spec_of(title: str, root: dict[str, Any], params: list[str]) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Root"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1"},
        "paths": {
            "/things": {
                "post": {
                    "operationId": "create",
                    "parameters": [
                        {"name": name, "in": "query", "schema": {"type": "string"}}
                        for name in params
                    ],
                    "requestBody": {"content": content},
                    "responses": {"200": {"description": "ok", "content": content}},
                }
            }
        },
        "components": {"schemas": {"Root": root}},
    }


# No shrinking: each step would generate a package again (a second or so). The examples are
# small anyway, and Hypothesis prints the failing one as drawn.
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.data())
def test_random_schemas_generate_import_and_round_trip(data: st.DataObject) -> None:
    title, root, params = data.draw(SPECS, label="spec")
    value = data.draw(data_for(root), label="value")
    query = {name: f"q{i}" for i, name in enumerate(params)}
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "prop.json"
        spec.write_text(json.dumps(spec_of(title, root, params)), encoding="utf-8")
        run = generate(spec, Path(tmp) / "out")
        assert run.code == 0, str(run)
        with imported(Path(tmp) / "out", "prop") as package:
            for info in pkgutil.walk_packages(package.__path__, "prop."):
                importlib.import_module(info.name)  # every module compiles and imports
            model = importlib.import_module("prop.models").Root
            assert {f.wire_name for f in model.__fields__} == set(root["properties"])
            parsed = model.from_dict(value)
            assert parsed.to_dict() == value
            assert _call(package, parsed, query) == (value, query)


def _call(package: Any, parsed: Any, query: dict[str, str]) -> tuple[Any, dict[str, str]]:
    """`client.things.create(**fields, **params)`: (the JSON sent, the query sent), and the
    parsed answer must equal what was sent."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        stream = httpx.ByteStream(request.content or b"{}")  # no field set: no body sent
        return httpx.Response(200, headers={"content-type": "application/json"}, stream=stream)

    operation = importlib.import_module("prop.resources.things")._CREATE
    attribute = {f.wire_name: f.py_name for f in type(parsed).__fields__}
    # a body field's argument may be renamed (it clashes with a parameter): match by wire name
    kwargs = {f.py_name: getattr(parsed, attribute[f.wire_name]) for f in operation.body.fields}
    by_wire = {p.wire_name: p.py_name for p in operation.params}
    kwargs.update({by_wire[name]: text for name, text in query.items()})
    http = httpx.Client(transport=httpx.MockTransport(handler))
    with package.Client(base_url="https://prop.example", http_client=http, max_retries=0) as client:
        answer = client.things.create(**kwargs)
    assert answer.to_dict() == parsed.to_dict()
    (request,) = sent
    return json.loads(request.content or b"{}"), dict(httpx.QueryParams(request.url.query))
