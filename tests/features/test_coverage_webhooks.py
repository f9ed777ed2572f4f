"""Webhooks (OpenAPI 3.1+) and operation callbacks: typed payloads parsed by
`<package>.webhooks`, Standard Webhooks signatures verified before parsing, and `leadgen mock`
sending an operation's callbacks once it has answered.

Two documents (tests/fixtures/features/webhooks31.yaml, webhooks32.yaml) are generated once,
imported and checked with mypy --strict; the signature vectors are computed here with hmac.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import importlib
import io
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import black
import httpx
import pytest
import yaml
from leadgen.diff.command import diff_pair
from leadgen.emit.format import BLACK_MODE
from leadgen.emit.layout import fits_black
from leadgen.mock.app import MockApp
from leadgen.mock.callbacks import is_loopback
from leadgen.mock.messages import MockRequest
from leadgen.mock.server import MockServer
from leadgen.spec.expressions import Expression, parse_key

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests" / "fixtures" / "features"
KEY = b"the receiver's key"
SECRET = "whsec_" + base64.b64encode(KEY).decode()


@dataclass
class Generated:
    out: Path
    stderr: str
    imported: dict[str, ModuleType] = field(default_factory=dict)

    def package(self, name: str) -> ModuleType:
        """The package `name` (or one of its modules, `name.webhooks`), imported once."""
        if name not in self.imported:
            sys.path.insert(0, str(self.out))
            try:
                if "." not in name:
                    for module in [m for m in sys.modules if m.split(".")[0] == name]:
                        del sys.modules[module]
                self.imported[name] = importlib.import_module(name)
            finally:
                sys.path.remove(str(self.out))
        return self.imported[name]

    def hooks(self, name: str) -> ModuleType:
        self.package(name)
        return self.package(name + ".webhooks")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    out = tmp_path_factory.mktemp("webhooks")
    stderr = ""
    for name in ("webhooks31", "webhooks32"):
        result = subprocess.run(
            [sys.executable, "-m", "leadgen", "generate", str(SPECS / f"{name}.yaml")]
            + ["--output", str(out), "--no-cache", "-q"],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        assert result.returncode == 0, result.stderr
        stderr += result.stderr
    return Generated(out, stderr)


def _signed(
    body: bytes, msg_id: str = "msg_1", at: int | None = None, key: bytes = KEY
) -> dict[str, str]:
    """The Standard Webhooks headers, computed here independently of the runtime."""
    stamp = int(time.time()) if at is None else at
    digest = hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": "v1," + base64.b64encode(digest).decode(),
    }


# -- generation ----------------------------------------------------------------------------------


def test_packages_pass_mypy_strict_and_ruff(generated: Generated) -> None:
    packages = ["webhooks31", "webhooks32"]
    for tool in (["mypy", "--strict", "--no-incremental"], ["ruff", "check", "--isolated"]):
        result = subprocess.run(
            [sys.executable, "-m", *tool, *packages],
            cwd=generated.out,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_webhooks_and_callbacks_are_no_longer_warned(generated: Generated) -> None:
    """Only the callback whose key is no runtime expression is warned, at its key."""
    warnings = [line for line in generated.stderr.splitlines() if line.strip()]
    expected = (
        "tests/fixtures/features/webhooks32.yaml:32:13: "
        "/paths/~1jobs~1{jobId}/post/callbacks/broken/{$bogus.thing}~1x: the callback URL"
        " '{$bogus.thing}/x' is ignored: leadgen mock sends no callback to it: '$bogus.thing' is"
        " not a runtime"
        " expression ($url, $method, $statusCode, $request.…, $response.…)"
    )
    assert warnings == [expected]


def test_one_parse_function_per_webhook_and_callback_operation(generated: Generated) -> None:
    """Names come from the webhook (or operationId and callback name): `client` and `__init__`
    are fine names there, and text that looks like code stays text."""
    hooks31 = generated.hooks("webhooks31")
    assert sorted(n for n in hooks31.__all__ if n.startswith("parse_")) == [
        "parse_client",
        "parse_init",
        "parse_new_pet",
        "parse_new_pet_2",  # the webhook `new_pet`, named apart from `newPet`
        "parse_subscribe_on_event",
    ]
    hooks32 = generated.hooks("webhooks32")
    assert sorted(n for n in hooks32.__all__ if n.startswith("parse_")) == [
        "parse_evil_name_import_os",
        "parse_form_posted",
        "parse_job_changed",
        "parse_report_progress",  # the callback operation's own operationId
        "parse_start_job_broken",
        "parse_start_job_done",
    ]
    doc = hooks32.parse_evil_name_import_os.__doc__
    assert 'Injected """ text' in doc and 'Webhook \'evil""" name; import os\'' in doc
    assert "os" not in vars(hooks32)
    readme = (generated.out / "webhooks31" / "README.md").read_text(encoding="utf-8")
    assert "- `parse_new_pet`: webhook `newPet`, POST -> `Pet`: A pet was added" in readme
    assert (
        "- `parse_subscribe_on_event`: callback `onEvent` of `subscribe`, POST -> `Event`" in readme
    )
    assert (
        "Callback 'onEvent' of the operation 'subscribe': the API sends\n"
        "    POST to {$request.body#/callbackUrl}/events?sub={$response.body#/id}\n"
        in hooks31.parse_subscribe_on_event.__doc__
    )


