"""Files written in black's form skip black: they must be exactly what black makes of them.

Every .py file generated (with the fast path) from the project's specs, feature and hostile
fixtures and random specs passes `black --check`, and equals the output with black run on every
file.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import black
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from leadgen.config import Client
from leadgen.emit import render
from leadgen.emit.format import BLACK_MODE
from leadgen.emit.layout import annotated, exploded, fits_black
from leadgen.pipeline import generate_files

from tests.hostile.test_hostile_properties import SPECS, spec_of

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p for p in (ROOT / "specs").glob("*.yaml") if not p.name.startswith("."))
SPEC_FILES = [
    *SHIPPED,
    *sorted((ROOT / "tests" / "fixtures" / "features").glob("*.yaml")),
    *sorted((ROOT / "tests" / "fixtures" / "mock").glob("*.yaml")),
    ROOT / "tests" / "fixtures" / "swagger2" / "petshop.yaml",
    *sorted(
        p
        for p in (ROOT / "tests" / "hostile" / "specs").glob("*.*")
        if p.suffix in (".yaml", ".json") and p.name != "outside.yaml"  # outside: refused
    ),
]
# The runtime modules are copied verbatim (black-checked in the project itself).
RUNTIME = {f"{module}.py" for module in render.RUNTIME_MODULES}


def _generate(spec: Path, *, fast: bool) -> dict[str, str]:
    client = Client(spec=spec, package="pkg")
    if fast:
        return generate_files(client, lenient=True)[0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "black_form", lambda name: False)
        return generate_files(client, lenient=True)[0]


def _assert_black_form(spec: Path) -> None:
    fast = _generate(spec, fast=True)
    python = {name: text for name, text in fast.items() if name.endswith(".py")}
    assert python, spec
    for name, text in python.items():
        assert black.format_str(text, mode=BLACK_MODE) == text, f"{spec.name}: {name}"
    assert _generate(spec, fast=False) == fast, spec.name


@pytest.mark.parametrize("spec", SPEC_FILES, ids=lambda p: p.name)
def test_fast_path_output_is_blacks(spec: Path) -> None:
    _assert_black_form(spec)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.generate],
)
@given(SPECS)
def test_fast_path_output_is_blacks_on_random_specs(parts: tuple[str, Any, list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "random.json"
        spec.write_text(json.dumps(spec_of(*parts)), encoding="utf-8")
        _assert_black_form(spec)


def _kind(name: str) -> str:
    """`resources/*.py` for `resources/users.py`: the template a file comes from."""
    folder, _, base = name.rpartition("/")
    if base in ("__init__.py", "conftest.py") or not folder:
        return name
    return f"{folder}/*.py"


def test_every_file_kind_takes_the_fast_path() -> None:
    """Every kind of module leadgen's templates write is in black's final form on the shipped
    specs (black does not run on it); the exceptions are named."""
    kinds: set[str] = set()
    slow: list[str] = []
    for spec in SHIPPED:
        files = _generate(spec, fast=True)
        for name, text in files.items():
            if not name.endswith(".py") or name in RUNTIME:
                continue
            assert render.black_form(name), name
            kinds.add(_kind(name))
            if not fits_black(text.split("\n", 1)[1]):
                slow.append(f"{spec.stem}/{name}")
    assert kinds >= {
        "__init__.py",
        "__main__.py",
        "_client.py",
        "cli.py",
        "models/__init__.py",
        "models/*.py",
        "resources/__init__.py",
        "resources/*.py",
        "tests/__init__.py",
        "tests/conftest.py",
        "tests/*.py",
    }
    assert slow == []


def test_user_templates_go_through_black(tmp_path: Path) -> None:
    """A --templates override is formatted by black, whatever its layout."""
    override = tmp_path / "templates" / "package"
    override.mkdir(parents=True)
    source = (render.DEFAULT_TEMPLATES / "package" / "__main__.py.jinja").read_text()
    (override / "__main__.py.jinja").write_text(source + "X = ( 1, 2 )\n", encoding="utf-8")
    client = Client(spec=ROOT / "specs" / "puffle.yaml", package="pkg")
    files = generate_files(client, templates=tmp_path / "templates")[0]
    assert files["__main__.py"].endswith("X = (1, 2)\n")


def test_exploded_matches_black() -> None:
    call = (
        'Field("platform_ids", "platformIds", Arr(Str(min_length=1), min_items=1), required=False)'
    )
    source = f"X = (\n    {exploded(call, 4, ',')},\n    None,\n)\n"
    assert black.format_str(source, mode=BLACK_MODE) == source
    assert fits_black(source)
    assert exploded("f(a)", 4, ",") == "f(a)"


@pytest.mark.parametrize("letter", ["Ø", "é", "中", "e\u0301"])
def test_exploded_counts_columns_as_black_does(letter: str) -> None:
    """Non-ASCII text near the line length: split exactly where black splits (a letter with a
    diacritic takes one column, a CJK one two, a combining mark none)."""
    for size in range(60, 90):
        key = letter * ((size - 20) // len(letter))
        text = f'SCHEMA = {{"{key}": {{"anyOf": [1, 2]}}}}'
        laid = exploded(text, 0) + "\n"
        assert laid == black.format_str(text, mode=BLACK_MODE), (letter, size)


def test_fits_black_refuses_what_black_would_split() -> None:
    assert not fits_black("x = " + "1 + " * 30 + "1\n")
    assert not fits_black("x = 1 \n")
    assert not fits_black("x = 1")
    assert fits_black('"""' + "a" * 100 + '"""\n')
    assert fits_black('X = [\n    "' + "a" * 100 + '",\n    "b",\n]\n')
    assert not fits_black("X = (\n    1,\n)\n")  # a one-item tuple black may join
    assert not fits_black('x = "' + "a" * 100 + '"\n')
    assert not fits_black('X = ("a", )\n')  # template slips black would fix
    assert not fits_black("X = [1, 2,]\n")
    assert not fits_black('X = { "a": 1}\n')
    assert fits_black('X = ("a",)\n')
    assert fits_black("# " + "a" * 100 + "\n\nX = 1\n")  # black leaves long comments
    assert fits_black('X = f(\n    a,\n    b="' + "b" * 100 + '",\n)\n')
    assert fits_black("from a." + "b" * 100 + " import (\n    x,\n)\n")


_ATOMS = st.one_of(
    st.text("abcxyz ", max_size=60).map(lambda s: f'"{s}"'),
    st.integers(0, 10**12).map(str),
    st.sampled_from(["None", "True", "x"]),
)


def _sources(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    items = st.lists(children, max_size=5)
    comma = st.booleans()
    return st.one_of(
        st.tuples(st.sampled_from(["Field", "Ref", "pytest.param"]), items, comma).map(
            lambda t: f"{t[0]}({', '.join(t[1])}{', ' if t[2] and t[1] else ''})"
        ),
        st.tuples(items, comma).map(
            lambda t: f"[{', '.join(t[0])}{', ' if t[1] and t[0] else ''}]"
        ),
        st.tuples(st.lists(st.tuples(_ATOMS, children), max_size=4), comma).map(
            lambda t: "{"
            + ", ".join(f"{k}: {v}" for k, v in t[0])
            + (", " if t[1] and t[0] else "")
            + "}"
        ),
        st.lists(children, min_size=1, max_size=4).map(
            lambda xs: "(" + ", ".join(xs) + ("," if len(xs) == 1 else "") + ")"
        ),
    )


def _nested(depth: int) -> st.SearchStrategy[str]:
    """Calls, lists, dicts and tuples nested up to `depth` deep."""
    if depth == 0:
        return _ATOMS
    return st.one_of(_ATOMS, _sources(_nested(depth - 1)))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(["X: dict[str, Any] = ", "return ", "    VALUE: Any = "]),
    _nested(3),
)
def test_exploded_is_blacks_when_fits_black_says_so(head: str, expression: str) -> None:
    """Whatever `exploded` makes of an expression, `fits_black` accepts it only if it is
    exactly black's output, and it is black's output whenever black leaves no long line."""
    statement = head.lstrip() + expression
    if head.startswith((" ", "return")):
        wrapper = "class C:\n    " if head.startswith(" ") else "def f():\n    "
        source, mine = wrapper + statement + "\n", wrapper + exploded(statement, 4) + "\n"
    else:
        source, mine = statement + "\n", exploded(statement, 0) + "\n"
    formatted = black.format_str(source, mode=BLACK_MODE)
    if fits_black(mine) or all(len(line) <= 88 for line in formatted.splitlines()):
        assert mine == formatted


def test_formatting_in_worker_processes_gives_the_same_files(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Above the size threshold the files are formatted in a process pool: same output, same
    order, and the share that needed black is reported under LEADGEN_PROFILE."""
    from leadgen.emit import format as formatting

    spec = ROOT / "specs" / "inboxapp.yaml"
    serial = _generate(spec, fast=True)
    monkeypatch.setattr(formatting, "_POOL_FROM_BYTES", 0)
    monkeypatch.setenv("LEADGEN_PROFILE", "1")
    parallel = _generate(spec, fast=True)
    assert list(parallel) == list(serial)
    assert parallel == serial
    assert "leadgen: black ran on 0 of 27 files" in capsys.readouterr().err


