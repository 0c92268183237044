"""Find and load the JSON Schemas: in the installed package, or in the source tree's schemas/."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

SCHEMA_NAMES = ("inventory", "report", "config")


def schema_text(name: str) -> str:
    """Raw text of ``schemas/<name>.schema.json``."""
    filename = f"{name}.schema.json"
    packaged = resources.files("frtaudit").joinpath("schemas", filename)
    if packaged.is_file():  # installed wheel: hatch force-includes schemas/ here
        return packaged.read_text(encoding="utf-8")
    source = Path(__file__).resolve().parents[2] / "schemas" / filename
    return source.read_text(encoding="utf-8")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Parsed schema ``name`` (cached)."""
    data: dict[str, Any] = json.loads(schema_text(name))
    return data
