"""Code injection: spec text built to break out of literals, docstrings and comments stays text.

The payloads (tests/hostile/specs/injection*.yaml, utf7-title.yaml) try to create a file
named PWNED and to print HOSTILE_RAN. Every generated module is imported, and every command
line asked for its help, in a subprocess working in an empty sandbox: nothing may appear there,
nor anywhere in the session's temporary tree, nor in what the subprocess printed.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.hostile.conftest import GOOD_SPECS, Corpus
from tests.hostile.hostile_spec_support import (
    CODING_COOKIE,
    MARKER,
    SENTINEL,
    SPECS,
    diagnostics,
    files_under,
    imported,
    python,
)

INJECTION_PACKAGES = ("injection", "injection_swagger2", "coding_utf_7_x")


def spec_data(name: str) -> Any:
    return yaml.safe_load((SPECS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("package", sorted(GOOD_SPECS))
def test_the_spec_generates_with_nothing_but_warnings(corpus: Corpus, package: str) -> None:
    run = corpus.runs[package]
    assert run.code == 0, str(run)
    assert "Traceback" not in run.err
    assert run.out.strip() == f"{corpus.out / package}: updated"
    for warning in diagnostics(run):
        # recursive.yaml's self-containing union; fields the client does not honour ($id...);
        # links it cannot follow (an operationRef to another document)
        message = warning["message"]
        assert (
            "typed Any" in message or " is ignored: " in message or "has no method: " in message
        ), str(run)


def test_importing_every_module_and_asking_every_command_for_help_runs_no_spec_text(
    corpus: Corpus, import_report: tuple[dict[str, dict[str, object]], str]
) -> None:
    reports, raw = import_report
    assert sorted(reports) == sorted(GOOD_SPECS)
    for package, report in reports.items():
        assert report["errors"] == [], f"{package}: {report['errors']}"
        modules = list(report["modules"])  # type: ignore[call-overload]
        assert f"{package}.models" in modules and f"{package}.cli" in modules
        assert "usage:" in str(report["help"])
    assert MARKER not in raw
    assert files_under(corpus.sandbox) == set()
    assert [p for p in corpus.tmp.rglob("*") if SENTINEL in p.name] == []


@pytest.mark.parametrize("package", INJECTION_PACKAGES)
def test_python_m_package_help_runs_no_spec_text(corpus: Corpus, package: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", package, "--help"],
        cwd=corpus.out,  # as a user of the vendored package would
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": ""},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: {package}")
    assert MARKER not in result.stdout + result.stderr
    assert not (corpus.out / SENTINEL).exists()


def test_spec_text_reaches_the_code_verbatim(corpus: Corpus) -> None:
    """Escaped, not mangled: every string is the spec's own, character for character."""
    spec = spec_data("injection.yaml")
    path = next(iter(spec["paths"]))
    get, post = spec["paths"][path]["get"], spec["paths"][path]["post"]
    thing = spec["components"]["schemas"]["Thing"]
    with imported(corpus.out, "injection") as pkg:
        from importlib import import_module

        client = import_module("injection._client")
        assert client.SERVER_URL == spec["servers"][0]["url"]
        assert spec["info"]["title"] in (pkg.__doc__ or "")
        assert pkg.__version__ == spec["info"]["version"]
        assert {(s.key, s.name) for s in client._SCHEMES} == {
            ("api-key.-_", spec["components"]["securitySchemes"]["api-key.-_"]["name"]),
            ("basic_auth", "Authorization"),
        }
        model = import_module("injection.models").Thing
        assert [f.wire_name for f in model.__fields__] == sorted(
            thing["properties"], key=lambda w: w not in thing["required"]
        )
        kind = next(f for f in model.__fields__ if f.wire_name.startswith("kind"))
        assert list(kind.type.values) == thing["properties"][kind.wire_name]["enum"]
        resource = import_module("injection.resources.tag")
        operations = [v for v in vars(resource).values() if type(v).__name__ == "Operation"]
        assert {op.path for op in operations} == {path}
        by_method = {op.method: op for op in operations}
        assert {p.wire_name for p in by_method["GET"].params} == {
            p["name"] for p in spec["paths"][path]["parameters"] + get["parameters"]
        }
        assert by_method["POST"].body.media_type == next(iter(post["requestBody"]["content"]))
        query = next(p for p in by_method["GET"].params if p.location == "query")
        assert list(query.type.values) == get["parameters"][1]["schema"]["enum"]
        thing_obj = model.from_dict({w: "x" for w in thing["properties"] if w.startswith("name")})
        assert thing_obj.to_dict() == {w: "x" for w in thing["properties"] if w.startswith("name")}


