"""Render the intermediate model through the Jinja templates: Api -> {relative path: text}.

Each template renders one view, a frozen dataclass (`views.ResourceView`,
`model_views.ModelView`, `package_views.ClientView`, `cli_views.CliView`,
`testgen.cases.ModuleTestsView`...): its fields are the template's variables, besides
`header` and `version`. Templates get spec text only through the filters of `literals`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from .. import __version__
from ..model.ir import AliasDef, Api, ModelDef
from .cli_views import cli_view
from .compiled import CompiledTemplates
from .layout import (
    annotated,
    assigned,
    exploded,
    imported,
    signature,
    subscript_return,
    tuple_source,
)
from .link_views import link_doc
from .literals import py_comment, py_docstring, py_docstring_at, py_literal, py_str
from .model_views import alias_view, model_view
from .package_views import ApiView, client_view, readme_view
from .views import resource_view
from .webhook_views import webhooks_view

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# Renders a template, by name, with a view's fields as its variables.
Render = Callable[[str, "DataclassInstance"], str]

__all__ = [
    "DEFAULT_TEMPLATES",
    "RUNTIME_MODULES",
    "Render",
    "iter_package",
    "make_environment",
    "render_package",
    "template_context",
]

# The templates ship inside the wheel as the package `leadgen.templates`.
DEFAULT_TEMPLATES = Path(str(resources.files("leadgen.templates")))
RUNTIME_MODULES = tuple(
    sorted(p.stem for p in (DEFAULT_TEMPLATES / "runtime").glob("_*.py") if p.stem != "__init__")
)


def black_form(name: str) -> bool:
    """Whether the file at `name` (relative to the package) comes from leadgen's own templates,
    which lay every module out in black's final form (explicit blank lines, trailing commas,
    long expressions exploded as black explodes them): black is skipped for it when
    `layout.fits_black` agrees. A user's --templates output always goes through black."""
    return name.endswith(".py")


@functools.cache
def runtime_source(module: str, overrides: Path | None = None) -> str:
    """The runtime module's text: `overrides/runtime/<module>.py` when it exists, else ours."""
    for folder in (overrides, DEFAULT_TEMPLATES):
        if folder is not None and (folder / "runtime" / f"{module}.py").is_file():
            return (folder / "runtime" / f"{module}.py").read_text(encoding="utf-8")
    raise FileNotFoundError(module)  # unreachable: RUNTIME_MODULES lists our own files


def make_environment(overrides: Path | None = None) -> jinja2.Environment:
    """The Jinja environment: templates in `overrides` win over the defaults, by name."""
    folders = [str(overrides)] if overrides else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, str(DEFAULT_TEMPLATES)]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        py_str=py_str,
        py_literal=py_literal,
        py_docstring=py_docstring,
        py_docstring_at=py_docstring_at,
        py_comment=py_comment,
        isorted=isorted,
        by_module=by_module,
        annotated=annotated,
        assigned=assigned,
        exploded=exploded,
        imported=imported,
        signature=signature,
        subscript_return=subscript_return,
        tuple_source=tuple_source,
        link_doc=link_doc,
    )
    env.bytecode_cache = CompiledTemplates(env, DEFAULT_TEMPLATES)
    return env


def _natural(text: str) -> list[Any]:
    """`variant_10` after `variant_9`, as ruff's isort compares names."""
    return [
        int(part) if part.isascii() and part.isdigit() else part
        for part in re.split(r"(\d+)", text)
    ]


def isorted(names: Any) -> list[str]:
    """Names in isort's order: CONSTANTS, then Classes, then the rest (as ruff expects)."""

    def key(name: str) -> tuple[int, list[Any]]:
        if name.isupper() and len(name) > 1:
            return 0, _natural(name)
        return (1 if name[:1].isupper() else 2), _natural(name)

    return sorted(names, key=key)


