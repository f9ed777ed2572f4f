"""The stages, tied together: load -> bundle -> validate -> build -> render -> format -> write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Diagnostic, LeadgenError
from .loader import Document, load_document
from .cache import FormatCache, PackageCache, tree_digest
from .refs import bundle
from .validate import check_refs, check_structure, lint

__all__ = ["Spec", "open_spec", "validate_spec", "spec_paths"]


@dataclass
class Spec:
    """A loaded spec: its root document (for positions) and the bundled data."""

    doc: Document
    data: dict[str, Any]
    deps: list[Path]  # other files pulled in through $ref


def open_spec(path: Path, display: str | None = None) -> Spec:
    doc = load_document(path, display)
    data, deps = bundle(doc)
    return Spec(doc, data, deps)


def validate_spec(spec: Spec, *, lints: bool = True) -> list[Diagnostic]:
    """All findings; refs and structure first, since nothing else can run over them."""
    findings = check_refs(spec.doc, spec.data)
    if not findings:
        findings = check_structure(spec.doc, spec.data)
    if lints and not findings:
        findings = lint(spec.doc, spec.data)
    return sorted(set(findings))


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


def generate_files(
    path: Path, *, templates: Path | None = None, cache: PackageCache | None = None
) -> tuple[str, dict[str, str], list[Diagnostic]]:
    """(package name, formatted files, warnings) for one spec; LeadgenError on unusable input.

    With a cache, an unchanged spec (and unchanged templates and generator) is not rendered again.
    """
    from .render import DEFAULT_TEMPLATES

    if not path.is_file():
        raise LeadgenError([Diagnostic(str(path), None, None, "", "file not found")])
    key = ""
    if cache is not None:
        folders = [DEFAULT_TEMPLATES] + ([templates] if templates else [])
        key = cache.key(path, display_path(path), tree_digest(folders))
        hit = cache.get(key)
        if hit is not None:
            return hit[0], hit[1], []
    package, files, warnings, deps = _generate_uncached(
        path, templates, FormatCache(cache.folder) if cache is not None else None
    )
    if cache is not None:
        cache.put(key, package, files, deps)
    return package, files, warnings


def _generate_uncached(
    path: Path, templates: Path | None, format_cache: FormatCache | None
) -> tuple[str, dict[str, str], list[Diagnostic], list[Path]]:
    from .build import build_api, package_name
    from .format import format_files
    from .render import make_environment, render_package

    spec = open_spec(path, display_path(path))
    findings = validate_spec(spec, lints=False)
    if findings:
        raise LeadgenError(findings)
    package = package_name(path.stem)
    api = build_api(spec.doc, spec.data, package)
    try:
        files = render_package(api, make_environment(templates))
    except Exception as exc:  # noqa: BLE001 - any template failure becomes a diagnostic
        where, line = _template_frame(exc)
        raise LeadgenError(
            [Diagnostic(where, line, None, "", f"template error: {type(exc).__name__}: {exc}",
                        "fix the template (or report this if it is one of leadgen's own)")]
        ) from None
    warnings = [Diagnostic(spec.doc.display, None, None, "", w, level="warning") for w in api.warnings]
    formatted = format_files(files, f"{package}/", format_cache)
    return package, formatted, warnings, spec.deps


def _template_frame(exc: BaseException) -> tuple[str, int | None]:
    """The template file and line where rendering failed (jinja keeps them in the traceback)."""
    where: tuple[str, int | None] = (str(getattr(exc, "filename", None) or "templates"), getattr(exc, "lineno", None))
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".jinja"):
            where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return where
