"""The audit: every selected rule on every system, then waivers, into one Report.

Results that pass or do not apply are counted, not kept (unless ``include_passing``), so memory
grows with the gaps found, not with systems times rules.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from operator import attrgetter
from typing import Any

from frtaudit import __version__
from frtaudit.audit.baseline import BaselineInput, compare
from frtaudit.audit.causes import CAUSES, cause_of
from frtaudit.audit.profiles import PROFILES
from frtaudit.load.groups import GROUP_MARK, capability_groups, with_group
from frtaudit.load.inventory import Inventory
from frtaudit.model import (
    QUESTIONS,
    Attestation,
    Context,
    Fleet,
    Gap,
    InventoryInfo,
    Outcome,
    Question,
    Report,
    Result,
    Rule,
    Severity,
    SystemRow,
    Tri,
    Verdict,
    Waiver,
    worse,
)
from frtaudit.rules.exceptions import waiver_problem
from frtaudit.rules.facts import (
    EVERYTHING,
    FACT_NAMES,
    System,
    deciding_fields,
    undeclared_facts,
)

#: Version of the rule catalogue; bump when a rule's logic or metadata changes.
RULES_VERSION = "2026.12.2"

#: Facts whose UNKNOWN value INV-CAP-001 reports once; rules hinging on them are deferred.
DEFERRABLE = frozenset(
    {"FRT", "ID", "VERIFY_ONLY", "REMOTE", "RT", "POST", "PUBLIC", "RBI_RT_PUBLIC", "RECORDING"}
)


def _hinges_on_undeclared(s: System, fact: str) -> bool:
    """Whether ``fact`` is unknown (at least) because of a field INV-CAP-001 reports.

    A composite fact such as WATCHLIST (identification and a gallery of listed people) stays
    unknown while the capabilities are undeclared: such a result is deferred with the others,
    so that a system with undeclared capabilities has one gap for it. An ad-hoc predicate of a
    rule module (not a named fact) is taken to hinge on them when face recognition itself is
    still unknown.
    """
    if fact not in FACT_NAMES:
        return s.fact("FRT") is Tri.UNKNOWN
    return not set(deciding_fields(s, (fact,))).isdisjoint(undeclared_facts(s))


_BY_RULE = attrgetter("rule_id")

#: Outcome.is_gap and Outcome.is_quiet as sets (a property call each is slow in the audit loop).
GAP_OUTCOMES = frozenset(o for o in Outcome if o.is_gap)
QUIET_OUTCOMES = frozenset(o for o in Outcome if o.is_quiet)

#: Rules evaluated after the others because they judge the exceptions themselves.
META_RULES = ("EXC-001", "EXC-002")


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rules run and how results are gated."""

    profiles: tuple[str, ...] = ("nhrck",)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    no_waivers: bool = False
    include_passing: bool = False
    fail_on: Severity = Severity.HIGH


def rule_in_profiles(rule: Rule, profiles: Iterable[str]) -> bool:
    """True when the rule belongs to one of ``profiles`` (INV/EXC belong to all)."""
    return rule.common or any(p in rule.profiles for p in profiles)


def _matches(rule_id: str, patterns: Sequence[str]) -> bool:
    return any(rule_id == p or rule_id.startswith(p.rstrip("-") + "-") for p in patterns)


def select_rules(rules: Mapping[str, Rule], sel: Selection) -> tuple[Rule, ...]:
    """Rules of the active profiles, narrowed by ``--select`` and ``--ignore`` (ID or prefix)."""
    chosen = [r for r in rules.values() if rule_in_profiles(r, sel.profiles)]
    if sel.select:
        chosen = [r for r in chosen if _matches(r.id, sel.select)]
    if sel.ignore:
        chosen = [r for r in chosen if not _matches(r.id, sel.ignore)]
    return tuple(chosen)


def unknown_patterns(rules: Mapping[str, Rule], patterns: Sequence[str]) -> list[str]:
    """Patterns of ``--select``/``--ignore`` that match no rule at all (a usage error)."""
    return [p for p in patterns if not any(_matches(r, [p]) for r in rules)]


