"""Importers: turn data an agency already has into an inventory frtaudit can scan.

Each importer reads one source format and returns an ``ImportResult``: the inventory documents
(plain dicts that validate against the inventory schema), every rejected row with its line and
reason, and counts of data-quality problems. Nothing is printed here; the CLI renders the
summary from the catalogue and writes the files (see ``frtaudit.cli_import``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Largest source file read, in bytes.
MAX_SOURCE_BYTES = 1024 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Issue:
    """A row that was rejected, or a data-quality problem of an imported row."""

    line: int
    key: str  # catalogue key under ``import.reason`` (rejections) or ``import.quality``
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    """One inventory to write: the document, its file stem and its comments."""

    stem: str  # file name without .toml (the agency id) for --split
    data: dict[str, Any]
    header: list[str]
    system_comments: dict[int, str]


# -- romanisation for identifiers -----------------------------------------------------------------

# Initial consonants ("" for the silent ieung), vowels, and final consonants as pronounced.
_INITIALS: tuple[str, ...] = (
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
)
_INITIALS += ("t", "p", "h")
_MEDIALS: tuple[str, ...] = (
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
)
_MEDIALS += ("wo", "we", "wi", "yu", "eu", "ui", "i")
_FINALS: tuple[str, ...] = (
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
)
_FINALS += ("p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")
_NOT_ID = re.compile(r"[^a-z0-9]+")


def romanise(text: str) -> str:
    """Hangul to Latin letters, syllable by syllable (Revised Romanization, no sound rules)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            initial, rest = divmod(code, 588)
            medial, final = divmod(rest, 28)
            out.append(_INITIALS[initial] + _MEDIALS[medial] + _FINALS[final])
        else:
            out.append(ch)
    return "".join(out)


def slug(text: str, fallback: str = "x", limit: int = 80) -> str:
    """A lower-case ASCII identifier: romanised, runs of other characters become ``-``."""
    ascii_text = unicodedata.normalize("NFKD", romanise(text)).encode("ascii", "ignore").decode()
    out = _NOT_ID.sub("-", ascii_text.lower()).strip("-")
    out = out[:limit].rstrip("-")
    return out or fallback
