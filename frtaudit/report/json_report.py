"""JSON report: the whole audit as data, described by ``schemas/report.schema.json``.

Strings are the inventory's own text, unchanged: JSON escaping (``json.dumps``) is the only
encoding, so control characters appear as ``\\u001b`` escapes, never as raw bytes. Consumers that
display the text must escape it for their medium. :mod:`frtaudit.report.reader` reads a report
back (for ``diff`` and ``--baseline``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from json.encoder import encode_basestring as enc
from typing import Any, TextIO

from frtaudit.i18n import Catalog, catalog
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
    SystemRow,
    Waiver,
    fingerprint,
)
from frtaudit.report import SCHEMA_VERSION, TOOL_NAME
from frtaudit.report.common import (
    cause_title,
    citations,
    message,
    question_rules,
    question_summary,
    result_message,
    rollup,
    summary_params,
)
from frtaudit.report.fastjson import Lazy, Raw, Template, dumps_at, write_indented


def jsonable(value: Any) -> Any:
    """``value`` with dates as ISO strings, mappings with sorted string keys, tuples as lists."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def finding_order(report: Report) -> Iterable[Finding]:
    """Findings by inventory, system and rule ID: stable as the rule set grows.

    That is the order of ``Report.findings`` (rows in file order, results in rule-ID order),
    so nothing is sorted or held here.
    """
    return report.findings


def waiver_data(w: Waiver | None) -> dict[str, str] | None:
    """The exception that waived a finding, as a JSON object (None when not waived)."""
    if w is None:
        return None
    return {
        "rule": w.rule,
        "granted_by": w.granted_by,
        "authority_kind": w.authority_kind,
        "instrument": w.instrument,
        "justification": w.justification,
        "granted_on": w.granted_on,
        "expires_on": w.expires_on,
    }


def finding_message(cat: Catalog, f: Finding) -> str:
    """The finding's message ('' for a pass, which has no message key)."""
    return message(cat, f) if f.message_key else ""


def _rule(cat: Catalog, r: Rule) -> dict[str, Any]:
    """A rule's metadata, stated once in ``rules`` (findings refer to it by ID)."""
    out: dict[str, Any] = {
        "title": cat.rule(r.id, "title"),
        "severity": r.severity.label,
        "question": r.question.value,
        "profiles": list(r.profiles),
        "citations": citations(cat, r),
        "automated": r.automated,
        "waivable": r.waivable,
        "fail_closed": r.fail_closed,
        "advisory": r.advisory,
        "soft_law": r.soft_law,
        "in_force_from": r.in_force_from.isoformat() if r.in_force_from else None,
    }
    soft_law = getattr(r, "soft_law", None)
    if soft_law:
        out["soft_law"] = jsonable(soft_law)
    return out


def _result(cat: Catalog, r: Result) -> dict[str, Any]:
    """One rule result on a system of a fleet (its rule's metadata is in ``rules``)."""
    out: dict[str, Any] = {
        "rule": r.rule_id,
        "outcome": r.outcome.value,
        "severity": r.severity.label,
        "advisory": r.advisory,
        "message": result_message(cat, r),
        "message_key": r.message_key,
        "params": jsonable(r.params),
        "field": r.field,
    }
    if r.waiver is not None:
        out["waiver"] = waiver_data(r.waiver)
    if r.note_key:
        out["note"] = cat.t(r.note_key, **{k: str(v) for k, v in r.note_params.items()})
    return out


def _gap(cat: Catalog, g: Gap) -> dict[str, Any]:
    """One gap: a cause and the results it breaks."""
    return {
        "cause": g.cause,
        "title": cause_title(cat, g),
        "question": g.question.value,
        "severity": g.severity.label,
        "outcome": g.outcome.value,
        "advisory": g.advisory,
        "results": [_result(cat, r) for r in g.results],
    }


