"""NHRCK recommendation of 12 January 2023 (profile ``nhrck``): rules.md section 4.1.

Texts (title, what it checks, why it matters, fix, limits, messages) are in the catalogue under
``rule."NHRCK-..."``; the examples below are merged into a minimal inventory and run as tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from frtaudit.model import Context, Question, Severity, Tri, Verdict
from frtaudit.rules._registry import PASS, cite, fail, rule, unknown
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
    where,
)

NHRCK = "nhrck-2023"  # catalogue key of the recommendation in [sources]

#: Instrument kinds that are law in the sense of NHRCK item (iv); consent, contracts and
#: internal rules are not.
LAW_KINDS = frozenset({"statute", "decree", "ordinance"})


@rule(
    "NHRCK-LEGAL-001",
    severity=Severity.CRITICAL,
    question=Question.LEGAL,
    profiles=("nhrck",),
    citations=(
        *cite(NHRCK, "item (iv): individual, specific statutory basis for each public use"),
        *cite("nhrck-2024", "government reply accepted 2024-02-08"),
        *cite("ohchr-48-31", "para. 59(b)"),
    ),
    applies=FRT & STATE & IN_USE,
    headline="legal",
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
legal_basis = [
  { law = "Personal Information Protection Act", article = "Art. 25(1)2", kind = "statute", frt_specific = false },
]
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
legal_basis = [
  { law = "Immigration Act", article = "Art. 12-2", kind = "statute", frt_specific = true },
]
""",
)
def legal_specific(s: System, ctx: Context) -> Verdict:
    bases = s.items("legal_basis")
    if not bases:
        return fail("none", "legal_basis")
    undecided = False
    for i, basis in enumerate(bases):
        specific = basis.get("frt_specific")
        kind = basis.get("kind")
        if specific is True and kind in LAW_KINDS:
            return PASS
        if specific is True and kind is None:
            return unknown("kind_missing", f"legal_basis[{i}].kind", law=basis.get("law", ""))
        if specific not in (True, False):
            undecided = True
    if undecided:
        return unknown("undecided", "legal_basis")
    first = bases[0]
    if any(b.get("frt_specific") is True for b in bases):
        return fail(
            "not_law",
            "legal_basis",
            Severity.HIGH,
            kind=next(str(b.get("kind")) for b in bases if b.get("frt_specific") is True),
        )
    return fail(
        "general",
        "legal_basis[0].frt_specific",
        Severity.HIGH,
        law=first.get("law", ""),
        article=first.get("article", ""),
    )


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
  { kind = "hria", completed_on = 2023-06-30, assessor = "Ministry audit team" },
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
    dated = [
        (d, a)
        for a in s.assessments("hria")
        if (d := as_date(a.get("completed_on"))) is not None and d <= ctx.as_of
    ]
    if not dated:
        if any(True for _ in s.assessments("hria")):
            return unknown("undated", "assessments")
        return fail("none", "assessments")
    earliest = min(d for d, _ in dated)
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
notice = { signage = false }
""",
    example_pass="""
[[systems]]
first_use_on = 2023-03-01
device = { kind = "access_gate", count = 12 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
notice = { signage = true, signage_items = ["purpose", "frt_in_use", "manager_contact"], web_url = "https://agency.example/frt", web_published_on = 2023-01-20, frt_disclosed = true }
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
location = { type = "public_space", context = ["transport_hub"] }
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
""",
    example_pass="""
[[systems]]
location = { type = "public_space", context = ["transport_hub"] }
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
""",
)
def realtime_remote_ban(s: System, ctx: Context) -> Verdict:
    # Applicability already establishes real-time remote 1:N identification in a public space
    # by the State; the only way out is an exception grounded in a statute (engine: waivable=False).
    return fail(
        "banned",
        "capabilities",
        mode=str(s.get("capabilities", "processing_mode")),
        place=str(s.get("location", "type")),
    )


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


def latest(
    found: list[tuple[int, Mapping[str, Any], date | None]],
) -> tuple[int, Mapping[str, Any], date | None]:
    """The most recently completed assessment (undated ones rank last)."""
    return max(found, key=lambda t: (t[2] is not None, t[2] or date.min, t[0]))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


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
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
purpose = { primary = "crime_prevention" }
necessity = { supplementary_only = false }
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
purpose = { primary = "missing_persons", public_interest_ground = "locating missing children and persons with dementia reported to the police" }
necessity = { justification_url = "https://agency.example/frt/necessity", alternatives_considered = ["manual review of footage by officers", "public appeals"], supplementary_only = true }
""",
)
def exceptional_supplementary(s: System, ctx: Context) -> Verdict:
    necessity = s.table("necessity")
    if necessity.get("supplementary_only") is False:
        return fail("not_supplementary", "necessity.supplementary_only")
    missing = []
    if not _text(s.get("purpose", "public_interest_ground")):
        missing.append("purpose.public_interest_ground")
    alternatives = necessity.get("alternatives_considered")
    if not (isinstance(alternatives, list) and any(_text(a) for a in alternatives)):
        missing.append("necessity.alternatives_considered")
    if missing:
        if not necessity.get("justification_url"):
            missing.append("necessity.justification_url")
        return fail("missing", missing[0], fields=", ".join(missing))
    if not necessity.get("justification_url"):
        # The ground and the alternatives are on record; only the written justification is not.
        return fail("no_justification", "necessity.justification_url", Severity.MEDIUM)
    if necessity.get("supplementary_only") is not True:
        return unknown("supplementary_unknown", "necessity.supplementary_only")
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
        if not s.get("gallery", "inclusion_criteria_url"):
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
status = "planned"
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
    found = hrias(s, ctx)
    if not found:
        return fail("none", "assessments")
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


