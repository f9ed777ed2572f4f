"""A normal install, as a stranger gets it: the committed HEAD built into a wheel, the wheel
installed into a fresh venv, and its `leadgen` command run in a folder outside the repository
on a spec of its own (tests/packaging/petstore.yaml)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml

from tests.mock.test_mock_server import read_line
from tests.packaging.support import PETSTORE, clean_env

BIN = "Scripts" if os.name == "nt" else "bin"
TIMEOUT = 300  # seconds: a safety net for hung subprocesses, not a speed requirement


@dataclass(frozen=True)
class Installed:
    """The wheel, the venv it is installed in, and a working folder outside the repository."""

    wheel: Path
    venv: Path
    work: Path
    env: dict[str, str]
    distributions: frozenset[str]  # installed right after the wheel, before anything else

    @property
    def python(self) -> Path:
        return self.venv / BIN / "python"

    @property
    def leadgen(self) -> Path:
        return self.venv / BIN / "leadgen"

    def run(self, *args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """Run a command of the venv in `cwd` (default: the working folder)."""
        return subprocess.run(
            [str(arg) for arg in args],
            cwd=cwd or self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    """stdout of a command that must exit 0."""
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(head_clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel of the committed HEAD, installed (with its dependencies) into a fresh venv."""
    tmp = tmp_path_factory.mktemp("wheel")
    env = clean_env(LEADGEN_CACHE_DIR=str(tmp / "cache"), BLACK_CACHE_DIR=str(tmp / "black"))
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp / "dist"]
    subprocess.run([*map(str, pip_wheel), str(head_clone)], env=env, check=True, timeout=TIMEOUT)
    [wheel] = (tmp / "dist").glob("*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], env=env, check=True, timeout=TIMEOUT)
    python = str(venv / BIN / "python")
    pip_install = [python, "-m", "pip", "install", "--quiet", str(wheel)]
    subprocess.run(pip_install, env=env, check=True, timeout=TIMEOUT)
    listed = subprocess.run(
        [python, "-m", "pip", "list", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT,
    )
    names = frozenset(d["name"].lower() for d in json.loads(listed.stdout))
    work = tmp / "work"
    work.mkdir()
    shutil.copyfile(PETSTORE, work / "petstore.yaml")
    return Installed(wheel, venv, work, env, names)


@pytest.fixture(scope="module")
def generated(installed: Installed) -> Path:
    """`leadgen generate petstore.yaml --output out`, run once; the output folder."""
    ok(installed.run(installed.leadgen, "generate", "petstore.yaml", "--output", "out"))
    return installed.work / "out"


@pytest.fixture(scope="module")
def with_httpx(installed: Installed) -> Installed:
    """The venv with httpx, which generated clients need (leadgen's own install brings it)."""
    ok(installed.run(installed.python, "-m", "pip", "install", "--quiet", "httpx"))
    return installed


# The wheel


def test_the_wheel_holds_every_tracked_file_of_generator_and_templates_at_its_place(
    installed: Installed, head_clone: Path
) -> None:
    tracked = ok(installed.run("git", "ls-files", "generator", "templates", cwd=head_clone))
    wanted = {}
    for path in tracked.split():
        folder, rest = path.split("/", 1)
        wanted["leadgen/" + rest if folder == "generator" else "leadgen/templates/" + rest] = path
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = {n for n in wheel.namelist() if not n.split("/")[0].endswith(".dist-info")}
        assert sorted(set(wanted) - names) == [], "missing from the wheel"
        assert sorted(names - set(wanted)) == [], "in the wheel but not tracked"
        stale = [n for n in names if wheel.read(n) != (head_clone / wanted[n]).read_bytes()]
    assert stale == [], "not the committed content"


def test_the_venv_runs_the_installed_copy_and_no_top_level_generator_module(
    installed: Installed,
) -> None:
    code = "import leadgen, leadgen.templates; print(leadgen.__file__)"
    where = Path(ok(installed.run(installed.python, "-c", code)).strip())
    assert where.is_relative_to(installed.venv) and "site-packages" in where.parts
    result = installed.run(installed.python, "-c", "import generator")
    assert result.returncode == 1
    assert "No module named 'generator'" in result.stderr


def test_the_distribution_is_installed_with_its_dependencies(installed: Installed) -> None:
    assert "leadgen-openapi" in installed.distributions
    # the runtime that checks example values at generation time is the clients' own: httpx
    assert {"jinja2", "pyyaml", "black", "httpx"} <= {d.lower() for d in installed.distributions}


def test_python_m_leadgen_help(installed: Installed) -> None:
    out = ok(installed.run(installed.python, "-m", "leadgen", "--help"))
    assert out.startswith("usage: leadgen ")
    assert all(command in out for command in ("generate", "check", "diff", "mock", "validate"))


# The commands, in a folder outside the repository


def test_validate_passes_on_the_spec(installed: Installed) -> None:
    result = installed.run(installed.leadgen, "validate", "petstore.yaml")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "1 spec, 0 findings\n")


def test_generate_writes_a_client_that_calls_the_api(
    generated: Path, with_httpx: Installed
) -> None:
    script = """
import json
import httpx
from petstore import Client

seen = []

def handler(request):
    body = json.loads(request.content) if request.content else None
    seen.append([request.method, str(request.url), request.headers.get("x-api-key"), body])
    if request.method == "POST":
        return httpx.Response(201, json={"id": 8, "name": "Rex", "tag": "dog"})
    return httpx.Response(200, json={"id": 7, "name": "Tom"})

base_url = "https://petstore.example.com/v1"  # a placeholder host: no default
with Client(base_url=base_url, api_key="secret",
            http_client=httpx.Client(transport=httpx.MockTransport(handler))) as client:
    created = client.pets.create(name="Rex", tag="dog")
    fetched = client.pets.get(7)
print(json.dumps({"created": [type(created).__name__, created.to_dict()],
                  "fetched": [type(fetched).__name__, fetched.to_dict()], "seen": seen}))
"""
    report = json.loads(ok(with_httpx.run(with_httpx.python, "-c", script, cwd=generated)))
    assert report["created"] == ["Pet", {"id": 8, "name": "Rex", "tag": "dog"}]
    assert report["fetched"] == ["Pet", {"id": 7, "name": "Tom"}]
    base = "https://petstore.example.com/v1"
    assert report["seen"] == [
        ["POST", f"{base}/pets", "secret", {"name": "Rex", "tag": "dog"}],
        ["GET", f"{base}/pets/7", "secret", None],
    ]


def test_check_passes_then_fails_once_a_generated_file_is_edited(installed: Installed) -> None:
    run = installed.run
    ok(run(installed.leadgen, "generate", "petstore.yaml", "--output", "checked"))
    ok(run(installed.leadgen, "check", "petstore.yaml", "--output", "checked"))
    edited = installed.work / "checked" / "petstore" / "_client.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = run(installed.leadgen, "check", "petstore.yaml", "--output", "checked")
    assert result.returncode == 1
    assert "_client.py" in result.stdout + result.stderr


def test_diff_reports_a_removed_operation_as_breaking(installed: Installed) -> None:
    (installed.work / "v1").mkdir()
    (installed.work / "v2").mkdir()
    shutil.copyfile(PETSTORE, installed.work / "v1" / "petstore.yaml")
    newer = yaml.safe_load(PETSTORE.read_text(encoding="utf-8"))
    del newer["paths"]["/pets/{petId}"]
    (installed.work / "v2" / "petstore.yaml").write_text(yaml.safe_dump(newer), encoding="utf-8")
    args = ("diff", "v1/petstore.yaml", "v2/petstore.yaml", "--fail-on", "ERR", "--format", "json")
    result = installed.run(installed.leadgen, *args)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["level"], f["operation"]) for f in findings] == [
        ("operation-removed", "ERR", "GET /pets/{petId}")
    ]
    assert findings[0]["symbols"] == ["petstore.resources.pets.PetsResource.get"]


