"""The loader: what it accepts, what it refuses, and where it says the problem is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from leadgen.errors import LeadgenError
from leadgen.spec import loader
from leadgen.spec.loader import load_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "validate"


def refusal(path: Path) -> list[str]:
    """The diagnostics, as printed, with which the loader refuses `path` (named `spec.yaml`)."""
    with pytest.raises(LeadgenError) as caught:
        load_document(path, "spec.yaml")
    return [diagnostic.format() for diagnostic in caught.value.diagnostics]


def write(tmp_path: Path, raw: bytes) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_bytes(raw)
    return path


def test_loads_a_spec_and_keeps_dates_as_text(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, b"openapi: 3.1.0\ninfo:\n  version: 2024-01-31\n"))
    assert doc.data == {"openapi": "3.1.0", "info": {"version": "2024-01-31"}}


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, b"\xef\xbb\xbfopenapi: 3.1.0\n"))
    assert doc.data == {"openapi": "3.1.0"}


def test_locate_gives_the_line_and_column_of_a_pointer() -> None:
    doc = load_document(FIXTURES / "unresolved-ref.yaml")
    pointer = "/paths/~1things/get/responses/200/content/application~1json/schema/$ref"
    assert doc.locate(pointer) == (17, 23)


def test_a_yaml_spec_is_located_from_the_nodes_it_was_read_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = load_document(FIXTURES / "unresolved-ref.yaml")

    def compose_again(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the document was composed a second time")

    monkeypatch.setattr(yaml, "compose", compose_again)
    pointer = "/paths/~1things/get/responses/200/content/application~1json/schema/$ref"
    assert doc.locate(pointer) == (17, 23)


def test_a_json_spec_is_located_once_a_diagnostic_asks(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text('{\n  "openapi": "3.0.3",\n  "paths": {\n    "/a": {"get": {}}\n  }\n}\n')
    doc = load_document(path)
    assert doc.data["paths"] == {"/a": {"get": {}}}
    assert doc.locate("/paths/~1a/get") == (4, 19)


def test_locate_falls_back_to_the_nearest_existing_parent() -> None:
    doc = load_document(FIXTURES / "unresolved-ref.yaml")
    assert doc.locate("/paths/~1things/get/no/such/node") == (8, 7)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path / "absent.yaml") == ["spec.yaml: #: file not found"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path) == [
        "spec.yaml: #: is a folder (give a spec file: .yaml, .yml or .json)"
    ]


@pytest.mark.parametrize(
    "url", ["https://example.com/openapi.yaml", "http://example.com/a.json", "ftp://host/x.yaml"]
)
def test_a_url_is_refused_as_typed(url: str) -> None:
    with pytest.raises(LeadgenError) as caught:
        load_document(url)
    assert [d.format() for d in caught.value.diagnostics] == [
        (
            f"{url}: #: leadgen reads local files only"
            f" (download the spec first, e.g. curl -o openapi.yaml {url})"
        )
    ]


def test_a_url_is_refused_after_pathlib_collapsed_its_slashes() -> None:
    path = Path("https://example.com/openapi.yaml")  # pathlib makes it https:/example.com/...
    assert refusal(path) == [
        (
            "spec.yaml: #: leadgen reads local files only"
            " (download the spec first, e.g. curl -o openapi.yaml URL)"
        )
    ]


def test_a_file_url_is_refused_with_a_hint_to_give_the_path(tmp_path: Path) -> None:
    url = (tmp_path / "spec.yaml").as_uri()
    with pytest.raises(LeadgenError) as caught:
        load_document(url)
    assert [d.format() for d in caught.value.diagnostics] == [
        f"{url}: #: leadgen reads local files only (give the file's path instead)"
    ]


def test_a_windows_drive_is_not_a_url_scheme() -> None:
    assert refusal(Path("C:/no/such/spec.yaml")) == ["spec.yaml: #: file not found"]


OTHER_NAME_HINT = (
    "(give a .yaml, .yml or .json spec; a file with another name is read only"
    " when it has a top-level openapi: or swagger: key)"
)


def test_an_unknown_extension_is_refused_when_the_content_is_no_openapi_document(
    tmp_path: Path,
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Remember to download the spec.\n", encoding="utf-8")
    assert refusal(path) == [f"spec.yaml: #: unknown file type '.txt' {OTHER_NAME_HINT}"]


def test_a_file_without_extension_is_refused_when_it_is_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "openapi"
    path.write_text("openapi: 3.1.0\ninfo: [broken\n", encoding="utf-8")
    assert refusal(path) == [f"spec.yaml: #: no file extension {OTHER_NAME_HINT}"]


def test_an_unknown_extension_is_read_when_the_content_is_an_openapi_document(
    tmp_path: Path,
) -> None:
    path = tmp_path / "openapi.yaml.orig"
    path.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n", encoding="utf-8")
    assert load_document(path).data["openapi"] == "3.1.0"


def test_empty_file_is_refused() -> None:
    assert refusal(FIXTURES / "empty.yaml") == [
        "spec.yaml: #: is empty (an OpenAPI document is expected)"
    ]


def test_blank_file_is_refused_as_empty(tmp_path: Path) -> None:
    assert refusal(write(tmp_path, b"  \n\n\t\n")) == [
        "spec.yaml: #: is empty (an OpenAPI document is expected)"
    ]


def test_nul_byte_is_refused_at_its_position(tmp_path: Path) -> None:
    raw = b"openapi: 3.1.0\ninfo:\n  title: a\x00b\n"
    assert refusal(write(tmp_path, raw)) == ["spec.yaml:3:11: #: file contains a NUL character"]


def test_text_that_is_not_utf8_is_refused_at_the_first_bad_byte(tmp_path: Path) -> None:
    raw = "openapi: 3.1.0\ninfo:\n  title: ñcafé\n".encode().replace(b"\xc3\xa9", b"\xe9")
    assert refusal(write(tmp_path, raw)) == [
        "spec.yaml:3:14: #: not UTF-8 (byte 35) (save the file as UTF-8)"
    ]


def test_top_level_that_is_not_a_mapping_is_refused_where_it_starts() -> None:
    assert refusal(FIXTURES / "not-a-mapping.yaml") == [
        "spec.yaml:2:1: #: not an OpenAPI document: the top level is not a mapping"
    ]


def test_invalid_yaml_is_refused_where_the_parser_stopped() -> None:
    assert refusal(FIXTURES / "not-yaml.yaml") == [
        (
            "spec.yaml:4:10: #: not valid YAML: did not find expected ',' or ']'"
            " (only plain YAML is accepted; tags like !!python/object are refused)"
        )
    ]


def test_duplicate_yaml_key_is_refused_at_the_second_key() -> None:
    assert refusal(FIXTURES / "duplicate-keys.yaml") == [
        (
            "spec.yaml:14:3: #: duplicate key '/things'"
            " (a later value would silently replace the earlier one; keep one)"
        )
    ]


def test_truncated_json_is_reported_as_a_json_error(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text('{\n  "openapi": "3.1.0",\n  "info": {"title": "t",\n', encoding="utf-8")
    assert refusal(path) == [
        (
            "spec.yaml:4:1: #: not valid JSON: expecting property name enclosed in double quotes"
            " (the file ends in .json)"
        )
    ]


def test_yaml_saved_as_json_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text("openapi: 3.1.0\npaths: {}\n", encoding="utf-8")
    assert load_document(path).data == {"openapi": "3.1.0", "paths": {}}


def test_json_looking_text_in_a_yaml_file_that_is_neither_is_reported_as_json(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, b'{"openapi": "3.1.0",\n "info": {"title": "t"\n')
    assert refusal(path) == [
        (
            "spec.yaml:3:1: #: not valid JSON: expecting ',' delimiter"
            " (the file starts with '{': it is read as JSON)"
        )
    ]


def test_flow_style_yaml_that_looks_like_json_is_accepted(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, b"{openapi: 3.1.0, paths: {}}\n"))
    assert doc.data == {"openapi": "3.1.0", "paths": {}}


def test_duplicate_json_key_is_refused_at_the_second_key() -> None:
    assert refusal(FIXTURES / "duplicate-keys.json") == [
        (
            "spec.yaml:5:3: #: duplicate key 'info'"
            " (a later value would silently replace the earlier one; keep one)"
        )
    ]


def test_yaml_merge_key_is_refused(tmp_path: Path) -> None:
    raw = b"base: &base {a: 1}\nderived:\n  <<: *base\n"
    assert refusal(write(tmp_path, raw)) == [
        "spec.yaml:3:3: #: YAML merge keys (<<) are not supported (write the keys out)"
    ]


def test_alias_of_a_mapping_is_a_copy_of_the_anchored_value() -> None:
    doc = load_document(FIXTURES / "yaml-alias.yaml")
    things, items = doc.data["paths"]["/things"]["get"], doc.data["paths"]["/items"]["get"]
    assert things == items and things is not items  # a copy: changing one keeps the other


def test_alias_of_a_scalar_is_accepted(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, b"openapi: &version 3.1.0\nx-again: *version\n"))
    assert doc.data == {"openapi": "3.1.0", "x-again": "3.1.0"}


class Expanded(AssertionError):
    """More YAML nodes constructed than the file spells out: aliases are being expanded."""


def count_constructions(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[yaml.Node]:
    """Every node the loader constructs, recorded; the budget is the number of nodes written in
    ``path`` (each anchor once), and going over it raises ``Expanded`` at once."""
    events = yaml.parse(path.read_text(encoding="utf-8"))
    budget = sum(isinstance(e, (yaml.ScalarEvent, yaml.CollectionStartEvent)) for e in events)
    constructed: list[yaml.Node] = []
    original = loader._StrictLoader.construct_object

    def counting(self: Any, node: yaml.Node, deep: bool = False) -> Any:
        constructed.append(node)
        if len(constructed) > budget:
            raise Expanded(f"more than the {budget} nodes of {path.name} constructed")
        return original(self, node, deep=deep)

    monkeypatch.setattr(loader._StrictLoader, "construct_object", counting)
    return constructed


def test_alias_bomb_is_refused_before_anything_is_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = FIXTURES / "alias-bomb.yaml"  # 9**9 strings if it were expanded
    constructed = count_constructions(monkeypatch, bomb)
    assert refusal(bomb) == [
        (
            "spec.yaml:2:8: #: YAML alias of a mapping or sequence refused: expanded, the aliases"
            " would make 490329064 nodes, more than the 100000 allowed (inline the content or use a $ref instead of an anchor)"
        )
    ]
    # every node constructed once; the one seen twice is the alias that was refused
    assert len({id(node) for node in constructed}) == len(constructed) - 1


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    assert refusal(write(tmp_path, b"openapi: 3.1.0\nloop: &loop [*loop]\n")) == [
        (
            "spec.yaml:2:7: #: not valid YAML: found unconstructable recursive node"
            " (only plain YAML is accepted; tags like !!python/object are refused)"
        )
    ]


def test_python_tag_is_refused() -> None:
    assert refusal(FIXTURES / "python-tag.yaml") == [
        (
            "spec.yaml:4:12: #: not valid YAML: could not determine a constructor for the tag"
            " 'tag:yaml.org,2002:python/object/apply:os.getcwd'"
            " (only plain YAML is accepted; tags like !!python/object are refused)"
        )
    ]


def test_diagnostic_names_the_file_as_given_and_the_node_position() -> None:
    doc = load_document(FIXTURES / "no-summary.yaml", "specs/x.yaml")
    assert doc.diagnostic("/paths/~1things/get/tags", "bad").format() == (
        "specs/x.yaml:9:13: /paths/~1things/get/tags: bad"
    )
