"""Council of Europe (profile ``coe``): rules.md section 4.9, ``COE-*``.

Written from the Guidelines on Facial Recognition (T-PD(2020)03rev4, 28 January 2021) and
Convention 108+. The four parts of the Guidelines are confirmed; their sub-section numbers are
not (rules.md section 2.8, open point 14), so rules cite "Part n" and give a sub-section only
as "unverified". The Guidelines are soft law: a rule whose requirement comes from them rather
than from an article of Convention 108+ is registered with ``soft_law=True`` and every report
says so. The profile applies to any operator, public or private, in any country.

Silence: where the inventory says nothing a rule answers ``unknown``, unless the law itself
requires the document or act to exist (a lawful basis, an impact assessment before processing,
a record of necessity); then silence fails. Each rule's ``silence`` text says which.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frtaudit.model import Context, Question, Severity, Tri, Verdict
from frtaudit.rules._registry import PASS, cite, fail, review, rule, unknown
from frtaudit.rules.dpp import (
    ID_OR_LEGAL_EFFECTS,
    alternative_verdict,
    consent_verdict,
    human_review_verdict,
    necessity_verdict,
    retention_verdict,
    scraping_verdict,
)
from frtaudit.rules.facts import (
    ALL_ENTRANTS,
    COVERT,
    FRT,
    ID,
    LAW_BASIS,
    LAW_BASIS_KINDS,
    LE,
    PRIVATE,
    REMOTE,
    RT,
    STATE,
    UNCONTROLLED,
    VERIFY_ONLY,
    WATCHLIST,
    Predicate,
    System,
    as_date,
    where,
)

PROFILE = ("coe",)
COE_108 = "coe-108"
COE_GL = "coe-frt-gl"

#: Attributes whose determination the Guidelines want prohibited (Part 1; "sole purpose").
SENSITIVE_ATTRIBUTES = frozenset(
    {"age", "gender", "ethnicity", "skin_colour", "religion", "health", "social_condition"}
)
#: Purposes and places where affect recognition decides on work, insurance or education.
AFFECT_PURPOSES = frozenset({"hiring", "employee_monitoring", "insurance", "education_assessment"})
AFFECT_CONTEXTS = frozenset({"workplace", "school", "hiring", "insurance"})
#: Assessments that examine the impact on rights before processing (Conv 108+ Art. 10(2)).
IMPACT_KINDS = (
    "hria",
    "pia",
    "dpia",
    "gdpr_dpia",
    "kr_pia",
    "eu_fria",
    "proportionality_assessment",
)
#: What a public body's legal basis must settle (Guidelines Part 1, legal basis).
LAW_ELEMENTS = (
    "use_purpose",
    "accuracy_minimum",
    "retention",
    "audit_traceability",
    "safeguards",
)


def _identifies_tracks_or_categorises(s: System) -> Tri:
    analysis = s.get("capabilities", "attribute_analysis")
    if isinstance(analysis, list) and analysis:
        return Tri.TRUE
    return s.fact("ID") | s.cap("face_tracking")


def _not_statutory_consent(s: System) -> Tri:
    return Tri.FALSE if s.get("consent", "model") == "statutory" else Tri.TRUE


def _sensitive(s: System) -> Tri:
    analysis = s.get("capabilities", "attribute_analysis")
    if isinstance(analysis, list) and SENSITIVE_ATTRIBUTES & set(analysis):
        return Tri.TRUE
    return s.cap("sensitive_attribute_inference")


def _affect_setting(s: System) -> Tri:
    purposes = {s.get("purpose", "primary"), *(s.get("purpose", "secondary") or ())}
    contexts = set(s.get("location", "context") or ())
    analysis = set(s.get("capabilities", "attribute_analysis") or ())
    affect = s.cap("emotion_recognition") | (
        Tri.TRUE if analysis & {"emotion", "personality"} else Tri.FALSE
    )
    setting = Tri.TRUE if purposes & AFFECT_PURPOSES or contexts & AFFECT_CONTEXTS else Tri.FALSE
    return affect & setting


def _has_gallery(s: System) -> Tri:
    exists = Tri.of(s.get("gallery", "exists"))
    if exists is Tri.UNKNOWN:
        if s.get("gallery", "source") or s.get("gallery", "kind") or s.fact("ID") is Tri.TRUE:
            return Tri.TRUE
        if s.fact("FRT") is Tri.FALSE:
            return Tri.FALSE
    return exists


ID_TRACK_OR_CATEGORISE = where("ID_TRACK_OR_CATEGORISE", _identifies_tracks_or_categorises)
NOT_STATUTORY_CONSENT = where("STATUTORY_CONSENT", _not_statutory_consent)
SENSITIVE = where("COE_SENSITIVE", _sensitive)
AFFECT = where("COE_AFFECT", _affect_setting)
GALLERY = where("GALLERY", _has_gallery)
PRIVATE_UNCONTROLLED: Predicate = (
    FRT & PRIVATE & (UNCONTROLLED | (WATCHLIST & ALL_ENTRANTS)) & ID_TRACK_OR_CATEGORISE
)


@rule(
    "COE-LEGAL-001",
    severity=Severity.CRITICAL,
    question=Question.LEGAL,
    profiles=PROFILE,
    citations=(
        *cite(COE_GL, "Part 1: legal basis (sub-section 1.1 unverified)"),
        *cite(COE_108, "Art. 5(2)", "Art. 5(3)", "Art. 6", "Art. 11(1)"),
    ),
    applies=FRT & STATE,
    soft_law=True,
    uncertain=True,
    example_fail="""
