"""The wheel carries everything an installed copy needs: schemas, catalogues, templates."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contents(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("frtaudit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for schema in ("inventory", "report", "config"):
        assert f"frtaudit/schemas/{schema}.schema.json" in names
    assert "frtaudit/i18n/en.toml" in names
    assert "frtaudit/report/templates/report.html.j2" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "frtaudit = frtaudit.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
