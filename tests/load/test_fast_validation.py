"""The speed-ups change no result (issue 8, item 4).

* jsonschema-rs (``frtaudit.load.fastcheck``) may say "valid" only when jsonschema, the reference,
  says so: both give the same verdict on every test inventory, every sample, generated ones
  and generated ones broken in the ways that differ between the two libraries;
* systems alike but for inert fields share one evaluation in the engine: reports are identical
  with and without that sharing;
* a run over several files in worker processes gives the same report, and the same problems
  in the same order, as a run in one process.
"""

from __future__ import annotations

import copy
import io
import json
import math
import random
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from benchgen import generator

from frtaudit.audit import chunks, engine
from frtaudit.errors import InputError
from frtaudit.importers.toml_writer import dumps_inventory
from frtaudit.load import fastcheck, inventory
from frtaudit.report.json_report import render
from frtaudit.rules import RULES
from frtaudit.scan import ScanRequest, parse_params, run, workers_for

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 22)
FILES = sorted(
    [
        *(ROOT / "tests/inventories/invalid").glob("*.toml"),
        *(ROOT / "tests/inventories/invalid").glob("*.json"),
        *(ROOT / "tests/inventories/valid").glob("*.toml"),
        *(ROOT / "sample_inventories").glob("*.toml"),
    ]
)


def test_fast_path_is_installed_and_on() -> None:
    """jsonschema-rs is a hard dependency: the fast path is on unless switched off by name."""
    assert fastcheck.available()


gen = generator()


def _parsed(path: Path) -> Any:
    """The parsed document, or None when the file does not get as far as validation."""
    try:
        raw = inventory.read_bytes(str(path))
        text = inventory.decode(str(path), raw)
        return inventory.parse(str(path), text, inventory.detect_format(str(path), text))
    except InputError:
        return None


def _reference_valid(doc: Any) -> bool:
    if not isinstance(doc, dict) or not inventory._depth_ok(doc, inventory.MAX_DEPTH):
        return False
    return not any(True for _ in inventory._validator().iter_errors(doc))


