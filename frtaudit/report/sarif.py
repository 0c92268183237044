"""SARIF 2.1.0 report, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One run, within GitHub code scanning's limits (MAX_RESULTS results, MAX_LOCATIONS locations per
result). ``tool.driver.rules`` lists every rule that ran and a rule per declared cause
(``cause/<id>``); ``results`` holds one result per gap (one cause: every rule it breaches) shared
by a group of systems, and the needs_review and waived results (the latter with an ``external``
suppression), most severe first. Each location points at the inventory file and the line of a
system's table and names the system as a logical location; ``partialFingerprints["frtaudit/v1"]``
is line-independent.

Inventory text in messages is untrusted: control characters are made visible and square brackets
are escaped, so that viewers cannot read it as SARIF embedded links (SARIF 2.1.0 §3.11.6).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, TextIO
from urllib.parse import quote

from frtaudit.i18n import Catalog, catalog
from frtaudit.i18n.text import printable
from frtaudit.model import Outcome, Report, Result, Rule, Severity, fingerprint
from frtaudit.report.common import cause_title, citations, message
from frtaudit.report.json_report import jsonable

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


#: GitHub code scanning: at most this many results per run (it shows at most 5,000) ...
MAX_RESULTS = 25_000
#: ... and this many locations per result.
MAX_LOCATIONS = 1_000


def _cause_rule(cat: Catalog, report: Report, cause: str, rule_ids: list[str]) -> dict[str, Any]:
    """A SARIF rule for a declared cause: its title, how to fix it, the rules it breaches."""
    c = report.causes[cause]
    lines = [f"- {rid}: {cat.rule(rid, 'title')}" for rid in rule_ids]
    h_fix, h_refs = cat.t("explain.fix"), cat.t("gaps.rules", count=len(rule_ids))
    fix = cat.t(f"cause.{cause}.fix")
    severity = c.severity or max(
        (r.severity for r in report.rules if r.id in rule_ids), default=Severity.HIGH
    )
    return {
        "id": CAUSE_PREFIX + cause,
        "name": CAUSE_PREFIX + cause,
        "shortDescription": {"text": cat.t(f"cause.{cause}.title")},
        "fullDescription": {"text": cat.t(f"cause.{cause}.title")},
        "help": {
            "text": f"{h_fix}: {fix}\n\n{h_refs}:\n" + "\n".join(lines),
            "markdown": f"**{h_fix}**\n\n{fix}\n\n**{h_refs}**\n\n" + "\n".join(lines),
        },
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {
            "severity": severity.label,
            "security-severity": SECURITY_SEVERITY[severity],
            "rules": rule_ids,
            "tags": ["human-rights", "privacy", "cause"],
        },
    }


#: ruleId of a gap with a declared cause (rules of their own keep their rule ID).
CAUSE_PREFIX = "cause/"


@dataclass(slots=True)
class _Group:
    """Systems sharing one gap (or one non-gap result): one SARIF result per MAX_LOCATIONS."""

    rule_id: str
    severity: Severity
    outcome: Outcome
    advisory: bool
    message: str
    results: tuple[Result, ...]
    question: str
    cause: str
    exact: bool  # every member has the same messages (else the message names the cause only)
    members: list[int] = field(default_factory=list)  # indexes into report.rows


def _groups(report: Report, cat: Catalog, coarse: bool) -> list[_Group]:
    """Gaps (and needs-review/waived results) of every system, grouped across systems.

    Systems alike share their Gap and Result objects, so identity groups them exactly; with
    ``coarse`` gaps are grouped by cause, rules, outcome and severity only.
    """
    groups: dict[Any, _Group] = {}
    for n, row in enumerate(report.rows):
        in_gaps: set[int] = set()
        for g in row.gaps:
            in_gaps.update(id(r) for r in g.results)
            key: Any = (
                ("gap", g.cause, g.rule_ids, g.outcome, g.severity, g.advisory) if coarse else id(g)
            )
            group = groups.get(key)
            if group is None:
                exact = not coarse
                if g.own:
                    text = message(cat, g.results[0])
                elif exact:
                    details = "; ".join(f"{r.rule_id}: {message(cat, r)}" for r in g.results)
                    text = f"{cause_title(cat, g)}: {details}"
                else:
                    text = cause_title(cat, g) + " (" + ", ".join(g.rule_ids) + ")"
                group = groups[key] = _Group(
                    rule_id=g.own or CAUSE_PREFIX + g.cause,
                    severity=g.severity,
                    outcome=g.outcome,
                    advisory=g.advisory,
                    message=text,
                    results=g.results,
                    question=g.question.value,
                    cause=g.cause,
                    exact=exact,
                )
            group.members.append(n)
        for r in row.kept:
            if r.outcome not in REPORTED or id(r) in in_gaps:
                continue
            group = groups.get(id(r))
            if group is None:
                group = groups[id(r)] = _Group(
                    rule_id=r.rule_id,
                    severity=r.severity,
                    outcome=r.outcome,
                    advisory=r.advisory,
                    message=message(cat, r),
                    results=(r,),
                    question="",
                    cause="",
                    exact=True,
                )
            group.members.append(n)
    return list(groups.values())


def _chunks(groups: list[_Group]) -> list[tuple[_Group, list[int]]]:
    """Each group's members cut into pieces of MAX_LOCATIONS, most severe and largest first."""
    rank = {Outcome.FAIL: 0, Outcome.UNKNOWN: 1, Outcome.NEEDS_REVIEW: 2, Outcome.WAIVED: 3}
    ordered = sorted(
        groups,
        key=lambda g: (
            rank[g.outcome] >= 2,
            g.advisory,
            -g.severity,
            rank[g.outcome],
            -len(g.members),
            g.rule_id,
        ),
    )
    return [
        (g, g.members[i : i + MAX_LOCATIONS])
        for g in ordered
        for i in range(0, len(g.members), MAX_LOCATIONS)
    ]


