"""The stages, tied together: load -> bundle -> validate -> build -> render -> format -> write."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import FormatCache, PackageCache, tree_digest
from .config import Client
from .errors import Diagnostic, LeadgenError

if TYPE_CHECKING:
    from .spec.loader import Document

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

__all__ = ["Spec", "open_spec", "spec_paths", "validate_spec"]


@dataclass
class Spec:
    """A loaded spec: its root document (for positions) and the bundled data."""

    doc: Document
    data: dict[str, Any]
    deps: list[Path]  # other files pulled in through $ref


def open_spec(path: str | Path, display: str | None = None, *, root: Path | None = None) -> Spec:
    """The spec at `path`, bundled: `$ref`s may reach files inside the project `root` (for a spec
    inside it), else only in the spec's own folder."""
    from .spec.loader import load_document
    from .spec.refs import bundle

    doc = load_document(path, display)
    data, deps = bundle(doc, root=root)
    return Spec(doc, data, deps)


def validate_spec(spec: Spec, *, lints: bool = True) -> list[Diagnostic]:
    """All findings; refs and structure first, since nothing else can run over them."""
    from .spec.validate import check_refs, check_structure, lint

    findings = check_refs(spec.doc, spec.data)
    if not findings:
        findings = check_structure(spec.doc, spec.data)
    if lints and not findings:
        findings = lint(spec.doc, spec.data)
    return sorted({_explain_recursion(f) for f in findings})


def _explain_recursion(finding: Diagnostic) -> Diagnostic:
    """The validator's stack overflow (long chains of $ref, mostly) said in the spec's terms."""
    if "maximum recursion depth" not in finding.message:
        return finding
    return replace(
        finding,
        message="the spec nests too deeply to be checked: schemas or $refs chained hundreds deep",
        hint="shorten the chains of $ref and move inner schemas to components/schemas",
    )


def as_openapi3(spec: Spec) -> tuple[dict[str, Any], list[str]]:
    """The spec as OpenAPI 3 (Swagger 2.0 is converted in memory), and conversion notes."""
    from .spec.swagger2 import convert
    from .spec.validate import openapi_version

    if openapi_version(spec.data) == "2.0":
        return convert(spec.data)
    return spec.data, []


def spec_paths(folder: Path) -> list[Path]:
    """The spec files of a folder, sorted: *.yaml, *.yml and *.json at its top level."""
    if not folder.is_dir():
        raise LeadgenError([Diagnostic(str(folder), None, None, "", "no such folder")])
    found = [p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".json")]
    return sorted(p for p in found if not p.name.startswith("."))


