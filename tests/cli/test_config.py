"""leadgen in a repository of its own: configuration, package names, the user's files, and
pip-installable distributions."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from leadgen.cli import main
from leadgen.config import load_config

SPEC = """\
openapi: 3.1.0
info:
  title: {title}
  version: {version}
servers:
  - url: https://api.example.com
paths:
  /things/{{thing_id}}:
    get:
      operationId: getThing
      summary: One thing
      tags: [things]
      parameters:
        - name: thing_id
          in: path
          required: true
          schema: {{type: string}}
      responses:
        "200":
          description: {description}
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {{type: string}}
"""

CONFIG = """\
[project]
name = "acme"

[tool.leadgen]
output = "src/acme/clients"

[[tool.leadgen.clients]]
spec = "apis/billing/openapi.yaml"
package = "billing"
distribution = "acme-billing-client"
tests = true
cli = true

[[tool.leadgen.clients]]
spec = "apis/shipping/openapi.yaml"
package = "shipping"
tests = false
cli = false
"""


def spec_text(title: str = "Billing", version: str = "1.2.0", description: str = "OK") -> str:
    return SPEC.format(title=title, version=version, description=description)


@contextmanager
def working_in(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run(folder: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with working_in(folder):
        code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two specs both named openapi.yaml and the configuration above."""
    monkeypatch.setenv("LEADGEN_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "acme"
    for name in ("billing", "shipping"):
        (root / "apis" / name).mkdir(parents=True)
        (root / "apis" / name / "openapi.yaml").write_text(spec_text(title=name.title()))
    (root / "pyproject.toml").write_text(CONFIG)
    return root


def test_the_configuration_names_both_packages(project: Path) -> None:
    config = load_config(cwd=project / "apis")  # found upward
    assert config.source == project / "pyproject.toml"
    assert [(c.package, c.distribution, c.tests, c.cli) for c in config.clients] == [
        ("billing", "acme-billing-client", True, True),
        ("shipping", None, False, False),
    ]
    assert config.output == project / "src/acme/clients"


def test_generate_and_check_with_no_arguments_act_on_the_configured_clients(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(project / "apis", "generate", "--quiet", capsys=capsys)
    assert code == 0, out
    clients = project / "src/acme/clients"
    assert (clients / "acme-billing-client" / "billing" / "_client.py").is_file()
    assert (clients / "acme-billing-client" / "pyproject.toml").is_file()
    shipping = clients / "shipping"
    assert (shipping / "_client.py").is_file()
    assert not (shipping / "tests").exists() and not (shipping / "cli.py").exists()
    assert not (shipping / "_cli.py").exists()
    assert "Command line" not in (shipping / "README.md").read_text()
    assert run(project, "check", "--quiet", capsys=capsys)[0] == 0


def test_a_hand_written_file_survives_regeneration_after_a_spec_edit(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "generate", "-q", capsys=capsys)[0] == 0
    package = project / "src/acme/clients/shipping"
    (package / "lib").mkdir()
    (package / "lib" / "extras.py").write_text("ANSWER = 42\n")
    (package / "NOTES.md").write_text("mine\n")
    spec = project / "apis/shipping/openapi.yaml"
    spec.write_text(spec_text(title="Shipping", description="The thing, now described"))
    code, out, _ = run(project, "generate", "-q", capsys=capsys)
    assert code == 0 and "shipping: updated" in out
    assert (package / "lib" / "extras.py").read_text() == "ANSWER = 42\n"
    assert (package / "NOTES.md").read_text() == "mine\n"
    assert run(project, "check", "-q", capsys=capsys)[0] == 0  # the user's files are not stale


def test_a_generated_file_edited_by_hand_is_named_and_kept_without_force(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "generate", "-q", capsys=capsys)[0] == 0
    client = project / "src/acme/clients/shipping/_client.py"
    edited = client.read_text() + "\n# my change\n"
    client.write_text(edited)
    (project / "apis/shipping/openapi.yaml").write_text(spec_text(version="2.0.0"))

    code, _, err = run(project, "check", "-q", capsys=capsys)
    assert code == 1 and "shipping/_client.py: #: was edited by hand" in err

    code, _, err = run(project, "generate", "-q", capsys=capsys)
    assert code == 1
    assert "shipping/_client.py: #: was edited by hand" in err and "--force" in err
    assert client.read_text() == edited  # nothing written

    code, _out, err = run(project, "generate", "-q", "--force", capsys=capsys)
    assert code == 0 and "# my change" not in client.read_text()


def test_a_file_in_the_way_of_a_generated_one_is_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADGEN_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "api.yaml").write_text(spec_text())
    mine = tmp_path / "out" / "api" / "_client.py"
    mine.parent.mkdir(parents=True)
    mine.write_text("# my own module\n")
    code, _, err = run(tmp_path, "generate", "api.yaml", "-o", "out", "-q", capsys=capsys)
    assert code == 1 and "api/_client.py: #: was not written by leadgen" in err
    assert mine.read_text() == "# my own module\n"


def test_two_specs_with_one_name_need_a_package_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "openapi.yaml").write_text(spec_text())
    code, _, err = run(tmp_path, "generate", "a/openapi.yaml", "b/openapi.yaml", capsys=capsys)
    assert code == 2 and "also generates 'openapi'" in err and "`package`" in err


