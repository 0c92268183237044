"""Technical evidence: accuracy, bias, templates (profile ``nhrck`` and others): rules.md 4.7.

Evidence counts only for the algorithm version that is deployed (``model.version``): NIST and
ISO results are per version and per threshold, and an older version's numbers say little about
the current one. Texts are in the catalogue under ``rule."TECH-..."``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from frtaudit.model import Context, Question, Severity, Tri, Verdict
from frtaudit.rules._registry import PASS, cite, fail, rule, unknown
from frtaudit.rules.facts import ACTIVE_, FRT, ID, VERIFY_ONLY, System, as_date, where

#: How far (relative) a tested threshold may sit from the operating one and still count as
#: "at or near" it. A policy choice: vendors' score scales differ, so this is a coarse guard.
THRESHOLD_TOLERANCE = 0.10

#: Test kinds that give accuracy evidence for 1:N identification and for 1:1 verification.
ID_TESTS = frozenset({"nist_frte_1toN", "independent_api", "operational_field"})
VERIFY_TESTS = frozenset({"nist_frte_1to1", "independent_api", "operational_field"})
BIAS_TESTS = frozenset({"nist_demographics", "iso19795_10"})
#: Gates and kiosks work unattended: a printed photo or a mask is the obvious attack.
UNATTENDED_DEVICES = frozenset({"access_gate", "kiosk"})


Tests = list[tuple[int, Mapping[str, Any]]]


def deployed_version_tests(
    s: System, tests: Tests, severity: Severity | None = None
) -> tuple[Tests, Verdict | None]:
    """The ``(index, test)`` pairs of ``tests`` run on the deployed ``model.version``.

    When there are none, the verdict to return instead: ``unknown`` without a declared version,
    a failure naming the version last tested otherwise (at ``severity`` when given).
    """
    version = s.get("model", "version")
    if version is None:
        return [], unknown("no_version", "model.version")
    current = [(i, t) for i, t in tests if str(t.get("model_version")) == str(version)]
    if current:
        return current, None
    i, last = tests[-1]
    return [], fail(
        "other_version",
        f"testing[{i}].model_version",
        severity,
        tested=str(last.get("model_version", "")),
        version=version,
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _near(tested: Any, operating: Any) -> bool | None:
    """Whether a test's threshold is near the operating one; None when either is missing."""
    a, b = _number(tested), _number(operating)
    if a is None or b is None:
        return None
    return abs(a - b) <= THRESHOLD_TOLERANCE * max(abs(b), 1e-12)


def _tests(s: System, kinds: Iterable[str]) -> list[tuple[int, Mapping[str, Any]]]:
    wanted = frozenset(kinds)
    return [(i, t) for i, t in enumerate(s.items("testing")) if t.get("kind") in wanted]


def _verify_or_id(s: System) -> Tri:
    return s.cap("face_verification") | s.fact("ID")


