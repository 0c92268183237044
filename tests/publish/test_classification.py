"""Every inventory field is public or internal by one rule: schemas/publication.json."""

from __future__ import annotations

import json

from frtaudit.publish import classify
from tests.publish.markers import SCHEMA

HOW = (
    'add each to schemas/publication.json under "fields": "public" if a public register may '
    'show it, or {"class": "internal", "why": "..."} (see frtaudit/publish/classify.py)'
)


def test_every_schema_field_is_classified() -> None:
    missing = classify.unclassified(SCHEMA)
    assert not missing, f"{len(missing)} inventory field(s) not classified: {missing}; {HOW}"


def test_no_classification_names_a_field_the_schema_lacks() -> None:
    gone = classify.stale(SCHEMA)
    assert not gone, f"schemas/publication.json names fields the inventory schema lacks: {gone}"


def test_a_new_field_is_reported_until_classified() -> None:
    schema = json.loads(json.dumps(SCHEMA))
    notice = schema["properties"]["systems"]["items"]["properties"]["notice"]
    notice["properties"]["memo"] = {"type": "string"}
    security = schema["properties"]["systems"]["items"]["properties"]["security"]
    security["properties"]["vault_code"] = {"type": "string"}
    # under a public object a new field is unclassified (never published until someone decides);
    # under an internal object it is internal already
    assert classify.unclassified(schema) == ["systems[].notice.memo"]


def test_internal_covers_the_subtree_public_covers_one_field() -> None:
    table = {"a": "internal", "b.c": "public"}
    assert classify.class_of("a.x[].y", table) == "internal"
    assert classify.class_of("b.c", table) == "public"
    assert classify.class_of("b.d", table) is None


def test_internal_notes_contracts_and_security_are_classified_internal() -> None:
    for path in (
        "agency.notes",
        "systems[].notes",
        "systems[].vendor.contract_ref",
        "systems[].entrustment[].contract_ref",
        "systems[].security.access_control",
        "systems[].templates.encrypted_at_rest",
    ):
        assert classify.class_of(path) == "internal", path


def test_public_view_drops_unclassified_and_withheld_fields() -> None:
    system = {
        "id": "s1",
        "name": "Gate",
        "unheard_of": "x",
        "vendor": {"name": "Acme", "contract_ref": "C-1"},
        "location": {"address": "1 Main St", "type": "public_space"},
        "withheld": [{"field": "location.address", "reason": "security of the site"}],
        "assessments": [
            {"id": "h", "kind": "hria", "report_url": "https://x.example/h", "public": False},
            {"id": "d", "kind": "gdpr_dpia", "report_url": "https://x.example/d", "public": True},
        ],
    }
    view = classify.public_system(system)
    assert "unheard_of" not in view
    assert view["vendor"] == {"name": "Acme"}
    assert view["location"] == {"type": "public_space"}
    assert view["withheld"] == [{"field": "location.address", "reason": "security of the site"}]
    assert "report_url" not in view["assessments"][0]
    assert view["assessments"][1]["report_url"] == "https://x.example/d"
