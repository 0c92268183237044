"""OSCAL 1.1.1 assessment results (JSON): one result per scan, an observation per kept finding.

Mapping: each audited system is an inventory item of the result's local definitions; every kept
finding becomes an observation (method TEST, or EXAMINE for human review) about that item; a
determination (fail, unknown, waived, pass) also becomes an OSCAL finding whose target is the
rule, with state ``not-satisfied`` or ``satisfied``. Not applicable, not in force and needs-review
results stay observations only: they decide nothing. UUIDs are name-based (uuid5 over a fixed
namespace and frtaudit's fingerprints), so the same input always gives the same document and a
finding keeps its UUID across scans. Times derive from ``as_of`` unless a render timestamp is set.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime, time
from typing import Any, TextIO

from frtaudit.i18n import Catalog, catalog
from frtaudit.i18n.text import one_line
from frtaudit.model import Finding, Outcome, Report, Rule, SystemRow
from frtaudit.report.common import citations, finding_fingerprint, summary_params
from frtaudit.report.markdown import finding_text, rendered_at

OSCAL_VERSION = "1.1.1"

#: Fixed namespace of every frtaudit OSCAL UUID (never change it: UUIDs would all move).
NAMESPACE = uuid.UUID("6f1c8a52-3d0b-5e47-9a6e-2b8f4c1d7e90")

#: Namespace of frtaudit's own property names (an identifier, never fetched).
PROP_NS = "https://frtaudit.example/ns/oscal"

#: The assessment plan the schema requires; frtaudit has none, so a local placeholder.
IMPORT_AP = "#frtaudit-assessment-plan"

#: Outcome -> (finding target state, status reason); outcomes not listed are observations only.
DETERMINATIONS = {
    Outcome.FAIL: ("not-satisfied", "fail"),
    Outcome.UNKNOWN: ("not-satisfied", "other"),
    Outcome.WAIVED: ("not-satisfied", "other"),
    Outcome.PASS: ("satisfied", "pass"),
}


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def _text(value: object) -> str:
    """An OSCAL string: one printable line, no surrounding blanks (StringDatatype)."""
    return one_line(str(value)).strip()


def _prop(name: str, value: object) -> dict[str, str] | None:
    text = _text(value)
    return {"name": name, "ns": PROP_NS, "value": text} if text else None


def _props(pairs: Iterable[tuple[str, object]]) -> list[dict[str, str]]:
    return [p for p in (_prop(n, v) for n, v in pairs) if p is not None]


def _moment(report: Report) -> str:
    """``as_of`` at midnight UTC: a fixed, reproducible time for the evidence collection."""
    return datetime.combine(report.as_of, time()).strftime("%Y-%m-%dT%H:%M:%SZ")


def render(report: Report, out: TextIO) -> None:
    """Write the OSCAL assessment-results document to ``out``."""
    out.write(json.dumps(document(report), indent=2, ensure_ascii=False) + "\n")


def document(report: Report) -> dict[str, Any]:
    """The OSCAL document as a JSON-ready dict."""
    cat = catalog(report.lang)
    start = _moment(report)
    agencies = sorted({i.agency_id for i in report.inventories})
    scope = "\x1f".join([*agencies, "|", *report.profiles])
    run_key = "\x1f".join(
        [
            scope,
            report.as_of.isoformat(),
            report.rules_hash,
            *(i.sha256 for i in report.inventories),
        ]
    )
    rules = {r.id: r for r in report.rules}
    items = {(row.inventory, row.index): _item(report, cat, row) for row in report.rows}
    observations: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for f in report.findings:
        item = items.get((f.inventory, f.system_index))
        rule = rules.get(f.rule_id)
        obs = _observation(cat, f, rule, item, start)
        observations.append(obs)
        if f.outcome in DETERMINATIONS:
            findings.append(_finding(cat, f, rule, obs["uuid"]))

    rule_ids = sorted(r.id for r in report.rules)
    selection: dict[str, Any] = (
        {"include-controls": [{"control-id": r} for r in rule_ids]}
        if rule_ids
        else {"include-all": {}}
    )
    params = summary_params(report, cat)
    result: dict[str, Any] = {
        "uuid": _uuid("result", run_key),
        "title": _text(cat.t("report_doc.oscal_result_title", as_of=report.as_of.isoformat())),
        "description": _text(
            cat.t(
                "report_doc.oscal_result_description",
                inventories=len(report.inventories),
                systems=len(report.rows),
                profiles=", ".join(report.profiles),
            )
        ),
        "start": start,
        "end": start,
        "props": _props(
            [
                ("as-of", report.as_of.isoformat()),
                ("fail-on", report.fail_on.label),
                ("include-passing", str(report.include_passing).lower()),
                ("gaps-at-or-above-fail-on", params["gates"]),
                *((f"results-{k}", report.counts.get(k, 0)) for k in sorted(report.counts)),
                ("deferred", report.deferred),
            ]
        ),
    }
    if items:
        result["local-definitions"] = {"inventory-items": list(items.values())}
    result["reviewed-controls"] = {"control-selections": [selection]}
    if observations:
        result["observations"] = observations
    if findings:
        result["findings"] = findings
    result["remarks"] = _text(cat.t("scan.summary", **params))

    metadata: dict[str, Any] = {
        "title": _text(cat.t("report_doc.oscal_title")),
        "last-modified": rendered_at(report) or start,
        "version": _text(report.tool_version) or "0",
        "oscal-version": OSCAL_VERSION,
        "props": _props(
            [
                ("tool", "frtaudit"),
                ("tool-version", report.tool_version),
                ("rules-version", report.rules_version),
                ("rules-hash", report.rules_hash),
                *(("profile", p) for p in report.profiles),
                ("language", report.lang),
            ]
        ),
    }
    parties = []
    seen: set[str] = set()
    for info in sorted(report.inventories, key=lambda i: (i.agency_id, i.path)):
        if info.agency_id in seen:
            continue
        seen.add(info.agency_id)
        party: dict[str, Any] = {"uuid": _uuid("party", info.agency_id), "type": "organization"}
        name = _text(info.agency_name)
        if name:
            party["name"] = name
        short = _text(info.agency_id)
        if short:
            party["short-name"] = short
        party["props"] = _props([("agency-id", info.agency_id), ("country", info.country)])
        if not party["props"]:
            del party["props"]
        parties.append(party)
    if parties:
        metadata["parties"] = parties

    return {
        "assessment-results": {
            "uuid": _uuid("assessment-results", scope),
            "metadata": metadata,
            "import-ap": {
                "href": IMPORT_AP,
                "remarks": _text(cat.t("report_doc.oscal_import_ap")),
            },
            "results": [result],
        }
    }


def _item(report: Report, cat: Catalog, row: SystemRow) -> dict[str, Any]:
    info = report.inventories[row.inventory]
    description = cat.t(
        "report_doc.oscal_system_description", name=row.name or row.system_id, path=info.path
    )
    item: dict[str, Any] = {
        "uuid": _uuid("system", info.agency_id, row.system_id),
        "description": _text(description),
        "props": _props(
            [
                ("system-id", row.system_id),
                ("system-name", row.name),
                ("agency-id", info.agency_id),
                ("inventory", info.path),
                ("inventory-sha256", info.sha256),
                ("face-recognition", row.frt),
                ("line", "" if row.line is None else row.line),
                *((f"question-{k.value}", v.value) for k, v in row.cells.items()),
            ]
        ),
    }
    return item


def _observation(
    cat: Catalog, f: Finding, rule: Rule | None, item: dict[str, Any] | None, collected: str
) -> dict[str, Any]:
    fp = finding_fingerprint(f)
    obs: dict[str, Any] = {
        "uuid": _uuid("observation", fp),
        "title": _text(
            cat.t(
                "report_doc.oscal_observation_title",
                rule=f.rule_id,
                system=f.system_id,
                outcome=cat.t(f"outcome.{f.outcome.value}"),
            )
        ),
        "description": _text(finding_text(cat, f)) or _text(cat.t(f"outcome.{f.outcome.value}")),
        "props": _props(_finding_props(f, fp)),
        "methods": ["EXAMINE" if f.outcome is Outcome.NEEDS_REVIEW else "TEST"],
        "types": ["finding" if f.outcome in DETERMINATIONS else "control-objective"],
    }
    if item is not None:
        obs["subjects"] = [
            {
                "subject-uuid": item["uuid"],
                "type": "inventory-item",
                "title": _text(f.system_id) or item["uuid"],
            }
        ]
    obs["collected"] = collected
    remarks = _remarks(cat, f, rule)
    if remarks:
        obs["remarks"] = remarks
    return obs


def _finding(cat: Catalog, f: Finding, rule: Rule | None, observation: str) -> dict[str, Any]:
    fp = finding_fingerprint(f)
    state, reason = DETERMINATIONS[f.outcome]
    title = cat.raw(f"rule.{f.rule_id}.title")
    target: dict[str, Any] = {
        "type": "objective-id",
        "target-id": f.rule_id,
    }
    if isinstance(title, str) and _text(title):
        target["title"] = _text(title)
    target["status"] = {"state": state, "reason": reason}
    finding: dict[str, Any] = {
        "uuid": _uuid("finding", fp),
        "title": _text(cat.t("report_doc.oscal_finding_title", rule=f.rule_id, system=f.system_id)),
        "description": _text(finding_text(cat, f)) or _text(cat.t(f"outcome.{f.outcome.value}")),
        "props": _props(_finding_props(f, fp)),
        "target": target,
        "related-observations": [{"observation-uuid": observation}],
    }
    remarks = _remarks(cat, f, rule)
    if remarks:
        finding["remarks"] = remarks
    return finding


def _finding_props(f: Finding, fp: str) -> list[tuple[str, object]]:
    return [
        ("rule-id", f.rule_id),
        ("system-id", f.system_id),
        ("agency-id", f.agency),
        ("severity", f.severity.label),
        ("outcome", f.outcome.value),
        ("advisory", str(f.advisory).lower()),
        ("field", f.field),
        ("line", "" if f.line is None else f.line),
        ("fingerprint", fp),
    ]


def _remarks(cat: Catalog, f: Finding, rule: Rule | None) -> str:
    """Waiver, advisory note and citations, one per line."""
    lines = []
    if f.waiver is not None:
        w = f.waiver
        lines.append(
            cat.t(
                "scan.waived_by",
                granted_by=one_line(w.granted_by),
                authority_kind=cat.t("authority_kind." + w.authority_kind),
                instrument=one_line(w.instrument),
                expires_on=one_line(w.expires_on),
                justification=one_line(w.justification),
            )
        )
    if f.advisory:
        lines.append(cat.t("scan.advisory"))
    if rule is not None:
        lines.extend(citations(cat, rule))
    return "\n".join(_text(line) for line in lines if _text(line))
