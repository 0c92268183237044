"""Washington State, RCW 43.386 (profile ``us-wa``): rules.md section 4.5.

The chapter binds state and local agencies (``STATE``) from 2021-07-01 (RCW 43.386.901).
Agencies exempt under .090 (federal mandate, airport/seaport travel verification) or .100
(Department of Licensing) are not applicable. Services already under contract on 2021-07-01
are covered by the .020 duties only from the contract's renewal or extension (.020(8),
``contract_gate``). Texts are in the catalogue under ``rule."US-WA-..."``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from frtaudit.model import Context, Question, Severity, Tri, Verdict
from frtaudit.rules._registry import PASS, cite, fail, gated, not_in_force, review, rule, unknown
from frtaudit.rules.facts import ACTIVE_, FRT, LE, RT, STATE, US_WA, Predicate, System, as_date

PROFILE = ("us-wa",)
IN_FORCE = date(2021, 7, 1)  # RCW 43.386.901
CONTRACT_CUTOFF = date(2021, 7, 1)  # default of wa_contract_cutoff (.020(8))

EXEMPTIONS = frozenset({"federal_mandate", "airport_seaport", "licensing"})
#: Authorisations that allow ongoing or real-time use under .080(1).
WARRANT_KINDS = frozenset({"warrant", "judicial"})
COURT_ORDER_PURPOSES = frozenset({"missing_person", "deceased_person"})
REPORT_ITEMS = ("a", "b", "c", "d", "e", "f", "g", "h")


def _not_exempt(s: System) -> tuple[Tri, str]:
    if s.get("wa", "exemption") in EXEMPTIONS:
        return Tri.FALSE, "WA_EXEMPT"
    return Tri.TRUE, "WA_EXEMPT"


def _legal_effects(s: System) -> tuple[Tri, str]:
    return s.tri("purpose", "legal_effects"), "WA_LEGAL_EFFECTS"


def _tracking(s: System) -> tuple[Tri, str]:
    value = s.cap("face_tracking")
    return value, ("FRT" if value is Tri.UNKNOWN else "WA_TRACKING")


def _rt_or_tracking(s: System) -> tuple[Tri, str]:
    rt, r1 = RT(s)
    track, r2 = _tracking(s)
    if rt is Tri.TRUE:
        return rt, r1
    if track is Tri.TRUE:
        return track, r2
    if rt is Tri.UNKNOWN:
        return rt, r1
    if track is Tri.UNKNOWN:
        return track, r2
    return Tri.FALSE, "WA_RT_OR_TRACKING"


WA_NOT_EXEMPT = Predicate(("WA_EXEMPT",), _not_exempt)
LEGAL_EFFECTS = Predicate(("WA_LEGAL_EFFECTS",), _legal_effects)
RT_OR_TRACKING = Predicate(("WA_RT_OR_TRACKING", "RT", "WA_TRACKING"), _rt_or_tracking)
#: Every RCW 43.386 duty: a Washington state or local agency's FRT, unless exempt.
WA = US_WA & STATE & FRT & WA_NOT_EXEMPT


# -- shared ------------------------------------------------------------------------------------
def _param_date(ctx: Context, name: str, default: date) -> date:
    return as_date(ctx.params.get(name)) or default


def contract_gate(s: System, ctx: Context) -> tuple[Verdict | None, date | None]:
    """.020(8): (verdict that replaces the check, renewal date the duty binds from).

    A service under contract before ``wa_contract_cutoff`` is covered only once the contract
    is renewed or extended; a renewal on or before the cutoff means none since. Missing dates
    give ``unknown``, returned only if the check itself does not pass.
    """
    vendor = s.table("vendor")
    if not vendor:
        return None, None  # no supplier contract recorded (in-house service)
    cutoff = _param_date(ctx, "wa_contract_cutoff", CONTRACT_CUTOFF)
    since = as_date(vendor.get("contract_since"))
    if since is None:
        return unknown("common.wa_contract_unknown", "vendor.contract_since"), None
    if since >= cutoff:
        return None, None
    renewed = as_date(vendor.get("contract_renewed_on"))
    if renewed is None:
        return unknown(
            "common.wa_contract_renewal_unknown",
            "vendor.contract_renewed_on",
            since=since.isoformat(),
        ), None
    if renewed <= cutoff:
        return not_in_force("common.wa_contract_not_renewed", since=since.isoformat()), None
    if renewed > ctx.as_of:
        return not_in_force(
            "common.wa_contract_pending", since=since.isoformat(), date=renewed.isoformat()
        ), None
    return None, renewed


#: Wrap a .020 check with the .020(8) contract rule.
with_contract_rule = gated(contract_gate)


def _start(s: System, renewed: date | None) -> date | None:
    """When the duty to act "before developing, procuring or using" fell due."""
    if renewed is not None:
        return renewed
    dates = [
        d
        for d in (
            s.date_of("development_started_on"),
            s.date_of("first_use_on"),
            as_date(s.get("vendor", "contract_since")),
        )
        if d is not None
    ]
    return min(dates) if dates else None


def _operational_start(s: System, renewed: date | None) -> date | None:
    return renewed if renewed is not None else s.date_of("first_use_on")


def _in_use(s: System) -> bool:
    return s.status in ("pilot", "operational", "suspended", "decommissioned")


def _report_date(s: System) -> date | None:
    dates = [
        d
        for a in s.assessments("wa_accountability_report")
        if (d := as_date(a.get("completed_on"))) is not None
    ]
    final = as_date(s.get("wa", "report_final_on"))
    if final is not None:
        dates.append(final)
    return min(dates) if dates else None


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


WA_AGENCY = """
[agency]
country = "US"
subdivision = "US-WA"
kind = "law_enforcement"
is_public_body = true
is_law_enforcement = true
legislative_authority = "County council"
"""
WA_SYSTEM = """
[[systems]]
first_use_on = 2024-03-01
device = { kind = "software_only" }
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
"""


# -- .020: notice, accountability report, consultation, publication -----------------------------
@rule(
    "US-WA-020-001",
    severity=Severity.HIGH,
    question=Question.NOTICE,
    profiles=PROFILE,
    citations=(*cite("rcw", ".020(1)", ".020(8)", ".090"),),
    applies=WA,
    in_force_from=IN_FORCE,
    example_fail=WA_AGENCY + WA_SYSTEM + "wa = { notice_of_intent_filed_on = 2024-05-01 }\n",
    example_pass=WA_AGENCY + WA_SYSTEM + "wa = { notice_of_intent_filed_on = 2023-01-10 }\n",
)
@with_contract_rule
def notice_of_intent(s: System, ctx: Context, renewed: date | None) -> Verdict:
    filed = as_date(s.get("wa", "notice_of_intent_filed_on"))
    start = _start(s, renewed)
    if filed is None:
        if start is None and not _in_use(s):
            return unknown("not_yet", "wa.notice_of_intent_filed_on")
        return fail("none", "wa.notice_of_intent_filed_on")
    if start is None:
        if _in_use(s):
            return unknown("no_start", "first_use_on")
    elif filed > start:
        return fail(
            "late", "wa.notice_of_intent_filed_on", filed=filed.isoformat(), start=start.isoformat()
        )
    if not s.agency.get("legislative_authority"):
        return unknown("no_authority", "agency.legislative_authority")
    return PASS


@rule(
    "US-WA-020-002",
    severity=Severity.HIGH,
    question=Question.ASSESSMENT,
    profiles=PROFILE,
    citations=(*cite("rcw", ".020(2)(a)-(h)", ".020(6)"),),
    applies=WA,
    in_force_from=IN_FORCE,
    example_fail=WA_AGENCY
    + WA_SYSTEM
    + """assessments = [
  { kind = "wa_accountability_report", completed_on = 2023-06-01 },
]
wa = { report_items = ["a", "b", "c", "d", "e"], error_rate_plan = false }
vendor = { name = "FaceSearch Inc.", contract_since = 2023-09-01, bias_disclosure_required = true }
""",
    example_pass=WA_AGENCY
    + WA_SYSTEM
    + """assessments = [
  { kind = "wa_accountability_report", completed_on = 2023-06-01 },
]
wa = { report_items = ["a", "b", "c", "d", "e", "f", "g", "h"], false_match_rate = 0.001, error_rate_plan = true }
vendor = { name = "FaceSearch Inc.", contract_since = 2023-09-01, bias_disclosure_required = true }
""",
)
@with_contract_rule
def accountability_report(s: System, ctx: Context, renewed: date | None) -> Verdict:
    done = _report_date(s)
    if done is None:
        if any(True for _ in s.assessments("wa_accountability_report")):
            return unknown("undated", "assessments")
        return fail("none", "assessments")
    w = s.table("wa")
    items = w.get("report_items")
    if not isinstance(items, list):
        return unknown("items_unknown", "wa.report_items")
    missing = [x for x in REPORT_ITEMS if x not in items]
    if missing:
        return fail("items_missing", "wa.report_items", items=", ".join(f"({x})" for x in missing))
    if not isinstance(w.get("false_match_rate"), (int, float)):
        return fail("no_fmr", "wa.false_match_rate")
    plan = Tri.of(w.get("error_rate_plan"))
    if plan is Tri.FALSE:
        return fail("no_error_plan", "wa.error_rate_plan")
    if plan is Tri.UNKNOWN:
        return unknown("error_plan_unknown", "wa.error_rate_plan")
    if s.table("vendor"):
        bias = s.tri("vendor", "bias_disclosure_required")
        if bias is Tri.FALSE:
            return fail("no_bias_disclosure", "vendor.bias_disclosure_required")
        if bias is Tri.UNKNOWN:
            return unknown("bias_unknown", "vendor.bias_disclosure_required")
    start = _start(s, renewed)
    if start is None:
        if _in_use(s):
            return unknown("no_start", "first_use_on")
    elif done > start:
        return fail("late", "assessments", done=done.isoformat(), start=start.isoformat())
    return PASS


@rule(
    "US-WA-020-003",
    severity=Severity.HIGH,
    question=Question.NOTICE,
    profiles=PROFILE,
    citations=(*cite("rcw", ".020(3)", ".020(5)"),),
    applies=WA,
    in_force_from=IN_FORCE,
    example_fail=WA_AGENCY
    + WA_SYSTEM
    + """wa = { comment_period_start = 2023-07-01, comment_period_end = 2023-08-15, community_meetings = 1, report_final_on = 2023-09-01, report_public_release_on = 2024-02-01, report_submitted_on = 2024-02-01 }