_NAMES = st.text("abcdefghij", min_size=1, max_size=30).map(lambda s: "n" + s)
_STRINGS = st.lists(
    st.text("abcdefgh", max_size=15).map(lambda s: f'"{s}"'), min_size=1, max_size=12
)
_MEMBERS = st.one_of(
    st.text("abcdefghij", min_size=1, max_size=75).map(lambda s: "T" + s),
    _STRINGS.map(lambda items: f"Literal[{', '.join(items)}]"),
    _STRINGS.map(lambda items: f"list[Literal[{', '.join(items)}]]"),
    st.lists(st.text("abcdefghij", min_size=1, max_size=60), min_size=1, max_size=3).map(
        lambda names: "list[" + " | ".join("T" + n for n in names) + " | None]"
    ),
    st.sampled_from(["dict[str, Any]", 'Literal[""]', "None", "Unset", "builtins.str"]),
)


def _in_context(kind: str, line: str) -> str:
    if kind == "attribute":
        return f"class C:\n    {line}\n"
    return (
        "class C:\n    def f(\n        self,\n        *,\n"
        f"        {line},\n        timeout: float | Unset = UNSET,\n    ) -> None:\n        pass\n"
    )


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    _NAMES,
    st.lists(_MEMBERS, min_size=1, max_size=4),
    st.sampled_from(["", " = UNSET", " = None"]),
    st.sampled_from(["attribute", "parameter"]),
)
def test_annotated_is_blacks_when_fits_black_says_so(
    name: str, members: list[str], default: str, kind: str
) -> None:
    """Long annotations (`x: Literal[...] | None | Unset = UNSET`, in a model or a method's
    parameters): `annotated` writes black's form, in parentheses, one member a line, split at
    a lone subscript or at the default as black chooses; `fits_black` accepts it only then."""
    text = f"{name}: {' | '.join(members)}{default}"
    mine = (
        _in_context(kind, annotated(text, 4))
        if kind == "attribute"
        else _in_context(kind, annotated(text, 8, ","))
    )
    formatted = black.format_str(_in_context(kind, text), mode=BLACK_MODE)
    if fits_black(mine) or all(len(line) <= 88 for line in mine.splitlines()):
        assert mine == formatted


