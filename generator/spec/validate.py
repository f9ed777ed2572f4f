"""Spec validation: structure (openapi-spec-validator) and the project's lints.

Every finding is a Diagnostic with the YAML node's real line and column.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import Diagnostic, Level, pointer_join
from .loader import Document
from .quickcheck import surely_valid
from .refs import anchor_pointer, is_anchor_ref, iter_refs, resolve_pointer
from .structure import (
    Finding,
    default_findings,
    describe,
    specific_errors,
    unquoted_status_codes,
)

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# openapi-spec-validator switches to jsonschema-rs whenever that package is installed
# (schemathesis brings it), and its messages differ in wording and layout: findings must
# not depend on what else shares the environment, so the Python backend is asked for
# (before any of its validators exists) unless the user chose one
os.environ.setdefault("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "jsonschema")


__all__ = [
    "ALWAYS_REPORTED",
    "RULES",
    "check_refs",
    "check_structure",
    "is_selected",
    "iter_operations",
    "lint",
    "openapi_version",
    "rule_name_problem",
]

# The lints `leadgen validate --select/--ignore` (and `select`/`ignore` in the configuration) pick.
RULES: dict[str, str] = {
    "has-operationId": "every operation has an operationId (the generated method's name)",
    "has-tags": "every operation has tags (the first becomes the client's resource)",
    "has-summary": "every operation has a summary (the first line of the method's docstring)",
    "unique-operationId": "no two operations share an operationId",
    "unused-component": "every component and security scheme is used",
    "example-valid": "every example matches its schema",
}
# Findings that make a spec unusable: reported whatever is selected or ignored.
ALWAYS_REPORTED = ("ref-resolves", "structure")

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
# OpenAPI 3.2's `additionalOperations`: a Path Item's other methods, keyed as sent on the wire.
ADDITIONAL_OPERATIONS = "additionalOperations"
_REF_KINDS = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "links",
    "callbacks",
    "pathItems",
)


def value_validator(version: str) -> tuple[Any, Any]:
    """The schema validator class and format checker for values (examples, defaults) in a
    document of `version`; imported on first use, since the import takes a while."""
    from openapi_schema_validator import (
        OAS30Validator,
        OAS31Validator,
        OAS32Validator,
        oas30_format_checker,
        oas31_format_checker,
        oas32_format_checker,
    )

    if version == "3.1":
        return OAS31Validator, oas31_format_checker
    if version == "3.2":
        return OAS32Validator, oas32_format_checker
    return OAS30Validator, oas30_format_checker


def _unresolvable() -> type[Exception]:
    from referencing.exceptions import Unresolvable

    return Unresolvable


def openapi_version(data: dict[str, Any]) -> str:
    """ "2.0", "3.0", "3.1" or "3.2" (empty when the document names none we know)."""
    if str(data.get("swagger", "")).startswith("2."):
        return "2.0"
    version = str(data.get("openapi", ""))
    for known in ("3.0", "3.1", "3.2"):
        if version.startswith(known + "."):
            return known
    return ""


def rule_name_problem(name: str) -> tuple[str, str] | None:
    """(message, hint) when `name` cannot be selected or ignored, else None."""
    if name in RULES:
        return None
    known = f"known rules: {', '.join(sorted(RULES, key=str.lower))}"
    if name in ALWAYS_REPORTED:
        return f"rule {name!r} is always reported", f"it makes a spec unusable; {known}"
    return f"unknown rule {name!r}", known


def is_selected(finding: Diagnostic, select: Collection[str], ignore: Collection[str]) -> bool:
    """Whether a finding is reported: in `select` (all when empty) and not in `ignore`."""
    if finding.rule in ALWAYS_REPORTED or not finding.rule:
        return True
    return (not select or finding.rule in select) and finding.rule not in ignore


def check_refs(doc: Document, data: dict[str, Any]) -> list[Diagnostic]:
    findings = []
    for where, ref in iter_refs(data):
        if where.split("/")[1:2] and where.split("/")[1].startswith("x-"):
            continue  # inside a top-level extension: its value is not OpenAPI, nothing reads it
        try:
            _follow_ref(data, ref)
        except RecursionError:
            findings.append(
                doc.diagnostic(
                    pointer_join(where, "$ref"),
                    f"$ref {ref!r} never reaches a value: its $refs lead back to one another",
                    "a chain of $refs must end in an object that is not a $ref",
                    rule="ref-resolves",
                )
            )
        except KeyError:
            message, hint = _unresolved(data, ref)
            findings.append(
                doc.diagnostic(pointer_join(where, "$ref"), message, hint, rule="ref-resolves")
            )
    return findings


def _unresolved(data: dict[str, Any], ref: str) -> tuple[str, str]:
    """(message, hint) for a local `$ref` that leads nowhere."""
    if not is_anchor_ref(ref):
        return f"$ref {ref!r} does not resolve", "define the target or fix the reference"
    name = ref.partition("#")[2]
    _, count = anchor_pointer(data, name)
    if count:
        return (
            f"$ref {ref!r}: $anchor {name!r} is declared {count} times",
            "keep one $anchor of each name in a document",
        )
    return (
        f"$ref {ref!r}: no $anchor {name!r} in this document",
        "declare `$anchor` on the schema it means, or refer to it by JSON pointer (#/a/b)",
    )


def _follow_ref(data: dict[str, Any], ref: str) -> Any:
    """The value at the end of a chain of `$ref`s: KeyError if absent, RecursionError on a loop."""
    seen = {ref}
    target = resolve_pointer(data, ref)
    while isinstance(target, dict) and isinstance(target.get("$ref"), str):
        ref = target["$ref"]
        if ref in seen:
            raise RecursionError(ref)
        seen.add(ref)
        target = resolve_pointer(data, ref)
    return target


def check_structure(doc: Document, data: dict[str, Any]) -> list[Diagnostic]:
    """Structural findings, each at the key or value it is about (see `spec.structure`)."""
    return [
        doc.diagnostic(f.pointer, f.message, rule="structure", level=_level(f))
        for f in structure_findings(doc, data)
    ]


def _level(finding: Finding) -> Level:
    """A status code written as a YAML integer is a warning: leadgen reads every key as text,
    as openapi-spec-validator accepts it, so the spec means what its author meant."""
    return "warning" if finding.repair == "read-as-text" else "error"


def structure_findings(doc: Document, data: dict[str, Any]) -> list[Finding]:
    """The validator's errors brought down to their causes, plus values that do not fit.

    The validator runs only when the quick check cannot vouch for the document: its findings
    are the same either way, and a valid document is known valid in a fraction of the time."""
    version = openapi_version(data)
    if version not in ("2.0", "3.0", "3.1", "3.2"):
        found = data.get("openapi", data.get("swagger", "nothing"))
        return [
            Finding(
                "/openapi" if "openapi" in data else "/swagger" if "swagger" in data else "",
                f"unsupported OpenAPI version {found!r} (leadgen reads Swagger 2.0 and "
                "OpenAPI 3.0, 3.1 and 3.2 documents)",
            )
        ]
    from .hazards import allof_cycles, without_hazards

    findings, checked = without_hazards(data)
    findings.extend(allof_cycles(data))
    if version == "2.0":
        checked = _file_responses_as_binary(checked)
    if version == "3.1":
        checked = _links_without_server(checked)
    try:
        if not surely_valid(checked, version):
            findings.extend(_validator_findings(data, checked, version))
    # (the except clause's tuple is evaluated only when an exception escapes)
    except (
        _unresolvable(),
        RecursionError,
        KeyError,
        TypeError,
        ValueError,
        AssertionError,
    ) as exc:
        message = str(exc) or type(exc).__name__
        findings.append(Finding("", f"cannot validate structure: {message}"))
    except re.error as exc:
        findings.append(Finding("", f"cannot validate structure: {exc}"))
    findings.extend(default_findings(data, lambda: value_validator(version)[0]))
    findings.extend(unquoted_status_codes(doc))
    unique: dict[tuple[str, str], Finding] = {}
    for finding in findings:
        unique.setdefault((finding.pointer, finding.message), finding)
    return sorted(unique.values(), key=lambda f: (f.pointer, f.message))


def _file_responses_as_binary(data: dict[str, Any]) -> dict[str, Any]:
    """Swagger 2.0 allows `type: file` in a response's schema, which the validator's JSON
    Schema check refuses: a copy of the document with those schemas read as binary strings."""
    if not any(schema.get("type") == "file" for schema in _response_schemas(data)):
        return data
    copied = copy.deepcopy(data)
    for schema in _response_schemas(copied):
        if schema.get("type") == "file":
            schema.update(type="string", format="binary")
    return copied


def _links_without_server(data: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI 3.1 allows a Link Object's `server`, which the validator's 3.1 schema refuses (it
    names the field `body`): a copy of the document without those fields, checked apart."""
    if not any(True for _ in _served_links(data)):
        return data
    copied = copy.deepcopy(data)
    for link in list(_served_links(copied)):
        del link["server"]
    return copied


