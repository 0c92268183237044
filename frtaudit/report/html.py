"""HTML report: one self-contained file (inline CSS, SVG and script), no network request.

Python prepares plain view data (texts already one-line and printable, chart geometry already
computed); the Jinja2 templates in ``templates/`` lay it out with autoescaping on, so inventory
text can never become markup. A Content-Security-Policy meta tag forbids every network load.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TextIO

from jinja2 import Environment, PackageLoader, StrictUndefined

from frtaudit.i18n import Catalog, catalog
from frtaudit.i18n.text import one_line
from frtaudit.model import Finding, Outcome, Question, Report, Rule, Severity
from frtaudit.report.common import (
    ROLLUP_COLUMNS,
    SYMBOLS,
    citations,
    finding_fingerprint,
    headline_rule,
    headlines_in,
    rollup,
    rows_by_inventory,
    summary_params,
)
from frtaudit.report.markdown import FRT_SYMBOL, finding_text, rendered_at

#: Order of severities in stacked bars and filters, most serious first.
SEVERITIES = sorted(Severity, reverse=True)

# Chart geometry, in SVG user units (the SVGs scale to the page width).
CHART_WIDTH = 840
LABEL_WIDTH = 190
BAR_AREA = 440
BAR_HEIGHT = 18
ROW_STEP = 26
TOP = 8
LEGEND_HEIGHT = 30
LABEL_MAX = 34


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
    columns = headlines_in(report)
    feeding = headline_rule(report)
    rules = {r.id: r for r in report.rules}
    findings = [_finding(cat, n, f, rules) for n, f in enumerate(report.findings)]
    return {
        "report": report,
        "t": cat.t,
        "generated_by": cat.t(
            "report_doc.generated_by",
            tool_version=report.tool_version,
            rules_version=report.rules_version,
            profiles=", ".join(report.profiles),
            fail_on=cat.t("severity." + report.fail_on.label),
            as_of=report.as_of.isoformat(),
        ),
        "rendered_at": rendered_at(report),
        "summary": cat.t("scan.summary", **summary_params(report, cat)),
        "deferred": cat.t("scan.deferred", count=report.deferred) if report.deferred else "",
        "inventories": [
            {
                "path": one_line(i.path),
                "agency": one_line(i.agency_name),
                "country": one_line(i.country),
                "systems": i.systems,
                "frt_systems": i.frt_systems,
                "sha256": one_line(i.sha256),
            }
            for i in report.inventories
        ],
        "sections": _sections(report, cat, columns),
        "columns": [
            {"key": c, "label": cat.t(f"question.{c}"), "rule": feeding[c]} for c in columns
        ],
        "charts": [_gap_chart(report, cat), _share_chart(report, cat, columns)],
        "findings": findings,
        "severities": [(s.label, cat.t(f"severity.{s.label}")) for s in SEVERITIES],
        "outcomes": [(o.value, cat.t(f"outcome.{o.value}")) for o in Outcome],
        "geometry": {
            "width": CHART_WIDTH,
            "label_width": LABEL_WIDTH,
            "bar_area": BAR_AREA,
            "bar_height": BAR_HEIGHT,
        },
        "count_text": cat.t("report_doc.filter_count", shown=len(findings), total=len(findings)),
        "rollup": _rollup_rows(report, cat),
        "rollup_columns": [cat.t(f"question.{c}") for c in ROLLUP_COLUMNS],
        "baseline": _baseline(report, cat),
    }


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


def _sections(report: Report, cat: Catalog, columns: list[Question]) -> list[dict[str, Any]]:
    rows_by_inv = rows_by_inventory(report)
    sections = []
    for inv_index, info in enumerate(report.inventories):
        rows = []
        for n in rows_by_inv.get(inv_index, []):
            row = report.rows[n]
            cells = []
            for col in columns:
                outcome = row.cells.get(col)
                cells.append(
                    {
                        "symbol": SYMBOLS[outcome] if outcome else "",
                        "css": outcome.value if outcome else "none",
                        "label": cat.t(f"outcome.{outcome.value}") if outcome else "",
                    }
                )
            rows.append(
                {
                    "id": one_line(row.system_id),
                    "name": one_line(row.name),
                    "frt": FRT_SYMBOL.get(row.frt, "?"),
                    "cells": cells,
                }
            )
        header = cat.t(
            "scan.header",
            agency=one_line(info.agency_name),
            systems=info.systems,
            frt=info.frt_systems,
            as_of=report.as_of.isoformat(),
        )
        sections.append(
            {
                "anchor": f"inventory-{inv_index + 1}",
                "header": header,
                "source": cat.t("scan.source", path=one_line(info.path)),
                "rows": rows,
            }
        )
    return sections


def _finding(cat: Catalog, order: int, f: Finding, rules: dict[str, Rule]) -> dict[str, Any]:
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
    rule = rules.get(f.rule_id)
    cites = citations(cat, rule) if rule is not None else []
    title = cat.raw(f"rule.{f.rule_id}.title")
    return {
        "order": order,
        "id": "f-" + finding_fingerprint(f),
        "system_id": one_line(f.system_id),
        "system_name": one_line(f.system_name),
        "rule_id": f.rule_id,
        "rule_title": title if isinstance(title, str) else "",
        "severity": f.severity.label,
        "severity_rank": int(f.severity),
        "severity_label": cat.t(f"severity.{f.severity.label}"),
        "outcome": f.outcome.value,
        "outcome_label": cat.t(f"outcome.{f.outcome.value}"),
        "symbol": SYMBOLS[f.outcome],
        "message": one_line(finding_text(cat, f)) or cat.t("report_doc.no_message"),
        "field": one_line(f.field),
        "advisory": cat.t("scan.advisory") if f.advisory else "",
        "waiver": waiver,
        "reference": cites[0] if cites else "",
        "line": f.line,
    }


def _short(text: str, limit: int = LABEL_MAX) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _legend(items: Iterable[tuple[str, str]]) -> list[tuple[float, str, str]]:
    legend = []
    x = float(LABEL_WIDTH)
    for css, label in items:
        legend.append((x, css, label))
        x += 24 + 8 * len(label)
    return legend


def _gap_chart(report: Report, cat: Catalog) -> Chart:
    counts: dict[str, dict[Severity, int]] = {}
    for f in report.findings:
        if f.outcome.is_gap:
            per = counts.setdefault(f.rule_id, {})
            per[f.severity] = per.get(f.severity, 0) + 1
    order = sorted(counts, key=lambda r: (-sum(counts[r].values()), r))
    peak = max((sum(c.values()) for c in counts.values()), default=0)
    chart = Chart(
        id="chart-gaps",
        title=cat.t("report_doc.chart_gaps_title"),
        desc=cat.t("report_doc.chart_gaps_desc"),
        height=0,
        empty="" if counts else cat.t("report_doc.chart_gaps_none"),
    )
    y = float(TOP)
    for rule_id in order:
        total = sum(counts[rule_id].values())
        bar = Bar(
            y=y,
            label=rule_id,
            value=str(total),
            value_x=LABEL_WIDTH + BAR_AREA * total / peak + 6,
            title=f"{rule_id}: {total}",
        )
        x = float(LABEL_WIDTH)
        for sev in SEVERITIES:
            n = counts[rule_id].get(sev, 0)
            if not n:
                continue
            width = BAR_AREA * n / peak
            title = cat.t(
                "report_doc.chart_gaps_bar",
                rule=rule_id,
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


def _share_chart(report: Report, cat: Catalog, columns: list[Question]) -> Chart:
    """Per agency (and in total when there are several): share of systems passing each check.

    Counts come from ``common.rollup`` so every format agrees: a system counts when the check
    applies to it (not ``not_applicable``/``not_in_force``), and passes on pass or waived.
    """
    checks = [c for c in ROLLUP_COLUMNS if c in columns]
    groups = rollup(report)
    if len(groups) == 2:  # one agency: its row equals the total
        groups = groups[:1]
    chart = Chart(
        id="chart-share",
        title=cat.t("report_doc.chart_share_title"),
        desc=cat.t("report_doc.chart_share_desc"),
        height=0,
        empty="" if report.rows and checks else cat.t("report_doc.chart_share_none"),
    )
    if chart.empty:
        return chart
    y = float(TOP)
    for group in groups:
        if group["agency_id"] == "*":
            agency = cat.t("scan.rollup_total")
        else:
            agency = one_line(group["agency_name"] or group["agency_id"])
        chart.groups.append((y + 12, _short(agency, 90)))
        y += 22
        for check in checks:
            passed = group[check]["passing"]
            applicable = group[check]["applicable"]
            long_name = cat.t(f"question_long.{check}")
            width = 0.0
            if applicable:
                percent = round(100 * passed / applicable)
                numbers = {"passed": passed, "applicable": applicable, "percent": percent}
                value = cat.t("report_doc.chart_share_value", **numbers)
                title = cat.t(
                    "report_doc.chart_share_bar", agency=agency, check=long_name, **numbers
                )
                width = BAR_AREA * passed / applicable
            else:
                value = cat.t("report_doc.chart_share_na")
                title = f"{agency}, {long_name}: {value}"
            bar = Bar(
                y=y,
                label=cat.t(f"question.{check}"),
                value=value,
                value_x=LABEL_WIDTH + BAR_AREA + 6,
                title=title,
                track=True,
            )
            if width:
                bar.segments.append(Segment(LABEL_WIDTH, round(width, 2), "share-pass", title))
            chart.bars.append(bar)
            y += ROW_STEP
        y += 8
    chart.height = y
    return chart
