"""NHRCK recommendation of 12 January 2023 (profile ``nhrck``): rules.md section 4.1.

Texts (title, what it checks, why it matters, fix, limits, messages) are in the catalogue under
``rule."NHRCK-..."``; the examples below are merged into a minimal inventory and run as tests.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from frtaudit.model import Context, Outcome, Question, Severity, Tri, Verdict
from frtaudit.rules._registry import PASS, cite, fail, review, rule, unknown
from frtaudit.rules.facts import (
    FRT,
    IN_USE,
    KR,
    RBI_RT_PUBLIC,
    REMOTE,
    SHARES_BIO,
    STATE,
    System,
    as_date,
    dependent_context,
    running_after_audit,
    where,
)

NHRCK = "nhrck-2023"  # catalogue key of the recommendation in [sources]

#: Acts of the legislature (법률): the "individual, specific statutory basis" of NHRCK item (iv).
STATUTE_KINDS = frozenset({"statute", "statutory_code"})
#: Subordinate law (시행령, 조례, regulations): binding, but it restricts rights only where a
#: statute delegates the matter to it (Constitution Art. 37(2), 75, 95; Local Autonomy Act
#: Art. 28(1) proviso), so alone it is a basis only once the delegation is on record.
DELEGATED_KINDS = frozenset({"decree", "ordinance", "regulation"})
#: Instrument kinds that are law in the sense of NHRCK item (iv).
LAW_KINDS = STATUTE_KINDS | DELEGATED_KINDS
#: Law, but never an individual, specific provision (e.g. common-law police powers).
GENERAL_KINDS = frozenset({"common_law"})
#: Kinds that are not law at all, whatever ``frt_specific`` says, and the message saying why.
NOT_LAW = {
    "consent": "not_law_consent",
    "contract": "not_law_contract",
    "internal_rule": "not_law_internal",
    "administrative_rule": "not_law_administrative",
    "court_order": "not_law_order",
    "warrant": "not_law_order",
}


def purposes_of(s: System) -> list[str]:
    """The system's declared purposes, primary first."""
    out: list[str] = []
    primary = s.get("purpose", "primary")
    if isinstance(primary, str) and primary:
        out.append(primary)
    secondary = s.get("purpose", "secondary")
    if isinstance(secondary, list):
        out += [p for p in secondary if isinstance(p, str) and p not in out]
    return out


def _basis_verdict(s: System, i: int, basis: Mapping[str, Any]) -> tuple[int, Verdict]:
    """(rank, verdict) of one recorded basis; the best-ranked basis decides NHRCK-LEGAL-001.

    Ranks: 6 pass, 5 needs review (subordinate law without its delegating statute), 4 unknown,
    3 specific law for another purpose, 2 law that is not specific, 1 not law at all.
    """
    kind = basis.get("kind")
    specific = basis.get("frt_specific")
    here = f"legal_basis[{i}]"
    law, article = str(basis.get("law", "")), str(basis.get("article", ""))
    if kind in NOT_LAW:
        return 1, fail(NOT_LAW[str(kind)], f"{here}.kind", law=law, article=article)
    if kind is not None and kind not in LAW_KINDS | GENERAL_KINDS:
        return 1, fail("not_law", f"{here}.kind", law=law, article=article, kind=str(kind))
    if kind in GENERAL_KINDS or specific is False:
        field = f"{here}.kind" if kind in GENERAL_KINDS else f"{here}.frt_specific"
        return 2, fail("general", field, Severity.HIGH, law=law, article=article)
    if specific is not True:
        return 4, unknown("undecided", f"{here}.frt_specific", law=law)
    if kind is None:
        return 4, unknown("kind_missing", f"{here}.kind", law=law)
    covered = basis.get("purposes")
    if isinstance(covered, list) and covered:
        purposes = purposes_of(s)
        if not purposes:
            return 4, unknown("purpose_unknown", "purpose.primary", law=law)
        missing = [p for p in purposes if p not in covered]
        if missing:
            return 3, fail(
                "other_purpose",
                f"{here}.purposes",
                Severity.HIGH,
                law=law,
                article=article,
                covers=", ".join(str(c) for c in covered),
                purpose=", ".join(missing),
            )
    if kind in DELEGATED_KINDS and not _text(basis.get("delegated_by")):
        return 5, review(
            "delegation", f"{here}.delegated_by", kind=str(kind), law=law, article=article
        )
    return 6, PASS


@rule(
    "NHRCK-LEGAL-001",
    severity=Severity.CRITICAL,
    question=Question.LEGAL,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "item (iv): individual, specific statutory basis for each public use"),
        *cite("nhrck-2024", "government reply accepted 2024-02-08"),
        *cite(
            "kr-constitution",
            "Art. 37(2): rights restricted only by Act",
            "Art. 75 and 95: decrees on matters delegated by Act",
        ),
        *cite(
            "kr-local-autonomy",
            "Art. 28(1) proviso: ordinances restricting residents' rights need delegation by Act",
        ),
        *cite("ohchr-48-31", "para. 59(b)"),
    ),
    applies=FRT & STATE & IN_USE,
    headline="legal",
    example_fail="""
[[systems]]
device = { kind = "access_gate", count = 8 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
purpose = { primary = "access_control" }
legal_basis = [
  { law = "Visitor consent form", kind = "consent", frt_specific = true },
  { law = "Office Security Guideline", kind = "internal_rule", frt_specific = true },
]
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
purpose = { primary = "border_control" }
legal_basis = [
  { law = "Immigration Act", article = "Art. 12-2", kind = "statute", frt_specific = true, purposes = ["border_control"] },
]
""",
)
def legal_specific(s: System, ctx: Context) -> Verdict:
    bases = s.items("legal_basis")
    if not bases:
        return fail("none", "legal_basis")
    # The basis closest to sufficing decides; ties go to the first recorded.
    best_rank, best = 0, fail("none", "legal_basis")
    for i, basis in enumerate(bases):
        rank, verdict = _basis_verdict(s, i, basis)
        if rank > best_rank:
            best_rank, best = rank, verdict
    return best


