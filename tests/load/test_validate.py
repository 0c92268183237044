"""`frtaudit validate`: every invalid inventory gives its exact expected errors and exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli

HERE = Path(__file__).resolve().parents[1]
ROOT = HERE.parent
INVALID = sorted(
    p for p in (HERE / "inventories" / "invalid").iterdir() if p.suffix in (".toml", ".json")
)
VALID = sorted((ROOT / "sample_inventories").glob("*.toml")) + sorted(
    (HERE / "inventories" / "valid").glob("*.toml")
)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_inventory_reports_expected_errors(path: Path) -> None:
    rel = path.relative_to(ROOT).as_posix()
    code, out, err = cli("validate", rel)
    assert code == 2
    assert out == ""
    expected = path.with_suffix(".expected.txt").read_text(encoding="utf-8")
    assert err == expected


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_inventories_validate(path: Path) -> None:
    code, out, err = cli("validate", str(path))
    assert code == 0, err
    assert out.startswith(f"{path}: valid")


def test_all_problems_in_one_run(tmp_path: Path) -> None:
    code, _, err = cli("validate", str(INVALID[0].parent))
    assert code == 2
    # one summary line counting every file with problems, each file reported
    for path in INVALID:
        assert path.name in err
    assert err.rstrip().splitlines()[-1].endswith(f"in {len(INVALID)} files")


def test_missing_file_and_empty_dir(tmp_path: Path) -> None:
    code, _, err = cli("validate", str(tmp_path / "nope.toml"), str(tmp_path))
    assert code == 2
    assert "nope.toml: no such file or directory" in err
    assert f"{tmp_path}: directory contains no *.toml or *.json inventories" in err


def test_encodings(tmp_path: Path) -> None:
    good = (ROOT / "sample_inventories" / "gov_complex_gates.toml").read_text(encoding="utf-8")
    cases = {
        "cp949.toml": good.encode("cp949", errors="replace"),
        "utf16.toml": good.encode("utf-16"),
        "binary.toml": bytes(range(256)) * 4,
    }
    expected = {
        "cp949.toml": "it looks like CP949/EUC-KR",
        "utf16.toml": "file is UTF-16, not UTF-8",
        "binary.toml": "file is binary",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        code, _, err = cli("validate", str(tmp_path / name))
        assert code == 2, name
        assert expected[name] in err, err


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    src = (ROOT / "sample_inventories" / "gov_complex_gates.toml").read_text(encoding="utf-8")
    (tmp_path / "a.toml").write_text(src, encoding="utf-8")
    (tmp_path / "b.toml").write_text(src, encoding="utf-8")
    code, _, err = cli("validate", str(tmp_path))
    assert code == 2
    assert "system id 'gcmo-gate-frt' is also used in" in err


def test_stdin_json(tmp_path: Path) -> None:
    doc = (
        '{"schema_version": "1", "agency": {"id": "a", "name": "A", "country": "KR",'
        ' "is_public_body": true}, "systems": []}'
    )
    result = subprocess.run(
        [sys.executable, "-m", "frtaudit", "validate", "-"],
        input=doc,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "<stdin>: valid (0 systems)" in result.stdout


# -- a byte-order mark (Windows Notepad) is skipped, and lines stay right ----------------------

BROKEN = """schema_version = "1"

[agency]
id = "a"
name = "A"
country = "KR"
is_public_body = true

