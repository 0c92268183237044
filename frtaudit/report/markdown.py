"""Markdown report (GitHub-flavoured): summary, gap matrix and findings grouped by system.

Safe to paste into a pull-request comment: every inventory text is made one line and printable
(``one_line``), then each character Markdown could read as markup is backslash-escaped, so a
system named ``| a | b`` or ``[x](javascript:...)`` keeps the table shape and shows literally.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO

from frtaudit.i18n import Catalog, catalog
from frtaudit.i18n.text import one_line
from frtaudit.model import Finding, Report, Rule
from frtaudit.report.common import (
    ROLLUP_COLUMNS,
    SYMBOLS,
    citations,
    findings_by_system,
    headline_rule,
    headlines_in,
    message,
    rollup,
    rows_by_inventory,
    summary_params,
)

#: Characters with an inline meaning in CommonMark/GFM: emphasis, code, links, HTML, entities,
#: table cells, strikethrough, maths, heading closers. Any ASCII punctuation may be escaped.
_MARKUP = re.compile(r"([\\`*_\[\]<>&|~!#$])")

FRT_SYMBOL = {"true": "●", "false": "○", "unknown": "?"}


def rendered_at(report: Report) -> str | None:
    """The render time asked for by ``render_options["timestamp"]`` as UTC ISO 8601, else None.

    A string or datetime is used as given (naive means UTC); ``True`` asks for the wall clock.
    Without the option no report carries a time, so the same input renders byte-identically.
    (Shared by the Markdown, HTML and OSCAL renderers; a candidate for report/common.py.)
    """
    value = report.render_options.get("timestamp")
    if not value:
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        moment = datetime.fromisoformat(value)
    else:
        moment = datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def escape(text: str) -> str:
    """Inline Markdown for untrusted text: one line, control characters shown, markup escaped."""
    return _MARKUP.sub(r"\\\1", one_line(text))


def finding_text(cat: Catalog, f: Finding) -> str:
    """The finding's message; a pass has none, so it shows the rule's title (compliant state)."""
    text = message(cat, f)
    if not text:
        title = cat.raw(f"rule.{f.rule_id}.title")
        text = title if isinstance(title, str) else ""
    return text


def render(report: Report, out: TextIO) -> None:
    """Write the Markdown report to ``out``."""
    cat = catalog(report.lang)
    lines: list[str] = []
    _header(lines, cat, report)
    rules = {r.id: r for r in report.rules}
    columns = headlines_in(report)
    feeding = headline_rule(report)
    grouped = dict(findings_by_system(report))
    rows_by_inv = rows_by_inventory(report)

    for inv_index, info in enumerate(report.inventories):
        header = cat.t(
            "scan.header",
            agency=info.agency_name,
            systems=info.systems,
            frt=info.frt_systems,
            as_of=report.as_of.isoformat(),
        )
        lines += ["", f"## {escape(header)}", ""]
        lines.append(escape(cat.t("scan.source", path=info.path)))
        row_ids = rows_by_inv.get(inv_index, [])
        if row_ids and columns:
            lines += ["", f"### {escape(cat.t('report_doc.gap_matrix'))}", ""]
            head = [cat.t("scan.col_system"), cat.t("scan.col_frt")]
            head += [cat.t(f"question.{c}") for c in columns]
            lines.append(_row(escape(h) for h in head))
            lines.append("|" + "---|" + ":-:|" * (len(columns) + 1))
            for n in row_ids:
                row = report.rows[n]
                cells = [escape(row.system_id), FRT_SYMBOL.get(row.frt, "?")]
                for col in columns:
                    outcome = row.cells.get(col)
                    cells.append(" " if outcome is None else SYMBOLS[outcome])
                lines.append(_row(cells))
            lines += ["", escape(cat.t("scan.legend")) + "  "]
            legend = " · ".join(f"{cat.t('question.' + c)} = {feeding[c]}" for c in columns)
            lines.append(escape(cat.t("report_doc.columns_legend") + ": " + legend) + "  ")
            lines.append(escape(cat.t("report_doc.frt_legend")))
        lines += ["", f"### {escape(cat.t('report_doc.findings'))}"]
        shown = False
        for n in row_ids:
            row = report.rows[n]
            group = grouped.get((row.inventory, row.index))
            if not group:
                continue
            shown = True
            title = cat.t("report_doc.system_heading", system=row.system_id, name=row.name)
            if row.line is not None:
                title += f" ({cat.t('scan.line')} {row.line})"
            lines += ["", f"#### {escape(title)}", ""]
            _findings(lines, cat, group, rules)
        if not shown:
            lines += ["", escape(cat.t("scan.no_findings"))]
    _rollup(lines, cat, report)
    _baseline(lines, cat, report)
    out.write("\n".join(lines) + "\n")


def _share(cell: dict[str, int]) -> str:
    return f"{cell['passing']}/{cell['applicable']}" if cell["applicable"] else "–"


def _rollup(lines: list[str], cat: Catalog, report: Report) -> None:
    """Roll-up by agency (only when the scan covers several agencies)."""
    rows = rollup(report)
    if len(rows) <= 2:
        return
    lines += ["", f"## {escape(cat.t('scan.rollup_title'))}", ""]
    head = [cat.t("scan.rollup_agency"), cat.t("scan.rollup_systems"), cat.t("scan.rollup_frt")]
    head += [cat.t(f"question.{c}") for c in ROLLUP_COLUMNS] + [cat.t("scan.rollup_gaps")]
    lines.append(_row(escape(h) for h in head))
    lines.append("|---|" + "--:|" * (len(head) - 1))
    for r in rows:
        name = cat.t("scan.rollup_total") if r["agency_id"] == "*" else r["agency_name"]
        g = r["gaps"]
        cells = [escape(name), str(r["systems"]), str(r["frt_systems"])]
        cells += [_share(r[c]) for c in ROLLUP_COLUMNS]
        cells.append(f"{g['critical']}/{g['high']}/{g['medium']}/{g['low']}")
        lines.append(_row(cells))


def _baseline(lines: list[str], cat: Catalog, report: Report) -> None:
    b = report.baseline
    if b is None:
        return
    summary = cat.t(
        "scan.baseline_summary",
        path=b.path,
        new=b.new,
        existing=len(b.status) - b.new,
        resolved=len(b.resolved),
    )
    lines += ["", f"## {escape(summary)}"]
    if b.resolved:
        lines += ["", f"### {escape(cat.t('scan.resolved_title', count=len(b.resolved)))}", ""]
        for item in b.resolved:
            lines.append(
                f"- {escape(item['rule_id'])} {escape(item['agency'])}/{escape(item['system_id'])}"
            )


def _header(lines: list[str], cat: Catalog, report: Report) -> None:
    lines += [f"# {escape(cat.t('report_doc.title'))}", ""]
    meta = cat.t(
        "report_doc.generated_by",
        tool_version=report.tool_version,
        rules_version=report.rules_version,
        profiles=", ".join(report.profiles),
        fail_on=cat.t("severity." + report.fail_on.label),
        as_of=report.as_of.isoformat(),
    )
    lines.append(escape(meta) + "  ")
    lines.append(f"{escape(cat.t('report_doc.rules_hash'))}: `{report.rules_hash}`")
    stamp = rendered_at(report)
    if stamp:
        lines[-1] += "  "
        lines.append(escape(cat.t("report_doc.generated_at", timestamp=stamp)))
    lines += ["", f"## {escape(cat.t('report_doc.summary'))}", ""]
    lines.append(f"**{escape(cat.t('scan.summary', **summary_params(report, cat)))}**")
    if report.deferred:
        lines += ["", escape(cat.t("scan.deferred", count=report.deferred))]
    if report.inventories:
        lines += ["", f"### {escape(cat.t('report_doc.inventories'))}", ""]
        keys = ("inventory", "agency", "country", "systems", "frt_systems", "sha256")
        lines.append(_row(escape(cat.t(f"report_doc.col_{k}")) for k in keys))
        lines.append("|---|---|---|--:|--:|---|")
        for info in report.inventories:
            cells = [
                escape(info.path),
                escape(info.agency_name),
                escape(info.country),
                str(info.systems),
                str(info.frt_systems),
                f"`{info.sha256}`" if re.fullmatch(r"[0-9a-f]*", info.sha256) else "",
            ]
            lines.append(_row(cells))


def _findings(lines: list[str], cat: Catalog, group: list[Finding], rules: dict[str, Rule]) -> None:
    keys = ("scan.col_rule", "scan.col_severity", "scan.col_outcome", "scan.col_message")
    head = [cat.t(k) for k in keys]
    head += [cat.t("report_doc.col_reference"), cat.t("report_doc.col_waiver")]
    lines.append(_row(escape(h) for h in head))
    lines.append("|---" * len(head) + "|")
    none = cat.t("report_doc.none")
    for f in group:
        text = finding_text(cat, f) or none
        if f.advisory:
            text += " — " + cat.t("scan.advisory")
        cites = citations(cat, rules[f.rule_id]) if f.rule_id in rules else []
        waiver = none
        if f.waiver is not None:
            w = f.waiver
            waiver = cat.t(
                "scan.waived_by",
                granted_by=w.granted_by,
                authority_kind=cat.t("authority_kind." + w.authority_kind),
                instrument=w.instrument,
                expires_on=w.expires_on,
                justification=w.justification,
            )
        cells = [
            f"`{f.rule_id}`" if re.fullmatch(r"[A-Za-z0-9-]+", f.rule_id) else escape(f.rule_id),
            escape(cat.t(f"severity.{f.severity.label}")),
            f"{SYMBOLS[f.outcome]} {escape(cat.t(f'outcome.{f.outcome.value}'))}",
            escape(text),
            escape(cites[0] if cites else none),
            escape(waiver),
        ]
        lines.append(_row(cells))


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"
