"""Inventory integrity (all profiles): rules.md section 4.8, ``INV-*``."""

from __future__ import annotations

from frtaudit.facts import System, undeclared_facts
from frtaudit.model import Context, Severity, Verdict
from frtaudit.rules._registry import PASS, cite, fail, rule


@rule(
    "INV-CAP-001",
    severity=Severity.HIGH,
    profiles=("nhrck", "kr-pipa", "eu-ai-act", "us-wa"),
    citations=(
        *cite("frtaudit", "design rule: unknown never passes (rules.md section 7)"),
        *cite("nhrck-2023", "item (v): the ban turns on what a system can do"),
    ),
    headline="caps",
    example_fail="""
[[systems]]
capabilities = { recording = true, face_identification = "unknown" }
""",
    example_pass="""
[[systems]]
location = { type = "public_space" }
capabilities = { recording = true, face_detection = false, face_verification = false, face_identification = false, face_tracking = false, emotion_recognition = false, sensitive_attribute_inference = false }
""",
)
def capabilities_declared(s: System, ctx: Context) -> Verdict:
    missing = undeclared_facts(s)
    if missing:
        return fail("undeclared", "capabilities", fields=", ".join(missing), count=len(missing))
    return PASS
