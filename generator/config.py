"""Configuration: `[tool.leadgen]` in pyproject.toml, or a `leadgen.toml`, found from the current
folder upward (as ruff and black find theirs), or given with `--config FILE`.

Paths in a configuration file are relative to the folder that holds it, which is also the project
root (the folder `$ref`s may reach into). Without a configuration the convention applies: every
spec in `specs/` becomes a package in `generated/`.
"""

from __future__ import annotations

import keyword
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Diagnostic, LeadgenError

__all__ = ["Client", "Config", "find_config", "load_config", "package_name"]

CONFIG_FILES = ("leadgen.toml", "pyproject.toml")
DEFAULT_SPECS = "specs"
DEFAULT_OUTPUT = "generated"
SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_TAKEN_TOP_LEVEL = frozenset({"httpx", "leadgen", "generator", "tests", "test"})
_DISTRIBUTION = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")

_TOP_KEYS = {"output", "templates", "root", "strict", "select", "ignore", "clients"}
_CLIENT_KEYS = {"spec", "package", "distribution", "tests", "cli"}


@dataclass(frozen=True)
class Client:
    """One spec and the package generated from it."""

    spec: Path
    package: str
    distribution: str | None = None
    tests: bool = True
    cli: bool = True

    @property
    def folder(self) -> str:
        """The folder this client takes in the output: the distribution's, else the package's."""
        return self.distribution or self.package


@dataclass(frozen=True)
class Config:
    """Everything the commands need to know about the project, resolved to absolute paths."""

    root: Path
    output: Path
    clients: tuple[Client, ...]
    templates: Path | None = None
    source: Path | None = None  # the configuration file, if any
    strict: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    configured: bool = field(default=False)  # clients came from the file, not the convention

    def client_for(self, spec: Path) -> Client:
        """The configured client of `spec`, or one with the defaults."""
        wanted = spec.resolve()
        for client in self.clients:
            if client.spec.resolve() == wanted:
                return client
        return Client(spec=spec, package=package_name(spec.stem))


def package_name(stem: str) -> str:
    """A package name from a spec's file name: `lead-management` -> `lead_management`,
    `petstore3-full` -> `petstore3_full`, `OpenAPI` -> `openapi`."""
    from .model.naming import snake_name

    plain = "_".join(re.findall(r"[0-9a-z]+", unicodedata.normalize("NFKC", stem).lower()))
    if plain.isascii() and plain[:1].isalpha():
        name = plain + ("_" if keyword.iskeyword(plain) or keyword.issoftkeyword(plain) else "")
    else:
        name = snake_name(stem)
    if name in sys.stdlib_module_names or name in _TAKEN_TOP_LEVEL or not name.isascii():
        name = (name if name.isascii() else "api") + "_client"
    return name