def _served_links(node: Any) -> Iterator[dict[str, Any]]:
    """Every Link Object holding a `server` object (under a `links` map, any depth)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, dict):
            links = current.get("links")
            for link in links.values() if isinstance(links, dict) else ():
                names_one = isinstance(link, dict) and (
                    "operationId" in link or "operationRef" in link
                )
                server = link.get("server") if isinstance(link, dict) else None
                if names_one and isinstance(server, dict) and isinstance(server.get("url"), str):
                    yield link
            stack.extend(current.values())


def _response_schemas(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The schemas of a Swagger 2.0 document's responses, shared and per operation."""
    groups = [data.get("responses")]
    for item in (data.get("paths") or {}).values():
        for op in item.values() if isinstance(item, dict) else ():
            groups.append(op.get("responses") if isinstance(op, dict) else None)
    for group in groups:
        for response in group.values() if isinstance(group, dict) else ():
            schema = response.get("schema") if isinstance(response, dict) else None
            if isinstance(schema, dict):
                yield schema


def _validator_findings(
    data: dict[str, Any], checked: dict[str, Any], version: str
) -> Iterator[Finding]:
    """openapi-spec-validator's errors, each at its real place (the validator is imported only
    here: the import takes a while, and the quick check usually makes it unneeded)."""
    from .placed import FROM_DEFAULT, VALIDATORS, real_parts

    for error in VALIDATORS[version](checked).iter_errors():
        if list(error.relative_schema_path)[:1] == [FROM_DEFAULT]:
            continue  # a default checked without its place: value_findings has it, placed
        for cause in specific_errors(error):
            found = describe(cause)
            said = pointer_join("", *cause.absolute_path)
            real = pointer_join("", *real_parts(data, list(cause.absolute_path)))
            if found.pointer.startswith(said):  # describe may point at a key inside
                found = replace(found, pointer=real + found.pointer[len(said) :])
            yield found


