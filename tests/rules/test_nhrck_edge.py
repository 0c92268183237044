"""Edge cases of the NHRCK, UN OHCHR and technical-evidence rules beyond their doc examples."""

from __future__ import annotations

from datetime import date

from frtaudit.audit.engine import Selection, audit
from frtaudit.audit.examples import EXAMPLE_AS_OF, example_document
from frtaudit.audit.profiles import default_params
from frtaudit.load.inventory import Inventory, validate
from frtaudit.model import Finding, Outcome, Severity
from frtaudit.rules import RULES

RT_REMOTE_ID = (
    'capabilities = { face_identification = true, processing_mode = "real_time", '
    'capture_mode = "remote" }'
)
GATE = (
    'capabilities = { face_verification = true, processing_mode = "real_time", '
    'capture_mode = "cooperative" }'
)


def run(
    rule_id: str,
    snippet: str,
    as_of: date = EXAMPLE_AS_OF,
    **params: object,
) -> Finding:
    """The finding of ``rule_id`` on the first system of ``snippet`` (schema-validated)."""
    doc = example_document(snippet)
    assert validate("<edge>", doc, None, "json") == []
    inv = Inventory("<edge>", "", doc, [None] * len(doc["systems"]))
    rule = RULES[rule_id]
    profiles = rule.profiles
    sel = Selection(profiles=profiles, include_passing=True)
    report = audit([inv], (rule,), sel, as_of, {**default_params(profiles), **params})
    (finding,) = [f for f in report.findings if f.rule_id == rule_id and f.system_index == 0]
    return finding


# -- NHRCK-MORA-001 -------------------------------------------------------------------------------


def test_moratorium_fails_closed_on_undeclared_capabilities() -> None:
    f = run(
        "NHRCK-MORA-001",
        """
[[systems]]
location = { type = "public_space" }
capabilities = { face_identification = "unknown", processing_mode = "unknown", capture_mode = "remote" }
""",
    )
    assert f.outcome is Outcome.FAIL
    assert f.message_key == "common.fail_closed"
    assert f.severity is Severity.CRITICAL


def test_moratorium_covers_pilot_and_procurement() -> None:
    for status in ("pilot", "procurement", "development"):
        f = run(
            "NHRCK-MORA-001",
            f"""
[[systems]]
status = "{status}"
location = {{ type = "publicly_accessible" }}
{RT_REMOTE_ID}
""",
        )
        assert f.outcome is Outcome.FAIL, status
        assert f.severity is Severity.CRITICAL
        assert f.params["status"] == status


def test_moratorium_lifts_once_a_statute_is_in_force() -> None:
    f = run(
        "NHRCK-MORA-001",
        f"""
[agency]
kr_frt_statute = true

[[systems]]
location = {{ type = "public_space" }}
{RT_REMOTE_ID}
""",
    )
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert f.message_key == "common.na.NO_KR_FRT_STATUTE"


def test_moratorium_only_binds_korean_agencies_even_with_unknown_capabilities() -> None:
    f = run(
        "NHRCK-MORA-001",
        """
[agency]
country = "DE"

[[systems]]
location = { type = "public_space" }
capabilities = { face_identification = "unknown", processing_mode = "real_time", capture_mode = "remote" }
""",
    )
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert f.message_key == "common.na.KR"


def test_moratorium_ignores_decommissioned_systems_and_dates_before_it() -> None:
    snippet = f"""
[[systems]]
location = {{ type = "public_space" }}
{RT_REMOTE_ID}
"""
    assert run("NHRCK-MORA-001", snippet, as_of=date(2022, 12, 1)).outcome is Outcome.NOT_IN_FORCE
    gone = snippet.replace("[[systems]]", '[[systems]]\nstatus = "decommissioned"')
    assert run("NHRCK-MORA-001", gone).outcome is Outcome.NOT_APPLICABLE


def test_moratorium_is_not_waived_by_an_internal_exception() -> None:
    f = run(
        "NHRCK-MORA-001",
        f"""
[[systems]]
location = {{ type = "public_space" }}
{RT_REMOTE_ID}
exceptions = [
  {{ rule = "NHRCK-MORA-001", granted_by = "Mayor", authority_kind = "internal", instrument = "memo 12", justification = "festival safety", granted_on = 2026-01-01, expires_on = 2027-01-01 }},
]
""",
    )
    assert f.outcome is Outcome.FAIL
    assert f.note_key == "common.waiver.not_waivable"


