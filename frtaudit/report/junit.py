"""JUnit XML report, for CI systems that show test results (Jenkins, GitLab, Azure, CircleCI).

One ``testsuite`` per inventory (``name`` = the inventory path, ``package`` = the agency ID).
Each gap of a system (one cause: every rule it breaches) is one ``testcase`` (``classname`` =
system ID, ``name`` = cause ID, or the rule ID of a rule without a declared cause) with a
``failure`` whose ``type`` is the severity and whose text lists every rule result behind it.
Other kept results are one ``testcase`` each (``name`` = rule ID): needs_review, waived and
not_in_force results, and not_applicable ones kept by ``--include-passing``, are ``skipped``
with a message; passes have no child. The document is valid against both common JUnit XSDs
(the Ant schema from windyroad/JUnit-Schema and the one Jenkins' xUnit plugin uses), which is
why the root ``testsuites`` carries no attributes and every suite has ``properties``,
``system-out`` and ``system-err``.

Inventory text is untrusted: characters XML 1.0 forbids (NUL, BEL, ESC ...) and other controls
are replaced by visible ``\\xNN`` escapes, then ElementTree escapes markup.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import TextIO

from frtaudit.i18n import Catalog, catalog
from frtaudit.i18n.text import printable
from frtaudit.model import Finding, Gap, Outcome, Report, Rule, SystemRow, finding_of, fingerprint
from frtaudit.report.common import cause_title, citations, finding_fingerprint, message
from frtaudit.report.json_report import finding_message

#: Outcomes reported as ``failure``; those in SKIPPED become ``skipped``; the rest pass.
FAILED = (Outcome.FAIL, Outcome.UNKNOWN)
SKIPPED = (Outcome.NEEDS_REVIEW, Outcome.WAIVED, Outcome.NOT_IN_FORCE, Outcome.NOT_APPLICABLE)

# Anything outside the XML 1.0 Char production once ``printable`` has run (lone surrogates,
# U+FFFE/U+FFFF); replaced by U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: object) -> str:
    """Untrusted text made safe for XML 1.0: controls visible, forbidden characters replaced."""
    return _NOT_XML.sub("\ufffd", printable(str(text).replace("\r\n", "\n")))


def suite_timestamp(report: Report) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` (UTC, no zone, as the Ant schema wants): the --timestamp value or
    midnight of the audit date, so that output stays byte-identical by default."""
    raw = report.render_options.get("timestamp")
    if raw:
        try:
            when = datetime.fromisoformat(str(raw))
        except ValueError:
            pass
        else:
            if when.tzinfo is not None:
                when = when.astimezone(UTC).replace(tzinfo=None)
            return when.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{report.as_of.isoformat()}T00:00:00"


def _details(cat: Catalog, report: Report, f: Finding, rule: Rule | None) -> str:
    """Body of a failure or skipped element: one ``label: value`` line per fact."""
    path = report.inventories[f.inventory].path
    where = path if f.line is None else f"{path}:{f.line}"
    lines = [
        (cat.t("report.label_title"), cat.rule(f.rule_id, "title")),
        (cat.t("report.label_system"), f"{f.system_id} ({f.system_name})"),
        (cat.t("report.label_agency"), f.agency),
        (cat.t("report.label_outcome"), cat.t(f"outcome.{f.outcome.value}")),
        (cat.t("report.label_severity"), cat.t(f"severity.{f.severity.label}")),
    ]
    if f.field:
        lines.append((cat.t("report.label_field"), f.field))
    lines.append((cat.t("report.label_location"), where))
    if rule is not None:
        lines.extend((cat.t("report.label_citations"), c) for c in citations(cat, rule))
    lines.append((cat.t("report.label_fingerprint"), finding_fingerprint(f)))
    text = "\n".join(f"{label}: {value}" for label, value in lines)
    if f.waiver is not None:
        w = f.waiver
        text += "\n" + cat.t(
            "scan.waived_by",
            granted_by=w.granted_by,
            authority_kind=cat.t("authority_kind." + w.authority_kind),
            instrument=w.instrument,
            expires_on=w.expires_on,
            justification=w.justification,
        )
    if f.advisory:
        text += "\n" + cat.t("scan.advisory")
    return xml_text(text)


