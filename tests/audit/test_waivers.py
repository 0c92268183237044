"""Exceptions: one function decides whether one waives a gap; engine and EXC-* agree with it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from frtaudit.audit.engine import Selection, audit
from frtaudit.audit.examples import example_document
from frtaudit.audit.profiles import default_params
from frtaudit.load.inventory import Inventory
from frtaudit.model import Outcome
from frtaudit.rules import RULES
from frtaudit.rules.exceptions import waiver_problem

EXPIRES = date(2027, 5, 31)
SYSTEM = """
[[systems]]
first_use_on = 2023-03-01
capabilities = {{ face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }}
exceptions = [
  {{ rule = "{rule}", granted_by = "National Assembly", authority_kind = "{kind}", instrument = "Act 1", justification = "Pilot", grounds = "pilot", scope = "one gate", procedure = "monthly report", granted_on = 2026-06-01, expires_on = {expires} }},
]
"""


def outcomes(
    as_of: date, rule: str = "NHRCK-HRIA-001", kind: str = "minister", no_waivers: bool = False
) -> dict[str, Outcome]:
    doc = example_document(SYSTEM.format(rule=rule, kind=kind, expires=EXPIRES.isoformat()))
    inv = Inventory("<t>", "", doc, [None])
    sel = Selection(profiles=("nhrck",), include_passing=True, no_waivers=no_waivers)
    report = audit([inv], tuple(RULES.values()), sel, as_of, default_params(("nhrck",)))
    return {f.rule_id: f.outcome for f in report.findings}


def test_an_exception_waives_on_its_expiry_day_and_not_the_day_after() -> None:
    assert outcomes(EXPIRES)["NHRCK-HRIA-001"] is Outcome.WAIVED
    assert outcomes(EXPIRES)["EXC-001"] is Outcome.PASS
    after = outcomes(EXPIRES + timedelta(days=1))
    assert after["NHRCK-HRIA-001"] is Outcome.FAIL
    assert after["EXC-001"] is Outcome.FAIL


def test_an_exception_does_not_waive_before_it_is_granted() -> None:
    before = outcomes(date(2026, 5, 31))
    assert before["NHRCK-HRIA-001"] is Outcome.FAIL
    assert before["EXC-001"] is Outcome.FAIL


def test_no_waivers_reports_the_gap_the_exception_would_hide() -> None:
    assert outcomes(date(2026, 11, 22))["NHRCK-HRIA-001"] is Outcome.WAIVED
    assert outcomes(date(2026, 11, 22), no_waivers=True)["NHRCK-HRIA-001"] is Outcome.FAIL


def test_no_waivers_on_the_command_line(tmp_path: object) -> None:
    from pathlib import Path

    from conftest import cli

    from frtaudit.importers.toml_writer import dumps_inventory

    path = Path(str(tmp_path)) / "inv.toml"
    doc = example_document(
        SYSTEM.format(rule="NHRCK-HRIA-001", kind="minister", expires="2027-05-31")
    )
    path.write_text(dumps_inventory(doc), encoding="utf-8")
    base = ("scan", str(path), "--as-of", "2026-11-22", "--select", "NHRCK-HRIA-001", "-f", "json")
    _, waived, _ = cli(*base)
    code, failed, _ = cli(*base, "--no-waivers")
    assert '"outcome": "waived"' in waived and '"outcome": "waived"' not in failed
    assert '"outcome": "fail"' in failed and code == 1


@pytest.mark.parametrize("kind", ["minister", "internal", "independent_authority"])
def test_a_prohibition_yields_only_to_a_statute(kind: str) -> None:
    ban = RULES["NHRCK-BAN-001"]
    exc = {
        "rule": ban.id,
        "authority_kind": kind,
        "granted_on": "2026-01-01",
        "expires_on": "2027-01-01",
    }
    assert waiver_problem(exc, ban, date(2026, 6, 1)) == ("not_waivable", {"kind": kind})
    statute = {**exc, "authority_kind": "statute"}
    # NHRCK item (v): a statutory exception to the ban states its grounds, scope and procedure.
    assert waiver_problem(statute, ban, date(2026, 6, 1)) == (
        "incomplete",
        {"fields": "grounds, scope, procedure"},
    )
    terms = {"grounds": "missing child", "scope": "one square, 24 h", "procedure": "court order"}
    assert waiver_problem({**statute, **terms}, ban, date(2026, 6, 1)) == ("", {})


@pytest.mark.parametrize(
    ("granted", "expires", "problem"),
    [
        ("2026-01-01", "2027-01-01", ""),
        ("2026-06-01", "2027-01-01", ""),  # granted on the audit date
        ("2026-06-02", "2027-01-01", "not_yet"),
        ("2025-01-01", "2026-06-01", ""),  # expires on the audit date
        ("2025-01-01", "2026-05-31", "expired"),
        (None, "2027-01-01", "undated"),
        ("2026-01-01", None, "undated"),
    ],
)
def test_dating_of_an_exception(granted: str | None, expires: str | None, problem: str) -> None:
    exc = {"rule": "NHRCK-HRIA-001", "authority_kind": "minister"}
    if granted:
        exc["granted_on"] = granted
    if expires:
        exc["expires_on"] = expires
    assert waiver_problem(exc, RULES["NHRCK-HRIA-001"], date(2026, 6, 1))[0] == problem
