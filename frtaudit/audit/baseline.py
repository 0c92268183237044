"""Compare a run with an earlier json report: new, existing and resolved gaps.

Findings are matched by fingerprint (agency, system ID and rule ID), never by line numbers, so
editing elsewhere in an inventory does not turn old gaps into new ones. The earlier report is
read by :mod:`frtaudit.report.reader`; this module only compares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from frtaudit.model import Baseline, Finding, Report, Severity, fingerprint


@dataclass(frozen=True, slots=True)
class BaselineInput:
    """What the audit needs of ``--baseline``: the earlier gaps by fingerprint."""

    path: str
    gaps: Mapping[str, Mapping[str, Any]]
    fail_on_new: bool = False


def compare(findings: Iterable[Finding], base: BaselineInput) -> Baseline:
    """Mark the current gaps new or existing against the earlier ones; list those resolved."""
    old = base.gaps
    status: dict[str, str] = {}
    for f in findings:
        if f.outcome.is_gap:
            fp = f.fingerprint
            status[fp] = "existing" if fp in old else "new"
    resolved = tuple(
        {
            "system_id": str(f.get("system_id", "")),
            "agency": str(f.get("agency", "")),
            "rule_id": str(f.get("rule_id", "")),
            "severity": str(f.get("severity", "")),
            "fingerprint": fp,
            "message": str(f.get("message", "")),
        }
        for fp, f in sorted(
            old.items(), key=lambda kv: (str(kv[1].get("system_id")), str(kv[1].get("rule_id")))
        )
        if fp not in status
    )
    return Baseline(path=base.path, status=status, resolved=resolved, fail_on_new=base.fail_on_new)


def new_gaps_at_or_above(report: Report, threshold: Severity) -> int:
    """New, non-advisory gaps at or above ``threshold`` (for ``--fail-on-new``).

    A gap (one cause on one system) is new when one of the rule results behind it is: the
    count is of gaps, as ``Report.gaps_at_or_above`` counts them.
    """
    if report.baseline is None:
        return report.gaps_at_or_above(threshold)
    status = report.baseline.status
    infos = report.inventories
    count = 0
    for row in report.rows:
        agency = infos[row.inventory].agency_id
        for g in row.gaps:
            if g.advisory or g.severity < threshold:
                continue
            if any(
                status.get(fingerprint(agency, row.system_id, r.rule_id)) == "new"
                for r in g.results
            ):
                count += 1
    return count
