"""IR -> the view of `<package>/webhooks.py`: one parse function per webhook and callback."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.ir import Api, Primitive, Webhook
from .pytypes import Imports, annotation, descriptor

__all__ = ["ParserView", "WebhooksView", "webhooks_view"]


@dataclass(frozen=True, slots=True)
class ParserView:
    """One parse function: its payload's descriptor, media type and annotation."""

    hook: Webhook
    constant: str  # module-level name of the payload's descriptor
    descriptor: str  # its source ("None": the request has no body)
    media_type: str
    returns: str
    docstring: str


@dataclass(frozen=True, slots=True)
class WebhooksView:
    """What `package/webhooks.py.jinja` renders."""

    api: Api
    parsers: tuple[ParserView, ...]
    imports: Imports  # models (TYPE_CHECKING only) and stdlib modules the annotations use
    type_imports: tuple[str, ...]  # descriptors from `_types`
    typing_imports: tuple[str, ...]


def _returns(hook: Webhook) -> str:
    body = hook.body
    if body is None:
        return "None"
    if isinstance(body.type, Primitive) and body.type.kind == "binary":
        return "bytes"
    return annotation(body.type)


def _where(hook: Webhook) -> str:
    if hook.kind == "webhook":
        return f"Webhook {hook.name!r}: the API sends {hook.method} to the URL you registered."
    return (
        f"Callback {hook.name!r} of the operation {hook.operation_id!r}: the API sends\n"
        f"{hook.method} to {hook.expression}"
    )


def _docstring(hook: Webhook, returns: str) -> str:
    what = "body" if hook.body is None else "payload"
    lines = [hook.summary.strip() or f"Verify and parse the {what} of {hook.name!r}."]
    if hook.description.strip() and hook.description.strip() != hook.summary.strip():
        lines += ["", hook.description.strip()]
    if hook.deprecated:
        lines += ["", "Deprecated."]
    lines += ["", _where(hook)]
    lines += [
        "",
        "Args:",
        "    body: The request body as received, before any decoding.",
        "    headers: The request's headers, read to verify its signature (with secret).",
        "    secret: The signing secret (whsec_<base64>, or the key as bytes): the",
        "        Standard Webhooks signature is verified before the body is read.",
        "    tolerance: Seconds webhook-timestamp may be away from now.",
    ]
    if returns != "None":
        lines += ["", "Returns:", "    The payload, read strictly against its schema."]
    lines += ["", "Raises:"]
    lines += ["    WebhookVerificationError: with secret, the signature does not hold."]
    if returns != "None":
        lines += ["    ResponseValidationError: the payload does not match its schema."]
    return "\n".join(lines)


def webhooks_view(api: Api) -> WebhooksView:
    imports = Imports()
    parsers = []
    for hook in api.webhooks:
        returns = _returns(hook)
        if hook.body is not None:
            imports.add_annotation([hook.body.type])
            imports.add_descriptor([hook.body.type])
        parsers.append(
            ParserView(
                hook=hook,
                constant="_" + hook.py_name.upper(),
                descriptor=descriptor(hook.body.type) if hook.body is not None else "None",
                media_type=hook.body.media_type if hook.body is not None else "",
                returns=returns,
                docstring=_docstring(hook, returns),
            )
        )
    return WebhooksView(
        api=api,
        parsers=tuple(parsers),
        imports=imports,
        type_imports=tuple(sorted(imports.runtime, key=lambda n: (not n.isupper(), n))),
        typing_imports=tuple(
            sorted(
                imports.typing | ({"TYPE_CHECKING"} if imports.refs or imports.stdlib else set())
            )
        ),
    )