def iter_operations(data: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(pointer, method, path, operation) for every operation, in document order."""
    for path, item in (data.get("paths") or {}).items():
        if not isinstance(item, dict) or str(path).startswith("x-"):  # an extension
            continue
        at = pointer_join("/paths", path)
        ref = item.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):  # 3.1: a components/pathItems entry
            try:
                item, at = resolve_pointer(data, ref), ref[1:]
            except KeyError:
                continue  # check_refs reports it
            if not isinstance(item, dict):
                continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield pointer_join(at, method), method, path, operation
        others = item.get(ADDITIONAL_OPERATIONS)
        for method, operation in (others if isinstance(others, dict) else {}).items():
            if isinstance(operation, dict):
                yield pointer_join(at, ADDITIONAL_OPERATIONS, method), str(method), path, operation


def lint(doc: Document, data: dict[str, Any]) -> list[Diagnostic]:
    """The project's rules beyond structural validity."""
    findings = list(_lint_operations(doc, data))
    if openapi_version(data) != "2.0":  # Swagger examples are keyed by media type, unchecked
        findings += _lint_examples(doc, data)
    findings += _lint_unused_components(doc, data)
    return findings


def _lint_operations(doc: Document, data: dict[str, Any]) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for pointer, _method, _path, operation in iter_operations(data):
        for key, hint in (
            ("operationId", "it becomes the generated method's name"),
            ("tags", "the first tag becomes the client's resource"),
            ("summary", "it becomes the first line of the method's docstring"),
        ):
            if not operation.get(key):
                yield doc.diagnostic(pointer, f"operation has no {key}", hint, rule=f"has-{key}")
        op_id = operation.get("operationId")
        if isinstance(op_id, str) and op_id in seen:
            yield doc.diagnostic(
                pointer_join(pointer, "operationId"),
                f"operationId {op_id!r} is also used at {seen[op_id]}",
                "operationIds must be unique",
                rule="unique-operationId",
            )
        elif isinstance(op_id, str):
            seen[op_id] = pointer


def _lint_unused_components(doc: Document, data: dict[str, Any]) -> Iterator[Diagnostic]:
    used = {ref for ref in _all_refs(data) if ref.startswith("#/components/")}
    components = data.get("components") or {}
    for kind in _REF_KINDS:
        for name in components.get(kind) or {}:
            pointer = pointer_join("/components", kind, name)
            if "#" + pointer not in used:
                yield doc.diagnostic(
                    pointer,
                    f"component {name!r} is never referenced",
                    "remove it or reference it",
                    rule="unused-component",
                )
    schemes = set((components.get("securitySchemes") or {}).keys())
    required: set[str] = set()
    for requirement in data.get("security") or []:
        required.update(requirement)
    for _, _, _, operation in iter_operations(data):
        for requirement in operation.get("security") or []:
            required.update(requirement)
    for name in sorted(schemes - required):
        yield doc.diagnostic(
            pointer_join("/components/securitySchemes", name),
            f"security scheme {name!r} is never required",
            "remove it or add it to a security requirement",
            rule="unused-component",
        )


def _all_refs(data: Any) -> set[str]:
    """Every `$ref` text in `data` (what `iter_refs` finds, without places or order)."""
    found: set[str] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.add(ref)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


# Schema keywords whose value maps names to schemas: a property may be called "example".
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def _iter_examples(data: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(pointer of the example, pointer of its schema, example value)."""
    stack: list[tuple[str, Any, bool]] = [("", data, False)]
    while stack:
        where, node, is_schema_map = stack.pop()
        if isinstance(node, list):
            stack.extend((pointer_join(where, i), v, False) for i, v in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        if is_schema_map:
            stack.extend((pointer_join(where, k), v, False) for k, v in node.items())
            continue
        if "schema" in node and isinstance(node["schema"], dict):
            schema_at = pointer_join(where, "schema")
            if "example" in node:
                yield pointer_join(where, "example"), schema_at, node["example"]
            for name, example in (node.get("examples") or {}).items():
                example_at = pointer_join(where, "examples", name)
                if isinstance(example, dict) and isinstance(example.get("$ref"), str):
                    # a shared example is checked, where it is written, against each schema using it
                    example_at = example["$ref"].lstrip("#")
                    try:
                        example = resolve_pointer(data, example_at)
                    except KeyError:
                        continue  # check_refs reports it
                if isinstance(example, dict) and "value" in example:
                    yield pointer_join(example_at, "value"), schema_at, example["value"]
        in_schema = _is_schema_context(where)
        if in_schema:
            if "example" in node:
                yield pointer_join(where, "example"), where, node["example"]
            if isinstance(node.get("examples"), list):
                for i, value in enumerate(node["examples"]):
                    yield pointer_join(where, "examples", i), where, value
        for key, value in node.items():
            if key not in ("example", "examples") and isinstance(value, (dict, list)):
                stack.append((pointer_join(where, key), value, in_schema and key in _SCHEMA_MAPS))


def _is_schema_context(pointer: str) -> bool:
    parts = pointer.split("/")
    if len(parts) >= 4 and parts[1] == "components" and parts[2] == "schemas":
        return True
    return "schema" in parts[1:]


def _lint_examples(doc: Document, data: dict[str, Any]) -> Iterator[Diagnostic]:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    validator_class, checker = value_validator(openapi_version(data))
    registry: Registry = Registry().with_resource(
        "urn:leadgen:spec", Resource.from_contents(data, default_specification=DRAFT202012)
    )
    for example_at, schema_at, value in sorted(_iter_examples(data), key=lambda t: t[0]):
        ref = "urn:leadgen:spec#" + quote(schema_at, safe="/~")
        validator = validator_class({"$ref": ref}, registry=registry, format_checker=checker)
        try:
            errors = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
        except (_unresolvable(), RecursionError) as exc:
            yield doc.diagnostic(example_at, f"cannot check example: {exc}", rule="example-valid")
            continue
        for error in errors[:5]:
            yield doc.diagnostic(
                pointer_join(example_at, *error.absolute_path),
                f"example does not match its schema: {_short(error)}",
                f"schema at {schema_at}",
                rule="example-valid",
            )


def _short(error: ValidationError) -> str:
    message = error.message
    return message if len(message) <= 160 else message[:157] + "..."
