"""No unfilled placeholder (issue 16 point 6): every message of every rule, in both languages.

Every doc example, every sample inventory and a generated inventory are audited under every
profile with every result kept; each message and note is rendered in English and Korean and
must neither leave a ``{name}`` unfilled nor fall back to a raw catalogue key.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from benchgen import generator

from frtaudit.audit.engine import Selection, audit
from frtaudit.audit.examples import example_document
from frtaudit.audit.profiles import PROFILES, default_params
from frtaudit.i18n import LANGUAGES, catalog
from frtaudit.load.inventory import Inventory, load
from frtaudit.model import Report
from frtaudit.report.common import message
from frtaudit.rules import RULES

ROOT = Path(__file__).resolve().parents[2]
ALL = tuple(PROFILES)
UNFILLED = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _audit(inventories: list[Inventory], as_of: date) -> Report:
    sel = Selection(profiles=ALL, include_passing=True)
    return audit(inventories, tuple(RULES.values()), sel, as_of, default_params(ALL))


def _check(report: Report) -> int:
    seen = 0
    for lang in LANGUAGES:
        cat = catalog(lang)
        for f in report.findings:
            if not f.message_key:
                continue
            text = message(cat, f)
            seen += 1
            assert not UNFILLED.search(text), (lang, f.rule_id, f.message_key, text)
            assert not text.startswith(("rule.", "common.")), (lang, f.rule_id, f.message_key)
            if f.note_key:
                note = cat.t(f.note_key, **{k: str(v) for k, v in f.note_params.items()})
                assert not UNFILLED.search(note), (lang, f.rule_id, f.note_key, note)
    return seen


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: r.id)
def test_example_messages_filled(rule: object) -> None:
    from frtaudit.model import Rule

    assert isinstance(rule, Rule)
    for snippet in (rule.example_fail, rule.example_pass):
        if not snippet:
            continue
        doc = example_document(snippet)
        inv = Inventory("<example>", "", doc, [None] * len(doc["systems"]))
        for as_of in (date(2026, 11, 22), date(2031, 1, 1)):
            assert _check(_audit([inv], as_of)) > 0


def test_sample_messages_filled() -> None:
    paths = sorted((ROOT / "sample_inventories").glob("*.toml"))
    assert paths
    invs = [load(str(p)) for p in paths]
    assert _check(_audit(invs, date(2026, 11, 22))) > 100


def test_generated_messages_filled() -> None:
    doc, _ = generator().document(300, 1, 7)
    inv = Inventory("<generated>", "", doc, [None] * len(doc["systems"]))
    assert _check(_audit([inv], date(2026, 11, 22))) > 100


def test_placeholder_detector_finds_one() -> None:
    """The check itself can fail: a message rendered without its parameter is caught."""
    text = catalog("en").t("rule.EU-GDPR-9-001.msg.dependent")
    assert UNFILLED.search(text)
