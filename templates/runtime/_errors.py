"""Exceptions raised by the client.

    APIError
    ├── RequestValidationError   bad argument, raised before anything is sent
    ├── ResponseValidationError  the response body does not match the schema
    ├── APIConnectionError       no HTTP response (DNS, refused, reset, ...)
    │   └── APITimeoutError
    └── APIStatusError           non-2xx response
        ├── BadRequestError           400
        ├── AuthenticationError       401
        ├── PermissionDeniedError     403
        ├── NotFoundError             404
        ├── ConflictError             409
        ├── UnprocessableEntityError  422
        ├── RateLimitError            429
        └── InternalServerError       >= 500

Messages never contain request headers or credentials.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ResponseValidationError",
    "UnprocessableEntityError",
    "status_error_class",
]


class APIError(Exception):
    """Base class of every exception raised by this client."""


class RequestValidationError(APIError, ValueError):
    """A request argument violates the API schema; nothing was sent.

    ``path`` names the offending value, e.g. ``body.platformIds[3]``.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


class ResponseValidationError(APIError):
    """The response body does not match the schema.

    ``path`` is a JSON pointer into the body ("" is the root); ``response`` is the
    HTTP response when the error was raised by the client.
    """

    def __init__(
        self, path: str, message: str, *, response: httpx.Response | None = None
    ) -> None:
        super().__init__(f"{path or '/'}: {message}")
        self.path = path
        self.message = message
        self.response = response


class APIConnectionError(APIError):
    """The request failed without an HTTP response."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIStatusError(APIError):
    """The server answered with a non-2xx status.

    ``parsed`` is the error body parsed with the schema the API declares for the
    status (None when there is none or the body does not match it).
    """

    def __init__(
        self, message: str, *, response: httpx.Response, parsed: object | None = None
    ) -> None:
        super().__init__(message)
        self.response = response
        self.status_code: int = response.status_code
        self.headers: httpx.Headers = response.headers
        self.body: bytes = response.content
        self.parsed = parsed

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (invalid bytes replaced)."""
        return self.body.decode("utf-8", errors="replace")


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""


class InternalServerError(APIStatusError):
    """Any 5xx status."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    """The exception class raised for an HTTP status."""
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, APIStatusError)
