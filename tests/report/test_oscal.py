"""OSCAL assessment results: valid against the NIST v1.1.1 schema, deterministic UUIDs and times."""

from __future__ import annotations

import copy
import io
import json
import uuid
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import scan_report

from frtaudit.model import Outcome, Report
from frtaudit.report.common import finding_fingerprint
from frtaudit.report.oscal import IMPORT_AP, NAMESPACE, render
from frtaudit.scan import ScanRequest, run

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "data" / "oscal_assessment-results_schema.json"
GATES = "sample_inventories/gov_complex_gates.toml"
INJECTION = "tests/inventories/valid/injection.toml"
AS_OF = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # relative inventory paths in the report, as a user would give them


def _python_regex(node: Any) -> Any:
    """The schema with its XML-Schema/Java regex classes in Python's dialect.

    OSCAL's ``token`` pattern uses ``\\p{L}`` (any letter) and ``\\p{N}`` (any digit), which
    Python's ``re`` cannot compile, so jsonschema would reject the schema itself. On str patterns
    ``[^\\W\\d_]`` is exactly "a Unicode letter" and ``\\d`` "a Unicode decimal digit", so the
    rewrite keeps the meaning; the schema file on disk stays as NIST published it.
    """
    if isinstance(node, dict):
        return {k: _python_regex(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_python_regex(v) for v in node]
    if isinstance(node, str):
        return node.replace("\\p{L}", "[^\\W\\d_]").replace("\\p{N}", "\\d")
    return node


@cache
def validator() -> jsonschema.Draft7Validator:
    schema = _python_regex(json.loads(SCHEMA.read_text(encoding="utf-8")))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def errors(doc: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message[:300]}" for e in validator().iter_errors(doc)]


def oscal_text(report: Report) -> str:
    out = io.StringIO()
    render(report, out)
    return out.getvalue()


def oscal(report: Report) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(oscal_text(report))
    return doc


def result_of(doc: dict[str, Any]) -> dict[str, Any]:
    results: list[dict[str, Any]] = doc["assessment-results"]["results"]
    assert len(results) == 1
    return results[0]


def all_uuids(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "uuid":
                found.append(value)
            else:
                found.extend(all_uuids(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(all_uuids(value))
    return found


def test_schema_copy_is_the_shared_v1_1_1_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "http://csrc.nist.gov/ns/oscal/1.1.1/oscal-ar-schema.json"
    assert "\\p{L}" in json.dumps(schema)  # unedited: the translation happens in this harness


def test_golden_gov_complex_gates(golden) -> None:  # type: ignore[no-untyped-def]
    golden("gov_complex_gates.oscal.json", oscal_text(scan_report(GATES)))


@pytest.mark.parametrize(
    ("paths", "include_passing"),
    [
        ((GATES,), False),
        ((GATES,), True),
        ((INJECTION,), True),
        ((GATES, INJECTION), False),
    ],
)
def test_valid_against_the_nist_schema(paths: tuple[str, ...], include_passing: bool) -> None:
    doc = oscal(scan_report(*paths, include_passing=include_passing))
    assert errors(doc) == []


def test_schema_check_is_not_vacuous() -> None:
    """References resolve and patterns apply: broken documents are rejected."""
    doc = oscal(scan_report(GATES))
    broken = copy.deepcopy(doc)
    del broken["assessment-results"]["metadata"]["oscal-version"]
    assert errors(broken)
    broken = copy.deepcopy(doc)
    result_of(broken)["findings"][0]["uuid"] = "not-a-uuid"
    assert errors(broken)
    broken = copy.deepcopy(doc)
    result_of(broken)["findings"][0]["target"]["status"]["state"] = "passed"
    assert errors(broken)
    broken = copy.deepcopy(doc)
    result_of(broken)["reviewed-controls"]["control-selections"][0]["include-controls"][0][
        "control-id"
    ] = "1 not a token"
    assert errors(broken)
    broken = copy.deepcopy(doc)
    result_of(broken)["observations"][0]["props"][0]["value"] = " padded "
    assert errors(broken)


@pytest.mark.parametrize("include_passing", [False, True])
def test_rendering_twice_is_byte_identical(include_passing: bool) -> None:
    first = oscal_text(scan_report(GATES, INJECTION, include_passing=include_passing))
    second = oscal_text(scan_report(GATES, INJECTION, include_passing=include_passing))
    assert first == second


def test_uuids_are_name_based_unique_and_stable_across_dates() -> None:
    report = scan_report(GATES, INJECTION, include_passing=True)
    doc = oscal(report)
    uuids = all_uuids(doc)
    assert len(uuids) == len(set(uuids))
    assert all(uuid.UUID(u).version == 5 for u in uuids)
    result = result_of(doc)
    fingerprints = {finding_fingerprint(f) for f in report.findings}
    expected = {str(uuid.uuid5(NAMESPACE, f"finding\x1f{fp}")) for fp in fingerprints}
    assert {f["uuid"] for f in result["findings"]} <= expected
    # a later scan of the same inventories keeps the UUID of each finding, not of the result
    later = run(ScanRequest(paths=[GATES, INJECTION], as_of=date(2027, 1, 5), include_passing=True))
    later_result = result_of(oscal(later))
    assert later_result["uuid"] != result["uuid"]
    common = {f["uuid"] for f in result["findings"]} & {f["uuid"] for f in later_result["findings"]}
    assert common


def test_metadata_and_times_derive_from_as_of() -> None:
    report = scan_report(GATES)
    doc = oscal(report)["assessment-results"]
    meta = doc["metadata"]
    assert meta["oscal-version"] == "1.1.1"
    assert meta["last-modified"] == "2026-11-22T00:00:00Z"
    assert meta["version"] == report.tool_version
    assert doc["import-ap"]["href"] == IMPORT_AP
    result = result_of(oscal(report))
    assert result["start"] == "2026-11-22T00:00:00Z"
    assert all(o["collected"] == "2026-11-22T00:00:00Z" for o in result["observations"])
    report.render_options["timestamp"] = "2026-11-23T09:15:00+09:00"
    stamped = oscal(report)["assessment-results"]
    assert stamped["metadata"]["last-modified"] == "2026-11-23T00:15:00Z"
    assert result_of(oscal(report))["start"] == "2026-11-22T00:00:00Z"
    assert errors(oscal(report)) == []


def test_reviewed_controls_list_the_rules_that_ran() -> None:
    report = scan_report(GATES)
    selection = result_of(oscal(report))["reviewed-controls"]["control-selections"]
    assert selection == [
        {"include-controls": [{"control-id": r} for r in sorted(r.id for r in report.rules)]}
    ]


def test_findings_map_outcomes_to_target_states() -> None:
    report = scan_report(GATES, INJECTION, include_passing=True)
    result = result_of(oscal(report))
    observations = {o["uuid"]: o for o in result["observations"]}
    items = {i["uuid"]: i for i in result["local-definitions"]["inventory-items"]}
    assert len(observations) == len(report.findings)
    assert len(items) == len(report.rows)
    states: dict[str, set[str]] = {}
    for finding in result["findings"]:
        props = {p["name"]: p["value"] for p in finding["props"]}
        states.setdefault(props["outcome"], set()).add(finding["target"]["status"]["state"])
        assert finding["target"]["target-id"] == props["rule-id"]
        (related,) = finding["related-observations"]
        obs = observations[related["observation-uuid"]]
        (subject,) = obs["subjects"]
        assert subject["subject-uuid"] in items
    assert states["fail"] == {"not-satisfied"}
    assert states["pass"] == {"satisfied"}
    assert "not_applicable" not in states  # decides nothing: an observation only
    decided = sum(1 for f in report.findings if f.outcome in (Outcome.FAIL, Outcome.PASS))
    assert decided <= len(result["findings"]) < len(report.findings)
    gaps = [f for f in result["findings"] if f["target"]["status"]["state"] == "not-satisfied"]
    assert len(gaps) == sum(1 for f in report.findings if f.outcome.is_gap)


def test_injection_text_is_printable_and_kept_literally() -> None:
    text = oscal_text(scan_report(INJECTION, include_passing=True))
    doc = json.loads(text)
    dumped = json.dumps(doc, ensure_ascii=False)
    assert "\x1b" not in dumped and "\x00" not in dumped and "\x07" not in dumped
    names = {
        p["value"]
        for i in result_of(doc)["local-definitions"]["inventory-items"]
        for p in i["props"]
        if p["name"] == "system-name"
    }
    assert "<script>document.title='pwned'</script>" in names
    assert "[bold red]not bold[/bold red] \\x1b[2J cleared? \\r\\n newline" in names
    assert errors(doc) == []
