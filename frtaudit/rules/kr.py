"""Korea: PIPA, PIPC guidance and the AI Basic Act (profile ``kr-pipa``): rules.md 4.2 and 4.3.

Texts (title, what it checks, why it matters, fix, limits, messages) are in the catalogue under
``rule."KR-..."``. Every rule's applicability includes ``KR``; the profile scope is also enforced by
the engine. The AI Basic Act rules are advisory unless the ``kr_aiba_binding`` parameter is set.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from frtaudit.model import Context, Outcome, Question, Severity, Tri, Verdict
from frtaudit.rules._registry import (
    PASS,
    cite,
    fail,
    not_applicable,
    rule,
    unknown,
)
from frtaudit.rules.facts import (
    FRT,
    KR,
    PUBLIC,
    RECORDING,
    STATE,
    VIDEO_FIXED,
    VIDEO_MOBILE,
    System,
    as_date,
    where,
)

PROFILE = ("kr-pipa",)

#: Dates from which a duty applies (rules.md 2.2, 2.3; verified in the law.go.kr texts).
MOBILE_FROM = date(2023, 9, 15)  # PIPA Art. 25-2 (Act No. 19234)
AUTOMATED_DECISION_FROM = date(2024, 3, 15)  # PIPA Art. 37-2
POSSIBLE_BREACH_FROM = date(2026, 9, 11)  # PIPA Art. 34(2) as amended by Act No. 21445
AIBA_FROM = date(2026, 1, 22)  # AI Basic Act, Act No. 20676
AIBA_VULNERABLE_FROM = date(2026, 7, 21)  # Art. 35(1) second sentence (Act No. 21311)

#: Signboard items of PIPA Art. 25(4) (the manager's name is no longer required).
SIGN_ITEMS = ("purpose", "location", "range", "hours", "manager_contact")
#: Opinion-gathering methods of PIPA Decree Art. 23(1).
OPINION_METHODS = frozenset(
    {"admin_notice", "hearing", "comment_period", "info_session", "survey", "community_meeting"}
)
#: Instruments that are "laws or regulations" (법령) for PIPA Art. 23(1)2.
LAW_REG_KINDS = frozenset({"statute", "decree"})
#: Access-log retention minimums of the PIPC safety-measures standard (Art. 8(1); uncertain).
ACCESS_LOG_DAYS = 365
ACCESS_LOG_DAYS_SENSITIVE = 730


# -- helpers ----------------------------------------------------------------------------------------
def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _param(ctx: Context, name: str, default: Any) -> Any:
    value = ctx.params.get(name)
    return default if value is None else value


def _deadline(start: date, hours: int) -> date:
    """Inventory dates are days: a duty of ``hours`` ends ``ceil(hours / 24)`` days later."""
    return start + timedelta(days=math.ceil(hours / 24))


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _face_templates(s: System) -> Tri:
    """Capabilities that generate features to recognise a specific person (Decree Art. 18(3))."""
    return s.cap("face_verification") | s.cap("face_identification") | s.cap("face_tracking")


def _carved_out(s: System) -> Tri:
    """A public institution acting under PIPA Art. 18(2) items 5-9 (Decree Art. 18 proviso)."""
    ground = s.get("pipa", "art18_2_ground")
    if isinstance(ground, int) and 5 <= ground <= 9:
        return s.fact("STATE")
    return Tri.FALSE


def _subjects(s: System) -> int | None:
    """N of rules.md 4.2: the larger of the estimated data subjects and the gallery size."""
    values = [
        v
        for v in (s.get("population", "est_data_subjects"), s.get("gallery", "size"))
        if isinstance(v, int) and not isinstance(v, bool)
    ]
    return max(values) if values else None


def _ai(s: System) -> Tri:
    if not _blank(s.get("model", "name")):
        return Tri.TRUE
    return s.fact("FRT") | s.cap("face_detection")


def _high_impact(s: System) -> Tri:
    """KR_HIGH_IMPACT of rules.md section 3 (``KR`` is checked separately)."""
    if s.get("kr_ai", "high_impact") == "yes":
        return Tri.TRUE
    legal_effects = Tri.of(s.get("purpose", "legal_effects"))
    listed = (s.fact("FRT") & s.fact("LE")) | (s.fact("STATE") & legal_effects)
    return _ai(s) & listed


def _vendor_processing(s: System) -> Tri:
    if s.items("entrustment"):
        return Tri.TRUE
    if any(sh.get("recipient_kind") == "vendor" for sh in s.items("sharing")):
        return Tri.TRUE
    vendor = s.table("vendor")
    if not vendor:
        return Tri.FALSE
    return Tri.of(vendor.get("data_access"))


def _automated(s: System) -> Tri:
    kind = s.get("capabilities", "decision_type")
    if kind == "final_automated":
        return Tri.TRUE
    return Tri.UNKNOWN if kind == "unknown" else Tri.FALSE


SIGN_NOT_EXEMPT = where(
    "KR_SIGN_EXEMPT",
    lambda s: (
        Tri.FALSE
        if s.get("location", "exempt_facility") in ("military", "national_key", "national_security")
        else Tri.TRUE
    ),
)
CONTRACTOR = where(
    "KR_CONTRACTOR",
    lambda s: Tri.TRUE if s.get("operator", "kind") == "contractor" else Tri.FALSE,
)
FACE_TEMPLATES = where("KR_FACE_TEMPLATES", _face_templates)
NOT_CARVED_OUT = where("KR_ART18_CARVEOUT", lambda s: ~_carved_out(s))
SHARING = where("KR_SHARING", lambda s: Tri.TRUE if s.items("sharing") else Tri.FALSE)
VENDOR_PROCESSING = where("KR_VENDOR_PROCESSING", _vendor_processing)
BREACHES = where("KR_BREACHES", lambda s: Tri.TRUE if s.items("breaches") else Tri.FALSE)
AUTOMATED = where("KR_AUTOMATED_DECISION", _automated)
AI = where("KR_AI", _ai)
HIGH_IMPACT = where("KR_HIGH_IMPACT", _high_impact)
VIDEO = VIDEO_FIXED | VIDEO_MOBILE


def _filming(s: System) -> Tri:
    """A fixed device that films continuously or periodically (Decree Art. 3(1)).

    CCTV and network cameras do; a gate or kiosk camera that only captures the person who steps
    up and asks for it (cooperative capture) does not, so Art. 25 does not govern it (consent
    and Art. 23 do). Such a device that also captures at a distance is treated as a camera.
    """
    kind = s.get("device", "kind")
    if kind in ("fixed_cctv", "network_camera"):
        return Tri.TRUE
    if kind in ("access_gate", "kiosk"):
        mode = s.get("capabilities", "capture_mode")
        if mode in ("remote", "both"):
            return Tri.TRUE
        return Tri.UNKNOWN if mode in (None, "unknown") else Tri.FALSE
    return Tri.UNKNOWN if kind is None else Tri.FALSE


#: Fixed video devices in the sense of PIPA Art. 25 (continuous or periodic filming).
ART25_DEVICE = where("KR_ART25_DEVICE", _filming)


# == PIPA Art. 25: fixed video devices ==============================================================
@rule(
    "KR-PIPA-25-001",
    severity=Severity.HIGH,
    question=Question.LEGAL,
    profiles=PROFILE,
    citations=(*cite("pipa", "Art. 25(1)"), *cite("pipa-decree", "Art. 22(1)")),
    applies=KR & ART25_DEVICE & PUBLIC,
    example_fail="""