@rule(
    "NHRCK-HRIA-001",
    severity=Severity.HIGH,
    question=Question.ASSESSMENT,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "item 3: HRIA before development or use"),
        *cite("ohchr-48-31", "para. 60(a)"),
    ),
    applies=FRT & STATE,
    headline="hria",
    example_fail="""
[[systems]]
first_use_on = 2023-03-01
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [
  { kind = "hria", completed_on = 2027-01-15, assessor = "Korea Human Rights Institute" },
]
""",
    example_pass="""
[[systems]]
first_use_on = 2023-03-01
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [
  { kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute" },
]
""",
)
def hria_before_use(s: System, ctx: Context) -> Verdict:
    absent = hria_absent(s, ctx)
    if absent is not None:
        return absent
    dated = [d for _, _, d in hrias(s, ctx) if d is not None]
    if not dated:
        return unknown("undated", "assessments")
    earliest = min(dated)
    start = s.start_of_use()
    if start is None:
        if s.status in ("pilot", "operational", "suspended", "decommissioned"):
            return unknown("no_start", "first_use_on")
        return PASS
    if earliest <= start:
        return PASS
    return fail("late", "assessments", done=earliest.isoformat(), start=start.isoformat())


@rule(
    "NHRCK-NOTICE-001",
    severity=Severity.HIGH,
    question=Question.NOTICE,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "public notice of FRT use (finding that agencies did not tell the public)"),
        *cite("pipa", "Art. 25(4)"),
        *cite("ohchr-48-31", "para. 60(b)"),
    ),
    applies=FRT & STATE,
    headline="notice",
    example_fail="""
[[systems]]
first_use_on = 2023-03-01
device = { kind = "access_gate", count = 12 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
notice = { signage = true, signage_items = ["purpose", "frt_in_use", "manager_contact"], signage_posted_on = 2023-05-02, web_url = "https://agency.example/frt", web_published_on = 2023-01-20, frt_disclosed = true }
""",
    example_pass="""
[[systems]]
first_use_on = 2023-03-01
device = { kind = "access_gate", count = 12 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
notice = { signage = true, signage_items = ["purpose", "frt_in_use", "manager_contact"], signage_posted_on = 2023-02-27, web_url = "https://agency.example/frt", web_published_on = 2023-01-20, frt_disclosed = true }
""",
)
def public_notice(s: System, ctx: Context) -> Verdict:
    notice = s.table("notice")
    web = notice.get("web_url")
    if not web:
        return fail("no_web", "notice.web_url")
    disclosed = notice.get("frt_disclosed")
    if disclosed is False:
        return fail("not_disclosed", "notice.frt_disclosed", url=web)
    on_site = s.get("device", "kind") != "software_only"
    if on_site:
        signage = notice.get("signage")
        if signage is False:
            return fail("no_signage", "notice.signage")
        if signage is True and "frt_in_use" not in (notice.get("signage_items") or ()):
            return fail("signage_silent", "notice.signage_items")
        posted = as_date(notice.get("signage_posted_on"))
        first = s.date_of("first_use_on")
        if signage is True and posted and first and first <= ctx.as_of and posted > first:
            return fail(
                "signs_late",
                "notice.signage_posted_on",
                posted=posted.isoformat(),
                start=first.isoformat(),
            )
        if signage is not True:
            return unknown("signage_unknown", "notice.signage")
    if disclosed is not True:
        return unknown("disclosure_unknown", "notice.frt_disclosed")
    published = as_date(notice.get("web_published_on"))
    start = s.date_of("first_use_on")
    if start is not None and start <= ctx.as_of:
        if published is None:
            return unknown("no_date", "notice.web_published_on")
        if published > start:
            return fail(
                "late",
                "notice.web_published_on",
                published=published.isoformat(),
                start=start.isoformat(),
            )
    return PASS


@rule(
    "NHRCK-BAN-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "item (v): ban on real-time remote FRT, exceptions only by law"),
        *cite("ohchr-48-31", "para. 59(d)"),
        *cite("eu-aia", "Art. 5(1)(h)"),
    ),
    applies=RBI_RT_PUBLIC & STATE & IN_USE,
    headline="ban",
    fail_closed=True,
    waivable=False,
    example_fail="""
[[systems]]
status = "decommissioned"
first_use_on = 2026-03-01
decommissioned_on = 2027-02-28
location = { type = "public_space", context = ["transport_hub"] }
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
""",
    example_pass="""
[[systems]]
status = "decommissioned"
first_use_on = 2026-03-01
decommissioned_on = 2026-08-31
location = { type = "public_space", context = ["transport_hub"] }
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
""",
)
def realtime_remote_ban(s: System, ctx: Context) -> Verdict:
    # Applicability already establishes real-time remote 1:N identification in a public space
    # by the State; the only way out is an exception grounded in a statute (engine: waivable=False).
    mode = str(s.get("capabilities", "processing_mode"))
    place = str(s.get("location", "type"))
    if running_after_audit(s):
        stop = str(s.date_of("decommissioned_on"))
        return fail("banned_until", "decommissioned_on", mode=mode, place=place, date=stop)
    return fail("banned", "capabilities", mode=mode, place=place)


# -- helpers shared by the assessment rules (also used by ohchr.py) ------------------------------


