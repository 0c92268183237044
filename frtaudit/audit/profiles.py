"""Jurisdiction profiles: which rules run, within what scope, with which parameter defaults."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from frtaudit.rules.facts import EU_COUNTRIES


@dataclass(frozen=True, slots=True)
class Param:
    """A profile parameter: its default and the type a ``--param`` value is parsed to."""

    default: Any
    kind: type
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """A rule set plus parameters; ``in_scope`` says whether an agency falls under it."""

    name: str
    in_scope: Callable[[Mapping[str, Any]], bool]
    params: Mapping[str, Param] = field(default_factory=dict)


def _everyone(agency: Mapping[str, Any]) -> bool:
    return True


def _kr(agency: Mapping[str, Any]) -> bool:
    return agency.get("country") == "KR"


def _eu(agency: Mapping[str, Any]) -> bool:
    return agency.get("country") in EU_COUNTRIES


def _us_il(agency: Mapping[str, Any]) -> bool:
    return agency.get("subdivision") == "US-IL"


def _us_wa(agency: Mapping[str, Any]) -> bool:
    return agency.get("subdivision") == "US-WA" and agency.get("is_public_body") is True


PROFILES: dict[str, Profile] = {
    "nhrck": Profile(
        "nhrck",
        _everyone,
        {
            "hria_max_age_months": Param(24, int, 1, 240),
            "max_group_ratio": Param(0.0, float, 0, 1e6),  # 0 = report only, no limit
        },
    ),
    "kr-pipa": Profile(
        "kr-pipa",
        _kr,
        {
            "kr_default_retention_days": Param(30, int, 0, 36500),
            "kr_pia_sensitive_subjects": Param(50000, int, 1, 10**9),
            "kr_pia_linked_subjects": Param(500000, int, 1, 10**9),
            "kr_pia_any_subjects": Param(1000000, int, 1, 10**9),
            "kr_breach_notice_hours": Param(72, int, 1, 10000),
            "kr_breach_report_hours": Param(72, int, 1, 10000),
            "kr_breach_report_min_subjects": Param(1000, int, 1, 10**9),
            "kr_aiba_binding": Param(False, bool),
        },
    ),
    "eu-ai-act": Profile(
        "eu-ai-act",
        _eu,
        {
            "eu_legacy_cutoff": Param(date(2027, 12, 2), date),
            "eu_public_authority_legacy_deadline": Param(date(2030, 8, 2), date),
            "logs_min_days": Param(183, int, 0, 36500),
            "eu_max_footage_days": Param(3, int, 0, 36500),
        },
    ),
    "us-wa": Profile(
        "us-wa",
        _us_wa,
        {
            "wa_prepublication_days": Param(90, int, 0, 3650),
            "wa_min_meetings": Param(3, int, 0, 100),
            "wa_update_years": Param(2, int, 1, 20),
            "wa_contract_cutoff": Param(date(2021, 7, 1), date),
        },
    ),
    # Council of Europe Guidelines on Facial Recognition and Convention 108+: any operator,
    # public or private, in any country (rules.md section 6).
    "coe": Profile(
        "coe",
        _everyone,
        {
            "hria_max_age_months": Param(24, int, 1, 240),
            "max_group_ratio": Param(0.0, float, 0, 1e6),
        },
    ),
    # Illinois BIPA (optional): agencies in Illinois; the rules judge private entities only.
    "us-il-bipa": Profile(
        "us-il-bipa",
        _us_il,
        {"bipa_max_retention_days": Param(1095, int, 1, 36500)},
    ),
}


def parse_param(name: str, text: str, profiles: tuple[str, ...]) -> Any:
    """Parse ``--param name=value`` for the active profiles; raise KeyError/ValueError."""
    for pname in profiles:
        spec = PROFILES[pname].params.get(name)
        if spec is None:
            continue
        value: Any
        if spec.kind is bool:
            low = text.strip().lower()
            if low not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(text)
            value = low in ("true", "1", "yes")
        elif spec.kind is date:
            value = date.fromisoformat(text.strip())
        else:
            value = spec.kind(text.strip())
            if spec.minimum is not None and value < spec.minimum:
                raise ValueError(text)
            if spec.maximum is not None and value > spec.maximum:
                raise ValueError(text)
        return value
    raise KeyError(name)


def default_params(profiles: tuple[str, ...]) -> dict[str, Any]:
    """Defaults of every parameter of the active profiles."""
    out: dict[str, Any] = {}
    for pname in profiles:
        for key, spec in PROFILES[pname].params.items():
            out[key] = spec.default
    return out
