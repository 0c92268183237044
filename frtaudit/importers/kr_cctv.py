"""Import the Korean public CCTV standard data (전국CCTV표준데이터, data.go.kr 15013094).

Every published layout is read by its column names, not positions: 13 columns (2019, with
설치년월 and 위도/경도), 14 (with 번호), 16 and 18 (with 개방자치단체코드 and 관리번호).
UTF-8 (with or without BOM) and CP949 are detected; ``encoding`` overrides.

One row becomes one system. What a row says is copied; what it cannot say (face-recognition
capabilities, assessments, notice) is written as ``"unknown"`` or left out, never assumed.

Purpose mapping (설치목적구분 -> ``purpose.primary``, ``pipa.art25_1_ground``):

=================================  ======================  ======
설치목적구분                        purpose.primary         ground
=================================  ======================  ======
생활방범, 방범, 차량방범, 어린이보호  crime_prevention        2
교통단속, 주정차단속, 불법주정차단속  traffic_enforcement     4
교통정보수집, 교통정보              traffic_information     5
시설물관리, 시설안전, 재난재해       facility_safety         3
화재예방, 산불감시                  fire_prevention         3
다목적, 쓰레기단속, 기타, others     other (text kept)       none
=================================  ======================  ======

Multi-purpose (다목적) and illegal-dumping (쓰레기단속) cameras get no ground: the data does
not say which Art. 25(1) ground the agency relies on, so the scan asks for it.

Identifiers: ``<agency-slug>-<관리번호>`` (or ``-<번호>`` in the 14-column layout) stay the same
when rows are re-ordered; files without an id column get ``<agency-slug>-line<N>``, stable from
run to run but not under re-ordering.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from frtaudit.errors import InputError, Problem, UsageError
from frtaudit.i18n import Catalog
from frtaudit.importers import (
    CAPABILITY_FIELDS,
    MAX_SOURCE_BYTES,
    Document,
    Issue,
    assemble,
    listed,
    slug,
    split_or_whole,
)
from frtaudit.load.dates import MAX_YEAR

# -- columns --------------------------------------------------------------------------------------

#: Canonical field -> column names seen in the published layouts.
COLUMNS: dict[str, tuple[str, ...]] = {
    "lg_code": ("개방자치단체코드",),
    "mgmt_no": ("관리번호",),
    "number": ("번호",),
    "agency": ("관리기관명",),
    "road_address": ("소재지도로명주소",),
    "lot_address": ("소재지지번주소",),
    "purpose": ("설치목적구분",),
    "cameras": ("카메라대수",),
    "pixels": ("카메라화소수",),
    "direction": ("촬영방면정보",),
    "retention": ("보관일수",),
    "installed": ("설치연월", "설치년월"),
    "phone": ("관리기관전화번호",),
    "lat": ("WGS84위도", "위도"),
    "lon": ("WGS84경도", "경도"),
    "ref_date": ("데이터기준일자",),
}
REQUIRED = ("agency", "purpose", "cameras")

#: 설치목적구분 -> (purpose.primary, pipa.art25_1_ground or None). Keys have no spaces.
PURPOSES: dict[str, tuple[str, int | None]] = {
    "생활방범": ("crime_prevention", 2),
    "방범": ("crime_prevention", 2),
    "차량방범": ("crime_prevention", 2),
    "어린이보호": ("crime_prevention", 2),
    "교통단속": ("traffic_enforcement", 4),
    "주정차단속": ("traffic_enforcement", 4),
    "불법주정차단속": ("traffic_enforcement", 4),
    "교통정보수집": ("traffic_information", 5),
    "교통정보": ("traffic_information", 5),
    "시설물관리": ("facility_safety", 3),
    "시설안전": ("facility_safety", 3),
    "재난재해": ("facility_safety", 3),
    "화재예방": ("fire_prevention", 3),
    "산불감시": ("fire_prevention", 3),
}

#: What the data cannot tell is declared unknown, so the scan asks for it (a CCTV records).
UNKNOWN_CAPABILITIES = tuple(c for c in CAPABILITY_FIELDS if c != "recording")

#: Rough bounding box of the Republic of Korea (Jeju and Dokdo included).
LAT_RANGE, LON_RANGE = (32.5, 39.0), (124.0, 132.0)
#: An install month before this year is taken as a typing error (public CCTV began ~2002).
EARLIEST_INSTALL_YEAR = 1990

REGIONS = (
    "서울특별시",
    "부산광역시",
    "대구광역시",
    "인천광역시",
    "광주광역시",
    "대전광역시",
    "울산광역시",
    "세종특별자치시",
    "경기도",
    "강원도",
    "강원특별자치도",
    "충청북도",
    "충청남도",
    "전라북도",
    "전북특별자치도",
    "전라남도",
    "경상북도",
    "경상남도",
    "제주특별자치도",
)
#: Short region names written as a separate first word (``부산 기장군``).
REGION_SHORT = {
    "서울": "서울특별시",
    "서울시": "서울특별시",
    "부산": "부산광역시",
    "부산시": "부산광역시",
    "대구": "대구광역시",
    "대구시": "대구광역시",
    "인천": "인천광역시",
    "인천시": "인천광역시",
    "광주": "광주광역시",
    "대전": "대전광역시",
    "대전시": "대전광역시",
    "울산": "울산광역시",
    "울산시": "울산광역시",
    "세종": "세종특별자치시",
    "세종시": "세종특별자치시",
    "경기": "경기도",
    "강원": "강원도",
    "충북": "충청북도",
    "충남": "충청남도",
    "전북": "전라북도",
    "전남": "전라남도",
    "경북": "경상북도",
    "경남": "경상남도",
    "제주": "제주특별자치도",
}
#: Quality categories, in the order the summary lists them.
QUALITY = (
    "zero_retention",
    "blank_retention",
    "bad_retention",
    "future_install",
    "implausible_install",
    "bad_install",
    "blank_install",
    "missing_coordinates",
    "bad_coordinates",
    "missing_address",
    "no_road_address",
    "unmapped_purpose",
)

_SPACES = re.compile(r"\s+")
_PARENS = re.compile(r"\s*[(（][^)）]*[)）]\s*")
_GOV_BODY = re.compile(r"^(.*[시군구])(청?)$")
_DEPT = re.compile(r".+(과|팀|실|센터|사업소)$")
_INT = re.compile(r"^[+]?(\d{1,3}(,\d{3})+|\d+)(\.0+)?$")
_MONTH = re.compile(r"^(\d{4})\s*[-./년]?\s*(\d{1,2})\s*월?(?:\s*[-./]?\s*(\d{1,2})\s*일?)?$")
_DAY = re.compile(r"^(\d{4})\s*[-./]?\s*(\d{1,2})\s*[-./]?\s*(\d{1,2})$")


# -- small parsers --------------------------------------------------------------------------------


def clean(text: str | None) -> str:
    """NFC, no stray or repeated white space, no surrounding quotes left by odd exports."""
    if text is None:
        return ""
    out = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if len(out) >= 2 and out[0] == out[-1] == '"':
        out = out[1:-1].strip()
    return out


def parse_int(text: str, unit: str = "") -> int | None:
    """``"1,234"``, ``" 30 "``, ``"30일"``, ``"2.0"`` -> int; None when not a whole number."""
    value = text.replace(" ", "")
    if unit and value.endswith(unit):
        value = value[: -len(unit)]
    m = _INT.match(value)
    if not m:
        return None
    return int(m.group(1).replace(",", ""))


def parse_month(text: str) -> date | None:
    """``2018-09``, ``201809``, ``2018.9``, ``2018년 9월``, ``2018-09-15`` -> a date."""
    value = text.strip()
    m = _MONTH.match(value) or _DAY.match(value)
    if not m:
        return None
    day = int(m.group(3)) if m.lastindex and m.lastindex >= 3 and m.group(3) else 1
    try:
        return date(int(m.group(1)), int(m.group(2)), day)
    except ValueError:
        return None


def parse_float(text: str) -> float | None:
    """A decimal number, or None."""
    try:
        value = float(text.replace(" ", ""))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def parse_day(text: str) -> date | None:
    """``2022-06-08`` or ``20220608`` -> a date (데이터기준일자)."""
    m = _DAY.match(text.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# -- agency names ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgencyName:
    """A managing agency's name split into region, body and any department."""

    region: str
    body: str
    dept: str

    @property
    def key(self) -> str:
        """Spelling-independent key: ``부산광역시|기장군`` for 기장군청 and 기장군 alike."""
        m = _GOV_BODY.match(self.body)
        body = m.group(1) if m else self.body
        return f"{self.region}|{body}"

    @property
    def display(self) -> str:
        """Canonical spelling: the region, then a district office with 청."""
        m = _GOV_BODY.match(self.body)
        body = m.group(1) + "청" if m and self.body else self.body
        return " ".join(p for p in (self.region, body) if p)


