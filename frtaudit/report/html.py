"""HTML report: one self-contained file (inline CSS, SVG and script), no network request.

Answers first, like a Lighthouse report (issue 14): the first screen holds the four questions
(legal basis, impact assessment, public notice, prohibited use) with how many systems with face
recognition pass, fail or are unknown, and the systems with critical gaps; then what to fix
first; then one matrix of systems by question across all agencies (systems alike shown once
as a fleet); then per-system details, collapsed; inventories, hashes and passed checks last.

Python prepares plain view data (texts already one-line and printable, chart geometry already
computed); the Jinja2 templates in ``templates/`` lay it out with autoescaping on, so inventory
text can never become markup. A Content-Security-Policy meta tag forbids every network load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, TextIO

from jinja2 import Environment, PackageLoader, StrictUndefined

from frtaudit.i18n import Catalog, catalog
from frtaudit.i18n.text import one_line
from frtaudit.model import Finding, Fleet, Outcome, Report, Severity, finding_of
from frtaudit.report.common import (
    ROLLUP_COLUMNS,
    SYMBOLS,
    attestation_lines,
    citations,
    rollup,
    summary_params,
)
from frtaudit.report.markdown import FRT_SYMBOL, rendered_at
from frtaudit.report.overview import (
    GapGroup,
    Overview,
    agency_name,
    build,
    gap_fix,
    gap_title,
    localized_message,
    question_label,
    question_long,
    rule_title,
    system_name,
)

#: Order of severities in stacked bars, most serious first.
SEVERITIES = sorted(Severity, reverse=True)

#: Gaps shown open in "what to fix first"; the others follow collapsed.
FIX_OPEN = 8
#: Systems named in the first screen's list of systems with critical gaps.
CRITICAL_NAMED = 12
#: Systems named under one gap of "what to fix first".
GAP_SYSTEMS_NAMED = 30
#: Per-system detail blocks; a larger inventory lists the rest in the json/csv reports.
DETAILS_MAX = 400

# Chart geometry, in SVG user units (the SVGs scale to the page width).
CHART_WIDTH = 840
LABEL_WIDTH = 190
BAR_AREA = 440
BAR_HEIGHT = 18
ROW_STEP = 26
TOP = 8
LEGEND_HEIGHT = 30


@dataclass(frozen=True, slots=True)
class Segment:
    """One coloured piece of a bar."""

    x: float
    width: float
    css: str
    title: str


@dataclass(slots=True)
class Bar:
    """One labelled bar of a chart, with its segments and the value printed after it."""

    y: float
    label: str
    value: str
    value_x: float
    title: str
    segments: list[Segment] = field(default_factory=list)
    track: bool = False  # draw the 0-100 % background


@dataclass(slots=True)
class Chart:
    """An inline SVG bar chart."""

    id: str
    title: str
    desc: str
    height: float
    bars: list[Bar] = field(default_factory=list)
    groups: list[tuple[float, str]] = field(default_factory=list)  # (y, heading) of bar groups
    legend: list[tuple[float, str, str]] = field(default_factory=list)  # (x, css, label)
    legend_y: float = 0
    empty: str = ""


def _number(value: float) -> str:
    """SVG coordinate without float noise: 8.0 -> "8", 12.345 -> "12.35"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("frtaudit.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["n"] = _number
    return env


def render(report: Report, out: TextIO) -> None:
    """Write the HTML report to ``out``."""
    cat = catalog(report.lang)
    template = _environment().get_template("report.html.j2")
    out.write(template.render(**_context(report, cat)))


def _context(report: Report, cat: Catalog) -> dict[str, Any]:
    ov = build(report)
    params = summary_params(report, cat)
    fail_on = cat.t("severity." + report.fail_on.label)
    if params["gates"]:
        verdict = cat.t("overview.verdict", gates=params["gates"], fail_on=fail_on)
    else:
        verdict = cat.t("overview.verdict_ok", fail_on=fail_on)
    gaps = [_gap(report, cat, ov, g) for g in ov.gaps]
    return {
        "report": report,
        "t": cat.t,
        "generated_by": cat.t(
            "report_doc.generated_by",
            tool_version=report.tool_version,
            rules_version=report.rules_version,
            profiles=", ".join(report.profiles),
            fail_on=fail_on,
            as_of=report.as_of.isoformat(),
        ),
        "rendered_at": rendered_at(report),
        "verdict": verdict,
        "failing": bool(params["gates"]),
        "summary": cat.t("scan.summary", **params),
        "deferred": cat.t("scan.deferred", count=report.deferred) if report.deferred else "",
        "cards": _cards(cat, ov),
        "critical": _critical(report, cat, ov),
        "fix_open": gaps[:FIX_OPEN],
        "fix_rest": gaps[FIX_OPEN:],
        "fix_more": cat.t("overview.fix_more", count=len(gaps) - FIX_OPEN),
        "questions": [
            {
                "short": cat.t(f"overview.question_short.{q.value}"),
                "label": question_label(cat, q),
                "long": question_long(cat, q),
            }
            for q in ov.questions
        ],
        "agencies": _agencies(report, cat, ov),
        "legend": _legend_items(cat),
        "details": _details(report, cat, ov),
        "details_more": max(0, _with_findings(report, ov) - DETAILS_MAX),
        "chart": _question_chart(cat, ov),
        "geometry": {
            "width": CHART_WIDTH,
            "label_width": LABEL_WIDTH,
            "bar_area": BAR_AREA,
            "bar_height": BAR_HEIGHT,
        },
        "inventories": [
            {
                "path": one_line(i.path),
                "agency": one_line(agency_name(cat, report, n)),
                "country": one_line(i.country),
                "systems": i.systems,
                "frt_systems": i.frt_systems,
                "sha256": one_line(i.sha256),
            }
            for n, i in enumerate(report.inventories)
        ],
        "attestations": [one_line(line) for line in attestation_lines(cat, report)],
        "rollup": _rollup_rows(report, cat),
        "rollup_columns": [question_label(cat, q) for q in ROLLUP_COLUMNS],
        "passed": cat.t(
            "overview.passed_text",
            **{
                "pass": report.counts.get("pass", 0),
                "na": report.counts.get("not_applicable", 0),
            },
        ),
        "baseline": _baseline(report, cat),
    }


# -- first screen ---------------------------------------------------------------------------


def _cards(cat: Catalog, ov: Overview) -> list[dict[str, Any]]:
    cards = []
    for t in ov.tallies:
        total = sum(t.frt.values())
        undeclared = sum(t.undeclared.values())
        counts = [
            (
                "pass",
                SYMBOLS[Outcome.PASS],
                cat.t("overview.tally_pass", count=t.frt.get("pass", 0)),
            ),
            (
                "fail",
                SYMBOLS[Outcome.FAIL],
                cat.t("overview.tally_fail", count=t.frt.get("fail", 0)),
            ),
            (
                "unknown",
                SYMBOLS[Outcome.UNKNOWN],
                cat.t("overview.tally_unknown", count=t.frt.get("unknown", 0)),
            ),
        ]
        if t.frt.get("other"):
            counts.append(("other", "·", cat.t("overview.tally_other", count=t.frt["other"])))
        cards.append(
            {
                "key": t.question.value,
                "label": question_label(cat, t.question),
                "long": question_long(cat, t.question),
                "of": cat.t("overview.tally_frt", total=total)
                if total
                else cat.t("overview.tally_none"),
                "counts": counts if total else [],
                "state": "fail"
                if t.frt.get("fail")
                else "unknown"
                if t.frt.get("unknown") or undeclared
                else "pass",
                "undeclared": cat.t(
                    "overview.tally_undeclared",
                    count=undeclared,
                    fail=t.undeclared.get("fail", 0),
                    unknown=t.undeclared.get("unknown", 0),
                )
                if undeclared
                else "",
            }
        )
    return cards


def _anchor(report: Report, n: int) -> str:
    row = report.rows[n]
    return f"s-{row.inventory + 1}-{row.index + 1}"


def _critical(report: Report, cat: Catalog, ov: Overview) -> dict[str, Any]:
    member = {n: f.rows[0] for f in ov.fleets for n in f.rows}
    named = []
    for n in ov.critical[:CRITICAL_NAMED]:
        row = report.rows[n]
        named.append(
            {"name": one_line(system_name(cat, row)), "href": "#" + _anchor(report, member[n])}
        )
    more = len(ov.critical) - len(named)
    return {
        "title": cat.t("overview.critical_title", count=len(ov.critical)),
        "none": "" if ov.critical else cat.t("overview.critical_none"),
        "named": named,
        "more": cat.t("overview.critical_more", count=more) if more > 0 else "",
    }


# -- what to fix first -----------------------------------------------------------------------


def _gap(report: Report, cat: Catalog, ov: Overview, group: GapGroup) -> dict[str, Any]:
    g = group.gap
    first = group.systems[0]
    row = report.rows[first]
    agency = report.inventories[row.inventory].agency_id if report.inventories else ""
    lead = max(g.results, key=lambda r: r.severity)  # the most severe result (first in order)
    example = localized_message(cat, finding_of(row, lead, agency))
    rules = []
    for result in g.results:
        rule = ov.rules.get(result.rule_id)
        rules.append(
            {
                "id": result.rule_id,
                "title": rule_title(cat, result.rule_id),
                "cites": "; ".join(citations(cat, rule)) if rule else "",
            }
        )
    named = [
        {
            "name": one_line(system_name(cat, report.rows[n])),
            "id": one_line(report.rows[n].system_id),
        }
        for n in group.systems[:GAP_SYSTEMS_NAMED]
    ]
    more = len(group.systems) - len(named)
    return {
        "severity": g.severity.label,
        "severity_label": cat.t(f"severity.{g.severity.label}"),
        "outcome": g.outcome.value,
        "outcome_label": cat.t(f"outcome.{g.outcome.value}"),
        "advisory": cat.t("scan.advisory") if g.advisory else "",
        "question": question_label(cat, g.question),
        "title": one_line(gap_title(cat, g)),
        "systems": cat.t("overview.fix_systems", count=len(group.systems)),
        "new": cat.t("overview.fix_new", count=group.new) if group.new else "",
        "example": one_line(example),
        "example_system": one_line(system_name(cat, row)),
        "fix": one_line(gap_fix(cat, g)),
        "rules": rules,
        "named": named,
        "more": cat.t("overview.critical_more", count=more) if more > 0 else "",
    }


# -- matrix ----------------------------------------------------------------------------------


def _agencies(report: Report, cat: Catalog, ov: Overview) -> list[dict[str, Any]]:
    by_inventory: dict[int, list[Fleet]] = {}
    for fleet in ov.fleets:
        by_inventory.setdefault(fleet.inventory, []).append(fleet)
    out = []
    for inv, fleets in sorted(by_inventory.items()):
        info = report.inventories[inv]
        rows = []
        for fleet in fleets:
            n = fleet.rows[0]
            row = report.rows[n]
            mine = fleet.cells
            cells = []
            for q in ov.questions:
                outcome = mine.get(q)
                cells.append(
                    {
                        "symbol": SYMBOLS[outcome] if outcome else "",
                        "css": outcome.value if outcome else "none",
                        "label": cat.t(f"outcome.{outcome.value}") if outcome else "",
                    }
                )
            members = []
            if fleet.size > 1:
                members = [
                    {
                        "id": one_line(report.rows[m].system_id),
                        "name": one_line(system_name(cat, report.rows[m])),
                    }
                    for m in fleet.rows
                ]
            rows.append(
                {
                    "anchor": _anchor(report, n),
                    "has_details": bool(row.kept),
                    "id": one_line(row.system_id),
                    "name": one_line(system_name(cat, row)),
                    "frt": FRT_SYMBOL.get(row.frt, "?"),
                    "frt_label": cat.t(
                        {"true": "overview.frt_yes", "false": "overview.frt_no"}.get(
                            row.frt, "overview.frt_unknown"
                        )
                    ),
                    "count": fleet.size,
                    "fleet": cat.t("overview.fleet", count=fleet.size) if fleet.size > 1 else "",
                    "fleet_list": cat.t("overview.fleet_list", count=fleet.size),
                    "members": members,
                    "cells": cells,
                }
            )
        out.append(
            {
                "index": inv + 1,
                "name": one_line(agency_name(cat, report, inv)),
                "header": cat.t(
                    "scan.header",
                    agency=one_line(agency_name(cat, report, inv)),
                    systems=info.systems,
                    frt=info.frt_systems,
                    as_of=report.as_of.isoformat(),
                ),
                "rows": rows,
            }
        )
    return out


def _legend_items(cat: Catalog) -> list[dict[str, str]]:
    return [
        {
            "symbol": SYMBOLS[o],
            "css": o.value,
            "label": cat.t(f"outcome.{o.value}"),
            "text": cat.t(f"overview.symbol.{o.value}"),
        }
        for o in Outcome
    ]


# -- details ---------------------------------------------------------------------------------


def _with_findings(report: Report, ov: Overview) -> int:
    return sum(1 for f in ov.fleets if report.rows[f.rows[0]].kept)


def _details(report: Report, cat: Catalog, ov: Overview) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for fleet in ov.fleets:
        n = fleet.rows[0]
        row = report.rows[n]
        if not row.kept:
            continue
        if len(out) >= DETAILS_MAX:
            break
        made = {f.rule_id: f for f in ov.findings(report, n)}
        findings = [_finding(cat, f, ov) for f in made.values()]
        groups: list[dict[str, Any]] = []
        listed: set[str] = set()
        for gap in row.gaps:  # one gap per cause, with the rule results behind it
            rows = [r.rule_id for r in gap.results if r.rule_id in made and r.rule_id not in listed]
            listed.update(rows)
            groups.append(
                {
                    "head": cat.t(f"severity.{gap.severity.label}")
                    + " · "
                    + question_label(cat, gap.question)
                    + ": "
                    + one_line(gap_title(cat, gap))
                    + (" (" + cat.t("scan.advisory") + ")" if gap.advisory else ""),
                    "severity": gap.severity.label,
                    "findings": [_finding(cat, made[r], ov) for r in rows],
                }
            )
        rest = [_finding(cat, f, ov) for f in made.values() if f.rule_id not in listed]
        if rest:
            groups.append(
                {"head": cat.t("overview.other_results"), "severity": "", "findings": rest}
            )
        worst = max((f.severity for f in ov.findings(report, n) if f.outcome.is_gap), default=None)
        out.append(
            {
                "anchor": _anchor(report, n),
                "id": one_line(row.system_id),
                "name": one_line(system_name(cat, row)),
                "agency": one_line(agency_name(cat, report, row.inventory)),
                "fleet": cat.t("overview.fleet", count=fleet.size) if fleet.size > 1 else "",
                "count": cat.t("overview.details_findings", count=len(findings)),
                "worst": worst.label if worst else "",
                "worst_label": cat.t(f"severity.{worst.label}") if worst else "",
                "line": row.line,
                "findings": findings,
                "groups": groups,
            }
        )
    return out


def _finding(cat: Catalog, f: Finding, ov: Overview) -> dict[str, Any]:
    waiver = ""
    if f.waiver is not None:
        w = f.waiver
        waiver = cat.t(
            "scan.waived_by",
            granted_by=one_line(w.granted_by),
            authority_kind=cat.t("authority_kind." + w.authority_kind),
            instrument=one_line(w.instrument),
            expires_on=one_line(w.expires_on),
            justification=one_line(w.justification),
        )
    rule = ov.rules.get(f.rule_id)
    cites = citations(cat, rule) if rule is not None else []
    text = localized_message(cat, f) or rule_title(cat, f.rule_id)
    return {
        "id": "f-" + f.fingerprint,
        "rule_id": f.rule_id,
        "rule_title": rule_title(cat, f.rule_id),
        "severity": f.severity.label,
        "severity_label": cat.t(f"severity.{f.severity.label}"),
        "outcome": f.outcome.value,
        "outcome_label": cat.t(f"outcome.{f.outcome.value}"),
        "symbol": SYMBOLS[f.outcome],
        "message": one_line(text) or cat.t("report_doc.no_message"),
        "field": one_line(f.field),
        "advisory": cat.t("scan.advisory") if f.advisory else "",
        "waiver": waiver,
        "new": cat.t("scan.baseline_new") if f.fingerprint in ov.new else "",
        "reference": "; ".join(cites),
    }


# -- end matter ------------------------------------------------------------------------------


def _rollup_rows(report: Report, cat: Catalog) -> list[dict[str, Any]]:
    rows = rollup(report)
    if len(rows) <= 2:  # a single agency: the summary already says it
        return []
    out = []
    for r in rows:
        total = r["agency_id"] == "*"
        g = r["gaps"]
        out.append(
            {
                "total": total,
                "name": cat.t("scan.rollup_total") if total else one_line(r["agency_name"]),
                "systems": r["systems"],
                "frt_systems": r["frt_systems"],
                "shares": [
                    f"{r[c]['passing']}/{r[c]['applicable']}" if r[c]["applicable"] else "–"
                    for c in ROLLUP_COLUMNS
                ],
                "gaps": f"{g['critical']}/{g['high']}/{g['medium']}/{g['low']}",
            }
        )
    return out


def _baseline(report: Report, cat: Catalog) -> dict[str, Any] | None:
    b = report.baseline
    if b is None:
        return None
    return {
        "summary": cat.t(
            "scan.baseline_summary",
            path=one_line(b.path),
            new=b.new,
            existing=len(b.status) - b.new,
            resolved=len(b.resolved),
        ),
        "resolved_title": cat.t("scan.resolved_title", count=len(b.resolved)),
        "resolved": [
            {"rule_id": i["rule_id"], "where": one_line(f"{i['agency']}/{i['system_id']}")}
            for i in b.resolved
        ],
    }


def _legend(items: list[tuple[str, str]]) -> list[tuple[float, str, str]]:
    legend = []
    x = float(LABEL_WIDTH)
    for css, label in items:
        legend.append((x, css, label))
        x += 24 + 8 * len(label)
    return legend


def _question_chart(cat: Catalog, ov: Overview) -> Chart:
    """Gaps per question (one per system and cause), split by severity."""
    counts: dict[Any, dict[Severity, int]] = {}
    for group in ov.gaps:
        g = group.gap
        per = counts.setdefault(g.question, {})
        per[g.severity] = per.get(g.severity, 0) + len(group.systems)
    peak = max((sum(c.values()) for c in counts.values()), default=0)
    chart = Chart(
        id="chart-gaps",
        title=cat.t("overview.chart_title"),
        desc=cat.t("overview.chart_desc"),
        height=0,
        empty="" if counts else cat.t("report_doc.chart_gaps_none"),
    )
    y = float(TOP)
    for q in ov.questions:
        if q not in counts:
            continue
        label = question_label(cat, q)
        total = sum(counts[q].values())
        bar = Bar(
            y=y,
            label=label,
            value=str(total),
            value_x=LABEL_WIDTH + BAR_AREA * total / peak + 6,
            title=f"{label}: {total}",
        )
        x = float(LABEL_WIDTH)
        for sev in SEVERITIES:
            n = counts[q].get(sev, 0)
            if not n:
                continue
            width = BAR_AREA * n / peak
            title = cat.t(
                "overview.chart_bar",
                question=label,
                count=n,
                severity=cat.t(f"severity.{sev.label}"),
            )
            bar.segments.append(Segment(round(x, 2), round(width, 2), f"sev-{sev.label}", title))
            x += width
        chart.bars.append(bar)
        y += ROW_STEP
    if counts:
        chart.legend_y = y + 6
        items = [(f"sev-{s.label}", cat.t(f"severity.{s.label}")) for s in SEVERITIES]
        chart.legend = _legend(items)
        y += LEGEND_HEIGHT
    chart.height = y
    return chart
