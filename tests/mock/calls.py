"""Valid calls for any operation of a spec, made from its examples (or synthesised values)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from leadgen.errors import pointer_join
from leadgen.mock.app import MockApp
from leadgen.model.ir import Operation

__all__ = ["Call", "valid_call"]

TOKEN = {"Authorization": "Bearer test-token"}


@dataclass
class Call:
    method: str
    path: str
    body: Any = None
    headers: dict[str, str] = field(default_factory=lambda: dict(TOKEN))


def valid_call(app: MockApp, op: Operation) -> Call:
    """A request the spec documents as valid: its examples, else synthesised values."""
    path = op.path
    for param in op.parameters:
        if param.location != "path":
            continue
        if param.examples:
            value = param.examples[0].value
        else:
            value = app.synth.value(pointer_join(app.book.follow(param.pointer), "schema"))
        path = path.replace("{" + param.wire_name + "}", quote(str(value), safe=""))
    body = None
    if op.body is not None:
        body = (
            op.body.examples[0].value
            if op.body.examples
            else app.synth.value(
                pointer_join(
                    app.book.follow(op.body.pointer), "content", op.body.media_type, "schema"
                )
            )
        )
    return Call(op.method, path, body)
