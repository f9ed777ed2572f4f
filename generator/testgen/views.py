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

The seam: this module assembles the views (their types are in `cases`), one
`OperationTests` per operation, and renders them. Which argument values the tests use
(valid ones, and ones that break a rule) comes from `values`; what a call must put on the
wire (parameters, auth, body, the body's JSON Schema) from `wire`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..emit.literals import py_literal, py_str
from ..emit.package_views import ApiView
from ..emit.render import Render
from ..examples.samples import Samples, plain
from ..model.ir import Api, ModelDef, Operation, Primitive, Resource
from .cases import (
    ConftestView,
    ErrorCase,
    ModuleTestsView,
    OperationTests,
    Rejection,
    RequestCase,
    ResponseCase,
    SuiteReadmeView,
    SuiteView,
)
from .responses import Answers, Stub
from .values import ArgumentValues, top_path, unwrap
from .wire import BASIC_AUTH, TOKEN, auth_parts, expected_request, request_schema, wire_body

__all__ = ["TOKEN", "render_tests", "tests_view"]

_MAX_CASES = 40  # rejection cases per operation, at most


def render_tests(api: Api, render: Render) -> dict[str, str]:
    """The files of `<package>/tests/`, keyed by path relative to the package folder."""
    view = tests_view(api)
    files = {
        "tests/__init__.py": render("tests/__init__.py.jinja", ApiView(api)),
        "tests/conftest.py": render("tests/conftest.py.jinja", view.conftest),
        "tests/README.md": render("tests/README.md.jinja", view.readme),
    }
    for module in view.modules:
        files[f"tests/test_{module.resource.module}.py"] = render("tests/resource.py.jinja", module)
    return files


def tests_view(api: Api) -> SuiteView:
    models = {d.name: d for d in api.definitions if isinstance(d, ModelDef)}
    modules = tuple(_ModuleBuilder(api, resource, models).build() for resource in api.resources)
    credentials = tuple(
        (scheme.arg_name, "BASIC_AUTH" if scheme.kind == "basic" else "TOKEN")
        for scheme in api.schemes
    )
    uses_basic = any(s.kind == "basic" for s in api.schemes)
    counts = tuple((m.resource, sum(o.count for o in m.operations)) for m in modules)
    return SuiteView(
        conftest=ConftestView(
            api=api,
            credentials=credentials,
            token=TOKEN,
            basic_auth=BASIC_AUTH if uses_basic else None,
        ),
        readme=SuiteReadmeView(api=api, counts=counts, total=sum(n for _, n in counts)),
        modules=modules,
    )


@dataclass(frozen=True, slots=True)
class _BodyChecks:
    """How the request body of an operation is checked."""

    content_type: str = ""
    content_type_prefix: str = ""
    json_body: bool = False
    text_body: bool = False
    schema: str = ""


class _ModuleBuilder:
    def __init__(self, api: Api, resource: Resource, models: dict[str, ModelDef]) -> None:
        self.api = api
        self.resource = resource
        self.models = models
        self.samples = Samples(models)
        self.values = ArgumentValues(self.samples)
        self.schemes = {s.key: s for s in api.schemes}
        self.answers = Answers(self.samples)

    def build(self) -> ModuleTestsView:
        operations = tuple(self._operation(op) for op in self.resource.operations)
        uses = self.answers.uses | self.samples.used
        package_names = set(self.answers.exceptions)
        if "models" in uses:
            package_names.add("models")
        if any(o.requests or o.model_errors or o.other_errors or o.rejections for o in operations):
            package_names.add("Client")
        if any(o.uses_async for o in operations):
            package_names.add("AsyncClient")
        if any(o.rejections for o in operations):
            package_names.add("RequestValidationError")
        if any(o.model_errors or o.other_errors for o in operations):
            package_names.add("APIStatusError")
        runtime = set(self.answers.runtime)
        if any(o.model_responses or o.model_errors for o in operations):
            runtime.add("Model")
        if any(o.other_responses for o in operations):
            runtime |= {"TypeDesc", "deserialize", "serialize"}
        if any(o.other_errors for o in operations):
            runtime |= {"TypeDesc", "deserialize"}
        conftest = set()
        if any(o.requests for o in operations):
            conftest.add("assert_same_request")
        if any(o.requests or o.model_errors or o.other_errors or o.rejections for o in operations):
            conftest.add("Recorder")
        if any(o.requests and o.json_body for o in operations):
            conftest.add("assert_valid")
        if any(o.model_responses or o.other_responses or o.model_errors for o in operations):
            conftest.add("normalised")
        return ModuleTestsView(
            api=self.api,
            resource=self.resource,
            operations=operations,
            uses_pytest=any(o.count for o in operations),
            stdlib=tuple(
                sorted(
                    {m for m in uses if m in ("datetime", "itertools", "uuid")}
                    | ({"asyncio"} if any(o.uses_async for o in operations) else set())
                )
            ),
            package_names=frozenset(package_names),
            runtime_names=frozenset(runtime),
            conftest_names=frozenset(conftest),
        )

    # -- one operation ------------------------------------------------------------------

    def _operation(self, op: Operation) -> OperationTests:
        constant = op.py_name.upper().strip("_")
        cases, left_out = self.values.argument_sets(op)
        usable = [case for case in cases if not self.values.unbuildable(op, case[1])]
        for case_id, values, _ in cases if usable else ():
            reasons = self.values.unbuildable(op, values)
            if reasons:
                left_out.append(f"Case {case_id!r} is left out: {'; '.join(reasons)}.")
        base = usable[0][1] if usable else cases[0][1]
        args = self.values.args_source(op, base)
        unbuildable = self.values.unbuildable(op, base)
        body = self._body_checks(op)
        auth_headers = auth_parts(op, self.schemes)[0]
        has_headers = any(p.location in ("header", "cookie") for p in op.parameters) or bool(
            auth_parts(op, self.schemes)[2]
        )
        requests: list[RequestCase] = []
        stub = Stub()
        errors: tuple[tuple[ErrorCase, ...], tuple[ErrorCase, ...]] = ((), ())
        if not unbuildable:
            for case_id, values, comment in usable:
                requests.append(self._request_case(op, body, has_headers, case_id, values, comment))
            requests[0] = replace(requests[0], args=f"{constant}_ARGS")  # the same values
            stub = self.answers.stub(op)
            errors = self.answers.errors(op)
        examples = self.answers.examples(op)

        def named(case: ResponseCase) -> ResponseCase:
            """The example the request tests answer with is named once, as a constant."""
            if requests and case.example == stub.body:
                return replace(case, example=f"{constant}_RESPONSE")
            return case

        synthesised = cases[-1][1]  # argument_sets ends with the synthesised values
        rejections = self._rejections(op, bool(unbuildable), base, synthesised)
        return OperationTests(
            op=op,
            name=op.py_name.strip("_"),
            constant=constant,
            call=f"client.{self.resource.py_name}.{op.py_name}",
            async_call=f"async_client.{self.resource.py_name}.{op.py_name}",
            method=op.method.upper(),
            summary=f"{op.py_name}: {op.method.upper()} {op.path_key}"
            + (f" ({op.summary})" if op.summary else ""),
            args=args,
            unbuildable=tuple(unbuildable),
            requests=tuple(requests),
            left_out=(*left_out, *examples.left_out),
            has_headers=has_headers,
            auth_headers=tuple(auth_headers),
            content_type=body.content_type,
            content_type_prefix=body.content_type_prefix,
            json_body=body.json_body,
            text_body=body.text_body,
            schema=body.schema,
            stub_status=stub.status,
            stub_body=stub.body,
            result_check=stub.result_check,
            model_responses=tuple(named(c) for c in examples.model),
            other_responses=tuple(named(c) for c in examples.other),
            model_errors=errors[0],
            other_errors=errors[1],
            rejections=tuple(rejections),
        )

    # expected request

    def _request_case(
        self,
        op: Operation,
        checks: _BodyChecks,
        has_headers: bool,
        case_id: str,
        values: dict[str, Any],
        comment: str,
    ) -> RequestCase:
        path, query, headers = expected_request(op, values, self.samples, self.schemes)
        body = ""
        if checks.json_body:
            body = py_literal(wire_body(op, values, self.samples))
        elif checks.text_body and isinstance(values.get("body"), str):
            body = py_str(values["body"])
        return RequestCase(
            id=case_id,
            comment=comment,
            args=self.values.args_source(op, values),
            path=path,
            query="[" + ", ".join(f"({py_str(k)}, {py_str(v)})" for k, v in sorted(query)) + "]",
            headers=py_literal(headers) if has_headers else "",
            body=body,
        )

    def _body_checks(self, op: Operation) -> _BodyChecks:
        body = op.body
        if body is None:
            return _BodyChecks()
        media = body.media_type.split(";", 1)[0].strip().lower()
        if media == "application/json" or media.endswith("+json"):
            return _BodyChecks(
                content_type=body.media_type,
                json_body=True,
                schema=py_literal(request_schema(body.type, self.models)),
            )
        if media == "multipart/form-data":
            return _BodyChecks(content_type_prefix="multipart/form-data")
        if media == "application/x-www-form-urlencoded":
            return _BodyChecks(content_type=body.media_type)
        inner = unwrap(body.type)
        return _BodyChecks(
            content_type="application/octet-stream" if "*" in media else body.media_type,
            text_body=body.fields is None
            and isinstance(inner, Primitive)
            and inner.kind in ("str", "binary"),
        )

    # rejections

    def _rejections(
        self, op: Operation, unbuildable: bool, base: dict[str, Any], synthesised: dict[str, Any]
    ) -> list[Rejection]:
        seen: dict[str, int] = {}
        rejections: list[Rejection] = []
        arguments = self.values.arguments(op)
        if unbuildable:  # only the first argument that breaks its rules is checked first
            arguments = [
                a for a in arguments if a[0] in base and not self.samples.fits(a[1], base[a[0]])
            ][:1]
        for name, t, _ in arguments:
            if name in base:
                valid = base[name]
            else:
                valid = synthesised[name] if name in synthesised else self.samples.value(t)
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
                rejections.append(Rejection(case_id, "{" + f"{py_str(name)}: {source}" + "}", path))
                if len(rejections) >= _MAX_CASES:
                    return rejections
        return rejections
