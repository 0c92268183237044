"""Find and load the JSON Schemas (in the installed package or the source tree's schemas/), and
explain one field of a schema to a person (``frtaudit schema --field``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
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


# -- one field, explained (``frtaudit schema --field``) -------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldDoc:
    """What a person needs to know about one field of a schema."""

    path: str  # canonical dotted path, ``[]`` after an array: systems[].capabilities.recording
    types: tuple[str, ...]  # JSON types, "date", "url"; "unknown" for the tri-state third value
    allowed: tuple[Any, ...]  # the values allowed, when the schema lists them
    description: str
    required: bool
    limits: tuple[tuple[str, Any], ...]  # (keyword, value): minimum, maxLength, pattern ...
    example: str  # a TOML snippet that sets the field


_LIMITS = ("minimum", "maximum", "exclusiveMinimum", "minLength", "maxLength", "pattern")


def _deref(node: Any, root: Mapping[str, Any]) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        ref = str(node["$ref"])
        target: Any = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        merged = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **merged}  # the property's own description wins
    return node


def _children(node: Any, root: Mapping[str, Any]) -> tuple[dict[str, Any], list[str], bool]:
    """(properties, required, is_array) of an object or array-of-objects node."""
    node = _deref(node, root)
    if not isinstance(node, dict):
        return {}, [], False
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        item = _deref(node["items"], root)
        return dict(item.get("properties", {})), list(item.get("required", [])), True
    return dict(node.get("properties", {})), list(node.get("required", [])), False


def field_paths(name: str = "inventory") -> list[str]:
    """Every field of schema ``name`` as a dotted path (``systems.capabilities.recording``)."""
    root = load_schema(name)
    out: list[str] = []

    def walk(node: Any, prefix: str, depth: int) -> None:
        props, _required, _array = _children(node, root)
        for key, child in props.items():
            path = f"{prefix}{key}"
            out.append(path)
            if depth < 6:
                walk(child, path + ".", depth + 1)

    walk(root, "", 0)
    return out


def _lookup(name: str, dotted: str) -> tuple[list[tuple[str, bool]], Any, bool] | None:
    """([(key, parent is an array of tables)], node, required) of ``dotted``, or None."""
    root = load_schema(name)
    node: Any = root
    steps: list[tuple[str, bool]] = []
    required = False
    for key in dotted.split("."):
        props, needed, array = _children(node, root)
        if steps:
            steps[-1] = (steps[-1][0], array)
        if key not in props:
            return None
        node, required = props[key], key in needed
        steps.append((key, False))
    return steps, node, required


def field_doc(dotted: str, name: str = "inventory") -> FieldDoc | None:
    """One field of schema ``name``; a system field may omit ``systems.``. None when unknown."""
    dotted = dotted.strip().strip(".").replace("[]", "")
    found = _lookup(name, dotted)
    if found is None and name == "inventory" and not dotted.startswith("systems."):
        found = _lookup(name, "systems." + dotted)
    if found is None:
        return None
    steps, raw, required = found
    root = load_schema(name)
    node = _deref(raw, root)
    types, allowed = _types(node, root)
    path = ".".join(key + ("[]" if array else "") for key, array in steps)
    limits = tuple((k, node[k]) for k in _LIMITS if k in node)
    return FieldDoc(
        path=path,
        types=types,
        allowed=allowed,
        description=str(node.get("description", "")),
        required=required,
        limits=limits,
        example=_example(steps, _sample(node, root, types, allowed), types[:1] == ("object",)),
    )


def _types(
    node: Mapping[str, Any], root: Mapping[str, Any]
) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """(types, allowed values) of a resolved node."""
    if "const" in node:
        return (_json_type(node["const"]),), (node["const"],)
    if "enum" in node:
        return (str(node.get("type", "string")),), tuple(node["enum"])
    if "anyOf" in node or "oneOf" in node:
        types: list[str] = []
        allowed: list[Any] = []
        for option in node.get("anyOf", node.get("oneOf", [])):
            t, a = _types(_deref(option, root), root)
            types += [x for x in t if x not in types]
            allowed += [x for x in a if x not in allowed]
        if "boolean" in types:
            allowed = [True, False, *allowed]
        return tuple(types), tuple(allowed)
    kind = node.get("type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    if node.get("format") == "date":
        return ("date",), ()
    if node.get("format") == "uri":
        return ("url",), ()
    if kinds == ["array"] and isinstance(node.get("items"), dict):
        inner, values = _types(_deref(node["items"], root), root)
        return tuple(f"array of {t}" for t in inner), values
    return tuple(str(k) for k in kinds if k), ()


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def _sample(
    node: Mapping[str, Any],
    root: Mapping[str, Any],
    types: tuple[str, ...],
    allowed: tuple[Any, ...],
) -> str:
    """A TOML value that the field accepts."""
    import json

    def toml(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return json.dumps(value, ensure_ascii=False)

    first = types[0] if types else ""
    if allowed:
        value = toml(allowed[0])
        return f"[{value}]" if first.startswith("array of") else value
    samples = {
        "boolean": "true",
        "integer": str(node.get("minimum", 1) if node.get("minimum", 1) > 0 else 1),
        "number": "1.0",
        "date": "2024-03-01",
        "url": '"https://example.org/document.pdf"',
        "object": "{}",
        "string": '"..."',
        "array of string": '["..."]',
        "array of date": "[2024-03-01]",
        "array of url": '["https://example.org/document.pdf"]',
    }
    if first in ("object", "array of object"):
        return ""  # a table: its header is the example
    if first == "string":
        import re

        given = re.search(
            r"e\.g\. ([^,;()]+?)(?:[,;()]|\.(?:\s|$)|$)", str(node.get("description"))
        )
        pattern = node.get("pattern")
        if given and (not pattern or re.search(str(pattern), given.group(1))):
            return toml(given.group(1).strip())
    return samples.get(first, '"..."')


def _example(steps: list[tuple[str, bool]], value: str, table: bool = False) -> str:
    """The field set to ``value`` inside the tables it lives in, as TOML (a table: its header)."""
    tables = [key for key, _ in steps[:-1]]
    field = steps[-1][0]
    lines: list[str] = []
    for i in range(len(tables)):
        name = ".".join(tables[: i + 1])
        array = steps[i][1]
        if array or i == len(tables) - 1:
            lines.append(f"[[{name}]]" if array else f"[{name}]")
    if not value:
        name = ".".join([*tables, field])
        return "\n".join([*lines, f"[{name}]" if table else f"[[{name}]]"])
    lines.append(f"{field} = {value}")
    return "\n".join(lines)