# -- typed payloads ------------------------------------------------------------------------------


def test_payloads_parse_into_the_models(generated: Generated) -> None:
    package = generated.package("webhooks31")
    hooks = generated.hooks("webhooks31")
    models = importlib.import_module("webhooks31.models")
    pet = hooks.parse_new_pet(b'{"id": 7, "name": "rex", "extra": true}')
    assert type(pet) is models.Pet  # a $ref'd schema is the same model everywhere
    assert (pet.id, pet.name, pet.additional_properties) == (7, "rex", {"extra": True})
    event = hooks.parse_subscribe_on_event('{"type": "moved", "pet": {"id": 1, "name": "a"}}')
    assert type(event) is models.Event and type(event.pet) is models.Pet
    inline = hooks.parse_client('{"at": "2024-05-06T07:08:09Z", "kind": "b\\"c"}')
    assert type(inline) is models.ClientPayload2  # a schema of the spec is called ClientPayload
    assert inline.at.isoformat() == "2024-05-06T07:08:09+00:00" and inline.kind == 'b"c'
    assert hooks.parse_init(b"") is None
    with pytest.raises(package.ResponseValidationError) as wrong:
        hooks.parse_new_pet(b'{"id": "7", "name": "rex"}')
    assert (wrong.value.path, wrong.value.message) == ("/id", "expected integer, got string")
    with pytest.raises(package.ResponseValidationError) as missing:
        hooks.parse_subscribe_on_event(b'{"type": "x", "pet": {"id": 1}}')
    assert missing.value.path == "/pet/name"
    with pytest.raises(package.ResponseValidationError, match="not valid JSON"):
        hooks.parse_new_pet(b"{not json")


def test_32_payloads_by_path_item_ref_additional_operation_and_text(generated: Generated) -> None:
    hooks = generated.hooks("webhooks32")
    changed = hooks.parse_job_changed(
        b'{"job": {"id": "j1", "state": "done"}, "at": "2024-01-01T00:00:00Z"}'
    )
    assert changed.job.state == "done" and changed.at.year == 2024
    evil = hooks.parse_evil_name_import_os(b'{"\\"\\"\\"": "quotes"}')
    assert evil.to_dict() == {'"""': "quotes"}
    assert hooks.parse_report_progress(b"40%") == "40%"  # text/plain: the text as it came
    package = generated.package("webhooks32")
    with pytest.raises(package.ResponseValidationError, match="not UTF-8 text"):
        hooks.parse_report_progress(b"\xff")
    with pytest.raises(
        package.ResponseValidationError, match="x-www-form-urlencoded payload is not"
    ):
        hooks.parse_form_posted(b"a=1")  # forms are typed, not read
    assert hooks.parse_start_job_done('{"id": "j", "state": "queued"}').state == "queued"
    # as in responses, an unlisted value of the enum's type is taken (forward compatible)...
    assert hooks.parse_start_job_done('{"id": "j", "state": "paused"}').state == "paused"
    package = generated.package("webhooks32")
    with pytest.raises(package.ResponseValidationError) as wrong:  # ...another type is not
        hooks.parse_start_job_done('{"id": "j", "state": 3}')
    assert (wrong.value.path, wrong.value.message) == ("/state", "expected string, got number")