[[systems]]
device = { kind = "fixed_cctv", count = 4 }
purpose = { primary = "attendance" }
""",
    example_pass="""
[[systems]]
device = { kind = "fixed_cctv", count = 4 }
purpose = { primary = "crime_prevention" }
pipa = { art25_1_ground = 2 }
""",
)
def open_place_ground(s: System, ctx: Context) -> Verdict:
    ground = s.get("pipa", "art25_1_ground")
    if ground is None:
        if s.get("purpose", "primary") in (None, "other"):
            # "multi-purpose" or an unlisted purpose: the ground may exist but is not stated
            return unknown("missing", "pipa.art25_1_ground")
        return fail("none", "pipa.art25_1_ground", purpose=str(s.get("purpose", "primary")))
    if ground == 1:
        laws = [b for b in s.items("legal_basis") if b.get("kind") in ("statute", "decree")]
        if not laws:
            return fail("ground1_no_law", "legal_basis")
    if ground == 6:
        if s.cap("recording") is Tri.TRUE:
            return fail("ground6_records", "capabilities.recording")
        identifies = _face_templates(s)
        if identifies is Tri.TRUE:
            return fail("ground6_identifies", "capabilities")
        if s.cap("recording") is Tri.UNKNOWN or identifies is Tri.UNKNOWN:
            return unknown("ground6_unknown", "capabilities")
    return PASS


@rule(
    "KR-PIPA-25-002",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=(
        *cite("pipa", "Art. 25(2)", "Art. 25(3)"),
        *cite("pipa-decree", "Art. 22(2)", "Art. 23(2)"),
    ),
    applies=KR & VIDEO_FIXED,
    waivable=False,
    example_fail="""
[[systems]]
device = { kind = "fixed_cctv", count = 1 }
location = { type = "publicly_accessible", context = ["transport_hub"], privacy_sensitive_area = true }
""",
    example_pass="""
[[systems]]
device = { kind = "fixed_cctv", count = 1 }
location = { type = "publicly_accessible", context = ["transport_hub"], privacy_sensitive_area = false }
""",
)
def no_private_rooms(s: System, ctx: Context) -> Verdict:
    inside = s.tri("location", "privacy_sensitive_area")
    if inside is Tri.FALSE:
        return PASS
    if inside is Tri.UNKNOWN:
        return unknown("unknown", "location.privacy_sensitive_area")
    if "detention" in (s.get("location", "context") or ()):
        # Art. 25(2) proviso: detention/protection facilities named by Decree 22(2), after
        # gathering the opinions of experts and stakeholders (Art. 25(3), Decree 23(2)).
        if any(c.get("held_on") for c in s.items("consultation")):
            return PASS
        return fail("detention_no_opinions", "consultation", Severity.HIGH)
    return fail("inside", "location.privacy_sensitive_area")


@rule(
    "KR-PIPA-25-003",
    severity=Severity.MEDIUM,
    question=Question.NOTICE,
    profiles=PROFILE,
    citations=(*cite("pipa", "Art. 25(3)"), *cite("pipa-decree", "Art. 23(1)")),
    applies=KR & ART25_DEVICE & PUBLIC & STATE,
    example_fail="""
[[systems]]
installed_on = 2025-05-01
device = { kind = "fixed_cctv", count = 30 }
consultation = [ { method = "info_session", held_on = 2025-06-10 } ]
""",
    example_pass="""
[[systems]]
installed_on = 2025-05-01
device = { kind = "fixed_cctv", count = 30 }
consultation = [ { method = "admin_notice", held_on = 2025-03-02 } ]
""",
)
def opinions_gathered(s: System, ctx: Context) -> Verdict:
    held = [c for c in s.items("consultation") if c.get("method") in OPINION_METHODS]
    if not held:
        return fail("none", "consultation")
    dates = [d for c in held if (d := as_date(c.get("held_on"))) is not None]
    if not dates:
        return unknown("undated", "consultation")
    first = min(dates)
    installed = s.date_of("installed_on") or s.date_of("first_use_on")
    if installed is None:
        if s.status in ("pilot", "operational", "suspended", "decommissioned"):
            return unknown("no_install_date", "installed_on")
        return PASS
    if first > installed:
        return fail("late", "consultation", held=first.isoformat(), installed=installed.isoformat())
    return PASS


@rule(
    "KR-PIPA-25-004",
    severity=Severity.MEDIUM,
    question=Question.NOTICE,
    profiles=PROFILE,
    citations=(
        *cite("pipa", "Art. 25(4)"),
        *cite("pipa-decree", "Art. 24(1)-(4)", "Art. 26(2)"),
        *cite("pipc-cctv", "signboard items"),
    ),
    applies=KR & ART25_DEVICE & PUBLIC & SIGN_NOT_EXEMPT,
    example_fail="""
[[systems]]
device = { kind = "fixed_cctv", count = 4 }
notice = { signage = true, signage_items = ["purpose", "location"] }
""",
    example_pass="""
