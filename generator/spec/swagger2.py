"""Swagger 2.0 -> OpenAPI 3.0, in memory, so the rest of the pipeline sees one model.

Maps definitions, body and formData parameters, produces/consumes,
securityDefinitions and host/basePath/schemes. What has no OpenAPI 3
equivalent is reported as a warning naming its location.
"""

from __future__ import annotations

import copy
from typing import Any

from ..errors import pointer_join

__all__ = ["convert"]

_REF_PREFIXES = {
    "#/definitions/": "#/components/schemas/",
    "#/parameters/": "#/components/parameters/",
    "#/responses/": "#/components/responses/",
}
_PARAM_SCHEMA_KEYS = (
    "type", "format", "items", "enum", "default", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems",
    "uniqueItems", "multipleOf",
)  # fmt: skip
_COLLECTION = {
    "csv": ("form", False),
    "multi": ("form", True),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
    "tsv": ("tabDelimited", False),  # no OpenAPI 3 style: the generated runtime knows it
}
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


class _Converter:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.src = doc
        self.warnings: list[str] = []
        self.body_params: set[str] = set()  # names of global parameters that are bodies

    def warn(self, pointer: str, message: str) -> None:
        self.warnings.append(f"{pointer}: {message}")

    def run(self) -> dict[str, Any]:
        src = self.src
        out: dict[str, Any] = {
            "openapi": "3.0.3",
            "info": src.get("info", {"title": "API", "version": ""}),
        }
        out["servers"] = self.servers()
        components: dict[str, Any] = {}
        if "definitions" in src:
            components["schemas"] = {k: self.schema(v) for k, v in src["definitions"].items()}
        params: dict[str, Any] = {}
        bodies: dict[str, Any] = {}
        for name, param in (src.get("parameters") or {}).items():
            if param.get("in") == "body":
                self.body_params.add(name)
                bodies[name] = self.request_body(
                    [param], src.get("consumes"), f"/parameters/{name}"
                )
            elif param.get("in") != "formData":
                params[name] = self.parameter(param, f"/parameters/{name}")
            else:
                self.warn(
                    f"/parameters/{name}", "shared formData parameters are inlined where used"
                )
        if params:
            components["parameters"] = params
        if bodies:
            components["requestBodies"] = bodies
        if "responses" in src:
            components["responses"] = {
                k: self.response(v, src.get("produces")) for k, v in src["responses"].items()
            }
        schemes = self.security_schemes()
        if schemes:
            components["securitySchemes"] = schemes
        if components:
            out["components"] = components
        for key in ("security", "tags", "externalDocs"):
            if key in src:
                out[key] = copy.deepcopy(src[key])
        out["paths"] = {
            path: item if str(path).startswith("x-") else self.path_item(path, item)
            for path, item in (src.get("paths") or {}).items()
        }
        out.update({k: v for k, v in src.items() if k.startswith("x-")})
        return out

    def servers(self) -> list[dict[str, Any]]:
        host = self.src.get("host")
        base = self.src.get("basePath", "") or ""
        if not host:
            return [{"url": base or "/"}]
        schemes = self.src.get("schemes") or ["https"]
        ordered = sorted(schemes, key=lambda s: s != "https")
        return [{"url": f"{scheme}://{host}{base}"} for scheme in ordered]

    def security_schemes(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, scheme in (self.src.get("securityDefinitions") or {}).items():
            kind = scheme.get("type")
            if kind == "basic":
                result[name] = {"type": "http", "scheme": "basic"}
            elif kind == "apiKey":
                result[name] = {
                    "type": "apiKey",
                    "in": scheme.get("in"),
                    "name": scheme.get("name"),
                }
            elif kind == "oauth2":
                flow = {"implicit": "implicit", "password": "password", "application": "clientCredentials",
                        "accessCode": "authorizationCode"}.get(scheme.get("flow", ""), "clientCredentials")  # fmt: skip
                body: dict[str, Any] = {"scopes": scheme.get("scopes") or {}}
                if "authorizationUrl" in scheme:
                    body["authorizationUrl"] = scheme["authorizationUrl"]
                if "tokenUrl" in scheme:
                    body["tokenUrl"] = scheme["tokenUrl"]
                result[name] = {"type": "oauth2", "flows": {flow: body}}
            else:
                self.warn(
                    f"/securityDefinitions/{name}", f"unknown security type {kind!r} left out"
                )
                continue
            if "description" in scheme:
                result[name]["description"] = scheme["description"]
        return result

    def schema(self, node: Any) -> Any:
        """A copy of a Swagger schema as an OpenAPI 3.0 schema."""
        if isinstance(node, list):
            return [self.schema(v) for v in node]
        if not isinstance(node, dict):
            return node
        result: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                result[key] = self.ref(value)
            elif key == "x-nullable":
                result["nullable"] = value
            elif key == "type" and value == "file":
                result.update(type="string", format="binary")
            elif key == "discriminator" and isinstance(value, str):
                result[key] = {"propertyName": value}
            elif key in ("properties", "definitions", "patternProperties"):
                result[key] = (
                    {k: self.schema(v) for k, v in value.items()}
                    if isinstance(value, dict)
                    else value
                )
            elif key == "example":
                result[key] = copy.deepcopy(value)
            else:
                result[key] = self.schema(value)
        return result

    def ref(self, ref: str) -> str:
        for old, new in _REF_PREFIXES.items():
            if ref.startswith(old):
                name = ref[len(old) :]
                if old == "#/parameters/" and name in self.body_params:
                    return "#/components/requestBodies/" + name
                return new + name
        return ref

    def parameter(self, param: dict[str, Any], pointer: str) -> dict[str, Any]:
        if "$ref" in param:
            return {"$ref": self.ref(param["$ref"])}
        result = {
            k: v
            for k, v in param.items()
            if k in ("name", "in", "description", "required") or k.startswith("x-")
        }
        schema = {k: self.schema(param[k]) for k in _PARAM_SCHEMA_KEYS if k in param}
        result["schema"] = schema
        fmt = param.get("collectionFormat")
        if fmt is None and param.get("type") == "array":
            fmt = "csv"  # Swagger 2.0's default, where OpenAPI 3's is form, exploded
        if fmt:
            if fmt in _COLLECTION and param.get("in") in ("query", "formData") or fmt == "csv":
                style, explode = _COLLECTION.get(fmt, ("simple", False))
                if param.get("in") in ("path", "header"):
                    style = "simple"
                result["style"], result["explode"] = style, explode
            else:
                self.warn(
                    pointer,
                    f"collectionFormat {fmt!r} has no OpenAPI 3 equivalent here; sent as csv",
                )
        if param.get("allowEmptyValue"):
            result["allowEmptyValue"] = True
        return result

    def request_body(
        self, params: list[dict[str, Any]], consumes: Any, pointer: str
    ) -> dict[str, Any]:
        body = params[0]
        media = list(consumes or self.src.get("consumes") or ["application/json"])
        result: dict[str, Any] = {
            "content": {m: {"schema": self.schema(body.get("schema", {}))} for m in media},
            "required": body.get("required", False),
        }
        if "description" in body:
            result["description"] = body["description"]
        return result

    def form_body(self, params: list[dict[str, Any]], consumes: Any) -> dict[str, Any]:
        has_file = any(p.get("type") == "file" for p in params)
        media = [m for m in (consumes or self.src.get("consumes") or []) if "form" in m]
        if not media:
            media = ["multipart/form-data" if has_file else "application/x-www-form-urlencoded"]
        properties = {}
        for p in params:
            prop = {k: self.schema(p[k]) for k in _PARAM_SCHEMA_KEYS if k in p}
            if p.get("type") == "file":
                prop = {"type": "string", "format": "binary"}
            if "description" in p:
                prop["description"] = p["description"]
            properties[p["name"]] = prop
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        required = [p["name"] for p in params if p.get("required")]
        if required:
            schema["required"] = required
        return {"content": {m: {"schema": schema} for m in media}, "required": bool(required)}

    def response(self, response: dict[str, Any], produces: Any) -> dict[str, Any]:
        if "$ref" in response:
            return {"$ref": self.ref(response["$ref"])}
        result: dict[str, Any] = {"description": response.get("description", "")}
        examples = response.get("examples") or {}
        if "schema" in response or examples:
            media = list(produces or self.src.get("produces") or ["application/json"])
            if "schema" not in response:  # only the examples tell what the body is
                media = []
            media += [m for m in examples if m not in media]  # an example names its type
            content: dict[str, Any] = {m: {} for m in media}
            if "schema" in response:
                for entry in content.values():
                    entry["schema"] = self.schema(response["schema"])
            for media_type, example in examples.items():
                content[media_type]["example"] = copy.deepcopy(example)
            result["content"] = content
        if "headers" in response:
            result["headers"] = {
                name: {
                    "description": h.get("description", ""),
                    "schema": {k: self.schema(h[k]) for k in _PARAM_SCHEMA_KEYS if k in h},
                }
                for name, h in response["headers"].items()
            }
        return result

    def path_item(self, path: str, item: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        shared = item.get("parameters") or []
        if shared:
            result["parameters"] = [
                self.parameter(p, pointer_join("/paths", path, "parameters", i))
                for i, p in enumerate(shared)
                if self.resolve_param(p).get("in") not in ("body", "formData")
            ]
        for method in _METHODS:
            if method in item:
                result[method] = self.operation(
                    item[method], shared, pointer_join("/paths", path, method)
                )
        return result

    def resolve_param(self, param: dict[str, Any]) -> dict[str, Any]:
        ref = param.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/parameters/"):
            found = (self.src.get("parameters") or {}).get(ref.split("/")[-1])
            return found if isinstance(found, dict) else {}
        return param

    def operation(
        self, op: dict[str, Any], shared: list[dict[str, Any]], pointer: str
    ) -> dict[str, Any]:
        result = {
            k: copy.deepcopy(v)
            for k, v in op.items()
            if k not in ("parameters", "responses", "consumes", "produces", "schemes")
        }
        params = [*shared, *(op.get("parameters") or [])]
        plain, form, body_ref, body = [], [], None, None
        for i, param in enumerate(op.get("parameters") or []):
            resolved = self.resolve_param(param)
            where = resolved.get("in")
            if where == "body":
                body_ref = param.get("$ref") if "$ref" in param else None
                body = resolved
            elif where == "formData":
                form.append(resolved)
            else:
                plain.append(self.parameter(param, pointer_join(pointer, "parameters", i)))
        form += [
            self.resolve_param(p) for p in shared if self.resolve_param(p).get("in") == "formData"
        ]
        del params
        if body is None:  # a body declared for the whole path, when the operation has none
            for param in shared:
                if self.resolve_param(param).get("in") == "body":
                    body_ref = param.get("$ref") if "$ref" in param else None
                    body = self.resolve_param(param)
        if plain:
            result["parameters"] = plain
        if body_ref:
            result["requestBody"] = {"$ref": self.ref(body_ref)}
        elif body is not None:
            result["requestBody"] = self.request_body([body], op.get("consumes"), pointer)
        elif form:
            result["requestBody"] = self.form_body(form, op.get("consumes"))
        result["responses"] = {
            str(code): (
                copy.deepcopy(resp)
                if str(code).startswith("x-")
                else self.response(resp, op.get("produces"))
            )
            for code, resp in (op.get("responses") or {}).items()
        }
        return result


def convert(doc: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """(the OpenAPI 3.0 document, warnings for what could not be mapped)."""
    converter = _Converter(doc)
    return converter.run(), converter.warnings
