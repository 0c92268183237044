"""National-scale machinery: Report.findings is a view over the rows (in order, alike results
held once), and worker processes fail cleanly."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
import tomli

from frtaudit.importers.toml_writer import dumps_inventory
from frtaudit.model import Report
from frtaudit.scan import ScanRequest, parse_params, run

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_inventories"
AS_OF = date(2026, 11, 22)
PROFILES = ("nhrck", "kr-pipa", "eu-ai-act", "us-wa")


def _run(paths: list[str], include_passing: bool = False, jobs: int = 1) -> Report:
    req = ScanRequest(
        paths=paths,
        as_of=AS_OF,
        profiles=PROFILES,
        params=parse_params({}, PROFILES),
        include_passing=include_passing,
        jobs=jobs,
    )
    return run(req)


def test_findings_are_in_inventory_system_rule_order() -> None:
    for include_passing in (False, True):
        report = _run([str(SAMPLES)], include_passing)
        keys = [(f.inventory, f.system_index, f.rule_id) for f in report.findings]
        assert len(keys) == len(report.findings) > 100
        assert keys == sorted(keys)
        assert any(k[2].startswith("EXC-") for k in keys)  # meta rules are sorted in too


def test_findings_carry_their_system_and_agency() -> None:
    report = _run([str(SAMPLES / "gov_complex_gates.toml")])
    rows = {(r.inventory, r.index): r for r in report.rows}
    for f in report.findings:
        row = rows[(f.inventory, f.system_index)]
        assert (f.system_id, f.system_name, f.line) == (row.system_id, row.name, row.line)
        assert f.agency == report.inventories[f.inventory].agency_id
        assert f.rule_id in {k.rule_id for k in row.kept}


def test_alike_systems_share_their_results_across_files(tmp_path: Path) -> None:
    doc = tomli.loads((SAMPLES / "city_control_centre.toml").read_text(encoding="utf-8"))
    for n in range(3):
        copy = dict(doc, systems=[dict(s, id=f"{s['id']}-{n}") for s in doc["systems"]])
        (tmp_path / f"part{n}.toml").write_text(dumps_inventory(copy), encoding="utf-8")
    report = _run([str(tmp_path)], jobs=2)
    by_position: dict[int, set[int]] = {}
    for row in report.rows:
        by_position.setdefault(row.index, set()).add(id(row.kept))
    assert len(report.inventories) == 3
    assert all(len(ids) == 1 for ids in by_position.values())  # one tuple for the three files


def test_a_worker_that_dies_is_a_clear_error_not_a_traceback() -> None:
    from frtaudit.audit.workers import in_order
    from frtaudit.errors import UsageError

    with pytest.raises(UsageError) as exc, in_order(os._exit, [(9,), (9,)], 2) as results:
        list(results)
    assert exc.value.key == "worker_failed"
