"""Edge cases of the Korean PIPA, PIPC and AI Basic Act rules beyond their doc examples."""

from __future__ import annotations

from datetime import date

import pytest

from frtaudit.audit.engine import Selection, audit
from frtaudit.audit.examples import EXAMPLE_AS_OF, example_document
from frtaudit.audit.profiles import default_params
from frtaudit.i18n import catalog
from frtaudit.load.inventory import Inventory, validate
from frtaudit.model import Finding, Outcome, Report, Severity
from frtaudit.rules import RULES

PRIVATE = """
[agency]
kind = "private_company"
is_public_body = false
"""
POLICE = """
[agency]
kind = "law_enforcement"
is_law_enforcement = true
"""
GATE = 'capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }'
SEARCH = 'capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }'
CCTV = 'device = { kind = "fixed_cctv", count = 4 }'


def report_for(
    rule_ids: tuple[str, ...], snippet: str, as_of: date, params: dict[str, object]
) -> Report:
    doc = example_document(snippet)
    assert validate("<edge>", doc, None, "json") == []
    inv = Inventory("<edge>", "", doc, [None] * len(doc["systems"]))
    rules = tuple(RULES[r] for r in rule_ids)
    sel = Selection(profiles=("kr-pipa",), include_passing=True)
    return audit([inv], rules, sel, as_of, {**default_params(("kr-pipa",)), **params})


def run(rule_id: str, snippet: str, as_of: date = EXAMPLE_AS_OF, **params: object) -> Finding:
    """The finding of ``rule_id`` on the first system of ``snippet`` (schema-validated)."""
    report = report_for((rule_id,), snippet, as_of, params)
    (finding,) = [f for f in report.findings if f.rule_id == rule_id and f.system_index == 0]
    return finding


def text(f: Finding) -> str:
    return catalog("en").t(f.message_key, **f.params)


# -- KR-PIPA-25-002: no cameras into private rooms (not waivable) ------------------------------------

RESTROOM = f"""
[[systems]]
{CCTV}
location = {{ type = "publicly_accessible", privacy_sensitive_area = true }}
"""


@pytest.mark.parametrize("kind", ["internal", "minister", "independent_authority"])
def test_restroom_ban_ignores_non_statute_exceptions(kind: str) -> None:
    snippet = (
        RESTROOM
        + f'exceptions = [ {{ rule = "KR-PIPA-25-002", granted_by = "Mayor", authority_kind = "{kind}", instrument = "memo 12", justification = "theft", granted_on = 2026-01-01, expires_on = 2027-12-31 }} ]\n'
    )
    f = run("KR-PIPA-25-002", snippet)
    assert RULES["KR-PIPA-25-002"].waivable is False
    assert f.outcome is Outcome.FAIL
    assert f.severity is Severity.CRITICAL
    assert f.note_key == "common.waiver.not_waivable"


def test_restroom_ban_yields_to_a_statute() -> None:
    snippet = (
        RESTROOM
        + 'exceptions = [ { rule = "KR-PIPA-25-002", granted_by = "National Assembly", authority_kind = "statute", instrument = "Act 1", justification = "law", granted_on = 2026-01-01, expires_on = 2027-12-31 } ]\n'
    )
    assert run("KR-PIPA-25-002", snippet).outcome is Outcome.WAIVED


@pytest.mark.parametrize("value", ['"unknown"', None])
def test_restroom_unknown_never_passes(value: str | None) -> None:
    loc = f", privacy_sensitive_area = {value}" if value else ""
    f = run("KR-PIPA-25-002", f'[[systems]]\n{CCTV}\nlocation = {{ type = "restricted"{loc} }}\n')
    assert f.outcome is Outcome.UNKNOWN


def test_restroom_ban_applies_in_restricted_places_and_to_private_operators() -> None:
    snippet = (
        PRIVATE
        + f'[[systems]]\n{CCTV}\nlocation = {{ type = "private", privacy_sensitive_area = true }}\n'
    )
    assert run("KR-PIPA-25-002", snippet).outcome is Outcome.FAIL