def hrias(s: System, ctx: Context, *kinds: str) -> list[tuple[int, Mapping[str, Any], date | None]]:
    """(index in ``assessments``, assessment, completion date) of the HRIAs done by ``ctx.as_of``.

    Assessments dated after the audit date are not done yet and are left out; undated ones are
    kept with ``None`` so a rule can say the date is missing instead of ignoring them.
    """
    wanted = kinds or ("hria",)
    out: list[tuple[int, Mapping[str, Any], date | None]] = []
    for i, a in enumerate(s.items("assessments")):
        k = a.get("kind")
        have = k if isinstance(k, list) else [k]
        if not any(x in have for x in wanted):
            continue
        done = as_date(a.get("completed_on"))
        if done is not None and done > ctx.as_of:
            continue
        out.append((i, a, done))
    return out


def not_started(s: System, ctx: Context) -> tuple[bool, date | None]:
    """(whether development and use had not begun on the audit date, their planned start).

    Dated starts decide; without dates a planned or procurement status means not begun. A
    system already installed has been developed, whatever else is recorded.
    """
    installed = s.date_of("installed_on")
    if installed is not None and installed <= ctx.as_of:
        return False, s.start_of_use()
    start = s.start_of_use()
    if start is not None:
        return start > ctx.as_of, start
    return s.status in ("planned", "procurement"), None


def hria_absent(s: System, ctx: Context, *kinds: str) -> Verdict | None:
    """What every HRIA rule says when no HRIA existed on the audit date (None: one did).

    One answer for all of them (issue 15 point 6): an HRIA completed after the audit date did
    not exist yet (``later``); for a system whose development and use had not begun, the HRIA
    is due before they begin, not a breach already done (``due``, not in force); otherwise
    there is none. Each HRIA rule has the message keys ``none``, ``later``, ``due`` and
    ``due_undated``.
    """
    wanted = kinds or ("hria",)
    if hrias(s, ctx, *wanted):
        return None
    for i, status in enumerate(s.items("assessment_status")):
        # "We do not know whether one exists" is unknown, never "none" (issue 16 point 7).
        if status.get("kind") in wanted and status.get("exists") in ("unknown", "yes"):
            return Verdict(
                Outcome.UNKNOWN,
                "common.assessment_status_unknown",
                {"kind": str(status.get("kind"))},
                f"assessment_status[{i}].exists",
            )
    pending, start = not_started(s, ctx)
    if pending:
        if start is not None:
            return Verdict(Outcome.NOT_IN_FORCE, "due", {"start": start.isoformat()}, "assessments")
        return Verdict(Outcome.NOT_IN_FORCE, "due_undated", {}, "assessments")
    later = [
        d
        for a in s.assessments(*wanted)
        if (d := as_date(a.get("completed_on"))) is not None and d > ctx.as_of
    ]
    if later:
        return fail(
            "later", "assessments", done=min(later).isoformat(), as_of=ctx.as_of.isoformat()
        )
    return fail("none", "assessments")


def latest(
    found: list[tuple[int, Mapping[str, Any], date | None]],
) -> tuple[int, Mapping[str, Any], date | None]:
    """The most recently completed assessment (undated ones rank last)."""
    return max(found, key=lambda t: (t[2] is not None, t[2] or date.min, t[0]))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


#: Devices people pass through, and purposes they pursue, by showing their own face.
PASS_THROUGH_DEVICES = frozenset({"access_gate", "kiosk"})
PASS_THROUGH_PURPOSES = frozenset(
    {"access_control", "attendance", "identity_verification", "border_control"}
)


def _pass_through(s: System) -> bool:
    """People obtain something (entry, a service, passage) by presenting their face."""
    return (
        s.get("capabilities", "capture_mode") in ("cooperative", "both")
        or s.get("device", "kind") in PASS_THROUGH_DEVICES
        or s.get("purpose", "primary") in PASS_THROUGH_PURPOSES
    )


def non_biometric_alternative(s: System) -> tuple[Any, str]:
    """(true/false/None, the field that says so): is there a way other than face recognition?

    ``necessity.non_biometric_alternative`` is recorded whatever the basis; where it is not,
    ``consent.alternative_offered`` says the same for a consent-based system.
    """
    value = s.get("necessity", "non_biometric_alternative")
    if value in (True, False):
        return value, "necessity.non_biometric_alternative"
    offered = s.get("consent", "alternative_offered")
    if offered in (True, False):
        return offered, "consent.alternative_offered"
    return None, "necessity.non_biometric_alternative"


