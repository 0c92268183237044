"""Issue 15: the NHRCK recommendation's own tests against adversarial inventories.

Each test changes one thing in a small inventory of a Korean public body and checks the verdict
on both sides of the line (pass / fail / needs review). The expected results are written from
the recommendation and PIPA (rules.md 2.1-2.3, 4.1), not from the code.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from frtaudit.audit.engine import Selection, audit
from frtaudit.audit.examples import EXAMPLE_AS_OF, example_document
from frtaudit.audit.profiles import default_params
from frtaudit.i18n import catalog
from frtaudit.load.inventory import Inventory, validate
from frtaudit.model import Finding, Outcome, Severity
from frtaudit.report.common import message
from frtaudit.report.reader import findings as report_findings
from frtaudit.rules import RULES

RT_REMOTE_ID = (
    'capabilities = { face_identification = true, processing_mode = "real_time", '
    'capture_mode = "remote" }'
)
GATE = (
    'capabilities = { face_verification = true, processing_mode = "real_time", '
    'capture_mode = "cooperative" }'
)
SEARCH = 'capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }'


def findings(
    snippet: str, *rule_ids: str, as_of: date = EXAMPLE_AS_OF, no_waivers: bool = False
) -> dict[str, Finding]:
    """The findings of ``rule_ids`` (with EXC-* when exceptions matter) on the first system."""
    doc = example_document(snippet)
    assert validate("<issue15>", doc, None, "json") == []
    inv = Inventory("<issue15>", "", doc, [None] * len(doc["systems"]))
    rules = tuple(RULES[r] for r in rule_ids)
    profiles = ("nhrck",)
    sel = Selection(profiles=profiles, include_passing=True, no_waivers=no_waivers)
    report = audit([inv], rules, sel, as_of, default_params(profiles))
    return {f.rule_id: f for f in report.findings if f.system_index == 0}


def run(rule_id: str, snippet: str, as_of: date = EXAMPLE_AS_OF) -> Finding:
    return findings(snippet, rule_id, as_of=as_of)[rule_id]


def key(f: Finding) -> str:
    """The message key of a finding, without its rule prefix."""
    return f.message_key.rsplit(".", 1)[-1]


def text(f: Finding) -> str:
    return message(catalog("en"), f)


# -- 1. an agency's "not substantial" label does not silence NHRCK-HRIA-003 ------------------------

HRIA_2024 = """
model = { name = "FaceGate", version = "4.0" }
assessments = [{ id = "hria-2024", kind = "hria", completed_on = 2024-01-10, version_assessed = "4.0" }]
"""


def changed(change: str, caps: str = GATE) -> str:
    return f"[[systems]]\n{caps}\n{HRIA_2024}changes = [{change}]\n"


def test_verification_to_identification_marked_not_substantial_fails() -> None:
    caps = GATE.replace(
        "face_verification = true", "face_verification = true, face_identification = true"
    )
    snippet = changed(
        '{ date = 2025-03-01, kind = "capability", description = "1:1 to 1:N", '
        'substantial = false, capabilities_added = ["face_identification"] }',
        caps,
    )
    f = run("NHRCK-HRIA-003", snippet)
    assert f.outcome is Outcome.FAIL
    assert key(f) == "relabelled"
    assert f.params["added"] == "face_identification"
    assert f.field == "changes[0].substantial"


@pytest.mark.parametrize(
    "added", ["face_tracking", "emotion_recognition", "real_time_processing", "remote_capture"]
)
def test_any_move_towards_recognition_is_substantial(added: str) -> None:
    snippet = changed(
        f'{{ date = 2025-03-01, kind = "capability", substantial = false, capabilities_added = ["{added}"] }}'
    )
    assert run("NHRCK-HRIA-003", snippet).outcome is Outcome.FAIL


def test_capability_change_that_adds_no_recognition_keeps_the_label() -> None:
    snippet = changed(
        '{ date = 2025-03-01, kind = "capability", description = "liveness check firmware", '
        "substantial = false, capabilities_added = [] }"
    )
    assert run("NHRCK-HRIA-003", snippet).outcome is Outcome.PASS


def test_capability_change_with_unrecorded_additions_needs_review() -> None:
    snippet = changed('{ date = 2025-03-01, kind = "capability", substantial = false }')
    f = run("NHRCK-HRIA-003", snippet)
    assert f.outcome is Outcome.NEEDS_REVIEW
    assert key(f) == "label_capability"
    assert f.field == "changes[0].capabilities_added"
    assert "capabilities_added" in text(f)


@pytest.mark.parametrize("kind", ["purpose", "gallery_source", "location"])
def test_purpose_gallery_or_location_change_marked_not_substantial_needs_review(kind: str) -> None:
    snippet = changed(f'{{ date = 2025-03-01, kind = "{kind}", substantial = false }}')
    f = run("NHRCK-HRIA-003", snippet)
    assert f.outcome is Outcome.NEEDS_REVIEW
    assert key(f) == "label"
    assert f.params["kind"] == kind and f.params["changed"] == "2025-03-01"
    assert "not substantial" in text(f)


@pytest.mark.parametrize("kind", ["threshold", "vendor", "scale", "model_version"])
def test_other_changes_marked_not_substantial_keep_coverage(kind: str) -> None:
    snippet = changed(f'{{ date = 2025-03-01, kind = "{kind}", substantial = false }}')
    assert run("NHRCK-HRIA-003", snippet).outcome is Outcome.PASS


def test_labelled_change_before_the_hria_or_reassessed_after_passes() -> None:
    before = changed('{ date = 2023-06-01, kind = "purpose", substantial = false }')
    assert run("NHRCK-HRIA-003", before).outcome is Outcome.PASS
    reassessed = changed('{ date = 2025-03-01, kind = "purpose", substantial = false }').replace(
        'version_assessed = "4.0" }]',
        'version_assessed = "4.0" }, { kind = "hria", completed_on = 2025-04-01, version_assessed = "4.0" }]',
    )
    assert run("NHRCK-HRIA-003", reassessed).outcome is Outcome.PASS


def test_a_failing_change_beats_a_label_under_review() -> None:
    snippet = changed(
        '{ date = 2025-03-01, kind = "location", substantial = false }, '
        '{ date = 2025-06-01, kind = "purpose", substantial = true }'
    )
    f = run("NHRCK-HRIA-003", snippet)
    assert f.outcome is Outcome.FAIL
    assert key(f) == "changed"


# -- 2. HRIA independence: agency, operator, vendor, bodies that direct or pay ---------------------

INDEPENDENT = 'assessor_kind = "external", independent = true, human_rights_expertise = true'


def assessed_by(assessor: str, extra: str = "", system: str = "") -> str:
    return f"""