def test_the_package_flag_names_the_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADGEN_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "petstore3-full.yaml").write_text(spec_text())
    code, _out, _ = run(tmp_path, "generate", "petstore3-full.yaml", "-o", "o", capsys=capsys)
    assert code == 0 and (tmp_path / "o" / "petstore3_full" / "__init__.py").is_file()
    args = ("generate", "petstore3-full.yaml", "-o", "o", "--package", "pets")
    assert run(tmp_path, *args, capsys=capsys)[0] == 0
    assert (tmp_path / "o" / "pets" / "__init__.py").is_file()


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[tool.leadgen]\noutputs = "x"\n', "tool.leadgen.outputs: unknown key"),
        ("[tool.leadgen]\nclients = 3\n", "tool.leadgen.clients: must be an array of tables"),
        ('[[tool.leadgen.clients]]\npackage = "x"\n', "tool.leadgen.clients[0]: has no `spec`"),
        (
            '[[tool.leadgen.clients]]\nspec = "a.yaml"\npackage = "Not-Valid"\n',
            "tool.leadgen.clients[0].package: 'Not-Valid' is not a lower-case Python package",
        ),
        ("[tool.leadgen\n", "not valid TOML"),
    ],
)
def test_a_bad_configuration_is_refused_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str, message: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(config)
    code, _, err = run(tmp_path, "generate", capsys=capsys)
    assert code == 2 and message in err and "pyproject.toml" in err


def test_a_leadgen_toml_takes_the_same_keys_at_top_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADGEN_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "spec.yaml").write_text(spec_text())
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "leadgen.toml").write_text(
        'output = "../out"\n[[clients]]\nspec = "../spec.yaml"\npackage = "acme"\n'
    )
    args = ("generate", "--config", "tools/leadgen.toml", "-q")
    assert run(tmp_path, *args, capsys=capsys)[0] == 0
    assert (tmp_path / "out" / "acme" / "__init__.py").is_file()


def test_templates_pointing_nowhere_is_unusable_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "spec.yaml").write_text(spec_text())
    for command in ("generate", "check"):
        args = (command, "spec.yaml", "--templates", "nowhere")
        code, _, err = run(tmp_path, *args, capsys=capsys)
        assert code == 2 and "nowhere: #: no such templates folder" in err


def test_no_spec_and_no_configuration_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(tmp_path, "generate", capsys=capsys)
    assert code == 2 and "pass a spec file" in err and "[tool.leadgen]" in err


def test_the_distribution_installs_with_pip_and_imports(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project.joinpath("apis/billing/openapi.yaml").write_text(spec_text(version="v1.2-beta.3"))
    assert run(project, "generate", "-q", capsys=capsys)[0] == 0
    dist = project / "src/acme/clients/acme-billing-client"
    target = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    result = subprocess.run(
        [*install, "--target", str(target), str(dist)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    metadata = next(target.glob("acme_billing_client-*.dist-info")) / "METADATA"
    fields = [line.split(": ", 1) for line in metadata.read_text().splitlines() if ": " in line]
    assert ["Version", "1.2b3"] in fields  # info.version, normalised
    assert [v for k, v in fields if k == "Requires-Dist"] == ["httpx<1,>=0.27"]
    probe = "import billing, billing.models; print(billing.Client.__name__, billing.__file__)"
    shown = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(target)},
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Client ") and str(target) in shown.stdout


def test_refs_across_folders_inside_the_configured_root_generate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADGEN_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "thing.yaml").write_text(
        "type: object\nproperties:\n  id: {type: string}\n"
    )
    (tmp_path / "apis").mkdir()
    text = spec_text().replace(
        "schema:\n                type: object\n                properties:\n"
        "                  id: {type: string}\n",
        "schema: {$ref: '../common/thing.yaml'}\n",
    )
    assert "../common/thing.yaml" in text
    (tmp_path / "apis" / "api.yaml").write_text(text)
    code, _, err = run(tmp_path, "generate", "apis/api.yaml", "-o", "out", capsys=capsys)
    assert code == 2 and "points outside" in err  # no configuration: the spec's folder only
    (tmp_path / "leadgen.toml").write_text('[[clients]]\nspec = "apis/api.yaml"\n')
    assert run(tmp_path, "generate", "-q", capsys=capsys)[0] == 0
    assert (tmp_path / "generated" / "api" / "__init__.py").is_file()


def test_a_url_is_not_a_spec_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(tmp_path, "generate", "https://example.com/openapi.yaml", capsys=capsys)
    assert code == 2 and "https://example.com/openapi.yaml" in err and "local files only" in err