# -- signatures ----------------------------------------------------------------------------------


def test_signatures_are_verified_before_parsing(generated: Generated) -> None:
    hooks = generated.hooks("webhooks31")
    body = b'{"id": 1, "name": "rex"}'
    headers = _signed(body)
    assert hooks.parse_new_pet(body, headers=headers, secret=SECRET).name == "rex"
    assert hooks.parse_new_pet(body, headers=headers, secret=KEY).name == "rex"  # raw key
    upper = {k.title(): v for k, v in headers.items()}  # header names in any case
    assert hooks.parse_new_pet(body.decode(), headers=upper, secret=SECRET).id == 1
    # several signatures (a rotated key): one that matches is enough
    other = _signed(body, key=b"old key")["webhook-signature"]
    rotated = {**headers, "webhook-signature": f"v1a,xyz {other} {headers['webhook-signature']}"}
    assert hooks.parse_new_pet(body, headers=rotated, secret=SECRET).id == 1
    assert hooks.verify_webhook(body, headers, SECRET) is None
    made = hooks.sign_webhook(
        body, msg_id="msg_1", timestamp=int(headers["webhook-timestamp"]), secret=KEY
    )
    assert made == headers


def test_bad_signatures_raise_before_the_body_is_read(generated: Generated) -> None:
    hooks = generated.hooks("webhooks31")
    body = b'{"id": 1, "name": "rex"}'
    headers = _signed(body)
    now = int(headers["webhook-timestamp"])
    cases: list[tuple[Any, dict[str, str], Any, str]] = [
        (b'{"id": 2, "name": "rex"}', headers, SECRET, "WebhookSignatureError"),  # tampered body
        (body, headers, "whsec_" + base64.b64encode(b"wrong").decode(), "WebhookSignatureError"),
        (body, {**headers, "webhook-id": "msg_2"}, SECRET, "WebhookSignatureError"),
        (body, _signed(body, at=now - 301), SECRET, "WebhookTimestampError"),  # stale
        (body, _signed(body, at=now + 400), SECRET, "WebhookTimestampError"),  # from the future
        (body, {**headers, "webhook-timestamp": "soon"}, SECRET, "WebhookHeaderError"),
        (
            body,
            {k: v for k, v in headers.items() if k != "webhook-signature"},
            SECRET,
            "WebhookHeaderError",
        ),
        (
            body,
            {k: v for k, v in headers.items() if k != "webhook-id"},
            SECRET,
            "WebhookHeaderError",
        ),
        (body, {}, SECRET, "WebhookHeaderError"),
        (
            body,
            {**headers, "webhook-signature": "v2," + headers["webhook-signature"][3:]},
            SECRET,
            "WebhookSignatureError",
        ),
        (b"{not json", _signed(b"{not json"), KEY + b"!", "WebhookSignatureError"),  # not parsed
    ]
    for sent, with_headers, secret, error in cases:
        with pytest.raises(hooks.WebhookVerificationError) as raised:
            hooks.parse_new_pet(sent, headers=with_headers, secret=secret)
        assert type(raised.value).__name__ == error, (with_headers, str(raised.value))
        text = str(raised.value) + repr(raised.value)
        assert "whsec_" not in text and base64.b64encode(KEY).decode() not in text
        assert headers["webhook-signature"][3:] not in text and "rex" not in text
    # a timestamp 301 s old passes with a wider tolerance
    assert (
        hooks.parse_new_pet(body, headers=_signed(body, at=now - 301), secret=KEY, tolerance=600).id
        == 1
    )
    with pytest.raises(hooks.WebhookVerificationError, match="not base64"):
        hooks.parse_new_pet(body, headers=headers, secret="whsec_@@@")
    with pytest.raises(TypeError, match="give secret= too"):
        hooks.parse_new_pet(body, headers=headers)  # headers alone would verify nothing
    secret = hooks.WebhookSecret(SECRET)
    assert repr(secret) == "WebhookSecret(<hidden>)" and "whsec" not in str(vars(type(secret)))


