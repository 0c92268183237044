"""Golden reports for every sample inventory, each with the profiles that apply to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from frtaudit.cli.app import build_app

ROOT = Path(__file__).resolve().parents[2]
PROFILES = {
    "apartment_doors": "nhrck,kr-pipa",
    "city_control_centre": "nhrck,kr-pipa",
    "gov_complex_gates": "nhrck,kr-pipa",
    "immigration_ai": "nhrck,kr-pipa",
    "model_agency": "nhrck,kr-pipa",
    "transit_realtime_pilot": "nhrck,kr-pipa",
    "eu_city_police": "nhrck,eu-ai-act",
    "wa_county_sheriff": "nhrck,us-wa",
    "uk_retailer_watchlist": "coe,nhrck",
    "il_gym_access": "coe,us-il-bipa",
}
FORMATS = {"terminal": "txt", "json": "json", "markdown": "md", "csv": "csv"}


def test_every_sample_has_profiles() -> None:
    assert {p.stem for p in (ROOT / "sample_inventories").glob("*.toml")} == set(PROFILES)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sample", sorted(PROFILES))
def test_sample_golden(sample: str, fmt: str, golden, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    args = ["scan", f"sample_inventories/{sample}.toml", "--as-of", "2026-11-22"]
    args += ["--profile", PROFILES[sample], "-f", fmt]
    result = CliRunner().invoke(build_app("en"), args, env={"COLUMNS": "80"})
    assert result.exit_code == (0 if sample == "model_agency" else 1), result.stderr
    text = result.stdout.replace("\r\n", "\n") if fmt == "csv" else result.stdout
    golden(f"samples/{sample}.{FORMATS[fmt]}", text)
