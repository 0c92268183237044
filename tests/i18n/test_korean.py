"""Korean throughout: --lang ko, the locale default, golden Korean reports, Hangul in Chromium."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from frtaudit.cli.app import _language, build_app
from frtaudit.i18n import korean_article, language_from_env

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "sample_inventories/transit_realtime_pilot.toml"


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def scan_ko(fmt: str) -> str:
    args = ["scan", SAMPLE, "--as-of", "2026-11-22", "--profile", "nhrck,kr-pipa", "--lang", "ko"]
    result = CliRunner().invoke(build_app("ko"), [*args, "-f", fmt], env={"COLUMNS": "80"})
    assert result.exit_code == 1, result.stderr
    return result.stdout


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize(
    ("fmt", "ext"), [("terminal", "txt"), ("markdown", "md"), ("html", "html")]
)
def test_korean_golden(fmt: str, ext: str, golden) -> None:  # type: ignore[no-untyped-def]
    text = scan_ko(fmt)
    assert "부적합" in text
    assert "인권위" in text  # the NHRCK named the Korean way
    golden(f"ko/transit_realtime_pilot.{ext}", text)


def test_terminal_fits_80_columns_with_double_width_hangul() -> None:
    text = scan_ko("terminal")
    assert max(width(line) for line in text.splitlines()) <= 80
    header, row = text.splitlines()[3:5]  # matrix header and the system's row
    # columns line up: every symbol of the row sits under its (double-width) heading
    assert width(header) >= width(row) - 2


def test_korean_legal_citations() -> None:
    text = scan_ko("markdown")
    assert "개인정보 보호법" in text
    assert "제23조제1항" in text
    assert korean_article("Art. 25-2(4)") == "제25조의2제4항"
    assert korean_article("Art. 25(1)2") == "제25조제1항제2호"


def test_locale_picks_korean(monkeypatch: pytest.MonkeyPatch) -> None:
    assert language_from_env({"LANG": "ko_KR.UTF-8"}) == "ko"
    assert language_from_env({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}) == "ko"
    assert language_from_env({"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}) == "en"
    monkeypatch.delenv("FRTAUDIT_LANG", raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert _language(["scan", "x.toml"]) == "ko"
    assert _language(["scan", "x.toml", "--lang", "en"]) == "en"
    env = {**__import__("os").environ, "LANG": "ko_KR.UTF-8", "LC_ALL": ""}
    result = subprocess.run(
        [sys.executable, "-m", "frtaudit", "scan", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0
    assert "기준일" in result.stdout


def test_korean_errors() -> None:
    result = CliRunner().invoke(
        build_app("ko"), ["validate", "tests/inventories/invalid/unknown_key.toml", "--lang", "ko"]
    )
    assert result.exit_code == 2
    assert "face_identfication" in result.stderr
    assert any("\uac00" <= ch <= "\ud7a3" for ch in result.stderr)  # Hangul syllables


def test_csv_bom_for_excel(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    args = [
        "scan",
        SAMPLE,
        "--as-of",
        "2026-11-22",
        "--lang",
        "ko",
        "-f",
        f"csv:{out}",
        "--csv-bom",
    ]
    CliRunner().invoke(build_app("ko"), args)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "인권영향평가" in data.decode("utf-8-sig")  # messages in Korean, columns stable


# -- Hangul really renders in Chromium (not as boxes) -------------------------------------------


def test_korean_html_shows_hangul_not_boxes(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "report-ko.html"
    page.write_text(scan_ko("html"), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.find_element("css selector", "html").get_attribute("lang") == "ko"
    shot = tmp_path / "report-ko.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    # Render two different syllables, and an unassigned code point, in the report's own font
    # stack. Missing glyphs ("tofu") all look the same; real glyphs of different syllables don't.
    images = {}
    for name, text in (("ga", "가"), ("hih", "힣"), ("tofu", "\u0378")):
        browser.execute_script(
            "const d = document.createElement('div'); d.id = arguments[0];"
            "d.textContent = arguments[1]; d.style.fontSize = '64px';"
            "d.style.display = 'inline-block'; d.style.padding = '4px';"
            "document.querySelector('main').prepend(d);",
            f"probe-{name}",
            text,
        )
        images[name] = browser.find_element("id", f"probe-{name}").screenshot_as_png
    assert images["ga"] != images["hih"], "Hangul syllables render as identical boxes: no font"
    assert images["ga"] != images["tofu"]