[[systems]]
{GATE}
operator = {{ kind = "contractor", name = "GateOps Co.", acting_for_public_body = true }}
vendor = {{ name = "Example Vision Co." }}
{system}
assessments = [{{ kind = "hria", completed_on = 2024-01-10, assessor = "{assessor}", {INDEPENDENT}{extra} }}]
"""


def test_hria_by_the_contractor_operating_the_system_fails() -> None:
    f = run("NHRCK-HRIA-004", assessed_by("GateOps Co. compliance office"))
    assert f.outcome is Outcome.FAIL
    assert key(f) == "is_operator"
    assert f.params["party"] == "GateOps Co."


def test_hria_by_an_entrustee_fails() -> None:
    snippet = assessed_by(
        "Hosting Partner Ltd",
        system='entrustment = [{ entrustee = "Hosting Partner Ltd", task = "hosting" }]',
    )
    assert key(run("NHRCK-HRIA-004", snippet)) == "is_operator"


def test_hria_by_the_agency_under_an_external_label_fails() -> None:
    f = run("NHRCK-HRIA-004", assessed_by("Example agency"))
    assert f.outcome is Outcome.FAIL
    assert key(f) == "is_agency"


@pytest.mark.parametrize(
    ("tie", "expected"),
    [
        ("agency_unit", "internal"),
        ("operator", "operator"),
        ("vendor", "vendor_tie"),
        ("supervising_body", "supervisor"),
        ("funder", "funder"),
    ],
)
def test_declared_ties_rule_out_independence(tie: str, expected: str) -> None:
    snippet = assessed_by("Policy Research Institute", f', assessor_relation = ["{tie}"]')
    f = run("NHRCK-HRIA-004", snippet)
    assert f.outcome is Outcome.FAIL
    assert key(f) == expected
    assert f.field == "assessments[0].assessor_relation"


def test_an_institution_paid_only_to_assess_is_independent() -> None:
    snippet = assessed_by(
        "Korea Human Rights Institute", ', assessor_relation = ["assessment_contractor"]'
    )
    assert run("NHRCK-HRIA-004", snippet).outcome is Outcome.PASS


def test_names_are_compared_as_whole_words() -> None:
    # A university named after the city is not the city government.
    snippet = '[agency]\nname = "Seoul Metropolitan Government"\n' + assessed_by(
        "Seoul National University Human Rights Center"
    )
    assert run("NHRCK-HRIA-004", snippet).outcome is Outcome.PASS


# -- 3. NHRCK-ASSEMBLY-001: a declared assembly purpose or venue is never out of scope -------------


def test_cooperative_kiosks_at_a_protest_entrance_are_in_scope() -> None:
    snippet = f"""
