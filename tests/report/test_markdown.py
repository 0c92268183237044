"""Markdown report: deterministic, GFM tables keep their shape, inventory text shows literally."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import scan_report, with_first_waived
from markdown_it import MarkdownIt

from frtaudit.i18n import catalog
from frtaudit.model import Report, Waiver
from frtaudit.report.markdown import escape, render, rendered_at

ROOT = Path(__file__).resolve().parents[2]
GATES = "sample_inventories/gov_complex_gates.toml"
INJECTION = "tests/inventories/valid/injection.toml"
AS_OF = date(2026, 11, 22)
SCRIPT_NAME = "<script>document.title='pwned'</script>"
HOSTILE = "`code` | pipe \\ back *star* _under_ [link](javascript:alert(1)) <b>&amp; # ~~x~~ $x$"


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # relative inventory paths in the report, as a user would give them


def markdown(report: Report) -> str:
    out = io.StringIO()
    render(report, out)
    return out.getvalue()


def gfm_html(text: str) -> str:
    """Render as a GFM-like parser would (CommonMark plus tables and strikethrough)."""
    rendered: str = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    return rendered


def cells(line: str) -> list[str]:
    """Cells of a GFM table row: split on pipes that no backslash escapes."""
    assert line.startswith("|") and line.endswith("|"), line
    parts, current, i = [], "", 1
    body = line[:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current += body[i : i + 2]
            i += 2
            continue
        if ch == "|":
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    parts.append(current)
    return parts


def tables(text: str) -> list[list[str]]:
    """Blocks of consecutive table lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def with_waiver(report: Report, justification: str) -> Report:
    """The report with its first finding turned into a waived one (hostile waiver texts)."""
    first = next(iter(report.findings))
    waiver = Waiver(
        rule=first.rule_id,
        granted_by=justification,
        authority_kind="statute",
        instrument=justification,
        justification=justification,
        granted_on="2026-01-01",
        expires_on="2027-01-01",
    )
    return with_first_waived(report, waiver)


def test_golden_gov_complex_gates(golden) -> None:  # type: ignore[no-untyped-def]
    golden("gov_complex_gates.md", markdown(scan_report(GATES)))


@pytest.mark.parametrize("include_passing", [False, True])
def test_rendering_twice_is_byte_identical(include_passing: bool) -> None:
    first = markdown(scan_report(GATES, INJECTION, include_passing=include_passing))
    second = markdown(scan_report(GATES, INJECTION, include_passing=include_passing))
    assert first == second
    assert first.endswith("\n") and not first.endswith("\n\n")


def test_answers_first_then_fix_matrix_and_findings_by_system() -> None:
    report = scan_report(GATES)
    text = markdown(report)
    assert text.startswith("# Face recognition audit report\n")
    order = [
        text.index("## The four questions at a glance"),
        text.index("## What to fix first"),
        text.index("## Systems by question"),
        text.index("## Details per system"),
        text.index("## Inventories and their hashes"),
    ]
    assert order == sorted(order)
    assert "#### gcmo\\-gate\\-frt" not in text
    assert (
        "### gcmo-gate-frt — Speed gates with face verification (Sejong complex) (line 18)" in text
    )
    answers = next(t for t in tables(text) if cells(t[0])[0].strip() == "Question")
    assert [cells(r)[0].split("**")[1] for r in answers[2:]] == [
        "Legal basis",
        "Impact assessment",
        "Public notice",
        "Prohibited use",
    ]
    matrix = next(t for t in tables(text) if cells(t[0])[1].strip() == "System")
    head = [c.strip() for c in cells(matrix[0])]
    assert head[:7] == ["Agency", "System", "FRT", "Legal basis", "Impact assessment",
                        "Public notice", "Prohibited use"]  # fmt: skip
    assert [c.strip() for c in cells(matrix[2])][1:3] == ["gcmo-gate-frt", "●"]
    assert cells(matrix[2])[4].strip() == "✗"  # no HRIA
    # every kept finding is a row naming its rule and its title, with the rule's first citation
    for f in report.findings:
        assert f"| `{f.rule_id}` " in text
    assert (
        "`NHRCK-LEGAL-001` Face recognition by the State rests on a specific legal provision"
        in text
    )
    assert "item 3: HRIA before development or use" in text


def test_passing_results_only_with_include_passing() -> None:
    assert "| ✓ pass |" not in markdown(scan_report(GATES)).split("## Details per system")[1]
    with_passing = markdown(scan_report(GATES, include_passing=True))
    assert "| ✓ pass |" in with_passing.split("## Details per system")[1]


