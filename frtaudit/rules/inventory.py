"""Inventory integrity (all profiles): rules.md section 4.8, ``INV-*``."""

from __future__ import annotations

from frtaudit.evidence import agency_urls, failing, system_urls
from frtaudit.facts import System, undeclared_facts
from frtaudit.model import Context, Severity, Verdict
from frtaudit.rules._registry import PASS, cite, fail, rule, unknown


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


@rule(
    "INV-EVD-001",
    severity=Severity.LOW,
    profiles=("nhrck", "kr-pipa", "eu-ai-act", "us-wa"),
    citations=(*cite("frtaudit", "design rule: evidence must be checkable"),),
    example_fail="""
[[systems]]
evidence = ["https:///reports/hria-2025.pdf"]
""",
    example_pass="""
[[systems]]
evidence = ["https://www.example.go.kr/reports/hria-2025.pdf"]
""",
)
def evidence_checkable(s: System, ctx: Context) -> Verdict:
    # Every URL field of the system (derived from the schema); the agency's own URLs are judged
    # once per inventory, on its first system, so one dead policy link is one finding.
    found = system_urls(s.data)
    if s.index == 0:
        found += [(url, f"agency.{path}") for url, path in agency_urls(s.agency)]
    # Offline (ctx.links is None: no --check-links) only what is visible without the network
    # counts: a URL with no host, a bad port, spaces, or credentials in it. With link results,
    # every URL must have answered with a 2xx status after at most 5 redirects.
    bad, unchecked = failing(found, ctx.links)
    if bad:
        shown = "; ".join(f"{path} {url} ({detail})" for path, url, detail in bad[:3])
        if len(bad) > 3:
            return fail("broken_more", bad[0][0], count=len(bad), links=shown, more=len(bad) - 3)
        return fail("broken", bad[0][0], count=len(bad), links=shown)
    if unchecked:
        shown = "; ".join(f"{path} {url}" for path, url in unchecked[:3])
        return unknown("not_checked", unchecked[0][0], count=len(unchecked), links=shown)
    return PASS
