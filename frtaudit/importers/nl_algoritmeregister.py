"""Import the Dutch government algorithm register (Algoritmeregister, algoritmes.overheid.nl).

The input is the register's JSON export: a list of flat objects, one per registered algorithm.
Field names are matched case-insensitively, so the December 2022 export (upper-case ``IAMA``,
``DPIA``, ``id``), the 2023 publication data (``iama``, ``dpia``, ``uuid``, ``lars``) and the
publication standard 1.0 (``legal_basis``, ``impact_assessments``, ``start_date``) all read.
Real exports start with rows that describe the fields instead of an algorithm (a ``required``
marker row, a Dutch label row, a field-description row): they are skipped and listed.

Accounting: every record is skipped as a header row, imported, or rejected, each with its
position (record number, counting from 1, and the line the object starts on). A record is
rejected when it is not an object, has no ``name``, has no ``organization``, or repeats the id
of an earlier record.

What the register says is copied; what it does not say is ``"unknown"`` or left out:

====================================  ==========================================================
register                              inventory
====================================  ==========================================================
(the register itself)                 ``agency.country = "NL"`` (an EU member state: the
                                      ``eu-ai-act`` profile applies); ``is_public_body = true``:
                                      the register publishes algorithms of Dutch government
                                      bodies (municipalities, provinces, ministries, agencies)
``organization``                      the agency: one inventory per organisation with
                                      ``--split``, else a synthetic agency for the whole file;
                                      spellings are merged by case and white space.
                                      ``agency.kind``: Gemeente/Provincie/Waterschap ->
                                      local_government, Ministerie/Rijksdienst/Belastingdienst/
                                      Toeslagen/NFI -> central_government, Politie/Openbaar
                                      Ministerie/Marechaussee -> law_enforcement
                                      (``is_law_enforcement = true``), other bodies ->
                                      public_institution. ``owner`` (the register's slug for the
                                      organisation) is the agency id when given.
``lars``, ``uuid``/``id``,            system id ``<agency-id>-<register id>`` (``lars`` first:
``source_id``                         the register's own number); placeholders such as
                                      ``volgt`` or ``n.v.t.`` are not ids. Without one the id is
                                      ``<agency-id>-<slug of the name>`` (``-2``, ``-3`` for
                                      repeats), stable from run to run as long as the name is.
``name``                              ``name``
``description_short``/``description`` ``description`` (the short one when given)
``department``                        ``operator.name = "<organisation> (<department>)"``
``status``                            In gebruik/Actief/In werking/In productie ->
                                      operational; ... pilot ... -> pilot; In ontwikkeling ->
                                      development; Buiten gebruik/Gestopt -> decommissioned. A
                                      blank or unrecognised status is written ``operational``
                                      (the schema needs a status; the register lists algorithms
                                      in use, and operational lets every rule apply) with a note
                                      and a data-quality entry, so the reviewer confirms it.
``begin_date``/``start_date``         ``first_use_on`` (a month gives its first day, noted); a
                                      date in the status text (``In gebruik sinds 18-12-2020``)
                                      counts too. ``end_date`` -> ``decommissioned_on`` when the
                                      status is decommissioned (else noted).
``goal``/``purpose_and_impact``       ``purpose.description``; ``purpose.primary`` is left out
                                      (the register has no purpose codes).
``iama``                              ``assessments`` entry ``{id = "iama", kind = "hria"}``
                                      only when the answer is yes (``Ja``); no date is given,
                                      so ``completed_on`` is absent (rules treat it as unknown).
                                      ``Nee``, blank or unclear answers write no assessment, are
                                      noted, and become ``assessment_status``
                                      ``{kind = "hria", exists = "no"}`` (Nee) or
                                      ``exists = "unknown"``. The IAMA is a human-rights impact
                                      assessment; it is not taken to be an AI Act Art. 27 FRIA.
``dpia``                              likewise ``{id = "dpia", kind = "gdpr_dpia"}`` for yes
                                      (``Ja``, ``Er is een DPIA uitgevoerd``).
``impacttoetsen``/                    names of the assessments done: a DPIA or IAMA named there
``impact_assessments``                counts as yes unless the yes/no field says no;
``impact_assessment_link``            ``report_url`` of the one assessment named, else evidence.
``lawful_basis``/``legal_basis``      one ``legal_basis`` entry: ``law`` = the text (first 500
                                      characters; the full text in notes), ``url`` from
                                      ``lawful_basis_link`` or the first URL in the text,
                                      ``jurisdiction = "NL"``, ``frt_specific = "unknown"``
                                      (never assumed). A text stating there is none (``Geen``,
                                      ``Er is geen wettelijke grondslag``) or a placeholder
                                      (``n.v.t.``, ``-``) writes no entry and is noted.
``objection_procedure``               ``oversight.complaints_url`` when it is one URL; else notes
``provider``/``supplier``             ``vendor.name`` unless it says developed in-house
``website``/``link``, ``url``,        ``evidence``: every http(s) URL the field holds (several
``documentation``, other links        in one field are split; prose around them is quoted in
                                      the notes; ``www.x.nl`` without a scheme is reported as a
                                      bad link, not guessed)
``create_dt``                         ``as_of``: the latest record creation date
other fields                          notes: competent authority, human intervention, contact,
                                      type, revision date, assessment descriptions
(not in the register)                 every ``capabilities`` flag, ``processing_mode``,
                                      ``capture_mode``, ``decision_type`` and ``location.type``
                                      are ``"unknown"``
====================================  ==========================================================

Face recognition: the register rarely says. Explicit mentions (gezichtsherkenning,
gezichtsvergelijking, gezichtsscan, gezichtsopname, gezicht(en), facial/face recognition,
biometrie/biometrisch) are listed for review with the fields they occur in, and the system's
notes say so; the face capabilities stay ``"unknown"``: never true or false without evidence.
Mentions of cameras or image recognition (camera, beeldherkenning, scanauto) are listed too.
Words that only look alike (``gezichtsveld``, field of view; ``Hugging Face``) do not count.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from frtaudit.errors import InputError, Problem
from frtaudit.i18n import Catalog
from frtaudit.importers import (
    CAPABILITY_FIELDS,
    MAX_SOURCE_BYTES,
    Document,
    Issue,
    assemble,
    listed,
    slug,
    split_or_whole,
)

# -- fields ---------------------------------------------------------------------------------------

#: Canonical field -> names used by the register's exports (compared case-insensitively).
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "naam"),
    "organization": ("organization", "organisation", "organisatie"),
    "department": ("department", "afdeling"),
    "description_short": ("description_short",),
    "description": ("description",),
    "status": ("status",),
    "goal": ("goal", "purpose_and_impact"),
    "lawful_basis": ("lawful_basis", "legal_basis"),
    "lawful_basis_link": ("lawful_basis_link", "legal_basis_link"),
    "iama": ("iama",),
    "iama_description": ("iama_description",),
    "dpia": ("dpia",),
    "dpia_description": ("dpia_description",),
    "impact_assessments": ("impacttoetsen", "impact_assessments"),
    "impact_assessment_link": ("impact_assessment_link",),
    "objection_procedure": ("objection_procedure",),
    "lars": ("lars",),
    "uuid": ("uuid", "id"),
    "source_id": ("source_id",),
    "owner": ("owner",),
    "website": ("website", "link"),
    "url": ("url", "source_link"),
    "documentation": ("documentation",),
    "process_index_url": ("process_index_url", "processing_register_link"),
    "source_data_link": ("source_data_link", "data_source_link"),
    "publiccode": ("publiccode", "source_code_link"),
    "application_url": ("application_url",),
    "begin_date": ("begin_date", "start_date"),
    "end_date": ("end_date",),
    "create_dt": ("create_dt",),
    "provider": ("provider", "supplier"),
    "competent_authority": ("competent_authority",),
    "human_intervention": ("human_intervention",),
    "contact_email": ("contact_email", "contact"),
    "type": ("type",),
    "revision_date": ("revision_date",),
}
_ALIAS = {alias: name for name, aliases in FIELDS.items() for alias in aliases}

#: URL fields kept as evidence, in this order.
EVIDENCE_FIELDS = (
    "website",
    "url",
    "documentation",
    "process_index_url",
    "lawful_basis_link",
    "source_data_link",
    "publiccode",
    "application_url",
)
#: Free-text fields quoted in the system's notes, in this order.
NOTE_FIELDS = (
    "competent_authority",
    "human_intervention",
    "objection_procedure",
    "contact_email",
    "type",
    "revision_date",
)
#: Longest quotation of one field in the notes.
NOTE_FIELD_LIMIT = 600

#: What the register cannot tell is declared unknown, so the scan asks for it.
UNKNOWN_CAPABILITIES = CAPABILITY_FIELDS
UNKNOWN_MODES = ("processing_mode", "capture_mode", "decision_type")

#: Data-quality categories, in the order the summary lists them.
QUALITY = (
    "no_register_id",
    "status_missing",
    "status_unmapped",
    "iama_blank",
    "iama_unclear",
    "dpia_blank",
    "dpia_unclear",
    "lawful_basis_blank",
    "lawful_basis_none",
    "bad_date",
    "bad_url",
    "replacement_chars",
    "text_cut",
)
#: Review hints: what the register text mentions, in the order the summary lists them.
FLAGS = ("face", "camera")

#: Values that stand for "nothing here" (compared after casefold and stripping ``.``/spaces).
PLACEHOLDERS = frozenset(
    {
        "",
        "-",
        "--",
        "nvt",
        "n.v.t",
        "n.v.t.",
        "niet van toepassing",
        "onbekend",
        "niet bekend",
        "niet bekend.",
        "volgt",
        "nog niet beschikbaar",
        "niet beschikbaar",
        "tbd",
        "todo",
        "0",
        "\ufffd",
        "none",
        "null",
    }
)

_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_ID_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
_URL_IN_TEXT = re.compile(r"https?://[^\s<>()\"'\u201c\u201d\u2018\u2019\[\]{}|\\^`]+")
_URL_BAD_CHARS = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")

_FACE = re.compile(
    r"\b(gezichts(?:herkenning|vergelijking|scan\w*|opname\w*|verificatie|kenmerk\w*)"
    r"|gezicht(?:en)?\b"
    r"|facial\b|face[ -]?(?:recognition|comparison|matching|verification|identification"
    r"|detection|image|scan)\w*"
    r"|biometri\w*)",
    re.IGNORECASE,
)
_CAMERA = re.compile(r"\b(camera\w*|beeldherkenning\w*|scanauto\w*|cctv)\b", re.IGNORECASE)

_MONTH = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_NL_DAY = re.compile(r"(?<!\d)(\d{1,2})[-.](\d{1,2})[-.](\d{4})(?!\d)")
_SLASH_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


# -- small parsers --------------------------------------------------------------------------------


def text_of(value: Any) -> str:
    """A register value as text: NFC, no stray white space; lists joined, objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "; ".join(t for t in (text_of(v) for v in value) if t)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def one_line(text: str) -> str:
    """The text on one line."""
    return " ".join(text.split())