def test_timestamps_are_within_the_tolerance_either_way(generated: Generated) -> None:
    hooks = generated.hooks("webhooks31")
    body = b"{}"
    headers = _signed(body, at=1_000_000)
    for now in (1_000_300, 999_700, 1_000_000):  # 300 s either way is still within
        assert hooks.verify_webhook(body, headers, KEY, now=now) is None
    for now in (1_000_301, 999_699):
        with pytest.raises(hooks.WebhookTimestampError, match="301 s away from now"):
            hooks.verify_webhook(body, headers, KEY, now=now)
    assert hooks.verify_webhook(body, headers, KEY, now=1_000_010, tolerance=10) is None
    with pytest.raises(hooks.WebhookTimestampError, match=r"\(tolerance 10 s\)"):
        hooks.verify_webhook(body, headers, KEY, now=1_000_011, tolerance=10)


# -- the mock sends callbacks ----------------------------------------------------------------


class _Receiver:
    """A stdlib HTTP server on a free loopback port that records the requests it gets."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str, dict[str, str], bytes]] = []
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                self.send_response(204)
                self.end_headers()
                with receiver.arrived:
                    receiver.received.append((self.command, self.path, dict(self.headers), body))
                    receiver.arrived.notify_all()

            do_POST = do_PUT = _record

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait(self, count: int = 1) -> None:
        """Until `count` requests have arrived (AssertionError after 10 s)."""
        with self.arrived:
            arrived = self.arrived.wait_for(lambda: len(self.received) >= count, timeout=10)
        assert arrived, f"{len(self.received)} of {count} callbacks arrived"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[_Receiver]:
    found = _Receiver()
    yield found
    found.close()


def _wait_for_line(log: io.StringIO, pattern: str) -> str:
    """The first log line matching `pattern`, waiting for the callback thread to write it."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for line in log.getvalue().splitlines():
            if re.search(pattern, line):
                return line
        time.sleep(0.02)
    raise AssertionError(f"no log line matches {pattern!r}: {log.getvalue()}")


def test_the_mock_sends_callbacks_the_client_triggers(
    generated: Generated, receiver: _Receiver
) -> None:
    """The generated client calls the operation on the mock; the callback reaches a local
    server at the URL the request named, signed, and parses into the typed model."""
    package = generated.package("webhooks31")
    hooks = generated.hooks("webhooks31")
    app = MockApp.from_spec(SPECS / "webhooks31.yaml", webhook_secret=KEY)
    log = io.StringIO()
    with MockServer(SPECS / "webhooks31.yaml", app=app, log=log) as mock:
        with package.Client(base_url=mock.url, max_retries=0) as client:
            created = client.subscriptions.subscribe(callback_url=receiver.url + "/hooks")
        receiver.wait()
        method, path, headers, body = receiver.received[0]
        assert (method, path) == ("POST", f"/hooks/events?sub={created.id}")
        assert headers["Content-Type"] == "application/json"
        event = hooks.parse_subscribe_on_event(body, headers=headers, secret=SECRET)
        assert type(event).__name__ == "Event" and type(event.pet).__name__ == "Pet"
        assert json.loads(body) == event.to_dict() | {"pet": event.pet.to_dict()}
        _wait_for_line(
            log, r"callback onEvent POST http://127\.0\.0\.1:\d+/hooks/events\?sub=\S+ 204 "
        )


