"""The mock itself, without a socket: MockRequest in, MockReply out.

Order of decisions: CORS preflight (`OPTIONS` with `Access-Control-Request-Method`,
or `OPTIONS` on a path whose spec has no `OPTIONS`: 204), route (404; 405 with
`Allow` for a method the path does not take, unknown methods included),
credentials (401), request checks and the `Prefer` header (400, or the spec's 422
when it declares 422 and not 400; 415 for a body of the wrong media type), the
`Accept` header (406), then the documented response. Every error reply follows
the operation's declaration of that status when it has one (failures.py), and
every reply carries `Access-Control-Allow-Origin`.
"""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import LeadgenError
from ..model.ir import Api, Operation, Server
from .callbacks import CallbackPlanner
from .checks import check_body, check_parameters, has_credentials
from .failures import error_reply
from .messages import MockReply, MockRequest, Problem
from .responses import (
    Preference,
    build_reply,
    media_types,
    negotiate,
    parse_prefer,
    select_response,
)
from .routes import Match, Router, server_prefixes
from .schemas import SchemaBook
from .synth import Synthesizer

__all__ = ["MockApp", "load_api", "with_cors"]

_CORS_MAX_AGE = "86400"


def load_api(path: Path) -> tuple[Api, dict[str, Any], dict[tuple[str, str], str]]:
    """The IR and the bundled document (as OpenAPI 3) of a spec, and the media type of
    its operations' bodiless responses (below); LeadgenError when the spec is unusable."""
    from ..config import package_name
    from ..model.api import build_api
    from ..pipeline import as_openapi3, display_path, open_spec, validate_spec

    spec = open_spec(path, display_path(path))
    findings = validate_spec(spec, lints=False)
    if findings:
        raise LeadgenError(findings)
    data, _ = as_openapi3(spec)
    return build_api(spec.doc, data, package_name(path.stem)), data, _produces(spec.data)


