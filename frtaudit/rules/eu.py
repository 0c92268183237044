"""EU: AI Act, GDPR and the Law Enforcement Directive (profile ``eu-ai-act``): rules.md 4.4.

Dates follow AI Act Art. 113 as amended by Regulation (EU) 2026/1744: the Art. 5 prohibitions
apply from 2025-02-02, Art. 50 from 2026-08-02 and the Annex III deployer duties (Arts. 14, 26,
27) from 2027-12-02, subject to the Art. 111(2) legacy rule (``legacy_gate``). Texts are in the
catalogue under ``rule."EU-..."``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from frtaudit.model import Context, Outcome, Question, Severity, Tri, Verdict
from frtaudit.rules._registry import (
    PASS,
    cite,
    fail,
    gated,
    not_applicable,
    not_in_force,
    rule,
    unknown,
)
from frtaudit.rules.facts import (
    ACTIVE_,
    EU,
    FRT,
    ID,
    IN_USE,
    LE,
    POST,
    PUBLIC,
    RBI_RT_PUBLIC,
    RECORDING,
    REMOTE,
    STATE,
    VIDEO_FIXED,
    Predicate,
    System,
    as_date,
    dependent_context,
)

PROFILE = ("eu-ai-act",)

#: AI Act application dates (Art. 113 as amended by Regulation (EU) 2026/1744).
ART5_FROM = date(2025, 2, 2)
ART50_FROM = date(2026, 8, 2)
ANNEX_III_FROM = date(2027, 12, 2)
#: Defaults of the profile parameters of the Art. 111(2) legacy rule.
LEGACY_CUTOFF = date(2027, 12, 2)
LEGACY_DEADLINE = date(2030, 8, 2)

#: The three Art. 5(1)(h) objectives, as recorded in ``exceptions[].objective``.
RBI_OBJECTIVES = frozenset({"victim_search", "imminent_threat", "serious_crime_suspect"})
#: Authorisations given by a judicial or an independent administrative authority.
AUTHORITY_KINDS = frozenset({"judicial", "independent_admin", "warrant", "court_order"})
#: Legal-basis kinds that are law (Union or Member State law).
LAW_KINDS = frozenset({"statute", "decree", "ordinance"})
FRIA_ITEMS = ("a", "b", "c", "d", "e", "f")


# -- predicates ----------------------------------------------------------------------------------
def any_of(name: str, *parts: Predicate) -> Predicate:
    """True when any part is; unknown (with that part's reason) when none is true but one is
    unknown; False with reason ``name`` otherwise."""

    def fn(s: System) -> tuple[Tri, str]:
        undecided = ""
        for part in parts:
            value, reason = part(s)
            if value is Tri.TRUE:
                return value, reason
            if value is Tri.UNKNOWN and not undecided:
                undecided = reason
        if undecided:
            return Tri.UNKNOWN, undecided
        return Tri.FALSE, name

    names = tuple(n for p in parts for n in p.names)
    return Predicate((name, *names), fn)


def capability(name: str, value: Callable[[System], Tri]) -> Predicate:
    """A capability-based predicate: an undeclared value defers to INV-CAP-001 (reason FRT)."""

    def fn(s: System) -> tuple[Tri, str]:
        v = value(s)
        return v, ("FRT" if v is Tri.UNKNOWN else name)

    return Predicate((name,), fn)


def _attributes(s: System) -> Tri:
    analysis = s.get("capabilities", "attribute_analysis")
    return Tri.TRUE if isinstance(analysis, list) and analysis else Tri.FALSE


def _ethnicity(s: System) -> Tri:
    analysis = s.get("capabilities", "attribute_analysis")
    return Tri.TRUE if isinstance(analysis, list) and "ethnicity" in analysis else Tri.FALSE


def _gallery(s: System) -> Tri:
    value = Tri.of(s.get("gallery", "exists"))
    if value is Tri.UNKNOWN and s.fact("FRT") is Tri.FALSE:
        return Tri.FALSE  # no face recognition, so no face database to build
    return value


def _not_le(s: System) -> tuple[Tri, str]:
    value = ~s.fact("LE")
    return value, "NON_LE"


EMOTION = capability("EMOTION", lambda s: s.cap("emotion_recognition"))
SENSITIVE = capability("SENSITIVE_INFERENCE", lambda s: s.cap("sensitive_attribute_inference"))
ATTRIBUTES = capability("ATTRIBUTES", _attributes)
ETHNICITY = capability("ETHNICITY", _ethnicity)
GALLERY = Predicate(("GALLERY",), lambda s: (_gallery(s), "GALLERY"))
NON_LE = Predicate(("NON_LE",), _not_le)

#: Annex III point 1(a)-(c): remote 1:N identification, categorisation, emotion recognition.
#: Pure 1:1 verification is excluded from 1(a); Art. 5(1)(g) inference is prohibited instead.
EU_HIGH_RISK_BIO = EU & any_of("EU_HIGH_RISK_BIO", ID & REMOTE, ATTRIBUTES, EMOTION)


# -- shared checks -------------------------------------------------------------------------------
def _param_date(ctx: Context, name: str, default: date) -> date:
    value = as_date(ctx.params.get(name))
    return value or default


def legacy_gate(s: System, ctx: Context) -> tuple[Verdict | None, date | None]:
    """AI Act Art. 111(2) as amended: (verdict that replaces the check, date the duty binds).

    A system first used before ``eu_legacy_cutoff`` is caught only by a significant design
    change (approximated by a substantial change) on or after the cutoff; a public authority's
    system is caught anyway from ``eu_public_authority_legacy_deadline``. The verdict is None
    when the rule applies; an ``unknown`` verdict is returned only if the check does not pass.
    """
    cutoff = _param_date(ctx, "eu_legacy_cutoff", LEGACY_CUTOFF)
    deadline = _param_date(ctx, "eu_public_authority_legacy_deadline", LEGACY_DEADLINE)
    first = s.date_of("first_use_on")
    if first is None:
        if s.status in ("planned", "procurement", "development"):
            return None, None  # not yet put into service: no legacy status to claim
        return unknown("common.eu_legacy_no_start", "first_use_on"), None
    if first >= cutoff:
        return None, first

    def in_window(c: Mapping[str, Any]) -> date | None:
        d = as_date(c.get("date"))
        return d if d is not None and cutoff <= d <= ctx.as_of else None

    changed = [d for c in s.substantial_changes() if (d := in_window(c))]
    if changed:
        return None, min(changed)
    unclear = [d for c in s.unclear_changes() if (d := in_window(c))]
    if unclear:
        return unknown(
            "common.eu_legacy_unclear_change", "changes", date=min(unclear).isoformat()
        ), None
    state = s.fact("STATE")
    if state is Tri.TRUE:
        if ctx.as_of < deadline:
            return not_in_force(
                "common.eu_legacy_pending",
                date=deadline.isoformat(),
                cutoff=cutoff.isoformat(),
                first=first.isoformat(),
            ), None
        return None, deadline
    if state is Tri.FALSE:
        return not_applicable("common.na.EU_LEGACY"), None
    return unknown("common.eu_legacy_state_unknown", "operator.acting_for_public_body"), None


#: Wrap a check of an Annex III duty with the Art. 111(2) legacy rule.
with_legacy = gated(legacy_gate)


def _current(item: Mapping[str, Any], as_of: date) -> bool:
    """Granted on or before ``as_of`` and not expired."""
    granted = as_date(item.get("granted_on"))
    expires = as_date(item.get("expires_on"))
    if granted is not None and granted > as_of:
        return False
    return expires is None or expires >= as_of


def _due_date(s: System, binds_from: date | None) -> date | None:
    """The date a before-use duty must be met by: first use, or when the duty caught up."""
    first = s.date_of("first_use_on")
    if first is None:
        return binds_from
    if binds_from is None:
        return first
    return max(first, binds_from)


def _latest_substantial_after(s: System, after: date, as_of: date) -> date | None:
    dates = [
        d
        for c in s.substantial_changes()
        if (d := as_date(c.get("date"))) is not None and after < d <= as_of
    ]
    return max(dates) if dates else None


# -- Article 5(1)(h): real-time remote biometric identification ----------------------------------
RBI_LE = EU & RBI_RT_PUBLIC & LE
RBI_EXAMPLE_AGENCY = """
[agency]
country = "DE"
kind = "law_enforcement"
is_law_enforcement = true
member_state_rbi_law = true
member_state_rbi_law_ref = "Polizeigesetz des Landes, § 32a (example)"
"""
RBI_EXAMPLE_SYSTEM = """
[[systems]]
first_use_on = 2026-03-01
location = { type = "publicly_accessible", context = ["transport_hub"] }
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
"""


@rule(
    "EU-AIA-5H-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(
        *cite("eu-aia", "Art. 5(1)(h)", "Art. 5(5)", "Annex II"),
        *cite("eu-omnibus", "Art. 1(40) (Art. 113: Art. 5 from 2025-02-02)"),
    ),
    applies=RBI_LE & IN_USE,
    fail_closed=True,
    waivable=False,
    uses_exceptions=True,
    in_force_from=ART5_FROM,
    example_fail="""
[agency]
country = "DE"
kind = "law_enforcement"
is_law_enforcement = true
member_state_rbi_law = false

[[systems]]
location = { type = "publicly_accessible", context = ["transport_hub"] }
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
""",
    example_pass=RBI_EXAMPLE_AGENCY
    + RBI_EXAMPLE_SYSTEM
    + """exceptions = [
  { rule = "EU-AIA-5H-001", granted_by = "Landtag", authority_kind = "statute", instrument = "Polizeigesetz § 32a(1) Nr. 1", justification = "search for abducted children at the main station", objective = "victim_search", scope = "main station concourse, named victims only, 48 hours per authorisation", procedure = "prior authorisation by the local court for each use", granted_on = 2026-01-01, expires_on = 2027-12-31 },
]
""",
)
def rbi_objective(s: System, ctx: Context) -> Verdict:
    law = s.agency.get("member_state_rbi_law")
    if law is False:
        return fail("no_national_law", "agency.member_state_rbi_law")
    if law is not True:
        return unknown("national_law_unknown", "agency.member_state_rbi_law")
    # The objective may also be named on each use's authorisation (authorisations[].purpose).
    for a in s.items("authorisations"):
        if (
            a.get("outcome") == "granted"
            and a.get("purpose") in RBI_OBJECTIVES
            and _current(a, ctx.as_of)
        ):
            return PASS
    recorded = [
        (i, e) for i, e in enumerate(s.items("exceptions")) if e.get("rule") == "EU-AIA-5H-001"
    ]
    if not recorded:
        return fail("no_objective", "exceptions")
    current = [(i, e) for i, e in recorded if _current(e, ctx.as_of)]
    if not current:
        return fail("lapsed", "exceptions")
    for i, e in current:
        objective = e.get("objective")
        if objective in RBI_OBJECTIVES:
            return PASS
        if objective is None:
            return unknown("objective_missing", f"exceptions[{i}].objective")
    i, e = current[0]
    return fail("bad_objective", f"exceptions[{i}].objective", objective=str(e.get("objective")))


@rule(
    "EU-AIA-5H-002",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(*cite("eu-aia", "Art. 5(3)"),),
    applies=RBI_LE & ACTIVE_,
    in_force_from=ART5_FROM,
    example_fail=RBI_EXAMPLE_AGENCY
    + RBI_EXAMPLE_SYSTEM
    + """authorisations = [
  { kind = "exigent", authority = "duty officer", use_started_on = 2026-03-01, requested_on = 2026-03-04, outcome = "pending" },
]
""",
    example_pass=RBI_EXAMPLE_AGENCY
    + RBI_EXAMPLE_SYSTEM
    + """authorisations = [
  { kind = "judicial", authority = "Amtsgericht (local court)", ref = "12 Gs 345/26", requested_on = 2026-02-26, granted_on = 2026-02-27, use_started_on = 2026-03-01, outcome = "granted" },
]
""",
)
def rbi_prior_authorisation(s: System, ctx: Context) -> Verdict:
    auths = s.items("authorisations")
    if not auths:
        return fail("none", "authorisations")
    granted_ok = False
    for i, a in enumerate(auths):
        field = f"authorisations[{i}]"
        kind = a.get("kind")
        started = as_date(a.get("use_started_on"))
        requested = as_date(a.get("requested_on"))
        granted = as_date(a.get("granted_on"))
        outcome = a.get("outcome")
        if kind not in AUTHORITY_KINDS and kind != "exigent":
            continue
        if outcome == "rejected":
            if a.get("data_deleted_on") is None:
                return fail("refused_not_deleted", f"{field}.data_deleted_on")
            continue
        urgent = kind == "exigent" or (
            started is not None and (granted is None or started < granted)
        )
        if urgent:
            if started is None:
                return unknown("urgent_no_start", f"{field}.use_started_on")
            if requested is None:
                if started + timedelta(days=1) < ctx.as_of:
                    return fail("no_request", f"{field}.requested_on", started=started.isoformat())
                continue
            if requested > started + timedelta(days=1):
                return fail(
                    "late_request",
                    f"{field}.requested_on",
                    started=started.isoformat(),
                    requested=requested.isoformat(),
                )
        if kind in AUTHORITY_KINDS and outcome == "granted":
            if granted is None:
                return unknown("grant_undated", f"{field}.granted_on")
            granted_ok = True
    if not granted_ok:
        if any(a.get("outcome") == "pending" for a in auths):
            return unknown("pending", "authorisations")
        return fail("none_granted", "authorisations")
    return PASS


@rule(
    "EU-AIA-5H-003",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(*cite("eu-aia", "Art. 5(2)", "Art. 27", "Art. 49"),),
    applies=RBI_LE & IN_USE,
    in_force_from=ART5_FROM,
    uncertain=True,
    example_fail=RBI_EXAMPLE_AGENCY + RBI_EXAMPLE_SYSTEM,
    example_pass=RBI_EXAMPLE_AGENCY
    + RBI_EXAMPLE_SYSTEM
    + """assessments = [
  { kind = "eu_fria", completed_on = 2026-01-15, assessor = "Landespolizei data-protection and rights unit" },
]
eu = { db_registration_id = "EU-DB-NP-000123", registered_on = 2026-02-01 }
""",
)
def rbi_fria_registration(s: System, ctx: Context) -> Verdict:
    frias = list(s.assessments("eu_fria"))
    if not frias:
        return fail("no_fria", "assessments")
    dates = [d for a in frias if (d := as_date(a.get("completed_on"))) and d <= ctx.as_of]
    if not dates:
        return unknown("fria_undated", "assessments")
    done = min(dates)
    first = s.date_of("first_use_on")
    if first is None and s.status in ("pilot", "operational"):
        return unknown("no_start", "first_use_on")
    if first is not None and done > first:
        return fail("fria_late", "assessments", done=done.isoformat(), start=first.isoformat())
    reg = s.get("eu", "db_registration_id")
    if not reg:
        # Whether and when the EU database can take registrations is open (rules.md 8 point 8).
        return unknown("not_registered", "eu.db_registration_id")
    return PASS


@rule(
    "EU-AIA-5H-004",
    severity=Severity.HIGH,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(*cite("eu-aia", "Art. 5(2)", "Art. 5(4)"),),
    applies=RBI_LE & ACTIVE_,
    in_force_from=ART5_FROM,
    example_fail=RBI_EXAMPLE_AGENCY
    + RBI_EXAMPLE_SYSTEM
    + """authorisations = [
  { kind = "judicial", authority = "Amtsgericht", granted_on = 2026-02-27, outcome = "granted" },
]
usage = { notified_msa_dpa = false }
""",
    example_pass=RBI_EXAMPLE_AGENCY
    + RBI_EXAMPLE_SYSTEM
    + """authorisations = [
  { kind = "judicial", authority = "Amtsgericht", granted_on = 2026-02-27, outcome = "granted", targets = "two named abducted children", sites = ["Hauptbahnhof, platforms 1-12"], period = "72 hours from 2026-03-01 06:00" },
]
usage = { notified_msa_dpa = true, per_use_log = true }
""",
)
def rbi_limits_notified(s: System, ctx: Context) -> Verdict:
    granted = [
        (i, a) for i, a in enumerate(s.items("authorisations")) if a.get("outcome") == "granted"
    ]
    if not granted:
        return fail("no_scope", "authorisations")
    for i, a in granted:
        if not a.get("targets"):
            return fail("no_targets", f"authorisations[{i}].targets")
        if not a.get("sites") or not a.get("period"):
            return fail("no_limits", f"authorisations[{i}]")
    notified = s.tri("usage", "notified_msa_dpa")
    if notified is Tri.FALSE:
        return fail("not_notified", "usage.notified_msa_dpa")
    if notified is Tri.UNKNOWN:
        return unknown("notified_unknown", "usage.notified_msa_dpa")
    return PASS


# -- Article 5(1)(e)-(g): absolute prohibitions ---------------------------------------------------
@rule(
    "EU-AIA-5E-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(*cite("eu-aia", "Art. 5(1)(e)"),),
    applies=EU & GALLERY,
    waivable=False,
    in_force_from=ART5_FROM,
    example_fail="""
[agency]
country = "DE"

[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, source = ["scraped_internet"], untargeted_scraping = true }
""",
    example_pass="""
[agency]
country = "DE"

[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, source = ["mugshot"], untargeted_scraping = false }
""",
)
def no_scraped_database(s: System, ctx: Context) -> Verdict:
    scraping = s.tri("gallery", "untargeted_scraping")
    if scraping is Tri.TRUE:
        return fail("scraping", "gallery.untargeted_scraping")
    if scraping is Tri.FALSE:
        return PASS
    sources = s.get("gallery", "source")
    if not isinstance(sources, list) or not sources:
        return unknown("undeclared", "gallery.untargeted_scraping")
    risky = sorted(set(sources) & {"scraped_internet", "cctv_derived", "other"})
    if risky:
        return unknown("risky_source", "gallery.untargeted_scraping", sources=", ".join(risky))
    return PASS


@rule(
    "EU-AIA-5F-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(*cite("eu-aia", "Art. 5(1)(f)", "Art. 3(39)"),),
    applies=EU & EMOTION,
    fail_closed=True,
    waivable=False,
    in_force_from=ART5_FROM,
    example_fail="""
[agency]
country = "DE"

[[systems]]
location = { type = "restricted", context = ["workplace"] }
capabilities = { emotion_recognition = true, processing_mode = "real_time", capture_mode = "remote" }
""",
    example_pass="""
[agency]
country = "DE"

[[systems]]
location = { type = "restricted", context = ["workplace"] }
capabilities = { emotion_recognition = true, processing_mode = "real_time", capture_mode = "remote" }
eu = { medical_or_safety_purpose = true }
""",
)
def no_emotion_at_work_or_school(s: System, ctx: Context) -> Verdict:
    context = s.get("location", "context")
    if not isinstance(context, list) or not context:
        return unknown("context_unknown", "location.context")
    places = sorted(set(context) & {"workplace", "school"})
    if not places:
        return not_applicable("common.na.WORK_OR_EDUCATION")
    medical = s.tri("eu", "medical_or_safety_purpose")
    if medical is Tri.TRUE:
        return PASS
    return fail("banned", "capabilities.emotion_recognition", places=", ".join(places))


@rule(
    "EU-AIA-5G-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(*cite("eu-aia", "Art. 5(1)(g)"),),
    applies=EU & any_of("SENSITIVE_INFERENCE", SENSITIVE, ETHNICITY),
    fail_closed=True,
    waivable=False,
    in_force_from=ART5_FROM,
    example_fail="""
[agency]
country = "DE"

[[systems]]
capabilities = { sensitive_attribute_inference = true, processing_mode = "post", capture_mode = "remote", attribute_analysis = ["ethnicity"] }
""",
    example_pass="""
[agency]
country = "DE"

[[systems]]
capabilities = { sensitive_attribute_inference = false, face_detection = true, attribute_analysis = [] }
""",
)
def no_sensitive_categorisation(s: System, ctx: Context) -> Verdict:
    analysis = s.get("capabilities", "attribute_analysis") or []
    what = "ethnicity (attribute_analysis)" if "ethnicity" in analysis else ""
    return fail(
        "banned",
        "capabilities.sensitive_attribute_inference",
        what=what or "sensitive traits (sensitive_attribute_inference)",
    )


# -- Article 6: classification -------------------------------------------------------------------
@rule(
    "EU-AIA-6-001",
    severity=Severity.MEDIUM,
    question=Question.ASSESSMENT,
    profiles=PROFILE,
    citations=(*cite("eu-aia", "Art. 6(2)", "Annex III point 1(a)-(c)", "Art. 5(1)(g)"),),
    applies=EU & FRT,
    example_fail="""
[agency]
country = "DE"

[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
eu = { classification = "minimal" }
""",
    example_pass="""
[agency]
country = "DE"

[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
eu = { classification = "annex_iii_1a" }
""",
)
def classified(s: System, ctx: Context) -> Verdict:
    recorded = s.get("eu", "classification")
    if recorded in (None, "unknown"):
        return fail("missing", "eu.classification")
    if _ethnicity(s) is Tri.TRUE or s.cap("sensitive_attribute_inference") is Tri.TRUE:
        expected = {"prohibited"}
    else:
        expected = set()
        if (s.fact("ID") & s.fact("REMOTE")) is Tri.TRUE:
            expected |= {"annex_iii_1a", "prohibited"}
        if _attributes(s) is Tri.TRUE:
            expected |= {"annex_iii_1b", "prohibited"}
        if s.cap("emotion_recognition") is Tri.TRUE:
            expected |= {"annex_iii_1c", "prohibited"}
    if expected and recorded not in expected:
        return fail(
            "inconsistent",
            "eu.classification",
            recorded=str(recorded),
            expected=" or ".join(sorted(expected)),
        )
    return PASS


# -- Article 14, 26, 27: deployer duties for Annex III point 1 systems ---------------------------
HR_EXAMPLE_SYSTEM = """
[agency]
country = "DE"

[[systems]]
first_use_on = 2027-12-02
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
"""


@rule(
    "EU-AIA-14-001",
    severity=Severity.HIGH,
    question=Question.OVERSIGHT,
    profiles=PROFILE,
    citations=(
        *cite("eu-aia", "Art. 14(5)", "Art. 26(2)", "Art. 111(2)"),
        *cite("eu-omnibus", "Art. 1(39)-(40)"),
    ),
    applies=EU_HIGH_RISK_BIO & ID,
    in_force_from=ANNEX_III_FROM,
    example_fail=HR_EXAMPLE_SYSTEM
    + "oversight = { min_reviewers = 1, reviewer_can_override = true }\n",
    example_pass=HR_EXAMPLE_SYSTEM
    + "oversight = { min_reviewers = 2, reviewer_can_override = true }\n",
)
@with_legacy
def two_person_verification(s: System, ctx: Context, binds_from: date | None) -> Verdict:
    n = s.get("oversight", "min_reviewers")
    if not isinstance(n, int):
        return unknown("reviewers_unknown", "oversight.min_reviewers")
    if n < 2:
        return fail("too_few", "oversight.min_reviewers", n=n)
    override = s.tri("oversight", "reviewer_can_override")
    if override is Tri.FALSE:
        return fail("no_authority", "oversight.reviewer_can_override")
    if override is Tri.UNKNOWN:
        return unknown("authority_unknown", "oversight.reviewer_can_override")
    return PASS


@rule(
    "EU-AIA-26-001",
    severity=Severity.HIGH,
    question=Question.OVERSIGHT,
    profiles=PROFILE,
    citations=(
        *cite("eu-aia", "Art. 26(1)", "Art. 26(2)", "Art. 26(4)", "Art. 26(5)", "Art. 4"),
        *cite("eu-omnibus", "Art. 1(39)-(40)"),
    ),
    applies=EU_HIGH_RISK_BIO,
    in_force_from=ANNEX_III_FROM,
    example_fail=HR_EXAMPLE_SYSTEM + 'oversight = { overseer_name = "Head of forensic imaging" }\n',
    example_pass=HR_EXAMPLE_SYSTEM
    + """oversight = { overseer_name = "Head of forensic imaging", training_url = "https://police.example.de/frt-training", training_last_on = 2027-10-01, reviewer_can_override = true }
model = { instructions_url = "https://vendor.example/instructions-v5.pdf" }
""",
)
@with_legacy
def oversight_assigned(s: System, ctx: Context, binds_from: date | None) -> Verdict:
    o = s.table("oversight")
    if not o.get("overseer_name"):
        return fail("no_overseer", "oversight.overseer_name")
    if not o.get("training_url") and not o.get("training_last_on"):
        return fail("no_training", "oversight.training_url")
    override = s.tri("oversight", "reviewer_can_override")
    if override is Tri.FALSE:
        return fail("no_authority", "oversight.reviewer_can_override")
    if override is Tri.UNKNOWN:
        return unknown("authority_unknown", "oversight.reviewer_can_override")
    if not s.get("model", "instructions_url"):
        return fail("no_instructions", "model.instructions_url")
    return PASS


@rule(
    "EU-AIA-26-002",
    severity=Severity.MEDIUM,
    question=Question.SECURITY,
    profiles=PROFILE,
    citations=(
        *cite("eu-aia", "Art. 26(6)", "Art. 12(3)"),
        *cite("eu-omnibus", "Art. 1(39)-(40)"),
    ),
    applies=EU_HIGH_RISK_BIO,
    in_force_from=ANNEX_III_FROM,
    example_fail=HR_EXAMPLE_SYSTEM + "eu = { logs_retention_days = 30 }\n",
    example_pass=HR_EXAMPLE_SYSTEM + "eu = { logs_retention_days = 190 }\n",
)
@with_legacy
def logs_kept(s: System, ctx: Context, binds_from: date | None) -> Verdict:
    days = s.get("eu", "logs_retention_days")
    if not isinstance(days, int):
        return unknown("undeclared", "eu.logs_retention_days")
    minimum = int(ctx.params.get("logs_min_days", 183))
    if days < minimum:
        return fail("too_short", "eu.logs_retention_days", days=days, limit=minimum)
    return PASS


@rule(
    "EU-AIA-26-003",
    severity=Severity.HIGH,
    question=Question.NOTICE,
    profiles=PROFILE,
    citations=(
        *cite("eu-aia", "Art. 26(8)", "Art. 49(3)", "Art. 49(4)"),
        *cite("eu-omnibus", "Art. 1(39)-(40)"),
    ),
    applies=EU_HIGH_RISK_BIO & STATE,
    in_force_from=ANNEX_III_FROM,
    uncertain=True,
    example_fail=HR_EXAMPLE_SYSTEM + "eu = { provider_registered = false }\n",
    example_pass=HR_EXAMPLE_SYSTEM
    + 'eu = { provider_registered = true, db_registration_id = "EU-DB-NP-000777", registered_on = 2027-11-20 }\n',
)
@with_legacy
def registered(s: System, ctx: Context, binds_from: date | None) -> Verdict:
    provider = s.tri("eu", "provider_registered")
    if provider is Tri.FALSE:
        return fail("provider_unregistered", "eu.provider_registered")
    reg = s.get("eu", "db_registration_id")
    if not reg:
        return fail("not_registered", "eu.db_registration_id")
    if provider is Tri.UNKNOWN:
        return unknown("provider_unknown", "eu.provider_registered")
    on = as_date(s.get("eu", "registered_on"))
    due = _due_date(s, binds_from)
    if on is not None and due is not None and on > due:
        return fail("late", "eu.registered_on", on=on.isoformat(), due=due.isoformat())
    return PASS


@rule(
    "EU-AIA-26-004",
    severity=Severity.CRITICAL,
    question=Question.NECESSITY,
    profiles=PROFILE,
    citations=(
        *cite("eu-aia", "Art. 26(10)"),
        *cite("eu-omnibus", "Art. 1(39)-(40)"),
    ),
    applies=EU & ID & POST & LE,
    in_force_from=ANNEX_III_FROM,
    example_fail="""
[agency]
country = "DE"
kind = "law_enforcement"
is_law_enforcement = true

[[systems]]
first_use_on = 2027-12-02
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
usage = { per_use_log = true, initial_identification_only = false }
""",
    example_pass="""
[agency]
country = "DE"
kind = "law_enforcement"
is_law_enforcement = true

[[systems]]
first_use_on = 2027-12-02
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
usage = { per_use_log = true, initial_identification_only = false, annual_use_report_url = "https://police.example.de/frt-annual-report" }
authorisations = [
  { kind = "judicial", authority = "Amtsgericht", ref = "31 Gs 77/27", requested_on = 2027-12-01, granted_on = 2027-12-02, outcome = "granted", targets = "suspect of the robbery in case 4711 Js 12/27" },
]
""",
)
@with_legacy
def post_rbi_authorised(s: System, ctx: Context, binds_from: date | None) -> Verdict:
    granted = [
        (i, a)
        for i, a in enumerate(s.items("authorisations"))
        if a.get("kind") in AUTHORITY_KINDS and a.get("outcome") == "granted"
    ]
    if not granted:
        initial = s.tri("usage", "initial_identification_only")
        if initial is Tri.FALSE:
            return fail("no_authorisation", "authorisations")
        if initial is Tri.UNKNOWN:
            return unknown("authorisation_unknown", "usage.initial_identification_only")
    for i, a in granted:
        started = as_date(a.get("use_started_on"))
        requested = as_date(a.get("requested_on"))
        if started is not None and requested is not None and requested > started + timedelta(2):
            return fail(
                "late_request",
                f"authorisations[{i}].requested_on",
                started=started.isoformat(),
                requested=requested.isoformat(),
            )
        if not a.get("targets"):
            return fail("untargeted", f"authorisations[{i}].targets")
    log = s.tri("usage", "per_use_log")
    if log is Tri.FALSE:
        return fail("no_log", "usage.per_use_log")
    if log is Tri.UNKNOWN:
        return unknown("log_unknown", "usage.per_use_log")
    if not s.get("usage", "annual_use_report_url"):
        start = _due_date(s, binds_from)
        if start is not None and ctx.as_of - start > timedelta(days=366):
            return fail("no_annual_report", "usage.annual_use_report_url")
    return PASS


@rule(
    "EU-AIA-26-005",
    severity=Severity.MEDIUM,
    question=Question.NOTICE,
    profiles=PROFILE,
    citations=(
        *cite("eu-aia", "Art. 26(7)", "Art. 26(11)"),
        *cite("eu-omnibus", "Art. 1(39)-(40)"),
    ),
    applies=EU_HIGH_RISK_BIO,
    in_force_from=ANNEX_III_FROM,
    example_fail=HR_EXAMPLE_SYSTEM + "notice = { individual_notice = false }\n",
    example_pass=HR_EXAMPLE_SYSTEM + "notice = { individual_notice = true }\n",
)
@with_legacy
def people_informed(s: System, ctx: Context, binds_from: date | None) -> Verdict:
    individual = s.tri("notice", "individual_notice")
    if individual is Tri.FALSE:
        return fail("no_individual_notice", "notice.individual_notice")
    context = s.get("location", "context") or []
    if "workplace" in context:
        reps = [
            as_date(c.get("held_on"))
            for c in s.items("consultation")
            if c.get("method") == "worker_reps"
        ]
        if not reps:
            return fail("no_worker_reps", "consultation")
        first = s.date_of("first_use_on")
        dated = [d for d in reps if d is not None]
        if first is not None and dated and min(dated) > first:
            return fail(
                "worker_reps_late",
                "consultation",
                held=min(dated).isoformat(),
                start=first.isoformat(),
            )
    if individual is Tri.UNKNOWN:
        return unknown("individual_unknown", "notice.individual_notice")
    return PASS


@rule(
    "EU-AIA-27-001",
    severity=Severity.HIGH,
    question=Question.ASSESSMENT,
    profiles=PROFILE,
    citations=(
        *cite("eu-aia", "Art. 27(1)", "Art. 27(2)", "Art. 27(3)", "Art. 27(4)"),
        *cite("eu-omnibus", "Art. 1(39)-(40)"),
    ),
    applies=EU_HIGH_RISK_BIO & STATE,
    in_force_from=ANNEX_III_FROM,
    example_fail=HR_EXAMPLE_SYSTEM
    + """assessments = [
  { kind = "eu_fria", completed_on = 2027-11-01, assessor = "Legal department" },
]
eu = { fria_items = ["a", "b", "c"] }
""",
    example_pass=HR_EXAMPLE_SYSTEM
    + """assessments = [
  { kind = ["eu_fria", "gdpr_dpia"], completed_on = 2027-11-01, assessor = "Legal department with external rights expert", submitted_to = "market-surveillance authority", submitted_on = 2027-11-10 },
]
eu = { fria_items = ["a", "b", "c", "d", "e", "f"] }
""",
)
@with_legacy
def fria_done(s: System, ctx: Context, binds_from: date | None) -> Verdict:
    frias = list(s.assessments("eu_fria"))
    if not frias:
        return fail("none", "assessments")
    dated = [(d, a) for a in frias if (d := as_date(a.get("completed_on"))) and d <= ctx.as_of]
    if not dated:
        return unknown("undated", "assessments")
    due = _due_date(s, binds_from)
    earliest = min(d for d, _ in dated)
    if due is not None and earliest > due:
        return fail("late", "assessments", done=earliest.isoformat(), due=due.isoformat())
    items = s.get("eu", "fria_items")
    if not isinstance(items, list):
        return unknown("items_unknown", "eu.fria_items")
    missing = [x for x in FRIA_ITEMS if x not in items]
    if missing:
        return fail("items_missing", "eu.fria_items", items=", ".join(f"({x})" for x in missing))
    latest = max(d for d, _ in dated)
    changed = _latest_substantial_after(s, latest, ctx.as_of)
    if changed is not None:
        return fail("stale", "assessments", done=latest.isoformat(), changed=changed.isoformat())
    if not any(a.get("submitted_on") for _, a in dated):
        return fail("not_notified", "assessments")
    return PASS


# -- Article 50(3): transparency -----------------------------------------------------------------
@rule(
    "EU-AIA-50-001",
    severity=Severity.MEDIUM,
    question=Question.NOTICE,
    profiles=PROFILE,
    citations=(*cite("eu-aia", "Art. 50(3)", "Art. 50(5)"),),
    applies=EU & any_of("EMOTION_OR_CATEGORISATION", EMOTION, ATTRIBUTES) & NON_LE,
    in_force_from=ART50_FROM,
    example_fail="""
[agency]
country = "DE"

[[systems]]
capabilities = { face_detection = true, processing_mode = "real_time", capture_mode = "remote", attribute_analysis = ["age", "gender"] }
notice = { signage = true, signage_items = ["purpose", "manager_contact"], individual_notice = false }
""",
    example_pass="""
[agency]
country = "DE"

[[systems]]
capabilities = { face_detection = true, processing_mode = "real_time", capture_mode = "remote", attribute_analysis = ["age", "gender"] }
notice = { signage = true, signage_items = ["purpose", "manager_contact", "ai_in_use"] }
""",
)
def exposed_people_informed(s: System, ctx: Context) -> Verdict:
    notice = s.table("notice")
    signage = Tri.of(notice.get("signage"))
    on_sign = signage is Tri.TRUE and "ai_in_use" in (notice.get("signage_items") or ())
    individual = Tri.of(notice.get("individual_notice"))
    if on_sign or individual is Tri.TRUE:
        return PASS
    if individual is Tri.FALSE and signage is not Tri.UNKNOWN:
        return fail("not_informed", "notice.signage_items")
    return unknown("undeclared", "notice.individual_notice")


# -- GDPR Art. 9 / LED Art. 10: a lawful condition for biometric processing -----------------------
@rule(
    "EU-GDPR-9-001",
    severity=Severity.CRITICAL,
    question=Question.LEGAL,
    profiles=PROFILE,
    citations=(
        *cite("gdpr", "Art. 9(1)", "Art. 9(2)(a)", "Art. 9(2)(g)", "Art. 4(14)", "Art. 7(4)"),
    ),
    applies=EU & FRT & NON_LE,
    example_fail="""
[agency]
country = "DE"

[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "implied" }
""",
    example_pass="""
[agency]
country = "DE"

[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "opt_in_separate", separate_for_sensitive = true, alternative_offered = true, withdrawal = true }
""",
)
def gdpr_special_category(s: System, ctx: Context) -> Verdict:
    model = s.get("consent", "model")
    if model in ("opt_out", "implied"):
        return fail("not_explicit", "consent.model", model=str(model))
    if model in ("opt_in_written", "opt_in_separate"):
        where_ = dependent_context(s)
        if where_:
            # Recital 43: consent is not freely given where there is a clear imbalance (an
            # employer, a school); then only a law can be the Art. 9(2) condition.
            return (
                _law_basis(s, "dependent", context=where_)
                if s.items("legal_basis")
                else fail("dependent", "location.context", context=where_)
            )
        alternative = s.tri("consent", "alternative_offered")
        if alternative is Tri.FALSE:
            return fail("not_free", "consent.alternative_offered")
        if alternative is Tri.UNKNOWN:
            return unknown("alternative_unknown", "consent.alternative_offered")
        return PASS
    return _law_basis(s, "none")


def _law_basis(s: System, none_key: str, **params: Any) -> Verdict:
    """A law (statute, decree, ordinance) that specifically covers the biometric processing.

    ``params`` fill the ``none_key`` message (``dependent`` names its place).
    """
    bases = s.items("legal_basis")
    laws = [(i, b) for i, b in enumerate(bases) if b.get("kind") in LAW_KINDS]
    if not laws:
        if any(b.get("kind") is None for b in bases):
            return unknown("kind_missing", "legal_basis")
        return fail(none_key, "legal_basis", **params)
    if any(b.get("frt_specific") is True for _, b in laws):
        return PASS
    if any(b.get("frt_specific") not in (True, False) for _, b in laws):
        return unknown("undecided", "legal_basis")
    i, first = laws[0]
    return fail(
        "general_law",
        f"legal_basis[{i}].frt_specific",
        Severity.HIGH,
        law=str(first.get("law", "")),
        article=str(first.get("article", "")),
    )


@rule(
    "EU-LED-10-001",
    severity=Severity.CRITICAL,
    question=Question.LEGAL,
    profiles=PROFILE,
    citations=(*cite("eu-led", "Art. 10", "Art. 8", "Art. 4(1)"),),
    applies=EU & FRT & LE,
    example_fail="""
[agency]
country = "DE"
kind = "law_enforcement"
is_law_enforcement = true

[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
legal_basis = [
  { law = "Internal service instruction on image comparison", kind = "internal_rule", frt_specific = true },
]
""",
    example_pass="""
[agency]
country = "DE"
kind = "law_enforcement"
is_law_enforcement = true

[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
legal_basis = [
  { law = "Strafprozessordnung (StPO)", article = "§ 98c (example)", kind = "statute", frt_specific = true },
]
necessity = { justification_url = "https://police.example.de/frt/necessity" }
""",
)
def led_strictly_necessary(s: System, ctx: Context) -> Verdict:
    verdict = _law_basis(s, "no_law")
    if verdict.outcome is not Outcome.PASS:
        return verdict
    necessity = s.table("necessity")
    if not (necessity.get("justification_url") or necessity.get("justification_ref")):
        # LED Arts. 4(4) and 10: the controller must be able to show strict necessity, so
        # silence about it fails (issue 16 point 4).
        return fail("no_necessity", "necessity.justification_url", Severity.HIGH)
    return PASS


# -- GDPR Art. 35 / LED Art. 27: DPIA ------------------------------------------------------------
@rule(
    "EU-GDPR-35-001",
    severity=Severity.HIGH,
    question=Question.ASSESSMENT,
    profiles=PROFILE,
    citations=(
        *cite("gdpr", "Art. 35(1)", "Art. 35(3)(b)", "Art. 35(3)(c)", "Art. 35(7)", "Art. 35(11)"),
        *cite("eu-led", "Art. 27"),
        *cite("edpb-3-2019", "section 10"),
    ),
    applies=EU & any_of("EU_DPIA_SCOPE", FRT, VIDEO_FIXED & PUBLIC),
    example_fail="""
[agency]
country = "DE"

[[systems]]
first_use_on = 2025-05-01
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [
  { kind = "gdpr_dpia", completed_on = 2025-09-01, assessor = "Data protection officer" },
]
""",
    example_pass="""
[agency]
country = "DE"

[[systems]]
first_use_on = 2025-05-01
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [
  { kind = "gdpr_dpia", completed_on = 2025-03-01, assessor = "Data protection officer" },
]
""",
)
def dpia_before(s: System, ctx: Context) -> Verdict:
    frt = s.fact("FRT") is Tri.TRUE
    severity = None if frt else Severity.MEDIUM
    dpias = list(s.assessments("gdpr_dpia"))
    if not dpias:
        return fail("none", "assessments", severity)
    dated = [d for a in dpias if (d := as_date(a.get("completed_on"))) and d <= ctx.as_of]
    if not dated:
        return unknown("undated", "assessments")
    start = s.date_of("first_use_on")  # "prior to the processing": when personal data flows
    if start is None and s.status in ("pilot", "operational", "suspended", "decommissioned"):
        return unknown("no_start", "first_use_on")
    if start is not None and min(dated) > start:
        return fail(
            "late",
            "assessments",
            severity,
            done=min(dated).isoformat(),
            start=start.isoformat(),
        )
    changed = _latest_substantial_after(s, max(dated), ctx.as_of)
    if changed is not None:
        return fail(
            "stale",
            "assessments",
            severity,
            done=max(dated).isoformat(),
            changed=changed.isoformat(),
        )
    return PASS


# -- GDPR Art. 5(1)(e): storage limitation -------------------------------------------------------
@rule(
    "EU-GDPR-5-001",
    severity=Severity.MEDIUM,
    question=Question.SECURITY,
    profiles=PROFILE,
    citations=(
        *cite("gdpr", "Art. 5(1)(b)", "Art. 5(1)(e)"),
        *cite("eu-led", "Art. 4(1)(e)", "Art. 5"),
        *cite("edpb-3-2019", "section 8 (storage periods)"),
    ),
    applies=EU & RECORDING,
    example_fail="""
[agency]
country = "DE"

[[systems]]
capabilities = { recording = true }
retention = { footage_days = 30, auto_delete = true }
""",
    example_pass="""
[agency]
country = "DE"

[[systems]]
capabilities = { recording = true }
retention = { footage_days = 3, auto_delete = true }
""",
)
def retention_limited(s: System, ctx: Context) -> Verdict:
    r = s.table("retention")
    days = r.get("footage_days")
    if not isinstance(days, int):
        return unknown("footage_unknown", "retention.footage_days")
    limit = int(ctx.params.get("eu_max_footage_days", 3))
    if days > limit and not r.get("basis"):
        return fail("unjustified", "retention.footage_days", days=days, limit=limit)
    if s.fact("FRT") is Tri.TRUE and not isinstance(r.get("templates_days"), int):
        return unknown("templates_unknown", "retention.templates_days")
    auto = Tri.of(r.get("auto_delete"))
    if auto is Tri.FALSE:
        return fail("not_enforced", "retention.auto_delete")
    if auto is Tri.UNKNOWN:
        return unknown("auto_delete_unknown", "retention.auto_delete")
    return PASS
