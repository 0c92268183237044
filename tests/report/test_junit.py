"""JUnit XML report: valid against both common XSDs, deterministic, XML 1.0 safe."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from conftest import scan_report, waived_injection

from frtaudit.model import Outcome, Report
from frtaudit.report.junit import render, xml_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_inventories").glob("*.toml"))
INJECTION = ROOT / "tests" / "inventories" / "valid" / "injection.toml"
INPUTS = [*SAMPLES, INJECTION]
AS_OF = date(2026, 11, 22)
XSDS = {
    "windyroad": ROOT / "tests" / "data" / "junit-windyroad.xsd",
    "jenkins": ROOT / "tests" / "data" / "junit-jenkins-10.xsd",
}
#: Characters XML 1.0 does not allow (besides tab, LF, CR), plus DEL and C1 controls.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


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
def schema(name: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSDS[name]))


def xsd_errors(text: str, name: str) -> list[str]:
    return [str(e.reason) for e in schema(name).iter_errors(text)]


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture
def waived_inventory(tmp_path: Path) -> Path:
    return waived_injection(
        tmp_path,
        granted_by="Commission \x00 <x/>",
        instrument="Decision ]]> &amp;",
        justification="pilot \x1b[2J \x07 bell",
    )


@pytest.mark.parametrize("xsd", sorted(XSDS))
@pytest.mark.parametrize("include_passing", [False, True], ids=["gaps", "passing"])
@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_valid_against_both_xsds(path: Path, include_passing: bool, xsd: str) -> None:
    text = rendered(relative(path), include_passing)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>')
    assert xsd_errors(text, xsd) == []


@pytest.mark.parametrize("xsd", sorted(XSDS))
def test_waivers_and_timestamps_stay_valid(waived_inventory: Path, xsd: str) -> None:
    text = to_text(
        scan_report(waived_inventory, include_passing=True, timestamp="2026-11-22T09:30:00+09:00")
    )
    assert xsd_errors(text, xsd) == []
    assert 'timestamp="2026-11-22T00:30:00"' in text


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_output_is_byte_identical_across_runs(path: Path) -> None:
    assert to_text(scan_report(relative(path), include_passing=True)) == rendered(
        relative(path), True
    )
    assert 'timestamp="2026-11-22T00:00:00"' in rendered(relative(path), True)


@pytest.mark.parametrize("include_passing", [False, True], ids=["gaps", "passing"])
def test_suites_cases_and_counts(include_passing: bool) -> None:
    paths = [relative(ROOT / "sample_inventories/gov_complex_gates.toml"), relative(INJECTION)]
    from frtaudit.scan import ScanRequest, run

    report = run(ScanRequest(paths=paths, as_of=AS_OF, include_passing=include_passing))
    root = ET.fromstring(to_text(report))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == paths
    assert [s.get("package") for s in suites] == ["kr-gcmo", "inj-agency"]
    for n, suite in enumerate(suites):
        findings = [f for f in report.findings if f.inventory == n]
        rows = [row for row in report.rows if row.inventory == n]
        gaps = [(row, g) for row in rows for g in row.gaps]
        in_gaps = sum(len(g.results) for _row, g in gaps)
        cases = suite.findall("testcase")
        assert len(cases) == len(gaps) + len(findings) - in_gaps == int(suite.get("tests", ""))
        failures = [c for c in cases if c.find("failure") is not None]
        skipped = [c for c in cases if c.find("skipped") is not None]
        assert len(failures) == len(gaps) == int(suite.get("failures", ""))
        assert len(skipped) == int(suite.get("skipped", ""))
        assert suite.get("errors") == "0"
        not_applicable = [f for f in findings if f.outcome is Outcome.NOT_APPLICABLE]
        assert bool(not_applicable) is include_passing
        assert len(skipped) >= len(not_applicable)
        for row, g in gaps:
            (case,) = [
                c
                for c in cases
                if c.get("classname") == row.system_id and c.get("name") == (g.own or g.cause)
            ]
            failure = case.find("failure")
            assert failure is not None
            assert failure.get("type") == g.severity.label
            assert failure.get("message")
            text = failure.text or ""
            assert f"{report.inventories[n].path}:{row.line}" in text
            for r in g.results:  # every rule result behind the gap is listed
                assert f"- {r.rule_id} (" in text


def test_waived_is_skipped_with_a_message(waived_inventory: Path) -> None:
    root = ET.fromstring(to_text(scan_report(waived_inventory)))
    (case,) = [
        c
        for c in root.iter("testcase")
        if c.get("classname") == "inj-1" and c.get("name") == "NHRCK-HRIA-001"
    ]
    skipped = case.find("skipped")
    assert skipped is not None
    assert (skipped.get("message") or "").startswith("waived: ")
    assert "pilot \\x1b[2J \\x07 bell" in (skipped.text or "")
    assert case.find("failure") is None


def test_injected_text_is_xml_safe(waived_inventory: Path) -> None:
    text = to_text(scan_report(waived_inventory, include_passing=True))
    assert not FORBIDDEN.search(text)
    assert "]]>" not in text
    root = ET.fromstring(text)  # well-formed
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["agency_name"] == (
        "[bold red]Agency[/bold red] \\x1b[31mRED\\x1b[0m <b>bold</b> | pipe"
    )
    assert "<script>" not in text and "&lt;script&gt;" in text
    cases = {c.get("classname") for c in root.iter("testcase")}
    assert cases == {"inj-1", "inj-2"}


def test_xml_text_replaces_what_xml_forbids() -> None:
    assert xml_text("a\x00b\x07c\x1bd") == "a\\x00b\\x07c\\x1bd"
    assert xml_text("line\r\nnext\ttab") == "line\nnext\ttab"
    assert xml_text("lone \ud800 surrogate \uffff") == "lone \ufffd surrogate \ufffd"
    assert xml_text("한글 ✓") == "한글 ✓"


def test_golden(golden: Any) -> None:
    golden(
        "gov_complex_gates.xml",
        rendered(relative(ROOT / "sample_inventories/gov_complex_gates.toml"), False),
    )
