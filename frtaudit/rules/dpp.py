"""General data-protection principles for any operator (profiles ``nhrck`` and ``coe``).

rules.md section 4.6a, ``DPP-*``: principles shared by Convention 108+, the GDPR, PIPA and the
privacy laws of the UK, Australia, Canada and New Zealand. They apply to any operator, private
ones included: ``treat_private_as_state`` plays no role. Texts are in the catalogue under
``rule."DPP-..."``; the examples below are merged into a minimal inventory and run as tests.

Silence: where the inventory says nothing a rule answers ``unknown``; where the law itself
requires a document or an act to exist (a lawful basis, a demonstrable necessity assessment, a
record of consent), silence fails. Each rule's ``silence`` text says which.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from frtaudit.model import Context, Question, Severity, Tri, Verdict
from frtaudit.rules._registry import PASS, cite, fail, review, rule, unknown
from frtaudit.rules.facts import (
    FRT,
    ID,
    LAW_BASIS,
    LAW_BASIS_KINDS,
    PRIVATE,
    RT,
    VERIFY_ONLY,
    WATCHLIST,
    Predicate,
    System,
    as_date,
    dependent_context,
    where,
)

PROFILES = ("nhrck", "coe")
COE_108 = "coe-108"
COE_GL = "coe-frt-gl"

#: Kinds of face data whose retention is declared per kind (rules.md section 5, additions).
RETENTION_KINDS = (
    "footage",
    "probe_images",
    "templates",
    "match_records",
    "non_match",
    "gallery_entries",
    "raw_enrolment_images",
    "logs",
)
#: The version-1 shorthand keys of ``retention``: a number of days for one kind.
LEGACY_DAYS = {
    "footage": "footage_days",
    "templates": "templates_days",
    "match_records": "match_logs_days",
    "raw_enrolment_images": "raw_images_days",
}
#: Kinds whose indefinite keeping is most harmful (a face cannot be reissued).
HIGH_RISK_KINDS = frozenset({"templates", "gallery_entries", "non_match"})
#: Consent models that are an affirmative act of the person (rules.md section 5).
OPT_IN_MODELS = frozenset({"opt_in", "opt_in_explicit", "opt_in_written", "opt_in_separate"})
#: Consent models that are no consent to biometric processing at all.
NO_CONSENT_MODELS = frozenset({"none", "opt_out", "implied"})
#: Gallery sources that are images merely available online.
WEB_SOURCES = frozenset({"scraped_internet", "social_media", "public_web"})


class Retention:
    """What the inventory says about keeping one kind of data."""

    __slots__ = ("auto_delete", "days", "field", "kind", "period", "review_on")

    def __init__(self, s: System, kind: str) -> None:
        table = s.table("retention")
        entry = table.get(kind)
        entry = entry if isinstance(entry, Mapping) else {}
        self.kind = kind
        self.field = f"retention.{kind}"
        days = entry.get("days")
        legacy = LEGACY_DAYS.get(kind)
        if days is None and legacy is not None and isinstance(table.get(legacy), int):
            days = table.get(legacy)
            self.field = f"retention.{legacy}"
        self.days: int | None = days if isinstance(days, int) else None
        period = entry.get("period")
        if period is None and self.days is not None:
            period = "days"
        self.period: str | None = period if isinstance(period, str) else None
        auto = entry.get("auto_delete", table.get("auto_delete"))
        self.auto_delete = Tri.of(auto)
        self.review_on: date | None = as_date(entry.get("review_on"))

    @property
    def declared(self) -> bool:
        """A period is stated (``undeclared`` and silence are not)."""
        return self.period is not None and self.period != "undeclared"

    @property
    def immediate(self) -> bool:
        """Deleted at once: ``immediate``, or zero days."""
        return self.period == "immediate" or (self.period == "days" and self.days == 0)


def held_kinds(s: System) -> list[str]:
    """The kinds of face data this system holds, as far as its capabilities tell.

    Every face-recognition system captures probe images, makes templates and keeps logs; a
    recording system keeps footage; 1:N identification keeps gallery entries and match records;
    live identification also meets faces that match nothing; an enrolment-based system keeps
    the enrolment photos unless it says it destroys them.
    """
    kinds = ["probe_images", "templates", "logs"]
    if s.cap("recording") is Tri.TRUE:
        kinds.append("footage")
    if s.fact("ID") is Tri.TRUE:
        kinds += ["match_records", "gallery_entries"]
        if s.fact("RT") is Tri.TRUE:
            kinds.append("non_match")
    enrols = s.get("gallery", "kind") == "enrolled_users" or bool(
        {"employee_enrolment", "voluntary_enrolment"} & set(s.get("gallery", "source") or ())
    )
    if enrols or s.fact("VERIFY_ONLY") is Tri.TRUE:
        kinds.append("raw_enrolment_images")
    return [k for k in RETENTION_KINDS if k in kinds]


def law_covers(s: System, item: str) -> bool:
    """A recorded law basis says it covers ``item`` (``legal_basis[].covers``)."""
    return any(
        b.get("kind") in LAW_BASIS_KINDS and item in (b.get("covers") or ())
        for b in s.items("legal_basis")
    )


def claims_exception(s: System) -> int | None:
    """Index of a statutory exception the operator claims (``kind = "exception_claimed"``)."""
    for i, b in enumerate(s.items("legal_basis")):
        if b.get("kind") == "exception_claimed":
            return i
    return None


def _gallery_or_training(s: System) -> Tri:
    if s.get("purpose", "primary") == "ai_training":
        return Tri.TRUE
    exists = Tri.of(s.get("gallery", "exists"))
    if exists is Tri.UNKNOWN:
        if s.get("gallery", "source") or s.get("gallery", "kind"):
            return Tri.TRUE  # a gallery described is a gallery that exists
        if s.fact("FRT") is Tri.FALSE:
            return Tri.FALSE
        if s.fact("ID") is Tri.TRUE:
            return Tri.TRUE  # 1:N identification matches against a gallery by definition
    return exists


GALLERY_OR_TRAINING = where("GALLERY_OR_TRAINING", _gallery_or_training)


def _legal_effects(s: System) -> Tri:
    return s.fact("ID") | s.tri("purpose", "legal_effects")


ID_OR_LEGAL_EFFECTS: Predicate = where("ID_OR_LEGAL_EFFECTS", _legal_effects)


# -- necessity ------------------------------------------------------------------------------------
def necessity_verdict(s: System) -> Verdict:
    """The shared check of DPP-NEC-001 and COE-NEC-001 (message keys alike in both)."""
    necessity = s.table("necessity")
    justification = necessity.get("justification_url") or necessity.get("justification_ref")
    alternatives = necessity.get("alternatives_considered")
    evidence = necessity.get("effectiveness_evidence_ref")
    scale = necessity.get("scale_rationale")
    if isinstance(alternatives, list) and not alternatives:
        return fail("no_alternatives", "necessity.alternatives_considered")
    if not (justification or alternatives or evidence or scale):
        # The law requires the operator to be able to show necessity (accountability): an
        # inventory with nothing on it shows none, so silence fails here.
        return fail("none", "necessity")
    missing = [
        f"necessity.{k}"
        for k, v in (
            ("justification_url", justification),
            ("alternatives_considered", alternatives),
            ("effectiveness_evidence_ref", evidence),
            ("scale_rationale", scale),
        )
        if not v
    ]
    if missing:
        return unknown("incomplete", missing[0], fields=", ".join(missing))
    return PASS


@rule(
    "DPP-NEC-001",
    severity=Severity.HIGH,
    question=Question.NECESSITY,
    profiles=PROFILES,
    citations=(
        *cite("ohchr-48-31", "para. 59(b)", "para. 60(a)"),
        *cite(COE_108, "Art. 5(1)", "Art. 10(1)", "Art. 10(2)"),
        *cite("gdpr", "Art. 5(1)(c)", "Art. 5(2)", "Art. 35(7)(b)"),
        *cite("pipa", "Art. 3(1)", "Art. 16(1)"),
        *cite(COE_GL, "Parts 1 and 3 (necessity and proportionality)"),
        *cite("bc-oipc-23-02", "reasonable purpose"),
        *cite("nz-bppc", "proportionality assessment"),
    ),
    applies=FRT,
    example_fail="""
