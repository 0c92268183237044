"""Help that reads like help, completion, explain, colour and one schema field (issue 17 points 6
to 9, issue 13 part 7)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import cli

from frtaudit.load.settings import DEFAULT_LINK_TIMEOUT, SETTINGS
from frtaudit.scan import ScanRequest

ROOT = Path(__file__).resolve().parents[2]
GATES = ROOT / "sample_inventories" / "gov_complex_gates.toml"
INJECTION = ROOT / "tests" / "inventories" / "valid" / "injection.toml"
#: What Typer prints when it is left to name a value: <str>, <list[str]>, {paths}, <int> ...
TYPE_NAMES = re.compile(r"<[a-z]|\{[a-z_]+\}|list\[|\b(?:str|int|float|bool)\b")


def _commands(lang: str) -> Iterator[list[str]]:
    from typer.main import get_command

    from frtaudit.cli.app import build_app

    def walk(command: Any, path: list[str]) -> Iterator[list[str]]:
        yield path
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    yield from walk(get_command(build_app(lang)), [])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_python_type_names_in_any_help(lang: str) -> None:
    paths = list(_commands(lang))
    assert len(paths) >= 12  # root, 8 commands, import and its 2 importers
    for path in paths:
        code, out, err = cli(*path, "--help", lang=lang)
        assert code == 0, (path, err)
        found = TYPE_NAMES.findall(out)
        assert not found, (path, found, out)


def test_the_pattern_would_catch_typer_s_own_names() -> None:
    """The check above can fail: Typer's default rendering trips it."""
    for typer_text in ("PATH... <list[str]>", "{paths}...", "--jobs <int>", "--as-of <str>"):
        assert TYPE_NAMES.search(typer_text), typer_text


def test_choices_are_shown() -> None:
    _, out, _ = cli("scan", "--help")
    flat = " ".join(out.split())
    assert "--fail-on [low|medium|high|critical]" in flat
    assert "--color [auto|always|never]" in flat
    assert "--lang [en|ko]" in flat
    assert "-f, --format FMT[:PATH]" in flat
    assert "FMT is one of: terminal, json, sarif, junit, csv, markdown, html, oscal." in flat
    _, out, _ = cli("diff", "--help")
    assert "--format [terminal|json|markdown]" in " ".join(out.split())
    _, out, _ = cli("--help")
    assert "--show-completion [bash|zsh|fish]" in out and "--install-completion" in out


def test_link_timeout_help_and_default_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """One constant: both helps say it, scan requests use it, validate passes it on."""
    words = f"(default {DEFAULT_LINK_TIMEOUT:g})"
    for command in ("scan", "validate"):
        _, out, _ = cli(command, "--help")
        assert words in " ".join(out.split()), command
    assert SETTINGS["link_timeout"].default == DEFAULT_LINK_TIMEOUT
    assert ScanRequest(paths=[], as_of=None).link_timeout == DEFAULT_LINK_TIMEOUT  # type: ignore[arg-type]
    import frtaudit.load.inventory

    seen: list[float] = []
    real = frtaudit.load.inventory.load_all

    def spy(paths: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["timeout"])
        return real(paths, **kwargs)

    monkeypatch.setattr(frtaudit.load.inventory, "load_all", spy)
    cli("validate", str(GATES))
    cli("validate", str(GATES), "--link-timeout", "3")
    assert seen == [DEFAULT_LINK_TIMEOUT, 3.0]


def test_render_to_is_gone() -> None:
    from frtaudit.cli import app

    assert not hasattr(app, "_render_to")


# -- "1 system", in both languages --------------------------------------------------------------


def test_one_system_is_singular(tmp_path: Path) -> None:
    code, out, _ = cli("validate", str(GATES))
    assert out == f"{GATES}: valid (1 system)\n"
    _, out, _ = cli("scan", str(GATES), "--as-of", "2026-11-22")
    assert "Government Complex Management Office: 1 system (1 with face recognition)" in out
    assert re.search(r"\n1 system, \d+ results:", out), out
    _, out, _ = cli("validate", str(ROOT / "sample_inventories" / "eu_city_police.toml"))
    assert out.endswith("valid (3 systems)\n")
    _, out, _ = cli("validate", str(GATES), lang="ko")
    assert out == f"{GATES}: 유효함 (시스템 1개)\n"
    code, _, err = cli("init", "-o", str(tmp_path / "inv.toml"))
    assert code == 0 and "example systems" in err
    bad = tmp_path / "bad.toml"
    bad.write_text('schema_version = "2"\n', encoding="utf-8")
    _, _, err = cli("validate", str(bad))
    assert err.endswith("problems in 1 file\n")


