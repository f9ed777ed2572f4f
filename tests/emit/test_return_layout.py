"""`) -> Generic[...]:` lines of exploded `def`s written as black writes them."""

from __future__ import annotations

import black
import pytest
from leadgen.emit.format import BLACK_MODE
from leadgen.emit.layout import fits_black, subscript_return


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
