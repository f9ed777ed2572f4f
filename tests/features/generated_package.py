"""Generate a spec into a temporary folder and import the package (test helper)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from leadgen.cli import main


def generate_and_import(spec: Path, out: Path) -> ModuleType:
    """Run `leadgen generate SPEC --output OUT` and import the single package it wrote."""
    assert main(["generate", str(spec), "--output", str(out)]) == 0
    (package,) = [p.name for p in out.iterdir() if (p / "__init__.py").is_file()]
    sys.path.insert(0, str(out))
    try:
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