[[systems]]
device = {{ kind = "kiosk", count = 3 }}
{GATE}
purpose = {{ primary = "identity_verification", assembly_monitoring = true }}
"""
    f = run("NHRCK-ASSEMBLY-001", snippet)
    assert f.outcome is Outcome.FAIL
    assert f.severity is Severity.CRITICAL
    assert key(f) == "monitoring"


def test_cooperative_gate_covering_an_assembly_venue_is_in_scope() -> None:
    snippet = f"""
[[systems]]
{GATE}
location = {{ type = "public_space", context = ["assembly_venue"] }}
purpose = {{ primary = "access_control", assembly_monitoring = false }}
"""
    f = run("NHRCK-ASSEMBLY-001", snippet)
    assert f.outcome is Outcome.FAIL
    assert key(f) == "venue"


def test_software_without_capture_mode_used_on_assemblies_is_in_scope() -> None:
    snippet = """
[[systems]]
device = { kind = "software_only" }
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "none" }
purpose = { primary = "criminal_investigation", assembly_monitoring = true }
"""
    assert run("NHRCK-ASSEMBLY-001", snippet).outcome is Outcome.FAIL


def test_cooperative_gate_away_from_assemblies_stays_out_of_scope() -> None:
    snippet = f"""
[[systems]]
{GATE}
location = {{ type = "restricted", context = ["government_building"] }}
purpose = {{ primary = "access_control" }}
"""
    f = run("NHRCK-ASSEMBLY-001", snippet)
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert text(f).startswith("not remote capture")


# -- 4. NHRCK-LEGAL-002: supplementary only if another way stays open ------------------------------

NECESSARY = """
purpose = { primary = "access_control", public_interest_ground = "security of the government complex" }
necessity = { justification_url = "https://agency.example/n", alternatives_considered = ["card readers"], supplementary_only = true%s }
"""


def gate_with(alternative: str = "", consent: str = "") -> str:
    return (
        f'[[systems]]\ndevice = {{ kind = "access_gate", count = 6 }}\n{GATE}\n'
        + NECESSARY % alternative
        + consent
    )


def test_face_gate_that_is_the_only_way_in_is_not_supplementary() -> None:
    f = run("NHRCK-LEGAL-002", gate_with(", non_biometric_alternative = false"))
    assert f.outcome is Outcome.FAIL
    assert f.severity is Severity.HIGH
    assert key(f) == "only_means"
    assert f.field == "necessity.non_biometric_alternative"


def test_alternative_recorded_only_under_consent_counts_too() -> None:
    consent = 'consent = { model = "opt_in_separate", alternative_offered = false }\n'
    f = run("NHRCK-LEGAL-002", gate_with(consent=consent))
    assert key(f) == "only_means"
    assert f.field == "consent.alternative_offered"


def test_alternative_is_recordable_without_consent() -> None:
    snippet = gate_with(", non_biometric_alternative = true", 'consent = { model = "none" }\n')
    assert run("NHRCK-LEGAL-002", snippet).outcome is Outcome.PASS


def test_gate_with_undeclared_alternative_is_unknown() -> None:
    f = run("NHRCK-LEGAL-002", gate_with())
    assert f.outcome is Outcome.UNKNOWN
    assert key(f) == "alternative_unknown"


def test_staff_search_needs_no_alternative_for_passers_by() -> None:
    snippet = f"""
