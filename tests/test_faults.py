"""Faults (issue 10): interrupts, full disks, read-only folders and two runs at once.

A report file is either the complete new report or the previous one, never a mix, and no
temporary file is left behind. Each test runs the real command in a child process.

How the faults are made:

* SIGINT/SIGTERM: sent to a child scanning a generated 1,500-system inventory, once while it
  audits and once while the report's temporary file is being written.
* Full disk: a 64 KiB tmpfs mounted for the test when running as root (skipped otherwise), a
  file-size limit (RLIMIT_FSIZE, the same write error path without privileges) and
  ``/dev/full`` given as the report path.
* Read-only folder: ``chmod 555``; as root the child first enters a user namespace without a
  uid mapping, where root's permission override does not apply.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_inventories" / "gov_complex_gates.toml"
AS_OF = "2026-11-22"
OLD_REPORT = '{"previous": "report"}\n'
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "CI": "true", "LANG": "C.UTF-8"}

#: The CLI in a child; as root it first gives up the override of file permissions.
_CHILD = """
import ctypes, os, sys
if sys.argv[1] == "unprivileged" and os.geteuid() == 0:
    if ctypes.CDLL(None, use_errno=True).unshare(0x10000000) != 0:
        sys.exit(99)
from frtaudit.cli.app import main
main(sys.argv[2:])
"""


def _big_inventory(path: Path, systems: int) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    cut = text.index("[[systems]]")
    body = text[cut:]
    parts = [text[:cut]]
    # each system first used on another day, so that no two share one evaluation (the audit
    # evaluates systems alike once): the scan runs long enough to be interrupted mid-audit
    start = date(2016, 1, 1)
    parts += [
        body.replace('id = "gcmo-gate-frt"', f'id = "gate-{i}"').replace(
            "first_use_on = 2023-02-01", f"first_use_on = {start + timedelta(days=i)}"
        )
        for i in range(systems)
    ]
    path.write_text("".join(parts), encoding="utf-8")


def _temp_files(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".tmp"))


def _start(args: list[str], cwd: Path, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, "plain", *args],
        cwd=cwd,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,  # type: ignore[call-overload]
    )


def _run(args: list[str], cwd: Path, mode: str = "plain", **kwargs: object) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, *args],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        timeout=120,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )
    if done.returncode == 99:
        pytest.skip("running as root without user namespaces: permissions cannot be tested")
    return done.returncode, done.stderr.decode()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.toml"
    _big_inventory(path, 5000)
    return path


# -- interrupts -----------------------------------------------------------------------------------


def _wait(proc: subprocess.Popen[bytes], ready: Callable[[], bool], limit: float = 90) -> None:
    deadline = time.monotonic() + limit
    while not ready():
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"the scan ended before the signal: {proc.returncode} {err.decode()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the scan never reached the point to interrupt")
        time.sleep(0.01)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("when", ["auditing", "writing"])
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_leaves_previous_report_and_no_temp_file(
    big: Path, tmp_path: Path, sig: signal.Signals, code: int, when: str
) -> None:
    out = tmp_path / "out.json"
    out.write_text(OLD_REPORT, encoding="utf-8")
    args = ["scan", str(big), "--as-of", AS_OF, "-q", "--include-passing", "-f", "json:out.json"]
    proc = _start(args, tmp_path)
    if when == "auditing":  # past start-up (handlers installed), before any file is written
        _wait(proc, lambda: _cpu_seconds(proc.pid) > 1.5 or bool(_temp_files(tmp_path)))
    else:  # the report's temporary file exists: the signal lands in the middle of writing
        _wait(proc, lambda: bool(_temp_files(tmp_path)))
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err.decode()
    assert out.read_text(encoding="utf-8") == OLD_REPORT
    assert _temp_files(tmp_path) == []
    assert sorted(os.listdir(tmp_path)) == ["out.json"]
    message = err.decode().strip().splitlines()[-1]
    assert message == (
        f"frtaudit: interrupted by {sig.name}; unfinished report files were removed and earlier"
        " reports are unchanged"
    )
    assert "Traceback" not in err.decode()


# -- full disk ------------------------------------------------------------------------------------


@contextlib.contextmanager
def _tiny_tmpfs(folder: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_full_disk_tmpfs_is_exit_2_and_leaves_nothing(tmp_path: Path) -> None:
    with _tiny_tmpfs(tmp_path / "disk") as disk:
        (disk / "report.json").write_text(OLD_REPORT, encoding="utf-8")
        _big_inventory(tmp_path / "inv.toml", 1000)  # its report is far more than 64 KiB
        args = ["scan", "inv.toml", "--as-of", AS_OF, "-f", "json:disk/report.json"]
        code, err = _run(args, tmp_path)
        assert code == 2
        assert err == "frtaudit: cannot write disk/report.json: No space left on device\n"
        assert sorted(os.listdir(disk)) == ["report.json"]
        assert (disk / "report.json").read_text(encoding="utf-8") == OLD_REPORT
        assert sorted(os.listdir(tmp_path)) == ["disk", "inv.toml"]


def _file_size_limit() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_file_size_limit_is_exit_2_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "report.json").write_text(OLD_REPORT, encoding="utf-8")
    args = ["scan", str(SAMPLE), "--as-of", AS_OF, "-f", "json:report.json", "--include-passing"]
    code, err = _run(args, tmp_path, preexec_fn=_file_size_limit)
    assert code == 2
    assert err == "frtaudit: cannot write report.json: File too large\n"
    assert sorted(os.listdir(tmp_path)) == ["report.json"]
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == OLD_REPORT


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_dev_full_is_exit_2_and_stays_a_device(tmp_path: Path) -> None:
    before = os.stat("/dev/full")
    code, err = _run(["scan", str(SAMPLE), "--as-of", AS_OF, "-f", "json:/dev/full"], tmp_path)
    assert code == 2
    assert err == "frtaudit: cannot write /dev/full: No space left on device\n"
    after = os.stat("/dev/full")
    assert (after.st_ino, after.st_rdev, after.st_mode) == (
        before.st_ino,
        before.st_rdev,
        before.st_mode,
    )
    assert [n for n in os.listdir("/dev") if n.startswith(".full.")] == []


# -- read-only folder -----------------------------------------------------------------------------


def test_read_only_folder_is_exit_2_and_other_reports_untouched(tmp_path: Path) -> None:
    """All reports of a run or none: the writable one keeps its old content too."""
    ro = tmp_path / "ro"
    ro.mkdir()
    (ro / "report.sarif").write_text(OLD_REPORT, encoding="utf-8")
    (tmp_path / "report.json").write_text(OLD_REPORT, encoding="utf-8")
    os.chmod(ro, 0o555)
    try:
        args = ["scan", str(SAMPLE), "--as-of", AS_OF, "-f", "json:report.json"]
        code, err = _run([*args, "-f", "sarif:ro/report.sarif"], tmp_path, mode="unprivileged")
    finally:
        os.chmod(ro, 0o755)
    assert code == 2
    assert err == "frtaudit: cannot write ro/report.sarif: Permission denied\n"
    assert (ro / "report.sarif").read_text(encoding="utf-8") == OLD_REPORT
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == OLD_REPORT
    assert sorted(os.listdir(tmp_path)) == ["report.json", "ro"]
    assert sorted(os.listdir(ro)) == ["report.sarif"]


# -- two runs at once -----------------------------------------------------------------------------


def test_two_runs_on_one_report_path_leave_one_complete_report(tmp_path: Path) -> None:
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    _big_inventory(one, 200)
    _big_inventory(two, 300)
    expected = {}
    for inv in (one, two):
        code, err = _run(
            ["scan", inv.name, "--as-of", AS_OF, "-q", "-f", f"json:{inv.stem}.json"], tmp_path
        )
        assert code == 1, err
        expected[inv.stem] = (tmp_path / f"{inv.stem}.json").read_bytes()
    for _ in range(3):
        procs = [
            _start(["scan", inv.name, "--as-of", AS_OF, "-q", "-f", "json:same.json"], tmp_path)
            for inv in (one, two)
        ]
        for proc in procs:
            proc.communicate(timeout=120)
            assert proc.returncode == 1
        written = (tmp_path / "same.json").read_bytes()
        assert written in expected.values()
        json.loads(written)
        assert _temp_files(tmp_path) == []
