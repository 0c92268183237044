"""Compare a run with an earlier json report: new, existing and resolved gaps.

Findings are matched by fingerprint (agency, system ID and rule ID), never by line numbers, so
editing elsewhere in an inventory does not turn old gaps into new ones.
"""

from __future__ import annotations

from typing import Any

from frtaudit.model import Baseline, Report, Severity
from frtaudit.report.common import finding_fingerprint

GAP_OUTCOMES = ("fail", "unknown")


def baseline_gaps(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Gap findings of a loaded json report, by fingerprint."""
    return {
        f["fingerprint"]: f for f in data.get("findings", []) if f.get("outcome") in GAP_OUTCOMES
    }


def compare(report: Report, path: str, data: dict[str, Any], fail_on_new: bool) -> Baseline:
    """Mark the report's gaps new or existing against baseline ``data``."""
    old = baseline_gaps(data)
    status: dict[str, str] = {}
    for f in report.findings:
        if f.outcome.is_gap:
            fp = finding_fingerprint(f)
            status[fp] = "existing" if fp in old else "new"
    resolved = [
        {
            "system_id": str(f.get("system_id", "")),
            "agency": str(f.get("agency", "")),
            "rule_id": str(f.get("rule_id", "")),
            "severity": str(f.get("severity", "")),
            "fingerprint": fp,
            "message": str(f.get("message", "")),
        }
        for fp, f in sorted(
            old.items(), key=lambda kv: (kv[1].get("system_id"), kv[1].get("rule_id"))
        )
        if fp not in status
    ]
    return Baseline(path=path, status=status, resolved=resolved, fail_on_new=fail_on_new)


def new_gaps_at_or_above(report: Report, threshold: Severity) -> int:
    """New, non-advisory gaps at or above ``threshold`` (for ``--fail-on-new``)."""
    if report.baseline is None:
        return report.gaps_at_or_above(threshold)
    status = report.baseline.status
    return sum(
        1
        for f in report.findings
        if f.outcome.is_gap
        and not f.advisory
        and f.severity >= threshold
        and status.get(finding_fingerprint(f)) == "new"
    )