def _produces(data: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(METHOD, path) -> the first `produces` type of each operation of a Swagger 2.0 spec.

    In Swagger 2.0 `produces` is the media type of every response of an operation,
    bodiless ones (204) included, and tools read it so: such a response is sent with
    that Content-Type and no body. OpenAPI 3 ties media types to content, so it has none.
    """
    if str(data.get("swagger", "")) != "2.0":
        return {}
    found: dict[tuple[str, str], str] = {}
    for path, item in (data.get("paths") or {}).items():
        for method, op in (item or {}).items() if isinstance(item, dict) else ():
            if not isinstance(op, dict) or method == "parameters":
                continue
            produces = op.get("produces", data.get("produces")) or []
            if produces:
                found[method.upper(), str(path)] = str(produces[0])
    return found


def with_cors(reply: MockReply, request: MockRequest) -> MockReply:
    """`reply` with the CORS headers a browser needs to read it."""
    origin = request.header("Origin")
    headers = [("Access-Control-Allow-Origin", origin or "*")]
    if origin:
        headers += [("Access-Control-Allow-Credentials", "true"), ("Vary", "Origin")]
    headers.append(("Access-Control-Expose-Headers", "*"))
    return replace(reply, headers=(*reply.headers, *headers))


class MockApp:
    """Answers requests the way the spec documents them.

    `dynamic`: make bodies afresh from the schemas on each request (examples are
    skipped), as `Prefer: dynamic=true` does for one request. `seed`: the random
    source of dynamic bodies starts from it, so the same requests get the same answers.
    A successful answer of an operation with `callbacks` carries the callback requests
    (callbacks.py); `callbacks_anywhere` lets them go to other hosts than this machine,
    `webhook_secret` signs them.
    """

    def __init__(
        self,
        api: Api,
        data: dict[str, Any],
        bodiless_media: dict[tuple[str, str], str] | None = None,
        *,
        dynamic: bool = False,
        seed: int | None = None,
        callbacks_anywhere: bool = False,
        webhook_secret: bytes | None = None,
    ) -> None:
        self.bodiless_media = bodiless_media or {}
        self.api = api
        self.book = SchemaBook(data)
        self.synth = Synthesizer(self.book)
        self.callbacks = CallbackPlanner(
            self.book,
            self.synth,
            api.webhooks,
            anywhere=callbacks_anywhere,
            secret=webhook_secret,
        )
        relative = [
            Server(op.server) for op in api.operations if op.server and "://" not in op.server
        ]
        self.router = Router(api.operations, server_prefixes([*api.servers, *relative]))
        self.dynamic = dynamic
        self.seed = seed
        self._count = 0
        self._count_lock = threading.Lock()

    @classmethod
    def from_spec(
        cls,
        path: Path,
        *,
        dynamic: bool = False,
        seed: int | None = None,
        callbacks_anywhere: bool = False,
        webhook_secret: bytes | None = None,
    ) -> MockApp:
        return cls(
            *load_api(path),
            dynamic=dynamic,
            seed=seed,
            callbacks_anywhere=callbacks_anywhere,
            webhook_secret=webhook_secret,
        )

    def handle(self, request: MockRequest) -> MockReply:
        return with_cors(self._handle(request), request)

    def _rng(self) -> random.Random:
        if self.seed is None:
            return random.Random()
        with self._count_lock:
            self._count += 1
            return random.Random(f"{self.seed}:{self._count}")

    def _handle(self, request: MockRequest) -> MockReply:
        if request.target.startswith("/"):  # origin form; urlsplit would read `//x` as a host
            path, _, query = request.target.partition("?")
        else:  # absolute form, as sent to proxies
            parts = urlsplit(request.target)
            path, query = parts.path or "/", parts.query
        method = request.method.upper()
        found = self.router.find(method, path, parse_qs(query, keep_blank_values=True))
        if method == "OPTIONS" and (
            request.header("Access-Control-Request-Method") is not None
            or (found is not None and not isinstance(found, Match))
        ):
            return self._preflight(request, found)
        if found is None:
            problem = Problem("path", "route", f"no operation matches {path}")
            return self._error(None, 404, [problem])
        if not isinstance(found, Match):
            allow = ", ".join(found)
            problem = Problem(
                "method", "method", f"{path} does not take {request.method} (it takes {allow})"
            )
            return self._error(None, 405, [problem], (("Allow", allow),))
        return self._answer(found, request, parse_qs(query, keep_blank_values=True))

    def _preflight(self, request: MockRequest, found: Match | tuple[str, ...] | None) -> MockReply:
        if isinstance(found, Match):
            methods = [found.operation.method]
        else:
            methods = list(found or ())
        asked = request.header("Access-Control-Request-Method")
        if asked and asked.upper() not in methods:
            methods.append(asked.upper())
        allow = ", ".join([*methods, "OPTIONS"] if "OPTIONS" not in methods else methods)
        headers = (
            ("Allow", allow),
            ("Access-Control-Allow-Methods", allow),
            (
                "Access-Control-Allow-Headers",
                request.header("Access-Control-Request-Headers") or "*",
            ),
            ("Access-Control-Max-Age", _CORS_MAX_AGE),
        )
        return MockReply(204, headers)

    def _error(
        self,
        op: Operation | None,
        status: int,
        problems: list[Problem],
        headers: tuple[tuple[str, str], ...] = (),
        rng: random.Random | None = None,
    ) -> MockReply:
        return error_reply(self.book, self.synth, op, status, problems, headers, rng)

    def _answer(self, match: Match, request: MockRequest, query: dict[str, list[str]]) -> MockReply:
        op = match.operation
        preference = parse_prefer(request.header("Prefer"))
        dynamic = self.dynamic
        if isinstance(preference, Preference) and preference.dynamic is not None:
            dynamic = preference.dynamic
        rng = self._rng() if dynamic else None
        if not has_credentials(op, self.api.schemes, request, query):
            return self._unauthorized(op, rng)
        problems = [preference] if isinstance(preference, Problem) else []
        problems += check_parameters(op, self.book, request, match.path_params, query)
        body_problems, body_status = check_body(op, self.book, request)
        problems += body_problems
        if problems:
            status = body_status or _validation_status(op, problems)
            return self._error(op, status, problems, rng=rng)
        assert isinstance(preference, Preference)
        selected = select_response(op, preference)
        if isinstance(selected, Problem):
            return self._error(op, 400, [selected], rng=rng)
        response, status = selected
        media = None
        if response is not None and status not in (204, 205, 304):
            offered = media_types(self.book, response)
            media = negotiate(offered, request.header("Accept"))
            if offered and media is None:
                accept = request.header("Accept") or ""
                problem = Problem(
                    "header.Accept",
                    "accept",
                    f"cannot answer in {accept}: the response is {', '.join(offered)}",
                )
                return self._error(op, 406, [problem], rng=rng)
        reply = build_reply(
            self.book, self.synth, response, status, preference.example, media_type=media, rng=rng
        )
        bodiless = self.bodiless_media.get((op.method, op.path))
        if bodiless and not any(k.lower() == "content-type" for k, _ in reply.headers):
            reply = MockReply(reply.status, (("Content-Type", bodiless), *reply.headers), b"")
        callbacks = self.callbacks.plan(op.pointer, request, match.path_params, query, reply, rng)
        return replace(reply, callbacks=callbacks) if callbacks else reply

    def _unauthorized(self, op: Operation, rng: random.Random | None) -> MockReply:
        challenge = self._challenge(op)
        headers = (("WWW-Authenticate", challenge),) if challenge else ()
        problem = Problem("credentials", "security", "missing or unusable credentials")
        return self._error(op, 401, [problem], headers, rng)

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