def _gap_case(cat: Catalog, report: Report, row: SystemRow, g: Gap, suite: ET.Element) -> None:
    """Add the testcase of one gap of one system to ``suite``."""
    case = ET.SubElement(
        suite,
        "testcase",
        {"name": xml_text(g.own or g.cause), "classname": xml_text(row.system_id)},
    )
    case.set("time", "0")
    info = report.inventories[row.inventory]
    where = info.path if row.line is None else f"{info.path}:{row.line}"
    lines = [
        (cat.t("report.label_title"), cause_title(cat, g)),
        (cat.t("report.label_system"), f"{row.system_id} ({row.name})"),
        (cat.t("report.label_agency"), info.agency_id),
        (cat.t("report.label_outcome"), cat.t(f"outcome.{g.outcome.value}")),
        (cat.t("report.label_severity"), cat.t(f"severity.{g.severity.label}")),
        (cat.t("report.label_location"), where),
        (cat.t("report.label_fingerprint"), fingerprint(info.agency_id, row.system_id, g.cause)),
    ]
    text = "\n".join(f"{label}: {value}" for label, value in lines)
    for r in g.results:
        text += f"\n- {r.rule_id} ({cat.rule(r.rule_id, 'title')}): {message(cat, r)}"
    if g.advisory:
        text += "\n" + cat.t("scan.advisory")
    el = ET.SubElement(
        case, "failure", {"message": xml_text(cause_title(cat, g)), "type": g.severity.label}
    )
    el.text = xml_text(text)


def _testcase(
    cat: Catalog, report: Report, f: Finding, rule: Rule | None, suite: ET.Element
) -> str:
    """Add the finding's testcase to ``suite``; return 'failure', 'skipped' or 'pass'."""
    case = ET.SubElement(
        suite, "testcase", {"name": xml_text(f.rule_id), "classname": xml_text(f.system_id)}
    )
    case.set("time", "0")
    msg = finding_message(cat, f)
    if f.outcome in FAILED:
        el = ET.SubElement(case, "failure", {"message": xml_text(msg), "type": f.severity.label})
        el.text = _details(cat, report, f, rule)
        return "failure"
    if f.outcome in SKIPPED:
        outcome = cat.t(f"outcome.{f.outcome.value}")
        text = (
            cat.t("report.outcome_message", outcome=outcome, message=msg)
            if msg
            else cat.t("report.outcome_only", outcome=outcome)
        )
        el = ET.SubElement(case, "skipped", {"message": xml_text(text)})
        el.text = _details(cat, report, f, rule)
        return "skipped"
    return "pass"


def junit_tree(report: Report) -> ET.Element:
    """The report as a JUnit ``testsuites`` element."""
    cat = catalog(report.lang)
    rules = {r.id: r for r in report.rules}
    by_inventory: dict[int, list[SystemRow]] = {}
    for row in report.rows:
        by_inventory.setdefault(row.inventory, []).append(row)
    timestamp = suite_timestamp(report)
    root = ET.Element("testsuites")
    for n, info in enumerate(report.inventories):
        suite = ET.SubElement(root, "testsuite")
        props = ET.SubElement(suite, "properties")
        for name, value in (
            ("agency_id", info.agency_id),
            ("agency_name", info.agency_name),
            ("country", info.country),
            ("inventory_sha256", info.sha256),
            ("as_of", report.as_of.isoformat()),
            ("profiles", ",".join(report.profiles)),
            ("fail_on", report.fail_on.label),
            ("tool_version", report.tool_version),
            ("rules_version", report.rules_version),
            ("rules_hash", report.rules_hash),
        ):
            ET.SubElement(props, "property", {"name": name, "value": xml_text(value)})
        counts = {"failure": 0, "skipped": 0, "pass": 0}
        for row in by_inventory.get(n, []):
            in_gaps: set[int] = set()
            for g in row.gaps:
                in_gaps.update(id(r) for r in g.results)
                _gap_case(cat, report, row, g, suite)
                counts["failure"] += 1
            for r in row.kept:
                if id(r) not in in_gaps:
                    f = finding_of(row, r, info.agency_id)
                    counts[_testcase(cat, report, f, rules.get(f.rule_id), suite)] += 1
        out = ET.SubElement(suite, "system-out")
        out.text = xml_text(
            cat.t(
                "report.junit_suite_out",
                agency=info.agency_name,
                agency_id=info.agency_id,
                country=info.country,
                systems=info.systems,
                frt=info.frt_systems,
                as_of=report.as_of.isoformat(),
            )
        )
        ET.SubElement(suite, "system-err")
        suite.attrib.update(
            {
                "name": xml_text(info.path) or "-",
                "package": xml_text(info.agency_id),
                "id": str(n),
                "tests": str(sum(counts.values())),
                "failures": str(counts["failure"]),
                "errors": "0",
                "skipped": str(counts["skipped"]),
                "time": "0",
                "timestamp": timestamp,
                "hostname": "localhost",
            }
        )
    return root


def render(report: Report, out: TextIO) -> None:
    """Write the JUnit XML report to ``out``."""
    root = junit_tree(report)
    ET.indent(root, space="  ")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
