"""The scan as a library call: load, validate, audit. The CLI only parses options and renders."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from frtaudit.engine import Selection, audit, select_rules
from frtaudit.inventory import load_all
from frtaudit.model import Report, Severity

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class ScanRequest:
    """Everything a scan needs, already parsed and checked."""

    paths: Sequence[str]
    as_of: date
    profiles: tuple[str, ...] = ("nhrck",)
    params: Mapping[str, Any] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.HIGH
    no_waivers: bool = False
    include_passing: bool = False
    lang: str = "en"
    #: Fetch every evidence URL (rule INV-EVD-001); without it no link is fetched.
    check_links: bool = False
    #: Allow loopback, private and link-local addresses (evidence links and remote inventories).
    allow_private_network: bool = False
    #: Directory of cached link results; None: no cache.
    link_cache: str | None = None
    #: Network timeout in seconds for each step of a link check or a remote inventory fetch.
    link_timeout: float = 10.0
    #: How long a cached link result is reused, in hours.
    link_cache_ttl_hours: float = 24.0
    #: Link checks in flight at once.
    link_concurrency: int = 8
    baseline: str | None = None
    fail_on_new: bool = False


def run(req: ScanRequest, progress: Progress | None = None) -> Report:
    """Load every inventory, audit it with the selected rules; raise InputError on bad input.

    ``progress(stage, done, total)`` is told how far loading and auditing have got.
    """
    from frtaudit.rules import RULES

    sel = Selection(
        profiles=req.profiles,
        select=req.select,
        ignore=req.ignore,
        no_waivers=req.no_waivers,
        include_passing=req.include_passing,
        fail_on=req.fail_on,
    )
    inventories = load_all(
        req.paths, allow_private=req.allow_private_network, timeout=req.link_timeout
    )
    links = None
    if req.check_links:  # the only place a scan fetches evidence: no flag, no request
        from frtaudit import evidence

        links = evidence.check_links(
            evidence.collect_urls(inventories),
            allow_private=req.allow_private_network,
            timeout=req.link_timeout,
            concurrency=req.link_concurrency,
            cache_dir=req.link_cache,
            cache_ttl_hours=req.link_cache_ttl_hours,
        )
    report = audit(
        inventories, select_rules(RULES, sel), sel, req.as_of, req.params, links, progress=progress
    )
    report.lang = req.lang
    if req.baseline:
        from frtaudit.baseline import compare
        from frtaudit.report.json_report import load_report

        report.baseline = compare(report, req.baseline, load_report(req.baseline), req.fail_on_new)
    return report


def exit_code(report: Report) -> int:
    """0 when no gap at or above ``fail_on`` remains (new gaps only with ``--fail-on-new``)."""
    if report.baseline is not None and report.baseline.fail_on_new:
        from frtaudit.baseline import new_gaps_at_or_above

        return 1 if new_gaps_at_or_above(report, report.fail_on) else 0
    return 1 if report.gaps_at_or_above(report.fail_on) else 0