[[systems]]
device = { kind = "fixed_cctv", count = 4 }
notice = { signage = true, signage_items = ["purpose", "location", "range", "hours", "manager_contact"] }
""",
)
def signboard(s: System, ctx: Context) -> Verdict:
    notice = s.table("notice")
    signage = Tri.of(notice.get("signage"))
    if signage is Tri.FALSE:
        alternative = notice.get("signage_alternative") or "none"
        if alternative == "none":
            return fail("no_sign", "notice.signage")
        if alternative == "long_range_or_traffic" and s.fact("STATE") is not Tri.TRUE:
            return fail("alt_not_public", "notice.signage_alternative")
        if notice.get("web_url") or not _blank(notice.get("signage_alternative_ref")):
            return PASS
        return unknown("alt_unpublished", "notice.web_url", alternative=alternative)
    if signage is Tri.UNKNOWN:
        return unknown("unknown", "notice.signage")
    items = notice.get("signage_items")
    if items is None:
        return unknown("items_unknown", "notice.signage_items")
    required = list(SIGN_ITEMS)
    if s.fact("STATE") is Tri.TRUE and s.get("operator", "kind") == "contractor":
        required.append("entrustee")
    missing = [i for i in required if i not in items]
    if missing:
        return fail("items_missing", "notice.signage_items", missing=", ".join(missing))
    return PASS


@rule(
    "KR-PIPA-25-005",
    severity=Severity.HIGH,
    question=Question.PROHIBITED,
    profiles=PROFILE,
    citations=cite("pipa", "Art. 25(5)"),
    applies=KR & ART25_DEVICE & PUBLIC,
    example_fail="""
[[systems]]
device = { kind = "fixed_cctv", count = 2 }
capabilities = { audio_recording = true }
""",
    example_pass="""
[[systems]]
device = { kind = "fixed_cctv", count = 2 }
capabilities = { audio_recording = false }
""",
)
def no_audio(s: System, ctx: Context) -> Verdict:
    audio = s.cap("audio_recording")
    if audio is Tri.TRUE:
        return fail("audio", "capabilities.audio_recording")
    if audio is Tri.UNKNOWN:
        return unknown("audio_unknown", "capabilities.audio_recording")
    return PASS


@rule(
    "KR-PIPA-25-006",
    severity=Severity.MEDIUM,
    question=Question.NOTICE,
    profiles=PROFILE,
    citations=(
        *cite("pipa", "Art. 25(7)", "Art. 25-2(4)"),
        *cite("pipa-decree", "Art. 25(1)"),
    ),
    applies=KR & ((ART25_DEVICE & PUBLIC) | VIDEO_MOBILE),
    example_fail="""
[[systems]]
device = { kind = "fixed_cctv", count = 12 }
""",
    example_pass="""
[agency]
video_policy_url = "https://city.example/cctv-policy"

[[systems]]
device = { kind = "fixed_cctv", count = 12 }
""",
)
def video_policy(s: System, ctx: Context) -> Verdict:
    if s.agency.get("video_policy_url"):
        return PASS
    privacy = s.agency.get("privacy_policy_url")
    if privacy:
        return unknown("in_privacy_policy", "agency.privacy_policy_url", url=privacy)
    return fail("none", "agency.video_policy_url")


@rule(
    "KR-PIPA-25-007",
    severity=Severity.MEDIUM,
    question=Question.SHARING,
    profiles=PROFILE,
    citations=(
        *cite("pipa", "Art. 25(8)", "Art. 26(1)-(2)"),
        *cite("pipa-decree", "Art. 26(1)-(2)", "Art. 28(2)-(3)"),
    ),
    applies=KR & CONTRACTOR & VIDEO,
    example_fail="""
[[systems]]
device = { kind = "fixed_cctv", count = 40 }
operator = { kind = "contractor", name = "Hanbit Security Co." }
entrustment = [ { entrustee = "Hanbit Security Co.", task = "CCTV control-centre monitoring", contract_ref = "2025-112" } ]
""",
    example_pass="""
[[systems]]
device = { kind = "fixed_cctv", count = 40 }
operator = { kind = "contractor", name = "Hanbit Security Co." }
entrustment = [ { entrustee = "Hanbit Security Co.", task = "CCTV control-centre monitoring", contract_ref = "2025-112", disclosed_url = "https://city.example/privacy#entrustment" } ]
""",
)
def video_entrustment(s: System, ctx: Context) -> Verdict:
    entrusted = s.items("entrustment")
    if not entrusted:
        return fail("none", "entrustment", operator=str(s.get("operator", "name") or ""))
    for i, e in enumerate(entrusted):
        if _blank(e.get("contract_ref")):
            return fail("no_contract", f"entrustment[{i}].contract_ref", entrustee=e["entrustee"])
        if not e.get("disclosed_url"):
            return fail(
                "not_disclosed", f"entrustment[{i}].disclosed_url", entrustee=e["entrustee"]
            )
    return PASS


@rule(
    "KR-PIPA-RET-001",
    severity=Severity.MEDIUM,
    question=Question.SECURITY,
    profiles=PROFILE,
    citations=(
        *cite("pipa-decree", "Art. 25(1)4"),
        *cite("pipa", "Art. 21(1)"),
        *cite("std-guide", "video retention provision (30 days; article number unverified)"),
    ),
    applies=KR & VIDEO & RECORDING,
    uncertain=True,
    example_fail="""
[[systems]]
device = { kind = "fixed_cctv", count = 8 }
capabilities = { recording = true }
retention = { footage_days = 90, auto_delete = true }
""",
    example_pass="""
[[systems]]
device = { kind = "fixed_cctv", count = 8 }
capabilities = { recording = true }
retention = { footage_days = 30, auto_delete = true }
""",
)
def footage_retention(s: System, ctx: Context) -> Verdict:
    days = s.get("retention", "footage_days")
    if days is None:
        return unknown("missing", "retention.footage_days")
    if days == 0:
        return fail("zero", "retention.footage_days", days=0)
    limit = int(_param(ctx, "kr_default_retention_days", 30))
    basis = s.get("retention", "basis")
    if days > limit and _blank(basis):
        return fail("too_long", "retention.footage_days", days=days, limit=limit)
    if s.tri("retention", "auto_delete") is Tri.FALSE:
        return fail("manual_delete", "retention.auto_delete", Severity.LOW, days=days)
    return PASS


# == PIPA Art. 25-2: mobile video devices ===========================================================
@rule(
    "KR-PIPA-252-001",
    severity=Severity.HIGH,
    question=Question.LEGAL,
    profiles=PROFILE,
    citations=(
        *cite("pipa", "Art. 25-2(1)-(3)"),
        *cite("pipa-decree", "Art. 3(2)", "Art. 27", "Art. 27-2"),
        *cite("pipc-mobile", "indication of filming"),
    ),
    applies=KR & VIDEO_MOBILE,
    in_force_from=MOBILE_FROM,
    example_fail="""