def display_path(path: Path) -> str:
    """How a spec is named in output: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


Progress = Callable[[str], None]


def _silent(_: str) -> None:
    pass


def generate_files(
    client: Client,
    *,
    templates: Path | None = None,
    cache: PackageCache | None = None,
    progress: Progress = _silent,
    lenient: bool = False,
    root: Path | None = None,
) -> tuple[dict[str, str], list[Diagnostic]]:
    """The files of `client`'s output folder (formatted, manifest included) and the warnings.

    LeadgenError on unusable input. With a cache, an unchanged spec (and unchanged templates,
    options and generator) is not rendered again. `lenient` builds what it can from a spec with
    structural findings, which become warnings (see `spec.lenient`). `$ref`s may reach files
    inside the project `root` (default: the spec's folder).
    """
    from importlib import resources

    path = client.spec
    if not path.is_file():
        raise LeadgenError([Diagnostic(str(path), None, None, "", "file not found")])
    key = ""
    if cache is not None:
        code = Path(str(resources.files("leadgen")))  # the generator, its templates included
        ours = Path(str(resources.files("leadgen.templates")))  # as emit.render.DEFAULT_TEMPLATES
        folders = [code, ours] + ([templates] if templates else [])
        options = json.dumps(
            [display_path(path), lenient, str(root), *client_options(client).values()]
        )
        key = cache.key(path, options, tree_digest(folders))
        hit = cache.get(key)
        if hit is not None:
            return hit[1], hit[2]
    files, warnings, deps = _generate_uncached(
        client,
        templates,
        FormatCache(cache.folder) if cache is not None else None,
        progress,
        lenient=lenient,
        root=root,
    )
    if cache is not None:
        cache.put(key, client.folder, files, deps, warnings)
    return files, warnings


def _generate_uncached(
    client: Client,
    templates: Path | None,
    format_cache: FormatCache | None,
    progress: Progress,
    *,
    lenient: bool = False,
    root: Path | None = None,
) -> tuple[dict[str, str], list[Diagnostic], list[Path]]:
    from .emit.format import format_pool

    with format_pool(client.spec.stat().st_size) as pool:
        return _generate_with(
            client, templates, format_cache, progress, pool, lenient=lenient, root=root
        )


def _generate_with(
    client: Client,
    templates: Path | None,
    format_cache: FormatCache | None,
    progress: Progress,
    pool: ProcessPoolExecutor | None,
    *,
    lenient: bool = False,
    root: Path | None = None,
) -> tuple[dict[str, str], list[Diagnostic], list[Path]]:
    """The stages of `generate_files` after the cache; a large spec's files are formatted in
    `pool`'s worker processes while the next ones render."""
    from .emit.format import Formatter
    from .emit.manifest import with_manifest
    from .emit.packaging import as_distribution
    from .emit.render import RUNTIME_MODULES, black_form, iter_package, make_environment
    from .model.api import build_api
    from .spec.ignored import ignored_fields
    from .spec.validate import check_refs

    path = client.spec
    progress(f"{path.name}: loading")
    with stage("loading"):
        spec = open_spec(path, display_path(path), root=root)
    progress(f"{path.name}: validating")
    with stage("validating"):
        findings = validate_spec(spec, lints=False)
        said = [f for f in findings if f.level == "warning"]
        findings = [f for f in findings if f.level != "warning"]
        relaxed: list[Diagnostic] = []
        if findings and lenient and not check_refs(spec.doc, spec.data):
            spec, relaxed, findings = _relaxed(spec)
    if findings:
        raise LeadgenError(findings)
    with stage("converting Swagger 2.0"):
        data, notes = as_openapi3(spec)
        notes += ignored_fields(spec.data)
    progress(f"{path.name}: building the model")
    with stage("building the model"):
        api = build_api(spec.doc, data, client.package)
    progress(
        f"{path.name}: rendering {len(api.operations)} operations, {len(api.definitions)} types"
    )
    runtime = {  # ours are black-stable as they are; a user's override is formatted
        f"{module}.py"
        for module in RUNTIME_MODULES
        if not (templates and (templates / "runtime" / f"{module}.py").is_file())
    }
    formatter = Formatter(
        f"{client.package}/",
        format_cache,
        stable=runtime,
        laid_out=None if templates else black_form,
        pool=pool,
    )
    try:
        with stage("rendering"):
            for name, text in iter_package(
                api,
                make_environment(templates),
                tests=client.tests,
                cli=client.cli,
                overrides=templates,
                lenient_notes=(
                    [f"line {d.line}: {d.pointer}: {d.message}" for d in relaxed]
                    if lenient
                    else None
                ),
            ):
                formatter.add(name, text)
    except LeadgenError:
        raise
    except Exception as exc:  # noqa: BLE001 - any template failure becomes a diagnostic
        where, line = _template_frame(exc)
        raise LeadgenError(
            [
                Diagnostic(
                    where,
                    line,
                    None,
                    "",
                    f"template error: {type(exc).__name__}: {exc}",
                    "fix the template (or report this if it is one of leadgen's own)",
                )
            ]
        ) from None
    warnings = said + relaxed + [_warning(spec.doc, w) for w in [*notes, *api.warnings]]
    progress(f"{path.name}: formatting {len(formatter.order)} files")
    with stage("formatting"):
        formatted = formatter.result()
    if client.distribution:
        formatted, note = as_distribution(formatted, client, api)
        warnings += [Diagnostic(spec.doc.display, None, None, "/info/version", n, level="warning")
                     for n in note]  # fmt: skip
    options = client_options(client) | {"templates": "custom" if templates else "default"}
    if lenient:
        options["lenient"] = {"warnings": len(relaxed)}
    return with_manifest(formatted, spec.doc.sha256, path.name, options), warnings, spec.deps


def _warning(doc: Document, text: str) -> Diagnostic:
    """A warning; positioned when its text starts with the JSON pointer it is about."""
    pointer, sep, message = text.partition(": ")
    if sep and pointer.startswith("/"):
        return doc.diagnostic(pointer, message, level="warning")
    return Diagnostic(doc.display, None, None, "", text, level="warning")


def _relaxed(spec: Spec) -> tuple[Spec, list[Diagnostic], list[Diagnostic]]:
    """The spec with its repairable structural findings repaired: (spec, warnings, errors)."""
    from .spec.lenient import repair
    from .spec.validate import openapi_version, structure_findings

    version = openapi_version(spec.data)
    data, warnings, errors = repair(
        spec.doc, spec.data, lambda d: structure_findings(spec.doc, d), version=version
    )
    return replace(spec, data=data), warnings, errors


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Marks an unexpected exception with the stage it escaped from (for the one-line report).

    With LEADGEN_PROFILE=1 in the environment, the stage's wall time goes to stderr."""
    started = time.perf_counter()
    try:
        yield
    except LeadgenError:
        raise
    except Exception as exc:
        if not hasattr(exc, "leadgen_stage"):
            exc.leadgen_stage = name  # type: ignore[attr-defined]
        raise
    finally:
        if os.environ.get("LEADGEN_PROFILE") == "1":
            print(f"leadgen: {name}: {time.perf_counter() - started:.3f} s", file=sys.stderr)


def client_options(client: Client) -> dict[str, object]:
    """The options that shape a client's files, as the manifest records them."""
    return {
        "package": client.package,
        "distribution": client.distribution,
        "tests": client.tests,
        "cli": client.cli,
    }


def _template_frame(exc: BaseException) -> tuple[str, int | None]:
    """The template file and line where rendering failed (jinja keeps them in the traceback)."""
    where: tuple[str, int | None] = (
        str(getattr(exc, "filename", None) or "templates"),
        getattr(exc, "lineno", None),
    )
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".jinja"):
            where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return where
