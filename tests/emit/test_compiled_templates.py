"""Compiled templates are kept between runs: reused while the template is unchanged, compiled
again once it is edited or the stored code is unreadable, and a store that cannot be written
only costs time."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest
from leadgen.emit.render import make_environment

NAME = "package/py.typed.jinja"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache folder's store (used first when bytecode is not written beside the code)."""
    monkeypatch.setenv("LEADGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    return tmp_path / "cache" / "templates"


def _never_compile(env: jinja2.Environment, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("compiled again")

    monkeypatch.setattr(env, "compile", refuse)


def _override(folder: Path, text: str) -> None:
    (folder / "package").mkdir(parents=True, exist_ok=True)
    (folder / "package" / "py.typed.jinja").write_text(text)


def test_a_template_compiled_once_is_reused(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _override(tmp_path / "mine", "{{ name | py_str }}\n")
    first = make_environment(tmp_path / "mine").get_template(NAME).render(name="a")
    assert first == '"a"\n' and any(store.iterdir())
    again = make_environment(tmp_path / "mine")
    _never_compile(again, monkeypatch)
    assert again.get_template(NAME).render(name="b") == '"b"\n'


def test_an_edited_template_is_compiled_again(store: Path, tmp_path: Path) -> None:
    _override(tmp_path / "mine", "one {{ name }}\n")
    assert make_environment(tmp_path / "mine").get_template(NAME).render(name="x") == "one x\n"
    _override(tmp_path / "mine", "two {{ name }}\n")
    assert make_environment(tmp_path / "mine").get_template(NAME).render(name="x") == "two x\n"


def test_unreadable_stored_code_is_compiled_again(store: Path, tmp_path: Path) -> None:
    _override(tmp_path / "mine", "{{ name }}!\n")
    make_environment(tmp_path / "mine").get_template(NAME)
    for entry in store.iterdir():
        entry.write_bytes(b"not code")
    assert make_environment(tmp_path / "mine").get_template(NAME).render(name="x") == "x!\n"


def test_a_store_that_cannot_be_written_costs_only_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder would be")
    monkeypatch.setenv("LEADGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _override(tmp_path / "mine", "{{ name }}?\n")
    assert make_environment(tmp_path / "mine").get_template(NAME).render(name="x") == "x?\n"