def test_detention_facility_exception_needs_opinion_gathering() -> None:
    base = f'[[systems]]\n{CCTV}\nlocation = {{ type = "restricted", context = ["detention"], privacy_sensitive_area = true }}\n'
    f = run("KR-PIPA-25-002", base)
    assert (f.outcome, f.severity) == (Outcome.FAIL, Severity.HIGH)
    assert f.message_key.endswith("detention_no_opinions")
    consulted = base + 'consultation = [ { method = "hearing", held_on = 2025-01-10 } ]\n'
    assert run("KR-PIPA-25-002", consulted).outcome is Outcome.PASS


def test_mobile_device_is_not_judged_by_the_fixed_camera_ban() -> None:
    snippet = '[[systems]]\ndevice = { kind = "body_worn", count = 2 }\nlocation = { type = "public_space", privacy_sensitive_area = true }\n'
    assert run("KR-PIPA-25-002", snippet).outcome is Outcome.NOT_APPLICABLE
    assert run("KR-PIPA-252-001", snippet).outcome is Outcome.FAIL


# -- KR-PIPA-25-004: signboard -----------------------------------------------------------------------


@pytest.mark.parametrize("facility", ["military", "national_key", "national_security"])
def test_signboard_exempt_facilities(facility: str) -> None:
    snippet = f'[[systems]]\n{CCTV}\nlocation = {{ type = "publicly_accessible", exempt_facility = "{facility}" }}\nnotice = {{ signage = false }}\n'
    f = run("KR-PIPA-25-004", snippet)
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert f.message_key == "common.na.KR_SIGN_EXEMPT"


def test_signboard_required_when_facility_is_not_exempt() -> None:
    snippet = f'[[systems]]\n{CCTV}\nlocation = {{ type = "publicly_accessible", exempt_facility = "none" }}\nnotice = {{ signage = false }}\n'
    assert run("KR-PIPA-25-004", snippet).outcome is Outcome.FAIL


def test_website_alternative_for_public_traffic_camera() -> None:
    snippet = f'[[systems]]\n{CCTV}\npurpose = {{ primary = "traffic_enforcement" }}\nnotice = {{ signage = false, signage_alternative = "long_range_or_traffic", web_url = "https://city.example/traffic-cameras" }}\n'
    assert run("KR-PIPA-25-004", snippet).outcome is Outcome.PASS


def test_website_alternative_is_for_public_institutions_only() -> None:
    snippet = (
        PRIVATE
        + f'[[systems]]\n{CCTV}\nnotice = {{ signage = false, signage_alternative = "long_range_or_traffic", web_url = "https://shop.example/cctv" }}\n'
    )
    f = run("KR-PIPA-25-004", snippet)
    assert f.outcome is Outcome.FAIL
    assert f.message_key.endswith("alt_not_public")


def test_alternative_without_publication_is_unknown_and_other_publication_passes() -> None:
    base = f'[[systems]]\n{CCTV}\nnotice = {{ signage = false, signage_alternative = "impractical"'
    assert run("KR-PIPA-25-004", base + " }\n").outcome is Outcome.UNKNOWN
    published = (
        base + ', signage_alternative_ref = "posted at the district office notice board" }\n'
    )
    assert run("KR-PIPA-25-004", published).outcome is Outcome.PASS


def test_signboard_needs_entrustee_when_a_public_body_entrusts_operation() -> None:
    items = '["purpose", "location", "range", "hours", "manager_contact"]'
    snippet = f'[[systems]]\n{CCTV}\noperator = {{ kind = "contractor", name = "Hanbit Security" }}\nnotice = {{ signage = true, signage_items = {items} }}\n'
    f = run("KR-PIPA-25-004", snippet)
    assert f.outcome is Outcome.FAIL
    assert "entrustee" in text(f)
    # a manager's name is not required: the doc example passes with the contact only
    assert (
        run(
            "KR-PIPA-25-004", PRIVATE + snippet.replace('kind = "contractor"', 'kind = "in_house"')
        ).outcome
        is Outcome.PASS
    )


