"""Core data types shared by every stage. A leaf module: it imports nothing from frtaudit."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any


class Severity(enum.IntEnum):
    """How serious a gap is; ordered so that ``>=`` compares with ``--fail-on``."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        """Lower-case name as written in inventories, options and reports."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Parse ``low``/``medium``/``high``/``critical`` (any case); raise ValueError."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(text) from None


class Outcome(enum.Enum):
    """Result of one rule on one system."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"
    NEEDS_REVIEW = "needs_review"
    WAIVED = "waived"
    NOT_IN_FORCE = "not_in_force"

    # Members are singletons compared by identity: hashing them by identity (a C slot) instead
    # of Enum's hash of the name (a Python call) matters to an audit that looks up outcomes
    # millions of times. Iteration order of a set of outcomes was never stable either way.
    __hash__ = object.__hash__

    @property
    def is_gap(self) -> bool:
        """A gap counts towards the exit code: a fail, or data too thin to pass."""
        return self in (Outcome.FAIL, Outcome.UNKNOWN)

    @property
    def is_quiet(self) -> bool:
        """Quiet results are counted, not kept, unless ``--include-passing`` asks for them."""
        return self in (Outcome.PASS, Outcome.NOT_APPLICABLE)


class Tri(enum.Enum):
    """Three-valued truth for capability and evidence fields (``true``/``false``/``"unknown"``)."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    @classmethod
    def of(cls, value: object) -> Tri:
        """Map an inventory value to a Tri: absent and ``"unknown"`` are UNKNOWN."""
        if value is True:
            return cls.TRUE
        if value is False:
            return cls.FALSE
        return cls.UNKNOWN

    def __and__(self, other: Tri) -> Tri:
        if self is Tri.FALSE or other is Tri.FALSE:
            return Tri.FALSE
        if self is Tri.UNKNOWN or other is Tri.UNKNOWN:
            return Tri.UNKNOWN
        return Tri.TRUE

    def __or__(self, other: Tri) -> Tri:
        if self is Tri.TRUE or other is Tri.TRUE:
            return Tri.TRUE
        if self is Tri.UNKNOWN or other is Tri.UNKNOWN:
            return Tri.UNKNOWN
        return Tri.FALSE

    def __invert__(self) -> Tri:
        if self is Tri.UNKNOWN:
            return self
        return Tri.FALSE if self is Tri.TRUE else Tri.TRUE


class Question(enum.StrEnum):
    """What a rule helps answer. Reports lead with the first four, the mission's questions.

    Every rule declares one. The first four are asked of every system whatever the profile:
    does it rest on a legal basis, was its impact assessed, is the public told, is it a
    prohibited use. The others group the remaining duties so that a report can say, per
    system, which kind of safeguard is missing.
    """

    LEGAL = "legal"  # a specific legal basis for the processing
    ASSESSMENT = "assessment"  # HRIA, DPIA, FRIA, accountability report: before use, kept current
    NOTICE = "notice"  # the public and the people affected are told; registers; consultation
    PROHIBITED = "prohibited"  # bans, the moratorium, uses no waiver can allow
    NECESSITY = "necessity"  # exceptional, supplementary, bounded use; authorisation per use
    CONSENT = "consent"  # valid consent and a real non-biometric alternative
    SHARING = "sharing"  # handing data to others, processors, partnerships, AI training
    SECURITY = "security"  # retention, deletion, protection, breach handling, logs
    ACCURACY = "accuracy"  # accuracy, bias and field testing, thresholds, galleries
    OVERSIGHT = "oversight"  # human review of matches, trained staff, redress and audit
    INVENTORY = "inventory"  # the inventory itself: capabilities declared, changes, evidence

    @property
    def headline(self) -> bool:
        """One of the four questions every report answers first."""
        return self in HEADLINE_QUESTIONS


#: ``Rule.profiles`` of a rule that belongs to every profile (inventory integrity, exceptions).
EVERY_PROFILE = ("*",)

#: The mission's four questions, in the order every report shows them.
HEADLINE_QUESTIONS = (Question.LEGAL, Question.ASSESSMENT, Question.NOTICE, Question.PROHIBITED)

#: Every question in display order: the gap matrix has one column per question, whatever the
#: profiles (a question no active rule asks has no cell: "not covered").
QUESTIONS: tuple[Question, ...] = tuple(Question)

