"""UN OHCHR reports A/HRC/48/31 and A/HRC/44/24 (profile ``nhrck``): rules.md section 4.6.

Texts are in the catalogue under ``rule."UN-OHCHR-..."``; the examples below are merged into a
minimal inventory and run as tests.
"""

from __future__ import annotations

from datetime import date

from frtaudit.model import Context, Question, Severity, Tri, Verdict
from frtaudit.rules._registry import PASS, cite, fail, rule, unknown
from frtaudit.rules.facts import ACTIVE_, FRT, ID, IN_USE, PUBLIC, REMOTE, STATE, System, where
from frtaudit.rules.nhrck import hria_absent, hrias, latest
from frtaudit.rules.tech import deployed_version_tests

OHCHR = "ohchr-48-31"

#: Test kinds that measure demographic differentials.
BIAS_TESTS = frozenset({"nist_demographics", "iso19795_10"})
#: Assessments that examine privacy and data protection (or human rights more broadly).
PRIVACY_ASSESSMENTS = ("hria", "kr_pia", "gdpr_dpia", "eu_fria")
#: Assessments that count as a human-rights impact assessment for the lifecycle duty.
HRIA_KINDS = ("hria", "eu_fria")


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clipped to the end of a shorter month."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 28 always exists


@rule(
    "UN-OHCHR-59D-001",
    severity=Severity.HIGH,
    question=Question.PROHIBITED,
    profiles=("nhrck", "coe"),
    citations=(
        *cite(OHCHR, "para. 59(d)"),
        *cite("ohchr-44-24", "para. 53"),
    ),
    applies=ID & REMOTE & PUBLIC & IN_USE,
    example_fail="""
[[systems]]
location = { type = "public_space", context = ["transport_hub"] }
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
model = { name = "Searcher", version = "2.1" }
assessments = [{ kind = "hria", completed_on = 2024-02-01, assessor = "Korea Human Rights Institute" }]
""",
    example_pass="""
[[systems]]
location = { type = "public_space", context = ["transport_hub"] }
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
model = { name = "Searcher", version = "2.1" }
assessments = [{ kind = "hria", completed_on = 2024-02-01, assessor = "Korea Human Rights Institute" }]
testing = [{ kind = "nist_demographics", performed_on = 2024-01-10, performed_by = "NIST FRTE", independent = true, model_version = "2.1", demographic_breakdown = true, max_group_ratio = 1.6 }]
""",
)
def remote_pause(s: System, ctx: Context) -> Verdict:
    if not hrias(s, ctx, *PRIVACY_ASSESSMENTS):
        return fail("no_assessment", "assessments")
    tests = [
        (i, t)
        for i, t in enumerate(s.items("testing"))
        if t.get("kind") in BIAS_TESTS and t.get("demographic_breakdown") is not False
    ]
    if not tests:
        return fail("no_bias_test", "testing")
    current, instead = deployed_version_tests(s, tests)
    if instead is not None:
        return instead
    shown = [(i, t) for i, t in current if t.get("demographic_breakdown") is True]
    if not shown:
        i, _ = current[-1]
        return unknown("breakdown_unknown", f"testing[{i}].demographic_breakdown")
    limit = float(ctx.params.get("max_group_ratio", 0.0) or 0.0)
    if limit > 0:
        ratios = [(i, t.get("max_group_ratio")) for i, t in shown]
        known = [(i, r) for i, r in ratios if isinstance(r, int | float)]
        if not known:
            return unknown("ratio_missing", f"testing[{shown[-1][0]}].max_group_ratio")
        i, best = min(known, key=lambda x: x[1])
        if best > limit:
            return fail("ratio", f"testing[{i}].max_group_ratio", ratio=best, limit=limit)
    return PASS


def _partnership(s: System) -> Tri:
    vendor = s.table("vendor")
    access = Tri.of(vendor.get("data_access")) if vendor else Tri.FALSE
    return access | s.fact("SHARES_BIO")