[[systems]]
device = { kind = "body_worn", count = 20 }
capabilities = { recording = true }
location = { type = "public_space", privacy_sensitive_area = false }
""",
    example_pass="""
[[systems]]
device = { kind = "body_worn", count = 20 }
capabilities = { recording = true }
location = { type = "public_space", privacy_sensitive_area = false }
pipa = { art15_1_ground = 3 }
notice = { mobile_indicator = ["light", "verbal"] }
""",
)
def mobile_devices(s: System, ctx: Context) -> Verdict:
    inside = s.tri("location", "privacy_sensitive_area")
    if inside is Tri.TRUE:
        return fail("inside", "location.privacy_sensitive_area", Severity.CRITICAL)
    public = s.fact("PUBLIC")
    if public is Tri.FALSE:
        return PASS if inside is Tri.FALSE else unknown("inside_unknown", "location")
    if public is Tri.UNKNOWN:
        return unknown("place_unknown", "location.type")
    indicators = s.get("notice", "mobile_indicator")
    ground = s.get("pipa", "art15_1_ground")
    if ground is None and not indicators:
        return fail("no_ground", "pipa.art15_1_ground")
    if indicators is None:
        return unknown("indicator_unknown", "notice.mobile_indicator")
    if not indicators:
        return fail("not_indicated", "notice.mobile_indicator")
    if set(indicators) == {"web"} and s.get("device", "kind") != "drone":
        return fail("web_only", "notice.mobile_indicator", kind=str(s.get("device", "kind")))
    if inside is Tri.UNKNOWN:
        return unknown("inside_unknown", "location.privacy_sensitive_area")
    return PASS


# == PIPA Art. 23: sensitive information ============================================================
@rule(
    "KR-PIPA-23-001",
    severity=Severity.CRITICAL,
    question=Question.LEGAL,
    profiles=PROFILE,
    citations=(
        *cite("pipa", "Art. 23(1)"),
        *cite("pipa-decree", "Art. 18(3)", "Art. 18 proviso"),
        *cite("pipc-bio", "biometric feature data are sensitive"),
    ),
    applies=KR & FRT & FACE_TEMPLATES & NOT_CARVED_OUT,
    example_fail="""
[[systems]]
device = { kind = "access_gate", count = 6 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "opt_in_written", separate_for_sensitive = false }
""",
    example_pass="""
[[systems]]
device = { kind = "access_gate", count = 6 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "opt_in_separate", separate_for_sensitive = true }
""",
)
def sensitive_basis(s: System, ctx: Context) -> Verdict:
    if s.tri("consent", "separate_for_sensitive") is Tri.TRUE:
        return PASS
    if not _blank(s.get("pipa", "sensitive_basis")):
        return PASS
    bases = s.items("legal_basis")
    laws = [b for b in bases if b.get("kind") in LAW_REG_KINDS]
    if any(b.get("frt_specific") is True for b in laws):
        return PASS
    if laws:
        first = laws[0]
        return unknown(
            "general_law",
            "pipa.sensitive_basis",
            law=first.get("law", ""),
            article=first.get("article", ""),
        )
    if any(b.get("kind") == "ordinance" for b in bases):
        return unknown("ordinance_only", "legal_basis")
    if s.tri("consent", "separate_for_sensitive") is Tri.FALSE:
        return fail("consent_not_separate", "consent.separate_for_sensitive")
    return fail("none", "legal_basis")


@rule(
    "KR-PIPA-23-002",
    severity=Severity.HIGH,
    question=Question.SECURITY,
    profiles=PROFILE,
    citations=(
        *cite("pipa", "Art. 23(2)", "Art. 29"),
        *cite("pipc-bio", "encryption of biometric feature data"),
    ),
    applies=KR & FRT & FACE_TEMPLATES & NOT_CARVED_OUT,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
templates = { encrypted_at_rest = false, encrypted_in_transit = true }
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
templates = { encrypted_at_rest = true, encrypted_in_transit = true }
""",
)
def sensitive_safeguards(s: System, ctx: Context) -> Verdict:
    undecided = ""
    for key in ("encrypted_at_rest", "encrypted_in_transit"):
        value = s.tri("templates", key)
        if value is Tri.FALSE:
            return fail("not_encrypted", f"templates.{key}", name=key)
        if value is Tri.UNKNOWN and not undecided:
            undecided = key
    if undecided:
        return unknown("unknown", f"templates.{undecided}", name=undecided)
    return PASS


# == PIPA Arts. 15, 17-18, 26, 29: collection, provision, entrustment, security =====================
@rule(
    "KR-PIPA-15-001",
    severity=Severity.HIGH,
    question=Question.LEGAL,
    profiles=PROFILE,
    citations=cite("pipa", "Art. 15(1)", "Art. 15(2)", "Art. 22(1)"),
    applies=KR,
    example_fail="""
[[systems]]
device = { kind = "kiosk", count = 3 }
pipa = { art15_1_ground = 1 }
consent = { model = "opt_in_written", notice_items_given = false }
""",
    example_pass="""
[[systems]]
device = { kind = "kiosk", count = 3 }
pipa = { art15_1_ground = 1 }
consent = { model = "opt_in_written", notice_items_given = true }
""",
)
def collection_ground(s: System, ctx: Context) -> Verdict:
    ground = s.get("pipa", "art15_1_ground")
    if ground is None:
        fixed_open = _filming(s) is Tri.TRUE and s.fact("PUBLIC") is Tri.TRUE
        if fixed_open and s.get("pipa", "art25_1_ground") is not None:
            return PASS  # Art. 25(1) governs fixed cameras in open places
        return unknown("missing", "pipa.art15_1_ground")
    if ground == 1:
        model = s.get("consent", "model")
        if model in ("opt_out", "implied"):
            return fail("consent_not_express", "consent.model", model=model)
        given = s.tri("consent", "notice_items_given")
        if given is Tri.FALSE:
            return fail("items_not_given", "consent.notice_items_given")
        if given is Tri.UNKNOWN:
            return unknown("items_unknown", "consent.notice_items_given")
    if ground == 2 and not s.items("legal_basis"):
        return fail("ground2_no_law", "legal_basis")
    if ground == 3 and s.fact("STATE") is Tri.FALSE:
        return fail("ground3_not_public", "pipa.art15_1_ground")
    return PASS


