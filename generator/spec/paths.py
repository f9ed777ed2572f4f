"""Whether a spec path is one leadgen reads: a local file, not a URL or a folder (kept apart
from the loader, whose YAML library the commands need only once a spec is read)."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Diagnostic, LeadgenError

__all__ = ["check_spec_path", "refusal"]

_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+):/")


def refusal(name: str, message: str, hint: str = "") -> LeadgenError:
    return LeadgenError([Diagnostic(name, None, None, "", message, hint)])


def check_spec_path(path: str | Path, display: str | None = None) -> Path:
    """`path` as a Path, once it is known not to be a URL or a folder.

    Give the text as typed where there is one: pathlib turns `https://host/x` into
    `https:/host/x`, which is only recognised when no such file exists.
    """
    text = str(path)
    name = display or text
    url = _URL.match(text)
    if url and ("://" in text or not Path(text).exists()):
        if url["scheme"].lower() == "file":
            raise refusal(name, "leadgen reads local files only", "give the file's path instead")
        example = text if "://" in text else "URL"
        raise refusal(
            name,
            "leadgen reads local files only",
            f"download the spec first, e.g. curl -o openapi.yaml {example}",
        )
    if "://" in text:
        raise refusal(name, "leadgen reads local files only", "download the spec first")
    local = Path(text)
    if local.is_dir():
        raise refusal(name, "is a folder", "give a spec file: .yaml, .yml or .json")
    return local
