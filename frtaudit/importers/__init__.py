"""Importers: turn data an agency already has into an inventory frtaudit can scan.

Each importer module (``kr_cctv``, ``nl_algoritmeregister``) is an :class:`Importer`: it reads
one source format into its own result (every rejected row with its line and reason, counts of
data-quality problems), turns that result into inventory documents (plain dicts that validate
against the inventory schema) and summarises it in the catalogue's words. Where the documents
go, how they are split and what may not be overwritten is :mod:`frtaudit.importers.output`.
Nothing here prints.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from frtaudit.i18n import Catalog

_Org = TypeVar("_Org")
_Result = TypeVar("_Result")

#: ``progress(done, total)``: how far an import has got (rows or records).
ImportProgress = Callable[[int, int], None]

#: The yes/no capability fields of a system (``[systems.capabilities]``), in schema order.
#: An importer writes "unknown" for each one its source cannot tell.
CAPABILITY_FIELDS = (
    "recording",
    "audio_recording",
    "live_monitoring",
    "face_detection",
    "face_verification",
    "face_identification",
    "face_tracking",
    "emotion_recognition",
    "sensitive_attribute_inference",
)

#: Line or record numbers shown per category of an import summary before "and N more".
SHOWN_NUMBERS = 10

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


class Importer(Protocol[_Result]):
    """What every importer module offers; ``_Result`` is its own import result.

    The modules conform as they are (mypy checks it where :mod:`frtaudit.importers.output`
    names them); an importer may take options of its own as further keyword arguments with
    defaults (``kr_cctv.import_file(..., encoding=...)``).
    """

    def import_file(
        self, path: str, cat: Catalog, *, progress: ImportProgress | None = None
    ) -> _Result:
        """Read the source file; raise InputError when it is not of this format."""
        ...

    def documents(self, result: _Result, cat: Catalog, *, split: bool = False) -> list[Document]:
        """The inventories to write: one for the file, or one per agency with ``split``."""
        ...

    def summary_lines(self, result: _Result, cat: Catalog) -> list[str]:
        """What the import did (rows read, imported, rejected with their lines)."""
        ...


def listed(numbers: Sequence[int], cat: Any) -> str:
    """``numbers`` for a summary line: the first SHOWN_NUMBERS, then how many more."""
    shown = ", ".join(str(n) for n in numbers[:SHOWN_NUMBERS])
    if len(numbers) > SHOWN_NUMBERS:
        return str(cat.t("import.lines_more", lines=shown, more=len(numbers) - SHOWN_NUMBERS))
    return shown


def assemble(
    table: dict[str, Any],
    groups: Sequence[tuple[str, list[dict[str, Any]], Sequence[date]]],
    header: Callable[[int, int], list[str]],
    comment: Callable[[str, int], str],
) -> Document:
    """One inventory of the systems of ``groups`` (name, systems, reference dates) under ``table``.

    With several groups each starts with a ``comment(name, systems)`` line; ``as_of`` is the
    latest reference date; ``header(systems, groups)`` gives the file's header comment.
    """
    systems: list[dict[str, Any]] = []
    comments: dict[int, str] = {}
    for name, group, _dates in groups:
        if len(groups) > 1:
            comments[len(systems)] = comment(name, len(group))
        systems.extend(group)
    data: dict[str, Any] = {"schema_version": "1"}
    dates = [d for _name, _group, ds in groups for d in ds]
    if dates:
        data["as_of"] = max(dates)
    data["agency"] = table
    data["systems"] = systems
    return Document(str(table["id"]), data, header(len(systems), len(groups)), comments)


def split_or_whole(
    orgs: Sequence[_Org],
    split: bool,
    document: Callable[[Sequence[_Org], dict[str, Any]], Document],
    own_table: Callable[[_Org], dict[str, Any]],
    shared_table: Callable[[], dict[str, Any]],
) -> list[Document]:
    """One document per organisation (``split``), else one for the file.

    A file of one organisation gets that organisation's own agency table; a file of several
    gets ``shared_table()``, an agency standing for all of them.
    """
    if split:
        return [document([o], own_table(o)) for o in orgs]
    if len(orgs) == 1:
        return [document(orgs, own_table(orgs[0]))]
    return [document(orgs, shared_table())]


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
