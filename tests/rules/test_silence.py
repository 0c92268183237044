"""One principle for silence (issue 16 point 4): a placeholder is never a recorded fact.

Every rule runs on its own doc examples with each field the example gives (the fields the rule
reads, derived from its examples) removed, emptied, or set to a placeholder word in English or
Korean. A placeholder in a free-text field or list must give exactly what silence gives, so no
rule can pass on "unknown", "n/a", "tbd", "-", "", "모름" or "미정"; a tri-state flag set to
"unknown" must not pass where leaving it out does not.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from schema_paths import agency_leaves, allows_unknown, system_leaves

from frtaudit.audit.engine import Selection, audit
from frtaudit.audit.examples import EXAMPLE_AS_OF, example_document
from frtaudit.audit.profiles import default_params
from frtaudit.load.inventory import Inventory, validate
from frtaudit.model import Outcome, Rule
from frtaudit.rules import RULES
from frtaudit.rules.facts import PLACEHOLDERS, UNKNOWN_LITERAL_FIELDS, is_placeholder

WORDS = ("", "unknown", "Unknown", "N/A", "TBD", "-", "  ", "모름", "미정", "해당 없음")
SCHEMA_FIELDS = dict(system_leaves()) | dict(agency_leaves())


def _is_text(node: dict[str, Any]) -> bool:
    return node.get("type") == "string" and not node.get("enum") and "format" not in node


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for i, v in enumerate(value):
            yield from _paths(v, (*path, i))
    else:
        yield path, value


def _schema_path(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += "[]"
        else:
            out += ("." if out else "") + part
    return out


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    node: Any = doc
    for part in path[:-1]:
        node = node[part]
    if value is _REMOVE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


_REMOVE = object()


def _outcome(rule: Rule, doc: dict[str, Any]) -> Outcome | None:
    if validate("<silence>", doc, None, "json"):
        return None  # the mutation is not a valid inventory: nothing to compare
    inv = Inventory("<silence>", "", doc, [None] * len(doc["systems"]))
    profiles = ("nhrck",) if rule.common else rule.profiles
    as_of = max(EXAMPLE_AS_OF, rule.in_force_from or EXAMPLE_AS_OF)
    sel = Selection(profiles=profiles, include_passing=True)
    report = audit([inv], (rule,), sel, as_of, default_params(profiles))
    for f in report.findings:
        if f.system_index == 0 and f.rule_id == rule.id:
            return f.outcome
    return None


def _mutations(doc: dict[str, Any]) -> Iterator[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    """(schema path, document path, the field's schema) of every field the example gives."""
    for root, prefix in (("systems", ()), ("agency", ("agency",))):
        base = doc["systems"][0] if root == "systems" else doc["agency"]
        for path, value in _paths(base):
            spath = _schema_path((*prefix, *path))
            node = SCHEMA_FIELDS.get(spath)
            if node is None or spath in (
                "id",
                "name",
                "agency.id",
                "agency.name",
                "agency.country",
            ):
                continue
            full = ("systems", 0, *path) if root == "systems" else ("agency", *path)
            yield spath, full, {"node": node, "value": value}


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: r.id)
def test_placeholders_are_silence(rule: Rule) -> None:
    _compare(rule)


def test_silence_compares_many_fields() -> None:
    """The comparison above is not vacuous: placeholders are tried on hundreds of fields."""
    assert sum(_compare(r) for r in RULES.values()) > 1000


def _compare(rule: Rule) -> int:
    """Compare each placeholder with silence on the rule's examples; return the comparisons."""
    compared = 0
    for snippet in (rule.example_pass, rule.example_fail):
        if not snippet:
            continue
        doc = example_document(snippet)
        for spath, full, info in _mutations(doc):
            node, value = info["node"], info["value"]
            silent = _outcome(rule, _set(doc, full, _REMOVE))
            if silent is None:
                continue
            if _is_text(node) and isinstance(value, str):
                variants = list(WORDS)
            elif node.get("type") == "array" and isinstance(value, list):
                variants = [["unknown"], ["n/a", "-"], ["모름"]]
            elif allows_unknown(node) and value != "unknown":
                said = _outcome(rule, _set(doc, full, "unknown"))
                assert not (said is Outcome.PASS and silent is not Outcome.PASS), (
                    f"{rule.id} passes with {spath} = 'unknown' but not without it"
                )
                continue
            else:
                continue
            for word in variants:
                got = _outcome(rule, _set(doc, full, word))
                if got is None:
                    continue
                compared += 1
                assert got == silent, (
                    f"{rule.id}: {spath} = {word!r} gives {got.value}, silence gives {silent.value}"
                )
    return compared


def test_issue_example_no_longer_passes() -> None:
    """The issue's case: 'unknown' as the ground and the alternatives does not pass."""
    snippet = """
[[systems]]
device = { kind = "access_gate", count = 6 }
capabilities = { face_verification = true, processing_mode = "real_time", capture_mode = "cooperative" }
purpose = { primary = "access_control", public_interest_ground = "unknown" }
necessity = { justification_url = "https://agency.example/frt/necessity", alternatives_considered = ["unknown"], supplementary_only = true, non_biometric_alternative = true }
"""
    assert _outcome(RULES["NHRCK-LEGAL-002"], example_document(snippet)) is Outcome.FAIL


def test_placeholder_words() -> None:
    for word in ("unknown", "UNKNOWN", " n/a ", "TBD", "-", "", "모름", "미정", "해당없음"):
        assert is_placeholder(word), word
    for word in ("none", "없음", "no", "0", "statute"):
        assert not is_placeholder(word), word
    assert all(w == w.casefold().strip() for w in PLACEHOLDERS)


def test_unknown_literal_fields_match_schema() -> None:
    """The fields where 'unknown' is kept are exactly those whose schema allows the literal."""
    expected = {p for p, n in SCHEMA_FIELDS.items() if allows_unknown(n)}
    assert set(UNKNOWN_LITERAL_FIELDS) == expected


def test_law_enforcement_from_operator_not_purpose() -> None:
    """A shop alerting on a watchlist is not law enforcement (issue 16 point 5)."""
    from frtaudit.model import Tri
    from frtaudit.rules.facts import System

    shop = {"id": "s", "purpose": {"primary": "watchlist_alerting"}}
    agency = {"id": "a", "is_public_body": False, "kind": "private_retail"}
    assert System(shop, agency, 0).fact("LE") is Tri.FALSE
    police_run = {**shop, "operator": {"law_enforcement": True}}
    assert System(police_run, agency, 0).fact("LE") is Tri.TRUE
    assert System(shop, {**agency, "is_law_enforcement": True}, 0).fact("LE") is Tri.TRUE
    assert date.today()  # the facts read no clock: as_of defaults to None
