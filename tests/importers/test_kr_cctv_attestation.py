"""import kr-cctv declares capabilities once for every camera only when asked, naming who and when."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest
from conftest import cli, scan_report

from frtaudit.audit.causes import CAUSES

ROOT = Path(__file__).resolve().parents[2]
BUSAN = ROOT / "tests" / "data" / "kr-cctv" / "busan.csv"
BY = "Kim Minsu, CCTV integrated control centre"


def _import(tmp_path: Path, *extra: str) -> tuple[int, Path, str]:
    out = tmp_path / "busan.toml"
    code, _out, err = cli("import", "kr-cctv", str(BUSAN), "-o", str(out), *extra)
    return code, out, err


def test_without_the_options_nothing_is_declared(tmp_path: Path) -> None:
    code, out, _ = _import(tmp_path)
    assert code == 0
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert "capability_groups" not in data
    assert all(s["capabilities"]["face_identification"] == "unknown" for s in data["systems"])
    report = scan_report(out)
    # one gap per camera, "capabilities not declared", in the prohibited-use column, not three
    for row in report.rows:
        (gap,) = row.gaps
        assert gap.cause == "capabilities-undeclared"
        assert gap.question.value == "prohibited"
        assert {"INV-CAP-001", "NHRCK-BAN-001", "NHRCK-MORA-001"} <= set(gap.rule_ids)
    assert report.gaps == len(report.rows) == report.gaps_at_or_above(CAUSES[gap.cause].severity)
    assert report.deferred and all(
        any(r.message_key == "common.deferred" for r in row.gaps[0].results) for row in report.rows
    )


def test_the_attestation_is_one_capability_group_named_in_the_report(tmp_path: Path) -> None:
    code, out, err = _import(
        tmp_path,
        "--capabilities-attested-by",
        BY,
        "--capabilities-attested-on",
        "2026-11-30",
    )
    assert code == 0, err
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    (group,) = data["capability_groups"]
    assert group["systems"] == ["*"]
    assert group["attested_by"] == BY
    assert group["attested_on"] == date(2026, 11, 30)
    assert group["capabilities"]["face_identification"] is False
    assert "audio_recording" not in group["capabilities"]  # no face analysis: not attested
    for s in data["systems"]:
        assert "face_identification" not in s["capabilities"]
    code, _, err = cli("validate", str(out))
    assert code == 0, err
    report = scan_report(out)
    (info,) = report.inventories
    (attestation,) = info.attestations
    assert (attestation.attested_by, attestation.attested_on) == (BY, "2026-11-30")
    assert attestation.systems == len(report.rows)
    assert all(row.attestation == group["id"] for row in report.rows)
    assert all(row.frt == "false" for row in report.rows)
    assert not any(g.cause == "capabilities-undeclared" for row in report.rows for g in row.gaps)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--capabilities-attested-by", BY), "go together"),
        (("--capabilities-attested-on", "2026-11-30"), "go together"),
        (
            ("--capabilities-attested-by", BY, "--capabilities-attested-on", "30.11.2026"),
            "must be a date YYYY-MM-DD, got 30.11.2026",
        ),
    ],
)
def test_incomplete_or_bad_options_are_usage_errors(
    tmp_path: Path, extra: tuple[str, ...], message: str
) -> None:
    code, out, err = _import(tmp_path, *extra)
    assert code == 2
    assert message in err
    assert not out.exists()


def test_a_system_that_declares_its_own_capabilities_keeps_them(tmp_path: Path) -> None:
    code, out, _ = _import(
        tmp_path, "--capabilities-attested-by", BY, "--capabilities-attested-on", "2026-11-30"
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    old = "capabilities = { recording = true, "
    assert text.count(old) == len(tomllib.loads(text)["systems"])
    new = 'capabilities = { face_identification = true, capture_mode = "remote", recording = true, '
    text = text.replace(old, new, 1)
    out.write_text(text, encoding="utf-8")
    report = scan_report(out)
    first_row = report.rows[0]
    assert first_row.frt == "true"  # its own declaration wins over the group's
    assert first_row.attestation == "standard-data-cameras"  # the group filled the rest
    assert all(row.frt == "false" for row in report.rows[1:])


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_every_human_format_names_the_attestation(tmp_path: Path, fmt: str) -> None:
    code, out, _ = _import(
        tmp_path,
        "--capabilities-attested-by",
        "Kim <b>[red]x[/red]",
        "--capabilities-attested-on",
        "2026-11-30",
    )
    assert code == 0
    target = tmp_path / f"report.{fmt}"
    code, _out, _ = cli("scan", str(out), "--as-of", "2026-11-22", "-f", f"{fmt}:{target}")
    text = target.read_text(encoding="utf-8")
    assert "standard-data-cameras" in text and "2026-11-30" in text
    named = {
        "terminal": "attested by Kim <b>[red]x[/red]",  # Rich markup printed, not applied
        "markdown": "attested by Kim \\<b\\>\\[red\\]x\\[/red\\]",
        "html": "attested by Kim &lt;b&gt;[red]x[/red]",
    }[fmt]
    assert named in " ".join(text.split())


def test_validate_counts_the_groups_declaration(tmp_path: Path) -> None:
    code, out, _ = _import(tmp_path)
    code, text, err = cli("validate", str(out), "--strict")
    assert code == 2 and "capabilities.face_identification" in text + err
    attested = tmp_path / "attested"
    attested.mkdir()
    code, out, _ = _import(
        attested, "--capabilities-attested-by", BY, "--capabilities-attested-on", "2026-11-30"
    )
    assert code == 0
    code, text, err = cli("validate", str(out), "--strict")
    assert code == 0, text + err
    assert "capabilities.face_identification" not in text + err