def test_plural_forms_in_the_catalogue() -> None:
    from frtaudit.i18n import catalog

    en, ko = catalog("en"), catalog("ko")
    assert en.t("validate.ok", path="p", systems=1) == "p: valid (1 system)"
    assert en.t("validate.ok", path="p", systems=0) == "p: valid (0 systems)"
    assert en.t("errors.summary_invalid", count=1, files=2) == "1 problem in 2 files"
    assert ko.t("validate.ok", path="p", systems=1) == "p: 유효함 (시스템 1개)"
    assert en.t("validate.ok", path="p") == "p: valid ({systems} {systems})"  # a gap stays visible


# -- shell completion -------------------------------------------------------------------------


def _frtaudit(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FRTAUDIT_", "_TYPER"))}
    return subprocess.run(
        [sys.executable, "-m", "frtaudit", *args],
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_completion_bash_zsh_fish() -> None:
    bash = _frtaudit(
        {
            "_FRTAUDIT_COMPLETE": "complete_bash",
            "COMP_WORDS": "frtaudit explain NHRCK-BA",
            "COMP_CWORD": "2",
        }
    )
    assert bash.stdout.split() == ["NHRCK-BAN-001"]
    zsh = _frtaudit(
        {"_FRTAUDIT_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "frtaudit scan -p nhrck,kr"}
    )
    assert "nhrck,kr-pipa" in zsh.stdout
    fish = _frtaudit(
        {
            "_FRTAUDIT_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": "frtaudit scan --select NHRCK-HRIA-00",
        }
    )
    assert {line.split("\t")[0] for line in fish.stdout.split("\n") if line} >= {
        "NHRCK-HRIA-001",
        "NHRCK-HRIA-002",
    }
    choices = _frtaudit(
        {
            "_FRTAUDIT_COMPLETE": "complete_bash",
            "COMP_WORDS": "frtaudit scan --fail-on ",
            "COMP_CWORD": "3",
        }
    )
    assert choices.stdout.split() == ["low", "medium", "high", "critical"]


@pytest.mark.parametrize(
    ("shell", "installed"),
    [
        ("bash", ".bash_completions/frtaudit.sh"),
        ("zsh", ".zfunc/_frtaudit"),
        ("fish", ".config/fish/completions/frtaudit.fish"),
    ],
)
def test_show_and_install_completion(tmp_path: Path, shell: str, installed: str) -> None:
    shown = _frtaudit({}, "--show-completion", shell)
    assert shown.returncode == 0
    assert f"_FRTAUDIT_COMPLETE=complete_{shell}" in shown.stdout
    done = _frtaudit({"HOME": str(tmp_path)}, "--install-completion", shell)
    assert done.returncode == 0, done.stderr
    assert f"_FRTAUDIT_COMPLETE=complete_{shell}" in (tmp_path / installed).read_text("utf-8")
    wrong = _frtaudit({}, "--show-completion", "tcsh")
    assert wrong.returncode == 2 and "unknown shell 'tcsh'; choose from: bash, zsh, fish" in (
        wrong.stderr
    )


# -- explain ------------------------------------------------------------------------------------


def test_explain_is_plain_markdown_in_a_pipe_or_when_asked() -> None:
    _, piped, _ = cli("explain", "NHRCK-BAN-001")
    _, asked, _ = cli("explain", "NHRCK-BAN-001", "--format", "markdown")
    assert piped == asked
    assert piped.startswith("# NHRCK-BAN-001: ")
    assert "\n## What it checks\n" in piped and "```toml\n" in piped


def test_explain_renders_on_a_terminal() -> None:
    _, rendered, _ = cli("explain", "NHRCK-BAN-001", "--format", "terminal")
    assert "NHRCK-BAN-001" in rendered and "What it checks" in rendered
    assert "```" not in rendered and "\n## " not in rendered and "**" not in rendered
    assert not rendered.startswith("#")


def test_explain_did_you_mean() -> None:
    code, _, err = cli("explain", "NHRCK-BAN-01")
    assert code == 2
    assert "did you mean 'NHRCK-BAN-001'?" in err
    code, _, err = cli("explain", "nhrck-hria-1", lang="ko")
    assert code == 2 and "'NHRCK-HRIA-001'을(를) 뜻했습니까?" in err


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_output_points_to_rules_md_section_7(tmp_path: Path, lang: str) -> None:
    outputs = [
        cli("rules", "--format", "json", lang=lang)[1],
        cli("explain", "INV-CAP-001", lang=lang)[1],
        cli("scan", str(INJECTION), "--as-of", "2026-11-22", "-f", "json", lang=lang)[1],
        cli("scan", str(INJECTION), "--as-of", "2026-11-22", "-f", "sarif", lang=lang)[1],
    ]
    for text in outputs:
        assert "INV-CAP-001" in text
        assert "rules.md section 7" not in text and "rules.md 제7절" not in text
    assert "README" in outputs[1]


# -- no escape codes with --color never or NO_COLOR, also on a terminal -------------------------


def _on_a_terminal(*args: str, env: dict[str, str] | None = None) -> str:
    """Standard output of frtaudit run on a pseudo-terminal (isatty() is true)."""
    master, slave = pty.openpty()
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "CI")
        and not k.startswith("FRTAUDIT_")
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "frtaudit", *args],
        stdout=slave,
        stderr=subprocess.DEVNULL,
        env={
            **clean,
            "PYTHONPATH": str(ROOT),
            "TERM": "xterm-256color",
            "COLUMNS": "100",
            **(env or {}),
        },
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_off_means_no_escape_codes_on_a_terminal() -> None:
    scan = ["scan", str(GATES), "--as-of", "2026-11-22"]
    coloured = _on_a_terminal(*scan)
    assert "\x1b[" in coloured  # a real terminal: colour, bold and dim by default
    never = _on_a_terminal(*scan, "--color", "never")
    assert "\x1b" not in never
    assert "Government Complex Management Office: 1 system" in never
    no_color = _on_a_terminal(*scan, env={"NO_COLOR": "1"})
    assert "\x1b" not in no_color
    assert never == no_color
    from_env = _on_a_terminal(*scan, env={"FRTAUDIT_COLOR": "never"})
    assert "\x1b" not in from_env
    for other in (["rules"], ["explain", "NHRCK-BAN-001"]):
        assert "\x1b[" in _on_a_terminal(*other)
        plain = _on_a_terminal(*other, env={"NO_COLOR": "1"})
        assert "\x1b" not in plain and "NHRCK-BAN-001" in plain
    rendered = _on_a_terminal("explain", "NHRCK-BAN-001", env={"NO_COLOR": "1"})
    assert "```" not in rendered  # still rendered for the terminal, only without escapes


def test_color_always_forces_colour_into_a_pipe() -> None:
    _, out, _ = cli("scan", str(GATES), "--as-of", "2026-11-22", "--color", "always")
    assert "\x1b[" in out
    _, out, _ = cli("scan", str(GATES), "--as-of", "2026-11-22")
    assert "\x1b" not in out


# -- frtaudit schema --field ----------------------------------------------------------------------


def test_schema_field() -> None:
    code, out, err = cli("schema", "--field", "capabilities.face_identification")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "systems[].capabilities.face_identification"
    assert 'Type: true, false or "unknown" (unknown never counts as false)' in lines
    assert 'Allowed values: true, false, "unknown"' in lines
    assert "Description: 1:N identification against a gallery or watchlist." in lines
    assert "Required: no" in lines
    example = out.split("Example:\n", 1)[1]
    assert (
        example == "    [[systems]]\n    [systems.capabilities]\n    face_identification = true\n"
    )
    parsed = tomllib.loads("\n".join(line.strip() for line in example.splitlines()))
    assert parsed["systems"][0]["capabilities"]["face_identification"] is True
    _, same, _ = cli("schema", "--field", "systems.capabilities.face_identification")
    assert same == out


def test_schema_field_enum_pattern_and_config() -> None:
    _, out, _ = cli("schema", "--field", "location.type")
    assert "Allowed values: " + '"public_space", "publicly_accessible"' in out
    _, out, _ = cli("schema", "--field", "agency.country")
    assert "Pattern: ^[A-Z]{2}$" in out and 'country = "KR"' in out and "Required: yes" in out
    _, out, _ = cli("schema", "config", "--field", "link_timeout")
    assert "Type: number" in out and "Greater than: 0" in out
    _, out, _ = cli("schema", "--field", "capabilities.face_identification", lang="ko")
    assert '형식: true, false 또는 "unknown"' in out and "예시:" in out


def test_schema_field_unknown_gets_did_you_mean() -> None:
    code, out, err = cli("schema", "--field", "capabilities.face_identifcation")
    assert code == 2 and out == ""
    assert "did you mean 'capabilities.face_identification'?" in err
    code, _, err = cli("schema", "--field", "nothing.like.it")
    assert code == 2 and "no field 'nothing.like.it' in the inventory schema" in err


def test_schema_without_field_is_the_whole_schema() -> None:
    _, out, _ = cli("schema")
    assert json.loads(out)["title"]