def test_the_mock_fills_in_every_kind_of_expression(
    generated: Generated, receiver: _Receiver
) -> None:
    """Path, query, header, response body and status code, in a 3.2 document whose callbacks
    are shared (components/callbacks); a text payload is sent as text."""
    package = generated.package("webhooks32")
    log = io.StringIO()
    with MockServer(SPECS / "webhooks32.yaml", log=log) as mock:
        with package.Client(base_url=mock.url, max_retries=0) as client:
            job = client.jobs.start(
                "j 1", notify=receiver.url + "/done", x_callback=receiver.url + "/cb"
            )
        receiver.wait(2)
        _wait_for_line(log, r"callback broken POST  skipped: no URL")
    got = {path: (method, headers, body) for method, path, headers, body in receiver.received}
    assert set(got) == {f"/done?job={job.id}&status=202", "/cb/progress/j%201"}
    method, headers, body = got[f"/done?job={job.id}&status=202"]
    assert method == "POST" and "webhook-signature" not in headers  # the mock has no secret
    assert generated.hooks("webhooks32").parse_start_job_done(body).state in (
        "queued",
        "running",
        "done",
    )
    method, headers, body = got["/cb/progress/j%201"]
    assert method == "PUT" and headers["Content-Type"] == "text/plain"
    assert isinstance(generated.hooks("webhooks32").parse_report_progress(body), str)


def test_the_mock_sends_to_loopback_hosts_only(generated: Generated, receiver: _Receiver) -> None:
    """A URL from the request on another host is skipped with a log line, injected text
    escaped; so is a value the request lacks, and the mock's own address."""
    package = generated.package("webhooks31")
    log = io.StringIO()
    with MockServer(SPECS / "webhooks31.yaml", log=log) as mock:
        with package.Client(base_url=mock.url, max_retries=0) as client:
            client.subscriptions.subscribe(callback_url="http://example.com/x\r\nEvil: 1")
            line = _wait_for_line(log, r"callback onEvent POST http://example\.com")
            assert line.endswith(
                "skipped: not a loopback host (`leadgen mock --callbacks-anywhere` sends it)"
            )
            assert "/x%0D%0AEvil:%201/events" in line and "\nEvil" not in log.getvalue()
            client.subscriptions.subscribe(callback_url=mock.url)
            _wait_for_line(log, r"skipped: the mock's own address")
        with httpx.Client(base_url=mock.url) as raw:  # a 4xx answer sends nothing
            assert raw.post("/subscriptions", json={}).status_code == 400
    assert receiver.received == []
    assert log.getvalue().count("leadgen mock: callback ") == 2


def test_callback_plans_without_a_server() -> None:
    """What the mock would send, read from MockApp.handle: loopback only unless allowed."""
    app = MockApp.from_spec(SPECS / "webhooks31.yaml")
    request = MockRequest(
        "POST",
        "/subscriptions",
        (("Content-Type", "application/json"),),
        b'{"callbackUrl": "https://hooks.example.org/a"}',
    )
    (refused,) = app.handle(request).callbacks
    assert refused.refused.startswith("not a loopback host") and refused.body == b""
    anywhere = MockApp.from_spec(SPECS / "webhooks31.yaml", callbacks_anywhere=True)
    (planned,) = anywhere.handle(request).callbacks
    assert planned.url == "https://hooks.example.org/a/events?sub=example" and not planned.refused
    assert json.loads(planned.body)["pet"]["name"]
    assert [h for h, _ in planned.headers] == ["Content-Type", "webhook-id", "webhook-timestamp"]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.9.10", True), ("[::1]", True), ("localhost", True),
     ("LOCALHOST.", True), ("10.0.0.1", False), ("example.com", False), ("localhost.evil.com", False),
     ("0.0.0.0", False), ("::ffff:8.8.8.8", False)],
)  # fmt: skip
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_runtime_expressions_are_parsed_not_evaluated() -> None:
    assert parse_key("{$request.body#/callbackUrl}/events") == (
        Expression("request", "body", pointer=("callbackUrl",)),
        "/events",
    )
    assert parse_key("$request.body#/a~1b/0") == (
        Expression("request", "body", pointer=("a/b", "0")),
    )
    assert parse_key("http://x/{$method}?u={$url}&s={$statusCode}&h={$response.header.X-Id}") == (
        "http://x/", Expression("method"), "?u=", Expression("url"), "&s=",
        Expression("statusCode"), "&h=", Expression("response", "header", "X-Id"),
    )  # fmt: skip
    for bad in ("{$request.header.a b}", "{__import__('os')}", "http://x/", "{$request.body#x}",
                "{$request.query.}", "{$request.body}}", "{$response.cookie.a}"):  # fmt: skip
        with pytest.raises(ValueError):
            parse_key(bad)