def by_module(items: Any, attribute: str | None = None) -> list[Any]:
    """Import lines in isort's order: by module name, numbers compared as numbers.

    Takes (name, module) pairs of a dict's items, or objects with a `module` attribute.
    """
    if isinstance(items, dict):
        return sorted(items.items(), key=lambda pair: _natural(pair[1]))
    return sorted(items, key=lambda item: _natural(getattr(item, attribute or "module")))


def spec_name(api: Api) -> str:
    """The spec's file name: what generated files name as their source, wherever leadgen runs."""
    return api.source.replace("\\", "/").rsplit("/", 1)[-1]


def template_context(view: DataclassInstance) -> dict[str, Any]:
    """A view's fields as the template's variables: `{{ methods }}` for `view.methods`."""
    return {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}


def header_for(api: Api) -> str:
    """The first line of every generated module: fixed per spec file name (the spec's hash, the
    generator version and the options live in the package's manifest)."""
    return "# " + py_comment(
        f"Generated by leadgen from {spec_name(api)}. Do not edit: regenerate with "
        "`leadgen generate`."
    )


def render_package(
    api: Api,
    env: jinja2.Environment,
    *,
    tests: bool = True,
    cli: bool = True,
    overrides: Path | None = None,
    lenient_notes: list[str] | None = None,
) -> dict[str, str]:
    """Every file of the package for `api`, keyed by path relative to the package folder
    (see `iter_package`)."""
    return dict(
        iter_package(
            api, env, tests=tests, cli=cli, overrides=overrides, lenient_notes=lenient_notes
        )
    )


def iter_package(
    api: Api,
    env: jinja2.Environment,
    *,
    tests: bool = True,
    cli: bool = True,
    overrides: Path | None = None,
    lenient_notes: list[str] | None = None,
) -> Iterator[tuple[str, str]]:
    """Every file of the package for `api` as (path relative to the package folder, text), one
    at a time, so that formatting can start before rendering ends. Always in the same order.

    The runtime modules are copied verbatim, behind the header line. Without `cli`, the
    package has no command line (no cli.py, __main__.py or _cli* runtime modules); without
    webhooks or callbacks, no webhooks.py or _webhooks.py.
    """
    header = header_for(api)

    def render(name: str, view: DataclassInstance) -> str:
        context = template_context(view)
        return env.get_template(name).render(
            header=header, spec_name=spec_name(api), version=__version__, **context
        )

    cli_context = cli_view(api)
    yield "__init__.py", render("package/__init__.py.jinja", ApiView(api))
    yield "_client.py", render("package/_client.py.jinja", client_view(api))
    yield "resources/__init__.py", render("package/resources/__init__.py.jinja", ApiView(api))
    yield "models/__init__.py", render("package/models/__init__.py.jinja", ApiView(api))
    yield "py.typed", ""
    yield "README.md", render(
        "package/README.md.jinja", readme_view(api, cli_context if cli else None, lenient_notes)
    )
    if cli:
        yield "cli.py", render("package/cli.py.jinja", cli_context)
        yield "__main__.py", render("package/__main__.py.jinja", ApiView(api))
    for module in RUNTIME_MODULES:
        if module.startswith("_cli") and not cli or module == "_webhooks" and not api.webhooks:
            continue
        yield module + ".py", f"{header}\n{runtime_source(module, overrides)}"
    if api.webhooks:
        yield "webhooks.py", render("package/webhooks.py.jinja", webhooks_view(api))
    targets = {op.pointer: (r, op) for r in api.resources for op in r.operations}
    for resource in api.resources:
        yield f"resources/{resource.module}.py", render(
            "package/resources/resource.py.jinja", resource_view(resource, targets)
        )
    for definition in api.definitions:
        if isinstance(definition, ModelDef):
            text = render("package/models/model.py.jinja", model_view(definition))
        else:
            assert isinstance(definition, AliasDef)
            text = render("package/models/alias.py.jinja", alias_view(definition))
        yield f"models/{definition.module}.py", text
    if tests:
        from ..testgen.views import render_tests

        yield from render_tests(api, render).items()