[agency]
country = "GB"
kind = "law_enforcement"
is_law_enforcement = true

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
legal_basis = [{ law = "Common-law policing powers", kind = "common_law", covers = ["use_purpose", "safeguards"] }]
""",
    example_pass="""
[agency]
country = "GB"
kind = "law_enforcement"
is_law_enforcement = true

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
legal_basis = [{ law = "Common-law policing powers, with the force's published LFR policy", kind = "common_law", covers = ["use_purpose", "accuracy_minimum", "retention", "watchlist_criteria", "deployment_locations", "audit_traceability", "safeguards"] }]
""",
)
def law_states_elements(s: System, ctx: Context) -> Verdict:
    bases = s.items("legal_basis")
    if not bases:
        return fail("none", "legal_basis")
    laws = [(i, b) for i, b in enumerate(bases) if b.get("kind") in LAW_BASIS_KINDS]
    if not laws:
        if any(b.get("kind") is None for b in bases):
            return unknown("kind_missing", "legal_basis")
        return fail("not_law", "legal_basis[0].kind", kind=str(bases[0].get("kind", "")))
    recorded: list[list[object]] = [
        list(b["covers"]) for _, b in laws if isinstance(b.get("covers"), list)
    ]
    if not recorded:
        return unknown("covers_unknown", f"legal_basis[{laws[0][0]}].covers")
    covered = {c for covers in recorded for c in covers if isinstance(c, str)}
    needed = list(LAW_ELEMENTS)
    if s.fact("ID") is Tri.TRUE:
        needed += ["watchlist_criteria", "deployment_locations"]
    missing = [e for e in needed if e not in covered]
    if missing:
        return fail(
            "elements",
            f"legal_basis[{laws[0][0]}].covers",
            Severity.HIGH,
            missing=", ".join(missing),
        )
    return PASS


@rule(
    "COE-NEC-001",
    severity=Severity.HIGH,
    question=Question.NECESSITY,
    profiles=PROFILE,
    citations=(
        *cite(
            COE_GL, "Part 3: users demonstrate strict necessity (sub-section unverified)", "Part 1"
        ),
        *cite(COE_108, "Art. 5(1)", "Art. 10(1)", "Art. 10(2)"),
        *cite("bc-oipc-23-02", "reasonable purpose"),
        *cite("nz-bppc", "proportionality assessment"),
    ),
    applies=FRT,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
necessity = { justification_url = "https://agency.example/frt/necessity", alternatives_considered = ["manual review of footage"], effectiveness_evidence_ref = "2025 evaluation", scale_rationale = "searches only for named incidents" }
""",
)
def strictly_necessary(s: System, ctx: Context) -> Verdict:
    verdict = necessity_verdict(s)
    if verdict != PASS:
        return verdict
    assessed = as_date(s.get("necessity", "assessed_on"))
    later = [
        d
        for c in s.items("changes")
        if c.get("kind") in ("purpose", "location", "gallery_source", "scale")
        and (d := as_date(c.get("date"))) is not None
        and d <= ctx.as_of
    ]
    if assessed is not None and later and max(later) > assessed:
        return fail(
            "stale",
            "necessity.assessed_on",
            assessed=assessed.isoformat(),
            change=max(later).isoformat(),
        )
    return PASS