# -- KR-PIPA-RET-001: footage retention ------------------------------------------------------------

REC = f"[[systems]]\n{CCTV}\ncapabilities = {{ recording = true }}\n"


def test_zero_day_retention_with_recording_fails_naming_zero_days() -> None:
    f = run("KR-PIPA-RET-001", REC + "retention = { footage_days = 0 }\n")
    assert f.outcome is Outcome.FAIL
    assert f.message_key.endswith(".zero")
    assert "0 days" in text(f)


def test_blank_retention_is_unknown() -> None:
    f = run("KR-PIPA-RET-001", REC)
    assert f.outcome is Outcome.UNKNOWN
    assert f.message_key.endswith(".missing")
    f = run("KR-PIPA-RET-001", REC + 'retention = { basis = "policy" }\n')
    assert f.outcome is Outcome.UNKNOWN


@pytest.mark.parametrize(
    ("days", "basis", "outcome"),
    [
        (30, "", Outcome.PASS),
        (31, "", Outcome.FAIL),
        (90, "", Outcome.FAIL),
        (90, "   ", Outcome.FAIL),
        (
            90,
            "Childcare Act requires 60 days; the policy adds a 30-day review margin",
            Outcome.PASS,
        ),
        (1, "", Outcome.PASS),
    ],
)
def test_retention_limit_and_basis(days: int, basis: str, outcome: Outcome) -> None:
    b = f', basis = "{basis}"' if basis else ""
    f = run("KR-PIPA-RET-001", REC + f"retention = {{ footage_days = {days}{b} }}\n")
    assert f.outcome is outcome
    if outcome is Outcome.FAIL:
        assert f"{days} days" in text(f) and "30" in text(f)


def test_retention_limit_is_a_parameter() -> None:
    snippet = REC + "retention = { footage_days = 45 }\n"
    assert run("KR-PIPA-RET-001", snippet).outcome is Outcome.FAIL
    assert run("KR-PIPA-RET-001", snippet, kr_default_retention_days=60).outcome is Outcome.PASS
    f = run("KR-PIPA-RET-001", snippet, kr_default_retention_days=14)
    assert "14" in text(f)


def test_retention_rule_is_marked_uncertain_and_skips_non_recording() -> None:
    assert RULES["KR-PIPA-RET-001"].uncertain is True
    assert catalog("en").has("rule.KR-PIPA-RET-001.uncertain")
    f = run("KR-PIPA-RET-001", f"[[systems]]\n{CCTV}\nretention = {{ footage_days = 0 }}\n")
    assert f.outcome is Outcome.NOT_APPLICABLE


def test_manual_deletion_is_a_low_severity_gap() -> None:
    f = run("KR-PIPA-RET-001", REC + "retention = { footage_days = 14, auto_delete = false }\n")
    assert (f.outcome, f.severity) == (Outcome.FAIL, Severity.LOW)


# -- KR-PIPA-23-001: sensitive information and the Decree Art. 18 carve-out ------------------------


@pytest.mark.parametrize("ground", [5, 6, 7, 8, 9])
def test_public_body_under_art18_2_items_5_to_9_is_carved_out(ground: int) -> None:
    f = run("KR-PIPA-23-001", f"[[systems]]\n{SEARCH}\npipa = {{ art18_2_ground = {ground} }}\n")
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert f.message_key == "common.na.KR_ART18_CARVEOUT"


@pytest.mark.parametrize("ground", [1, 2, 4, 10])
def test_other_art18_grounds_are_not_carved_out(ground: int) -> None:
    f = run("KR-PIPA-23-001", f"[[systems]]\n{SEARCH}\npipa = {{ art18_2_ground = {ground} }}\n")
    assert f.outcome is Outcome.FAIL


