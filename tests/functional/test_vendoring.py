"""The generated packages can be vendored under any parent package.

They must import themselves only relatively and depend on nothing but the
standard library and httpx.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
PACKAGES = ("inboxapp", "puffle", "lead_management")
ALLOWED_THIRD_PARTY = {"httpx", "__future__"}

VENDORED_CALL = textwrap.dedent("""
    import json
    import sys

    sys.path.insert(0, sys.argv[1])
    import httpx

    from myapp._vendor.inboxapp import Client, models

    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(
            200,
            json={
                "prospect": {"platform": "twitter", "platformId": "44196397",
                             "firstSeenAt": "2024-07-09T14:08:49.000Z"},
                "context": {"tags": ["vip"], "threads": [{"id": "t1"}]},
                "data": {"custom_x": None},
                "stage": "ongoing",
                "accountLinkId": None,
                "threadId": "th_1",
            },
        )

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        client = Client(token="vendored-token", http_client=http)
        lead = client.campaigns.update_lead("abc123", "44196397", data={"custom_x": None})
        client.lists.with_raw_response.update_lead  # the lists resource loads lazily too

    print(json.dumps({
        "lead_type": type(lead).__module__ + "." + type(lead).__qualname__,
        "prospect_type": type(lead.prospect).__module__,
        "is_model": isinstance(lead, models.CampaignLead),
        "stage": lead.stage,
        "first_seen": lead.prospect.first_seen_at.isoformat(),
        "thread_type": type(lead.context.threads[0]).__module__,
        "url": str(seen[0].url),
        "auth": seen[0].headers["authorization"],
        "body": seen[0].content.decode(),
        "top_level_inboxapp": sorted(m for m in sys.modules if m.split(".")[0] == "inboxapp"),
        "vendored_modules": sorted(m for m in sys.modules if m.startswith("myapp._vendor.inboxapp")),
    }))
    """)


@pytest.fixture(scope="module")
def vendored_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Copy generated/inboxapp to <tmp>/myapp/_vendor/inboxapp, call it in a clean interpreter."""
    root = tmp_path_factory.mktemp("vendor")
    vendor = root / "myapp" / "_vendor"
    vendor.mkdir(parents=True)
    (root / "myapp" / "__init__.py").write_text("")
    (vendor / "__init__.py").write_text("")
    shutil.copytree(
        GENERATED / "inboxapp", vendor / "inboxapp", ignore=shutil.ignore_patterns("__pycache__")
    )
    # -I: isolated mode, so neither PYTHONPATH nor the cwd can supply a top-level inboxapp.
    result = subprocess.run(
        [sys.executable, "-I", "-c", VENDORED_CALL, str(root)],
        cwd=root,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_vendored_package_makes_a_call(vendored_run):
    assert vendored_run["url"] == "https://inboxapp.com/api/v1/campaigns/v2/abc123/leads/44196397"
    assert vendored_run["auth"] == "Bearer vendored-token"
    assert json.loads(vendored_run["body"]) == {"data": {"custom_x": None}}


def test_vendored_package_parses_into_its_own_models(vendored_run):
    assert vendored_run["lead_type"] == "myapp._vendor.inboxapp.models.campaign_lead.CampaignLead"
    assert vendored_run["is_model"] is True
    assert vendored_run["prospect_type"] == "myapp._vendor.inboxapp.models.prospect"
    assert vendored_run["thread_type"] == "myapp._vendor.inboxapp.models.thread"
    assert vendored_run["stage"] == "ongoing"
    assert vendored_run["first_seen"] == "2024-07-09T14:08:49+00:00"


def test_vendored_package_never_imports_a_top_level_inboxapp(vendored_run):
    assert vendored_run["top_level_inboxapp"] == []
    assert "myapp._vendor.inboxapp.resources.campaigns" in vendored_run["vendored_modules"]


def _imports(path: Path) -> list[tuple[int, str, int]]:
    """(level, module, line) of every import statement in a file."""
    found: list[tuple[int, str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(0, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.level, node.module or "", node.lineno))
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_generated_imports_are_relative_stdlib_or_httpx(package):
    # The generated tests (tests/) may also use pytest and jsonschema; the client may not.
    files = sorted(
        p
        for p in (GENERATED / package).rglob("*.py")
        if "tests" not in p.relative_to(GENERATED / package).parts
    )
    assert files
    offending = [
        f"{path.relative_to(GENERATED)}:{line}: {module}"
        for path in files
        for level, module, line in _imports(path)
        if level == 0
        and module.split(".")[0] not in sys.stdlib_module_names
        and module.split(".")[0] not in ALLOWED_THIRD_PARTY
    ]
    assert offending == []


@pytest.mark.parametrize("package", PACKAGES)
def test_generated_package_never_imports_itself_absolutely(package):
    absolute_self = [
        f"{path.relative_to(GENERATED)}:{line}"
        for path in sorted((GENERATED / package).rglob("*.py"))
        for level, module, line in _imports(path)
        if level == 0 and module.split(".")[0] in PACKAGES
    ]
    assert absolute_self == []
