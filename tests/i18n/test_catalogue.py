"""The message catalogue: every text a run can print resolves, in every language."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from frtaudit.audit.examples import example_document
from frtaudit.i18n import LANGUAGES, catalog
from frtaudit.load.inventory import Inventory
from frtaudit.report.common import message
from frtaudit.rules import RULES
from frtaudit.scan import ScanRequest, run

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "frtaudit" / "i18n"
ALL_PROFILES = ("nhrck", "kr-pipa", "eu-ai-act", "us-wa")
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _keys(d: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    for k, v in d.items():
        if isinstance(v, dict):
            yield from _keys(v, (*path, k))
        else:
            yield (*path, k), v


def test_every_result_message_resolves() -> None:
    """No finding of any sample, under every profile, shows a raw catalogue key."""
    from frtaudit.audit.profiles import default_params

    paths = [str(p) for p in sorted((ROOT / "sample_inventories").glob("*.toml"))]
    paths.append(str(ROOT / "tests" / "inventories" / "valid" / "injection.toml"))
    report = run(
        ScanRequest(
            paths=paths,
            as_of=date(2026, 11, 22),
            profiles=ALL_PROFILES,
            params=default_params(ALL_PROFILES),
            include_passing=True,
        )
    )
    cat = catalog("en")
    for f in report.findings:
        if f.message_key:
            text = message(cat, f)
            assert not text.startswith(("common.", "rule.")), (f.rule_id, f.message_key)


def test_doc_examples_messages_resolve() -> None:
    """The not-applicable reasons and messages reachable from every rule's examples resolve."""
    from frtaudit.audit.engine import Selection, audit
    from frtaudit.audit.profiles import default_params

    cat = catalog("en")
    for rule in RULES.values():
        for snippet in (rule.example_fail, rule.example_pass):
            if not snippet:
                continue
            doc = example_document(snippet)
            inv = Inventory("<example>", "", doc, [None])
            sel = Selection(profiles=ALL_PROFILES, include_passing=True)
            report = audit(
                [inv], tuple(RULES.values()), sel, date(2028, 1, 1), default_params(ALL_PROFILES)
            )
            for f in report.findings:
                if f.message_key:
                    text = message(cat, f)
                    assert not text.startswith(("common.", "rule.")), (
                        rule.id,
                        f.rule_id,
                        f.message_key,
                    )


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_translation_complete(lang: str) -> None:
    """Every key exists in both languages with the same placeholders (a missing one fails)."""
    en = dict(_keys(tomllib.loads((I18N / "en.toml").read_text(encoding="utf-8"))))
    other_path = I18N / f"{lang}.toml"
    other = dict(_keys(tomllib.loads(other_path.read_text(encoding="utf-8"))))
    pinpoints = {k for k in other if k[0] == "pinpoints"}
    missing = sorted(".".join(k) for k in en if k not in other and k[0] != "pinpoints")
    extra = sorted(".".join(k) for k in other if k not in en and k not in pinpoints)
    assert not missing, f"{lang} lacks {len(missing)} keys, e.g. {missing[:10]}"
    assert not extra, f"{lang} has keys English lacks: {extra[:10]}"
    for key, text in en.items():
        if key in other and isinstance(text, str):
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(str(other[key]))), key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_rule_has_its_texts(lang: str) -> None:
    cat = catalog(lang)
    for rule in RULES.values():
        for part in ("title", "checks", "why", "fix", "limits"):
            assert cat.has(f"rule.{rule.id}.{part}"), f"{lang}: {rule.id} lacks {part}"
        for c in rule.citations:
            for table in ("sources", "sources_short"):
                assert cat.has(f"{table}.{c.source}"), f"{lang}: {table}.{c.source} missing"
