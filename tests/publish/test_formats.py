"""The formats of other registers: a round trip through frtaudit's own importers, a schema."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
import tomli

from frtaudit.publish.opendata import KR_COLUMNS, KR_EXTENSION
from tests.conftest import ROOT
from tests.publish.conftest import publish, run_cli

KR_DATA = ROOT / "tests" / "data" / "kr-cctv"
NL_DATA = ROOT / "tests" / "data" / "nl-algoritmeregister"


def _import(kind: str, source: Path, out: Path, *extra: str) -> Any:
    assert run_cli(["import", kind, str(source), "-o", str(out), *extra]) == 0
    return tomli.loads(out.read_text(encoding="utf-8"))


def _systems(doc: Any) -> dict[str, Any]:
    out = {}
    for system in doc["systems"]:
        s = dict(system)
        # the importer names the file and line it read; everything else must come back
        s["description"] = re.sub(r"^imported from .+? line \d+(; )?", "", s.get("description", ""))
        s.pop("notes", None)
        out[s["id"]] = s
    return out


@pytest.mark.parametrize("name", ["busan.csv", "daejeon.csv", "gyeongsan.csv", "seoul-gangnam.csv"])
def test_kr_cctv_round_trip(name: str, tmp_path: Path) -> None:
    """import kr-cctv -> publish -> import kr-cctv gives the same systems and agency."""
    first = _import("kr-cctv", KR_DATA / name, tmp_path / "first.toml")
    assert publish([tmp_path / "first.toml"], tmp_path / "site") == 0
    published = tmp_path / "site" / "data" / "kr-cctv.csv"
    with published.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert tuple(header) == KR_COLUMNS + KR_EXTENSION
    again = _import("kr-cctv", published, tmp_path / "again.toml")
    assert _systems(again) == _systems(first)
    agency = {k: v for k, v in first["agency"].items() if k != "notes"}
    assert {k: v for k, v in again["agency"].items() if k != "notes"} == agency
    assert again["as_of"] == first["as_of"]


def test_kr_cctv_source_columns_come_back(tmp_path: Path) -> None:
    """Column by column against the source rows (Busan extract, the 14-column layout)."""
    _import("kr-cctv", KR_DATA / "busan.csv", tmp_path / "first.toml")
    assert publish([tmp_path / "first.toml"], tmp_path / "site") == 0
    with (KR_DATA / "busan.csv").open(encoding="utf-8", newline="") as fh:
        source = {r["번호"]: r for r in csv.DictReader(fh)}
    with (tmp_path / "site" / "data" / "kr-cctv.csv").open(encoding="utf-8", newline="") as fh:
        back = {r["번호"]: r for r in csv.DictReader(fh)}
    assert back.keys() == source.keys()
    same = ("카메라대수", "카메라화소수", "촬영방면정보", "보관일수", "설치연월", "데이터기준일자")
    for number, row in source.items():
        for column in same:
            assert back[number][column] == row[column], (number, column)
        # a row without a road address is imported with its lot address: it comes back as one
        assert (back[number]["소재지도로명주소"] or back[number]["소재지지번주소"]) == (
            row["소재지도로명주소"] or row["소재지지번주소"]
        )
        assert back[number]["FRT_얼굴인식"] == "unknown"


def test_nl_algoritmeregister_round_trip(tmp_path: Path) -> None:
    """import nl-algoritmeregister --split -> publish -> import gives the same systems."""
    split = tmp_path / "split"
    assert (
        run_cli(
            [
                "import",
                "nl-algoritmeregister",
                str(NL_DATA / "pub_data-extract.json"),
                "--split",
                str(split),
            ]
        )
        == 0
    )
    first: dict[str, Any] = {}
    for f in sorted(split.glob("*.toml")):
        first.update(_systems(tomli.loads(f.read_text(encoding="utf-8"))))
    assert publish([split], tmp_path / "site") == 0
    records = json.loads((tmp_path / "site" / "data" / "nl-algoritmeregister.json").read_text())
    assert {"name", "organization", "lars", "owner", "iama", "dpia"} <= set(records[0])
    split2 = tmp_path / "split2"
    nl_file = tmp_path / "site" / "data" / "nl-algoritmeregister.json"
    assert run_cli(["import", "nl-algoritmeregister", str(nl_file), "--split", str(split2)]) == 0
    again: dict[str, Any] = {}
    for f in sorted(split2.glob("*.toml")):
        again.update(_systems(tomli.loads(f.read_text(encoding="utf-8"))))
    assert again.keys() == first.keys()
    for key, system in first.items():
        # evidence links are internal (they often point inside the organisation): not published
        expected = {k: v for k, v in system.items() if k != "evidence"}
        assert {k: v for k, v in again[key].items() if k != "evidence"} == expected, key
