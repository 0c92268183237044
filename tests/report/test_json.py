"""JSON report: valid against schemas/report.schema.json, deterministic, faithful, readable back."""

from __future__ import annotations

import io
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import scan_report

from frtaudit.errors import InputError
from frtaudit.i18n import catalog
from frtaudit.load.schemas import load_schema
from frtaudit.report import json_report
from frtaudit.report.json_report import render
from frtaudit.report.reader import findings, load_report, systems

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_inventories").glob("*.toml"))
INJECTION = ROOT / "tests" / "inventories" / "valid" / "injection.toml"
INPUTS = [*SAMPLES, INJECTION]
AS_OF = date(2026, 11, 22)


@cache
def rendered(path: str, include_passing: bool) -> str:
    out = io.StringIO()
    render(scan_report(path, include_passing=include_passing), out)
    return out.getvalue()


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # relative paths in reports, as a user in the repository would give


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        load_schema("report"), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_schema_is_valid_2020_12_with_a_description_on_every_property() -> None:
    schema = load_schema("report")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    missing: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if not sub.get("description"):
                    missing.append(f"{where}.{name}")
            for key, sub in node.items():
                walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for n, sub in enumerate(node):
                walk(sub, f"{where}[{n}]")

    walk(schema, "$")
    assert missing == []


@pytest.mark.parametrize("include_passing", [False, True], ids=["gaps", "passing"])
@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_report_is_valid_against_its_schema(path: Path, include_passing: bool) -> None:
    text = rendered(relative(path), include_passing)
    assert text.endswith("}\n")
    data = json.loads(text)
    errors = [f"{e.json_path}: {e.message}" for e in validator().iter_errors(data)]
    assert errors == []
    report = scan_report(relative(path), include_passing=include_passing)
    # every kept result is retrievable: fleets x members x (gap results + other results)
    assert sum(1 for _ in findings(data)) == len(report.findings)
    assert data["summary"]["gaps_at_or_above_fail_on"] == report.gaps_at_or_above(report.fail_on)
    assert list(data["rules"]) == sorted(r.id for r in report.rules)
    # counts agree: gaps and the results behind them
    fleets = data["fleets"]
    assert sum(f["size"] for f in fleets) == data["summary"]["systems"] == len(report.rows)
    binding = sum(f["size"] * sum(not g["advisory"] for g in f["gaps"]) for f in fleets)
    assert binding == data["summary"]["gaps_total"] == sum(data["summary"]["gaps"].values())
    behind = sum(f["size"] * sum(len(g["results"]) for g in f["gaps"]) for f in fleets)
    assert behind == data["summary"]["gap_results"] == report.gap_results
    assert [q["id"] for q in data["questions"][:4]] == [
        "legal",
        "assessment",
        "notice",
        "prohibited",
    ]
    if include_passing:
        assert {"pass", "not_applicable"} & {f["outcome"] for f in findings(data)}


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_output_is_byte_identical_across_runs(path: Path) -> None:
    first = rendered(relative(path), True)
    out = io.StringIO()
    render(scan_report(relative(path), include_passing=True), out)
    assert out.getvalue() == first
    assert "generated_at" not in json.loads(first)


def test_timestamp_only_when_asked() -> None:
    out = io.StringIO()
    render(scan_report(relative(INJECTION), timestamp="2026-11-22T09:30:00+00:00"), out)
    data = json.loads(out.getvalue())
    assert data["generated_at"] == "2026-11-22T09:30:00+00:00"
    assert validator().is_valid(data)


def test_content_of_a_finding() -> None:
    data = json.loads(rendered(relative(ROOT / "sample_inventories/gov_complex_gates.toml"), False))
    assert data["schema_version"] == "2"
    assert data["tool"]["name"] == "frtaudit"
    assert data["as_of"] == "2026-11-22"
    (fleet,) = data["fleets"]
    assert fleet["systems"][0]["line"] == 18
    legal = next(r for g in fleet["gaps"] for r in g["results"] if r["rule"] == "NHRCK-LEGAL-001")
    assert legal["outcome"] == "fail"
    assert legal["severity"] == "critical"  # consent is not a law
    assert "Personal Information Protection Act" in legal["message"]
    assert legal["field"] == "legal_basis[0].kind"
    assert "waiver" not in legal
    rule = data["rules"]["NHRCK-LEGAL-001"]
    assert rule["title"] == catalog("en").rule("NHRCK-LEGAL-001", "title")
    assert rule["question"] == "legal"
    assert rule["citations"] and all(isinstance(c, str) for c in rule["citations"])
    assert fleet["matrix"]["legal"] == "fail"
    # one gap per cause: the HRIA rules that fail for want of an HRIA are one gap
    (hria,) = [g for g in fleet["gaps"] if g["cause"] == "no-hria"]
    assert {"NHRCK-HRIA-001", "UN-OHCHR-60A-001"} <= {r["rule"] for r in hria["results"]}
    assert hria["question"] == "assessment"
    severities = [SEVERITY[g["severity"]] for g in fleet["gaps"]]
    assert severities == sorted(severities, reverse=True)


SEVERITY = {"low": 1, "medium": 2, "high": 3, "critical": 4}


