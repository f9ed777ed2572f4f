"""Requests the API sends: the document's `webhooks` (3.1+) and the operations' `callbacks`.

Each of their operations becomes a `Webhook`: its payload typed like any request body (named
schemas by `$ref` stay the same model) and the name of the function of `<package>/webhooks.py`
that parses it: `parse_<operationId>` when the operation has one, else `parse_<webhook>` or
`parse_<operationId of the declaring operation>_<callback>` (the method added when a path item
has several). Path items and callbacks may be `$ref`s (components `pathItems`, `callbacks`).
"""

from __future__ import annotations

from typing import Any, Literal

from ..errors import pointer_join
from ..spec.refs import resolve_pointer
from ..spec.validate import ADDITIONAL_OPERATIONS, HTTP_METHODS
from .ir import Operation, Webhook
from .naming import Namer, class_name, snake_name
from .operations import OperationBuilder

__all__ = ["WEBHOOK_MODULE_NAMES", "build_webhooks"]

# What `<package>/webhooks.py` defines or imports besides the parse functions.
WEBHOOK_MODULE_NAMES = frozenset(
    {"annotations", "cast", "Mapping", "TYPE_CHECKING", "read_payload", "verify_webhook"}
)


def _follow(data: dict[str, Any], node: Any, at: str) -> tuple[Any, str]:
    """`node` and its pointer, past any local `$ref`s (a broken one reads as nothing)."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#") or ref in seen:
            return None, at
        seen.add(ref)
        try:
            node, at = resolve_pointer(data, ref), ref[1:]
        except KeyError:
            return None, at
    return node, at


def _entries(node: Any) -> list[tuple[str, Any]]:
    """(key, value) of a map, extensions left out."""
    if not isinstance(node, dict):
        return []
    return [(str(k), v) for k, v in node.items() if not str(k).startswith("x-")]


def _item_operations(
    data: dict[str, Any], item: Any, at: str
) -> list[tuple[str, str, dict[str, Any]]]:
    """(pointer, METHOD, operation) of a path item."""
    item, at = _follow(data, item, at)
    if not isinstance(item, dict):
        return []
    found = [
        (pointer_join(at, method), method.upper(), item[method])
        for method in HTTP_METHODS
        if isinstance(item.get(method), dict)
    ]
    for method, op in _entries(item.get(ADDITIONAL_OPERATIONS)):
        if isinstance(op, dict):
            found.append((pointer_join(at, ADDITIONAL_OPERATIONS, method), method.upper(), op))
    return found


class _Builder:
    def __init__(self, data: dict[str, Any], operations: OperationBuilder) -> None:
        self.data = data
        self.operations = operations
        self.names = Namer(WEBHOOK_MODULE_NAMES)
        self.found: list[Webhook] = []

    def add(
        self,
        kind: Literal["webhook", "callback"],
        name: str,
        base: str,
        ops: list[tuple[str, str, dict[str, Any]]],
        **source: str,
    ) -> None:
        for pointer, method, op in ops:
            own = op.get("operationId")
            suffix = f"_{method.lower()}" if len(ops) > 1 else ""
            name_base = own if isinstance(own, str) and own else base + suffix
            py_name = self.names.claim(snake_name(f"parse_{name_base}"))
            hint = class_name(name_base)
            self.found.append(
                Webhook(
                    kind=kind,
                    name=name,
                    py_name=py_name,
                    method=method,
                    pointer=pointer,
                    body=self.operations.request_body(pointer, op, hint, "Payload"),
                    summary=str(op.get("summary", "")),
                    description=str(op.get("description", "")),
                    deprecated=op.get("deprecated") is True,
                    **source,
                )
            )


def build_webhooks(
    data: dict[str, Any], operations: OperationBuilder, built: list[Operation]
) -> tuple[Webhook, ...]:
    """The webhooks of `data`, then the callbacks of the `built` operations, in document order.

    Raises UnsupportedSchema like the operations do, for a payload schema leadgen cannot type.
    """
    builder = _Builder(data, operations)
    for name, item in _entries(data.get("webhooks")):
        at = pointer_join("/webhooks", name)
        builder.add("webhook", name, name, _item_operations(data, item, at))
    for op in built:
        node = resolve_pointer(data, "#" + op.pointer)
        for name, callback in _entries(node.get("callbacks")):
            callback, at = _follow(data, callback, pointer_join(op.pointer, "callbacks", name))
            keys = _entries(callback)
            for key, item in keys:
                ops = _item_operations(data, item, pointer_join(at, key))
                base = f"{op.operation_id}_{name}" + (f"_{key}" if len(keys) > 1 else "")
                builder.add(
                    "callback",
                    name,
                    base,
                    ops,
                    operation_id=op.operation_id,
                    operation=op.pointer,
                    expression=key,
                )
    return tuple(builder.found)