@rule(
    "COE-PRIV-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(
        *cite(
            COE_GL,
            "Part 1, private sector: no FRT in uncontrolled environments (sub-section 1.3.2 unverified)",
        ),
        *cite("bc-oipc-23-02", "retail FRT on everyone entering"),
    ),
    applies=PRIVATE_UNCONTROLLED,
    fail_closed=True,
    waivable=False,
    soft_law=True,
    uncertain=True,
    example_fail="""
[agency]
country = "GB"
kind = "private_retail"
is_public_body = false

[[systems]]
location = { type = "publicly_accessible", context = ["retail"] }
population = { scanned_scope = "all_entrants" }
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
gallery = { exists = true, kind = "watchlist" }
purpose = { primary = "loss_prevention" }
""",
    example_pass="""
[agency]
country = "GB"
kind = "private_retail"
is_public_body = false

[[systems]]
device = { kind = "access_gate", count = 2 }
location = { type = "restricted", environment = "controlled", context = ["workplace"] }
population = { scanned_scope = "enrolled_only" }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
""",
)
def private_uncontrolled(s: System, ctx: Context) -> Verdict:
    laws = [i for i, b in enumerate(s.items("legal_basis")) if b.get("kind") in LAW_BASIS_KINDS]
    if laws:
        return review("law_basis", f"legal_basis[{laws[0]}]")
    where_ = (
        "population.scanned_scope"
        if s.fact("UNCONTROLLED") is not Tri.TRUE
        else "location.environment"
        if s.get("location", "environment")
        else "location.type"
    )
    return fail("deployed", where_, purpose=str(s.get("purpose", "primary") or "-"))


@rule(
    "COE-CONSENT-001",
    severity=Severity.CRITICAL,
    question=Question.CONSENT,
    profiles=PROFILE,
    citations=(
        *cite(COE_108, "Art. 5(2)", "Art. 6"),
        *cite(
            COE_GL,
            'Part 1, private sector: specific, free and informed consent ("explicit" unverified)',
        ),
        *cite("bc-oipc-23-02", "consent"),
    ),
    applies=FRT & PRIVATE & ~LAW_BASIS,
    example_fail="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_leisure"
is_public_body = false

[[systems]]
device = { kind = "access_gate", count = 2 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "implied" }
""",
    example_pass="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_leisure"
is_public_body = false

[[systems]]
device = { kind = "access_gate", count = 2 }
location = { type = "restricted", environment = "controlled" }
population = { scanned_scope = "enrolled_only" }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "opt_in_written", record_ref = "signed releases, member files", withdrawal = true }
""",
)
def private_consent(s: System, ctx: Context) -> Verdict:
    return consent_verdict(s)


@rule(
    "COE-ALT-001",
    severity=Severity.HIGH,
    question=Question.CONSENT,
    profiles=PROFILE,
    citations=(
        *cite(COE_GL, "Part 1, private sector: alternatives to biometrics (wording unverified)"),
        *cite(COE_108, "Art. 5(2)"),
    ),
    applies=FRT & VERIFY_ONLY & NOT_STATUTORY_CONSENT,
    soft_law=True,
    uncertain=True,
    example_fail="""
[[systems]]
device = { kind = "access_gate", count = 2 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "opt_in", alternative_offered = false }
""",
    example_pass="""
[[systems]]
device = { kind = "access_gate", count = 2 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "opt_in", alternative_offered = true, alternative_kind = ["pin"], detriment_if_refused = false }
""",
)
def private_alternative(s: System, ctx: Context) -> Verdict:
    return alternative_verdict(s)


@rule(
    "COE-SENS-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(
        *cite(COE_GL, "Part 1: FRT for the sole purpose of determining sensitive traits"),
        *cite(COE_108, "Art. 6(1)", "Art. 6(2)"),
    ),
    applies=FRT & SENSITIVE,
    fail_closed=True,
    waivable=False,
    soft_law=True,
    example_fail="""
[[systems]]
capabilities = { face_detection = true, attribute_analysis = ["age", "gender"], processing_mode = "real_time", capture_mode = "remote" }
purpose = { primary = "customer_analytics" }
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
""",
)
def sensitive_traits(s: System, ctx: Context) -> Verdict:
    safeguarded = [
        i
        for i, b in enumerate(s.items("legal_basis"))
        if b.get("kind") in LAW_BASIS_KINDS
        and "anti_discrimination_safeguards" in (b.get("covers") or ())
    ]
    if safeguarded:
        return review("safeguards", f"legal_basis[{safeguarded[0]}].covers")
    analysis = [
        a for a in s.get("capabilities", "attribute_analysis") or () if a in SENSITIVE_ATTRIBUTES
    ]
    traits = ", ".join(sorted(analysis)) or "sensitive_attribute_inference"
    return fail("determines", "capabilities.attribute_analysis", traits=traits)