def _result(
    report: Report, group: _Group, members: list[int], rule_index: dict[str, int]
) -> dict[str, Any]:
    infos = report.inventories
    locations = []
    for n in members:
        row = report.rows[n]
        info = infos[row.inventory]
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": artifact_uri(info.path), "index": row.inventory}
        }
        if row.line is not None:
            physical["region"] = {"startLine": row.line}
        locations.append(
            {
                "physicalLocation": physical,
                "logicalLocations": [
                    {
                        "name": plain(row.system_id),
                        "fullyQualifiedName": plain(f"{info.agency_id}/{row.system_id}"),
                        "kind": "resource",
                    }
                ],
            }
        )
    first = report.rows[members[0]]
    agency = infos[first.inventory].agency_id
    level = "note" if group.outcome is Outcome.NEEDS_REVIEW else LEVELS[group.severity]
    result: dict[str, Any] = {
        "ruleId": group.rule_id,
        "ruleIndex": rule_index[group.rule_id],
        "level": level,
        "message": {"text": plain(group.message)},
        "locations": locations,
        # a gap on one system keeps the identity of its finding; a grouped one that of its first
        "partialFingerprints": {
            FINGERPRINT_KEY: fingerprint(agency, first.system_id, group.rule_id)
        },
    }
    waiver = group.results[0].waiver if group.outcome is Outcome.WAIVED else None
    if waiver is not None:
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": plain(waiver.justification),
                "properties": {
                    "granted_by": plain(waiver.granted_by),
                    "authority_kind": plain(waiver.authority_kind),
                    "instrument": plain(waiver.instrument),
                    "granted_on": plain(waiver.granted_on),
                    "expires_on": plain(waiver.expires_on),
                },
            }
        ]
    props: dict[str, Any] = {
        "outcome": group.outcome.value,
        "severity": group.severity.label,
        "advisory": group.advisory,
        "systems": len(members),
        "rules": [r.rule_id for r in group.results],
        "fields": [plain(r.field) for r in group.results],
    }
    if group.cause:
        props["cause"] = group.cause
        props["question"] = group.question
    if len(members) == 1:
        props["system_name"] = plain(first.name)
        props["agency"] = plain(agency)
    result["properties"] = props
    return result


def sarif_data(report: Report) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log (one run, within GitHub code scanning's limits).

    Every gap is one result per group of systems that share it (up to MAX_LOCATIONS each), so
    every system with a gap is a location of some result. Should the exact groups give more
    than MAX_RESULTS results, gaps are grouped by cause, rules, outcome and severity only (their
    message then names the cause); results beyond MAX_RESULTS after that are left out, least
    severe first, and the run's properties say how many.
    """
    cat = catalog(report.lang)
    rules = sorted(report.rules, key=lambda r: r.id)
    coarse = False
    chunks = _chunks(_groups(report, cat, coarse=False))
    if len(chunks) > MAX_RESULTS:
        coarse = True
        chunks = _chunks(_groups(report, cat, coarse=True))
    omitted = chunks[MAX_RESULTS:]
    chunks = chunks[:MAX_RESULTS]
    causes: dict[str, list[str]] = {}
    for g, _m in chunks:
        if g.rule_id.startswith(CAUSE_PREFIX):
            ids = causes.setdefault(g.cause, [])
            ids.extend(r.rule_id for r in g.results if r.rule_id not in ids)
    driver_rules = [_rule(cat, r) for r in rules]
    driver_rules += [_cause_rule(cat, report, c, sorted(ids)) for c, ids in sorted(causes.items())]
    rule_index = {r["id"]: n for n, r in enumerate(driver_rules)}
    invocation: dict[str, Any] = {"executionSuccessful": True}
    timestamp = report.render_options.get("timestamp")
    if timestamp:
        invocation["endTimeUtc"] = str(timestamp).replace("+00:00", "Z")
    located = {n for _g, m in chunks for n in m}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "frtaudit",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": driver_rules,
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
        "results": [_result(report, g, m, rule_index) for g, m in chunks],
        "properties": {
            "as_of": report.as_of.isoformat(),
            "profiles": list(report.profiles),
            "params": jsonable(report.params),
            "fail_on": report.fail_on.label,
            "rules_version": report.rules_version,
            "rules_hash": report.rules_hash,
            "gaps": report.gaps,
            "advisory_gaps": report.advisory_gaps,
            "gap_results": report.gap_results,
            "gaps_at_or_above_fail_on": report.gaps_at_or_above(report.fail_on),
            "grouping": {
                "description": (
                    "One result per gap (one cause on one system, listing every rule it "
                    "breaches) shared by a group of systems, each system a location; at most "
                    f"{MAX_LOCATIONS} locations per result, most severe results first."
                ),
                "by": "cause, rules and severity" if coarse else "identical gap",
                "max_results": MAX_RESULTS,
                "max_locations_per_result": MAX_LOCATIONS,
                "systems_located": len(located),
                "omitted_results": len(omitted),
                "omitted_systems": len({n for _g, m in omitted for n in m} - located),
            },
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(report: Report, out: TextIO) -> None:
    """Write the SARIF log to ``out``."""
    out.write(json.dumps(sarif_data(report), indent=2, ensure_ascii=False) + "\n")