@rule(
    "KR-PIPA-17-001",
    severity=Severity.HIGH,
    question=Question.SHARING,
    profiles=PROFILE,
    citations=(
        *cite("pipa", "Art. 17(1)", "Art. 18(2)", "Art. 18(4)"),
        *cite("pipa-decree", "Art. 15"),
    ),
    applies=KR & SHARING,
    example_fail="""
[[systems]]
sharing = [ { recipient = "Provincial police agency", recipient_kind = "law_enforcement", purpose = "footage for an investigation", within_original_purpose = false } ]
""",
    example_pass="""
[[systems]]
sharing = [ { recipient = "Provincial police agency", recipient_kind = "law_enforcement", purpose = "footage for an investigation", within_original_purpose = false, legal_basis_ref = "PIPA Art. 18(2)7", register_entry = "2026-031", disclosed_url = "https://city.example/privacy/out-of-purpose" } ]
""",
)
def disclosure_basis(s: System, ctx: Context) -> Verdict:
    state = s.fact("STATE") is Tri.TRUE
    first_unknown: Verdict | None = None
    for i, sh in enumerate(s.items("sharing")):
        who = str(sh.get("recipient", ""))
        within = Tri.of(sh.get("within_original_purpose"))
        has_basis = not (_blank(sh.get("legal_basis_ref")) and _blank(sh.get("consent_ref")))
        if within is Tri.TRUE and sh.get("recipient_kind") == "vendor":
            continue  # processing on the agency's behalf: entrustment, KR-PIPA-26-001
        if within is Tri.UNKNOWN:
            first_unknown = first_unknown or unknown(
                "purpose_unknown", f"sharing[{i}].within_original_purpose", recipient=who
            )
            continue
        if not has_basis:
            key = "no_basis" if within is Tri.TRUE else "no_basis_out"
            return fail(key, f"sharing[{i}].legal_basis_ref", recipient=who)
        if within is Tri.FALSE and state:
            if _blank(sh.get("register_entry")):
                return fail("no_register", f"sharing[{i}].register_entry", recipient=who)
            if not sh.get("disclosed_url"):
                return fail("not_published", f"sharing[{i}].disclosed_url", recipient=who)
    return first_unknown or PASS


@rule(
    "KR-PIPA-26-001",
    severity=Severity.MEDIUM,
    question=Question.SHARING,
    profiles=PROFILE,
    citations=(
        *cite("pipa", "Art. 26(1)", "Art. 26(2)"),
        *cite("pipa-decree", "Art. 28(2)-(3)"),
        *cite("pipc-moj-2022", "undisclosed entrustment of AI development"),
    ),
    applies=KR & VENDOR_PROCESSING,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "cooperative" }
vendor = { name = "Vision AI Co.", data_access = true }
entrustment = [ { entrustee = "Vision AI Co.", task = "training and testing the identification model on enrolment photos", contract_ref = "MOJ-2019-77" } ]
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "cooperative" }
vendor = { name = "Vision AI Co.", data_access = true }
entrustment = [ { entrustee = "Vision AI Co.", task = "training and testing the identification model on enrolment photos", contract_ref = "MOJ-2019-77", disclosed_url = "https://agency.example/privacy#entrustment" } ]
""",
)
def entrustment_disclosed(s: System, ctx: Context) -> Verdict:
    entrusted = s.items("entrustment")
    names = {str(e.get("entrustee", "")).strip().casefold() for e in entrusted}
    for i, e in enumerate(entrusted):
        if not e.get("disclosed_url"):
            return fail(
                "not_disclosed",
                f"entrustment[{i}].disclosed_url",
                entrustee=e["entrustee"],
                task=str(e.get("task", "")),
            )
    for i, sh in enumerate(s.items("sharing")):
        if sh.get("recipient_kind") != "vendor" or sh.get("within_original_purpose") is False:
            continue
        recipient = str(sh.get("recipient", ""))
        if recipient.strip().casefold() not in names and not sh.get("disclosed_url"):
            return fail("share_undisclosed", f"sharing[{i}]", entrustee=recipient)
    vendor = s.table("vendor")
    if vendor.get("data_access") is True:
        name = str(vendor.get("name", "")).strip()
        if not entrusted:
            return fail("not_recorded", "entrustment", entrustee=name)
    for i, e in enumerate(entrusted):
        if _blank(e.get("contract_ref")):
            return fail("no_contract", f"entrustment[{i}].contract_ref", entrustee=e["entrustee"])
    return PASS


@rule(
    "KR-PIPA-29-001",
    severity=Severity.MEDIUM,
    question=Question.SECURITY,
    profiles=PROFILE,
    citations=(
        *cite("pipa", "Art. 29"),
        *cite("pipa-decree", "Art. 30"),
        *cite("pipc-safety", "Art. 8(1) (access-log retention)"),
    ),
    applies=KR,
    uncertain=True,
    example_fail="""
[[systems]]
security = { internal_mgmt_plan = true, access_control = true, access_logs = false }
""",
    example_pass="""
