"""Views for the generated tests (`templates/tests/`): every case computed here, once.

For each operation the generated `tests/test_<resource>.py` gets:

* requests built from the spec's examples, plus one from values synthesised to fit the
  schema, with the method, path, query, headers and JSON body each is expected to send,
  and the request body's JSON Schema (derived from the intermediate model) to check it;
* every documented response example, to parse into its model and serialise back;
* every declared error response, with the exception it must raise and its parsed body;
* for each constraint on an argument, a value that breaks it, to be rejected before
  anything is sent.

Spec text reaches the Python source built here only through `literals`; templates only
loop over these views.

The seam: this module assembles the views, one `OperationTests` per operation, and renders
them. Which argument values the tests use (valid ones, and ones that break a rule) comes
from `tests_values`; what a call must put on the wire (parameters, auth, body, the body's
JSON Schema) from `tests_wire`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..emit.literals import py_literal, py_str
from ..emit.pytypes import Imports, descriptor
from ..examples.samples import Samples, plain
from ..model.ir import (
    Api,
    ArrayType,
    MapType,
    ModelDef,
    ModelRef,
    Operation,
    Primitive,
    Resource,
    TypeExpr,
)
from .values import ArgumentValues, top_path, unwrap
from .wire import BASIC_AUTH, TOKEN, auth_parts, expected_request, request_schema, wire_body

__all__ = ["TOKEN", "render_tests", "tests_view"]

_EXCEPTIONS = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}
_MAX_CASES = 40  # rejection cases per operation, at most


def render_tests(api: Api, render: Callable[..., str]) -> dict[str, str]:
    """The files of `<package>/tests/`, keyed by path relative to the package folder."""
    view = tests_view(api)
    files = {
        "tests/__init__.py": render("tests/__init__.py.jinja", api=api),
        "tests/conftest.py": render("tests/conftest.py.jinja", **view["conftest"]),
        "tests/README.md": render("tests/README.md.jinja", **view["readme"]),
    }
    for module in view["modules"]:
        files[f"tests/test_{module['resource'].module}.py"] = render(
            "tests/resource.py.jinja", **module
        )
    return files


# --- views -----------------------------------------------------------------------------


@dataclass
class RequestCase:
    id: str
    comment: str
    args: str  # source of the keyword-argument dict
    path: str
    query: str  # source of the sorted (name, value) pairs
    headers: str  # source of the expected header params (a dict), "" when the op has none
    body: str  # source of the expected JSON body (or text), "" when not compared


@dataclass
class ResponseCase:
    id: str
    parser: str  # `models.X` or a runtime descriptor
    example: str


@dataclass
class ErrorCase:
    id: str
    status: int
    exception: str
    parser: str  # `models.X`, a descriptor, or "None" (no content)
    body: str  # source, "None" for no content


@dataclass
class Rejection:
    id: str
    invalid: str  # source of the overriding keyword arguments
    path: str  # where RequestValidationError must point


@dataclass
class OperationTests:
    op: Operation
    name: str
    constant: str
    call: str
    method: str
    summary: str
    args: str  # source of a valid call's keyword arguments
    unbuildable: list[str]  # why no valid request can be built ([] when it can)
    requests: list[RequestCase] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    has_headers: bool = False
    auth_headers: list[tuple[str, str]] = field(default_factory=list)
    content_type: str = ""  # exact Content-Type; "" with `content_type_prefix` or no body
    content_type_prefix: str = ""
    json_body: bool = False
    text_body: bool = False  # a text/plain or binary body, compared as text
    schema: str = ""
    stub_status: int = 200
    stub_body: str = "None"
    result_check: str = ""  # "models.X", "list", "dict" or "" (returns None: "none")
    model_responses: list[ResponseCase] = field(default_factory=list)
    other_responses: list[ResponseCase] = field(default_factory=list)
    model_errors: list[ErrorCase] = field(default_factory=list)
    other_errors: list[ErrorCase] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many tests pytest collects for this operation."""
        return (
            len(self.requests) + len(self.model_responses) + len(self.other_responses)
            + len(self.model_errors) + len(self.other_errors) + len(self.rejections)
        )  # fmt: skip


def tests_view(api: Api) -> dict[str, Any]:
    models = {d.name: d for d in api.definitions if isinstance(d, ModelDef)}
    modules = [_ModuleBuilder(api, resource, models).build() for resource in api.resources]
    credentials = []
    for scheme in api.schemes:
        credentials.append((scheme.arg_name, "BASIC_AUTH" if scheme.kind == "basic" else "TOKEN"))
    uses_basic = any(s.kind == "basic" for s in api.schemes)
    counts = [(m["resource"], sum(o.count for o in m["operations"])) for m in modules]
    return {
        "conftest": {
            "api": api,
            "credentials": credentials,
            "token": TOKEN,
            "basic_auth": BASIC_AUTH if uses_basic else None,
        },
        "readme": {"api": api, "counts": counts, "total": sum(n for _, n in counts)},
        "modules": modules,
    }


