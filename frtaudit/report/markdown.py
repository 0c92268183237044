"""Markdown report (GitHub-flavoured), answers first: the four questions, what to fix first, one
matrix by question, findings per system; within a pull-request comment's size by default.

Safe to paste into a pull-request comment: every inventory text is made one line and printable
(``one_line``), then each character Markdown could read as markup is backslash-escaped, so a
system named ``| a | b`` or ``[x](javascript:...)`` keeps the table shape and shows literally.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TextIO

from frtaudit.i18n import Catalog, catalog
from frtaudit.i18n.text import one_line
from frtaudit.model import Finding, Outcome, Report, Rule
from frtaudit.report.common import (
    ROLLUP_COLUMNS,
    SYMBOLS,
    attestation_lines,
    citations,
    message,
    rollup,
    summary_params,
)
from frtaudit.report.overview import (
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


#: GitHub's limit for a pull-request comment, in characters; the default report stays within it.
LIMIT = 65_536
#: Systems named per line (critical systems, fleet members).
NAMED = 10


def render(report: Report, out: TextIO) -> None:
    """Write the Markdown report to ``out``.

    Answers first: the verdict and the four questions, what to fix first, one matrix by question,
    then the findings per system and the inventories. By default the report fits a pull-request
    comment (LIMIT characters) and ends by saying how much more the full report has; with
    ``render_options["details"]`` it is complete.
    """
    cat = catalog(report.lang)
    ov = build(report)
    blocks: list[list[str]] = []
    _header(blocks, cat, report, ov)
    _fix_first(blocks, cat, report, ov)
    _matrix(blocks, cat, report, ov)
    _details(blocks, cat, report, ov)
    end: list[str] = []
    _inventories(end, cat, report)
    _rollup(end, cat, report)
    _baseline(end, cat, report)
    blocks.append(end)
    if report.render_options.get("details"):
        out.write("\n".join(line for block in blocks for line in block) + "\n")
        return
    out.write(_fit(blocks, cat, LIMIT))


def _fit(blocks: list[list[str]], cat: Catalog, limit: int) -> str:
    """The blocks that fit in ``limit`` characters, then how many lines were left out."""
    lines = [line for block in blocks for line in block]
    text = "\n".join(lines) + "\n"
    if len(text) <= limit:
        return text
    kept: list[str] = []
    size = 0
    reserve = 400  # the closing line, whatever the count
    for n, line in enumerate(lines):
        if size + len(line) + 1 > limit - reserve:
            rest = len(lines) - n
            closing = escape(cat.t("overview.more_in_report", count=rest))
            return "\n".join([*kept, "", "---", "", f"**{closing}**"]) + "\n"
        kept.append(line)
        size += len(line) + 1
    return text  # pragma: no cover - the loop returns


def _header(blocks: list[list[str]], cat: Catalog, report: Report, ov: Overview) -> None:
    lines = [f"# {escape(cat.t('report_doc.title'))}", ""]
    meta = cat.t(
        "report_doc.generated_by",
        tool_version=report.tool_version,
        rules_version=report.rules_version,
        profiles=", ".join(report.profiles),
        fail_on=cat.t("severity." + report.fail_on.label),
        as_of=report.as_of.isoformat(),
    )
    lines.append(escape(meta))
    stamp = rendered_at(report)
    if stamp:
        lines[-1] += "  "
        lines.append(escape(cat.t("report_doc.generated_at", timestamp=stamp)))
    params = summary_params(report, cat)
    fail_on = cat.t("severity." + report.fail_on.label)
    if params["gates"]:
        verdict = cat.t("overview.verdict", gates=params["gates"], fail_on=fail_on)
    else:
        verdict = cat.t("overview.verdict_ok", fail_on=fail_on)
    lines += ["", f"## {escape(cat.t('overview.answers_title'))}", ""]
    lines.append(f"**{escape(verdict)}**  ")
    lines.append(escape(cat.t("scan.summary", **params)))
    if report.deferred:
        lines += ["", escape(cat.t("scan.deferred", count=report.deferred))]
    lines.append("")
    undeclared = any(t.undeclared for t in ov.tallies)
    head = [cat.t("overview.col_question")] + [
        f"{SYMBOLS[o]} {cat.t('outcome.' + o.value)}"
        for o in (Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN)
    ]
    if undeclared:
        head.append(cat.t("overview.frt_unknown"))
    lines.append(_row(escape(h) for h in head))
    lines.append("|---|" + "--:|" * (len(head) - 1))
    for t in ov.tallies:
        label, long = question_label(cat, t.question), question_long(cat, t.question)
        cells = [f"**{escape(label)}**: {escape(long)}"]
        cells += [str(t.frt.get(k, 0)) for k in ("pass", "fail", "unknown")]
        if undeclared:
            u = t.undeclared
            fail, unknown = SYMBOLS[Outcome.FAIL], SYMBOLS[Outcome.UNKNOWN]
            pair = f"{fail} {u.get('fail', 0)} · {unknown} {u.get('unknown', 0)}"
            cells.append(escape(pair) if u else "–")
        lines.append(_row(cells))
    frt = sum(ov.tallies[0].frt.values()) if ov.tallies else 0
    lines += [
        "",
        escape(cat.t("overview.tally_frt", total=frt) if frt else cat.t("overview.tally_none")),
    ]
    lines.append("")
    if ov.critical:
        named = [escape(system_name(cat, report.rows[n])) for n in ov.critical[:NAMED]]
        text = f"**{escape(cat.t('overview.critical_title', count=len(ov.critical)))}**: "
        text += ", ".join(named)
        if len(ov.critical) > len(named):
            text += " " + escape(
                cat.t("overview.critical_more", count=len(ov.critical) - len(named))
            )
        lines.append(text)
    else:
        lines.append(escape(cat.t("overview.critical_none")))
    blocks.append(lines)


def _fix_first(blocks: list[list[str]], cat: Catalog, report: Report, ov: Overview) -> None:
    lines = ["", f"## {escape(cat.t('overview.fix_title'))}", ""]
    if not ov.gaps:
        blocks.append([*lines, escape(cat.t("overview.fix_none"))])
        return
    lines.append(escape(cat.t("overview.fix_intro")))
    blocks.append(lines)
    for number, group in enumerate(ov.gaps, 1):
        g = group.gap
        title = escape(gap_title(cat, g))
        head = (
            f"{number}. **{escape(cat.t('severity.' + g.severity.label))}** · "
            f"{escape(question_label(cat, g.question))}: **{title}**"
            f" — {escape(cat.t('overview.fix_systems', count=len(group.systems)))}"
        )
        if group.new:
            head += f" · **{escape(cat.t('overview.fix_new', count=group.new))}**"
        if g.advisory:
            head += f" ({escape(cat.t('scan.advisory'))})"
        gap = ["", head]
        rules = ", ".join(
            f"`{r}`" if re.fullmatch(r"[A-Za-z0-9-]+", r) else escape(r) for r in g.rule_ids
        )
        gap.append(f"   {escape(cat.t('overview.fix_rules'))}: {rules}  ")
        gap.append(f"   {escape(cat.t('overview.fix_how'))}: {escape(gap_fix(cat, g))}")
        blocks.append(gap)


def _matrix(blocks: list[list[str]], cat: Catalog, report: Report, ov: Overview) -> None:
    if not report.rows:
        return
    lines = ["", f"## {escape(cat.t('overview.matrix_title'))}", ""]
    counted = any(f.size > 1 for f in ov.fleets)
    head = [cat.t("overview.col_agency"), cat.t("scan.col_system")]
    if counted:
        head.append(cat.t("overview.col_count"))
    head += [cat.t("scan.col_frt")] + [question_label(cat, q) for q in ov.questions]
    lines.append(_row(escape(h) for h in head))
    lines.append("|---|---|" + ("--:|" if counted else "") + ":-:|" * (len(ov.questions) + 1))
    blocks.append(lines)
    for fleet in ov.fleets:
        n = fleet.rows[0]
        row = report.rows[n]
        mine = fleet.cells
        cells = [escape(agency_name(cat, report, fleet.inventory)), escape(row.system_id)]
        if counted:
            cells.append(str(fleet.size))
        cells.append(FRT_SYMBOL.get(row.frt, "?"))
        for q in ov.questions:
            outcome = mine.get(q)
            cells.append(" " if outcome is None else SYMBOLS[outcome])
        blocks.append([_row(cells)])
    legend = " · ".join(
        f"{SYMBOLS[o]} {cat.t('outcome.' + o.value)}: {cat.t('overview.symbol.' + o.value)}"
        for o in Outcome
    )
    frt = " · ".join(
        f"{sym} {cat.t('overview.' + key)}"
        for sym, key in (("●", "frt_yes"), ("○", "frt_no"), ("?", "frt_unknown"))
    )
    blocks.append(["", escape(legend) + "  ", escape(frt)])


def _details(blocks: list[list[str]], cat: Catalog, report: Report, ov: Overview) -> None:
    blocks.append(["", f"## {escape(cat.t('overview.details_title'))}"])
    shown = False
    status = report.baseline.status if report.baseline else {}
    for fleet in ov.fleets:
        n = fleet.rows[0]
        row = report.rows[n]
        if not row.kept:
            continue
        shown = True
        title = cat.t("report_doc.system_heading", system=row.system_id, name=system_name(cat, row))
        if row.line is not None:
            title += f" ({cat.t('scan.line')} {row.line})"
        lines = ["", f"### {escape(title)}", ""]
        if fleet.size > 1:
            named = fleet.size if report.render_options.get("details") else NAMED + 1
            members = ", ".join(escape(report.rows[m].system_id) for m in fleet.rows[1:named])
            more = fleet.size - len(fleet.rows[1:named]) - 1
            text = escape(cat.t("overview.fleet", count=fleet.size)) + ": " + members
            if more:
                text += " " + escape(cat.t("overview.critical_more", count=more))
            lines += [text, ""]
        for gap in row.gaps:  # one gap per cause, with the rules behind it
            ids = ", ".join(f"`{r}`" for r in gap.rule_ids if re.fullmatch(r"[A-Za-z0-9-]+", r))
            what = f"{escape(question_label(cat, gap.question))}: {escape(gap_title(cat, gap))}"
            severity = escape(cat.t("severity." + gap.severity.label))
            lines.append(f"- **{severity}** · {what} ({ids})")
        if row.gaps:
            lines.append("")
        _findings(lines, cat, ov.findings(report, n), ov.rules, status)
        blocks.append(lines)
    if not shown:
        blocks.append(["", escape(cat.t("scan.no_findings"))])


def _inventories(lines: list[str], cat: Catalog, report: Report) -> None:
    if not report.inventories:
        return
    lines += ["", f"## {escape(cat.t('overview.inventories_title'))}", ""]
    keys = ("inventory", "agency", "country", "systems", "frt_systems", "sha256")
    lines.append(_row(escape(cat.t(f"report_doc.col_{k}")) for k in keys))
    lines.append("|---|---|---|--:|--:|---|")
    for n, info in enumerate(report.inventories):
        cells = [
            escape(info.path),
            escape(agency_name(cat, report, n)),
            escape(info.country),
            str(info.systems),
            str(info.frt_systems),
            f"`{info.sha256}`" if re.fullmatch(r"[0-9a-f]*", info.sha256) else "",
        ]
        lines.append(_row(cells))
    for line in attestation_lines(cat, report):
        lines += ["", escape(line)]
    lines += ["", f"{escape(cat.t('report_doc.rules_hash'))}: `{report.rules_hash}`"]
    passed = cat.t(
        "overview.passed_text",
        **{"pass": report.counts.get("pass", 0), "na": report.counts.get("not_applicable", 0)},
    )
    lines += ["", f"**{escape(cat.t('overview.passed_title'))}**: {escape(passed)}"]


def _share(cell: dict[str, int]) -> str:
    return f"{cell['passing']}/{cell['applicable']}" if cell["applicable"] else "–"


def _rollup(lines: list[str], cat: Catalog, report: Report) -> None:
    """Roll-up by agency (only when the scan covers several agencies)."""
    rows = rollup(report)
    if len(rows) <= 2:
        return
    lines += ["", f"### {escape(cat.t('scan.rollup_title'))}", ""]
    head = [cat.t("scan.rollup_agency"), cat.t("scan.rollup_systems"), cat.t("scan.rollup_frt")]
    head += [question_label(cat, c) for c in ROLLUP_COLUMNS] + [cat.t("scan.rollup_gaps")]
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


def _findings(
    lines: list[str],
    cat: Catalog,
    group: list[Finding],
    rules: dict[str, Rule],
    status: Mapping[str, str],
) -> None:
    keys = ("scan.col_rule", "scan.col_severity", "scan.col_outcome", "scan.col_message")
    head = [cat.t(k) for k in keys]
    head += [cat.t("report_doc.col_reference"), cat.t("report_doc.col_waiver")]
    lines.append(_row(escape(h) for h in head))
    lines.append("|---" * len(head) + "|")
    none = cat.t("report_doc.none")
    for f in group:
        text = localized_message(cat, f) or rule_title(cat, f.rule_id) or none
        if status.get(f.fingerprint) == "new":
            text += " — " + cat.t("scan.baseline_new")
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
            (f"`{f.rule_id}` " if re.fullmatch(r"[A-Za-z0-9-]+", f.rule_id) else "")
            + escape(rule_title(cat, f.rule_id)),
            escape(cat.t(f"severity.{f.severity.label}")),
            f"{SYMBOLS[f.outcome]} {escape(cat.t(f'outcome.{f.outcome.value}'))}",
            escape(text),
            escape(cites[0] if cites else none),
            escape(waiver),
        ]
        lines.append(_row(cells))


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"