def test_carve_out_is_for_public_institutions_only() -> None:
    f = run("KR-PIPA-23-001", PRIVATE + f"[[systems]]\n{SEARCH}\npipa = {{ art18_2_ground = 7 }}\n")
    assert f.outcome is Outcome.FAIL


def test_general_law_is_unknown_and_named_provision_passes() -> None:
    general = f'[[systems]]\n{SEARCH}\nlegal_basis = [ {{ law = "Personal Information Protection Act", article = "Art. 25(1)2", kind = "statute", frt_specific = false }} ]\n'
    assert run("KR-PIPA-23-001", general).outcome is Outcome.UNKNOWN
    named = (
        general
        + 'pipa = { sensitive_basis = "Immigration Act Art. 12-2 (biometric information at entry)" }\n'
    )
    assert run("KR-PIPA-23-001", named).outcome is Outcome.PASS
    ordinance = f'[[systems]]\n{SEARCH}\nlegal_basis = [ {{ law = "City CCTV Ordinance", article = "Art. 4", kind = "ordinance", frt_specific = true }} ]\n'
    assert run("KR-PIPA-23-001", ordinance).outcome is Outcome.UNKNOWN


def test_emotion_only_analysis_generates_no_identifying_templates() -> None:
    snippet = '[[systems]]\ncapabilities = { emotion_recognition = true, processing_mode = "real_time", capture_mode = "remote" }\n'
    f = run("KR-PIPA-23-001", snippet)
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert run("KR-PIPA-23-002", snippet).outcome is Outcome.NOT_APPLICABLE


def test_detection_only_camera_is_not_frt() -> None:
    snippet = "[[systems]]\ncapabilities = { face_detection = true }\n"
    assert run("KR-PIPA-23-001", snippet).outcome is Outcome.NOT_APPLICABLE
    assert run("KR-PIPC-BIO-001", snippet).outcome is Outcome.NOT_APPLICABLE


# -- KR-PIPA-33-001: PIA thresholds -----------------------------------------------------------------

NOT_FRT = "[[systems]]\n"


@pytest.mark.parametrize(
    ("head", "fields", "outcome"),
    [
        (f"[[systems]]\n{SEARCH}\n", "gallery = { size = 49999 }", Outcome.NOT_APPLICABLE),
        (f"[[systems]]\n{SEARCH}\n", "gallery = { size = 50000 }", Outcome.FAIL),
        (
            f"[[systems]]\n{SEARCH}\n",
            "population = { est_data_subjects = 60000 }\ngallery = { size = 10 }",
            Outcome.FAIL,
        ),
        (
            NOT_FRT,
            "population = { est_data_subjects = 499999 }\ngallery = { linked_with_other_files = true }",
            Outcome.NOT_APPLICABLE,
        ),
        (
            NOT_FRT,
            "population = { est_data_subjects = 500000 }\ngallery = { linked_with_other_files = true }",
            Outcome.FAIL,
        ),
        (
            NOT_FRT,
            "population = { est_data_subjects = 500000 }\ngallery = { linked_with_other_files = false }",
            Outcome.NOT_APPLICABLE,
        ),
        (
            NOT_FRT,
            'population = { est_data_subjects = 500000 }\ngallery = { linked_with_other_files = "unknown" }',
            Outcome.UNKNOWN,
        ),
        (
            NOT_FRT,
            "population = { est_data_subjects = 999999 }\ngallery = { linked_with_other_files = false }",
            Outcome.NOT_APPLICABLE,
        ),
        (NOT_FRT, "population = { est_data_subjects = 999999 }", Outcome.UNKNOWN),
        (NOT_FRT, "population = { est_data_subjects = 1000000 }", Outcome.FAIL),
        (NOT_FRT, "", Outcome.UNKNOWN),
    ],
)
def test_pia_thresholds(head: str, fields: str, outcome: Outcome) -> None:
    assert run("KR-PIPA-33-001", head + fields + "\n").outcome is outcome


