"""Exceptions (waivers) themselves (all profiles): rules.md section 4.8, ``EXC-*``.

The engine applies a valid exception to the rule it names (``waived``); these two rules judge
the exceptions: expired, premature, unknown-rule and stale ones (EXC-001), and attempts to
waive a non-waivable prohibition without a statute (EXC-002). They run after the other rules
and see this system's raw outcomes in ``ctx.results``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from frtaudit.model import (
    EVERY_PROFILE,
    Context,
    Outcome,
    Question,
    Rule,
    Severity,
    Tri,
    Verdict,
)
from frtaudit.rules._registry import PASS, RULES, cite, fail, rule
from frtaudit.rules.facts import System, as_date, where

HAS_EXCEPTIONS = where("HAS_EXCEPTIONS", lambda s: Tri.TRUE if s.items("exceptions") else Tri.FALSE)


def dating_problem(exc: Mapping[str, Any], as_of: date) -> tuple[str, dict[str, Any]]:
    """Why the exception ``exc`` is not in effect on ``as_of``: ``("", {})`` when it is.

    In effect means granted on or before ``as_of`` and expiring on or after it (the expiry
    day itself still counts). Without both dates an exception is in effect on no day.
    Problems: ``undated``, ``not_yet`` (granted later), ``expired`` (expired earlier).
    """
    granted, expires = as_date(exc.get("granted_on")), as_date(exc.get("expires_on"))
    if granted is None or expires is None:
        return "undated", {}
    if granted > as_of:
        return "not_yet", {"date": granted.isoformat()}
    if expires < as_of:
        return "expired", {"date": expires.isoformat()}
    return "", {}


def waiver_problem(exc: Mapping[str, Any], target: Rule, as_of: date) -> tuple[str, dict[str, Any]]:
    """Why ``exc`` does not waive ``target`` on ``as_of``: ``("", {})`` when it does.

    The one place that decides whether an exception waives a gap: the engine applies it, and
    EXC-001 and EXC-002 report the same reasons. A non-waivable rule yields only to an
    exception of kind ``statute`` (``not_waivable``); see :func:`dating_problem` for the rest.
    """
    kind = str(exc.get("authority_kind", ""))
    if not target.waivable and kind != "statute":
        return "not_waivable", {"kind": kind}
    return dating_problem(exc, as_of)


@rule(
    "EXC-001",
    severity=Severity.HIGH,
    question=Question.INVENTORY,
    profiles=EVERY_PROFILE,
    citations=(
        *cite("nhrck-2023", "item (v): exceptions need grounds, scope and procedure"),
        *cite("eu-aia", "Art. 5(3)"),
        *cite("rcw", ".080"),
    ),
    applies=HAS_EXCEPTIONS,
    example_fail="""
[[systems]]
exceptions = [
  { rule = "NHRCK-HRIA-001", granted_by = "Ministry of the Interior", authority_kind = "minister", instrument = "Directive 2023-14", justification = "Pilot before the HRIA", granted_on = 2023-01-01, expires_on = 2024-12-31 },
]
""",
    example_pass="""
[[systems]]
exceptions = [
  { rule = "NHRCK-HRIA-001", granted_by = "Ministry of the Interior", authority_kind = "minister", instrument = "Directive 2026-03", justification = "HRIA under way; pilot limited to one gate", granted_on = 2026-06-01, expires_on = 2027-05-31 },
]
""",
)
def exceptions_valid(s: System, ctx: Context) -> Verdict:
    results = ctx.results or {}
    stale: list[str] = []
    for i, exc in enumerate(s.items("exceptions")):
        rid = str(exc.get("rule", ""))
        field = f"exceptions[{i}]"
        if rid not in RULES:
            return fail("unknown_rule", f"{field}.rule", rule_id=rid)
        problem, params = dating_problem(exc, ctx.as_of)
        if problem == "undated":
            return fail("undated", field, rule_id=rid)
        if problem == "expired":
            return fail("expired", f"{field}.expires_on", rule_id=rid, **params)
        if problem == "not_yet":
            return fail("premature", f"{field}.granted_on", rule_id=rid, **params)
        if (
            results.get(rid) in (Outcome.PASS, Outcome.NOT_APPLICABLE)
            and not RULES[rid].uses_exceptions
        ):
            stale.append(rid)
    if stale:
        return fail("stale", "exceptions", Severity.LOW, rules=", ".join(stale))
    return PASS


@rule(
    "EXC-002",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=EVERY_PROFILE,
    citations=(
        *cite("nhrck-2023", "moratorium on real-time remote FRT until a law exists"),
        *cite("eu-aia", "Art. 5(1)(e), (f), (g)"),
        *cite("pipa", "Art. 25(2)"),
    ),
    applies=HAS_EXCEPTIONS,
    example_fail="""
[[systems]]
exceptions = [
  { rule = "NHRCK-BAN-001", granted_by = "Head of the control centre", authority_kind = "internal", instrument = "Internal memo 7", justification = "Trial for the festival", granted_on = 2026-01-01, expires_on = 2027-01-01 },
]
""",
    example_pass="""
[[systems]]
exceptions = [
  { rule = "NHRCK-HRIA-001", granted_by = "Ministry of the Interior", authority_kind = "minister", instrument = "Directive 2026-03", justification = "HRIA under way; pilot limited to one gate", granted_on = 2026-06-01, expires_on = 2027-05-31 },
]
""",
)
def no_self_waived_prohibition(s: System, ctx: Context) -> Verdict:
    for i, exc in enumerate(s.items("exceptions")):
        target = RULES.get(str(exc.get("rule", "")))
        if target is None:
            continue
        problem, params = waiver_problem(exc, target, ctx.as_of)
        if problem == "not_waivable":
            return fail(
                "not_waivable", f"exceptions[{i}].authority_kind", rule_id=target.id, **params
            )
    return PASS
