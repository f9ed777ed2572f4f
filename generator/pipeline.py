"""The stages, tied together: load -> bundle -> validate -> build -> render -> format -> write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .cache import FormatCache, PackageCache, tree_digest
from .errors import Diagnostic, LeadgenError
from .spec.loader import Document, load_document
from .spec.refs import bundle
from .spec.validate import check_refs, check_structure, lint

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
    doc = load_document(path, display)
    data, deps = bundle(doc, root=root)
    return Spec(doc, data, deps)


def validate_spec(spec: Spec, *, lints: bool = True) -> list[Diagnostic]:
    """All findings; refs and structure first, since nothing else can run over them."""
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
    path: Path,
    *,
    templates: Path | None = None,
    cache: PackageCache | None = None,
    progress: Progress = _silent,
    tests: bool = True,
) -> tuple[str, dict[str, str], list[Diagnostic]]:
    """(package name, formatted files, warnings) for one spec; LeadgenError on unusable input.

    With a cache, an unchanged spec (and unchanged templates and generator) is not rendered again.
    """
    from .emit.render import DEFAULT_TEMPLATES

    if not path.is_file():
        raise LeadgenError([Diagnostic(str(path), None, None, "", "file not found")])
    key = ""
    if cache is not None:
        folders = [DEFAULT_TEMPLATES] + ([templates] if templates else [])
        key = cache.key(
            path, display_path(path) + ("" if tests else ":no-tests"), tree_digest(folders)
        )
        hit = cache.get(key)
        if hit is not None:
            return hit[0], hit[1], []
    package, files, warnings, deps = _generate_uncached(
        path, templates, FormatCache(cache.folder) if cache is not None else None, progress, tests
    )
    if cache is not None:
        cache.put(key, package, files, deps)
    return package, files, warnings


def _generate_uncached(
    path: Path,
    templates: Path | None,
    format_cache: FormatCache | None,
    progress: Progress,
    tests: bool = True,
) -> tuple[str, dict[str, str], list[Diagnostic], list[Path]]:
    from .config import package_name
    from .emit.format import format_files
    from .emit.render import make_environment, render_package
    from .model.api import build_api

    progress(f"{path.name}: loading")
    spec = open_spec(path, display_path(path))
    progress(f"{path.name}: validating")
    findings = validate_spec(spec, lints=False)
    if findings:
        raise LeadgenError(findings)
    data, notes = as_openapi3(spec)
    package = package_name(path.stem)
    progress(f"{path.name}: building the model")
    api = build_api(spec.doc, data, package)
    progress(
        f"{path.name}: rendering {len(api.operations)} operations, {len(api.definitions)} types"
    )
    try:
        files = render_package(api, make_environment(templates), tests=tests, overrides=templates)
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
    warnings = [
        Diagnostic(spec.doc.display, None, None, "", w, level="warning")
        for w in [*notes, *api.warnings]
    ]
    progress(f"{path.name}: formatting {len(files)} files")
    formatted = format_files(files, f"{package}/", format_cache)
    return package, formatted, warnings, spec.deps


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
