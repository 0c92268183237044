"""The pipeline as one library call: load, validate, audit, into an immutable Report.

``run(ScanRequest)`` is what ``frtaudit scan`` does between parsing options and rendering:
find and load the inventories (:mod:`frtaudit.load`), check evidence links when asked
(:mod:`frtaudit.net`), read the baseline (:mod:`frtaudit.report.reader`) and audit
(:mod:`frtaudit.audit`), several files or one big file in worker processes when worth it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from frtaudit.audit import chunks
from frtaudit.audit.baseline import BaselineInput, new_gaps_at_or_above
from frtaudit.audit.engine import AuditedFile, Auditor, Selection, select_rules
from frtaudit.audit.workers import in_order, no_cyclic_gc, wanted
from frtaudit.errors import InputError, Problem, json_path
from frtaudit.load.inventory import discover, load, load_all
from frtaudit.model import Context, LinkResult, Report, Rule, Severity

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
    #: Presentation switches for renderers (csv_bom, timestamp): inputs, never patched later.
    render_options: Mapping[str, Any] = field(default_factory=dict)
    #: Worker processes for a run over several files: 0 = one per CPU when the files are big
    #: enough to be worth it, 1 = this process only. The report is the same either way.
    jobs: int = 0


def run(req: ScanRequest, progress: Progress | None = None) -> Report:
    """Load every inventory, audit it with the selected rules; raise InputError on bad input.

    ``progress(stage, done, total)`` is told how far loading and auditing have got. The
    baseline is read first, so a bad one stops the run before a long audit.
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
    rules = select_rules(RULES, sel)
    baseline = _baseline(req)
    auditor = None
    if not req.check_links:  # link checks need every inventory at once
        files, problems = discover(req.paths)
        if len(files) > 1:
            auditor = _by_file(req, sel, rules, files, problems, progress)
        elif len(files) == 1 and not problems and chunks.worth_it(files[0], req.jobs):
            with no_cyclic_gc():
                auditor = chunks.audit_in_chunks(
                    files[0], rules, sel, _context(req), req.jobs, progress
                )
    if auditor is None:
        inventories = load_all(
            req.paths, allow_private=req.allow_private_network, timeout=req.link_timeout
        )
        links = None
        if req.check_links:  # the only place a scan fetches evidence: no flag, no request
            from frtaudit.net import evidence
            from frtaudit.rules.urls import collect_urls

            links = evidence.check_links(
                collect_urls(inventories),
                allow_private=req.allow_private_network,
                timeout=req.link_timeout,
                concurrency=req.link_concurrency,
                cache_dir=req.link_cache,
                cache_ttl_hours=req.link_cache_ttl_hours,
            )
        auditor = Auditor(rules, sel, _context(req, links))
        auditor.run(inventories, progress)
    return auditor.finish(req.lang, req.render_options, baseline)


def _context(req: ScanRequest, links: Mapping[str, LinkResult] | None = None) -> Context:
    """The one audit context of a run: its date, parameters and link-check results."""
    return Context(as_of=req.as_of, params=dict(req.params), links=links)


def _baseline(req: ScanRequest) -> BaselineInput | None:
    """The earlier gaps of ``--baseline``, read and checked (InputError when unusable)."""
    if not req.baseline:
        return None
    from frtaudit.report.reader import gaps_by_fingerprint, load_report

    gaps = gaps_by_fingerprint(load_report(req.baseline))
    return BaselineInput(req.baseline, gaps, req.fail_on_new)


def exit_code(report: Report) -> int:
    """0 when no gap at or above ``fail_on`` remains (new gaps only with ``--fail-on-new``)."""
    if report.baseline is not None and report.baseline.fail_on_new:
        return 1 if new_gaps_at_or_above(report, report.fail_on) else 0
    return 1 if report.gaps_at_or_above(report.fail_on) else 0


# -- several files at once ------------------------------------------------------------------------

