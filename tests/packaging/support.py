"""Helpers of the packaging tests."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PETSTORE = Path(__file__).resolve().parent / "petstore.yaml"


def clean_env(**extra: str) -> dict[str, str]:
    """os.environ without anything that points Python at this checkout or its venv."""
    drop = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return {**env, **extra}
