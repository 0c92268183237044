"""`frtaudit import kr-cctv` and `frtaudit init`: every layout and encoding, accounting, output."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli
from conftest import cli

from frtaudit.i18n import catalog
from frtaudit.importers import romanise, slug
from frtaudit.importers.kr_cctv import documents, import_file, parse_int, parse_month, split_agency
from frtaudit.importers.toml_writer import dumps_inventory, quote
from frtaudit.load.inventory import load

DATA = Path(__file__).resolve().parents[1] / "data" / "kr-cctv"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
AS_OF = date(2026, 11, 22)
LAYOUTS = {  # extract -> (encoding, columns, rows, agencies)
    "busan.csv": ("utf-8", 14, 32, 11),
    "daejeon.csv": ("cp949", 18, 31, 5),
    "gyeongsan.csv": ("cp949", 16, 26, 1),
    "seoul-gangnam.csv": ("cp949", 13, 24, 1),
}
FULL = {
    "busan": ("kr-cctv-busan/cctv.csv", "utf-8"),
    "daejeon": ("kr-cctv-daejeon/cctv.csv", "cp949"),
    "gyeongsan": ("kr-cctv-gyeongsan/cctv.csv", "cp949"),
    "seoul-gangnam": ("kr-cctv-seoul-gangnam/서울특별시_강남구_CCTV_20190312.csv", "cp949"),
}
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"shared data folder {SHARED} is absent (full-file tests)"
)


def run_import(src: Path, out: Path, *extra: str) -> str:
    code, _, err = cli("import", "kr-cctv", str(src), "-o", str(out), *extra)
    assert code == 0, err
    return err


def systems_by_line(path: Path) -> dict[int, dict[str, Any]]:
    """Systems keyed by the source line their description names."""
    out = {}
    for s in load(str(path)).systems:
        line = int(s["description"].split(" line ")[1].split(";")[0])
        out[line] = s
    return out


# -- every layout and encoding --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_each_layout_imports_and_validates(name: str, tmp_path: Path) -> None:
    encoding, columns, rows, agencies = LAYOUTS[name]
    out = tmp_path / "inv.toml"
    err = run_import(DATA / name, out)
    assert f"{rows} data rows ({encoding}, {columns} columns): {rows} imported, 0 rejected" in err
    inv = load(str(out))  # schema-valid
    assert len(inv.systems) == rows
    assert inv.agency["country"] == "KR"
    assert inv.agency["is_public_body"] is True
    assert inv.agency["kind"] == "local_government"
    assert len({s["operator"]["name"].split(" (")[0] for s in inv.systems}) == agencies
    for s in inv.systems:
        assert s["status"] == "operational"
        assert s["device"]["kind"] == "fixed_cctv" and s["device"]["count"] >= 1
        assert s["location"]["type"] == "public_space"
        caps = s["capabilities"]
        assert caps["recording"] is True
        for flag in ("face_detection", "face_verification", "face_identification", "face_tracking"):
            assert caps[flag] == "unknown"  # never assumed false
        assert caps["processing_mode"] == caps["capture_mode"] == "unknown"
        assert "assessments" not in s and "notice" not in s


def test_cp949_detected_and_encoding_override(tmp_path: Path) -> None:
    out = tmp_path / "inv.toml"
    run_import(DATA / "gyeongsan.csv", out)
    assert "경상북도 경산시청" in out.read_text(encoding="utf-8")
    code, _, err = cli(
        "import", "kr-cctv", str(DATA / "gyeongsan.csv"), "-o", str(out), "--force",
        "--encoding", "utf-8",
    )  # fmt: skip
    assert code == 2
    assert "gyeongsan.csv:1:" in err and "--encoding" in err
    assert "Traceback" not in err
    code, _, err = cli(
        "import", "kr-cctv", str(DATA / "gyeongsan.csv"), "--encoding", "no-such-codec"
    )
    assert code == 2 and "unknown encoding 'no-such-codec'" in err


def test_layout_fields_mapped(tmp_path: Path) -> None:
    out = tmp_path / "gangnam.toml"
    run_import(DATA / "seoul-gangnam.csv", out)
    by_line = systems_by_line(out)
    first = by_line[
        2
    ]  # "서울특별시 강남구청",서울특별시 강남구 학동로 156(논현동),...,교통단속,1,400,...
    assert first["purpose"]["primary"] == "traffic_enforcement"
    assert first["pipa"] == {"art25_1_ground": 4}
    assert first["location"]["address"] == "서울특별시 강남구 학동로 156(논현동)"
    assert first["location"]["lat"] == pytest.approx(37.512973)
    assert first["retention"] == {"footage_days": 30}
    assert "installed_on" not in first  # 설치년월 1905-07 is reported, not kept
    assert "1905-07" in first["notes"]
    assert first["id"] == "seoulteukbyeolsi-gangnamgucheong-line2"  # no id column in 2019
    daejeon = tmp_path / "daejeon.toml"
    run_import(DATA / "daejeon.csv", daejeon)
    by_line = systems_by_line(daejeon)
    assert by_line[2]["id"] == "daejeongwangyeoksi-donggucheong-202636400000800323"
    assert by_line[2]["device"]["count"] == 2
    assert "retention" not in by_line[2]  # blank 보관일수: absent, never a guess
    installed = [s["installed_on"] for s in by_line.values() if "installed_on" in s]
    assert installed and all(d.day == 1 for d in installed)  # YYYYMM -> first of month


def test_agency_name_variants_are_one_agency(tmp_path: Path) -> None:
    out = tmp_path / "busan.toml"
    run_import(DATA / "busan.csv", out)
    operators = Counter(s["operator"]["name"] for s in load(str(out)).systems)
    assert operators["부산광역시 기장군청"] == 4  # 2 x 기장군청 + 2 x 기장군
    assert operators["부산광역시 금정구청"] == 4
    assert operators["부산광역시 서구청"] == 2
    assert operators["부산광역시 부산진구청 (자연재난과)"] == 2
    assert "부산광역시 기장군" not in operators
    daejeon = tmp_path / "daejeon.toml"
    run_import(DATA / "daejeon.csv", daejeon)
    names = {s["operator"]["name"] for s in load(str(daejeon)).systems}
    assert "대전광역시 유성구청" in names and "유성구청" not in names  # region from the addresses


@pytest.mark.parametrize(
    ("raw", "display"),
    [
        ("부산광역시 기장군청", "부산광역시 기장군청"),
        ("부산광역시 기장군", "부산광역시 기장군청"),
        (" 부산광역시   기장군청 ", "부산광역시 기장군청"),
        ("부산광역시기장군", "부산광역시 기장군청"),
        ("부산 기장군", "부산광역시 기장군청"),
        ("부산광역시(자연재난과) 부산진구청", "부산광역시 부산진구청"),
        ("부산광역시청", "부산광역시"),
        ("경상북도 경산시청", "경상북도 경산시청"),
    ],
)
def test_agency_name_normalisation(raw: str, display: str) -> None:
    assert split_agency(raw).display == display
    assert split_agency(raw).key == split_agency(display).key


def test_number_and_month_cleaning() -> None:
    assert parse_int("1,234") == 1234
    assert parse_int(" 30 ") == 30
    assert parse_int("30일", "일") == 30
    assert parse_int("2.0") == 2
    assert parse_int("12,34") is None and parse_int("abc") is None and parse_int("-1") is None
    assert parse_month("2018-09") == date(2018, 9, 1)
    assert parse_month("201809") == date(2018, 9, 1)
    assert parse_month("2018년 9월") == date(2018, 9, 1)
    assert parse_month("2018-13") is None and parse_month("2018") is None
    assert romanise("부산광역시") == "busangwangyeoksi"
    assert slug("대전광역시 유성구청") == "daejeongwangyeoksi-yuseonggucheong"


# -- data quality and rejected rows ---------------------------------------------------------------


def test_data_quality_reported_with_lines_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "busan.toml"
    err = run_import(DATA / "busan.csv", out)
    assert "retention 0 days (보관일수 = 0): 5 (18, 20, 21, 22, 23)" in err
    assert "install month in the future (설치연월; kept): 1 (4)" in err
    assert "coordinates zero or outside Korea (left out): 2 (23, 29)" in err
    assert "no road-name address (lot-number address used): 4 (6, 13, 15, 23)" in err
    by_line = systems_by_line(out)
    assert len(by_line) == 32  # every problem row is kept
    assert by_line[4]["installed_on"] == date(2027, 2, 1)  # the future month stays
    assert by_line[18]["retention"]["footage_days"] == 0
    assert "lat" not in by_line[23]["location"] and "0.0" in by_line[23]["notes"]
    err = run_import(DATA / "daejeon.csv", tmp_path / "daejeon.toml")
    assert "retention not given (보관일수 blank; retention left out): 9 (" in err
    assert "install month before 1990 (설치연월; left out): 2 (25, 26)" in err


BAD_CSV = """\
번호,관리기관명,소재지도로명주소,소재지지번주소,설치목적구분,카메라대수,카메라화소수,촬영방면정보,보관일수,설치연월,관리기관전화번호,WGS84위도,WGS84경도,데이터기준일자
1,부산광역시 중구청,흑교로 74,보수동1가 50-1,생활방범,"1,234",200,,30,2018-09,051-600-4172,35.1,129.0,2022-06-08
2,부산광역시 중구청,흑교로 75,,생활방범,many,200,,30,2018-09,051-600-4172,35.1,129.0,2022-06-08
3,부산광역시 중구청,흑교로 76,,생활방범,1,200,,30,2018-09
4,,흑교로 77,,생활방범,1,200,,30,2018-09,051-600-4172,35.1,129.0,2022-06-08