def split_agency(raw: str) -> AgencyName:
    """Parse a 관리기관명; departments in brackets or trailing words are set aside."""
    text = clean(raw)
    depts = [clean(m.group())[1:-1].strip() for m in _PARENS.finditer(text)]
    text = clean(_PARENS.sub(" ", text))
    words = text.split(" ")
    region = ""
    if words and words[0] in REGIONS:
        region = words.pop(0)
    elif len(words) > 1 and words[0] in REGION_SHORT:
        region = REGION_SHORT[words.pop(0)]
    elif words:
        for r in REGIONS:
            if words[0].startswith(r) and len(words[0]) > len(r):
                region, words[0] = r, words[0][len(r) :]
                break
    if region and words in ([region + "청"], ["청"]):
        words = []  # the metropolitan or provincial government itself
    while len(words) > 1 and _DEPT.match(words[-1]) and not _GOV_BODY.match(words[-1]):
        depts.insert(0, words.pop())
    return AgencyName(region, " ".join(words), ", ".join(d for d in depts if d))


def agency_kind(name: AgencyName) -> str:
    """``local_government`` for a city, county or district office; police; else other."""
    if "경찰" in name.body:
        return "law_enforcement"
    if not name.body or _GOV_BODY.match(name.body) or name.body.endswith("도청"):
        return "local_government"
    return "other"


