"""CSV report: fixed columns, optional BOM, deterministic, formula injection neutralised."""

from __future__ import annotations

import csv
import io
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import scan_report, waived_injection

from frtaudit.model import Report, fingerprint
from frtaudit.report.csv_report import COLUMNS, cell, render

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_inventories").glob("*.toml"))
INJECTION = ROOT / "tests" / "inventories" / "valid" / "injection.toml"
INPUTS = [*SAMPLES, INJECTION]
AS_OF = date(2026, 11, 22)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_text(report: Report) -> str:
    out = io.StringIO(newline="")
    render(report, out)
    return out.getvalue()


@cache
def rendered(path: str, include_passing: bool) -> str:
    return to_text(scan_report(path, include_passing=include_passing))


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture
def hostile_inventory(tmp_path: Path) -> Path:
    """The injection inventory with formula-like system names and a waiver."""
    path = waived_injection(
        tmp_path,
        granted_by="Commission",
        instrument="Decision 2026-1",
        justification='=HYPERLINK("http://evil.example","click")',
        name="hostile",
    )
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "name = \"<script>document.title='pwned'</script>\"",
        'name = "=HYPERLINK(\\"http://evil.example\\",\\"x\\")"',
    )
    text = text.replace('name = "[bold red]not bold', 'name = "@SUM(A1) [bold red]not bold')
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("include_passing", [False, True], ids=["gaps", "passing"])
@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_one_row_per_gap_and_other_result_with_fixed_columns(
    path: Path, include_passing: bool
) -> None:
    text = rendered(relative(path), include_passing)
    assert not text.startswith("\ufeff")
    table = rows(text)
    assert tuple(table[0]) == COLUMNS
    report = scan_report(relative(path), include_passing=include_passing)
    gaps = [(row, g) for row in report.rows for g in row.gaps]
    in_gaps = sum(len(g.results) for _row, g in gaps)
    assert len(table) - 1 == len(gaps) + len(report.findings) - in_gaps
    assert all(len(r) == len(COLUMNS) for r in table)
    gap_rows = [r for r in table[1:] if r[COLUMNS.index("cause")]]
    assert len(gap_rows) == len(gaps)
    binding = [r for r in gap_rows if r[COLUMNS.index("advisory")] == "false"]
    assert len(binding) == report.gaps
    assert report.advisory_gaps == len(gap_rows) - len(binding)
    # every rule result behind a gap is named in its row
    listed = sum(len(r[COLUMNS.index("rule_ids")].split(" | ")) for r in gap_rows)
    assert listed == in_gaps == report.gap_results
    fingerprints = [r[COLUMNS.index("fingerprint")] for r in gap_rows]
    assert sorted(fingerprints) == sorted(
        fingerprint(report.inventories[row.inventory].agency_id, row.system_id, g.cause)
        for row, g in gaps
    )
    outcomes = {r[COLUMNS.index("outcome")] for r in table[1:]}
    assert ("pass" in outcomes or "not_applicable" in outcomes) is include_passing
    for r in table[1:]:
        for value in r:
            assert not value.startswith(FORMULA_START), value


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_output_is_byte_identical_across_runs(path: Path) -> None:
    assert to_text(scan_report(relative(path), include_passing=True)) == rendered(
        relative(path), True
    )


def test_bom_only_when_asked() -> None:
    path = relative(ROOT / "sample_inventories/gov_complex_gates.toml")
    with_bom = to_text(scan_report(path, csv_bom=True))
    assert with_bom.startswith("\ufeffinventory,agency,")
    assert with_bom.removeprefix("\ufeff") == rendered(path, False)
    assert with_bom.encode("utf-8").startswith(b"\xef\xbb\xbfinventory")
    assert not to_text(scan_report(path, csv_bom=False)).startswith("\ufeff")


def test_rows_use_crlf_and_keep_newlines_inside_quoted_cells() -> None:
    text = rendered(relative(INJECTION), True)
    assert text.splitlines(keepends=True)[0].endswith("\r\n")
    names = {r[COLUMNS.index("system_name")] for r in rows(text)[1:]}
    assert "[bold red]not bold[/bold red] \\x1b[2J cleared? \n newline" in names
    assert '"[bold red]not bold[/bold red] \\x1b[2J cleared? \n newline"' in text


def test_formulas_are_neutralised(hostile_inventory: Path) -> None:
    text = to_text(scan_report(hostile_inventory, include_passing=True))
    assert "\x1b" not in text and "\x00" not in text and "\x07" not in text
    table = rows(text)
    names = {r[COLUMNS.index("system_name")] for r in table[1:]}
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert any(n.startswith("'@SUM(A1)") for n in names)
    waived = [r for r in table[1:] if r[COLUMNS.index("outcome")] == "waived"]
    assert len(waived) == 1
    row = dict(zip(COLUMNS, waived[0], strict=True))
    assert row["waiver_justification"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["waiver_expires_on"] == "2027-01-01"
    assert row["rule_ids"] == "NHRCK-HRIA-001"
    assert row["cause"] == ""
    for r in table[1:]:
        for value in r:
            assert not value.startswith(FORMULA_START), value


def test_cell() -> None:
    for start in FORMULA_START:
        assert cell(start + "1+1").startswith("'")
    assert cell("-1 @cmd") == "'-1 @cmd"
    assert cell("\tx") == "'\tx"
    assert cell("\r\nx") == "'\nx"  # CRLF is folded into a newline
    assert cell("\rx") == "'\\x0dx"  # a lone CR is shown as \x0d
    assert cell("a\x1bb") == "a\\x1bb"
    assert cell("multi\nline") == "multi\nline"
    assert cell(18) == "18"
    assert cell(None) == ""
    assert cell("plain = text") == "plain = text"


def test_golden(golden: Any) -> None:
    # the golden file compares with universal newlines, so CRLF row ends are written as LF
    text = rendered(relative(ROOT / "sample_inventories/gov_complex_gates.toml"), False)
    golden("gov_complex_gates.csv", text.replace("\r\n", "\n"))
