"""A fast yes for valid inventories: jsonschema-rs in front of the reference validator.

jsonschema (pure Python) stays the reference validator and the only source of error messages.
This module only answers "is this document certainly valid?": ``True`` lets ``validate`` skip
the Python validator; ``None`` (invalid, or anything the fast path cannot judge exactly) sends
the document to the reference validator, which decides and explains. So the fast path can only
ever save time, never change a verdict, provided it says ``True`` only when jsonschema would;
``tests/test_fast_validation.py`` checks that on every test inventory and generated ones.

Differences handled here:

* TOML gives real ``datetime.date`` objects, which jsonschema-rs cannot see. The reference
  accepts a date object exactly where the schema has ``format: date``; we replace the date
  objects found at those places (and only there) by their ISO text for the duration of the
  check and put them back afterwards. A date, time or datetime anywhere else makes
  jsonschema-rs refuse the document (``ValueError``), and the reference decides.
* Formats: the reference checks ``date`` only (with :func:`frtaudit.load.dates.is_date`, which
  also bounds the year); the fast schema keeps that check (the same function) and drops every
  other ``format`` keyword, which the reference ignores too.
* Regular expressions: jsonschema-rs uses ECMA-262 semantics, where ``$`` does not match before
  a final newline as Python's ``re`` (which jsonschema uses) does; the fast schema ends such
  patterns with ``\n?$`` to match the same strings. Any other difference could only make the
  fast path say "invalid", which hands the document to the reference.

Without jsonschema-rs installed (or with ``FRTAUDIT_NO_FAST_VALIDATION=1``) everything goes to
the reference validator.
"""

from __future__ import annotations

import copy
import os
from datetime import date
from typing import Any

#: A tree of the places where the schema allows a date: key -> subtree, "*" = every array item,
#: and ``DATE`` at a leaf.
DATE = "date"
DateTree = dict[str, Any]

_STATE: dict[str, Any] = {}


def _resolve(node: Any, root: dict[str, Any]) -> Any:
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            return None
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        node = target
        seen += 1
    return node


def _is_date_node(node: Any) -> bool:
    return isinstance(node, dict) and node.get("format") == "date" and node.get("type") == "string"


def date_tree(schema: dict[str, Any]) -> DateTree:
    """Where ``schema`` accepts a date: object properties and array items, through ``$ref``."""

    def walk(node: Any, depth: int) -> Any:
        node = _resolve(node, schema)
        if not isinstance(node, dict) or depth > 12:
            return None
        if _is_date_node(node):
            return DATE
        tree: DateTree = {}
        for name, sub in node.get("properties", {}).items():
            found = walk(sub, depth + 1)
            if found is not None:
                tree[name] = found
        if "items" in node:
            found = walk(node["items"], depth + 1)
            if found is not None:
                tree["*"] = found
        return tree or None

    return walk(schema, 0) or {}


def _fast_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` without ``format`` keywords but ``date``, and ``$`` as Python reads it."""
    out = copy.deepcopy(schema)
    stack: list[Any] = [out]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "format" in node and node["format"] != "date" and isinstance(node["format"], str):
                del node["format"]
            pattern = node.get("pattern")
            if isinstance(pattern, str) and pattern.endswith("$") and not pattern.endswith("\\$"):
                node["pattern"] = pattern[:-1] + "\\n?$"  # Python's $: also before a final \n
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


def _setup() -> None:
    if _STATE:
        return
    _STATE["validator"] = None
    if os.environ.get("FRTAUDIT_NO_FAST_VALIDATION"):
        return
    import jsonschema_rs  # a hard dependency (pyproject.toml): missing it is an install error

    from frtaudit.load.dates import is_date
    from frtaudit.load.schemas import load_schema

    schema = load_schema("inventory")
    _STATE["dates"] = date_tree(schema)
    _STATE["validator"] = jsonschema_rs.Draft202012Validator(
        _fast_schema(schema),
        validate_formats=True,
        ignore_unknown_formats=True,
        formats={"date": is_date},
    )


def available() -> bool:
    """True when the fast path is installed and enabled."""
    _setup()
    return _STATE["validator"] is not None


def _swap_dates(node: Any, tree: DateTree, undo: list[tuple[Any, Any, date]]) -> None:
    """Replace date objects at the places ``tree`` allows by ISO text; record how to undo."""
    if isinstance(node, dict):
        for key in node.keys() & tree.keys():
            value, sub = node[key], tree[key]
            if sub is DATE:
                if type(value) is date:  # datetime is a subclass: left alone, refused later
                    node[key] = value.isoformat()
                    undo.append((node, key, value))
            elif isinstance(value, (dict, list)):
                _swap_dates(value, sub, undo)
    elif isinstance(node, list) and "*" in tree:
        sub = tree["*"]
        if sub is DATE:
            for i, value in enumerate(node):
                if type(value) is date:
                    node[i] = value.isoformat()
                    undo.append((node, i, value))
        else:
            for value in node:
                if isinstance(value, (dict, list)):
                    _swap_dates(value, sub, undo)


def certainly_valid(doc: Any) -> bool | None:
    """True when ``doc`` is valid against the inventory schema as jsonschema would judge it.

    None means "ask the reference validator": invalid, not decidable here, or no fast path.
    The document is left exactly as it was given.
    """
    _setup()
    validator = _STATE["validator"]
    if validator is None or not isinstance(doc, dict):
        return None
    undo: list[tuple[Any, Any, date]] = []
    try:
        _swap_dates(doc, _STATE["dates"], undo)
        ok = validator.is_valid(doc)
    except (ValueError, TypeError, OverflowError, UnicodeError, RecursionError):
        return None  # a type jsonschema-rs cannot see (a misplaced date, a surrogate ...)
    finally:
        for container, key, value in undo:
            container[key] = value
    return True if ok else None


__all__ = ["available", "certainly_valid", "date_tree"]
