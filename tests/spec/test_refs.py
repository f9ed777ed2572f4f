"""`$ref` resolution and the bundling of multi-file specs."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from leadgen.errors import LeadgenError
from leadgen.pipeline import open_spec, validate_spec
from leadgen.spec.loader import load_document
from leadgen.spec.refs import bundle, iter_refs, resolve_pointer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "validate"
MULTI_FILE = FIXTURES / "multi-file" / "api.yaml"


def bundle_refusal(path: Path, display: str) -> list[str]:
    """The diagnostics, as printed, with which bundling the spec at `path` is refused."""
    with pytest.raises(LeadgenError) as caught:
        bundle(load_document(path, display))
    return [diagnostic.format() for diagnostic in caught.value.diagnostics]


def test_resolve_pointer_unescapes_tilde_and_slash() -> None:
    data = {"paths": {"/a~b": {"get": [10, 20]}}}
    assert resolve_pointer(data, "#/paths/~1a~0b/get/1") == 20


@pytest.mark.parametrize("pointer", ["#/paths/x", "#/list/2", "#/list/first", "#paths"])
def test_resolve_pointer_raises_key_error_when_absent(pointer: str) -> None:
    with pytest.raises(KeyError):
        resolve_pointer({"paths": {}, "list": [1, 2]}, pointer)


def test_iter_refs_yields_where_each_ref_is() -> None:
    data = {"a": {"$ref": "#/b"}, "b": [{"c": {"$ref": "#/d"}}]}
    assert sorted(iter_refs(data)) == [("/a", "#/b"), ("/b/0/c", "#/d")]


def test_a_single_file_spec_is_returned_as_it_is() -> None:
    doc = load_document(FIXTURES / "unused-schema.yaml")
    assert bundle(doc) == (doc.data, [])


def test_sibling_file_components_are_hoisted_into_the_root() -> None:
    data, deps = bundle(load_document(MULTI_FILE))
    assert sorted(data["components"]["schemas"]) == ["File", "Folder", "Tag"]
    assert deps == [(FIXTURES / "multi-file" / "schemas.yaml").resolve()]


def test_refs_into_sibling_files_become_local_refs() -> None:
    data, _ = bundle(load_document(MULTI_FILE))
    assert {ref for _, ref in iter_refs(data)} == {
        "#/components/schemas/File",
        "#/components/schemas/Folder",
        "#/components/schemas/Tag",
    }


def test_a_recursive_schema_across_files_refers_back_to_the_root() -> None:
    data, _ = bundle(load_document(MULTI_FILE))
    schemas = data["components"]["schemas"]
    assert schemas["Folder"]["properties"]["files"]["items"] == {
        "$ref": "#/components/schemas/File"
    }
    assert schemas["File"]["properties"]["folder"] == {"$ref": "#/components/schemas/Folder"}
    assert schemas["Tag"]["properties"]["children"]["items"] == {"$ref": "#/components/schemas/Tag"}


def test_bundling_leaves_the_root_document_untouched() -> None:
    doc = load_document(MULTI_FILE)
    before = copy.deepcopy(doc.data)
    bundle(doc)
    assert doc.data == before


def test_a_multi_file_spec_validates_clean() -> None:
    assert validate_spec(open_spec(MULTI_FILE)) == []


def test_remote_ref_is_refused() -> None:
    assert bundle_refusal(FIXTURES / "remote-ref.yaml", "remote-ref.yaml") == [
        (
            "remote-ref.yaml:17:23:"
            " /paths/~1things/get/responses/200/content/application~1json/schema/$ref:"
            " remote $ref 'https://example.com/thing.yaml#/Thing' refused: leadgen never uses the network"
            " (download the file into the spec's folder and refer to it by relative path)"
        )
    ]


def test_ref_leaving_the_spec_folder_is_refused() -> None:
    assert (FIXTURES / "ref-escape-target.yaml").is_file()  # refused although it exists
    assert bundle_refusal(FIXTURES / "ref-escape" / "api.yaml", "ref-escape/api.yaml") == [
        (
            "ref-escape/api.yaml:17:23:"
            " /paths/~1things/get/responses/200/content/application~1json/schema/$ref:"
            " $ref '../ref-escape-target.yaml' points outside the spec's folder"
            " (move the file inside, or set `root` in [tool.leadgen] / pass --root)"
        )
    ]


def test_ref_cycle_outside_components_is_refused_in_the_file_that_closes_it() -> None:
    assert bundle_refusal(FIXTURES / "ref-cycle" / "api.yaml", "ref-cycle/api.yaml") == [
        (
            "ref-cycle/nodes.yaml:5:13: /Node/properties/next/$ref:"
            " $ref '#/Node' forms a cycle through files"
            " (put the recursive schema under components/schemas and refer to it there)"
        )
    ]


# The project root: refs across folders inside it

SPEC_WITH_COMMON_REF = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      summary: The things.
      tags: [things]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "../common/schemas.yaml#/components/schemas/Thing"}
"""
AT_COMMON_REF = "/paths/~1things/get/responses/200/content/application~1json/schema/$ref"