[[systems]]
security = { internal_mgmt_plan = true, access_control = true, access_logs = true, access_log_retention_days = 400 }
""",
)
def safety_measures(s: System, ctx: Context) -> Verdict:
    undecided = ""
    for key in ("internal_mgmt_plan", "access_control", "access_logs"):
        value = s.tri("security", key)
        if value is Tri.FALSE:
            return fail("missing_measure", f"security.{key}", name=key)
        if value is Tri.UNKNOWN and not undecided:
            undecided = key
    if undecided:
        return unknown("unknown", f"security.{undecided}", name=undecided)
    kept = s.get("security", "access_log_retention_days")
    if kept is None:
        return unknown("log_days_missing", "security.access_log_retention_days")
    n = _subjects(s)
    sensitive = (_face_templates(s) & ~_carved_out(s)) is Tri.TRUE
    minimum = ACCESS_LOG_DAYS_SENSITIVE if sensitive or (n or 0) >= 50000 else ACCESS_LOG_DAYS
    if kept < minimum:
        return fail(
            "log_days_short", "security.access_log_retention_days", days=kept, minimum=minimum
        )
    return PASS


# == PIPA Art. 33: privacy impact assessment ========================================================
def _pia_trigger(s: System, ctx: Context) -> tuple[Tri, str, int | None]:
    """Whether Decree Art. 35 makes a PIA compulsory: (value, reason key, N)."""
    n = _subjects(s)
    pias = [a for a in s.assessments("kr_pia") if as_date(a.get("completed_on"))]
    if pias:
        last = max(d for a in pias if (d := as_date(a.get("completed_on"))) is not None)
        for c in s.items("changes"):
            when = as_date(c.get("date"))
            if c.get("kind") in ("capability", "vendor") and when is not None and when > last:
                return Tri.TRUE, "changed", n
    if n is None:
        return Tri.UNKNOWN, "", None
    if n >= int(_param(ctx, "kr_pia_any_subjects", 1000000)):
        return Tri.TRUE, "any", n
    sensitive = _face_templates(s) & ~_carved_out(s)
    if n >= int(_param(ctx, "kr_pia_sensitive_subjects", 50000)):
        if sensitive is Tri.TRUE:
            return Tri.TRUE, "sensitive", n
        if sensitive is Tri.UNKNOWN:
            return Tri.UNKNOWN, "", n
    linked = s.tri("gallery", "linked_with_other_files")
    if n >= int(_param(ctx, "kr_pia_linked_subjects", 500000)):
        if linked is Tri.TRUE:
            return Tri.TRUE, "linked", n
        if linked is Tri.UNKNOWN:
            return Tri.UNKNOWN, "", n
    return Tri.FALSE, "", n


@rule(
    "KR-PIPA-33-001",
    severity=Severity.HIGH,
    question=Question.ASSESSMENT,
    profiles=PROFILE,
    citations=(
        *cite("pipa", "Art. 33(1)"),
        *cite("pipa-decree", "Art. 35", "Art. 38(2)"),
    ),
    applies=KR & STATE,
    example_fail="""
[[systems]]
first_use_on = 2025-03-01
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, size = 120000 }
""",
    example_pass="""
[[systems]]
first_use_on = 2025-03-01
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, size = 120000 }
assessments = [
  { kind = "kr_pia", completed_on = 2024-12-20, assessor = "Designated PIA institution", designated_pia_institution = true, submitted_to = "PIPC", submitted_on = 2025-01-10 },
]
""",
)
def privacy_impact_assessment(s: System, ctx: Context) -> Verdict:
    trigger, why, n = _pia_trigger(s, ctx)
    if trigger is Tri.FALSE:
        return not_applicable("below_threshold", subjects=n)
    if trigger is Tri.UNKNOWN:
        if n is None:
            return unknown("no_count", "population.est_data_subjects")
        return unknown("trigger_unknown", "capabilities", subjects=n)
    pias = list(s.assessments("kr_pia"))
    if not pias:
        return fail("none", "assessments", subjects=n, trigger=why)
    if why == "changed":
        return fail("stale", "changes")
    dated = [(d, a) for a in pias if (d := as_date(a.get("completed_on"))) is not None]
    if not dated:
        return unknown("undated", "assessments")
    pia = max(dated, key=lambda t: t[0])[1]
    designated = Tri.of(pia.get("designated_pia_institution"))
    if designated is Tri.FALSE:
        return fail("not_designated", "assessments", assessor=str(pia.get("assessor", "")))
    if designated is Tri.UNKNOWN:
        return unknown("designation_unknown", "assessments")
    if as_date(pia.get("submitted_on")) is None:
        return unknown("not_submitted", "assessments")
    start = s.start_of_use()
    first = min(d for d, _ in dated)
    if start is not None and first > start:
        return fail("late", "assessments", done=first.isoformat(), start=start.isoformat())
    if start is None and s.status in ("pilot", "operational", "suspended", "decommissioned"):
        return unknown("no_start", "first_use_on")
    return PASS


# == PIPA Art. 34: breaches =========================================================================
def _breach_verdict(b: Mapping[str, Any], i: int, ctx: Context) -> Verdict | None:
    """The first gap of one breach record, or None (no gap or nothing to judge)."""
    detected = as_date(b.get("detected_on"))
    if detected is None:
        return unknown("undated", f"breaches[{i}].detected_on")
    possible = b.get("kind") == "possible"
    if possible and detected < POSSIBLE_BREACH_FROM:
        return None  # Art. 34(2) applies to events known from 2026-09-11
    notice_by = _deadline(detected, int(_param(ctx, "kr_breach_notice_hours", 72)))
    notified = as_date(b.get("subjects_notified_on"))
    if notified is None:
        if ctx.as_of > notice_by:
            key = "possible_not_notified" if possible else "not_notified"
            return fail(key, f"breaches[{i}].subjects_notified_on", detected=detected.isoformat())
    elif notified > notice_by:
        return fail(
            "late_notice",
            f"breaches[{i}].subjects_notified_on",
            detected=detected.isoformat(),
            notified=notified.isoformat(),
            due=notice_by.isoformat(),
        )
    if possible:
        return None
    # Report to PIPC or KISA (Decree Art. 40(1)).
    subjects = b.get("subjects")
    minimum = int(_param(ctx, "kr_breach_report_min_subjects", 1000))
    triggers = (
        (Tri.UNKNOWN if subjects is None else Tri.TRUE if subjects >= minimum else Tri.FALSE)
        | Tri.of(b.get("sensitive_involved"))
        | Tri.of(b.get("external_intrusion"))
    )
    if triggers is Tri.FALSE:
        return None
    if Tri.of(b.get("contained_low_risk")) is Tri.TRUE:
        return None  # Decree Art. 40(1) proviso
    report_by = _deadline(detected, int(_param(ctx, "kr_breach_report_hours", 72)))
    reported = as_date(b.get("regulator_reported_on"))
    if reported is None:
        if ctx.as_of <= report_by:
            return None
        if triggers is Tri.UNKNOWN:
            return unknown(
                "report_trigger_unknown", f"breaches[{i}]", detected=detected.isoformat()
            )
        return fail(
            "not_reported", f"breaches[{i}].regulator_reported_on", detected=detected.isoformat()
        )
    if reported > report_by:
        return fail(
            "late_report",
            f"breaches[{i}].regulator_reported_on",
            detected=detected.isoformat(),
            reported=reported.isoformat(),
            due=report_by.isoformat(),
        )
    return None


@rule(
    "KR-PIPA-34-001",
    severity=Severity.HIGH,
    question=Question.SECURITY,
    profiles=PROFILE,
    citations=(
        *cite("pipa", "Art. 34(1)-(5)"),
        *cite("pipa-decree", "Art. 18(3)", "Art. 39", "Art. 39-2", "Art. 39-3", "Art. 40"),
    ),
    applies=KR & BREACHES,
    example_fail="""
