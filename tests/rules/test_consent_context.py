"""Consent where people depend on the operator (staff, pupils) is not free (NHRCK, GDPR)."""

from __future__ import annotations

import pytest

from frtaudit.audit.examples import run_example
from frtaudit.model import Outcome
from frtaudit.rules import RULES

GATE = """
[[systems]]
device = { kind = "access_gate", count = 4 }
location = { type = "restricted", context = ["{ctx}"] }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
consent = { model = "opt_in_separate", separate_for_sensitive = true, alternative_offered = true, withdrawal = true }
"""


@pytest.mark.parametrize(
    ("ctx", "expected"),
    [("workplace", Outcome.FAIL), ("school", Outcome.FAIL), ("residential", Outcome.PASS)],
)
def test_nhrck_consent_in_dependent_contexts(ctx: str, expected: Outcome) -> None:
    assert run_example(RULES["NHRCK-CONSENT-001"], GATE.replace("{ctx}", ctx)) is expected


@pytest.mark.parametrize(
    ("ctx", "expected"),
    [("workplace", Outcome.FAIL), ("school", Outcome.FAIL), ("residential", Outcome.PASS)],
)
def test_gdpr_consent_in_dependent_contexts(ctx: str, expected: Outcome) -> None:
    snippet = (
        '[agency]\ncountry = "SE"\nkind = "school"\n'
        if ctx == "school"
        else '[agency]\ncountry = "SE"\n'
    )
    assert run_example(RULES["EU-GDPR-9-001"], snippet + GATE.replace("{ctx}", ctx)) is expected


def test_gdpr_dependent_context_with_a_specific_law_passes() -> None:
    snippet = (
        '[agency]\ncountry = "SE"\n'
        + GATE.replace("{ctx}", "workplace")
        + (
            'legal_basis = [ { law = "Act on access control in secure facilities", kind = "statute", frt_specific = true } ]\n'
        )
    )
    assert run_example(RULES["EU-GDPR-9-001"], snippet) is Outcome.PASS
