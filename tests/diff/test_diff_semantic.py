"""The diff is semantic: edits that keep the meaning report nothing; real edits of the shipped spec do."""

from __future__ import annotations

import copy
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from leadgen.diff.engine import Side, diff_sides
from leadgen.diff.types import Direction, TypeComparer
from leadgen.model.api import build_api
from leadgen.model.ir import ModelDef
from leadgen.pipeline import open_spec

from tests.diff.diff_helpers import (
    LEAD,
    PATCH,
    TODAY,
    UPD,
    base_spec,
    diff,
    drop,
    dump,
    edited,
    put,
    rename_path,
    rename_schema,
)

ROOT = Path(__file__).resolve().parents[2]
INBOXAPP = ROOT / "specs" / "inboxapp.yaml"


def _reversed_keys(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _reversed_keys(node[k]) for k in reversed(list(node))}
    if isinstance(node, list):
        return [_reversed_keys(v) for v in node]
    return node


def test_key_order_reports_nothing(tmp_path: Path) -> None:
    assert diff(tmp_path, base_spec(), _reversed_keys(base_spec())) == []


def test_quoting_and_json_report_nothing(tmp_path: Path) -> None:
    spec = base_spec()
    assert diff(tmp_path, dump(spec), dump(spec, default_style='"')) == []
    assert diff(tmp_path / "j", dump(spec), json.dumps(spec, indent=1), name="shop.json") == []


def test_reindent_reports_nothing(tmp_path: Path) -> None:
    spec = base_spec()
    assert diff(tmp_path, dump(spec, indent=2), dump(spec, indent=6, width=40)) == []


def test_inline_schema_moved_into_components_reports_nothing(tmp_path: Path) -> None:
    inline = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    note = {"type": "string", "enum": ["short", "long"]}
    old = edited(
        put(PATCH + "/responses/200/content/application~1json/schema", inline),
        put(UPD + "/properties/note", note),
    )
    new = edited(
        put(
            "/components/schemas/UpdateLeadResponse", inline
        ),  # the class name the inline schema had
        put("/components/schemas/NoteKind", note),
        put(
            PATCH + "/responses/200/content/application~1json/schema",
            {"$ref": "#/components/schemas/UpdateLeadResponse"},
        ),
        put(UPD + "/properties/note", {"$ref": "#/components/schemas/NoteKind"}),
    )
    assert diff(tmp_path, old, new) == []


def test_inline_schema_moved_into_components_under_another_name_is_a_python_rename(
    tmp_path: Path,
) -> None:
    """The wire is the same: only the generated class names change, never at ERR."""
    detail = {"type": "object", "properties": {"note": {"type": "string"}}}
    inline = {"type": "object", "properties": {"ok": {"type": "boolean"}, "detail": detail}}
    at = PATCH + "/responses/200/content/application~1json/schema"
    old = edited(put(at, inline))
    new = edited(
        put("/components/schemas/UpdateResult", inline),
        put(at, {"$ref": "#/components/schemas/UpdateResult"}),
    )
    findings = diff(tmp_path, old, new)
    assert sorted((f.rule, f.level, f.message) for f in findings) == [
        (
            "python-class-renamed",
            "WARN",
            "class shop.models.UpdateLeadResponse is now shop.models.UpdateResult",
        ),
        (
            "python-class-renamed",
            "WARN",
            "class shop.models.UpdateLeadResponseDetail is now shop.models.UpdateResultDetail",
        ),
    ]


def test_path_template_variable_renamed_is_not_breaking(tmp_path: Path) -> None:
    """`/leads/{leadId}` -> `/leads/{id}`: the URL is the same and the argument positional."""
    renamed = edited(rename_path("/leads/{leadId}", "/leads/{id}", "leadId", "id"))
    findings = diff(tmp_path, base_spec(), renamed)
    assert {(f.rule, f.level) for f in findings} == {
        ("path-parameter-renamed", "INFO"),
        ("python-path-argument-renamed", "WARN"),
    }
    # a rename the generated argument does not see (`lead_id` either way) is INFO alone
    same = edited(rename_path("/leads/{leadId}", "/leads/{lead_id}", "leadId", "lead_id"))
    findings = diff(tmp_path / "same", base_spec(), same)
    assert {(f.rule, f.level) for f in findings} == {("path-parameter-renamed", "INFO")}


