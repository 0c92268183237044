"""An inventory with every field of the schema filled, each string with a unique marker.

``marked_inventory()`` walks ``schemas/inventory.schema.json`` and fills every field: a string
gets ``MK<system><n>Z`` (a URL ``https://mk<system><n>z.example/``), an integer a unique
number where its range allows, an array one item, an enum its first value, a three-valued
field ``true``. ``markers`` maps each marker to the dotted path of its field (``[]`` for
array items), so a test can say which internal field leaked.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schemas" / "inventory.schema.json").read_text(encoding="utf-8"))

#: Values for fields whose pattern a marker cannot satisfy; not markers.
FIXED = {
    "agency.country": "KR",
    "agency.subdivision": "KR-11",
    "systems[].exceptions[].rule": "NHRCK-BAN-001",
    "systems[].withheld[].field": "notes",
}


class Marks:
    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.n = 0
        self.markers: dict[str, str] = {}
        self.numbers: dict[int, str] = {}

    def text(self, path: str, url: bool = False) -> str:
        self.n += 1
        mark = f"MK{self.tag}{self.n:04d}Z"
        self.markers[mark.lower() if url else mark] = path
        return f"https://{mark.lower()}.example/" if url else mark

    def number(self, path: str, low: int, high: int) -> int:
        self.n += 1
        value = 7_000_000 + self.n * 7
        if low <= value <= high:
            self.numbers[value] = path
            return value
        return low


def _resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    if "$ref" in node:
        return SCHEMA["$defs"][str(node["$ref"]).rsplit("/", 1)[-1]]
    return node


def fill(node: Mapping[str, Any], path: str, marks: Marks) -> Any:
    node = _resolve(node)
    if path in FIXED:
        return FIXED[path]
    if "anyOf" in node:
        branches = [_resolve(b) for b in node["anyOf"]]
        if any(b.get("const") == "unknown" for b in branches):  # tri
            return True
        return fill(branches[0], path, marks)
    if "enum" in node:
        return node["enum"][0]
    if "const" in node:
        return node["const"]
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "object" or "properties" in node:
        return {
            key: fill(sub, f"{path}.{key}" if path else key, marks)
            for key, sub in node.get("properties", {}).items()
        }
    if kind == "array":
        items = _resolve(node["items"])
        inner = path + "[]" if "properties" in items else path
        return [fill(items, inner, marks)]
    if kind == "string":
        if node.get("format") == "date":
            return "2020-01-01"
        return marks.text(path, url=node.get("pattern") == "^https?://")
    if kind == "integer":
        return marks.number(path, int(node.get("minimum", 0)), int(node.get("maximum", 10**12)))
    if kind == "number":
        return 0.5
    if kind == "boolean":
        return True
    raise AssertionError(f"no filler for {path}: {node}")


def marked_inventory(
    tags: tuple[str, ...] = ("a", "b"), adjust: Callable[[dict[str, Any]], None] | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """(inventory, marker -> field path) with one fully filled system per tag."""
    agency_marks = Marks("g")
    doc: dict[str, Any] = {
        "schema_version": "1",
        "agency": fill(SCHEMA["properties"]["agency"], "agency", agency_marks),
        "systems": [],
    }
    markers = dict(agency_marks.markers)
    for tag in tags:
        marks = Marks(tag)
        system = fill(SCHEMA["properties"]["systems"]["items"], "systems[]", marks)
        markers.update(marks.markers)
        doc["systems"].append(system)
    if adjust is not None:
        adjust(doc)
    return doc, markers