5,부산광역시 중구청,,,불법촬영감시, 2 ,200,,,2018/09,051-600-4172,,,2022-06-08
1,부산광역시 중구청,흑교로 78,,교통정보수집,0,200,,30,2018-09,051-600-4172,35.1,129.0,2022-06-08
1,부산광역시 중구,흑교로 79,,교통정보수집,1,200,,30,2018-09,051-600-4172,35.1,129.0,2022-06-08
"""


def test_rejected_rows_reported_with_line_and_reason(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text(BAD_CSV, encoding="utf-8")
    out = tmp_path / "bad.toml"
    err = run_import(src, out)
    assert "7 data rows (utf-8, 14 columns): 2 imported, 5 rejected" in err
    assert "line 3: 카메라대수 'many' is not a whole number of at least 1" in err
    assert "line 4: has 10 fields, the header has 14" in err
    assert "line 5: 관리기관명 is blank" in err
    assert "line 8: 카메라대수 '0' is not a whole number" in err
    assert "line 9: system id 'busangwangyeoksi-junggucheong-1' repeats line 2" in err
    assert "skipped 1 blank line(s): 6" in err
    systems = {s["id"]: s for s in load(str(out)).systems}
    assert systems["busangwangyeoksi-junggucheong-1"]["device"]["count"] == 1234
    odd = systems["busangwangyeoksi-junggucheong-5"]
    assert odd["device"]["count"] == 2
    assert odd["purpose"] == {"primary": "other", "description": "불법촬영감시"}
    assert "pipa" not in odd  # no ground guessed for an unmapped purpose
    assert "address" not in odd["location"] and "retention" not in odd
    assert odd["installed_on"] == date(2018, 9, 1)
    assert "address missing" in err and "coordinates missing" in err


def test_not_a_cctv_file_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "other.csv"
    src.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    code, _, err = cli("import", "kr-cctv", str(src))
    assert code == 2
    assert f"{src}:1: not a CCTV standard-data file: missing column(s) 관리기관명" in err
    assert "Traceback" not in err
    code, _, err = cli("import", "kr-cctv", str(tmp_path / "missing.csv"))
    assert code == 2 and "no such file" in err


# -- output ---------------------------------------------------------------------------------------


def test_output_is_deterministic_and_grouped(tmp_path: Path) -> None:
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    run_import(DATA / "busan.csv", a)
    run_import(DATA / "busan.csv", b)
    assert a.read_bytes() == b.read_bytes()
    text = a.read_text(encoding="utf-8")
    groups = [line for line in text.splitlines() if line.startswith("# == ")]
    assert len(groups) == 11 and groups == sorted(groups)
    assert "# == 부산광역시 기장군청 (4) ==" in groups
    inv = load(str(a))
    assert inv.agency["id"] == "busangwangyeoksi-cctv"  # several agencies: one per region
    assert "11 managing agencies" in inv.agency["name"]
    operators = [s["operator"]["name"] for s in inv.systems]
    assert operators == sorted(operators)  # grouped
    code, stdout, _ = cli("import", "kr-cctv", str(DATA / "busan.csv"))
    assert code == 0 and stdout == text  # standard output by default


def test_split_writes_one_inventory_per_agency(tmp_path: Path) -> None:
    out = tmp_path / "split"
    code, _, err = cli("import", "kr-cctv", str(DATA / "busan.csv"), "--split", str(out))
    assert code == 0, err
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 11
    assert "busangwangyeoksi-gijangguncheong.toml" in files
    total = 0
    ids: set[str] = set()
    for f in out.iterdir():
        inv = load(str(f))
        assert {s["operator"]["name"].split(" (")[0] for s in inv.systems} == {inv.agency["name"]}
        total += len(inv.systems)
        ids |= {s["id"] for s in inv.systems}
    assert total == len(ids) == 32
    single = tmp_path / "single.toml"
    run_import(DATA / "busan.csv", single)
    assert ids == {s["id"] for s in load(str(single)).systems}  # same ids either way
    code, _, err = cli("import", "kr-cctv", str(DATA / "busan.csv"), "--split", str(out))
    assert code == 2 and "already exists" in err
    code, _, err = cli(
        "import", "kr-cctv", str(DATA / "busan.csv"), "--split", str(out), "-o", str(single)
    )
    assert code == 2 and "not both" in err


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "inv.toml"
    out.write_text("keep me", encoding="utf-8")
    code, _, err = cli("import", "kr-cctv", str(DATA / "gyeongsan.csv"), "-o", str(out))
    assert code == 2 and "already exists" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "keep me"
    run_import(DATA / "gyeongsan.csv", out, "--force")
    assert load(str(out)).systems
    copy = tmp_path / "copy.csv"
    copy.write_bytes((DATA / "gyeongsan.csv").read_bytes())
    code, _, err = cli("import", "kr-cctv", str(copy), "-o", str(copy), "--force")
    assert code == 2 and "input file" in err
    assert copy.read_bytes() == (DATA / "gyeongsan.csv").read_bytes()


def test_toml_writer_escapes_and_round_trips() -> None:
    nasty = 'quote " back \\ tab \t nl \n bell \x07 del \x7f bidi \u202e end'
    assert tomli.loads(f"v = {quote(nasty)}")["v"] == nasty
    doc = {
        "systems": [{"name": nasty, "id": "x", "installed_on": date(2020, 1, 1)}],
        "agency": {"name": nasty, "id": "a", "country": "KR", "is_public_body": True},
        "schema_version": "1",
    }
    text = dumps_inventory(doc, header=["line one\x1b[31m", "line two"])
    assert text.startswith("# line one\\x1b[31m\n# line two\nschema_version")
    assert "installed_on = 2020-01-01" in text  # dates unquoted
    assert tomli.loads(text) == doc
    empty = dumps_inventory({"schema_version": "1", "agency": doc["agency"], "systems": []})
    assert tomli.loads(empty)["systems"] == []


# -- init -----------------------------------------------------------------------------------------


def test_init_writes_valid_starter_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "inventory.toml"
    code, _, err = cli("init", "-o", str(out))
    assert code == 0, err
    inv = load(str(out))
    kinds = {s["device"]["kind"] for s in inv.systems}
    assert {"fixed_cctv", "access_gate", "software_only", "network_camera"} <= kinds
    watch = next(s for s in inv.systems if s["capabilities"]["processing_mode"] == "real_time"
                 and s["capabilities"]["capture_mode"] == "remote")  # fmt: skip
    assert watch["status"] == "planned"
    assert "moratorium" in out.read_text(encoding="utf-8")
    before = out.read_bytes()
    code, _, err = cli("init", "-o", str(out))
    assert code == 2 and "already exists" in err
    assert out.read_bytes() == before
    code, _, _ = cli("init", "-o", str(out), "--force")
    assert code == 0


# -- the full shared files ------------------------------------------------------------------------


def _data_rows(path: Path, encoding: str) -> int:
    with path.open(encoding=encoding, newline="") as fh:
        return sum(1 for row in csv.reader(fh) if any(c.strip() for c in row)) - 1


@needs_shared
@pytest.mark.parametrize("name", sorted(FULL))
def test_full_file_row_accounting(name: str, tmp_path: Path) -> None:
    rel, encoding = FULL[name]
    src = SHARED / rel
    result = import_file(str(src), catalog("en"), today=AS_OF)
    assert result.encoding == encoding
    assert result.imported + len(result.rejected) == result.rows == _data_rows(src, encoding)
    docs = documents(result, catalog("en"))
    assert sum(len(d.data["systems"]) for d in docs) == result.imported


@needs_shared
def test_full_busan_quality_counts() -> None:
    result = import_file(str(SHARED / FULL["busan"][0]), catalog("en"), today=AS_OF)
    assert result.rows == result.imported == 15737
    assert len(result.quality["zero_retention"]) == 878
    assert len(result.quality["future_install"]) == 1  # 2027-02
    assert len(result.quality["blank_install"]) == 8675
    assert len(result.quality["no_road_address"]) == 94
    assert len(result.quality["bad_coordinates"]) == 2
    assert len(result.agencies) == 16  # 20 spellings, 16 district offices
    assert sum(s["device"]["count"] for a in result.agencies for s in a.systems) == 20526


def _retention_findings(src: Path, out: Path) -> Counter[tuple[str, Any]]:
    from frtaudit.audit.profiles import default_params
    from frtaudit.scan import ScanRequest, run

    run_import(src, out)
    profiles = ("nhrck", "kr-pipa")
    report = run(
        ScanRequest(
            paths=[str(out)], as_of=AS_OF, profiles=profiles, params=default_params(profiles)
        )
    )
    return Counter(
        (f.outcome.value, f.params.get("days"))
        for f in report.findings
        if f.rule_id == "KR-PIPA-RET-001"
    )


@needs_shared
def test_busan_zero_and_daejeon_blank_retention(tmp_path: Path) -> None:
    busan = _retention_findings(SHARED / FULL["busan"][0], tmp_path / "busan.toml")
    assert busan[("fail", 0)] == 878
    assert busan[("unknown", None)] == 0
    daejeon = _retention_findings(SHARED / FULL["daejeon"][0], tmp_path / "daejeon.toml")
    assert daejeon[("unknown", None)] == 1910
    assert daejeon[("fail", 0)] == 0


def test_raw_counts_in_extracts_match_summary(tmp_path: Path) -> None:
    """The summary's zero-retention count equals a plain count of the CSV column."""
    text = (DATA / "busan.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    zero = sum(1 for r in rows if r["보관일수"].strip() == "0")
    result = import_file(str(DATA / "busan.csv"), catalog("en"), today=AS_OF)
    assert len(result.quality["zero_retention"]) == zero == 5


def test_capability_fields_are_the_schemas_yes_no_unknown_fields() -> None:
    from frtaudit.importers import CAPABILITY_FIELDS
    from frtaudit.load.schemas import load_schema

    caps = load_schema("inventory")["properties"]["systems"]["items"]["properties"]
    tri = [
        k for k, v in caps["capabilities"]["properties"].items() if v.get("$ref") == "#/$defs/tri"
    ]
    assert tuple(tri) == CAPABILITY_FIELDS