[agency]
country = "GB"
kind = "private_retail"
is_public_body = false

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
necessity = { alternatives_considered = [] }
""",
    example_pass="""
[agency]
country = "GB"
kind = "private_retail"
is_public_body = false

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
necessity = { justification_ref = "nec-2025", alternatives_considered = ["more staff at the doors", "tagging of high-value goods"], effectiveness_evidence_ref = "six-month trial report, 2025-03", scale_rationale = "two entrances of one store, opening hours only" }
""",
)
def necessity_documented(s: System, ctx: Context) -> Verdict:
    return necessity_verdict(s)


# -- consent --------------------------------------------------------------------------------------
def consent_verdict(s: System) -> Verdict:
    """The shared check of DPP-CONSENT-001 and COE-CONSENT-001 (private operator, no law)."""
    exception = claims_exception(s)
    if exception is not None:
        return review("exception_claimed", f"legal_basis[{exception}].kind")
    consent = s.table("consent")
    model = consent.get("model")
    if s.fact("ALL_ENTRANTS") is Tri.TRUE:
        return fail(
            "all_entrants",
            "population.scanned_scope",
            scope=str(s.get("population", "scanned_scope")),
        )
    if model in NO_CONSENT_MODELS:
        return fail("not_opt_in", "consent.model", model=str(model))
    if model is None:
        # Biometric processing needs a lawful basis; with no law and no consent on record
        # there is none, so silence fails.
        return fail("no_basis", "consent.model")
    if model == "unknown":
        return unknown("model_unknown", "consent.model")
    if model == "statutory":
        return unknown("statutory_no_law", "legal_basis")
    place = dependent_context(s)
    if place:
        return fail("dependent", "location.context", context=place)
    if s.fact("UNCONTROLLED") is Tri.TRUE and s.fact("ALL_ENTRANTS") is Tri.UNKNOWN:
        return unknown("scope_unknown", "population.scanned_scope")
    if consent.get("withdrawal") is False:
        return fail("no_withdrawal", "consent.withdrawal", Severity.HIGH)
    if not consent.get("record_ref"):
        # The operator must be able to show that each person consented (GDPR Art. 7(1)).
        return fail("no_record", "consent.record_ref", Severity.HIGH)
    if consent.get("withdrawal") is not True:
        return unknown("withdrawal_unknown", "consent.withdrawal")
    return PASS


@rule(
    "DPP-CONSENT-001",
    severity=Severity.CRITICAL,
    question=Question.CONSENT,
    profiles=PROFILES,
    citations=(
        *cite("gdpr", "Art. 7(1)", "Art. 7(3)", "Art. 9(2)(a)"),
        *cite(COE_108, "Art. 5(2)", "Art. 6"),
        *cite("pipa", "Art. 23(1)1"),
        *cite(COE_GL, "Part 1, private sector (sub-section unverified)"),
        *cite("bc-oipc-23-02", "consent"),
    ),
    applies=FRT & PRIVATE & ~LAW_BASIS,
    example_fail="""
