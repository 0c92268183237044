"""frtaudit publish: the folder, its determinism, escaping, schemas and safety."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import jsonschema
import pytest

from frtaudit.files import TREE_MARKER
from tests.conftest import ROOT, SAMPLES
from tests.publish.conftest import publish, write_json, written
from tests.publish.markers import marked_inventory

SCHEMAS = ROOT / "schemas"


def test_samples_publish_a_bilingual_site_and_open_data(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert publish([SAMPLES], out) == 0
    files = written(out)
    for name in (
        "index.html",
        "en/index.html",
        "ko/index.html",
        "data/register.csv",
        "data/register.json",
        "data/kr-cctv.csv",
        "data/nl-algoritmeregister.json",
        "data/eu-annex-viii-c.json",
        TREE_MARKER,
    ):
        assert name in files, name
    page = files["en/systems/kr-city-hanbit/hanbit-street-cctv.html"]
    assert '<html lang="en">' in page
    assert 'href="../../../ko/systems/kr-city-hanbit/hanbit-street-cctv.html"' in page
    ko = files["ko/systems/kr-city-hanbit/hanbit-street-cctv.html"]
    assert '<html lang="ko">' in ko and "점검 결과" in ko
    # no page asks the network for anything: every src/href is relative or a plain link
    for name, text in files.items():
        if name.endswith(".html"):
            assert 'src="http' not in text and "@import" not in text, name
            assert 'rel="stylesheet" href="http' not in text, name


def test_answers_are_the_worst_result_per_question(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert publish([SAMPLES], out) == 0
    data = json.loads((out / "data" / "register.json").read_text(encoding="utf-8"))
    systems = {s["id"]: s for s in data["systems"]}
    # the sample's live watchlist in the metro is the case of the ban: it must not read as a pass
    assert systems["metro-rt-watchlist"]["answers"]["prohibited"] in ("fail", "unknown")
    assert set(systems["hanbit-street-cctv"]["answers"]) == {
        "legal",
        "assessment",
        "notice",
        "prohibited",
    }


def test_register_json_and_eu_file_match_their_schemas(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert publish([SAMPLES], out) == 0
    for data_name, schema_name in (
        ("register.json", "publication-register.schema.json"),
        ("eu-annex-viii-c.json", "publication-eu-annex-viii-c.schema.json"),
    ):
        schema = json.loads((SCHEMAS / schema_name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        doc = json.loads((out / "data" / data_name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(schema).validate(doc)
    csv_rows = list(csv.reader(io.StringIO((out / "data" / "register.csv").read_text("utf-8"))))
    register = json.loads((out / "data" / "register.json").read_text(encoding="utf-8"))
    assert len(csv_rows) - 1 == len(register["systems"])


def test_same_inputs_and_date_give_byte_identical_files(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert publish([SAMPLES], one) == 0
    assert publish([SAMPLES], two, "--jobs", "1") == 0
    assert written(one) == written(two)


HOSTILE = "<script>alert(1)</script>\"'&"


def test_inventory_text_is_escaped_in_html_and_csv(tmp_inputs: Path, tmp_path: Path) -> None:
    def hostile(doc: dict) -> None:  # type: ignore[type-arg]
        doc["agency"]["name"] = '=HYPERLINK("http://evil.example")' + HOSTILE
        doc["systems"][0]["name"] = HOSTILE + "\u2028</script>"
        doc["systems"][0]["purpose"]["description"] = "@SUM(A1:A9)"
        doc["systems"][0]["oversight"]["complaints_url"] = 'https://ok.example/"><b>x</b>'

    doc, _ = marked_inventory(adjust=hostile)
    source = write_json(tmp_inputs / "hostile.json", doc)
    out = tmp_path / "site"
    assert publish([source], out) == 0
    files = written(out)
    for name, text in files.items():
        if name.endswith(".html"):
            assert "<script>alert" not in text, name
            assert "<b>x</b>" not in text, name
        if name.endswith(".js") and name.startswith("assets/search-"):
            assert "</script>" not in text and "<script>" not in text
    for name in ("data/register.csv", "data/kr-cctv.csv"):
        for row in csv.reader(io.StringIO(files[name])):
            for value in row:
                assert not value.startswith(("=", "+", "-", "@")), (name, value)


def test_refuses_an_output_folder_that_holds_inputs(tmp_path: Path) -> None:
    inputs = tmp_path / "inv"
    inputs.mkdir()
    (inputs / "a.toml").write_text((SAMPLES / "apartment_doors.toml").read_text("utf-8"), "utf-8")
    before = (inputs / "a.toml").read_bytes()
    assert publish([inputs], inputs) == 2
    assert publish([inputs / "a.toml"], inputs) == 2
    assert publish([tmp_path], tmp_path / "site") == 2  # would be scanned next time
    assert (inputs / "a.toml").read_bytes() == before
    assert sorted(os.listdir(inputs)) == ["a.toml"]


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_text("mine", encoding="utf-8")
    assert publish([SAMPLES], out) == 2
    assert os.listdir(out) == ["thesis.docx"]


def test_a_failed_publish_leaves_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    assert publish([SAMPLES], out) == 0
    before = written(out)

    from frtaudit.publish import opendata

    def broken(register: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(opendata, "kr_cctv_csv", broken)
    assert publish([SAMPLES], out, "--as-of", "2026-12-01") == 2
    assert written(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left


def test_a_second_publish_replaces_the_whole_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert publish([SAMPLES], out) == 0
    assert publish([SAMPLES / "apartment_doors.toml"], out) == 0
    files = written(out)
    assert not any("kr-city-hanbit" in name for name in files)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