""",
    example_pass=WA_AGENCY
    + WA_SYSTEM
    + """wa = { comment_period_start = 2023-07-01, comment_period_end = 2023-08-15, community_meetings = 3, report_final_on = 2023-09-01, report_public_release_on = 2023-09-15, report_submitted_on = 2023-09-15 }
""",
)
@with_contract_rule
def consultation_and_publication(s: System, ctx: Context, renewed: date | None) -> Verdict:
    w = s.table("wa")
    meetings = w.get("community_meetings")
    minimum = int(ctx.params.get("wa_min_meetings", 3))
    if isinstance(meetings, int) and meetings < minimum:
        return fail("few_meetings", "wa.community_meetings", n=meetings, min=minimum)
    end = as_date(w.get("comment_period_end"))
    final = as_date(w.get("report_final_on"))
    if end is not None and final is not None and end > final:
        return fail(
            "comment_after_final",
            "wa.comment_period_end",
            end=end.isoformat(),
            final=final.isoformat(),
        )
    days = int(ctx.params.get("wa_prepublication_days", 90))
    start = _operational_start(s, renewed)
    for key, msg in (
        ("report_public_release_on", "late_release"),
        ("report_submitted_on", "late_submission"),
    ):
        on = as_date(w.get(key))
        if on is not None and start is not None and on > start - timedelta(days=days):
            return fail(
                msg,
                f"wa.{key}",
                on=on.isoformat(),
                start=start.isoformat(),
                days=days,
                gap=(start - on).days,
            )
    if not isinstance(meetings, int):
        return unknown("meetings_unknown", "wa.community_meetings")
    if end is None or as_date(w.get("comment_period_start")) is None:
        return unknown("comment_unknown", "wa.comment_period_start")
    if as_date(w.get("report_public_release_on")) is None:
        return unknown("release_unknown", "wa.report_public_release_on")
    if as_date(w.get("report_submitted_on")) is None:
        return unknown("submission_unknown", "wa.report_submitted_on")
    if start is None and _in_use(s):
        return unknown("no_start", "first_use_on")
    return PASS


@rule(
    "US-WA-020-004",
    severity=Severity.MEDIUM,
    question=Question.ASSESSMENT,
    profiles=PROFILE,
    citations=(*cite("rcw", ".020(4)", ".020(7)"),),
    applies=WA & ACTIVE_,
    in_force_from=IN_FORCE,
    example_fail=WA_AGENCY + WA_SYSTEM + "wa = { report_final_on = 2023-09-01 }\n",
    example_pass=WA_AGENCY
    + WA_SYSTEM
    + "wa = { report_final_on = 2023-09-01, report_updated_on = 2025-08-20 }\n",
)
@with_contract_rule
def report_updated(s: System, ctx: Context, renewed: date | None) -> Verdict:
    w = s.table("wa")
    dates = [d for d in (as_date(w.get("report_updated_on")), _report_date(s)) if d is not None]
    if not dates:
        return unknown("undated", "wa.report_updated_on")
    latest = max(dates)
    purpose_changes = [
        d
        for c in s.items("changes")
        if c.get("kind") == "purpose"
        and c.get("substantial") is not False
        and (d := as_date(c.get("date"))) is not None
        and latest < d <= ctx.as_of
    ]
    if purpose_changes:
        return fail(
            "new_purpose",
            "changes",
            changed=max(purpose_changes).isoformat(),
            latest=latest.isoformat(),
        )
    years = int(ctx.params.get("wa_update_years", 2))
    due = _add_years(latest, years)
    if due < ctx.as_of:
        return fail(
            "stale",
            "wa.report_updated_on",
            latest=latest.isoformat(),
            due=due.isoformat(),
            years=years,
        )
    return PASS


@rule(
    "US-WA-020-005",
    severity=Severity.LOW,
    question=Question.NOTICE,
    profiles=PROFILE,
    citations=(
        *cite("sb-6280", "annual-report and community-meeting provisions"),
        *cite("rcw", ".020 (no annual-report duty as codified)"),
    ),
    applies=WA & ACTIVE_,
    in_force_from=IN_FORCE,
    advisory=True,
    example_fail=WA_AGENCY
    + """annual_reports = [
  { year = 2024, url = "https://sheriff.example.gov/frt-2024", published_on = 2025-02-01 },
]
"""
    + WA_SYSTEM,
    example_pass=WA_AGENCY
    + """annual_reports = [
  { year = 2025, url = "https://sheriff.example.gov/frt-2025", published_on = 2026-02-01, community_meeting_on = 2026-03-10 },
]
"""
    + WA_SYSTEM,
)
@with_contract_rule
def annual_report(s: System, ctx: Context, renewed: date | None) -> Verdict:
    reports = [
        (d, r)
        for r in s.agency.get("annual_reports") or []
        if isinstance(r, Mapping) and (d := as_date(r.get("published_on"))) and d <= ctx.as_of
    ]
    if not reports:
        return fail("none", "agency.annual_reports")
    published, latest = max(reports, key=lambda p: p[0])
    if ctx.as_of - published > timedelta(days=366 + 90):
        return fail("stale", "agency.annual_reports", published=published.isoformat())
    meeting = as_date(latest.get("community_meeting_on"))
    if meeting is None:
        return fail("no_meeting", "agency.annual_reports")
    window = int(ctx.params.get("wa_annual_meeting_days", 60))
    if meeting > published + timedelta(days=window):
        return fail(
            "late_meeting",
            "agency.annual_reports",
            meeting=meeting.isoformat(),
            published=published.isoformat(),
            days=window,
        )
    return PASS


# -- .030-.060: human review, testing, independent tests, training --------------------------------
@rule(
    "US-WA-030-001",
    severity=Severity.HIGH,
    question=Question.OVERSIGHT,
    profiles=PROFILE,
    citations=(*cite("rcw", ".030", ".010(7)"),),
    applies=WA & LEGAL_EFFECTS,
    in_force_from=IN_FORCE,
    example_fail=WA_AGENCY
    + WA_SYSTEM
    + """purpose = { primary = "criminal_investigation", legal_effects = true }
