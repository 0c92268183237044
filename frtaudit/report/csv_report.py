"""CSV report: one row per gap of each system (and per other kept result), for spreadsheets.

A gap is one cause on one system: its row lists every rule it breaches, so the rows count gaps
as the other formats do. Results that are no gap (needs review, waived, not in force; pass and
not applicable with ``--include-passing``) get a row each, with an empty ``cause``.

RFC 4180 layout (comma separator, CRLF line ends, cells quoted when needed, newlines kept inside
quoted cells), UTF-8, with a byte-order mark only under ``--csv-bom`` (which Excel needs to read
Hangul correctly). Rows are in inventory and system order, a system's gaps most severe first,
then its other results in rule order.

Columns, fixed and in this order (the header row uses these identifiers in every language, so
that scripts can rely on them):

- ``inventory``: inventory file path, as given on the command line
- ``agency``: agency ID (``agency.id``)
- ``system_id``: system ID (``systems[].id``)
- ``system_name``: system name
- ``fleet``: number of the system's fleet (systems of one inventory with the same results; the
  ``id`` of the JSON report's ``fleets``)
- ``question``: the gap-matrix question (``legal``, ``assessment``, ``notice``, ``prohibited`` ...)
- ``cause``: the gap's cause ID (``rule:<ID>`` for a rule without a declared cause), empty for a
  result that is no gap
- ``title``: what is missing (the cause's title, or the rule's)
- ``severity``: ``low``, ``medium``, ``high`` or ``critical``
- ``outcome``: ``fail`` or ``unknown`` for a gap; ``needs_review``, ``waived`` or
  ``not_in_force``, with ``--include-passing`` also ``pass`` and ``not_applicable``
- ``advisory``: ``true`` when it never counts towards ``--fail-on``
- ``rule_ids``: the rules breached, separated by `` | ``
- ``message``: what was found, in the report's language (each distinct message once, one per line)
- ``field``: dotted paths of the fields at issue, separated by `` | ``
- ``line``: line of the system's table in the inventory, or empty when unknown
- ``citations``: the rules' references (``instrument, pinpoint``), separated by `` | ``; for
  results waiting on undeclared capabilities see ``frtaudit explain RULE``
- ``fingerprint``: stable identity (agency, system and cause or rule; never the line)
- ``waiver_justification``: justification of the exception that waived the result, or empty
- ``waiver_expires_on``: expiry date of that exception (``YYYY-MM-DD``), or empty

Inventory text is untrusted. Against formula injection (CSV injection), a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single quote, so
spreadsheets show it as text; control characters (ESC, NUL, bidi overrides ...) are shown as
``\\xNN`` escapes. Codes (``severity``, ``outcome``) stay machine-readable, untranslated.
"""

from __future__ import annotations

import csv
from typing import TextIO

from frtaudit.i18n import Catalog, catalog
from frtaudit.i18n.text import printable
from frtaudit.model import Gap, Report, Result, fingerprint
from frtaudit.report.common import cause_title, citations, result_message

COLUMNS = (
    "inventory",
    "agency",
    "system_id",
    "system_name",
    "fleet",
    "question",
    "cause",
    "title",
    "severity",
    "outcome",
    "advisory",
    "rule_ids",
    "message",
    "field",
    "line",
    "citations",
    "fingerprint",
    "waiver_justification",
    "waiver_expires_on",
)
#: Message key of a result that waits on undeclared capabilities.
DEFERRED = "common.deferred"
#: Separator between several values (rules, fields, citations) in one cell.
CITATION_SEPARATOR = " | "
#: First characters that make spreadsheets evaluate a cell (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A value as a safe cell: controls visible (newlines kept), formulas neutralised."""
    if value is None:
        return ""
    raw = str(value)
    text = printable(raw.replace("\r\n", "\n"))
    if raw.startswith(FORMULA_START) or text.startswith(FORMULA_START):
        text = "'" + text
    return text


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


class _Cells:
    """The cells that depend only on a gap or result (shared by systems alike), made once."""

    def __init__(self, report: Report) -> None:
        self.cat: Catalog = catalog(report.lang)
        self.rules = {r.id: r for r in report.rules}
        self.cites = {r.id: citations(self.cat, r) for r in report.rules}
        self.made: dict[int, list[str]] = {}

    def gap(self, g: Gap) -> list[str]:
        found = self.made.get(id(g))
        if found is None:
            values: list[object] = [
                g.question.value,
                g.cause,
                cause_title(self.cat, g),
                g.severity.label,
                g.outcome.value,
                "true" if g.advisory else "false",
                CITATION_SEPARATOR.join(g.rule_ids),
                "\n".join(_unique([result_message(self.cat, r) for r in g.results])),
                CITATION_SEPARATOR.join(_unique([r.field for r in g.results])),
            ]
            found = self.made[id(g)] = [cell(v) for v in values]
        return found

    def result(self, r: Result) -> list[str]:
        found = self.made.get(id(r))
        if found is None:
            rule = self.rules.get(r.rule_id)
            values: list[object] = [
                rule.question.value if rule else "",
                "",
                self.cat.rule(r.rule_id, "title"),
                r.severity.label,
                r.outcome.value,
                "true" if r.advisory else "false",
                r.rule_id,
                result_message(self.cat, r),
                r.field,
            ]
            found = self.made[id(r)] = [cell(v) for v in values]
        return found

    def citations(self, rule_ids: tuple[str, ...]) -> str:
        return cell(
            CITATION_SEPARATOR.join(
                _unique([c for rid in rule_ids for c in self.cites.get(rid, [])])
            )
        )


def rows(report: Report) -> list[list[str]]:
    """Every CSV row after the header, in report order."""
    cells = _Cells(report)
    fleet_of = {n: f for f, fleet in enumerate(report.fleets, 1) for n in fleet.rows}
    out: list[list[str]] = []
    cite_cache: dict[tuple[str, ...], str] = {}
    for n, row in enumerate(report.rows):
        info = report.inventories[row.inventory]
        head = [cell(info.path), cell(info.agency_id), cell(row.system_id), cell(row.name)]
        fleet = str(fleet_of[n])
        line = "" if row.line is None else str(row.line)
        in_gaps: set[int] = set()
        for g in row.gaps:
            in_gaps.update(id(r) for r in g.results)
            # deferred results are listed in rule_ids; their rules' citations would only repeat
            # that the capabilities are undeclared (``frtaudit explain RULE`` gives them)
            ids = tuple(r.rule_id for r in g.results if r.message_key != DEFERRED)
            cites = cite_cache.get(ids)
            if cites is None:
                cites = cite_cache[ids] = cells.citations(ids)
            mark = fingerprint(info.agency_id, row.system_id, g.cause)
            out.append([*head, fleet, *cells.gap(g), line, cites, mark, "", ""])
        for r in row.kept:
            if id(r) in in_gaps:
                continue
            ids = (r.rule_id,)
            cites = cite_cache.get(ids)
            if cites is None:
                cites = cite_cache[ids] = cells.citations(ids)
            mark = fingerprint(info.agency_id, row.system_id, r.rule_id)
            w = r.waiver
            waiver = [cell(w.justification), cell(w.expires_on)] if w else ["", ""]
            out.append([*head, fleet, *cells.result(r), line, cites, mark, *waiver])
    return out


def render(report: Report, out: TextIO) -> None:
    """Write the CSV report to ``out``."""
    if report.render_options.get("csv_bom"):
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    writer.writerows(rows(report))
