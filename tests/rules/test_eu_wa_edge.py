"""Edge cases of the EU (eu-ai-act) and Washington (us-wa) rules beyond their doc examples."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frtaudit.audit.engine import Selection, audit
from frtaudit.audit.examples import example_document, run_example
from frtaudit.audit.profiles import default_params
from frtaudit.load.inventory import Inventory, validate
from frtaudit.model import Finding, Outcome
from frtaudit.rules import RULES

DE_POLICE = """
[agency]
country = "DE"
kind = "law_enforcement"
is_law_enforcement = true
member_state_rbi_law = true
"""
DE_CITY = """
[agency]
country = "DE"
"""
DE_PRIVATE = """
[agency]
country = "DE"
kind = "private_company"
is_public_body = false
"""
WA_SHERIFF = """
[agency]
country = "US"
subdivision = "US-WA"
kind = "law_enforcement"
is_public_body = true
is_law_enforcement = true
legislative_authority = "County council"
"""
RT_PUBLIC = """
location = { type = "publicly_accessible", context = ["transport_hub"] }
capabilities = { face_identification = true, processing_mode = "real_time", \
capture_mode = "remote" }
"""
POST_ID = """
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
"""


def result(
    rule_id: str,
    snippet: str,
    as_of: date,
    params: dict[str, Any] | None = None,
) -> Finding:
    """The finding of one rule on the first system of ``snippet`` (schema-validated)."""
    rule = RULES[rule_id]
    doc = example_document(snippet)
    assert validate("<test>", doc, None, "json") == []
    inv = Inventory("<test>", "", doc, [None] * len(doc["systems"]))
    sel = Selection(profiles=rule.profiles, include_passing=True)
    all_params = {**default_params(rule.profiles), **(params or {})}
    report = audit([inv], (rule,), sel, as_of, all_params)
    found = [f for f in report.findings if f.rule_id == rule_id and f.system_index == 0]
    assert len(found) == 1
    return found[0]


def outcome(rule_id: str, snippet: str, as_of: date, **params: Any) -> Outcome:
    return result(rule_id, snippet, as_of, params).outcome


# -- EU application dates ------------------------------------------------------------------------
def test_art5_not_in_force_before_2025_02_02() -> None:
    snippet = DE_POLICE.replace("true\n", "true\n", 1) + "[[systems]]" + RT_PUBLIC
    snippet = snippet.replace("member_state_rbi_law = true", "member_state_rbi_law = false")
    assert outcome("EU-AIA-5H-001", snippet, date(2025, 2, 1)) is Outcome.NOT_IN_FORCE
    assert outcome("EU-AIA-5H-001", snippet, date(2025, 2, 2)) is Outcome.FAIL


@pytest.mark.parametrize("rule_id", ["EU-AIA-5E-001", "EU-AIA-5F-001", "EU-AIA-5G-001"])
def test_other_art5_bans_start_2025_02_02(rule_id: str) -> None:
    snippet = RULES[rule_id].example_fail
    assert run_example(RULES[rule_id], snippet, date(2025, 2, 1)) is Outcome.NOT_IN_FORCE
    assert run_example(RULES[rule_id], snippet, date(2025, 2, 2)) is Outcome.FAIL


def test_art50_starts_2026_08_02() -> None:
    rule = RULES["EU-AIA-50-001"]
    assert run_example(rule, rule.example_fail, date(2026, 8, 1)) is Outcome.NOT_IN_FORCE
    assert run_example(rule, rule.example_fail, date(2026, 8, 2)) is Outcome.FAIL


ANNEX_III_RULES = [
    "EU-AIA-14-001",
    "EU-AIA-26-001",
    "EU-AIA-26-002",
    "EU-AIA-26-003",
    "EU-AIA-26-004",
    "EU-AIA-26-005",
    "EU-AIA-27-001",
]


@pytest.mark.parametrize("rule_id", ANNEX_III_RULES)
def test_annex_iii_duties_start_2027_12_02(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert run_example(rule, rule.example_fail, date(2027, 12, 1)) is Outcome.NOT_IN_FORCE
    # The doc examples describe systems first used on 2027-12-02, so no legacy status.
    assert run_example(rule, rule.example_fail, date(2027, 12, 2)) is Outcome.FAIL
    assert run_example(rule, rule.example_pass, date(2027, 12, 2)) is Outcome.PASS


# -- Art. 111(2) legacy rule ---------------------------------------------------------------------
LEGACY_SYSTEM = (
    """
