"""Inventory integrity (all profiles): rules.md section 4.8, ``INV-*``."""

from __future__ import annotations

from typing import Any

from frtaudit.model import EVERY_PROFILE, Context, Question, Severity, Verdict
from frtaudit.rules._registry import PASS, cite, fail, rule, unknown
from frtaudit.rules.facts import FRT, System, as_date, undeclared_facts
from frtaudit.rules.urls import SYSTEM_URL_ROOTS, agency_urls, failing, system_urls


@rule(
    "INV-CAP-001",
    severity=Severity.HIGH,
    question=Question.INVENTORY,
    profiles=EVERY_PROFILE,
    citations=(
        *cite("frtaudit", "design rule: unknown never passes (README, 'Results and exit codes')"),
        *cite("nhrck-2023", "item (v): the ban turns on what a system can do"),
    ),
    headline="caps",
    example_fail="""
[[systems]]
capabilities = { recording = true, face_identification = "unknown" }
""",
    example_pass="""
[[systems]]
location = { type = "public_space" }
capabilities = { recording = true, face_detection = false, face_verification = false, face_identification = false, face_tracking = false, emotion_recognition = false, sensitive_attribute_inference = false }
""",
)
def capabilities_declared(s: System, ctx: Context) -> Verdict:
    missing = undeclared_facts(s)
    if missing:
        return fail("undeclared", "capabilities", fields=", ".join(missing), count=len(missing))
    return PASS


@rule(
    "INV-EVD-001",
    severity=Severity.LOW,
    question=Question.INVENTORY,
    profiles=EVERY_PROFILE,
    citations=(*cite("frtaudit", "design rule: evidence must be checkable"),),
    example_fail="""
[[systems]]
evidence = ["https:///reports/hria-2025.pdf"]
""",
    example_pass="""
[[systems]]
evidence = ["https://www.example.go.kr/reports/hria-2025.pdf"]
""",
)
def evidence_checkable(s: System, ctx: Context) -> Verdict:
    # Every URL field of the system (derived from the schema); the agency's own URLs are judged
    # once per inventory, on its first system, so one dead policy link is one finding.
    found = system_urls(s.subset(SYSTEM_URL_ROOTS))
    if s.index == 0:
        found += [(url, f"agency.{path}") for url, path in agency_urls(s.agency)]
    # Offline (ctx.links is None: no --check-links) only what is visible without the network
    # counts: a URL with no host, a bad port, spaces, or credentials in it. With link results,
    # every URL must have answered with a 2xx status after at most 5 redirects.
    bad, unchecked = failing(found, ctx.links)
    if bad:
        shown = "; ".join(f"{path} {url} ({detail})" for path, url, detail in bad[:3])
        if len(bad) > 3:
            return fail("broken_more", bad[0][0], count=len(bad), links=shown, more=len(bad) - 3)
        return fail("broken", bad[0][0], count=len(bad), links=shown)
    if unchecked:
        shown = "; ".join(f"{path} {url}" for path, url in unchecked[:3])
        return unknown("not_checked", unchecked[0][0], count=len(unchecked), links=shown)
    return PASS


@rule(
    "INV-CHG-001",
    severity=Severity.MEDIUM,
    question=Question.INVENTORY,
    profiles=EVERY_PROFILE,
    citations=(
        *cite("nhrck-2023", "item 3: HRIA repeated when purpose or content changes substantially"),
        *cite("eu-aia", "Art. 27(2)"),
    ),
    applies=FRT,
    example_fail="""
[[systems]]
first_use_on = 2023-03-01
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
model = { name = "GateFace", version = "3.2", deployed_on = 2024-09-01 }
""",
    example_pass="""
[[systems]]
first_use_on = 2023-03-01
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
model = { name = "GateFace", version = "3.2", deployed_on = 2024-09-01 }
changes = [
  { date = 2024-09-01, kind = "model_version", description = "3.1 -> 3.2 (threshold unchanged)", substantial = false },
]
""",
)
def changes_logged(s: System, ctx: Context) -> Verdict:
    changes = s.items("changes")
    for i, c in enumerate(changes):
        if c.get("substantial") not in (True, False):
            return fail("unmarked", f"changes[{i}].substantial", kind=str(c.get("kind", "")))
    # A model version deployed after first use is a change, whether or not it was logged.
    deployed = as_date(s.get("model", "deployed_on"))
    first = s.date_of("first_use_on")
    if deployed is not None and first is not None and first < deployed <= ctx.as_of:
        logged = any(
            c.get("kind") == "model_version" and as_date(c.get("date")) == deployed for c in changes
        )
        if not logged:
            return fail("unlogged_version", "changes", date=deployed.isoformat())
    return PASS


def _named(items: list[Any], key: str) -> list[tuple[int, str]]:
    return [(i, str(x[key])) for i, x in enumerate(items) if x.get(key) not in (None, "")]


