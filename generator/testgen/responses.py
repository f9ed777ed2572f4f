"""The answers in the generated tests: the success response the request tests are given,
the documented response examples to parse, and each declared error with the exception it
must raise.

`Answers` also collects what the test module must import for them: `models`, runtime
descriptors and exception classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..emit.literals import py_literal
from ..emit.pytypes import Imports, descriptor
from ..examples.samples import Samples
from ..model.ir import ArrayType, MapType, ModelRef, Operation, TypeExpr
from .cases import ErrorCase, ResponseCase
from .values import unwrap

__all__ = ["Answers", "Examples", "Stub"]

_EXCEPTIONS = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}


@dataclass(frozen=True, slots=True)
class Stub:
    """The success answer the request tests get, and how the result is checked."""

    status: int = 200
    body: str = "None"  # source of the JSON body, "None" for no content
    result_check: str = ""  # "models.X", "list", "dict", "none" (returns None) or ""


@dataclass(frozen=True, slots=True)
class Examples:
    """The response examples of one operation, and those left out (with why)."""

    model: tuple[ResponseCase, ...]  # parsed into a model class
    other: tuple[ResponseCase, ...]  # parsed with a runtime descriptor
    left_out: tuple[str, ...]


@dataclass
class Answers:
    samples: Samples
    uses: set[str] = field(default_factory=set)  # "models" when a test names one
    runtime: set[str] = field(default_factory=set)  # runtime descriptors the parsers use
    exceptions: set[str] = field(default_factory=set)  # exception classes the tests expect

    def stub(self, op: Operation) -> Stub:
        success = op.success
        if success is None:
            return Stub(200, "None", "none")
        status = _status_code(success.status, op) if success.status != "default" else 200
        if success.type is None:
            return Stub(status, "None", "none")
        example = next(
            (e.value for e in success.examples if self.samples.parses(success.type, e.value)), None
        )
        if example is None:
            example = self.samples.value(success.type, response=True)
        inner = unwrap(success.type)
        result_check = ""
        if isinstance(success.type, ModelRef):
            result_check = f"models.{success.type.name}"
            self.uses.add("models")
        elif isinstance(inner, ArrayType):
            result_check = "list"
        elif isinstance(inner, MapType):
            result_check = "dict"
        return Stub(status, py_literal(example), result_check)

    def examples(self, op: Operation) -> Examples:
        model: list[ResponseCase] = []
        other: list[ResponseCase] = []
        left_out: list[str] = []
        for response in op.responses:
            if response.type is None:
                continue
            for example in response.examples:
                case_id = f"{response.status}-{example.name}"
                if not self.samples.parses(response.type, example.value):
                    left_out.append(
                        f"Response example {case_id!r} is left out: it does not parse with its schema."
                    )
                    continue
                parser = self._parser(response.type)
                case = ResponseCase(case_id, parser, py_literal(example.value))
                (model if isinstance(response.type, ModelRef) else other).append(case)
        return Examples(tuple(model), tuple(other), tuple(left_out))

    def errors(self, op: Operation) -> tuple[tuple[ErrorCase, ...], tuple[ErrorCase, ...]]:
        """The declared errors: those with a model body, and the others."""
        model: list[ErrorCase] = []
        other: list[ErrorCase] = []
        success = op.success
        for response in op.responses:
            if response is success or not _is_error(response.status):
                continue
            status = _status_code(response.status, op)
            exception = _EXCEPTIONS.get(
                status, "InternalServerError" if status >= 500 else "APIStatusError"
            )
            self.exceptions.add(exception)
            if response.type is None:
                other.append(ErrorCase(str(status), status, exception, "None", "None"))
                continue
            bodies = [
                (f"{status}-{e.name}", e.value)
                for e in response.examples
                if self.samples.parses(response.type, e.value)
            ]
            if not bodies:
                bodies = [(str(status), self.samples.value(response.type, response=True))]
            parser = self._parser(response.type)
            for case_id, value in bodies:
                case = ErrorCase(case_id, status, exception, parser, py_literal(value))
                (model if isinstance(response.type, ModelRef) else other).append(case)
        return tuple(model), tuple(other)

    def _parser(self, t: TypeExpr) -> str:
        if isinstance(t, ModelRef):
            self.uses.add("models")
            return f"models.{t.name}"
        imports = Imports()
        imports.add_descriptor([t])
        self.runtime |= imports.runtime
        return descriptor(t)


def _is_error(status: str) -> bool:
    return status[:1] in ("4", "5") or status == "default"


def _status_code(status: str, op: Operation) -> int:
    """A concrete status for a declared one ("404", "4XX", "default") that maps back to it."""
    if status.isascii() and status.isdigit():
        return int(status)
    declared = {r.status.upper() for r in op.responses}
    if status.upper().endswith("XX"):
        first = int(status[0]) * 100
        candidates = list(range(first, first + 100))
    else:
        candidates = [500, *range(501, 600), *range(400, 500)]
    for code in candidates:
        if str(code) not in declared and f"{code // 100}XX" not in declared:
            return code
    return candidates[0]