@rule(
    "TECH-ACC-001",
    severity=Severity.MEDIUM,
    question=Question.ACCURACY,
    profiles=("nhrck", "us-wa", "coe"),
    citations=(
        *cite("nist-8280", "accuracy is reported per algorithm version and threshold"),
        *cite("rcw", ".020(2)(f)"),
    ),
    applies=FRT & where("VERIFY_OR_ID", _verify_or_id),
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
model = { name = "Searcher", version = "3.0", threshold = 0.62 }
testing = [{ kind = "nist_frte_1toN", performed_by = "NIST FRTE", independent = true, model_version = "2.4" }]
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
model = { name = "Searcher", version = "3.0", threshold = 0.62 }
testing = [{ kind = "nist_frte_1toN", performed_by = "NIST FRTE", independent = true, model_version = "3.0", fpir = 0.003, fnir = 0.02 }]
""",
)
def accuracy_evidence(s: System, ctx: Context) -> Verdict:
    escalate = Severity.HIGH if s.fact("ID") is Tri.TRUE and s.fact("LE") is Tri.TRUE else None
    kinds = ID_TESTS if s.fact("ID") is Tri.TRUE else VERIFY_TESTS
    tests = _tests(s, kinds)
    if not tests:
        return fail("none", "testing", escalate)
    independent = [(i, t) for i, t in tests if t.get("independent") is True]
    if not independent:
        if all(t.get("independent") is False for _, t in tests):
            return fail("not_independent", f"testing[{tests[0][0]}].independent", escalate)
        return unknown("independence_unknown", f"testing[{tests[0][0]}].independent")
    current, instead = deployed_version_tests(s, independent, escalate)
    if instead is not None:
        return instead
    operating = s.get("model", "threshold")
    if all(_near(t.get("threshold"), operating) is False for _, t in current):
        i, t = current[-1]
        return fail(
            "threshold",
            f"testing[{i}].threshold",
            escalate,
            tested=t.get("threshold"),
            operating=operating,
        )
    return PASS


def _id_or_legal_effects(s: System) -> Tri:
    effects = s.get("purpose", "legal_effects")
    # An absent flag is read as no legal effects; an explicit "unknown" stays unknown.
    return s.fact("ID") | (Tri.FALSE if effects is None else Tri.of(effects))


@rule(
    "TECH-BIAS-001",
    severity=Severity.HIGH,
    question=Question.ACCURACY,
    profiles=("nhrck", "eu-ai-act", "us-wa", "coe"),
    citations=(
        *cite("nist-8280", "demographic differentials in false positives"),
        *cite(
            "iso-19795-10", "clauses on demographic differential testing at operational thresholds"
        ),
        *cite("rcw", ".050"),
        *cite("ohchr-48-31", "para. 59(d)", "para. 59(i)"),
    ),
    applies=FRT & where("ID_OR_LEGAL_EFFECTS", _id_or_legal_effects),
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
model = { name = "Searcher", version = "3.0" }
testing = [{ kind = "nist_frte_1toN", performed_by = "NIST FRTE", independent = true, model_version = "3.0" }]
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
model = { name = "Searcher", version = "3.0", threshold = 0.62 }
testing = [{ kind = "iso19795_10", performed_by = "Accredited test lab", independent = true, model_version = "3.0", threshold = 0.62, demographic_breakdown = true, max_group_ratio = 1.8 }]
""",
)
def demographic_testing(s: System, ctx: Context) -> Verdict:
    tests = [
        (i, t)
        for i, t in enumerate(s.items("testing"))
        if t.get("kind") in BIAS_TESTS or t.get("demographic_breakdown") is True
    ]
    if not tests:
        return fail("none", "testing")
    current, instead = deployed_version_tests(s, tests)
    if instead is not None:
        return instead
    broken_down = [(i, t) for i, t in current if t.get("demographic_breakdown") is True]
    if not broken_down:
        i, t = current[-1]
        if all(t.get("demographic_breakdown") is False for _, t in current):
            return fail("no_breakdown", f"testing[{i}].demographic_breakdown")
        return unknown("breakdown_unknown", f"testing[{i}].demographic_breakdown")
    operating = s.get("model", "threshold")
    at_threshold = [
        (i, t) for i, t in broken_down if _near(t.get("threshold"), operating) is not False
    ]
    if not at_threshold:
        i, t = broken_down[-1]
        return fail(
            "threshold", f"testing[{i}].threshold", tested=t.get("threshold"), operating=operating
        )
    limit = float(ctx.params.get("max_group_ratio", 0.0) or 0.0)
    if limit > 0:
        known = [
            (i, r) for i, t in at_threshold if (r := _number(t.get("max_group_ratio"))) is not None
        ]
        if not known:
            return unknown("ratio_missing", f"testing[{at_threshold[-1][0]}].max_group_ratio")
        i, ratio = min(known, key=lambda x: x[1])
        if ratio > limit:
            return fail("ratio", f"testing[{i}].max_group_ratio", ratio=ratio, limit=limit)
    return PASS


