"""Terminal report: per inventory a header and gap matrix, then findings grouped by system.

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
from frtaudit.model import Finding, Outcome, Report, Rule, Severity
from frtaudit.report.common import (
    ROLLUP_COLUMNS,
    SYMBOLS,
    finding_fingerprint,
    findings_by_system,
    headline_rule,
    headlines_in,
    message,
    rollup,
    rows_by_inventory,
    summary_params,
)

#: Rows of the gap matrix shown per inventory; the findings list is never cut.
MATRIX_ROWS = 200

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
    rules = {r.id: r for r in report.rules}
    columns = headlines_in(report)
    feeding = headline_rule(report)
    grouped = dict(findings_by_system(report))
    rows_by_inv = rows_by_inventory(report)

    for inv_index, info in enumerate(report.inventories):
        header = cat.t(
            "scan.header",
            agency=one_line(info.agency_name),
            systems=info.systems,
            frt=info.frt_systems,
            as_of=report.as_of.isoformat(),
        )
        con.print(Text(header, style="bold"))
        con.print(Text(cat.t("scan.source", path=one_line(info.path)), style="dim"))
        row_ids = rows_by_inv.get(inv_index, [])
        if row_ids and columns:
            table = Table(
                title=None, show_edge=False, pad_edge=False, box=None, header_style="bold"
            )
            table.add_column(cat.t("scan.col_system"), overflow="fold", ratio=1)
            table.add_column(cat.t("scan.col_frt"), justify="center", no_wrap=True)
            for col in columns:
                table.add_column(cat.t(f"question.{col}"), justify="center", no_wrap=True)
            for n in row_ids[:MATRIX_ROWS]:
                row = report.rows[n]
                cells: list[Text] = [
                    Text(one_line(row.system_id)),
                    Text({"true": "●", "false": "○", "unknown": "?"}[row.frt]),
                ]
                for col in columns:
                    outcome = row.cells.get(col)
                    if outcome is None:
                        cells.append(Text(" "))
                    else:
                        cells.append(Text(SYMBOLS[outcome], style=STYLE[outcome]))
                table.add_row(*cells)
            con.print()
            con.print(table)
            if len(row_ids) > MATRIX_ROWS:
                con.print(Text(cat.t("scan.more_rows", count=len(row_ids) - MATRIX_ROWS)))
            con.print(Text(cat.t("scan.legend"), style="dim"))
            for c in columns:
                con.print(Text(f"{cat.t('question.' + c)}: {feeding[c]}", style="dim"))
        con.print()
        for n in row_ids:
            row = report.rows[n]
            group = grouped.get((row.inventory, row.index))
            if not group:
                continue
            title = Text(one_line(row.system_id), style="bold")
            title.append(" " + one_line(row.name))
            if row.line is not None:
                title.append(f"  ({cat.t('scan.line')} {row.line})", style="dim")
            con.print(title)
            status = report.baseline.status if report.baseline else {}
            for f in sorted(group, key=lambda f: -f.severity):  # stable: rule order within
                new = status.get(finding_fingerprint(f)) == "new" if status else False
                _finding(con, cat, f, rules[f.rule_id], new)
            con.print()

    _rollup(con, cat, report)
    _baseline(con, cat, report)
    params = summary_params(report, cat)
    con.print(Text(cat.t("scan.summary", **params), style="bold"))
    if report.deferred:
        con.print(Text(cat.t("scan.deferred", count=report.deferred), style="dim"))


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
        table.add_column(cat.t(f"question.{col}"), justify="right", no_wrap=True)
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


def _finding(con: Console, cat: Catalog, f: Finding, rule: Rule, new: bool = False) -> None:
    line = Text("  ")
    line.append(SYMBOLS[f.outcome], style=STYLE[f.outcome])
    line.append(" ")
    line.append(f.rule_id, style="bold")
    line.append(" ")
    line.append(cat.t(f"severity.{f.severity.label}"), style=SEVERITY_STYLE[f.severity])
    line.append(" " + cat.t(f"outcome.{f.outcome.value}"), style=STYLE[f.outcome])
    if new:
        line.append(" [" + cat.t("scan.baseline_new") + "]", style="bold yellow")
    con.print(line)
    con.print(Padding(Text(one_line(message(cat, f))), (0, 0, 0, 6), expand=False))
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
        con.print(Padding(Text(text, style="magenta"), (0, 0, 0, 6), expand=False))
    if f.advisory:
        con.print(Padding(Text(cat.t("scan.advisory"), style="dim"), (0, 0, 0, 6), expand=False))
    if rule.citations:
        c = rule.citations[0]
        cite = "↳ " + cat.citation(c.source, c.pinpoint, short=True)
        con.print(Padding(Text(cite, style="dim"), (0, 0, 0, 6), expand=False))