def test_pia_thresholds_are_parameters() -> None:
    snippet = f"[[systems]]\n{SEARCH}\ngallery = {{ size = 5000 }}\n"
    assert run("KR-PIPA-33-001", snippet).outcome is Outcome.NOT_APPLICABLE
    assert run("KR-PIPA-33-001", snippet, kr_pia_sensitive_subjects=5000).outcome is Outcome.FAIL
    plain = "[[systems]]\npopulation = { est_data_subjects = 200000 }\n"
    assert run("KR-PIPA-33-001", plain, kr_pia_any_subjects=200000).outcome is Outcome.FAIL
    linked = "[[systems]]\npopulation = { est_data_subjects = 200000 }\ngallery = { linked_with_other_files = true }\n"
    assert run("KR-PIPA-33-001", linked, kr_pia_linked_subjects=100000).outcome is Outcome.FAIL


def test_pia_applies_to_state_only() -> None:
    snippet = PRIVATE + "[[systems]]\npopulation = { est_data_subjects = 5000000 }\n"
    f = run("KR-PIPA-33-001", snippet)
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert f.message_key == "common.na.STATE"


PIA_OK = '{ kind = "kr_pia", completed_on = 2024-12-20, designated_pia_institution = true, submitted_on = 2025-01-10 }'


def test_pia_must_be_redone_after_a_capability_change() -> None:
    base = f"[[systems]]\nfirst_use_on = 2025-03-01\n{SEARCH}\ngallery = {{ size = 80000 }}\nassessments = [ {PIA_OK} ]\n"
    assert run("KR-PIPA-33-001", base).outcome is Outcome.PASS
    changed = (
        base
        + 'changes = [ { date = 2026-04-01, kind = "capability", description = "real-time matching added", substantial = true } ]\n'
    )
    f = run("KR-PIPA-33-001", changed)
    assert f.outcome is Outcome.FAIL and f.message_key.endswith(".stale")


def test_pia_by_undesignated_assessor_or_after_use_fails() -> None:
    head = f"[[systems]]\nfirst_use_on = 2025-03-01\n{SEARCH}\ngallery = {{ size = 80000 }}\n"
    undesignated = PIA_OK.replace(
        "designated_pia_institution = true", "designated_pia_institution = false"
    )
    assert (
        run("KR-PIPA-33-001", head + f"assessments = [ {undesignated} ]\n").outcome is Outcome.FAIL
    )
    late = PIA_OK.replace("completed_on = 2024-12-20", "completed_on = 2025-06-01")
    f = run("KR-PIPA-33-001", head + f"assessments = [ {late} ]\n")
    assert f.outcome is Outcome.FAIL and f.message_key.endswith(".late")


# -- KR-PIPA-34-001: breach deadlines ---------------------------------------------------------------


def breach(**fields: object) -> str:
    base: dict[str, object] = {
        "detected_on": "2026-10-01",
        "kind": '"confirmed"',
        "subjects": 10,
        "sensitive_involved": "false",
        "external_intrusion": "false",
    }
    base.update(fields)
    body = ", ".join(f"{k} = {v}" for k, v in base.items())
    return f"[[systems]]\nbreaches = [ {{ {body} }} ]\n"


@pytest.mark.parametrize(
    ("notified", "outcome"),
    [("2026-10-01", Outcome.PASS), ("2026-10-04", Outcome.PASS), ("2026-10-05", Outcome.FAIL)],
)
def test_subject_notice_within_72_hours(notified: str, outcome: Outcome) -> None:
    assert run("KR-PIPA-34-001", breach(subjects_notified_on=notified)).outcome is outcome


def test_notice_deadline_is_a_parameter_rounded_up_to_days() -> None:
    snippet = breach(subjects_notified_on="2026-10-03")
    assert run("KR-PIPA-34-001", snippet).outcome is Outcome.PASS
    assert run("KR-PIPA-34-001", snippet, kr_breach_notice_hours=24).outcome is Outcome.FAIL
    assert run("KR-PIPA-34-001", snippet, kr_breach_notice_hours=25).outcome is Outcome.PASS