[[systems]]
first_use_on = 2026-05-01
eu = { logs_retention_days = 30 }
"""
    + POST_ID
)


def test_legacy_public_authority_not_in_force_until_2030() -> None:
    snippet = DE_CITY + LEGACY_SYSTEM
    found = result("EU-AIA-26-002", snippet, date(2028, 6, 1))
    assert found.outcome is Outcome.NOT_IN_FORCE
    assert found.message_key == "common.eu_legacy_pending"
    assert found.params["date"] == "2030-08-02"
    assert outcome("EU-AIA-26-002", snippet, date(2030, 8, 1)) is Outcome.NOT_IN_FORCE
    assert outcome("EU-AIA-26-002", snippet, date(2030, 8, 2)) is Outcome.FAIL


def test_legacy_deadline_and_cutoff_are_parameters() -> None:
    snippet = DE_CITY + LEGACY_SYSTEM
    early = {"eu_public_authority_legacy_deadline": date(2029, 1, 1)}
    assert outcome("EU-AIA-26-002", snippet, date(2029, 6, 1), **early) is Outcome.FAIL
    # With an earlier cutoff the system (first used 2026-05-01) is not a legacy system.
    cut = {"eu_legacy_cutoff": date(2026, 1, 1)}
    assert outcome("EU-AIA-26-002", snippet, date(2028, 6, 1), **cut) is Outcome.FAIL


def test_substantial_change_after_cutoff_ends_legacy_status() -> None:
    changed = (
        DE_CITY
        + LEGACY_SYSTEM
        + ('changes = [ { date = 2028-01-15, kind = "model_version", substantial = true } ]\n')
    )
    assert outcome("EU-AIA-26-002", changed, date(2028, 6, 1)) is Outcome.FAIL
    # A change before the cutoff does not count; one not yet made does not count either.
    before = (
        DE_CITY
        + LEGACY_SYSTEM
        + ('changes = [ { date = 2027-06-01, kind = "model_version", substantial = true } ]\n')
    )
    assert outcome("EU-AIA-26-002", before, date(2028, 6, 1)) is Outcome.NOT_IN_FORCE
    future = (
        DE_CITY
        + LEGACY_SYSTEM
        + ('changes = [ { date = 2029-01-15, kind = "model_version", substantial = true } ]\n')
    )
    assert outcome("EU-AIA-26-002", future, date(2028, 6, 1)) is Outcome.NOT_IN_FORCE


def test_undeclared_change_makes_legacy_status_unknown() -> None:
    snippet = (
        DE_CITY
        + LEGACY_SYSTEM
        + ('changes = [ { date = 2028-01-15, kind = "threshold", substantial = "unknown" } ]\n')
    )
    found = result("EU-AIA-26-002", snippet, date(2028, 6, 1))
    assert found.outcome is Outcome.UNKNOWN
    assert found.message_key == "common.eu_legacy_unclear_change"
    # ... unless the system complies anyway.
    compliant = snippet.replace("logs_retention_days = 30", "logs_retention_days = 200")
    assert outcome("EU-AIA-26-002", compliant, date(2028, 6, 1)) is Outcome.PASS


def test_legacy_private_operator_not_applicable() -> None:
    found = result("EU-AIA-26-002", DE_PRIVATE + LEGACY_SYSTEM, date(2031, 1, 1))
    assert found.outcome is Outcome.NOT_APPLICABLE
    assert found.message_key == "common.na.EU_LEGACY"


def test_legacy_missing_first_use_is_unknown() -> None:
    snippet = DE_CITY + "[[systems]]\neu = { logs_retention_days = 30 }\n" + POST_ID
    found = result("EU-AIA-26-002", snippet, date(2028, 6, 1))
    assert found.outcome is Outcome.UNKNOWN
    assert found.field == "first_use_on"


def test_legacy_rule_never_touches_art5() -> None:
    snippet = (
        DE_POLICE.replace("member_state_rbi_law = true", "member_state_rbi_law = false")
        + "[[systems]]\nfirst_use_on = 2024-01-10\n"
        + RT_PUBLIC
    )
    assert outcome("EU-AIA-5H-001", snippet, date(2028, 6, 1)) is Outcome.FAIL


def test_fria_for_caught_legacy_system_is_due_by_the_deadline() -> None:
    snippet = DE_CITY + (
        """
