"""SARIF 2.1.0 report, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One run. ``tool.driver.rules`` lists every rule that ran; ``results`` holds gaps (fail, unknown),
needs_review and waived findings (the latter with an ``external`` suppression). Each result points
at the inventory file and the line of the system's table, names the system as a logical location
and carries the line-independent fingerprint under ``partialFingerprints["frtaudit/v1"]``.

Inventory text in messages is untrusted: control characters are made visible and square brackets
are escaped, so that viewers cannot read it as SARIF embedded links (SARIF 2.1.0 §3.11.6).
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, TextIO
from urllib.parse import quote

from frtaudit.i18n import Catalog, catalog
from frtaudit.i18n.text import printable
from frtaudit.model import Finding, Outcome, Report, Rule, Severity
from frtaudit.report.common import citations, finding_fingerprint
from frtaudit.report.json_report import finding_message, finding_order, jsonable

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://frtaudit.example/"
FINGERPRINT_KEY = "frtaudit/v1"

#: Severity -> SARIF level; needs_review results are always ``note``.
LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
#: Severity -> GitHub ``security-severity`` score (CVSS-like bands: critical > 9, high 7-8.9 ...).
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "2.0",
}
#: Outcomes that become SARIF results.
REPORTED = (Outcome.FAIL, Outcome.UNKNOWN, Outcome.NEEDS_REVIEW, Outcome.WAIVED)

_BRACKET = re.compile(r"(\\*)([\[\]])")


def plain(text: str) -> str:
    """Untrusted text for a SARIF plain-text message: controls visible, brackets escaped."""
    text = printable(text.replace("\r\n", "\n"))
    # A backslash before a bracket is itself escaped, then the bracket (SARIF §3.11.6).
    return _BRACKET.sub(lambda m: m.group(1) * 2 + "\\" + m.group(2), text)


def artifact_uri(path: str) -> str:
    """An inventory path as a URI reference: forward slashes, percent-encoded.

    Relative paths stay relative (viewers resolve them against the repository root); absolute
    paths become ``file://`` URIs.
    """
    if re.match(r"^[A-Za-z]:[\\/]", path) or path.startswith("\\\\"):
        return PureWindowsPath(path).as_uri()
    posix = path.replace("\\", "/")
    if posix.startswith("/"):
        return PurePosixPath(posix).as_uri()
    return quote(posix, safe="/")


def _rule(cat: Catalog, r: Rule) -> dict[str, Any]:
    cites = citations(cat, r)
    why, fix = cat.rule(r.id, "why"), cat.rule(r.id, "fix")
    h_why, h_fix, h_refs = cat.t("explain.why"), cat.t("explain.fix"), cat.t("explain.references")
    text = f"{h_why}: {why}\n\n{h_fix}: {fix}"
    markdown = f"**{h_why}**\n\n{why}\n\n**{h_fix}**\n\n{fix}"
    if cites:
        text += f"\n\n{h_refs}:\n" + "\n".join(f"- {c}" for c in cites)
        markdown += f"\n\n**{h_refs}**\n\n" + "\n".join(f"- {c}" for c in cites)
    tags = ["human-rights", "privacy", *r.profiles]
    if not r.automated:
        tags.append("needs-review")
    return {
        "id": r.id,
        "name": r.id,
        "shortDescription": {"text": cat.rule(r.id, "title")},
        "fullDescription": {"text": cat.rule(r.id, "checks")},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[r.severity]},
        "properties": {
            "severity": r.severity.label,
            "security-severity": SECURITY_SEVERITY[r.severity],
            "citations": cites,
            "tags": tags,
        },
    }


def _result(cat: Catalog, report: Report, f: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    info = report.inventories[f.inventory]
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": artifact_uri(info.path), "index": f.inventory}
    }
    if f.line is not None:
        physical["region"] = {"startLine": f.line}
    level = "note" if f.outcome is Outcome.NEEDS_REVIEW else LEVELS[f.severity]
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index[f.rule_id],
        "level": level,
        "message": {"text": plain(finding_message(cat, f))},
        "locations": [
            {
                "physicalLocation": physical,
                "logicalLocations": [
                    {
                        "name": plain(f.system_id),
                        "fullyQualifiedName": plain(f"{f.agency}/{f.system_id}"),
                        "kind": "resource",
                    }
                ],
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: finding_fingerprint(f)},
    }
    if f.waiver is not None:
        w = f.waiver
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": plain(w.justification),
                "properties": {
                    "granted_by": plain(w.granted_by),
                    "authority_kind": plain(w.authority_kind),
                    "instrument": plain(w.instrument),
                    "granted_on": plain(w.granted_on),
                    "expires_on": plain(w.expires_on),
                },
            }
        ]
    result["properties"] = {
        "outcome": f.outcome.value,
        "severity": f.severity.label,
        "advisory": f.advisory,
        "field": plain(f.field),
        "system_name": plain(f.system_name),
        "agency": plain(f.agency),
    }
    return result


def sarif_data(report: Report) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log."""
    cat = catalog(report.lang)
    rules = sorted(report.rules, key=lambda r: r.id)
    rule_index = {r.id: n for n, r in enumerate(rules)}
    invocation: dict[str, Any] = {"executionSuccessful": True}
    timestamp = report.render_options.get("timestamp")
    if timestamp:
        invocation["endTimeUtc"] = str(timestamp).replace("+00:00", "Z")
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "frtaudit",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(cat, r) for r in rules],
            }
        },
        "invocations": [invocation],
        "language": report.lang,
        "artifacts": [
            {
                "location": {"uri": artifact_uri(info.path)},
                "hashes": {"sha-256": info.sha256},
                "roles": ["analysisTarget"],
            }
            for info in report.inventories
        ],
        "results": [
            _result(cat, report, f, rule_index)
            for f in finding_order(report)
            if f.outcome in REPORTED and f.rule_id in rule_index
        ],
        "properties": {
            "as_of": report.as_of.isoformat(),
            "profiles": list(report.profiles),
            "params": jsonable(report.params),
            "fail_on": report.fail_on.label,
            "rules_version": report.rules_version,
            "rules_hash": report.rules_hash,
            "gaps_at_or_above_fail_on": report.gaps_at_or_above(report.fail_on),
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(report: Report, out: TextIO) -> None:
    """Write the SARIF log to ``out``."""
    out.write(json.dumps(sarif_data(report), indent=2, ensure_ascii=False) + "\n")
