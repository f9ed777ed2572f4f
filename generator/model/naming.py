"""Python names from any spec text: one path, sanitize -> case -> avoid reserved -> dedupe.

Names are deterministic: the same inputs give the same names, and a `Namer`
never hands out two equal names in one scope. The wire name is kept
elsewhere (the IR), so renaming never changes what is sent.
"""

from __future__ import annotations

import hashlib
import keyword
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["Namer", "class_name", "kebab", "snake_name", "words"]

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b|_)|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_]+", re.UNICODE)

# Names every generated module may use at module level, and the runtime's own API.
RESERVED_CLASS_NAMES = frozenset(
    {
        "Any", "ClassVar", "Literal", "Mapping", "Sequence", "TYPE_CHECKING", "Union",
        "Model", "Field", "Unset", "UNSET", "Client", "AsyncClient", "APIResponse",
        "Str", "Int", "Float", "Bool", "DateTime", "Date", "Uuid", "Binary", "AnyT", "Lit",
        "Arr", "Map", "Nullable", "Ref", "Param", "Body", "Operation", "SecurityScheme",
        "I", "O", "APIError", "APIStatusError", "APIConnectionError", "APITimeoutError",
        "RequestValidationError", "ResponseValidationError", "BadRequestError",
        "AuthenticationError", "PermissionDeniedError", "NotFoundError", "ConflictError",
        "UnprocessableEntityError", "RateLimitError", "InternalServerError",
        "TypeAlias", "AsyncAPIClient", "SyncAPIClient", "ValidationProblem",
        "WebhookHeaderError", "WebhookSecret", "WebhookSignatureError", "WebhookTimestampError",
        "WebhookVerificationError",
    }
)  # fmt: skip
# Lower-case names used inside generated classes and functions.
RESERVED_MEMBER_NAMES = frozenset(
    {
        "self", "cls", "datetime", "date", "uuid", "dataclasses", "typing", "httpx", "json",
        "to_dict", "from_dict", "additional_properties", "extra_headers", "timeout",
        "with_raw_response", "request", "close", "aclose", "body", "l", "cast", "builtins",
        "validation_problems",
    }
)  # fmt: skip


def words(text: str) -> list[str]:
    """Split any text into words: camelCase, snake_case, kebab-case, spaces, unicode."""
    text = unicodedata.normalize("NFKC", str(text))
    return _WORD.findall(text)


def snake_name(text: str) -> str:
    """`platformId` -> `platform_id`; never empty, never a keyword, never a leading digit."""
    name = "_".join(w.lower() for w in words(text))
    return _fix(name, "field")


def kebab(text: str) -> str:
    """`platformIds` -> `platform-ids`; "" when `text` has no word characters."""
    return "-".join(w.lower() for w in words(text))


def class_name(text: str) -> str:
    """`lead-stage` -> `LeadStage`; never empty, never starts with a digit."""
    name = "".join(w[:1].upper() + w[1:] for w in words(text))
    return _fix(name, "Model")


MAX_NAME_BYTES = 120  # a module file name (with .py, suffixes) stays far below 255 bytes


def _short(name: str) -> str:
    """`name`, or when longer than MAX_NAME_BYTES in UTF-8 its start and a hash of the whole."""
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    head = name.encode("utf-8")[: MAX_NAME_BYTES - 11].decode("utf-8", "ignore").rstrip("_")
    return f"{head}_{digest}"


def _fix(name: str, fallback: str) -> str:
    name = _short(name)
    if not name:
        return fallback
    if name[0].isdigit():
        name = ("n" if fallback == "field" else "N") + name
    if not name.isidentifier():
        name = "".join(c if ("_" + c).isidentifier() else "_" for c in name)
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


class Namer:
    """Hands out unique names in one scope; `reserved` names are never handed out."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self.taken: set[str] = set(reserved)
        self._folded: set[str] = {n.lower() for n in self.taken}

    def free(self, name: str, *, fold_case: bool = False) -> bool:
        """Whether `claim(name)` would hand out `name` itself."""
        return name not in self.taken and not (fold_case and name.lower() in self._folded)

    def claim(self, base: str, *, fold_case: bool = False) -> str:
        """`base`, or `base2`, `base3`... if taken (case-insensitively when `fold_case`)."""
        name, n = base, 1
        while name in self.taken or (fold_case and name.lower() in self._folded):
            n += 1
            name = f"{base}_{n}" if base[-1:].isdigit() or base.islower() else f"{base}{n}"
        self.taken.add(name)
        self._folded.add(name.lower())
        return name