@rule(
    "TECH-OPS-001",
    severity=Severity.MEDIUM,
    question=Question.ACCURACY,
    profiles=("nhrck", "us-wa", "coe"),
    citations=(
        *cite("rcw", ".040"),
        *cite("iso-19795-6", "operational evaluation"),
    ),
    applies=FRT & ACTIVE_,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
model = { name = "FaceGate", version = "4.0", threshold = 0.7 }
testing = [{ kind = "nist_frte_1to1", performed_by = "NIST FRTE", independent = true, model_version = "4.0" }]
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
model = { name = "FaceGate", version = "4.0", threshold = 0.7 }
testing = [{ kind = "operational_field", performed_on = 2025-09-01, performed_by = "Agency test team", independent = false, model_version = "4.0", threshold = 0.7, fmr = 0.0001, fnmr = 0.02 }]
""",
)
def field_test(s: System, ctx: Context) -> Verdict:
    tests = [
        (i, t)
        for i, t in _tests(s, ("operational_field",))
        if (d := as_date(t.get("performed_on"))) is None or d <= ctx.as_of
    ]
    if not tests:
        return fail("none", "testing")
    current, instead = deployed_version_tests(s, tests)
    if instead is not None:
        return instead
    operating = _number(s.get("model", "threshold"))
    if operating is None:
        return unknown("no_threshold", "model.threshold")
    live = [(i, t) for i, t in current if _number(t.get("threshold")) == operating]
    if live:
        return PASS
    if any(_number(t.get("threshold")) is None for _, t in current):
        return unknown("threshold_unknown", f"testing[{current[-1][0]}].threshold")
    i, t = current[-1]
    return fail(
        "threshold", f"testing[{i}].threshold", tested=t.get("threshold"), operating=operating
    )


def _unattended(s: System) -> Tri:
    kind = s.get("device", "kind")
    if kind is None:
        return Tri.UNKNOWN
    return Tri.TRUE if kind in UNATTENDED_DEVICES else Tri.FALSE


@rule(
    "TECH-PAD-001",
    severity=Severity.MEDIUM,
    question=Question.ACCURACY,
    profiles=("nhrck", "coe"),
    citations=(*cite("iso-30107-3", "APCER and BPCER reporting"),),
    applies=VERIFY_ONLY & where("UNATTENDED", _unattended),
    example_fail="""
[[systems]]
device = { kind = "access_gate", count = 6 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
""",
    example_pass="""
[[systems]]
device = { kind = "access_gate", count = 6 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
testing = [{ kind = "pad_iso30107_3", performed_on = 2024-05-02, performed_by = "Accredited test lab", independent = true, apcer = 0.01, bpcer = 0.02 }]
""",
)
def presentation_attack(s: System, ctx: Context) -> Verdict:
    tests = _tests(s, ("pad_iso30107_3",))
    if not tests:
        return fail("none", "testing")
    for _, t in tests:
        if _number(t.get("apcer")) is not None and _number(t.get("bpcer")) is not None:
            return PASS
    return fail("no_metrics", f"testing[{tests[-1][0]}]")


#: ISO/IEC 24745 properties of a protected template, plus encryption.
TEMPLATE_PROPERTIES = ("encrypted_at_rest", "irreversible", "unlinkable", "renewable")


@rule(
    "TECH-TPL-001",
    severity=Severity.MEDIUM,
    question=Question.SECURITY,
    profiles=("nhrck", "coe"),
    citations=(
        *cite("iso-24745", "irreversibility, unlinkability, renewability and revocability"),
        *cite("pipc-bio", "protection of biometric feature data"),
    ),
    applies=FRT,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
templates = { encrypted_at_rest = true, irreversible = false, unlinkable = false, renewable = false }
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
templates = { encrypted_at_rest = true, irreversible = true, unlinkable = true, renewable = true }
""",
)
def template_protection(s: System, ctx: Context) -> Verdict:
    missing = [f"templates.{k}" for k in TEMPLATE_PROPERTIES if s.get("templates", k) is False]
    if missing:
        return fail("weak", missing[0], fields=", ".join(missing))
    undeclared = [
        f"templates.{k}" for k in TEMPLATE_PROPERTIES if s.get("templates", k) is not True
    ]
    if undeclared:
        return unknown("undeclared", undeclared[0], fields=", ".join(undeclared))
    return PASS


@rule(
    "TECH-THR-001",
    severity=Severity.LOW,
    question=Question.ACCURACY,
    profiles=("nhrck", "coe"),
    citations=(*cite("nist-8280", "error rates depend on the threshold"),),
    applies=FRT,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
model = { name = "FaceGate", version = "4.0" }
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
model = { name = "FaceGate", version = "4.0", threshold = 0.7, target_fmr = 0.0001 }
testing = [{ kind = "operational_field", performed_on = 2024-03-01, performed_by = "Agency test team", independent = false, model_version = "4.0", threshold = 0.65 }]
changes = [{ date = 2024-06-01, kind = "threshold", description = "raised from 0.65 to 0.70 after field test", substantial = false }]
""",
)
def threshold_documented(s: System, ctx: Context) -> Verdict:
    missing = [
        f"model.{k}" for k in ("threshold", "target_fmr") if _number(s.get("model", k)) is None
    ]
    if missing:
        return fail("undocumented", missing[0], fields=", ".join(missing))
    # A field test runs at the live threshold; if today's threshold differs, a threshold change
    # must be logged after that test.
    operating = _number(s.get("model", "threshold"))
    logged = [
        d
        for c in s.items("changes")
        if c.get("kind") == "threshold" and (d := as_date(c.get("date"))) is not None
    ]
    for _, t in _tests(s, ("operational_field",)):
        tested, when = _number(t.get("threshold")), as_date(t.get("performed_on"))
        if tested is None or tested == operating or when is None:
            continue
        if not any(d >= when for d in logged):
            return fail(
                "unlogged",
                "changes",
                tested=tested,
                operating=operating,
                date=when.isoformat(),
            )
    return PASS


@rule(
    "TECH-WL-001",
    severity=Severity.MEDIUM,
    question=Question.ACCURACY,
    profiles=("nhrck", "eu-ai-act", "coe"),
    citations=(
        *cite("eu-aia", "Art. 5(2)"),
        *cite("rcw", ".010 (enroll)"),
        *cite("nhrck-2023", "item (ii): limits on indiscriminate use"),
    ),
    applies=ID,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, source = ["mugshot"] }
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, source = ["mugshot"], size = 120000, inclusion_criteria_url = "https://agency.example/frt/gallery-criteria", review_interval_days = 180 }
""",
)
def watchlist_documented(s: System, ctx: Context) -> Verdict:
    gallery = s.table("gallery")
    missing = []
    if not gallery.get("source"):
        missing.append("gallery.source")
    if _number(gallery.get("size")) is None:
        missing.append("gallery.size")
    if not (gallery.get("inclusion_criteria_url") or gallery.get("inclusion_criteria_ref")):
        missing.append("gallery.inclusion_criteria_url")
    if _number(gallery.get("review_interval_days")) is None:
        missing.append("gallery.review_interval_days")
    if missing:
        return fail("missing", missing[0], fields=", ".join(missing))
    return PASS