def is_placeholder(text: str) -> bool:
    """True for blank and "nothing to say" values (``n.v.t.``, ``-``, ``volgt``)."""
    value = one_line(text).casefold()
    return value in PLACEHOLDERS or value.strip(" .") in PLACEHOLDERS


def cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "\u2026"


def as_url(text: str) -> str | None:
    """The text when it is one http(s) URL the inventory accepts, else None."""
    value = text.strip()
    if not value or len(value) > 2000 or _URL_BAD_CHARS.search(value) or not value.isascii():
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return value


def urls_in(text: str) -> list[str]:
    """Every http(s) URL inside a text, without trailing punctuation, in order, once."""
    out: list[str] = []
    for m in _URL_IN_TEXT.finditer(text):
        url = as_url(m.group().rstrip(".,;:>"))
        if url and url not in out:
            out.append(url)
    return out


def first_url(text: str) -> str | None:
    """The first http(s) URL inside a text."""
    found = urls_in(text)
    return found[0] if found else None


def looks_like_url(text: str) -> bool:
    """A value meant as a link that is not a usable one (``www.example.nl``, ``htp://x``)."""
    value = text.strip()
    return (
        "://" in value
        or value.casefold().startswith("www.")
        or (" " not in value and "." in value.strip(".") and "/" in value)
    )