@rule(
    "NHRCK-LEGAL-002",
    severity=Severity.HIGH,
    question=Question.NECESSITY,
    profiles=("nhrck",),
    citations=(
        *cite(
            NHRCK,
            "item (iii): FRT only exceptionally and as a supplementary tool, on a recognised public-interest need",
        ),
        *cite("pipc-bio", "proportionality and alternatives to biometric processing"),
        *cite("ohchr-48-31", "para. 59(b)"),
    ),
    applies=FRT & STATE,
    example_fail="""
[[systems]]
device = { kind = "access_gate", count = 6 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
purpose = { primary = "access_control", public_interest_ground = "security of the government complex" }
necessity = { justification_url = "https://agency.example/frt/necessity", alternatives_considered = ["ID card readers"], supplementary_only = true, non_biometric_alternative = false }
""",
    example_pass="""
[[systems]]
device = { kind = "access_gate", count = 6 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
purpose = { primary = "access_control", public_interest_ground = "security of the government complex" }
necessity = { justification_url = "https://agency.example/frt/necessity", alternatives_considered = ["ID card readers"], supplementary_only = true, non_biometric_alternative = true }
""",
)
def exceptional_supplementary(s: System, ctx: Context) -> Verdict:
    necessity = s.table("necessity")
    if necessity.get("supplementary_only") is False:
        return fail("not_supplementary", "necessity.supplementary_only")
    alternative, alt_field = non_biometric_alternative(s)
    if alternative is False:
        # A face gate that is the only way in is not supplementary, whatever the flag says.
        return fail("only_means", alt_field)
    missing = []
    if not _text(s.get("purpose", "public_interest_ground")):
        missing.append("purpose.public_interest_ground")
    alternatives = necessity.get("alternatives_considered")
    if not (isinstance(alternatives, list) and any(_text(a) for a in alternatives)):
        missing.append("necessity.alternatives_considered")
    written = necessity.get("justification_url") or necessity.get("justification_ref")
    if missing:
        if not written:
            missing.append("necessity.justification_url")
        return fail("missing", missing[0], fields=", ".join(missing))
    if not written:
        # The ground and the alternatives are on record; only the written justification is not
        # named: silence about a document is unknown (issue 16 point 4).
        return unknown("no_justification", "necessity.justification_url")
    if necessity.get("supplementary_only") is not True:
        return unknown("supplementary_unknown", "necessity.supplementary_only")
    if alternative is None and _pass_through(s):
        return unknown("alternative_unknown", alt_field)
    return PASS


@rule(
    "NHRCK-LEGAL-003",
    severity=Severity.MEDIUM,
    question=Question.NECESSITY,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "item (ii): limits on indiscriminate adoption and use by the State"),
        *cite("eu-aia", "Art. 5(2)"),
        *cite("rcw", ".020(2)(d)(i)"),
    ),
    applies=FRT & STATE,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, source = ["mugshot"], size = 120000 }
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, source = ["mugshot"], size = 120000, inclusion_criteria_url = "https://agency.example/frt/gallery-criteria" }
use_policy = { deployment_rules = "searches only in open investigations of offences punishable by 3+ years, on the footage of the named incident sites, within 30 days of the incident; each search approved by the unit head" }
location = { sites = [{ id = "station-3", address = "12 Example-ro", cameras = 40 }] }
""",
)
def bounded_use(s: System, ctx: Context) -> Verdict:
    # Inclusion criteria matter for 1:N searches; a 1:1 gate checks people against themselves.
    identifies = s.fact("ID")
    if identifies is Tri.TRUE:
        if not (
            s.get("gallery", "inclusion_criteria_url") or s.get("gallery", "inclusion_criteria_ref")
        ):
            return fail("no_criteria", "gallery.inclusion_criteria_url")
    elif identifies is Tri.UNKNOWN:
        return unknown("id_unknown", "capabilities.face_identification")
    if not _text(s.get("use_policy", "deployment_rules")):
        return fail("no_rules", "use_policy.deployment_rules")
    location = s.table("location")
    sites = location.get("sites")
    if not (isinstance(sites, list) and sites) and not _text(location.get("address")):
        return fail("no_sites", "location.sites")
    return PASS


def _no_kr_frt_statute(s: System) -> Tri:
    return Tri.FALSE if s.agency.get("kr_frt_statute") is True else Tri.TRUE


@rule(
    "NHRCK-MORA-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=("nhrck",),
    citations=(
        *cite(
            NHRCK,
            "recommendation to the Prime Minister: moratorium on real-time remote FRT in public places until a law exists",
        ),
        *cite("nhrck-2024", "government reply accepted 2024-02-08"),
    ),
    applies=RBI_RT_PUBLIC & STATE & KR & IN_USE & where("NO_KR_FRT_STATUTE", _no_kr_frt_statute),
    fail_closed=True,
    waivable=False,
    in_force_from=date(2023, 1, 12),
    example_fail="""
[[systems]]
status = "decommissioned"
first_use_on = 2026-09-01
decommissioned_on = 2026-12-31
location = { type = "public_space", context = ["street"] }
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
""",
    example_pass="""
[[systems]]
status = "planned"
location = { type = "public_space", context = ["street"] }
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
""",
)
def moratorium(s: System, ctx: Context) -> Verdict:
    # Applicability is the whole test: a Korean public body plans or runs real-time remote
    # identification in a public place while no FRT-specific statute is in force.
    if running_after_audit(s):
        stop = str(s.date_of("decommissioned_on"))
        return fail("moratorium_until", "decommissioned_on", date=stop)
    return fail("moratorium", "status", status=s.status)


#: Scope items every HRIA of face recognition must cover, and those added in public places.
HRIA_CORE_SCOPE = ("data_volume", "subject_count", "privacy", "equality")
HRIA_PUBLIC_SCOPE = ("expression",)


@rule(
    "NHRCK-HRIA-002",
    severity=Severity.MEDIUM,
    question=Question.ASSESSMENT,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "item 3: HRIA weighing the amount of data and the number of data subjects"),
        *cite("ohchr-48-31", "para. 60(a)"),
    ),
    applies=FRT & STATE,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [
  { kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute", scope = ["privacy"] },
]
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [
  { kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute", scope = ["data_volume", "subject_count", "privacy", "equality", "expression", "assembly"] },
]
""",
)
def hria_scope(s: System, ctx: Context) -> Verdict:
    absent = hria_absent(s, ctx)
    if absent is not None:
        return absent
    found = hrias(s, ctx)
    i, a, _ = latest(found)
    scope = a.get("scope")
    if not isinstance(scope, list) or not scope:
        return fail("no_scope", f"assessments[{i}].scope")
    required = list(HRIA_CORE_SCOPE)
    public = s.fact("PUBLIC")
    if public is not Tri.FALSE:
        required += HRIA_PUBLIC_SCOPE
    missing = [x for x in required if x not in scope]
    if public is not Tri.FALSE and not {"assembly", "association"} & set(scope):
        missing.append("assembly or association")
    if missing:
        return fail("gaps", f"assessments[{i}].scope", missing=", ".join(missing))
    return PASS


