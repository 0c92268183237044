"""Golden Korean reports of the machine formats (JSON, SARIF, CSV, JUnit, OSCAL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from frtaudit.cli.app import build_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "sample_inventories/transit_realtime_pilot.toml"


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize(
    ("fmt", "ext"),
    [
        ("json", "json"),
        ("sarif", "sarif"),
        ("csv", "csv"),
        ("junit", "xml"),
        ("oscal", "oscal.json"),
    ],
)
def test_korean_golden(fmt: str, ext: str, golden: Any) -> None:
    args = ["scan", SAMPLE, "--as-of", "2026-11-22", "--profile", "nhrck,kr-pipa", "--lang", "ko"]
    result = CliRunner().invoke(build_app("ko"), [*args, "-f", fmt])
    assert result.exit_code == 1, result.stderr
    text = result.stdout
    assert "인권영향평가" in text  # gaps and rules named in Korean
    golden(f"ko/transit_realtime_pilot.{ext}", text)