def parse_date(text: str) -> tuple[date, bool] | None:
    """A register date and whether it gives only a month: ``2022-09-21 00:00:00``,
    ``2023-01``, ``03-2022``, ``18-12-2020``; ``11/24/2022`` (the 2022 export writes some dates
    month first) only when the order is plain, so ``06/01/2022`` is not read."""
    value = text.strip()
    try:
        m = _ISO_DAY.match(value)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), False
        m = _ISO_MONTH.match(value)
        if m:
            return date(int(m.group(1)), int(m.group(2)), 1), True
        m = _MONTH.match(value)
        if m:
            return date(int(m.group(2)), int(m.group(1)), 1), True
        m = _SLASH_DAY.match(value)
        if m:
            first, second = int(m.group(1)), int(m.group(2))
            if first <= 12 < second:
                return date(int(m.group(3)), first, second), False
            if second <= 12 < first:
                return date(int(m.group(3)), second, first), False
            return None
        m = _NL_DAY.fullmatch(value)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))), False
    except ValueError:
        return None
    return None


def map_status(text: str) -> str | None:
    """Register status -> inventory status; None when the text says nothing recognisable."""
    value = one_line(text).casefold()
    if not value:
        return None
    if "pilot" in value:
        return "pilot"
    if "ontwikkel" in value or "ontwerp" in value or "voorbereiding" in value:
        return "development"
    if re.search(r"buiten gebruik|gestopt|beëindigd|beeindigd|uitgefaseerd|niet meer", value):
        return "decommissioned"
    if re.search(r"in gebruik|actief|in werking|in productie|operationeel|live\b", value):
        return "operational"
    return None


_YES = re.compile(r"^(ja|yes)\b")
_NO = re.compile(r"^(nee|neen|no|geen|niet)\b")
_NEGATION = re.compile(r"\b(geen|niet|nee)\b")
_DONE = re.compile(r"\b(uitgevoerd|gedaan|afgerond|opgesteld|aanwezig)\b")


def yes_no(text: str) -> str:
    """An assessment answer: ``yes``, ``no``, ``blank`` or ``unclear``.

    ``Ja`` and "Er is een DPIA uitgevoerd" are yes; ``Nee``, ``niet aanwezig``, "Er zijn geen
    persoonsgegevens ..." are no; an answer that says both (``Er is geen eigen DPIA. Wel ...``)
    or neither is unclear.
    """
    value = one_line(text).casefold()
    if is_placeholder(value):
        return "blank"
    negative = bool(_NO.match(value) or _NEGATION.search(value))
    positive = bool(_YES.match(value) or (_DONE.search(value) and not _NEGATION.search(value)))
    if re.search(r"\bwel\b", value) and negative:
        return "unclear"
    if positive and not negative:
        return "yes"
    if negative and not positive:
        return "no"
    return "unclear"