[[systems]]
first_use_on = 2026-05-01
assessments = [ { kind = "eu_fria", completed_on = 2030-03-01, submitted_on = 2030-03-10 } ]
eu = { fria_items = ["a", "b", "c", "d", "e", "f"] }
"""
        + POST_ID
    )
    assert outcome("EU-AIA-27-001", snippet, date(2030, 9, 1)) is Outcome.PASS
    late = snippet.replace("completed_on = 2030-03-01", "completed_on = 2030-08-20")
    assert outcome("EU-AIA-27-001", late, date(2030, 9, 1)) is Outcome.FAIL


# -- Art. 5 prohibitions: waivers and fail-closed ------------------------------------------------
def _exception(rule_id: str, kind: str) -> str:
    return (
        f'exceptions = [ {{ rule = "{rule_id}", granted_by = "Ministry", authority_kind = "{kind}",'
        ' instrument = "Decision 1/2026", justification = "pilot", granted_on = 2026-01-01,'
        " expires_on = 2027-12-31 } ]\n"
    )


@pytest.mark.parametrize("rule_id", ["EU-AIA-5E-001", "EU-AIA-5F-001", "EU-AIA-5G-001"])
def test_art5_bans_not_waived_by_minister(rule_id: str) -> None:
    snippet = RULES[rule_id].example_fail + "\n" + _exception(rule_id, "minister")
    found = result(rule_id, snippet, date(2026, 11, 22))
    assert found.outcome is Outcome.FAIL
    assert found.note_key == "common.waiver.not_waivable"


@pytest.mark.parametrize("rule_id", ["EU-AIA-5E-001", "EU-AIA-5F-001", "EU-AIA-5G-001"])
def test_art5_bans_narrowed_by_statute(rule_id: str) -> None:
    snippet = RULES[rule_id].example_fail + "\n" + _exception(rule_id, "statute")
    assert outcome(rule_id, snippet, date(2026, 11, 22)) is Outcome.WAIVED


def test_rbi_ban_fails_closed_on_undeclared_mode() -> None:
    snippet = DE_POLICE + (
        """
