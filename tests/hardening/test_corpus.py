"""The bad-input corpus (issue 10): each case in cases.toml exits 2 with its exact message.

Every case runs in an empty temporary folder holding only its input files, so the messages
carry short relative paths and can be compared exactly. ``--update-golden`` rewrites the
expected texts in expected/ (review the diff).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from frtaudit.cli.app import build_app

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DATA = HERE / "data"
EXPECTED = HERE / "expected"
CASES: list[dict[str, Any]] = tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))[
    "case"
]
#: A file name that is not valid UTF-8 (the byte 0xff), as Python sees it on the command line.
BADNAME = os.fsdecode(b"bad\xff.toml")
APP = build_app("en")


# -- generated inputs -----------------------------------------------------------------------------


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with open(path, "wb") as fh:  # a sparse file: the size without the disk space
            fh.truncate(size)

    return make


def _deep_arrays_toml(path: Path) -> None:
    path.write_text("a = " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")


def _deep_tables_toml(path: Path) -> None:
    path.write_text("a = " + "{b = " * 10_000 + "1" + " }" * 10_000 + "\n", encoding="utf-8")


def _deep_json(path: Path) -> None:
    path.write_text('{"a": ' + "[" * 10_000 + "]" * 10_000 + "}\n", encoding="utf-8")


_HEAD = (DATA / "min.toml").read_text(encoding="utf-8").split("[[systems]]")[0]


def _million_tables_toml(path: Path) -> None:
    path.write_text(_HEAD + "[[systems]]\n" * 1_000_000, encoding="utf-8")


def _million_tables_json(path: Path) -> None:
    head = '{"schema_version": "1", "agency": {"id": "a", "name": "A", "country": "KR", '
    head += '"is_public_body": true}, "systems": ['
    path.write_text(head + ", ".join(["{}"] * 1_000_000) + "]}\n", encoding="utf-8")


def _symlink_loop(path: Path) -> None:
    other = path.with_name("loop-back.toml")
    os.symlink(other.name, path)
    os.symlink(path.name, other)


GENERATORS: dict[str, Callable[[Path], None]] = {
    "empty": lambda path: path.write_bytes(b""),
    "sparse_200mb": _sparse(200 * 1024 * 1024),
    "sparse_2gb": _sparse(2 * 1024 * 1024 * 1024),
    "deep_arrays_toml": _deep_arrays_toml,
    "deep_tables_toml": _deep_tables_toml,
    "deep_json": _deep_json,
    "million_tables_toml": _million_tables_toml,
    "million_tables_json": _million_tables_json,
    "symlink_loop": _symlink_loop,
}


def _name(text: str) -> str:
    return text.replace("{BADNAME}", BADNAME)


def make_files(case: dict[str, Any], folder: Path) -> None:
    """Create the case's input files in ``folder``."""
    for name, source in case.get("files", {}).items():
        path = folder / _name(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if source.startswith("gen:"):
            GENERATORS[source[4:]](path)
        elif source.startswith("sample:"):
            path.write_bytes((ROOT / "sample_inventories" / source[7:]).read_bytes())
        else:
            path.write_bytes((DATA / source).read_bytes())
    for name, mode in case.get("chmod", {}).items():
        os.chmod(folder / _name(name), mode)


# -- running --------------------------------------------------------------------------------------

#: Run the CLI in a child that has dropped root's power to read any file (see _unprivileged).
_CHILD = """
import ctypes, os, sys
if os.geteuid() == 0:
    # a new user namespace without a uid mapping: file permissions apply even to root
    if ctypes.CDLL(None, use_errno=True).unshare(0x10000000) != 0:
        sys.exit(99)
from frtaudit.cli.app import main
main(sys.argv[1:])
"""


def _unprivileged(args: list[str], cwd: Path) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "CI": "true"}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *args],
        cwd=cwd,
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    if done.returncode == 99:
        pytest.skip("running as root and cannot drop the permission override (no user namespace)")
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def run_case(case: dict[str, Any], folder: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """(exit code, stdout, stderr) of the case's command line run in ``folder``."""
    args = [_name(a) for a in case["args"]]
    if case.get("chmod"):
        return _unprivileged(args, folder)
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(APP, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input_is_refused_with_its_message(
    case: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    make_files(case, folder)
    try:
        code, out, err = run_case(case, folder, monkeypatch)
    finally:
        for name in case.get("chmod", {}):
            os.chmod(folder / _name(name), 0o755)
    for shown in {str(folder.resolve()), str(folder)}:  # a config found in the folder
        err = err.replace(shown, "{CWD}")
    expected = EXPECTED / f"{case['id']}.txt"
    if request.config.getoption("--update-golden"):
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(err, encoding="utf-8", newline="")
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    assert err == expected.read_text(encoding="utf-8")


def test_corpus_covers_every_command() -> None:
    """At least 40 cases, and every command has some."""
    commands = {c["args"][0] for c in CASES}
    assert {"scan", "validate", "import", "diff", "config", "explain", "init"} <= commands
    assert len(CASES) >= 40
    assert len({c["id"] for c in CASES}) == len(CASES)


def test_every_expected_text_belongs_to_a_case() -> None:
    ids = {c["id"] for c in CASES}
    stale = [p.name for p in EXPECTED.glob("*.txt") if p.stem not in ids]
    assert stale == []


def test_big_inputs_are_refused_quickly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size, depth and table-count limits act before the expensive work starts."""
    import time

    for case_id in (
        "scan-200-mb-file",
        "validate-million-empty-tables-toml",
        "validate-million-empty-tables-json",
        "validate-toml-tables-10000-deep",
    ):
        case = next(c for c in CASES if c["id"] == case_id)
        folder = tmp_path / case_id
        folder.mkdir()
        make_files(case, folder)
        started = time.monotonic()
        code, _, err = run_case(case, folder, monkeypatch)
        assert code == 2
        assert time.monotonic() - started < 15, case_id
        assert len(err.splitlines()) <= 5, case_id


def test_problems_are_capped_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file with thousands of problems prints the first 50 and a count of the rest."""
    from frtaudit.cli.console import SHOWN_PROBLEMS

    monkeypatch.chdir(tmp_path)
    systems = [
        {"id": f"s{i}", "name": "x", "status": "bogus", "capabilities": {}} for i in range(300)
    ]
    doc = {
        "schema_version": "1",
        "agency": {"id": "a", "name": "A", "country": "KR", "is_public_body": True},
        "systems": systems,
    }
    Path("inv.json").write_text(json.dumps(doc), encoding="utf-8")
    result = CliRunner().invoke(APP, ["validate", "inv.json"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == SHOWN_PROBLEMS + 2
    assert lines[-2] == "inv.json: … and 250 more problems in this file"
    assert lines[-1] == "300 problems in 1 file"


def test_utf8_bom_files_are_read_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once refused (cases validate-utf8-bom, config-found-in-folder-with-bom), now read as is.

    The mark is skipped, so every line a message names is the line of the file without it.
    """
    monkeypatch.chdir(tmp_path)
    marked = (DATA / "bom.toml").read_bytes()
    assert marked.startswith(b"\xef\xbb\xbf")
    Path("marked.toml").write_bytes(marked)
    Path("plain.toml").write_bytes(marked[3:])
    runs = {n: CliRunner().invoke(APP, ["validate", f"{n}.toml"]) for n in ("marked", "plain")}
    assert [r.exit_code for r in runs.values()] == [0, 0]
    assert runs["marked"].stderr.replace("marked.toml", "plain.toml") == runs["plain"].stderr
    assert "marked.toml:9: $.systems[0]" in runs["marked"].stderr
    Path("frtaudit.toml").write_bytes(b'\xef\xbb\xbfprofiles = ["nhrck", "kr-pipa"]\n')
    shown = CliRunner().invoke(APP, ["config", "show"])
    assert shown.exit_code == 0, shown.stderr
    assert '["nhrck", "kr-pipa"]' in shown.stdout
