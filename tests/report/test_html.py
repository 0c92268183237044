"""HTML report: self-contained, escaped, deterministic, and working in a real headless Chromium."""

from __future__ import annotations

import io
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import scan_report, with_first_waived

from frtaudit.model import Report, Waiver
from frtaudit.report.common import finding_fingerprint
from frtaudit.report.html import render

ROOT = Path(__file__).resolve().parents[2]
GATES = "sample_inventories/gov_complex_gates.toml"
INJECTION = "tests/inventories/valid/injection.toml"
AS_OF = date(2026, 11, 22)
SCRIPT_NAME = "<script>document.title='pwned'</script>"

#: Attributes through which a browser would fetch something.
LOADING_ATTRIBUTES = {
    "src",
    "href",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "xlink:href",
    "background",
    "manifest",
    "ping",
}


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # relative inventory paths in the report, as a user would give them


def html_of(report: Report) -> str:
    out = io.StringIO()
    render(report, out)
    return out.getvalue()


class _Elements(HTMLParser):
    """Every start tag with its attributes, plus the text of <style> and <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"style": [], "script": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in].append(data)


def elements(text: str) -> _Elements:
    parser = _Elements()
    parser.feed(text)
    parser.close()
    return parser


def test_golden_gov_complex_gates(golden) -> None:  # type: ignore[no-untyped-def]
    golden("gov_complex_gates.html", html_of(scan_report(GATES)))


@pytest.mark.parametrize("include_passing", [False, True])
def test_rendering_twice_is_byte_identical(include_passing: bool) -> None:
    first = html_of(scan_report(GATES, INJECTION, include_passing=include_passing))
    second = html_of(scan_report(GATES, INJECTION, include_passing=include_passing))
    assert first == second


def test_self_contained_no_external_resource() -> None:
    text = html_of(scan_report(GATES, INJECTION, include_passing=True))
    parsed = elements(text)
    for tag, attrs in parsed.tags:
        for name, value in attrs.items():
            if name in LOADING_ATTRIBUTES and value:
                assert value.startswith(("#", "data:")), (tag, name, value)
        assert tag not in {"link", "img", "iframe", "object", "embed", "base"} or (
            tag == "link" and attrs.get("href") == "data:,"
        ), tag
        if tag in ("script", "style"):
            assert "src" not in attrs and "href" not in attrs
    css = "".join(parsed.raw["style"])
    assert "@import" not in css
    assert all(
        u.startswith(("data:", "'data:", '"data:')) for u in re.findall(r"url\(([^)]*)", css)
    )
    script = "".join(parsed.raw["script"])
    for forbidden in ("http://", "https://", "fetch(", "XMLHttpRequest", "eval(", "innerHTML"):
        assert forbidden not in script
    # the only http(s) strings are inventory text shown as text, never in a loading attribute
    for match in re.finditer(r"(src|href|action)\s*=\s*[\"']?\s*https?:", text, flags=re.I):
        pytest.fail(f"external reference: {match.group(0)}")


def test_csp_lang_and_hangul_fonts() -> None:
    text = html_of(scan_report(GATES))
    parsed = elements(text)
    assert parsed.tags[0] == ("html", {"lang": "en"})
    csp = [
        a["content"]
        for t, a in parsed.tags
        if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert len(csp) == 1
    policy = {d.split()[0]: d.split()[1:] for d in (csp[0] or "").split(";") if d.strip()}
    assert policy["default-src"] == ["'none'"]
    assert policy["style-src"] == ["'unsafe-inline'"]
    assert policy["script-src"] == ["'unsafe-inline'"]
    assert policy["img-src"] == ["data:"]
    # the CSP comes before any style or script so it governs all of them
    names = [t for t, _ in parsed.tags]
    first_meta_csp = next(i for i, (t, a) in enumerate(parsed.tags) if a.get("http-equiv"))
    assert first_meta_csp < names.index("style") < names.index("script")
    css = "".join(parsed.raw["style"])
    for font in ("system-ui", '"Noto Sans CJK KR"', '"Malgun Gothic"', '"Apple SD Gothic Neo"'):
        assert font in css
    assert "@media print" in css


def test_sections_charts_and_print_rules() -> None:
    text = html_of(scan_report(GATES, INJECTION))
    for anchor in ('id="summary"', 'id="charts"', 'id="matrix"', 'id="findings"'):
        assert anchor in text
    assert text.count("<svg ") == 2
    assert 'id="chart-gaps"' in text and 'id="chart-share"' in text
    # deferred results are listed now: the injection sample's undeclared capabilities add one
    assert "NHRCK-HRIA-001: 3 gap(s) of severity high" in text
    # share chart: the gates sample has no HRIA, legal basis or notice passing
    assessed = "Was the impact assessed before use and kept current (HRIA, DPIA, FRIA)?"
    assert f"Government Complex Management Office, {assessed}: 0 of 1" in text
    assert ">Total</text>" in text  # two agencies: a total group follows them
    assert ">Total</text>" not in html_of(scan_report(GATES))
    css = text.split("@media print", 1)[1]
    assert ".filters" in css and "break-inside: avoid" in css


def test_injection_is_escaped_and_control_characters_visible() -> None:
    text = html_of(scan_report(INJECTION, include_passing=True))
    assert SCRIPT_NAME not in text
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in text
    assert "<b>bold</b>" not in text and "&lt;b&gt;bold&lt;/b&gt;" in text
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    assert "\\x1b[31mRED\\x1b[0m" in text
    assert "cleared? \\r\\n newline" in text
    parsed = elements(text)
    assert [t for t, _ in parsed.tags].count("script") == 1


def test_waiver_and_field_are_shown_escaped() -> None:
    report = scan_report(GATES)
    first = next(iter(report.findings))
    hostile = "<i>Act</i> & \x1b[1m"
    waiver = Waiver(first.rule_id, hostile, "statute", hostile, hostile, "2026-01-01", "2027-01-01")
    report = with_first_waived(report, waiver)
    text = html_of(report)
    row = text.split(f'id="f-{finding_fingerprint(first)}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-outcome="waived"' in row
    assert '<div class="waiver">waived by &lt;i&gt;Act&lt;/i&gt; &amp; \\x1b[1m (statute' in row
    if first.field:
        assert f"<code>{first.field}</code>" in row


def test_no_time_unless_asked() -> None:
    report = scan_report(GATES)
    assert "Rendered at" not in html_of(report)
    report.render_options["timestamp"] = "2026-11-22T01:30:00+00:00"
    assert "Rendered at 2026-11-22T01:30:00Z" in html_of(report)


# --- real browser -------------------------------------------------------------------------


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Any:
    path = tmp_path / "report.html"
    path.write_text(html_of(scan_report(GATES, INJECTION, include_passing=True)), encoding="utf-8")
    browser.get_log("browser")  # drop entries of an earlier page
    browser.get(path.as_uri())
    return browser


def _column(driver: Any, index: int) -> list[str]:
    rows = driver.find_elements("css selector", "#findings tbody tr")
    return [r.find_elements("css selector", "td")[index].text for r in rows]


def _visible_rows(driver: Any) -> list[Any]:
    return [
        r for r in driver.find_elements("css selector", "#findings tbody tr") if r.is_displayed()
    ]


def test_browser_loads_without_errors_and_escapes(page: Any, tmp_path: Path) -> None:
    severe = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
    assert page.title != "pwned"
    assert page.title.startswith("Face recognition audit report")
    body = page.find_element("tag name", "body").text
    assert SCRIPT_NAME in body
    assert page.execute_script("return document.querySelectorAll('script').length") == 1
    assert page.execute_script("return document.documentElement.lang") == "en"
    shot = tmp_path / "report.png"
    assert page.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def test_browser_sorts_by_clicking_a_header(page: Any) -> None:
    original = _column(page, 1)
    assert len(original) > 5 and original != sorted(original)
    header = page.find_element("css selector", "#findings thead th:nth-child(2) button")
    header.click()
    ascending = _column(page, 1)
    assert ascending == sorted(original, key=str.lower)
    th = page.find_element("css selector", "#findings thead th:nth-child(2)")
    assert th.get_attribute("aria-sort") == "ascending"
    header.click()
    assert _column(page, 1) == sorted(original, key=str.lower, reverse=True)
    assert th.get_attribute("aria-sort") == "descending"
    # severity sorts by rank, not by its label
    page.find_element("css selector", "#findings thead th:nth-child(3) button").click()
    severities = _column(page, 2)
    rank = {"low": 1, "medium": 2, "high": 3, "critical": 4}
    assert [rank[s] for s in severities] == sorted(rank[s] for s in severities)


def test_browser_filters_hide_rows(page: Any) -> None:
    from selenium.webdriver.support.select import Select

    total = len(_visible_rows(page))
    assert page.find_element("id", "filters").is_displayed()
    box = page.find_element("id", "filter-text")
    box.send_keys("inj-2")
    shown = _visible_rows(page)
    assert 0 < len(shown) < total
    assert all("inj-2" in r.text for r in shown)
    assert page.find_element("id", "filter-count").text == f"{len(shown)} of {total} rows shown"
    box.clear()
    box.send_keys(" ")  # clear() fires no input event; typing does
    assert len(_visible_rows(page)) == total
    Select(page.find_element("id", "filter-severity")).select_by_value("critical")
    critical = _visible_rows(page)
    assert 0 < len(critical) < total
    assert all(r.get_attribute("data-severity") == "critical" for r in critical)
    Select(page.find_element("id", "filter-outcome")).select_by_value("pass")
    assert all(
        r.get_attribute("data-severity") == "critical" and r.get_attribute("data-outcome") == "pass"
        for r in _visible_rows(page)
    )
    Select(page.find_element("id", "filter-severity")).select_by_value("")
    Select(page.find_element("id", "filter-outcome")).select_by_value("")
    assert len(_visible_rows(page)) == total


def test_browser_print_hides_filters_and_makes_a_pdf(page: Any) -> None:
    import base64

    page.find_element("id", "filter-text").send_keys("inj-2")
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not page.find_element("id", "filters").is_displayed()
        rows = page.find_elements("css selector", "#findings tbody tr")
        assert all(r.is_displayed() for r in rows)  # a printout shows every finding
        avoid = page.execute_script(
            "return getComputedStyle(document.querySelector('#findings tbody tr')).breakInside"
        )
        assert avoid == "avoid"
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(page.print_page())
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