@rule(
    "INV-VER-001",
    severity=Severity.MEDIUM,
    question=Question.INVENTORY,
    profiles=EVERY_PROFILE,
    citations=(
        *cite("nhrck-2023", "item 3: the HRIA must cover the system as it is"),
        *cite("rcw", ".020(2)(a)"),
        *cite("nist-8280", "accuracy is reported per algorithm version"),
    ),
    applies=FRT,
    example_fail="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
model = { name = "Searcher", version = "5.0" }
assessments = [ { kind = "hria", completed_on = 2024-01-10, version_assessed = "4.1" } ]
testing = [ { kind = "nist_frte_1toN", performed_on = 2023-11-01, model_version = "4.1" } ]
""",
    example_pass="""
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
model = { name = "Searcher", version = "5.0" }
assessments = [
  { kind = "hria", completed_on = 2024-01-10, version_assessed = "4.1" },
  { kind = "hria", completed_on = 2025-06-10, version_assessed = "5.0" },
]
testing = [ { kind = "nist_frte_1toN", performed_on = 2025-03-01, model_version = "5.0" } ]
""",
)
def versions_match(s: System, ctx: Context) -> Verdict:
    assessments, tests = s.items("assessments"), s.items("testing")
    if not assessments and not tests:
        return PASS  # nothing names a version; missing evidence is judged by the HRIA/TECH rules
    version = s.get("model", "version")
    if version in (None, ""):
        return unknown("no_version", "model.version")
    current = str(version)
    for items, key, field in (
        (assessments, "version_assessed", "assessments"),
        (tests, "model_version", "testing"),
    ):
        if not items:
            continue
        named = _named(items, key)
        if any(v == current for _, v in named):
            continue
        if named:
            i, other = named[-1]
            return fail("stale", f"{field}[{i}].{key}", version=current, other=other)
        return unknown("unnamed", f"{field}[0].{key}")
    return PASS


#: Statuses that say the system is, or is still to be, in use.
_LIVE_STATUSES = frozenset({"planned", "procurement", "development", "pilot", "operational"})


@rule(
    "INV-LIFE-001",
    severity=Severity.MEDIUM,
    question=Question.INVENTORY,
    profiles=EVERY_PROFILE,
    citations=(
        *cite(
            "frtaudit",
            "design rule: the audit date governs lifecycle dates (README, 'Results and exit codes')",
        ),
        *cite("nhrck-2023", "moratorium and ban: systems in use or planned"),
    ),
    example_fail="""
[[systems]]
status = "operational"
first_use_on = 2024-03-01
decommissioned_on = 2025-12-31
""",
    example_pass="""
[[systems]]
status = "decommissioned"
first_use_on = 2024-03-01
decommissioned_on = 2025-12-31
""",
)
def lifecycle_consistent(s: System, ctx: Context) -> Verdict:
    # The rules read the dates against --as-of; a status that says otherwise leaves them to
    # guess which is true. For prohibitions they keep to the status (fail closed).
    stopped = s.date_of("decommissioned_on")
    first = s.date_of("first_use_on")
    status = s.status
    if stopped is not None and first is not None and stopped < first:
        return fail(
            "order", "decommissioned_on", stopped=stopped.isoformat(), first=first.isoformat()
        )
    if stopped is not None and stopped <= ctx.as_of and status in _LIVE_STATUSES | {"suspended"}:
        return fail("still_live", "status", status=status, date=stopped.isoformat())
    if first is not None and first <= ctx.as_of and status in ("planned", "procurement"):
        return fail("not_started", "status", status=status, date=first.isoformat())
    return PASS


@rule(
    "INV-RET-001",
    severity=Severity.MEDIUM,
    question=Question.INVENTORY,
    profiles=EVERY_PROFILE,
    citations=(
        *cite("frtaudit", "design rule: retention declared per kind of data (rules.md 4.8)"),
    ),
    applies=FRT,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
retention = { templates = { period = "undeclared" } }
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
retention = { probe_images = { period = "immediate" }, templates = { period = "indefinite" }, logs = { period = "days", days = 365 }, raw_enrolment_images = { period = "immediate" } }
""",
)
def retention_declared(s: System, ctx: Context) -> Verdict:
    from frtaudit.rules.dpp import Retention, held_kinds

    kinds = [Retention(s, k) for k in held_kinds(s)]
    said = [r.kind for r in kinds if r.period == "undeclared"]
    if said:
        return fail("undeclared", f"retention.{said[0]}.period", kinds=", ".join(said))
    no_days = [r.kind for r in kinds if r.period == "days" and r.days is None]
    if no_days:
        return fail("no_days", f"retention.{no_days[0]}.days", kind=no_days[0])
    silent = [r.kind for r in kinds if r.period is None]
    if silent:
        return unknown("silent", f"retention.{silent[0]}", kinds=", ".join(silent))
    return PASS


