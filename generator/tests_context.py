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
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from .ir import (
    AliasRef,
    Api,
    ArrayType,
    LiteralType,
    MapType,
    ModelDef,
    ModelRef,
    Nullable,
    Operation,
    Parameter,
    Primitive,
    Property,
    Resource,
    SecurityScheme,
    TypeExpr,
    UnionType,
)
from .literals import py_literal, py_str
from .pytypes import Imports, descriptor
from .samples import Repeat, Samples, Verbatim, compiles, matches, plain, required_groups

__all__ = ["TOKEN", "render_tests", "request_schema", "tests_view"]

TOKEN = "test-token"
BASIC_AUTH = ("user", "secret")
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`|~"
_EXCEPTIONS = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}
_SCHEMA_KEYWORDS = {
    "min_length": "minLength",
    "max_length": "maxLength",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusive_minimum": "exclusiveMinimum",
    "exclusive_maximum": "exclusiveMaximum",
    "multiple_of": "multipleOf",
    "min_items": "minItems",
    "max_items": "maxItems",
    "unique_items": "uniqueItems",
    "min_properties": "minProperties",
    "max_properties": "maxProperties",
}
_JSON_TYPES = {"str": "string", "datetime": "string", "date": "string", "uuid": "string",
               "binary": "string", "int": "integer", "float": "number", "bool": "boolean"}  # fmt: skip
_LONG = 16  # strings longer than this are written as "a" * n
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
        files[f"tests/test_{module['resource'].module}.py"] = render("tests/resource.py.jinja", **module)
    return files


# --- views ---------------------------------------------------------------------------


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

    # -- one operation ---------------------------------------------------------------

    def _operation(self, op: Operation) -> OperationTests:
        constant = op.py_name.upper().strip("_")
        view = OperationTests(
            op=op,
            name=op.py_name.strip("_"),
            constant=constant,
            call=f"client.{self.resource.py_name}.{op.py_name}",
            method=op.method.upper(),
            summary=f"{op.py_name}: {op.method.upper()} {op.path}" + (f" ({op.summary})" if op.summary else ""),
            args="{}",
            unbuildable=[],
        )
        cases, view.left_out = self._argument_sets(op)
        usable = [case for case in cases if not self._unbuildable(op, case[1])]
        for case_id, values, _ in cases if usable else ():
            reasons = self._unbuildable(op, values)
            if reasons:
                view.left_out.append(f"Case {case_id!r} is left out: {'; '.join(reasons)}.")
        base = usable[0][1] if usable else cases[0][1]
        view.args = self._args_source(op, base)
        view.unbuildable = self._unbuildable(op, base)
        self._body_expectations(op, view)
        view.auth_headers = self._auth_parts(op)[0]
        view.has_headers = any(p.location in ("header", "cookie") for p in op.parameters) or bool(
            self._auth_parts(op)[2]
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

    # arguments

    def _arguments(self, op: Operation) -> list[tuple[str, TypeExpr, bool]]:
        """(python name, type, required) of every argument of the method, in call order."""
        out = [(p.py_name, p.type, p.required or p.location == "path") for p in op.parameters]
        if op.body is not None:
            if op.body.fields is None:
                out.append(("body", op.body.type, op.body.required))
            else:
                out += [(f.py_name, f.type, f.required) for f in op.body.fields]
        return out

    def _argument_sets(self, op: Operation) -> tuple[list[tuple[str, dict[str, Any], str]], list[str]]:
        """Named sets of JSON argument values: one per usable body example, then one synthesised."""
        params: dict[str, Any] = {}
        for p in op.parameters:
            example = next((e.value for e in p.examples if self.samples.fits(p.type, e.value)), None)
            if example is not None:
                params[p.py_name] = example
            elif p.required or p.location == "path":
                params[p.py_name] = self.samples.value(p.type)
        sets: list[tuple[str, dict[str, Any], str]] = []
        left_out: list[str] = []
        body = op.body
        for example in body.examples if body is not None else ():
            assert body is not None
            values = dict(params)
            if not self.samples.fits(body.type, example.value):
                left_out.append(f"Example {example.name!r} is left out: it does not fit the request schema.")
                continue
            if body.fields is None:
                values["body"] = example.value
            else:
                given = {f.wire_name: f for f in body.fields}
                if not isinstance(example.value, dict) or not example.value and not body.required:
                    left_out.append(f"Example {example.name!r} is left out: it sends no body.")
                    continue
                values.update({given[k].py_name: v for k, v in example.value.items() if k in given})
            sets.append((example.name, values, example.summary))
        synthesised = self._synthesised(op)
        if not sets and any(p.examples for p in op.parameters):
            body_values = {k: v for k, v in synthesised.items() if k not in self._param_names(op)}
            sets.append(("example", {**params, **body_values}, "the parameters' examples"))
        sets.append(("synthesised", synthesised, "values made to fit the schema"))
        return sets, left_out

    @staticmethod
    def _param_names(op: Operation) -> set[str]:
        return {p.py_name for p in op.parameters}

    def _synthesised(self, op: Operation) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for p in op.parameters:
            value = self.samples.value(p.type, optional=True)
            if p.required or p.location == "path" or self.samples.fits(p.type, value):
                values[p.py_name] = value
        body = op.body
        if body is not None and body.fields is None:
            values["body"] = self.samples.value(body.type, optional=True)
        elif body is not None and body.fields is not None:
            for f in body.fields:
                value = self.samples.value(f.type, optional=True)
                if f.required or self.samples.fits(f.type, value):
                    values[f.py_name] = value
        return values

    def _types(self, op: Operation) -> dict[str, TypeExpr]:
        return {name: t for name, t, _ in self._arguments(op)}

    def _args_source(self, op: Operation, values: dict[str, Any], *, loose: bool = False) -> str:
        types = self._types(op)
        items = [f"{py_str(k)}: {self.samples.source(types[k], v, loose=loose)}" for k, v in values.items()]
        return "{" + ", ".join(items) + "}"

    def _unbuildable(self, op: Operation, values: dict[str, Any]) -> list[str]:
        """Why the best-effort arguments break the schema (a pattern no value was found for)."""
        reasons = []
        for name, t, required in self._arguments(op):
            if name in values and not self.samples.fits(t, values[name]):
                reasons.append(f"no value of {name!r} that fits its schema could be synthesised")
            elif name not in values and required:
                reasons.append(f"no value of {name!r} could be synthesised")
        return reasons

    # expected request

    def _request_case(
        self, op: Operation, view: OperationTests, case_id: str, values: dict[str, Any], comment: str
    ) -> RequestCase:
        path_values: dict[str, str] = {}
        query: list[tuple[str, str]] = []
        headers: dict[str, str] = {}
        cookies: list[tuple[str, str]] = []
        auth_query, auth_cookies = self._auth_parts(op)[1], self._auth_parts(op)[2]
        query += auth_query
        cookies += auth_cookies
        for p in op.parameters:
            if p.py_name not in values:
                continue
            wire = self.samples.wire(p.type, values[p.py_name])
            explode = p.explode if p.explode is not None else (p.style or _default_style(p)) == "form"
            style = p.style or _default_style(p)
            if p.location == "path":
                path_values[p.wire_name] = _delimited(wire, explode)
            elif p.location == "query":
                query += _form_pairs(p.wire_name, wire, style, explode)
            elif p.location == "header":
                headers[p.wire_name] = _delimited(wire, explode)
            else:
                cookies += _form_pairs(p.wire_name, wire, "form", explode)
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={quote(v, safe=_COOKIE_SAFE)}" for k, v in cookies)
        path = op.path
        for name, text in path_values.items():
            path = path.replace("{" + name + "}", text)
        body = ""
        if view.json_body:
            body = py_literal(self._wire_body(op, values))
        elif view.text_body and isinstance(values.get("body"), str):
            body = py_str(values["body"])
        return RequestCase(
            id=case_id,
            comment=comment,
            args=self._args_source(op, values),
            path=path,
            query="[" + ", ".join(f"({py_str(k)}, {py_str(v)})" for k, v in sorted(query)) + "]",
            headers=py_literal(headers) if view.has_headers else "",
            body=body,
        )

    def _wire_body(self, op: Operation, values: dict[str, Any]) -> Any:
        body = op.body
        assert body is not None
        if body.fields is None:
            return self.samples.wire(body.type, values["body"])
        return {
            f.wire_name: self.samples.wire(f.type, values[f.py_name]) for f in body.fields if f.py_name in values
        }

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
            inner = _unwrap(body.type)
            view.text_body = body.fields is None and isinstance(inner, Primitive) and inner.kind in ("str", "binary")

    # auth

    def _auth_parts(
        self, op: Operation
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
        """(headers, query pairs, cookies) that the first usable security alternative adds."""
        for alternative in op.security:
            schemes = [self.schemes.get(key) for key in alternative]
            if any(s is None for s in schemes):
                continue
            headers: list[tuple[str, str]] = []
            query: list[tuple[str, str]] = []
            cookies: list[tuple[str, str]] = []
            for scheme in schemes:
                assert scheme is not None
                value = _auth_value(scheme)
                if scheme.location == "query":
                    query.append((scheme.name, value))
                elif scheme.location == "cookie":
                    cookies.append((scheme.name, value))
                else:
                    headers.append((scheme.name, value))
            return headers, query, cookies
        return [], [], []

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
        example = next((e.value for e in success.examples if self.samples.parses(success.type, e.value)), None)
        if example is None:
            example = self.samples.value(success.type, response=True)
        view.stub_body = py_literal(example)
        inner = _unwrap(success.type)
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
                (view.model_responses if isinstance(response.type, ModelRef) else view.other_responses).append(case)

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
            exception = _EXCEPTIONS.get(status, "InternalServerError" if status >= 500 else "APIStatusError")
            self.exceptions.add(exception)
            if response.type is None:
                view.other_errors.append(ErrorCase(str(status), status, exception, "None", "None"))
                continue
            bodies = [
                (f"{status}-{e.name}", e.value) for e in response.examples if self.samples.parses(response.type, e.value)
            ]
            if not bodies:
                bodies = [(str(status), self.samples.value(response.type, response=True))]
            parser = self._parser(response.type)
            for case_id, value in bodies:
                case = ErrorCase(case_id, status, exception, parser, py_literal(value))
                (view.model_errors if isinstance(response.type, ModelRef) else view.other_errors).append(case)

    # rejections

    def _rejections(self, op: Operation, view: OperationTests, base: dict[str, Any]) -> None:
        synthesised = self._synthesised(op)
        seen: dict[str, int] = {}
        arguments = self._arguments(op)
        if view.unbuildable:  # only the first argument that breaks its rules is checked first
            arguments = [a for a in arguments if a[0] in base and not self.samples.fits(a[1], base[a[0]])][:1]
        for name, t, _ in arguments:
            valid = base[name] if name in base else synthesised.get(name, self.samples.value(t))
            deep = self.samples.fits(t, valid)
            top = _top_path(op, name)
            for label, keyword, bad, path in self._breaks(t, valid, top, name, deep, False, 0, ()):
                case_id = f"{label}-{keyword}"
                seen[case_id] = seen.get(case_id, 0) + 1
                if seen[case_id] > 1:
                    case_id += f"-{seen[case_id]}"
                if self.samples.fits(t, plain(bad)):
                    continue  # still valid (another rule or variant lets it through)
                source = self.samples.source(t, bad, loose=True)
                view.rejections.append(Rejection(case_id, "{" + f"{py_str(name)}: {source}" + "}", path))
                if len(view.rejections) >= _MAX_CASES:
                    return

    def _breaks(
        self, t: TypeExpr, valid: Any, path: str, label: str, deep: bool, in_model: bool, depth: int,
        seen: tuple[str, ...],
    ) -> Iterator[tuple[str, str, Any, str]]:
        """(label, keyword, a value of `t` breaking that rule, error path), for each rule of `t`."""
        while isinstance(t, (Nullable, AliasRef)):
            t = t.inner if isinstance(t, Nullable) else t.target
        if valid is None:
            valid = self.samples.value(t)
        if isinstance(t, UnionType):
            chosen = next((v for v in t.variants if self.samples.fits(v, valid)), None)
            if chosen is not None and isinstance(_unwrap(chosen), ModelRef):
                yield from self._breaks(chosen, valid, path, label, deep, in_model, depth, seen)
        elif isinstance(t, LiteralType):
            bad = _not_in(t.values)
            if bad is not None:
                yield label, "enum", bad, path
        elif isinstance(t, Primitive):
            yield from ((label, k, v, path) for k, v in self._primitive_breaks(t, valid, in_model))
        elif isinstance(t, ArrayType):
            yield from self._array_breaks(t, valid, path, label, deep, in_model, depth, seen)
        elif isinstance(t, MapType):
            c = t.constraints
            if not isinstance(valid, dict):
                valid = {}
            filler = self.samples.value(t.value)
            if c.min_properties:
                yield label, "minProperties", dict(list(valid.items())[: c.min_properties - 1]), path
            if c.max_properties is not None and c.max_properties < 50:
                yield label, "maxProperties", {f"key{i + 1}": filler for i in range(c.max_properties + 1)}, path
            if deep and depth < 4:
                key = next(iter(valid), "key1")
                inner = valid.get(key, filler)
                for sub in self._breaks(t.value, inner, f"{path}[{key!r}]", f"{label}[{key}]", True, in_model,
                                        depth + 1, seen):  # fmt: skip
                    yield sub[0], sub[1], {**valid, key: sub[2]}, sub[3]
        elif isinstance(t, ModelRef):
            model = self.models.get(t.name)
            if model is None or not isinstance(valid, dict) or t.name in seen or depth > 3:
                return
            if model.closed:
                extra = "unexpected"
                while any(p.wire_name == extra for p in model.properties):
                    extra += "_"
                yield label, "additionalProperties", {**valid, extra: 1}, path
            groups = required_groups(model)
            if groups:
                names = {w for g in groups for w in g}
                yield label, "required", {k: v for k, v in valid.items() if k not in names}, path or "body"
            if not deep:
                return
            for prop in model.properties:
                if prop.read_only:
                    continue
                inner = valid.get(prop.wire_name)
                if inner is None:
                    inner = self.samples.value(prop.type)
                    if not self.samples.fits(prop.type, inner):
                        continue
                for sub in self._breaks(prop.type, inner, f"{path}.{prop.wire_name}", f"{label}.{prop.wire_name}",
                                        True, True, depth + 1, (*seen, t.name)):  # fmt: skip
                    yield sub[0], sub[1], {**valid, prop.wire_name: sub[2]}, sub[3]

    def _array_breaks(
        self, t: ArrayType, valid: Any, path: str, label: str, deep: bool, in_model: bool, depth: int,
        seen: tuple[str, ...],
    ) -> Iterator[tuple[str, str, Any, str]]:
        c = t.constraints
        if not isinstance(valid, list):
            valid = []
        item = valid[0] if valid else self.samples.value(t.item)
        if c.min_items:
            yield label, "minItems", valid[: c.min_items - 1], path
        if c.max_items is not None:
            count = c.max_items + 1
            yield label, "maxItems", Repeat(item, count) if count > 3 else [item] * count, path
        if c.unique_items and (c.max_items is None or c.max_items >= 2):
            yield label, "uniqueItems", [item, item, *valid[2:]], f"{path}[1]"
        if deep and depth < 4:
            rest = valid[1:] if valid else []
            for sub in self._breaks(t.item, item, f"{path}[0]", f"{label}[0]", True, in_model, depth + 1, seen):
                yield sub[0], sub[1], [sub[2], *rest], sub[3]

    def _primitive_breaks(self, t: Primitive, valid: Any, in_model: bool) -> Iterator[tuple[str, Any]]:
        c = t.constraints
        if t.kind == "str":
            text = valid if isinstance(valid, str) else ""
            if c.min_length:
                yield "minLength", text[: c.min_length - 1] if len(text) >= c.min_length - 1 else "a" * (c.min_length - 1)
            if c.max_length is not None:
                n = c.max_length + 1
                yield "maxLength", Repeat("a", n, text=True) if n > _LONG else "a" * n
            if c.pattern is not None and compiles(c.pattern):
                bad = _not_matching(c.pattern, c.min_length or 0, c.max_length)
                if bad is not None:
                    yield "pattern", bad
        elif t.kind in ("int", "float"):
            yield from self._number_breaks(t, valid)
        elif t.kind in ("uuid", "datetime", "date") and not in_model:
            yield "format", Verbatim("not-a-" + {"uuid": "uuid", "datetime": "date-time", "date": "date"}[t.kind])

    def _number_breaks(self, t: Primitive, valid: Any) -> Iterator[tuple[str, Any]]:
        c = t.constraints
        is_int = t.kind == "int"

        def num(value: float) -> int | float:
            return int(value) if is_int else float(value)

        if c.minimum is not None:
            yield "minimum", num(math.ceil(c.minimum) - 1 if is_int else c.minimum - 1)
        if c.maximum is not None:
            yield "maximum", num(math.floor(c.maximum) + 1 if is_int else c.maximum + 1)
        if c.exclusive_minimum is not None:
            yield "exclusiveMinimum", num(math.floor(c.exclusive_minimum) if is_int else c.exclusive_minimum)
        if c.exclusive_maximum is not None:
            yield "exclusiveMaximum", num(math.ceil(c.exclusive_maximum) if is_int else c.exclusive_maximum)
        if c.multiple_of:
            base = valid if isinstance(valid, (int, float)) and not isinstance(valid, bool) else 0
            step = c.multiple_of
            bounds = Primitive(t.kind, None, replace(c, multiple_of=None))
            for offset in (1, 2, 3) if is_int else (step / 2, step / 3, step * 1.5):
                candidate = num(base + offset)
                if not self.samples.fits(t, candidate) and self.samples.fits(bounds, candidate):
                    yield "multipleOf", candidate
                    break


# --- JSON Schema of a request body (from the intermediate model) -------------------------


def request_schema(t: TypeExpr, models: dict[str, ModelDef]) -> dict[str, Any]:
    """A JSON Schema (2020-12) for request values of `t`: models under `$defs`, by name.

    Read-only properties are not required (the client does not send them); patterns
    that Python cannot compile are left out (the client does not check them either).
    """
    defs: dict[str, Any] = {}
    pending: list[str] = []

    def schema(t: TypeExpr) -> Any:
        if isinstance(t, Nullable):
            return {"anyOf": [schema(t.inner), {"type": "null"}]}
        if isinstance(t, AliasRef):
            return schema(t.target)
        if isinstance(t, LiteralType):
            return {"enum": list(t.values)}
        if isinstance(t, UnionType):
            return {"anyOf": [schema(v) for v in t.variants]}
        if isinstance(t, ModelRef):
            if t.name not in defs and t.name not in pending and t.name in models:
                pending.append(t.name)
            return {"$ref": f"#/$defs/{t.name}"} if t.name in models else {"type": "object"}
        out: dict[str, Any] = {}
        if isinstance(t, ArrayType):
            out = {"type": "array", "items": schema(t.item)}
        elif isinstance(t, MapType):
            out = {"type": "object"}
            if not (isinstance(t.value, Primitive) and t.value.kind == "any"):
                out["additionalProperties"] = schema(t.value)
        elif isinstance(t, Primitive):
            if t.kind == "any":
                return {}
            out = {"type": _JSON_TYPES[t.kind]}
            if t.format:
                out["format"] = t.format
        for key, value in (t.constraints.items() if isinstance(t, (Primitive, ArrayType, MapType)) else []):
            if key == "pattern" and not compiles(value):
                continue
            out[_SCHEMA_KEYWORDS[key]] = value
        return out

    def model_schema(model: ModelDef) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "properties": {p.wire_name: _with_read_only(schema(p.type), p) for p in model.properties},
        }
        required = [p.wire_name for p in model.properties if p.required and not p.read_only]
        if required:
            out["required"] = required
        groups = required_groups(model)
        if groups:
            out["anyOf"] = [{"required": list(g)} for g in groups]
        if model.closed:
            out["additionalProperties"] = False
        elif model.extra is not None:
            out["additionalProperties"] = schema(model.extra)
        return out

    root = schema(t)
    while pending:
        name = pending.pop(0)
        defs[name] = model_schema(models[name])
    result: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema", **root}
    if defs:
        result["$defs"] = dict(sorted(defs.items()))
    return result


def _with_read_only(schema: Any, prop: Property) -> Any:
    return {**schema, "readOnly": True} if prop.read_only and isinstance(schema, dict) else schema


# --- helpers ---------------------------------------------------------------------------


def _unwrap(t: TypeExpr) -> TypeExpr:
    while isinstance(t, (Nullable, AliasRef)):
        t = t.inner if isinstance(t, Nullable) else t.target
    return t


def _top_path(op: Operation, name: str) -> str:
    """Where the runtime's RequestValidationError points for argument `name`."""
    if any(p.py_name == name for p in op.parameters):
        return name
    if op.body is not None and op.body.fields is not None:
        wire = next(f.wire_name for f in op.body.fields if f.py_name == name)
        return f"body.{wire}"
    return "body"


def _default_style(p: Parameter) -> str:
    return "simple" if p.location in ("path", "header") else "form"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _delimited(value: Any, explode: bool) -> str:
    if isinstance(value, list):
        return ",".join(_scalar(v) for v in value)
    if isinstance(value, dict):
        sep = "=" if explode else ","
        return ",".join(f"{k}{sep}{_scalar(v)}" for k, v in value.items())
    return _scalar(value)


def _form_pairs(name: str, value: Any, style: str, explode: bool) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        if style == "deepObject":
            return [(f"{name}[{k}]", _scalar(v)) for k, v in value.items()]
        if explode:
            return [(k, _scalar(v)) for k, v in value.items()]
        return [(name, ",".join(f"{k},{_scalar(v)}" for k, v in value.items()))]
    if isinstance(value, list):
        if explode:
            return [(name, _scalar(v)) for v in value]
        sep = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(name, sep.join(_scalar(v) for v in value))]
    return [(name, _scalar(value))]


def _auth_value(scheme: SecurityScheme) -> str:
    if scheme.kind == "basic":
        return "Basic " + base64.b64encode(":".join(BASIC_AUTH).encode()).decode()
    return f"Bearer {TOKEN}" if scheme.kind == "bearer" else TOKEN


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


def _not_in(values: tuple[Any, ...]) -> Any:
    """A JSON scalar of the kind of `values[0]` that is not among `values`."""
    first = values[0]
    if isinstance(first, bool):
        others = [v for v in (True, False) if not any(v is w for w in values)]
        return others[0] if others else None
    if isinstance(first, (int, float)):
        return max(v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)) + 1
    text = "not-a-valid-value"
    while text in values:
        text += "_"
    return text


def _not_matching(pattern: str, lo: int, hi: int | None) -> str | None:
    """A string within the length bounds that `pattern` does not find."""
    for seed in ("!", " ", "-", "~", "a", "0", "A", "_", "!a", "a!"):
        text = (seed * max(1, -(-lo // len(seed))))[: hi if hi is not None else None]
        if len(text) >= lo and not matches(pattern, text):
            return text
    return None if lo > 0 or matches(pattern, "") else ""