def test_notice_not_yet_due_is_not_a_gap() -> None:
    snippet = breach()
    assert run("KR-PIPA-34-001", snippet, as_of=date(2026, 10, 3)).outcome is Outcome.PASS
    f = run("KR-PIPA-34-001", snippet, as_of=date(2026, 10, 5))
    assert f.outcome is Outcome.FAIL and f.message_key.endswith(".not_notified")


@pytest.mark.parametrize(
    ("fields", "outcome"),
    [
        ({"subjects": 999}, Outcome.PASS),
        ({"subjects": 1000}, Outcome.FAIL),
        ({"sensitive_involved": "true"}, Outcome.FAIL),
        ({"external_intrusion": "true"}, Outcome.FAIL),
        ({"subjects": 5000, "contained_low_risk": "true"}, Outcome.PASS),
        ({"subjects": 5000, "regulator_reported_on": "2026-10-04"}, Outcome.PASS),
        ({"subjects": 5000, "regulator_reported_on": "2026-10-06"}, Outcome.FAIL),
    ],
)
def test_report_triggers_and_deadline(fields: dict[str, object], outcome: Outcome) -> None:
    snippet = breach(subjects_notified_on="2026-10-02", **fields)
    assert run("KR-PIPA-34-001", snippet).outcome is outcome


def test_report_threshold_is_a_parameter() -> None:
    snippet = breach(subjects_notified_on="2026-10-02", subjects=500)
    assert run("KR-PIPA-34-001", snippet).outcome is Outcome.PASS
    assert run("KR-PIPA-34-001", snippet, kr_breach_report_min_subjects=100).outcome is Outcome.FAIL


def test_possible_breach_notice_only_from_2026_09_11() -> None:
    before = breach(kind='"possible"', detected_on="2026-09-10")
    assert run("KR-PIPA-34-001", before).outcome is Outcome.PASS
    after = breach(kind='"possible"', detected_on="2026-09-11")
    f = run("KR-PIPA-34-001", after)
    assert f.outcome is Outcome.FAIL and f.message_key.endswith(".possible_not_notified")
    assert (
        run(
            "KR-PIPA-34-001",
            breach(kind='"possible"', detected_on="2026-09-11", subjects_notified_on="2026-09-14"),
        ).outcome
        is Outcome.PASS
    )


# -- Entrustment vs. provision: the Ministry of Justice decision -------------------------------------

MOJ = f"""
[[systems]]
{SEARCH}
vendor = {{ name = "Vision AI Co.", data_access = true }}
sharing = [ {{ recipient = "Vision AI Co.", recipient_kind = "vendor", purpose = "develop the immigration identification AI", within_original_purpose = true, includes_biometrics = true, for_ai_training = true, legal_basis_ref = "Immigration Act Art. 12-2" }} ]
"""


def test_within_purpose_ai_development_is_not_a_provision_gap_but_undisclosed_entrustment_is() -> (
    None
):
    assert run("KR-PIPA-17-001", MOJ).outcome is Outcome.PASS
    f = run("KR-PIPA-26-001", MOJ)
    assert f.outcome is Outcome.FAIL
    disclosed = (
        MOJ
        + 'entrustment = [ { entrustee = "Vision AI Co.", task = "AI model development", contract_ref = "2019-77", disclosed_url = "https://agency.example/privacy#entrustment" } ]\n'
    )
    assert run("KR-PIPA-26-001", disclosed).outcome is Outcome.PASS


def test_within_purpose_provision_with_basis_passes_and_without_fails() -> None:
    share = '[[systems]]\nsharing = [ { recipient = "Police", recipient_kind = "law_enforcement", within_original_purpose = true, legal_basis_ref = "PIPA Art. 17(1)2" } ]\n'
    assert run("KR-PIPA-17-001", share).outcome is Outcome.PASS
    assert (
        run("KR-PIPA-17-001", share.replace(', legal_basis_ref = "PIPA Art. 17(1)2"', "")).outcome
        is Outcome.FAIL
    )
    assert (
        run(
            "KR-PIPA-17-001",
            share.replace("within_original_purpose = true", 'within_original_purpose = "unknown"'),
        ).outcome
        is Outcome.UNKNOWN
    )