#: Smallest total input (bytes) worth starting worker processes for.
PARALLEL_MIN_BYTES = 2 * 1024 * 1024


def workers_for(req: ScanRequest, files: Sequence[str]) -> int:
    """How many worker processes a run over ``files`` uses (1: none, all in this process)."""
    if req.jobs == 1 or len(files) < 2:
        return 1
    if any(f == "-" or "://" in f for f in files):  # stdin and URLs stay in this process
        return 1
    if req.jobs <= 0:
        try:
            size = sum(os.stat(f).st_size for f in files)
        except OSError:
            return 1  # let the ordinary path report it
        if size < PARALLEL_MIN_BYTES:
            return 1
    return max(1, min(wanted(req.jobs), len(files)))


@dataclass(slots=True)
class _Part:
    """What a worker sends back for one file: its problems, or the file audited."""

    problems: list[Problem]
    audited: AuditedFile | None = None


def _audit_file(
    path: str,
    index: int,
    rule_ids: tuple[str, ...],
    sel: Selection,
    ctx: Context,
    allow_private: bool,
    timeout: float,
) -> _Part:
    """Load and audit one file (in a worker process or this one) as file ``index`` of the run."""
    from frtaudit.rules import RULES

    try:
        inv = load(path, allow_private=allow_private, timeout=timeout)
    except InputError as exc:
        return _Part(list(exc.problems))
    rules = tuple(RULES[r] for r in rule_ids)
    return _Part([], Auditor(rules, sel, ctx).plan_inventory(inv, index))


def _by_file(
    req: ScanRequest,
    sel: Selection,
    rules: tuple[Rule, ...],
    files: list[str],
    problems: list[Problem],
    progress: Progress | None,
) -> Auditor:
    """Several files, loaded and audited one at a time, merged in file order.

    In worker processes when ``workers_for`` finds it worth it, else in this process; either
    way only one file's data is held at a time per process, and the merged report is the one
    ``load_all`` + ``audit`` build: the same findings, rows and counts in the same order, and
    the same problems (in the same order) when some input is invalid.
    """
    merged = Auditor(rules, sel, _context(req))
    rule_ids = tuple(r.id for r in rules)
    failed: list[Problem] = []  # as load_all: unreadable or invalid files, then duplicate ids
    duplicates: list[Problem] = []
    owners: dict[str, str] = {}
    loaded = 0
    with no_cyclic_gc(), _parts(req, sel, rule_ids, files) as parts:
        for done, part in enumerate(parts, 1):
            failed.extend(part.problems)
            audited = part.audited
            if audited is not None:
                path = audited.info.path
                for i, (sid, _name, line, _plan) in enumerate(audited.systems):
                    first = owners.setdefault(sid, path)
                    if first != path:
                        duplicates.append(
                            Problem(
                                path,
                                "duplicate_system_id_across",
                                {"id": sid, "other": first},
                                line=line,
                                path=json_path(["systems", i, "id"]),
                                hint="duplicate_system_id_hint",
                            )
                        )
                if not (problems or failed or duplicates):  # else only the problems matter
                    merged.add(audited, loaded)
                loaded += 1
            if progress is not None:
                progress("files", done, len(files))
    problems.extend(failed)
    problems.extend(duplicates)
    if problems:
        raise InputError(problems)
    return merged


@contextmanager
def _parts(
    req: ScanRequest, sel: Selection, rule_ids: tuple[str, ...], files: list[str]
) -> Iterator[Iterator[_Part]]:
    """The audited parts of ``files`` in file order, from worker processes or this one."""
    ctx = _context(req)
    net = (req.allow_private_network, req.link_timeout)
    workers = workers_for(req, files)
    if workers == 1:
        yield (_audit_file(f, i, rule_ids, sel, ctx, *net) for i, f in enumerate(files))
        return
    tasks = ((f, i, rule_ids, sel, ctx, *net) for i, f in enumerate(files))
    with in_order(_audit_file, tasks, workers) as parts:
        yield parts
