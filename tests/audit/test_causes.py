"""The cause registry, gaps per cause, the matrix by question and fleets of systems alike."""

from __future__ import annotations

import tomllib
from pathlib import Path

from conftest import scan_report

from frtaudit.audit.causes import CAUSES, MESSAGE_CAUSES, cause_of
from frtaudit.i18n import catalog
from frtaudit.model import (
    HEADLINE_QUESTIONS,
    OUTCOME_RANK,
    OWN_CAUSE,
    QUESTIONS,
    Outcome,
    Question,
    Result,
)
from frtaudit.rules import RULES

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_inventories").glob("*.toml"))
ALL_PROFILES = ("nhrck", "kr-pipa", "eu-ai-act", "us-wa")


def _messages(lang: str) -> set[str]:
    data = tomllib.loads((ROOT / "frtaudit" / "i18n" / f"{lang}.toml").read_text("utf-8"))
    keys = {f"common.{k}" for k in data["common"]}
    for rule_id, texts in data["rule"].items():
        keys |= {f"rule.{rule_id}.msg.{k}" for k in texts.get("msg", {})}
    return keys


def test_every_mapped_message_exists_and_every_cause_has_texts_in_both_languages() -> None:
    for lang in ("en", "ko"):
        known = _messages(lang)
        assert sorted(set(MESSAGE_CAUSES) - known) == [], lang
        cat = catalog(lang)
        for cause in CAUSES:
            for part in ("title", "fix"):
                key = f"cause.{cause}.{part}"
                assert cat.t(key) != key, (lang, key)
    assert set(MESSAGE_CAUSES.values()) == set(CAUSES)
    for key in MESSAGE_CAUSES:
        if key.startswith("rule."):
            assert key.split(".")[1] in RULES, key


def test_the_four_mission_questions_come_first_and_every_question_has_texts() -> None:
    assert (
        QUESTIONS[:4]
        == HEADLINE_QUESTIONS
        == (
            Question.LEGAL,
            Question.ASSESSMENT,
            Question.NOTICE,
            Question.PROHIBITED,
        )
    )
    for lang in ("en", "ko"):
        cat = catalog(lang)
        for q in QUESTIONS:
            for section in ("question", "question_long"):
                assert cat.t(f"{section}.{q.value}") != f"{section}.{q.value}"


def test_a_result_without_a_declared_cause_is_a_gap_of_its_own() -> None:
    result = Result(
        "NEW-RULE-001",
        Outcome.FAIL,
        RULES["INV-CAP-001"].severity,
        "rule.NEW-RULE-001.msg.x",
        {},
        "",
        None,
        "",
        {},
        False,
    )
    assert cause_of(result) == OWN_CAUSE + "NEW-RULE-001"


def test_no_hria_is_one_gap_listing_every_rule_it_breaches() -> None:
    report = scan_report(ROOT / "sample_inventories" / "gov_complex_gates.toml")
    (row,) = report.rows
    hria = [g for g in row.gaps if g.cause == "no-hria"]
    assert len(hria) == 1
    (gap,) = hria
    assert {"NHRCK-HRIA-001", "NHRCK-HRIA-003", "UN-OHCHR-60A-001"} <= set(gap.rule_ids)
    assert gap.question is Question.ASSESSMENT
    assert gap.severity == max(r.severity for r in gap.results if not r.advisory)
    # no result is in two gaps, and every gap result is a kept fail or unknown
    seen = [id(r) for g in row.gaps for r in g.results]
    assert len(seen) == len(set(seen))
    assert {id(r) for r in row.kept if r.outcome.is_gap} == set(seen)


def test_counts_agree_across_systems_gaps_and_results() -> None:
    from datetime import date

    from frtaudit.scan import ScanRequest, run

    report = run(
        ScanRequest(
            paths=[str(p) for p in SAMPLES], as_of=date(2026, 11, 22), profiles=ALL_PROFILES
        )
    )
    gaps = [g for row in report.rows for g in row.gaps]
    assert report.gaps == sum(not g.advisory for g in gaps)
    assert report.advisory_gaps == sum(g.advisory for g in gaps)
    assert report.gap_results == sum(len(g.results) for g in gaps)
    assert report.gap_results == report.counts["fail"] + report.counts["unknown"]
    by_severity: dict[str, int] = {}
    for g in gaps:
        if not g.advisory:
            by_severity[g.severity.label] = by_severity.get(g.severity.label, 0) + 1
    assert {k: v for k, v in report.gap_counts.items() if v} == by_severity
    # the matrix: a cell is the worst outcome of the gaps in its column at least
    for row in report.rows:
        for g in row.gaps:
            shown = Outcome.NEEDS_REVIEW if g.advisory else g.outcome
            assert OUTCOME_RANK[row.cells[g.question]] >= OUTCOME_RANK[shown]
    # fleets: every system in exactly one, members share gaps and cells
    members = sorted(n for f in report.fleets for n in f.rows)
    assert members == list(range(len(report.rows)))
    for f in report.fleets:
        for n in f.rows:
            assert report.rows[n].gaps is f.gaps and report.rows[n].cells is f.cells
            assert report.rows[n].inventory == f.inventory


def test_systems_alike_form_one_fleet(tmp_path: Path) -> None:
    text = (ROOT / "sample_inventories" / "gov_complex_gates.toml").read_text("utf-8")
    head, _, system = text.partition("[[systems]]")
    copies = [system.replace('id = "gcmo-gate-frt"', f'id = "gate-{n}"') for n in range(5)]
    path = tmp_path / "gates.toml"
    path.write_text(head + "".join("[[systems]]" + c for c in copies), encoding="utf-8")
    report = scan_report(path)
    (fleet,) = report.fleets
    assert fleet.size == 5 and fleet.gaps
    assert report.gaps == 5 * len(fleet.gaps)
