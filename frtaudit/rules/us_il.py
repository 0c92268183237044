"""Illinois Biometric Information Privacy Act, 740 ILCS 14 (optional profile ``us-il-bipa``).

rules.md section 4.4b as corrected in 2026-12: s. 15(a)-(e) and s. 20. BIPA binds private
entities (s. 10 excludes State and local government agencies; s. 25(e) excludes contractors
of a State agency when working for it), so every rule applies to private operators only.
Items read from republications (s. 15(d)(1)-(4), 15(e), 20(b)-(c)) are marked uncertain;
see rules.md open point 18.

Silence: BIPA requires the written policy (15(a)) and the written release (15(b)) to exist, so
their absence fails; whatever else the inventory does not say is ``unknown``.
"""

from __future__ import annotations

from frtaudit.model import Context, Outcome, Question, Severity, Tri, Verdict
from frtaudit.rules._registry import PASS, cite, fail, rule, unknown
from frtaudit.rules.dpp import Retention
from frtaudit.rules.facts import FRT, PRIVATE, SHARES_BIO, System

PROFILE = ("us-il-bipa",)
BIPA = "bipa"
#: Releases BIPA accepts: a written release (an electronic signature counts since P.A. 103-0769).
WRITTEN = frozenset({"opt_in_written"})