_WRAPPER = (
    "self.list_docker_migration_conflicting_for_authenticated_user = raw_response_wrapper(%s)"
)
_ASYNC_CALL = (
    "async_client.accounts.post_capabilities_capability(**POST_CAPABILITIES_CAPABILITY_ARGS)"
)


@pytest.mark.parametrize(
    ("text", "indent", "suffix", "expected"),
    [
        (  # the head would not fit: the call goes in parentheses (black's second try)
            _WRAPPER % "resource.list_docker_migration_conflicting_for_authenticated_user",
            8,
            "",
            (
                "self.list_docker_migration_conflicting_for_authenticated_user = (\n"
                "            raw_response_wrapper(\n"
                "                resource.list_docker_migration_conflicting_for_authenticated_user\n"
                "            )\n"
                "        )"
            ),
        ),
        (  # a union in a subscript: one member a line
            "x: list[" + "A" * 78 + " | None]",
            4,
            "",
            "x: list[\n        " + "A" * 78 + "\n        | None\n    ]",
        ),
        (  # a class head
            "class " + "B" * 80 + "(Model)",
            0,
            ":",
            "class " + "B" * 80 + "(\n    Model\n)",
        ),
        (  # a generated test's call
            f"result = asyncio.run({_ASYNC_CALL})",
            4,
            "",
            (
                "result = asyncio.run(\n"
                "        async_client.accounts.post_capabilities_capability(\n"
                "            **POST_CAPABILITIES_CAPABILITY_ARGS\n"
                "        )\n"
                "    )"
            ),
        ),
    ],
)
def test_exploded_shapes_are_blacks(text: str, indent: int, suffix: str, expected: str) -> None:
    laid = exploded(text, indent, suffix)
    assert laid == expected
    wrapper = "class C:\n    def f(self):\n" if indent == 8 else "def f():\n" if indent else ""
    if text.startswith("x: "):
        wrapper = "class C:\n"
    source = wrapper + " " * indent + laid + suffix + ("\n    pass\n" if suffix else "\n")
    assert fits_black(source)
    assert black.format_str(source, mode=BLACK_MODE) == source


