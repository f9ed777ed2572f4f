"""What the generated tests are made of: the views `templates/tests/` renders.

Every string field that ends up in the Python source is already source text (built by
`emit.literals`) or a name; the templates only loop over these.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.ir import Api, Operation, Resource

__all__ = [
    "ConftestView",
    "ErrorCase",
    "ModuleTestsView",
    "OperationTests",
    "Rejection",
    "RequestCase",
    "ResponseCase",
    "SuiteReadmeView",
    "SuiteView",
]


@dataclass(frozen=True, slots=True)
class RequestCase:
    """One call, and the request it must send."""

    id: str
    comment: str
    args: str  # source of the keyword-argument dict
    path: str
    query: str  # source of the sorted (name, value) pairs
    headers: str  # source of the expected header params (a dict), "" when the op has none
    body: str  # source of the expected JSON body (or text), "" when not compared


@dataclass(frozen=True, slots=True)
class ResponseCase:
    """A response example that must parse and serialise back."""

    id: str
    parser: str  # `models.X` or a runtime descriptor
    example: str


@dataclass(frozen=True, slots=True)
class ErrorCase:
    """A declared error status, and the exception and parsed body it must give."""

    id: str
    status: int
    exception: str
    parser: str  # `models.X`, a descriptor, or "None" (no content)
    body: str  # source, "None" for no content


@dataclass(frozen=True, slots=True)
class Rejection:
    """Arguments that break a rule, rejected before anything is sent."""

    id: str
    invalid: str  # source of the overriding keyword arguments
    path: str  # where RequestValidationError must point


@dataclass(frozen=True, slots=True)
class OperationTests:
    """Every test of one operation."""

    op: Operation
    name: str
    constant: str
    call: str
    method: str
    summary: str
    args: str  # source of a valid call's keyword arguments
    unbuildable: tuple[str, ...]  # why no valid request can be built (() when it can)
    requests: tuple[RequestCase, ...] = ()
    left_out: tuple[str, ...] = ()
    has_headers: bool = False
    auth_headers: tuple[tuple[str, str], ...] = ()
    content_type: str = ""  # exact Content-Type; "" with `content_type_prefix` or no body
    content_type_prefix: str = ""
    json_body: bool = False
    text_body: bool = False  # a text/plain or binary body, compared as text
    schema: str = ""
    stub_status: int = 200
    stub_body: str = "None"
    result_check: str = ""  # "models.X", "list", "dict" or "" (returns None: "none")
    model_responses: tuple[ResponseCase, ...] = ()
    other_responses: tuple[ResponseCase, ...] = ()
    model_errors: tuple[ErrorCase, ...] = ()
    other_errors: tuple[ErrorCase, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    async_call: str = ""  # `call` on the AsyncClient

    @property
    def async_rejection(self) -> Rejection | None:
        """The rejection the AsyncClient is checked with, when no request can be sent."""
        return self.rejections[0] if self.rejections and not self.requests else None

    @property
    def uses_async(self) -> bool:
        """Whether the operation has a test of the AsyncClient."""
        return bool(self.requests) or self.async_rejection is not None

    @property
    def count(self) -> int:
        """How many tests pytest collects for this operation."""
        return (
            len(self.requests) + len(self.model_responses) + len(self.other_responses)
            + len(self.model_errors) + len(self.other_errors) + len(self.rejections)
            + self.uses_async
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ModuleTestsView:
    """What `tests/resource.py.jinja` renders: the tests of one resource."""

    api: Api
    resource: Resource
    operations: tuple[OperationTests, ...]
    uses_pytest: bool
    stdlib: tuple[str, ...]  # modules imported by the values
    package_names: frozenset[str]  # from the package
    runtime_names: frozenset[str]  # from `_types`
    conftest_names: frozenset[str]  # from `conftest`


@dataclass(frozen=True, slots=True)
class ConftestView:
    """What `tests/conftest.py.jinja` renders: the fixtures."""

    api: Api
    credentials: tuple[tuple[str, str], ...]  # (Client argument, name of the test value)
    token: str
    basic_auth: tuple[str, str] | None  # when a scheme is basic


@dataclass(frozen=True, slots=True)
class SuiteReadmeView:
    """What `tests/README.md.jinja` renders."""

    api: Api
    counts: tuple[tuple[Resource, int], ...]  # tests per resource module
    total: int


@dataclass(frozen=True, slots=True)
class SuiteView:
    """The whole generated test suite of one package."""

    conftest: ConftestView
    readme: SuiteReadmeView
    modules: tuple[ModuleTestsView, ...]