#: How bad an outcome is when several results answer one question of one system: a matrix
#: cell shows the worst (highest rank).
OUTCOME_RANK: Mapping[Outcome, int] = {
    Outcome.NOT_APPLICABLE: 0,
    Outcome.NOT_IN_FORCE: 1,
    Outcome.PASS: 2,
    Outcome.WAIVED: 3,
    Outcome.NEEDS_REVIEW: 4,
    Outcome.UNKNOWN: 5,
    Outcome.FAIL: 6,
}


def worse(a: Outcome | None, b: Outcome) -> Outcome:
    """The worse of two outcomes (``a`` may be None: no result yet)."""
    if a is None or OUTCOME_RANK[b] > OUTCOME_RANK[a]:
        return b
    return a


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a rule's check returns: an outcome, a message key with parameters, the field at issue.

    ``key`` names a message in the rule's catalogue section (``[rule."ID".msg]``); ``field`` is the
    dotted path inside the system (``legal_basis[0].frt_specific``) so reports can name it.
    """

    outcome: Outcome
    key: str = ""
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    field: str = ""
    severity: Severity | None = None  # an escalation or reduction for this system only


@dataclass(frozen=True, slots=True)
class Citation:
    """One legal or standards reference: a key of the message catalogue plus the pinpoint."""

    source: str  # catalogue key of the instrument, e.g. "pipa"
    pinpoint: str  # article/paragraph as lawyers cite it, e.g. "Art. 25(4)"


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule. Texts live in the message catalogue under ``rule."<id>"``."""

    id: str
    severity: Severity
    profiles: tuple[str, ...]
    citations: tuple[Citation, ...]
    applies: Any  # a facts.Predicate; typed loosely to keep this module a leaf
    check: Callable[..., Verdict]
    question: Question
    headline: str | None = None  # obsolete: matrix columns are questions now; ignored
    fail_closed: bool = False  # prohibitions: unknown applicability fails instead of deferring
    waivable: bool = True  # False: only an exception of kind "statute" narrows it
    automated: bool = True  # False: result is needs_review with what the reviewer must check
    in_force_from: date | None = None
    advisory: bool = False  # profile marks it advisory: never counts towards --fail-on
    advisory_unless: str = ""  # a bool parameter that makes an advisory rule binding
    example_fail: str = ""
    example_pass: str = ""
    uncertain: bool = False  # the research marks a point of this rule as still to verify
    #: The requirement rests on soft law (a non-binding instrument such as the Council of Europe
    #: Guidelines on Facial Recognition), not on a binding article: reports say so.
    soft_law: bool = False
    #: The check itself reads the system's exceptions for this rule (a permitted-use record, not a
    #: waiver), so such an exception is never "stale" (EXC-001).
    uses_exceptions: bool = False

    @property
    def common(self) -> bool:
        """The rule belongs to every profile (see EVERY_PROFILE)."""
        return self.profiles == EVERY_PROFILE

    @property
    def prefix(self) -> str:
        """The source prefix of the ID (``NHRCK``, ``KR-PIPA``, ...)."""
        return self.id.rsplit("-", 2)[0]


@dataclass(frozen=True, slots=True)
class Cause:
    """Why rule results fail: results of one system with the same cause form one Gap.

    ``question``: the matrix column of the gap (None: the question of its most severe rule).
    ``severity``/``outcome``: fixed for the gap (None: the worst of its results). Texts live in
    the message catalogue under ``cause."<id>"`` (``title``, ``fix``). The registry is
    ``frtaudit.audit.causes.CAUSES``; a result whose message has no cause is a gap of its own,
    with the cause ID ``rule:<RULE-ID>``.
    """

    id: str
    question: Question | None = None
    severity: Severity | None = None
    outcome: Outcome | None = None


#: Prefix of the cause ID of a result without a declared cause (its own gap).
OWN_CAUSE = "rule:"