def test_fits_black_refuses_annotations_black_splits_otherwise() -> None:
    """Parentheses black would not write around an annotation are refused."""
    lone = "    x: (\n        " + "A" * 80 + "\n    ) = UNSET\n"
    assert not fits_black("class C:\n" + lone)  # a lone name: black splits at the default
    short = "    field: (\n        " + "A" * 56 + " | None | Unset\n    ) = UNSET\n"
    assert not fits_black("class C:\n" + short)  # `field: ... = (` fits: split at the default
    joinable = "    x: (\n        A\n        | None\n    ) = UNSET\n"
    assert not fits_black("class C:\n" + joinable)


_LONG = "A" * 90


@pytest.mark.parametrize(
    "source",
    [
        f'X = {{\n    "key": models.{_LONG}.from_dict(\n        {{"a": 1}}\n    ),\n}}\n',
        f"X = f(\n    name=models.{_LONG}(\n        a=1,\n    ),\n)\n",
        f"X = f(\n    name=models.{_LONG}(),\n    b=2,\n)\n",
        f"class {_LONG}(\n    Model\n):\n    pass\n",
        f"class C:\n    x: (\n        {_LONG}\n        | None\n    ) = UNSET\n",
        f"class C:\n    x: {_LONG}\n",
        f"if X:\n    from .{_LONG.lower()} import (\n        {_LONG},\n    )\n",
    ],
)
def test_fits_black_accepts_long_heads_black_cannot_shorten(source: str) -> None:
    """A line black has no place to split (a head ending in the only bracket of its line, with
    no delimiter before it; a lone long name) is left long by black, and accepted."""
    assert black.format_str(source, mode=BLACK_MODE) == source
    assert fits_black(source)


def test_fits_black_refuses_a_head_black_may_split() -> None:
    source = f'X = {{\n    "key": "{_LONG}" "b".join(\n        x\n    ),\n}}\n'
    assert not fits_black(source)  # strings side by side: a place black may split at


_NAME = "a" * 70