[agency]
country = "GB"
kind = "private_retail"
is_public_body = false

[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
population = { scanned_scope = "all_entrants" }
notice = { signage = true }
""",
    example_pass="""
[agency]
country = "AU"
kind = "private_leisure"
is_public_body = false

[[systems]]
device = { kind = "access_gate", count = 2 }
location = { type = "restricted", environment = "controlled" }
population = { scanned_scope = "enrolled_only" }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "opt_in_explicit", record_ref = "member app consent log", withdrawal = true, alternative_offered = true, alternative_kind = ["card_badge"], detriment_if_refused = false }
""",
)
def consent_valid(s: System, ctx: Context) -> Verdict:
    return consent_verdict(s)


# -- a non-biometric alternative ----------------------------------------------------------------
def alternative_verdict(s: System) -> Verdict:
    """The shared check of DPP-ALT-001 and COE-ALT-001."""
    if law_covers(s, "mandatory_biometric"):
        return PASS
    consent = s.table("consent")
    offered = consent.get("alternative_offered")
    field = "consent.alternative_offered"
    if offered not in (True, False):
        value = s.get("necessity", "non_biometric_alternative")
        if value in (True, False):
            offered, field = value, "necessity.non_biometric_alternative"
    if offered is False:
        return fail("none", field)
    detriment = consent.get("detriment_if_refused")
    if detriment is True:
        return fail("detriment", "consent.detriment_if_refused")
    if offered is not True:
        return unknown("undeclared", field)
    if detriment is not False:
        return unknown("detriment_unknown", "consent.detriment_if_refused")
    return PASS


@rule(
    "DPP-ALT-001",
    severity=Severity.HIGH,
    question=Question.CONSENT,
    profiles=PROFILES,
    citations=(
        *cite("gdpr", "Art. 7(4)", "Art. 9(2)(a)"),
        *cite(COE_108, "Art. 5(2)"),
        *cite("pipa", "Art. 16(3)"),
        *cite("pipc-bio", "separate consent and a non-biometric alternative"),
        *cite(COE_GL, "Part 1, private sector: alternatives (wording unverified)"),
    ),
    applies=FRT & VERIFY_ONLY,
    example_fail="""
