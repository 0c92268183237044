"""SARIF report: valid against the official OASIS 2.1.0 schema, deterministic, injection-safe."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import scan_report, waived_injection

from frtaudit.model import Report, fingerprint
from frtaudit.report.sarif import artifact_uri, plain, render

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_inventories").glob("*.toml"))
INJECTION = ROOT / "tests" / "inventories" / "valid" / "injection.toml"
INPUTS = [*SAMPLES, INJECTION]
AS_OF = date(2026, 11, 22)
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"

#: An exception that waives NHRCK-HRIA-001 for inj-1, with hostile text of its own.


def to_text(report: Report) -> str:
    out = io.StringIO()
    render(report, out)
    return out.getvalue()


@cache
def rendered(path: str, include_passing: bool) -> str:
    return to_text(scan_report(path, include_passing=include_passing))


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@cache
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def errors_of(log: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in sarif_validator().iter_errors(log)]


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture
def waived_inventory(tmp_path: Path) -> Path:
    return waived_injection(
        tmp_path,
        granted_by="=cmd|' /C calc'!A0",
        instrument="Decision [x](javascript:alert(1)) \x1b[31m",
        justification="@SUM(1) pilot \x1b[2J with a [link](https://evil.example) \x07",
    )


@pytest.mark.parametrize("include_passing", [False, True], ids=["gaps", "passing"])
@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_valid_against_the_official_schema(path: Path, include_passing: bool) -> None:
    log = json.loads(rendered(relative(path), include_passing))
    assert errors_of(log) == []
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "frtaudit"
    assert driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids)
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["properties"]["outcome"] in ("fail", "unknown", "needs_review", "waived")
        assert "frtaudit/v1" in result["partialFingerprints"]


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_output_is_byte_identical_across_runs(path: Path) -> None:
    assert to_text(scan_report(relative(path), include_passing=True)) == rendered(
        relative(path), True
    )
    assert "endTimeUtc" not in rendered(relative(path), True)


def test_passing_results_are_not_reported() -> None:
    path = relative(ROOT / "sample_inventories/gov_complex_gates.toml")
    assert (
        json.loads(rendered(path, True))["runs"][0]["results"]
        == json.loads(rendered(path, False))["runs"][0]["results"]
    )


def test_rule_metadata() -> None:
    log = json.loads(rendered(relative(ROOT / "sample_inventories/gov_complex_gates.toml"), False))
    rule = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "NHRCK-BAN-001")
    assert rule["shortDescription"]["text"].startswith("No real-time remote identification")
    assert "identifies people 1:N" in rule["fullDescription"]["text"]
    assert "Why it matters" in rule["help"]["text"] and "How to fix" in rule["help"]["text"]
    assert "**References**" in rule["help"]["markdown"]
    props = rule["properties"]
    assert props["severity"] == "critical"
    assert props["citations"] and props["citations"][0] in rule["help"]["text"]
    assert "nhrck" in props["tags"]
    assert rule["defaultConfiguration"]["level"] == "error"


def test_result_levels_locations_and_fingerprints() -> None:
    report = scan_report(relative(INJECTION))
    log = json.loads(to_text(report))
    results = log["runs"][0]["results"]
    # one result per gap and group of systems sharing it: every gap of every system is located
    located = {
        (
            loc["logicalLocations"][0]["name"],
            r["properties"]["cause"] if "cause" in r["properties"] else "rule:" + r["ruleId"],
        )
        for r in results
        for loc in r["locations"]
    }
    gaps = {(row.system_id, g.cause) for row in report.rows for g in row.gaps}
    assert located == gaps
    assert sum(len(r["locations"]) for r in results) == sum(len(row.gaps) for row in report.rows)
    expected_level = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
    for result in results:
        sev = result["properties"]["severity"]
        want = "note" if result["properties"]["outcome"] == "needs_review" else expected_level[sev]
        assert result["level"] == want
        assert result["properties"]["systems"] == len(result["locations"])
        for loc in result["locations"]:
            phys = loc["physicalLocation"]
            assert phys["artifactLocation"]["uri"] == "tests/inventories/valid/injection.toml"
            assert phys["region"]["startLine"] in (12, 36)
            assert loc["logicalLocations"][0]["name"] in ("inj-1", "inj-2")
        first = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        agency, system = first.split("/", 1)
        assert result["partialFingerprints"]["frtaudit/v1"] == fingerprint(
            agency, system, result["ruleId"]
        )
    severities = [SEVERITY_ORDER[r["properties"]["severity"]] for r in results]
    assert severities == sorted(severities, reverse=True)


SEVERITY_ORDER = {"low": 1, "medium": 2, "high": 3, "critical": 4}
BUSAN = ROOT.parent / "shared" / "data" / "kr-cctv-busan" / "cctv.csv"


@pytest.mark.skipif(not BUSAN.is_file(), reason=f"Busan CCTV standard data not found at {BUSAN}")
def test_busan_import_fits_github_code_scanning(tmp_path: Path) -> None:
    """15,737 cameras: at most 25,000 results, 1,000 locations each, 10 MB gzipped, all located."""
    import gzip
    import subprocess
    import sys

    inventory = tmp_path / "busan.toml"
    args = ["-m", "frtaudit", "import", "kr-cctv", str(BUSAN), "-o", str(inventory)]
    subprocess.run([sys.executable, *args], check=True, capture_output=True)
    report = scan_report(inventory)
    text = to_text(report)
    log = json.loads(text)
    assert errors_of(log) == []
    run = log["runs"][0]
    results = run["results"]
    assert 0 < len(results) <= 25_000
    assert max(len(r["locations"]) for r in results) <= 1_000
    assert len(gzip.compress(text.encode("utf-8"))) <= 10 * 1024 * 1024
    with_gaps = {(row.inventory, row.system_id) for row in report.rows if row.gaps}
    located = {loc["logicalLocations"][0]["name"] for r in results for loc in r["locations"]}
    assert len(with_gaps) == 15_737 and {sid for _i, sid in with_gaps} <= located
    grouping = run["properties"]["grouping"]
    assert grouping["systems_located"] == len(with_gaps)
    assert grouping["omitted_results"] == 0
    severities = [SEVERITY_ORDER[r["properties"]["severity"]] for r in results]
    assert severities == sorted(severities, reverse=True)


def test_region_is_omitted_without_a_line() -> None:
    report = scan_report(relative(INJECTION))
    rows = tuple(dataclasses.replace(row, line=None) for row in report.rows)
    report = dataclasses.replace(report, rows=rows)
    assert report.findings and all(f.line is None for f in report.findings)
    log = json.loads(to_text(report))
    assert errors_of(log) == []
    for result in log["runs"][0]["results"]:
        assert "region" not in result["locations"][0]["physicalLocation"]


def test_waived_findings_carry_an_external_suppression(waived_inventory: Path) -> None:
    log = json.loads(to_text(scan_report(waived_inventory)))
    assert errors_of(log) == []
    (waived,) = [r for r in log["runs"][0]["results"] if r["properties"]["outcome"] == "waived"]
    assert waived["ruleId"] == "NHRCK-HRIA-001"
    (suppression,) = waived["suppressions"]
    assert suppression["kind"] == "external"
    assert suppression["justification"].startswith("@SUM(1) pilot \\x1b\\[2J")
    assert "\\[link\\](https://evil.example)" in suppression["justification"]
    assert all("suppressions" not in r for r in log["runs"][0]["results"] if r is not waived)


def test_injected_text_cannot_escape(waived_inventory: Path) -> None:
    text = to_text(scan_report(waived_inventory, include_passing=True))
    for raw in ("\x1b", "\x00", "\x07", "\\u001b", "\\u0000", "\\u0007"):
        assert raw not in text
    log = json.loads(text)
    messages = [r["message"]["text"] for r in log["runs"][0]["results"]]
    legal = next(m for m in messages if "SUM(1,2)" in m)
    # brackets escaped: no viewer can turn inventory text into an embedded link
    assert "\\[link\\](javascript:alert(1))" in legal
    assert "\\x1b\\]8;;http://x\\x07" in legal


def test_plain_escapes_brackets_and_backslashes_before_them() -> None:
    assert plain("a [b](1) c") == "a \\[b\\](1) c"
    assert plain("path\\[0]") == "path\\\\\\[0\\]"
    assert plain("C:\\dir") == "C:\\dir"
    assert plain("bell\x07 line\r\nnext") == "bell\\x07 line\nnext"


def test_artifact_uris_are_relative_with_forward_slashes() -> None:
    assert artifact_uri("inventories/a b.toml") == "inventories/a%20b.toml"
    assert artifact_uri("inventories\\city.toml") == "inventories/city.toml"
    assert artifact_uri("청사/gates.toml") == "%EC%B2%AD%EC%82%AC/gates.toml"
    assert artifact_uri("<stdin>") == "%3Cstdin%3E"
    assert artifact_uri("/srv/inv.toml") == "file:///srv/inv.toml"
    assert artifact_uri("C:\\inv\\x.toml") == "file:///C:/inv/x.toml"


def test_timestamp_only_when_asked() -> None:
    log = json.loads(
        to_text(scan_report(relative(INJECTION), timestamp="2026-11-22T09:30:00+00:00"))
    )
    assert log["runs"][0]["invocations"][0]["endTimeUtc"] == "2026-11-22T09:30:00Z"
    assert errors_of(log) == []


def test_golden(golden: Any) -> None:
    golden(
        "gov_complex_gates.sarif",
        rendered(relative(ROOT / "sample_inventories/gov_complex_gates.toml"), False),
    )
