#!/usr/bin/env python3
"""The quick structural check against openapi-spec-validator, spec by spec.

    .venv/bin/python bench/validate_agree.py [--corpus] [--big] [FILE ...]

For every spec that loads and whose refs resolve: does the validator find nothing, and does
the quick check (`leadgen.spec.quickcheck.surely_valid`) vouch for it? The quick check may
only vouch for specs the validator finds nothing in ("wrong" must stay 0); "unsure" counts the
valid specs it leaves to the validator (correct, only slower). `--corpus` takes every usable
spec of `corpus_specs.py`, `--big` Stripe, GitHub and Kubernetes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from leadgen.errors import LeadgenError
from leadgen.pipeline import open_spec
from leadgen.spec.quickcheck import surely_valid
from leadgen.spec.validate import check_refs, openapi_version


def validator_finds_nothing(data: dict[str, Any], version: str) -> bool:
    from openapi_spec_validator import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    kinds: dict[str, Any] = {
        "2.0": OpenAPIV2SpecValidator,
        "3.0": OpenAPIV30SpecValidator,
        "3.1": OpenAPIV31SpecValidator,
    }
    try:
        return not any(True for _ in kinds[version](data).iter_errors())
    except Exception:  # noqa: BLE001 - a validator failure is a finding too
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--corpus", action="store_true")
    parser.add_argument("--big", action="store_true")
    args = parser.parse_args()
    files: list[Path] = list(args.files)
    if args.corpus:
        from corpus_specs import corpus_specs

        files += [spec.file for spec in corpus_specs() if spec.status == "ok"]
    if args.big:
        from corpus import corpus

        files += [p for name, p in corpus().items() if name != "petstore-v3"]
    counts = {"valid, vouched": 0, "invalid": 0, "valid, unsure": 0, "wrong": 0, "skipped": 0}
    for path in files:
        try:
            spec = open_spec(path, path.name)
        except LeadgenError:
            counts["skipped"] += 1
            continue
        version = openapi_version(spec.data)
        if version not in ("2.0", "3.0", "3.1") or check_refs(spec.doc, spec.data):
            counts["skipped"] += 1
            continue
        valid = validator_finds_nothing(spec.data, version)
        vouched = surely_valid(spec.data, version)
        key = (
            "wrong"
            if vouched and not valid
            else "valid, vouched" if vouched else "valid, unsure" if valid else "invalid"
        )
        counts[key] += 1
        if key == "wrong":
            print(f"WRONG: {path}", file=sys.stderr)
    for key, n in counts.items():
        print(f"{key:15} {n:5}")


if __name__ == "__main__":
    main()
