"""The HTML report in a real headless Chromium: first screen, print, accessibility, filters.

Skips with the reason when /usr/bin/chromium or /usr/bin/chromedriver is missing (the conftest
turns that skip into a failure under CI). Speed and size targets are in ``make bench``
(benchmarks/browser.py), not here.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import cli

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "data" / "axe-core" / "axe.min.js"
PROFILES = "nhrck,kr-pipa,eu-ai-act,us-wa"
SCREEN = {"width": 1366, "height": 768}
#: WCAG 2.x A and AA rules of axe-core: what public bodies' documents must meet.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def samples_html(lang: str, *extra: str) -> str:
    code, out, err = cli(
        "scan", "sample_inventories", "--as-of", "2026-11-22", "--profile", PROFILES,
        "--lang", lang, "-f", "html", *extra, lang=lang,
    )  # fmt: skip
    assert code == 1, err
    return out


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("browser")
    out = {}
    for lang in ("en", "ko"):
        path = folder / f"samples-{lang}.html"
        path.write_text(samples_html(lang), encoding="utf-8")
        out[lang] = path
    return out


@pytest.fixture
def screen(browser: Any) -> Iterator[Any]:
    """The browser with a 1366x768 viewport (reset afterwards for other tests)."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {**SCREEN, "deviceScaleFactor": 1, "mobile": False}
    )
    try:
        yield browser
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _open(driver: Any, path: Path) -> Any:
    driver.get_log("browser")  # drop entries of an earlier page
    driver.get(path.as_uri())
    return driver


def _first_screen(driver: Any) -> list[dict[str, Any]]:
    """Text and position of the answer cards and the named critical systems."""
    result: list[dict[str, Any]] = driver.execute_script(
        "return Array.prototype.map.call("
        " document.querySelectorAll('#answers .card, #critical h3, #critical a'),"
        " function (e) { var r = e.getBoundingClientRect();"
        "  return {cls: e.className, tag: e.tagName, text: e.innerText,"
        "          top: r.top + window.scrollY, bottom: r.bottom + window.scrollY}; });"
    )
    return result


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_first_screen_answers_the_four_questions(
    screen: Any, reports: dict[str, Path], lang: str
) -> None:
    _open(screen, reports[lang])
    assert screen.execute_script("return window.innerHeight") == SCREEN["height"]
    items = _first_screen(screen)
    cards = [i for i in items if i["cls"].startswith("card")]
    assert len(cards) == 4
    words = {
        "en": ("Legal basis", "Impact assessment", "Public notice", "Prohibited use"),
        "ko": ("법적 근거", "영향평가", "사전 공지", "금지된 이용"),
    }[lang]
    counts = {
        "en": (r"\d+ pass", r"\d+ fail", r"\d+ unknown"),
        "ko": (r"적합 \d+", r"부적합 \d+", r"확인 필요 \d+"),
    }
    for card, word in zip(cards, words, strict=True):
        assert card["text"].startswith(word)
        for pattern in counts[lang]:
            assert re.search(pattern, card["text"]), (pattern, card["text"])
        assert card["bottom"] <= SCREEN["height"], card
    heading = next(i for i in items if i["tag"] == "H3")
    assert re.search(r"\d+", heading["text"]) and heading["bottom"] <= SCREEN["height"]
    named = [i for i in items if i["tag"] == "A"]
    assert named, "no system with a critical gap is named"
    assert all(i["bottom"] <= SCREEN["height"] for i in named), named
    # the gates sample's system has a critical gap: its name is on the first screen
    assert any("Sejong" in i["text"] or "세종" in i["text"] for i in named)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_samples_print_on_at_most_20_a4_pages(
    browser: Any, reports: dict[str, Path], lang: str
) -> None:
    _open(browser, reports[lang])
    pdf = browser.execute_cdp_cmd(
        "Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True}
    )
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    assert 1 <= pages <= 20, pages
    # in print the words keep whole: no hyphenation, no break inside a word
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        style = browser.execute_script(
            "var s = getComputedStyle(document.querySelector('.gap-example') || document.body);"
            "return [s.hyphens, s.overflowWrap, s.wordBreak];"
        )
        assert style[0] == "manual" and style[1] == "normal"
        assert style[2] == ("keep-all" if lang == "ko" else "normal")
        assert not browser.find_element("id", "filters").is_displayed()
        # nothing is cut at the right edge of the page
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the open page: id, impact and the first failing node."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result: list[dict[str, Any]] = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},"
        " resultTypes: ['violations']})"
        ".then(function (r) { done(r.violations.map(function (v) {"
        "  return {id: v.id, impact: v.impact, nodes: v.nodes.length,"
        "          first: v.nodes[0].html}; })); })"
        ".catch(function (e) { done([{id: 'axe failed: ' + e, impact: 'critical'}]); });",
        AXE_TAGS,
    )
    return result


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_axe_finds_no_serious_or_critical_violation(
    browser: Any, reports: dict[str, Path], lang: str
) -> None:
    _open(browser, reports[lang])
    # open every collapsed part so that axe checks it too
    browser.execute_script(
        "document.querySelectorAll('details').forEach(function (d) { d.open = true; });"
    )
    violations = axe_violations(browser)
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert bad == []


def test_axe_catches_a_real_violation(browser: Any, tmp_path: Path) -> None:
    """The check can fail: a page with grey-on-white text and an unlabelled input."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>'
        '<main><p style="color:#bbb">faint</p><input type="text"></main></body></html>',
        encoding="utf-8",
    )
    _open(browser, page)
    ids = {v["id"] for v in axe_violations(browser) if v["impact"] in ("serious", "critical")}
    assert {"color-contrast", "label"} <= ids


def test_loads_without_errors_escapes_and_filters(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.support.select import Select

    path = tmp_path / "report.html"
    code, out, err = cli(
        "scan", "sample_inventories/gov_complex_gates.toml", "tests/inventories/valid/injection.toml",
        "--as-of", "2026-11-22", "-f", "html",
    )  # fmt: skip
    assert code == 1, err
    path.write_text(out, encoding="utf-8")
    _open(browser, path)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    assert browser.title.startswith("Face recognition audit report")
    body = browser.find_element("tag name", "body").text
    assert "<script>document.title='pwned'</script>" in body
    assert browser.execute_script("return document.querySelectorAll('script').length") == 1

    def shown() -> list[Any]:
        rows = browser.find_elements("css selector", "#matrix-table tr.system")
        return [r for r in rows if r.is_displayed()]

    total = len(shown())
    assert total >= 3
    assert browser.find_element("id", "filters").is_displayed()
    count = browser.find_element("id", "filter-count")
    assert count.text == f"{total} of {total} rows shown"
    Select(browser.find_element("id", "filter-agency")).select_by_value("2")
    agency_rows = shown()
    assert 0 < len(agency_rows) < total
    assert all("inj-" in r.text for r in agency_rows)
    Select(browser.find_element("id", "filter-agency")).select_by_value("")
    box = browser.find_element("id", "filter-text")
    box.send_keys("inj-2")
    assert [r.text.split()[0] for r in shown()] and all("inj-2" in r.text for r in shown())
    box.clear()
    box.send_keys(" ")  # clear() fires no input event; typing does
    assert len(shown()) == total
    # a system's link in the matrix opens its collapsed details
    link = browser.find_element("css selector", "#matrix-table tr.system a")
    target = link.get_attribute("href").split("#", 1)[1]
    assert browser.find_element("id", target).get_attribute("open") is None
    link.click()
    assert browser.find_element("id", target).get_attribute("open") is not None