# -- the import -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """A row that will be imported, before its agency name is resolved."""

    line: int
    raw_agency: str
    name: AgencyName
    record: dict[str, str]
    id_value: str
    system: dict[str, Any]
    ref_date: date | None


@dataclass(slots=True)
class Agency:
    """A managing agency and its systems."""

    key: str
    name: AgencyName
    id: str = ""
    spellings: Counter[str] = field(default_factory=Counter)
    phones: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    systems: list[dict[str, Any]] = field(default_factory=list)
    ref_dates: list[date] = field(default_factory=list)


@dataclass(slots=True)
class ImportResult:
    """What an import produced and everything it could not take over as is."""

    source: str  # file name as given
    encoding: str
    columns: list[str]
    rows: int = 0
    blank_lines: list[int] = field(default_factory=list)
    rejected: list[Issue] = field(default_factory=list)
    quality: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in QUALITY})
    agencies: list[Agency] = field(default_factory=list)
    #: (attested_by, attested_on): capabilities declared once for every camera (see ATTESTED).
    attestation: tuple[str, date] | None = None

    @property
    def imported(self) -> int:
        """Number of systems written."""
        return sum(len(a.systems) for a in self.agencies)


def read_text(path: str, encoding: str | None) -> tuple[str, str]:
    """The file's text and the encoding used; raise InputError or UsageError."""
    if encoding:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise UsageError("import_unknown_encoding", value=encoding) from None
    try:
        size = os.stat(path).st_size
        if size > MAX_SOURCE_BYTES:
            raise InputError(
                [
                    Problem(
                        path,
                        "too_big",
                        {"size_mb": round(size / 1048576, 1), "limit_mb": MAX_SOURCE_BYTES >> 20},
                    )
                ]
            )
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError([Problem(path, "is_directory")]) from None
    except FileNotFoundError:
        raise InputError([Problem(path, "missing_file")]) from None
    except OSError as exc:
        raise InputError([Problem(path, "os_error", {"error": exc.strerror or str(exc)})]) from None
    if not raw.strip():
        raise InputError([Problem(path, "empty_file")])
    candidates = [encoding] if encoding else ["utf-8", "cp949"]
    if encoding in (None, "utf-8") and raw.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]  # the byte-order mark is skipped, so lines stay right
    first_error: UnicodeDecodeError | None = None
    for enc in candidates:
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    start = first_error.start
    line = raw.count(b"\n", 0, start) + 1
    col = start - (raw.rfind(b"\n", 0, start) + 1) + 1
    raise InputError(
        [
            Problem(
                path,
                "import_encoding",
                {"tried": ", ".join(candidates), "byte": f"0x{raw[start]:02x}"},
                line=line,
                col=col,
                hint="import_encoding_hint",
            )
        ]
    )