@dataclass(frozen=True, slots=True)
class Gap:
    """One cause of failure on one system, with every rule result it breaks.

    ``results`` are in rule-ID order; ``severity`` and ``outcome`` are the cause's when it fixes
    them, else the worst of the (non-advisory, if any) results. An advisory gap (every result
    advisory) is listed but never counts towards ``--fail-on``.
    """

    cause: str
    question: Question
    severity: Severity
    outcome: Outcome
    advisory: bool
    results: tuple[Result, ...]

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The rules this gap breaches."""
        return tuple(r.rule_id for r in self.results)

    @property
    def own(self) -> str:
        """The rule ID of a gap without a declared cause, else ''."""
        return self.cause[len(OWN_CAUSE) :] if self.cause.startswith(OWN_CAUSE) else ""


def fingerprint(agency: str, system_id: str, rule_id: str) -> str:
    """Stable identity of a finding: agency, system and rule, never line numbers."""
    return hashlib.sha256(f"{agency}\x1f{system_id}\x1f{rule_id}".encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class LinkResult:
    """Outcome of fetching one evidence URL."""

    url: str
    ok: bool
    detail: str  # "200", "404", "timeout", "refused: private address" ...


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a rule may know besides the system: the clock and link-check results."""

    as_of: date
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    links: Mapping[str, LinkResult] | None = None  # None: links were not checked
    #: For the EXC-* rules only: this system's raw outcomes (before waivers) of the other rules.
    results: Mapping[str, Outcome] | None = None


@dataclass(frozen=True, slots=True)
class Waiver:
    """The exception that turned a gap into ``waived`` (or that failed to)."""

    rule: str
    granted_by: str
    authority_kind: str
    instrument: str
    justification: str
    granted_on: str
    expires_on: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One kept (system, rule) result."""

    inventory: int  # index into Report.inventories
    system_index: int
    system_id: str
    system_name: str
    agency: str
    rule_id: str
    outcome: Outcome
    severity: Severity
    message_key: str
    params: Mapping[str, Any]
    field: str
    line: int | None
    waiver: Waiver | None = None
    note_key: str = ""  # extra catalogue message, e.g. why a waiver did not apply
    note_params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    advisory: bool = False

    @property
    def fingerprint(self) -> str:
        """Stable identity (agency, system, rule) for baselines and code-scanning tools."""
        return fingerprint(self.agency, self.system_id, self.rule_id)


@dataclass(frozen=True, slots=True)
class Result:
    """A kept result of one rule, without the system it is about.

    Systems alike share their Result objects (see ``engine._Plan``); a Finding is a Result
    together with its system, made only when the findings are read (``Report.findings``).
    """

    rule_id: str
    outcome: Outcome
    severity: Severity
    message_key: str
    params: Mapping[str, Any]
    field: str
    waiver: Waiver | None
    note_key: str
    note_params: Mapping[str, Any]
    advisory: bool


@dataclass(frozen=True, slots=True)
class Attestation:
    """A capability declaration made once for a group of systems (``[[capability_groups]]``)."""

    id: str
    attested_by: str
    attested_on: str
    capabilities: Mapping[str, Any]
    systems: int  # systems of the inventory it covers (that did not declare their own)


@dataclass(frozen=True, slots=True)
class InventoryInfo:
    """What a report says about one inventory file."""

    path: str
    sha256: str
    agency_id: str
    agency_name: str
    country: str
    systems: int
    frt_systems: int
    agency_name_local: str = ""
    attestations: tuple[Attestation, ...] = ()


@dataclass(frozen=True, slots=True)
class SystemRow:
    """One row of the gap matrix: a system, its worst outcome per question and its gaps."""

    inventory: int
    index: int
    system_id: str
    name: str
    frt: str  # Tri value
    line: int | None
    #: Question -> worst outcome of the system's results for it (gap results count under their
    #: gap's question; an advisory gap counts as needs_review). No key: no rule asks it.
    cells: Mapping[Question, Outcome] = dataclasses.field(default_factory=dict)
    #: The system's gaps, most severe first (then question order, then cause).
    gaps: tuple[Gap, ...] = ()
    #: What run-to-run diffs compare: declared capabilities, substantial changes, exceptions.
    snapshot: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    #: The system's kept results, in rule-ID order (deferred results included).
    kept: tuple[Result, ...] = ()
    name_local: str = ""
    attestation: str = ""  # ID of the capability group that declared its capabilities, if any

    @property
    def gap_counts(self) -> dict[str, int]:
        """Severity label -> this system's gaps that count towards ``--fail-on``."""
        out: dict[str, int] = {}
        for g in self.gaps:
            if not g.advisory:
                out[g.severity.label] = out.get(g.severity.label, 0) + 1
        return out


@dataclass(frozen=True, slots=True)
class Fleet:
    """Systems of one inventory with the same gaps and matrix cells, shown once.

    ``rows`` are indexes into ``Report.rows`` (the members, in order); ``gaps`` and ``cells``
    are those of its first member (the members' gaps have the same causes, rules, outcomes,
    severities and messages).
    """

    inventory: int
    rows: tuple[int, ...]
    gaps: tuple[Gap, ...]
    cells: Mapping[Question, Outcome]

    @property
    def size(self) -> int:
        """Number of member systems."""
        return len(self.rows)


