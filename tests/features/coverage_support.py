"""Small inline specs generated once per test module, checked by one mypy --strict run.

`Corpus.package(name)` imports the package generated from `SPECS[name]`; `Corpus.mypy()` runs
mypy --strict once over every package of the corpus and caches the outcome.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
from leadgen.cli import main

Handler = Callable[[httpx.Request], httpx.Response]


@dataclass
class Corpus:
    root: Path
    specs: dict[str, str]
    _mypy: tuple[int, str] | None = None
    _imported: dict[str, ModuleType] = field(default_factory=dict)

    def generate(self) -> None:
        for name, text in self.specs.items():
            spec = self.root / "specs" / f"{name}.yaml"
            spec.parent.mkdir(parents=True, exist_ok=True)
            spec.write_text(textwrap.dedent(text), encoding="utf-8")
            assert main(["generate", str(spec), "--output", str(self.root / "out"), "-q"]) == 0

    def package(self, name: str) -> ModuleType:
        if name not in self._imported:
            out = str(self.root / "out")
            sys.path.insert(0, out)
            try:
                for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
                    del sys.modules[module]
                self._imported[name] = importlib.import_module(name)
            finally:
                sys.path.remove(out)
        return self._imported[name]

    def mypy(self) -> tuple[int, str]:
        if self._mypy is None:
            packages = sorted(p.name for p in (self.root / "out").iterdir() if p.is_dir())
            result = subprocess.run(
                [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *packages],
                cwd=self.root / "out",
                capture_output=True,
                text=True,
                check=False,
            )
            self._mypy = (result.returncode, result.stdout + result.stderr)
        return self._mypy


def client(package: ModuleType, handler: Handler, **kwargs: Any) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return package.Client(http_client=http, max_retries=0, **kwargs)


def refusal(tmp_path: Path, text: str, *extra: str) -> tuple[int, str]:
    """(exit code, stderr) of generating `text` as spec.yaml."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(textwrap.dedent(text), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "leadgen", "generate", str(spec), "--output", str(tmp_path / "o")]
        + list(extra),
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stderr
