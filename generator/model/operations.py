"""Operations: parameters, request bodies, responses and method names, per resource."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl

from ..errors import Problem, pointer_join
from ..spec.validate import ADDITIONAL_OPERATIONS, iter_operations
from .cli_names import command_words
from .ir import (
    Example,
    ModelDef,
    ModelRef,
    Nullable,
    Operation,
    Parameter,
    Primitive,
    RequestBody,
    Resource,
    Response,
    TypeExpr,
    UnionType,
)
from .naming import RESERVED_MEMBER_NAMES, Namer, class_name, snake_name, words
from .schemas import SchemaBuilder, UnsupportedSchema
from .xml_names import is_xml_media, root_name

__all__ = [
    "UNSUPPORTED_HINT",
    "OperationBuilder",
    "accept_header",
    "fill_server_url",
    "flatten_body",
    "returned_type",
    "split_path_key",
]

_VERSION_SEGMENT = re.compile(r"^(api|v\d+(\.\d+)*)$", re.IGNORECASE)
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "QUERY"})
CLIENT_MEMBERS = frozenset(
    {
        "close", "aclose", "base_url", "with_raw_response", "with_streaming_response",
        "request", "max_retries",
        "retry_non_idempotent", "timeout", "http_client", "default_headers",
        "strict_responses", "idempotency_keys",
    }
)  # fmt: skip
UNSUPPORTED_HINT = "not generated; simplify the schema or open an issue"
# A header the client fills with a fresh UUID when the caller leaves it out.
IDEMPOTENCY_HEADER = "idempotency-key"
_IDEMPOTENCY_NOTE = "Left out, the client sends a fresh UUID (the same on every retry)."


def _is_json(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _raw_body(media_type: str) -> Primitive:
    """A response body that is not JSON: text for text/*, bytes for anything else."""
    base = media_type.split(";")[0].strip().lower()
    return Primitive("str") if base.startswith("text/") else Primitive("binary")


# Media types whose body is a sequence of items (OpenAPI 3.2 `itemSchema`), read as streamed.
SEQUENCE_MEDIA = frozenset(
    {"text/event-stream", "application/jsonl", "application/x-ndjson", "application/json-seq"}
)


def _sequence_media(content: dict[str, Any]) -> str | None:
    """The first sequential media type that declares an `itemSchema`."""
    return next(
        (
            m
            for m, node in content.items()
            if m in SEQUENCE_MEDIA and isinstance(node, dict) and "itemSchema" in node
        ),
        None,
    )


def accept_header(responses: tuple[Response, ...]) -> str | None:
    """The Accept header of an operation whose 2xx bodies are not all JSON (None: JSON only)."""
    types = []
    for response in responses:
        if response.status.startswith("2") and response.media_type:
            base = response.media_type.split(";")[0].strip()
            types.append("application/json" if _is_json(base) else base)
    if not types or all(t == "application/json" for t in types):
        return None
    return ", ".join(dict.fromkeys(types))


def returned_type(op: Operation) -> TypeExpr | None:
    """What a call may return: the union of the 2xx bodies (None among them when one of them
    has no content), or the default response's body when no 2xx is declared."""
    success = [r for r in op.responses if r.status.startswith("2")]
    if not success:
        return op.success.type if op.success else None
    types = [r.type for r in success if r.type is not None]
    if not types:
        return None
    unique = tuple(dict.fromkeys(types))
    one = unique[0] if len(unique) == 1 else UnionType(unique)
    return Nullable(one) if len(types) < len(success) else one


_REQUEST_MEDIA_PREFERENCE = (
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/octet-stream",
    "text/plain",
)


def _pick_request_media(content: dict[str, Any]) -> str | None:
    """JSON first, then forms, then XML, then raw bytes or text, then whatever is declared."""
    media = next((m for m in content if _is_json(m)), None)
    for wanted in _REQUEST_MEDIA_PREFERENCE:
        if wanted == "application/octet-stream":
            media = media or next((m for m in content if is_xml_media(m)), None)
        media = media or next((m for m in content if m.split(";")[0].strip() == wanted), None)
    return media or (min(content) if content else None)


def _typed_response_media(content: dict[str, Any]) -> str | None:
    """The media type a response is parsed from: JSON, else XML (by its schema)."""
    json_media = next((m for m in content if _is_json(m)), None)
    return json_media or next(
        (m for m, node in content.items() if is_xml_media(m) and _has_schema(node)), None
    )


def _has_schema(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("schema"), dict)


def _examples(node: dict[str, Any]) -> tuple[Example, ...]:
    found = []
    if "example" in node:
        found.append(Example("example", node["example"]))
    for name, example in (node.get("examples") or {}).items():
        if isinstance(example, dict) and "value" in example:
            found.append(Example(str(name), example["value"], str(example.get("summary", ""))))
    return tuple(found)


def _extensions(node: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, v) for k, v in node.items() if k.startswith("x-")))


def split_path_key(key: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A Paths key as (path template, fixed query pairs): `/items?kind=a` -> `/items`, kind=a."""
    path, _, query = key.partition("?")
    return path, tuple(parse_qsl(query, keep_blank_values=True))


def fill_server_url(server: dict[str, Any]) -> str:
    """A Server Object's URL with each variable at its default."""
    url = str(server.get("url", ""))
    for name, variable in (server.get("variables") or {}).items():
        if isinstance(variable, dict):
            url = url.replace("{" + str(name) + "}", str(variable.get("default", "")))
    return url


def _query_parameter_in_key(pointer: str) -> Problem:
    return Problem(
        pointer.rsplit("/", 1)[0],
        "the query part of a path key may not hold a {parameter}",
        "declare it as a query parameter and leave it out of the key",
    )


def _status_key(status: str) -> tuple[int, str]:
    if status == "default":
        return (999, status)
    return (
        int(status[0]) * 100 if not (status.isascii() and status.isdigit()) else int(status),
        status,
    )


class OperationBuilder:
    """Builds every operation of a document and groups them into resources."""

    def __init__(self, data: dict[str, Any], schemas: SchemaBuilder) -> None:
        self.data = data
        self.schemas = schemas
        self.global_security = data.get("security")
        self.errors: list[Problem] = []

    def resources(self) -> list[Resource]:
        by_tag: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = defaultdict(list)
        for pointer, method, path, operation in iter_operations(self.data):
            tags = operation.get("tags") or [self._tag_from_path(path)]
            by_tag[str(tags[0])].append((pointer, method, path, operation))
        descriptions = {
            str(t.get("name")): str(t.get("description", ""))
            for t in self.data.get("tags") or []
            if isinstance(t, dict)
        }
        attr_names = Namer(RESERVED_MEMBER_NAMES | CLIENT_MEMBERS)
        module_names = Namer({"__init__"})
        resources = []
        for tag in sorted(by_tag, key=lambda t: (snake_name(t), t)):
            py_name = attr_names.claim(snake_name(tag))
            operations = self._operations(tag, py_name, by_tag[tag])
            resources.append(
                Resource(
                    tag=tag,
                    py_name=py_name,
                    class_name=self._resource_class(tag),
                    module=module_names.claim(py_name, fold_case=True),
                    description=descriptions.get(tag, ""),
                    operations=tuple(operations),
                )
            )
        return self._nested(resources)

    def _nested(self, resources: list[Resource]) -> list[Resource]:
        """Each resource with the resources of the tags whose `parent` is its tag (OpenAPI 3.2);
        a child whose name is one of the parent's methods is reached from the client only."""
        parents = {
            str(t.get("name")): str(t["parent"])
            for t in self.data.get("tags") or []
            if isinstance(t, dict) and isinstance(t.get("parent"), str)
        }
        result = []
        for resource in resources:
            taken = {op.py_name for op in resource.operations} | {"with_raw_response"}
            children = tuple(
                (child.py_name, child.module, child.class_name)
                for child in resources
                if parents.get(child.tag) == resource.tag and child.py_name not in taken
            )
            result.append(replace(resource, children=children) if children else resource)
        return result

    def _resource_class(self, tag: str) -> str:
        """`<Tag>Resource`, its `Async` and `WithRawResponse` twins all free of model names too
        (a resource module imports the models its methods use)."""
        names, base, n = self.schemas.class_names, class_name(tag) + "Resource", 1
        while True:
            name = base if n == 1 else f"{base}{n}"
            group = (
                name,
                "Async" + name,
                name + "WithRawResponse",
                "Async" + name + "WithRawResponse",
                name + "WithStreamingResponse",
                "Async" + name + "WithStreamingResponse",
            )
            if all(names.free(g, fold_case=True) for g in group):
                for g in group:
                    names.claim(g, fold_case=True)
                return name
            n += 1

    @staticmethod
    def _tag_from_path(path: str) -> str:
        """An untagged operation's resource: its first path segment past `api` and versions."""
        for segment in split_path_key(path)[0].strip("/").split("/"):
            if segment and not segment.startswith("{") and not _VERSION_SEGMENT.match(segment):
                return segment
        return "default"

    def _method_names(self, tag: str, ops: list[tuple[str, str, str, dict[str, Any]]]) -> list[str]:
        """snake(operationId) with the tag's words dropped, where that stays unique."""
        tag_words = set()
        for w in words(tag):
            w = w.lower()
            tag_words |= {w, w.removesuffix("s"), w[:-3] + "y" if w.endswith("ies") else w}
        full = [snake_name(self._operation_id(m, p, o)) for _, m, p, o in ops]
        short = []
        for name in full:
            kept = [w for w in name.split("_") if w not in tag_words]
            short.append("_".join(kept))
        names = []
        for name, stripped in zip(full, short):
            unique = stripped and short.count(stripped) == 1 and stripped not in full[:0]
            names.append(snake_name(stripped) if unique else name)
        return names

    @staticmethod
    def _operation_id(method: str, path: str, operation: dict[str, Any]) -> str:
        op_id = operation.get("operationId")
        if isinstance(op_id, str) and op_id:
            return op_id
        return method + "_" + "_".join(s.strip("{}") for s in path.strip("/").split("/") if s)

    def _operations(
        self, tag: str, resource_py_name: str, ops: list[tuple[str, str, str, dict[str, Any]]]
    ) -> list[Operation]:
        namer = Namer(RESERVED_MEMBER_NAMES | {"with_raw_response", "with_streaming_response"})
        result = []
        for (pointer, method, path, operation), name in zip(ops, self._method_names(tag, ops)):
            py_name = namer.claim(name)
            if "{" in path.partition("?")[2]:
                in_key = _query_parameter_in_key(pointer)
                self.errors += [in_key] if in_key not in self.errors else []
                continue
            cli_words, problem = command_words(operation, pointer, resource_py_name, py_name)
            if problem is not None:
                self.errors.append(problem)
            try:
                built = self._operation(pointer, method, path, operation, tag, py_name)
            except UnsupportedSchema as exc:
                self.errors.append(Problem(exc.pointer, str(exc), UNSUPPORTED_HINT))
                continue
            result.append(replace(built, cli_words=cli_words))
        return result

    def _operation(
        self, pointer: str, method: str, path: str, op: dict[str, Any], tag: str, py_name: str
    ) -> Operation:
        hint = class_name(py_name if op.get("operationId") is None else op["operationId"])
        namer = Namer(RESERVED_MEMBER_NAMES)
        params = self._parameters(pointer, path, op, hint, namer)
        template, fixed_query = split_path_key(path)
        body = self.request_body(pointer, op, hint)
        security = op.get("security", self.global_security) or []
        idempotent = op.get("x-idempotent")
        return Operation(
            operation_id=self._operation_id(method, path, op),
            py_name=py_name,
            method=method.upper(),
            path=template,
            pointer=pointer,
            summary=str(op.get("summary", "")),
            description=str(op.get("description", "")),
            parameters=tuple(params),
            body=body,
            responses=tuple(self._responses(pointer, op, hint)),
            security=tuple(tuple(sorted(req)) for req in security if isinstance(req, dict)),
            deprecated=op.get("deprecated") is True,
            idempotent=(
                idempotent if isinstance(idempotent, bool) else method.upper() in IDEMPOTENT_METHODS
            ),
            tag=tag,
            extensions=_extensions(op),
            server=self._own_server(op, self.data["paths"][path]),
            query=fixed_query,
        )

    def _own_server(self, op: dict[str, Any], item: dict[str, Any]) -> str | None:
        """The first server of the operation's `servers`, else of its path item's, when it is
        not the document's first server (variables at their defaults)."""
        servers = op.get("servers") or item.get("servers")
        if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
            return None
        url = fill_server_url(servers[0]).strip()
        document = (self.data.get("servers") or [{}])[0]
        if isinstance(document, dict) and url == fill_server_url(document).strip():
            return None
        if "://" not in url and url.strip("/.") == "":
            return None  # `/` or `.`: the client's own server
        return url

    def _parameters(
        self, pointer: str, path: str, op: dict[str, Any], hint: str, namer: Namer
    ) -> list[Parameter]:
        item_pointer = pointer.rsplit("/", 1)[0]
        if item_pointer.endswith("/" + ADDITIONAL_OPERATIONS):
            item_pointer = item_pointer.rsplit("/", 1)[0]
        item = self.schemas.resolve(self.data["paths"][path])
        merged: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        for where, params in (
            (item_pointer, item.get("parameters")),
            (pointer, op.get("parameters")),
        ):
            for i, param in enumerate(params or []):
                at = pointer_join(where, "parameters", i)
                resolved = self.schemas.resolve(param)
                merged[(resolved["name"], resolved["in"])] = (at, resolved)
        order = {"path": 0, "query": 1, "querystring": 1, "header": 2, "cookie": 3}
        template = split_path_key(path)[0]
        path_order = [seg.strip("{}") for seg in template.split("/") if seg.startswith("{")]

        def sort_key(key: tuple[str, str]) -> tuple[int, int]:
            name, where = key
            rank = path_order.index(name) if where == "path" and name in path_order else 0
            return order.get(where, 9), rank

        result = []
        for key in sorted(merged, key=sort_key):
            at, param = merged[key]
            location = param["in"]
            if location == "header" and param["name"].lower() in (
                "accept",
                "content-type",
                "authorization",
            ):
                continue  # set by the client itself, as OpenAPI says
            schema = param.get("schema")
            schema_at = pointer_join(at, "schema")
            media = None
            if schema is None and isinstance(param.get("content"), dict) and param["content"]:
                media = min(param["content"])
                schema = param["content"][media].get("schema", {})
                schema_at = pointer_join(at, "content", media, "schema")
            description = str(param.get("description", ""))
            filled_in = location == "header" and param["name"].lower() == IDEMPOTENCY_HEADER
            if filled_in:
                description = f"{description} {_IDEMPOTENCY_NOTE}".strip()
            result.append(
                Parameter(
                    wire_name=param["name"],
                    py_name=namer.claim(snake_name(param["name"])),
                    location=location,
                    type=self.schemas.type_of(
                        schema or {}, schema_at, hint + class_name(param["name"])
                    ),
                    required=param.get("required") is True or location == "path",
                    filled_in=filled_in,
                    pointer=at,
                    description=description,
                    style=param.get("style"),
                    explode=param.get("explode"),
                    deprecated=param.get("deprecated") is True,
                    examples=_examples(param),
                    extensions=_extensions(param),
                    default=(schema or {}).get("default") if isinstance(schema, dict) else None,
                    has_default=isinstance(schema, dict) and "default" in schema,
                    media_type=media,
                )
            )
        return result

    def request_body(
        self, pointer: str, op: dict[str, Any], hint: str, suffix: str = "Request"
    ) -> RequestBody | None:
        """The request body of the operation `op` at `pointer` (None when it has none); an
        inline model of it is named `hint + suffix`."""
        if "requestBody" not in op:
            return None
        at = pointer_join(pointer, "requestBody")
        body = self.schemas.resolve(op["requestBody"])
        content = body.get("content") or {}
        media = _pick_request_media(content)
        if media is None:
            return None  # `content: {}`: sent without a body (a warning says so)
        media_node = content[media] or {}
        schema_at = pointer_join(at, "content", media, "schema")
        body_type = self.schemas.type_of(media_node.get("schema", {}), schema_at, hint + suffix)
        xml = None
        if is_xml_media(media) and not isinstance(body_type, ModelRef):
            xml = root_name(media_node.get("schema", {}), self.schemas.resolve, "body")
        return RequestBody(
            media_type=media,
            type=body_type,
            required=body.get("required") is True,
            pointer=at,
            description=str(body.get("description", "")),
            examples=tuple(
                e
                for e in _examples(media_node)
                if not (is_xml_media(media) and isinstance(e.value, str))
            ),
            xml=xml,
        )

    def _responses(self, pointer: str, op: dict[str, Any], hint: str) -> list[Response]:
        result = []
        responses = op.get("responses") or {}
        statuses = [s for s in responses if not str(s).startswith("x-")]  # extensions
        for status in sorted(statuses, key=lambda s: _status_key(str(s))):
            at = pointer_join(pointer, "responses", status)
            response = self.schemas.resolve(responses[status])
            content = response.get("content") or {}
            media = _typed_response_media(content)
            type_ = None
            examples: tuple[Example, ...] = ()
            if media is not None:
                node = content[media] or {}
                suffix = "Response" if str(status).startswith("2") else f"Response{status}"
                type_ = self.schemas.type_of(
                    node.get("schema", {}),
                    pointer_join(at, "content", media, "schema"),
                    hint + suffix,
                )
                examples = _examples(node)
                if is_xml_media(media):  # an XML document written out is no value of the schema
                    examples = tuple(e for e in examples if not isinstance(e.value, str))
            elif content:
                media = _sequence_media(content) or min(content)
                type_ = _raw_body(media)
            item_type = None
            node = content.get(media) if media is not None else None
            if isinstance(node, dict) and "itemSchema" in node and media in SEQUENCE_MEDIA:
                item_type = self.schemas.type_of(
                    node["itemSchema"],
                    pointer_join(at, "content", media, "itemSchema"),
                    hint + "Item",
                )
            result.append(
                Response(
                    status=str(status),
                    description=str(response.get("description", "")),
                    pointer=at,
                    media_type=media,
                    type=type_,
                    examples=examples,
                    item_type=item_type if str(status).startswith("2") else None,
                )
            )
        return result


def flatten_body(op: Operation, models: dict[str, ModelDef]) -> Operation:
    """Give an object body's properties to the method as keyword arguments.

    Read-only properties are left out (servers ignore them); names that clash
    with parameters get a suffix, while the wire names stay as they are.
    """
    body = op.body
    if body is None or not isinstance(body.type, ModelRef) or body.type.name not in models:
        return op
    model = models[body.type.name]
    if model.closed is False and model.extra is not None:
        return op  # typed extra keys cannot be keyword arguments
    namer = Namer(RESERVED_MEMBER_NAMES | {p.py_name for p in op.parameters})
    fields = tuple(
        replace(prop, py_name=namer.claim(prop.py_name), xml=None)
        for prop in model.properties
        if not prop.read_only
    )
    return replace(op, body=replace(body, fields=fields))
