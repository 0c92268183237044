"""``frtaudit diff OLD.json NEW.json``: what changed between two runs.

Gaps are matched by fingerprint (agency, system, rule). Inventory changes come from each
system's snapshot in the json reports: systems added and removed, capabilities switched on,
new substantial changes, and exceptions that expired between the two audit dates.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, TextIO

from frtaudit.i18n import catalog
from frtaudit.i18n.text import one_line
from frtaudit.model import Severity
from frtaudit.report.reader import gaps_by_fingerprint, systems

DIFF_SCHEMA_VERSION = "1"


def _systems(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(s["agency"], s["system_id"]): s for s in systems(data)}


def _gap(f: dict[str, Any]) -> dict[str, Any]:
    return {
        "agency": f.get("agency", ""),
        "system_id": f.get("system_id", ""),
        "rule_id": f.get("rule_id", ""),
        "severity": f.get("severity", ""),
        "outcome": f.get("outcome", ""),
        "message": f.get("message", ""),
        "fingerprint": f.get("fingerprint", ""),
    }


def _key(g: dict[str, Any]) -> tuple[str, str, str]:
    return (g["agency"], g["system_id"], g["rule_id"])


def compute(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The differences between two loaded json reports."""
    old_gaps, new_gaps = gaps_by_fingerprint(old), gaps_by_fingerprint(new)
    old_sys, new_sys = _systems(old), _systems(new)
    caps_on: list[dict[str, str]] = []
    new_changes: list[dict[str, str]] = []
    expired: list[dict[str, str]] = []
    old_day = date.fromisoformat(old["as_of"])
    new_day = date.fromisoformat(new["as_of"])
    for key in sorted(set(old_sys) & set(new_sys)):
        before = old_sys[key].get("snapshot") or {}
        after = new_sys[key].get("snapshot") or {}
        b_caps, a_caps = before.get("capabilities", {}), after.get("capabilities", {})
        caps_on.extend(
            {"agency": key[0], "system_id": key[1], "capability": cap}
            for cap in sorted(a_caps)
            if a_caps[cap] is True and b_caps.get(cap) is not True
        )
        added = set(after.get("substantial_changes", []))
        added -= set(before.get("substantial_changes", []))
        new_changes.extend(
            {"agency": key[0], "system_id": key[1], "change": change} for change in sorted(added)
        )
    for key in sorted(new_sys):
        for exc in new_sys[key].get("snapshot", {}).get("exceptions", []):
            rule, _, expires = exc.partition(" ")
            try:
                day = date.fromisoformat(expires)
            except ValueError:
                continue
            if old_day <= day < new_day:
                expired.append(
                    {"agency": key[0], "system_id": key[1], "rule_id": rule, "expired_on": expires}
                )
    return {
        "schema_version": DIFF_SCHEMA_VERSION,
        "old": {"as_of": old["as_of"], "rules_hash": old.get("rules_hash", "")},
        "new": {"as_of": new["as_of"], "rules_hash": new.get("rules_hash", "")},
        "new_gaps": sorted((_gap(f) for fp, f in new_gaps.items() if fp not in old_gaps), key=_key),
        "resolved_gaps": sorted(
            (_gap(f) for fp, f in old_gaps.items() if fp not in new_gaps), key=_key
        ),
        "persisting_gaps": sorted(
            (_gap(f) for fp, f in new_gaps.items() if fp in old_gaps), key=_key
        ),
        "systems_added": [
            {"agency": a, "system_id": s} for a, s in sorted(set(new_sys) - set(old_sys))
        ],
        "systems_removed": [
            {"agency": a, "system_id": s} for a, s in sorted(set(old_sys) - set(new_sys))
        ],
        "capabilities_switched_on": caps_on,
        "new_substantial_changes": new_changes,
        "exceptions_expired": expired,
    }


def new_gaps_at_or_above(diff: dict[str, Any], threshold: Severity) -> int:
    """New gaps whose severity is at or above ``threshold``."""
    count = 0
    for g in diff["new_gaps"]:
        try:
            if Severity.parse(g["severity"]) >= threshold:
                count += 1
        except ValueError:
            continue
    return count


SECTIONS = (
    "new_gaps",
    "resolved_gaps",
    "persisting_gaps",
    "systems_added",
    "systems_removed",
    "capabilities_switched_on",
    "new_substantial_changes",
    "exceptions_expired",
)


def _line(section: str, item: dict[str, Any]) -> str:
    where = f"{item['agency']}/{item['system_id']}"
    if section.endswith("_gaps"):
        return f"{item['rule_id']} {item['severity']} {where}: {item['message']}"
    if section == "capabilities_switched_on":
        return f"{where}: {item['capability']}"
    if section == "new_substantial_changes":
        return f"{where}: {item['change']}"
    if section == "exceptions_expired":
        return f"{where}: {item['rule_id']} ({item['expired_on']})"
    return where


def render_text(diff: dict[str, Any], out: TextIO, lang: str) -> None:
    """Plain terminal text: a heading and one line per item for each non-empty section."""
    cat = catalog(lang)
    out.write(cat.t("diff.header", old=diff["old"]["as_of"], new=diff["new"]["as_of"]) + "\n")
    for section in SECTIONS:
        items = diff[section]
        out.write(f"\n{cat.t('diff.' + section)} ({len(items)})\n")
        limit = 50 if section == "persisting_gaps" else None
        for item in items[:limit]:
            out.write("  " + one_line(_line(section, item)) + "\n")
        if limit is not None and len(items) > limit:
            out.write("  " + cat.t("diff.more", count=len(items) - limit) + "\n")


def render_markdown(diff: dict[str, Any], out: TextIO, lang: str) -> None:
    """Markdown for a pull-request comment; inventory text escaped."""
    from frtaudit.report.markdown import escape

    cat = catalog(lang)
    out.write(
        "## " + cat.t("diff.header", old=diff["old"]["as_of"], new=diff["new"]["as_of"]) + "\n"
    )
    for section in SECTIONS:
        items = diff[section]
        out.write(f"\n### {cat.t('diff.' + section)} ({len(items)})\n\n")
        for item in items:
            out.write("- " + escape(_line(section, item)) + "\n")


def render_json(diff: dict[str, Any], out: TextIO, lang: str) -> None:
    """The diff as JSON (stable key order, trailing newline)."""
    out.write(json.dumps(diff, indent=2, ensure_ascii=False) + "\n")


RENDERERS = {"terminal": render_text, "markdown": render_markdown, "json": render_json}