@rule(
    "COE-AFFECT-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(
        *cite(COE_GL, "Part 1: affect recognition (sub-section unverified)"),
        *cite("eu-aia", "Art. 5(1)(f)"),
    ),
    applies=AFFECT,
    fail_closed=True,
    waivable=False,
    soft_law=True,
    example_fail="""
[[systems]]
location = { type = "restricted", context = ["hiring"] }
capabilities = { emotion_recognition = true, processing_mode = "post", capture_mode = "cooperative" }
purpose = { primary = "hiring" }
""",
    example_pass="""
[[systems]]
location = { type = "restricted", context = ["hiring"] }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
purpose = { primary = "identity_verification" }
""",
)
def affect_recognition(s: System, ctx: Context) -> Verdict:
    purposes = [
        p for p in (s.get("purpose", "primary"), *(s.get("purpose", "secondary") or ())) if p
    ]
    setting = next((p for p in purposes if p in AFFECT_PURPOSES), "")
    if not setting:
        setting = next((c for c in s.get("location", "context") or () if c in AFFECT_CONTEXTS), "")
    return fail("used", "capabilities.emotion_recognition", setting=str(setting))


@rule(
    "COE-LE-001",
    severity=Severity.CRITICAL,
    question=Question.NECESSITY,
    profiles=PROFILE,
    citations=(
        *cite(COE_GL, "Part 1, public sector: covert live FRT (sub-section 1.3.1 unverified)"),
        *cite(COE_108, "Art. 11(1)"),
    ),
    applies=LE & ID & RT & COVERT,
    soft_law=True,
    uncertain=True,
    example_fail="""
[agency]
country = "GB"
kind = "law_enforcement"
is_law_enforcement = true

[[systems]]
first_use_on = 2025-05-01
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
notice = { covert = true }
necessity = { documented_before_use_on = 2025-06-01 }
""",
    example_pass="""
[agency]
country = "GB"
kind = "law_enforcement"
is_law_enforcement = true

[[systems]]
first_use_on = 2025-05-01
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
notice = { covert = true }
necessity = { documented_before_use_on = 2025-04-28 }
authorisations = [{ kind = "judicial", authority = "Crown Court", ref = "A-2025-17", granted_on = 2025-04-29, outcome = "granted", purpose = "imminent_threat" }]
""",
)
def covert_live(s: System, ctx: Context) -> Verdict:
    documented = as_date(s.get("necessity", "documented_before_use_on"))
    start = s.date_of("first_use_on")
    if documented is None:
        # The Guidelines ask that the justification be on record before the use: silence fails.
        return fail("undocumented", "necessity.documented_before_use_on")
    if start is not None and documented > start:
        return fail(
            "late",
            "necessity.documented_before_use_on",
            documented=documented.isoformat(),
            start=start.isoformat(),
        )
    imminent = [
        a
        for a in s.items("authorisations")
        if a.get("purpose") == "imminent_threat" and a.get("outcome") == "granted"
    ]
    if not imminent:
        return review("imminence", "authorisations")
    if start is None:
        return unknown("undated", "first_use_on")
    return PASS


@rule(
    "COE-RET-001",
    severity=Severity.HIGH,
    question=Question.SECURITY,
    profiles=PROFILE,
    citations=(
        *cite(COE_108, "Art. 5(4)(e)"),
        *cite(COE_GL, "Part 1: the law fixes how long images are kept", "Part 3"),
    ),
    applies=FRT,
    example_fail="""
[agency]
country = "NZ"
kind = "private_retail"
is_public_body = false

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
retention = { gallery_entries = { period = "indefinite" } }
""",
    example_pass="""
[agency]
country = "NZ"
kind = "private_retail"
is_public_body = false

[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
retention = { auto_delete = true, probe_images = { period = "immediate" }, templates = { period = "days", days = 30 }, logs = { period = "days", days = 90 }, raw_enrolment_images = { period = "immediate" } }
""",
)
def retention_fixed(s: System, ctx: Context) -> Verdict:
    return retention_verdict(s, public_law=s.fact("STATE") is Tri.TRUE)


