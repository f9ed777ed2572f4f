"""Model modules in black's form whatever their number of fields, shadowed builtins and
additional properties: black has nothing to change and is not run on them."""

from __future__ import annotations

from pathlib import Path

import black
import pytest
from leadgen.config import Client
from leadgen.emit import format as formatting
from leadgen.emit import render
from leadgen.emit.format import BLACK_MODE
from leadgen.emit.model_views import model_view
from leadgen.model.ir import ModelDef
from leadgen.pipeline import generate_files

SPEC = """\
openapi: 3.0.3
info: {title: Shapes, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Holder"}
components:
  schemas:
    A: {type: object, properties: {a: {type: string}}}
    Longer: {type: object, properties: {a_name_long_enough_to_keep_the_tuple_open: {type: string}}}
    Holder:
      type: object
      properties:
        a: {$ref: "#/components/schemas/A"}
        longer: {$ref: "#/components/schemas/Longer"}
        dict: {type: string}
        str: {type: string}
        tuple: {type: string}
      additionalProperties:
        oneOf:
          - {$ref: "#/components/schemas/A"}
          - {$ref: "#/components/schemas/Longer"}
          - {type: string}
          - {type: integer}
"""


BLACK_RAN: list[str] = []


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    spec = tmp_path_factory.mktemp("shapes") / "shapes.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    original = formatting._formatted

    def spy(name: str, source: str, laid_out: bool) -> tuple[str, bool]:
        text, ran = original(name, source, laid_out)
        if ran:
            BLACK_RAN.append(name)
        return text, ran

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(formatting, "_formatted", spy)
        files = generate_files(Client(spec=spec, package="shapes"))[0]
    return {name: text for name, text in files.items() if name.startswith("models/")}


@pytest.mark.parametrize("name", ["models/a.py", "models/longer.py", "models/holder.py"])
def test_model_modules_are_blacks_and_skip_black(models: dict[str, str], name: str) -> None:
    text = models[name]
    assert black.format_str(text, mode=BLACK_MODE) == text
    assert f"shapes/{name}" not in BLACK_RAN


def test_one_field_is_a_one_item_tuple_joined_when_it_fits(models: dict[str, str]) -> None:
    assert (
        '    __fields__: ClassVar[tuple[Field, ...]] = (Field("a", "a", Str(), required=False),)\n'
        in models["models/a.py"]
    )
    assert "    __fields__: ClassVar[tuple[Field, ...]] = (\n        Field(\n" in (
        models["models/longer.py"]
    )


def test_shadowed_builtins_and_a_long_extra_are_split_as_black_splits(
    models: dict[str, str],
) -> None:
    holder = models["models/holder.py"]
    assert (
        "    additional_properties: builtins.dict[builtins.str, Any] = dataclasses.field(\n"
        "        default_factory=builtins.dict\n    )\n"
    ) in holder
    assert (
        '    __extra__: ClassVar[Any] = Union(\n        (Ref("models.a", "A"), Ref("models.longer",'
        in holder
    )


def test_a_model_without_fields_has_an_empty_tuple(tmp_path: Path) -> None:
    view = model_view(ModelDef("Nothing", "nothing", "/components/schemas/Nothing", ()))
    text = (
        render.make_environment()
        .get_template("package/models/model.py.jinja")
        .render(header="# header", spec_name="s.yaml", version="0", **render.template_context(view))
    )
    assert "    __fields__: ClassVar[tuple[Field, ...]] = ()\n" in text
    assert black.format_str(text, mode=BLACK_MODE) == text
