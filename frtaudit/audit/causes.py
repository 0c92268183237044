"""The cause vocabulary: which rule results fail for the same reason and so form one gap.

A gap is one cause on one system. ``CAUSES`` names every cause; ``MESSAGE_CAUSES`` maps the
message key a result carries (``rule.<ID>.msg.<key>`` or a ``common.`` key) to its cause. A
result whose message key is not in ``MESSAGE_CAUSES`` is a gap of its own (cause
``rule:<ID>``), so a new rule works without an entry here; add one when its message says the
same thing as another rule's ("no HRIA is recorded").

Texts of a cause live in the message catalogues under ``[cause."<id>"]`` (``title``, ``fix``).
"""

from __future__ import annotations

from collections.abc import Mapping

from frtaudit.model import OWN_CAUSE, Cause, Outcome, Question, Result, Severity

#: Every declared cause, by ID.
CAUSES: Mapping[str, Cause] = {
    c.id: c
    for c in (
        # The agency never said what the system can do: the bans cannot be ruled out. An
        # unknown (not a proven prohibited use) at high severity, so --fail-on high still fails.
        Cause(
            "capabilities-undeclared",
            question=Question.PROHIBITED,
            severity=Severity.HIGH,
            outcome=Outcome.UNKNOWN,
        ),
        Cause("no-hria", question=Question.ASSESSMENT),
        Cause("no-dpia", question=Question.ASSESSMENT),
        Cause("no-fria", question=Question.ASSESSMENT),
        Cause("no-legal-basis", question=Question.LEGAL),
        Cause("general-law-basis", question=Question.LEGAL),
        Cause("no-public-notice", question=Question.NOTICE),
        Cause("no-accuracy-test", question=Question.ACCURACY),
        Cause("no-bias-test", question=Question.ACCURACY),
        Cause("sharing-undisclosed", question=Question.SHARING),
        Cause("basis-not-law", question=Question.LEGAL),
        Cause("no-signage", question=Question.NOTICE),
        # Twin rules (DPP-* for every operator, COE-* for the Council of Europe profile, and the
        # NHRCK/BIPA rules that test the same duty): one gap, every rule listed. The question is
        # that of the most severe result.
        Cause("necessity-not-shown"),
        Cause("consent-invalid"),
        Cause("no-alternative"),
        Cause("retention-not-limited"),
        Cause("no-human-review"),
        Cause("scraped-gallery"),
    )
}


def _keys(cause: str, *keys: str) -> dict[str, str]:
    return dict.fromkeys(keys, cause)


#: Message key of a result -> the ID of its cause.
MESSAGE_CAUSES: Mapping[str, str] = {
    **_keys(
        "capabilities-undeclared",
        "common.deferred",
        "common.fail_closed",
        "rule.INV-CAP-001.msg.undeclared",
    ),
    **_keys(
        "no-hria",
        "rule.NHRCK-HRIA-001.msg.none",
        "rule.NHRCK-HRIA-002.msg.none",
        "rule.NHRCK-HRIA-003.msg.none",
        "rule.NHRCK-HRIA-004.msg.none",
        "rule.NHRCK-HRIA-005.msg.none",
        "rule.UN-OHCHR-60A-001.msg.none",
        "rule.UN-OHCHR-59D-001.msg.no_assessment",
    ),
    **_keys(
        "no-dpia",
        "rule.KR-PIPA-33-001.msg.none",
        "rule.EU-GDPR-35-001.msg.none",
    ),
    **_keys(
        "no-fria",
        "rule.EU-AIA-27-001.msg.none",
        "rule.EU-AIA-5H-003.msg.no_fria",
    ),
    **_keys(
        "no-legal-basis",
        "rule.NHRCK-LEGAL-001.msg.none",
        "rule.KR-PIPA-25-001.msg.none",
    ),
    **_keys(
        "general-law-basis",
        "rule.NHRCK-LEGAL-001.msg.general",
        "rule.KR-PIPA-23-001.msg.general_law",
        "rule.EU-LED-10-001.msg.general_law",
    ),
    **_keys(
        "no-public-notice",
        "rule.NHRCK-NOTICE-001.msg.not_disclosed",
        "rule.UN-OHCHR-60B-001.msg.no_notice",
        "rule.UN-OHCHR-60B-001.msg.not_disclosed",
    ),
    **_keys(
        "no-accuracy-test",
        "rule.TECH-ACC-001.msg.none",
        "rule.TECH-OPS-001.msg.none",
        "rule.US-WA-040-001.msg.none",
    ),
    **_keys(
        "no-bias-test",
        "rule.TECH-BIAS-001.msg.none",
        "rule.UN-OHCHR-59D-001.msg.no_bias_test",
    ),
    **_keys(
        "sharing-undisclosed",
        "rule.NHRCK-DATA-001.msg.undisclosed",
        "rule.UN-OHCHR-59J-001.msg.undisclosed",
    ),
}


