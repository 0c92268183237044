"""The scan as a library call: load, validate, audit. The CLI only parses options and renders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from frtaudit.engine import Selection, audit, select_rules
from frtaudit.inventory import load_all
from frtaudit.model import Report, Severity


@dataclass(frozen=True, slots=True)
class ScanRequest:
    """Everything a scan needs, already parsed and checked."""

    paths: Sequence[str]
    as_of: date
    profiles: tuple[str, ...] = ("nhrck",)
    params: Mapping[str, Any] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.HIGH
    no_waivers: bool = False
    include_passing: bool = False
    lang: str = "en"


def run(req: ScanRequest) -> Report:
    """Load every inventory, audit it with the selected rules; raise InputError on bad input."""
    from frtaudit.rules import RULES

    sel = Selection(
        profiles=req.profiles,
        select=req.select,
        ignore=req.ignore,
        no_waivers=req.no_waivers,
        include_passing=req.include_passing,
        fail_on=req.fail_on,
    )
    inventories = load_all(req.paths)
    report = audit(inventories, select_rules(RULES, sel), sel, req.as_of, req.params)
    report.lang = req.lang
    return report


def exit_code(report: Report) -> int:
    """0 when no gap at or above ``fail_on`` remains, else 1."""
    return 1 if report.gaps_at_or_above(report.fail_on) else 0