[[systems]]
{SEARCH}
purpose = {{ primary = "missing_persons", public_interest_ground = "missing children" }}
necessity = {{ justification_url = "https://agency.example/n", alternatives_considered = ["manual review"], supplementary_only = true }}
"""
    assert run("NHRCK-LEGAL-002", snippet).outcome is Outcome.PASS
    only = snippet.replace(
        "supplementary_only = true", "supplementary_only = true, non_biometric_alternative = false"
    )
    assert run("NHRCK-LEGAL-002", only).outcome is Outcome.FAIL


# -- 5. --as-of governs decommissioned_on; a status contradicting its dates is reported -------------

STATION = f"""
[[systems]]
status = "decommissioned"
first_use_on = 2026-03-01
decommissioned_on = %s
location = {{ type = "public_space", context = ["transport_hub"] }}
{RT_REMOTE_ID}
"""


@pytest.mark.parametrize("rule_id", ["NHRCK-BAN-001", "NHRCK-MORA-001", "NHRCK-LEGAL-001"])
def test_a_pilot_dated_to_stop_after_the_audit_date_was_running_on_it(rule_id: str) -> None:
    running = run(rule_id, STATION % "2027-02-28")
    assert running.outcome is Outcome.FAIL
    assert running.severity is Severity.CRITICAL
    stopped = run(rule_id, STATION % "2026-08-31")
    assert stopped.outcome is Outcome.NOT_APPLICABLE
    # the same inventory audited after the stop date
    later = run(rule_id, STATION % "2027-02-28", as_of=date(2027, 3, 1))
    assert later.outcome is Outcome.NOT_APPLICABLE


def test_ban_message_says_until_when_it_ran() -> None:
    f = run("NHRCK-BAN-001", STATION % "2027-02-28")
    assert key(f) == "banned_until"
    assert f.params["date"] == "2027-02-28"
    assert f.field == "decommissioned_on"
    assert key(run("NHRCK-MORA-001", STATION % "2027-02-28")) == "moratorium_until"


def test_decommissioned_without_a_date_is_taken_at_its_word() -> None:
    snippet = (STATION % "2027-02-28").replace("decommissioned_on = 2027-02-28\n", "")
    assert run("NHRCK-BAN-001", snippet).outcome is Outcome.NOT_APPLICABLE


def test_operational_with_a_past_stop_date_stays_banned_and_is_reported() -> None:
    snippet = (STATION % "2026-08-31").replace(
        'status = "decommissioned"', 'status = "operational"'
    )
    got = findings(snippet, "NHRCK-BAN-001", "INV-LIFE-001")
    assert got["NHRCK-BAN-001"].outcome is Outcome.FAIL  # fail closed: the status says it runs
    life = got["INV-LIFE-001"]
    assert life.outcome is Outcome.FAIL
    assert key(life) == "still_live"
    assert life.params == {"status": "operational", "date": "2026-08-31"}


def test_lifecycle_contradictions() -> None:
    planned_but_used = '[[systems]]\nstatus = "planned"\nfirst_use_on = 2025-05-01\n'
    f = run("INV-LIFE-001", planned_but_used)
    assert f.outcome is Outcome.FAIL and key(f) == "not_started"
    backwards = '[[systems]]\nstatus = "decommissioned"\nfirst_use_on = 2025-05-01\ndecommissioned_on = 2025-01-01\n'
    assert key(run("INV-LIFE-001", backwards)) == "order"
    assert run("INV-LIFE-001", STATION % "2027-02-28").outcome is Outcome.PASS
    assert (
        run("INV-LIFE-001", '[[systems]]\nstatus = "planned"\nfirst_use_on = 2027-05-01\n').outcome
        is Outcome.PASS
    )


def test_lifecycle_duty_applies_while_a_decommissioned_system_still_ran() -> None:
    snippet = (STATION % "2027-02-28").replace(RT_REMOTE_ID, GATE)
    assert run("UN-OHCHR-60A-001", snippet).outcome is Outcome.FAIL
    assert run("UN-OHCHR-60A-001", STATION % "2026-08-31").outcome is Outcome.NOT_APPLICABLE


# -- 6. all HRIA rules agree on what exists on the audit date --------------------------------------

BACKDATED = f"""
[[systems]]
first_use_on = 2023-03-01
{GATE}
assessments = [{{ kind = "hria", completed_on = 2024-03-01, assessor = "Korea Human Rights Institute", {INDEPENDENT}, scope = ["data_volume", "subject_count", "privacy", "equality", "expression", "assembly"], version_assessed = "1.0", mitigations_url = "https://agency.example/m", open_findings = 0 }}]
model = {{ name = "Gate", version = "1.0" }}
"""
HRIA_RULES = (
    "NHRCK-HRIA-001",
    "NHRCK-HRIA-002",
    "NHRCK-HRIA-003",
    "NHRCK-HRIA-004",
    "NHRCK-HRIA-005",
    "UN-OHCHR-60A-001",
)


def test_backdated_audit_no_hria_existed_yet_and_every_rule_says_so() -> None:
    got = findings(BACKDATED, *HRIA_RULES, as_of=date(2023, 5, 1))
    for rule_id in HRIA_RULES:
        f = got[rule_id]
        assert f.outcome is Outcome.FAIL, rule_id
        assert key(f) == "later", rule_id
        assert f.params == {"done": "2024-03-01", "as_of": "2023-05-01"}, rule_id
    # on a later audit date the same HRIA exists (and came late for NHRCK-HRIA-001 only)
    now = findings(BACKDATED, *HRIA_RULES, as_of=date(2025, 5, 1))
    assert key(now["NHRCK-HRIA-001"]) == "late"
    assert all(now[r].outcome is Outcome.PASS for r in HRIA_RULES[1:])


# -- 7. consent, internal guidelines, administrative rules: not law, critical -----------------------


@pytest.mark.parametrize(
    ("kind", "expected", "says"),
    [
        ("consent", "not_law_consent", "consent is not a law"),
        ("internal_rule", "not_law_internal", "it is not a law"),
        ("administrative_rule", "not_law_administrative", "is not a statute"),
        ("contract", "not_law_contract", "it is not a law"),
        ("warrant", "not_law_order", "record the statute"),
        ("court_order", "not_law_order", "record the statute"),
    ],
)
def test_a_basis_that_is_not_law_is_as_serious_as_none(kind: str, expected: str, says: str) -> None:
    for specific in ("true", "false", '"unknown"'):
        snippet = f"""
