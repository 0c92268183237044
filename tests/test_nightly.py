"""Nightly and CI workflow: two nights with a baseline, diff, config file and notification."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import typing
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import cli

from frtaudit.report.reader import findings as report_findings

ROOT = Path(__file__).resolve().parent.parent
GATES = (ROOT / "sample_inventories" / "gov_complex_gates.toml").read_text(encoding="utf-8")


class _Sink(BaseHTTPRequestHandler):
    received: typing.ClassVar[list[dict[str, object]]] = []
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        _Sink.received.append(json.loads(self.rfile.read(length)))
        self.send_response(_Sink.status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def sink() -> Iterator[str]:
    _Sink.received = []
    _Sink.status = 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


SECOND_SYSTEM = """
[[systems]]
id = "gcmo-lobby-kiosk"
name = "Visitor kiosk"
status = "planned"
device = { kind = "kiosk", count = 2 }
location = { type = "publicly_accessible", context = ["government_building"] }
capabilities = { recording = false, face_detection = true, face_verification = true, face_identification = false, face_tracking = false, emotion_recognition = false, sensitive_attribute_inference = false, processing_mode = "real_time", capture_mode = "cooperative" }
"""


def test_two_nights(tmp_path: Path, sink: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    inv = tmp_path / "inventory.toml"
    inv.write_text(GATES, encoding="utf-8")
    select = ["--select", "NHRCK-LEGAL-001", "--as-of", "2026-11-22"]
    code, _, _ = cli("scan", str(inv), *select, "-f", "json:night1.json", "--notify", sink)
    assert code == 1
    night1 = json.loads((tmp_path / "night1.json").read_text(encoding="utf-8"))
    assert [f["rule_id"] for f in list(report_findings(night1))] == ["NHRCK-LEGAL-001"]

    # The agency records an FRT-specific statute for the gates and adds a kiosk without one.
    fixed = GATES.replace(
        'kind = "consent"\nfrt_specific = false', 'kind = "statute"\nfrt_specific = true'
    )
    assert fixed != GATES
    inv.write_text(fixed + SECOND_SYSTEM, encoding="utf-8")
    code, out, _ = cli(
        "scan",
        str(inv),
        *select,
        "--baseline",
        "night1.json",
        "-f",
        "json:night2.json",
        "-f",
        "terminal",
        "--notify",
        sink,
    )
    assert code == 1
    night2 = json.loads((tmp_path / "night2.json").read_text(encoding="utf-8"))
    assert night2["baseline"]["new"] == 1
    assert night2["baseline"]["existing"] == 0
    assert [r["system_id"] for r in night2["baseline"]["resolved"]] == ["gcmo-gate-frt"]
    assert [(f["system_id"], f["baseline"]) for f in list(report_findings(night2))] == [
        ("gcmo-lobby-kiosk", "new")
    ]
    assert "Baseline night1.json: 1 new, 0 existing, 1 resolved" in out
    assert "[new]" in out

    # --fail-on-new: the new kiosk gap still fails the gate; with no new gap it passes.
    code, _, _ = cli("scan", str(inv), *select, "--baseline", "night2.json", "--fail-on-new", "-q")
    assert code == 0
    code, _, _ = cli("scan", str(inv), *select, "--baseline", "night1.json", "--fail-on-new", "-q")
    assert code == 1

    # diff agrees with the baseline view
    code, out, _ = cli("diff", "night1.json", "night2.json", "-f", "json")
    assert code == 1
    diff = json.loads(out)
    assert [g["system_id"] for g in diff["new_gaps"]] == ["gcmo-lobby-kiosk"]
    assert [g["system_id"] for g in diff["resolved_gaps"]] == ["gcmo-gate-frt"]
    assert diff["systems_added"] == [{"agency": "kr-gcmo", "system_id": "gcmo-lobby-kiosk"}]
    code, out, _ = cli("diff", "night2.json", "night2.json")
    assert code == 0
    assert "New gaps (0)" in out

    # the server on 127.0.0.1 received both summaries
    assert len(_Sink.received) == 2
    first, second = _Sink.received
    assert first["gaps_at_or_above_fail_on"] == 1
    assert second["new_gaps"] == 1 and second["resolved_gaps"] == 1
    assert len(str(second["report_sha256"])) == 64


def test_notify_failure_is_only_a_warning(tmp_path: Path, sink: str) -> None:
    _Sink.status = 400
    inv = ROOT / "sample_inventories" / "model_agency.toml"
    code, _, err = cli("scan", str(inv), "--as-of", "2026-11-22", "-q", "--notify", sink)
    assert code == 0
    assert "warning: could not notify" in err
    assert "HTTP 400" in err


def test_diff_refuses_other_files(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"version": "2.1.0", "runs": []}', encoding="utf-8")
    code, _, err = cli("diff", str(other), str(other))
    assert code == 2
    assert "not a frtaudit JSON report" in err


def test_diff_capabilities_changes_and_expired_exceptions(tmp_path: Path) -> None:
    inv = tmp_path / "inv.toml"
    inv.write_text(GATES, encoding="utf-8")
    cli("scan", str(inv), "--as-of", "2026-01-10", "-f", f"json:{tmp_path / 'a.json'}")
    changed = GATES.replace("face_tracking = false", "face_tracking = true").replace(
        "[systems.vendor]",
        '[[systems.changes]]\ndate = 2026-03-01\nkind = "capability"\ndescription = "tracking"\nsubstantial = true\n\n'
        '[[systems.exceptions]]\nrule = "NHRCK-HRIA-001"\ngranted_by = "Minister"\nauthority_kind = "minister"\n'
        'instrument = "Order 3"\njustification = "HRIA under way"\ngranted_on = 2026-01-01\nexpires_on = 2026-06-30\n\n'
        "[systems.vendor]",
    )
    inv.write_text(changed, encoding="utf-8")
    cli("scan", str(inv), "--as-of", "2026-11-22", "-f", f"json:{tmp_path / 'b.json'}")
    code, out, _ = cli("diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "-f", "json")
    assert code == 1  # new gaps appeared
    diff = json.loads(out)
    assert {
        "agency": "kr-gcmo",
        "system_id": "gcmo-gate-frt",
        "capability": "face_tracking",
    } in diff["capabilities_switched_on"]
    assert diff["new_substantial_changes"] == [
        {"agency": "kr-gcmo", "system_id": "gcmo-gate-frt", "change": "2026-03-01 capability"}
    ]
    assert diff["exceptions_expired"][0]["rule_id"] == "NHRCK-HRIA-001"
    _code, md, _ = cli("diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "-f", "markdown")
    assert "### Capabilities switched on (1)" in md


def test_config_file_and_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "frtaudit.toml").write_text(
        'profiles = ["nhrck"]\nfail_on = "critical"\nselect = ["NHRCK-HRIA"]\n[params]\nhria_max_age_months = 36\n',
        encoding="utf-8",
    )
    inv = str(ROOT / "sample_inventories" / "gov_complex_gates.toml")
    code, _, _ = cli("scan", inv, "--as-of", "2026-11-22", "-q")
    assert code == 0  # the file's fail_on = critical: the HRIA gaps are high
    monkeypatch.setenv("FRTAUDIT_FAIL_ON", "high")
    code, _, _ = cli("scan", inv, "--as-of", "2026-11-22", "-q")
    assert code == 1  # environment beats the file
    code, _, _ = cli("scan", inv, "--as-of", "2026-11-22", "-q", "--fail-on", "critical")
    assert code == 0  # the command line beats the environment
    code, out, _ = cli("config", "show")
    assert code == 0
    assert re.search(r'^fail_on +"high"  \(FRTAUDIT_FAIL_ON\)$', out, re.MULTILINE)
    assert "hria_max_age_months" in out and str(tmp_path / "frtaudit.toml") in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('profiles = ["nhrk"]\n', 'frtaudit.toml:1: $.profiles[0]: "nhrk" is not one of'),
        ('fail_on = "severe"\n', "frtaudit.toml:1: $.fail_on"),
        ('select = ["NOPE-999"]\n', "no rule matches 'NOPE-999' (from"),
        ("colour = 'never'\n", "unknown key 'colour'; did you mean 'color'?"),
        ("[params]\nnonsense = 1\n", "no active profile has a parameter named 'nonsense'"),
        ("fail_on = \n", "TOML syntax error"),
    ],
)
def test_bad_config_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "frtaudit.toml").write_text(text, encoding="utf-8")
    code, _, err = cli(
        "scan", str(ROOT / "sample_inventories" / "model_agency.toml"), "--as-of", "2026-11-22"
    )
    assert code == 2
    assert message in err


def test_pyproject_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.frtaudit]\nfail_on = "critical"\n', encoding="utf-8"
    )
    code, out, _ = cli("config", "show")
    assert code == 0
    assert '"critical"' in out and "pyproject.toml" in out


# -- the README's nightly script, run as written ------------------------------------------------


def readme_script() -> str:
    """The nightly script of the README, exactly as a reader would copy it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```sh\n#!/bin/sh\n# nightly.sh") + len("```sh\n")
    return readme[start : readme.index("```", start)]


