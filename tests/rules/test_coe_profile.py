"""The coe, us-il-bipa and DPP rules judge like an authority: they flag what regulators found
unlawful and let pass what they found lawful (issue 16)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from frtaudit.audit.engine import Selection, audit
from frtaudit.audit.examples import example_document
from frtaudit.audit.profiles import default_params
from frtaudit.load.inventory import Inventory, load
from frtaudit.model import Outcome
from frtaudit.rules import RULES

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 22)


def _outcomes(inv: Inventory, profiles: tuple[str, ...]) -> dict[str, Outcome]:
    sel = Selection(profiles=profiles, include_passing=True)
    report = audit([inv], tuple(RULES.values()), sel, AS_OF, default_params(profiles))
    return {f.rule_id: f.outcome for f in report.findings if f.system_index == 0}


def test_uk_retailer_watchlist_is_flagged() -> None:
    got = _outcomes(
        load(str(ROOT / "sample_inventories" / "uk_retailer_watchlist.toml")), ("coe", "nhrck")
    )
    assert got["COE-PRIV-001"] is Outcome.FAIL  # every entrant scanned in a shop
    assert got["DPP-CONSENT-001"] is Outcome.NEEDS_REVIEW  # a claimed exception, for a person
    assert got["DPP-RET-001"] is Outcome.FAIL  # match records kept indefinitely
    assert got["COE-RIGHTS-001"] is Outcome.FAIL  # listed people are never told
    assert got["DPP-NEC-001"] is Outcome.UNKNOWN  # "n/a" and "unknown" are not written
    assert got["COE-IA-001"] is Outcome.UNKNOWN  # exists = "unknown", never "none"
    assert got["DPP-HUMAN-001"] is Outcome.PASS
    assert got["DPP-RET-002"] is Outcome.PASS  # non-matches deleted at once, not reused


def test_gym_verification_with_real_opt_in_is_not_flagged() -> None:
    """A private 1:1 verification with written opt-in and a card alternative is lawful."""
    inv = load(str(ROOT / "sample_inventories" / "il_gym_access.toml"))
    got = _outcomes(inv, ("coe", "us-il-bipa", "nhrck"))
    for rule_id in (
        "COE-CONSENT-001",
        "COE-ALT-001",
        "DPP-CONSENT-001",
        "DPP-ALT-001",
        "COE-IA-001",
        "COE-NOTICE-001",
        "US-BIPA-15A-001",
        "US-BIPA-15B-001",
        "US-BIPA-15E-001",
    ):
        assert got[rule_id] is Outcome.PASS, rule_id
    assert got["COE-PRIV-001"] is Outcome.NOT_APPLICABLE
    assert got["US-BIPA-15C-001"] is Outcome.NOT_APPLICABLE
    high = [
        r
        for r, o in got.items()
        if o is Outcome.FAIL and RULES[r].severity.label in ("high", "critical")
    ]
    assert not high, high


POLICE_SEARCH = """
[agency]
country = "GB"
kind = "law_enforcement"
is_law_enforcement = true

[[systems]]
first_use_on = 2024-06-01
location = { type = "public_space", context = ["street"] }
capabilities = { face_identification = true, processing_mode = "post", capture_mode = "remote" }
gallery = { exists = true, kind = "reference_db", source = ["mugshot"], untargeted_scraping = false }
purpose = { primary = "criminal_investigation" }
legal_basis = [{ law = "Police Act (example)", article = "s. 12", kind = "statute", frt_specific = true, covers = ["use_purpose", "accuracy_minimum", "retention", "watchlist_criteria", "deployment_locations", "audit_traceability", "safeguards"] }]
assessments = [{ kind = "dpia", completed_on = 2024-03-01, assessor = "Force DPO" }, { kind = "eqia", completed_on = 2024-03-01, assessor = "Force equality unit" }]
notice = { signage = false, web_url = "https://police.example/frs", frt_disclosed = true }
"""


def test_police_retrospective_search_with_statute_and_assessments_passes() -> None:
    doc = example_document(POLICE_SEARCH)
    got = _outcomes(Inventory("<police>", "", doc, [None]), ("coe",))
    assert got["COE-LEGAL-001"] is Outcome.PASS
    assert got["COE-IA-001"] is Outcome.PASS
    assert got["COE-SCRAPE-001"] is Outcome.PASS
    for rule_id in (
        "COE-PRIV-001",
        "COE-CONSENT-001",
        "COE-LE-001",
        "DPP-CONSENT-001",
        "DPP-RET-002",
    ):
        assert got[rule_id] is Outcome.NOT_APPLICABLE, rule_id


def test_shop_watchlist_is_not_law_enforcement() -> None:
    snippet = """
[agency]
country = "DE"
kind = "private_retail"
is_public_body = false

[[systems]]
location = { type = "publicly_accessible", context = ["retail"] }
capabilities = { face_identification = true, processing_mode = "real_time", capture_mode = "remote" }
purpose = { primary = "watchlist_alerting" }
consent = { model = "none" }
"""
    doc = example_document(snippet)
    got = _outcomes(Inventory("<shop>", "", doc, [None]), ("eu-ai-act",))
    assert got["EU-GDPR-9-001"] is Outcome.FAIL  # GDPR Art. 9 applies to the shop
    assert got["EU-LED-10-001"] is Outcome.NOT_APPLICABLE
    assert got["EU-AIA-5H-001"] is Outcome.NOT_APPLICABLE


def test_soft_law_is_reported() -> None:
    from conftest import cli

    soft = {r.id for r in RULES.values() if r.soft_law}
    assert {"COE-PRIV-001", "COE-LEGAL-001", "COE-SENS-001"} <= soft
    assert all(r.startswith("COE-") for r in soft)
    assert "COE-IA-001" not in soft  # Convention 108+ Art. 10(2) binds its parties
    code, out, _ = cli("rules", "--profile", "coe", "--format", "json")
    assert code == 0
    listed = {r["id"]: r["soft_law"] for r in json.loads(out)}
    assert listed["COE-PRIV-001"] is True and listed["DPP-NEC-001"] is False
    sample = str(ROOT / "sample_inventories" / "uk_retailer_watchlist.toml")
    code, out, _ = cli("scan", sample, "--as-of", "2026-11-22", "--profile", "coe", "-f", "json")
    assert code == 1
    rules = json.loads(out)["rules"]  # version 2: metadata by rule ID
    assert rules["COE-PRIV-001"]["soft_law"] is True
    assert rules["COE-RET-001"]["soft_law"] is False
    code, out, _ = cli("explain", "COE-PRIV-001", "--format", "markdown")
    assert "soft law" in out and "When the inventory is silent" in out
