"""`--lenient`: each kind of small mistake is refused by default with one positioned finding, and
generated with one positioned warning under --lenient, into a package that imports and type-checks.
What the model cannot do without stays an error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from leadgen.cli import main

HEAD = """\
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
"""
RESPONSE = """\
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
"""
# kind -> (spec text, line of the mistake, its pointer, words of the message)
PROP = "/paths/~1items/get/responses/200/content/application~1json/schema/properties"
CASES = {
    "unknown-key": (
        HEAD + "      title: Items\n" + RESPONSE + "                  id: {type: string}\n",
        7,
        "/paths/~1items/get/title",
        "unknown key 'title'",
    ),
    "3.1-keyword": (
        HEAD + RESPONSE + "                  kind: {const: item}\n",
        15,
        f"{PROP}/kind/const",
        "unknown key 'const'",
    ),
    "enum-member": (
        HEAD + RESPONSE + "                  size: {type: integer, enum: [1, two, 3]}\n",
        15,
        f"{PROP}/size/enum/1",
        "enum member 'two' does not fit the schema",
    ),
    "default": (
        HEAD + RESPONSE + "                  size: {type: integer, default: big}\n",
        15,
        f"{PROP}/size/default",
        "default 'big' does not fit the schema",
    ),
    "example": (
        HEAD + RESPONSE + "                  on: {type: boolean, example: 'yes'}\n",
        15,
        f"{PROP}/on/example",
        "example 'yes' does not fit the schema",
    ),
}


def generate(tmp_path: Path, text: str, *flags: str) -> tuple[int, str, Path]:
    spec = tmp_path / "shop.yaml"
    spec.write_text(text)
    out = tmp_path / "out"
    code = main(["generate", str(spec), "-o", str(out), "--no-cache", "-q", *flags])
    return code, spec.name, out  # outside the working folder, findings name the file


@pytest.mark.parametrize("kind", sorted(CASES))
def test_refused_by_default_with_one_positioned_finding(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line, pointer, words = CASES[kind]
    code, spec, out = generate(tmp_path, text)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and not out.exists()
    assert len(err) == 1, err
    assert err[0].startswith(f"{spec}:{line}:") and f": {pointer}: " in err[0] and words in err[0]


@pytest.mark.parametrize("kind", sorted(CASES))
def test_lenient_generates_with_one_positioned_warning(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line, pointer, _ = CASES[kind]
    code, spec, out = generate(tmp_path, text, "--lenient")
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 0
    assert err[-1] == "generated with 1 warning(s) (1 kind(s))"
    (warning,) = err[:-1]
    assert warning.startswith(f"{spec}:{line}:") and f": {pointer}: " in warning
    manifest = json.loads((out / "shop" / "leadgen-manifest.json").read_text())
    assert manifest["options"]["lenient"] == {"warnings": 1}
    assert "Generated with `--lenient`" in (out / "shop" / "README.md").read_text()
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "shop"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout


STATUS_CODE_SPEC = (
    HEAD.replace("/items:", "/items:\n    x-note: kept")
    + RESPONSE.replace('"200":', "200:")
    + "                  id: {type: string}\n"
)


def test_an_integer_status_code_is_a_positioned_warning_not_a_refusal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`200:` is a YAML integer; openapi-spec-validator accepts it and leadgen reads every key as
    text, so the spec generates, with the finding said at its line."""
    code, spec, out = generate(tmp_path, STATUS_CODE_SPEC)
    (warning,) = capsys.readouterr().err.strip().splitlines()
    assert code == 0 and (out / "shop" / "_client.py").is_file()
    assert warning.startswith(f"{spec}:") and "status code 200 is a YAML integer" in warning
    assert main(["validate", str(tmp_path / "shop.yaml")]) == 0
    assert "status code 200 is a YAML integer" in capsys.readouterr().err


def test_lenient_drops_what_does_not_fit_and_keeps_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, out = generate(tmp_path, CASES["enum-member"][0], "--lenient")
    assert code == 0
    models = "".join(p.read_text() for p in (out / "shop" / "models").glob("*.py"))
    assert "Literal[1, 3]" in models


def test_lenient_warnings_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = generate(tmp_path, CASES["default"][0], "--lenient", "--format", "json")
    assert code == 0
    (diagnostic,) = json.loads(capsys.readouterr().out.split("\n}\n")[0] + "\n}")["diagnostics"]
    assert diagnostic["pointer"] == CASES["default"][2]
    assert (diagnostic["line"], diagnostic["level"]) == (15, "warning")
    assert diagnostic["rule"] == "lenient-bad-value"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('openapi: 3.0.3\ninfo: {title: T, version: "1"}\n', "'paths' is a required property"),
        (
            HEAD + RESPONSE + "                  a: {$ref: '#/components/schemas/Nowhere'}\n",
            "Nowhere",
        ),
    ],
)
def test_what_cannot_be_built_stays_an_error(
    text: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, out = generate(tmp_path, text, "--lenient")
    assert code == 2 and words in capsys.readouterr().err and not out.exists()


def test_strict_false_in_the_configuration_means_lenient(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "leadgen.toml").write_text('strict = false\n[[clients]]\nspec = "shop.yaml"\n')
    (tmp_path / "shop.yaml").write_text(CASES["unknown-key"][0])
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--no-cache", "-q"]) == 0
    assert "generated with 1 warning(s)" in capsys.readouterr().err


GO_SWAGGER = """\
swagger: "2.0"
info: {title: Engine, version: "1.43"}
paths:
  /containers:
    get:
      operationId: listContainers
      responses:
        "200":
          description: ok
          schema: {$ref: "#/definitions/Container"}
definitions:
  Container:
    type: object
    properties:
      Name: {type: string}
      Labels:
        type: string
        x-nullable: true
        default: null
"""


def test_go_swagger_x_nullable_with_a_null_default_is_read_as_nullable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, out = generate(tmp_path, GO_SWAGGER)  # strict: x-nullable makes null a valid default
    assert code == 0, capsys.readouterr().err
    model = (out / "shop" / "models" / "container.py").read_text()
    assert "labels: str | None | Unset" in model


def test_a_status_written_with_superscript_digits_is_a_finding_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`²00` is a digit string to `str.isdigit` but no number to `int`: lenient mode orders
    its findings by pointer, and a pointer segment like it must not end in a traceback."""
    text = HEAD + RESPONSE.replace('"200"', '"²00"') + "                  id: {type: string}\n"
    text += '        "200": {description: ok}\n'
    code, name, out = generate(tmp_path, text, "--lenient")
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err
    assert f"{name}:9:" in err and "/paths/~1items/get/responses/²00" in err
    assert (out / "shop" / "resources" / "items.py").is_file()
