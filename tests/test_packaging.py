"""The wheel carries everything an installed copy needs: schemas, catalogues, templates."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel ``pip wheel`` builds from this tree."""
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [built] = out.glob("frtaudit-*.whl")
    return built


def test_wheel_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for schema in ("inventory", "report", "config"):
        assert f"frtaudit/schemas/{schema}.schema.json" in names
    assert "frtaudit/i18n/en.toml" in names
    assert "frtaudit/report/templates/report.html.j2" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "frtaudit = frtaudit.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_installed_wheel_works_without_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    """Install the wheel into a fresh folder and run it from elsewhere: schemas come along."""
    site = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), wheel],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    sample = ROOT / "sample_inventories" / "model_agency.toml"
    (work / "inv.toml").write_bytes(sample.read_bytes())
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    where = subprocess.run(
        [sys.executable, "-c", "import frtaudit; print(frtaudit.__file__)"],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        check=True,
    )
    assert where.stdout.startswith(str(site)), where.stdout  # not the source tree
    schema = subprocess.run(
        [sys.executable, "-m", "frtaudit", "schema"],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        check=False,
    )
    assert schema.returncode == 0, schema.stderr
    assert '"schema_version"' in schema.stdout
    scan = subprocess.run(
        [sys.executable, "-m", "frtaudit", "scan", "inv.toml", "--as-of", "2026-11-22", "-q"],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        check=False,
    )
    assert scan.returncode == 0, scan.stdout + scan.stderr