# -- NHRCK-HRIA-003 -------------------------------------------------------------------------------

HRIA_BASE = f"""
[[systems]]
{GATE}
model = {{ name = "FaceGate", version = "4.0" }}
"""


def test_hria_older_than_a_substantial_change_fails() -> None:
    f = run(
        "NHRCK-HRIA-003",
        HRIA_BASE
        + """
assessments = [{ kind = "hria", completed_on = 2024-01-10, version_assessed = "4.0" }]
changes = [{ date = 2025-02-01, kind = "purpose", description = "add missing-person search", substantial = true }]
""",
    )
    assert f.outcome is Outcome.FAIL
    assert f.message_key.endswith(".changed")
    assert f.params["changed"] == "2025-02-01"
    assert f.params["done"] == "2024-01-10"


def test_hria_of_another_version_fails() -> None:
    f = run(
        "NHRCK-HRIA-003",
        HRIA_BASE
        + """
assessments = [{ kind = "hria", completed_on = 2024-01-10, version_assessed = "3.1" }]
""",
    )
    assert f.outcome is Outcome.FAIL
    assert f.message_key.endswith(".version")
    assert f.field == "assessments[0].version_assessed"


def test_change_of_undeclared_substance_gives_unknown() -> None:
    f = run(
        "NHRCK-HRIA-003",
        HRIA_BASE
        + """
assessments = [{ kind = "hria", completed_on = 2024-01-10, version_assessed = "4.0" }]
changes = [{ date = 2025-02-01, kind = "location", description = "two more gates", substantial = "unknown" }]
""",
    )
    assert f.outcome is Outcome.UNKNOWN
    assert f.message_key.endswith(".unclear_change")


def test_minor_change_and_earlier_substantial_change_keep_coverage() -> None:
    f = run(
        "NHRCK-HRIA-003",
        HRIA_BASE
        + """
assessments = [{ kind = "hria", completed_on = 2024-01-10, version_assessed = "4.0" }]
changes = [
  { date = 2023-06-01, kind = "model_version", description = "upgrade to 4.0", substantial = true },
  { date = 2025-02-01, kind = "threshold", description = "threshold 0.70 to 0.71", substantial = false },
]
""",
    )
    assert f.outcome is Outcome.PASS


def test_hria_version_unknown_when_model_version_missing() -> None:
    f = run(
        "NHRCK-HRIA-003",
        f"""
[[systems]]
{GATE}
assessments = [{{ kind = "hria", completed_on = 2024-01-10, version_assessed = "4.0" }}]
""",
    )
    assert f.outcome is Outcome.UNKNOWN
    assert f.field == "model.version"


# -- NHRCK-HRIA-004 -------------------------------------------------------------------------------


def test_internal_assessor_fails_even_if_declared_independent() -> None:
    f = run(
        "NHRCK-HRIA-004",
        f"""
[[systems]]
{GATE}
assessments = [{{ kind = "hria", completed_on = 2024-01-10, assessor = "Agency audit office", assessor_kind = "internal", independent = true, human_rights_expertise = true }}]
""",
    )
    assert f.outcome is Outcome.FAIL
    assert f.message_key.endswith(".internal")
    assert f.severity is Severity.HIGH


def test_vendor_run_hria_fails() -> None:
    f = run(
        "NHRCK-HRIA-004",
        f"""
[[systems]]
{GATE}
vendor = {{ name = "Example Vision Co." }}
assessments = [{{ kind = "hria", completed_on = 2024-01-10, assessor = "Example Vision Co. compliance team", assessor_kind = "external", independent = true, human_rights_expertise = true }}]
""",
    )
    assert f.outcome is Outcome.FAIL
    assert f.message_key.endswith(".vendor")


def test_undeclared_independence_is_unknown_not_pass() -> None:
    f = run(
        "NHRCK-HRIA-004",
        f"""
[[systems]]
{GATE}
assessments = [{{ kind = "hria", completed_on = 2024-01-10, assessor = "Law school clinic", assessor_kind = "external", human_rights_expertise = true }}]
""",
    )
    assert f.outcome is Outcome.UNKNOWN
    assert "independent" in f.params["fields"]


