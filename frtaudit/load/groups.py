"""Capability groups: capabilities declared once for many systems (``[[capability_groups]]``).

The audit fills each covered system's missing capability fields from its group (and names the
attestation in the report); ``frtaudit validate`` does the same before it says what a scan
will find undeclared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

#: Key put in a system's data (never an inventory field) naming the group that declared for it.
GROUP_MARK = "\x00capability_group"


@dataclass(frozen=True, slots=True)
class CapabilityGroup:
    """A ``[[capability_groups]]`` entry: capabilities declared once for the systems it selects."""

    id: str
    patterns: tuple[str, ...]  # system IDs or shell-style patterns (``*`` for every system)
    capabilities: Mapping[str, Any]
    attested_by: str
    attested_on: str

    def covers(self, system_id: str) -> bool:
        """True when the group selects the system with this ID."""
        return any(fnmatchcase(system_id, p) for p in self.patterns)


def capability_groups(doc: Mapping[str, Any]) -> list[CapabilityGroup]:
    """The inventory's capability groups, in file order (validated by the schema)."""
    out = []
    for n, g in enumerate(doc.get("capability_groups") or ()):
        out.append(
            CapabilityGroup(
                id=str(g.get("id") or f"group-{n + 1}"),
                patterns=tuple(str(p) for p in g.get("systems", ())),
                capabilities=dict(g.get("capabilities") or {}),
                attested_by=str(g.get("attested_by", "")),
                attested_on=str(g.get("attested_on", "")),
            )
        )
    return out


def with_group(
    data: dict[str, Any], groups: Sequence[CapabilityGroup]
) -> tuple[dict[str, Any], int | None]:
    """The system with the first covering group's capabilities filled in, and that group's index.

    A group fills only the capability fields the system leaves out: what a system declares
    itself (``"unknown"`` included) always wins. A system the group adds nothing to is not
    marked as covered.
    """
    sid = str(data.get("id", ""))
    for n, g in enumerate(groups):
        if not g.covers(sid):
            continue
        own = data.get("capabilities")
        own = own if isinstance(own, dict) else {}
        added = {k: v for k, v in g.capabilities.items() if k not in own}
        if not added:
            return data, None
        return {**data, "capabilities": {**own, **added}, GROUP_MARK: g.id}, n
    return data, None