[[systems]]
{GATE}
legal_basis = [{{ law = "Some instrument", kind = "{kind}", frt_specific = {specific} }}]
"""
        f = run("NHRCK-LEGAL-001", snippet)
        assert f.outcome is Outcome.FAIL
        assert f.severity is Severity.CRITICAL
        assert key(f) == expected
        assert says in text(f)
        assert "not specific" not in text(f)


def test_no_basis_is_critical_and_a_general_law_is_high() -> None:
    none = run("NHRCK-LEGAL-001", f"[[systems]]\n{GATE}\n")
    assert none.severity is Severity.CRITICAL and key(none) == "none"
    general = f"""
[[systems]]
{GATE}
legal_basis = [
  {{ law = "Visitor consent", kind = "consent", frt_specific = true }},
  {{ law = "PIPA", article = "Art. 25(1)2", kind = "statute", frt_specific = false }},
]
"""
    f = run("NHRCK-LEGAL-001", general)
    assert f.severity is Severity.HIGH and key(f) == "general"


# -- 8. an assessment dated before a change cannot cover it ----------------------------------------


def test_change_citing_an_earlier_hria_fails() -> None:
    snippet = changed(
        '{ date = 2025-03-01, kind = "purpose", description = "add missing-person search", '
        'substantial = true, assessment_ref = "hria-2024" }'
    )
    f = run("NHRCK-HRIA-003", snippet)
    assert f.outcome is Outcome.FAIL
    assert key(f) == "cited_earlier"
    assert f.field == "changes[0].assessment_ref"
    assert f.params["done"] == "2024-01-10"


def test_an_hria_that_examined_the_planned_change_covers_it() -> None:
    snippet = changed(
        '{ date = 2025-03-01, kind = "purpose", substantial = true, assessment_ref = "hria-2024" }'
    ).replace(
        'version_assessed = "4.0" }', 'version_assessed = "4.0", changes_assessed = [2025-03-01] }'
    )
    assert run("NHRCK-HRIA-003", snippet).outcome is Outcome.PASS


def test_an_upgrade_assessed_ahead_is_covered_only_through_its_version() -> None:
    ahead = f"""