@rule(
    "UN-OHCHR-59J-001",
    severity=Severity.MEDIUM,
    question=Question.SHARING,
    profiles=("nhrck", "coe"),
    citations=(*cite(OHCHR, "para. 59(j)"),),
    applies=FRT & STATE & where("PARTNERSHIP", _partnership),
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
vendor = { name = "Example Vision Co.", data_access = true }
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
vendor = { name = "Example Vision Co.", data_access = true }
entrustment = [{ entrustee = "Example Vision Co.", task = "hosting and maintenance", disclosed_url = "https://agency.example/privacy#entrustment" }]
assessments = [{ kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute", assessor_kind = "external", independent = true, human_rights_expertise = true }]
""",
)
def partnerships(s: System, ctx: Context) -> Verdict:
    vendor = s.table("vendor")
    entrusted = s.items("entrustment")
    if vendor.get("data_access") is True and not entrusted:
        return fail("vendor_not_listed", "entrustment", vendor=str(vendor.get("name", "")))
    for i, e in enumerate(entrusted):
        if not e.get("disclosed_url"):
            return fail(
                "undisclosed", f"entrustment[{i}].disclosed_url", who=str(e.get("entrustee", ""))
            )
    for i, share in enumerate(s.items("sharing")):
        if share.get("includes_biometrics") is True and not share.get("disclosed_url"):
            return fail(
                "undisclosed", f"sharing[{i}].disclosed_url", who=str(share.get("recipient", ""))
            )
    found = hrias(s, ctx)
    if not found:
        return fail("no_oversight", "assessments")
    if any(
        a.get("independent") is True and a.get("assessor_kind") != "internal" for _, a, _ in found
    ):
        return PASS
    if all(
        a.get("independent") is False or a.get("assessor_kind") == "internal" for _, a, _ in found
    ):
        return fail("no_oversight", "assessments")
    i, _, _ = latest(found)
    return unknown("oversight_unknown", f"assessments[{i}].independent")


@rule(
    "UN-OHCHR-60A-001",
    severity=Severity.MEDIUM,
    question=Question.ASSESSMENT,
    profiles=("nhrck", "coe"),
    citations=(*cite(OHCHR, "para. 60(a)"),),
    applies=FRT & ACTIVE_,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [{ kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute" }]
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [
  { kind = "hria", completed_on = 2022-11-15, assessor = "Korea Human Rights Institute" },
  { kind = "hria", completed_on = 2025-06-30, assessor = "Korea Human Rights Institute" },
]
""",
)
def hria_regular(s: System, ctx: Context) -> Verdict:
    absent = hria_absent(s, ctx, *HRIA_KINDS)  # what exists on the audit date, as NHRCK-HRIA-*
    if absent is not None:
        return absent
    i, _, done = latest(hrias(s, ctx, *HRIA_KINDS))
    if done is None:
        return unknown("undated", f"assessments[{i}].completed_on")
    months = int(ctx.params.get("hria_max_age_months", 24) or 24)
    due = add_months(done, months)
    if ctx.as_of > due:
        return fail(
            "stale",
            f"assessments[{i}].completed_on",
            done=done.isoformat(),
            months=months,
            due=due.isoformat(),
        )
    return PASS


@rule(
    "UN-OHCHR-60B-001",
    severity=Severity.MEDIUM,
    question=Question.NOTICE,
    profiles=("nhrck", "coe"),
    citations=(*cite(OHCHR, "para. 60(b)"),),
    applies=FRT,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
notice = { web_url = "https://agency.example/frt", frt_disclosed = true }
testing = [{ kind = "nist_frte_1to1", performed_by = "vendor lab", independent = false, model_version = "1.0" }]
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
notice = { web_url = "https://agency.example/frt", frt_disclosed = true }
testing = [{ kind = "nist_frte_1to1", performed_by = "NIST FRTE", independent = true, model_version = "1.0" }]
""",
)
def transparency_audit(s: System, ctx: Context) -> Verdict:
    notice = s.table("notice")
    if not notice.get("web_url"):
        return fail("no_notice", "notice.web_url")
    if notice.get("frt_disclosed") is False:
        return fail("not_disclosed", "notice.frt_disclosed")
    tests = s.items("testing")
    audited = any(t.get("independent") is True for t in tests) or (
        s.get("vendor", "independent_test_api") is True
    )
    if not audited:
        unsure = any(t.get("independent") not in (True, False) for t in tests) or s.get(
            "vendor", "independent_test_api"
        ) not in (None, False)
        if unsure:
            return unknown("audit_unknown", "testing")
        return fail("no_audit", "testing")
    if notice.get("frt_disclosed") is not True:
        return unknown("disclosure_unknown", "notice.frt_disclosed")
    return PASS


@rule(
    "UN-OHCHR-59G-001",
    severity=Severity.MEDIUM,
    question=Question.OVERSIGHT,
    profiles=("nhrck", "coe"),
    citations=(
        *cite(OHCHR, "para. 59(g)"),
        *cite("eu-aia", "Art. 27(1)(f)"),
        *cite("rcw", ".020(2)(h)"),
    ),
    applies=FRT,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
oversight = { complaints_url = "https://agency.example/frt/complaints" }
""",
)
def remedy_channel(s: System, ctx: Context) -> Verdict:
    if not s.get("oversight", "complaints_url"):
        return fail("none", "oversight.complaints_url")
    return PASS