def finding_of(row: SystemRow, result: Result, agency: str) -> Finding:
    """The finding of ``result`` about the system of ``row`` (of agency ``agency``)."""
    return Finding(
        inventory=row.inventory,
        system_index=row.index,
        system_id=row.system_id,
        system_name=row.name,
        agency=agency,
        rule_id=result.rule_id,
        outcome=result.outcome,
        severity=result.severity,
        message_key=result.message_key,
        params=result.params,
        field=result.field,
        line=row.line,
        waiver=result.waiver,
        note_key=result.note_key,
        note_params=result.note_params,
        advisory=result.advisory,
    )


class Findings:
    """The findings of a report, in (inventory, system, rule ID) order, made as they are read.

    A national run keeps millions of findings; holding each as an object was most of its
    memory. The rows hold their results (shared by systems alike) and this view pairs them
    with their system on the fly: iterate it (each pass makes new Finding objects) or take
    ``len``.
    """

    __slots__ = ("_report",)

    def __init__(self, report: Report) -> None:
        self._report = report

    def __iter__(self) -> Iterator[Finding]:
        infos = self._report.inventories
        for row in self._report.rows:
            if not row.kept:
                continue
            agency = infos[row.inventory].agency_id
            for result in row.kept:
                yield finding_of(row, result, agency)

    def __len__(self) -> int:
        return sum(len(row.kept) for row in self._report.rows)

    def __bool__(self) -> bool:
        return any(row.kept for row in self._report.rows)


@dataclass(frozen=True, slots=True)
class Baseline:
    """Comparison with an earlier json report (``--baseline``)."""

    path: str
    status: Mapping[str, str]  # fingerprint of each current gap -> "new" | "existing"
    resolved: tuple[Mapping[str, Any], ...]  # baseline gaps that are gone
    fail_on_new: bool = False

    @property
    def new(self) -> int:
        """Number of new gaps."""
        return sum(1 for v in self.status.values() if v == "new")


@dataclass(frozen=True, slots=True)
class Report:
    """The audit result: the only input every renderer takes. Never changed once made."""

    tool_version: str
    rules_version: str
    rules_hash: str
    as_of: date
    profiles: tuple[str, ...]
    params: Mapping[str, Any]
    fail_on: Severity
    rules: tuple[Rule, ...]
    inventories: tuple[InventoryInfo, ...] = ()
    #: The systems in (inventory, index) order, each with its gap-matrix cells and results.
    rows: tuple[SystemRow, ...] = ()
    #: Systems with the same gaps and cells, per inventory, in order of their first member.
    fleets: tuple[Fleet, ...] = ()
    #: The cause registry the gaps were formed with (cause ID -> Cause).
    causes: Mapping[str, Cause] = dataclasses.field(default_factory=dict)
    #: Outcome value -> number of results (of every rule on every system).
    counts: Mapping[str, int] = dataclasses.field(default_factory=dict)
    #: Severity label -> gaps (not advisory): what ``--fail-on`` counts.
    gap_counts: Mapping[str, int] = dataclasses.field(default_factory=dict)
    #: Gaps that are advisory only (listed, never counted towards ``--fail-on``).
    advisory_gaps: int = 0
    #: Rule results (fail or unknown) behind all gaps, advisory ones included.
    gap_results: int = 0
    deferred: int = 0  # unknown results waiting on undeclared capabilities (listed, in a gap)
    include_passing: bool = False
    lang: str = "en"
    #: Presentation switches that are not audit data: csv_bom, timestamp (ISO string) ...
    render_options: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    baseline: Baseline | None = None

    @property
    def findings(self) -> Findings:
        """Every kept result with its system (see Findings)."""
        return Findings(self)

    @property
    def gaps(self) -> int:
        """Number of gaps that count towards ``--fail-on`` (advisory ones not included)."""
        return sum(self.gap_counts.values())

    def gaps_at_or_above(self, threshold: Severity) -> int:
        """Number of gaps (fail or unknown, not advisory) at or above ``threshold``."""
        return sum(n for label, n in self.gap_counts.items() if Severity.parse(label) >= threshold)

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with this ID among the report's rules (None if it is not there)."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None