@rule(
    "US-BIPA-15A-001",
    severity=Severity.HIGH,
    question=Question.SECURITY,
    profiles=PROFILE,
    citations=(*cite(BIPA, "s. 15(a)"), *cite(BIPA, "s. 10"), *cite(BIPA, "s. 25(e)")),
    applies=FRT & PRIVATE,
    example_fail="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_leisure"
is_public_body = false

[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
retention = { templates = { period = "indefinite" } }
""",
    example_pass="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_leisure"
is_public_body = false
biometric_retention_url = "https://gym.example/biometric-policy"

[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
retention = { templates = { period = "until_purpose_met", review_on = 2027-01-31, auto_delete = true } }
""",
)
def retention_policy(s: System, ctx: Context) -> Verdict:
    if not (s.agency.get("biometric_retention_url") or s.agency.get("biometric_retention_ref")):
        return fail("no_policy", "agency.biometric_retention_url")
    templates = Retention(s, "templates")
    if templates.period == "indefinite":
        return fail("indefinite", "retention.templates.period")
    limit = int(ctx.params.get("bipa_max_retention_days", 1095) or 1095)
    if templates.period == "days" and templates.days is not None and templates.days > limit:
        return fail("too_long", templates.field, days=templates.days, limit=limit)
    if not templates.declared:
        return unknown("undeclared", "retention.templates.period")
    return PASS


@rule(
    "US-BIPA-15B-001",
    severity=Severity.CRITICAL,
    question=Question.CONSENT,
    profiles=PROFILE,
    citations=(*cite(BIPA, "s. 15(b)(1)-(3)"), *cite(BIPA, "s. 10")),
    applies=FRT & PRIVATE,
    example_fail="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_retail"
is_public_body = false

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
population = { scanned_scope = "all_entrants" }
consent = { model = "implied" }
""",
    example_pass="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_leisure"
is_public_body = false

[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
population = { scanned_scope = "enrolled_only" }
consent = { model = "opt_in_written", notice_items_given = true, record_ref = "signed releases in member files" }
""",
)
def written_release(s: System, ctx: Context) -> Verdict:
    consent = s.table("consent")
    model = consent.get("model")
    if s.fact("ALL_ENTRANTS") is Tri.TRUE:
        return fail("all_entrants", "population.scanned_scope")
    if model is None or (model not in WRITTEN and model != "unknown"):
        return fail("no_release", "consent.model", model=str(model or "-"))
    if model == "unknown":
        return unknown("model_unknown", "consent.model")
    if consent.get("notice_items_given") is False:
        return fail("not_informed", "consent.notice_items_given")
    if not consent.get("record_ref"):
        return fail("no_record", "consent.record_ref")
    if consent.get("notice_items_given") is not True:
        return unknown("notice_unknown", "consent.notice_items_given")
    return PASS


@rule(
    "US-BIPA-15C-001",
    severity=Severity.HIGH,
    question=Question.SHARING,
    profiles=PROFILE,
    citations=(*cite(BIPA, "s. 15(c)"),),
    applies=FRT & PRIVATE & SHARES_BIO,
    example_fail="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_retail"
is_public_body = false

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
sharing = [{ recipient = "Retail watchlist network", recipient_kind = "private_company", includes_biometrics = true, for_value = true }]
""",
    example_pass="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_retail"
is_public_body = false

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
sharing = [{ recipient = "County sheriff", recipient_kind = "law_enforcement", includes_biometrics = true, for_value = false, legal_basis_ref = "subpoena 2025-118" }]
""",
)
def no_profit(s: System, ctx: Context) -> Verdict:
    shares = [
        (i, x) for i, x in enumerate(s.items("sharing")) if x.get("includes_biometrics") is True
    ]
    for i, share in shares:
        if share.get("for_value") is True:
            return fail(
                "profit", f"sharing[{i}].for_value", recipient=str(share.get("recipient", ""))
            )
    for i, share in shares:
        if share.get("for_value") is not False:
            return unknown(
                "unknown", f"sharing[{i}].for_value", recipient=str(share.get("recipient", ""))
            )
    return PASS


@rule(
    "US-BIPA-15D-001",
    severity=Severity.HIGH,
    question=Question.SHARING,
    profiles=PROFILE,
    citations=(*cite(BIPA, "s. 15(d)(1)-(4)"),),
    applies=FRT & PRIVATE & SHARES_BIO,
    uncertain=True,
    example_fail="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_retail"
is_public_body = false

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
sharing = [{ recipient = "Partner stores", recipient_kind = "private_company", includes_biometrics = true }]
""",
    example_pass="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_retail"
is_public_body = false

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
sharing = [{ recipient = "County sheriff", recipient_kind = "law_enforcement", includes_biometrics = true, legal_basis_ref = "subpoena 2025-118" }]
""",
)
def disclosure_permitted(s: System, ctx: Context) -> Verdict:
    for i, share in enumerate(s.items("sharing")):
        if share.get("includes_biometrics") is not True:
            continue
        if not (share.get("consent_ref") or share.get("legal_basis_ref")):
            # s. 15(d) allows disclosure only on one of four grounds: silence is none of them.
            return fail("no_ground", f"sharing[{i}]", recipient=str(share.get("recipient", "")))
    return PASS


@rule(
    "US-BIPA-15E-001",
    severity=Severity.HIGH,
    question=Question.SECURITY,
    profiles=PROFILE,
    citations=(*cite(BIPA, "s. 15(e)(1)-(2)"),),
    applies=FRT & PRIVATE,
    uncertain=True,
    example_fail="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_leisure"
is_public_body = false

[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
templates = { encrypted_at_rest = false, encrypted_in_transit = true }
security = { access_control = true }
""",
    example_pass="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_leisure"
is_public_body = false

[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
templates = { encrypted_at_rest = true, encrypted_in_transit = true }
security = { access_control = true }
""",
)
def reasonable_care(s: System, ctx: Context) -> Verdict:
    checks = (
        ("templates", "encrypted_at_rest"),
        ("templates", "encrypted_in_transit"),
        ("security", "access_control"),
    )
    weak = [f"{t}.{k}" for t, k in checks if s.get(t, k) is False]
    if weak:
        return fail("weak", weak[0], fields=", ".join(weak))
    undeclared = [f"{t}.{k}" for t, k in checks if s.get(t, k) is not True]
    if undeclared:
        return unknown("undeclared", undeclared[0], fields=", ".join(undeclared))
    return PASS


#: The s. 15 checks whose failures carry s. 20 damages, with their applicability.
_SECTION_15 = (
    ("15(a)", retention_policy, FRT & PRIVATE),
    ("15(b)", written_release, FRT & PRIVATE),
    ("15(c)", no_profit, FRT & PRIVATE & SHARES_BIO),
    ("15(d)", disclosure_permitted, FRT & PRIVATE & SHARES_BIO),
    ("15(e)", reasonable_care, FRT & PRIVATE),
)


@rule(
    "US-BIPA-20-001",
    severity=Severity.LOW,
    question=Question.LEGAL,
    profiles=PROFILE,
    citations=(*cite(BIPA, "s. 20(a)(1)-(4)", "s. 20(b)-(c)"),),
    applies=FRT & PRIVATE,
    advisory=True,
    uncertain=True,
    example_fail="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_leisure"
is_public_body = false

[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "implied" }
""",
    example_pass="""
[agency]
country = "US"
subdivision = "US-IL"
kind = "private_leisure"
is_public_body = false
biometric_retention_url = "https://gym.example/biometric-policy"

[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
population = { scanned_scope = "enrolled_only" }
consent = { model = "opt_in_written", notice_items_given = true, record_ref = "signed releases in member files" }
retention = { templates = { period = "until_purpose_met", review_on = 2027-01-31, auto_delete = true } }
templates = { encrypted_at_rest = true, encrypted_in_transit = true }
security = { access_control = true }
""",
)
def damages_exposure(s: System, ctx: Context) -> Verdict:
    outcomes = [
        (section, check(s, ctx).outcome)
        for section, check, applies in _SECTION_15
        if applies(s)[0] is not Tri.FALSE
    ]
    failed = [section for section, outcome in outcomes if outcome is Outcome.FAIL]
    if failed:
        return fail("exposure", "", sections=", ".join(failed))
    open_ = [section for section, outcome in outcomes if outcome is not Outcome.PASS]
    if open_:
        return unknown("exposure_unknown", "", sections=", ".join(open_))
    return PASS
