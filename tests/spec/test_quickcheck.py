"""The quick structural check: it vouches only for documents openapi-spec-validator finds nothing
in, so `leadgen validate` reports the same findings, at the same places, with or without it."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from leadgen.errors import LeadgenError
from leadgen.pipeline import open_spec
from leadgen.spec import quickcheck, validate
from leadgen.spec.validate import check_refs, openapi_version, structure_findings
from openapi_spec_validator import (
    OpenAPIV2SpecValidator,
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
)

ROOT = Path(__file__).resolve().parents[2]
VALIDATORS: dict[str, Any] = {
    "2.0": OpenAPIV2SpecValidator,
    "3.0": OpenAPIV30SpecValidator,
    "3.1": OpenAPIV31SpecValidator,
}


def _spec_files() -> list[Path]:
    found = [*ROOT.joinpath("specs").glob("*.yaml"), *ROOT.joinpath("specs").glob("*.json")]
    for suffix in ("*.yaml", "*.yml", "*.json"):
        found += ROOT.joinpath("tests", "fixtures").rglob(suffix)
    return sorted(found)


def _validator_finds_nothing(data: dict[str, Any]) -> bool:
    try:
        return not any(True for _ in VALIDATORS[openapi_version(data)](data).iter_errors())
    except Exception:  # noqa: BLE001 - the validator failing is a finding too
        return False


def _findings(path: Path, *, quick: bool, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    spec = open_spec(path, path.name)
    with monkeypatch.context() as patch:
        if not quick:
            patch.setattr(validate, "surely_valid", lambda data, version: False)
        return list(structure_findings(spec.doc, spec.data))


@pytest.mark.parametrize("path", _spec_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_specs_and_fixtures_have_the_validators_findings(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        spec = open_spec(path, path.name)
    except LeadgenError:
        return  # refused before validation: nothing to compare
    if openapi_version(spec.data) not in VALIDATORS or check_refs(spec.doc, spec.data):
        return
    if quickcheck.surely_valid(spec.data, openapi_version(spec.data)):
        assert _validator_finds_nothing(spec.data)
    assert _findings(path, quick=True, monkeypatch=monkeypatch) == _findings(
        path, quick=False, monkeypatch=monkeypatch
    )


BASE_30: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "tags": [{"name": "things"}],
    "paths": {
        "/things/{id}": {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "get": {
                "operationId": "getThing",
                "parameters": [{"$ref": "#/components/parameters/Limit"}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    }
                },
            },
        }
    },
    "components": {
        "parameters": {
            "Limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 10}}
        },
        "schemas": {
            "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
            "Thing": {
                "allOf": [{"$ref": "#/components/schemas/Base"}],
                "properties": {"size": {"type": "string", "enum": ["s", "m"], "default": "s"}},
                "required": ["id", "size"],
            },
        },
    },
}


def _thing(data: dict[str, Any]) -> dict[str, Any]:
    return data["components"]["schemas"]["Thing"]  # type: ignore[no-any-return]


def _size(data: dict[str, Any]) -> dict[str, Any]:
    return _thing(data)["properties"]["size"]  # type: ignore[no-any-return]


def _get(data: dict[str, Any]) -> dict[str, Any]:
    return data["paths"]["/things/{id}"]["get"]  # type: ignore[no-any-return]


OK = {"200": {"description": "ok"}}
# Each edit breaks the base document in one way openapi-spec-validator reports.
BREAKS: dict[str, Any] = {
    "unknown key": lambda d: d["info"].update(colour="red"),
    "duplicate operationId": lambda d: d["paths"].update(
        {"/post": {"post": {"operationId": "getThing", "responses": OK}}}
    ),
    "duplicate parameter": lambda d: _get(d)["parameters"].append(
        {"$ref": "#/components/parameters/Limit"}
    ),
    "undeclared path parameter": lambda d: d["paths"].update(
        {"/other/{name}": {"get": {"responses": OK}}}
    ),
    "declared parameter not in the path": lambda d: d["paths"].update(
        {
            "/things": {
                "get": {
                    "parameters": [{"name": "x", "in": "path", "required": True, "schema": {}}],
                    "responses": OK,
                }
            }
        }
    ),
    "duplicate tag": lambda d: d["tags"].append({"name": "things"}),
    "required names no property": lambda d: _thing(d)["required"].append("colour"),
    "default of the wrong type": lambda d: _size(d).update(default=3),
    "default outside the enum": lambda d: _size(d).update(default="xl"),
    "parameter default of the wrong type": lambda d: d["components"]["parameters"]["Limit"][
        "schema"
    ].update(default="ten"),
    "enum with a repeated member": lambda d: _size(d).update(enum=["s", "s"]),
    "pattern Python cannot compile": lambda d: _size(d).update(pattern="^\\p{L}+$"),
    "allOf loop": lambda d: d["components"]["schemas"].update(
        Loop={"allOf": [{"$ref": "#/components/schemas/Loop"}], "required": ["a"]}
    ),
}


def _broken(name: str, version: str = "3.0.3") -> dict[str, Any]:
    data = copy.deepcopy(BASE_30)
    data["openapi"] = version
    BREAKS[name](data)
    return data


def test_the_base_document_is_vouched_for() -> None:
    assert _validator_finds_nothing(BASE_30)
    assert quickcheck.surely_valid(BASE_30, "3.0")


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize("name", sorted(BREAKS))
def test_anything_the_validator_reports_is_left_to_it(
    name: str, version: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _broken(name, version)
    if name == "enum with a repeated member" and version == "3.1.0":
        return  # JSON Schema 2020-12 allows it
    assert not _validator_finds_nothing(data), name
    assert not quickcheck.surely_valid(data, openapi_version(data))
    spec_file = tmp_path / "broken.json"
    spec_file.write_text(json.dumps(data, indent=2))
    quick = _findings(spec_file, quick=True, monkeypatch=monkeypatch)
    assert quick == _findings(spec_file, quick=False, monkeypatch=monkeypatch)


def test_swagger_2_parameter_defaults_are_checked() -> None:
    swagger: dict[str, Any] = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "parameters": [
                        {"name": "limit", "in": "query", "type": "integer", "default": 10}
                    ],
                    "responses": {"200": {"description": "ok", "schema": {"type": "string"}}},
                }
            }
        },
    }
    assert _validator_finds_nothing(swagger)
    assert quickcheck.surely_valid(swagger, "2.0")
    swagger["paths"]["/things"]["get"]["parameters"][0]["default"] = "ten"
    assert not _validator_finds_nothing(swagger)
    assert not quickcheck.surely_valid(swagger, "2.0")


def test_openapi_31_documents_are_checked_with_their_dialect() -> None:
    data = copy.deepcopy(BASE_30)
    data["openapi"] = "3.1.0"
    assert _validator_finds_nothing(data)
    assert quickcheck.surely_valid(data, "3.1")
    data["components"]["schemas"]["Thing"]["properties"]["size"]["default"] = 3
    assert not _validator_finds_nothing(data)
    assert not quickcheck.surely_valid(data, "3.1")


def test_without_jsonschema_rs_the_validator_decides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec_file = tmp_path / "broken.json"
    spec_file.write_text(json.dumps(_broken("unknown key")))
    expected = _findings(spec_file, quick=False, monkeypatch=monkeypatch)
    assert expected  # the validator finds the unknown key
    quickcheck._compiled.cache_clear()
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)  # its import fails
    try:
        assert not quickcheck.surely_valid(BASE_30, "3.0")
        assert _findings(spec_file, quick=True, monkeypatch=monkeypatch) == expected
    finally:
        quickcheck._compiled.cache_clear()


def _chain(length: int, step: Any) -> dict[str, Any]:
    """BASE_30 with schemas S0 .. S`length`, each reaching the next through `step(ref)`."""
    data = copy.deepcopy(BASE_30)
    schemas = data["components"]["schemas"]
    for i in range(length):
        schemas[f"S{i}"] = step({"$ref": f"#/components/schemas/S{i + 1}"})
    schemas[f"S{length}"] = {"type": "string"}
    return data


def test_a_long_chain_of_refs_is_left_to_the_validator() -> None:
    short = _chain(quickcheck.MAX_REF_CHAIN - 1, lambda ref: ref)
    assert quickcheck.surely_valid(short, "3.0")
    long = _chain(quickcheck.MAX_REF_CHAIN + 1, lambda ref: ref)
    assert _validator_finds_nothing(long)  # it copes with this one; longer ones overflow it
    assert not quickcheck.surely_valid(long, "3.0")


def test_schemas_nested_deeply_through_refs_are_left_to_the_validator() -> None:
    def nest(ref: dict[str, str]) -> dict[str, Any]:
        return {"type": "object", "properties": {"next": ref}}

    assert quickcheck.surely_valid(_chain(quickcheck.MAX_SCHEMA_DEPTH - 1, nest), "3.0")
    assert not quickcheck.surely_valid(_chain(quickcheck.MAX_SCHEMA_DEPTH + 2, nest), "3.0")