oversight = { human_review_required = true, reviewer_can_override = false }
""",
    example_pass=WA_AGENCY
    + WA_SYSTEM
    + """purpose = { primary = "criminal_investigation", legal_effects = true }
oversight = { human_review_required = true, reviewer_can_override = true, training_last_on = 2026-05-01, training_interval_months = 12 }
""",
)
def human_review(s: System, ctx: Context) -> Verdict:
    if s.get("capabilities", "decision_type") == "final_automated":
        return fail("automated", "capabilities.decision_type")
    for key, msg in (
        ("human_review_required", "no_review"),
        ("reviewer_can_override", "no_authority"),
    ):
        value = s.tri("oversight", key)
        if value is Tri.FALSE:
            return fail(msg, f"oversight.{key}")
        if value is Tri.UNKNOWN:
            return unknown(f"{msg}_unknown", f"oversight.{key}")
    o = s.table("oversight")
    if not o.get("training_last_on") and not o.get("training_url"):
        return fail("untrained", "oversight.training_last_on")
    return PASS


@rule(
    "US-WA-040-001",
    severity=Severity.HIGH,
    question=Question.ACCURACY,
    profiles=PROFILE,
    citations=(*cite("rcw", ".040"),),
    applies=WA & LEGAL_EFFECTS,
    in_force_from=IN_FORCE,
    example_fail=WA_AGENCY
    + WA_SYSTEM
    + """purpose = { primary = "criminal_investigation", legal_effects = true }
