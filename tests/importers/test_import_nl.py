"""`frtaudit import nl-algoritmeregister`: accounting, mapping, validity, determinism, scanning."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from frtaudit.errors import InputError
from frtaudit.i18n import Catalog
from frtaudit.importers.nl_algoritmeregister import (
    FLAGS,
    QUALITY,
    ImportResult,
    agency_kind,
    documents,
    import_file,
    lawful_basis_kind,
    map_status,
    parse_date,
    summary_lines,
    yes_no,
)
from frtaudit.importers.toml_writer import dumps_inventory
from frtaudit.load.inventory import load
from frtaudit.model import Outcome
from frtaudit.scan import ScanRequest, run

DATA = Path(__file__).resolve().parents[1] / "data" / "nl-algoritmeregister"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "nl-algoritmeregister"
OLD = DATA / "algoritmes_081222-extract.json"  # 2022 export: upper-case keys, header rows
NEW = DATA / "pub_data-extract.json"  # 2023 publication data: lower-case keys, lars ids
AS_OF = date(2026, 11, 22)
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"shared data folder {SHARED} is absent (full-file tests)"
)
_WHERE = re.compile(r"record (\d+) \(line (\d+)\)")


class StrictCatalog(Catalog):
    """The catalogue, where a missing key fails the test instead of printing the key."""

    def t(self, key: str, /, **params: Any) -> str:
        assert isinstance(self._dig(key), str), f"catalogue key {key} is missing ({self.lang})"
        return super().t(key, **params)

    def _dig(self, key: str) -> Any:
        node: Any = self._data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node


@pytest.fixture(scope="module")
def cat() -> StrictCatalog:
    return StrictCatalog("en")


def write(result: ImportResult, cat: Catalog, out: Path, *, split: bool = False) -> list[Path]:
    paths = []
    for doc in documents(result, cat, split=split):
        text = dumps_inventory(doc.data, header=doc.header, system_comments=doc.system_comments)
        path = out / f"{doc.stem}.toml" if split else out
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def by_record(result: ImportResult) -> dict[int, dict[str, Any]]:
    """Imported systems keyed by the source record their notes name."""
    out = {}
    for agency in result.agencies:
        for system in agency.systems:
            m = _WHERE.search(system["notes"])
            assert m, system["notes"][:200]
            out[int(m.group(1))] = system
    return out


def kinds(system: dict[str, Any]) -> list[str]:
    return [a["kind"] for a in system.get("assessments", [])]


# -- accounting -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "records", "headers", "imported"), [(OLD, 19, 3, 16), (NEW, 12, 0, 12)]
)
def test_every_record_imported_or_reported(
    path: Path, records: int, headers: int, imported: int, cat: Catalog
) -> None:
    result = import_file(str(path), cat)
    source = json.loads(path.read_text(encoding="utf-8"))
    assert result.records == len(source) == records
    assert len(result.headers) == headers
    assert result.imported == imported
    assert result.rejected == []
    seen = [i.line for i in result.headers] + [i.line for i in result.rejected]
    seen += list(by_record(result))
    assert sorted(seen) == list(range(1, records + 1))  # each record exactly once
    # the line each record starts on is right: the object opens there
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, system in by_record(result).items():
        line = int(_WHERE.search(system["notes"]).group(2))  # type: ignore[union-attr]
        assert lines[line - 1].strip() == "{"
        assert json.dumps(source[number - 1]["name"], ensure_ascii=False)[1:-1] in "\n".join(
            lines[line - 1 : line + 3]
        )


def test_header_rows_skipped_with_reason(cat: Catalog) -> None:
    result = import_file(str(OLD), cat)
    assert [(i.line, i.key, i.params["line"]) for i in result.headers] == [
        (1, "required", 2),
        (2, "labels", 41),
        (3, "descriptions", 80),
    ]
    names = {s["name"] for s in by_record(result).values()}
    assert not names & {"required", "Naam"}
    text = "\n".join(summary_lines(result, cat))
    assert "19 records (37 fields): 16 imported, 0 rejected, 3 header row(s) skipped" in text
    assert "skipped record 2 (line 41): a row of field labels" in text


def test_bad_records_rejected_with_position_and_reason(tmp_path: Path, cat: Catalog) -> None:
    good = {"name": "Camera toezicht", "organization": "Gemeente Voorbeeld", "lars": "111"}
    records = [
        dict.fromkeys(("name", "organization", "status", "iama"), "required"),
        42,
        {"name": "", "organization": "", "status": ""},
        {"name": "", "organization": "Gemeente Voorbeeld"},
        {"name": "Zonder organisatie", "organization": " "},
        good,
        {**good, "name": "Zelfde id"},
        {"name": "Geen id", "organization": "gemeente  voorbeeld", "uuid": "volgt"},
    ]
    src = tmp_path / "register.json"
    src.write_text(json.dumps(records, indent=2), encoding="utf-8")
    result = import_file(str(src), cat)
    assert result.records == 8
    assert [(i.line, i.key) for i in result.headers] == [(1, "required")]
    assert [(i.line, i.key) for i in result.rejected] == [
        (2, "not_object"),
        (3, "empty"),
        (4, "no_name"),
        (5, "no_organisation"),
        (7, "duplicate_id"),
    ]
    assert result.rejected[-1].params["first"] == 6
    assert result.rejected[0].params["type"] == "int"
    assert result.imported == 2
    assert len(result.agencies) == 1  # spellings merged by case and white space
    ids = sorted(s["id"] for s in result.agencies[0].systems)
    assert ids == ["gemeente-voorbeeld-111", "gemeente-voorbeeld-geen-id"]
    assert result.quality["no_register_id"] == [8]
    text = "\n".join(summary_lines(result, cat))
    assert "  record 2 (line 8): is int, not an object" in text
    assert "system id 'gemeente-voorbeeld-111' repeats record 6" in text
    assert "8 records" in text and "2 imported, 5 rejected, 1 header row(s) skipped" in text


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ('[{"naam_x": 1}]', "import_nl_not_register"),
        ('"just text"', "import_nl_not_register"),
        ("[]", "import_nl_not_register"),
        ('[{"name": "a",\n "organization": }]', "json_syntax"),
        ("", "empty_file"),
    ],
)
def test_not_a_register_is_an_input_error(
    content: str, key: str, tmp_path: Path, cat: Catalog
) -> None:
    src = tmp_path / "x.json"
    src.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_file(str(src), cat)
    problem = info.value.problems[0]
    assert problem.key == key
    if key == "json_syntax":
        assert problem.line == 2
    rendered = problem.render(cat)
    assert rendered.startswith(str(src)) and "errors." not in rendered


def test_byte_order_mark_accepted(tmp_path: Path, cat: Catalog) -> None:
    src = tmp_path / "bom.json"
    src.write_bytes(b"\xef\xbb\xbf" + NEW.read_bytes())
    assert import_file(str(src), cat).imported == 12


# -- mapping --------------------------------------------------------------------------------------


def test_nothing_assumed(cat: Catalog) -> None:
    for path in (OLD, NEW):
        result = import_file(str(path), cat)
        for system in by_record(result).values():
            caps = system["capabilities"]
            assert set(caps.values()) == {"unknown"}  # never true or false without evidence
            assert system["location"] == {"type": "unknown"}
            assert "primary" not in system.get("purpose", {})
            for assessment in system.get("assessments", []):
                assert "completed_on" not in assessment  # the register gives no date
            for basis in system.get("legal_basis", []):
                assert basis["frt_specific"] == "unknown"
                assert basis["jurisdiction"] == "NL"
                assert 1 <= len(basis["law"]) <= 500
            assert len(system["notes"]) <= 5000


def test_old_export_mapped(cat: Catalog) -> None:
    result = import_file(str(OLD), cat)
    rec = by_record(result)
    parking = rec[4]  # Gemeente Rotterdam, Parkeercontrole: DPIA Ja, IAMA blank
    assert parking["id"] == "gemeente-rotterdam-parkeercontrole"
    assert parking["status"] == "operational"
    assert parking["assessments"] == [{"id": "dpia", "kind": "gdpr_dpia"}]
    assert parking["legal_basis"][0]["law"] == (
        "Gemeentelijke verordeningen voor parkeerhandhaving en handhaving Milieuzones."
    )
    assert parking["evidence"] == [
        "https://algoritmeregister.rotterdam.nl/p/Onzealgoritmes/53761720551735697"
    ]
    assert parking["oversight"] == {
        "complaints_url": "https://www.rotterdam.nl/loket/bezwaar-belastingaanslag/"
    }
    assert "IAMA: the register does not say" in parking["notes"]
    assert rec[5]["status"] == "decommissioned" and "legal_basis" not in rec[5]
    assert "legal_basis" not in rec[6]  # "Er is geen wettelijke grondslag ..."
    assert result.quality["lawful_basis_none"] == [6]
    assert "legal_basis" not in rec[7]  # "n.v.t."
    assert rec[8]["status"] == "development"
    face = rec[14]  # Ministerie BZK, Geautomatiseerde gezichtsvergelijking bij het RNI-...
    assert face["id"] == "ministerie-bzk-geautomatiseerde-gezichtsvergelijking-bij-het-rni"
    assert kinds(face) == ["gdpr_dpia"]
    assert face["capabilities"]["face_verification"] == "unknown"
    assert face["capabilities"]["face_identification"] == "unknown"
    assert "gezichtsvergelijking" in face["notes"]
    assert 'the face capabilities stay "unknown"' in face["notes"]
    photo = rec[12]  # lawful basis of 2022 characters: law cut, full text in the notes
    assert photo["legal_basis"][0]["law"].endswith("\u2026")
    assert "lawful_basis in full (2022 characters" in photo["notes"]
    assert rec[18]["status"] == "operational"  # Utrecht, status blank
    assert result.quality["status_missing"] == [18, 19]
    assert 14 in result.flags["face"] and 9 not in result.flags["face"]  # "gezichtsveld"
    assert 9 in result.flags["camera"] and 16 in result.flags["face"]  # faces blurred
    assert 4 in result.quality["replacement_chars"]


def test_new_export_mapped(cat: Catalog) -> None:
    result = import_file(str(NEW), cat)
    rec = by_record(result)
    iama = rec[1]  # RvIG, Profiel Bewoningsgraad: IAMA Ja, DPIA Nee
    assert iama["id"] == "rijksdienst-voor-identiteitsgegevens-38773626"
    assert iama["assessments"] == [{"id": "iama", "kind": "hria"}]
    assert "DPIA: the register says none was done ('Nee')" in iama["notes"]
    assert kinds(rec[2]) == ["gdpr_dpia"]  # RNI face comparison: IAMA Nee
    assert "IAMA: the register says none was done ('Nee')" in rec[2]["notes"]
    assert rec[2]["capabilities"]["face_verification"] == "unknown"
    assert "assessments" not in rec[3]  # Kadaster: "niet aanwezig"
    assert rec[4]["status"] == "pilot"
    assert "assessments" not in rec[5]  # "Er is geen eigen DPIA. Wel is ... onderdeel ..."
    assert result.quality["dpia_unclear"] == [5]
    assert 5 not in result.flags["face"]  # "Hugging Face Transformers"
    tvl = rec[6]  # status "In gebruik sinds 18-12-2020"
    assert (tvl["status"], tvl["first_use_on"]) == ("operational", date(2020, 12, 18))
    assert kinds(rec[7]) == ["gdpr_dpia"]  # "Er is een DPIA uitgevoerd"
    assert rec[8]["status"] == "operational" and result.quality["status_unmapped"] == [8]
    assert rec[9]["status"] == "pilot"
    assert rec[10]["vendor"] == {"name": "Brickyard B.V."}
    nfi = rec[11]  # DPIA named only in impacttoetsen; lawful_basis_link
    assert kinds(nfi) == ["gdpr_dpia"]
    assert nfi["legal_basis"][0]["url"] == "https://wetten.overheid.nl/BWBR0001903"
    assert rec[12]["first_use_on"] == date(2022, 3, 1)  # begin_date 03-2022
    assert "vendor" not in rec[12]  # "Zelf ontwikkeld"
    assert all(s["id"].split("-")[-1].isdigit() for s in rec.values())  # lars ids


def test_agencies_and_split(tmp_path: Path, cat: Catalog) -> None:
    result = import_file(str(NEW), cat)
    paths = write(result, cat, tmp_path, split=True)
    assert len(paths) == len(result.agencies) == 8
    seen = {}
    for path in paths:
        inv = load(str(path))  # schema-valid
        agency = inv.agency
        assert agency["country"] == "NL" and agency["is_public_body"] is True
        seen[agency["name"]] = (agency["id"], agency["kind"])
    assert seen["Kadaster"] == ("kadaster", "public_institution")
    assert seen["Gemeente Amersfoort"] == ("gemeente-amersfoort", "local_government")
    assert seen["Rijksdienst Voor Identiteitsgegevens"][1] == "central_government"
    assert seen["Ministerie van Justitie en Veiligheid"][0] == "ministerie-jenv"  # owner
    one = tmp_path / "all.toml"
    write(result, cat, one)
    inv = load(str(one))
    assert inv.agency["id"] == "pub-data-extract-nl" and inv.agency["kind"] == "other"
    assert len(inv.systems) == 12
    assert inv.data["as_of"] == date(2023, 6, 14)
    assert "# == Kadaster (3) ==" in one.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Gemeente Utrecht", "local_government"),
        ("Provincie Zuid-Holland", "local_government"),
        ("Ministerie BZK", "central_government"),
        ("Belastingdienst", "central_government"),
        ("Nationale Politie", "law_enforcement"),
        ("Sociale Verzekeringsbank (SVB)", "public_institution"),
    ],
)
def test_agency_kind(name: str, kind: str) -> None:
    assert agency_kind(name) == kind


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Ja", "yes"),
        ("ja", "yes"),
        ("Er is een DPIA uitgevoerd", "yes"),
        ("Nee", "no"),
        ("niet aanwezig", "no"),
        ("Nee, want er is geen sprake van persoonsgegevens.", "no"),
        ("Er zijn geen persoonsgegevens bij dit algoritme betrokken.", "no"),
        ("Er is geen eigen DPIA. Wel is Akte AI onderdeel van de DPIA", "unclear"),
        ("In voorbereiding", "unclear"),
        ("-", "blank"),
        ("", "blank"),
    ],
)
def test_assessment_answers(text: str, answer: str) -> None:
    assert yes_no(text) == answer


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("In gebruik", "operational"),
        ("Actief", "operational"),
        ("In werking", "operational"),
        ("Buiten gebruik", "decommissioned"),
        ("Gestopt", "decommissioned"),
        ("In ontwikkeling", "development"),
        ("Twee natuurgebieden zijn in gebruik (pilot).", "pilot"),
        ("Op dit moment worden de laatste kinderziektes uit de tool gehaald", None),
        ("", None),
    ],
)
def test_status(text: str, status: str | None) -> None:
    assert map_status(text) == status


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2022-09-21 00:00:00", (date(2022, 9, 21), False)),
        ("2023-01", (date(2023, 1, 1), True)),
        ("03-2022", (date(2022, 3, 1), True)),
        ("18-12-2020", (date(2020, 12, 18), False)),
        ("11/24/2022", (date(2022, 11, 24), False)),
        ("06/01/2022", None),  # day and month order unknown
        ("Wordt vervolgd", None),
        ("2022-13-01", None),
    ],
)
def test_dates(text: str, parsed: tuple[date, bool] | None) -> None:
    assert parse_date(text) == parsed


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Kieswet", "text"),
        (
            "N.v.t. De wettelijke basis ligt in een goede uitvoering van de wegenverkeerswet.",
            "text",
        ),
        ("n.v.t.", "blank"),
        ("\ufffd", "blank"),
        ("Er is geen wettelijke grondslag voor het voorspelmodel, maar ...", "none"),
        ("Geen, er worden geen persoonsgegevens verwerkt.", "none"),
    ],
)
def test_lawful_basis(text: str, kind: str) -> None:
    assert lawful_basis_kind(text) == kind


# -- output ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [OLD, NEW])
def test_output_validates_and_is_deterministic(path: Path, tmp_path: Path, cat: Catalog) -> None:
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    write(import_file(str(path), cat), cat, first)
    write(import_file(str(path), cat), cat, second)
    assert first.read_bytes() == second.read_bytes()
    inv = load(str(first))
    assert inv.agency["country"] == "NL"
    assert len({s["id"] for s in inv.systems}) == len(inv.systems)


def test_ids_do_not_depend_on_record_order(tmp_path: Path, cat: Catalog) -> None:
    for path in (OLD, NEW):
        records = json.loads(path.read_text(encoding="utf-8"))
        shuffled = tmp_path / f"reversed-{path.name}"
        shuffled.write_text(json.dumps(records[::-1], ensure_ascii=False), encoding="utf-8")

        def ids(p: Path) -> set[tuple[str, str]]:
            result = import_file(str(p), cat)
            return {(s["id"], s["name"]) for a in result.agencies for s in a.systems}

        assert ids(path) == ids(shuffled)


def test_summary_in_both_languages(cat: Catalog) -> None:
    result = import_file(str(NEW), cat)
    en = summary_lines(result, cat)
    assert en[0].endswith(
        "12 records (51 fields): 12 imported, 0 rejected, 0 header row(s) skipped"
    )
    assert any("mentions face recognition or biometrics: 1 (records 2)" in line for line in en)
    ko_cat = StrictCatalog("ko")
    ko = summary_lines(import_file(str(OLD), ko_cat), ko_cat)
    assert "레코드 19개" in ko[0] and "머리글 행 3개 건너뜀" in ko[0]
    result = import_file(str(OLD), ko_cat)
    for doc in documents(result, ko_cat, split=True):
        assert doc.header[0].startswith("frtaudit가")
    assert set(QUALITY) == set(result.quality) and set(FLAGS) == set(result.flags)


# -- scanning -------------------------------------------------------------------------------------


def test_scan_of_imported_register_reports_gaps_not_passes(tmp_path: Path, cat: Catalog) -> None:
    out = tmp_path / "register.toml"
    write(import_file(str(NEW), cat), cat, out)
    report = run(
        ScanRequest(
            paths=[str(out)],
            as_of=AS_OF,
            profiles=("nhrck", "eu-ai-act"),
            include_passing=True,
            jobs=1,
        )
    )
    findings = report.findings
    systems = {f.system_id for f in findings}
    assert len(systems) == 12
    cap_gaps = {f.system_id for f in findings if f.rule_id == "INV-CAP-001"}
    assert cap_gaps == systems
    assert all(f.outcome is Outcome.FAIL for f in findings if f.rule_id == "INV-CAP-001")
    # what the register leaves open is never passed: prohibitions, HRIA, legal basis
    guarded = ("NHRCK-BAN-", "NHRCK-HRIA-", "NHRCK-LEGAL-", "EU-AIA-5")
    passed = [f for f in findings if f.outcome is Outcome.PASS and f.rule_id.startswith(guarded)]
    assert passed == []
    assert report.deferred


# -- the full register files ----------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize(
    ("name", "records", "headers", "imported", "face"),
    [
        ("algoritmes_081222.json", 99, 3, 96, 48),
        ("pub_data.json", 130, 0, 130, 88),
    ],
)
def test_full_register_file(
    name: str, records: int, headers: int, imported: int, face: int, tmp_path: Path, cat: Catalog
) -> None:
    result = import_file(str(SHARED / name), cat)
    assert (result.records, len(result.headers), result.imported) == (records, headers, imported)
    assert result.records == len(result.headers) + len(result.rejected) + result.imported
    assert face in result.flags["face"]  # the RvIG automated face comparison
    out = tmp_path / "full.toml"
    write(result, cat, out)
    assert len(load(str(out)).systems) == imported
    split_dir = tmp_path / "split"
    split_dir.mkdir()
    paths = write(result, cat, split_dir, split=True)
    assert sum(len(load(str(p)).systems) for p in paths) == imported
