"""The writer: whole-output swap, pruning, no-op detection, crash leftovers, diff."""

from __future__ import annotations

from pathlib import Path

from leadgen.emit.writer import GENERATED_MARK, diff_output, managed_packages, write_output

INIT = f"{GENERATED_MARK} from x.yaml\n"


def pkg(**files: str) -> dict[str, str]:
    return {"__init__.py": INIT, **files}


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_first_write_creates_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    assert write_output(out, {"a": pkg(**{"m.py": "x = 1\n"})}, prune=True) == ["a"]
    assert tree(out) == {"a/__init__.py": INIT, "a/m.py": "x = 1\n"}


def test_unchanged_output_is_not_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_output(out, {"a": pkg()}, prune=True)
    before = (out / "a" / "__init__.py").stat().st_mtime_ns
    assert write_output(out, {"a": pkg()}, prune=True) == []
    assert (out / "a" / "__init__.py").stat().st_mtime_ns == before


def test_files_that_no_longer_belong_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_output(out, {"a": pkg(**{"old.py": "", "keep.py": ""})}, prune=True)
    write_output(out, {"a": pkg(**{"keep.py": "y = 2\n"})}, prune=True)
    assert sorted(tree(out)) == ["a/__init__.py", "a/keep.py"]


def test_prune_drops_managed_packages_but_keeps_user_files(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_output(out, {"a": pkg(), "b": pkg()}, prune=True)
    (out / "NOTES.md").write_text("mine\n")
    (out / "handwritten").mkdir()
    (out / "handwritten" / "__init__.py").write_text("# my own package\n")
    write_output(out, {"a": pkg()}, prune=True)
    assert managed_packages(out) == {"a"}
    assert (out / "NOTES.md").read_text() == "mine\n"
    assert (out / "handwritten" / "__init__.py").is_file()


def test_without_prune_other_packages_stay(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_output(out, {"a": pkg(), "b": pkg()}, prune=True)
    write_output(out, {"a": pkg(**{"n.py": ""})}, prune=False)
    assert managed_packages(out) == {"a", "b"}


def test_leftovers_of_an_interrupted_run_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_output(out, {"a": pkg()}, prune=True)
    stale = tmp_path / ".leadgen-tmp-generated-dead"
    stale.mkdir()
    (stale / "half.py").write_text("")
    write_output(out, {"a": pkg(**{"m.py": ""})}, prune=True)
    assert not stale.exists()


def test_a_swap_interrupted_between_renames_is_undone(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_output(out, {"a": pkg()}, prune=True)
    out.rename(tmp_path / ".leadgen-old-generated-x")  # as if killed after the first rename
    write_output(out, {"a": pkg()}, prune=True)
    assert tree(out) == {"a/__init__.py": INIT}
    assert not (tmp_path / ".leadgen-old-generated-x").exists()


def test_diff_names_changed_added_and_removed_files(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_output(out, {"a": pkg(**{"m.py": "x = 1\n", "gone.py": ""})}, prune=True)
    diff = diff_output(out, {"a": pkg(**{"m.py": "x = 2\n", "new.py": "z\n"})}, prune=True)
    assert "-x = 1\n+x = 2\n" in diff
    assert "+++ b/a/new.py" in diff
    assert "--- a/a/gone.py" in diff and "+++ /dev/null" in diff
    assert diff_output(out, {"a": pkg(**{"m.py": "x = 1\n", "gone.py": ""})}, prune=True) == ""
