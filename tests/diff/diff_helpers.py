"""A small spec every rule test edits, and helpers to write OLD/NEW pairs and diff them."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from leadgen.diff.command import diff_pair
from leadgen.diff.findings import Finding
from leadgen.diff.rules import RULES
from leadgen.spec.refs import split_pointer

TODAY = date(2025, 6, 1)
LEADS = "/paths/~1leads~1{leadId}"
GET, PATCH, DELETE = LEADS + "/get", LEADS + "/patch", LEADS + "/delete"
LEAD, UPD, STAGE, CONTACT = (
    "/components/schemas/Lead",
    "/components/schemas/LeadUpdate",
    "/components/schemas/Stage",
    "/components/schemas/Contact",
)
M = "shop.resources.leads.LeadsResource."
GET_M, PATCH_M, DELETE_M = M + "get", M + "update", M + "delete"
OP_GET, OP_PATCH, OP_DELETE = (
    "GET /leads/{leadId}",
    "PATCH /leads/{leadId}",
    "DELETE /leads/{leadId}",
)

Edit = Callable[[dict[str, Any]], None]


def _ok(description: str = "OK", ref: str = "Lead") -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{ref}"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _path_param() -> dict[str, Any]:
    return {"name": "leadId", "in": "path", "required": True, "schema": {"type": "string"}}


def base_spec() -> dict[str, Any]:
    path_param = _path_param()
    limit = {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
    }
    body = {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LeadUpdate"}}},
    }
    return copy.deepcopy({
        "openapi": "3.1.0",
        "info": {"title": "Shop", "version": "1.0.0"},
        "servers": [{"url": "https://{region}.example.com/v1",
                     "variables": {"region": {"default": "us", "enum": ["us", "eu"]}}}],
        "security": [{"bearer": []}],
        "tags": [{"name": "leads", "description": "Leads."}],
        "paths": {
            "/leads/{leadId}": {
                "get": {"operationId": "getLead", "tags": ["leads"], "summary": "Get a lead",
                        "parameters": [path_param, limit],
                        "responses": {"200": _ok(), "404": {"description": "No such lead"}}},
                "patch": {"operationId": "updateLead", "tags": ["leads"], "summary": "Update a lead",
                          "parameters": [_path_param()], "requestBody": body, "responses": {"200": _ok()}},
                "delete": {"operationId": "deleteLead", "tags": ["leads"], "summary": "Delete a lead",
                           "parameters": [_path_param()], "security": [],
                           "responses": {"204": {"description": "Deleted"}}},
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Stage": {"type": "string", "enum": ["new", "won", "lost"]},
                "Email": {"type": "object", "properties": {"kind": {"type": "string"}, "address": {"type": "string"}}},
                "Phone": {"type": "object", "properties": {"kind": {"type": "string"}, "number": {"type": "string"}}},
                "Contact": {
                    "oneOf": [{"$ref": "#/components/schemas/Email"}, {"$ref": "#/components/schemas/Phone"}],
                    "discriminator": {"propertyName": "kind", "mapping": {
                        "email": "#/components/schemas/Email", "phone": "#/components/schemas/Phone"}},
                },
                "Lead": {"type": "object", "required": ["id", "stage"], "properties": {
                    "id": {"type": "string"},
                    "stage": {"$ref": "#/components/schemas/Stage"},
                    "score": {"type": "integer"},
                    "name": {"type": "string", "maxLength": 50},
                    "contact": {"$ref": "#/components/schemas/Contact"},
                }},
                "LeadUpdate": {"type": "object", "required": ["name"], "additionalProperties": False, "properties": {
                    "name": {"type": "string", "maxLength": 50, "pattern": "^[a-z]+$"},
                    "stage": {"$ref": "#/components/schemas/Stage"},
                    "score": {"type": "integer", "minimum": 0, "maximum": 10},
                    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
                    "note": {"type": "string", "default": "none"},
                }},
            },
        },
    })  # fmt: skip


def get(spec: dict[str, Any], pointer: str) -> Any:
    node: Any = spec
    for part in split_pointer(pointer):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def put(pointer: str, value: Any) -> Edit:
    """Set (or append, for a list index equal to its length) the value at `pointer`."""

    def apply(spec: dict[str, Any]) -> None:
        parent_at, _, key = pointer.rpartition("/")
        parent = get(spec, parent_at)
        key = key.replace("~1", "/").replace("~0", "~")
        if isinstance(parent, list):
            index = int(key)
            if index == len(parent):
                parent.append(copy.deepcopy(value))
            else:
                parent[index] = copy.deepcopy(value)
        else:
            parent[key] = copy.deepcopy(value)

    return apply


def drop(pointer: str) -> Edit:
    def apply(spec: dict[str, Any]) -> None:
        parent_at, _, key = pointer.rpartition("/")
        parent = get(spec, parent_at)
        key = key.replace("~1", "/").replace("~0", "~")
        del parent[int(key) if isinstance(parent, list) else key]

    return apply


def edited(*edits: Edit, spec: dict[str, Any] | None = None) -> dict[str, Any]:
    result = copy.deepcopy(spec if spec is not None else base_spec())
    for edit in edits:
        edit(result)
    return result


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(spec: dict[str, Any], **options: Any) -> str:
    return yaml.dump(spec, Dumper=_NoAliases, sort_keys=False, **options)


def write_pair(
    tmp: Path, old: dict[str, Any] | str, new: dict[str, Any] | str, name: str = "shop.yaml"
) -> tuple[Path, Path]:
    paths = []
    for side, spec in (("old", old), ("new", new)):
        path = tmp / side / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(spec if isinstance(spec, str) else dump(spec))
        paths.append(path)
    return paths[0], paths[1]


def diff(
    tmp: Path, old: dict[str, Any] | str, new: dict[str, Any] | str, name: str = "shop.yaml"
) -> list[Finding]:
    old_path, new_path = write_pair(tmp, old, new, name)
    return diff_pair(str(old_path), str(new_path), today=TODAY).findings


def _walk_refs(node: Any, old: str, new: str) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and value == old:
                node[key] = new
            else:
                _walk_refs(value, old, new)
    elif isinstance(node, list):
        for item in node:
            _walk_refs(item, old, new)


def rename_schema(old: str, new: str) -> Edit:
    """Rename a component schema and every reference to it (mapping values too)."""

    def apply(spec: dict[str, Any]) -> None:
        schemas = spec["components"]["schemas"]
        spec["components"]["schemas"] = {(new if k == old else k): v for k, v in schemas.items()}
        _walk_refs(spec, f"#/components/schemas/{old}", f"#/components/schemas/{new}")

    return apply


def rename_path(old: str, new: str, param_old: str, param_new: str) -> Edit:
    def apply(spec: dict[str, Any]) -> None:
        item = spec["paths"].pop(old)
        for operation in item.values():
            for param in operation.get("parameters", []):
                if param.get("name") == param_old:
                    param["name"] = param_new
        spec["paths"][new] = item

    return apply


@dataclass
class Case:
    """One rule fired by a small OLD/NEW pair (OLD and NEW are each the base spec plus edits).

    `operation` is the one operation the finding reaches, None for an API-wide finding or
    one in a shared schema, whose `operations` are then given."""

    rule: str
    level: str
    new: tuple[Edit, ...]
    operation: str | None
    old_at: str | None
    new_at: str | None
    symbols: tuple[str, ...]
    old: tuple[Edit, ...] = ()
    operations: tuple[str, ...] | None = None


def check_case(tmp: Path, case: Case) -> None:
    findings = diff(tmp, edited(*case.old), edited(*case.new))
    shown = "\n".join(f"{f.rule} {f.operations} {f.message}" for f in findings)
    operations = case.operations
    if operations is None:
        operations = (case.operation,) if case.operation is not None else ()
    found = [f for f in findings if f.rule == case.rule and f.operations == operations]
    assert len(found) == 1, f"{case.rule} on {operations} expected once, found:\n{shown}"
    finding = found[0]
    assert finding.operation == case.operation
    assert finding.level == case.level == RULES[case.rule].level
    assert (finding.old.pointer if finding.old else None) == case.old_at
    assert (finding.new.pointer if finding.new else None) == case.new_at
    for location in (finding.old, finding.new):
        assert location is None or isinstance(location.line, int)
    assert finding.symbols == case.symbols
    assert finding.message and finding.message == finding.message.strip()