def test_vendor_without_data_access_is_not_an_entrustment() -> None:
    snippet = '[[systems]]\nvendor = { name = "Camera Co.", data_access = false }\n'
    assert run("KR-PIPA-26-001", snippet).outcome is Outcome.NOT_APPLICABLE
    assert run("KR-PIPA-26-001", snippet.replace("false", '"unknown"')).outcome is Outcome.UNKNOWN


# -- Other PIPA rules --------------------------------------------------------------------------------


def test_open_place_camera_with_art25_ground_needs_no_separate_art15_ground() -> None:
    snippet = f"[[systems]]\n{CCTV}\npipa = {{ art25_1_ground = 2 }}\n"
    assert run("KR-PIPA-15-001", snippet).outcome is Outcome.PASS
    assert run("KR-PIPA-15-001", "[[systems]]\n").outcome is Outcome.UNKNOWN


def test_statistics_ground_excludes_recording() -> None:
    snippet = f"[[systems]]\n{CCTV}\npipa = {{ art25_1_ground = 6 }}\ncapabilities = {{ recording = true }}\n"
    assert run("KR-PIPA-25-001", snippet).outcome is Outcome.FAIL
    assert (
        run("KR-PIPA-25-001", snippet.replace("recording = true", "recording = false")).outcome
        is Outcome.PASS
    )


def test_mobile_web_notice_suffices_only_for_drones() -> None:
    body = 'location = { type = "public_space", privacy_sensitive_area = false }\npipa = { art15_1_ground = 3 }\nnotice = { mobile_indicator = ["web"] }\n'
    assert (
        run(
            "KR-PIPA-252-001", '[[systems]]\ndevice = { kind = "drone", count = 1 }\n' + body
        ).outcome
        is Outcome.PASS
    )
    assert (
        run(
            "KR-PIPA-252-001", '[[systems]]\ndevice = { kind = "body_worn", count = 1 }\n' + body
        ).outcome
        is Outcome.FAIL
    )
    early = run(
        "KR-PIPA-252-001",
        '[[systems]]\ndevice = { kind = "body_worn", count = 1 }\n' + body,
        as_of=date(2023, 9, 14),
    )
    assert early.outcome is Outcome.NOT_IN_FORCE


def test_administrative_automatic_disposition_is_excluded_from_art37_2() -> None:
    snippet = '[[systems]]\ncapabilities = { decision_type = "final_automated" }\npipa = { admin_auto_disposition = true }\n'
    assert run("KR-PIPA-372-001", snippet).outcome is Outcome.NOT_APPLICABLE
    assert run("KR-PIPA-372-001", snippet.replace("true }\n", "false }\n")).outcome is Outcome.FAIL


def test_access_logs_kept_two_years_for_face_templates() -> None:
    sec = "security = { internal_mgmt_plan = true, access_control = true, access_logs = true, access_log_retention_days = 400 }\n"
    assert run("KR-PIPA-29-001", "[[systems]]\n" + sec).outcome is Outcome.PASS
    f = run("KR-PIPA-29-001", f"[[systems]]\n{GATE}\n" + sec)
    assert f.outcome is Outcome.FAIL and "730" in text(f)


# -- AI Basic Act: advisory by default ------------------------------------------------------------------

AIBA_IDS = ("KR-AIBA-033-001", "KR-AIBA-031-001", "KR-AIBA-034-001", "KR-AIBA-035-001")
AIBA_GAPS = (
    POLICE
    + f'[[systems]]\n{SEARCH}\npurpose = {{ primary = "criminal_investigation" }}\nnotice = {{ ai_prior_notice = false }}\n'
)


