"""What the answer-first reports (HTML, terminal, Markdown) show before any detail (issue 14).

Read from a finished Report (its matrix cells, gaps and fleets) the same way for the three
formats so that they agree:

* ``tallies``: for each of the four headline questions, how many systems with face recognition
  pass, fail, are unknown ... and the same for systems whose capabilities are not declared;
* ``critical``: the systems with a critical gap;
* ``gaps``: the gaps (one cause on one system) grouped across systems with the same cause,
  question and rules, ranked by severity and by the number of systems they affect.

Texts are not made here: renderers name things in their own language and escape for their medium.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from frtaudit.i18n import Catalog
from frtaudit.model import (
    HEADLINE_QUESTIONS,
    OUTCOME_RANK,
    QUESTIONS,
    Finding,
    Fleet,
    Gap,
    Outcome,
    Question,
    Report,
    Rule,
    Severity,
    SystemRow,
    finding_of,
    fingerprint,
)
from frtaudit.report.common import cause_fix, cause_title, message

#: Inventories with more systems than this get grouped gaps and the worst systems by default.
SMALL_INVENTORY = 50


def worst(outcomes: list[Outcome]) -> Outcome | None:
    """The worst of ``outcomes`` (None for none), ranked as the model ranks matrix cells."""
    return max(outcomes, key=OUTCOME_RANK.__getitem__) if outcomes else None


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
    return "other"  # needs review, not in force, not covered by the profiles


@dataclass(frozen=True, slots=True)
class GapGroup:
    """One cause of failure, with the same rules, on ``systems`` (indexes into report.rows)."""

    gap: Gap  # the gap of the first system (messages and rules)
    systems: tuple[int, ...]
    new: int = 0  # systems on which the gap is new since the baseline


@dataclass(slots=True)
class Overview:
    """Everything an answer-first report shows, computed once."""

    questions: tuple[Question, ...]
    tallies: list[Tally]
    critical: list[int]  # rows with a critical gap, in report order
    gaps: list[GapGroup]  # ranked: most severe, then most systems
    fleets: tuple[Fleet, ...]
    rules: dict[str, Rule]
    new: set[str] = field(default_factory=set)  # fingerprints of new gaps (with a baseline)

    def findings(self, report: Report, n: int) -> list[Finding]:
        """The findings of ``report.rows[n]``, most severe first (in rule order within)."""
        row = report.rows[n]
        agency = report.inventories[row.inventory].agency_id
        made = [finding_of(row, r, agency) for r in row.kept]
        return sorted(made, key=lambda f: -f.severity)


def _fleets(report: Report) -> tuple[Fleet, ...]:
    if report.fleets or not report.rows:
        return report.fleets
    # a report made without fleets (by hand, in a test): every system is its own
    return tuple(
        Fleet(row.inventory, (n,), row.gaps, row.cells) for n, row in enumerate(report.rows)
    )


def build(report: Report) -> Overview:
    """The overview of ``report``."""
    rules = {r.id: r for r in report.rules}
    tallies = [Tally(q) for q in HEADLINE_QUESTIONS]
    critical: list[int] = []
    status = report.baseline.status if report.baseline else {}
    new = {fp for fp, s in status.items() if s == "new"}
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for n, row in enumerate(report.rows):
        if row.frt in ("true", "unknown"):
            for t in tallies:
                target = t.frt if row.frt == "true" else t.undeclared
                key = _bucket(row.cells.get(t.question))
                target[key] = target.get(key, 0) + 1
        if any(g.severity is Severity.CRITICAL and not g.advisory for g in row.gaps):
            critical.append(n)
        agency = report.inventories[row.inventory].agency_id if report.inventories else ""
        for gap in row.gaps:
            same = (gap.cause, gap.question, gap.rule_ids, gap.severity, gap.outcome, gap.advisory)
            g = groups.setdefault(same, {"gap": gap, "systems": [], "new": 0})
            g["systems"].append(n)
            if new and any(fingerprint(agency, row.system_id, r) in new for r in gap.rule_ids):
                g["new"] += 1
    order = {q: i for i, q in enumerate(QUESTIONS)}
    ranked = [GapGroup(g["gap"], tuple(g["systems"]), g["new"]) for g in groups.values()]
    ranked.sort(
        key=lambda g: (
            g.gap.advisory,
            -g.gap.severity,
            -len(g.systems),
            order[g.gap.question],
            g.gap.cause,
            g.gap.rule_ids,
        )
    )
    return Overview(QUESTIONS, tallies, critical, ranked, _fleets(report), rules, new)


# -- texts shared by the three formats -------------------------------------------------------


def question_label(cat: Catalog, q: Question) -> str:
    """Short column label of a question (``Legal basis``)."""
    return cat.t(f"question.{q.value}")


def question_long(cat: Catalog, q: Question) -> str:
    """The question as a question (``Does a specific legal basis authorise the processing?``)."""
    return cat.t(f"question_long.{q.value}")


def gap_title(cat: Catalog, gap: Gap) -> str:
    """What is missing: the cause's title, or its rule's when the gap has no declared cause."""
    return cause_title(cat, gap)


def gap_fix(cat: Catalog, gap: Gap) -> str:
    """How to close the gap."""
    return cause_fix(cat, gap)


def rule_title(cat: Catalog, rule_id: str) -> str:
    """The rule's title, or its ID when it has none."""
    title = cat.raw(f"rule.{rule_id}.title")
    return title if isinstance(title, str) else rule_id


def local_value(cat: Catalog, value: str) -> str:
    """An enumerated inventory value in ``cat``'s language (``public_space`` -> ``공공``).

    Values without a translation, and every value in English, are kept as written.
    """
    label = cat.raw(f"overview.value.{value}") if cat.lang != "en" else None
    return label if isinstance(label, str) else value


def localized_message(cat: Catalog, f: Finding) -> str:
    """The finding's message with enumerated values translated (see ``local_value``)."""
    if cat.lang == "en" or not (f.params or f.note_params):
        return message(cat, f)
    params = {k: _localize(cat, v) for k, v in f.params.items()}
    note = {k: _localize(cat, v) for k, v in f.note_params.items()}
    return message(cat, dataclasses.replace(f, params=params, note_params=note))


def _localize(cat: Catalog, value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    parts = [p.strip() for p in value.split(",")]
    if all(isinstance(cat.raw(f"overview.value.{p}"), str) for p in parts):
        return ", ".join(local_value(cat, p) for p in parts)
    return value


def agency_name(cat: Catalog, report: Report, inventory: int) -> str:
    """The agency's name: its local name (``name_local``) in a non-English report if given."""
    info = report.inventories[inventory]
    if cat.lang != "en" and info.agency_name_local:
        return info.agency_name_local
    return info.agency_name or info.agency_id


def system_name(cat: Catalog, row: SystemRow) -> str:
    """The system's name: its local name (``name_local``) in a non-English report if given."""
    if cat.lang != "en" and row.name_local:
        return row.name_local
    return row.name
