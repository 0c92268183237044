"""The TOML locator maps JSON paths back to the lines a person edits."""

from __future__ import annotations

from frtaudit.load.positions import lookup, toml_positions

TEXT = '''schema_version = "1"
# [[systems]] in a comment is ignored
[agency]
id = "a"
name = """multi
[[systems]]
line"""

[[systems]]
id = "s1"
capabilities = { face_identification = true, processing_mode = "post" }
legal_basis = [
  { law = "X", article = "1" },
  { law = "Y" },
]
[systems.notice]
signage = true

[[systems.assessments]]
kind = "hria"

[[systems]]
id = "s2"
"quoted.key" = 1
a.b.c = 2
[[systems.assessments]]
kind = "x"
[[systems.assessments]]
kind = "y"
'''


def test_positions_of_tables_keys_and_arrays() -> None:
    pos = toml_positions(TEXT)
    assert pos[("agency", "name")] == 5
    assert pos[("systems", 0)] == 9
    assert pos[("systems", 0, "capabilities", "processing_mode")] == 11
    assert pos[("systems", 0, "legal_basis", 1, "law")] == 14
    assert pos[("systems", 0, "notice", "signage")] == 17
    assert pos[("systems", 0, "assessments", 0, "kind")] == 20
    assert pos[("systems", 1)] == 22
    assert pos[("systems", 1, "quoted.key")] == 24
    assert pos[("systems", 1, "a", "b", "c")] == 25
    assert pos[("systems", 1, "assessments", 1, "kind")] == 29


def test_lookup_falls_back_to_the_nearest_ancestor() -> None:
    pos = toml_positions(TEXT)
    assert lookup(pos, ("systems", 0, "capabilities", "face_tracking")) == 11
    assert lookup(pos, ("systems", 1, "notice", "web_url")) == 22
    assert lookup(pos, ("nowhere",)) is None
