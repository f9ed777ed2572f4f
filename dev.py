#!/usr/bin/env python3
"""Set up and run leadgen from a fresh clone with nothing but python3.

    python3 dev.py generate   # regenerate every client in generated/ from specs/
    python3 dev.py test       # the whole check: ruff, black, mypy --strict, then the test suite

Both create (once) and reuse a virtual environment in .venv, reinstalling
when pyproject.toml changes. Extra arguments go to leadgen or pytest.
`python3 dev.py test --tests-only ...` skips the static checks.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".leadgen-installed"
PY = str(BIN / "python")
TOOL_CODE = ["generator", "tests", "bench", "dev.py"]


def ensure_venv() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.is_file() and STAMP.read_text().strip() == wanted:
        return
    if not (BIN / "python").exists():
        print("creating .venv ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing leadgen and its dev tools into .venv ...", file=sys.stderr)
    pip = [PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted + "\n")


def mypy_view() -> Path:
    """A folder where `leadgen` is importable as it is in the wheel, for mypy.

    The editable install maps the import name with an import hook, which mypy does not
    follow: the view links generator/'s entries and templates/ under `leadgen/`.
    """
    view = VENV / "mypy-view" / "leadgen"
    view.mkdir(parents=True, exist_ok=True)
    wanted = {p.name: p for p in (ROOT / "generator").iterdir() if p.name != "__pycache__"}
    wanted["templates"] = ROOT / "templates"
    for link in view.iterdir():
        if link.name not in wanted or link.resolve() != wanted[link.name]:
            link.unlink()
    for name, target in wanted.items():
        if not (view / name).exists():
            (view / name).symlink_to(target)
    return view.parent


def static_checks() -> list[tuple[str, list[str], dict[str, str]]]:
    """(title, command, extra environment) of each check that runs before the tests."""
    generated_style = VENV / "black-generated.toml"
    generated_style.write_text("[tool.black]\n")  # black's defaults, as for generated code
    env = {"MYPYPATH": str(mypy_view())}
    black_generated = [PY, "-m", "black", "--check", "--quiet", "--config", str(generated_style)]
    black_generated += ["--target-version", "py310"]
    return [
        ("ruff", [PY, "-m", "ruff", "check", "--no-cache", *TOOL_CODE, "templates"], {}),
        ("black (tool code)", [PY, "-m", "black", "--check", "--quiet", *TOOL_CODE], {}),
        ("black (runtime, as generated code)", [*black_generated, "templates/runtime"], {}),
        ("mypy --strict", [PY, "-m", "mypy", "--strict", "-p", "leadgen"], env),
    ]


def run_checks() -> int:
    for title, args, extra in static_checks():
        result = subprocess.run(
            args, cwd=ROOT, env={**os.environ, **extra}, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            out = result.stdout + result.stderr
            out = out.replace(".venv/mypy-view/leadgen/templates/", "templates/")
            out = out.replace(".venv/mypy-view/leadgen/", "generator/")
            print(f"{title}: failed\n{out}", file=sys.stderr)
            return 1
        print(f"{title}: ok", file=sys.stderr)
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("generate", "test"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    if command == "generate":
        args = [str(BIN / "leadgen"), "generate", *rest]
        return subprocess.run(args, cwd=ROOT, check=False).returncode
    if "--tests-only" in rest:
        rest.remove("--tests-only")
    elif run_checks() != 0:
        return 1
    return subprocess.run([PY, "-m", "pytest", *rest], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
