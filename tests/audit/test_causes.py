"""The cause vocabulary is closed: every mapped message exists, every cause has its texts."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from frtaudit.audit.causes import CAUSES, MESSAGE_CAUSES
from frtaudit.rules import RULES

CATALOGUES = Path(__file__).resolve().parents[2] / "frtaudit" / "i18n"


def _catalogue(lang: str) -> dict[str, object]:
    with (CATALOGUES / f"{lang}.toml").open("rb") as fh:
        return tomllib.load(fh)


def _lookup(tree: dict[str, object], key: str) -> object:
    node: object = tree
    # rule IDs hold dashes, not dots: split "rule.<ID>.msg.<name>" by hand
    if key.startswith("rule."):
        _, rest = key.split(".", 1)
        rule_id, rest = rest.split(".", 1)
        parts = ["rule", rule_id, *rest.split(".")]
    else:
        parts = key.split(".")
    for part in parts:
        assert isinstance(node, dict) and part in node, key
        node = node[part]
    return node


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_mapped_message_exists(lang: str) -> None:
    tree = _catalogue(lang)
    for key in MESSAGE_CAUSES:
        assert isinstance(_lookup(tree, key), str), key


def test_every_mapped_cause_is_declared_and_every_cause_is_used() -> None:
    assert set(MESSAGE_CAUSES.values()) <= set(CAUSES)
    assert set(CAUSES) <= set(MESSAGE_CAUSES.values())


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_cause_has_a_title_and_a_fix(lang: str) -> None:
    causes = _catalogue(lang)["cause"]
    assert isinstance(causes, dict)
    for cause in CAUSES:
        assert {"title", "fix"} <= set(causes[cause]), cause
        assert "{" not in causes[cause]["title"], cause


def test_mapped_rules_exist() -> None:
    ids = set(RULES)
    for key in MESSAGE_CAUSES:
        if key.startswith("rule."):
            assert key.split(".")[1] in ids, key