[[systems]]
breaches = [ { detected_on = 2026-10-01, kind = "confirmed", subjects = 4200, sensitive_involved = false, external_intrusion = true, subjects_notified_on = 2026-10-09, regulator_reported_on = 2026-10-03 } ]
""",
    example_pass="""
[[systems]]
breaches = [ { detected_on = 2026-10-01, kind = "confirmed", subjects = 4200, sensitive_involved = false, external_intrusion = true, subjects_notified_on = 2026-10-03, regulator_reported_on = 2026-10-03 } ]
""",
)
def breach_duties(s: System, ctx: Context) -> Verdict:
    first_unknown: Verdict | None = None
    for i, b in enumerate(s.items("breaches")):
        verdict = _breach_verdict(b, i, ctx)
        if verdict is None:
            continue
        if verdict.outcome is Outcome.FAIL:
            return verdict
        first_unknown = first_unknown or verdict
    return first_unknown or PASS


# == PIPA Art. 37-2: automated decisions ============================================================
@rule(
    "KR-PIPA-372-001",
    severity=Severity.MEDIUM,
    question=Question.OVERSIGHT,
    profiles=PROFILE,
    citations=cite("pipa", "Art. 37-2(1)-(4)"),
    applies=KR & AUTOMATED,
    in_force_from=AUTOMATED_DECISION_FROM,
    example_fail="""
