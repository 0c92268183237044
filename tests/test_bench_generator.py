"""The benchmark generator writes valid, reproducible inventories with a realistic mix."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from benchgen import generator

from frtaudit.load.inventory import load, load_all

ROOT = Path(__file__).resolve().parent.parent


gen = generator()


def _kind(system: dict[str, object]) -> str:
    caps = system["capabilities"]
    assert isinstance(caps, dict)
    if caps.get("face_detection") == "unknown":
        return "imported"
    frt = any(caps.get(f) is True for f in ("face_verification", "face_identification"))
    return "frt" if frt or caps.get("attribute_analysis") else "declared"


def test_one_file_is_valid_and_has_the_mix(tmp_path: Path) -> None:
    out = tmp_path / "inv.toml"
    assert gen.main(["--systems", "1500", "--out", str(out), "--seed", "3"]) == 0
    inv = load(str(out))
    assert len(inv.systems) == 1500
    kinds = Counter(_kind(s) for s in inv.systems)
    assert kinds["imported"] > 1200  # mostly imported CCTV rows with unknown capabilities
    assert 20 < kinds["frt"] < 150 and 40 < kinds["declared"] < 160
    assert sum(1 for s in inv.systems if s.get("exceptions")) >= 5
    assert len({s["id"] for s in inv.systems}) == 1500


def test_seed_makes_it_reproducible(tmp_path: Path) -> None:
    a, b, c = (tmp_path / f"{n}.toml" for n in "abc")
    gen.main(["--systems", "200", "--out", str(a), "--seed", "5"])
    gen.main(["--systems", "200", "--out", str(b), "--seed", "5"])
    gen.main(["--systems", "200", "--out", str(c), "--seed", "6"])
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_agency_files_total_n_systems(tmp_path: Path) -> None:
    folder = tmp_path / "national"
    args = ["--systems", "700", "--agencies", "9", "--out-dir", str(folder), "--jobs", "1"]
    assert gen.main(args) == 0
    files = sorted(folder.glob("*.toml"))
    assert len(files) == 9
    inventories = load_all([str(folder)])  # ids are unique across files too
    assert sum(len(inv.systems) for inv in inventories) == 700
    assert len({inv.agency["id"] for inv in inventories}) == 9
    sizes = [len(inv.systems) for inv in inventories]
    assert min(sizes) < max(sizes)  # agencies differ in size, like real ones


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(SystemExit):
        gen.main(["--systems", "0", "--out", "x.toml"])
    with pytest.raises(SystemExit):
        gen.main(["--systems", "10", "--agencies", "3", "--out", "x.toml"])