[[systems]]
location = { type = "publicly_accessible" }
capabilities = { face_identification = true, processing_mode = "unknown", capture_mode = "remote" }
"""
    )
    found = result("EU-AIA-5H-001", snippet, date(2026, 11, 22))
    assert found.outcome is Outcome.FAIL
    assert found.message_key == "common.fail_closed"


def test_rbi_objective_must_be_one_of_three_and_current() -> None:
    base = DE_POLICE + "[[systems]]" + RT_PUBLIC
    exc = (
        'exceptions = [ { rule = "EU-AIA-5H-001", granted_by = "Landtag", authority_kind = "court",'
        ' instrument = "PolG § 32a", justification = "x", objective = "OBJ",'
        " granted_on = 2026-01-01, expires_on = EXP } ]\n"
    )
    good = base + exc.replace("OBJ", "imminent_threat").replace("EXP", "2027-01-01")
    assert outcome("EU-AIA-5H-001", good, date(2026, 11, 22)) is Outcome.PASS
    bad = base + exc.replace("OBJ", "crowd_management").replace("EXP", "2027-01-01")
    found = result("EU-AIA-5H-001", bad, date(2026, 11, 22))
    assert found.outcome is Outcome.FAIL
    assert found.message_key.endswith("bad_objective")
    expired = base + exc.replace("OBJ", "imminent_threat").replace("EXP", "2026-06-30")
    assert result("EU-AIA-5H-001", expired, date(2026, 11, 22)).message_key.endswith("lapsed")


def test_rbi_objective_on_authorisation() -> None:
    snippet = (
        DE_POLICE
        + "[[systems]]"
        + RT_PUBLIC
        + (
            'authorisations = [ { kind = "judicial", authority = "AG", granted_on = 2026-03-01,'
            ' purpose = "victim_search", outcome = "granted" } ]\n'
        )
    )
    assert outcome("EU-AIA-5H-001", snippet, date(2026, 11, 22)) is Outcome.PASS
    no_law = snippet.replace("member_state_rbi_law = true", "member_state_rbi_law = false")
    assert outcome("EU-AIA-5H-001", no_law, date(2026, 11, 22)) is Outcome.FAIL


def test_rbi_post_mode_not_applicable() -> None:
    snippet = DE_POLICE + "[[systems]]" + POST_ID
    assert outcome("EU-AIA-5H-001", snippet, date(2026, 11, 22)) is Outcome.NOT_APPLICABLE


def test_rbi_registration_missing_is_unknown_not_fail() -> None:
    snippet = (
        DE_POLICE
        + "[[systems]]\nfirst_use_on = 2026-03-01\n"
        + RT_PUBLIC
        + 'assessments = [ { kind = "eu_fria", completed_on = 2026-01-15 } ]\n'
    )
    found = result("EU-AIA-5H-003", snippet, date(2026, 11, 22))
    assert found.outcome is Outcome.UNKNOWN
    assert found.message_key.endswith("not_registered")


def test_urgent_use_needs_request_within_24_hours() -> None:
    base = DE_POLICE + "[[systems]]\nfirst_use_on = 2026-03-01\n" + RT_PUBLIC
    auth = (
        'authorisations = [ { kind = "judicial", authority = "AG", use_started_on = 2026-03-01,'
        ' requested_on = REQ, granted_on = 2026-03-03, outcome = "granted" } ]\n'
    )
    ok = base + auth.replace("REQ", "2026-03-02")
    assert outcome("EU-AIA-5H-002", ok, date(2026, 11, 22)) is Outcome.PASS
    late = base + auth.replace("REQ", "2026-03-03")
    assert outcome("EU-AIA-5H-002", late, date(2026, 11, 22)) is Outcome.FAIL
    refused = base + (
        'authorisations = [ { kind = "judicial", authority = "AG", requested_on = 2026-03-01,'
        ' outcome = "rejected" } ]\n'
    )
    assert result("EU-AIA-5H-002", refused, date(2026, 11, 22)).message_key.endswith(
        "refused_not_deleted"
    )


# -- scope: verification, LE vs non-LE -----------------------------------------------------------
VERIFY_ONLY = """
[[systems]]
first_use_on = 2028-01-10
device = { kind = "access_gate" }
location = { type = "restricted", context = ["government_building"] }
capabilities = { face_verification = true, processing_mode = "real_time", \
capture_mode = "cooperative" }
eu = { logs_retention_days = 1 }
"""


def test_one_to_one_verification_is_not_annex_iii_1a() -> None:
    found = result("EU-AIA-26-002", DE_CITY + VERIFY_ONLY, date(2028, 6, 1))
    assert found.outcome is Outcome.NOT_APPLICABLE
    assert found.message_key == "common.na.EU_HIGH_RISK_BIO"
    assert outcome("EU-AIA-14-001", DE_CITY + VERIFY_ONLY, date(2028, 6, 1)) is (
        Outcome.NOT_APPLICABLE
    )


def test_classification_of_verification_accepts_any_class() -> None:
    snippet = DE_CITY + VERIFY_ONLY + 'eu.classification = "limited"\n'
    snippet = snippet.replace("eu = { logs_retention_days = 1 }\n", "")
    assert outcome("EU-AIA-6-001", snippet, date(2026, 11, 22)) is Outcome.PASS


def test_gdpr9_for_non_police_led10_for_police() -> None:
    police = DE_POLICE + "[[systems]]" + POST_ID
    city = DE_CITY + VERIFY_ONLY
    assert result("EU-GDPR-9-001", police, date(2026, 11, 22)).message_key == "common.na.NON_LE"
    assert outcome("EU-LED-10-001", city, date(2026, 11, 22)) is Outcome.NOT_APPLICABLE
    assert outcome("EU-LED-10-001", police, date(2026, 11, 22)) is Outcome.FAIL
    assert outcome("EU-GDPR-9-001", city, date(2026, 11, 22)) is Outcome.FAIL


def test_post_rbi_initial_identification_needs_no_authorisation() -> None:
    snippet = DE_POLICE + (
        """