@rule(
    "COE-HUMAN-001",
    severity=Severity.HIGH,
    question=Question.OVERSIGHT,
    profiles=PROFILE,
    citations=(
        *cite(COE_108, "Art. 9(1)(a)", "Art. 9(1)(c)", "Art. 9(1)(f)"),
        *cite(COE_GL, "Part 4"),
    ),
    applies=FRT & ID_OR_LEGAL_EFFECTS,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
oversight = { human_review_before_action = false }
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
oversight = { human_review_before_action = true, review_scope = "all_matches", reviewer_can_override = true, match_not_sole_basis = true }
data_subject_rights = { contest_url = "https://agency.example/frt/contest" }
""",
)
def not_solely_automated(s: System, ctx: Context) -> Verdict:
    verdict = human_review_verdict(s)
    if verdict != PASS:
        return verdict
    route = s.get("data_subject_rights", "contest_url") or s.get("oversight", "complaints_url")
    if not route:
        return unknown("no_route", "data_subject_rights.contest_url")
    return PASS


@rule(
    "COE-ACC-001",
    severity=Severity.MEDIUM,
    question=Question.ACCURACY,
    profiles=PROFILE,
    citations=(
        *cite(
            COE_GL,
            "Part 1: minimum reliability set in law",
            "Part 2: accuracy, diverse data, reliability",
        ),
        *cite(COE_108, "Art. 5(4)(d)", "Art. 10(2)"),
    ),
    applies=FRT,
    soft_law=True,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
model = { name = "Searcher", version = "2.1", threshold = 0.7 }
testing = [{ kind = "nist_frte_1toN", performed_by = "NIST FRTE", independent = true, model_version = "2.1", fpir = 0.002, fnir = 0.05, demographic_breakdown = false }]
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
model = { name = "Searcher", version = "2.1", threshold = 0.7 }
vendor = { name = "Example Vision Co.", training_data_statement_ref = "vendor datasheet 2025-01" }
testing = [{ kind = "nist_demographics", performed_by = "NIST FRTE", independent = true, model_version = "2.1", fpir = 0.002, fnir = 0.05, demographic_breakdown = true }]
""",
)
def accuracy_documented(s: System, ctx: Context) -> Verdict:
    escalate = Severity.HIGH if s.fact("ID") is Tri.TRUE else None
    tests = s.items("testing")
    if s.has("testing") and not tests:
        return fail("no_tests", "testing", escalate)
    if not tests:
        return unknown("tests_unknown", "testing")
    version = s.get("model", "version")
    current = [t for t in tests if version is None or t.get("model_version") in (None, version)]
    if not current:
        return fail("old_version", "testing", escalate, version=str(version))
    rates = ("fmr", "fnmr", "fpir", "fnir")
    if not any(isinstance(t.get(r), int | float) for t in current for r in rates):
        return unknown("rates_missing", "testing")
    if all(t.get("demographic_breakdown") is False for t in current):
        return fail("no_demographics", "testing", escalate)
    if not any(t.get("demographic_breakdown") is True for t in current):
        return unknown("demographics_unknown", "testing")
    if s.get("model", "threshold") is None:
        return unknown("threshold_missing", "model.threshold")
    if not (
        s.get("vendor", "training_data_statement_ref")
        or s.get("model", "training_data_summary_url")
    ):
        return unknown("training_data_unknown", "vendor.training_data_statement_ref")
    return PASS


def kinds_of(assessment: Mapping[str, Any]) -> list[Any]:
    """The kinds of an assessment (``kind`` is a string or a list)."""
    kind = assessment.get("kind")
    return list(kind) if isinstance(kind, list) else [kind]


