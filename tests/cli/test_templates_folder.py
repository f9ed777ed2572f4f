"""`--templates` must name an existing folder: anything else is unusable input (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from leadgen.cli.common import templates_folder as _templates_folder
from leadgen.errors import LeadgenError

HINT = "(give a folder of .jinja templates that override leadgen's own)"


def refusal(path: Path) -> list[str]:
    with pytest.raises(LeadgenError) as caught:
        _templates_folder(path)
    return [diagnostic.format() for diagnostic in caught.value.diagnostics]


def test_a_templates_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path / "nowhere") == [
        f"{tmp_path / 'nowhere'}: #: no such templates folder {HINT}"
    ]


def test_a_file_given_as_templates_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "model.py.jinja").write_text("", encoding="utf-8")
    assert refusal(tmp_path / "model.py.jinja") == [
        f"{tmp_path / 'model.py.jinja'}: #: is not a folder {HINT}"
    ]


def test_an_existing_folder_or_none_is_returned_as_it_is(tmp_path: Path) -> None:
    assert _templates_folder(tmp_path) == tmp_path
    assert _templates_folder(None) is None
