"""The public register as data: agencies and systems with only their public facts.

Built from the loaded inventories and the finished audit report. Everything that leaves
frtaudit through ``publish`` passes through :func:`build`: the site, the CSV, the JSON and
the formats of other registers are rendered from a :class:`Register`, never from an inventory.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from frtaudit.load.inventory import Inventory
from frtaudit.model import Report
from frtaudit.publish import answers as answering
from frtaudit.publish import classify
from frtaudit.rules.facts import EU_COUNTRIES

#: Purposes that put an EU entry in the non-public section of the EU database (Art. 49(4):
#: Annex III points 1, 6 and 7 in law enforcement, migration, asylum and border control).
#: Purposes in the areas Art. 49(4) keeps non-public (Annex III points 6 and 7: law
#: enforcement, migration and border control). Read broadly on purpose: withholding an entry
#: the law would publish costs less than publishing one it keeps non-public.
NON_PUBLIC_PURPOSES = frozenset(
    {"criminal_investigation", "arrest", "watchlist_alerting", "border_control"}
)


@dataclass(frozen=True, slots=True)
class PublishedSystem:
    """One system as the public sees it."""

    agency_id: str
    id: str
    name: str
    slug: str  # file name part: the id with ':' (not allowed in a relative link) as '~'
    public: Mapping[str, Any]  # the system's public fields (see classify.public_system)
    answers: Mapping[str, str]  # headline question -> outcome value or not_assessed
    frt: str  # "true", "false" or "unknown": does it recognise faces


@dataclass(frozen=True, slots=True)
class PublishedAgency:
    """One agency with its published systems and the count of those withheld."""

    id: str
    name: str
    public: Mapping[str, Any]
    systems: tuple[PublishedSystem, ...]
    #: Systems left out under AI Act Art. 49(4) (non-public section of the EU database).
    withheld_non_public: int


@dataclass(frozen=True, slots=True)
class Register:
    """Everything ``publish`` writes, in a fixed order (agencies by id, systems as listed)."""

    as_of: date
    tool_version: str
    rules_version: str
    profiles: tuple[str, ...]
    agencies: tuple[PublishedAgency, ...]

    @property
    def systems(self) -> list[PublishedSystem]:
        return [s for a in self.agencies for s in a.systems]


def plain(value: Any) -> Any:
    """Dates as ISO text, tuples as lists: a value JSON and templates can take as it is."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def non_public(agency: Mapping[str, Any], system: Mapping[str, Any]) -> bool:
    """An EU entry that AI Act Art. 49(4) registers in the non-public section.

    Taken broadly (see the README): every system of an EU law-enforcement body, and every
    EU system whose purpose is law enforcement or border control, whatever its AI Act class.
    """
    if agency.get("country") not in EU_COUNTRIES:
        return False
    if agency.get("is_law_enforcement") is True or agency.get("kind") == "law_enforcement":
        return True
    operator = system.get("operator")
    if isinstance(operator, Mapping) and operator.get("law_enforcement") is True:
        return True
    purpose = system.get("purpose")
    return isinstance(purpose, Mapping) and purpose.get("primary") in NON_PUBLIC_PURPOSES


def slug(system_id: str) -> str:
    """A file name for the id (ids are ``[A-Za-z0-9._:-]``; ``~`` never occurs in one)."""
    return system_id.replace(":", "~")


def build(inventories: Sequence[Inventory], report: Report) -> Register:
    """The register of ``inventories`` with the answers of ``report`` (audited with them).

    ``report`` must come from the same files (rows are matched by inventory path and system
    index) and keep every result (``include_passing``).
    """
    questions = answering.rule_questions(report)
    by_path = {info.path: i for i, info in enumerate(report.inventories)}
    rows = {(row.inventory, row.index): row for row in report.rows}
    agencies: dict[str, dict[str, Any]] = {}
    for inv in inventories:
        agency = inv.agency
        aid = str(agency["id"])
        entry = agencies.setdefault(
            aid,
            {
                "name": str(agency.get("name", aid)),
                "public": plain(classify.public_agency(agency)),
                "systems": [],
                "withheld": 0,
            },
        )
        where = by_path.get(inv.path)
        for index, system in enumerate(inv.systems):
            if non_public(agency, system):
                entry["withheld"] += 1
                continue
            row = rows.get((where, index)) if where is not None else None
            public = plain(classify.public_system(system))
            entry["systems"].append(
                PublishedSystem(
                    agency_id=aid,
                    id=str(system["id"]),
                    name=str(public.get("name", system["id"])),
                    slug=slug(str(system["id"])),
                    public=public,
                    answers=(
                        answering.answers(row, questions)
                        if row is not None
                        else dict.fromkeys(
                            ("legal", "assessment", "notice", "prohibited"),
                            answering.NOT_ASSESSED,
                        )
                    ),
                    frt=row.frt if row is not None else "unknown",
                )
            )
    return Register(
        as_of=report.as_of,
        tool_version=report.tool_version,
        rules_version=report.rules_version,
        profiles=report.profiles,
        agencies=tuple(
            PublishedAgency(
                id=aid,
                name=e["name"] if "name" in e["public"] else aid,
                public=e["public"],
                systems=tuple(e["systems"]),
                withheld_non_public=e["withheld"],
            )
            for aid, e in sorted(agencies.items())
        ),
    )