testing = [
  { kind = "nist_frte_1toN", performed_on = 2023-10-01 },
]
""",
    example_pass=WA_AGENCY
    + WA_SYSTEM
    + """purpose = { primary = "criminal_investigation", legal_effects = true }
testing = [
  { kind = "operational_field", performed_on = 2024-01-15, performed_by = "Sheriff's office with vendor guidance" },
]
""",
)
def operational_test(s: System, ctx: Context) -> Verdict:
    tests = [t for t in s.items("testing") if t.get("kind") == "operational_field"]
    if not tests:
        return fail("none", "testing")
    dated = [d for t in tests if (d := as_date(t.get("performed_on"))) and d <= ctx.as_of]
    if not dated:
        return unknown("undated", "testing")
    first = s.date_of("first_use_on")
    if first is None:
        if _in_use(s):
            return unknown("no_start", "first_use_on")
        return PASS
    if min(dated) > first:
        return fail("late", "testing", done=min(dated).isoformat(), start=first.isoformat())
    return PASS


@rule(
    "US-WA-050-001",
    severity=Severity.HIGH,
    question=Question.ACCURACY,
    profiles=PROFILE,
    citations=(*cite("rcw", ".050"),),
    applies=WA,
    in_force_from=IN_FORCE,
    example_fail=WA_AGENCY
    + WA_SYSTEM
    + 'vendor = { name = "FaceSearch Inc.", independent_test_api = false }\n',
    example_pass=WA_AGENCY
    + WA_SYSTEM
    + 'vendor = { name = "FaceSearch Inc.", independent_test_api = true }\n',
)
def independent_testing(s: System, ctx: Context) -> Verdict:
    api = s.tri("vendor", "independent_test_api")
    if api is Tri.FALSE:
        return fail("no_api", "vendor.independent_test_api")
    if api is Tri.UNKNOWN:
        return unknown("api_unknown", "vendor.independent_test_api")
    results = as_date(s.get("vendor", "unfair_results_on"))
    if results is not None:
        plan = as_date(s.get("vendor", "mitigation_plan_on"))
        due = results + timedelta(days=90)
        if plan is None and ctx.as_of > due:
            return fail("no_mitigation", "vendor.mitigation_plan_on", due=due.isoformat())
        if plan is not None and plan > due:
            return fail(
                "late_mitigation",
                "vendor.mitigation_plan_on",
                on=plan.isoformat(),
                due=due.isoformat(),
            )
    return PASS


@rule(
    "US-WA-060-001",
    severity=Severity.MEDIUM,
    question=Question.OVERSIGHT,
    profiles=PROFILE,
    citations=(*cite("rcw", ".060"),),
    applies=WA,
    in_force_from=IN_FORCE,
    example_fail=WA_AGENCY
    + WA_SYSTEM
    + "oversight = { training_last_on = 2024-02-01, training_interval_months = 12 }\n",
    example_pass=WA_AGENCY
    + WA_SYSTEM
    + "oversight = { training_last_on = 2026-06-01, training_interval_months = 12 }\n",
)
def periodic_training(s: System, ctx: Context) -> Verdict:
    o = s.table("oversight")
    last = as_date(o.get("training_last_on"))
    if last is None:
        if not o.get("training_url"):
            return fail("none", "oversight.training_last_on")
        return unknown("undated", "oversight.training_last_on")
    months = o.get("training_interval_months")
    if not isinstance(months, int):
        return unknown("no_interval", "oversight.training_interval_months")
    due = last + timedelta(days=round(months * 30.44))
    if due < ctx.as_of:
        return fail("overdue", "oversight.training_last_on", last=last.isoformat(), months=months)
    return PASS


# -- .070: records and disclosure ------------------------------------------------------------------
@rule(
    "US-WA-070-001",
    severity=Severity.MEDIUM,
    question=Question.OVERSIGHT,
    profiles=PROFILE,
    citations=(*cite("rcw", ".070(1)", ".070(2)", ".070(3)-(4)"),),
    applies=WA,
    in_force_from=IN_FORCE,
    example_fail=WA_AGENCY + WA_SYSTEM + "usage = { per_use_log = false }\n",
    example_pass=WA_AGENCY
    + WA_SYSTEM
    + "usage = { per_use_log = true }\nwa = { defendant_disclosure_procedure = true }\n",
)
def records_and_disclosure(s: System, ctx: Context) -> Verdict:
    log = s.tri("usage", "per_use_log")
    if log is Tri.FALSE:
        return fail("no_log", "usage.per_use_log")
    if s.fact("LE") is Tri.TRUE:
        disclosure = s.tri("wa", "defendant_disclosure_procedure")
        if disclosure is Tri.FALSE:
            return fail("no_disclosure", "wa.defendant_disclosure_procedure")
        if disclosure is Tri.UNKNOWN:
            return unknown("disclosure_unknown", "wa.defendant_disclosure_procedure")
    if log is Tri.UNKNOWN:
        return unknown("log_unknown", "usage.per_use_log")
    return PASS


# -- .080: limits on use --------------------------------------------------------------------------
def _authority_for_ongoing_use(a: Mapping[str, Any], as_of: date) -> bool | None:
    """True/False whether this authorisation allows the use today; None when undecidable."""
    if a.get("outcome") in ("rejected", "pending"):
        return False
    granted = as_date(a.get("granted_on"))
    expires = as_date(a.get("expires_on"))
    if (granted is not None and granted > as_of) or (expires is not None and expires < as_of):
        return False
    kind = a.get("kind")
    if kind in WARRANT_KINDS or kind == "exigent":
        return True
    if kind == "court_order":
        purpose = a.get("purpose")
        if purpose is None:
            return None
        return purpose in COURT_ORDER_PURPOSES
    return False


@rule(
    "US-WA-080-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(*cite("rcw", ".080(1)", ".010(9)", ".010(10)"),),
    applies=WA & RT_OR_TRACKING,
    fail_closed=True,
    in_force_from=IN_FORCE,
    example_fail=WA_AGENCY
    + """