def find_config(start: Path) -> Path | None:
    """The nearest leadgen.toml, or pyproject.toml with a [tool.leadgen] table, from `start` up."""
    for folder in (start.resolve(), *start.resolve().parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "leadgen.toml" or "[tool.leadgen" in candidate.read_text(errors="replace"):
                return candidate
    return None


def load_config(path: Path | None = None, *, cwd: Path | None = None) -> Config:
    """The configuration in `path`, else the nearest one, else the `specs/` convention."""
    cwd = (cwd or Path.cwd()).resolve()
    if path is not None and not path.is_file():
        raise _error(path, "", "no such configuration file", "give the path of a leadgen.toml")
    path = path or find_config(cwd)
    if path is None:
        return _conventional(cwd)
    table = _read_table(path)
    return _from_table(path.resolve(), table)


def _conventional(cwd: Path) -> Config:
    specs = cwd / DEFAULT_SPECS
    found = sorted(
        p
        for p in (specs.iterdir() if specs.is_dir() else ())
        if p.suffix in SPEC_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )
    clients = tuple(Client(spec=p, package=package_name(p.stem)) for p in found)
    return Config(root=cwd, output=cwd / DEFAULT_OUTPUT, clients=clients)


def _read_table(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: most runs have no configuration file
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _error(path, "", f"not valid TOML: {exc}", "fix the file's syntax") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("leadgen")
        if not isinstance(table, dict):
            raise _error(path, "", "no [tool.leadgen] table", "add one, or give a leadgen.toml")
        found: dict[str, Any] = table
        return found
    return data


def _from_table(path: Path, table: dict[str, Any]) -> Config:
    where = "tool.leadgen" if path.name == "pyproject.toml" else ""
    _known(path, where, table, _TOP_KEYS)
    base = path.parent
    root = base / _str(path, where, table, "root", ".")
    output = base / _str(path, where, table, "output", DEFAULT_OUTPUT)
    templates = table.get("templates")
    clients_table = table.get("clients")
    if clients_table is None:
        conventional = _conventional(base)
        clients: tuple[Client, ...] = conventional.clients
    elif not isinstance(clients_table, list):
        raise _error(path, _join(where, "clients"), "must be an array of tables", "[[clients]]")
    else:
        clients = tuple(
            _client(path, _join(where, f"clients[{i}]"), base, entry)
            for i, entry in enumerate(clients_table)
        )
    _unique(path, where, clients)
    return Config(
        root=root.resolve(),
        output=output,
        clients=clients,
        templates=base / _str(path, where, table, "templates", "") if templates else None,
        source=path,
        strict=_bool(path, where, table, "strict", True),
        select=_names(path, where, table, "select"),
        ignore=_names(path, where, table, "ignore"),
        configured=clients_table is not None,
    )


def _client(path: Path, where: str, base: Path, entry: object) -> Client:
    if not isinstance(entry, dict):
        raise _error(path, where, "must be a table", "write it as [[tool.leadgen.clients]]")
    _known(path, where, entry, _CLIENT_KEYS)
    if "spec" not in entry:
        raise _error(path, where, "has no `spec`", 'add spec = "path/to/openapi.yaml"')
    spec = base / _str(path, where, entry, "spec", "")
    package = _str(path, where, entry, "package", "") or package_name(spec.stem)
    if not package.isidentifier() or not package.isascii() or package != package.lower():
        raise _error(
            path,
            _join(where, "package"),
            f"{package!r} is not a lower-case Python package name",
            "use letters, digits and underscores, e.g. billing_client",
        )
    distribution = _str(path, where, entry, "distribution", "") or None
    if distribution is not None and not _DISTRIBUTION.match(distribution):
        raise _error(
            path,
            _join(where, "distribution"),
            f"{distribution!r} is not a valid distribution name",
            "use letters, digits, '.', '-' and '_', e.g. acme-billing-client",
        )
    return Client(
        spec=spec,
        package=package,
        distribution=distribution,
        tests=_bool(path, where, entry, "tests", True),
        cli=_bool(path, where, entry, "cli", True),
    )


def _unique(path: Path, where: str, clients: tuple[Client, ...]) -> None:
    seen: dict[str, Client] = {}
    for client in clients:
        for name in {client.folder, client.package}:
            other = seen.get(name)
            if other is not None and other is not client:
                raise _error(
                    path,
                    _join(where, "clients"),
                    f"two clients would write {name!r} ({other.spec.name} and {client.spec.name})",
                    "give one of them another `package` (or `distribution`)",
                )
            seen[name] = client


def _known(path: Path, where: str, table: dict[str, Any], keys: set[str]) -> None:
    for key in sorted(set(table) - keys):
        raise _error(
            path, _join(where, key), "unknown key", f"known keys: {', '.join(sorted(keys))}"
        )


def _str(path: Path, where: str, table: dict[str, Any], key: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise _error(path, _join(where, key), "must be a string", "quote it")
    return value


def _bool(path: Path, where: str, table: dict[str, Any], key: str, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise _error(path, _join(where, key), "must be true or false", "")
    return value


def _names(path: Path, where: str, table: dict[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _error(path, _join(where, key), "must be a list of rule names", 'e.g. ["tags"]')
    return tuple(value)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _error(path: Path, key: str, message: str, hint: str) -> LeadgenError:
    text = f"{key}: {message}" if key else message
    return LeadgenError([Diagnostic(str(path), None, None, "", text, hint)])
