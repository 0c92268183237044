"""Import policy lives in the library (importers.output) and CSV files from Excel or Notepad with
a byte-order mark are read, their line numbers right (issue 13 part 4, issue 17 point 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import cli

from frtaudit.errors import InputError, UsageError
from frtaudit.i18n import catalog
from frtaudit.importers import kr_cctv, nl_algoritmeregister, output

ROOT = Path(__file__).resolve().parents[2]
BUSAN = ROOT / "tests" / "data" / "kr-cctv" / "busan.csv"
NL = ROOT / "tests" / "data" / "nl-algoritmeregister" / "algoritmes_081222-extract.json"

CSV = """\
번호,관리기관명,소재지도로명주소,소재지지번주소,설치목적구분,카메라대수,카메라화소수,촬영방면정보,보관일수,설치연월,관리기관전화번호,WGS84위도,WGS84경도,데이터기준일자
1,부산광역시 중구청,흑교로 74,보수동1가 50-1,생활방범,2,200,,30,2018-09,051-600-4172,35.1,129.0,2022-06-08
2,부산광역시 중구청,흑교로 75,,생활방범,many,200,,30,2018-09,051-600-4172,35.1,129.0,2022-06-08

4,부산광역시 중구청,흑교로 77,,교통정보수집,1,200,,30,2018-09,051-600-4172,35.1,129.0,2022-06-08
"""


@pytest.mark.parametrize("encoding", [None, "utf-8", "utf-8-sig"])
def test_csv_with_bom_is_read_and_lines_stay_right(tmp_path: Path, encoding: str | None) -> None:
    plain, marked = tmp_path / "plain.csv", tmp_path / "marked.csv"
    plain.write_bytes(CSV.encode("utf-8"))
    marked.write_bytes(b"\xef\xbb\xbf" + CSV.encode("utf-8"))
    args = ["--encoding", encoding] if encoding else []
    code_p, out_p, err_p = cli("import", "kr-cctv", str(plain), *args)
    code_m, out_m, err_m = cli("import", "kr-cctv", str(marked), *args)
    assert (code_p, code_m) == (0, 0), err_m

    def same(text: str) -> str:  # the encoding named is utf-8-sig when the file has the mark
        return text.replace("marked.csv", "plain.csv").replace("utf-8-sig", "utf-8")

    assert same(out_m) == same(out_p)  # the same inventory
    assert same(err_m) == same(err_p)  # the same summary, the same line numbers
    assert "  line 3: 카메라대수 'many' is not a whole number of at least 1" in err_m
    assert "skipped 1 blank line(s): 4" in err_m
    result = kr_cctv.import_file(str(marked), catalog("en"), encoding=encoding)
    assert result.columns[0] == "번호"  # no byte-order mark glued to the first column
    assert [i.line for i in result.rejected] == [
        i.line for i in kr_cctv.import_file(str(plain), catalog("en")).rejected
    ]


def test_target_is_checked_before_the_import(tmp_path: Path) -> None:
    source = str(BUSAN)
    with pytest.raises(UsageError) as caught:
        output.target(source, "a.toml", "dir", force=False)
    assert caught.value.key == "import_output_conflict"
    with pytest.raises(UsageError) as caught:
        output.target(source, source, None, force=True)
    assert caught.value.key == "import_output_is_input"
    with pytest.raises(UsageError) as caught:
        output.target(source, str(tmp_path / "inv.json"), None, force=False)
    assert caught.value.key == "output_not_toml"
    existing = tmp_path / "inv.toml"
    existing.write_text("keep\n", encoding="utf-8")
    with pytest.raises(InputError):
        output.target(source, str(existing), None, force=False)
    assert output.target(source, str(existing), None, force=True).output == str(existing)
    assert output.target(source, "-", None, force=False).output is None


def test_plan_splits_one_file_per_agency(tmp_path: Path) -> None:
    cat = catalog("en")
    result = kr_cctv.import_file(str(BUSAN), cat)
    where = output.target(str(BUSAN), None, str(tmp_path / "split"), force=False)
    planned = output.plan(kr_cctv, result, cat, where)
    assert len(planned.files) == len(result.agencies) > 1
    assert all(f.path and f.path.startswith(str(tmp_path / "split")) for f in planned.files)
    assert sum(f.systems for f in planned.files) == result.imported
    assert planned.summary == tuple(kr_cctv.summary_lines(result, cat))
    whole = output.plan(kr_cctv, result, cat, output.target(str(BUSAN), None, None, False))
    assert [f.path for f in whole.files] == [None]  # standard output
    output.write_plan(planned)
    assert sorted(p.name for p in (tmp_path / "split").iterdir()) == sorted(
        Path(str(f.path)).name for f in planned.files
    )


def test_plan_refuses_what_the_scan_would_refuse(monkeypatch: pytest.MonkeyPatch) -> None:
    import frtaudit.load.inventory

    cat = catalog("en")
    result = nl_algoritmeregister.import_file(str(NL), cat)
    monkeypatch.setattr(frtaudit.load.inventory, "MAX_SYSTEMS", 1)
    with pytest.raises(InputError) as caught:
        output.plan(nl_algoritmeregister, result, cat, output.target(str(NL), None, None, False))
    assert caught.value.problems[0].key == "import_too_many"
    assert caught.value.problems[0].hint == "import_too_many_hint"


def test_cli_imports_only_parse_and_chain() -> None:
    text = (ROOT / "frtaudit" / "cli" / "imports.py").read_text(encoding="utf-8")
    for policy in ("def check_target", "def check_size", "MAX_SYSTEMS", "os.makedirs", "exists("):
        assert policy not in text, policy
