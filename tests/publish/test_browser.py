"""The published site in headless Chromium from file://: axe-core finds no serious or critical
accessibility violation in either language, the search works, nothing is fetched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES
from tests.publish.conftest import publish

PAGES = (
    "index.html",
    "{lang}/index.html",
    "{lang}/agencies/kr-city-hanbit.html",
    "{lang}/systems/kr-city-hanbit/hanbit-street-cctv.html",
    "{lang}/systems/kr-gcmo/gcmo-gate-frt.html",
)


#: axe-core, vendored with its licence and source note (tests/data/SOURCE-axe-core.md); the
#: HTML report's browser test runs the same copy.
AXE = Path(__file__).resolve().parents[1] / "data" / "axe-core" / "axe.min.js"


def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    assert publish([SAMPLES], out) == 0
    return out


def _axe(driver: Any, source: str) -> list[dict[str, Any]]:
    driver.execute_script(source)
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations)).catch(e => done([{id: 'axe-error', impact: 'critical',"
        " help: String(e), nodes: []}]));"
    )
    return list(result)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_serious_or_critical_violation(browser: Any, site: Path, lang: str) -> None:
    source = _axe_source()
    problems = []
    for pattern in PAGES:
        page = site / pattern.format(lang=lang)
        assert page.is_file(), page
        browser.get(page.as_uri())
        for v in _axe(browser, source):
            if v.get("impact") in ("serious", "critical"):
                targets = [n.get("target") for n in v.get("nodes", [])][:3]
                problems.append(f"{page.relative_to(site)}: {v['id']} ({v['impact']}) {targets}")
    assert not problems, "\n".join(problems)


def test_search_works_from_file_and_nothing_is_fetched(browser: Any, site: Path) -> None:
    browser.get_log("browser")
    browser.get((site / "ko" / "index.html").as_uri())
    box = browser.find_element("id", "q")
    box.send_keys("hanbit")
    items = browser.find_elements("css selector", "#search-results li a")
    assert items, browser.find_element("id", "search-status").text
    assert browser.find_element("id", "search-status").text.startswith("일치하는 시스템")
    items[0].click()
    assert "/ko/systems/" in browser.current_url
    assert browser.execute_script("return document.documentElement.lang") == "ko"
    # only file: resources were loaded, and no error was logged
    urls = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert all(str(u).startswith("file:") for u in urls), urls
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def test_keyboard_reaches_the_skip_link_and_the_language_switch(browser: Any, site: Path) -> None:
    browser.get((site / "en" / "agencies" / "kr-city-hanbit.html").as_uri())
    from selenium.webdriver.common.keys import Keys

    body = browser.find_element("tag name", "body")
    body.send_keys(Keys.TAB)
    first = browser.switch_to.active_element
    assert first.get_attribute("href").endswith("#main")
    first.send_keys(Keys.TAB)
    first = browser.switch_to.active_element
    first.send_keys(Keys.TAB)
    switch = browser.switch_to.active_element
    assert switch.get_attribute("hreflang") == "ko"
    switch.send_keys(Keys.ENTER)
    assert browser.execute_script("return document.documentElement.lang") == "ko"