#: Change kinds that are "purpose or content" in the NHRCK's sense: an agency's own
#: "not substantial" label on them does not settle the question (issue 15 point 1).
PRESUMED_SUBSTANTIAL = frozenset({"purpose", "gallery_source", "location"})
#: Capabilities whose addition moves a system towards recognising people: such a change is
#: substantial whatever its label.
RECOGNITION_ADDED = frozenset(
    {
        "face_verification",
        "face_identification",
        "face_tracking",
        "emotion_recognition",
        "sensitive_attribute_inference",
        "attribute_analysis",
        "real_time_processing",
        "remote_capture",
    }
)


def _assessed_ahead(
    s: System, ctx: Context, a: Mapping[str, Any], change: Mapping[str, Any], when: date
) -> bool:
    """The HRIA ``a``, completed before ``change``, shows that it examined the change.

    It names the change's date in ``changes_assessed``, or, for a model-version change, it
    assessed the version that change put in place (the deployed one). A change pointing at
    the HRIA (``assessment_ref``) is the agency's claim, not the assessment's own record, and
    is not enough: an assessment dated before a change cannot have seen it otherwise.
    """
    named = a.get("changes_assessed")
    if isinstance(named, list) and any(as_date(d) == when for d in named):
        return True
    if change.get("kind") != "model_version":
        return False
    assessed, version = a.get("version_assessed"), s.get("model", "version")
    if assessed is None or version is None or str(assessed) != str(version):
        return False
    version_changes = [
        d
        for c in s.items("changes")
        if c.get("kind") == "model_version"
        and (d := as_date(c.get("date"))) is not None
        and d <= ctx.as_of
    ]
    return when == max(version_changes, default=None)


def _change_after(
    s: System, a: Mapping[str, Any], j: int, c: Mapping[str, Any], when: date, done: date
) -> tuple[str, dict[str, Any]] | None:
    """How change ``j``, made after the HRIA ``a`` of ``done`` and not assessed by it, bears
    on coverage: a failure, an unknown, a label for review, or None (the change does not matter).
    """
    label = c.get("substantial")
    kind = str(c.get("kind", ""))
    added = c.get("capabilities_added")
    recognition = sorted(RECOGNITION_ADDED & set(added)) if isinstance(added, list) else []
    params: dict[str, Any] = {
        "kind": kind,
        "changed": when.isoformat(),
        "done": done.isoformat(),
        "change": j,
    }
    if label is True or recognition:
        if a.get("id") and c.get("assessment_ref") == a.get("id"):
            return "fail:cited_earlier", params
        if label is True:
            return "fail:changed", params
        return "fail:relabelled", {**params, "added": ", ".join(recognition)}
    if label is False:
        if kind in PRESUMED_SUBSTANTIAL:
            return "review:label", params
        if kind == "capability" and not isinstance(added, list):
            return "review:label_capability", params
        return None
    return "unknown:unclear_change", params


def _coverage(
    s: System, ctx: Context, a: Mapping[str, Any], done: date | None
) -> tuple[str, dict[str, Any]]:
    """('covers' | '<fail|unknown|review>:<key>', params) for one HRIA (rules.md section 7).

    A failure beats an unknown, which beats a label left for review: review means "covers,
    if the agency's 'not substantial' label is right".
    """
    if done is None:
        return "unknown:undated", {}
    version = s.get("model", "version")
    assessed = a.get("version_assessed")
    if version is not None and assessed is not None and str(assessed) != str(version):
        return "fail:version", {"assessed": assessed, "version": version}
    unclear: tuple[str, dict[str, Any]] | None = None
    label: tuple[str, dict[str, Any]] | None = None
    for j, c in enumerate(s.items("changes")):
        when = as_date(c.get("date"))
        if when is not None and when > ctx.as_of:
            continue  # announced, not yet made
        if when is None:
            if c.get("substantial") is not False:
                unclear = unclear or (
                    "unknown:unclear_change",
                    {"kind": c.get("kind", ""), "change": j},
                )
            continue
        if when <= done or _assessed_ahead(s, ctx, a, c, when):
            continue  # the HRIA saw the system with this change, or examined it in advance
        found = _change_after(s, a, j, c, when, done)
        if found is None:
            continue
        if found[0].startswith("fail:"):
            return found
        if found[0].startswith("unknown:"):
            unclear = unclear or found
        else:
            label = label or found
    if version is None:
        return "unknown:no_version", {}
    if assessed is None:
        return "unknown:no_version_assessed", {"version": version}
    if unclear is not None:
        return unclear
    if label is not None:
        return label
    return "covers", {}


@rule(
    "NHRCK-HRIA-003",
    severity=Severity.HIGH,
    question=Question.ASSESSMENT,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "item 3: HRIA repeated when purpose or content changes substantially"),
        *cite("eu-aia", "Art. 27(2)"),
        *cite("rcw", ".020(7)"),
    ),
    applies=FRT & STATE,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, face_identification = true, processing_mode = "real_time", capture_mode = "cooperative" }
