"""Terminal report, answers first: questions and matrix first, grouped gaps for large inventories."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import INJECTION, cli, scan_report

from frtaudit.report.overview import SMALL_INVENTORY
from frtaudit.report.terminal import render

ROOT = Path(__file__).resolve().parents[2]
BUSAN_CSV = ROOT.parent / "shared" / "data" / "kr-cctv-busan" / "cctv.csv"
GATES = ROOT / "sample_inventories" / "gov_complex_gates.toml"


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def many_systems(folder: Path, count: int) -> Path:
    """The gates sample with its system ``count`` times (IDs made unique)."""
    text = GATES.read_text(encoding="utf-8")
    head, first = text.split("[[systems]]", 1)
    ident = re.search(r'^id = "([^"]+)"', first, flags=re.M)
    assert ident
    copies = [
        "[[systems]]" + first.replace(f'id = "{ident[1]}"', f'id = "{ident[1]}-{n}"', 1)
        for n in range(count)
    ]
    path = folder / f"many-{count}.toml"
    path.write_text(head + "".join(copies), encoding="utf-8")
    return path


def test_answers_come_before_the_matrix_and_the_findings() -> None:
    code, out, _ = cli("scan", str(GATES), "--as-of", "2026-11-22")
    assert code == 1
    order = [
        out.index("8 gaps at or above high: the run fails"),
        out.index("Legal basis"),
        out.index("Systems with critical gaps: 1"),
        out.index("Systems by question"),
        out.index("✗ NHRCK-LEGAL-001 critical fail"),
    ]
    assert order == sorted(order)
    assert "45 results: 19 fail" in " ".join(out.splitlines()[-3:])  # the summary line closes


def test_large_inventory_groups_gaps_and_details_lists_every_finding(tmp_path: Path) -> None:
    path = many_systems(tmp_path, SMALL_INVENTORY + 10)
    code, grouped, _ = cli("scan", str(path), "--as-of", "2026-11-22")
    assert code == 1
    assert "What to fix first" in grouped and "Worst systems" in grouped
    assert "60 systems with the same gaps" in grouped
    assert "✗ NHRCK-LEGAL-001 critical fail" not in grouped
    assert "--details lists every one of the" in grouped
    assert len(grouped.splitlines()) < 80
    code, full, _ = cli("scan", str(path), "--as-of", "2026-11-22", "--details")
    assert full.count("✗ NHRCK-LEGAL-001 critical fail") == SMALL_INVENTORY + 10
    # the counts agree between the two views
    assert grouped.splitlines()[-1] == full.splitlines()[-1]


def test_new_findings_stay_marked(tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    code, _, _ = cli("scan", str(GATES), "--as-of", "2026-11-22", "-f", f"json:{base}", "-q")
    assert code == 1
    code, out, err = cli(
        "scan", str(GATES), str(ROOT / INJECTION), "--as-of", "2026-11-22", "--baseline", str(base)
    )
    assert code == 1, err
    new_lines = [line for line in out.splitlines() if "[new]" in line]
    assert new_lines and all("[new]" in x for x in new_lines)
    gates_part = out.split("inj-1", 1)[0]
    assert "[new]" not in gates_part.split("Systems by question", 1)[1]
    # grouped view: the gap groups count what is new
    big = many_systems(tmp_path, SMALL_INVENTORY + 1)
    code, out, _ = cli("scan", str(big), "--as-of", "2026-11-22", "--baseline", str(base))
    assert re.search(r"\[\d+ new since the baseline\]", out)


def test_markup_and_ansi_in_inventory_text_print_literally() -> None:
    out = io.StringIO()
    render(scan_report(ROOT / INJECTION), out)
    text = out.getvalue()
    assert "\x1b" not in text
    assert "\\x1b[31mRED\\x1b[0m" in text


@pytest.mark.skipif(not BUSAN_CSV.exists(), reason=f"needs the Busan data at {BUSAN_CSV}")
def test_busan_fits_200_lines(tmp_path: Path) -> None:
    inventory = tmp_path / "busan.toml"
    frtaudit = [sys.executable, "-m", "frtaudit"]
    subprocess.run(
        [*frtaudit, "import", "kr-cctv", str(BUSAN_CSV), "-o", str(inventory)],
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [*frtaudit, "scan", str(inventory), "--as-of", "2026-11-22", "--color", "never"],
        capture_output=True,
        text=True,
        env={"COLUMNS": "80", "NO_COLOR": "1", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) <= 200, len(lines)
    assert "15737 systems with the same gaps" in done.stdout
