"""Systems alike share one plan (engine.ReadTree): the report is the one each system gets alone.

The engine audits a system once and gives its plan to every later system that agrees with it on
each field that audit read. These tests hold that to the reference (every system audited on its
own) over every rule of every profile, on the samples, every doc example and generated
inventories, and check the reading itself: each accessor notes its field, ``data`` notes it all.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from benchgen import generator

from frtaudit.audit import engine
from frtaudit.audit.examples import EXAMPLE_AS_OF, example_document
from frtaudit.audit.profiles import PROFILES, default_params
from frtaudit.importers.toml_writer import dumps_inventory
from frtaudit.load import inventory
from frtaudit.model import Context, Report
from frtaudit.report.json_report import render
from frtaudit.rules import RULES
from frtaudit.rules.facts import EVERYTHING, System

ROOT = Path(__file__).resolve().parents[2]
ALL_PROFILES = tuple(PROFILES)
AS_OF = date(2026, 11, 22)


def _audit(invs: list[inventory.Inventory], as_of: date) -> Report:
    sel = engine.Selection(profiles=ALL_PROFILES, include_passing=True)
    rules = engine.select_rules(RULES, sel)
    return engine.audit(invs, rules, sel, as_of, default_params(ALL_PROFILES))


def _text(report: Report) -> str:
    out = io.StringIO()
    render(report, out)
    return out.getvalue()


def _first_difference(a: str, b: str) -> str:
    """'' when equal, else the first line that differs (pytest's diff of megabytes is slow)."""
    if a == b:
        return ""
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), 1):
        if x != y:
            return f"line {n}: {x!r} != {y!r}"
    return f"lengths differ: {len(a)} != {len(b)}"


def _alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every system audited on its own: the tree never finds a plan."""
    monkeypatch.setattr(engine.ReadTree, "find", lambda self, data, first: None)


def _generated(tmp_path: Path) -> list[inventory.Inventory]:
    gen = generator()
    out = []
    for k, seed in enumerate((3, 17)):
        path = tmp_path / f"gen-{k}.toml"
        gen.write_one(str(path), 1500, k, seed)
        out.append(inventory.load(str(path)))
    return out


def test_samples_and_generated_as_if_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    invs = [inventory.load(str(p)) for p in sorted((ROOT / "sample_inventories").glob("*.toml"))]
    invs += _generated(tmp_path)
    shared = _audit(invs, AS_OF)
    # the generated inventories repeat kinds of systems: sharing happened
    assert len({id(r.kept) for r in shared.rows}) < len(shared.rows) // 2
    expected = _text(shared)
    _alone(monkeypatch)
    assert _first_difference(_text(_audit(invs, AS_OF)), expected) == ""


def _example_inventories() -> list[inventory.Inventory]:
    """Every doc example of every rule, all in one inventory per agency (examples alike share)."""
    by_agency: dict[str, dict[str, Any]] = {}
    for rule in RULES.values():
        for example in (rule.example_fail, rule.example_pass):
            if not example:
                continue
            doc = example_document(example)
            key = repr(doc["agency"])
            merged = by_agency.setdefault(
                key, {"schema_version": doc.get("schema_version", "1"), "agency": doc["agency"]}
            )
            for n, system in enumerate(doc["systems"]):
                system = dict(system, id=f"{rule.id}-{len(merged.get('systems', []))}-{n}")
                merged.setdefault("systems", []).append(system)
    return [
        inventory.Inventory(f"<examples {n}>", "", doc, [None] * len(doc["systems"]))
        for n, doc in enumerate(by_agency.values())
    ]


def test_doc_examples_as_if_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    invs = _example_inventories()
    assert sum(len(i.systems) for i in invs) > len(RULES)
    expected = _text(_audit(invs, EXAMPLE_AS_OF))
    _alone(monkeypatch)
    assert _first_difference(_text(_audit(invs, EXAMPLE_AS_OF)), expected) == ""


def _with_twins(inv: inventory.Inventory, limit: int = 2) -> inventory.Inventory:
    """``inv`` followed by twins of each system that differ from it in one field only.

    Each twin takes one top-level field from another system of the inventory (or drops it):
    if the audit read that field without noting it, the twin would get its original's plan.
    """
    systems = inv.systems
    values: dict[str, list[Any]] = {}
    for system in systems:
        for key, value in system.items():
            if key not in engine.INERT_FIELDS and value not in values.setdefault(key, []):
                values[key].append(value)
    twins = []
    for n, system in enumerate(systems):
        for key, seen in values.items():
            others = [v for v in seen if v != system.get(key)][:limit]
            variants = [{**system, key: v} for v in others]
            if key in system and key != "location":
                variants.append({k: v for k, v in system.items() if k != key})
            for m, twin in enumerate(variants):
                twin["id"] = f"twin-{n}-{key}-{m}"
                twins.append(twin)
    doc = {**inv.data, "systems": [*systems, *twins]}
    return inventory.Inventory(inv.path, "", doc, [None] * len(doc["systems"]))


def test_twins_differing_in_one_field_as_if_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A field read but not noted would give a twin its original's plan: caught here."""
    invs = [
        _with_twins(inventory.load(str(p)))
        for p in sorted((ROOT / "sample_inventories").glob("*.toml"))
    ]
    invs += [_with_twins(i, limit=1) for i in _example_inventories()]
    assert sum(len(i.systems) for i in invs) > 5000
    expected = _text(_audit(invs, AS_OF))
    _alone(monkeypatch)
    assert _first_difference(_text(_audit(invs, AS_OF)), expected) == ""