def catalogue_hash(rules: Iterable[Rule]) -> str:
    """SHA-256 over every rule's metadata, so a report names the exact rule set it used."""
    meta = [
        {
            "id": r.id,
            "severity": r.severity.label,
            "question": r.question.value,
            "profiles": r.profiles,
            "citations": [[c.source, c.pinpoint] for c in r.citations],
            "waivable": r.waivable,
            "automated": r.automated,
            "in_force_from": r.in_force_from.isoformat() if r.in_force_from else None,
        }
        for r in rules
    ]
    blob = json.dumps([RULES_VERSION, meta], sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


class Auditor:
    """Holds the per-run state: ``run`` or ``add`` audit inventories, ``finish`` makes the Report.

    The Report is built once, at the end, and never changed afterwards: language, render
    options and the baseline comparison are inputs of :meth:`finish`.
    """

    def __init__(self, rules: tuple[Rule, ...], sel: Selection, ctx: Context) -> None:
        self.sel = sel
        self.ctx = ctx
        self.all_rules = rules
        self.by_id = {r.id: r for r in rules}
        self.rules = [r for r in rules if r.id not in META_RULES]
        self.meta = [r for r in rules if r.id in META_RULES]
        self.inventories: list[InventoryInfo] = []
        self.rows: list[SystemRow] = []
        self.deferred = 0
        self.counts: dict[str, int] = dict.fromkeys((o.value for o in Outcome), 0)
        self.gaps: dict[str, int] = dict.fromkeys((s.label for s in Severity), 0)
        self.advisory_gaps = 0
        self.gap_results = 0
        self._verdicts: dict[tuple[Any, ...], Verdict] = {}
        self._verdicts_made: set[int] = set()  # ids of the verdicts in _verdicts
        self._scoped: dict[int, list[_Scoped]] = {}  # see _in_scope
        #: What a fixed verdict (see ``_fixed``) of a rule adds to a plan without exceptions:
        #: rule ID -> id of the verdict -> effect.
        self._effects: dict[str, dict[int, _Effect]] = {}
        self._parts: dict[tuple[Any, ...], Any] = {}  # see _shared
        self._deferred: dict[tuple[str, Severity, bool], Result] = {}
        #: Plans received from a process that may name them again (see ``PlanCache``).
        self._received: dict[tuple[str, int], _Plan] = {}

    def finish(
        self,
        lang: str = "en",
        render_options: Mapping[str, Any] | None = None,
        baseline: BaselineInput | None = None,
    ) -> Report:
        """The finished, immutable Report of everything audited so far."""
        rows = tuple(self.rows)
        report = Report(
            tool_version=__version__,
            rules_version=RULES_VERSION,
            rules_hash=catalogue_hash(self.all_rules),
            as_of=self.ctx.as_of,
            profiles=self.sel.profiles,
            params=dict(self.ctx.params),
            fail_on=self.sel.fail_on,
            rules=self.all_rules,
            inventories=tuple(self.inventories),
            rows=rows,
            fleets=fleets(rows),
            causes=CAUSES,
            counts=dict(self.counts),
            gap_counts=dict(self.gaps),
            advisory_gaps=self.advisory_gaps,
            gap_results=self.gap_results,
            deferred=self.deferred,
            include_passing=self.sel.include_passing,
            lang=lang,
            render_options=dict(render_options or {}),
        )
        if baseline is not None:
            report = replace(report, baseline=compare(report.findings, baseline))
        return report

    # -- scope ---------------------------------------------------------------------------------
    def _out_of_scope(self, rule: Rule, agency: Mapping[str, Any]) -> str:
        """'' when some active profile of the rule covers the agency, else the profile names."""
        if rule.common:
            return ""
        names = [p for p in self.sel.profiles if p in rule.profiles]
        covered = any(PROFILES[p].in_scope(agency) for p in names)
        return "" if covered else ", ".join(names)

    def _fixed(self, outcome: Outcome, key: str, **params: Any) -> Verdict:
        """A verdict that does not depend on the system, made once (verdicts are immutable)."""
        cache_key = (outcome, key, *params.items())
        verdict = self._verdicts.get(cache_key)
        if verdict is None:
            verdict = self._verdicts[cache_key] = Verdict(outcome, key, params)
            self._verdicts_made.add(id(verdict))  # kept alive by _verdicts: ids stay unique
        return verdict

    # -- one result ----------------------------------------------------------------------------
    def _in_scope(self, agency: Mapping[str, Any], inv: int) -> list[_Scoped]:
        """Per rule: the rule, its out-of-scope verdict for this inventory (None: in scope),
        and what each of its fixed verdicts adds to a plan (filled in by ``_plan``)."""
        out: list[_Scoped] = []
        for rule in self.rules:
            scope = self._out_of_scope(rule, agency)
            effects = self._effects.setdefault(rule.id, {})
            na = (
                self._fixed(Outcome.NOT_APPLICABLE, "common.na.out_of_scope", profiles=scope)
                if scope
                else None
            )
            out.append((rule, na, effects))
        return out

    def _evaluate(self, rule: Rule, s: System) -> Verdict:
        """The verdict of an in-scope rule on ``s``."""
        value, reason = rule.applies.fn(s)
        if value is Tri.FALSE:
            return self._fixed(Outcome.NOT_APPLICABLE, f"common.na.{reason}")
        if value is Tri.UNKNOWN:
            if rule.fail_closed:
                return Verdict(
                    Outcome.FAIL,
                    "common.fail_closed",
                    {
                        "fields": ", ".join(
                            deciding_fields(s, rule.applies.names) or undeclared_facts(s)
                        )
                        or reason
                    },
                    "capabilities",
                )
            if reason in DEFERRABLE or _hinges_on_undeclared(s, reason):
                return self._fixed(Outcome.UNKNOWN, "common.deferred")
            return self._fixed(Outcome.UNKNOWN, f"common.unknown_applicability.{reason}")
        if rule.in_force_from and self.ctx.as_of < rule.in_force_from:
            return Verdict(
                Outcome.NOT_IN_FORCE,
                "common.not_in_force",
                {"date": rule.in_force_from.isoformat()},
            )
        verdict = rule.check(s, self.ctx)
        if verdict.key and not verdict.key.startswith("common."):
            verdict = Verdict(
                verdict.outcome,
                f"rule.{rule.id}.msg.{verdict.key}",
                verdict.params,
                verdict.field,
                verdict.severity,
            )
        return verdict

    # -- waivers ---------------------------------------------------------------------------------
    def _waive(
        self, rule: Rule, verdict: Verdict, s: System
    ) -> tuple[Outcome, Waiver | None, str, dict[str, Any]]:
        """Apply the system's exceptions for this rule to a gap (see ``waiver_problem``)."""
        exceptions = [e for e in s.items("exceptions") if e.get("rule") == rule.id]
        if not exceptions or self.sel.no_waivers:
            return verdict.outcome, None, "", _NO_PARAMS
        note: str = ""
        params: dict[str, Any] = _NO_PARAMS
        for e in exceptions:
            problem, problem_params = waiver_problem(e, rule, self.ctx.as_of)
            if problem:
                note, params = f"common.waiver.{problem}", problem_params
                continue
            waiver = Waiver(
                rule=rule.id,
                granted_by=str(e.get("granted_by", "")),
                authority_kind=str(e.get("authority_kind", "")),
                instrument=str(e.get("instrument", "")),
                justification=str(e.get("justification", "")),
                granted_on=str(e.get("granted_on", "")),
                expires_on=str(e.get("expires_on", "")),
            )
            return Outcome.WAIVED, waiver, "", _NO_PARAMS
        return verdict.outcome, None, note, params

    # -- the run -----------------------------------------------------------------------------------
    def run(
        self,
        inventories: Sequence[Inventory],
        progress: Callable[[str, int, int], None] | None = None,
    ) -> None:
        """Audit ``inventories`` (see :meth:`finish` for the report)."""
        total = sum(len(inv.systems) for inv in inventories)
        done = 0
        for inv_index, inv in enumerate(inventories):
            self.add(self.plan_inventory(inv, inv_index, progress, done, total), inv_index)
            done += len(inv.systems)

    def plan_inventory(
        self,
        inv: Inventory,
        inv_index: int,
        progress: Callable[[str, int, int], None] | None = None,
        done: int = 0,
        total: int = 0,
        start: int = 0,
        cache: PlanCache | None = None,
    ) -> AuditedFile:
        """Every result of one inventory, as plans shared by systems alike (see ``add``).

        ``start``: the systems of ``inv`` are a piece of a bigger inventory starting with its
        system number ``start`` (see ``frtaudit.audit.chunks``). ``cache``: plans this process
        made for earlier pieces of the same inventory; a plan sent before is sent as its
        serial number.
        """
        agency = inv.agency
        frt_count = 0
        plans: list[_Plan | int] = []
        made: list[_Plan] = []  # plans[n], or the plan its serial number names
        local: dict[int, int] = {}  # id of a plan -> its number in this piece
        tree = cache.tree if cache is not None else ReadTree()
        systems: list[tuple[str, str, int | None, int, str, str]] = []
        groups = capability_groups(inv.data)
        covered = [0] * len(groups)
        for index, data in enumerate(inv.systems, start):
            if groups:
                data, group = with_group(data, groups)
                if group is not None:
                    covered[group] += 1
            first = index == 0
            plan = tree.find(data, first)
            fresh = plan is None
            if plan is None:
                s = System(data, agency, index, self.ctx.as_of, reads={})
                plan = self._plan(s, inv_index)
                tree.add(data, first, s.reads or {}, plan)
                if cache is not None:
                    cache.number(plan)
            number = local.get(id(plan))
            if number is None:
                number = local[id(plan)] = len(plans)
                # a plan of an earlier piece was sent with it: named by its serial number
                plans.append(plan if fresh or cache is None else plan.serial)
                made.append(plan)
            plan = made[number]
            frt_count += plan.frt == Tri.TRUE.value
            line = inv.system_lines[index - start]
            systems.append(
                (
                    str(data["id"]),
                    str(data.get("name", "")),
                    line,
                    number,
                    str(data.get("name_local", "")),
                    str(data.get(GROUP_MARK, "")),
                )
            )
            done += 1
            if progress is not None and done % 2000 == 0:
                progress("audit", done, total)
        info = InventoryInfo(
            path=inv.path,
            sha256=inv.sha256,
            agency_id=str(agency["id"]),
            agency_name=str(agency.get("name", "")),
            country=str(agency.get("country", "")),
            systems=len(inv.systems),
            frt_systems=frt_count,
            agency_name_local=str(agency.get("name_local", "")),
            attestations=tuple(
                Attestation(
                    id=g.id,
                    attested_by=g.attested_by,
                    attested_on=g.attested_on,
                    capabilities=g.capabilities,
                    systems=n,
                )
                for g, n in zip(groups, covered, strict=True)
            ),
        )
        return AuditedFile(info, plans, systems, cache.origin if cache is not None else "")

    def add(self, part: AuditedFile, inv_index: int, start: int | None = None) -> None:
        """Add an audited inventory to the report as inventory number ``inv_index``.

        With ``start``, ``part`` is a piece of that inventory (its systems from number
        ``start`` on) and the inventory itself is left for the caller to add. A plan that
        ``part`` names by serial number must have come in an earlier part from the same
        process (``part.origin``); LookupError otherwise, before anything is added.
        """
        seen: dict[int, Any] = {}  # id of an object of ``part`` -> its interned equal
        received = self._received
        for ref in part.plans:
            if isinstance(ref, int) and (part.origin, ref) not in received:
                raise LookupError(f"plan {ref} of {part.origin} was never received")
        plans: list[_Plan] = []
        for ref in part.plans:
            if isinstance(ref, int):
                plans.append(received[part.origin, ref])
                continue
            plan = self._shared(ref, seen)
            if part.origin and ref.serial >= 0:
                received[part.origin, ref.serial] = plan
            plans.append(plan)
        rows = self.rows
        uses = [0] * len(plans)
        for index, (sid, name, line, number, local, group) in enumerate(part.systems, start or 0):
            plan = plans[number]
            uses[number] += 1
            rows.append(
                SystemRow(
                    inv_index,
                    index,
                    sid,
                    name,
                    plan.frt,
                    line,
                    plan.cells,
                    plan.gaps,
                    plan.snapshot,
                    plan.kept,
                    local,
                    group,
                )
            )
        for plan, systems in zip(plans, uses, strict=True):
            if systems:
                self._count(plan, systems)
        if start is None:
            self.inventories.append(part.info)

    def _shared(self, plan: _Plan, seen: dict[int, Any]) -> _Plan:
        """``plan`` with its parts replaced by equal ones already in the report, if any.

        Plans are made per file (and copied when they come from a worker process), but many
        are alike across files: a national report then holds each distinct matrix row,
        snapshot and result list once, not once per file.
        """
        known = self._parts
        cells = known.setdefault(("cells", *plan.cells.items()), plan.cells)
        snap = known.setdefault(("snapshot", repr(plan.snapshot)), plan.snapshot)
        results = []
        for r in plan.kept:  # results shared by plans of one part are looked up once
            found = seen.get(id(r))
            if found is None:
                found = seen[id(r)] = known.setdefault(_result_key(r), r)
            results.append(found)
        kept_tuple = tuple(results)
        kept = known.setdefault(("kept", *map(id, kept_tuple)), kept_tuple)  # ids of kept objects
        gap_list = []
        for g in plan.gaps:
            interned = tuple([seen[id(r)] for r in g.results])
            key = ("gap", g.cause, *map(id, interned))
            gap = known.get(key)
            if gap is None:
                gap = known[key] = Gap(
                    g.cause, g.question, g.severity, g.outcome, g.advisory, interned
                )
            gap_list.append(gap)
        gaps_tuple = tuple(gap_list)
        gaps = known.setdefault(("gaps", *map(id, gaps_tuple)), gaps_tuple)
        # the plan is this auditor's own (made here or unpickled from a worker): updated in place
        plan.cells, plan.gaps, plan.snapshot, plan.kept = cells, gaps, snap, kept
        return plan

    def _plan(self, s: System, inv_index: int) -> _Plan:
        """Every result of one system, with what it adds to the counts, findings and its row."""
        plan = _Plan(frt=s.fact("FRT").value, snapshot=snapshot(s))
        raw: dict[str, Outcome] = {}
        kept: list[Result] = []
        # Without exceptions a fixed verdict (the same for every system) always adds the same
        # to a plan: worked out once per rule (``_effect``), the bulk of a city's cameras.
        plain = self.sel.no_waivers or not s.items("exceptions")
        fixed = self._verdicts_made
        cells, counts = plan.cells, plan.counts
        scoped = self._scoped.get(inv_index)
        if scoped is None:
            scoped = self._scoped[inv_index] = self._in_scope(s.agency, inv_index)
        for rule, out_of_scope, effects in scoped:
            verdict = out_of_scope or self._evaluate(rule, s)
            raw[rule.id] = verdict.outcome
            if plain and id(verdict) in fixed:
                effect = effects.get(id(verdict))
                if effect is None:
                    effect = effects[id(verdict)] = self._effect(rule, verdict)
                question, cell, count, deferred, result = effect
                if question is not None:
                    cells[question] = worse(cells.get(question), cell)
                counts[count] = counts.get(count, 0) + 1
                plan.deferred += deferred
                if result is not None:
                    kept.append(result)
                continue
            self._record(rule, verdict, s, plan, kept)
        if self.meta:
            meta_ctx = replace(self.ctx, results=raw)
            for rule in self.meta:
                verdict = self._evaluate_meta(rule, s, meta_ctx, inv_index)
                self._record(rule, verdict, s, plan, kept)
        plan.kept = tuple(sorted(kept, key=_BY_RULE))
        plan.gaps = self._gaps(plan)
        return plan

    def _gaps(self, plan: _Plan) -> tuple[Gap, ...]:
        """The plan's gap results grouped by cause, and their outcomes put in the cells."""
        groups: dict[str, list[Result]] = {}
        for r in plan.kept:
            if r.outcome in GAP_OUTCOMES:
                groups.setdefault(cause_of(r), []).append(r)
        gaps: list[Gap] = []
        for cause_id, results in groups.items():
            cause = CAUSES.get(cause_id)
            binding = [r for r in results if not r.advisory]
            advisory = not binding
            ranked = binding or results
            top = max(ranked, key=lambda r: (r.severity, r.outcome is Outcome.FAIL))
            question = (cause.question if cause else None) or self.by_id[top.rule_id].question
            severity = (cause.severity if cause else None) or top.severity
            outcome = (cause.outcome if cause else None) or (
                Outcome.FAIL if any(r.outcome is Outcome.FAIL for r in ranked) else Outcome.UNKNOWN
            )
            gaps.append(Gap(cause_id, question, severity, outcome, advisory, tuple(results)))
            shown = Outcome.NEEDS_REVIEW if advisory else outcome
            plan.cells[question] = worse(plan.cells.get(question), shown)
        order = {q: n for n, q in enumerate(QUESTIONS)}
        gaps.sort(key=lambda g: (-g.severity, order[g.question], g.cause))
        for g in gaps:
            if g.advisory:
                plan.advisory_gaps += 1
            else:
                plan.gap_counts[g.severity.label] = plan.gap_counts.get(g.severity.label, 0) + 1
            plan.gap_results += len(g.results)
        return tuple(gaps)

    def _count(self, plan: _Plan, systems: int) -> None:
        """Add what ``plan`` counts, for ``systems`` systems that have it, to the totals."""
        counts = self.counts
        for outcome, n in plan.counts.items():
            counts[outcome] += n * systems
        gaps = self.gaps
        for label, n in plan.gap_counts.items():
            gaps[label] += n * systems
        self.advisory_gaps += plan.advisory_gaps * systems
        self.gap_results += plan.gap_results * systems
        self.deferred += plan.deferred * systems

    def _evaluate_meta(self, rule: Rule, s: System, ctx: Context, inv: int) -> Verdict:
        value, reason = rule.applies(s)
        if value is Tri.FALSE:
            return Verdict(Outcome.NOT_APPLICABLE, f"common.na.{reason}")
        verdict = rule.check(s, ctx)
        if verdict.key and not verdict.key.startswith("common."):
            verdict = Verdict(
                verdict.outcome,
                f"rule.{rule.id}.msg.{verdict.key}",
                verdict.params,
                verdict.field,
                verdict.severity,
            )
        return verdict

    def _effect(self, rule: Rule, verdict: Verdict) -> _Effect:
        """What ``verdict`` adds to a plan when no exception applies (see ``_record``)."""
        probe = _Plan(frt="", snapshot={})
        kept: list[Result] = []
        self._apply_verdict(rule, verdict, verdict.outcome, None, "", _NO_PARAMS, probe, kept)
        ((question, cell),) = probe.cells.items() or ((None, verdict.outcome),)
        ((count, _),) = probe.counts.items()
        return (question, cell, count, probe.deferred, kept[0] if kept else None)

    def _record(
        self, rule: Rule, verdict: Verdict, s: System, plan: _Plan, kept: list[Result]
    ) -> None:
        outcome = verdict.outcome
        waiver, note = None, ""
        note_params: dict[str, Any] = _NO_PARAMS
        if outcome in GAP_OUTCOMES and rule.id not in META_RULES:
            outcome, waiver, note, note_params = self._waive(rule, verdict, s)
        self._apply_verdict(rule, verdict, outcome, waiver, note, note_params, plan, kept)

    def _apply_verdict(
        self,
        rule: Rule,
        verdict: Verdict,
        outcome: Outcome,
        waiver: Waiver | None,
        note: str,
        note_params: dict[str, Any],
        plan: _Plan,
        kept: list[Result],
    ) -> None:
        # Gap outcomes go to their gap's question (see _gaps); a deferred result also leaves its
        # own question unknown (it is listed in the capabilities gap, not as a gap of its own).
        if outcome not in GAP_OUTCOMES or verdict.key == "common.deferred":
            plan.cells[rule.question] = worse(plan.cells.get(rule.question), outcome)
        plan.counts[outcome.value] = plan.counts.get(outcome.value, 0) + 1
        if verdict.key == "common.deferred":
            plan.deferred += 1
        severity = verdict.severity or rule.severity
        advisory = rule.advisory and not (
            rule.advisory_unless and self.ctx.params.get(rule.advisory_unless)
        )
        if outcome in QUIET_OUTCOMES and not self.sel.include_passing:
            return
        if verdict.key == "common.deferred" and waiver is None and not note:
            # the same for every system: one object per rule, severity and advisory flag
            cache_key = (rule.id, severity, advisory)
            deferred = self._deferred.get(cache_key)
            if deferred is None:
                deferred = self._deferred[cache_key] = Result(
                    rule.id,
                    outcome,
                    severity,
                    verdict.key,
                    verdict.params,
                    verdict.field,
                    None,
                    "",
                    _NO_PARAMS,
                    advisory,
                )
            kept.append(deferred)
            return
        kept.append(
            Result(
                rule_id=rule.id,
                outcome=outcome,
                severity=severity,
                message_key=verdict.key,
                params=verdict.params,
                field=verdict.field,
                waiver=waiver,
                note_key=note,
                note_params=note_params,
                advisory=advisory,
            )
        )


@dataclass(slots=True)
class AuditedFile:
    """One inventory audited: what ``Auditor.add`` turns into rows and findings.

    Small to send between processes: a plan per kind of system, and per system only its id,
    name, line and plan number.
    """

    info: InventoryInfo
    #: A plan, or the serial number of a plan the same process sent before (see PlanCache).
    plans: list[_Plan | int]
    #: Per system: id, name, line, plan number, name_local, capability group ID ('' for none).
    systems: list[tuple[str, str, int | None, int, str, str]]
    #: The PlanCache whose serial numbers ``plans`` uses ('' when none).
    origin: str = ""


#: A node of a ReadTree: the field it compares (None at a leaf), its children by the text of
#: the field's value, and the plan at a leaf.
_Node = list[Any]
#: The text of a field a system does not have (no ``repr`` starts with a NUL).
_ABSENT = "\x00absent"


class ReadTree:
    """Plans by the values of the fields read to make them: systems alike share one plan.

    A system's plan is a function of the fields the audit reads (rules are pure functions of
    the system, its agency and the context; the agency, the context and the rules are the same
    for every system of one tree). ``System(reads=...)`` notes each top-level field as it is
    first read. A system that agrees with an earlier one on each field that audit read, in the
    order read, is audited along the same path: it reads the same fields and gets the same plan.
    So the tree compares, from the root, the first field read, then the next one read along
    that branch, and so on; a leaf holds the plan.

    Values are compared by their text (``repr``: 1, 1.0 and True differ). The fields no rule
    reads (INERT_FIELDS, INERT_LOCATION) are left out of the comparison by ``_text``, as
    before; the first system of an inventory has its own root (agency-wide checks run on it).
    A plan whose making read the whole system (``System.data``) is not shared. At most
    PLAN_CACHE_SIZE leaves: then the tree starts over.
    """

    __slots__ = ("leaves", "roots")

    def __init__(self) -> None:
        self.roots: dict[bool, _Node] = {}
        self.leaves = 0

    def find(self, data: Mapping[str, Any], first: bool) -> _Plan | None:
        """The plan of a system that agrees with ``data`` on every field it was made from."""
        node = self.roots.get(first)
        get = data.get
        try:
            while node is not None:
                name, children, plan = node
                if name is None:
                    return plan  # type: ignore[no-any-return]
                value = get(name, _ABSENT)
                if value is _ABSENT or name in INERT_FIELDS:
                    node = children.get(_ABSENT)
                elif name == "location":
                    node = children.get(_text(data, name))
                else:  # _text, inlined: this runs for every field read of every system
                    node = children.get(repr(value))
        except RecursionError:  # pragma: no cover - validated data is shallow
            return None
        return None

    def add(
        self, data: Mapping[str, Any], first: bool, reads: Mapping[str, None], plan: _Plan
    ) -> None:
        """Remember ``plan``, made for ``data`` reading the fields ``reads`` in this order."""
        if EVERYTHING in reads:
            return
        if self.leaves >= PLAN_CACHE_SIZE:
            self.roots.clear()
            self.leaves = 0
        try:
            texts = [(name, _text(data, name)) for name in reads]
        except RecursionError:  # pragma: no cover - validated data is shallow
            return
        leaf: _Node = [None, {}, plan]
        node = self.roots.get(first)
        if node is None:
            self.roots[first] = node = [texts[0][0], {}, None] if texts else leaf
        for n, (name, text) in enumerate(texts):
            if node[0] != name:
                return  # not the path this audit took: cannot happen for pure rules
            nxt = texts[n + 1][0] if n + 1 < len(texts) else None
            child = node[1].get(text)
            if child is None:
                child = node[1][text] = leaf if nxt is None else [nxt, {}, None]
            node = child
        if node is leaf:
            self.leaves += 1


@dataclass(slots=True)
class PlanCache:
    """Plans one worker process made for the earlier pieces of one big inventory.

    Pieces of one inventory (``frtaudit.audit.chunks``) hold many systems alike across
    pieces: a worker makes each plan once for all its pieces (its ReadTree), and sends it
    once; later pieces name it by its serial number, which ``Auditor.add`` looks up in what
    ``origin`` sent.
    """

    origin: str
    tree: ReadTree = field(default_factory=ReadTree)
    serials: int = 0

    def number(self, plan: _Plan) -> None:
        """Give a plan made by this process its serial number."""
        plan.serial = self.serials
        self.serials += 1


@dataclass(slots=True)
class _Plan:
    """All results of one system, ready to be added to the report for it or a system alike."""

    frt: str
    snapshot: dict[str, Any]
    cells: dict[Question, Outcome] = field(default_factory=dict)
    gaps: tuple[Gap, ...] = ()
    gap_counts: dict[str, int] = field(default_factory=dict)  # severity label -> binding gaps
    advisory_gaps: int = 0
    gap_results: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    deferred: int = 0
    kept: tuple[Result, ...] = ()  # in rule-ID order once planned
    serial: int = -1  # its number in a PlanCache, -1 when none


#: Fields no rule reads: systems that differ only in these get the same results. A rule that
#: starts reading one of them must take it off this list (tests/test_fast_validation.py checks
#: that changing them changes no verdict of the sample and generated inventories).
INERT_FIELDS = frozenset({"id", "name", "name_local", "description", "notes", GROUP_MARK})
#: Inert fields of ``location``; ``address`` counts only by whether it is given.
INERT_LOCATION = frozenset({"lat", "lon", "address"})
#: Plans a ReadTree holds before it starts over (bounds the memory of a worker or one file).
PLAN_CACHE_SIZE = 16384


#: What a fixed verdict adds to a plan: the question and outcome of its cell (None: none), the
#: counter it counts in, 1 when deferred, the result kept (None: counted only).
_Effect = tuple[Question | None, Outcome, str, int, Result | None]

#: A rule, its out-of-scope verdict for an inventory (None: in scope), its effects by verdict.
_Scoped = tuple[Rule, Verdict | None, dict[int, _Effect]]

#: The note parameters of the many results without a note (never changed: shared).
_NO_PARAMS: dict[str, Any] = {}


def _mapping_key(m: Mapping[str, Any]) -> Any:
    """A hashable stand-in for ``m`` that tells 1, 1.0 and True apart."""
    if not m:
        return ()
    values = tuple(m.values())
    key = (tuple(m), tuple(map(type, values)), values)
    try:
        hash(key)
    except TypeError:  # a list or dict value
        return repr(m)
    return key


def _result_key(r: Result) -> tuple[Any, ...]:
    """Results with equal keys are interchangeable (see ``Auditor._shared``)."""
    return (
        "result",
        r.rule_id,
        r.outcome,
        r.severity,
        r.message_key,
        r.field,
        r.waiver,
        r.note_key,
        r.advisory,
        _mapping_key(r.params),
        _mapping_key(r.note_params),
    )


def _text(data: Mapping[str, Any], name: str) -> str:
    """What the rules can see of the field ``name`` of a system, as text (see ReadTree).

    Inert fields look absent; of ``location`` only the fields rules read count, and of its
    address only whether there is one.
    """
    value = data.get(name, _ABSENT)
    if value is _ABSENT or name in INERT_FIELDS:
        return _ABSENT
    if name == "location" and isinstance(value, dict):
        address = value.get("address")
        value = {k: v for k, v in value.items() if k not in INERT_LOCATION}
        value["address?"] = isinstance(address, str) and bool(address.strip())
    return repr(value)


def fleets(rows: Sequence[SystemRow]) -> tuple[Fleet, ...]:
    """Systems of one inventory with the same gaps and cells, in order of their first member.

    Rows alike share their kept results and cells objects (see ``Auditor._shared``), so
    identity is the test: the members of a fleet have the same gaps and the same other kept
    results (waived, needs review ...); systems whose gaps differ only in a message parameter
    are separate fleets.
    """
    members: dict[tuple[int, int, int], list[int]] = {}
    for n, row in enumerate(rows):
        members.setdefault((row.inventory, id(row.kept), id(row.cells)), []).append(n)
    return tuple(
        Fleet(rows[m[0]].inventory, tuple(m), rows[m[0]].gaps, rows[m[0]].cells)
        for m in members.values()
    )


def snapshot(s: System) -> dict[str, Any]:
    """The facts of a system that ``frtaudit diff`` compares between two runs."""
    caps = s.table("capabilities")
    return {
        "status": s.status,
        "capabilities": {k: v for k, v in sorted(caps.items()) if isinstance(v, (bool, str)) and k},
        "substantial_changes": sorted(
            f"{c.get('date')} {c.get('kind')}" for c in s.substantial_changes()
        ),
        "exceptions": sorted(
            f"{e.get('rule')} {e.get('expires_on')}" for e in s.items("exceptions")
        ),
    }


def audit(
    inventories: Sequence[Inventory],
    rules: tuple[Rule, ...],
    sel: Selection,
    as_of: date,
    params: Mapping[str, Any] | None = None,
    links: Mapping[str, Any] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """Run ``rules`` over every system of ``inventories`` as of ``as_of``.

    ``progress("audit", done, total)`` is called every few thousand systems when given.
    """
    auditor = Auditor(rules, sel, Context(as_of=as_of, params=dict(params or {}), links=links))
    auditor.run(inventories, progress)
    return auditor.finish()
