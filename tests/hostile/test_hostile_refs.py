"""References: missing targets, remote URLs, files outside the spec's folder, cycles through
files. Refused with exit 2 where the $ref is written, and never by touching the network.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.hostile_spec_support import (
    SPECS,
    assert_refused,
    files_under,
    generate,
)

REFS = SPECS / "refs"
AT_REF = "/paths/~1a/get/responses/200/content/application~1json/schema/$ref"

# spec (under specs/refs) -> (file named, pointer or None, what stderr must say)
REFUSED: dict[str, tuple[str, str | None, str]] = {
    "missing.yaml": ("missing.yaml", AT_REF, "does not resolve"),
    "not-a-pointer.yaml": ("not-a-pointer.yaml", AT_REF, "no $anchor 'Thing' in this document"),
    "remote-http.yaml": ("remote-http.yaml", AT_REF, "leadgen never uses the network"),
    "remote-https.yaml": (
        "remote-https.yaml",
        AT_REF,
        "leadgen never uses the network",
    ),
    "protocol-relative.yaml": (
        "protocol-relative.yaml",
        AT_REF,
        "leadgen never uses the network",
    ),
    "file-url.yaml": ("file-url.yaml", AT_REF, "leadgen never uses the network"),
    "absolute-path.yaml": (
        "absolute-path.yaml",
        AT_REF,
        "points outside the spec's folder",
    ),
    "escape-parent.yaml": (
        "escape-parent.yaml",
        AT_REF,
        "points outside the spec's folder",
    ),
    "escape-deep.yaml": (
        "escape-deep.yaml",
        AT_REF,
        "points outside the spec's folder",
    ),
    "nested/api.yaml": ("hop.yaml", "/Thing/$ref", "points outside the spec's folder"),
    "cycle/api.yaml": (
        "b.yaml",
        "/Thing/properties/a/$ref",
        "forms a cycle through files",
    ),
    "discriminator-remote.yaml": (
        "discriminator-remote.yaml",
        "/components/schemas/U/discriminator/mapping",
        "is not a local reference",
    ),
}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every attempt to connect or to resolve a host name is recorded, then fails."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network disabled by the hostile-spec tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.mark.parametrize("spec", sorted(REFUSED))
def test_a_bad_ref_is_refused_where_it_is_written(
    spec: str, tmp_path: Path, no_network: list[Any]
) -> None:
    file_name, pointer, message = REFUSED[spec]
    run = generate(REFS / spec, tmp_path / "out")
    first = assert_refused(run, file_name, message)
    assert first["pointer"] == pointer, str(run)
    assert first["line"] is not None, str(run)
    assert no_network == []
    assert list(tmp_path.iterdir()) == []


def test_refused_files_outside_the_folder_are_never_read(tmp_path: Path) -> None:
    """The refusal comes before the read: a target that would not even parse is not reported."""
    (tmp_path / "outside.yaml").write_text("{{{ not yaml", encoding="utf-8")
    folder = tmp_path / "spec"
    folder.mkdir()
    (folder / "api.yaml").write_text(
        (REFS / "escape-parent.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    run = generate(folder / "api.yaml", tmp_path / "out")
    assert_refused(run, "api.yaml", "points outside the spec's folder")
    assert "not valid YAML" not in run.err


def test_a_symlink_that_leaves_the_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("Thing: {type: string}\n", encoding="utf-8")
    folder = tmp_path / "spec"
    folder.mkdir()
    (folder / "link.yaml").symlink_to(secret)
    api = (REFS / "missing.yaml").read_text(encoding="utf-8")
    (folder / "api.yaml").write_text(
        api.replace("#/components/schemas/Nowhere", "link.yaml#/Thing"),
        encoding="utf-8",
    )
    run = generate(folder / "api.yaml", tmp_path / "out")
    assert_refused(run, "api.yaml", "'link.yaml' points outside the spec's folder")


def test_generation_opens_no_connection(tmp_path: Path, no_network: list[Any]) -> None:
    """Specs full of URLs (servers, $id, $dynamicRef, externalValue, operationRef, remote and
    file refs) generate or are refused without one connection or DNS lookup."""
    codes = {}
    for spec in [
        *sorted(REFS.glob("*.yaml")),
        SPECS / "injection.yaml",
        SPECS / "injection-swagger2.yaml",
    ]:
        codes[spec.name] = generate(spec, tmp_path / "out").code
    assert no_network == []
    assert codes["schema-keywords.yaml"] == 0 and codes["remote-https.yaml"] == 2
    assert codes["schema-dialect.yaml"] == 2  # an unknown dialect is refused, not fetched


def test_a_cycle_through_files_by_way_of_components_generates(tmp_path: Path) -> None:
    run = generate(REFS / "cycle-components" / "api.yaml", tmp_path / "out")
    assert run.code == 0, str(run)
    assert {"api/models/node.py", "api/models/owner.py"} <= files_under(tmp_path / "out")


def test_a_missing_file_is_refused_where_the_ref_is_written(tmp_path: Path) -> None:
    run = generate(REFS / "missing-file.yaml", tmp_path / "out")
    first = assert_refused(run, "missing-file.yaml", "nowhere.yaml")
    assert first["pointer"] == AT_REF
    assert "no such file" in str(first["message"])