[[systems]]
device = { kind = "kiosk", count = 10 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative", decision_type = "final_automated" }
purpose = { primary = "identity_verification", legal_effects = true }
oversight = { human_review_required = true }
""",
    example_pass="""
[[systems]]
device = { kind = "kiosk", count = 10 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative", decision_type = "final_automated" }
purpose = { primary = "identity_verification", legal_effects = true }
oversight = { human_review_required = true }
notice = { automated_decision_url = "https://agency.example/automated-decisions" }
""",
)
def automated_decisions(s: System, ctx: Context) -> Verdict:
    if s.tri("pipa", "admin_auto_disposition") is Tri.TRUE:
        return not_applicable("admin_disposition")
    if not s.get("notice", "automated_decision_url"):
        return fail("no_criteria", "notice.automated_decision_url")
    significant = Tri.of(s.get("purpose", "legal_effects"))
    if significant is Tri.FALSE:
        return PASS
    human = s.tri("oversight", "human_review_required")
    if human is Tri.FALSE and significant is Tri.TRUE:
        return fail("no_human", "oversight.human_review_required")
    if human is Tri.UNKNOWN or significant is Tri.UNKNOWN:
        field = (
            "oversight.human_review_required" if human is Tri.UNKNOWN else "purpose.legal_effects"
        )
        return unknown("unknown", field, name=field)
    return PASS


# == PIPC biometric guideline ========================================================================
@rule(
    "KR-PIPC-BIO-001",
    severity=Severity.LOW,
    question=Question.SECURITY,
    profiles=PROFILE,
    citations=cite("pipc-bio", "template protection and destruction of raw images"),
    applies=KR & FRT & FACE_TEMPLATES,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
templates = { raw_images_retained = true, stored_separately = true }
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
templates = { raw_images_retained = false, stored_separately = true }
""",
)
def biometric_hygiene(s: System, ctx: Context) -> Verdict:
    raw = s.tri("templates", "raw_images_retained")
    if raw is Tri.TRUE and _blank(s.get("retention", "raw_images_basis")):
        return fail("raw_kept", "templates.raw_images_retained")
    apart = s.tri("templates", "stored_separately")
    if apart is Tri.FALSE:
        return fail("not_separate", "templates.stored_separately")
    if raw is Tri.UNKNOWN:
        return unknown("unknown", "templates.raw_images_retained", name="raw_images_retained")
    if apart is Tri.UNKNOWN:
        return unknown("unknown", "templates.stored_separately", name="stored_separately")
    return PASS


# == AI Basic Act (advisory unless kr_aiba_binding) ==================================================
AIBA_OPTS: dict[str, Any] = {
    "profiles": PROFILE,
    "in_force_from": AIBA_FROM,
    "advisory": True,
    "advisory_unless": "kr_aiba_binding",
    "uncertain": True,
}

_HIGH_IMPACT_EXAMPLE = """
[agency]
kind = "law_enforcement"
is_law_enforcement = true

[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
purpose = { primary = "criminal_investigation" }
"""


def _role_contested(s: System) -> bool:
    return bool(s.get("kr_ai", "operator_role") == "not_operator")


@rule(
    "KR-AIBA-033-001",
    severity=Severity.MEDIUM,
    question=Question.ASSESSMENT,
    citations=(
        *cite("aiba", "Art. 2(4)(f), (g), (i)", "Art. 33"),
        *cite("aiba-decree", "Art. 25"),
    ),
    applies=KR & AI & (FRT | STATE),
    example_fail=_HIGH_IMPACT_EXAMPLE,
    example_pass=_HIGH_IMPACT_EXAMPLE
    + 'kr_ai = { operator_role = "user_operator", high_impact = "yes", self_review_on = 2026-02-10 }\n',
    **AIBA_OPTS,
)
def high_impact_review(s: System, ctx: Context) -> Verdict:
    if _role_contested(s):
        return unknown("not_operator", "kr_ai.operator_role")
    found = s.get("kr_ai", "high_impact")
    if found is None:
        return fail("none", "kr_ai.high_impact")
    if found == "unknown":
        return unknown("undecided", "kr_ai.high_impact")
    reviewed = as_date(s.get("kr_ai", "self_review_on"))
    if reviewed is None:
        return unknown("undated", "kr_ai.self_review_on")
    if found == "no" and _high_impact(s) is Tri.TRUE:
        return fail("contradicts", "kr_ai.high_impact")
    start = s.date_of("first_use_on")
    if start is not None and start >= AIBA_FROM and reviewed > start:
        return fail(
            "late", "kr_ai.self_review_on", done=reviewed.isoformat(), start=start.isoformat()
        )
    return PASS


@rule(
    "KR-AIBA-031-001",
    severity=Severity.MEDIUM,
    question=Question.NOTICE,
    citations=(
        *cite("aiba", "Art. 31(1)", "Art. 43(1)1"),
        *cite("aiba-decree", "Art. 23(1)", "Art. 23(4)"),
    ),
    applies=KR & HIGH_IMPACT,
    example_fail="""
[[systems]]
device = { kind = "access_gate", count = 8 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
purpose = { primary = "identity_verification", legal_effects = true }
notice = { ai_prior_notice = false }
""",
    example_pass="""
[[systems]]
device = { kind = "access_gate", count = 8 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
purpose = { primary = "identity_verification", legal_effects = true }
notice = { ai_prior_notice = true }
""",
    **AIBA_OPTS,
)
def ai_prior_notice(s: System, ctx: Context) -> Verdict:
    exception = s.get("kr_ai", "notice_exception")
    if exception in ("obvious", "internal_only", "msit_designated"):
        return PASS
    told = s.tri("notice", "ai_prior_notice")
    if told is Tri.FALSE:
        return fail("not_told", "notice.ai_prior_notice")
    if told is Tri.UNKNOWN:
        return unknown("unknown", "notice.ai_prior_notice")
    return PASS


@rule(
    "KR-AIBA-034-001",
    severity=Severity.HIGH,
    question=Question.OVERSIGHT,
    citations=(
        *cite("aiba", "Art. 34(1)", "Art. 34(3)"),
        *cite("aiba-decree", "Art. 27(1)-(3)", "Art. 27(5)"),
    ),
    applies=KR & HIGH_IMPACT,
    example_fail=_HIGH_IMPACT_EXAMPLE
    + 'kr_ai = { risk_plan_url = "https://police.example/ai/risk" }\n'
    + 'oversight = { overseer_name = "Kim Minji", overseer_contact = "ai-oversight@police.example", overseer_posted = true }\n',
    example_pass=_HIGH_IMPACT_EXAMPLE
    + 'kr_ai = { risk_plan_url = "https://police.example/ai/risk", explanation_plan_url = "https://police.example/ai/explain", user_protection_plan_url = "https://police.example/ai/protect", evidence_retained_until = 2031-12-31 }\n'
    + 'oversight = { overseer_name = "Kim Minji", overseer_contact = "ai-oversight@police.example", overseer_posted = true }\n',
    **AIBA_OPTS,
)
def operator_measures(s: System, ctx: Context) -> Verdict:
    ai = s.table("kr_ai")
    relies = (
        Tri.of(ai.get("relies_on_developer_measures")) is Tri.TRUE
        and ai.get("operator_role") == "user_operator"
    )
    if relies and any(c.get("kind") == "capability" for c in s.substantial_changes()):
        return fail("changed_function", "kr_ai.relies_on_developer_measures")
    if not relies:
        plans = ("risk_plan_url", "explanation_plan_url", "user_protection_plan_url")
        missing = [p for p in plans if not ai.get(p)]
        if missing:
            return fail("no_plans", "kr_ai", missing=", ".join(f"kr_ai.{p}" for p in missing))
    if _blank(s.get("oversight", "overseer_name")):
        return fail("no_overseer", "oversight.overseer_name")
    posted = s.tri("oversight", "overseer_posted")
    if posted is Tri.FALSE:
        return fail("not_posted", "oversight.overseer_posted")
    if posted is Tri.UNKNOWN:
        return unknown("posted_unknown", "oversight.overseer_posted")
    kept = as_date(ai.get("evidence_retained_until"))
    if kept is None:
        return unknown("evidence_unknown", "kr_ai.evidence_retained_until")
    start = s.date_of("first_use_on")
    since = max(AIBA_FROM, start) if start else AIBA_FROM
    needed = _add_years(since, 5)
    if kept < needed:
        return fail(
            "evidence_short",
            "kr_ai.evidence_retained_until",
            until=kept.isoformat(),
            needed=needed.isoformat(),
        )
    return PASS


@rule(
    "KR-AIBA-035-001",
    severity=Severity.MEDIUM,
    question=Question.ASSESSMENT,
    citations=(
        *cite("aiba", "Art. 35(1)-(2)", "Art. 30(4)"),
        *cite("aiba-decree", "Art. 28(1)-(2)"),
    ),
    applies=KR & HIGH_IMPACT,
    example_fail=_HIGH_IMPACT_EXAMPLE,
    example_pass=_HIGH_IMPACT_EXAMPLE
    + 'first_use_on = 2026-03-01\nassessments = [ { kind = "kr_ai_ia", completed_on = 2026-02-15, assessor = "Korea Human Rights Institute", scope = ["privacy", "equality", "due_process", "vulnerable_groups"] } ]\n',
    **AIBA_OPTS,
)
def rights_impact_assessment(s: System, ctx: Context) -> Verdict:
    done = [
        (d, a)
        for a in s.assessments("kr_ai_ia")
        if (d := as_date(a.get("completed_on"))) is not None and d <= ctx.as_of
    ]
    if not done:
        if any(True for _ in s.assessments("kr_ai_ia")):
            return unknown("undated", "assessments")
        return fail("none", "assessments")
    first = min(d for d, _ in done)
    start = s.date_of("first_use_on")
    if start is not None and start >= AIBA_FROM and first > start:
        return fail("late", "assessments", done=first.isoformat(), start=start.isoformat())
    if ctx.as_of >= AIBA_VULNERABLE_FROM:
        latest = max(done, key=lambda t: t[0])[1]
        scope = latest.get("scope")
        if scope is None:
            return unknown("scope_unknown", "assessments")
        if "vulnerable_groups" not in scope:
            return fail("no_vulnerable", "assessments")
    return PASS