model = { name = "FaceGate", version = "4.0" }
assessments = [
  { id = "hria-2022", kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute", version_assessed = "4.0" },
]
changes = [
  { date = 2025-05-01, kind = "capability", description = "1:1 verification at the gate extended to 1:N search of the visitor database", substantial = false, capabilities_added = ["face_identification"], assessment_ref = "hria-2022" },
]
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
model = { name = "FaceGate", version = "4.0" }
assessments = [
  { kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute", version_assessed = "3.2" },
  { id = "hria-2025", kind = "hria", completed_on = 2025-04-10, assessor = "Korea Human Rights Institute", version_assessed = "4.0" },
]
changes = [
  { date = 2025-05-01, kind = "model_version", description = "upgrade to 4.0", substantial = true, assessment_ref = "hria-2025" },
]
""",
)
def hria_current(s: System, ctx: Context) -> Verdict:
    absent = hria_absent(s, ctx)
    if absent is not None:
        return absent
    found = hrias(s, ctx)
    results = [(i, *_coverage(s, ctx, a, done)) for i, a, done in found]
    if any(state == "covers" for _, state, _ in results):
        return PASS
    # None covers. Report the latest HRIA that might still cover (on review of a label, or
    # once missing data is given); if none might, the latest HRIA's failure.
    ordered = sorted(
        zip(found, results, strict=True), key=lambda t: (t[0][2] is not None, t[0][2] or date.min)
    )
    _, (i, state, params) = ordered[-1]
    for _, (j, other, other_params) in reversed(ordered):
        if not other.startswith("fail:"):
            i, state, params = j, other, other_params
            break
    kind, key = state.split(":", 1)
    params = dict(params)
    change = params.pop("change", None)
    field = {
        "version": f"assessments[{i}].version_assessed",
        "undated": f"assessments[{i}].completed_on",
        "no_version": "model.version",
        "no_version_assessed": f"assessments[{i}].version_assessed",
    }.get(key, "changes")
    if change is not None:
        field = f"changes[{change}]" + {
            "label": ".substantial",
            "label_capability": ".capabilities_added",
            "relabelled": ".substantial",
            "cited_earlier": ".assessment_ref",
            "unclear_change": ".substantial",
        }.get(key, "")
    if kind == "fail":
        return fail(key, field, **params)
    if kind == "review":
        return review(key, field, **params)
    return unknown(key, field, **params)


def _same_org(a: str, b: str) -> bool:
    x, y = a.casefold().strip(), b.casefold().strip()
    return bool(x and y) and (x == y or x in y or y in x)


def _names_match(a: str, b: str) -> bool:
    """The two names are one organisation: equal, or one contained in the other as whole words."""
    x = " ".join(re.findall(r"\w+", a.casefold()))
    y = " ".join(re.findall(r"\w+", b.casefold()))
    if not x or not y:
        return False
    short, long_ = sorted((x, y), key=len)
    return short == long_ or f" {short} " in f" {long_} "


#: Declared ties of an assessor (``assessor_relation``) that rule out independence, and the
#: message for each: the NHRCK asks for independence from those who run, sell, direct or pay
#: for the system. Being paid for the assessment alone (``assessment_contractor``) is not one.
DEPENDENT_TIES = {
    "agency_unit": "internal",
    "operator": "operator",
    "vendor": "vendor_tie",
    "supervising_body": "supervisor",
    "funder": "funder",
}


def _parties(s: System) -> list[tuple[str, str]]:
    """(message key, name) of the bodies an HRIA assessor must be independent of."""
    out = [("agency", _text(s.agency.get(k))) for k in ("name", "name_local")]
    out.append(("operator", _text(s.get("operator", "name"))))
    out += [("operator", _text(e.get("entrustee"))) for e in s.items("entrustment")]
    out.append(("vendor", _text(s.get("vendor", "name"))))
    return [(k, n) for k, n in out if n]


@rule(
    "NHRCK-HRIA-004",
    severity=Severity.HIGH,
    question=Question.ASSESSMENT,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "item 3: HRIA by a body with human-rights expertise and independence"),
    ),
    applies=FRT & STATE,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
operator = { kind = "contractor", name = "GateOps Co.", acting_for_public_body = true }
vendor = { name = "Example Vision Co." }
assessments = [
  { kind = "hria", completed_on = 2022-11-15, assessor = "GateOps Co. compliance office", assessor_kind = "external", independent = true, human_rights_expertise = true },
]
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
operator = { kind = "contractor", name = "GateOps Co.", acting_for_public_body = true }
vendor = { name = "Example Vision Co." }
assessments = [
  { kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute", assessor_kind = "external", assessor_relation = ["assessment_contractor"], independent = true, human_rights_expertise = true },
]
""",
)
def hria_independent(s: System, ctx: Context) -> Verdict:
    absent = hria_absent(s, ctx)
    if absent is not None:
        return absent
    i, a, _ = latest(hrias(s, ctx))
    who = _text(a.get("assessor"))
    here = f"assessments[{i}]"
    for party, name in _parties(s):
        if who and _names_match(who, name):
            key = "vendor" if party == "vendor" else f"is_{party}"
            return fail(key, f"{here}.assessor", assessor=who, vendor=name, party=name)
    if a.get("assessor_kind") == "internal":
        return fail("internal", f"{here}.assessor_kind", assessor=who)
    ties = a.get("assessor_relation")
    ties = ties if isinstance(ties, list) else []
    for tie, key in DEPENDENT_TIES.items():
        if tie in ties:
            return fail(key, f"{here}.assessor_relation", assessor=who, tie=tie)
    if a.get("independent") is False:
        return fail("not_independent", f"{here}.independent", assessor=who)
    if a.get("human_rights_expertise") is False:
        return fail("no_expertise", f"{here}.human_rights_expertise", assessor=who)
    undeclared = [
        f"{here}.{k}"
        for k in ("assessor", "assessor_kind", "independent", "human_rights_expertise")
        if (not who if k == "assessor" else a.get(k) in (None, "unknown"))
    ]
    if undeclared:
        return unknown("undeclared", undeclared[0], fields=", ".join(undeclared))
    return PASS


@rule(
    "NHRCK-HRIA-005",
    severity=Severity.LOW,
    question=Question.ASSESSMENT,
    profiles=("nhrck",),
    citations=(*cite(NHRCK, "item 3: HRIA results to be reflected"),),
    applies=FRT & STATE,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [
  { kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute", open_findings = 3 },
]
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [
  { kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute", mitigations_url = "https://agency.example/frt/hria-actions", open_findings = 1, next_review_due = 2027-03-31 },
]
""",
)
def hria_followed_up(s: System, ctx: Context) -> Verdict:
    absent = hria_absent(s, ctx)
    if absent is not None:
        return absent
    found = hrias(s, ctx)
    i, a, _ = latest(found)
    if not a.get("mitigations_url"):
        return fail("no_plan", f"assessments[{i}].mitigations_url")
    open_findings = a.get("open_findings")
    if not isinstance(open_findings, int):
        return unknown("open_unknown", f"assessments[{i}].open_findings")
    due = as_date(a.get("next_review_due"))
    if open_findings > 0 and due is not None and due < ctx.as_of:
        return fail(
            "overdue",
            f"assessments[{i}].next_review_due",
            count=open_findings,
            due=due.isoformat(),
        )
    return PASS


#: Recipients that are not public bodies: handing them data is what the NHRCK objected to.
PRIVATE_RECIPIENTS = frozenset({"private_company", "vendor"})
#: Recipients whose receipt must be published (entrustment or provision outside the State).
DISCLOSE_RECIPIENTS = frozenset({"private_company", "vendor", "research", "foreign"})


@rule(
    "NHRCK-DATA-001",
    severity=Severity.HIGH,
    question=Question.SHARING,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "concern: immigration face photos handed to private firms for AI development"),
        *cite("pipc-moj-2022", "undisclosed entrustment breached PIPA Art. 26(2)"),
        *cite("pipa", "Art. 17", "Art. 18", "Art. 26", "Art. 28-12 (from 2027-03-09)"),
        *cite("ohchr-48-31", "para. 59(j)"),
    ),
    applies=FRT & SHARES_BIO,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "cooperative" }
sharing = [
  { recipient = "Example AI Co.", recipient_kind = "private_company", purpose = "train a face-matching model", includes_biometrics = true, for_ai_training = true },
]
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "cooperative" }
sharing = [
  { recipient = "Example AI Co.", recipient_kind = "vendor", purpose = "entrusted system development", includes_biometrics = true, for_ai_training = true, legal_basis_ref = "Immigration Act Art. 12-2; entrustment contract 2021-17", disclosed_url = "https://agency.example/privacy#entrustment" },
]
""",
)
def biometric_sharing(s: System, ctx: Context) -> Verdict:
    worst: Verdict | None = None
    rank = 0  # 3 critical fail, 2 high fail, 1 unknown
    for i, share in enumerate(s.items("sharing")):
        bio = share.get("includes_biometrics")
        if bio is False:
            continue
        who = str(share.get("recipient", ""))
        kind = share.get("recipient_kind")
        based = _text(share.get("legal_basis_ref")) or _text(share.get("consent_ref"))
        here = f"sharing[{i}]"
        if bio is not True:
            if rank < 1:
                worst, rank = (
                    unknown("bio_unknown", f"{here}.includes_biometrics", recipient=who),
                    1,
                )
            continue
        entrusted = next(
            (
                (j, e)
                for j, e in enumerate(s.items("entrustment"))
                if _same_org(str(e.get("entrustee", "")), who)
            ),
            None,
        )
        if entrusted is not None and share.get("within_original_purpose") is True:
            # Entrustment (PIPA Art. 26): the entrustee processes for the agency, within the
            # agency's purpose and on the agency's own basis (the PIPC's 2022 Ministry of Justice
            # decision); what the law adds is that the entrustment be published.
            j, e = entrusted
            if not based and not s.items("legal_basis"):
                if rank < 2:
                    worst, rank = fail("no_basis", "legal_basis", recipient=who), 2
            elif not (share.get("disclosed_url") or e.get("disclosed_url")) and rank < 2:
                worst, rank = (
                    fail("undisclosed", f"entrustment[{j}].disclosed_url", recipient=who),
                    2,
                )
            continue
        if not based:
            if kind in PRIVATE_RECIPIENTS and share.get("for_ai_training") is True:
                return fail("ai_training", here, Severity.CRITICAL, recipient=who)
            if rank < 2:
                worst, rank = fail("no_basis", f"{here}.legal_basis_ref", recipient=who), 2
            continue
        if kind in DISCLOSE_RECIPIENTS and not share.get("disclosed_url"):
            if rank < 2:
                worst, rank = fail("undisclosed", f"{here}.disclosed_url", recipient=who), 2
        elif (kind is None or kind == "unknown") and rank < 1:
            worst, rank = unknown("kind_unknown", f"{here}.recipient_kind", recipient=who), 1
    for i, e in enumerate(s.items("entrustment")):
        if not e.get("disclosed_url") and rank < 2:
            who = str(e.get("entrustee", ""))
            worst, rank = (
                fail("entrustment_undisclosed", f"entrustment[{i}].disclosed_url", recipient=who),
                2,
            )
    return worst or PASS


@rule(
    "NHRCK-DATA-002",
    severity=Severity.HIGH,
    question=Question.SECURITY,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "concern: a face cannot be changed once leaked"),
        *cite("pipa", "Art. 23(2)", "Art. 29"),
        *cite("pipc-bio", "protection measures for biometric information"),
        *cite("iso-24745", "clause 5 (confidentiality and integrity of biometric references)"),
    ),
    applies=FRT,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
templates = { encrypted_at_rest = false, encrypted_in_transit = true, stored_separately = true }
security = { access_logs = true }
""",
    example_pass="""
[agency]
breach_plan_url = "https://agency.example/privacy/breach-plan"

[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
templates = { encrypted_at_rest = true, encrypted_in_transit = true, stored_separately = true }
security = { access_logs = true }
""",
)
def biometric_security(s: System, ctx: Context) -> Verdict:
    checks = (
        ("templates", "encrypted_at_rest"),
        ("templates", "encrypted_in_transit"),
        ("templates", "stored_separately"),
        ("security", "access_logs"),
    )
    weak = [f"{t}.{k}" for t, k in checks if s.get(t, k) is False]
    undeclared = [f"{t}.{k}" for t, k in checks if s.get(t, k) not in (True, False)]
    if not (s.agency.get("breach_plan_url") or s.agency.get("breach_plan_ref")):
        # Silence about the breach plan is unknown, not a failure (issue 16 point 4).
        undeclared.append("agency.breach_plan_url")
    if weak:
        return fail("weak", weak[0], fields=", ".join(weak))
    if undeclared:
        return unknown("undeclared", undeclared[0], fields=", ".join(undeclared))
    return PASS


def _assembly_setting(s: System) -> Tri:
    """An assembly purpose is declared or an assembly venue is covered."""
    if s.get("purpose", "assembly_monitoring") is True:
        return Tri.TRUE
    return Tri.TRUE if "assembly_venue" in (s.get("location", "context") or ()) else Tri.FALSE


@rule(
    "NHRCK-ASSEMBLY-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "concern: chilling effect on assembly and association"),
        *cite("ohchr-44-24", "para. 53"),
        *cite("rcw", ".080(2)", ".080(3)"),
    ),
    # A cooperative 1:1 gate cannot pick faces out of a crowd; but a declared assembly purpose
    # or an assembly venue brings any capture mode into scope (issue 15 point 3).
    applies=FRT & STATE & (REMOTE | where("ASSEMBLY_SETTING", _assembly_setting)),
    example_fail="""
[[systems]]
device = { kind = "kiosk", count = 4 }
location = { type = "public_space", context = ["street", "assembly_venue"] }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
purpose = { primary = "identity_verification", assembly_monitoring = true }
""",
    example_pass="""
[[systems]]
location = { type = "public_space", context = ["street"] }
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
purpose = { primary = "crime_prevention", assembly_monitoring = false }
use_policy = { prohibits_assembly_monitoring = true }
""",
)
def no_assembly_monitoring(s: System, ctx: Context) -> Verdict:
    if s.get("purpose", "assembly_monitoring") is True:
        return fail("monitoring", "purpose.assembly_monitoring")
    if "assembly_venue" in (s.get("location", "context") or ()):
        return fail("venue", "location.context")
    if s.get("purpose", "assembly_monitoring") is not False:
        return unknown("purpose_unknown", "purpose.assembly_monitoring")
    if s.get("use_policy", "prohibits_assembly_monitoring") is not True:
        return fail("policy_silent", "use_policy.prohibits_assembly_monitoring", Severity.MEDIUM)
    return PASS


#: Consent models that make consent the basis of processing (rules.md 4.1).
CONSENT_MODELS = frozenset(
    {"opt_in", "opt_in_explicit", "opt_in_written", "opt_in_separate", "opt_out", "implied"}
)


def _consent_based(s: System) -> Tri:
    model = s.get("consent", "model")
    if model in CONSENT_MODELS:
        return Tri.TRUE
    if model is None and any(b.get("kind") == "consent" for b in s.items("legal_basis")):
        return Tri.UNKNOWN  # consent is named as a basis but its form is not declared
    if model == "unknown":
        return Tri.UNKNOWN
    return Tri.FALSE


@rule(
    "NHRCK-CONSENT-001",
    severity=Severity.HIGH,
    question=Question.CONSENT,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "concern: consent to face recognition that is not free"),
        *cite("pipa", "Art. 22(1)", "Art. 23(1)"),
        *cite("pipc-bio", "separate consent and a non-biometric alternative"),
        *cite("gdpr", "Art. 9(2)(a)"),
    ),
    applies=FRT & where("CONSENT_BASED", _consent_based),
    example_fail="""
[[systems]]
device = { kind = "access_gate", count = 4 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "implied" }
""",
    example_pass="""
[[systems]]
device = { kind = "access_gate", count = 4 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "opt_in_separate", separate_for_sensitive = true, alternative_offered = true, withdrawal = true }
""",
)
def free_consent(s: System, ctx: Context) -> Verdict:
    consent = s.table("consent")
    model = consent.get("model")
    if model in ("opt_out", "implied"):
        return fail("not_opt_in", "consent.model", model=model)
    where_ = dependent_context(s)
    if where_:
        # Staff and pupils cannot refuse those they depend on: consent is no basis there.
        return fail("dependent", "location.context", context=where_)
    keys = ("separate_for_sensitive", "alternative_offered", "withdrawal")
    refused = [f"consent.{k}" for k in keys if consent.get(k) is False]
    if refused:
        return fail("not_free", refused[0], fields=", ".join(refused))
    undeclared = [f"consent.{k}" for k in keys if consent.get(k) is not True]
    if undeclared or model not in CONSENT_MODELS:
        fields = undeclared or ["consent.model"]
        return unknown("undeclared", fields[0], fields=", ".join(fields))
    return PASS