def _night(folder: Path, day: str, sink: str) -> subprocess.CompletedProcess[str]:
    """Run the README script in ``folder`` as on ``day`` (a ``date`` shim answers ``+%F``)."""
    script = readme_script()
    assert "/srv/inventories" in script and "https://chat.example.internal/hooks/frtaudit" in script
    script = script.replace("/srv/inventories", "inventories")
    script = script.replace("https://chat.example.internal/hooks/frtaudit", sink)
    (folder / "nightly.sh").write_text(script, encoding="utf-8")
    tools = folder / "bin"
    tools.mkdir(exist_ok=True)
    (tools / "frtaudit").write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -m frtaudit "$@"\n', encoding="utf-8"
    )
    (tools / "date").write_text(
        f'#!/bin/sh\nif [ "$1" = "+%F" ]; then echo {day}; else exec /bin/date "$@"; fi\n',
        encoding="utf-8",
    )
    for tool in tools.iterdir():
        tool.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRTAUDIT_")}
    env.update(PATH=f"{tools}{os.pathsep}{env['PATH']}", PYTHONPATH=str(ROOT), NO_COLOR="1")
    return subprocess.run(
        ["sh", "nightly.sh"], cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )


def _new_at_or_above_high(report: dict[str, typing.Any]) -> int:
    """The count that decides the exit code under --fail-on-new (the default --fail-on high):
    gaps (one cause on one system) with a new rule result behind them."""
    return sum(
        1
        for fleet in report["fleets"]
        for system in fleet["systems"]
        for gap in fleet["gaps"]
        if not gap["advisory"]
        and gap["severity"] in ("high", "critical")
        and {r["rule"] for r in gap["results"]} & set(system["new"])
    )


