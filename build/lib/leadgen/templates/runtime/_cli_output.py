"""What the command line prints: help text, results, API errors and verbose lines.

Help is wrapped to the terminal without breaking ``--flag-names``; a result is printed
as JSON or, with ``--output table``, as columns; an API error goes to stderr as JSON;
``--verbose`` adds each request line and response status. Credentials are masked by
the client's redaction. Deciding what to run is ``_cli``'s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import httpx

from ._base_client import SyncAPIClient
from ._types import AnyT

__all__: list[str] = []


# --- results as text -----------------------------------------------------------------


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict) and value:
        return [
            pair
            for key, item in value.items()
            for pair in _flatten(item, f"{prefix}.{key}" if prefix else str(key))
        ]
    return [(prefix, value)]


def _cell(value: Any) -> str:
    if isinstance(value, str):
        text = value
    elif value is None:
        text = ""
    else:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\n", "\\n")


def _table(data: Any) -> str:
    """Rows of objects as columns; one object as field/value lines."""
    if isinstance(data, list) and data and all(isinstance(r, dict) for r in data):
        rows = [dict(_flatten(r)) for r in data]
        header = list(dict.fromkeys(k for r in rows for k in r))
        body = [[_cell(r.get(k)) for k in header] for r in rows]
    elif isinstance(data, dict):
        header = ["field", "value"]
        body = [[k, _cell(v)] for k, v in _flatten(data)]
    elif isinstance(data, list):
        header, body = ["value"], [[_cell(v)] for v in data]
    else:
        return _cell(data)
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = [header, ["-" * w for w in widths], *body]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in lines
    )


def _json_text(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


# --- help ----------------------------------------------------------------------------


def _sentences(notes: list[str]) -> str:
    kept = [n.strip() for n in notes if n.strip()]
    return " ".join(n if n[-1] in ".!?)" else n + "." for n in kept)


def _escape(text: str) -> str:
    """argparse %-formats help strings."""
    return text.replace("%", "%%")


def _paragraphs(*parts: str) -> str:
    width = max(40, min(shutil.get_terminal_size().columns - 2, 100))
    kept = [" ".join(p.split()) for p in parts if p.strip()]
    text = "\n\n".join(textwrap.fill(p, width) for p in kept)
    return _escape(text) if "%(prog)" in text else text


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions kept as given; help wrapped without breaking ``--flag-names``."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def format_help(self) -> str:
        # Spec text may carry terminal control characters: never print them as they are.
        text = super().format_help()
        return "".join(c if c in "\n\t" or c.isprintable() else "?" for c in text)


# --- printing ------------------------------------------------------------------------


def _verbose_hooks(
    client: SyncAPIClient, hooks: dict[str, list[Callable[..., Any]]]
) -> dict[str, list[Callable[..., Any]]]:
    """httpx event hooks printing each request line (secrets masked) and status."""

    def on_request(request: httpx.Request) -> None:
        print(client._redact(f"> {request.method} {request.url}"), file=sys.stderr)

    def on_response(response: httpx.Response) -> None:
        status = f"< {response.status_code} {response.reason_phrase}".rstrip()
        print(status, file=sys.stderr)

    return {
        "request": [*hooks.get("request", []), on_request],
        "response": [*hooks.get("response", []), on_response],
    }


def _report(client: SyncAPIClient, response: httpx.Response, **about: str) -> None:
    """An API error on stderr as JSON: the status, ``about`` and the parsed body."""
    content = response.content
    body: Any
    try:
        body = json.loads(content) if content else None
    except (ValueError, RecursionError):
        body = content.decode("utf-8", errors="replace")
    report = {"status": response.status_code, **about, "body": body}
    print(client._redact(_json_text(report)), file=sys.stderr)


def _emit(result: Any, output: str) -> None:
    if result is None:
        return
    if isinstance(result, (bytes, bytearray)):
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(bytes(result).decode("utf-8", errors="replace"))
        else:
            sys.stdout.flush()
            buffer.write(result)
            buffer.flush()
        return
    data = AnyT().serialize(result)
    print(_table(data) if output == "table" else _json_text(data))