def _header_map(path: str, header: Sequence[str]) -> dict[str, int]:
    names = [clean(h).lstrip("\ufeff").strip('"') for h in header]
    found: dict[str, int] = {}
    for fieldname, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                found[fieldname] = names.index(alias)
                break
    missing = [COLUMNS[f][0] for f in REQUIRED if f not in found]
    if missing:
        raise InputError(
            [
                Problem(
                    path,
                    "import_not_cctv",
                    {"missing": ", ".join(missing), "found": ", ".join(names[:20])},
                    line=1,
                    hint="import_not_cctv_hint",
                )
            ]
        )
    return found


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    last = 0
    for record in reader:
        yield last + 1, record
        last = reader.line_num


def import_file(
    path: str,
    cat: Catalog,
    *,
    encoding: str | None = None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Read a CCTV standard-data CSV; raise InputError when it is not one."""
    text, used = read_text(path, encoding)
    total_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    records = _records(text)
    try:
        _, header = next(records)
    except StopIteration:
        raise InputError([Problem(path, "empty_file")]) from None
    except csv.Error as exc:
        raise InputError([Problem(path, "import_csv", {"detail": str(exc)}, line=1)]) from None
    cols = _header_map(path, header)
    result = ImportResult(source=path, encoding=used, columns=[clean(h) for h in header])
    today = today or date.today()
    rows: list[Row] = []
    source_name = os.path.basename(path)
    line = 1
    while True:
        try:
            line, record = next(records)
        except StopIteration:
            break
        except csv.Error as exc:
            line += 1
            result.rows += 1
            result.rejected.append(Issue(line, "csv", {"detail": str(exc)}))
            continue
        if progress and line % 2000 == 0:
            progress(line, total_lines)
        if not any(cell.strip() for cell in record):
            result.blank_lines.append(line)
            continue
        result.rows += 1
        row = _parse_row(line, record, header, cols, result, source_name, today, cat)
        if row is not None:
            rows.append(row)
    if progress:
        progress(total_lines, total_lines)
    _resolve_agencies(rows, result)
    return result


def _parse_row(
    line: int,
    record: list[str],
    header: Sequence[str],
    cols: dict[str, int],
    result: ImportResult,
    source: str,
    today: date,
    cat: Catalog,
) -> Row | None:
    if len(record) != len(header):
        result.rejected.append(
            Issue(line, "field_count", {"found": len(record), "expected": len(header)})
        )
        return None
    rec = {f: clean(record[i]) for f, i in cols.items()}
    if not rec["agency"]:
        result.rejected.append(Issue(line, "no_agency"))
        return None
    cameras = parse_int(rec["cameras"], "대")
    if cameras is None or cameras <= 0 or cameras > 10_000_000:
        key = "blank_cameras" if not rec["cameras"] else "bad_cameras"
        result.rejected.append(Issue(line, key, {"value": rec["cameras"]}))
        return None
    quality = result.quality
    notes: list[str] = []

    def note(key: str, **params: Any) -> None:
        notes.append(cat.t(f"import.note.{key}", **params))

    system: dict[str, Any] = {"status": "operational"}
    # install month
    raw_month = rec.get("installed", "")
    if raw_month:
        month = parse_month(raw_month)
        if month is None or month.year > MAX_YEAR:
            quality["bad_install"].append(line)
            note("bad_install", value=raw_month)
        elif month.year < EARLIEST_INSTALL_YEAR:
            quality["implausible_install"].append(line)
            note("implausible_install", value=raw_month, year=EARLIEST_INSTALL_YEAR)
        else:
            if month > today:
                quality["future_install"].append(line)
            system["installed_on"] = month
    elif "installed" in rec:
        quality["blank_install"].append(line)
    system["operator"] = {"name": ""}  # filled in once the agency name is resolved
    system["device"] = {"kind": "fixed_cctv", "count": cameras}
    # location
    location: dict[str, Any] = {"type": "public_space"}
    address = rec.get("road_address") or rec.get("lot_address", "")
    if not address:
        quality["missing_address"].append(line)
    elif not rec.get("road_address") and "road_address" in rec:
        quality["no_road_address"].append(line)
    if address:
        location["address"] = address[:500]
    lat_text, lon_text = rec.get("lat", ""), rec.get("lon", "")
    if not lat_text or not lon_text:
        quality["missing_coordinates"].append(line)
    else:
        lat, lon = parse_float(lat_text), parse_float(lon_text)
        if (
            lat is None
            or lon is None
            or not LAT_RANGE[0] <= lat <= LAT_RANGE[1]
            or not LON_RANGE[0] <= lon <= LON_RANGE[1]
        ):
            quality["bad_coordinates"].append(line)
            note("bad_coordinates", lat=lat_text, lon=lon_text)
        else:
            location["lat"], location["lon"] = lat, lon
    system["location"] = location
    # purpose
    raw_purpose = rec["purpose"]
    parts = [p.replace(" ", "") for p in re.split(r"[,/·+]", raw_purpose) if p.strip()]
    mapped = [PURPOSES.get(p) for p in parts]
    purpose: dict[str, Any] = {}
    ground: int | None = None
    if mapped and mapped[0] is not None:
        purpose["primary"], ground = mapped[0]
        secondary = sorted({m[0] for m in mapped[1:] if m and m[0] != purpose["primary"]})
        if secondary:
            purpose["secondary"] = secondary
        if any(m is None for m in mapped[1:]):
            purpose["description"] = raw_purpose
    else:
        quality["unmapped_purpose"].append(line)
        purpose["primary"] = "other"
    purpose.setdefault("description", raw_purpose or cat.t("import.no_purpose"))
    system["purpose"] = purpose
    if ground is not None:
        system["pipa"] = {"art25_1_ground": ground}
    # retention
    raw_days = rec.get("retention", "")
    if not raw_days:
        quality["blank_retention"].append(line)
    else:
        days = parse_int(raw_days, "일")
        if days is None or days > 36500:
            quality["bad_retention"].append(line)
            note("bad_retention", value=raw_days)
        else:
            if days == 0:
                quality["zero_retention"].append(line)
            system["retention"] = {"footage_days": days}
    caps: dict[str, Any] = {"recording": True}
    caps.update(dict.fromkeys(UNKNOWN_CAPABILITIES, "unknown"))
    caps["processing_mode"] = "unknown"
    caps["capture_mode"] = "unknown"
    system["capabilities"] = caps
    # texts
    label = raw_purpose or cat.t("import.no_purpose")
    system["name"] = (
        cat.t("import.system_name", purpose=label, address=address)
        if address
        else cat.t("import.system_name_no_address", purpose=label, line=line)
    )[:300]
    details = [cat.t("import.detail_source", source=source, line=line)]
    for fieldname, label_key in (
        ("ref_date", "ref_date"),
        ("pixels", "pixels"),
        ("direction", "direction"),
    ):
        if rec.get(fieldname):
            details.append(cat.t(f"import.detail_{label_key}", value=rec[fieldname]))
    if rec.get("road_address") and rec.get("lot_address"):
        details.append(cat.t("import.detail_lot_address", value=rec["lot_address"]))
    system["description"] = "; ".join(details)[:5000]
    if notes:
        system["notes"] = "; ".join(notes)
    id_value = rec.get("mgmt_no") or rec.get("number") or ""
    row = Row(
        line=line,
        raw_agency=rec["agency"],
        name=split_agency(rec["agency"]),
        record=rec,
        id_value=re.sub(r"[^A-Za-z0-9._:-]+", "-", id_value).strip("-._:"),
        system=system,
        ref_date=parse_day(rec.get("ref_date", "")),
    )
    return row


def _region_from_addresses(rows: Sequence[Row]) -> str:
    votes: Counter[str] = Counter()
    for row in rows:
        for fieldname in ("lot_address", "road_address"):
            words = row.record.get(fieldname, "").split(" ")
            if words and words[0] in REGIONS:
                votes[words[0]] += 1
                break
    if not votes:
        return ""
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _resolve_agencies(rows: list[Row], result: ImportResult) -> None:
    """Merge spelling variants, give every system its id, drop duplicate ids as rejected."""
    by_raw: dict[str, list[Row]] = {}
    for row in rows:
        by_raw.setdefault(row.raw_agency, []).append(row)
    for group in by_raw.values():
        name = group[0].name
        if not name.region:
            region = _region_from_addresses(group)
            if region:
                name = AgencyName(region, name.body, name.dept)
        for row in group:
            row.name = name
    agencies: dict[str, Agency] = {}
    for row in rows:
        agency = agencies.get(row.name.key)
        if agency is None:
            agency = agencies[row.name.key] = Agency(row.name.key, row.name)
        agency.spellings[row.raw_agency] += 1
        if row.record.get("phone"):
            agency.phones[row.record["phone"]] += 1
        if row.record.get("lg_code"):
            agency.codes[row.record["lg_code"]] += 1
        if row.ref_date:
            agency.ref_dates.append(row.ref_date)
    used_ids: set[str] = set()
    for agency in sorted(agencies.values(), key=lambda a: a.name.display):
        base = slug(agency.name.display, "agency")
        agency.id, n = base, 2
        while agency.id in used_ids:
            agency.id, n = f"{base}-{n}", n + 1
        used_ids.add(agency.id)
    seen: dict[str, int] = {}
    for row in rows:
        agency = agencies[row.name.key]
        sid = f"{agency.id}-{row.id_value}" if row.id_value else f"{agency.id}-line{row.line}"
        sid = sid[:120]
        if sid in seen:
            result.rejected.append(Issue(row.line, "duplicate_id", {"id": sid, "first": seen[sid]}))
            continue
        seen[sid] = row.line
        row.system["id"] = sid
        operator: dict[str, Any] = {"name": agency.name.display}
        if row.name.dept:
            operator["name"] = f"{agency.name.display} ({row.name.dept})"
        row.system["operator"] = operator
        agency.systems.append(row.system)
    for agency in agencies.values():
        agency.systems.sort(key=lambda s: _natural(s["id"]))
    result.agencies = sorted(
        (a for a in agencies.values() if a.systems), key=lambda a: a.name.display
    )
    result.rejected.sort(key=lambda i: i.line)


# -- documents ------------------------------------------------------------------------------------


def _agency_table(agency: Agency, cat: Catalog) -> dict[str, Any]:
    kind = agency_kind(agency.name)
    table: dict[str, Any] = {
        "id": agency.id,
        "name": agency.name.display[:300],
        "country": "KR",
        "kind": kind,
        "is_public_body": True,
        "is_law_enforcement": kind == "law_enforcement",
    }
    notes = [cat.t("import.agency_note")]
    if agency.codes:
        notes.append(cat.t("import.agency_codes", codes=", ".join(sorted(agency.codes))))
    if agency.phones:
        notes.append(cat.t("import.agency_phones", phones=", ".join(sorted(agency.phones))))
    spellings = ", ".join(f"{s} ({n})" for s, n in sorted(agency.spellings.items()))
    notes.append(cat.t("import.agency_spellings", spellings=spellings))
    table["notes"] = "\n".join(notes)[:5000]
    return table


def _header(result: ImportResult, cat: Catalog, systems: int, agencies: int) -> list[str]:
    return cat.t(
        "import.toml_header",
        source=os.path.basename(result.source),
        columns=len(result.columns),
        encoding=result.encoding,
        rows=result.rows,
        systems=systems,
        agencies=agencies,
        rejected=len(result.rejected),
    ).splitlines()


#: What ``--capabilities-attested-by`` declares for every camera: no face analysis at all.
#: (Audio recording and live monitoring are no face analysis: they stay as the data says.)
ATTESTED: dict[str, Any] = {
    **dict.fromkeys(
        (
            "face_detection",
            "face_verification",
            "face_identification",
            "face_tracking",
            "emotion_recognition",
            "sensitive_attribute_inference",
        ),
        False,
    ),
    "processing_mode": "none",
    "capture_mode": "none",
}
#: ID of the capability group an attested import writes.
ATTESTED_GROUP = "standard-data-cameras"


def attested(doc: Document, by: str, on: date, cat: Catalog) -> Document:
    """``doc`` with its cameras' capabilities declared once, in a ``[[capability_groups]]``.

    The cameras keep only what the data says (recording); the group declares the rest for
    every system of the file, naming who attested it and when.
    """
    systems = []
    for system in doc.data["systems"]:
        caps = {k: v for k, v in system["capabilities"].items() if k not in ATTESTED}
        systems.append({**system, "capabilities": caps})
    group = {
        "id": ATTESTED_GROUP,
        "systems": ["*"],
        "capabilities": dict(ATTESTED),
        "attested_by": by,
        "attested_on": on,
        "notes": cat.t("attest.group_notes"),
    }
    data = {k: v for k, v in doc.data.items() if k != "systems"}
    data["capability_groups"] = [group]
    data["systems"] = systems
    return Document(doc.stem, data, doc.header, doc.system_comments)


def documents(result: ImportResult, cat: Catalog, *, split: bool = False) -> list[Document]:
    """The inventories to write: one for the file, or one per managing agency."""

    def document(agencies: Sequence[Agency], table: dict[str, Any]) -> Document:
        doc = assemble(
            table,
            [(a.name.display, a.systems, a.ref_dates) for a in agencies],
            lambda systems, groups: _header(result, cat, systems, groups),
            lambda name, n: cat.t("import.group_comment", agency=name, systems=n),
        )
        if result.attestation is not None:
            doc = attested(doc, *result.attestation, cat)
        return doc

    return split_or_whole(
        result.agencies,
        split,
        document,
        lambda agency: _agency_table(agency, cat),
        lambda: _synthetic_agency(result, cat),
    )


def _synthetic_agency(result: ImportResult, cat: Catalog) -> dict[str, Any]:
    """The file's agency when it lists several managing agencies: named after their region."""
    regions = {a.name.region for a in result.agencies}
    count = len(result.agencies)
    stem = Path(result.source).stem
    if len(regions) == 1 and "" not in regions:
        region = regions.pop()
        name = cat.t("import.synthetic_name", region=region, count=count)
        ident = slug(region, "kr") + "-cctv"
    else:
        name = cat.t("import.synthetic_name", region=stem, count=count)
        ident = slug(stem, "kr") + "-cctv"
    kinds = {agency_kind(a.name) for a in result.agencies}
    table: dict[str, Any] = {
        "id": ident,
        "name": name[:300],
        "country": "KR",
        "kind": kinds.pop() if len(kinds) == 1 else "other",
        "is_public_body": True,
    }
    le = {agency_kind(a.name) == "law_enforcement" for a in result.agencies}
    if len(le) == 1:
        table["is_law_enforcement"] = le.pop()
    listing = ", ".join(f"{a.name.display} ({len(a.systems)})" for a in result.agencies)
    table["notes"] = cat.t("import.synthetic_note", count=count, agencies=listing)[:5000]
    return table


# -- summary --------------------------------------------------------------------------------------


def summary_lines(result: ImportResult, cat: Catalog) -> list[str]:
    """The import summary: counts, every rejected row, data-quality problems with lines."""
    out = [
        cat.t(
            "import.summary",
            source=result.source,
            rows=result.rows,
            encoding=result.encoding,
            columns=len(result.columns),
            imported=result.imported,
            rejected=len(result.rejected),
        )
    ]
    names = ", ".join(f"{a.name.display} ({len(a.systems)})" for a in result.agencies)
    out.append(cat.t("import.agencies", count=len(result.agencies), names=names))
    if result.blank_lines:
        out.append(
            cat.t(
                "import.blank_lines",
                count=len(result.blank_lines),
                lines=listed(result.blank_lines, cat),
            )
        )
    if result.rejected:
        out.append(cat.t("import.rejected_header"))
        for issue in result.rejected:
            reason = cat.t(f"import.reason.{issue.key}", **issue.params)
            out.append(cat.t("import.rejected_line", line=issue.line, reason=reason))
    found = [(k, result.quality[k]) for k in QUALITY if result.quality[k]]
    if found:
        out.append(cat.t("import.quality_header"))
        for key, lines in found:
            out.append(
                cat.t(
                    "import.quality_line",
                    label=cat.t(f"import.quality.{key}"),
                    count=len(lines),
                    lines=listed(lines, cat),
                )
            )
    else:
        out.append(cat.t("import.quality_none"))
    return out