def impact_assessment_verdict(s: System, ctx: Context) -> Verdict:
    """An impact assessment before processing (Conv 108+ Art. 10(2)), or what is known of one."""
    found = [
        (i, d)
        for i, a in enumerate(s.items("assessments"))
        if set(kinds_of(a)) & set(IMPACT_KINDS)
        for d in (as_date(a.get("completed_on")),)
    ]
    done = [(i, d) for i, d in found if d is None or d <= ctx.as_of]
    status = [
        (i, st)
        for i, st in enumerate(s.items("assessment_status"))
        if st.get("kind") in IMPACT_KINDS
    ]
    if not done:
        if any(st.get("exists") == "yes" for _, st in status):
            return unknown("undated_status", "assessment_status")
        if any(st.get("exists") == "unknown" for _, st in status):
            i = next(i for i, st in status if st.get("exists") == "unknown")
            return unknown("status_unknown", f"assessment_status[{i}].exists")
        if found:
            later = min(d for _, d in found if d is not None)
            return fail("later", "assessments", done=later.isoformat(), as_of=ctx.as_of.isoformat())
        # The law requires the assessment before processing: silence fails.
        return fail("none", "assessments")
    dated = [d for _, d in done if d is not None]
    if not dated:
        return unknown("undated", f"assessments[{done[0][0]}].completed_on")
    # Art. 10(2): before the processing of personal data starts, i.e. before first use
    # (development on other data is not yet processing of the people affected).
    start = s.date_of("first_use_on")
    if start is not None and min(dated) > start:
        return fail(
            "after_start", "assessments", done=min(dated).isoformat(), start=start.isoformat()
        )
    if start is None and s.status in ("pilot", "operational"):
        return unknown("no_start", "first_use_on")
    latest = max(dated)
    redo = [
        c
        for c in s.substantial_changes()
        if (d := as_date(c.get("date"))) is not None and latest < d <= ctx.as_of
    ]
    if redo:
        return fail("not_updated", "changes", change=str(redo[-1].get("date")))
    return PASS


@rule(
    "COE-IA-001",
    severity=Severity.HIGH,
    question=Question.ASSESSMENT,
    profiles=PROFILE,
    citations=(
        *cite(COE_108, "Art. 10(2)", "Art. 10(4)"),
        *cite(COE_GL, "Part 3: accountability (sub-section unverified)"),
        *cite("ohchr-48-31", "para. 60(a)"),
        *cite("nz-bppc", "proportionality assessment"),
    ),
    applies=FRT,
    example_fail="""
[[systems]]
first_use_on = 2024-03-01
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [{ kind = "pia", completed_on = 2024-09-01, assessor = "Example Privacy Consulting" }]
""",
    example_pass="""
[[systems]]
first_use_on = 2024-03-01
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [{ kind = "pia", completed_on = 2024-01-15, assessor = "Example Privacy Consulting" }]
""",
)
def assessed_before(s: System, ctx: Context) -> Verdict:
    return impact_assessment_verdict(s, ctx)


@rule(
    "COE-NOTICE-001",
    severity=Severity.MEDIUM,
    question=Question.NOTICE,
    profiles=PROFILE,
    citations=(
        *cite(COE_108, "Art. 8(1)"),
        *cite(COE_GL, "Part 3: transparency and fairness (sub-section unverified)"),
        *cite("bc-oipc-23-02", "notice"),
    ),
    applies=FRT,
    example_fail="""
[agency]
country = "CA"
kind = "private_retail"
is_public_body = false

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
notice = { signage = false, frt_disclosed = false }
""",
    example_pass="""
[agency]
country = "CA"
kind = "private_retail"
is_public_body = false
privacy_policy_ref = "privacy-notice-2025"

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
notice = { signage = true, signage_items = ["frt_in_use", "operator", "purpose", "retention", "manager_contact"], web_url = "https://shop.example/privacy#frt", frt_disclosed = true }
""",
)
def people_told(s: System, ctx: Context) -> Verdict:
    covert = s.fact("COVERT")
    if covert is Tri.TRUE:
        if s.fact("LE") is Tri.TRUE:
            return review("le_covert", "notice.covert")
        return fail("covert", "notice.covert", Severity.HIGH)
    notice = s.table("notice")
    if notice.get("signage") is False:
        return fail("no_sign", "notice.signage")
    if notice.get("frt_disclosed") is False:
        return fail("not_disclosed", "notice.frt_disclosed")
    items = notice.get("signage_items")
    if notice.get("signage") is True and isinstance(items, list) and items:
        lacking = [i for i in ("frt_in_use", "purpose") if i not in items]
        if "operator" not in items and "manager_contact" not in items:
            lacking.append("operator")
        if lacking:
            return fail("sign_items", "notice.signage_items", items=", ".join(lacking))
    if notice.get("signage") is not True:
        return unknown("sign_unknown", "notice.signage")
    policy = (
        notice.get("web_url")
        or s.agency.get("privacy_policy_url")
        or s.agency.get("privacy_policy_ref")
    )
    if not policy or notice.get("frt_disclosed") is not True:
        return unknown("policy_unknown", "notice.frt_disclosed")
    return PASS


