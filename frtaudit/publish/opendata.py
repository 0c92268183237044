"""Open data beside the site: the register as CSV and JSON (with a JSON Schema), and in the
shapes of registers people already use.

``register.csv``
    One row per published system (columns: :data:`CSV_COLUMNS`). Lists inside a cell are
    joined with `` | ``. Cells that a spreadsheet would run as a formula (``= + - @``, tab,
    carriage return first) get a leading ``'``.
``register.json``
    The same content, every public field of each system, described by
    ``register.schema.json`` (``schemas/publication-register.schema.json``).
``kr-cctv.csv``
    The Korean public CCTV standard data (전국CCTV표준데이터, data.go.kr 15013094), 14-column
    layout, UTF-8: ``frtaudit import kr-cctv`` reads it back to the same systems. Extension
    columns after the standard ones (their names start with ``FRT_``): whether the system
    recognises faces, live or after the fact, cooperative or at a distance, and the audit's
    four answers. The 관리기관전화번호 column stays empty: the importer keeps the telephone
    number in the agency notes, which are internal.
``nl-algoritmeregister.json``
    The Dutch algorithm register's publication data (2023 shape: ``name``, ``organization``,
    ``department``, ``lars``, ``owner``, ``status``, ``begin_date``, ``goal``, ``iama``,
    ``dpia``, ``lawful_basis``, ``lawful_basis_link``, ``objection_procedure``, ``provider``),
    as ``frtaudit import nl-algoritmeregister`` reads it.
``eu-annex-viii-c.json``
    For EU public-authority deployers of high-risk systems: the five items of AI Act Annex VIII
    Section C that Art. 49(3) asks them to register, each filled from the inventory or listed
    under ``to_complete`` (``eu-annex-viii-c.schema.json``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from frtaudit.i18n.text import printable
from frtaudit.importers import slug
from frtaudit.importers.kr_cctv import PURPOSES
from frtaudit.publish.register import PublishedAgency, PublishedSystem, Register
from frtaudit.rules.facts import EU_COUNTRIES

#: First characters that make spreadsheets evaluate a cell (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
JOIN = " | "

CSV_COLUMNS = (
    "agency_id",
    "agency_name",
    "system_id",
    "name",
    "description",
    "status",
    "installed_on",
    "first_use_on",
    "decommissioned_on",
    "face_recognition",
    "capabilities",
    "processing_mode",
    "capture_mode",
    "location_type",
    "address",
    "purpose",
    "purpose_description",
    "legal_basis",
    "assessments",
    "notice_url",
    "signage",
    "footage_days",
    "templates_days",
    "shared_with",
    "complaints_url",
    "privacy_policy_url",
    "answer_legal",
    "answer_assessment",
    "answer_notice",
    "answer_prohibited",
    "as_of",
    "withheld",
)

CAPABILITIES = (
    "recording",
    "live_monitoring",
    "face_detection",
    "face_verification",
    "face_identification",
    "face_tracking",
    "emotion_recognition",
    "sensitive_attribute_inference",
)


def cell(value: object) -> str:
    """A value as a safe cell: controls visible (newlines kept), formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    raw = str(value)
    text = printable(raw.replace("\r\n", "\n"))
    if raw.startswith(FORMULA_START) or text.startswith(FORMULA_START):
        text = "'" + text
    return text


