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

from frtaudit.model import Outcome, Report
from frtaudit.report.common import finding_fingerprint
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
    kept = [f for f in report.findings if f.outcome in (Outcome.FAIL, Outcome.UNKNOWN)]
    assert len(results) == len(kept)
    expected_level = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
    for result in results:
        sev = result["properties"]["severity"]
        want = "note" if result["properties"]["outcome"] == "needs_review" else expected_level[sev]
        assert result["level"] == want
        (loc,) = result["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"]["uri"] == "tests/inventories/valid/injection.toml"
        assert phys["region"]["startLine"] in (12, 36)
        assert loc["logicalLocations"][0]["name"] in ("inj-1", "inj-2")
    by_key = {(r["locations"][0]["logicalLocations"][0]["name"], r["ruleId"]): r for r in results}
    for f in kept:
        fp = by_key[(f.system_id, f.rule_id)]["partialFingerprints"]["frtaudit/v1"]
        assert fp == finding_fingerprint(f)


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