@rule(
    "COE-SCRAPE-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(
        *cite(COE_GL, "Part 1: re-use of available images (sub-section 1.2 unverified)"),
        *cite(COE_108, "Art. 5(3)", "Art. 5(4)(a)", "Art. 5(4)(b)", "Art. 6"),
        *cite("gpa-scraping", "joint statements of 2023-08-24 and 2024-10"),
    ),
    applies=GALLERY,
    waivable=False,
    uncertain=True,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, source = ["scraped_internet"], untargeted_scraping = true }
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, source = ["voluntary_enrolment"], untargeted_scraping = false }
""",
)
def not_scraped(s: System, ctx: Context) -> Verdict:
    return scraping_verdict(s)


@rule(
    "COE-RIGHTS-001",
    severity=Severity.MEDIUM,
    question=Question.OVERSIGHT,
    profiles=PROFILE,
    citations=(
        *cite(COE_108, "Art. 9(1)", "Art. 11(1)"),
        *cite(COE_GL, "Part 4"),
    ),
    applies=FRT,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
gallery = { exists = true, kind = "watchlist" }
data_subject_rights = { access_url = "https://shop.example/privacy/access", erasure_url = "https://shop.example/privacy/erase", objection_url = "https://shop.example/privacy/object", contest_url = "https://shop.example/privacy/contest", response_days = 30, watchlist_notification = false }
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
gallery = { exists = true, kind = "watchlist" }
data_subject_rights = { access_url = "https://shop.example/privacy/access", erasure_url = "https://shop.example/privacy/erase", objection_url = "https://shop.example/privacy/object", contest_url = "https://shop.example/privacy/contest", response_days = 30, watchlist_notification = true }
""",
)
def rights_channel(s: System, ctx: Context) -> Verdict:
    rights = s.table("data_subject_rights")
    if s.fact("WATCHLIST") is Tri.TRUE and rights.get("watchlist_notification") is False:
        if not any(b.get("kind") in LAW_BASIS_KINDS for b in s.items("legal_basis")):
            return fail("watchlist_secret", "data_subject_rights.watchlist_notification")
        return review("restricted", "data_subject_rights.watchlist_notification")
    channels = ("access_url", "erasure_url", "objection_url", "contest_url")
    missing = [f"data_subject_rights.{c}" for c in channels if not rights.get(c)]
    if "data_subject_rights.contest_url" in missing and s.get("oversight", "complaints_url"):
        missing.remove("data_subject_rights.contest_url")
    if missing:
        return unknown("channels_missing", missing[0], fields=", ".join(missing))
    if not isinstance(rights.get("response_days"), int):
        return unknown("no_deadline", "data_subject_rights.response_days")
    if s.fact("WATCHLIST") is Tri.TRUE and rights.get("watchlist_notification") is not True:
        return unknown("watchlist_unknown", "data_subject_rights.watchlist_notification")
    return PASS


@rule(
    "COE-MORA-001",
    severity=Severity.LOW,
    question=Question.NOTICE,
    profiles=PROFILE,
    citations=(
        *cite(COE_GL, "Part 1: democratic debate on a moratorium in uncontrolled environments"),
        *cite("ohchr-48-31", "para. 59(d)"),
    ),
    applies=STATE & ID & REMOTE & UNCONTROLLED,
    advisory=True,
    soft_law=True,
    example_fail="""
[[systems]]
location = { type = "public_space", context = ["street"] }
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
consultation = []
""",
    example_pass="""
[[systems]]
location = { type = "public_space", context = ["street"] }
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
consultation = [{ method = "comment_period", held_on = 2024-05-01, url = "https://city.example/lfr-consultation" }]
assessments = [{ kind = "hria", completed_on = 2024-06-01, assessor = "Example Human Rights Centre" }]
""",
)
def moratorium_debate(s: System, ctx: Context) -> Verdict:
    held = [
        c
        for c in s.items("consultation")
        if (d := as_date(c.get("held_on"))) is None or d <= ctx.as_of
    ]
    if s.has("consultation") and not held:
        return fail("no_debate", "consultation")
    hria = list(s.assessments("hria", "eu_fria"))
    if held and hria:
        return PASS
    if not held:
        return unknown("debate_unknown", "consultation")
    return unknown("analysis_unknown", "assessments")
