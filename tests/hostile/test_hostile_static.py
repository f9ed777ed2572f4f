"""Every package generated from a hostile spec passes `mypy --strict` and `ruff check --isolated`.

Both tools run once over all the packages of the corpus (see conftest.py), started in the
background as soon as the corpus is generated.
"""

from __future__ import annotations

from tests.hostile.conftest import GOOD_SPECS, Corpus


def test_the_whole_corpus_was_generated(corpus: Corpus) -> None:
    assert sorted(p.name for p in corpus.out.iterdir()) == sorted(GOOD_SPECS)


def test_generated_packages_pass_mypy_strict(
    static_checks: dict[str, tuple[int, str]],
) -> None:
    code, output = static_checks["mypy"]
    assert code == 0, output


def test_generated_packages_pass_ruff(
    static_checks: dict[str, tuple[int, str]],
) -> None:
    code, output = static_checks["ruff"]
    assert code == 0, output