def test_webhook_text_reaches_the_code_verbatim(corpus: Corpus) -> None:
    """Webhook and callback names, summaries and URL expressions are docstring text."""
    spec = spec_data("injection.yaml")
    ((name, item),) = spec["webhooks"].items()
    post = next(iter(spec["paths"].values()))["post"]
    ((callback, keys),) = post["callbacks"].items()
    ((key, _),) = keys.items()
    with imported(corpus.out, "injection"):
        from importlib import import_module

        hooks = import_module("injection.webhooks")
        docs = {
            n: inspect.cleandoc(f.__doc__ or "")
            for n, f in vars(hooks).items()
            if n.startswith("parse_")
        }
        assert len(docs) == 2
        hook = next(d for d in docs.values() if f"Webhook {name!r}" in d)
        assert item["post"]["summary"].strip() in hook
        called = next(d for d in docs.values() if f"Callback {callback!r}" in d)
        assert key in called
        payload = getattr(hooks, next(n for n, d in docs.items() if d == hook))
        wire = next(
            iter(item["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"])
        )
        assert payload(json.dumps({wire: "v"})).to_dict() == {wire: "v"}


def test_no_generated_file_starts_with_a_coding_cookie(corpus: Corpus) -> None:
    """The spec's file name is in every header: `coding=utf-7` there would re-decode the file."""
    for package in GOOD_SPECS:
        for module in (corpus.out / package).rglob("*.py"):
            head = module.read_text(encoding="utf-8").splitlines()[:2]
            assert not any(CODING_COOKIE.match(line) for line in head), f"{module}: {head}"


def test_a_utf7_payload_stays_utf8_text(corpus: Corpus) -> None:
    title = spec_data("utf7-title.yaml")["info"]["title"]
    result = python(
        "import coding_utf_7_x as p; print(p.__doc__.splitlines()[0])",
        cwd=corpus.sandbox,
        path=corpus.out,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(title)
    assert MARKER not in result.stdout + result.stderr


def test_help_texts_carry_no_terminal_control_characters(
    import_report: tuple[dict[str, dict[str, object]], str],
) -> None:
    reports, _ = import_report
    text = str(reports["injection"]["help"])
    assert re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text) is None


def test_payload_specs_really_carry_the_payloads() -> None:
    """Guard against a fixture edit that defuses the suite: the raw payloads are there."""
    text = (SPECS / "injection.yaml").read_text(encoding="utf-8")
    data = spec_data("injection.yaml")
    strings = list(_strings(data))
    for payload in (
        '"); import os',
        "'); import os",
        '\\"""\nimport os',
        "'''\nprint(",
        "\0",
        "\x1b",
        "\r",
        "\u2028",
    ):
        assert any(payload in s for s in strings), payload
    assert any(s.endswith("\\") for s in strings)
    assert '"HOSTILE" + "_RAN"' in text and MARKER not in text


def _strings(node: Any) -> Any:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def test_the_package_name_and_all_its_paths_stay_in_the_output_folder(
    corpus: Corpus,
) -> None:
    """Names built from `../../x` titles, tags, schema and property names are plain modules."""
    everything = files_under(corpus.tmp)
    outside = sorted(
        f
        for f in everything
        if not f.startswith(("out/", "specs/", "sandbox/")) and f != ".out.leadgen.lock"
    )
    assert outside == []
    for name in files_under(corpus.out / "output_paths"):
        assert ".." not in Path(name).parts and all(
            re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.py|\.md|\.typed)?", part)
            or part == "leadgen-manifest.json"
            for part in Path(name).parts
        ), name
