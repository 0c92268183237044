"""``--notify URL``: POST a JSON summary of the run; a failure only warns (exit code unchanged)."""

from __future__ import annotations

import hashlib
import time
from typing import Any

from frtaudit.model import Report
from frtaudit.report.common import summary_params

#: Attempts, per-attempt timeout (seconds) and pause between attempts.
ATTEMPTS, TIMEOUT, BACKOFF = 3, 10.0, 1.0


def payload(report: Report, report_text: str) -> dict[str, Any]:
    """The summary sent: counts, new gaps (with a baseline) and the json report's SHA-256."""
    from frtaudit import __version__

    params = summary_params(report)
    body: dict[str, Any] = {
        "tool": "frtaudit",
        "version": __version__,
        "as_of": report.as_of.isoformat(),
        "profiles": list(report.profiles),
        "inventories": [i.path for i in report.inventories],
        "systems": params["systems"],
        "outcomes": dict(report.counts),
        "gaps": dict(report.gap_counts),
        "gaps_at_or_above_fail_on": params["gates"],
        "fail_on": report.fail_on.label,
        "report_sha256": hashlib.sha256(report_text.encode("utf-8")).hexdigest(),
    }
    if report.baseline is not None:
        body["new_gaps"] = report.baseline.new
        body["resolved_gaps"] = len(report.baseline.resolved)
    return body


def send(
    url: str,
    body: dict[str, Any],
    *,
    attempts: int = ATTEMPTS,
    timeout: float = TIMEOUT,
    backoff: float = BACKOFF,
) -> str | None:
    """POST ``body`` as JSON; return None on success or the last error as text."""
    import httpx

    error = "no attempt"
    for attempt in range(attempts):
        try:
            with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=True) as client:
                response = client.post(url, json=body, headers={"User-Agent": "frtaudit"})
            if response.status_code < 300:
                return None
            error = f"HTTP {response.status_code}"
            if response.status_code < 500 and response.status_code != 429:
                return error  # a client error will not improve by retrying
        except httpx.HTTPError as exc:
            error = type(exc).__name__ + (f": {exc}" if str(exc) else "")
        if attempt + 1 < attempts:
            time.sleep(backoff * (2**attempt))
    return error
