"""Paths of the inventory schema, for tests that reason about every field rules can read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "inventory.schema.json").read_text(
        encoding="utf-8"
    )
)
DEFS: dict[str, Any] = SCHEMA["$defs"]


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = DEFS[node["$ref"].rsplit("/", 1)[-1]]
    return node


def allows_unknown(node: dict[str, Any]) -> bool:
    """The schema value set of ``node`` includes the literal ``"unknown"``."""
    node = _resolve(node)
    if "unknown" in (node.get("enum") or []) or node.get("const") == "unknown":
        return True
    return any(allows_unknown(x) for k in ("anyOf", "oneOf") for x in node.get(k, []))


def leaves(node: dict[str, Any], path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """(path, schema) of every leaf field: ``table.key``, ``list[].key``."""
    node = _resolve(node)
    out: list[tuple[str, dict[str, Any]]] = []
    props = node.get("properties")
    if props:
        for key, sub in props.items():
            out += leaves(sub, f"{path}.{key}" if path else key)
        return out
    items = node.get("items")
    if isinstance(items, dict) and "properties" in _resolve(items):
        return leaves(items, path + "[]")
    return [(path, node)]


def system_leaves() -> list[tuple[str, dict[str, Any]]]:
    """Leaf fields of a system."""
    return leaves(SCHEMA["properties"]["systems"]["items"])


def agency_leaves() -> list[tuple[str, dict[str, Any]]]:
    """Leaf fields of the agency, as ``agency.key``."""
    return leaves(SCHEMA["properties"]["agency"], "agency")
