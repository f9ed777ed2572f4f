"""Structure: recursion, depth, size, and files that are not (plain, UTF-8) YAML.

Each spec either generates (recursive, deep-but-allowed, 10,000 enum values) or is refused
with exit 2 and a diagnostic naming the file, where, and what is wrong, without a traceback
and without writing anything.
"""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
import yaml
from leadgen.spec import loader

from tests.hostile.conftest import BIG_ENUM, Corpus
from tests.hostile.hostile_spec_support import (
    SENTINEL,
    SPECS,
    assert_refused,
    generate,
    imported,
)

LOAD = SPECS / "load"

# file -> (line:col or None, what stderr must say)
REFUSED: dict[str, tuple[str | None, str]] = {
    "empty.yaml": (None, "is empty"),
    "blank.yaml": (None, "not an OpenAPI document"),
    "not-yaml.yaml": ("2:38", "not valid YAML"),
    "not-utf8.yaml": ("3:13", "not UTF-8 (byte 33)"),
    "utf16.yaml": ("1:1", "not UTF-8"),
    "gzip.yaml": ("1:2", "not UTF-8"),
    "nul.yaml": ("3:11", "NUL character"),
    "top-level-list.yaml": ("1:1", "the top level is not a mapping"),
    "duplicate-keys.yaml": ("8:5", "duplicate key 'get'"),
    "duplicate-keys.json": ("3:12", "duplicate key '/a'"),
    "alias-bomb.yaml": ("5:10", "YAML alias of a mapping or sequence refused"),
    "merge-key.yaml": ("4:3", "merge keys"),
    "python-tag.yaml": ("4:10", "python/object/apply:os.system"),
    "python-name-tag.yaml": ("4:12", "python/name:os.system"),
    "custom-tag.yaml": ("3:10", "!Ref"),
    "deep-nesting.json": ("1:151", "nested more than 64 levels deep"),
    "deep-nesting-flow.yaml": ("3:72", "nested more than 64 levels deep"),
    "deep-nesting-block.yaml": ("68:129", "nested more than 64 levels deep"),
    "deep-schema.json": ("1:1630", "nested more than 64 levels deep"),
    "deep-alias-chain.json": (None, "a type nested more than 64 levels deep"),
    "ref-chain.json": (None, "a type nested more than 64 levels deep"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_unusable_input_is_refused_with_a_clear_diagnostic(name: str, tmp_path: Path) -> None:
    position, message = REFUSED[name]
    out = tmp_path / "out"
    run = generate(LOAD / name, out)
    first = assert_refused(run, name, message, positioned=name not in ("empty.yaml", "blank.yaml"))
    if position is not None:
        assert f"{first['line']}:{first['col']}" == position, str(run)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [], "a refused spec wrote something"


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused at the first alias of a collection: no node is constructed twice, so the
    work is bounded by the nodes written in the file, not by the 9**9 of the expansion."""
    bomb = LOAD / "alias-bomb.yaml"
    events = yaml.parse(bomb.read_text(encoding="utf-8"))
    written = sum(isinstance(e, (yaml.ScalarEvent, yaml.CollectionStartEvent)) for e in events)
    constructed: list[yaml.Node] = []
    original = loader._StrictLoader.construct_object

    def counting(self: Any, node: yaml.Node, deep: bool = False) -> Any:
        constructed.append(node)
        if len(constructed) > written:
            raise AssertionError(f"more than the {written} nodes of the file constructed")
        return original(self, node, deep=deep)

    monkeypatch.setattr(loader._StrictLoader, "construct_object", counting)
    run = generate(bomb, tmp_path / "out")
    assert_refused(run, "alias-bomb.yaml", "inline the content or use a $ref")
    assert constructed, "the loader no longer constructs through _StrictLoader"
    # every node constructed once; the one seen twice is the alias that was refused
    assert len({id(node) for node in constructed}) == len(constructed) - 1


def test_python_tags_construct_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("python-tag.yaml", "python-name-tag.yaml"):
        assert_refused(
            generate(LOAD / name, tmp_path / "out"),
            name,
            "tags like !!python/object are refused",
        )
    assert not (tmp_path / SENTINEL).exists()


def test_a_chain_of_refs_too_long_to_validate_is_refused_in_the_spec_terms(
    tmp_path: Path,
) -> None:
    """3,000 $refs, each to the next: the validator's own recursion gives out first."""
    schemas: dict[str, Any] = {
        f"R{i}": {"$ref": f"#/components/schemas/R{i + 1}"} for i in range(3000)
    }
    schemas["R3000"] = {"type": "string"}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "chain", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    path = tmp_path / "ref-chain-3000.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    run = generate(path, tmp_path / "out")
    assert_refused(
        run,
        path.name,
        "nests too deeply to be checked",
        "shorten the chains of $ref",
        positioned=False,
    )
    assert "recursion" not in run.err


def test_recursive_and_mutually_recursive_schemas_round_trip(corpus: Corpus) -> None:
    run = corpus.runs["recursive"]
    assert run.code == 0, str(run)
    assert run.err.count("typed Any") == 1  # the union that contains itself, said once
    node = {
        "name": "root",
        "parent": None,
        "children": [{"name": "a", "children": [{"name": "b", "self": {"name": "c"}}]}],
    }
    a = {"b": {"a": {"b": {}}, "c": [{"a": {"b": {"c": []}}}]}}
    tree = {"value": 1, "left": {"value": 2, "x": {"value": 3}}}
    ext = {"id": "1", "next": {"id": "2", "next": {"id": "3"}}}
    expr = {
        "left": {"value": 1.5},
        "right": {"left": {"value": 2.5}, "right": {"value": 3.5}},
    }
    with imported(corpus.out, "recursive"):
        models = import_module("recursive.models")
        assert models.Node.from_dict(node).to_dict() == node
        assert models.A.from_dict(a).to_dict() == a
        parsed_tree = models.Tree.from_dict(tree)
        assert parsed_tree.to_dict() == tree
        assert type(parsed_tree.additional_properties["left"]) is models.Tree
        assert models.Ext.from_dict(ext).to_dict() == ext
        assert models.Add.from_dict(expr).to_dict() == expr


def test_the_deepest_allowed_schemas_generate_and_round_trip(corpus: Corpus) -> None:
    """28 objects one inside the other (each a model), holding 55 nested nullable arrays."""
    assert corpus.runs["deep_ok"].code == 0, str(corpus.runs["deep_ok"])
    arrays: Any = "leaf"
    for _ in range(55):
        arrays = [arrays, None]
    data: Any = arrays
    for _ in range(28):
        data = {"x": data}
    with imported(corpus.out, "deep_ok"):
        models = import_module("deep_ok.models")
        assert models.Objects.from_dict(data).to_dict() == data


def test_ten_thousand_enum_values_generate_and_validate(corpus: Corpus) -> None:
    assert corpus.runs["big_enum"].code == 0, str(corpus.runs["big_enum"])
    with imported(corpus.out, "big_enum"):
        models = import_module("big_enum.models")
        (holder,) = [getattr(models, n) for n in models.__all__]
        (field,) = holder.__fields__
        assert field.type.values == tuple(f"v{i}" for i in range(BIG_ENUM))
        assert holder.from_dict({"big": "v9999"}).to_dict() == {"big": "v9999"}
        from big_enum import RequestValidationError

        with pytest.raises(RequestValidationError):
            holder(big="v10000")._validate("")
