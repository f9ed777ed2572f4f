"""literals: every spec string becomes an inert, valid Python token that round-trips."""

from __future__ import annotations

import ast
import math

from hypothesis import given, settings
from hypothesis import strategies as st
from leadgen.emit.literals import py_comment, py_docstring, py_literal, py_str


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_py_str_round_trips_any_text(text: str) -> None:
    literal = py_str(text)
    node = ast.parse(literal, mode="eval").body
    assert isinstance(node, ast.Constant) and node.value == text


def test_py_str_prefers_double_quotes_like_black() -> None:
    assert py_str("plain") == '"plain"'
    assert py_str("it's") == '"it\'s"'
    assert py_str('say "hi"') == "'say \"hi\"'"


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_docstring_text_cannot_break_out(text: str) -> None:
    source = f'def f():\n    """{py_docstring(text)}"""\n    return 1\n'
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef) and len(function.body) == 2


def test_docstring_ending_in_backslash_and_quote() -> None:
    for text in ['a\\"', '"""', 'x"', "\\", 'a\\\\"']:
        source = f'def f():\n    """{py_docstring(text)}"""\n'
        function = ast.parse(source).body[0]
        assert isinstance(function, ast.FunctionDef)
        assert ast.get_docstring(function, clean=False) == text


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_comment_text_stays_on_one_line(text: str) -> None:
    source = f"# {py_comment(text)}\nx = 1\n"
    tree = ast.parse(source)
    assert len(tree.body) == 1


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(json_values)
@settings(max_examples=200, deadline=None)
def test_py_literal_round_trips_json_values(value: object) -> None:
    assert ast.literal_eval(py_literal(value)) == value


def test_non_finite_floats_become_expressions() -> None:
    assert py_literal(float("inf")) == 'float("inf")'
    assert math.isnan(eval(py_literal(float("nan"))))