def _typed(value: Any) -> Any:
    """``value`` with every leaf tagged by its type, so 1, 1.0, True and dates stay apart."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def _same_verdict(doc: Any) -> tuple[bool, bool]:
    before = _typed(doc)
    fast = fastcheck.certainly_valid(doc) is True
    assert _typed(doc) == before, "the fast path must leave the document as it was"
    return fast, _reference_valid(doc)


#: The files that get as far as validation (the rest stop at syntax, encoding or emptiness).
PARSED = [p for p in FILES if _parsed(p) is not None]


def test_both_verdicts_are_exercised() -> None:
    verdicts = {_reference_valid(_parsed(p)) for p in PARSED}
    assert verdicts == {True, False}


@pytest.mark.parametrize("path", PARSED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_verdict_on_test_and_sample_inventories(path: Path) -> None:
    fast, reference = _same_verdict(_parsed(path))
    assert fast == reference


def _generated(n: int, seed: int) -> dict[str, Any]:
    doc, _ = gen.document(n, seed % 7, seed)
    return doc


@pytest.mark.parametrize("seed", range(6))
def test_same_verdict_on_generated_inventories(seed: int) -> None:
    doc = _generated(150, seed)
    assert _same_verdict(doc) == (True, True)
    # and through the TOML text, which gives real dates back
    text = dumps_inventory(doc)
    parsed = inventory.parse("gen.toml", text, "toml")
    assert _same_verdict(parsed) == (True, True)


# Each breaks one system in a way where a JSON-Schema library could differ from jsonschema.
MUTATIONS: dict[str, Any] = {
    "date_in_string_field": lambda s: s.__setitem__("name", date(2024, 1, 1)),
    "datetime_in_date_field": lambda s: s.__setitem__("installed_on", datetime(2024, 1, 1, 9)),
    "time_in_date_field": lambda s: s.__setitem__("installed_on", time(9, 30)),
    "date_too_early": lambda s: s.__setitem__("installed_on", date(1899, 12, 31)),
    "date_too_late": lambda s: s.__setitem__("installed_on", date(2201, 1, 1)),
    "date_text_bad_month": lambda s: s.__setitem__("installed_on", "2024-13-01"),
    "date_text_ok": lambda s: s.__setitem__("installed_on", "2024-02-29"),
    "date_text_not_leap": lambda s: s.__setitem__("installed_on", "2023-02-29"),
    "date_text_with_time": lambda s: s.__setitem__("installed_on", "2024-02-01T00:00:00"),
    "date_text_unicode_digits": lambda s: s.__setitem__("installed_on", "２０２４-01-01"),
    "date_in_tri": lambda s: s["capabilities"].__setitem__("recording", date(2024, 1, 1)),
    "date_in_array_of_strings": lambda s: s.__setitem__("evidence", [date(2024, 1, 1)]),
    "bad_enum": lambda s: s.__setitem__("status", "Operational"),
    "tri_as_string": lambda s: s["capabilities"].__setitem__("recording", "yes"),
    "tri_as_int": lambda s: s["capabilities"].__setitem__("recording", 1),
    "count_as_float_integral": lambda s: s["device"].__setitem__("count", 2.0),
    "count_as_float": lambda s: s["device"].__setitem__("count", 2.5),
    "count_as_bool": lambda s: s["device"].__setitem__("count", True),
    "count_negative": lambda s: s["device"].__setitem__("count", -1),
    "count_huge": lambda s: s["device"].__setitem__("count", 10**30),
    "lat_nan": lambda s: s["location"].__setitem__("lat", float("nan")),
    "lat_inf": lambda s: s["location"].__setitem__("lat", float("inf")),
    "unknown_key": lambda s: s.__setitem__("colour", "blue"),
    "missing_required": lambda s: s.pop("status"),
    "id_trailing_newline": lambda s: s.__setitem__("id", s["id"] + "\n"),
    "id_pattern": lambda s: s.__setitem__("id", "-" + s["id"]),
    "name_too_long": lambda s: s.__setitem__("name", "가" * 301),
    "name_max_length": lambda s: s.__setitem__("name", "가" * 300),
    "name_empty": lambda s: s.__setitem__("name", ""),
    "not_a_url": lambda s: s.__setitem__("evidence", ["ftp://example.org/x"]),
    "odd_but_valid_url": lambda s: s.__setitem__("evidence", ["https://exa mple.org/%zz"]),
    "duplicate_enum_items": lambda s: s["location"].__setitem__("context", ["street", "street"]),
    "deep_nesting": lambda s: s.__setitem__("notes", [[[[[[[[[["x"]]]]]]]]]]),
    "surrogate": lambda s: s.__setitem__("name", "\ud800"),
    "control_char": lambda s: s.__setitem__("name", "a\x00b"),
    "exception_missing_field": lambda s: s.__setitem__(
        "exceptions", [{"rule": "NHRCK-BAN-001", "granted_by": "x"}]
    ),
}


#: Where the two differ on purpose-free grounds, always in the safe direction: jsonschema-rs
#: says "not certainly valid", so the reference decides (and the run only loses the speed-up).
#: NaN: jsonschema finds no minimum/maximum violated by NaN; jsonschema-rs refuses it.
SAFE_DIFFERENCES = {"lat_nan"}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_same_verdict_on_broken_generated_inventories(name: str) -> None:
    rng = random.Random(name)
    for seed in range(3):
        doc = _generated(40, seed)
        victim = doc["systems"][rng.randrange(len(doc["systems"]))]
        MUTATIONS[name](victim)
        fast, reference = _same_verdict(doc)
        if name in SAFE_DIFFERENCES:
            assert (fast, reference) == (False, True)
        else:
            assert fast == reference, f"{name}: fast {fast}, reference {reference}"


def test_top_level_dates_and_agency_dates() -> None:
    doc = _generated(5, 1)
    doc["agency"]["annual_reports"] = [{"year": 2024, "published_on": date(2024, 3, 1)}]
    assert _same_verdict(doc) == (True, True)
    doc["as_of"] = datetime(2024, 1, 1, 0, 0)
    assert _same_verdict(doc) == (False, False)


def test_validate_problems_unchanged_without_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``validate`` gives the same problems, messages included, with and without jsonschema-rs."""
    docs = [(p, _parsed(p)) for p in FILES]
    with_fast = [inventory.validate(str(p), copy.deepcopy(d), None, "toml") for p, d in docs if d]
    monkeypatch.setattr(fastcheck, "certainly_valid", lambda doc: None)
    without = [inventory.validate(str(p), copy.deepcopy(d), None, "toml") for p, d in docs if d]
    assert with_fast == without


# -- the engine's shared evaluations -----------------------------------------------------------------


def _report_text(paths: list[str], **kw: Any) -> str:
    params = parse_params({}, ("nhrck", "kr-pipa"))
    req = ScanRequest(paths=paths, as_of=AS_OF, profiles=("nhrck", "kr-pipa"), params=params, **kw)
    out = io.StringIO()
    render(run(req), out)
    return out.getvalue()