def _family(cause: str, rules: tuple[str, ...], *names: str) -> dict[str, str]:
    """``rule.<R>.msg.<name>`` of every rule R in ``rules`` -> ``cause``."""
    return {f"rule.{rule}.msg.{name}": cause for rule in rules for name in names}


_CONSENT = (
    "exception_claimed", "all_entrants", "not_opt_in", "no_basis", "model_unknown",
    "statutory_no_law", "dependent", "scope_unknown", "no_withdrawal", "no_record",
    "withdrawal_unknown",
)  # fmt: skip
_RETENTION = ("indefinite", "manual", "undeclared", "no_review", "no_days", "auto_unknown")
_HUMAN = (
    "automated", "no_review", "partial", "reviewer_can_override", "match_not_sole_basis",
    "no_log", "undeclared", "override_unknown",
)  # fmt: skip

#: Message keys added with the private-operator, Council of Europe and BIPA rules (issue 16).
_TWINS: Mapping[str, str] = {
    **_keys("no-legal-basis", "rule.COE-LEGAL-001.msg.none"),
    **_keys(
        "basis-not-law",
        "rule.NHRCK-LEGAL-001.msg.not_law",
        "rule.NHRCK-LEGAL-001.msg.not_law_consent",
        "rule.NHRCK-LEGAL-001.msg.not_law_contract",
        "rule.NHRCK-LEGAL-001.msg.not_law_internal",
        "rule.COE-LEGAL-001.msg.not_law",
    ),
    **_keys("no-hria", "rule.COE-IA-001.msg.none"),
    **_keys("no-public-notice", "rule.COE-NOTICE-001.msg.not_disclosed"),
    **_keys(
        "no-signage", "rule.NHRCK-NOTICE-001.msg.no_signage", "rule.COE-NOTICE-001.msg.no_sign"
    ),
    **_keys("no-accuracy-test", "rule.COE-ACC-001.msg.no_tests"),
    **_family(
        "necessity-not-shown",
        ("DPP-NEC-001", "COE-NEC-001"),
        "none",
        "no_alternatives",
        "incomplete",
    ),
    **_keys("necessity-not-shown", "rule.NHRCK-LEGAL-002.msg.missing"),
    **_family("consent-invalid", ("DPP-CONSENT-001", "COE-CONSENT-001"), *_CONSENT),
    **_family(
        "consent-invalid",
        ("US-BIPA-15B-001",),
        "all_entrants",
        "no_release",
        "model_unknown",
        "not_informed",
        "no_record",
        "notice_unknown",
    ),
    **_family(
        "no-alternative",
        ("DPP-ALT-001", "COE-ALT-001"),
        "none",
        "detriment",
        "undeclared",
        "detriment_unknown",
    ),
    **_keys(
        "no-alternative",
        "rule.NHRCK-LEGAL-002.msg.only_means",
        "rule.NHRCK-LEGAL-002.msg.alternative_unknown",
    ),
    **_family("retention-not-limited", ("DPP-RET-001", "COE-RET-001"), *_RETENTION, "not_in_law"),
    **_family("retention-not-limited", ("INV-RET-001",), "undeclared", "no_days", "silent"),
    **_family(
        "retention-not-limited", ("US-BIPA-15A-001",), "indefinite", "too_long", "undeclared"
    ),
    **_family("no-human-review", ("DPP-HUMAN-001", "COE-HUMAN-001"), *_HUMAN),
    **_family(
        "scraped-gallery",
        ("DPP-SCRAPE-001", "COE-SCRAPE-001"),
        "untargeted",
        "no_basis",
        "scraping_unknown",
        "sources_unknown",
    ),
}

MESSAGE_CAUSES = {**MESSAGE_CAUSES, **_TWINS}


def cause_of(result: Result) -> str:
    """The cause ID of a failing or unknown result (``rule:<ID>`` when none is declared)."""
    return MESSAGE_CAUSES.get(result.message_key) or OWN_CAUSE + result.rule_id
