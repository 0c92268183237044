"""What the answer-first reports (HTML, terminal, Markdown) show before any detail (issue 14).

Derived from a finished Report the same way for the three formats so that they agree:

* ``answers``: per system, its worst outcome for each question (legal basis, impact assessment,
  public notice, prohibited use first, then the others whose rules ran);
* ``tallies``: for each question, how many systems with face recognition pass, fail, are
  unknown ... and how many systems whose capabilities are not declared;
* ``fix_first``: gaps (one per system and cause) grouped across systems, ranked by severity and
  by the number of systems they affect;
* ``fleets``: systems of one agency with the same gaps, shown once with their number.

Texts are not made here: renderers name things in their own language and escape for their medium.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from frtaudit.i18n import Catalog
from frtaudit.model import (
    HEADLINE_QUESTIONS,
    Finding,
    Outcome,
    Question,
    Report,
    Result,
    Rule,
    Severity,
    SystemRow,
    finding_of,
)
from frtaudit.report.common import message

#: Worst first: the outcome a system shows for a question is the first of these it has.
WORST_FIRST = (
    Outcome.FAIL,
    Outcome.UNKNOWN,
    Outcome.NEEDS_REVIEW,
    Outcome.WAIVED,
    Outcome.NOT_IN_FORCE,
    Outcome.PASS,
    Outcome.NOT_APPLICABLE,
)
_RANK = {o: n for n, o in enumerate(WORST_FIRST)}

#: Gap-matrix cell (model.HEADLINES) that decides a headline question when no result is kept.
HEADLINE_CELL = {
    Question.LEGAL: "legal",
    Question.ASSESSMENT: "hria",
    Question.NOTICE: "notice",
    Question.PROHIBITED: "ban",
}

#: Inventories with more systems than this get grouped gaps and the worst systems by default.
SMALL_INVENTORY = 50


def worst(outcomes: Sequence[Outcome]) -> Outcome | None:
    """The worst of ``outcomes`` (None for none)."""
    return min(outcomes, key=_RANK.__getitem__) if outcomes else None


def questions_in(report: Report) -> list[Question]:
    """The four headline questions, then every other question a rule of the run answers."""
    asked = {r.question for r in report.rules}
    return [*HEADLINE_QUESTIONS, *(q for q in Question if q in asked and not q.headline)]


def is_gap(r: Result) -> bool:
    """A result that counts as a gap (fail or unknown, not advisory)."""
    return r.outcome.is_gap and not r.advisory


def answers(report: Report, row: SystemRow, rules: Mapping[str, Rule]) -> dict[Question, Outcome]:
    """The system's worst outcome per question (questions with no result are left out)."""
    per: dict[Question, list[Outcome]] = {}
    for r in row.kept:
        rule = rules.get(r.rule_id)
        if rule is not None:
            per.setdefault(rule.question, []).append(r.outcome)
    for question, cell in HEADLINE_CELL.items():
        outcome = row.cells.get(cell)
        if outcome is not None:
            per.setdefault(question, []).append(outcome)
    out: dict[Question, Outcome] = {}
    for question, outcomes in per.items():
        w = worst(outcomes)
        if w is not None:
            out[question] = w
    return out


@dataclass(slots=True)
class Tally:
    """One headline question: systems with face recognition by outcome, and undeclared ones."""

    question: Question
    frt: dict[str, int] = field(default_factory=dict)  # "pass" | "fail" | "unknown" | "other"
    undeclared: dict[str, int] = field(default_factory=dict)


def _bucket(outcome: Outcome | None) -> str:
    if outcome in (Outcome.PASS, Outcome.WAIVED, Outcome.NOT_APPLICABLE):
        return "pass"  # no gap for the question: it passes, is waived, or no duty applies
    if outcome is Outcome.FAIL:
        return "fail"
    if outcome is Outcome.UNKNOWN:
        return "unknown"
    return "other"  # needs review, not in force, nothing known


@dataclass(frozen=True, slots=True)
class Gap:
    """One cause of failure shared by ``systems`` (indexes into ``report.rows``)."""

    question: Question
    severity: Severity
    outcome: Outcome
    rules: tuple[str, ...]
    results: tuple[Result, ...]  # the results of the first system, for messages
    systems: tuple[int, ...]
    new: int = 0  # systems for which the gap is new since the baseline


@dataclass(frozen=True, slots=True)
class Fleet:
    """Systems of one inventory with the same answers and gaps (often one system)."""

    inventory: int
    rows: tuple[int, ...]  # indexes into report.rows, first one shown

    @property
    def size(self) -> int:
        return len(self.rows)


@dataclass(slots=True)
class Overview:
    """Everything an answer-first report shows, computed once."""

    questions: list[Question]
    answers: list[dict[Question, Outcome]]  # per report.rows index
    tallies: list[Tally]
    critical: list[int]  # rows with a critical gap, in report order
    gaps: list[Gap]  # ranked: most severe, then most systems
    fleets: list[Fleet]  # in report order
    rules: dict[str, Rule]
    new: set[str] = field(default_factory=set)  # fingerprints of new gaps (with a baseline)

    def findings(self, report: Report, n: int) -> list[Finding]:
        """The findings of ``report.rows[n]``, most severe first (in rule order within)."""
        row = report.rows[n]
        agency = report.inventories[row.inventory].agency_id
        made = [finding_of(row, r, agency) for r in row.kept]
        return sorted(made, key=lambda f: -f.severity)