def _get(data: Mapping[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def _items(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def declared(system: PublishedSystem) -> list[str]:
    """Capabilities declared true."""
    caps = system.public.get("capabilities") or {}
    return [c for c in CAPABILITIES if caps.get(c) is True]


def csv_row(register: Register, agency: PublishedAgency, s: PublishedSystem) -> list[str]:
    p = s.public
    laws = [
        " ".join(str(x) for x in (b.get("law"), b.get("article")) if x)
        for b in _items(p, "legal_basis")
    ]
    assessments = [
        " ".join(str(x) for x in (a.get("kind"), a.get("completed_on"), a.get("report_url")) if x)
        for a in _items(p, "assessments")
    ]
    shared = [str(x.get("recipient", "")) for x in _items(p, "sharing")]
    withheld = [f"{w.get('field')}: {w.get('reason')}" for w in _items(p, "withheld")]
    values: list[Any] = [
        agency.id,
        agency.name,
        s.id,
        s.name,
        p.get("description"),
        p.get("status"),
        p.get("installed_on"),
        p.get("first_use_on"),
        p.get("decommissioned_on"),
        s.frt,
        JOIN.join(declared(s)),
        _get(p, "capabilities.processing_mode"),
        _get(p, "capabilities.capture_mode"),
        _get(p, "location.type"),
        _get(p, "location.address"),
        _get(p, "purpose.primary"),
        _get(p, "purpose.description"),
        JOIN.join(laws),
        JOIN.join(assessments),
        _get(p, "notice.web_url"),
        _get(p, "notice.signage"),
        _get(p, "retention.footage_days"),
        _get(p, "retention.templates_days"),
        JOIN.join(shared),
        _get(p, "oversight.complaints_url"),
        agency.public.get("privacy_policy_url"),
        s.answers.get("legal"),
        s.answers.get("assessment"),
        s.answers.get("notice"),
        s.answers.get("prohibited"),
        register.as_of.isoformat(),
        JOIN.join(withheld),
    ]
    return [cell(v) for v in values]


def register_csv(register: Register) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for agency in register.agencies:
        for s in agency.systems:
            writer.writerow(csv_row(register, agency, s))
    return out.getvalue()


def dumps(value: Any) -> str:
    """Deterministic JSON: sorted keys, UTF-8 text, one record a line, final newline.

    Compact (a city's register is tens of megabytes indented) but still readable line by line:
    each element of a top-level list starts a line.
    """
    if isinstance(value, Mapping):
        parts = []
        for key in sorted(value):
            item = value[key]
            if isinstance(item, list) and item:
                inner = ",\n".join(_compact(v) for v in item)
                parts.append(f"{_compact(key)}:[\n{inner}\n]")
            else:
                parts.append(f"{_compact(key)}:{_compact(item)}")
        return "{\n" + ",\n".join(parts) + "\n}\n"
    if isinstance(value, list):
        return "[\n" + ",\n".join(_compact(v) for v in value) + "\n]\n" if value else "[]\n"
    return _compact(value) + "\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def register_data(register: Register) -> dict[str, Any]:
    """The register as one JSON document (see register.schema.json)."""
    return {
        "format": "frtaudit-register",
        "format_version": "1",
        "as_of": register.as_of.isoformat(),
        "tool_version": register.tool_version,
        "rules_version": register.rules_version,
        "profiles": list(register.profiles),
        "agencies": [
            {
                "id": a.id,
                "public": a.public,
                "systems": len(a.systems),
                "withheld_non_public": a.withheld_non_public,
            }
            for a in register.agencies
        ],
        "systems": [
            {
                "agency_id": s.agency_id,
                "id": s.id,
                "face_recognition": s.frt,
                "answers": dict(s.answers),
                "public": s.public,
            }
            for a in register.agencies
            for s in a.systems
        ],
    }


# -- Korean public CCTV standard data -----------------------------------------------------------

KR_COLUMNS = (
    "번호",
    "관리기관명",
    "소재지도로명주소",
    "소재지지번주소",
    "설치목적구분",
    "카메라대수",
    "카메라화소수",
    "촬영방면정보",
    "보관일수",
    "설치연월",
    "관리기관전화번호",
    "WGS84위도",
    "WGS84경도",
    "데이터기준일자",
)
#: Extension columns (not in the standard): face-recognition facts and the audit's answers.
KR_EXTENSION = (
    "FRT_얼굴인식",
    "FRT_기능",
    "FRT_처리방식",
    "FRT_촬영방식",
    "FRT_법적근거",
    "FRT_영향평가",
    "FRT_사전공지",
    "FRT_금지용도",
    "FRT_기준일",
)
#: purpose.primary -> 설치목적구분 for systems whose purpose text is not the source's own.
KR_PURPOSE = {
    "crime_prevention": "생활방범",
    "traffic_enforcement": "교통단속",
    "traffic_information": "교통정보수집",
    "facility_safety": "시설물관리",
    "fire_prevention": "화재예방",
}
#: What ``import kr-cctv`` writes into a system's description, read back piece by piece.
_KR_DESCRIPTION = {
    "데이터기준일자": "데이터기준일자",
    "카메라화소수": "카메라화소수",
    "촬영방면정보": "촬영방면정보",
    "지번주소": "소재지지번주소",
}


def _kr_pieces(description: object) -> dict[str, str]:
    """The source columns an imported description carries (``; 카메라화소수 200; ...``)."""
    out: dict[str, str] = {}
    if not isinstance(description, str) or not description.startswith("imported from "):
        return out
    for piece in description.split("; ")[1:]:
        label, _, value = piece.partition(" ")
        column = _KR_DESCRIPTION.get(label)
        if column and value:
            out[column] = value
    return out


def _kr_number(agency_id: str, system_id: str, operator: object = None) -> str:
    """번호: the id without the prefix ``import kr-cctv`` adds (the managing agency's slug).

    The importer names a system ``<slug of the managing agency>-<관리번호 or 번호>`` and the
    managing agency is ``operator.name`` (``Agency (department)`` when a department is
    given), so stripping that slug gives back the number and a re-import the same id.
    """
    prefixes = [agency_id]
    if isinstance(operator, str) and operator:
        prefixes[:0] = [slug(operator), slug(re.sub(r" \([^()]*\)$", "", operator))]
    for prefix in prefixes:
        if system_id.startswith(prefix + "-") and len(system_id) > len(prefix) + 1:
            return system_id[len(prefix) + 1 :]
    return system_id


def _kr_purpose(p: Mapping[str, Any]) -> str:
    """설치목적구분: the source's own word when the purpose text is one, else by the code."""
    primary = _get(p, "purpose.primary")
    text = _get(p, "purpose.description")
    if isinstance(text, str) and text and (primary == "other" or text.replace(" ", "") in PURPOSES):
        return text
    if isinstance(primary, str) and primary in KR_PURPOSE:
        return KR_PURPOSE[primary]
    return text if isinstance(text, str) and text else "기타"


def kr_cctv_csv(register: Register) -> str:
    """The register as Korean standard CCTV data with face-recognition extension columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(KR_COLUMNS + KR_EXTENSION)
    for agency in register.agencies:
        for s in agency.systems:
            p = s.public
            pieces = _kr_pieces(p.get("description"))
            installed = p.get("installed_on")
            retention = _get(p, "retention.footage_days")
            count = _get(p, "device.count")
            lat, lon = _get(p, "location.lat"), _get(p, "location.lon")
            operator = _get(p, "operator.name")
            row: list[Any] = [
                _kr_number(agency.id, s.id, operator),
                operator if isinstance(operator, str) and operator else agency.name,
                _get(p, "location.address"),
                pieces.get("소재지지번주소"),
                _kr_purpose(p),
                count if isinstance(count, int) else "",
                pieces.get("카메라화소수"),
                pieces.get("촬영방면정보"),
                retention if isinstance(retention, int) else "",
                installed[:7] if isinstance(installed, str) else "",
                "",
                lat if isinstance(lat, int | float) else "",
                lon if isinstance(lon, int | float) else "",
                pieces.get("데이터기준일자", register.as_of.isoformat()),
                s.frt,
                JOIN.join(declared(s)),
                _get(p, "capabilities.processing_mode"),
                _get(p, "capabilities.capture_mode"),
                s.answers.get("legal"),
                s.answers.get("assessment"),
                s.answers.get("notice"),
                s.answers.get("prohibited"),
                register.as_of.isoformat(),
            ]
            writer.writerow([cell(v) for v in row])
    return out.getvalue()


# -- Dutch algorithm register ---------------------------------------------------------------------

NL_STATUS = {
    "operational": "In gebruik",
    "pilot": "Pilot",
    "development": "In ontwikkeling",
    "planned": "In ontwikkeling",
    "procurement": "In ontwikkeling",
    "decommissioned": "Buiten gebruik",
    "suspended": "Buiten gebruik",
}


def _nl_department(agency: PublishedAgency, operator: object) -> str:
    """``Org (Dept)`` as the importer writes operator.name gives back ``Dept``."""
    if not isinstance(operator, str):
        return ""
    m = re.fullmatch(re.escape(agency.name) + r" \((.*)\)", operator)
    return m.group(1) if m else operator if operator != agency.name else ""


def _nl_answer(public: Mapping[str, Any], kinds: set[Any], kind: str) -> str:
    """``Ja`` when one is listed, ``Nee`` when none exists, blank when that is not known."""
    if kind in kinds:
        return "Ja"
    for status in _items(public, "assessment_status"):
        if status.get("kind") == kind:
            return "Nee" if status.get("exists") == "no" else ""
    return "Nee" if not _items(public, "assessment_status") else ""


def nl_records(register: Register) -> list[dict[str, str]]:
    """The register as records of the Dutch algorithm register (publication data, 2023)."""
    records = []
    for agency in register.agencies:
        for s in agency.systems:
            p = s.public
            kinds = {a.get("kind") for a in _items(p, "assessments")}
            laws = _items(p, "legal_basis")
            law = laws[0] if laws else {}
            record = {
                "lars": _kr_number(agency.id, s.id, _get(p, "operator.name")),
                "owner": agency.id,
                "organization": agency.name,
                "department": _nl_department(agency, _get(p, "operator.name")),
                "name": s.name,
                "description_short": str(p.get("description") or ""),
                "status": NL_STATUS.get(str(p.get("status")), ""),
                "begin_date": str(p.get("first_use_on") or ""),
                "end_date": str(p.get("decommissioned_on") or ""),
                "goal": str(_get(p, "purpose.description") or ""),
                "iama": _nl_answer(p, kinds, "hria"),
                "dpia": _nl_answer(p, kinds, "gdpr_dpia"),
                "lawful_basis": str(law.get("law") or ""),
                "lawful_basis_link": str(law.get("url") or ""),
                "objection_procedure": str(_get(p, "oversight.complaints_url") or ""),
                "provider": str(_get(p, "vendor.name") or ""),
                "create_dt": register.as_of.isoformat(),
            }
            records.append(record)
    return records


# -- EU AI Act Annex VIII Section C ---------------------------------------------------------------

EU_HIGH_RISK = frozenset({"annex_iii_1a", "annex_iii_1b", "annex_iii_1c", "other_high_risk"})


def _summary(assessments: Iterable[Mapping[str, Any]], kinds: set[str]) -> dict[str, Any] | None:
    for a in assessments:
        if a.get("kind") in kinds:
            return {
                "completed_on": a.get("completed_on"),
                "assessor": a.get("assessor"),
                "report_url": a.get("report_url"),
            }
    return None


def eu_entries(register: Register) -> list[dict[str, Any]]:
    """One Annex VIII Section C entry per EU public-authority deployer's high-risk system.

    Entries that Art. 49(4) keeps non-public are already left out of the register. Systems
    whose class is unknown are included (the registrant decides); ``to_complete`` names every
    item the inventory cannot fill.
    """
    entries = []
    for agency in register.agencies:
        a = agency.public
        if a.get("country") not in EU_COUNTRIES or a.get("is_public_body") is not True:
            continue
        for s in agency.systems:
            p = s.public
            cls = _get(p, "eu.classification")
            if cls not in EU_HIGH_RISK and cls not in (None, "unknown"):
                continue
            assessments = _items(p, "assessments")
            entry: dict[str, Any] = {
                "system_id": s.id,
                "system_name": s.name,
                "ai_act_classification": cls or "unknown",
                "1_deployer": {
                    "name": a.get("name_local") or a.get("name"),
                    "address": a.get("municipality"),
                    "contact": a.get("privacy_officer"),
                },
                "2_submitted_by": {"name": None, "address": None, "contact": None},
                "3_provider_entry_url": _get(p, "eu.db_registration_id"),
                "4_fria_summary": _summary(assessments, {"eu_fria"}),
                "5_dpia_summary": _summary(assessments, {"gdpr_dpia"}),
            }
            missing = ["2_submitted_by"]
            missing += [
                k
                for k in ("3_provider_entry_url", "4_fria_summary", "5_dpia_summary")
                if not entry[k]
            ]
            if not entry["1_deployer"]["contact"] or not entry["1_deployer"]["address"]:
                missing.insert(0, "1_deployer")
            entry["to_complete"] = missing
            entries.append(entry)
    return entries


def eu_document(register: Register) -> dict[str, Any]:
    return {
        "format": "frtaudit-eu-annex-viii-c",
        "format_version": "1",
        "as_of": register.as_of.isoformat(),
        "legal_basis": "Regulation (EU) 2024/1689, Art. 49(3) and Annex VIII Section C",
        "entries": eu_entries(register),
    }