def report_data(report: Report, lazy: bool = False) -> dict[str, Any]:
    """The report as the JSON document described by the report schema (version 2).

    Systems alike are grouped in ``fleets``: each fleet states its gaps (and other kept
    results) once and lists its member systems. With ``lazy`` the fleets are made one by one
    while they are written (``render`` streams them).
    """
    cat = catalog(report.lang)
    snapshots: dict[int, int] = {}
    snapshot_list: list[Any] = []
    for row in report.rows:
        if id(row.snapshot) not in snapshots:
            snapshots[id(row.snapshot)] = len(snapshot_list)
            snapshot_list.append(jsonable(row.snapshot))
    fleets = _fleet_items(report, cat, snapshots, fast=lazy)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "rules_version": report.rules_version,
        "rules_hash": report.rules_hash,
        "as_of": report.as_of.isoformat(),
    }
    timestamp = report.render_options.get("timestamp")
    if timestamp:
        data["generated_at"] = str(timestamp)
    params = summary_params(report)
    data |= {
        "profiles": list(report.profiles),
        "params": jsonable(report.params),
        "fail_on": report.fail_on.label,
        "include_passing": report.include_passing,
        "lang": report.lang,
        "inventories": [
            {
                "path": info.path,
                "sha256": info.sha256,
                "agency_id": info.agency_id,
                "agency_name": info.agency_name,
                "agency_name_local": info.agency_name_local,
                "country": info.country,
                "systems": info.systems,
                "frt_systems": info.frt_systems,
                "attestations": [
                    {
                        "id": a.id,
                        "attested_by": a.attested_by,
                        "attested_on": a.attested_on,
                        "capabilities": jsonable(a.capabilities),
                        "systems": a.systems,
                    }
                    for a in info.attestations
                ],
            }
            for info in report.inventories
        ],
        "summary": {
            "systems": params["systems"],
            "fleets": params["fleets"],
            "results": params["results"],
            "outcomes": {o.value: report.counts.get(o.value, 0) for o in Outcome},
            "gaps": {s.label: report.gap_counts.get(s.label, 0) for s in Severity},
            "gaps_total": params["gaps"],
            "advisory_gaps": params["advisory"],
            "gap_results": params["gap_results"],
            "gaps_at_or_above_fail_on": params["gates"],
            "deferred": report.deferred,
            "questions": question_summary(report),
        },
        "questions": [
            {
                "id": q.value,
                "title": cat.t(f"question.{q.value}"),
                "question": cat.t(f"question_long.{q.value}"),
                "headline": q.headline,
                "rules": ids,
            }
            for q, ids in question_rules(report).items()
        ],
        "causes": {
            c.id: {
                "title": cat.t(f"cause.{c.id}.title"),
                "fix": cat.t(f"cause.{c.id}.fix"),
                "question": c.question.value if c.question else None,
                "severity": c.severity.label if c.severity else None,
                "outcome": c.outcome.value if c.outcome else None,
            }
            for c in report.causes.values()
        },
        "rules": {r.id: _rule(cat, r) for r in sorted(report.rules, key=lambda r: r.id)},
        "snapshots": snapshot_list,
        "fleets": Lazy(fleets) if lazy else list(fleets),
        "rollup": rollup(report),
    }
    if report.baseline is not None:
        b = report.baseline
        data["baseline"] = {
            "path": b.path,
            "new": b.new,
            "existing": len(b.status) - b.new,
            "resolved": b.resolved,
        }
    return data


def _fleet_items(
    report: Report, cat: Catalog, snapshots: Mapping[int, int], fast: bool
) -> Iterator[Any]:
    """The ``fleets`` entries, made one at a time.

    Fleets share Gap and Result objects (systems alike across files). With ``fast`` (for
    ``write_indented`` only) the text of each is made once (``Raw`` at its nesting level) and
    member systems are filled into a Template; else they are plain objects.
    """
    status = report.baseline.status if report.baseline is not None else None
    infos = report.inventories
    texts: dict[int, Any] = {}
    templates: dict[tuple[bool, bool], Template] = {}

    def gap_text(g: Gap) -> Any:
        found = texts.get(id(g))
        if found is None:
            found = _gap(cat, g)
            found = texts[id(g)] = Raw(dumps_at(found, 4)) if fast else found
        return found

    def result_text(r: Result) -> Any:
        found = texts.get(id(r))
        if found is None:
            found = _result(cat, r)
            found = texts[id(r)] = Raw(dumps_at(found, 4)) if fast else found
        return found

    def member(row: SystemRow, agency: str) -> Any:
        entry: dict[str, Any]
        if status is not None or not fast:
            entry = {
                "id": row.system_id,
                "name": row.name,
                "line": row.line,
                "frt": row.frt,
                "snapshot": snapshots[id(row.snapshot)],
            }
            if row.name_local:
                entry["name_local"] = row.name_local
            if row.attestation:
                entry["attestation"] = row.attestation
            if status is not None:
                entry["new"] = [
                    r.rule_id
                    for g in row.gaps
                    for r in g.results
                    if status.get(fingerprint(agency, row.system_id, r.rule_id)) == "new"
                ]
            return entry
        shape = (bool(row.name_local), bool(row.attestation))
        template = templates.get(shape)
        if template is None:

            def build(hole: Any, shape: tuple[bool, bool] = shape) -> Any:
                out = {"id": hole(0), "name": hole(1), "line": hole(2), "frt": hole(3)}
                out["snapshot"] = hole(4)
                if shape[0]:
                    out["name_local"] = hole(5)
                if shape[1]:
                    out["attestation"] = hole(6)
                return out

            template = templates[shape] = Template(4, build)
        line = row.line
        return template.fill(
            (
                enc(row.system_id),
                enc(row.name),
                "null" if line is None else int.__repr__(line),
                enc(row.frt),
                int.__repr__(snapshots[id(row.snapshot)]),
                enc(row.name_local),
                enc(row.attestation),
            )
        )

    rows = report.rows
    for n, fleet in enumerate(report.fleets):
        first = rows[fleet.rows[0]]
        in_gaps = {id(r) for g in fleet.gaps for r in g.results}
        info = infos[fleet.inventory]
        agency = info.agency_id
        yield {
            "id": n + 1,
            "inventory": fleet.inventory,
            "agency": agency,
            "size": fleet.size,
            "matrix": {q.value: o.value for q, o in _ordered(fleet.cells)},
            "gaps": [gap_text(g) for g in fleet.gaps],
            "other_results": [result_text(r) for r in first.kept if id(r) not in in_gaps],
            "systems": [member(rows[i], agency) for i in fleet.rows],
        }


def _ordered(cells: Mapping[Question, Outcome]) -> list[tuple[Question, Outcome]]:
    return [(q, cells[q]) for q in QUESTIONS if q in cells]


def dumps(data: Mapping[str, Any]) -> str:
    """Canonical text of a JSON document: two-space indent, UTF-8 text, trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render(report: Report, out: TextIO) -> None:
    """Write the JSON report to ``out`` (streamed: the text is never held whole in memory)."""
    write_indented(report_data(report, lazy=True), out)