@pytest.mark.parametrize(
    "source",
    [
        # items of an exploded bracket with no delimiter black could split at
        f'X = {{\n    "{_NAME}": {_NAME},\n}}\n',
        f"def f(\n    *,\n    {_NAME}: {_NAME.upper()},\n    b: int = 1,\n) -> None:\n    pass\n",
        f"X = f(\n    discounts=[\n        models.{_NAME.upper()}()\n    ],\n)\n",
        f'X = f(\n    Str(\n        pattern="{_NAME} {_NAME}"\n    ),\n)\n',
        f'X = {{\n    "items": {{\n        "$ref": "#/$defs/{_NAME}"\n    }},\n}}\n',
        # the head of a def whose parameters are exploded
        f"def test_{_NAME}_sends(\n    client: Client, recorder: Recorder\n) -> None:\n    pass\n",
        # a call statement, and an assignment of a call that black's second try cannot fit
        f"def f():\n    client.{_NAME}.{_NAME}(\n        **ARGS\n    )\n",
        f"def f():\n    result = client.{_NAME}.get_{_NAME}(\n        **args\n    )\n",
        (
            "class C:\n    def __init__(self, resource):\n"
            f"        self.{_NAME} = raw_response_wrapper(\n"
            f"            resource.{_NAME}\n        )\n"
        ),
        # one call holding a bracket black must split (a magic trailing comma)
        (
            'X = [\n    Nullable(\n        Lit(\n            (\n                "a",\n'
            '                "b",\n            )\n        )\n    ),\n]\n'
        ),
        # a dict or list holding one item that ends in such a bracket
        'X = [\n    {\n        "emails": [\n            "a",\n            "b",\n        ]\n    },\n]\n',
        # a long lone string after an annotation: black keeps it in parentheses
        f'X: TypeAlias = (\n    "{" | ".join([_NAME] * 3)}"\n)\n',
        # an assignment's annotation split before its literal value
        f'{_NAME.upper()}_SCHEMA: dict[\n    str, Any\n] = {{\n    "a": 1,\n}}\n',
        f'{_NAME.upper()}_LONG_SCHEMA: (\n    dict[str, Any]\n) = {{\n    "a": 1,\n}}\n',
    ],
)
def test_fits_black_accepts_what_black_leaves(source: str) -> None:
    assert black.format_str(source, mode=BLACK_MODE) == source
    assert fits_black(source)


@pytest.mark.parametrize(
    "source",
    [
        # strings side by side in an item: black may split between them
        f'X = {{\n    "{_NAME}": "a" "{_NAME}",\n}}\n',
        # an item holding a delimiter black splits at
        f"X = {{\n    'k': {_NAME} + {_NAME},\n}}\n",
        # a def with one parameter and no trailing comma: black adds one
        f"class C:\n    def {_NAME}(\n        self\n    ) -> int:\n        pass\n",
        # black's second try fits: the call goes in parentheses
        f"def f():\n    result = client.accounts.get_{'a' * 57}(\n        **args\n    )\n",
        (
            "class C:\n    def __init__(self, resource):\n"
            f"        self.{_NAME} = raw_response_wrapper(\n"
            "            resource.a\n        )\n"
        ),
        # a delimiter before the inner bracket: black splits there first
        'X = [\n    [\n        a + [\n            "a",\n        ]\n    ],\n]\n',
        # a long lone string in parentheses black takes away
        f'x = (\n    "{_NAME * 2}"\n)\n',
        f'def f():\n    return (\n        "{_NAME * 2}"\n    )\n',
        # a def's return annotation split where it fits joined
        "def f(\n    a,\n    b,\n) -> Pager[\n    A, B\n]:\n    pass\n",
        # a one-item tuple inside a call: black joins it
        'X = [\n    Lit(\n        (\n            "a",\n        )\n    ),\n]\n',
        # the annotation split where black joins the line, or in the other form
        'X: dict[\n    str, Any\n] = {\n    "a": 1,\n}\n',
        'X: (\n    dict[str, Any]\n) = {\n    "a": 1,\n}\n',
        f'{_NAME.upper()}_SCHEMA: (\n    dict[str, Any]\n) = {{\n    "a": 1,\n}}\n',
        # no magic trailing comma in the value: black may split at the annotation only
        f'{_NAME.upper()}_SCHEMA: dict[\n    str, Any\n] = {{\n    "a": 1\n}}\n',
    ],
)
def test_fits_black_refuses_near_misses_of_kept_shapes(source: str) -> None:
    assert black.format_str(source, mode=BLACK_MODE) != source
    assert not fits_black(source)