def named_assessments(text: str) -> set[str]:
    """Assessment kinds named in ``impacttoetsen``: ``hria`` for an IAMA, ``gdpr_dpia``."""
    value = text.casefold()
    if not value or _NEGATION.search(value):
        return set()
    kinds = set()
    if re.search(r"\biama\b|mensenrechten|fundamental rights", value):
        kinds.add("hria")
    if re.search(r"\bdpia\b|data protection|gegevensbescherming", value):
        kinds.add("gdpr_dpia")
    return kinds


_NO_BASIS = re.compile(
    r"^(geen\b|er is geen (wettelijke |juridische )?(grond|basis)|er is geen wettelijke"
    r"|er bestaat geen|niet van toepassing$)"
)


def lawful_basis_kind(text: str) -> str:
    """``blank`` (nothing or a placeholder), ``none`` (the register says there is none), else
    ``text``."""
    if is_placeholder(text):
        return "blank"
    if _NO_BASIS.match(one_line(text).casefold()):
        return "none"
    return "text"


def normalise_organisation(text: str) -> str:
    """Spelling-independent key of an organisation name."""
    return one_line(text).strip(" .,;").casefold()


def agency_kind(name: str) -> str:
    """What kind of Dutch public body the organisation is, from its name."""
    value = name.casefold()
    if re.search(r"\bpolitie\b|openbaar ministerie|marechaussee", value):
        return "law_enforcement"
    if re.match(r"(gemeente|provincie|waterschap|hoogheemraadschap)\b", value):
        return "local_government"
    if re.match(
        r"(ministerie|rijksdienst|belastingdienst|dienst toeslagen|toeslagen"
        r"|nederlands forensisch instituut|rijkswaterstaat)\b",
        value,
    ):
        return "central_government"
    return "public_institution"


# -- the import -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Organisation:
    """An organisation of the register and its systems."""

    key: str
    spellings: Counter[str] = field(default_factory=Counter)
    owners: Counter[str] = field(default_factory=Counter)
    id: str = ""
    name: str = ""
    systems: list[dict[str, Any]] = field(default_factory=list)
    created: list[date] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """The agency kind (see :func:`agency_kind`)."""
        return agency_kind(self.name)


@dataclass(slots=True)
class Record:
    """A record that will be imported, before its organisation gets its id."""

    number: int
    line: int
    org_key: str
    key: str  # the register id, or "" (the id then comes from the name)
    name_slug: str
    system: dict[str, Any]


@dataclass(slots=True)
class ImportResult:
    """What an import produced and everything it could not take over as is."""

    source: str
    fields: list[str] = field(default_factory=list)
    records: int = 0
    headers: list[Issue] = field(default_factory=list)
    rejected: list[Issue] = field(default_factory=list)
    quality: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in QUALITY})
    flags: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in FLAGS})
    agencies: list[Organisation] = field(default_factory=list)

    @property
    def imported(self) -> int:
        """Number of systems written."""
        return sum(len(a.systems) for a in self.agencies)


def read_json(path: str) -> str:
    """The file's text (UTF-8, a byte-order mark allowed); raise InputError."""
    from frtaudit.load.inventory import decode

    try:
        size = os.stat(path).st_size
        if size > MAX_SOURCE_BYTES:
            mb = round(size / 1048576, 1)
            raise InputError(
                [Problem(path, "too_big", {"size_mb": mb, "limit_mb": MAX_SOURCE_BYTES >> 20})]
            )
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError([Problem(path, "is_directory")]) from None
    except FileNotFoundError:
        raise InputError([Problem(path, "missing_file")]) from None
    except OSError as exc:
        raise InputError([Problem(path, "os_error", {"error": exc.strerror or str(exc)})]) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return decode(path, raw)


def _items(path: str, text: str) -> Iterator[tuple[int, int, Any]]:
    """(record number, line, value) of each element of the top-level JSON array."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            [Problem(path, "json_syntax", {"detail": exc.msg}, line=exc.lineno, col=exc.colno)]
        ) from None
    except RecursionError:
        raise InputError([Problem(path, "too_deep", {"limit": 1000})]) from None
    if isinstance(data, dict):  # one record on its own
        yield 1, 1, data
        return
    if not isinstance(data, list):
        raise InputError(
            [
                Problem(
                    path,
                    "import_nl_not_register",
                    {"found": type(data).__name__},
                    line=1,
                    hint="import_nl_not_register_hint",
                )
            ]
        )
    decoder = json.JSONDecoder()
    pos, line, counted = text.index("[") + 1, 1, 0
    for number, value in enumerate(data, 1):
        while text[pos] in " \t\r\n,":
            pos += 1
        line += text.count("\n", counted, pos)
        counted = pos
        _, pos = decoder.raw_decode(text, pos)
        yield number, line, value


def _fields(record: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """The record's known fields by canonical name, and every field by its own name, as text."""
    out: dict[str, str] = {}
    every: dict[str, str] = {}
    for raw_key, raw_value in record.items():
        value = text_of(raw_value)
        every[str(raw_key)] = value
        name = _ALIAS.get(str(raw_key).strip().casefold())
        if name and value and not out.get(name):
            out[name] = value
    return out, every


