"""What every renderer derives from a Report the same way: messages, citations, symbols."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from frtaudit.i18n import Catalog
from frtaudit.model import (
    QUESTIONS,
    Finding,
    Gap,
    Outcome,
    Question,
    Report,
    Result,
    Rule,
    Severity,
)

#: One-character cell symbols, readable without colour.
SYMBOLS = {
    Outcome.PASS: "✓",
    Outcome.FAIL: "✗",
    Outcome.UNKNOWN: "?",
    Outcome.NOT_APPLICABLE: "–",
    Outcome.NEEDS_REVIEW: "R",
    Outcome.WAIVED: "W",
    Outcome.NOT_IN_FORCE: "F",
}


def message(cat: Catalog, f: Finding | Result) -> str:
    """The finding's message in the catalogue's language (parameters unescaped: raw text)."""
    text = cat.t(f.message_key, **{k: str(v) for k, v in f.params.items()})
    if f.note_key:
        text += " (" + cat.t(f.note_key, **{k: str(v) for k, v in f.note_params.items()}) + ")"
    return text


def result_message(cat: Catalog, r: Result) -> str:
    """A result's message without its note ('' for a pass, which has no message key)."""
    return cat.t(r.message_key, **{k: str(v) for k, v in r.params.items()}) if r.message_key else ""


def question_summary(report: Report) -> dict[str, dict[str, dict[str, int]]]:
    """Per question, how many systems (all, and those with face recognition) show each outcome.

    The outcome of a system is its matrix cell (the worst for the question); ``not_covered``
    counts systems no active rule asks the question of.
    """
    keys = [*(o.value for o in Outcome), "not_covered"]
    out = {
        q.value: {"systems": dict.fromkeys(keys, 0), "frt_systems": dict.fromkeys(keys, 0)}
        for q in QUESTIONS
    }
    rows = report.rows
    for fleet in report.fleets:  # members of a fleet share their cells
        frt = sum(rows[n].frt == "true" for n in fleet.rows)
        for q in QUESTIONS:
            cell = fleet.cells.get(q)
            key = cell.value if cell is not None else "not_covered"
            out[q.value]["systems"][key] += fleet.size
            out[q.value]["frt_systems"][key] += frt
    return out


def citations(cat: Catalog, rule: Rule) -> list[str]:
    """``Instrument, pinpoint`` strings of a rule."""
    return [cat.citation(c.source, c.pinpoint) for c in rule.citations]


def finding_fingerprint(f: Finding) -> str:
    """Stable fingerprint of a finding (agency, system, rule)."""
    return f.fingerprint


def headlines_in(report: Report) -> list[Question]:
    """The gap-matrix columns: every question, in display order, whatever the profiles."""
    return list(QUESTIONS)


def question_rules(report: Report) -> dict[Question, list[str]]:
    """Question -> IDs of the report's rules that ask it (empty: not covered)."""
    out: dict[Question, list[str]] = {q: [] for q in QUESTIONS}
    for r in report.rules:
        out[r.question].append(r.id)
    return out


def headline_rule(report: Report) -> dict[Question, str]:
    """Question -> the rule IDs that ask it, comma-separated (for legends)."""
    return {q: ", ".join(ids) for q, ids in question_rules(report).items()}


def cause_title(cat: Catalog, gap: Gap) -> str:
    """The gap's title: its cause's, or the title of its rule when it has no declared cause."""
    own = gap.own
    return cat.rule(own, "title") if own else cat.t(f"cause.{gap.cause}.title")


def cause_fix(cat: Catalog, gap: Gap) -> str:
    """How to close the gap: its cause's fix, or its rule's."""
    own = gap.own
    return cat.rule(own, "fix") if own else cat.t(f"cause.{gap.cause}.fix")


def rows_by_inventory(report: Report) -> dict[int, list[int]]:
    """Inventory index -> indexes into ``report.rows`` of its systems, in order."""
    out: dict[int, list[int]] = {}
    for n, row in enumerate(report.rows):
        out.setdefault(row.inventory, []).append(n)
    return out


def findings_by_system(report: Report) -> Iterator[tuple[tuple[int, int], list[Finding]]]:
    """Findings grouped by (inventory, system index), in report order."""
    group: list[Finding] = []
    key: tuple[int, int] | None = None
    for f in report.findings:
        k = (f.inventory, f.system_index)
        if k != key and group:
            assert key is not None
            yield key, group
            group = []
        key = k
        group.append(f)
    if group and key is not None:
        yield key, group


