"""Shared test set-up: a pinned terminal, no colour, loopback-only network, golden files."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_inventories"
GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = "2026-11-22"


#: Set by .ci/run: under CI a skipped test is a failure (nothing may be skipped silently).
STRICT_SKIPS = bool(os.environ.get("FRTAUDIT_CI"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if STRICT_SKIPS and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"skipped under CI (FRTAUDIT_CI is set), which counts as a failure: {reason}"
        )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files instead of comparing"
    )


@pytest.fixture(autouse=True)
def _pinned_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "50")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("FRTAUDIT_LANG", raising=False)
    monkeypatch.setenv("CI", "true")


_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (
        host.startswith("127.") or host in ("localhost", "::1") or self.family == socket.AF_UNIX
    ):
        raise RuntimeError(f"tests may only connect to loopback, not {host!r}")
    return _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    yield


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """``golden(name, text)``: compare with tests/golden/<name>, or rewrite it."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
            return
        assert path.exists(), f"missing golden file {path}; run make golden"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"output differs from {path}; run make golden and review"

    return check


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.skip(f"needs {CHROMIUM} and {CHROMEDRIVER} (apt install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="frtaudit-chrome-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1600",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def with_first_waived(report: Any, waiver: Any) -> Any:
    """``report`` with its first kept result waived by ``waiver`` (reports are immutable)."""
    import dataclasses

    from frtaudit.model import Outcome

    i = next(i for i, r in enumerate(report.rows) if r.kept)
    row = report.rows[i]
    waived = dataclasses.replace(row.kept[0], outcome=Outcome.WAIVED, waiver=waiver)
    rows = list(report.rows)
    rows[i] = dataclasses.replace(row, kept=(waived, *row.kept[1:]))
    return dataclasses.replace(report, rows=tuple(rows))


# -- helpers shared by test modules ---------------------------------------------------------------

INJECTION = ROOT / "tests" / "inventories" / "valid" / "injection.toml"


def cli(*args: str, lang: str = "en") -> tuple[int, str, str]:
    """Run the command line in-process: (exit code, stdout, stderr); never a hidden traceback."""
    from typer.testing import CliRunner

    from frtaudit.cli.app import build_app

    result = CliRunner().invoke(build_app(lang), list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def scan_report(*paths: str | Path, include_passing: bool = False, **render_options: Any) -> Any:
    """The Report of a scan of ``paths`` as of AS_OF (default profile), for renderer tests."""
    from datetime import date

    from frtaudit.scan import ScanRequest, run

    assert all(isinstance(p, str | Path) for p in paths), paths
    return run(
        ScanRequest(
            paths=[str(p) for p in paths],
            as_of=date.fromisoformat(AS_OF),
            include_passing=include_passing,
            render_options=render_options,
        )
    )


def waived_injection(
    folder: Path, *, granted_by: str, instrument: str, justification: str, name: str = "waived"
) -> Path:
    """The injection inventory with a current exception to NHRCK-HRIA-001 on system inj-1.

    The exception's texts are the caller's (each format test puts its own hostile strings there),
    written as TOML strings with every control character escaped.
    """
    from frtaudit.importers.toml_writer import quote

    granted_by, instrument, justification = map(quote, (granted_by, instrument, justification))
    waiver = "\n".join(
        [
            "[[systems.exceptions]]",
            'rule = "NHRCK-HRIA-001"',
            f"granted_by = {granted_by}",
            'authority_kind = "independent_authority"',
            f"instrument = {instrument}",
            f"justification = {justification}",
            "granted_on = 2026-01-01",
            "expires_on = 2027-01-01",
            "",
        ]
    )
    text = INJECTION.read_text(encoding="utf-8")
    marker = '[[systems]]\nid = "inj-2"'
    assert marker in text
    path = folder / f"{name}.toml"
    path.write_text(text.replace(marker, waiver + "\n" + marker), encoding="utf-8")
    return path
