"""The pipeline as one library call: load, validate, audit, into an immutable Report.

``build_request(paths, settings)`` turns the merged settings (command line, FRTAUDIT_*, config
file, defaults: :mod:`frtaudit.load.settings`) into one checked :class:`ScanRequest`: every
value parsed, every mistake a UsageError (exit 2), the first night without a baseline decided.
``run(ScanRequest)`` is what ``frtaudit scan`` does between parsing options and rendering:
find and load the inventories (:mod:`frtaudit.load`), check evidence links when asked
(:mod:`frtaudit.net`), read the baseline (:mod:`frtaudit.report.reader`) and audit
(:mod:`frtaudit.audit`), several files or one big file in worker processes when worth it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from frtaudit.audit import chunks
from frtaudit.audit.baseline import BaselineInput, new_gaps_at_or_above
from frtaudit.audit.engine import AuditedFile, Auditor, Selection, select_rules
from frtaudit.audit.workers import in_order, no_cyclic_gc, wanted
from frtaudit.errors import InputError, Problem, UsageError, json_path
from frtaudit.load.inventory import discover, load, load_all
from frtaudit.load.settings import DEFAULT_LINK_CACHE_TTL, DEFAULT_LINK_TIMEOUT, Settings
from frtaudit.model import Context, LinkResult, Report, Rule, Severity
from frtaudit.report import Format

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class Output:
    """One requested report: a format and a file (None = standard output)."""

    fmt: Format
    path: str | None


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
    link_timeout: float = DEFAULT_LINK_TIMEOUT
    #: How long a cached link result is reused, in hours.
    link_cache_ttl_hours: float = DEFAULT_LINK_CACHE_TTL
    #: Link checks in flight at once.
    link_concurrency: int = 8
    #: The json report of an earlier run to compare with.
    baseline: str | None = None
    #: The baseline file does not exist (yet): a first night, on which every gap is new.
    baseline_absent: bool = False
    fail_on_new: bool = False
    #: Presentation switches for renderers (csv_bom, timestamp, details): inputs, never
    #: patched later.
    render_options: Mapping[str, Any] = field(default_factory=dict)
    #: Where the report goes, in which formats (rendered by the caller).
    outputs: tuple[Output, ...] = (Output(Format.TERMINAL, None),)
    #: URL that receives a JSON summary of the run (sent by the caller).
    notify: str | None = None
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
    """The earlier gaps of ``--baseline``, read and checked (InputError when unusable).

    A baseline that does not exist yet (the first night) has no gaps: every gap is new.
    """
    if not req.baseline:
        return None
    if req.baseline_absent:
        return BaselineInput(req.baseline, {}, req.fail_on_new)
    from frtaudit.report.reader import gaps_by_fingerprint, load_report

    gaps = gaps_by_fingerprint(load_report(req.baseline))
    return BaselineInput(req.baseline, gaps, req.fail_on_new)


def new_gap_count(report: Report) -> int:
    """New gaps (against the baseline) at or above ``fail_on``, advisory ones aside."""
    return new_gaps_at_or_above(report, report.fail_on)


def exit_code(report: Report) -> int:
    """0 when no gap at or above ``fail_on`` remains (new gaps only with ``--fail-on-new``)."""
    if report.baseline is not None and report.baseline.fail_on_new:
        return 1 if new_gaps_at_or_above(report, report.fail_on) else 0
    return 1 if report.gaps_at_or_above(report.fail_on) else 0


# -- the request from the merged settings ---------------------------------------------------------


def build_request(
    paths: Sequence[str], settings: Settings, *, today: date, env_lang: str = "en"
) -> ScanRequest:
    """One checked ScanRequest from the effective settings (command line > env > file > defaults).

    Every value is parsed and checked here, each mistake a UsageError naming where the value
    came from: profiles, parameters, rule patterns, the threshold, ``as_of`` (a date within the
    years an inventory date may have), the numbers, the outputs (never onto an input) and
    ``fail_on_new`` (which needs a baseline). A baseline file that does not exist yet is the
    first night, not an error: ``baseline_absent`` says so and every gap counts as new.
    ``env_lang`` is the language of the locale, used when no layer sets one.
    """
    from frtaudit.files import refuse_inputs
    from frtaudit.i18n import LANGUAGES
    from frtaudit.rules import RULES

    profiles = parse_profiles(settings["profiles"])
    selected, ignored = split_list(settings["select"]), split_list(settings["ignore"])
    check_patterns(RULES, selected + ignored, settings.sources["select"])
    lang = settings["lang"] if settings.sources["lang"] != "default" else env_lang
    if lang not in LANGUAGES:
        raise UsageError("bad_lang", value=lang, choices=", ".join(LANGUAGES))
    as_of = parse_as_of(settings["as_of"], today, settings.origin("as_of"))
    outputs = parse_outputs(settings["formats"], settings["output"])
    baseline = settings["baseline"] or None
    fail_on_new = bool(settings["fail_on_new"])
    if fail_on_new and baseline is None:
        raise UsageError("fail_on_new_needs_baseline", option=settings.origin("fail_on_new"))
    inputs = [*paths, baseline, settings.file]
    refuse_inputs([o.path for o in outputs], [i for i in inputs if i])
    return ScanRequest(
        paths=tuple(paths),
        as_of=as_of,
        profiles=profiles,
        params=parse_params(settings["params"], profiles),
        select=selected,
        ignore=ignored,
        fail_on=parse_severity(settings["fail_on"]),
        no_waivers=bool(settings["no_waivers"]),
        include_passing=bool(settings["include_passing"]),
        lang=lang or env_lang,
        check_links=bool(settings["check_links"]),
        allow_private_network=bool(settings["allow_private_network"]),
        link_cache=settings["link_cache"] or None,
        link_timeout=positive(settings.origin("link_timeout"), settings["link_timeout"]),
        link_cache_ttl_hours=positive(
            settings.origin("link_cache_ttl"), settings["link_cache_ttl"]
        ),
        baseline=baseline,
        baseline_absent=baseline is not None and not os.path.lexists(baseline),
        fail_on_new=fail_on_new,
        render_options=render_options(
            bool(settings["csv_bom"]), bool(settings["timestamp"]), bool(settings["details"])
        ),
        jobs=non_negative(settings.origin("jobs"), settings["jobs"]),
        outputs=tuple(outputs),
        notify=settings["notify"] or None,
    )


def split_list(values: Iterable[str] | None) -> tuple[str, ...]:
    """``--profile a,b --profile c`` -> ``("a", "b", "c")``; blanks dropped, order kept."""
    out: list[str] = []
    for value in values or ():
        for part in value.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return tuple(out)


def parse_as_of(text: str | None, today: date, option: str = "--as-of") -> date:
    """The audit date ``YYYY-MM-DD`` within MIN_YEAR..MAX_YEAR; ``today`` when not given."""
    from frtaudit.load.dates import MAX_YEAR, MIN_YEAR

    if text is None:
        return today
    try:
        day = date.fromisoformat(str(text).strip())
    except ValueError:
        raise UsageError("bad_date_option", option=option, value=text) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise UsageError(
            "as_of_range", option=option, value=text, min_year=MIN_YEAR, max_year=MAX_YEAR
        )
    return day


def parse_profiles(values: Iterable[str] | None) -> tuple[str, ...]:
    """Validated profile names (default ``nhrck``)."""
    from frtaudit.audit.profiles import PROFILES

    names = split_list(values) or ("nhrck",)
    for name in names:
        if name not in PROFILES:
            raise UsageError("unknown_profile", name=name, choices=", ".join(PROFILES))
    return names


def parse_params(values: Mapping[str, Any], profiles: tuple[str, ...]) -> dict[str, Any]:
    """Profile defaults overridden by the given ``name -> value`` (strings or TOML values)."""
    from frtaudit.audit.profiles import default_params, parse_param

    params = default_params(profiles)
    for name, raw in values.items():
        value = str(raw).lower() if isinstance(raw, bool) else str(raw)
        try:
            params[name] = parse_param(name, value, profiles)
        except KeyError:
            raise UsageError(
                "bad_param_unknown", name=name, known=", ".join(sorted(params))
            ) from None
        except ValueError:
            raise UsageError("bad_param_value", name=name, value=value) from None
    return params


def parse_severity(text: str) -> Severity:
    """A ``--fail-on`` value."""
    try:
        return Severity.parse(text)
    except ValueError:
        raise UsageError("bad_severity", value=text) from None


def parse_outputs(specs: Sequence[str] | None, output: str | None) -> list[Output]:
    """``-f json -f sarif:out.sarif`` (and ``-o PATH`` with a single format)."""
    choices = ", ".join(f.value for f in Format)
    outputs: list[Output] = []
    for spec in specs or ("terminal",):
        name, sep, path = spec.partition(":")
        try:
            fmt = Format(name.strip().lower())
        except ValueError:
            raise UsageError("bad_format_option", value=name, choices=choices) from None
        outputs.append(Output(fmt, path if sep and path else None))
    if output is not None:
        if len(outputs) != 1 or outputs[0].path is not None:
            raise UsageError("output_needs_one_format")
        outputs = [Output(outputs[0].fmt, output)]
    if sum(o.path is None for o in outputs) > 1:
        raise UsageError("one_stdout")
    targets = [o.path for o in outputs if o.path]
    if len(set(targets)) != len(targets):
        raise UsageError("same_output_twice")
    return outputs


def check_patterns(rules: Mapping[str, Rule], patterns: Sequence[str], origin: str = "") -> None:
    """Every ``--select``/``--ignore`` pattern must match some rule."""
    from frtaudit.audit.engine import unknown_patterns

    bad = unknown_patterns(rules, patterns)
    if bad:
        if origin and origin not in ("command line", "default"):
            raise UsageError("unknown_rule_in", pattern=bad[0], origin=origin)
        raise UsageError("unknown_rule", pattern=bad[0])


def positive(option: str, value: float) -> float:
    """A number setting that must be greater than zero."""
    if not value > 0:
        raise UsageError("not_positive", option=option, value=value)
    return float(value)


def non_negative(option: str, value: int) -> int:
    """A count setting that may be 0 but not less."""
    if value < 0:
        raise UsageError("negative", option=option, value=value)
    return int(value)


def render_options(csv_bom: bool, timestamp: bool, details: bool = False) -> dict[str, Any]:
    """Presentation switches for renderers; a timestamp only when asked (determinism)."""
    opts: dict[str, Any] = {"csv_bom": csv_bom, "details": details}
    if timestamp:
        from datetime import UTC, datetime

        opts["timestamp"] = datetime.now(UTC).replace(microsecond=0).isoformat()
    return opts


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
                for i, (sid, _name, line, *_rest) in enumerate(audited.systems):
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
