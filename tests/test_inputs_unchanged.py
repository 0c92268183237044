"""Inputs never change (issue 10): every file is hashed before and after each command.

A command may create or replace only the files it was asked to write; every other file in the
working folder, inputs first, keeps its exact bytes. ``import -o`` and ``init -o`` refuse an
existing file without ``--force``; with it the file is replaced by a rename (a new inode, never
a half-written file), and an input is never a target even with ``--force``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frtaudit.cli.app import build_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_inventories"
CSV = ROOT / "tests" / "data" / "kr-cctv" / "daejeon.csv"
AS_OF = "2026-11-22"
APP = build_app("en")


def hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder`` (relative path -> digest)."""
    out = {}
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with inventories, a config, a CSV and an earlier report."""
    shutil.copytree(SAMPLES, tmp_path / "inventories")
    shutil.copy(CSV, tmp_path / "cctv.csv")
    (tmp_path / "frtaudit.toml").write_text('profiles = ["nhrck", "kr-pipa"]\n', encoding="utf-8")
    (tmp_path / "existing.toml").write_text("# an inventory being edited by hand\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("scan", "inventories", "--as-of", "2025-11-22", "-q", "-f", "json:old.json")
    assert code == 1, err
    return tmp_path


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(APP, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


COMMANDS: list[tuple[str, list[str], set[str], int]] = [
    # (id, command line, files it may create or replace, exit code)
    ("validate", ["validate", "inventories", "cctv.csv"], set(), 2),
    ("validate-ok", ["validate", "inventories"], set(), 0),
    (
        "scan-every-format",
        [
            "scan",
            "inventories",
            "--as-of",
            AS_OF,
            "--baseline",
            "old.json",
            *("-f", "json:out/r.json", "-f", "sarif:out/r.sarif", "-f", "junit:out/r.xml"),
            *("-f", "csv:out/r.csv", "-f", "markdown:out/r.md", "-f", "html:out/r.html"),
            *("-f", "oscal:out/r.oscal.json", "-f", "terminal"),
        ],
        {f"out/r.{x}" for x in ("json", "sarif", "xml", "csv", "md", "html", "oscal.json")},
        1,
    ),
    (
        "scan-report-over-baseline",
        ["scan", "inventories", "--as-of", AS_OF, "--baseline", "old.json", "-f", "json:old.json"],
        set(),
        2,
    ),
    (
        "scan-report-over-inventory",
        ["scan", "inventories", "-f", "json:inventories/eu_city_police.toml"],
        set(),
        2,
    ),
    ("scan-report-over-config", ["scan", "inventories", "-f", "json:frtaudit.toml"], set(), 2),
    ("diff", ["diff", "old.json", "old.json"], set(), 0),
    ("config-show", ["config", "show"], set(), 0),
    ("explain", ["explain", "NHRCK-HRIA-001"], set(), 0),
    ("rules", ["rules", "--format", "json"], set(), 0),
    ("schema", ["schema"], set(), 0),
    ("import-new", ["import", "kr-cctv", "cctv.csv", "-o", "new.toml"], {"new.toml"}, 0),
    ("import-stdout", ["import", "kr-cctv", "cctv.csv"], set(), 0),
    ("import-existing", ["import", "kr-cctv", "cctv.csv", "-o", "existing.toml"], set(), 2),
    (
        "import-existing-force",
        ["import", "kr-cctv", "cctv.csv", "-o", "existing.toml", "--force"],
        {"existing.toml"},
        0,
    ),
    (
        "import-over-input-force",
        ["import", "kr-cctv", "cctv.csv", "-o", "cctv.csv", "--force"],
        set(),
        2,
    ),
    (
        "import-split",
        ["import", "kr-cctv", "cctv.csv", "--split", "split"],
        {"split/*"},
        0,
    ),
    ("init-new", ["init", "-o", "starter.toml"], {"starter.toml"}, 0),
    ("init-existing", ["init", "-o", "existing.toml"], set(), 2),
    ("init-existing-force", ["init", "-o", "existing.toml", "--force"], {"existing.toml"}, 0),
    ("init-over-inventory", ["init", "-o", "inventories/model_agency.toml"], set(), 2),
]


def _allowed(name: str, outputs: set[str]) -> bool:
    return name in outputs or any(o.endswith("/*") and name.startswith(o[:-1]) for o in outputs)


@pytest.mark.parametrize(
    ("args", "outputs", "code"), [c[1:] for c in COMMANDS], ids=[c[0] for c in COMMANDS]
)
def test_command_changes_only_its_outputs(
    work: Path, args: list[str], outputs: set[str], code: int
) -> None:
    (work / "out").mkdir()
    before = hashes(work)
    inodes = {name: os.stat(work / name).st_ino for name in before}
    got, _out, err = cli(*args)
    assert got == code, err
    after = hashes(work)
    for name, digest in before.items():
        if _allowed(name, outputs):
            continue
        assert after.get(name) == digest, f"{name} changed or vanished"
    for name in set(after) - set(before):
        assert _allowed(name, outputs), f"{name} was created"
    for name in outputs & set(before):  # a replaced file is a new file, renamed into place
        assert after[name] != before[name]
        assert os.stat(work / name).st_ino != inodes[name]
    assert not [n for n in after if n.endswith(".tmp")]
    for name in outputs:
        if not name.endswith("/*"):
            assert name in after, f"{name} was not written"


def test_an_inventory_folder_scanned_twice_is_byte_identical(work: Path) -> None:
    """Scanning does not even touch the inventories' modification times."""
    stamps = {p: p.stat().st_mtime_ns for p in (work / "inventories").iterdir()}
    for _ in range(2):
        cli("scan", "inventories", "--as-of", AS_OF, "-q", "-f", "json:out.json")
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
