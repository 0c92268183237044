"""Golden terminal reports at 80 columns, without colour (make golden rewrites them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from frtaudit.cli.app import build_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("sample", ["gov_complex_gates", "transit_realtime_pilot"])
def test_terminal_golden(sample: str, golden, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    path = f"sample_inventories/{sample}.toml"
    result = CliRunner().invoke(
        build_app("en"), ["scan", path, "--as-of", "2026-11-22"], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 1
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    golden(f"{sample}.txt", result.stdout)
