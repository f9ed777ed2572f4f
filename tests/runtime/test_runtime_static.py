"""The rendered runtime type-checks, lints, is black-formatted and can be vendored."""

from __future__ import annotations

import importlib
import pathlib
import subprocess
import sys

import pytest
from runtime_render import RUNTIME_MODULES, TEMPLATES, forget, render_runtime

# Type-checked together with the package: the public typing must flow through.
CONSUMER = """\
from __future__ import annotations

from rtpkg._base_client import SyncAPIClient
from rtpkg._response import APIResponse, raw_response_wrapper
from rtpkg._types import UNSET, Unset
from rtpkg.models.pet import Owner, Pet


class Client(SyncAPIClient):
    pass


def get_pet(pet_id: int, *, verbose: bool = False) -> Pet:
    return Pet(pet_id=pet_id, name="x")


raw = raw_response_wrapper(get_pet)
response: APIResponse[Pet] = raw(1, verbose=True)
pet: Pet = response.parsed
status: int = response.status_code
raw("1")  # type: ignore[arg-type]
owner: Owner = Owner.from_dict({"ownerId": 1})
nickname: str | None | Unset = owner.nickname
owner.nickname = UNSET
with Client(base_url="https://a", credentials={}, schemes=(), user_agent="u") as client:
    same: Client = client


def narrow(value: str | Unset = UNSET) -> str:
    if value is UNSET:
        return ""
    return value
"""


def run(*args: str, cwd: pathlib.Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_templates_are_plain_python_after_the_header() -> None:
    for module in RUNTIME_MODULES:
        source = (TEMPLATES / f"{module}.py.jinja").read_text(encoding="utf-8")
        first, rest = source.split("\n", 1)
        assert first == "{{ header }}"
        assert not any(marker in rest for marker in ("{{", "{%", "{#"))
        assert "from __future__ import annotations" in rest
        assert "import rtpkg" not in rest
        assert source.endswith("\n")


def test_mypy_strict(rt_pkg: pathlib.Path) -> None:
    (rt_pkg.parent / "consumer.py").write_text(CONSUMER, encoding="utf-8")
    cache = rt_pkg.parent / ".mypy_cache"
    run(
        "mypy", "--strict", "--python-version", "3.10", "--cache-dir", str(cache),
        "rtpkg", "consumer.py",
        cwd=rt_pkg.parent,
    )  # fmt: skip


def test_ruff_default_rules(rt_pkg: pathlib.Path) -> None:
    run("ruff", "check", "--isolated", "--no-cache", "rtpkg", cwd=rt_pkg.parent)
    run(
        "ruff",
        "check",
        "--isolated",
        "--no-cache",
        "--target-version",
        "py310",
        "rtpkg",
        cwd=rt_pkg.parent,
    )


def test_black_formatted(rt_pkg: pathlib.Path) -> None:
    run("black", "--check", "--quiet", "rtpkg", cwd=rt_pkg.parent)


def test_vendored_under_a_parent_package(tmp_path: pathlib.Path) -> None:
    parent = tmp_path / "myapp" / "_vendor"
    parent.mkdir(parents=True)
    (tmp_path / "myapp" / "__init__.py").write_text("")
    (parent / "__init__.py").write_text("")
    render_runtime(parent, "leads_client")
    sys.path.insert(0, str(tmp_path))
    try:
        pet = importlib.import_module("myapp._vendor.leads_client.models.pet")
        parsed = pet.Pet.from_dict({"petId": 1, "name": "a", "owner": {"ownerId": 2}})
        assert isinstance(parsed.owner, pet.Owner)
        assert pet.Owner.__module__ == "myapp._vendor.leads_client.models.pet"
    finally:
        sys.path.remove(str(tmp_path))
        forget("myapp")


@pytest.mark.parametrize("module", RUNTIME_MODULES)
def test_runtime_has_no_third_party_imports(rt_pkg: pathlib.Path, module: str) -> None:
    source = (rt_pkg / f"{module}.py").read_text(encoding="utf-8")
    imported = {
        line.split()[1].split(".")[0]
        for line in source.splitlines()
        if line.startswith(("import ", "from ")) and not line.startswith("from .")
    }
    assert imported <= set(sys.stdlib_module_names) | {"httpx"}, imported