def test_every_accessor_notes_what_it_reads() -> None:
    data = {
        "id": "s1",
        "status": "operational",
        "capabilities": {"face_identification": True},
        "assessments": [{"kind": "hria"}],
        "installed_on": date(2025, 1, 1),
        "testing": [],
    }
    reads: dict[str, None] = {}
    s = System(data, {"id": "a"}, 3, AS_OF, reads=reads)
    s.table("capabilities")
    s.items("assessments")
    s.date_of("installed_on")
    assert s.status == "operational"
    assert s.has("testing") and not s.has("consultation")
    assert s.subset(("notice", "assessments")) == {"assessments": [{"kind": "hria"}]}
    assert list(reads) == [
        "capabilities",
        "assessments",
        "installed_on",
        "status",
        "testing",
        "consultation",
        "notice",
    ]
    assert EVERYTHING not in reads
    assert s.data["id"] == "s1"
    assert EVERYTHING in reads


def test_a_plan_that_read_everything_is_not_shared() -> None:
    tree = engine.ReadTree()
    plan = engine._Plan(frt="true", snapshot={})
    tree.add({"status": "operational"}, False, {EVERYTHING: None, "status": None}, plan)
    assert tree.find({"status": "operational"}, False) is None


def test_tree_compares_the_fields_read_in_order() -> None:
    tree = engine.ReadTree()
    a = engine._Plan(frt="true", snapshot={})
    b = engine._Plan(frt="false", snapshot={})
    tree.add({"status": "operational", "notice": {"x": 1}}, False, {"status": None}, a)
    # a different status took another path: it read notice as well
    tree.add({"status": "planned", "notice": {"x": 1}}, False, {"status": None, "notice": None}, b)
    assert tree.find({"status": "operational", "notice": {"x": 2}, "name": "n"}, False) is a
    assert tree.find({"status": "planned", "notice": {"x": 1}}, False) is b
    assert tree.find({"status": "planned", "notice": {"x": 1.0}}, False) is None  # 1 != 1.0
    assert tree.find({"status": "planned"}, False) is None  # notice absent: not seen yet
    assert tree.find({"status": "operational"}, True) is None  # the first system has its root
    # inert fields and the coordinates of a location are not compared
    c = engine._Plan(frt="unknown", snapshot={})
    seen = {"id": "x", "location": {"type": "public_space", "lat": 1.0, "address": "a"}}
    # an audit that did not read status first took no path of this tree: c is not added
    tree.add(seen, False, {"location": None, "id": None}, c)
    other = {"id": "y", "location": {"type": "public_space", "lat": 2.0, "address": "b"}}
    assert tree.find(other, False) is None
    tree2 = engine.ReadTree()
    tree2.add(seen, False, {"location": None, "id": None}, c)
    assert tree2.find(other, False) is c
    assert tree2.find({"id": "z", "location": {"type": "public_space", "lat": 2.0}}, False) is None


def test_chunked_workers_share_plans_across_chunks(tmp_path: Path) -> None:
    """A worker sends a plan once; later chunks name it (engine.PlanCache): fewer plans travel."""
    from frtaudit.audit import chunks

    text = dumps_inventory(
        {
            "schema_version": "1",
            "agency": {
                "id": "a",
                "name": "A",
                "country": "KR",
                "kind": "local_government",
                "is_public_body": True,
            },
            "systems": [
                {
                    "id": f"cam-{i}",
                    "name": f"camera {i}",
                    "status": "operational",
                    "device": {"kind": "fixed_cctv", "count": 1 + i % 3},
                    "capabilities": {"recording": True},
                }
                for i in range(3 * chunks.CHUNK_SYSTEMS)
            ],
        }
    )
    path = tmp_path / "cams.toml"
    path.write_text(text, encoding="utf-8")
    inv = inventory.load(str(path))
    cache = engine.PlanCache("test")
    sel = engine.Selection()
    rules = engine.select_rules(RULES, sel)
    ctx = Context(as_of=AS_OF)
    parts = []
    size = chunks.CHUNK_SYSTEMS
    for start in range(0, len(inv.systems), size):
        doc = {**inv.data, "systems": inv.systems[start : start + size]}
        piece = inventory.Inventory(inv.path, "", doc, [None] * size)
        parts.append(
            engine.Auditor(rules, sel, ctx).plan_inventory(piece, 0, start=start, cache=cache)
        )
    sent = [sum(1 for p in part.plans if not isinstance(p, int)) for part in parts]
    assert sent[0] >= 3 and sent[1:] == [0, 0]  # three kinds of camera, each sent once
    merged = engine.Auditor(rules, sel, ctx)
    done = 0
    for part in parts:
        merged.add(part, 0, start=done)
        done += len(part.systems)
    with pytest.raises(LookupError):  # a serial number never sent is refused, not guessed
        engine.Auditor(rules, sel, ctx).add(parts[1], 0, start=0)
    whole = engine.Auditor(rules, sel, ctx)
    whole.run([inv])
    assert [r.kept for r in merged.rows] == [r.kept for r in whole.rows]
