"""diff and --baseline read reports of format version 1 (committed) as well as version 2."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import scan_report

from frtaudit.report import SCHEMA_VERSION, json_report
from frtaudit.report import diff as diffs
from frtaudit.report.reader import findings, gaps_by_fingerprint, load_report, systems

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "tests" / "data" / "reports" / "v1-report.json"
#: The inventories and date the committed version-1 report was written from (frtaudit 9775dd7).
INPUTS = [
    "sample_inventories/city_control_centre.toml",
    "sample_inventories/gov_complex_gates.toml",
]
AS_OF = date(2026, 11, 22)
#: Rules whose result on these inputs changed on purpose since the version-1 report was written:
#: NHRCK-DATA-002 gives unknown, not fail, for a breach plan the inventory is silent about
#: (issue 16, the silence principle).
CHANGED_SINCE_V1 = frozenset({"NHRCK-DATA-002"})


def _v1_rules() -> set[str]:
    return {r["id"] for r in load_report(V1)["rules"]}


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _v2(tmp_path: Path) -> Path:
    out = io.StringIO()
    json_report.render(scan_report(*INPUTS), out)
    path = tmp_path / "v2.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_the_committed_report_is_version_1_and_is_read() -> None:
    data = load_report(V1)
    assert data["schema_version"] == "1" != SCHEMA_VERSION
    gaps = gaps_by_fingerprint(data)
    assert (
        len(gaps)
        == data["summary"]["outcomes"]["fail"]
        + data["summary"]["outcomes"]["unknown"]
        - data["summary"]["deferred"]
    )
    assert {s["system_id"] for s in systems(data)} == {
        "hanbit-face-search",
        "hanbit-street-cctv",
        "gcmo-gate-frt",
    }


def test_version_2_lists_every_gap_of_version_1_and_the_deferred_ones(tmp_path: Path) -> None:
    v1 = load_report(V1)
    old = gaps_by_fingerprint(v1)
    new_data = load_report(_v2(tmp_path))
    new = gaps_by_fingerprint(new_data)
    # rules added since version 1 (issue 16) bring gaps of their own; compare the others
    kept = {fp: f for fp, f in new.items() if f["rule_id"] in _v1_rules()}
    assert len(kept) < len(new)
    assert set(old) <= set(kept)
    for fp, f in old.items():
        assert new[fp]["rule_id"] == f["rule_id"]
        if f["rule_id"] in CHANGED_SINCE_V1:
            assert (new[fp]["outcome"], new[fp]["message"]) != (f["outcome"], f["message"])
            continue
        assert (new[fp]["outcome"], new[fp]["message"]) == (f["outcome"], f["message"])
    # version 1 counted deferred results without listing them; version 2 lists them
    assert len(kept) - len(old) <= v1["summary"]["deferred"]
    assert sum(1 for _ in findings(new_data)) >= len(new)


def test_diff_from_a_version_1_report_to_a_version_2_report(tmp_path: Path) -> None:
    result = diffs.compute(load_report(V1), load_report(_v2(tmp_path)))
    assert result["resolved_gaps"] == []
    assert len(result["persisting_gaps"]) == len(gaps_by_fingerprint(load_report(V1)))
    assert result["capabilities_switched_on"] == []
    assert result["systems_added"] == result["systems_removed"] == []


def test_baseline_from_a_version_1_report(tmp_path: Path) -> None:
    from frtaudit.scan import ScanRequest, run

    req = ScanRequest(paths=INPUTS, as_of=AS_OF, baseline=str(V1))
    report = run(req)
    assert report.baseline is not None
    assert report.baseline.resolved == ()
    old = set(gaps_by_fingerprint(load_report(V1)))
    assert {fp for fp, s in report.baseline.status.items() if s == "existing"} == old
    # only rules added since version 1 (issue 16) bring new gaps
    rule_of = {f.fingerprint: f.rule_id for f in report.findings}
    added = {fp for fp, s in report.baseline.status.items() if s == "new"}
    assert added and all(rule_of[fp] not in _v1_rules() for fp in added)


def test_an_unknown_version_is_refused(tmp_path: Path) -> None:
    from frtaudit.errors import InputError

    data = json.loads(V1.read_text(encoding="utf-8"))
    data["schema_version"] = "9"
    path = tmp_path / "v9.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_report(path)
    assert caught.value.problems[0].key == "report_version"


def test_a_dangling_snapshot_index_is_refused_not_a_traceback(tmp_path: Path) -> None:
    from frtaudit.errors import InputError

    data = json.loads(_v2(tmp_path).read_text(encoding="utf-8"))
    data["fleets"][0]["systems"][0]["snapshot"] = len(data["snapshots"])
    path = tmp_path / "dangling.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_report(path)
    problem = caught.value.problems[0]
    assert problem.key == "not_a_report" and problem.path == "$.fleets[0].systems[0].snapshot"