def test_component_rename_keeping_the_class_name_reports_nothing(tmp_path: Path) -> None:
    assert diff(tmp_path, base_spec(), edited(rename_schema("Stage", "stage"))) == []


def test_component_rename_changing_the_class_name_is_only_a_python_finding(tmp_path: Path) -> None:
    findings = diff(tmp_path, base_spec(), edited(rename_schema("Lead", "Person")))
    assert [(f.rule, f.level, f.operation) for f in findings] == [
        ("python-class-renamed", "WARN", None)
    ]
    assert findings[0].message == "class shop.models.Lead is now shop.models.Person"
    (alias,) = diff(tmp_path / "alias", base_spec(), edited(rename_schema("Stage", "Phase")))
    assert alias.message == "Literal type alias shop.models.Stage is now shop.models.Phase"


def test_openapi_30_nullable_equals_31_type_list(tmp_path: Path) -> None:
    old = edited(put("/openapi", "3.0.3"), put(LEAD + "/properties/name/nullable", True))
    new = edited(put(LEAD + "/properties/name/type", ["string", "null"]))
    assert diff(tmp_path, old, new) == []


def test_recursive_schemas_terminate_and_report_once(tmp_path: Path) -> None:
    node = {"type": "object", "properties": {
        "name": {"type": "string"},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        "other": {"$ref": "#/components/schemas/Other"},
    }}  # fmt: skip
    other = {"type": "object", "properties": {"back": {"$ref": "#/components/schemas/Node"}}}
    old = edited(put("/components/schemas/Node", node), put("/components/schemas/Other", other),
                 put(LEAD + "/properties/tree", {"$ref": "#/components/schemas/Node"}))  # fmt: skip
    new = edited(put("/components/schemas/Node/properties/name/type", "integer"), spec=old)
    (finding,) = diff(tmp_path, old, new)
    assert (finding.rule, finding.operation, finding.operations) == (
        "response-type-changed",
        None,
        ("GET /leads/{leadId}", "PATCH /leads/{leadId}"),
    )
    assert finding.symbols == ("shop.models.Node.name",)


def test_multi_file_specs_are_bundled(tmp_path: Path) -> None:
    for side, kind in (("old", "string"), ("new", "integer")):
        folder = tmp_path / side
        folder.mkdir()
        spec = edited(
            put(LEAD + "/properties/score", {"$ref": "common.yaml#/components/schemas/Score"})
        )
        (folder / "shop.yaml").write_text(dump(spec))
        (folder / "common.yaml").write_text(
            dump({"components": {"schemas": {"Score": {"type": kind}}}})
        )
    from leadgen.diff.command import diff_pair

    (finding,) = diff_pair(
        str(tmp_path / "old/shop.yaml"), str(tmp_path / "new/shop.yaml"), today=TODAY
    ).findings
    assert (finding.rule, finding.operations) == (
        "response-type-changed",
        ("GET /leads/{leadId}", "PATCH /leads/{leadId}"),
    )
    assert finding.new is not None and finding.new.pointer == LEAD + "/properties/score"


def _line_of(text: str, needle: str, after: str) -> int:
    start = text.index(after)
    return text[: text.index(needle, start)].count("\n") + 1