def test_injected_text_is_kept_exactly_and_never_raw() -> None:
    text = rendered(relative(INJECTION), True)
    assert "\x1b" not in text and "\x00" not in text and "\x07" not in text
    data = json.loads(text)
    report = scan_report(relative(INJECTION), include_passing=True)
    assert data["inventories"][0]["agency_name"] == report.inventories[0].agency_name
    names = {s["system_id"]: s["name"] for s in systems(data)}
    assert names["inj-2"] == "[bold red]not bold[/bold red] \x1b[2J cleared? \r\n newline"
    legal = next(
        r
        for f in data["fleets"]
        if any(s["id"] == "inj-1" for s in f["systems"])
        for g in f["gaps"]
        for r in g["results"]
        if r["rule"] == "NHRCK-LEGAL-001"
    )
    assert legal["params"]["law"] == "+SUM(1,2) [link](javascript:alert(1)) \x1b]8;;http://x\x07"


def test_fingerprints_do_not_move_with_lines(tmp_path: Path) -> None:
    shifted = tmp_path / "injection.toml"
    shifted.write_text("# an extra line\n# and another\n" + INJECTION.read_text("utf-8"), "utf-8")
    before = json.loads(rendered(relative(INJECTION), True))
    out = io.StringIO()
    render(scan_report(shifted, include_passing=True), out)
    after = json.loads(out.getvalue())
    assert [f["fingerprint"] for f in findings(after)] == [
        f["fingerprint"] for f in findings(before)
    ]
    lines = [[s["line"] for s in f["systems"]] for f in after["fleets"]]
    assert lines == [[s["line"] + 2 for s in f["systems"]] for f in before["fleets"]]


def test_load_report_reads_back_what_render_wrote(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    text = rendered(relative(INJECTION), True)
    path.write_text(text, encoding="utf-8")
    assert load_report(path) == json.loads(text)
    assert load_report(str(path))["tool"]["name"] == "frtaudit"


def _problem(path: Path) -> tuple[str, str]:
    with pytest.raises(InputError) as info:
        load_report(path)
    (problem,) = info.value.problems
    return problem.key, problem.render(catalog("en"))


def test_load_report_refuses_what_is_not_a_report(tmp_path: Path) -> None:
    good = json.loads(rendered(relative(INJECTION), False))
    cases: dict[str, bytes] = {
        "toml.json": INJECTION.read_bytes(),
        "empty.json": b"",
        "latin1.json": '{"tool": "caf\xe9"}'.encode("latin-1"),
        "list.json": b"[1, 2]",
        "sarif.json": json.dumps(
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "frtaudit"}}}]}
        ).encode(),
        "other.json": json.dumps({"tool": {"name": "eslint"}}).encode(),
        "incomplete.json": json.dumps({k: v for k, v in good.items() if k != "fleets"}).encode(),
        "tampered.json": json.dumps(
            {**good, "summary": {**good["summary"], "systems": -1}}
        ).encode(),
    }
    for name, raw in cases.items():
        path = tmp_path / name
        path.write_bytes(raw)
        key, text = _problem(path)
        assert key == "not_a_report", name
        assert text.startswith(f"{path}"), name
        assert "not a frtaudit JSON report" in text, name
        assert "frtaudit scan --format json" in text, name


def test_load_report_names_a_version_mismatch_and_a_missing_file(tmp_path: Path) -> None:
    good = json.loads(rendered(relative(INJECTION), False))
    path = tmp_path / "future.json"
    path.write_text(json.dumps({**good, "schema_version": "3"}), encoding="utf-8")
    key, text = _problem(path)
    assert key == "report_version"
    assert '"3"' in text and "version 1 or 2" in text
    assert _problem(tmp_path / "nope.json")[0] == "missing_file"
    assert _problem(tmp_path)[0] in ("is_directory", "os_error")


def test_jsonable_turns_dates_into_iso_strings() -> None:
    value = {"b": date(2024, 3, 1), "a": (1, "x"), "c": {"z": None, "y": True}}
    assert json_report.jsonable(value) == {
        "a": [1, "x"],
        "b": "2024-03-01",
        "c": {"y": True, "z": None},
    }


def test_golden(golden: Any) -> None:
    golden(
        "gov_complex_gates.json",
        rendered(relative(ROOT / "sample_inventories/gov_complex_gates.toml"), False),
    )


def test_load_report_refuses_a_lone_surrogate(tmp_path: Path) -> None:
    """A report whose text cannot be encoded is refused (exit 2), not rendered into a crash."""
    from frtaudit.errors import InputError

    out = io.StringIO()
    render(scan_report(relative(INJECTION)), out)
    path = tmp_path / "bad.json"
    path.write_text(
        out.getvalue().replace('"agency": "', '"agency": "\\ud800', 1), encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_report(path)
    assert "lone UTF-16 surrogate" in caught.value.problems[0].params["detail"]
    good = tmp_path / "pair.json"
    good.write_text(
        out.getvalue().replace('"agency": "', '"agency": "\\ud83d\\ude00', 1), encoding="utf-8"
    )
    assert load_report(good)["fleets"]
