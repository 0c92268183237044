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
    assert out.endswith("systems)\n")


def test_all_problems_in_one_run(tmp_path: Path) -> None:
    code, _, err = cli("validate", str(INVALID[0].parent))
    assert code == 2
    # one summary line counting every file with problems, each file reported
    for path in INVALID:
        assert path.name in err
    assert err.rstrip().splitlines()[-1].endswith(f"in {len(INVALID)} file(s)")


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
        "bom.toml": b"\xef\xbb\xbf" + good.encode(),
        "binary.toml": bytes(range(256)) * 4,
    }
    expected = {
        "cp949.toml": "it looks like CP949/EUC-KR",
        "utf16.toml": "file is UTF-16, not UTF-8",
        "bom.toml": "byte-order mark",
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