class _ModuleBuilder:
    def __init__(self, api: Api, resource: Resource, models: dict[str, ModelDef]) -> None:
        self.api = api
        self.resource = resource
        self.models = models
        self.samples = Samples(models)
        self.values = ArgumentValues(self.samples)
        self.schemes = {s.key: s for s in api.schemes}
        self.exceptions: set[str] = set()
        self.runtime: set[str] = set()
        self.uses: set[str] = set()

    def build(self) -> dict[str, Any]:
        operations = [self._operation(op) for op in self.resource.operations]
        uses = self.uses | self.samples.used
        package_names = set(self.exceptions)
        if "models" in uses:
            package_names.add("models")
        if any(o.requests or o.model_errors or o.other_errors or o.rejections for o in operations):
            package_names.add("Client")
        if any(o.rejections for o in operations):
            package_names.add("RequestValidationError")
        if any(o.model_errors or o.other_errors for o in operations):
            package_names.add("APIStatusError")
        runtime = set(self.runtime)
        if any(o.model_responses or o.model_errors for o in operations):
            runtime.add("Model")
        if any(o.other_responses for o in operations):
            runtime |= {"TypeDesc", "deserialize", "serialize"}
        if any(o.other_errors for o in operations):
            runtime |= {"TypeDesc", "deserialize"}
        conftest = set()
        if any(o.requests or o.model_errors or o.other_errors or o.rejections for o in operations):
            conftest.add("Recorder")
        if any(o.requests and o.json_body for o in operations):
            conftest.add("assert_valid")
        if any(o.model_responses or o.other_responses or o.model_errors for o in operations):
            conftest.add("normalised")
        return {
            "api": self.api,
            "uses_pytest": any(o.count for o in operations),
            "resource": self.resource,
            "operations": operations,
            "stdlib": sorted(m for m in uses if m in ("datetime", "uuid")),
            "package_names": package_names,
            "runtime_names": runtime,
            "conftest_names": conftest,
        }

    # -- one operation ------------------------------------------------------------------

    def _operation(self, op: Operation) -> OperationTests:
        constant = op.py_name.upper().strip("_")
        view = OperationTests(
            op=op,
            name=op.py_name.strip("_"),
            constant=constant,
            call=f"client.{self.resource.py_name}.{op.py_name}",
            method=op.method.upper(),
            summary=f"{op.py_name}: {op.method.upper()} {op.path}"
            + (f" ({op.summary})" if op.summary else ""),
            args="{}",
            unbuildable=[],
        )
        cases, view.left_out = self.values.argument_sets(op)
        usable = [case for case in cases if not self.values.unbuildable(op, case[1])]
        for case_id, values, _ in cases if usable else ():
            reasons = self.values.unbuildable(op, values)
            if reasons:
                view.left_out.append(f"Case {case_id!r} is left out: {'; '.join(reasons)}.")
        base = usable[0][1] if usable else cases[0][1]
        view.args = self.values.args_source(op, base)
        view.unbuildable = self.values.unbuildable(op, base)
        self._body_expectations(op, view)
        view.auth_headers = auth_parts(op, self.schemes)[0]
        view.has_headers = any(p.location in ("header", "cookie") for p in op.parameters) or bool(
            auth_parts(op, self.schemes)[2]
        )
        if not view.unbuildable:
            for case_id, values, comment in usable:
                view.requests.append(self._request_case(op, view, case_id, values, comment))
            view.requests[0].args = f"{constant}_ARGS"  # the same values: named once
            self._stub(op, view)
            self._errors(op, view)
        self._responses(op, view)
        for case in view.model_responses + view.other_responses:
            if view.requests and case.example == view.stub_body:
                case.example = f"{constant}_RESPONSE"
        self._rejections(op, view, base)
        return view

    # expected request

    def _request_case(
        self,
        op: Operation,
        view: OperationTests,
        case_id: str,
        values: dict[str, Any],
        comment: str,
    ) -> RequestCase:
        path, query, headers = expected_request(op, values, self.samples, self.schemes)
        body = ""
        if view.json_body:
            body = py_literal(wire_body(op, values, self.samples))
        elif view.text_body and isinstance(values.get("body"), str):
            body = py_str(values["body"])
        return RequestCase(
            id=case_id,
            comment=comment,
            args=self.values.args_source(op, values),
            path=path,
            query="[" + ", ".join(f"({py_str(k)}, {py_str(v)})" for k, v in sorted(query)) + "]",
            headers=py_literal(headers) if view.has_headers else "",
            body=body,
        )

    def _body_expectations(self, op: Operation, view: OperationTests) -> None:
        body = op.body
        if body is None:
            return
        media = body.media_type.split(";", 1)[0].strip().lower()
        if media == "application/json" or media.endswith("+json"):
            view.json_body = True
            view.content_type = body.media_type
            view.schema = py_literal(request_schema(body.type, self.models))
        elif media == "multipart/form-data":
            view.content_type_prefix = "multipart/form-data"
        elif media == "application/x-www-form-urlencoded":
            view.content_type = body.media_type
        else:
            view.content_type = "application/octet-stream" if "*" in media else body.media_type
            inner = unwrap(body.type)
            view.text_body = (
                body.fields is None
                and isinstance(inner, Primitive)
                and inner.kind in ("str", "binary")
            )

    # responses

    def _stub(self, op: Operation, view: OperationTests) -> None:
        success = op.success
        if success is None:
            view.stub_status, view.stub_body, view.result_check = 200, "None", "none"
            return
        view.stub_status = _status_code(success.status, op) if success.status != "default" else 200
        if success.type is None:
            view.stub_body, view.result_check = "None", "none"
            return
        example = next(
            (e.value for e in success.examples if self.samples.parses(success.type, e.value)), None
        )
        if example is None:
            example = self.samples.value(success.type, response=True)
        view.stub_body = py_literal(example)
        inner = unwrap(success.type)
        if isinstance(success.type, ModelRef):
            view.result_check = f"models.{success.type.name}"
            self.uses.add("models")
        elif isinstance(inner, ArrayType):
            view.result_check = "list"
        elif isinstance(inner, MapType):
            view.result_check = "dict"

    def _responses(self, op: Operation, view: OperationTests) -> None:
        for response in op.responses:
            if response.type is None:
                continue
            for example in response.examples:
                case_id = f"{response.status}-{example.name}"
                if not self.samples.parses(response.type, example.value):
                    view.left_out.append(
                        f"Response example {case_id!r} is left out: it does not parse with its schema."
                    )
                    continue
                parser = self._parser(response.type)
                case = ResponseCase(case_id, parser, py_literal(example.value))
                (
                    view.model_responses
                    if isinstance(response.type, ModelRef)
                    else view.other_responses
                ).append(case)

    def _parser(self, t: TypeExpr) -> str:
        if isinstance(t, ModelRef):
            self.uses.add("models")
            return f"models.{t.name}"
        imports = Imports()
        imports.add_descriptor([t])
        self.runtime |= imports.runtime
        return descriptor(t)

    def _errors(self, op: Operation, view: OperationTests) -> None:
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
                view.other_errors.append(ErrorCase(str(status), status, exception, "None", "None"))
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
                (
                    view.model_errors if isinstance(response.type, ModelRef) else view.other_errors
                ).append(case)

    # rejections

    def _rejections(self, op: Operation, view: OperationTests, base: dict[str, Any]) -> None:
        synthesised = self.values.synthesised(op)
        seen: dict[str, int] = {}
        arguments = self.values.arguments(op)
        if view.unbuildable:  # only the first argument that breaks its rules is checked first
            arguments = [
                a for a in arguments if a[0] in base and not self.samples.fits(a[1], base[a[0]])
            ][:1]
        for name, t, _ in arguments:
            valid = base[name] if name in base else synthesised.get(name, self.samples.value(t))
            deep = self.samples.fits(t, valid)
            top = top_path(op, name)
            for label, keyword, bad, path in self.values.breaks(
                t, valid, top, name, deep, False, 0, ()
            ):
                case_id = f"{label}-{keyword}"
                seen[case_id] = seen.get(case_id, 0) + 1
                if seen[case_id] > 1:
                    case_id += f"-{seen[case_id]}"
                if self.samples.fits(t, plain(bad)):
                    continue  # still valid (another rule or variant lets it through)
                source = self.samples.source(t, bad, loose=True)
                view.rejections.append(
                    Rejection(case_id, "{" + f"{py_str(name)}: {source}" + "}", path)
                )
                if len(view.rejections) >= _MAX_CASES:
                    return


# --- helpers ---------------------------------------------------------------------------


def _is_error(status: str) -> bool:
    return status[:1] in ("4", "5") or status == "default"


def _status_code(status: str, op: Operation) -> int:
    """A concrete status for a declared one ("404", "4XX", "default") that maps back to it."""
    if status.isdigit():
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
