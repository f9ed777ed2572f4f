"""Shapes the layout helpers write as black writes them, and the check accepts without black:
`) -> Generic[...]:` lines of exploded `def`s, long assignments of one atom, items alone in
their brackets, one-item tuples of an exploded item."""

from __future__ import annotations

import black
import pytest
from leadgen.emit.format import BLACK_MODE
from leadgen.emit.layout import assigned, fits_black, subscript_return


def _method(tail: str) -> str:
    return f"class C:\n    def f(\n        self,\n        *,\n        timeout: float,\n    {tail}\n        pass\n"


@pytest.mark.parametrize(
    ("items", "lines"),
    [
        (["Page", "Item"], 1),  # fits: one line
        (["DescribeLambdaEventSourceMappingsResponse", "LambdaEventSourceMapping"], 3),
        (["ModelsPostAccountsAccountBankAccountsRequestBankAccountVariant1Item"], 3),
        (["X" * 90], 3),  # one item too long: split all the same
        (["X" * 70, "Y" * 20], 4),  # the items do not fit on one line: one a line
        (["Z" * 40, "models.W" * 5, "V" * 10], 5),
    ],
)
def test_subscript_return_is_blacks_and_passes_the_check(items: list[str], lines: int) -> None:
    tail = subscript_return(items, "AsyncPager", 4)
    assert tail.count("\n") + 1 == lines
    source = _method(tail)
    assert black.format_str(source, mode=BLACK_MODE) == source
    assert fits_black(source)


def test_a_return_split_black_would_join_is_refused() -> None:
    source = "def f(\n    a,\n) -> X[\n    A, B\n]:\n    pass\n"
    assert black.format_str(source, mode=BLACK_MODE) != source
    assert not fits_black(source)


@pytest.mark.parametrize(
    ("atom", "lines"),
    [
        ('"Short | Alias"', 1),
        ('"OwnedListedVariant1 | OwnedListedVariant2 | OwnedListedVariant3"', 3),
        ('"' + "Variant | " * 9 + 'End"', 3),  # too long even on its own line: all the same
    ],
)
def test_assigned_is_blacks(atom: str, lines: int) -> None:
    source = assigned("OwnedListed: TypeAlias = ", atom) + "\n"
    assert source.count("\n") == lines
    assert black.format_str(source, mode=BLACK_MODE) == source
    assert fits_black(source)


@pytest.mark.parametrize(
    "source",
    [
        'X = {\n    "message": "' + "m" * 90 + '"\n}\n',  # a dict's one item, no trailing comma
        'X = f(\n    pattern="' + "p" * 90 + '"\n)\n',  # a call's one argument
        (  # a one-item tuple whose item is exploded
            'f(\n    a,\n    variables=(\n        (\n            "region",\n            "us",\n'
            "        ),\n    ),\n)\n"
        ),
    ],
)
def test_shapes_black_keeps_are_accepted(source: str) -> None:
    assert black.format_str(source, mode=BLACK_MODE) == source
    assert fits_black(source)


def test_a_one_item_tuple_black_joins_is_still_refused() -> None:
    source = "f(\n    a,\n    variables=(\n        x,\n    ),\n)\n"
    assert black.format_str(source, mode=BLACK_MODE) != source
    assert not fits_black(source)
