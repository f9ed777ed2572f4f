"""Output paths: nothing a spec says (title, tags, schema and property names, operationIds,
its own file name) can place a file outside the output folder, and a refused spec leaves the
output as it was: no partial write, no leftovers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hostile.hostile_spec_support import (
    SPECS,
    assert_refused,
    files_under,
    generate,
    leadgen,
)

# What writer.py itself keeps next to the output folder: the lock of concurrent runs.
LOCK = ".out.leadgen.lock"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in sorted(files_under(folder))}


def test_path_like_names_stay_inside_the_output_folder(tmp_path: Path) -> None:
    specs = tmp_path / "a" / "b"
    specs.mkdir(parents=True)
    shutil.copy(SPECS / "output-paths.yaml", tmp_path / "x.yaml")
    # `a/b/../../x.yaml`: the spec is named through a path that climbs out of two folders
    run = generate(specs / ".." / ".." / "x.yaml", tmp_path / "out")
    assert run.code == 0, str(run)
    outside = sorted(f for f in files_under(tmp_path) if not f.startswith("out/x/") and f != LOCK)
    assert outside == ["x.yaml"]
    for name in files_under(tmp_path / "out"):
        assert ".." not in Path(name).parts
    assert not any(
        p.name in ("etc", "escaped", "tmp") and p.is_dir()
        for p in tmp_path.rglob("*")
        if "out" not in p.parts
    )


@pytest.mark.parametrize(
    ("file_name", "package"),
    [
        ("class.yaml", "class_"),
        ("..yaml", "field"),
        ("__init__.yaml", "init"),
        (".hidden.yaml", "hidden"),
        ("os.yaml", "os_client"),
        ("名前.yaml", "api_client"),
        ("1.yaml", "n1"),
    ],
)
def test_the_package_name_from_an_odd_file_name_is_a_plain_identifier(
    tmp_path: Path, file_name: str, package: str
) -> None:
    spec = tmp_path / "specs" / file_name
    spec.parent.mkdir()
    shutil.copy(SPECS / "class.yaml", spec)
    run = generate(spec, tmp_path / "out")
    assert run.code == 0, str(run)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [package]
    assert {f.split("/")[0] for f in files_under(tmp_path)} == {"out", "specs", LOCK}


def test_two_specs_that_would_write_one_package_are_refused_together(
    tmp_path: Path,
) -> None:
    for name in ("..yaml", "...yaml"):
        shutil.copy(SPECS / "class.yaml", tmp_path / name)
    run = leadgen(
        "generate",
        tmp_path / "..yaml",
        tmp_path / "...yaml",
        "--output",
        tmp_path / "out",
    )
    assert_refused(
        run,
        "...yaml",
        "also generates 'field'",
        positioned=False,
    )
    assert not (tmp_path / "out").exists()


def test_a_refused_spec_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert generate(SPECS / "class.yaml", out).code == 0
    before = snapshot(out)
    bad = SPECS / "load" / "duplicate-keys.yaml"
    run = leadgen("generate", SPECS / "names.yaml", bad, "--output", out)
    assert_refused(run, "duplicate-keys.yaml", "duplicate key")
    assert snapshot(out) == before  # names.yaml, fine on its own, was not written either
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([LOCK, "out"])


def test_a_spec_refused_late_writes_nothing_either(tmp_path: Path) -> None:
    """Refused while building (after loading and validating): still no output at all."""
    run = generate(SPECS / "load" / "deep-alias-chain.json", tmp_path / "out")
    assert_refused(run, "deep-alias-chain.json", "nested more than 64 levels")
    assert list(tmp_path.iterdir()) == []