#: Field labels of the register's own header rows (casefolded), by canonical field.
_LABELS: dict[str, frozenset[str]] = {
    "name": frozenset({"naam", "name"}),
    "organization": frozenset({"organisatie", "organization", "organisation"}),
    "department": frozenset({"afdeling", "department"}),
    "status": frozenset({"status"}),
    "lawful_basis": frozenset({"wettelijke grondslag", "wettelijke basis", "lawful_basis"}),
    "iama": frozenset({"impact assessment mensenrechten en algoritmes", "iama"}),
    "dpia": frozenset({"data protection impact assessment", "dpia"}),
    "uuid": frozenset({"uuid", "id"}),
    "type": frozenset({"type algoritme", "type"}),
    "contact_email": frozenset({"e-mailadres van de contactpersoon", "contact_email"}),
}
_ANSWER_FIELDS = ("status", "type", "iama", "dpia", "objection_procedure", "uuid")


def header_kind(rec: Mapping[str, str], every: Mapping[str, str]) -> str | None:
    """``required``, ``labels`` or ``descriptions`` for a row describing the fields; else None."""
    filled = [v.casefold() for v in every.values() if v]
    if len(filled) >= 3 and all(v == "required" for v in filled):
        return "required"
    labels = sum(1 for f, names in _LABELS.items() if rec.get(f, "").casefold() in names)
    if labels >= 3:
        return "labels"
    questions = sum(1 for f in _ANSWER_FIELDS if rec.get(f, "").rstrip().endswith("?"))
    described = rec.get("organization", "").casefold().startswith("de volledige naam van de")
    if questions >= 2 or (described and questions >= 1):
        return "descriptions"
    return None


