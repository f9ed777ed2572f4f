"""Lines of JSON pointers: the event scan agrees with a walk over composed nodes, for every pointer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from leadgen.diff.positions import Lines, scan_lines
from leadgen.spec.loader import load_document

ROOT = Path(__file__).resolve().parents[2]


def _all_lines(node: Any, pointer: str = "", line: int | None = None) -> Iterator[tuple[str, int]]:
    """(pointer, line of its key or item) for every node, from composed YAML nodes."""
    yield pointer, line if line is not None else node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            escaped = key.value.replace("~", "~0").replace("/", "~1")
            yield from _all_lines(value, f"{pointer}/{escaped}", key.start_mark.line + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _all_lines(item, f"{pointer}/{i}", item.start_mark.line + 1)


@pytest.mark.parametrize("name", ["inboxapp.yaml", "lead-management.yaml", "puffle.yaml"])
def test_every_pointer_of_the_shipped_specs(name: str) -> None:
    text = (ROOT / "specs" / name).read_text()
    expected = dict(_all_lines(yaml.compose(text, Loader=yaml.SafeLoader)))
    assert scan_lines(text, expected) == expected
    some = sorted(expected)[::7]  # a sparse request sees only what it needs
    found = scan_lines(text, some)
    assert all(found[p] == expected[p] for p in some)


def test_json_flow_style_and_escaped_keys() -> None:
    data = {"paths": {"/a/{id}": {"get": {"x~y": [1, {"k": "v"}]}}}, "z": [[1, 2], {"a": None}]}
    text = json.dumps(data, indent=2)
    expected = dict(_all_lines(yaml.compose(text, Loader=yaml.SafeLoader)))
    assert scan_lines(text, expected) == expected
    flow = "{a: {b: [1, {c: 2}]}, d: 3}\n"
    assert scan_lines(flow, ["/a/b/1/c", "/d"]) == {
        "": 1,
        "/a": 1,
        "/a/b": 1,
        "/a/b/1": 1,
        "/a/b/1/c": 1,
        "/d": 1,
    }


def test_missing_pointers_fall_back_to_the_nearest_parent(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a:\n  b:\n    c: 1\n  d: [1, 2]\n")
    lines = Lines(load_document(path))
    lines.prepare(["/a/b/zzz", "/a/d/9", "/nope"])
    assert (
        lines.line("/a/b/c"),
        lines.line("/a/b/zzz"),
        lines.line("/a/d/9"),
        lines.line("/nope"),
    ) == (3, 2, 4, 1)
