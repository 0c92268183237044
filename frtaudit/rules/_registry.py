"""The rule registry and the small vocabulary rule modules are written in.

A rule is one decorated function: ``@rule(...)`` records its ID, severity, profiles, citations,
applicability predicate and its doc examples; the texts (title, what it checks, why it matters,
how to fix, known limits, messages) live in the message catalogue under ``rule."<ID>"``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from frtaudit.model import Citation, Context, Outcome, Question, Rule, Severity, Verdict
from frtaudit.rules.facts import ALWAYS, Predicate, System

Check = Callable[[System, Context], Verdict]
#: A check that also takes the date a gate found (see :func:`gated`).
DatedCheck = Callable[[System, Context, date | None], Verdict]
#: A gate: a verdict that settles the rule before its check (or None), and a date for the check.
Gate = Callable[[System, Context], tuple[Verdict | None, date | None]]

#: Every rule, by ID, in registration order (the order of the catalogue and of reports).
RULES: dict[str, Rule] = {}

PASS = Verdict(Outcome.PASS)


def fail(key: str, field: str = "", severity: Severity | None = None, **params: Any) -> Verdict:
    """A gap; ``key`` names the message under the rule's ``msg`` table."""
    return Verdict(Outcome.FAIL, key, params, field, severity)


def unknown(key: str, field: str = "", **params: Any) -> Verdict:
    """The inventory does not say enough to decide (never a pass)."""
    return Verdict(Outcome.UNKNOWN, key, params, field)


def review(key: str = "review", field: str = "", **params: Any) -> Verdict:
    """A requirement only a person can judge: what the reviewer must check."""
    return Verdict(Outcome.NEEDS_REVIEW, key, params, field)


def not_applicable(key: str, **params: Any) -> Verdict:
    """The rule does not apply to this system, for the reason named by ``key``."""
    return Verdict(Outcome.NOT_APPLICABLE, key, params)


def not_in_force(key: str, **params: Any) -> Verdict:
    """The duty exists but starts after the audit date."""
    return Verdict(Outcome.NOT_IN_FORCE, key, params)


def cite(source: str, *pinpoints: str) -> tuple[Citation, ...]:
    """Citations of one instrument: ``cite("pipa", "Art. 25(1)", "Art. 25(4)")``."""
    return tuple(Citation(source, p) for p in pinpoints)


def rule(
    id: str,
    *,
    severity: Severity,
    question: Question,
    profiles: Iterable[str],
    citations: Iterable[Citation],
    applies: Predicate = ALWAYS,
    headline: str | None = None,
    fail_closed: bool = False,
    waivable: bool = True,
    automated: bool = True,
    in_force_from: date | None = None,
    advisory: bool = False,
    advisory_unless: str = "",
    example_fail: str = "",
    example_pass: str = "",
    uncertain: bool = False,
    uses_exceptions: bool = False,
    soft_law: bool = False,
) -> Callable[[Check], Check]:
    """Register the decorated check as rule ``id``."""

    def register(check: Check) -> Check:
        if id in RULES:
            raise ValueError(f"duplicate rule id: {id}")
        RULES[id] = Rule(
            id=id,
            severity=severity,
            profiles=tuple(profiles),
            citations=tuple(citations),
            applies=applies,
            check=check,
            question=question,
            headline=headline,
            fail_closed=fail_closed,
            waivable=waivable,
            automated=automated,
            in_force_from=in_force_from,
            advisory=advisory,
            advisory_unless=advisory_unless,
            example_fail=example_fail.strip("\n"),
            example_pass=example_pass.strip("\n"),
            uncertain=uncertain,
            uses_exceptions=uses_exceptions,
            soft_law=soft_law,
        )
        return check

    return register


def gated(gate: Gate) -> Callable[[DatedCheck], Check]:
    """Put ``gate`` in front of dated checks: a transitional rule that can settle a duty.

    The EU AI Act's Art. 111(2) legacy rule and RCW 43.386.020(8)'s contract rule work alike:
    the gate either decides the rule itself (a definite verdict), or says nothing and hands a
    date to the check (when the duty caught up with the system), or is unsure (``unknown``).
    An unsure gate yields to a passing check and otherwise is the answer.
    """

    def wrap(check: DatedCheck) -> Check:
        @functools.wraps(check)
        def wrapped(s: System, ctx: Context) -> Verdict:
            verdict_of_gate, since = gate(s, ctx)
            if verdict_of_gate is not None and verdict_of_gate.outcome is not Outcome.UNKNOWN:
                return verdict_of_gate
            verdict = check(s, ctx, since)
            if verdict_of_gate is not None and verdict.outcome is not Outcome.PASS:
                return verdict_of_gate
            return verdict

        return wrapped

    return wrap