[[systems]]
id = "s1"
name = "S"
status = "operational"
colour = "red"
"""


@pytest.mark.parametrize("name", ["inv.toml", "inv.json"])
def test_utf8_bom_is_accepted(tmp_path: Path, name: str) -> None:
    good = ROOT / "sample_inventories" / "gov_complex_gates.toml"
    if name.endswith(".json"):
        import json

        from frtaudit.load.inventory import load

        doc = load(str(good)).data
        text = json.dumps(doc, default=str, ensure_ascii=False)
    else:
        text = good.read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    code, out, err = cli("validate", str(path))
    assert (code, err) == (0, "")
    assert out == f"{path}: valid (1 system)\n"
    code, out, _ = cli("scan", str(path), "--as-of", "2026-11-22", "-q")
    assert code == 1 and "1 system, " in out


def test_bom_keeps_lines_and_columns(tmp_path: Path) -> None:
    plain, marked = tmp_path / "plain.toml", tmp_path / "marked.toml"
    plain.write_text(BROKEN, encoding="utf-8")
    marked.write_bytes(b"\xef\xbb\xbf" + BROKEN.encode("utf-8"))
    _, _, want = cli("validate", str(plain))
    code, _, got = cli("validate", str(marked))
    assert code == 2
    assert "marked.toml:13: $.systems[0].colour: unknown key 'colour'" in got
    assert got.replace("marked.toml", "plain.toml") == want
    # a syntax error on line 1 keeps its column: the mark is not a character of the text
    (tmp_path / "syntax.toml").write_bytes(b"\xef\xbb\xbfschema_version = = 1\n")
    _, _, err = cli("validate", str(tmp_path / "syntax.toml"))
    assert "syntax.toml:1:18: TOML syntax error" in err


def test_bom_in_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "frtaudit.toml").write_bytes(b'\xef\xbb\xbffail_on = "critical"\n')
    code, out, err = cli("config", "show")
    assert (code, err) == (0, "")
    assert f'"critical"  ({tmp_path / "frtaudit.toml"})' in out


# -- what scan needs beyond the schema: warnings, errors with --strict --------------------------

INCOMPLETE = BROKEN.replace('colour = "red"\n', "") + (
    "\n[systems.capabilities]\nrecording = true\nface_detection = false\n"
    'face_identification = "unknown"\n'
)


def test_validate_warns_about_what_scan_needs(tmp_path: Path) -> None:
    path = tmp_path / "inv.toml"
    path.write_text(INCOMPLETE, encoding="utf-8")
    code, out, err = cli("validate", str(path))
    assert code == 0
    lines = err.splitlines()
    assert lines[0] == (
        f"warning: {path}:9: $.systems[0]: system 's1': 8 fields that every profile needs are "
        "not declared: capabilities.face_verification, capabilities.face_identification, "
        "capabilities.face_tracking, capabilities.emotion_recognition, "
        "capabilities.sensitive_attribute_inference, capabilities.processing_mode, "
        "capabilities.capture_mode, location.type"
    )  # recording and face_detection are declared; face recognition may be on, so modes count
    assert lines[1].startswith("  fix: declare each one")
    assert "INV-CAP-001" in lines[1]
    assert out == (
        f"{path}: valid against the schema (1 system), but 1 system lacks fields scan needs "
        "(see the warnings; --strict makes them errors)\n"
    )
    # the warning is what scan finds: INV-CAP-001 reports the same fields
    code, scanned, _ = cli("scan", str(path), "--as-of", "2026-11-22", "--select", "INV-CAP-001")
    assert code == 1 and "INV-CAP-001" in scanned


def test_validate_strict_makes_them_errors(tmp_path: Path) -> None:
    path = tmp_path / "inv.toml"
    path.write_text(INCOMPLETE, encoding="utf-8")
    code, out, err = cli("validate", "--strict", str(path))
    assert code == 2
    assert out == ""
    assert err.splitlines()[0].startswith(f"{path}:9: $.systems[0]: system 's1': ")
    assert err.splitlines()[-1] == "1 problem in 1 file"
    complete = ROOT / "sample_inventories" / "gov_complex_gates.toml"
    code, out, err = cli("validate", "--strict", str(complete))
    assert (code, err) == (0, "")


def test_warning_count_matches_what_the_rule_needs() -> None:
    """The warnings list exactly rules.facts.undeclared_facts: no list of our own."""
    from frtaudit.load.inventory import load, scan_needs
    from frtaudit.rules.facts import System, undeclared_facts

    inv = load(str(HERE / "inventories" / "valid" / "injection.toml"))
    problems = scan_needs(inv.path, inv.data, inv.system_lines)
    incomplete = [
        (i, undeclared_facts(System(s, inv.agency, i))) for i, s in enumerate(inv.systems)
    ]
    incomplete = [(i, m) for i, m in incomplete if m]
    assert [p.path for p in problems] == [f"$.systems[{i}]" for i, _ in incomplete]
    assert [p.params["fields"] for p in problems] == [", ".join(m) for _, m in incomplete]
    assert all(
        p.line == inv.system_lines[i] for p, (i, _) in zip(problems, incomplete, strict=True)
    )
