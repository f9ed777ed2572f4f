"""Warnings about keywords a client honours in part: `nullable` outside OpenAPI 3.0, deprecated
security schemes, `itemSchema`s not streamed, additional operations whose method is not upper
case, request bodies that declare no media type.

Each warning is "pointer: message", positioned by the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import pointer_join
from ..spec.refs import resolve_pointer
from ..spec.validate import ADDITIONAL_OPERATIONS, iter_operations
from .operations import SEQUENCE_MEDIA

__all__ = ["spec_notices"]

# Schema keywords whose value maps names to schemas: a property may be called "nullable".
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def spec_notices(data: dict[str, Any], version: str) -> list[str]:
    """The warnings of a (converted) document, in document order."""
    found: list[str] = []
    if version in ("3.1", "3.2"):
        found += [
            f"{at}: `nullable` is an OpenAPI 3.0 keyword, not part of {version}'s JSON Schema;"
            " leadgen reads it as 3.0 does (the value may also be null): write"
            " `type: [..., 'null']` instead"
            for at in _nullable_keywords(data)
        ]
    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    for name, scheme in schemes.items() if isinstance(schemes, dict) else ():
        if isinstance(scheme, dict) and scheme.get("deprecated") is True:
            found.append(
                f"{pointer_join('/components/securitySchemes', name, 'deprecated')}: security"
                f" scheme {name!r} is deprecated: the client still sends it when configured,"
                " and its argument's documentation says it is deprecated"
            )
    found += [
        f"{at}: `itemSchema` is read for the 2xx responses of {', '.join(sorted(SEQUENCE_MEDIA))}"
        " only: here the body is typed from `schema` (or left untyped) and read whole"
        for at in _unread_item_schemas(data)
    ]
    found += [
        f"{at}: request body declares no media type: the operation is generated without a"
        " body (declare one under `content` to send it)"
        for at in _empty_request_contents(data)
    ]
    for path, item in (data.get("paths") or {}).items():
        others = item.get(ADDITIONAL_OPERATIONS) if isinstance(item, dict) else None
        for method in others if isinstance(others, dict) else ():
            if str(method) != str(method).upper():
                found.append(
                    f"{pointer_join('/paths', path, ADDITIONAL_OPERATIONS, method)}: method"
                    f" {method!r} is sent upper case, as {str(method).upper()!r}"
                )
    return found


def _empty_request_contents(data: dict[str, Any]) -> Iterator[str]:
    """Pointers of the empty `content` maps of request bodies (a shared one once)."""
    seen: set[str] = set()
    for at, _method, _path, op in iter_operations(data):
        where, body = pointer_join(at, "requestBody"), op.get("requestBody")
        ref = body.get("$ref") if isinstance(body, dict) else None
        if isinstance(ref, str) and ref.startswith("#/"):
            try:
                where, body = ref[1:], resolve_pointer(data, ref)
            except KeyError:
                continue
        content = body.get("content") if isinstance(body, dict) else None
        if content == {} and where not in seen:
            seen.add(where)
            yield pointer_join(where, "content")


def _unread_item_schemas(data: dict[str, Any]) -> Iterator[str]:
    """Pointers of the `itemSchema`s that the client does not stream: on request bodies, other
    responses than 2xx, and media types that are not sequences."""
    for at, _method, _path, op in iter_operations(data):
        places = [(pointer_join(at, "requestBody"), op.get("requestBody"), False)]
        responses = op.get("responses")
        for status, response in responses.items() if isinstance(responses, dict) else ():
            places.append((pointer_join(at, "responses", status), response, str(status)[0] == "2"))
        for where, node, streamed in places:
            content = node.get("content") if isinstance(node, dict) else None
            for media, media_node in content.items() if isinstance(content, dict) else ():
                has_items = isinstance(media_node, dict) and "itemSchema" in media_node
                if has_items and not (streamed and media in SEQUENCE_MEDIA):
                    yield pointer_join(where, "content", media, "itemSchema")


def _nullable_keywords(data: dict[str, Any]) -> Iterator[str]:
    """Pointers of every `nullable` keyword of a schema."""
    stack: list[tuple[str, Any, bool]] = [("", data, False)]
    while stack:
        where, node, is_map = stack.pop()
        if isinstance(node, list):
            stack.extend((pointer_join(where, i), v, False) for i, v in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        if is_map:
            stack.extend((pointer_join(where, k), v, False) for k, v in node.items())
            continue
        if "nullable" in node and _is_schema(where):
            yield pointer_join(where, "nullable")
        for key, value in reversed(list(node.items())):
            if isinstance(value, (dict, list)) and key not in ("example", "examples", "default"):
                stack.append((pointer_join(where, key), value, key in _SCHEMA_MAPS))


def _is_schema(pointer: str) -> bool:
    parts = pointer.split("/")
    if len(parts) >= 4 and parts[1] == "components" and parts[2] == "schemas":
        return True
    return "schema" in parts[1:] or "itemSchema" in parts[1:]