[[systems]]
device = { kind = "access_gate", count = 2 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "opt_in", alternative_offered = true, detriment_if_refused = true }
""",
    example_pass="""
[[systems]]
device = { kind = "access_gate", count = 2 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "opt_in", alternative_offered = true, alternative_kind = ["card_badge", "staffed_desk"], detriment_if_refused = false }
""",
)
def alternative_offered(s: System, ctx: Context) -> Verdict:
    return alternative_verdict(s)


# -- retention ------------------------------------------------------------------------------------
def retention_verdict(s: System, public_law: bool = False) -> Verdict:
    """The shared check of DPP-RET-001 and COE-RET-001.

    ``public_law``: a public body's periods must also be set by law or binding policy (CoE
    Guidelines Part 1); the caller asks for that.
    """
    kinds = [Retention(s, k) for k in held_kinds(s)]
    forever = [r for r in kinds if r.period == "indefinite"]
    if forever:
        worst = next((r for r in forever if r.kind in HIGH_RISK_KINDS), forever[0])
        severity = Severity.HIGH if worst.kind in HIGH_RISK_KINDS else Severity.MEDIUM
        return fail(
            "indefinite",
            f"retention.{worst.kind}.period",
            severity,
            kind=worst.kind,
            kinds=", ".join(r.kind for r in forever),
        )
    manual = [r for r in kinds if r.declared and not r.immediate and r.auto_delete is Tri.FALSE]
    if manual:
        return fail("manual", f"{manual[0].field}", Severity.MEDIUM, kind=manual[0].kind)
    silent = [r.kind for r in kinds if not r.declared]
    if silent:
        return unknown("undeclared", f"retention.{silent[0]}", kinds=", ".join(silent))
    open_ended = [r.kind for r in kinds if r.period == "until_purpose_met" and r.review_on is None]
    if open_ended:
        return unknown("no_review", f"retention.{open_ended[0]}.review_on", kind=open_ended[0])
    no_days = [r.kind for r in kinds if r.period == "days" and r.days is None]
    if no_days:
        return unknown("no_days", f"retention.{no_days[0]}.days", kind=no_days[0])
    automatic = [r.kind for r in kinds if not r.immediate and r.auto_delete is Tri.UNKNOWN]
    if automatic:
        return unknown("auto_unknown", f"retention.{automatic[0]}.auto_delete", kind=automatic[0])
    if public_law and not law_covers(s, "retention"):
        return fail("not_in_law", "legal_basis", Severity.MEDIUM)
    return PASS


@rule(
    "DPP-RET-001",
    severity=Severity.HIGH,
    question=Question.SECURITY,
    profiles=PROFILES,
    citations=(
        *cite("gdpr", "Art. 5(1)(c)", "Art. 5(1)(e)"),
        *cite(COE_108, "Art. 5(4)(e)"),
        *cite("pipa", "Art. 21(1)"),
        *cite("pipa-decree", "Art. 25(1)4"),
        *cite(COE_GL, "Part 1 (the law fixes how long images are kept) and Part 3"),
        *cite("bipa", "s. 15(a)"),
        *cite("rcw", ".020(2)(d)(iii)"),
    ),
    applies=FRT,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
retention = { templates = { period = "indefinite" } }
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
retention = { auto_delete = true, probe_images = { period = "immediate" }, templates = { period = "until_purpose_met", review_on = 2027-06-30 }, logs = { period = "days", days = 365 }, raw_enrolment_images = { period = "immediate" } }
""",
)
def retention_per_kind(s: System, ctx: Context) -> Verdict:
    return retention_verdict(s)