def _coverage(
    s: System, ctx: Context, a: Mapping[str, Any], done: date | None
) -> tuple[str, dict[str, Any]]:
    """('covers' | 'fail:<key>' | 'unknown:<key>', params) for one HRIA (rules.md section 7)."""
    if done is None:
        return "unknown:undated", {}
    version = s.get("model", "version")
    assessed = a.get("version_assessed")
    if version is not None and assessed is not None and str(assessed) != str(version):
        return "fail:version", {"assessed": assessed, "version": version}
    unclear: dict[str, Any] | None = None
    for c in s.items("changes"):
        when = as_date(c.get("date"))
        if when is not None and when > ctx.as_of:
            continue  # announced, not yet made
        substantial = c.get("substantial")
        if a.get("id") and c.get("assessment_ref") == a.get("id"):
            continue  # the change was assessed by this very HRIA (e.g. an upgrade assessed ahead)
        if substantial is True:
            if when is None:
                unclear = unclear or {"kind": c.get("kind", "")}
                continue
            if when > done:
                return "fail:changed", {
                    "kind": c.get("kind", ""),
                    "changed": when.isoformat(),
                    "done": done.isoformat(),
                }
        elif substantial is not False and (when is None or when > done):
            unclear = unclear or {"kind": c.get("kind", "")}
    if version is None:
        return "unknown:no_version", {}
    if assessed is None:
        return "unknown:no_version_assessed", {"version": version}
    if unclear is not None:
        return "unknown:unclear_change", unclear
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
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
model = { name = "FaceGate", version = "4.0" }
assessments = [
  { kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute", version_assessed = "3.2" },
]
changes = [
  { date = 2025-05-01, kind = "model_version", description = "upgrade to 4.0", substantial = true },
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
    found = hrias(s, ctx)
    if not found:
        return fail("none", "assessments")
    results = [(i, *_coverage(s, ctx, a, done)) for i, a, done in found]
    if any(state == "covers" for _, state, _ in results):
        return PASS
    # None covers. If some HRIA might still cover (unknown), say so; else report the latest.
    ordered = sorted(
        zip(found, results, strict=True), key=lambda t: (t[0][2] is not None, t[0][2] or date.min)
    )
    _, (i, state, params) = ordered[-1]
    for _, (j, other, other_params) in reversed(ordered):
        if other.startswith("unknown:"):
            i, state, params = j, other, other_params
            break
    kind, key = state.split(":", 1)
    field = {
        "version": f"assessments[{i}].version_assessed",
        "changed": "changes",
        "undated": f"assessments[{i}].completed_on",
        "no_version": "model.version",
        "no_version_assessed": f"assessments[{i}].version_assessed",
        "unclear_change": "changes",
    }[key]
    if kind == "fail":
        return fail(key, field, **params)
    return unknown(key, field, **params)


def _same_org(a: str, b: str) -> bool:
    x, y = a.casefold().strip(), b.casefold().strip()
    return bool(x and y) and (x == y or x in y or y in x)


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
assessments = [
  { kind = "hria", completed_on = 2022-11-15, assessor = "Agency IT division", assessor_kind = "internal", independent = false, human_rights_expertise = false },
]
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
vendor = { name = "Example Vision Co." }
assessments = [
  { kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute", assessor_kind = "external", independent = true, human_rights_expertise = true },
]
""",
)
def hria_independent(s: System, ctx: Context) -> Verdict:
    found = hrias(s, ctx)
    if not found:
        return fail("none", "assessments")
    i, a, _ = latest(found)
    who = _text(a.get("assessor"))
    vendor = _text(s.get("vendor", "name"))
    if vendor and _same_org(who, vendor):
        return fail("vendor", f"assessments[{i}].assessor", assessor=who, vendor=vendor)
    if a.get("assessor_kind") == "internal":
        return fail("internal", f"assessments[{i}].assessor_kind", assessor=who)
    if a.get("independent") is False:
        return fail("not_independent", f"assessments[{i}].independent", assessor=who)
    if a.get("human_rights_expertise") is False:
        return fail("no_expertise", f"assessments[{i}].human_rights_expertise", assessor=who)
    undeclared = [
        f"assessments[{i}].{k}"
        for k in ("assessor", "assessor_kind", "independent", "human_rights_expertise")
        if (not who if k == "assessor" else a.get(k) in (None, "unknown"))
    ]
    if undeclared:
        return unknown("undeclared", undeclared[0], fields=", ".join(undeclared))
    if a.get("independent") is not True or a.get("human_rights_expertise") is not True:
        return unknown("undeclared", f"assessments[{i}]", fields=f"assessments[{i}]")
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
    found = hrias(s, ctx)
    if not found:
        return fail("none", "assessments")
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
    if not s.agency.get("breach_plan_url"):
        weak.append("agency.breach_plan_url")
    if weak:
        return fail("weak", weak[0], fields=", ".join(weak))
    if undeclared:
        return unknown("undeclared", undeclared[0], fields=", ".join(undeclared))
    return PASS


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
    applies=FRT & STATE & REMOTE,  # a cooperative 1:1 gate cannot pick faces out of a crowd
    example_fail="""
[[systems]]
location = { type = "public_space", context = ["street", "assembly_venue"] }
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
purpose = { primary = "crime_prevention", assembly_monitoring = false }
use_policy = { prohibits_assembly_monitoring = true }
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
CONSENT_MODELS = frozenset({"opt_in_written", "opt_in_separate", "opt_out", "implied"})


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