def _cause_key(question: Question, results: Sequence[Result]) -> tuple[Any, ...]:
    return (question, tuple(sorted(r.rule_id for r in results)))


def build(report: Report) -> Overview:
    """The overview of ``report``."""
    rules = {r.id: r for r in report.rules}
    questions = questions_in(report)
    per_row = [answers(report, row, rules) for row in report.rows]
    tallies = [Tally(q) for q in HEADLINE_QUESTIONS]
    critical: list[int] = []
    status = report.baseline.status if report.baseline else {}
    new = {fp for fp, s in status.items() if s == "new"}
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    fleets: dict[tuple[Any, ...], list[int]] = {}
    for n, row in enumerate(report.rows):
        mine = per_row[n]
        if row.frt in ("true", "unknown"):
            for t in tallies:
                target = t.frt if row.frt == "true" else t.undeclared
                key = _bucket(mine.get(t.question))
                target[key] = target.get(key, 0) + 1
        if row.gaps.get("critical"):
            critical.append(n)
        by_question: dict[Question, list[Result]] = {}
        for r in row.kept:
            rule = rules.get(r.rule_id)
            if rule is not None and is_gap(r):
                by_question.setdefault(rule.question, []).append(r)
        agency = report.inventories[row.inventory].agency_id if report.inventories else ""
        for question, results in by_question.items():
            cause = _cause_key(question, results)
            g = groups.setdefault(cause, {"results": tuple(results), "systems": [], "new": 0})
            g["systems"].append(n)
            if new and any(finding_of(row, r, agency).fingerprint in new for r in results):
                g["new"] += 1
        signature = (
            row.inventory,
            row.frt,
            tuple(sorted((q.value, o.value) for q, o in mine.items())),
            tuple((r.rule_id, r.outcome, r.severity, r.message_key, _params(r)) for r in row.kept),
        )
        fleets.setdefault(signature, []).append(n)
    gaps = []
    for cause, g in groups.items():
        results = g["results"]
        gaps.append(
            Gap(
                question=cause[0],
                severity=max(r.severity for r in results),
                outcome=worst([r.outcome for r in results]) or Outcome.FAIL,
                rules=cause[1],
                results=results,
                systems=tuple(g["systems"]),
                new=g["new"],
            )
        )
    order = {q: i for i, q in enumerate(questions)}
    gaps.sort(key=lambda g: (-g.severity, -len(g.systems), order.get(g.question, 99), g.rules))
    fleet_list = [Fleet(report.rows[rows[0]].inventory, tuple(rows)) for rows in fleets.values()]
    fleet_list.sort(key=lambda f: f.rows[0])
    return Overview(questions, per_row, tallies, critical, gaps, fleet_list, rules, new)


def _params(r: Result) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in r.params.items()))


# -- texts shared by the three formats -------------------------------------------------------


def question_label(cat: Catalog, q: Question) -> str:
    """Short column label of a question (``Legal basis``)."""
    return cat.t(f"overview.question.{q.value}")


def question_long(cat: Catalog, q: Question) -> str:
    """The question as a question (``Does it rest on a specific legal basis?``)."""
    return cat.t(f"overview.question_long.{q.value}")


def rule_title(cat: Catalog, rule_id: str) -> str:
    """The rule's title, or its ID when it has none."""
    title = cat.raw(f"rule.{rule_id}.title")
    return title if isinstance(title, str) else rule_id


def local_value(cat: Catalog, value: str) -> str:
    """An enumerated inventory value in ``cat``'s language (``public_space`` -> ``공공장소``).

    Values without a translation, and every value in English, are kept as written.
    """
    label = cat.raw(f"overview.value.{value}") if cat.lang != "en" else None
    return label if isinstance(label, str) else value


def localized_message(cat: Catalog, f: Finding) -> str:
    """The finding's message with enumerated values translated (see ``local_value``)."""
    if cat.lang == "en" or not f.params:
        return message(cat, f)
    params = {k: _localize(cat, v) for k, v in f.params.items()}
    note = f.note_params
    if f.note_key and note:
        note = {k: _localize(cat, v) for k, v in note.items()}
    import dataclasses

    return message(cat, dataclasses.replace(f, params=params, note_params=note))


def _localize(cat: Catalog, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    parts = [p.strip() for p in value.split(",")]
    if all(isinstance(cat.raw(f"overview.value.{p}"), str) for p in parts if p):
        return ", ".join(local_value(cat, p) for p in parts)
    return value


def agency_name(cat: Catalog, report: Report, inventory: int) -> str:
    """The agency's name: its local name in a non-English report when the inventory gives one."""
    info = report.inventories[inventory]
    local = getattr(info, "agency_name_local", "") or ""
    if cat.lang != "en" and isinstance(local, str) and local:
        return local
    return info.agency_name or info.agency_id


def system_name(cat: Catalog, row: SystemRow) -> str:
    """The system's name: its local name in a non-English report when the inventory gives one."""
    local = getattr(row, "name_local", "") or ""
    if cat.lang != "en" and isinstance(local, str) and local:
        return local
    return row.name
