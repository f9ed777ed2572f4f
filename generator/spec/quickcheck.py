"""A fast answer to "would openapi-spec-validator find nothing in this document?".

openapi-spec-validator checks a document in two parts: the OpenAPI JSON Schema (all of it,
in pure Python) and its own keyword checks (duplicate operationIds and parameters, path
parameters, tags, schemas against the JSON Schema meta-schema, defaults against their
schema), walked through `$ref`-resolving paths. On a large spec that takes seconds.

`surely_valid` does the same checks much faster: the OpenAPI schema and the meta-schema with
jsonschema-rs (compiled), the keyword checks over plain dicts. It only ever answers "valid"
when every check passes; anything it is unsure of (an error, an unusual construct, a missing
jsonschema-rs) answers "not known", and the caller then runs openapi-spec-validator itself,
so the findings, their wording and their positions are the validator's, always.
"""

from __future__ import annotations

import importlib.util
import json
import re
import string
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .plain import plainly_fits
from .refs import resolve_pointer

__all__ = ["surely_valid"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMA_FILES = {"2.0": "v2.0/schema.json", "3.0": "v3.0/schema.json", "3.1": "v3.1/schema.json"}


# openapi-spec-validator recurses through `$ref` chains and nested schemas (several frames a
# step) and fails on long ones: past these, it decides (and may fail, which is a finding).
MAX_REF_CHAIN = 16
MAX_SCHEMA_DEPTH = 160


class _Unsure(Exception):
    """Something the quick check does not decide: openapi-spec-validator must."""


def surely_valid(data: dict[str, Any], version: str) -> bool:
    """True when openapi-spec-validator is known to report nothing for `data`."""
    if version not in _SCHEMA_FILES:
        return False
    try:
        if not _compiled(version).is_valid(data):
            return False
        return not any(True for _ in _KeywordChecks(data, version).problems())
    except Exception:  # noqa: BLE001 - any doubt (a type jsonschema-rs refuses, ...) is "unsure"
        return False


@cache
def _compiled(version: str) -> Any:
    """jsonschema-rs validator of the OpenAPI schema openapi-spec-validator itself uses."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(_openapi_schema(version), validate_formats=False)


def _openapi_schema(version: str) -> Any:
    """The validator's own schema file."""
    return _package_file("openapi_spec_validator", "resources", "schemas", _SCHEMA_FILES[version])


def _package_file(package: str, *parts: str) -> Any:
    """A JSON file of an installed package, read without importing it (imports are slow)."""
    found = importlib.util.find_spec(package)
    if found is None or not found.submodule_search_locations:
        raise _Unsure(f"{package} is not installed")
    folder = Path(next(iter(found.submodule_search_locations)))
    return json.loads(folder.joinpath(*parts).read_text(encoding="utf-8"))


@cache
def _meta_schema() -> Any:
    """The draft-04 meta-schema every schema of a 2.0 or 3.0 document is checked against
    (the validator checks its formats too: `pattern` is compiled separately)."""
    import jsonschema_rs

    meta = _package_file("jsonschema_specifications", "schemas", "draft4", "metaschema.json")
    return jsonschema_rs.Draft4Validator(meta, validate_formats=False)


@cache
def _dialect_31() -> Any:
    """OpenAPI 3.1's schema dialect, as openapi-schema-validator checks a schema against it
    (its formats aside: the only one it checks there is `regex`, compiled separately)."""
    import jsonschema_rs

    folder = ("openapi_schema_validator", "schemas", "oas3.1")
    vocabulary = _package_file(*folder, "vocabularies", "base")
    registry = jsonschema_rs.Registry([(vocabulary["$id"], vocabulary)])
    dialect = _package_file(*folder, "metaschema.json")
    return jsonschema_rs.Draft202012Validator(dialect, validate_formats=False, registry=registry)


class _KeywordChecks:
    """openapi-spec-validator's keyword checks, each reduced to "is there any problem"."""

    def __init__(self, data: dict[str, Any], version: str) -> None:
        self.data, self.version = data, version
        self.visited: set[int] = set()
        self.meta_checked: set[int] = set()
        self.collected: dict[int, set[str]] = {}
        self._value_validator: Any = None

    def problems(self) -> Iterator[str]:
        yield from self._tags()
        paths = self.data.get("paths")
        if isinstance(paths, dict):
            yield from self._paths(paths)
        components = self.data.get("components")
        if isinstance(components, dict) and "schemas" in components:
            schemas = components["schemas"]
            if not isinstance(schemas, dict):
                raise _Unsure("components/schemas")
            for name, schema in schemas.items():
                yield from self._schema(f"/components/schemas/{_escape(name)}", schema, top=True)

    def _tags(self) -> Iterator[str]:
        seen: set[Any] = set()
        for tag in self.data.get("tags") or []:
            name = _deref(self.data, "", tag)[1]["name"]
            if name in seen:
                yield f"duplicate tag {name!r}"
            seen.add(name)

    def _paths(self, paths: dict[str, Any]) -> Iterator[str]:
        operation_ids: set[Any] = set()
        for url, raw_item in paths.items():
            where, item = _deref(self.data, f"/paths/{_escape(url)}", raw_item)
            if not isinstance(item, dict):
                raise _Unsure(where)
            shared = item.get("parameters")
            if "parameters" in item:
                yield from self._parameters(f"{where}/parameters", shared)
            for method, raw_operation in item.items():
                if method not in HTTP_METHODS:
                    continue
                at, operation = _deref(self.data, f"{where}/{method}", raw_operation)
                if not isinstance(operation, dict):
                    raise _Unsure(at)
                if "operationId" in operation:
                    op_id = operation["operationId"]
                    if op_id is not None and op_id in operation_ids:
                        yield f"duplicate operationId {op_id!r}"
                    operation_ids.add(op_id)
                if "responses" in operation:
                    yield from self._responses(f"{at}/responses", operation["responses"])
                names: set[Any] = set()
                if "parameters" in operation:
                    yield from self._parameters(f"{at}/parameters", operation["parameters"])
                    names |= self._path_parameter_names(operation["parameters"])
                if "parameters" in item:
                    names |= self._path_parameter_names(shared)
                in_url = {field for _, field, _, _ in string.Formatter().parse(url) if field}
                if names != in_url:
                    yield f"path parameters of {url!r} do not match"

    def _path_parameter_names(self, parameters: Any) -> set[Any]:
        found = set()
        for raw in _as_list(parameters):
            parameter = _deref(self.data, "", raw)[1]
            if parameter.get("in") == "path":
                name = parameter.get("name")
                if not isinstance(name, str):
                    raise _Unsure("path parameter name")
                found.add(name)
        return found

    def _parameters(self, where: str, parameters: Any) -> Iterator[str]:
        seen: set[tuple[Any, Any]] = set()
        for index, raw in enumerate(_as_list(parameters)):
            at, parameter = _deref(self.data, f"{where}/{index}", raw)
            if not isinstance(parameter, dict):
                raise _Unsure(at)
            if "schema" in parameter:
                yield from self._schema(f"{at}/schema", parameter["schema"], top=True)
            swagger_default = self.version == "2.0" and "default" in parameter
            if swagger_default and not self._value_fits(at, parameter["default"]):
                yield f"{at}: default does not fit"
            key = (parameter["name"], parameter["in"])
            if key in seen:
                yield f"duplicate parameter {key!r}"
            seen.add(key)

    def _responses(self, where: str, responses: Any) -> Iterator[str]:
        if not isinstance(responses, dict):
            raise _Unsure(where)
        for code, raw in responses.items():
            at, response = _deref(self.data, f"{where}/{_escape(code)}", raw)
            if not isinstance(response, dict):
                raise _Unsure(at)
            if self.version == "2.0":
                if "schema" in response:
                    yield from self._schema(f"{at}/schema", response["schema"], top=True)
                continue
            if "content" not in response:
                continue
            content = response["content"]
            if not isinstance(content, dict):
                raise _Unsure(f"{at}/content")
            for media, media_type in content.items():
                if not isinstance(media_type, dict):
                    raise _Unsure(f"{at}/content")
                if "schema" in media_type:
                    schema_at = f"{at}/content/{_escape(media)}/schema"
                    yield from self._schema(schema_at, media_type["schema"], top=True)

    def _schema(self, where: str, raw: Any, *, top: bool, depth: int = 0) -> Iterator[str]:
        """A schema as the validator walks it: the meta-schema once for each schema it is
        given first, then allOf/anyOf/oneOf/not/items/properties, then `required` against
        the properties when there is an allOf, and the default against the schema."""
        where, schema = _deref(self.data, where, raw)
        if not isinstance(schema, dict):
            raise _Unsure(where)  # the validator reports it: let it
        if depth > MAX_SCHEMA_DEPTH:
            raise _Unsure(f"{where}: schemas nested more than {MAX_SCHEMA_DEPTH} deep")
        if top and id(schema) not in self.meta_checked:
            self.meta_checked.add(id(schema))
            if not self._fits_meta_schema(schema):
                yield f"{where}: not a valid schema"
                return
        if id(schema) in self.visited:
            return
        self.visited.add(id(schema))
        for key in ("allOf", "anyOf", "oneOf"):
            if key in schema:
                for index, inner in enumerate(_as_list(schema[key])):
                    yield from self._schema(
                        f"{where}/{key}/{index}", inner, top=False, depth=depth + 1
                    )
        if "not" in schema:
            yield from self._schema(f"{where}/not", schema["not"], top=False, depth=depth + 1)
        if "items" in schema:
            yield from self._schema(f"{where}/items", schema["items"], top=False, depth=depth + 1)
        if "properties" in schema:
            properties = schema["properties"]
            if not isinstance(properties, dict):
                raise _Unsure(f"{where}/properties")
            for name, inner in properties.items():
                yield from self._schema(
                    f"{where}/properties/{_escape(name)}", inner, top=False, depth=depth + 1
                )
        if "allOf" in schema:  # the validator collects these names for every allOf
            known = set(schema.get("properties") or {})
            for inner in _as_list(schema["allOf"]):
                known |= self._all_properties(inner, set())
            if top and not set(schema.get("required") or ()) <= known:
                yield f"{where}: required names an undefined property"
        if "default" in schema:
            default = schema["default"]
            if (default is not None or schema.get("nullable") is not True) and not (
                plainly_fits(
                    schema, default, formats=True, data=self.data, type_lists=self.version == "3.1"
                )
                or self._value_fits(where, default)
            ):
                yield f"{where}: default does not fit"

    def _fits_meta_schema(self, schema: dict[str, Any]) -> bool:
        if self.version != "3.1":
            return bool(_meta_schema().is_valid(schema)) and _patterns_compile(schema)
        # OpenAPI 3.1's dialect: the draft 2020-12 meta-schema and the OpenAPI vocabulary
        if "$schema" in schema or "jsonSchemaDialect" in self.data:
            raise _Unsure("a JSON Schema dialect of its own")
        return bool(_dialect_31().is_valid(schema)) and _patterns_compile(schema, keys=True)

    def _all_properties(self, raw: Any, seen: set[int]) -> set[str]:
        """Property names reachable through allOf/anyOf/oneOf/items/not (the validator never
        returns from a loop of them: unsure)."""
        schema = _deref(self.data, "", raw)[1]
        if not isinstance(schema, dict) or id(schema) in seen or len(seen) > MAX_SCHEMA_DEPTH:
            raise _Unsure("property collection")
        if id(schema) in self.collected:
            return self.collected[id(schema)]
        seen = seen | {id(schema)}
        names = set(schema.get("properties") or {})
        for key in ("allOf", "anyOf", "oneOf"):
            for inner in _as_list(schema.get(key) or []):
                names |= self._all_properties(inner, seen)
        for key in ("items", "not"):
            if key in schema:
                names |= self._all_properties(schema[key], seen)
        self.collected[id(schema)] = names
        return names

    def _value_fits(self, where: str, value: Any) -> bool:
        """Whether `value` fits the schema at `where`, as the validator checks a default."""
        validator = self._values()({"$ref": "urn:leadgen:quickcheck#" + quote(where, safe="/~")})
        return not any(True for _ in validator.iter_errors(value))

    def _values(self) -> Any:
        if self._value_validator is None:
            from functools import partial

            from openapi_schema_validator import (
                OAS30Validator,
                OAS31Validator,
                oas30_format_checker,
                oas31_format_checker,
            )
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT4, DRAFT202012

            if self.version == "3.1":
                kind, checker, draft = OAS31Validator, oas31_format_checker, DRAFT202012
            else:
                kind, checker, draft = OAS30Validator, oas30_format_checker, DRAFT4
            registry: Registry[Any] = Registry().with_resource(
                "urn:leadgen:quickcheck",
                Resource.from_contents(self.data, default_specification=draft),
            )
            self._value_validator = partial(kind, registry=registry, format_checker=checker)
        return self._value_validator


def _deref(data: dict[str, Any], where: str, node: Any) -> tuple[str, Any]:
    """(pointer, value) at the end of a chain of local `$ref`s (anything else is unsure)."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/") or "%" in ref or ref in seen:
            raise _Unsure(f"$ref {ref!r}")
        if len(seen) >= MAX_REF_CHAIN:
            raise _Unsure(f"a chain of more than {MAX_REF_CHAIN} $refs")
        seen.add(ref)
        try:
            node = resolve_pointer(data, ref)
        except KeyError:
            raise _Unsure(f"$ref {ref!r}") from None
        where = ref[1:]
    return where, node


def _as_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _Unsure("expected a list")
    return value


def _escape(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _patterns_compile(schema: Any, *, keys: bool = False) -> bool:
    """Every `pattern` in a schema compiles as a Python regular expression (the meta-schema's
    `regex` format, as the validator checks it; jsonschema-rs's engine is not Python's), and
    with `keys` every name of `patternProperties` too (draft 2020-12 checks those as well)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            pattern = node.get("pattern")
            if isinstance(pattern, str) and not _compiles(pattern):
                return False
            named = node.get("patternProperties")
            if (
                keys
                and isinstance(named, dict)
                and not all(isinstance(k, str) and _compiles(k) for k in named)
            ):
                return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return True


@lru_cache(maxsize=4096)
def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError):
        return False
    return True