[[systems]]
first_use_on = 2028-01-10
usage = { per_use_log = true, initial_identification_only = true }
"""
        + POST_ID
    )
    assert outcome("EU-AIA-26-004", snippet, date(2028, 6, 1)) is Outcome.PASS
    undeclared = snippet.replace(", initial_identification_only = true", "")
    assert outcome("EU-AIA-26-004", undeclared, date(2028, 6, 1)) is Outcome.UNKNOWN


def test_non_eu_agency_out_of_scope() -> None:
    rule = RULES["EU-GDPR-35-001"]
    snippet = rule.example_fail.replace('country = "DE"', 'country = "KR"')
    assert run_example(rule, snippet) is Outcome.NOT_APPLICABLE


# -- Washington --------------------------------------------------------------------------------
WA_SYSTEM = """
[[systems]]
first_use_on = 2024-03-01
device = { kind = "software_only" }
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
"""
NO_NOTICE = WA_SHERIFF + WA_SYSTEM


def _vendor(**dates: str) -> str:
    inner = ", ".join(f"{k} = {v}" for k, v in dates.items())
    return 'vendor = { name = "FaceSearch Inc."' + (", " + inner if inner else "") + " }\n"


def test_wa_not_in_force_before_2021_07_01() -> None:
    assert outcome("US-WA-020-001", NO_NOTICE, date(2021, 6, 30)) is Outcome.NOT_IN_FORCE
    assert outcome("US-WA-020-001", NO_NOTICE, date(2026, 11, 22)) is Outcome.FAIL


def test_wa_contract_before_cutoff_not_in_force_until_renewal() -> None:
    snippet = NO_NOTICE + _vendor(contract_since="2020-01-15", contract_renewed_on="2027-01-15")
    found = result("US-WA-020-001", snippet, date(2026, 11, 22))
    assert found.outcome is Outcome.NOT_IN_FORCE
    assert found.message_key == "common.wa_contract_pending"
    assert found.params["date"] == "2027-01-15"
    assert outcome("US-WA-020-001", snippet, date(2027, 1, 15)) is Outcome.FAIL


def test_wa_contract_renewed_before_cutoff_means_not_yet_covered() -> None:
    snippet = NO_NOTICE + _vendor(contract_since="2019-01-15", contract_renewed_on="2020-06-01")
    found = result("US-WA-020-002", snippet, date(2026, 11, 22))
    assert found.outcome is Outcome.NOT_IN_FORCE
    assert found.message_key == "common.wa_contract_not_renewed"


def test_wa_contract_renewed_after_cutoff_applies_from_renewal() -> None:
    # The notice was filed before the renewal: compliant for a pre-2021 contract.
    snippet = (
        WA_SHERIFF
        + WA_SYSTEM.replace("2024-03-01", "2019-05-01")
        + "wa = { notice_of_intent_filed_on = 2022-05-01 }\n"
        + _vendor(contract_since="2019-01-15", contract_renewed_on="2022-06-01")
    )
    assert outcome("US-WA-020-001", snippet, date(2026, 11, 22)) is Outcome.PASS
    late = snippet.replace(
        "notice_of_intent_filed_on = 2022-05-01", "notice_of_intent_filed_on = 2022-07-01"
    )
    assert outcome("US-WA-020-001", late, date(2026, 11, 22)) is Outcome.FAIL


def test_wa_contract_missing_dates_unknown() -> None:
    no_since = NO_NOTICE + _vendor()
    found = result("US-WA-020-001", no_since, date(2026, 11, 22))
    assert found.outcome is Outcome.UNKNOWN
    assert found.message_key == "common.wa_contract_unknown"
    no_renewal = NO_NOTICE + _vendor(contract_since="2020-01-15")
    found = result("US-WA-020-001", no_renewal, date(2026, 11, 22))
    assert found.outcome is Outcome.UNKNOWN
    assert found.message_key == "common.wa_contract_renewal_unknown"


def test_wa_contract_rule_only_for_020_rules() -> None:
    snippet = NO_NOTICE + _vendor(contract_since="2020-01-15", contract_renewed_on="2027-01-15")
    snippet += "oversight = { match_not_sole_basis = false }\n"
    assert outcome("US-WA-080-003", snippet, date(2026, 11, 22)) is Outcome.FAIL


@pytest.mark.parametrize("exemption", ["federal_mandate", "airport_seaport", "licensing"])
@pytest.mark.parametrize("rule_id", ["US-WA-020-001", "US-WA-080-001", "US-WA-050-001"])
def test_wa_exemptions_not_applicable(exemption: str, rule_id: str) -> None:
    snippet = RULES[rule_id].example_fail + f'\nwa.exemption = "{exemption}"\n'
    if "wa = {" in snippet:
        snippet = snippet.replace(f'wa.exemption = "{exemption}"\n', "").replace(
            "wa = {", f'wa = {{ exemption = "{exemption}",'
        )
    found = result(rule_id, snippet, date(2026, 11, 22))
    assert found.outcome is Outcome.NOT_APPLICABLE
    assert found.message_key == "common.na.WA_EXEMPT"


def test_wa_private_operator_out_of_scope() -> None:
    snippet = NO_NOTICE.replace("is_public_body = true", "is_public_body = false").replace(
        'kind = "law_enforcement"', 'kind = "private_company"'
    )
    assert outcome("US-WA-020-001", snippet, date(2026, 11, 22)) is Outcome.NOT_APPLICABLE


def test_wa_meetings_and_prepublication_parameters() -> None:
    rule = RULES["US-WA-020-003"]
    snippet = rule.example_pass.replace("community_meetings = 3", "community_meetings = 2")
    assert outcome("US-WA-020-003", snippet, date(2026, 11, 22)) is Outcome.FAIL
    assert outcome("US-WA-020-003", snippet, date(2026, 11, 22), wa_min_meetings=2) is Outcome.PASS
    # Released 2023-12-03, 89 days before first use on 2024-03-01.
    short = rule.example_pass.replace(
        "report_public_release_on = 2023-09-15", "report_public_release_on = 2023-12-03"
    )
    found = result("US-WA-020-003", short, date(2026, 11, 22))
    assert found.message_key.endswith("late_release")
    assert found.params["gap"] == 89
    assert outcome("US-WA-020-003", short, date(2026, 11, 22), wa_prepublication_days=60) is (
        Outcome.PASS
    )


def test_wa_update_interval_parameter() -> None:
    snippet = NO_NOTICE + "wa = { report_final_on = 2023-09-01, report_updated_on = 2024-06-01 }\n"
    assert outcome("US-WA-020-004", snippet, date(2026, 11, 22)) is Outcome.FAIL
    assert outcome("US-WA-020-004", snippet, date(2026, 11, 22), wa_update_years=3) is Outcome.PASS


def test_wa_new_purpose_needs_updated_report() -> None:
    snippet = NO_NOTICE + (
        "wa = { report_final_on = 2025-09-01 }\n"
        'changes = [ { date = 2026-02-01, kind = "purpose", substantial = true } ]\n'
    )
    assert result("US-WA-020-004", snippet, date(2026, 11, 22)).message_key.endswith("new_purpose")


def test_wa_annual_report_rule_is_advisory() -> None:
    rule = RULES["US-WA-020-005"]
    doc = example_document(rule.example_fail)
    inv = Inventory("<test>", "", doc, [None])
    report = audit(
        [inv],
        (rule,),
        Selection(profiles=("us-wa",)),
        date(2026, 11, 22),
        default_params(("us-wa",)),
    )
    assert [f.outcome for f in report.findings] == [Outcome.FAIL]
    assert next(iter(report.findings)).advisory
    assert report.gaps_at_or_above(rule.severity) == 0


def test_wa_tracking_from_records_needs_warrant() -> None:
    base = WA_SHERIFF + WA_SYSTEM.replace(
        "face_identification = true,", "face_identification = true, face_tracking = true,"
    )
    assert outcome("US-WA-080-001", base, date(2026, 11, 22)) is Outcome.FAIL
    missing = base + (
        'authorisations = [ { kind = "court_order", authority = "Superior Court",'
        ' granted_on = 2026-11-01, purpose = "missing_person", outcome = "granted" } ]\n'
    )
    assert outcome("US-WA-080-001", missing, date(2026, 11, 22)) is Outcome.PASS
    undeclared = missing.replace(', purpose = "missing_person"', "")
    assert outcome("US-WA-080-001", undeclared, date(2026, 11, 22)) is Outcome.UNKNOWN
    expired = base + (
        'authorisations = [ { kind = "warrant", authority = "Superior Court",'
        ' granted_on = 2026-01-01, expires_on = 2026-02-01, outcome = "granted" } ]\n'
    )
    assert result("US-WA-080-001", expired, date(2026, 11, 22)).message_key.endswith("none_current")


def test_wa_post_search_without_tracking_not_080_001() -> None:
    found = result("US-WA-080-001", NO_NOTICE, date(2026, 11, 22))
    assert found.outcome is Outcome.NOT_APPLICABLE
    assert found.message_key == "common.na.WA_RT_OR_TRACKING"


def test_wa_undeclared_tracking_fails_closed() -> None:
    snippet = WA_SHERIFF + WA_SYSTEM.replace(
        "face_identification = true,", 'face_identification = true, face_tracking = "unknown",'
    )
    found = result("US-WA-080-001", snippet, date(2026, 11, 22))
    assert found.outcome is Outcome.FAIL
    assert found.message_key == "common.fail_closed"


def test_permitted_use_record_is_not_a_stale_exception() -> None:
    """EU-AIA-5H-001 reads its exception as the record of a permitted objective: EXC-001 must
    not call it stale although the rule then passes."""
    from datetime import date

    from frtaudit.audit.engine import Selection, audit, select_rules
    from frtaudit.audit.examples import example_document
    from frtaudit.audit.profiles import default_params
    from frtaudit.load.inventory import Inventory

    rule = RULES["EU-AIA-5H-001"]
    doc = example_document(rule.example_pass)
    sel = Selection(
        profiles=("eu-ai-act",), select=("EU-AIA-5H-001", "EXC-001"), include_passing=True
    )
    rules = select_rules(RULES, sel)
    report = audit(
        [Inventory("<x>", "", doc, [None])],
        rules,
        sel,
        date(2026, 11, 22),
        default_params(("eu-ai-act",)),
    )
    outcomes = {f.rule_id: f.outcome for f in report.findings}
    assert outcomes == {"EU-AIA-5H-001": Outcome.PASS, "EXC-001": Outcome.PASS}