@pytest.fixture
def mock_process(installed: Installed) -> Iterator[subprocess.Popen[str]]:
    """`leadgen mock petstore.yaml --port 0`, running until the test ends."""
    process = subprocess.Popen(
        [str(installed.leadgen), "mock", "petstore.yaml", "--port", "0"],
        cwd=installed.work,
        env=installed.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_mock_serves_the_spec_on_the_port_it_prints(
    mock_process: subprocess.Popen[str],
) -> None:
    first = read_line(mock_process, timeout=60)
    assert first.startswith("leadgen mock listening on http://127.0.0.1:"), first
    url = first.strip().removeprefix("leadgen mock listening on ")
    response = httpx.get(f"{url}/v1/pets/7", headers={"X-API-Key": "k"}, timeout=10)
    assert response.status_code == 200
    assert response.json()["id"] == 7
    mock_process.terminate()
    assert mock_process.wait(timeout=30) == 0
    _, err = mock_process.communicate(timeout=30)
    assert "GET /v1/pets/7 200" in err


def test_the_installed_tool_reproduces_the_committed_clients(
    installed: Installed, head_clone: Path
) -> None:
    result = installed.run(installed.leadgen, "check", "--quiet", cwd=head_clone)
    assert result.returncode == 0, result.stdout + result.stderr
