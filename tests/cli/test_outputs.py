"""Where reports go and what a CI log shows: folders created, the first night, the quiet line,
--fail-on-new, diff's exit code (issue 17 points 1, 2 and 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import cli

ROOT = Path(__file__).resolve().parents[2]
GATES = ROOT / "sample_inventories" / "gov_complex_gates.toml"
AS_OF = ["--as-of", "2026-11-22"]


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_report_folders_are_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's example: -f json:out/report.json into folders that do not exist yet."""
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(
        "scan",
        str(GATES),
        *AS_OF,
        "-f",
        "terminal",
        "-f",
        "json:out/report.json",
        "-f",
        "html:out/deeper/still/report.html",
    )
    assert code == 1, err
    assert "Government Complex" in out
    assert _files(tmp_path) == [
        "out",
        "out/deeper",
        "out/deeper/still",
        "out/deeper/still/report.html",
        "out/report.json",
    ]  # and no temporary file left behind
    assert json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))["fleets"]


def test_failed_batch_leaves_no_folder_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All reports or none: a report that cannot be written undoes the folders made for others."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("a file, not a folder\n", encoding="utf-8")
    code, out, err = cli(
        "scan", str(GATES), *AS_OF, "-f", "json:new/a/r.json", "-f", "sarif:notes.txt/r.sarif"
    )
    assert code == 2
    assert out == ""
    assert "cannot write notes.txt/r.sarif" in err
    assert _files(tmp_path) == ["notes.txt"]


def test_a_created_folder_never_lets_a_report_overwrite_an_input(tmp_path: Path) -> None:
    inv = tmp_path / "invs" / "gates.toml"
    inv.parent.mkdir()
    inv.write_bytes(GATES.read_bytes())
    code, _, err = cli("scan", str(inv.parent), *AS_OF, "-f", f"json:{inv.parent}/new/r.json")
    assert code == 2
    assert "inside the inventory folder" in err
    assert not (inv.parent / "new").exists()
    code, _, err = cli("scan", str(inv), *AS_OF, "-o", str(inv))
    assert code == 2 and "over the input inventory" in err
    assert inv.read_bytes() == GATES.read_bytes()


def test_import_and_init_create_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("init", "-o", "new/folder/inventory.toml")
    assert code == 0, err
    assert (tmp_path / "new" / "folder" / "inventory.toml").is_file()
    csv = ROOT / "tests" / "data" / "kr-cctv" / "busan.csv"
    code, _, err = cli("import", "kr-cctv", str(csv), "-o", "imported/busan.toml")
    assert code == 0, err
    assert (tmp_path / "imported" / "busan.toml").is_file()
    code, _, err = cli("import", "kr-cctv", str(csv), "--split", "by/agency")
    assert code == 0, err
    assert list((tmp_path / "by" / "agency").glob("*.toml"))


def test_first_night_exits_by_fail_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No baseline yet: warn once, every gap is new, the reports are written, --fail-on decides."""
    monkeypatch.chdir(tmp_path)
    args = ["scan", str(GATES), *AS_OF, "--baseline", "reports/latest.json", "--fail-on-new"]
    code, out, err = cli(*args, "-f", "json:reports/night1.json", "-q")
    assert code == 1
    assert err.count("warning: the baseline reports/latest.json does not exist yet") == 1
    report = json.loads((tmp_path / "reports" / "night1.json").read_text("utf-8"))
    assert report["baseline"]["path"] == "reports/latest.json"
    assert report["baseline"]["existing"] == 0 and report["baseline"]["new"] > 0
    # without its one critical rule the gates' gaps are high: --fail-on critical passes
    code, out, err = cli(*args, "--fail-on", "critical", "--ignore", "NHRCK-LEGAL-001", "-q")
    assert code == 0, out + err
    assert "; 0 of them new since the baseline reports/latest.json, and these decide" in out


def test_quiet_line_gives_the_new_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cli("scan", str(GATES), *AS_OF, "-f", "json:base.json", "-q")
    code, out, _ = cli("scan", str(GATES), *AS_OF, "--baseline", "base.json", "-q")
    assert code == 1  # without --fail-on-new every remaining gap counts
    assert out.strip().endswith(
        "; 8 gaps at or above high; 0 of them new since the baseline base.json"
    )
    code, out, _ = cli("scan", str(GATES), *AS_OF, "--baseline", "base.json", "--fail-on-new", "-q")
    assert code == 0
    assert out.strip().endswith(
        "; 0 of them new since the baseline base.json, and these decide the exit code "
        "(--fail-on-new)"
    )
    # the same from the environment, Korean
    monkeypatch.setenv("FRTAUDIT_BASELINE", "base.json")
    monkeypatch.setenv("FRTAUDIT_FAIL_ON_NEW", "true")
    monkeypatch.setenv("FRTAUDIT_QUIET", "1")
    code, out, _ = cli("scan", str(GATES), *AS_OF, "--lang", "ko")
    assert code == 0
    assert out.strip().endswith(
        "그중 기준 보고서 base.json 이후 신규 0건 (--fail-on-new: 이 건수로 종료 코드를 정함)"
    )


def test_fail_on_new_without_baseline_is_an_error() -> None:
    code, out, err = cli("scan", str(GATES), *AS_OF, "--fail-on-new")
    assert code == 2
    assert out == ""
    assert err.startswith("frtaudit: --fail-on-new needs --baseline")


def test_a_baseline_that_is_no_report_stays_exit_2(tmp_path: Path) -> None:
    other = tmp_path / "trivy.json"
    other.write_text('{"SchemaVersion": 2, "Results": []}', encoding="utf-8")
    code, out, err = cli("scan", str(GATES), *AS_OF, "--baseline", str(other), "-q")
    assert (code, out) == (2, "")
    assert f"{other}:" in err and "not a frtaudit JSON report" in err
    assert "does not exist" not in err


def test_diff_help_and_exit_code_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """diff exits 1 on new gaps only: gaps that persist do not fail it."""
    monkeypatch.chdir(tmp_path)
    _, help_text, _ = cli("diff", "--help")
    flat = " ".join(help_text.split())
    assert "Exits 1 when a new gap at or above --fail-on appears" in flat
    assert "gaps that persist or were resolved do not count" in flat
    assert "remains" not in flat
    cli("scan", str(GATES), *AS_OF, "-f", "json:a.json", "-q")
    code, out, _ = cli("diff", "a.json", "a.json")
    assert code == 0  # 8 gaps persist, none is new
    assert "Persisting gaps" in out
    added = '\n[[systems]]\nid = "new-cam"\nname = "New camera"\nstatus = "operational"\ncapabilities = { recording = true }\n'
    (tmp_path / "changed.toml").write_text(GATES.read_text("utf-8") + added, encoding="utf-8")
    cli("scan", "changed.toml", *AS_OF, "-f", "json:b.json", "-q")
    code, out, _ = cli("diff", "a.json", "b.json", "-f", "json")
    assert code == 1  # the new camera's undeclared capabilities: a new high gap
    assert {g["system_id"] for g in json.loads(out)["new_gaps"]} == {"new-cam"}
    code, _, _ = cli("diff", "b.json", "a.json")
    assert code == 0  # the other way round the camera's gaps are resolved, none is new
