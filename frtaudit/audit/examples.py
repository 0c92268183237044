"""Run a rule's doc examples: merge a snippet into a minimal inventory and audit one rule.

The examples in each rule (``example_fail``/``example_pass``) are TOML fragments that only say
what matters for the rule; the base below supplies a valid Korean public agency and a system
with every capability declared false, so a snippet overrides just what it names.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from frtaudit.model import Outcome, Rule

EXAMPLE_AS_OF = date(2026, 11, 22)

BASE_AGENCY: dict[str, Any] = {
    "id": "example-agency",
    "name": "Example agency",
    "country": "KR",
    "kind": "local_government",
    "is_public_body": True,
    "is_law_enforcement": False,
}
BASE_SYSTEM: dict[str, Any] = {
    "id": "example-system",
    "name": "Example system",
    "status": "operational",
    "location": {"type": "publicly_accessible"},
    "capabilities": {
        "recording": False,
        "audio_recording": False,
        "face_detection": False,
        "face_verification": False,
        "face_identification": False,
        "face_tracking": False,
        "emotion_recognition": False,
        "sensitive_attribute_inference": False,
        "processing_mode": "none",
        "capture_mode": "none",
    },
}


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def example_document(snippet: str) -> dict[str, Any]:
    """The full inventory an example snippet stands for."""
    import tomli

    fragment = tomli.loads(snippet)
    agency = _merge(copy.deepcopy(BASE_AGENCY), fragment.get("agency", {}))
    systems = fragment.get("systems") or [{}]
    return {
        "schema_version": "1",
        "agency": agency,
        "systems": [_merge(copy.deepcopy(BASE_SYSTEM), s) for s in systems],
    }


def run_example(rule: Rule, snippet: str, as_of: date | None = None) -> Outcome:
    """Outcome of ``rule`` on the first system of the example (schema-validated first).

    Without ``as_of`` the example is run on EXAMPLE_AS_OF, or on the rule's first day in force
    when that is later (a duty that starts later is shown as it will apply).
    """
    from frtaudit.audit.engine import Selection, audit
    from frtaudit.audit.profiles import default_params
    from frtaudit.errors import InputError
    from frtaudit.load.inventory import Inventory, validate

    if as_of is None:
        as_of = max(EXAMPLE_AS_OF, rule.in_force_from or EXAMPLE_AS_OF)
    doc = example_document(snippet)
    problems = validate("<example>", doc, None, "json")
    if problems:
        raise InputError(problems)
    inv = Inventory("<example>", "", doc, [None] * len(doc["systems"]))
    profiles = ("nhrck",) if rule.common else rule.profiles
    sel = Selection(profiles=profiles, include_passing=True)
    report = audit([inv], (rule,), sel, as_of, default_params(profiles))
    for f in report.findings:
        if f.system_index == 0 and f.rule_id == rule.id:
            return f.outcome
    raise AssertionError("no result for the example")  # include_passing keeps every result
