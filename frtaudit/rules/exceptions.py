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


#: What NHRCK item (v) asks an exception to the ban to state: its permitted grounds, its scope
#: and the procedure for using it.
EXCEPTION_TERMS = ("grounds", "scope", "procedure")
#: The prohibitions item (v) speaks of: the ban on real-time remote face recognition and the
#: moratorium that holds it until a law exists. A statutory exception to them that does not
#: state its grounds, scope and procedure waives nothing. Other prohibitions (AI Act Art. 5,
#: PIPA Art. 25(2)) take their exceptions from their own law; for them, and for every other
#: exception, EXC-001 reports missing terms as a documentation gap only.
ITEM_V_RULES = frozenset({"NHRCK-BAN-001", "NHRCK-MORA-001"})


def missing_terms(exc: Mapping[str, Any]) -> list[str]:
    """Which of grounds, scope and procedure the exception leaves blank.

    An EU Art. 5(1)(h) ``objective`` names the ground as well.
    """
    missing = []
    for key in EXCEPTION_TERMS:
        value = exc.get(key)
        if key == "grounds" and not (isinstance(value, str) and value.strip()):
            value = exc.get("objective")
        if not (isinstance(value, str) and value.strip()):
            missing.append(key)
    return missing


def waiver_problem(exc: Mapping[str, Any], target: Rule, as_of: date) -> tuple[str, dict[str, Any]]:
    """Why ``exc`` does not waive ``target`` on ``as_of``: ``("", {})`` when it does.

    The one place that decides whether an exception waives a gap: the engine applies it, and
    EXC-001 and EXC-002 report the same reasons. A non-waivable rule yields only to an
    exception of kind ``statute`` (``not_waivable``); the NHRCK ban and moratorium only to one
    that states its grounds, scope and procedure (``incomplete``, NHRCK item (v), see
    ``ITEM_V_RULES``); see :func:`dating_problem` for the rest.
    """
    kind = str(exc.get("authority_kind", ""))
    if not target.waivable and kind != "statute":
        return "not_waivable", {"kind": kind}
    problem, params = dating_problem(exc, as_of)
    if problem:
        return problem, params
    if target.id in ITEM_V_RULES and (missing := missing_terms(exc)):
        return "incomplete", {"fields": ", ".join(missing)}
    return "", {}


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
  { rule = "NHRCK-HRIA-001", granted_by = "Ministry of the Interior", authority_kind = "minister", instrument = "Directive 2023-14", justification = "Pilot before the HRIA", granted_on = 2023-01-01 },
]
""",
    example_pass="""
[[systems]]
exceptions = [
  { rule = "NHRCK-HRIA-001", granted_by = "Ministry of the Interior", authority_kind = "minister", instrument = "Directive 2026-03", justification = "HRIA under way; pilot limited to one gate", grounds = "pilot of a system whose HRIA is commissioned and under way", scope = "gate 3 of the east building only, staff who opted in, until the HRIA is delivered", procedure = "weekly report to the ministry; the pilot stops if the HRIA is not delivered by the expiry date", granted_on = 2026-06-01, expires_on = 2027-05-31 },
]
""",
)
def exceptions_valid(s: System, ctx: Context) -> Verdict:
    results = ctx.results or {}
    stale: list[str] = []
    thin: Verdict | None = None  # the first exception that does not state its terms
    for i, exc in enumerate(s.items("exceptions")):
        rid = str(exc.get("rule", ""))
        field = f"exceptions[{i}]"
        if rid not in RULES:
            return fail("unknown_rule", f"{field}.rule", rule_id=rid)
        target = RULES[rid]
        problem, params = waiver_problem(exc, target, ctx.as_of)
        if problem == "not_waivable":
            continue  # void whatever it says: EXC-002 reports it
        if problem == "undated":
            if as_date(exc.get("expires_on")) is None:
                return fail("no_expiry", f"{field}.expires_on", rule_id=rid)
            return fail("undated", f"{field}.granted_on", rule_id=rid)
        if problem == "expired":
            return fail("expired", f"{field}.expires_on", rule_id=rid, **params)
        if problem == "not_yet":
            return fail("premature", f"{field}.granted_on", rule_id=rid, **params)
        if problem == "incomplete":
            return fail("incomplete_prohibition", field, rule_id=rid, **params)
        missing = missing_terms(exc)
        if missing and thin is None:
            thin = fail(
                "incomplete", field, Severity.MEDIUM, rule_id=rid, fields=", ".join(missing)
            )
        if (
            results.get(rid) in (Outcome.PASS, Outcome.NOT_APPLICABLE)
            and not target.uses_exceptions
        ):
            stale.append(rid)
    if thin is not None:
        return thin
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