def import_file(
    path: str,
    cat: Catalog,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Read an algorithm-register JSON export; raise InputError when it is not one."""
    text = read_json(path)
    items = list(_items(path, text))
    result = ImportResult(source=path)
    seen_fields: dict[str, None] = {}
    for _, _, value in items:
        if isinstance(value, dict):
            seen_fields.update(dict.fromkeys(str(k) for k in value))
    result.fields = list(seen_fields)
    known = {_ALIAS.get(k.strip().casefold()) for k in seen_fields}
    if not items or "name" not in known or "organization" not in known:
        raise InputError(
            [
                Problem(
                    path,
                    "import_nl_not_register",
                    {"found": ", ".join(result.fields[:20]) or "[]"},
                    line=1,
                    hint="import_nl_not_register_hint",
                )
            ]
        )
    source = os.path.basename(path)
    parsed: list[Record] = []
    orgs: dict[str, Organisation] = {}
    for number, line, value in items:
        result.records += 1
        if progress and number % 500 == 0:
            progress(number, len(items))
        record = _parse_record(number, line, value, result, source, cat)
        if record is None:
            continue
        parsed.append(record)
        org = orgs.get(record.org_key)
        if org is None:
            org = orgs[record.org_key] = Organisation(record.org_key)
        org.spellings[record.system["_org"]] += 1
        rec_owner = record.system.pop("_owner", "")
        if rec_owner:
            org.owners[rec_owner] += 1
        created = record.system.pop("_created", None)
        if created:
            org.created.append(created)
    if progress:
        progress(len(items), len(items))
    _resolve(parsed, orgs, result)
    return result


def _parse_record(
    number: int, line: int, value: Any, result: ImportResult, source: str, cat: Catalog
) -> Record | None:
    where = {"record": number, "line": line}
    if not isinstance(value, dict):
        kind = "null" if value is None else type(value).__name__
        result.rejected.append(Issue(number, "not_object", {**where, "type": kind}))
        return None
    rec, every = _fields(value)
    if not any(every.values()):
        result.rejected.append(Issue(number, "empty", where))
        return None
    header = header_kind(rec, every)
    if header:
        result.headers.append(Issue(number, header, where))
        return None
    name = one_line(rec.get("name", ""))
    org_name = one_line(rec.get("organization", ""))
    if is_placeholder(name):
        result.rejected.append(Issue(number, "no_name", where))
        return None
    if is_placeholder(org_name):
        result.rejected.append(Issue(number, "no_organisation", {**where, "name": name}))
        return None

    notes: list[str] = [cat.t("import.nl.note.source", source=source, **where)]

    def problem(key: str) -> None:
        numbers = result.quality[key]
        if not numbers or numbers[-1] != number:
            numbers.append(number)

    cuts: list[str] = []

    def note(key: str, **params: Any) -> None:
        notes.append(cat.t(f"import.nl.note.{key}", **params))

    def fit(fieldname: str, text: str, limit: int) -> str:
        if len(text) > limit:
            cuts.append(fieldname)
        return cut(text, limit)

    # identifier
    key = ""
    for fieldname in ("lars", "uuid", "source_id"):
        candidate = one_line(rec.get(fieldname, ""))
        if candidate and not is_placeholder(candidate) and _ID_OK.match(candidate):
            key = candidate
            note("register_id", field=fieldname, value=candidate)
            break
    if not key:
        problem("no_register_id")
        shown = ", ".join(
            f"{f} '{one_line(rec[f])[:40]}'" for f in ("lars", "uuid", "source_id") if rec.get(f)
        )
        note("no_register_id", given=shown or "-")

    system: dict[str, Any] = {"name": fit("name", name, 300)}
    description = rec.get("description_short") or rec.get("description", "")
    if description:
        system["description"] = fit("description", description, 5000)

    # status and dates
    raw_status = rec.get("status", "")
    status = map_status(raw_status)
    if status is None:
        if is_placeholder(raw_status):
            problem("status_missing")
            note("status_missing")
        else:
            problem("status_unmapped")
            note("status_unmapped", value=cut(one_line(raw_status), 200))
        status = "operational"
    elif one_line(raw_status).casefold() not in ("in gebruik", "actief"):
        note("status", value=cut(one_line(raw_status), 200), status=status)
    system["status"] = status
    first_use: tuple[date, bool] | None = None
    raw_begin = rec.get("begin_date", "")
    if raw_begin and not is_placeholder(raw_begin):
        first_use = parse_date(raw_begin)
        if first_use is None:
            problem("bad_date")
            note("bad_date", field="begin_date", value=cut(raw_begin, 100))
    if first_use is None and status in ("operational", "pilot"):
        m = _NL_DAY.search(raw_status)
        first_use = parse_date(m.group()) if m else None
    if first_use is not None:
        system["first_use_on"] = first_use[0]
        if first_use[1]:
            note("month_only", field="begin_date", value=raw_begin, date=first_use[0])
    raw_end = rec.get("end_date", "")
    if raw_end and not is_placeholder(raw_end):
        end = parse_date(raw_end)
        if end is None:
            problem("bad_date")
            note("bad_date", field="end_date", value=cut(raw_end, 100))
        elif status == "decommissioned":
            system["decommissioned_on"] = end[0]
            if end[1]:
                note("month_only", field="end_date", value=raw_end, date=end[0])
        else:
            note("end_date", value=raw_end, status=status)
    created = parse_date(rec.get("create_dt", "")[:10]) if rec.get("create_dt") else None
    if created is not None:
        system["_created"] = created[0]

    # operator, place, capabilities, purpose
    operator = {"name": org_name[:300]}
    department = one_line(rec.get("department", ""))
    if department and not is_placeholder(department):
        operator["name"] = cut(f"{org_name} ({department})", 300)
    system["operator"] = operator
    system["_org"] = org_name
    system["_owner"] = one_line(rec.get("owner", ""))
    provider = one_line(rec.get("provider", ""))
    if provider and not is_placeholder(provider):
        if re.search(r"\b(zelf|intern|eigen)\b", provider.casefold()):
            note("provider_in_house", value=cut(provider, 200))
        else:
            system["vendor"] = {"name": cut(provider, 300)}
    system["location"] = {"type": "unknown"}
    caps: dict[str, Any] = dict.fromkeys(UNKNOWN_CAPABILITIES, "unknown")
    caps.update(dict.fromkeys(UNKNOWN_MODES, "unknown"))
    system["capabilities"] = caps
    goal = rec.get("goal", "")
    if goal and not is_placeholder(goal):
        system["purpose"] = {"description": fit("goal", goal, 5000)}

    # legal basis
    basis = rec.get("lawful_basis", "")
    basis_kind = lawful_basis_kind(basis)
    if basis_kind == "text":
        entry: dict[str, Any] = {"law": cut(basis, 500)}
        url = as_url(rec.get("lawful_basis_link", "")) or first_url(basis)
        if url:
            entry["url"] = url
        entry["frt_specific"] = "unknown"
        entry["jurisdiction"] = "NL"
        system["legal_basis"] = [entry]
        if len(basis) > 500:
            note("lawful_basis_full", length=len(basis), value=cut(basis, 2500))
    elif basis_kind == "none":
        problem("lawful_basis_none")
        note("lawful_basis_none", value=cut(one_line(basis), 300))
    else:
        problem("lawful_basis_blank")
        note("lawful_basis_blank")

    # assessments
    named = named_assessments(rec.get("impact_assessments", ""))
    link = as_url(rec.get("impact_assessment_link", ""))
    assessments: list[dict[str, Any]] = []
    statuses: list[dict[str, Any]] = []
    for fieldname, kind in (("iama", "hria"), ("dpia", "gdpr_dpia")):
        raw = rec.get(fieldname, "")
        answer = yes_no(raw)
        if answer == "blank" and kind in named:
            answer = "named"
        if answer in ("yes", "named"):
            assessment: dict[str, Any] = {"id": fieldname, "kind": kind}
            if link and named == {kind}:
                assessment["report_url"] = link
            assessments.append(assessment)
            note(f"{fieldname}_{answer}", value=cut(one_line(raw), 200))
        else:
            if answer in ("blank", "unclear"):
                problem(f"{fieldname}_{answer}")
            note(f"{fieldname}_{answer}", value=cut(one_line(raw), 200))
            # What the register says about whether one exists: no, or we do not know (issue 16).
            statuses.append({"kind": kind, "exists": "no" if answer == "no" else "unknown"})
        explained = rec.get(f"{fieldname}_description", "")
        if explained and not is_placeholder(explained):
            note("field", field=f"{fieldname}_description", value=cut(explained, 1000))
    if assessments:
        system["assessments"] = assessments
    if statuses:
        system["assessment_status"] = statuses
    if rec.get("impact_assessments"):
        note("field", field="impacttoetsen", value=cut(rec["impact_assessments"], 300))

    # redress and evidence
    objection = rec.get("objection_procedure", "")
    objection_url = as_url(objection)
    if objection_url:
        system["oversight"] = {"complaints_url": objection_url}
    evidence: list[str] = []
    for fieldname in EVIDENCE_FIELDS:
        raw = rec.get(fieldname, "")
        if not raw or is_placeholder(raw):
            continue
        whole = as_url(raw)
        found = [whole] if whole else urls_in(raw)
        for url in found:
            if url not in evidence:
                evidence.append(url)
        if not found and looks_like_url(raw):
            problem("bad_url")
            note("bad_url", field=fieldname, value=cut(one_line(raw), 200))
        elif not whole:
            note("field", field=fieldname, value=cut(raw, 300))
    if link and link not in evidence and not any(a.get("report_url") for a in assessments):
        evidence.append(link)
    if evidence:
        system["evidence"] = evidence

    # review hints
    searched = [(f, _URL_IN_TEXT.sub(" ", v)) for f, v in every.items()]
    for flag, pattern in (("face", _FACE), ("camera", _CAMERA)):
        terms: dict[str, None] = {}
        where_found: dict[str, None] = {}
        for fieldname, text in searched:
            for m in pattern.finditer(text):
                terms[m.group().casefold()] = None
                where_found[fieldname] = None
        if terms:
            result.flags[flag].append(number)
            note(f"flag_{flag}", terms=", ".join(list(terms)[:8]), fields=", ".join(where_found))

    # other fields, quoted
    for fieldname in NOTE_FIELDS:
        raw = rec.get(fieldname, "")
        if objection_url and fieldname == "objection_procedure":
            continue
        if raw and not is_placeholder(raw):
            note("field", field=fieldname, value=cut(raw, NOTE_FIELD_LIMIT))
    if any("\ufffd" in v for v in every.values()):
        problem("replacement_chars")
        note("replacement_chars")
    if cuts:
        problem("text_cut")
        note("text_cut", fields=", ".join(cuts))
    system["notes"] = cut("\n".join(notes), 5000)
    return Record(
        number=number,
        line=line,
        org_key=normalise_organisation(org_name),
        key=key,
        name_slug=_short_slug(name),
        system=system,
    )


def _short_slug(name: str, limit: int = 60) -> str:
    """The name as an identifier of at most ``limit`` characters, cut between words."""
    out = slug(name, "algoritme", limit=1000)
    if len(out) > limit:
        out = out[: limit + 1].rsplit("-", 1)[0] if "-" in out[: limit + 1] else out[:limit]
    return out.rstrip("-")


def _resolve(records: list[Record], orgs: dict[str, Organisation], result: ImportResult) -> None:
    """Name each organisation, give every system its id, drop repeated ids as rejected."""
    used: set[str] = set()
    for org in orgs.values():
        # the most frequent spelling of the organisation; ties: the first in sort order
        org.name = sorted(org.spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    for org in sorted(orgs.values(), key=lambda o: o.name.casefold()):
        owners = [o for o in org.owners if _ID_OK.match(o) and len(o) <= 80]
        base = owners[0] if len(org.owners) == 1 and owners else slug(org.name, "organisatie")
        org.id, n = base, 2
        while org.id in used:
            org.id, n = f"{base}-{n}", n + 1
        used.add(org.id)
    seen: dict[str, int] = {}
    name_count: Counter[str] = Counter()
    for record in records:
        org = orgs[record.org_key]
        if record.key:
            sid = f"{org.id}-{record.key}"
        else:
            base = f"{org.id}-{record.name_slug}"
            name_count[base] += 1
            sid = base if name_count[base] == 1 else f"{base}-{name_count[base]}"
        sid = sid[:120].rstrip("-.")
        if sid in seen:
            result.rejected.append(
                Issue(
                    record.number,
                    "duplicate_id",
                    {"record": record.number, "line": record.line, "id": sid, "first": seen[sid]},
                )
            )
            continue
        seen[sid] = record.number
        system = record.system
        del system["_org"]
        system["id"] = sid
        org.systems.append(system)
    result.agencies = sorted(
        (o for o in orgs.values() if o.systems), key=lambda o: o.name.casefold()
    )
    result.rejected.sort(key=lambda i: i.line)


# -- documents ------------------------------------------------------------------------------------


def _agency_table(org: Organisation, cat: Catalog) -> dict[str, Any]:
    kind = org.kind
    table: dict[str, Any] = {
        "id": org.id,
        "name": org.name[:300],
        "country": "NL",
        "kind": kind,
        "is_public_body": True,
    }
    if kind == "law_enforcement":
        table["is_law_enforcement"] = True
    notes = [cat.t("import.nl.agency_note")]
    spellings = ", ".join(f"{s} ({n})" for s, n in sorted(org.spellings.items()))
    notes.append(cat.t("import.nl.agency_spellings", spellings=spellings))
    if org.owners:
        notes.append(cat.t("import.nl.agency_owner", owners=", ".join(sorted(org.owners))))
    table["notes"] = cut("\n".join(notes), 5000)
    return table


def _synthetic_agency(result: ImportResult, cat: Catalog) -> dict[str, Any]:
    count = len(result.agencies)
    stem = Path(result.source).stem
    kinds = {a.kind for a in result.agencies}
    table: dict[str, Any] = {
        "id": slug(stem, "register")[:90] + "-nl",
        "name": cat.t("import.nl.synthetic_name", source=stem, count=count)[:300],
        "country": "NL",
        "kind": kinds.pop() if len(kinds) == 1 else "other",
        "is_public_body": True,
    }
    if all(a.kind == "law_enforcement" for a in result.agencies):
        table["is_law_enforcement"] = True
    listing = ", ".join(f"{a.name} ({len(a.systems)})" for a in result.agencies)
    table["notes"] = cut(cat.t("import.nl.synthetic_note", count=count, agencies=listing), 5000)
    return table


def _header(result: ImportResult, cat: Catalog, systems: int, agencies: int) -> list[str]:
    return cat.t(
        "import.nl.toml_header",
        source=os.path.basename(result.source),
        fields=len(result.fields),
        records=result.records,
        headers=len(result.headers),
        systems=systems,
        agencies=agencies,
        rejected=len(result.rejected),
    ).splitlines()


def documents(result: ImportResult, cat: Catalog, *, split: bool = False) -> list[Document]:
    """The inventories to write: one for the file, or one per organisation."""

    def document(orgs: Sequence[Organisation], table: dict[str, Any]) -> Document:
        return assemble(
            table,
            [(o.name, o.systems, o.created) for o in orgs],
            lambda systems, groups: _header(result, cat, systems, groups),
            lambda name, n: cat.t("import.nl.group_comment", agency=name, systems=n),
        )

    return split_or_whole(
        result.agencies,
        split,
        document,
        lambda org: _agency_table(org, cat),
        lambda: _synthetic_agency(result, cat),
    )


# -- summary --------------------------------------------------------------------------------------


def _counted(
    cat: Catalog, header: str, labels: str, counts: Sequence[tuple[str, Sequence[int]]]
) -> list[str]:
    """A heading, then a line per category: its label, count and record numbers."""
    lines = [cat.t(header)]
    for key, numbers in counts:
        lines.append(
            cat.t(
                "import.nl.count_line",
                label=cat.t(f"{labels}.{key}"),
                count=len(numbers),
                records=listed(numbers, cat),
            )
        )
    return lines


def summary_lines(result: ImportResult, cat: Catalog) -> list[str]:
    """The import summary: counts, every skipped and rejected record, quality, review hints."""
    out = [
        cat.t(
            "import.nl.summary",
            source=result.source,
            records=result.records,
            fields=len(result.fields),
            imported=result.imported,
            rejected=len(result.rejected),
            headers=len(result.headers),
        )
    ]
    names = ", ".join(f"{a.name} ({len(a.systems)})" for a in result.agencies)
    out.append(cat.t("import.nl.organisations", count=len(result.agencies), names=names))
    for issue in result.headers:
        reason = cat.t(f"import.nl.header.{issue.key}")
        out.append(cat.t("import.nl.header_line", reason=reason, **issue.params))
    if result.rejected:
        out.append(cat.t("import.nl.rejected_header"))
        for issue in result.rejected:
            reason = cat.t(f"import.nl.reason.{issue.key}", **issue.params)
            out.append(cat.t("import.nl.rejected_line", reason=reason, **issue.params))
    found = [(k, result.quality[k]) for k in QUALITY if result.quality[k]]
    if found:
        out += _counted(cat, "import.nl.quality_header", "import.nl.quality", found)
    else:
        out.append(cat.t("import.quality_none"))
    flagged = [(k, result.flags[k]) for k in FLAGS if result.flags[k]]
    if flagged:
        out += _counted(cat, "import.nl.flags_header", "import.nl.flag", flagged)
    return out
