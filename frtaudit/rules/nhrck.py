"""NHRCK recommendation of 12 January 2023 (profile ``nhrck``): rules.md section 4.1.

Texts (title, what it checks, why it matters, fix, limits, messages) are in the catalogue under
``rule."NHRCK-..."``; the examples below are merged into a minimal inventory and run as tests.
"""

from __future__ import annotations

from frtaudit.facts import FRT, IN_USE, RBI_RT_PUBLIC, STATE, System, as_date
from frtaudit.model import Context, Severity, Verdict
from frtaudit.rules._registry import PASS, cite, fail, rule, unknown

NHRCK = "nhrck-2023"  # catalogue key of the recommendation in [sources]

#: Instrument kinds that are law in the sense of NHRCK item (iv); consent, contracts and
#: internal rules are not.
LAW_KINDS = frozenset({"statute", "decree", "ordinance"})


@rule(
    "NHRCK-LEGAL-001",
    severity=Severity.CRITICAL,
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