@pytest.mark.parametrize("size", [40, 60, 70, 76, 80, 84])
@pytest.mark.parametrize("indent", [0, 4])
def test_exploded_splits_a_long_annotation_before_its_literal(size: int, indent: int) -> None:
    text = "A" * size + '_SCHEMA: dict[str, Any] = {"type": "object", "b": 1}'
    source = ("class C:\n    " if indent else "") + exploded(text, indent) + "\n"
    assert black.format_str(source, mode=BLACK_MODE) == source


@pytest.mark.parametrize("size", [20, 30, 35, 38, 40, 45])
@pytest.mark.parametrize(
    "template",
    [
        "result = client.{a}.{b}(**args)",
        "expected = client.{a}.{b}(**{c})",
        "assert isinstance(result, models.{c})",
        "assert_valid(sent.json, {c}_REQUEST_SCHEMA)",
    ],
)
def test_exploded_generated_test_lines_are_blacks(size: int, template: str) -> None:
    text = template.format(a="a" * size, b="b" * size, c="C" * (size * 2))
    source = "def f():\n    " + exploded(text, 4) + "\n"
    assert black.format_str(source, mode=BLACK_MODE) == source
    assert fits_black(source)


@pytest.mark.parametrize("size", [40, 60, 67, 70, 80])
def test_a_long_union_item_splits_at_its_bars(size: int) -> None:
    """An item of a split bracket that holds a union too long for its line: one member a
    line, each after the first led by `|` (black's delimiter split)."""
    hint = f"x: dict[str, list[{'A' * size}] | None] | Unset = UNSET"
    source = "class C:\n    " + annotated(hint, 4) + "\n"
    assert black.format_str(source, mode=BLACK_MODE) == source
    assert fits_black(source)


@pytest.mark.parametrize("size", [10, 40, 60])
def test_a_model_with_one_field_joins_its_tuple_as_black_does(tmp_path: Path, size: int) -> None:
    spec = {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "One": {
                    "type": "object",
                    "required": ["k" * size],
                    "properties": {"k" * size: {"type": "string"}},
                },
                "Alias": {"oneOf": [{"$ref": "#/components/schemas/One"}] * 1},
            }
        },
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    _assert_black_form(path)
    model = next(t for n, t in _generate(path, fast=True).items() if n.endswith("/one.py"))
    assert "__fields__" in model and fits_black(model)


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ('def f():\n    """Doc.\n\n    a\tb\n    """\n', True),  # inside a docstring line
        ('x = "a\tb"\n', True),
        ('def f():\n    """Doc.\n\n\ta b\n    """\n', False),  # a docstring's indentation
        ('def f():\n    """Doc.\n\n    a b\t\n    """\n', False),  # trailing in a docstring
        ("def f():\n\treturn 1\n", False),  # indentation
        ("x =\t1\n", False),
        ("x = 1  # a\tb\n", False),  # in a comment: left to black
    ],
)
def test_fits_black_accepts_tabs_only_inside_strings(source: str, kept: bool) -> None:
    assert fits_black(source) == kept
    if kept:
        assert black.format_str(source, mode=BLACK_MODE) == source


def test_docstrings_expand_their_leading_tabs_as_black_does() -> None:
    from leadgen.emit.literals import py_docstring_at

    text = "Example:\n\t{\n\t  Addresses: [1],\n    \tPorts: 2\n\t}\nend\tof it"
    source = 'class C:\n    """' + py_docstring_at(text, 4) + '"""\n'
    assert black.format_str(source, mode=BLACK_MODE) == source
    assert fits_black(source)
