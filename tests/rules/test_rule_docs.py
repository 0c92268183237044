"""Docs are tests: every rule's examples behave as documented, and every rule is documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from frtaudit.audit.examples import run_example
from frtaudit.audit.profiles import PROFILES
from frtaudit.i18n import catalog
from frtaudit.model import Outcome, Rule
from frtaudit.rules import PREFIX_ORDER, RULES

AUTOMATED = [r for r in RULES.values() if r.automated]
ID_RE = re.compile(r"^[A-Z]+(-[A-Z0-9]+)*-\d{3}$")


@pytest.mark.parametrize("rule", AUTOMATED, ids=lambda r: r.id)
def test_failing_example_fails(rule: Rule) -> None:
    assert rule.example_fail, f"{rule.id} has no failing example"
    assert run_example(rule, rule.example_fail) is Outcome.FAIL


@pytest.mark.parametrize("rule", AUTOMATED, ids=lambda r: r.id)
def test_passing_example_passes(rule: Rule) -> None:
    assert rule.example_pass, f"{rule.id} has no passing example"
    outcome = run_example(rule, rule.example_pass)
    # For a prohibition the compliant state is not doing the banned thing at all.
    allowed = {Outcome.PASS, Outcome.NOT_APPLICABLE} if rule.fail_closed else {Outcome.PASS}
    assert outcome in allowed, f"{rule.id}: passing example gave {outcome.value}"


@pytest.mark.parametrize("rule", [r for r in RULES.values() if not r.automated], ids=lambda r: r.id)
def test_manual_rules_ask_for_review(rule: Rule) -> None:
    snippet = rule.example_fail or rule.example_pass
    assert snippet, f"{rule.id} needs an example system the rule applies to"
    assert run_example(rule, snippet) is Outcome.NEEDS_REVIEW


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: r.id)
def test_rule_metadata(rule: Rule) -> None:
    assert ID_RE.match(rule.id), rule.id
    assert any(rule.id.startswith(p + "-") for p in PREFIX_ORDER), rule.id
    assert rule.citations, f"{rule.id} cites nothing"
    assert rule.common or set(rule.profiles) <= set(PROFILES), rule.profiles
    assert rule.common == rule.id.startswith(("INV-", "EXC-")), "INV/EXC rules belong to all"
    cat = catalog("en")
    for c in rule.citations:
        assert cat.has(f"sources.{c.source}"), f"{rule.id}: unknown source {c.source}"
        assert c.pinpoint.strip()
    for part in ("title", "checks", "why", "fix", "limits"):
        assert cat.has(f"rule.{rule.id}.{part}"), f"{rule.id} lacks '{part}'"


def test_rule_prefix_matches_profile() -> None:
    expected = {
        "NHRCK": "nhrck",
        "UN-OHCHR": "nhrck",
        "KR-PIPA": "kr-pipa",
        "KR-PIPC": "kr-pipa",
        "KR-AIBA": "kr-pipa",
        "EU-AIA": "eu-ai-act",
        "EU-GDPR": "eu-ai-act",
        "EU-LED": "eu-ai-act",
        "US-WA": "us-wa",
        "US-BIPA": "us-il-bipa",
        "COE": "coe",
        "DPP": "nhrck",
    }
    for rule in RULES.values():
        for prefix, profile in expected.items():
            if rule.id.startswith(prefix + "-"):
                assert profile in rule.profiles, f"{rule.id} not in profile {profile}"
        if rule.id.startswith(("DPP-", "UN-OHCHR-", "TECH-")):
            assert "coe" in rule.profiles, f"{rule.id} not in profile coe (rules.md section 6)"


def test_ids_unique_and_ordered() -> None:
    """Every ``@rule`` in the sources registers its own ID once, and RULES lists them in order.

    Order: the prefixes of PREFIX_ORDER in that order, IDs ascending within a prefix.
    """
    import inspect
    import re

    import frtaudit.rules as package
    from frtaudit.rules import _registry

    declared: list[str] = []
    for path in sorted(Path(inspect.getfile(package)).parent.glob("*.py")):
        declared += re.findall(r'@rule\(\s*"([A-Z0-9-]+)"', path.read_text(encoding="utf-8"))
    assert len(declared) == len(set(declared)), "an ID is declared twice"
    assert sorted(declared) == sorted(RULES), "a declared rule is missing from RULES"

    def prefix(rule_id: str) -> int:
        matches = [i for i, p in enumerate(PREFIX_ORDER) if rule_id.startswith(p + "-")]
        assert matches, rule_id
        return max(matches, key=lambda i: len(PREFIX_ORDER[i]))

    keys = [(prefix(r), r) for r in RULES]
    assert keys == sorted(keys)
    # a second registration under a known ID is refused, never a silent replacement
    with pytest.raises(ValueError, match="duplicate rule id"):
        _registry.rule(
            "NHRCK-BAN-001",
            severity=RULES["NHRCK-BAN-001"].severity,
            question=RULES["NHRCK-BAN-001"].question,
            profiles=("nhrck",),
            citations=RULES["NHRCK-BAN-001"].citations,
        )(RULES["NHRCK-BAN-001"].check)
    assert _registry.RULES["NHRCK-BAN-001"] is RULES["NHRCK-BAN-001"]


def test_rule_catalogue_golden(golden: Any) -> None:
    """ID, severity, profiles, question and citations of every rule, reviewed in one file.

    A change of any rule's severity or scope shows here as one focused diff (``make golden``).
    """
    import json

    from conftest import cli

    code, out, _ = cli("rules", "--format", "json")
    assert code == 0
    keep = ("id", "severity", "profiles", "question", "citations")
    rules = [{k: r[k] for k in keep} for r in json.loads(out)]
    assert [r["id"] for r in rules] == list(RULES)
    golden("rules.json", json.dumps(rules, indent=2, ensure_ascii=False) + "\n")


def test_every_message_key_exists() -> None:
    """Each msg key a rule module can return is in the catalogue (checked on the source)."""
    import inspect

    cat = catalog("en")
    for rule in RULES.values():
        source = inspect.getsource(rule.check)
        for key in re.findall(r"\b(?:fail|unknown|review)\(\s*\"([a-z0-9_]+)\"", source):
            assert cat.has(f"rule.{rule.id}.msg.{key}"), f"{rule.id}: message '{key}' missing"
