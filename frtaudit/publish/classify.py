"""Which inventory fields may be published: the rule written once in ``schemas/publication.json``.

Every field of the inventory schema is classified there, ``"public"`` or
``{"class": "internal", "why": ...}``, by a dotted path (``[]`` marks an array's items). An
internal entry covers its whole subtree; a public entry covers that field only. A field that is
not classified is never published (fail closed), and ``unclassified()`` lists the schema fields
that lack an entry (a test fails on any).

Two more rules apply per system, on top of the classification:

- anything the agency lists in ``withheld`` (``{field, reason}``) is left out and the reason is
  shown in its place;
- an assessment's ``report_url`` is published only when that assessment says ``public = true``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

PUBLIC = "public"
INTERNAL = "internal"


def _schemas_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "schemas", here.parent / "schemas"):
        if (candidate / "publication.json").is_file():
            return candidate
    return here.parent / "schemas"


@cache
def classification() -> Mapping[str, str]:
    """Field path -> ``public`` or ``internal``, as written in schemas/publication.json."""
    raw = json.loads((_schemas_dir() / "publication.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for path, value in raw["fields"].items():
        out[path] = value if isinstance(value, str) else str(value["class"])
    return out


def schema_fields(schema: Mapping[str, Any]) -> list[str]:
    """Every field path of the inventory schema (objects and leaves), ``[]`` for array items."""
    out: list[str] = []

    def resolve(ref: str) -> Mapping[str, Any]:
        """A local JSON pointer (``#/$defs/x``, ``#/properties/systems/items/...``)."""
        node: Any = schema
        for part in ref.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node  # type: ignore[no-any-return]

    def walk(node: Mapping[str, Any], path: str) -> None:
        if "$ref" in node:
            node = resolve(str(node["$ref"]))
        props = node.get("properties")
        items = node.get("items")
        if props is None and isinstance(items, Mapping):
            if "$ref" in items:
                items = resolve(str(items["$ref"]))
            if "properties" in items:
                walk(items, path + "[]")
                return
        if props is None:
            return
        for key, sub in props.items():
            child = f"{path}.{key}" if path else key
            out.append(child)
            walk(sub, child)

    walk(schema, "")
    return out


def _ancestors(path: str) -> Iterator[str]:
    """``a[].b.c`` -> ``a[].b``, ``a`` (the array itself covers its items)."""
    probe = path
    while True:
        cut = max(probe.rfind("."), probe.rfind("[]"))
        if cut <= 0:
            return
        probe = probe[:cut]
        yield probe


def class_of(path: str, table: Mapping[str, str] | None = None) -> str | None:
    """The class of a field: its own entry, else ``internal`` if an ancestor is internal."""
    table = classification() if table is None else table
    own = table.get(path)
    if own is not None:
        return own
    for up in _ancestors(path):
        if table.get(up) == INTERNAL:
            return INTERNAL
    return None


def unclassified(schema: Mapping[str, Any], table: Mapping[str, str] | None = None) -> list[str]:
    """Schema leaf fields with no class: each must be added to schemas/publication.json."""
    table = classification() if table is None else table
    paths = schema_fields(schema)
    parents = {p for path in paths for p in _ancestors(path)}
    return [p for p in paths if p not in parents and class_of(p, table) is None]


def stale(schema: Mapping[str, Any], table: Mapping[str, str] | None = None) -> list[str]:
    """Entries of the classification that name no field of the schema (renamed or removed)."""
    table = classification() if table is None else table
    known = set(schema_fields(schema))
    return sorted(p for p in table if p not in known)


def _public_value(value: Any, path: str, table: Mapping[str, str], hidden: set[str]) -> Any:
    """``value`` at ``path`` with every non-public field removed; None when nothing is left."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, sub in value.items():
            child = f"{path}.{key}" if path else str(key)
            if _hidden(child, hidden):
                continue
            cls = class_of(child, table)
            if cls == INTERNAL:
                continue
            if isinstance(sub, Mapping | list):
                kept = _public_value(sub, child, table, hidden)
                if kept is not None:
                    out[key] = kept
            elif cls == PUBLIC:
                out[key] = sub
        return out or None
    if isinstance(value, list):
        items: list[Any] = []
        for each in value:
            if isinstance(each, Mapping):
                kept = _public_value(each, path + "[]", table, hidden)
                if kept is not None:
                    items.append(kept)
            elif class_of(path, table) == PUBLIC:
                items.append(each)
        return items or None
    return value if class_of(path, table) == PUBLIC else None


def _hidden(path: str, hidden: set[str]) -> bool:
    bare = path.replace("[]", "")
    return any(bare == h or bare.startswith(h + ".") for h in hidden)


def public_agency(agency: Mapping[str, Any], table: Mapping[str, str] | None = None) -> Any:
    """The agency table with only its public fields."""
    table = classification() if table is None else table
    kept = _public_value(agency, "agency", table, set())
    return kept or {}


def withheld_fields(system: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(field, reason, basis) of each entry of the system's ``withheld``."""
    return [
        (str(e.get("field", "")), str(e.get("reason", "")), str(e.get("basis", "")))
        for e in system.get("withheld") or ()
        if isinstance(e, Mapping)
    ]


def public_system(system: Mapping[str, Any], table: Mapping[str, str] | None = None) -> Any:
    """The system with only its public fields, less what the agency withholds.

    ``withheld`` itself stays (field and reason are what the register shows in their place).
    """
    table = classification() if table is None else table
    hidden = {f for f, _, _ in withheld_fields(system) if f}
    hidden.discard("withheld")
    hidden.discard("id")  # the identity of the entry is never withheld, only its content
    source = dict(system)
    assessments = source.get("assessments")
    if isinstance(assessments, list):  # a report that is not public has no public link
        source["assessments"] = [
            {k: v for k, v in a.items() if k != "report_url" or a.get("public") is True}
            if isinstance(a, Mapping)
            else a
            for a in assessments
        ]
    kept = _public_value(source, "systems[]", table, {f"systems.{h}" for h in hidden})
    return kept or {}


def covered(path: str, table: Mapping[str, str] | None = None) -> bool:
    """True when ``path`` is classified (itself or by an internal ancestor)."""
    return class_of(path, table) is not None


def fields_of(classes: Sequence[str], table: Mapping[str, str] | None = None) -> list[str]:
    """The classified paths of the given classes, sorted (for documentation)."""
    table = classification() if table is None else table
    return sorted(p for p, c in table.items() if c in classes)