# -- NHRCK-DATA-001 -------------------------------------------------------------------------------

SHARING_SYSTEM = f"""
[[systems]]
{GATE}
"""


def test_ai_training_handover_to_a_company_without_basis_is_critical() -> None:
    f = run(
        "NHRCK-DATA-001",
        SHARING_SYSTEM
        + """
sharing = [
  { recipient = "Registry", recipient_kind = "public_body", includes_biometrics = true, legal_basis_ref = "Act Art. 5", disclosed_url = "https://agency.example/p" },
  { recipient = "AI Co.", recipient_kind = "private_company", includes_biometrics = true, for_ai_training = true, disclosed_url = "https://agency.example/p" },
]
""",
    )
    assert f.outcome is Outcome.FAIL
    assert f.severity is Severity.CRITICAL
    assert f.message_key.endswith(".ai_training")
    assert f.params["recipient"] == "AI Co."


def test_consent_ref_avoids_the_critical_escalation_but_publication_is_still_due() -> None:
    f = run(
        "NHRCK-DATA-001",
        SHARING_SYSTEM
        + """
sharing = [
  { recipient = "AI Co.", recipient_kind = "private_company", includes_biometrics = true, for_ai_training = true, consent_ref = "separate consent form v2" },
]
""",
    )
    assert f.outcome is Outcome.FAIL
    assert f.severity is Severity.HIGH
    assert f.message_key.endswith(".undisclosed")


def test_handover_without_basis_to_a_public_body_is_high() -> None:
    f = run(
        "NHRCK-DATA-001",
        SHARING_SYSTEM
        + """
sharing = [
  { recipient = "Police agency", recipient_kind = "law_enforcement", includes_biometrics = true, for_ai_training = false },
]
""",
    )
    assert f.outcome is Outcome.FAIL
    assert f.severity is Severity.HIGH
    assert f.message_key.endswith(".no_basis")


def test_moj_pattern_within_purpose_but_undisclosed_entrustment_fails_high() -> None:
    # PIPC 2022: use for immigration AI within purpose, but the entrustment was not disclosed.
    f = run(
        "NHRCK-DATA-001",
        SHARING_SYSTEM
        + """
sharing = [
  { recipient = "AI developer", recipient_kind = "vendor", includes_biometrics = true, for_ai_training = true, within_original_purpose = true, legal_basis_ref = "Immigration Act Art. 12-2" },
]
""",
    )
    assert f.outcome is Outcome.FAIL
    assert f.severity is Severity.HIGH
    assert f.field == "sharing[0].disclosed_url"


def test_moj_entrustment_within_purpose_is_not_critical_but_must_be_published() -> None:
    # The PIPC held the use within the immigration purpose; only the entrustment's secrecy failed.
    snippet = (
        SHARING_SYSTEM
        + """
legal_basis = [{ law = "Immigration Act", article = "Art. 3", kind = "statute", frt_specific = false }]
sharing = [
  { recipient = "AI consortium", recipient_kind = "private_company", includes_biometrics = true, for_ai_training = true, within_original_purpose = true },
]
entrustment = [{ entrustee = "AI consortium", task = "train the identification system", contract_ref = "C-1" }]
"""
    )
    f = run("NHRCK-DATA-001", snippet)
    assert f.outcome is Outcome.FAIL
    assert f.severity is Severity.HIGH
    assert f.message_key.endswith(".undisclosed")
    assert f.field == "entrustment[0].disclosed_url"
    published = snippet.replace(
        'contract_ref = "C-1"', 'contract_ref = "C-1", disclosed_url = "https://agency.example/p"'
    )
    assert run("NHRCK-DATA-001", published).outcome is Outcome.PASS
    # The same handover outside the purpose is a provision to a company: critical without basis.
    outside = snippet.replace("within_original_purpose = true", "within_original_purpose = false")
    assert run("NHRCK-DATA-001", outside).severity is Severity.CRITICAL


