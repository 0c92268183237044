"""No internal or withheld value reaches any published file."""

from __future__ import annotations

import json
from pathlib import Path

from frtaudit.publish import classify
from tests.publish.conftest import publish, write_json, written
from tests.publish.markers import marked_inventory


def _withhold(doc: dict) -> None:  # type: ignore[type-arg]
    doc["systems"][1]["withheld"] = [
        {"field": "vendor", "reason": "Trade secret of the supplier", "basis": "Art. 9(1)7"},
        {"field": "location.address", "reason": "Security of the site"},
    ]


def test_no_internal_or_withheld_marker_in_any_published_file(
    tmp_inputs: Path, tmp_path: Path
) -> None:
    doc, markers = marked_inventory(adjust=_withhold)
    source = write_json(tmp_inputs / "marked.json", doc)
    out = tmp_path / "site"
    assert publish([source], out) == 0
    files = written(out)
    assert len(files) > 15
    blob = "\n".join(files.values()).lower()

    def class_of(path: str) -> str | None:
        return classify.class_of(path)

    internal = {m: p for m, p in markers.items() if class_of(p) != "public"}
    public = {m: p for m, p in markers.items() if class_of(p) == "public"}
    assert internal and public
    leaked = {m: p for m, p in internal.items() if m.lower() in blob}
    assert not leaked, f"internal fields published: {sorted(set(leaked.values()))}"
    # withheld by the agency: system b's vendor and address; the reason is shown instead
    withheld = {
        m: p
        for m, p in public.items()
        if m.startswith(("MKb", "mkb"))
        and (p.startswith("systems[].vendor.") or p == "systems[].location.address")
    }
    assert withheld
    assert not [p for m, p in withheld.items() if m.lower() in blob]
    assert "trade secret of the supplier" in blob
    # and the check can fail: public markers do get out (system a's vendor among them)
    shown = {p for m, p in public.items() if m.lower() in blob}
    assert "systems[].vendor.name" in shown
    assert "systems[].name" in shown and "agency.name" in shown


def test_eu_law_enforcement_entries_are_left_out_and_counted(
    tmp_inputs: Path, tmp_path: Path
) -> None:
    def police(doc: dict) -> None:  # type: ignore[type-arg]
        doc["agency"]["country"] = "DE"
        doc["agency"]["subdivision"] = "DE-NW"
        doc["agency"]["is_law_enforcement"] = True

    doc, markers = marked_inventory(adjust=police)
    source = write_json(tmp_inputs / "police.json", doc)
    out = tmp_path / "site"
    assert publish([source], out) == 0
    files = written(out)
    blob = "\n".join(files.values()).lower()
    system_markers = [m for m, p in markers.items() if p.startswith("systems[]")]
    assert not [m for m in system_markers if m.lower() in blob]
    assert not any(name.startswith("en/systems/") for name in files)
    assert "art. 49(4)" in files["en/agencies/" + doc["agency"]["id"] + ".html"].lower()
    assert json.loads(files["data/register.json"])["agencies"][0]["withheld_non_public"] == 2