@rule(
    "DPP-RET-002",
    severity=Severity.HIGH,
    question=Question.SECURITY,
    profiles=PROFILES,
    citations=(
        *cite("gdpr", "Art. 5(1)(c)", "Art. 5(1)(e)"),
        *cite(COE_108, "Art. 5(4)(c)", "Art. 5(4)(e)"),
        *cite("pipa", "Art. 3(1)", "Art. 21(1)"),
        *cite(COE_GL, "Part 3: retention (sub-section unverified)"),
    ),
    applies=ID & RT,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
retention = { non_match = { period = "days", days = 30, auto_delete = true }, non_match_reuse = false }
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
retention = { non_match = { period = "immediate", auto_delete = true }, non_match_reuse = false }
""",
)
def non_matches_deleted(s: System, ctx: Context) -> Verdict:
    kept = Retention(s, "non_match")
    if kept.declared and not kept.immediate:
        return fail(
            "kept",
            "retention.non_match.period",
            period=str(kept.period),
            days=kept.days if kept.days is not None else "",
        )
    if kept.auto_delete is Tri.FALSE:
        return fail("manual", "retention.non_match.auto_delete")
    reuse = s.get("retention", "non_match_reuse")
    if reuse is True:
        return fail("reused", "retention.non_match_reuse")
    if not kept.declared:
        return unknown("undeclared", "retention.non_match.period")
    if reuse is not False:
        return unknown("reuse_unknown", "retention.non_match_reuse")
    return PASS


@rule(
    "DPP-RET-003",
    severity=Severity.MEDIUM,
    question=Question.ACCURACY,
    profiles=PROFILES,
    citations=(
        *cite("gdpr", "Art. 5(1)(d)", "Art. 5(1)(e)"),
        *cite(COE_108, "Art. 5(4)(d)", "Art. 5(4)(e)"),
        *cite("bc-oipc-23-02", "watchlist of 'persons of interest'"),
    ),
    applies=WATCHLIST,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
gallery = { exists = true, kind = "watchlist", entry_reason_recorded = false }
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
gallery = { exists = true, kind = "watchlist", entry_reason_recorded = true, entry_expiry_days = 365, review_interval_days = 90 }
retention = { match_records = { period = "days", days = 90, auto_delete = true } }
""",
)
def watchlist_entries(s: System, ctx: Context) -> Verdict:
    gallery = s.table("gallery")
    if gallery.get("entry_reason_recorded") is False:
        return fail("no_reason", "gallery.entry_reason_recorded")
    entries = Retention(s, "gallery_entries")
    if entries.period == "indefinite":
        return fail("no_expiry", "retention.gallery_entries.period")
    matches = Retention(s, "match_records")
    if matches.period == "indefinite":
        return fail("matches_kept", "retention.match_records.period")
    if gallery.get("entry_reason_recorded") is not True:
        return unknown("reason_unknown", "gallery.entry_reason_recorded")
    expiry = gallery.get("entry_expiry_days")
    review_days = gallery.get("review_interval_days")
    if not isinstance(expiry, int) and not isinstance(review_days, int) and not entries.declared:
        return unknown("expiry_unknown", "gallery.entry_expiry_days")
    return PASS