def _reference_text(paths: list[str]) -> str:
    """The report of ``load_all`` + ``audit``: every file in memory at once, one process."""
    profiles = ("nhrck", "kr-pipa")
    sel = engine.Selection(profiles=profiles)
    rules = engine.select_rules(RULES, sel)
    report = engine.audit(inventory.load_all(paths), rules, sel, AS_OF, parse_params({}, profiles))
    out = io.StringIO()
    render(report, out)
    return out.getvalue()


def _write_generated(folder: Path, systems: int, agencies: int, seed: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    sizes = gen.split_sizes(systems, agencies, seed)
    paths = []
    for k, n in enumerate(sizes):
        path = folder / f"agency-{k}.toml"
        gen.write_one(str(path), n, k, seed)
        paths.append(str(path))
    return paths


def test_shared_evaluations_change_no_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [str(p) for p in sorted((ROOT / "sample_inventories").glob("*.toml"))]
    paths += _write_generated(tmp_path / "gen", 600, 2, 11)
    shared = _report_text(paths, jobs=1)
    monkeypatch.setattr(engine.ReadTree, "find", lambda self, seen, first: None)
    assert _report_text(paths, jobs=1) == shared


def test_inert_fields_change_no_verdict(tmp_path: Path) -> None:
    """Copies of every sample system that differ only in the inert fields get the same results."""
    systems = []
    for path in sorted((ROOT / "sample_inventories").glob("*.toml")):
        inv = inventory.load(str(path))
        for i, s in enumerate(inv.systems):
            twin = copy.deepcopy(s)
            twin["id"] = f"twin-{i}-{s['id']}"
            twin["name"] = "another name"
            twin["description"] = "another description"
            twin["notes"] = "other notes"
            loc = twin.setdefault("location", {})
            loc["lat"], loc["lon"] = 37.5, 127.0
            if isinstance(loc.get("address"), str) and loc["address"].strip():
                loc["address"] = "다른 주소 1"
            doc = {"schema_version": "1", "agency": inv.agency, "systems": [s, twin]}
            systems.append((f"{path.name}-{i}", dumps_inventory(doc)))
    for name, text in systems:
        f = tmp_path / f"{name}.toml"
        f.write_text(text, encoding="utf-8")
        params = parse_params({}, ("nhrck", "kr-pipa"))
        req = ScanRequest(paths=[str(f)], as_of=AS_OF, profiles=("nhrck", "kr-pipa"), params=params)
        report = run(req)
        by_system: dict[int, list[tuple[Any, ...]]] = {0: [], 1: []}
        for finding in report.findings:
            by_system[finding.system_index].append(
                (finding.rule_id, finding.outcome, finding.message_key, dict(finding.params))
            )
        assert by_system[0] == by_system[1], name
        assert report.rows[0].cells == report.rows[1].cells


# -- worker processes --------------------------------------------------------------------------------


def test_worker_processes_give_the_same_report(tmp_path: Path) -> None:
    paths = _write_generated(tmp_path / "national", 900, 5, 21)
    paths.append(str(ROOT / "sample_inventories/eu_city_police.toml"))
    assert workers_for(ScanRequest(paths=paths, as_of=AS_OF, jobs=2), paths) == 2
    args = [str(tmp_path / "national"), paths[-1]]
    reference = _reference_text(args)
    assert _report_text(args, jobs=2) == reference  # worker processes
    assert _report_text(args, jobs=1) == reference  # one file at a time in this process


def test_worker_processes_give_the_same_problems(tmp_path: Path) -> None:
    paths = _write_generated(tmp_path / "n", 90, 3, 5)
    twin = tmp_path / "n" / "z-duplicate.toml"
    twin.write_text(Path(paths[0]).read_text(encoding="utf-8"), encoding="utf-8")
    broken = tmp_path / "n" / "b-broken.toml"
    broken.write_text('schema_version = "1"\n[agency]\nid = "x"\n', encoding="utf-8")
    missing = str(tmp_path / "missing.toml")
    args = [str(tmp_path / "n"), missing]

    def problems(jobs: int) -> list[Any]:
        with pytest.raises(InputError) as exc:
            _report_text(args, jobs=jobs)
        return exc.value.problems

    with pytest.raises(InputError) as exc:
        inventory.load_all(args)
    reference = exc.value.problems
    assert {p.key for p in reference} >= {
        "duplicate_system_id_across",
        "missing_file",
        "missing_key",
    }
    assert problems(1) == reference
    assert problems(2) == reference


def test_small_runs_stay_in_one_process() -> None:
    sample = str(ROOT / "sample_inventories/eu_city_police.toml")
    other = str(ROOT / "sample_inventories/gov_complex_gates.toml")
    assert workers_for(ScanRequest(paths=[], as_of=AS_OF), [sample, other]) == 1  # too small
    assert workers_for(ScanRequest(paths=[], as_of=AS_OF, jobs=4), [sample]) == 1  # one file
    assert workers_for(ScanRequest(paths=[], as_of=AS_OF, jobs=1), [sample, other]) == 1
    assert workers_for(ScanRequest(paths=[], as_of=AS_OF, jobs=3), [sample, "-"]) == 1


# -- the streamed json report ------------------------------------------------------------------


@pytest.mark.parametrize("include_passing", [False, True])
def test_streamed_json_is_the_standard_librarys_text_of_the_document(
    tmp_path: Path, include_passing: bool
) -> None:
    """render() fills one template per kind of system; json.dumps(report_data()) is the reference."""
    from frtaudit.report import json_report

    generated = tmp_path / "generated.toml"
    generated.write_text(dumps_inventory(_generated(400, 3)), encoding="utf-8")
    paths = [
        str(ROOT / "sample_inventories"),
        str(ROOT / "tests/inventories/valid"),
        str(generated),
    ]
    night1 = tmp_path / "night1.json"
    night1.write_text(_report_text([paths[0], paths[2]], jobs=1), encoding="utf-8")
    req = ScanRequest(
        paths=paths, as_of=AS_OF, include_passing=include_passing, baseline=str(night1)
    )
    report = run(req)
    out = io.StringIO()
    render(report, out)
    text = out.getvalue()
    assert text == json_report.dumps(json_report.report_data(report))
    assert '"outcome": "waived"' in text
    # with a baseline each system names the rules of its gaps that are new
    data = json.loads(text)
    members = [s for f in data["fleets"] for s in f["systems"]]
    assert all("new" in s for s in members)
    assert any(s["new"] for s in members) and any(not s["new"] for s in members)


# -- one big file in chunks (frtaudit/chunks.py) -----------------------------------------------


def _chunked(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Cut every file into chunks of 40 systems; the list records whether chunks were used."""
    monkeypatch.setattr(chunks, "CHUNK_SYSTEMS", 40)
    monkeypatch.setattr(chunks, "CHUNKED_MIN_BYTES", 0)
    used: list[bool] = []
    real = chunks.audit_in_chunks

    def spy(*args: Any, **kwargs: Any) -> Any:
        report = real(*args, **kwargs)
        used.append(report is not None)
        return report

    monkeypatch.setattr(chunks, "audit_in_chunks", spy)
    return used


def test_one_file_in_chunks_gives_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [path] = _write_generated(tmp_path / "one", 450, 1, 13)
    reference = _reference_text([path])
    used = _chunked(monkeypatch)
    assert _report_text([path], jobs=2) == reference
    assert _report_text([path], jobs=1) == reference  # --jobs 1: no chunks
    assert used == [True]


def _edit(text: str, edit: str) -> str:
    lines = text.split("\n")
    heads = [i for i, line in enumerate(lines) if line == "[[systems]]"]
    if edit == "header_in_a_string":  # whole file valid; a cut inside the string is not
        i = next(j for j in range(heads[100], heads[101]) if lines[j].startswith("description"))
        lines[i] = 'description = """\n[[systems]]\n"""'
    elif edit == "agency_after_the_systems":
        start = lines.index("[agency]")
        block = lines[start : heads[0]]
        lines = lines[:start] + lines[heads[0] :] + block
    elif edit == "id_repeated_in_another_chunk":
        first_id = lines[heads[3] + 1]
        lines[heads[300] + 1] = first_id
    elif edit == "invalid_system_in_one_chunk":
        lines.insert(heads[200] + 1, "device_count_typo = 3")
    return "\n".join(lines)


@pytest.mark.parametrize(
    "edit",
    [
        "header_in_a_string",
        "agency_after_the_systems",
        "id_repeated_in_another_chunk",
        "invalid_system_in_one_chunk",
    ],
)
def test_chunks_that_do_not_stand_alone_fall_back_to_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    [path] = _write_generated(tmp_path / "one", 450, 1, 17)
    Path(path).write_text(_edit(Path(path).read_text(encoding="utf-8"), edit), encoding="utf-8")
    try:
        reference: Any = _reference_text([path])
    except InputError as exc:
        reference = exc.problems
    used = _chunked(monkeypatch)
    try:
        got: Any = _report_text([path], jobs=2)
    except InputError as exc:
        got = exc.problems
    assert got == reference
    assert used == [False]
    valid = edit in ("header_in_a_string", "agency_after_the_systems")
    assert isinstance(reference, str) is valid