def test_scripted_edit_of_the_shipped_spec(tmp_path: Path) -> None:
    text = INBOXAPP.read_text()
    stage = text.index("    LeadStage:")
    failed = text.index("        - failed\n", stage)
    new_text = text[:failed] + text[failed + len("        - failed\n") :]
    request = new_text.index("    UpdateCampaignLeadRequest:")
    required = new_text.index("      required:\n        - data\n", request) + len(
        "      required:\n        - data\n"
    )
    new_text = new_text[:required] + "        - by\n" + new_text[required:]
    for side, content in (("old", text), ("new", new_text)):
        (tmp_path / side).mkdir()
        shutil.copy(INBOXAPP, tmp_path / side / "inboxapp.yaml")
        (tmp_path / side / "inboxapp.yaml").write_text(content)
    from leadgen.diff.command import diff_pair

    report = diff_pair(
        str(tmp_path / "old/inboxapp.yaml"), str(tmp_path / "new/inboxapp.yaml"), today=TODAY
    )
    found = {f.rule: f for f in report.findings}
    assert sorted(found) == ["request-property-became-required", "response-enum-value-removed"]
    operation = "PATCH /campaigns/v2/{campaignId}/leads/{identifier}"

    by = found["request-property-became-required"]
    assert (by.level, by.operation, by.operations) == ("ERR", operation, (operation,))
    assert by.symbols == ("inboxapp.models.UpdateCampaignLeadRequest.by",)
    assert (
        by.new is not None
        and by.new.pointer == "/components/schemas/UpdateCampaignLeadRequest/properties/by"
    )
    assert by.new.line == _line_of(new_text, "        by:\n", "    UpdateCampaignLeadRequest:")

    gone = found["response-enum-value-removed"]
    assert (gone.level, gone.operation) == ("INFO", operation)
    assert gone.symbols == (
        "inboxapp.models.LeadStage",
        "inboxapp.models.CampaignLead.stage",
    )
    assert gone.old is not None and gone.old.pointer == "/components/schemas/LeadStage/enum/5"
    assert gone.old.line == _line_of(text, "        - failed", "    LeadStage:")
    assert gone.new is not None and gone.new.pointer == "/components/schemas/LeadStage/enum"
    assert '"failed"' in gone.message


def _built(path: Path, spec: dict[str, Any]) -> Side:
    """A side without structural validation (slow on big specs, and not what is tested here)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(spec))
    loaded = open_spec(path)
    return Side(loaded, build_api(loaded.doc, loaded.data, "shop"))


def test_many_operations_compare_each_shared_model_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = base_spec()
    template = spec["paths"]["/leads/{leadId}"]
    for i in range(300):
        item = copy.deepcopy(template)
        for op in item.values():
            op["operationId"] = op["operationId"] + str(i)
        spec["paths"][f"/leads{i}/{{leadId}}"] = item
    changed = edited(put("/components/schemas/Stage/enum/3", "open"), spec=spec)
    old, new = _built(tmp_path / "old/shop.yaml", spec), _built(tmp_path / "new/shop.yaml", changed)
    compared: Counter[tuple[str, str, str]] = Counter()
    original = TypeComparer._models

    def counting(self: TypeComparer, o: ModelDef, n: ModelDef, d: Direction, out: Any) -> None:
        compared[o.name, n.name, d] += 1
        original(self, o, n, d, out)

    monkeypatch.setattr(TypeComparer, "_models", counting)
    findings = diff_sides(old, new, "shop", today=TODAY)
    # 602 responses and 301 request bodies use Lead and LeadUpdate: one finding per direction,
    # listing the operations it reaches; each pair of models is compared once per direction,
    # however many operations lead to it
    (returned,) = [f for f in findings if f.rule == "response-enum-value-added"]
    assert len(returned.operations) == 602 and returned.operation is None
    assert returned.operations[:2] == ("GET /leads/{leadId}", "PATCH /leads/{leadId}")
    (accepted,) = [f for f in findings if f.rule == "request-enum-value-added"]
    assert len(accepted.operations) == 301
    assert {op.split()[0] for op in accepted.operations} == {"PATCH"}
    assert len(findings) == 2
    assert ("Lead", "Lead", "response") in compared
    assert ("LeadUpdate", "LeadUpdate", "request") in compared
    assert set(compared.values()) == {1}, compared.most_common(3)


def test_inline_classes_of_a_removed_operation_go_with_it(tmp_path: Path) -> None:
    inline = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    old = edited(put(PATCH + "/responses/200/content/application~1json/schema", inline),
                 put(PATCH + "/deprecated", True), put(PATCH + "/x-sunset", "2001-01-01"))  # fmt: skip
    new = edited(drop(PATCH))
    findings = diff(tmp_path, old, new)
    assert [(f.rule, f.level) for f in findings] == [("operation-removed-after-sunset", "INFO")]
