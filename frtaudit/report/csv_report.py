"""CSV report: one row per kept finding (per result with ``--include-passing``), for spreadsheets.

RFC 4180 layout (comma separator, CRLF line ends, cells quoted when needed, newlines kept inside
quoted cells), UTF-8, with a byte-order mark only under ``--csv-bom`` (which Excel needs to read
Hangul correctly). Rows are sorted by inventory, system and rule.

Columns, fixed and in this order (the header row uses these identifiers in every language, so
that scripts can rely on them):

- ``inventory``: inventory file path, as given on the command line
- ``agency``: agency ID (``agency.id``)
- ``system_id``: system ID (``systems[].id``)
- ``system_name``: system name
- ``rule_id``: rule ID, e.g. ``NHRCK-BAN-001``
- ``severity``: ``low``, ``medium``, ``high`` or ``critical``
- ``outcome``: ``fail``, ``unknown``, ``needs_review``, ``waived`` or ``not_in_force``; with
  ``--include-passing`` also ``pass`` and ``not_applicable``
- ``message``: what was found, in the report's language (empty for a pass)
- ``field``: dotted path of the field at issue inside the system, or empty
- ``line``: line of the system's table in the inventory, or empty when unknown
- ``citations``: the rule's references (``instrument, pinpoint``), separated by `` | ``
- ``fingerprint``: stable identity of the finding (agency, system, rule; never the line)
- ``waiver_justification``: justification of the exception that waived the finding, or empty
- ``waiver_expires_on``: expiry date of that exception (``YYYY-MM-DD``), or empty

Inventory text is untrusted. Against formula injection (CSV injection), a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single quote, so
spreadsheets show it as text; control characters (ESC, NUL, bidi overrides ...) are shown as
``\\xNN`` escapes. Codes (``severity``, ``outcome``) stay machine-readable, untranslated.
"""

from __future__ import annotations

import csv
from typing import TextIO

from frtaudit.i18n import catalog
from frtaudit.i18n.text import printable
from frtaudit.model import Finding, Report
from frtaudit.report.common import citations, finding_fingerprint
from frtaudit.report.json_report import finding_message, finding_order

COLUMNS = (
    "inventory",
    "agency",
    "system_id",
    "system_name",
    "rule_id",
    "severity",
    "outcome",
    "message",
    "field",
    "line",
    "citations",
    "fingerprint",
    "waiver_justification",
    "waiver_expires_on",
)
#: Separator between several citations in one cell.
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


def row(report: Report, f: Finding, cites: dict[str, list[str]]) -> list[str]:
    """The CSV cells of one finding, in COLUMNS order."""
    cat = catalog(report.lang)
    w = f.waiver
    values: list[object] = [
        report.inventories[f.inventory].path,
        f.agency,
        f.system_id,
        f.system_name,
        f.rule_id,
        f.severity.label,
        f.outcome.value,
        finding_message(cat, f),
        f.field,
        f.line,
        CITATION_SEPARATOR.join(cites.get(f.rule_id, [])),
        finding_fingerprint(f),
        w.justification if w else "",
        w.expires_on if w else "",
    ]
    return [cell(v) for v in values]


def render(report: Report, out: TextIO) -> None:
    """Write the CSV report to ``out``."""
    cat = catalog(report.lang)
    cites = {r.id: citations(cat, r) for r in report.rules}
    if report.render_options.get("csv_bom"):
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for f in finding_order(report):
        writer.writerow(row(report, f, cites))