def project(base: Path) -> Path:
    """base/specs/api.yaml referring to base/common/schemas.yaml; the spec's path."""
    (base / "specs").mkdir(parents=True)
    (base / "common").mkdir()
    (base / "specs" / "api.yaml").write_text(SPEC_WITH_COMMON_REF, encoding="utf-8")
    (base / "common" / "schemas.yaml").write_text(
        "components:\n  schemas:\n    Thing: {type: object}\n", encoding="utf-8"
    )
    return base / "specs" / "api.yaml"


def test_a_ref_to_another_folder_inside_the_project_root_is_pulled_in(tmp_path: Path) -> None:
    spec = project(tmp_path)
    data, deps = bundle(load_document(spec), root=tmp_path)
    assert data["components"]["schemas"]["Thing"] == {"type": "object"}
    assert deps == [(tmp_path / "common" / "schemas.yaml").resolve()]
    assert validate_spec(open_spec(spec, root=tmp_path)) == []


def test_without_a_root_the_spec_folder_is_the_limit(tmp_path: Path) -> None:
    assert bundle_refusal(project(tmp_path), "specs/api.yaml") == [
        (
            f"specs/api.yaml:14:30: {AT_COMMON_REF}:"
            " $ref '../common/schemas.yaml' points outside the spec's folder"
            " (move the file inside, or set `root` in [tool.leadgen] / pass --root)"
        )
    ]


def test_a_ref_leaving_the_project_root_is_refused_naming_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    spec = project(tmp_path)
    with pytest.raises(LeadgenError) as caught:
        bundle(load_document(spec, "specs/api.yaml"), root=tmp_path / "specs")
    assert [d.format() for d in caught.value.diagnostics] == [
        (
            f"specs/api.yaml:14:30: {AT_COMMON_REF}:"
            " $ref '../common/schemas.yaml' points outside the project root specs"
            " (move the file inside, or set `root` in [tool.leadgen] / pass --root)"
        )
    ]


def test_a_spec_outside_the_project_root_keeps_its_own_folder_as_the_limit(
    tmp_path: Path,
) -> None:
    spec = project(tmp_path / "elsewhere")
    (tmp_path / "project").mkdir()
    with pytest.raises(LeadgenError) as caught:
        bundle(load_document(spec), root=tmp_path / "project")
    assert "points outside the spec's folder" in caught.value.diagnostics[0].message


def test_a_file_pulled_in_from_another_folder_is_named_from_the_spec(tmp_path: Path) -> None:
    spec = project(tmp_path)
    (tmp_path / "common" / "schemas.yaml").write_text("components: [broken\n", encoding="utf-8")
    with pytest.raises(LeadgenError) as caught:
        bundle(load_document(spec, "specs/api.yaml"), root=tmp_path)
    assert caught.value.diagnostics[0].file == "common/schemas.yaml"
