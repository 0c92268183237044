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
    headline: str | None = None  # gap-matrix column this rule feeds
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


#: Gap-matrix columns in display order; each is fed by the rule whose ``headline`` names it.
HEADLINES = ("caps", "legal", "hria", "notice", "ban")


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
class InventoryInfo:
    """What a report says about one inventory file."""

    path: str
    sha256: str
    agency_id: str
    agency_name: str
    country: str
    systems: int
    frt_systems: int


@dataclass(frozen=True, slots=True)
class SystemRow:
    """One row of the gap matrix: a system and its headline outcomes."""

    inventory: int
    index: int
    system_id: str
    name: str
    frt: str  # Tri value
    line: int | None
    cells: Mapping[str, Outcome] = dataclasses.field(default_factory=dict)
    gaps: Mapping[str, int] = dataclasses.field(default_factory=dict)  # severity label -> gaps
    #: What run-to-run diffs compare: declared capabilities, substantial changes, exceptions.
    snapshot: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    #: The system's kept results, in rule-ID order.
    kept: tuple[Result, ...] = ()


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
    #: Outcome value -> number of results.
    counts: Mapping[str, int] = dataclasses.field(default_factory=dict)
    #: Severity label -> gaps (fail or unknown, not advisory).
    gap_counts: Mapping[str, int] = dataclasses.field(default_factory=dict)
    deferred: int = 0  # results folded into INV-CAP-001 because capabilities are undeclared
    include_passing: bool = False
    lang: str = "en"
    #: Presentation switches that are not audit data: csv_bom, timestamp (ISO string) ...
    render_options: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    baseline: Baseline | None = None

    @property
    def findings(self) -> Findings:
        """Every kept result with its system (see Findings)."""
        return Findings(self)

    def gaps_at_or_above(self, threshold: Severity) -> int:
        """Number of gaps (fail or unknown, not advisory) at or above ``threshold``."""
        return sum(n for label, n in self.gap_counts.items() if Severity.parse(label) >= threshold)