def test_readme_nightly_script_first_and_later_nights(tmp_path: Path, sink: str) -> None:
    """Night 1 has no baseline and no reports/ folder; nights 2 and 3 compare with the last."""
    inventories = tmp_path / "inventories"
    inventories.mkdir()
    inv = inventories / "gates.toml"
    inv.write_text(GATES, encoding="utf-8")
    reports = tmp_path / "reports"
    assert not reports.exists()

    # night 1: no baseline yet: a warning, every gap new, the reports written, exit by --fail-on
    first = _night(tmp_path, "2026-11-21", sink)
    assert first.returncode == 1, first.stderr
    assert first.stderr.count("does not exist yet") == 1
    assert "warning: the baseline reports/latest.json does not exist yet" in first.stderr
    assert "Traceback" not in first.stderr
    night1 = json.loads((reports / "2026-11-21.json").read_text(encoding="utf-8"))
    gaps = [f for f in list(report_findings(night1)) if f["outcome"] in ("fail", "unknown")]
    assert gaps and all(f["baseline"] == "new" for f in gaps)
    assert night1["baseline"]["existing"] == 0 and night1["baseline"]["resolved"] == []
    assert (reports / "2026-11-21.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (reports / "latest.json").read_bytes() == (reports / "2026-11-21.json").read_bytes()
    assert not (reports / "2026-11-21-diff.md").exists()  # nothing to compare with yet
    quiet = first.stdout.strip().splitlines()
    assert len(quiet) == 1
    deciding = _new_at_or_above_high(night1)
    assert deciding == night1["summary"]["gaps_at_or_above_fail_on"] > 0  # all of them are new
    assert quiet[0].endswith(
        f"; {deciding} of them new since the baseline reports/latest.json, "
        "and these decide the exit code (--fail-on-new)"
    ), quiet

    # night 2: the gates get an FRT-specific statute, a kiosk without one is added: 1 new gap
    fixed = GATES.replace(
        'kind = "consent"\nfrt_specific = false', 'kind = "statute"\nfrt_specific = true'
    )
    inv.write_text(fixed + SECOND_SYSTEM, encoding="utf-8")
    second = _night(tmp_path, "2026-11-22", sink)
    assert second.returncode == 1, second.stderr
    assert "does not exist yet" not in second.stderr
    night2 = json.loads((reports / "2026-11-22.json").read_text(encoding="utf-8"))
    new = [f for f in list(report_findings(night2)) if f.get("baseline") == "new"]
    assert night2["baseline"]["new"] == len(new) >= 1
    assert {f["system_id"] for f in new} == {"gcmo-lobby-kiosk"}
    assert f"; {_new_at_or_above_high(night2)} of them new since the baseline" in second.stdout
    diff = (reports / "2026-11-22-diff.md").read_text(encoding="utf-8")
    assert f"New gaps ({len(new)})" in diff and "gcmo-lobby-kiosk" in diff
    assert (reports / "latest.json").read_bytes() == (reports / "2026-11-22.json").read_bytes()

    # night 3: nothing changed: gaps remain, none is new, the job passes
    third = _night(tmp_path, "2026-11-23", sink)
    assert third.returncode == 0, third.stderr + third.stdout
    assert "; 0 of them new since the baseline" in third.stdout
    assert "New gaps (0)" in (reports / "2026-11-23-diff.md").read_text(encoding="utf-8")
    assert len(_Sink.received) == 3  # one summary a night


def test_readme_nightly_script_keeps_the_baseline_when_the_scan_cannot_run(
    tmp_path: Path, sink: str
) -> None:
    """A baseline of another tool is exit 2 with its own message; latest.json stays as it was."""
    (tmp_path / "inventories").mkdir()
    (tmp_path / "inventories" / "gates.toml").write_text(GATES, encoding="utf-8")
    (tmp_path / "reports").mkdir()
    foreign = '{"version": "2.1.0", "runs": []}'
    (tmp_path / "reports" / "latest.json").write_text(foreign, encoding="utf-8")
    night = _night(tmp_path, "2026-11-21", sink)
    assert night.returncode == 2
    assert "reports/latest.json" in night.stderr and "not a frtaudit JSON report" in night.stderr
    assert "does not exist yet" not in night.stderr
    assert (tmp_path / "reports" / "latest.json").read_text(encoding="utf-8") == foreign
    assert not (tmp_path / "reports" / "2026-11-21.json").exists()