[[systems]]
{GATE}
model = {{ name = "FaceGate", version = "5.0" }}
assessments = [{{ id = "h", kind = "hria", completed_on = 2025-02-01, version_assessed = "5.0" }}]
changes = [{{ date = 2025-03-01, kind = "model_version", substantial = true, assessment_ref = "h" }}]
"""
    assert run("NHRCK-HRIA-003", ahead).outcome is Outcome.PASS
    # an earlier upgrade was not the one that put 5.0 in place: the HRIA of 5.0 did not see it
    two = ahead.replace(
        "changes = [",
        'changes = [{ date = 2025-04-01, kind = "model_version", substantial = true }, ',
    )
    f = run("NHRCK-HRIA-003", two)
    assert f.outcome is Outcome.FAIL


def test_same_day_hria_covers_the_change() -> None:
    snippet = changed('{ date = 2024-01-10, kind = "purpose", substantial = true }')
    assert run("NHRCK-HRIA-003", snippet).outcome is Outcome.PASS


# -- 9. exceptions without expires_on are accepted and judged; grounds, scope, procedure -----------

BAN_SYSTEM = f"""
[[systems]]
location = {{ type = "public_space", context = ["street"] }}
{RT_REMOTE_ID}
"""
TERMS = 'grounds = "search for a missing child", scope = "one square, 24 hours, named child", procedure = "prior court approval per use"'


def exception(rule: str, kind: str, dates: str, terms: str = "") -> str:
    parts = [
        f'rule = "{rule}"',
        'granted_by = "National Assembly"',
        f'authority_kind = "{kind}"',
        'instrument = "Act on X Art. 5"',
        'justification = "pilot"',
    ]
    parts += [p for p in (terms, dates) if p]
    return "exceptions = [{ " + ", ".join(parts) + " }]\n"


def test_an_exception_without_expiry_is_valid_input_and_waives_nothing() -> None:
    snippet = BAN_SYSTEM.replace("[[systems]]", '[[systems]]\nstatus = "operational"') + exception(
        "NHRCK-LEGAL-001", "minister", "granted_on = 2026-01-01", TERMS
    )
    got = findings(snippet, "NHRCK-LEGAL-001", "NHRCK-BAN-001", "EXC-001")
    assert got["NHRCK-LEGAL-001"].outcome is Outcome.FAIL
    assert got["NHRCK-LEGAL-001"].note_key == "common.waiver.undated"
    assert got["NHRCK-BAN-001"].outcome is Outcome.FAIL
    exc = got["EXC-001"]
    assert exc.outcome is Outcome.FAIL and exc.severity is Severity.HIGH
    assert key(exc) == "no_expiry"
    assert exc.field == "exceptions[0].expires_on"
    no_grant = snippet.replace("granted_on = 2026-01-01", "expires_on = 2027-01-01")
    assert key(findings(no_grant, "EXC-001")["EXC-001"]) == "undated"


def test_scan_of_a_file_with_an_open_ended_exception_reports_the_ban(tmp_path: Path) -> None:
    from conftest import cli

    from frtaudit.importers.toml_writer import dumps_inventory

    doc = example_document(
        BAN_SYSTEM + exception("NHRCK-BAN-001", "statute", "granted_on = 2026-01-01", TERMS)
    )
    path = tmp_path / "inv.toml"
    path.write_text(dumps_inventory(doc), encoding="utf-8")
    code, out, _ = cli("scan", str(path), "--as-of", "2026-11-22", "-f", "json")
    assert code == 1  # gaps, not invalid input
    data = json.loads(out)
    got = {f["rule_id"]: f for f in list(report_findings(data))}
    assert got["NHRCK-BAN-001"]["outcome"] == "fail"
    assert got["EXC-001"]["outcome"] == "fail"


def test_a_waiver_without_grounds_scope_or_procedure_is_a_documentation_gap() -> None:
    snippet = f"[[systems]]\n{GATE}\n" + exception(
        "NHRCK-HRIA-001", "minister", "granted_on = 2026-01-01, expires_on = 2027-01-01"
    )
    got = findings(snippet, "NHRCK-HRIA-001", "EXC-001")
    assert got["NHRCK-HRIA-001"].outcome is Outcome.WAIVED
    exc = got["EXC-001"]
    assert exc.outcome is Outcome.FAIL and exc.severity is Severity.MEDIUM
    assert key(exc) == "incomplete"
    assert exc.params["fields"] == "grounds, scope, procedure"


def test_a_statutory_exception_to_the_ban_needs_grounds_scope_and_procedure() -> None:
    dates = "granted_on = 2026-01-01, expires_on = 2027-01-01"
    bare = BAN_SYSTEM + exception("NHRCK-BAN-001", "statute", dates)
    got = findings(bare, "NHRCK-BAN-001", "EXC-001", "EXC-002")
    assert got["NHRCK-BAN-001"].outcome is Outcome.FAIL
    assert got["NHRCK-BAN-001"].note_key == "common.waiver.incomplete"
    assert got["EXC-001"].severity is Severity.HIGH
    assert key(got["EXC-001"]) == "incomplete_prohibition"
    assert got["EXC-002"].outcome is Outcome.PASS
    full = BAN_SYSTEM + exception("NHRCK-BAN-001", "statute", dates, TERMS)
    got = findings(full, "NHRCK-BAN-001", "EXC-001")
    assert got["NHRCK-BAN-001"].outcome is Outcome.WAIVED
    assert got["EXC-001"].outcome is Outcome.PASS


# -- 10. readings left open, made visible ----------------------------------------------------------


def test_planned_system_without_hria_is_due_not_a_breach() -> None:
    planned = f'[[systems]]\nstatus = "planned"\n{GATE}\n'
    for rule_id in ("NHRCK-HRIA-001", "NHRCK-HRIA-002", "NHRCK-HRIA-004"):
        f = run(rule_id, planned)
        assert f.outcome is Outcome.NOT_IN_FORCE, rule_id
        assert key(f) == "due_undated"
    dated = planned.replace(
        'status = "planned"', 'status = "development"\ndevelopment_started_on = 2027-02-01'
    )
    f = run("NHRCK-HRIA-001", dated)
    assert f.outcome is Outcome.NOT_IN_FORCE and key(f) == "due"
    assert f.params == {"start": "2027-02-01"}
    assert "before development or use starts on 2027-02-01" in text(f)


def test_development_already_begun_without_hria_is_a_breach() -> None:
    begun = f'[[systems]]\nstatus = "planned"\ndevelopment_started_on = 2026-06-01\n{GATE}\n'
    assert key(run("NHRCK-HRIA-001", begun)) == "none"
    undated = f'[[systems]]\nstatus = "development"\n{GATE}\n'
    assert run("NHRCK-HRIA-001", undated).outcome is Outcome.FAIL


def test_planned_system_with_hria_passes() -> None:
    snippet = (
        f'[[systems]]\nstatus = "planned"\n{GATE}\n'
        'assessments = [{ kind = "hria", completed_on = 2026-10-01 }]\n'
    )
    assert run("NHRCK-HRIA-001", snippet).outcome is Outcome.PASS


def basis(kind: str, extra: str = "", purpose: str = "border_control") -> str:
    return f"""