@rule(
    "INV-ASM-001",
    severity=Severity.MEDIUM,
    question=Question.INVENTORY,
    profiles=EVERY_PROFILE,
    citations=(
        *cite(
            "frtaudit",
            "design rule: whether an assessment exists is said, not assumed (rules.md 4.8)",
        ),
    ),
    applies=FRT,
    example_fail="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessments = [{ kind = "pia", completed_on = 2024-01-15, assessor = "Example Privacy Consulting" }]
assessment_status = [{ kind = "pia", exists = "no" }]
""",
    example_pass="""
[[systems]]
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
assessment_status = [{ kind = "eqia", exists = "no", note = "no equality duty applies to the operator" }, { kind = "dpia", exists = "yes", document_ref = "dpia-2024" }]
""",
)
def assessment_status_said(s: System, ctx: Context) -> Verdict:
    from frtaudit.rules.coe import kinds_of

    listed = {k for a in s.items("assessments") for k in kinds_of(a)}
    statuses = s.items("assessment_status")
    for i, st in enumerate(statuses):
        kind = str(st.get("kind", ""))
        if st.get("exists") == "no" and kind in listed:
            return fail("contradicts", f"assessment_status[{i}].exists", kind=kind)
        if st.get("exists") == "yes" and kind not in listed and not st.get("document_ref"):
            return fail("yes_undocumented", f"assessment_status[{i}].document_ref", kind=kind)
    for i, st in enumerate(statuses):
        if st.get("exists") not in ("yes", "no"):
            return unknown(
                "unknown", f"assessment_status[{i}].exists", kind=str(st.get("kind", ""))
            )
    if not listed and not statuses:
        return unknown("silent", "assessment_status")
    return PASS


#: Fields that name a document of ``agency.documents`` by its id.
SYSTEM_REFS = (
    ("necessity", "justification_ref"),
    ("gallery", "inclusion_criteria_ref"),
)
AGENCY_REFS = ("privacy_policy_ref", "frt_policy_ref", "breach_plan_ref", "biometric_retention_ref")


def _document_refs(s: System) -> list[tuple[str, str]]:
    refs = [(str(s.get(t, k)), f"{t}.{k}") for t, k in SYSTEM_REFS if s.get(t, k)]
    refs += [
        (str(a["report_ref"]), f"assessments[{i}].report_ref")
        for i, a in enumerate(s.items("assessments"))
        if a.get("report_ref")
    ]
    refs += [
        (str(a["document_ref"]), f"assessment_status[{i}].document_ref")
        for i, a in enumerate(s.items("assessment_status"))
        if a.get("document_ref")
    ]
    if s.index == 0:
        refs += [(str(s.agency[k]), f"agency.{k}") for k in AGENCY_REFS if s.agency.get(k)]
        bodies = s.agency.get("oversight_bodies")
        for i, b in enumerate(bodies if isinstance(bodies, list) else ()):
            if isinstance(b, dict) and b.get("ref"):
                refs.append((str(b["ref"]), f"agency.oversight_bodies[{i}].ref"))
    return refs


@rule(
    "INV-DOC-001",
    severity=Severity.LOW,
    question=Question.INVENTORY,
    profiles=EVERY_PROFILE,
    citations=(
        *cite(
            "frtaudit", "design rule: documents known by title, date and publisher (rules.md 4.8)"
        ),
    ),
    example_fail="""
[agency]
documents = [{ id = "dpia-2024", title = "Data protection impact assessment, entrance gates" }]

[[systems]]
assessment_status = [{ kind = "dpia", exists = "yes", document_ref = "dpia-2024" }]
""",
    example_pass="""
[agency]
documents = [{ id = "dpia-2024", title = "Data protection impact assessment, entrance gates", date = 2024-01-10, publisher = "Example Gym Ltd", kind = "assessment" }]

[[systems]]
assessment_status = [{ kind = "dpia", exists = "yes", document_ref = "dpia-2024" }]
""",
)
def documents_complete(s: System, ctx: Context) -> Verdict:
    docs = s.agency.get("documents")
    docs = docs if isinstance(docs, list) else []
    ids = {str(d.get("id")) for d in docs if isinstance(d, dict)}
    for ref, field in _document_refs(s):
        if ref not in ids:
            return fail("dangling", field, ref=ref)
    if s.index == 0:
        for i, d in enumerate(docs):
            if not isinstance(d, dict):
                continue
            missing = [k for k in ("title", "date", "publisher") if not d.get(k)]
            if missing:
                return fail(
                    "incomplete",
                    f"agency.documents[{i}]",
                    id=str(d.get("id", "")),
                    fields=", ".join(missing),
                )
    return PASS
