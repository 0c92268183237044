"""The rule catalogue: ``RULES`` plus one import per theme module (this list is the catalogue)."""

from frtaudit.model import Rule

# Registration happens on import; this list is the whole catalogue.
from frtaudit.rules import (  # noqa: F401
    coe,
    dpp,
    eu,
    exceptions,
    inventory,
    kr,
    nhrck,
    ohchr,
    tech,
    us_il,
    us_wa,
)
from frtaudit.rules._registry import RULES as _REGISTERED

#: Source prefixes in the order reports list them.
PREFIX_ORDER = (
    "NHRCK",
    "UN-OHCHR",
    "DPP",
    "TECH",
    "KR-PIPA",
    "KR-PIPC",
    "KR-AIBA",
    "EU-AIA",
    "EU-GDPR",
    "EU-LED",
    "US-WA",
    "US-BIPA",
    "COE",
    "INV",
    "EXC",
)


def _order(rule: Rule) -> tuple[int, str]:
    for i, prefix in enumerate(PREFIX_ORDER):
        if rule.id.startswith(prefix + "-"):
            return i, rule.id
    return len(PREFIX_ORDER), rule.id


#: Every rule by ID, in report order.
RULES: dict[str, Rule] = {r.id: r for r in sorted(_REGISTERED.values(), key=_order)}

__all__ = ["PREFIX_ORDER", "RULES"]