# -- human review ---------------------------------------------------------------------------------
def human_review_verdict(s: System) -> Verdict:
    """The shared check of DPP-HUMAN-001 and COE-HUMAN-001."""
    if s.get("capabilities", "decision_type") == "final_automated":
        return fail("automated", "capabilities.decision_type")
    oversight = s.table("oversight")
    before = oversight.get("human_review_before_action")
    field = "oversight.human_review_before_action"
    if before not in (True, False):
        before = oversight.get("human_review_required")
        field = "oversight.human_review_required" if before in (True, False) else field
    if before is False:
        return fail("no_review", field)
    scope = oversight.get("review_scope")
    if scope in ("sampled", "none"):
        return fail("partial", "oversight.review_scope", scope=str(scope))
    for key in ("reviewer_can_override", "match_not_sole_basis"):
        if oversight.get(key) is False:
            return fail(key, f"oversight.{key}")
    if s.get("usage", "review_log") is False:
        return fail("no_log", "usage.review_log", Severity.MEDIUM)
    if before is not True:
        return unknown("undeclared", field)
    if oversight.get("reviewer_can_override") is not True:
        return unknown("override_unknown", "oversight.reviewer_can_override")
    return PASS


@rule(
    "DPP-HUMAN-001",
    severity=Severity.HIGH,
    question=Question.OVERSIGHT,
    profiles=PROFILES,
    citations=(
        *cite(COE_108, "Art. 9(1)(a)"),
        *cite("gdpr", "Art. 22"),
        *cite("eu-led", "Art. 11"),
        *cite("pipa", "Art. 37-2"),
        *cite("eu-aia", "Art. 14(5)"),
        *cite("rcw", ".030", ".080(5)"),
        *cite(COE_GL, "Part 4"),
        *cite("ohchr-48-31", "para. 59(h)"),
    ),
    applies=FRT & ID_OR_LEGAL_EFFECTS,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
oversight = { human_review_before_action = true, review_scope = "sampled" }
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
oversight = { human_review_before_action = true, review_scope = "all_matches", reviewer_can_override = true, match_not_sole_basis = true }
usage = { review_log = true }
""",
)
def human_review(s: System, ctx: Context) -> Verdict:
    return human_review_verdict(s)


# -- scraping -------------------------------------------------------------------------------------
def scraping_verdict(s: System) -> Verdict:
    """The shared check of DPP-SCRAPE-001 and COE-SCRAPE-001."""
    gallery = s.table("gallery")
    if gallery.get("untargeted_scraping") is True:
        return fail("untargeted", "gallery.untargeted_scraping")
    sources = [x for x in gallery.get("source") or () if isinstance(x, str)]
    web = [x for x in sources if x in WEB_SOURCES]
    if s.get("location", "type") == "online" and not web:
        web = ["online"]
    based: set[str] = set()
    for entry in gallery.get("source_basis") or ():
        if isinstance(entry, Mapping) and (
            entry.get("legal_basis_ref") or entry.get("consent_ref")
        ):
            based.add(str(entry.get("source", "")))
    unbased = [x for x in web if x not in based]
    if unbased:
        return fail("no_basis", "gallery.source_basis", source=unbased[0])
    if web and gallery.get("untargeted_scraping") is not False:
        return unknown("scraping_unknown", "gallery.untargeted_scraping")
    if not sources and gallery.get("untargeted_scraping") is not False:
        return unknown("sources_unknown", "gallery.source")
    return PASS


@rule(
    "DPP-SCRAPE-001",
    severity=Severity.CRITICAL,
    question=Question.PROHIBITED,
    profiles=PROFILES,
    citations=(
        *cite("gdpr", "Art. 5(1)(a)", "Art. 5(1)(b)", "Art. 6", "Art. 9", "Art. 14"),
        *cite(COE_108, "Art. 5(3)", "Art. 5(4)", "Art. 6"),
        *cite("pipa", "Art. 15(1)", "Art. 23(1)"),
        *cite("ohchr-48-31", "para. 59(b)"),
        *cite(COE_GL, "Part 1: re-use of available images (sub-section unverified)"),
        *cite("gpa-scraping", "joint statements of 2023-08-24 and 2024-10"),
    ),
    applies=GALLERY_OR_TRAINING,
    waivable=False,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, source = ["social_media"], untargeted_scraping = false }
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, source = ["mugshot"], untargeted_scraping = false }
""",
)
def no_scraping(s: System, ctx: Context) -> Verdict:
    return scraping_verdict(s)
