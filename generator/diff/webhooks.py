"""Webhooks and callbacks of two specs: added, removed, and payloads read differently.

A payload is what a receiver reads, as a client reads a response: its schema is compared in
the response direction (a wider payload breaks parsers, a narrower one does not), and changes
of the shared schemas it reaches are reported with the webhook among their sites.
"""

from __future__ import annotations

from ..errors import pointer_join
from ..model.ir import Api, Webhook
from .findings import Change, change
from .operations import OperationComparer
from .types import Collected, Site, TypeComparer

__all__ = ["compare_webhooks"]


def _key(hook: Webhook) -> tuple[str, ...]:
    if hook.kind == "webhook":
        return ("webhook", hook.name, hook.method)
    return ("callback", hook.operation_id, hook.name, hook.expression, hook.method)


def label(hook: Webhook) -> str:
    """`webhook newPet (POST)`, `callback onEvent of subscribe (POST)`."""
    if hook.kind == "webhook":
        return f"webhook {hook.name} ({hook.method})"
    return f"callback {hook.name} of {hook.operation_id} ({hook.method})"


def _schema_at(hook: Webhook) -> str | None:
    body = hook.body
    return (
        None if body is None else pointer_join(body.pointer, "content", body.media_type, "schema")
    )


def compare_webhooks(
    old: Api, new: Api, package: str, types: TypeComparer, comparer: OperationComparer
) -> list[tuple[Change, str]]:
    """(change, the webhook's label) for every difference between the webhooks of OLD and NEW."""
    olds = {_key(h): h for h in old.webhooks}
    news = {_key(h): h for h in new.webhooks}
    found: list[tuple[Change, str]] = []
    for key in sorted(olds.keys() | news.keys()):
        a, b = olds.get(key), news.get(key)
        hook = b or a
        assert hook is not None
        symbol = f"{package}.webhooks.{hook.py_name}"
        text = label(hook)
        if a is None:
            found.append(
                (change("webhook-added", None, hook.pointer, (symbol,), webhook=text), text)
            )
        elif b is None:
            found.append(
                (change("webhook-removed", a.pointer, None, (symbol,), webhook=text), text)
            )
        elif a.body is not None and b.body is not None:
            out = Collected()
            site = Site(f"{text} payload", _schema_at(a), _schema_at(b), (symbol,))
            types.compare(a.body.type, b.body.type, "response", site, out)
            found += [(c, text) for c in out.changes]
            for pair, vias in comparer.reached(out).items():
                found += [(c, text) for c in comparer.pair_changes(pair, vias | {symbol})]
    return found