[[systems]]
first_use_on = 2024-03-01
device = { kind = "fixed_cctv", count = 20 }
location = { type = "public_space", context = ["street"] }
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
authorisations = [
  { kind = "court_order", authority = "Superior Court", ref = "24-2-00123", granted_on = 2026-10-01, purpose = "criminal_investigation", outcome = "granted" },
]
""",
    example_pass=WA_AGENCY
    + """
[[systems]]
first_use_on = 2024-03-01
device = { kind = "fixed_cctv", count = 20 }
location = { type = "public_space", context = ["street"] }
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
authorisations = [
  { kind = "warrant", authority = "Superior Court", ref = "26-SW-0456", granted_on = 2026-11-20, expires_on = 2026-11-30, targets = "named fugitive", outcome = "granted" },
]
""",
)
def warrant_for_ongoing_use(s: System, ctx: Context) -> Verdict:
    auths = s.items("authorisations")
    if not auths:
        return fail("unauthorised", "authorisations")
    undecided = -1
    for i, a in enumerate(auths):
        ok = _authority_for_ongoing_use(a, ctx.as_of)
        if ok:
            return PASS
        if ok is None and undecided < 0:
            undecided = i
    if undecided >= 0:
        return unknown("purpose_unknown", f"authorisations[{undecided}].purpose")
    if any(
        a.get("kind") == "court_order" and a.get("purpose") not in COURT_ORDER_PURPOSES
        for a in auths
    ):
        return fail("court_order_purpose", "authorisations")
    return fail("none_current", "authorisations")


@rule(
    "US-WA-080-002",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(*cite("rcw", ".080(2)", ".080(3)"),),
    applies=WA,
    in_force_from=IN_FORCE,
    example_fail=WA_AGENCY
    + WA_SYSTEM
    + """purpose = { primary = "criminal_investigation", assembly_monitoring = true }
