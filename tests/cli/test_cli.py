"""End-to-end CLI behaviour on every sample inventory: exit codes and the key lines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli
from typer.testing import CliRunner

from frtaudit.cli.app import build_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_inventories"
AS_OF = "2026-11-22"


def scan(*args: str) -> tuple[int, str, str]:
    extra = [] if "--as-of" in args else ["--as-of", AS_OF]
    return cli("scan", *args, *extra)


def finding_lines(out: str, system: str) -> str:
    """The findings block of one system in the terminal report."""
    start = out.rindex(f"\n{system} ")
    end = out.find("\n\n", start + 1)
    return " ".join(out[start:end].split())  # wrapping-independent


def test_gov_complex_gates_lacks_hria_basis_and_notice() -> None:
    code, out, _ = scan(str(SAMPLES / "gov_complex_gates.toml"))
    assert code == 1
    block = finding_lines(out, "gcmo-gate-frt")
    assert "NHRCK-HRIA-001 high fail" in block
    assert "no human-rights impact assessment" in block
    assert "NHRCK-LEGAL-001 critical fail" in block
    assert "consent is not a law" in block
    assert "NHRCK-NOTICE-001 high fail" in block
    assert "NHRCK-BAN-001" not in block  # 1:1 cooperative verification is not remote RBI


def test_transit_pilot_breaks_the_realtime_ban_despite_internal_waiver() -> None:
    code, out, _ = scan(str(SAMPLES / "transit_realtime_pilot.toml"))
    assert code == 1
    block = finding_lines(out, "metro-rt-watchlist")
    assert "NHRCK-BAN-001 critical fail" in block
    assert "only a statute" in block  # the self-signed waiver is refused
    assert "EXC-002 critical fail" in block


def test_city_control_centre_face_search() -> None:
    code, out, _ = scan(str(SAMPLES / "city_control_centre.toml"))
    assert code == 1
    block = finding_lines(out, "hanbit-face-search")
    assert "NHRCK-LEGAL-001" in block
    assert "NHRCK-HRIA-001 high fail" in block
    assert "NHRCK-BAN-001" not in block  # post-event search is not real-time
    assert "\nhanbit-street-cctv Crime" not in out  # plain CCTV without FRT: no findings


def test_immigration_ai_project() -> None:
    code, out, _ = scan(str(SAMPLES / "immigration_ai.toml"))
    assert code == 1
    block = finding_lines(out, "imm-ai-tracking")
    assert "NHRCK-BAN-001 critical fail" in block  # real-time remote identification, planned
    assert "NHRCK-HRIA-001 high fail" in block


def test_private_apartment_is_not_judged_as_state() -> None:
    _code, out, _ = scan(str(SAMPLES / "apartment_doors.toml"), "--include-passing")
    block = finding_lines(out, "greenhill-doors")
    assert "NHRCK-LEGAL-001" in block
    assert "not operated by or for a public body" in block


def test_model_agency_exits_zero() -> None:
    code, out, err = scan(str(SAMPLES / "model_agency.toml"))
    assert code == 0, out + err
    assert "0 gaps at or above high" in " ".join(out.split())  # the terminal wraps lines


def test_directory_scan_and_fail_on() -> None:
    code, out, _ = scan(str(SAMPLES))
    assert code == 1
    for name in ("Government Complex", "Hanbit City Hall", "Model City"):
        assert name in out
    code, _, _ = scan(str(SAMPLES / "apartment_doors.toml"), "--fail-on", "critical")
    assert code == 0  # its gaps are high, not critical
    code, _, _ = scan(str(SAMPLES / "gov_complex_gates.toml"), "--fail-on", "critical")
    assert code == 1  # consent as the only basis is no law at all: critical (NHRCK-LEGAL-001)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--profile", "nope"], "unknown profile 'nope'"),
        (["--select", "NOPE-001"], "no rule matches 'NOPE-001'"),
        (["--param", "hria_max_age_months=abc"], "not valid for hria_max_age_months"),
        (["--param", "nonsense=1"], "no active profile has a parameter named 'nonsense'"),
        (["--fail-on", "severe"], "unknown severity 'severe'"),
        (["--as-of", "2026-13-01"], "--as-of must be a date"),
        (["-f", "pdf"], "unknown format 'pdf'"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, out, err = scan(str(SAMPLES / "gov_complex_gates.toml"), *args)
    assert code == 2
    assert message in err
    assert out == ""


def test_select_and_ignore() -> None:
    _, out, _ = scan(str(SAMPLES / "gov_complex_gates.toml"), "--select", "NHRCK-HRIA")
    assert "NHRCK-HRIA-001" in out
    assert "NHRCK-LEGAL-001 high" not in out
    _, out, _ = scan(str(SAMPLES / "gov_complex_gates.toml"), "--ignore", "NHRCK-HRIA-001")
    assert "NHRCK-HRIA-001 high" not in out


def test_injection_is_printed_literally() -> None:
    code, out, _ = scan(str(ROOT / "tests" / "inventories" / "valid" / "injection.toml"))
    assert code == 1
    assert "\x1b" not in out
    assert "\\x1b[31mRED" in out
    assert "[bold red]Agency[/bold red]" in out
    assert "<script>document.title='pwned'</script>" in out


def test_output_file_is_atomic_and_inputs_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    code, out, _ = scan(str(SAMPLES / "gov_complex_gates.toml"), "-f", f"terminal:{target}")
    assert code == 1
    # the summary line still prints; gaps are counted per cause (6 of 14 at or above high)
    assert "17 gaps from 25 results (0 advisory); 8 gaps at or above high" in out
    assert target.read_text(encoding="utf-8").startswith("Face recognition audit report")
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]  # no temporary file left
    src = tmp_path / "inv.toml"
    src.write_bytes((SAMPLES / "gov_complex_gates.toml").read_bytes())
    before = src.read_bytes()
    code, _, err = scan(str(src), "-o", str(src))
    assert code == 2
    assert "refusing to write a report over the input inventory" in err
    assert src.read_bytes() == before


def test_python_m_and_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "frtaudit", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("frtaudit ")


def test_rules_and_explain() -> None:
    runner = CliRunner()
    result = runner.invoke(build_app("en"), ["rules", "--format", "json"])
    assert result.exit_code == 0
    import json

    rules = json.loads(result.stdout)
    ids = {r["id"] for r in rules}
    assert {"NHRCK-LEGAL-001", "NHRCK-HRIA-001", "NHRCK-NOTICE-001", "NHRCK-BAN-001"} <= ids
    assert all(r["citations"] and r["profiles"] for r in rules)
    result = runner.invoke(build_app("en"), ["explain", "NHRCK-BAN-001"])
    assert result.exit_code == 0
    for heading in ("What it checks", "Why it matters", "Example (fails)", "References"):
        assert heading in result.stdout
    result = runner.invoke(build_app("en"), ["explain", "NOPE-001"])
    assert result.exit_code == 2


def test_schema_command() -> None:
    result = CliRunner().invoke(build_app("en"), ["schema"])
    assert result.exit_code == 0
    import json

    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_jobs_option_gives_the_same_report_and_refuses_negative() -> None:
    args = [str(SAMPLES), "-f", "json", "-q"]
    code1, one_process, _ = scan(*args, "--jobs", "1")
    code2, workers, _ = scan(*args, "--jobs", "2")
    assert (code1, code2) == (1, 1)
    assert one_process == workers and '"fleets"' in workers
    code, _, err = scan(str(SAMPLES), "--jobs", "-1")
    assert code == 2
    assert "--jobs must be 0 or more, got -1" in err
