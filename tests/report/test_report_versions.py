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
    old = gaps_by_fingerprint(load_report(V1))
    new_data = load_report(_v2(tmp_path))
    new = gaps_by_fingerprint(new_data)
    assert set(old) <= set(new)
    for fp, f in old.items():
        assert (new[fp]["rule_id"], new[fp]["outcome"], new[fp]["message"]) == (
            f["rule_id"],
            f["outcome"],
            f["message"],
        )
    # version 1 counted deferred results without listing them; version 2 lists them
    assert len(new) - len(old) == new_data["summary"]["deferred"]
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
    assert report.baseline.new == report.deferred


def test_an_unknown_version_is_refused(tmp_path: Path) -> None:
    from frtaudit.errors import InputError

    data = json.loads(V1.read_text(encoding="utf-8"))
    data["schema_version"] = "9"
    path = tmp_path / "v9.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_report(path)
    assert caught.value.problems[0].key == "report_version"