[[systems]]
{SEARCH}
purpose = {{ primary = "{purpose}" }}
legal_basis = [{{ law = "Act X", article = "Art. 7", kind = "{kind}", frt_specific = true{extra} }}]
"""


@pytest.mark.parametrize("kind", ["decree", "ordinance"])
def test_decree_or_ordinance_alone_needs_review_for_delegation(kind: str) -> None:
    f = run("NHRCK-LEGAL-001", basis(kind))
    assert f.outcome is Outcome.NEEDS_REVIEW
    assert key(f) == "delegation"
    assert f.field == "legal_basis[0].delegated_by"
    delegated = basis(kind, ', delegated_by = "Immigration Act Art. 12-2(6)"')
    assert run("NHRCK-LEGAL-001", delegated).outcome is Outcome.PASS


def test_a_statute_next_to_a_decree_passes() -> None:
    snippet = basis("decree").replace(
        "frt_specific = true }]",
        'frt_specific = true }, { law = "Immigration Act", kind = "statute", frt_specific = true }]',
    )
    assert run("NHRCK-LEGAL-001", snippet).outcome is Outcome.PASS


def test_a_basis_naming_frt_for_another_purpose_does_not_pass() -> None:
    other = basis("statute", ', purposes = ["border_control"]', purpose="crime_prevention")
    f = run("NHRCK-LEGAL-001", other)
    assert f.outcome is Outcome.FAIL and f.severity is Severity.HIGH
    assert key(f) == "other_purpose"
    assert f.params["covers"] == "border_control" and f.params["purpose"] == "crime_prevention"
    same = basis("statute", ', purposes = ["border_control"]')
    assert run("NHRCK-LEGAL-001", same).outcome is Outcome.PASS
    secondary = same.replace(
        'primary = "border_control" }',
        'primary = "border_control", secondary = ["criminal_investigation"] }',
    )
    assert key(run("NHRCK-LEGAL-001", secondary)) == "other_purpose"
    unstated = same.replace('purpose = { primary = "border_control" }\n', "")
    assert run("NHRCK-LEGAL-001", unstated).outcome is Outcome.UNKNOWN


SIGNED = f"""
[[systems]]
first_use_on = 2023-03-01
device = {{ kind = "access_gate", count = 12 }}
{GATE}
notice = {{ signage = true, signage_items = ["purpose", "frt_in_use"], signage_posted_on = %s, web_url = "https://agency.example/frt", web_published_on = 2023-01-20, frt_disclosed = true }}
"""


def test_signs_posted_after_the_start_fail() -> None:
    f = run("NHRCK-NOTICE-001", SIGNED % "2023-04-01")
    assert f.outcome is Outcome.FAIL and key(f) == "signs_late"
    assert f.params == {"posted": "2023-04-01", "start": "2023-03-01"}
    assert run("NHRCK-NOTICE-001", SIGNED % "2023-03-01").outcome is Outcome.PASS
    # before first use the date cannot be late yet
    early = SIGNED.replace("first_use_on = 2023-03-01", "first_use_on = 2027-03-01")
    assert run("NHRCK-NOTICE-001", early % "2027-04-01").outcome is Outcome.PASS


# -- 11. ban and moratorium name only what decides them --------------------------------------------

UNDECLARED = """
[[systems]]
location = { type = "public_space" }
capabilities = { recording = "unknown", face_identification = "unknown", face_tracking = "unknown", emotion_recognition = "unknown", processing_mode = "real_time", capture_mode = "remote" }
"""


@pytest.mark.parametrize("rule_id", ["NHRCK-BAN-001", "NHRCK-MORA-001"])
def test_fail_closed_names_only_the_deciding_capabilities(rule_id: str) -> None:
    f = run(rule_id, UNDECLARED)
    assert f.outcome is Outcome.FAIL and f.message_key == "common.fail_closed"
    assert f.params["fields"] == "capabilities.face_identification"
    for word in ("recording", "tracking", "emotion"):
        assert word not in text(f)
    modes = UNDECLARED.replace(
        'processing_mode = "real_time", capture_mode = "remote"',
        'processing_mode = "unknown", capture_mode = "unknown"',
    )
    modes = modes.replace('location = { type = "public_space" }', 'location = { type = "unknown" }')
    f = run(rule_id, modes)
    assert f.params["fields"] == (
        "capabilities.face_identification, capabilities.capture_mode, "
        "capabilities.processing_mode, location.type"
    )


def test_an_installed_system_has_begun_whatever_its_status() -> None:
    installed = f'[[systems]]\nstatus = "planned"\ninstalled_on = 2026-05-01\n{GATE}\n'
    assert key(run("NHRCK-HRIA-001", installed)) == "none"


# -- schema: the fields issue 15 needs are there, described, and additive ----------------------


def test_schema_additions_are_described_and_optional() -> None:
    root = Path(__file__).resolve().parents[2]
    schema = json.loads((root / "schemas" / "inventory.schema.json").read_text(encoding="utf-8"))
    system = schema["properties"]["systems"]["items"]["properties"]

    def node(*path: str) -> Any:
        here = system
        for part in path:
            here = here[part]
        return here

    added = {
        ("necessity", "properties", "non_biometric_alternative"),
        ("legal_basis", "items", "properties", "purposes"),
        ("legal_basis", "items", "properties", "delegated_by"),
        ("assessments", "items", "properties", "assessor_relation"),
        ("assessments", "items", "properties", "changes_assessed"),
        ("changes", "items", "properties", "capabilities_added"),
        ("notice", "properties", "signage_posted_on"),
        ("exceptions", "items", "properties", "grounds"),
        ("exceptions", "items", "properties", "scope"),
        ("exceptions", "items", "properties", "procedure"),
    }
    for path in added:
        assert str(node(*path).get("description", "")).strip(), path
        parent = node(*path[:-2]) if path[-2] == "properties" else {}
        assert path[-1] not in parent.get("required", []), path
    required = node("exceptions", "items")["required"]
    assert "expires_on" not in required and "granted_on" not in required
    # legal_basis.purposes takes exactly the values of purpose.primary
    assert node("legal_basis", "items", "properties", "purposes", "items", "enum") == node(
        "purpose", "properties", "primary", "enum"
    )


def test_every_message_these_rules_can_give_is_in_both_catalogues() -> None:
    """Messages returned from helpers are not seen by the source scan of test_rule_docs."""
    from frtaudit.rules.nhrck import NOT_LAW

    absent = ("none", "later", "due", "due_undated")
    expected = {
        "NHRCK-LEGAL-001": (
            *NOT_LAW.values(),
            "not_law",
            "general",
            "undecided",
            "kind_missing",
            "purpose_unknown",
            "other_purpose",
            "delegation",
        ),
        "NHRCK-HRIA-001": absent,
        "NHRCK-HRIA-002": absent,
        "NHRCK-HRIA-003": (*absent, "relabelled", "cited_earlier", "label", "label_capability"),
        "NHRCK-HRIA-004": (*absent, "is_agency", "is_operator", "vendor", "vendor_tie"),
        "NHRCK-HRIA-005": absent,
        "UN-OHCHR-60A-001": absent,
        "EXC-001": ("no_expiry", "undated", "incomplete", "incomplete_prohibition"),
        "INV-LIFE-001": ("order", "still_live", "not_started"),
    }
    for lang in ("en", "ko"):
        cat = catalog(lang)
        for rule_id, keys in expected.items():
            for k in keys:
                assert cat.has(f"rule.{rule_id}.msg.{k}"), (lang, rule_id, k)
        assert cat.has("common.waiver.incomplete"), lang
