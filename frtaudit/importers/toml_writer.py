"""A small deterministic TOML writer for inventories (no external dependency).

The same document always gives the same bytes: keys follow the order of the inventory schema
(keys the schema does not name come after, sorted), dates are written unquoted, strings are
escaped (quotes, backslashes, every control character), and a table is written inline when
its one-line form is short, otherwise as a ``[section]``. Comments can be placed before the
document and before any system.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

#: Longest ``key = { ... }`` line written inline; longer tables become sections.
INLINE_WIDTH = 100

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def quote(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or 0x80 <= ord(ch) <= 0x9F:
            out.append(f"\\u{ord(ch):04X}")
        elif ch in "\u2028\u2029" or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069:
            out.append(f"\\u{ord(ch):04X}")  # line separators and bidi overrides stay visible
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def key(name: str) -> str:
    """A bare key when possible, else a quoted one."""
    return name if _BARE_KEY.match(name) else quote(name)


def value(v: Any) -> str:
    """One TOML value on one line (tables become inline tables)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise ValueError(f"cannot write {v!r} in an inventory")
        return repr(v)
    if isinstance(v, datetime):
        raise TypeError("inventories hold dates, not date-times")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, str):
        return quote(v)
    if isinstance(v, Mapping):
        if not v:
            return "{}"
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} in TOML")


# -- key order from the schema --------------------------------------------------------------------


def _schema() -> dict[str, Any]:
    from frtaudit.load.schemas import load_schema

    return load_schema("inventory")


def _resolve(node: Mapping[str, Any] | None, root: Mapping[str, Any]) -> Mapping[str, Any]:
    if not node:
        return {}
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return root.get("$defs", {}).get(ref.split("/")[-1], {})  # type: ignore[no-any-return]
    return node


def _child(node: Mapping[str, Any], name: str, root: Mapping[str, Any]) -> Mapping[str, Any]:
    """Schema of property ``name`` (for arrays: of their items)."""
    prop = _resolve(node.get("properties", {}).get(name), root)
    if prop.get("type") == "array":
        return _resolve(prop.get("items"), root)
    return prop


def ordered(table: Mapping[str, Any], node: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Items of ``table`` in schema order, then unknown keys sorted."""
    names = list(node.get("properties", {}))
    rank = {n: i for i, n in enumerate(names)}
    return sorted(table.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))


# -- documents ------------------------------------------------------------------------------------


def _is_table_array(v: Any) -> bool:
    return isinstance(v, (list, tuple)) and bool(v) and all(isinstance(x, Mapping) for x in v)


def _inline_ok(k: str, v: Any) -> bool:
    return len(f"{key(k)} = {value(v)}") <= INLINE_WIDTH


def _emit_table(
    out: list[str],
    path: Sequence[str],
    table: Mapping[str, Any],
    node: Mapping[str, Any],
    root: Mapping[str, Any],
) -> None:
    """The body of a table already headed: plain keys, then sub-sections."""
    sections: list[tuple[str, Any]] = []
    for k, v in ordered(table, node):
        if v is None:
            continue
        if ((isinstance(v, Mapping) and v) or _is_table_array(v)) and not _inline_ok(k, v):
            sections.append((k, v))
        else:
            out.append(f"{key(k)} = {value(v)}")
    for k, v in sections:
        sub = _child(node, k, root)
        full = ".".join(key(p) for p in [*path, k])
        if isinstance(v, Mapping):
            out.append(f"[{full}]")
            _emit_table(out, [*path, k], v, sub, root)
        else:
            for item in v:
                out.append(f"[[{full}]]")
                _emit_table(out, [*path, k], item, sub, root)


def comment_lines(text: str) -> list[str]:
    """``# ...`` lines for a (possibly multi-line) comment; control characters made visible."""
    from frtaudit.i18n.text import printable

    return [("# " + printable(line)).rstrip() for line in text.splitlines()] or ["#"]


def dumps_inventory(
    doc: Mapping[str, Any],
    *,
    header: Iterable[str] = (),
    system_comments: Mapping[int, str] | None = None,
) -> str:
    """The whole inventory as TOML text, ending with a newline.

    ``header`` lines are written as comments at the top; ``system_comments[i]`` is written as a
    comment block before the i-th ``[[systems]]`` table (e.g. a group heading).
    """
    root = _schema()
    out: list[str] = []
    for line in header:
        out.extend(comment_lines(line))
    top = ordered(doc, root)
    for k, v in top:
        if v is None or k == "agency" or (k == "systems" and v):
            continue
        out.append(f"{key(k)} = {value(v)}")  # an empty systems list too: before [agency]
    comments = system_comments or {}
    for k, v in top:
        if k == "agency" and isinstance(v, Mapping):
            out.append("")
            out.append("[agency]")
            _emit_table(out, ["agency"], v, _child(root, "agency", root), root)
        elif k == "systems":
            node = _child(root, "systems", root)
            for i, system in enumerate(v):
                out.append("")
                if i in comments:
                    out.extend(comment_lines(comments[i]))
                out.append("[[systems]]")
                _emit_table(out, ["systems"], system, node, root)
    return "\n".join(out) + "\n"