def test_aiba_rules_are_advisory_unless_binding() -> None:
    for rid in AIBA_IDS:
        r = RULES[rid]
        assert (r.advisory, r.advisory_unless, r.in_force_from) == (
            True,
            "kr_aiba_binding",
            date(2026, 1, 22),
        )
        assert r.uncertain and catalog("en").has(f"rule.{rid}.uncertain")
    default = report_for(AIBA_IDS, AIBA_GAPS, EXAMPLE_AS_OF, {})
    outcomes = {f.rule_id: f.outcome for f in default.findings}
    assert outcomes == dict.fromkeys(AIBA_IDS, Outcome.FAIL)
    assert all(f.advisory for f in default.findings)
    assert sum(default.gap_counts.values()) == 0
    binding = report_for(AIBA_IDS, AIBA_GAPS, EXAMPLE_AS_OF, {"kr_aiba_binding": True})
    assert sum(binding.gap_counts.values()) == 4
    assert binding.gap_counts["high"] == 1  # KR-AIBA-034-001
    assert not any(f.advisory for f in binding.findings)


def test_aiba_not_in_force_before_2026_01_22() -> None:
    f = run("KR-AIBA-031-001", AIBA_GAPS, as_of=date(2026, 1, 21))
    assert f.outcome is Outcome.NOT_IN_FORCE


def test_high_impact_follows_section_3() -> None:
    # a public body's gate without legal effects, not law enforcement: not high-impact
    gate = (
        f'[[systems]]\n{GATE}\npurpose = {{ primary = "access_control", legal_effects = false }}\n'
    )
    assert run("KR-AIBA-031-001", gate).outcome is Outcome.NOT_APPLICABLE
    # ... unless the self-review says so
    declared = gate + 'kr_ai = { high_impact = "yes" }\nnotice = { ai_prior_notice = true }\n'
    assert run("KR-AIBA-031-001", declared).outcome is Outcome.PASS
    # a private shop's detection camera is outside the self-review rule
    shop = PRIVATE + "[[systems]]\ncapabilities = { face_detection = true }\n"
    assert run("KR-AIBA-033-001", shop).outcome is Outcome.NOT_APPLICABLE


def test_internal_use_question_stays_open() -> None:
    snippet = AIBA_GAPS + 'kr_ai = { operator_role = "not_operator" }\n'
    f = run("KR-AIBA-033-001", snippet)
    assert f.outcome is Outcome.UNKNOWN
    # the decree's internal-only exception from the notice itself is accepted
    internal = AIBA_GAPS + 'kr_ai = { notice_exception = "internal_only" }\n'
    assert run("KR-AIBA-031-001", internal).outcome is Outcome.PASS


def test_self_review_saying_no_contradicts_law_enforcement_biometrics() -> None:
    snippet = AIBA_GAPS + 'kr_ai = { high_impact = "no", self_review_on = 2026-02-01 }\n'
    f = run("KR-AIBA-033-001", snippet)
    assert f.outcome is Outcome.FAIL and f.message_key.endswith(".contradicts")


def test_user_operator_may_rely_on_developer_plans() -> None:
    snippet = AIBA_GAPS + (
        'kr_ai = { operator_role = "user_operator", relies_on_developer_measures = true, evidence_retained_until = 2032-01-01 }\n'
        'oversight = { overseer_name = "Kim Minji", overseer_posted = true }\n'
    )
    assert run("KR-AIBA-034-001", snippet).outcome is Outcome.PASS


def test_vulnerable_groups_needed_from_2026_07_21() -> None:
    snippet = (
        AIBA_GAPS
        + 'assessments = [ { kind = "kr_ai_ia", completed_on = 2026-02-01, scope = ["privacy"] } ]\n'
    )
    assert run("KR-AIBA-035-001", snippet, as_of=date(2026, 7, 20)).outcome is Outcome.PASS
    assert run("KR-AIBA-035-001", snippet).outcome is Outcome.FAIL
