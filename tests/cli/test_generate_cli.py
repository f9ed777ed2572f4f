"""`leadgen generate` and `leadgen check` as a user runs them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from leadgen.cli import main

ROOT = Path(__file__).resolve().parents[2]
PUFFLE = ROOT / "specs" / "puffle.yaml"


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADGEN_CACHE_DIR", str(tmp_path / "cache"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_generate_then_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(PUFFLE), "-o", str(out)]) == 0
    assert (out / "puffle" / "_client.py").is_file()
    assert "updated" in capsys.readouterr().out
    assert main(["generate", str(PUFFLE), "-o", str(out)]) == 0
    assert "unchanged" in capsys.readouterr().out


def test_check_reports_a_stale_output_with_a_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    main(["generate", str(PUFFLE), "-o", str(out)])
    client = out / "puffle" / "_client.py"
    client.write_text(client.read_text() + "# hand edit\n")
    capsys.readouterr()
    assert main(["check", str(PUFFLE), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "-# hand edit" in captured.out
    assert "stale" in captured.err
    assert main(["generate", str(PUFFLE), "-o", str(out)]) == 1  # edited by hand: kept
    assert "was edited by hand" in capsys.readouterr().err
    assert main(["generate", str(PUFFLE), "-o", str(out), "--force"]) == 0
    assert main(["check", str(PUFFLE), "-o", str(out)]) == 0


def test_cache_does_not_hide_a_changed_spec(tmp_path: Path) -> None:
    spec = tmp_path / "specs" / "puffle.yaml"
    spec.parent.mkdir()
    shutil.copy(PUFFLE, spec)
    out = tmp_path / "out"
    main(["generate", str(spec), "-o", str(out)])
    spec.write_text(spec.read_text().replace("Update Lead in Campaign", "Change a lead"))
    main(["generate", str(spec), "-o", str(out)])
    assert "Change a lead" in (out / "puffle" / "resources" / "campaigns.py").read_text()


WARNED_SPEC = """\
openapi: 3.1.0
info: {title: Notes, version: "1"}
servers: [{url: "https://api.notes.test"}]
paths:
  /notes:
    get:
      operationId: listNotes
      responses:
        "200":
          description: ok
          links:
            next: {operationId: listNote}
"""


def test_a_cache_hit_says_the_warnings_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "notes.yaml"
    spec.write_text(WARNED_SPEC)
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out)]) == 0
    first = capsys.readouterr()
    assert "/paths/~1notes/get/responses/200/links/next/operationId: link 'next'" in first.err
    assert main(["generate", str(spec), "-o", str(out)]) == 0
    again = capsys.readouterr()
    assert "unchanged" in again.out
    assert again.err == first.err


def test_template_override_by_name(tmp_path: Path) -> None:
    custom = tmp_path / "mine" / "package"
    custom.mkdir(parents=True)
    (custom / "README.md.jinja").write_text("# {{ api.title }} (our fork)\n")
    out = tmp_path / "out"
    assert (
        main(["generate", str(PUFFLE), "-o", str(out), "--templates", str(tmp_path / "mine")]) == 0
    )
    assert (out / "puffle" / "README.md").read_text().endswith("(our fork)\n")
    assert (out / "puffle" / "_client.py").is_file()  # the other templates are ours


def test_broken_template_fails_cleanly_and_keeps_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    main(["generate", str(PUFFLE), "-o", str(out)])
    before = snapshot(out)
    custom = tmp_path / "broken" / "package"
    custom.mkdir(parents=True)
    (custom / "README.md.jinja").write_text("{{ api.no_such_field }}\n")
    capsys.readouterr()
    assert (
        main(["generate", str(PUFFLE), "-o", str(out), "--templates", str(tmp_path / "broken")])
        == 2
    )
    err = capsys.readouterr().err
    assert "README.md.jinja:1" in err and "no_such_field" in err
    assert snapshot(out) == before


def test_invalid_spec_fails_cleanly_and_keeps_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    spec = tmp_path / "puffle.yaml"
    shutil.copy(PUFFLE, spec)
    main(["generate", str(spec), "-o", str(out)])
    before = snapshot(out)
    spec.write_text(spec.read_text().replace("openapi: 3.1.0", "openapi: 3.1.0\npaths: {}"))
    capsys.readouterr()
    assert main(["generate", str(spec), "-o", str(out)]) == 2
    assert "duplicate key 'paths'" in capsys.readouterr().err
    assert snapshot(out) == before


def test_missing_spec_is_exit_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "nope.yaml" in err and "file not found" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_default_run_removes_the_package_of_a_deleted_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "specs").mkdir()
    for name in ("puffle.yaml", "lead-management.yaml"):
        shutil.copy(ROOT / "specs" / name, tmp_path / "specs" / name)
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 0
    assert {p.name for p in (tmp_path / "generated").iterdir()} == {"puffle", "lead_management"}
    (tmp_path / "specs" / "puffle.yaml").unlink()
    assert main(["generate"]) == 0
    assert {p.name for p in (tmp_path / "generated").iterdir()} == {"lead_management"}


def test_no_tests_leaves_out_the_generated_tests(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(PUFFLE), "-o", str(out), "--no-tests"]) == 0
    assert not (out / "puffle" / "tests").exists()
    assert main(["check", str(PUFFLE), "-o", str(out), "--no-tests"]) == 0
    assert main(["generate", str(PUFFLE), "-o", str(out)]) == 0
    assert (out / "puffle" / "tests" / "conftest.py").is_file()


def test_an_internal_error_is_one_line_naming_the_spec_and_the_stage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadgen.model import api

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("x")

    monkeypatch.setattr(api, "build_api", broken)
    args = ["generate", str(PUFFLE), "-o", str(tmp_path / "out"), "--no-cache"]
    assert main(args) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"leadgen generate: {PUFFLE}: internal error while building the model" in err
    assert "KeyError" in err and "please report" in err and "--debug" in err
    assert not (tmp_path / "out").exists()
    with pytest.raises(KeyError):
        main([*args, "--debug"])


@pytest.mark.parametrize("command", ["generate", "check", "watch", "validate", "diff", "mock"])
def test_each_command_help_has_a_description_and_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([command, "--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: leadgen {command}")
    description = out.split("\n\n")[1]
    assert len(description.split()) > 8  # a sentence, not just the usage
    assert "examples:" in out and f"leadgen {command} " in out.split("examples:")[1]