def test_fits_a_pull_request_comment_unless_details(tmp_path: Path) -> None:
    from frtaudit.report.markdown import LIMIT
    from frtaudit.scan import ScanRequest, run

    def samples(lang: str, details: bool) -> Report:
        return run(
            ScanRequest(
                paths=["sample_inventories"],
                as_of=date(2026, 11, 22),
                profiles=("nhrck", "kr-pipa", "eu-ai-act", "us-wa"),
                lang=lang,
                render_options={"details": details},
            )
        )

    for lang in ("en", "ko"):
        short = markdown(samples(lang, False))
        assert len(short) <= LIMIT
        closing = {
            "en": r"\*\*\d+ more lines in the full report",
            "ko": r"\*\*전체 보고서에 \d+줄 더",
        }
        assert re.match(closing[lang], short.splitlines()[-1])
    full_report = samples("en", True)
    full = markdown(full_report)
    assert len(full) > LIMIT  # the samples with every profile do not fit: the cut is exercised
    short = markdown(samples("en", False))
    assert re.search(r"\*\*\d+ more lines in the full report", short.splitlines()[-1])
    # the complete report lists every finding
    for f in full_report.findings:
        assert f"`{f.rule_id}`" in full
    # a tiny limit cuts anything, and still ends with the count of what is left out
    from frtaudit.report.markdown import _fit

    cut = _fit([["line"] * 100], catalog("en"), 300)
    assert len(cut) <= 300 and "more lines in the full report" in cut


def test_injection_tables_keep_their_shape_and_text_is_escaped() -> None:
    text = markdown(scan_report(GATES, INJECTION, include_passing=True))
    for block in tables(text):
        widths = {len(cells(line)) for line in block}
        assert len(widths) == 1, block
    assert SCRIPT_NAME not in text
    assert "\x1b" not in text and "\x00" not in text and "\x07" not in text
    assert "\\<script\\>document.title='pwned'\\</script\\>" in text
    assert "\\[link\\](javascript:alert(1))" in text
    assert "\\| pipe" in text
    # newlines inside a name never break a heading or a row
    assert "cleared? \\\\r\\\\n newline" in text


def test_injection_renders_literally_in_a_gfm_parser() -> None:
    text = markdown(with_waiver(scan_report(INJECTION, include_passing=True), HOSTILE))
    rendered = gfm_html(text)
    assert "<script" not in rendered
    assert "<a " not in rendered and "<b>" not in rendered and "<del>" not in rendered
    assert "<em>" not in rendered and "<strong>[" not in rendered
    # untrusted text never becomes code; only rule IDs and hashes do
    for code in re.findall(r"<code>(.*?)</code>", rendered):
        assert re.fullmatch(r"[A-Za-z0-9-]+", code), code
    plain = html.unescape(rendered)
    assert SCRIPT_NAME in plain
    assert HOSTILE in plain
    assert "[bold red]Agency[/bold red] \\x1b[31mRED\\x1b[0m <b>bold</b> | pipe" in plain
    # each table row of the rendered HTML has as many cells as its header
    for table in re.findall(r"<table>.*?</table>", rendered, flags=re.S):
        head = len(re.findall(r"<th[ >]", table.split("</thead>")[0]))
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], flags=re.S):
            assert len(re.findall(r"<td", row)) == head


def test_waiver_column_shows_the_exception() -> None:
    text = markdown(with_waiver(scan_report(GATES), "Act No. 1 | art. 2"))
    row = next(line for line in text.splitlines() if "| W waived |" in line)
    assert "waived by Act No. 1 \\| art. 2 (statute, Act No. 1 \\| art. 2) until 2027-01-01" in row
    assert len(cells(row)) == 6


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a|b", "a\\|b"),
        ("`x`", "\\`x\\`"),
        ("\\", "\\\\"),
        ("<i>&amp;", "\\<i\\>\\&amp;"),
        ("# title", "\\# title"),
        ("*a* _b_ [c]", "\\*a\\* \\_b\\_ \\[c\\]"),
        ("line1\nline2", "line1\\\\nline2"),
        ("bell\x07", "bell\\\\x07"),
        ("한글 이름", "한글 이름"),
    ],
)
def test_escape(raw: str, expected: str) -> None:
    assert escape(raw) == expected


def test_no_time_unless_asked() -> None:
    report = scan_report(GATES)
    assert rendered_at(report) is None
    assert "Rendered at" not in markdown(report)
    report.render_options["timestamp"] = "2026-11-22T10:30:00+09:00"
    assert rendered_at(report) == "2026-11-22T01:30:00Z"
    assert "Rendered at 2026-11-22T01:30:00Z" in markdown(report)


def test_fleets_are_listed_in_full_only_with_details(tmp_path: Path) -> None:
    text = (ROOT / GATES).read_text(encoding="utf-8")
    head, first = text.split("[[systems]]", 1)
    ident = re.search(r'^id = "([^"]+)"', first, flags=re.M)
    assert ident
    copies = [
        "[[systems]]" + first.replace(f'id = "{ident[1]}"', f'id = "{ident[1]}-{n}"', 1)
        for n in range(30)
    ]
    path = tmp_path / "fleet.toml"
    path.write_text(head + "".join(copies), encoding="utf-8")
    short = markdown(scan_report(path))
    assert "30 systems with the same gaps" in short and "and 19 more" in short
    assert f"{ident[1]}-29" not in short.replace("\\", "")
    full = markdown(scan_report(path, details=True))
    assert f"{ident[1]}-29" in full.replace("\\", "") and "and 19 more" not in full