def test_webhook_modules_are_written_only_when_needed(generated: Generated) -> None:
    """`_webhooks.py` is the runtime's, copied verbatim; `webhooks.py` is written in black's final
    form (black does not run on it); a package without webhooks has neither."""
    runtime = (ROOT / "templates" / "runtime" / "_webhooks.py").read_text(encoding="utf-8")
    for name in ("webhooks31", "webhooks32"):
        folder = generated.out / name
        assert (folder / "_webhooks.py").read_text(encoding="utf-8").split("\n", 1)[1] == runtime
        text = (folder / "webhooks.py").read_text(encoding="utf-8")
        assert fits_black(text.split("\n", 1)[1]), name
        assert black.format_str(text, mode=BLACK_MODE) == text
    plain = ROOT / "generated" / "inboxapp"
    assert not (plain / "webhooks.py").exists() and not (plain / "_webhooks.py").exists()


# -- leadgen diff --------------------------------------------------------------------------------


def test_diff_reports_webhooks_and_their_payloads(tmp_path: Path) -> None:
    """A removed and an added webhook, an inline payload that is wider, and a shared payload
    schema whose change reaches the webhook and the callback (one finding naming both)."""
    old_text = (SPECS / "webhooks31.yaml").read_text(encoding="utf-8")
    new = yaml.safe_load(old_text)
    hooks = new["webhooks"]
    del hooks["__init__"]
    hooks["gone"] = {"delete": {"responses": {"200": {"description": "ok"}}}}
    hooks["client"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"][
        "kind"
    ]["enum"].append("d")
    del new["components"]["schemas"]["Pet"]["required"]  # `name` may now be absent
    for side, text in (("old", old_text), ("new", yaml.safe_dump(new))):
        (tmp_path / side).mkdir()
        (tmp_path / side / "webhooks31.yaml").write_text(text, encoding="utf-8")
    report = diff_pair(
        str(tmp_path / "old" / "webhooks31.yaml"),
        str(tmp_path / "new" / "webhooks31.yaml"),
        today=datetime.date(2025, 6, 1),
    )
    found = {(f.rule, f.message, f.operations, f.symbols) for f in report.findings}
    assert (
        "webhook-removed",
        "webhook __init__ (PUT) removed",
        ("webhook __init__ (PUT)",),
        ("webhooks31.webhooks.parse_init",),
    ) in found
    assert (
        "webhook-added",
        "new webhook gone (DELETE)",
        ("webhook gone (DELETE)",),
        ("webhooks31.webhooks.parse_gone",),
    ) in found
    assert (
        "response-enum-value-added",
        'ClientPayload2.kind may now return "d"',
        ("webhook client (POST)",),
        ("webhooks31.models.ClientPayload2.kind", "webhooks31.webhooks.parse_client"),
    ) in found
    assert (
        "response-property-became-optional",
        "property `name` of Pet may now be absent",
        ("callback onEvent of subscribe (POST)", "webhook newPet (POST)"),
        (
            "webhooks31.models.Pet.name",
            "webhooks31.webhooks.parse_subscribe_on_event",
            "webhooks31.webhooks.parse_new_pet",
        ),
    ) in found
    assert len(found) == 5  # and `id`, optional too: nothing about the operation `subscribe`
