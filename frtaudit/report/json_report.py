"""JSON report: the whole audit as data, described by ``schemas/report.schema.json``.

Strings are the inventory's own text, unchanged: JSON escaping (``json.dumps``) is the only
encoding, so control characters appear as ``\\u001b`` escapes, never as raw bytes. Consumers that
display the text must escape it for their medium. :mod:`frtaudit.report.reader` reads a report
back (for ``diff`` and ``--baseline``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TextIO

from frtaudit.i18n import Catalog, catalog
from frtaudit.model import (
    Finding,
    Outcome,
    Question,
    Report,
    Rule,
    Severity,
    SystemRow,
    Waiver,
    finding_of,
    fingerprint,
)
from frtaudit.report import SCHEMA_VERSION, TOOL_NAME
from frtaudit.report.common import (
    citations,
    finding_fingerprint,
    headlines_in,
    message,
    rollup,
)
from frtaudit.report.fastjson import Lazy, Raw, Template, write_indented


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


def _note(cat: Catalog, f: Finding) -> str | None:
    if not f.note_key:
        return None
    return cat.t(f.note_key, **{k: str(v) for k, v in f.note_params.items()})


def _rule(cat: Catalog, r: Rule) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": cat.rule(r.id, "title"),
        "severity": r.severity.label,
        "profiles": list(r.profiles),
        "citations": citations(cat, r),
        "headline": r.headline,
        "automated": r.automated,
        "waivable": r.waivable,
        "fail_closed": r.fail_closed,
        "advisory": r.advisory,
        "in_force_from": r.in_force_from.isoformat() if r.in_force_from else None,
    }


#: Title and citations of a rule by ID.
RuleText = Callable[[str], tuple[str, list[str]]]


def report_data(report: Report, lazy: bool = False) -> dict[str, Any]:
    """The report as the JSON document described by the report schema.

    With ``lazy`` the ``systems`` and ``findings`` lists are made item by item while they are
    written (``render`` streams them), so the whole document is never held in memory.
    """
    cat = catalog(report.lang)
    rules = {r.id: r for r in report.rules}
    columns = headlines_in(report)
    texts: dict[str, tuple[str, list[str]]] = {}

    def rule_text(rule_id: str) -> tuple[str, list[str]]:
        """Title and citations of a rule, looked up once per report."""
        found = texts.get(rule_id)
        if found is None:
            cites = citations(cat, rules[rule_id]) if rule_id in rules else []
            found = texts[rule_id] = (cat.rule(rule_id, "title"), cites)
        return found

    systems = [] if lazy else [_system(report, row, columns) for row in report.rows]
    findings = [] if lazy else [_finding(report, cat, f, rule_text) for f in report.findings]
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
                "country": info.country,
                "systems": info.systems,
                "frt_systems": info.frt_systems,
            }
            for info in report.inventories
        ],
        "summary": {
            "systems": len(report.rows),
            "results": sum(report.counts.values()),
            "outcomes": {o.value: report.counts.get(o.value, 0) for o in Outcome},
            "gaps": {s.label: report.gap_counts.get(s.label, 0) for s in Severity},
            "gaps_at_or_above_fail_on": report.gaps_at_or_above(report.fail_on),
            "deferred": report.deferred,
        },
        "systems": Lazy(_system_items(report, columns)) if lazy else systems,
        "findings": Lazy(_finding_items(report, cat, rule_text)) if lazy else findings,
        "rollup": rollup(report),
        "rules": [_rule(cat, r) for r in sorted(report.rules, key=lambda r: r.id)],
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


def _system(report: Report, row: SystemRow, columns: Sequence[Question]) -> dict[str, Any]:
    """One entry of ``systems``."""
    return {
        "inventory": report.inventories[row.inventory].path,
        "system_id": row.system_id,
        "name": row.name,
        "agency": report.inventories[row.inventory].agency_id,
        "frt": row.frt,
        "line": row.line,
        "matrix": {c.value: row.cells[c].value for c in columns if c in row.cells},
        "gaps": dict(sorted(row.gap_counts.items())),
        "snapshot": jsonable(row.snapshot),
    }


def _finding(report: Report, cat: Catalog, f: Finding, rule_text: RuleText) -> dict[str, Any]:
    """One entry of ``findings``."""
    title, cites = rule_text(f.rule_id)
    return {
        "system_id": f.system_id,
        "system_name": f.system_name,
        "agency": f.agency,
        "rule_id": f.rule_id,
        "title": title,
        "outcome": f.outcome.value,
        "severity": f.severity.label,
        "advisory": f.advisory,
        "message": finding_message(cat, f),
        "message_key": f.message_key,
        "params": jsonable(f.params),
        "field": f.field,
        "citations": cites,
        "location": {"file": report.inventories[f.inventory].path, "line": f.line},
        "fingerprint": finding_fingerprint(f),
        "waiver": waiver_data(f.waiver),
        "note": _note(cat, f),
        "baseline": _baseline_status(report, f.outcome, finding_fingerprint(f)),
    }


# The streamed form of the two long lists: systems alike share their matrix, gaps and snapshot
# objects, and their results (see engine._Plan), so each distinct entry is rendered once as a
# Template and filled in per system. Templates are keyed by the ids of those objects, which
# live as long as the report. ``tests/report/test_json.py`` checks the streamed text is the
# text of the document above.

#: Holes of a system entry: inventory path, system id, name, agency, line.
#: Holes of a finding: system id, name, agency, file, line, fingerprint, baseline status.


def _system_items(report: Report, columns: Sequence[Question]) -> Iterator[Raw]:
    templates: dict[tuple[str, int, int, int], Template] = {}
    infos = report.inventories
    for row in report.rows:
        key = (row.frt, id(row.cells), id(row.gaps), id(row.snapshot))
        template = templates.get(key)
        if template is None:
            entry = _system(report, row, columns)

            def build(hole: Callable[[int], str], entry: dict[str, Any] = entry) -> Any:
                holes = {"inventory": 0, "system_id": 1, "name": 2, "agency": 3, "line": 4}
                return {k: hole(holes[k]) if k in holes else v for k, v in entry.items()}

            template = templates[key] = Template(2, build)
        info = infos[row.inventory]
        yield template.fill((info.path, row.system_id, row.name, info.agency_id, row.line))


def _finding_items(report: Report, cat: Catalog, rule_text: RuleText) -> Iterator[Raw]:
    templates: dict[int, Template] = {}
    infos = report.inventories
    for row in report.rows:
        if not row.kept:
            continue
        info = infos[row.inventory]
        for result in row.kept:
            template = templates.get(id(result))
            if template is None:
                entry = _finding(report, cat, finding_of(row, result, info.agency_id), rule_text)

                def build(hole: Callable[[int], str], entry: dict[str, Any] = entry) -> Any:
                    changed = dict(entry, system_id=hole(0), system_name=hole(1), agency=hole(2))
                    changed["location"] = {"file": hole(3), "line": hole(4)}
                    changed["fingerprint"] = hole(5)
                    changed["baseline"] = hole(6)
                    return changed

                template = templates[id(result)] = Template(2, build)
            mark = fingerprint(info.agency_id, row.system_id, result.rule_id)
            status = _baseline_status(report, result.outcome, mark)
            yield template.fill(
                (row.system_id, row.name, info.agency_id, info.path, row.line, mark, status)
            )


def _baseline_status(report: Report, outcome: Outcome, mark: str) -> str | None:
    """``new`` or ``existing`` for a gap with fingerprint ``mark`` when there is a baseline."""
    if report.baseline is None or not outcome.is_gap:
        return None
    return report.baseline.status.get(mark)


def dumps(data: Mapping[str, Any]) -> str:
    """Canonical text of a JSON document: two-space indent, UTF-8 text, trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render(report: Report, out: TextIO) -> None:
    """Write the JSON report to ``out`` (streamed: the text is never held whole in memory)."""
    write_indented(report_data(report, lazy=True), out)
