"""The mock itself, without a socket: MockRequest in, MockReply out.

Order of decisions: route (404, 405 with Allow), credentials (401), request
checks and the `Prefer` header (400, or the spec's 422 when it declares 422
and not 400; 415 for a body that is not JSON), then the documented response.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import LeadgenError
from ..model.ir import Api, Operation
from .checks import check_body, check_parameters, has_credentials
from .messages import MockReply, MockRequest, Problem, json_reply, problems_reply
from .responses import Preference, build_reply, parse_prefer, select_response
from .routes import Match, Router, server_prefixes
from .schemas import SchemaBook
from .synth import Synthesizer

__all__ = ["MockApp", "load_api"]


def load_api(path: Path) -> tuple[Api, dict[str, Any]]:
    """The IR and the bundled document of a spec; LeadgenError when it is unusable."""
    from ..config import package_name
    from ..model.api import build_api
    from ..pipeline import display_path, open_spec, validate_spec

    spec = open_spec(path, display_path(path))
    findings = validate_spec(spec, lints=False)
    if findings:
        raise LeadgenError(findings)
    return build_api(spec.doc, spec.data, package_name(path.stem)), spec.data


class MockApp:
    """Answers requests the way the spec documents them."""

    def __init__(self, api: Api, data: dict[str, Any]) -> None:
        self.api = api
        self.book = SchemaBook(data)
        self.synth = Synthesizer(self.book)
        self.router = Router(api.operations, server_prefixes(api.servers))

    @classmethod
    def from_spec(cls, path: Path) -> MockApp:
        return cls(*load_api(path))

    def handle(self, request: MockRequest) -> MockReply:
        if request.target.startswith("/"):  # origin form; urlsplit would read `//x` as a host
            path, _, query = request.target.partition("?")
        else:  # absolute form, as sent to proxies
            parts = urlsplit(request.target)
            path, query = parts.path or "/", parts.query
        found = self.router.find(request.method, path)
        if found is None:
            return problems_reply(404, [Problem("path", "route", f"no operation matches {path}")])
        if not isinstance(found, Match):
            allow = ", ".join(found)
            problem = Problem(
                "method", "method", f"{path} does not take {request.method} (it takes {allow})"
            )
            reply = problems_reply(405, [problem])
            return MockReply(reply.status, (*reply.headers, ("Allow", allow)), reply.body)
        return self._answer(found, request, parse_qs(query, keep_blank_values=True))

    def _answer(self, match: Match, request: MockRequest, query: dict[str, list[str]]) -> MockReply:
        op = match.operation
        if not has_credentials(op, self.api.schemes, request, query):
            return self._unauthorized(op)
        preference = parse_prefer(request.header("Prefer"))
        problems = [preference] if isinstance(preference, Problem) else []
        problems += check_parameters(op, self.book, request, match.path_params, query)
        body_problems, body_status = check_body(op, self.book, request)
        problems += body_problems
        if problems:
            return problems_reply(body_status or _validation_status(op, problems), problems)
        assert isinstance(preference, Preference)
        selected = select_response(op, preference)
        if isinstance(selected, Problem):
            return problems_reply(400, [selected])
        response, status = selected
        return build_reply(self.book, self.synth, response, status, preference.example)

    def _unauthorized(self, op: Operation) -> MockReply:
        challenge = self._challenge(op)
        headers = (("WWW-Authenticate", challenge),) if challenge else ()
        declared = next((r for r in op.responses if r.status == "401"), None)
        if declared is not None and declared.media_type is not None:
            return build_reply(self.book, self.synth, declared, 401, headers=headers)
        return json_reply(401, {"error": "unauthorized"}, headers=headers)

    def _challenge(self, op: Operation) -> str:
        keys = {key for requirement in op.security for key in requirement}
        kinds = {s.kind for s in self.api.schemes if s.key in keys}
        if "bearer" in kinds:
            return "Bearer"
        return 'Basic realm="leadgen mock"' if "basic" in kinds else ""


def _validation_status(op: Operation, problems: list[Problem]) -> int:
    """400, unless the operation documents 422 and not 400 for invalid requests."""
    statuses = {r.status for r in op.responses}
    only_prefer = all(p.location == "header.Prefer" for p in problems)
    return 422 if "422" in statuses and "400" not in statuses and not only_prefer else 400