def test_data_001_applies_to_private_operators() -> None:
    f = run(
        "NHRCK-DATA-001",
        """
[agency]
kind = "private_company"
is_public_body = false

[[systems]]
"""
        + GATE
        + """
sharing = [
  { recipient = "AI Co.", recipient_kind = "private_company", includes_biometrics = true, for_ai_training = true },
]
""",
    )
    assert f.outcome is Outcome.FAIL
    assert f.severity is Severity.CRITICAL


# -- UN-OHCHR-60A-001 -----------------------------------------------------------------------------

AGED = f"""
[[systems]]
{GATE}
assessments = [{{ kind = "hria", completed_on = 2024-05-31 }}]
"""


def test_hria_age_against_default_limit() -> None:
    assert run("UN-OHCHR-60A-001", AGED, as_of=date(2026, 5, 31)).outcome is Outcome.PASS
    late = run("UN-OHCHR-60A-001", AGED, as_of=date(2026, 6, 1))
    assert late.outcome is Outcome.FAIL
    assert late.severity is Severity.MEDIUM
    assert late.params["months"] == 24


def test_hria_age_against_param() -> None:
    strict = run("UN-OHCHR-60A-001", AGED, as_of=date(2025, 6, 1), hria_max_age_months=12)
    assert strict.outcome is Outcome.FAIL
    assert strict.params["due"] == "2025-05-31"
    lenient = run("UN-OHCHR-60A-001", AGED, hria_max_age_months=36)
    assert lenient.outcome is Outcome.PASS


def test_hria_age_uses_the_latest_hria_and_ignores_future_ones() -> None:
    snippet = f"""
[[systems]]
{GATE}
assessments = [
  {{ kind = "hria", completed_on = 2020-01-01 }},
  {{ kind = "hria", completed_on = 2026-01-01 }},
  {{ kind = "hria", completed_on = 2030-01-01 }},
]
"""
    assert run("UN-OHCHR-60A-001", snippet).outcome is Outcome.PASS
    assert run("UN-OHCHR-60A-001", snippet, as_of=date(2028, 2, 1)).outcome is Outcome.FAIL


def test_hria_age_not_applicable_to_planned_systems() -> None:
    planned = AGED.replace("[[systems]]", '[[systems]]\nstatus = "planned"')
    assert run("UN-OHCHR-60A-001", planned).outcome is Outcome.NOT_APPLICABLE


# -- others ---------------------------------------------------------------------------------------


def test_assembly_silent_policy_is_medium() -> None:
    f = run(
        "NHRCK-ASSEMBLY-001",
        """
[[systems]]
location = { type = "public_space", context = ["street"] }
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
purpose = { primary = "criminal_investigation", assembly_monitoring = false }
""",
    )
    assert f.outcome is Outcome.FAIL
    assert f.severity is Severity.MEDIUM


def test_assembly_rule_skips_cooperative_gates() -> None:
    # A 1:1 gate that people step up to cannot pick faces out of a crowd.
    f = run(
        "NHRCK-ASSEMBLY-001",
        f"""
[[systems]]
{GATE}
purpose = {{ primary = "access_control", assembly_monitoring = false }}
""",
    )
    assert f.outcome is Outcome.NOT_APPLICABLE


def test_accuracy_escalates_for_law_enforcement_identification() -> None:
    snippet = """
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
model = { name = "Searcher", version = "3.0" }
"""
    assert run("TECH-ACC-001", snippet).severity is Severity.MEDIUM
    police = '[agency]\nkind = "law_enforcement"\nis_law_enforcement = true\n' + snippet
    f = run("TECH-ACC-001", police)
    assert f.outcome is Outcome.FAIL
    assert f.severity is Severity.HIGH


def test_bias_ratio_limit_only_with_param() -> None:
    snippet = """
[[systems]]
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
model = { name = "Searcher", version = "3.0" }
testing = [{ kind = "nist_demographics", independent = true, model_version = "3.0", demographic_breakdown = true, max_group_ratio = 12.0 }]
"""
    assert run("TECH-BIAS-001", snippet).outcome is Outcome.PASS
    f = run("TECH-BIAS-001", snippet, max_group_ratio=10.0)
    assert f.outcome is Outcome.FAIL
    assert f.params == {"ratio": 12.0, "limit": 10.0}
