"""`fits_black` judges plain strings and docstrings without black: whatever it keeps that way
is exactly what black keeps."""

from __future__ import annotations

import io
import subprocess
import sys
import tokenize

import black
import pytest
from black.strings import normalize_string_quotes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from leadgen.emit.format import BLACK_MODE
from leadgen.emit.layout import _docstring_kept, fits_black


def _black_docstring(depth: int, value: str) -> str:
    """What black makes of `value` as the docstring of a class `depth` levels deep."""
    head = "".join(f"{'    ' * level}class _:\n" for level in range(depth))
    formatted = black.format_str(f"{head}{'    ' * depth}{value}\n", mode=BLACK_MODE)
    tokens = tokenize.generate_tokens(io.StringIO(formatted).readline)
    return next(tok.string for tok in tokens if tok.type == tokenize.STRING)


def _one_string(value: str) -> bool:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(value + "\n").readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    return [tok.type for tok in tokens if tok.type == tokenize.STRING] == [tokenize.STRING] and (
        tokens[0].type == tokenize.STRING and tokens[0].string == value
    )


_PIECES = st.sampled_from(
    ["a", "b c", "x" * 40, "y" * 84, " ", "  ", '"', "'", "é", "中", "\u3000", "\xa0", "\t",
     "\\", "\\n", "\n", "\n    ", "\n        ", "\n  ", "\n\n", " \n", "\r", "\x0c", "\u2028"]
)  # fmt: skip


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 2), st.lists(_PIECES, min_size=1, max_size=8), st.booleans())
def test_a_docstring_kept_without_black_is_kept_by_black(
    depth: int, pieces: list[str], closing_line: bool
) -> None:
    indent = "    " * depth
    body = "".join(p.replace("\n", "\n" + indent) for p in pieces)
    value = '"""' + body + ("\n" + indent if closing_line else "") + '"""'
    if not _one_string(value):
        return
    if _docstring_kept(depth, value):
        assert _black_docstring(depth, value) == value


@pytest.mark.parametrize(
    ("depth", "value"),
    [
        (0, '"""Models of the API."""'),
        (1, '"""List the pets.\n\n    Returns one page; see `iter_pets`.\n    """'),
        (
            2,
            '"""Args:\n        limit: at most this many.\n\n        cursor: where to go on.\n        """',
        ),
        (1, '"""' + "w" * 83 + "\n    " + "z" * 81 + '"""'),  # closing quotes end at column 88
    ],
)
def test_plain_docstrings_are_judged_without_black(depth: int, value: str) -> None:
    assert _docstring_kept(depth, value)
    assert _black_docstring(depth, value) == value


@pytest.mark.parametrize(
    ("depth", "value"),
    [
        (0, '""" Leading space."""'),
        (0, '"""Trailing space. """'),
        (1, '"""Head.\n\n      Indented deeper than the docstring.\n    """'),
        (1, '"""Head.\n    Trailing blanks.   \n    """'),
        (1, '"""Head.\n    \n    A blank line with spaces.\n    """'),
        (1, '"""' + "w" * 83 + "\n    " + "z" * 82 + '"""'),  # closing quotes past column 88
        (0, '"""Only blank lines after the head.\n\n"""'),
    ],
)
def test_docstrings_black_changes_are_left_to_black(depth: int, value: str) -> None:
    assert not _docstring_kept(depth, value)
    assert _black_docstring(depth, value) != value


@pytest.mark.parametrize("depth", [0, 1])
def test_docstrings_out_of_the_plain_case_are_left_to_black(depth: int) -> None:
    """A backslash, a tab or an odd line break is not judged here, even when black keeps it."""
    for value in [
        '"""A \\\\ backslash."""',
        '"""A\ttab."""',
        "'''Single quotes.'''",
        '""" "Quoted" head."""',
    ]:
        assert not _docstring_kept(depth, value)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["", "b", "r", "f", "rb", "br", "rf", "fr", "u", "B", "Rb"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
)
def test_double_quoted_strings_without_escapes_are_in_blacks_form(prefix: str, text: str) -> None:
    """The quote rule `fits_black` applies without black: a double-quoted string with no
    backslash is one black's quote normaliser keeps."""
    if any(char in text for char in '\\"{}'):
        return
    if "b" in prefix and not text.isascii():
        return
    value, source = f'{prefix}"{text}"', f'X = {prefix}"{text}"\n'
    kept = black.format_str(source, mode=BLACK_MODE) == source
    if prefix in ("", "b", "r", "f", "rb", "rf"):
        assert normalize_string_quotes(value) == value
        assert kept and fits_black(source)
    else:  # a prefix black may rewrite is left to black
        assert not fits_black(source)


def test_a_plain_file_is_checked_without_importing_black() -> None:
    source = (
        '"""Pets."""\n\nfrom __future__ import annotations\n\n\n'
        'class Pet:\n    """A pet.\n\n    Has a name.\n    """\n\n    name: str = "it\'s"\n'
    )
    code = (
        "import sys\nfrom leadgen.emit.layout import fits_black\n"
        f"assert fits_black({source!r})\nprint('black' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
    assert black.format_str(source, mode=BLACK_MODE) == source


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ('"a\\\\b"', True),  # an escaped backslash, no quote: kept, judged without black
        ('"^[a-z]\\\\d+$"', True),
        ('"it\\\'s"', False),  # an escape black removes
        ('"say \\"hi\\""', False),  # black prefers 'say "hi"'
        ('"\\xAB"', False),  # black writes hex escapes in lower case
        ('"\\x00\\xab\\U0001f600"', True),  # as these are
        ('"\\N{BULLET}"', True),
        ('"\\N{bullet}"', False),  # and names in upper case
        ('r"\\xAB"', True),  # raw: no escape to recase
    ],
)
def test_strings_with_escapes(value: str, kept: bool) -> None:
    source = f"X = {value}\n"
    assert (black.format_str(source, mode=BLACK_MODE) == source) is kept
    assert fits_black(source) is kept


def test_a_conditional_expression_split_as_black_splits_it_is_accepted() -> None:
    long = (
        'X = {\n    "k": (\n        token\n        if token is not None\n'
        '        else os.environ.get("A_VERY_LONG_ENVIRONMENT_VARIABLE_NAME_FOR_THE_TOKEN_XX")\n'
        "    ),\n}\n"
    )
    assert black.format_str(long, mode=BLACK_MODE) == long
    assert fits_black(long)
    short = 'X = {\n    "k": (\n        token\n        if token\n        else b\n    ),\n}\n'
    assert black.format_str(short, mode=BLACK_MODE) != short  # black joins it
    assert not fits_black(short)
    nested = long.replace("        else os", "        else a\n        if b\n        else os")
    assert not fits_black(nested)


@settings(max_examples=2000, deadline=None)
@given(st.text(max_size=40))
def test_line_width_is_blacks_without_importing_black(line: str) -> None:
    """`_width` counts columns with black's table, read from its file: the same count as
    black's `str_width` for any text, wide, combining or emoji."""
    from black.strings import str_width
    from leadgen.emit.layout import _width

    assert _width(line) == str_width(line)
