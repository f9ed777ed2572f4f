"""Files written in black's form skip black: they must be exactly what black makes of them.

Every .py file generated (with the fast path) from the project's specs, feature and hostile
fixtures and random specs passes `black --check`, and equals the output with black run on every
file.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import black
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from leadgen.config import Client
from leadgen.emit import render
from leadgen.emit.format import BLACK_MODE
from leadgen.emit.layout import exploded, fits_black
from leadgen.pipeline import generate_files

from tests.hostile.test_hostile_properties import SPECS, spec_of

ROOT = Path(__file__).resolve().parents[2]
SPEC_FILES = [
    *sorted(p for p in (ROOT / "specs").glob("*.yaml") if not p.name.startswith(".")),
    ROOT / "tests" / "fixtures" / "features" / "zoo30.yaml",
    ROOT / "tests" / "fixtures" / "features" / "names31.yaml",
    ROOT / "tests" / "fixtures" / "swagger2" / "petshop.yaml",
    ROOT / "tests" / "hostile" / "specs" / "names.yaml",
    ROOT / "tests" / "hostile" / "specs" / "injection.yaml",
    ROOT / "tests" / "hostile" / "specs" / "class.yaml",
    ROOT / "tests" / "hostile" / "specs" / "recursive.yaml",
]


def _generate(spec: Path, *, fast: bool) -> dict[str, str]:
    client = Client(spec=spec, package="pkg")
    if fast:
        return generate_files(client, lenient=True)[0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "black_form", lambda name: False)
        return generate_files(client, lenient=True)[0]


def _assert_black_form(spec: Path) -> None:
    fast = _generate(spec, fast=True)
    python = {name: text for name, text in fast.items() if name.endswith(".py")}
    assert python, spec
    for name, text in python.items():
        assert black.format_str(text, mode=BLACK_MODE) == text, f"{spec.name}: {name}"
    assert _generate(spec, fast=False) == fast, spec.name


@pytest.mark.parametrize("spec", SPEC_FILES, ids=lambda p: p.name)
def test_fast_path_output_is_blacks(spec: Path) -> None:
    _assert_black_form(spec)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.generate],
)
@given(SPECS)
def test_fast_path_output_is_blacks_on_random_specs(parts: tuple[str, Any, list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "random.json"
        spec.write_text(json.dumps(spec_of(*parts)), encoding="utf-8")
        _assert_black_form(spec)


def test_some_files_take_the_fast_path() -> None:
    files = _generate(ROOT / "specs" / "inboxapp.yaml", fast=True)
    laid_out = [name for name in files if render.black_form(name) and name.endswith(".py")]
    assert any(fits_black(files[name].split("\n", 1)[1]) for name in laid_out)


def test_exploded_matches_black() -> None:
    call = (
        'Field("platform_ids", "platformIds", Arr(Str(min_length=1), min_items=1), required=False)'
    )
    source = f"X = (\n    {exploded(call, 4, ',')},\n    None,\n)\n"
    assert black.format_str(source, mode=BLACK_MODE) == source
    assert fits_black(source)
    assert exploded("f(a)", 4, ",") == "f(a)"


def test_fits_black_refuses_what_black_would_split() -> None:
    assert not fits_black("x = " + "1 + " * 30 + "1\n")
    assert not fits_black("x = 1 \n")
    assert not fits_black("x = 1")
    assert fits_black('"""' + "a" * 100 + '"""\n')
    assert fits_black('X = [\n    "' + "a" * 100 + '",\n    "b",\n]\n')
    assert not fits_black("X = (\n    1,\n)\n")  # a one-item tuple black may join
    assert not fits_black('x = "' + "a" * 100 + '"\n')
