"""Terminal report, answers first (issue 14): the verdict and the four questions, the systems
with critical gaps, one matrix of systems by question; then, for up to SMALL_INVENTORY systems
(or with ``--details``), every finding grouped by system, else the gaps grouped by cause and the
worst systems.

Built from ``rich.text.Text`` objects, never markup strings, so inventory text such as
``[bold red]`` prints literally; control characters (ANSI escapes) are made visible first.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from frtaudit.i18n import Catalog, catalog
from frtaudit.i18n.text import one_line
from frtaudit.model import HEADLINE_QUESTIONS, Finding, Fleet, Outcome, Report, Rule, Severity
from frtaudit.report.common import (
    ROLLUP_COLUMNS,
    SYMBOLS,
    attestation_lines,
    finding_fingerprint,
    rollup,
    summary_params,
)
from frtaudit.report.overview import (
    SMALL_INVENTORY,
    Overview,
    agency_name,
    build,
    gap_title,
    localized_message,
    question_label,
    system_name,
    worst,
)

#: Rows of the matrix (systems, or fleets of alike systems) shown; the json report has them all.
MATRIX_ROWS = 40
#: Gaps of "what to fix first" and systems of "worst systems" shown for a large inventory.
FIX_SHOWN = 12
WORST_SHOWN = 10
#: Systems named in the line of systems with critical gaps.
CRITICAL_NAMED = 5
SEVERITIES = sorted(Severity, reverse=True)

STYLE = {
    Outcome.PASS: "green",
    Outcome.FAIL: "bold red",
    Outcome.UNKNOWN: "yellow",
    Outcome.NOT_APPLICABLE: "dim",
    Outcome.NEEDS_REVIEW: "cyan",
    Outcome.WAIVED: "magenta",
    Outcome.NOT_IN_FORCE: "dim",
}
SEVERITY_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "blue",
}


_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


def make_console(out: TextIO) -> Console:
    """A console on ``out``; Rich honours NO_COLOR, FORCE_COLOR and COLUMNS."""
    return Console(file=out, highlight=False, emoji=False, markup=False, soft_wrap=False)


@contextmanager
def trimmed_console(out: TextIO) -> Iterator[Console]:
    """A console like ``make_console(out)`` whose lines reach ``out`` without trailing blanks."""
    probe = make_console(out)
    buffer = io.StringIO()
    con = Console(
        file=buffer,
        width=probe.width,
        force_terminal=probe.is_terminal,
        color_system=probe.color_system,  # type: ignore[arg-type]
        no_color=probe.no_color,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
    yield con
    out.write(_TRAILING.sub(r"\1", buffer.getvalue()))


def render(report: Report, out: TextIO) -> None:
    """Write the terminal report to ``out``."""
    with trimmed_console(out) as con:
        _render(report, con)


def _render(report: Report, con: Console) -> None:
    cat = catalog(report.lang)
    ov = build(report)
    large = len(report.rows) > SMALL_INVENTORY
    details = bool(report.render_options.get("details"))
    params = summary_params(report, cat)

    _answers(con, cat, report, ov, params)
    _matrix(con, cat, report, ov, any(f.size > 1 for f in ov.fleets))
    if large and not details:
        _fix_first(con, cat, report, ov)
        _worst(con, cat, report, ov)
        results = sum(1 for row in report.rows for r in row.kept)
        note = cat.t("overview.grouped_note", systems=len(report.rows), results=results)
        con.print(Text(note, style="dim"))
        con.print()
    else:
        _all_findings(con, cat, report, ov)
    _rollup(con, cat, report)
    _baseline(con, cat, report)
    con.print(Text(cat.t("scan.summary", **params), style="bold"))
    if report.deferred:
        con.print(Text(cat.t("scan.deferred", count=report.deferred), style="dim"))


def _answers(
    con: Console, cat: Catalog, report: Report, ov: Overview, params: dict[str, object]
) -> None:
    """The verdict, the four questions with their tallies and the systems with critical gaps."""
    fail_on = cat.t("severity." + report.fail_on.label)
    if params["gates"]:
        verdict = cat.t("overview.verdict", gates=params["gates"], fail_on=fail_on)
    else:
        verdict = cat.t("overview.verdict_ok", fail_on=fail_on)
    con.print(Text(cat.t("report_doc.title") + f" ({report.as_of.isoformat()})", style="bold"))
    con.print(Text(verdict, style="bold red" if params["gates"] else "bold green"))
    for n, info in enumerate(report.inventories):
        header = cat.t(
            "scan.header",
            agency=one_line(agency_name(cat, report, n)),
            systems=info.systems,
            frt=info.frt_systems,
            as_of=report.as_of.isoformat(),
        )
        con.print(Text(header))
        con.print(Text(cat.t("scan.source", path=one_line(info.path)), style="dim"))
    for line in attestation_lines(cat, report):
        con.print(Text(one_line(line)))
    con.print()
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(cat.t("overview.answers_title"), overflow="fold", ratio=1)
    for key, style in (("pass", "green"), ("fail", "bold red"), ("unknown", "yellow")):
        table.add_column(cat.t(f"outcome.{key}"), justify="right", no_wrap=True, style=style)
    undeclared = any(t.undeclared for t in ov.tallies)
    if undeclared:
        table.add_column(cat.t("overview.frt_unknown"), justify="right", overflow="fold")
    for t in ov.tallies:
        cells = [Text(question_label(cat, t.question))]
        cells += [Text(str(t.frt.get(k, 0))) for k in ("pass", "fail", "unknown")]
        if undeclared:
            u = t.undeclared
            cells.append(Text(f"{u.get('fail', 0)}✗ {u.get('unknown', 0)}?" if u else "–"))
        table.add_row(*cells)
    con.print(table)
    frt = sum(ov.tallies[0].frt.values()) if ov.tallies else 0
    und = sum(ov.tallies[0].undeclared.values()) if ov.tallies else 0
    line = cat.t("overview.tally_frt", total=frt) if frt else cat.t("overview.tally_none")
    if und:
        line += "; " + cat.t(
            "overview.tally_undeclared",
            count=und,
            fail=ov.tallies[3].undeclared.get("fail", 0),
            unknown=ov.tallies[3].undeclared.get("unknown", 0),
        )
    con.print(Text(line, style="dim"))
    con.print()
    if ov.critical:
        named = [one_line(system_name(cat, report.rows[n])) for n in ov.critical[:CRITICAL_NAMED]]
        text = Text(cat.t("overview.critical_title", count=len(ov.critical)), style="bold red")
        text.append(": " + ", ".join(named))
        if len(ov.critical) > len(named):
            text.append(" " + cat.t("overview.critical_more", count=len(ov.critical) - len(named)))
        con.print(text)
    else:
        con.print(Text(cat.t("overview.critical_none"), style="green"))
    con.print()


def _matrix(con: Console, cat: Catalog, report: Report, ov: Overview, counted: bool) -> None:
    """One matrix across agencies: the four questions, the worst of the others; fleets once."""
    if not report.rows:
        return
    others = [q for q in ov.questions if not q.headline]
    con.print(Text(cat.t("overview.matrix_title"), style="bold"))
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(cat.t("scan.col_system"), overflow="fold", ratio=1)
    if counted:
        table.add_column("#", justify="right", no_wrap=True)
    table.add_column(cat.t("scan.col_frt"), justify="center", no_wrap=True)
    for q in HEADLINE_QUESTIONS:
        table.add_column(
            cat.t(f"overview.question_short.{q.value}"), justify="center", no_wrap=True
        )
    if others:
        table.add_column(cat.t("overview.question_short.other"), justify="center", no_wrap=True)
    shown = 0
    last_inventory = -1
    several = len(report.inventories) > 1
    for fleet in ov.fleets:
        if shown >= MATRIX_ROWS:
            break
        n = fleet.rows[0]
        row = report.rows[n]
        if several and fleet.inventory != last_inventory:
            name = one_line(agency_name(cat, report, fleet.inventory))
            table.add_row(Text(name, style="bold underline"))
            last_inventory = fleet.inventory
        mine = fleet.cells
        label = Text(one_line(row.system_id))
        cells: list[Text] = [label]
        if counted:
            cells.append(Text(str(fleet.size)))
        cells.append(Text({"true": "●", "false": "○"}.get(row.frt, "?")))
        cells.extend(_symbol(mine.get(q)) for q in HEADLINE_QUESTIONS)
        if others:
            cells.append(_symbol(worst([mine[q] for q in others if q in mine])))
        table.add_row(*cells)
        shown += 1
    con.print(table)
    if len(ov.fleets) > shown:
        con.print(Text(cat.t("scan.more_rows", count=len(ov.fleets) - shown)))
    legend = "  ".join(f"{SYMBOLS[o]} {cat.t('outcome.' + o.value)}" for o in Outcome)
    con.print(Text(legend + "  ● " + cat.t("overview.frt_yes"), style="dim"))
    if counted:
        con.print(Text("# " + cat.t("overview.col_count"), style="dim"))
    con.print()


def _symbol(outcome: Outcome | None) -> Text:
    if outcome is None:
        return Text(" ")
    return Text(SYMBOLS[outcome], style=STYLE[outcome])


def _fix_first(con: Console, cat: Catalog, report: Report, ov: Overview) -> None:
    con.print(Text(cat.t("overview.fix_title"), style="bold"))
    if not ov.gaps:
        con.print(Text(cat.t("overview.fix_none")))
        con.print()
        return
    for number, group in enumerate(ov.gaps[:FIX_SHOWN], 1):
        g = group.gap
        line = Text(f"{number:>2}. ")
        line.append(cat.t(f"severity.{g.severity.label}"), style=SEVERITY_STYLE[g.severity])
        line.append(" " + question_label(cat, g.question) + ": ", style="bold")
        line.append(one_line(gap_title(cat, g)))
        line.append(" — " + cat.t("overview.fix_systems", count=len(group.systems)), style="bold")
        if group.new:
            line.append(
                " [" + cat.t("overview.fix_new", count=group.new) + "]", style="bold yellow"
            )
        if g.advisory:
            line.append(" (" + cat.t("scan.advisory") + ")", style="dim")
        con.print(line)
        con.print(Padding(Text(", ".join(g.rule_ids), style="dim"), (0, 0, 0, 4), expand=False))
    if len(ov.gaps) > FIX_SHOWN:
        more = cat.t("overview.fix_more", count=len(ov.gaps) - FIX_SHOWN)
        con.print(Text(more, style="dim"))
    con.print()


def _worst(con: Console, cat: Catalog, report: Report, ov: Overview) -> None:
    """The systems with the most severe gaps; alike systems once, with their number."""

    def score(fleet: Fleet) -> tuple[int, ...]:
        gaps = report.rows[fleet.rows[0]].gap_counts
        return tuple(-gaps.get(s.label, 0) for s in SEVERITIES)

    ranked = sorted((f for f in ov.fleets if report.rows[f.rows[0]].gap_counts), key=score)
    if not ranked:
        return
    con.print(Text(cat.t("overview.worst_title"), style="bold"))
    for fleet in ranked[:WORST_SHOWN]:
        row = report.rows[fleet.rows[0]]
        counted = row.gap_counts
        line = Text("  " + one_line(row.system_id), style="bold")
        line.append(" " + one_line(system_name(cat, row)))
        counts = " ".join(
            f"{counted.get(s.label, 0)} {cat.t('severity.' + s.label)}"
            for s in SEVERITIES
            if counted.get(s.label)
        )
        line.append("  " + counts, style="red")
        if fleet.size > 1:
            line.append(" (" + cat.t("overview.fleet", count=fleet.size) + ")", style="dim")
        con.print(line)
    rest = sum(f.size for f in ranked[WORST_SHOWN:])
    if rest:
        con.print(Text(cat.t("overview.worst_more", count=rest), style="dim"))
    con.print()


def _all_findings(con: Console, cat: Catalog, report: Report, ov: Overview) -> None:
    status = report.baseline.status if report.baseline else {}
    for n, row in enumerate(report.rows):
        if not row.kept:
            continue
        title = Text(one_line(row.system_id), style="bold")
        title.append(" " + one_line(system_name(cat, row)))
        if row.line is not None:
            title.append(f"  ({cat.t('scan.line')} {row.line})", style="dim")
        con.print(title)
        findings = {f.rule_id: f for f in ov.findings(report, n)}
        listed: set[str] = set()
        for gap in row.gaps:  # one gap per cause, with the rule results behind it
            head = Text("  ")
            head.append(SYMBOLS[gap.outcome], style=STYLE[gap.outcome])
            head.append(" ")
            head.append(cat.t(f"severity.{gap.severity.label}"), style=SEVERITY_STYLE[gap.severity])
            head.append(" " + question_label(cat, gap.question) + ": ", style="bold")
            head.append(one_line(gap_title(cat, gap)), style="bold")
            if gap.advisory:
                head.append(" (" + cat.t("scan.advisory") + ")", style="dim")
            con.print(head)
            for r in gap.results:
                f = findings.get(r.rule_id)
                if f is None or r.rule_id in listed:
                    continue
                listed.add(r.rule_id)
                new = status.get(finding_fingerprint(f)) == "new" if status else False
                _finding(con, cat, f, ov.rules[f.rule_id], new, indent=4)
        for f in findings.values():  # results outside any gap: review, waived, not in force ...
            if f.rule_id not in listed:
                new = status.get(finding_fingerprint(f)) == "new" if status else False
                _finding(con, cat, f, ov.rules[f.rule_id], new)
        con.print()


def _share(cell: dict[str, int]) -> str:
    if not cell["applicable"]:
        return "–"
    return f"{cell['passing']}/{cell['applicable']}"


def _rollup(con: Console, cat: Catalog, report: Report) -> None:
    """Roll-up by agency when the scan covers more than one."""
    rows = rollup(report)
    if len(rows) <= 2:  # one agency plus the total row: the header already says it all
        return
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(cat.t("scan.rollup_agency"), overflow="fold", ratio=1)
    for key in ("rollup_systems", "rollup_frt"):
        table.add_column(cat.t(f"scan.{key}"), justify="right", no_wrap=True)
    for col in ROLLUP_COLUMNS:
        label = cat.t(f"overview.question_short.{col.value}")
        table.add_column(label, justify="right", no_wrap=True)
    table.add_column(cat.t("scan.rollup_gaps"), justify="right", no_wrap=True)
    for row in rows:
        name = cat.t("scan.rollup_total") if row["agency_id"] == "*" else row["agency_name"]
        gaps = row["gaps"]
        table.add_row(
            Text(one_line(name), style="bold" if row["agency_id"] == "*" else ""),
            Text(str(row["systems"])),
            Text(str(row["frt_systems"])),
            *(Text(_share(row[c])) for c in ROLLUP_COLUMNS),
            Text(f"{gaps['critical']}/{gaps['high']}/{gaps['medium']}/{gaps['low']}"),
        )
    con.print(Text(cat.t("scan.rollup_title"), style="bold"))
    con.print(table)
    con.print()


def _baseline(con: Console, cat: Catalog, report: Report) -> None:
    b = report.baseline
    if b is None:
        return
    con.print(
        Text(
            cat.t(
                "scan.baseline_summary",
                path=one_line(b.path),
                new=b.new,
                existing=len(b.status) - b.new,
                resolved=len(b.resolved),
            ),
            style="bold",
        )
    )
    if b.resolved:
        con.print(Text(cat.t("scan.resolved_title", count=len(b.resolved))))
        for item in b.resolved:
            text = f"  ✓ {item['rule_id']} {item['agency']}/{item['system_id']}"
            con.print(Text(one_line(text), style="green"))
    con.print()


def _finding(
    con: Console, cat: Catalog, f: Finding, rule: Rule, new: bool = False, indent: int = 2
) -> None:
    line = Text(" " * indent)
    pad = (0, 0, 0, indent + 4)
    line.append(SYMBOLS[f.outcome], style=STYLE[f.outcome])
    line.append(" ")
    line.append(f.rule_id, style="bold")
    line.append(" ")
    line.append(cat.t(f"severity.{f.severity.label}"), style=SEVERITY_STYLE[f.severity])
    line.append(" " + cat.t(f"outcome.{f.outcome.value}"), style=STYLE[f.outcome])
    if new:
        line.append(" [" + cat.t("scan.baseline_new") + "]", style="bold yellow")
    con.print(line)
    con.print(Padding(Text(one_line(localized_message(cat, f))), pad, expand=False))
    if f.waiver is not None:
        w = f.waiver
        text = cat.t(
            "scan.waived_by",
            granted_by=one_line(w.granted_by),
            authority_kind=cat.t("authority_kind." + w.authority_kind),
            instrument=one_line(w.instrument),
            expires_on=w.expires_on,
            justification=one_line(w.justification),
        )
        con.print(Padding(Text(text, style="magenta"), pad, expand=False))
    if f.advisory:
        con.print(Padding(Text(cat.t("scan.advisory"), style="dim"), pad, expand=False))
    if rule.citations:
        c = rule.citations[0]
        cite = "↳ " + cat.citation(c.source, c.pinpoint, short=True)
        con.print(Padding(Text(cite, style="dim"), pad, expand=False))