def summary_params(report: Report, cat: Catalog | None = None) -> dict[str, Any]:
    """Numbers for the summary line (the threshold named in ``cat``'s language when given)."""
    c = report.counts
    systems, groups = len(report.rows), len(report.fleets)
    return {
        "systems": systems,
        "fleets": groups,
        # "in N groups of systems alike" only when some systems share their results
        "alike": cat.t("scan.summary_alike", fleets=groups) if cat and groups < systems else "",
        "gaps": report.gaps,
        "advisory": report.advisory_gaps,
        "gap_results": report.gap_results,
        "results": sum(c.values()),
        "fail": c.get("fail", 0),
        "unknown": c.get("unknown", 0),
        "needs_review": c.get("needs_review", 0),
        "waived": c.get("waived", 0),
        "not_in_force": c.get("not_in_force", 0),
        "gates": report.gaps_at_or_above(report.fail_on),
        "fail_on": cat.t("severity." + report.fail_on.label) if cat else report.fail_on.label,
    }


def attestation_lines(cat: Catalog, report: Report) -> list[str]:
    """One sentence per capability group that declared systems' capabilities (who, when)."""
    return [
        cat.t(
            "attest.declared",
            group=a.id,
            by=a.attested_by,
            on=a.attested_on,
            systems=a.systems,
            path=info.path,
        )
        for info in report.inventories
        for a in info.attestations
    ]


#: Questions the roll-up counts as shares of passing systems.
ROLLUP_COLUMNS = (Question.LEGAL, Question.ASSESSMENT, Question.NOTICE, Question.PROHIBITED)


def rollup(report: Report) -> list[dict[str, Any]]:
    """One row per agency (in first-seen order) and a total row with agency_id ``*``."""
    rows: dict[str, dict[str, Any]] = {}

    def blank(agency_id: str, name: str) -> dict[str, Any]:
        return {
            "agency_id": agency_id,
            "agency_name": name,
            "systems": 0,
            "frt_systems": 0,
            **{c.value: {"passing": 0, "applicable": 0} for c in ROLLUP_COLUMNS},
            "gaps": {s.label: 0 for s in Severity},
        }

    total = blank("*", "")
    for info in report.inventories:  # agencies in the order their first system comes
        if info.systems:
            rows.setdefault(info.agency_id, blank(info.agency_id, info.agency_name))
    all_rows = report.rows
    for fleet in report.fleets:  # the members of a fleet share cells and gaps
        info = report.inventories[fleet.inventory]
        entry = rows.setdefault(info.agency_id, blank(info.agency_id, info.agency_name))
        size = fleet.size
        frt = sum(all_rows[n].frt == "true" for n in fleet.rows)
        gap_counts = all_rows[fleet.rows[0]].gap_counts
        for target in (entry, total):
            target["systems"] += size
            target["frt_systems"] += frt
            for c in ROLLUP_COLUMNS:
                outcome = fleet.cells.get(c)
                if outcome is None or outcome in (Outcome.NOT_APPLICABLE, Outcome.NOT_IN_FORCE):
                    continue
                target[c]["applicable"] += size
                target[c]["passing"] += size * (outcome in (Outcome.PASS, Outcome.WAIVED))
            for label, n in gap_counts.items():
                target["gaps"][label] += n * size
    return [*rows.values(), total]


def notification(report: Report, report_text: str) -> dict[str, Any]:
    """What ``--notify`` sends: counts, new gaps (with a baseline) and the json report's SHA-256."""
    import hashlib

    params = summary_params(report)
    body: dict[str, Any] = {
        "tool": "frtaudit",
        "version": report.tool_version,
        "as_of": report.as_of.isoformat(),
        "profiles": list(report.profiles),
        "inventories": [i.path for i in report.inventories],
        "systems": params["systems"],
        "outcomes": dict(report.counts),
        "gaps": dict(report.gap_counts),
        "gaps_at_or_above_fail_on": params["gates"],
        "fail_on": report.fail_on.label,
        "report_sha256": hashlib.sha256(report_text.encode("utf-8")).hexdigest(),
    }
    if report.baseline is not None:
        body["new_gaps"] = report.baseline.new
        body["resolved_gaps"] = len(report.baseline.resolved)
    return body
