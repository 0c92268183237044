"""HTML report: self-contained, escaped, deterministic, and working in a real headless Chromium."""

from __future__ import annotations

import io
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

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


def test_answers_first_then_fix_matrix_details_and_end() -> None:
    text = html_of(scan_report(GATES, INJECTION))
    anchors = ['id="answers"', 'id="fix"', 'id="matrix"', 'id="details"', 'id="end"']
    positions = [text.index(a) for a in anchors]
    assert positions == sorted(positions)
    # the hashes come last, after every detail
    assert text.index('class="hash"') > text.index('id="end"')
    # four question cards, in the mission's order
    cards = re.findall(r'<li class="card card-\w+" id="q-(\w+)">', text)
    assert cards == ["legal", "assessment", "notice", "prohibited"]
    # one matrix across agencies, one tbody per agency, one legend
    assert text.count('<table class="matrix"') == 1
    assert text.count("<tbody data-agency=") == 2
    assert text.count('class="legend-items"') == 1
    # the chart is labelled with questions, never with rule IDs
    chart = text.split('id="chart-gaps"', 1)[1].split("</figure>", 1)[0]
    assert 'class="label"' in chart
    labels = re.findall(r'class="label"[^>]*>([^<]*)<', chart)
    assert labels and not any(re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)+", lab) for lab in labels)
    assert "Impact assessment" in labels
    # each gap of "what to fix first" names its rules with their titles and how to fix it
    first_gap = text.split('<li class="gap', 1)[1].split("</li>\n</ol>", 1)[0]
    assert "How to fix" in first_gap and "<code>" in first_gap
    css = text.split("@media print", 1)[1]
    assert ".filters" in css and "break-inside: avoid" in css


def test_details_are_collapsed_and_rules_have_titles() -> None:
    text = html_of(scan_report(GATES))
    assert '<details class="system"' in text
    assert "<details open" not in text and " open>" not in text
    assert (
        "Face recognition by the State rests on a specific legal provision <code>NHRCK-LEGAL-001</code>"
        in text
    )


def test_no_word_is_broken_mid_word() -> None:
    css = html_of(scan_report(GATES)).split("<style>", 1)[1].split("</style>", 1)[0]
    assert "hyphens: manual" in css and "overflow-wrap: normal" in css
    assert ":lang(ko) { word-break: keep-all; }" in css
    for forbidden in ("break-all", "overflow-wrap: anywhere", "break-word", "hyphens: auto"):
        assert forbidden not in css


def test_fleets_show_alike_systems_once(tmp_path: Path) -> None:
    body = (ROOT / INJECTION).read_text(encoding="utf-8")
    # a copy of the gates sample with its one system twice more, under other IDs: one fleet
    gates = (ROOT / GATES).read_text(encoding="utf-8")
    head, first, *_ = gates.split("[[systems]]")
    system = "[[systems]]" + first
    ident = re.search(r'^id = "([^"]+)"', system, flags=re.M)
    assert ident and body
    copies = [
        system.replace(f'id = "{ident.group(1)}"', f'id = "{ident.group(1)}-{n}"', 1)
        for n in (2, 3)
    ]
    path = tmp_path / "fleet.toml"
    path.write_text(head + system + "".join(copies), encoding="utf-8")
    text = html_of(scan_report(path))
    assert "3 systems with the same gaps" in text
    assert text.count('<tr class="system">') == 1
    members = text.split('<ul class="members">', 1)[1].split("</ul>", 1)[0]
    assert members.count("<li>") == 3


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