use_policy = { prohibits_protected_class_targeting = true }
""",
    example_pass=WA_AGENCY
    + WA_SYSTEM
    + """purpose = { primary = "criminal_investigation", assembly_monitoring = false }
use_policy = { prohibits_protected_class_targeting = true, prohibits_assembly_monitoring = true }
""",
)
def no_targeting_of_protected_activity(s: System, ctx: Context) -> Verdict:
    assembly = s.tri("purpose", "assembly_monitoring")
    if assembly is Tri.TRUE:
        return fail("assembly", "purpose.assembly_monitoring")
    policy = s.tri("use_policy", "prohibits_protected_class_targeting")
    if policy is Tri.FALSE:
        return fail(
            "policy_silent", "use_policy.prohibits_protected_class_targeting", Severity.HIGH
        )
    if assembly is Tri.UNKNOWN:
        return unknown("assembly_unknown", "purpose.assembly_monitoring")
    if policy is Tri.UNKNOWN:
        return unknown("policy_unknown", "use_policy.prohibits_protected_class_targeting")
    return PASS


@rule(
    "US-WA-080-003",
    severity=Severity.HIGH,
    question=Question.OVERSIGHT,
    profiles=PROFILE,
    citations=(*cite("rcw", ".080(5)"),),
    applies=WA & LE,
    in_force_from=IN_FORCE,
    example_fail=WA_AGENCY + WA_SYSTEM + "oversight = { match_not_sole_basis = false }\n",
    example_pass=WA_AGENCY + WA_SYSTEM + "oversight = { match_not_sole_basis = true }\n",
)
def not_sole_basis(s: System, ctx: Context) -> Verdict:
    value = s.tri("oversight", "match_not_sole_basis")
    if value is Tri.FALSE:
        return fail("sole_basis", "oversight.match_not_sole_basis")
    if value is Tri.UNKNOWN:
        return unknown("unknown", "oversight.match_not_sole_basis")
    return PASS


# -- requirements no inventory field can decide: a reviewer checks them (needs_review) ----------


@rule(
    "US-WA-080-004",
    severity=Severity.HIGH,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(*cite("rcw", ".080(6)"),),
    applies=WA & LE,
    in_force_from=IN_FORCE,
    automated=False,
    example_fail=WA_AGENCY + WA_SYSTEM,
)
def no_sketch_probes(s: System, ctx: Context) -> Verdict:
    # No field records what probe images were searched; only the use records can show it.
    return review("review", "usage.per_use_log")


@rule(
    "US-WA-080-005",
    severity=Severity.HIGH,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(*cite("rcw", ".080(7)"),),
    applies=WA & LE,
    in_force_from=IN_FORCE,
    automated=False,
    example_fail=WA_AGENCY + WA_SYSTEM,
)
def no_probe_manipulation(s: System, ctx: Context) -> Verdict:
    # Whether edits to a probe image went beyond the provider's intended use is a case-by-case
    # judgement on the search records and the provider's documentation.
    return review("review", "usage.per_use_log")
