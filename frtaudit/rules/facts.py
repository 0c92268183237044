"""A read-only view of one system and the applicability predicates of rules.md section 3.

Rules read systems through ``System`` so they never touch raw dicts, and the predicates
(``FRT``, ``STATE``, ``RBI_RT_PUBLIC`` ...) are computed once per system and cached. Every
predicate is three-valued: an undeclared capability makes it UNKNOWN, never False.

Silence (issue 16): the view rules read through drops every placeholder ("unknown", "n/a",
"tbd", "-", "", "모름", "미정" ... see ``PLACEHOLDERS``) from free-text fields, lists and
documents, so a placeholder is never a recorded fact: a rule sees the field as absent. Only the
fields whose schema value set includes the literal ``"unknown"`` (tri-state flags, enums such
as ``consent.model``) keep it, because there it is the recorded "we do not know"
(``UNKNOWN_LITERAL_FIELDS``). Where the inventory is silent a rule answers ``unknown``, unless
the law itself requires the document or act to exist; then silence fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from frtaudit.model import Tri

_EMPTY: Mapping[str, Any] = {}

#: Capability flags INV-CAP-001 requires to be declared (true or false).
CAPABILITY_FLAGS = (
    "recording",
    "face_detection",
    "face_verification",
    "face_identification",
    "face_tracking",
    "emotion_recognition",
    "sensitive_attribute_inference",
)
#: Mode fields INV-CAP-001 requires when the system recognises faces.
MODE_FIELDS = ("processing_mode", "capture_mode")

FRT_FLAGS = (
    "face_verification",
    "face_identification",
    "face_tracking",
    "emotion_recognition",
    "sensitive_attribute_inference",
)
FIXED_DEVICES = frozenset({"fixed_cctv", "network_camera", "access_gate", "kiosk"})
#: A deployable kit (tripod, trailer or van-mounted camera moved between sites) counts as
#: mobile (rules.md section 3; whether PIPA Art. 25-2 treats it so is open point 17).
MOBILE_DEVICES = frozenset({"body_worn", "handheld", "vehicle", "drone", "deployable_kit"})
#: Legal-basis kinds that are law (rules.md section 3, ``LAW_BASIS``): consent, contract,
#: legitimate interest and a claimed exception are not.
LAW_BASIS_KINDS = frozenset(
    {"statute", "statutory_code", "decree", "ordinance", "regulation", "common_law"}
)
#: Gallery kinds that make 1:N identification a watchlist (``WATCHLIST``).
WATCHLIST_KINDS = frozenset({"watchlist", "persons_of_interest"})
#: ``population.scanned_scope`` values meaning everyone entering or passing is scanned.
ALL_ENTRANTS_SCOPES = frozenset({"all_entrants", "all_passers_by"})
#: Agency kinds of private operators (``agency.kind``).
PRIVATE_KINDS = frozenset(
    {"private_company", "private_retail", "private_leisure", "private_employer"}
)

#: Texts that stand for "we do not know" or "not filled in" and never count as a recorded
#: fact, in any case, in English and Korean. "none" / "없음" (nothing exists) is a fact and is
#: not here; "n/a" / "해당없음" is, because it asserts nothing the auditor can check.
PLACEHOLDERS = frozenset(
    {
        "",
        "-",
        "--",
        "---",
        "\u2013",
        "\u2014",
        "?",
        "??",
        "unknown",
        "unk",
        "n/a",
        "n.a.",
        "n.a",
        "tbd",
        "tba",
        "tbc",
        "to be determined",
        "to be confirmed",
        "not known",
        "don't know",
        "do not know",
        "모름",
        "모릅니다",
        "미정",
        "미상",
        "알 수 없음",
        "알수없음",
        "확인 불가",
        "확인불가",
        "해당없음",
        "해당 없음",
        "추후 결정",
        "추후결정",
    }
)

#: Fields (``table.key``, ``list[].key``, ``agency.key``) whose schema value set includes the
#: literal ``"unknown"``: there it is the recorded "we do not know" and the view keeps it. A
#: test checks this list against ``schemas/inventory.schema.json``.
UNKNOWN_LITERAL_FIELDS = frozenset(
    {
        "agency.oversight_bodies[].statutory",
        "assessment_status[].exists",
        "assessments[].assessor_kind",
        "assessments[].designated_pia_institution",
        "assessments[].human_rights_expertise",
        "assessments[].independent",
        "assessments[].public",
        "breaches[].contained_low_risk",
        "breaches[].external_intrusion",
        "breaches[].sensitive_involved",
        "capabilities.audio_recording",
        "capabilities.capture_mode",
        "capabilities.decision_type",
        "capabilities.emotion_recognition",
        "capabilities.face_detection",
        "capabilities.face_identification",
        "capabilities.face_tracking",
        "capabilities.face_verification",
        "capabilities.live_monitoring",
        "capabilities.processing_mode",
        "capabilities.recording",
        "capabilities.sensitive_attribute_inference",
        "changes[].substantial",
        "consent.alternative_offered",
        "consent.detriment_if_refused",
        "consent.model",
        "consent.notice_items_given",
        "consent.separate_for_sensitive",
        "consent.withdrawal",
        "data_subject_rights.watchlist_notification",
        "device.ptz",
        "eu.classification",
        "eu.medical_or_safety_purpose",
        "eu.provider_registered",
        "gallery.entry_reason_recorded",
        "gallery.exists",
        "gallery.linked_with_other_files",
        "gallery.untargeted_scraping",
        "kr_ai.high_impact",
        "kr_ai.operator_role",
        "kr_ai.relies_on_developer_measures",
        "legal_basis[].frt_specific",
        "location.environment",
        "location.privacy_sensitive_area",
        "location.type",
        "necessity.non_biometric_alternative",
        "necessity.supplementary_only",
        "notice.ai_prior_notice",
        "notice.covert",
        "notice.frt_disclosed",
        "notice.individual_notice",
        "notice.signage",
        "operator.acting_for_public_body",
        "operator.law_enforcement",
        "oversight.human_review_before_action",
        "oversight.human_review_required",
        "oversight.match_not_sole_basis",
        "oversight.overseer_posted",
        "oversight.review_scope",
        "oversight.reviewer_can_override",
        "pipa.admin_auto_disposition",
        "population.minors",
        "population.scanned_scope",
        "purpose.assembly_monitoring",
        "purpose.legal_effects",
        "retention.auto_delete",
        "retention.footage.auto_delete",
        "retention.gallery_entries.auto_delete",
        "retention.logs.auto_delete",
        "retention.match_records.auto_delete",
        "retention.non_match.auto_delete",
        "retention.non_match_reuse",
        "retention.probe_images.auto_delete",
        "retention.raw_enrolment_images.auto_delete",
        "retention.templates.auto_delete",
        "security.access_control",
        "security.access_logs",
        "security.internal_mgmt_plan",
        "sharing[].for_ai_training",
        "sharing[].for_value",
        "sharing[].includes_biometrics",
        "sharing[].recipient_kind",
        "sharing[].within_original_purpose",
        "templates.encrypted_at_rest",
        "templates.encrypted_in_transit",
        "templates.irreversible",
        "templates.raw_images_retained",
        "templates.renewable",
        "templates.stored_separately",
        "templates.unlinkable",
        "testing[].demographic_breakdown",
        "testing[].independent",
        "usage.initial_identification_only",
        "usage.notified_msa_dpa",
        "usage.per_use_log",
        "usage.review_log",
        "use_policy.prohibits_assembly_monitoring",
        "use_policy.prohibits_protected_class_targeting",
        "vendor.bias_disclosure_required",
        "vendor.data_access",
        "vendor.independent_test_api",
        "wa.defendant_disclosure_procedure",
        "wa.error_rate_plan",
    }
)


def is_placeholder(value: Any) -> bool:
    """True for a text that records nothing ("unknown", "n/a", "tbd", "-", "", "모름" ...)."""
    return isinstance(value, str) and _placeholder_text(value)


def _clean(value: Any, path: str) -> Any:
    """``value`` without placeholders; ``_DROP`` when nothing is left of it.

    Returns the very same object when nothing changed, so clean inventories cost no copy; the
    path of a field is spelled out only for containers and for the literal "unknown" (speed).
    """
    if type(value) is str:
        if _placeholder_text(value):
            return value if value == "unknown" and path in UNKNOWN_LITERAL_FIELDS else _DROP
        return value
    if type(value) is dict or isinstance(value, Mapping):  # parsed data is dicts: fast path
        out: dict[str, Any] | None = None
        for key, item in value.items():
            kind = type(item)
            if kind is str:
                if not _placeholder_text(item):
                    continue
                here = f"{path}.{key}" if path else key
                cleaned = item if item == "unknown" and here in UNKNOWN_LITERAL_FIELDS else _DROP
            elif kind is bool or kind is int or kind is float:
                continue
            else:
                cleaned = _clean(item, f"{path}.{key}" if path else key)
            if cleaned is not item:
                if out is None:
                    out = dict(value)
                if cleaned is _DROP:
                    del out[key]
                else:
                    out[key] = cleaned
        return value if out is None else out
    if isinstance(value, list):
        items: list[Any] | None = None
        for i, item in enumerate(value):
            cleaned = _clean(item, path + "[]")
            if cleaned is not item and items is None:
                items = list(value[:i])
            if items is not None and cleaned is not _DROP:
                items.append(cleaned)
        if items is None:
            return value
        # A list of placeholders only (["unknown"]) says nothing; an empty list as written
        # ([]) is a recorded "none" and is kept as it is.
        return items if items else _DROP
    return value


#: Placeholders are short: a longer text is never one (saves the normalisation).
_LONGEST_PLACEHOLDER = max(len(p) for p in PLACEHOLDERS)


def _placeholder_text(value: str) -> bool:
    if len(value) > _LONGEST_PLACEHOLDER + 4 and len(value.strip()) > _LONGEST_PLACEHOLDER + 4:
        return False
    return " ".join(value.split()).casefold() in PLACEHOLDERS


_DROP: Any = object()


def recorded(data: Mapping[str, Any], prefix: str = "") -> Mapping[str, Any]:
    """The mapping a rule reads: ``data`` without placeholders (see the module doc).

    The record's own ``id`` and ``name`` are kept as written: they name it, they assert nothing.
    """
    cleaned: Any = _clean(data, prefix)
    if not isinstance(cleaned, Mapping):
        return _EMPTY
    out: Mapping[str, Any] = cleaned
    if out is not data:
        keep = {k: data[k] for k in ("id", "name") if k in data and k not in out}
        if keep:
            out = {**out, **keep}
    return out


ACTIVE = frozenset({"pilot", "operational"})
PLANNED = frozenset({"planned", "procurement", "development"})
EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)


def as_date(value: Any) -> date | None:
    """A TOML date, an ISO string (JSON inventories) or None."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


#: What ``System.reads`` holds once the whole system was read (``System.data``).
EVERYTHING = "*"


class System:
    """One system of an inventory, with its agency, and cached facts.

    Rules read the system only through these methods. With ``reads`` (a dict used as an
    ordered set) every top-level field read is noted there in the order first read, and
    ``data`` itself notes EVERYTHING: the engine shares the results of systems that agree on
    every field the rules read (see ``engine.ReadTree``).
    """

    __slots__ = ("_cache", "_data", "agency", "as_of", "index", "reads")

    def __init__(
        self,
        data: Mapping[str, Any],
        agency: Mapping[str, Any],
        index: int,
        as_of: date | None = None,
        reads: dict[str, None] | None = None,
    ) -> None:
        self._data = recorded(data)
        self.agency = recorded(agency, "agency")
        self.index = index
        #: The audit date (``--as-of``) when the engine knows it: lifecycle facts read the
        #: system's dates against it (see ``_in_use``); None falls back to the status alone.
        self.as_of = as_of
        self._cache: dict[str, Tri] = {}
        self.reads = reads

    # -- field access ----------------------------------------------------------------------------
    @property
    def data(self) -> Mapping[str, Any]:
        """The system as rules read it: placeholders removed (``recorded``); reads it all."""
        if self.reads is not None:
            self.reads[EVERYTHING] = None
        return self._data

    def _read(self, name: str) -> Any:
        reads = self.reads
        if reads is not None:
            reads[name] = None
        return self._data.get(name)

    @property
    def id(self) -> str:
        """The system id."""
        return str(self._read("id"))

    def has(self, name: str) -> bool:
        """Whether the top-level field ``name`` is recorded (present and not a placeholder)."""
        self._read(name)
        return name in self._data

    def subset(self, names: Iterable[str]) -> dict[str, Any]:
        """The recorded top-level fields among ``names``, in the order of ``names``."""
        out: dict[str, Any] = {}
        for name in names:
            self._read(name)
            if name in self._data:
                out[name] = self._data[name]
        return out

    def table(self, name: str) -> Mapping[str, Any]:
        """A sub-table (``capabilities``, ``notice`` ...) or an empty mapping."""
        value = self._read(name)
        return value if type(value) is dict or isinstance(value, Mapping) else _EMPTY

    def items(self, name: str) -> list[Mapping[str, Any]]:
        """An array of tables (``assessments``, ``sharing`` ...) or an empty list."""
        value = self._read(name)
        return value if isinstance(value, list) else []

    def get(self, table: str, key: str) -> Any:
        """``system.<table>.<key>`` or None."""
        return self.table(table).get(key)

    def tri(self, table: str, key: str) -> Tri:
        """``system.<table>.<key>`` as a Tri (absent = UNKNOWN)."""
        return Tri.of(self.table(table).get(key))

    def cap(self, key: str) -> Tri:
        """A capability flag as a Tri."""
        return Tri.of(self.table("capabilities").get(key))

    def date_of(self, key: str) -> date | None:
        """A top-level date such as ``first_use_on``."""
        return as_date(self._read(key))

    @property
    def status(self) -> str:
        """Lifecycle status."""
        status = self._read("status")
        return "" if status is None else str(status)

    def start_of_use(self) -> date | None:
        """Earliest of development start and first use: "before development or use"."""
        dates = [
            d for d in (self.date_of("development_started_on"), self.date_of("first_use_on")) if d
        ]
        return min(dates) if dates else None

    def assessments(self, *kinds: str) -> Iterator[Mapping[str, Any]]:
        """Assessments whose ``kind`` (a string or a list) includes one of ``kinds``."""
        for a in self.items("assessments"):
            k = a.get("kind")
            have = k if isinstance(k, list) else [k]
            if any(x in have for x in kinds):
                yield a

    def substantial_changes(self) -> list[Mapping[str, Any]]:
        """Changes marked substantial; see ``unclear_changes`` for undeclared ones."""
        return [c for c in self.items("changes") if c.get("substantial") is True]

    def unclear_changes(self) -> list[Mapping[str, Any]]:
        """Changes whose substantiality is undeclared."""
        return [c for c in self.items("changes") if c.get("substantial") not in (True, False)]

    # -- predicates (cached) ---------------------------------------------------------------------
    def fact(self, name: str) -> Tri:
        """Value of the named predicate for this system, computed once."""
        value = self._cache.get(name)
        if value is None:
            value = _FACTS[name](self)
            self._cache[name] = value
        return value


def _frt(s: System) -> Tri:
    result = Tri.FALSE
    for flag in FRT_FLAGS:
        result = result | s.cap(flag)
    if s.table("capabilities").get("attribute_analysis"):
        return Tri.TRUE
    return result


def _state(s: System) -> Tri:
    if s.agency.get("is_public_body") is True:
        return Tri.TRUE
    acting = s.get("operator", "acting_for_public_body")
    if acting is True:
        return Tri.TRUE
    return Tri.UNKNOWN if acting == "unknown" else Tri.FALSE


def _le(s: System) -> Tri:
    """Law enforcement is who runs the system, never what it is for (issue 16 point 5).

    A shop alerting on a watchlist is not the police: the agency (``is_law_enforcement``,
    ``kind = "law_enforcement"``) or the operator (``operator.law_enforcement``: a police force
    running another body's cameras, or a contractor acting for one) decides.
    """
    if s.agency.get("is_law_enforcement") is True or s.agency.get("kind") == "law_enforcement":
        return Tri.TRUE
    operator = s.get("operator", "law_enforcement")
    return Tri.FALSE if operator is None else Tri.of(operator)


def _mode(field: str, values: frozenset[str]) -> Callable[[System], Tri]:
    def fn(s: System) -> Tri:
        value = s.get("capabilities", field)
        if value is None or value == "unknown":
            return Tri.UNKNOWN
        return Tri.TRUE if value in values else Tri.FALSE

    return fn


def _public(s: System) -> Tri:
    t = s.get("location", "type")
    if t is None or t == "unknown":
        return Tri.UNKNOWN
    return Tri.TRUE if t in ("public_space", "publicly_accessible") else Tri.FALSE


def _device(kinds: frozenset[str]) -> Callable[[System], Tri]:
    def fn(s: System) -> Tri:
        kind = s.get("device", "kind")
        if kind is None:
            return Tri.UNKNOWN
        return Tri.TRUE if kind in kinds else Tri.FALSE

    return fn


def _status(values: frozenset[str]) -> Callable[[System], Tri]:
    return lambda s: Tri.TRUE if s.status in values else Tri.FALSE


def running_after_audit(s: System) -> bool:
    """Marked decommissioned, but dated to stop after the audit date: it ran on that date.

    ``--as-of`` governs ``decommissioned_on`` (issue 15 point 5): the status describes the
    system when the inventory was written, the dates say when things happened.
    """
    if s.status != "decommissioned" or s.as_of is None:
        return False
    stopped = s.date_of("decommissioned_on")
    return stopped is not None and stopped > s.as_of


def _in_use(s: System) -> Tri:
    # A status that says in use wins over a decommissioning date already passed (a planned
    # stop that did not happen is the likelier reading; INV-LIFE-001 reports the conflict).
    if s.status in ACTIVE | PLANNED or running_after_audit(s):
        return Tri.TRUE
    return Tri.FALSE


def _active(s: System) -> Tri:
    if s.status in ACTIVE:
        return Tri.TRUE
    if running_after_audit(s):
        first = s.date_of("first_use_on")
        started = first is None or s.as_of is None or first <= s.as_of
        return Tri.TRUE if started else Tri.FALSE
    return Tri.FALSE


def _country(*codes: str) -> Callable[[System], Tri]:
    return lambda s: Tri.TRUE if s.agency.get("country") in codes else Tri.FALSE


def _shares_bio(s: System) -> Tri:
    result = Tri.FALSE
    for share in s.items("sharing"):
        result = result | Tri.of(share.get("includes_biometrics"))
    return result


def _rbi_rt_public(s: System) -> Tri:
    return s.fact("ID") & s.fact("REMOTE") & s.fact("RT") & s.fact("PUBLIC")


def _verify_only(s: System) -> Tri:
    return s.cap("face_verification") & ~s.cap("face_identification") & ~s.cap("face_tracking")


def _recording(s: System) -> Tri:
    return s.cap("recording")


def _private(s: System) -> Tri:
    """A private operator not acting for a public body (rules.md section 3, ``PRIVATE``)."""
    return ~s.fact("STATE")


def _uncontrolled(s: System) -> Tri:
    """People cannot avoid capture or choose another way (CoE Guidelines, Part 1).

    ``location.environment`` decides when declared; otherwise a public or publicly accessible
    place watched by remote capture is uncontrolled.
    """
    env = s.get("location", "environment")
    if env == "uncontrolled":
        return Tri.TRUE
    if env == "controlled":
        return Tri.FALSE
    if s.get("location", "type") == "online":
        return Tri.FALSE
    return s.fact("PUBLIC") & s.fact("REMOTE")


def _all_entrants(s: System) -> Tri:
    scope = s.get("population", "scanned_scope")
    if scope in ALL_ENTRANTS_SCOPES:
        return Tri.TRUE
    if scope in ("enrolled_only", "targeted_individuals"):
        return Tri.FALSE
    return Tri.UNKNOWN


def _watchlist(s: System) -> Tri:
    kind = s.get("gallery", "kind")
    if kind in WATCHLIST_KINDS:
        listed = Tri.TRUE
    elif kind is None and s.get("purpose", "primary") == "watchlist_alerting":
        listed = Tri.TRUE  # the purpose says what the gallery is for
    elif kind is None:
        listed = Tri.UNKNOWN
    else:
        listed = Tri.FALSE
    return s.fact("ID") & listed


def _law_basis(s: System) -> Tri:
    result = Tri.FALSE
    for basis in s.items("legal_basis"):
        kind = basis.get("kind")
        if kind in LAW_BASIS_KINDS:
            return Tri.TRUE
        if kind is None:
            result = Tri.UNKNOWN
    return result


def _covert(s: System) -> Tri:
    """Covert use: declared so, or neither a sign nor a website tells anyone."""
    covert = Tri.of(s.get("notice", "covert"))
    if covert is not Tri.UNKNOWN:
        return covert
    sign, web = s.tri("notice", "signage"), s.tri("notice", "frt_disclosed")
    return ~(sign | web)


_FACTS: dict[str, Callable[[System], Tri]] = {
    "FRT": _frt,
    "STATE": _state,
    "LE": _le,
    "ID": lambda s: s.cap("face_identification"),
    "VERIFY_ONLY": _verify_only,
    "REMOTE": _mode("capture_mode", frozenset({"remote", "both"})),
    "RT": _mode("processing_mode", frozenset({"real_time", "near_real_time", "both"})),
    "POST": _mode("processing_mode", frozenset({"post", "both"})),
    "PUBLIC": _public,
    "RBI_RT_PUBLIC": _rbi_rt_public,
    "VIDEO_FIXED": _device(FIXED_DEVICES),
    "VIDEO_MOBILE": _device(MOBILE_DEVICES),
    "ACTIVE": _active,
    "PLANNED": _status(PLANNED),
    "IN_USE": _in_use,
    "SHARES_BIO": _shares_bio,
    "RECORDING": _recording,
    "PRIVATE": _private,
    "UNCONTROLLED": _uncontrolled,
    "ALL_ENTRANTS": _all_entrants,
    "WATCHLIST": _watchlist,
    "LAW_BASIS": _law_basis,
    "COVERT": _covert,
    "KR": _country("KR"),
    "EU": lambda s: Tri.TRUE if s.agency.get("country") in EU_COUNTRIES else Tri.FALSE,
    "US_WA": lambda s: Tri.TRUE if s.agency.get("subdivision") == "US-WA" else Tri.FALSE,
}
FACT_NAMES = tuple(_FACTS)


def undeclared_facts(s: System) -> list[str]:
    """Capability and location fields still undeclared, as inventory paths (INV-CAP-001)."""
    caps = s.table("capabilities")
    missing = [f"capabilities.{f}" for f in CAPABILITY_FLAGS if caps.get(f) not in (True, False)]
    if s.fact("FRT") is not Tri.FALSE:
        missing += [f"capabilities.{f}" for f in MODE_FIELDS if caps.get(f) in (None, "unknown")]
    if s.get("location", "type") in (None, "unknown"):
        missing.append("location.type")
    return missing


#: The inventory fields each fact reads, for messages that name only what decides a rule.
_FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "FRT": tuple(f"capabilities.{f}" for f in FRT_FLAGS),
    "ID": ("capabilities.face_identification",),
    "VERIFY_ONLY": (
        "capabilities.face_verification",
        "capabilities.face_identification",
        "capabilities.face_tracking",
    ),
    "REMOTE": ("capabilities.capture_mode",),
    "RT": ("capabilities.processing_mode",),
    "POST": ("capabilities.processing_mode",),
    "PUBLIC": ("location.type",),
    "STATE": ("operator.acting_for_public_body",),
    "RECORDING": ("capabilities.recording",),
    "VIDEO_FIXED": ("device.kind",),
    "VIDEO_MOBILE": ("device.kind",),
    "SHARES_BIO": ("sharing[].includes_biometrics",),
    "PRIVATE": ("operator.acting_for_public_body",),
    "UNCONTROLLED": ("location.environment", "location.type", "capabilities.capture_mode"),
    "ALL_ENTRANTS": ("population.scanned_scope",),
    "WATCHLIST": ("capabilities.face_identification", "gallery.kind"),
    "LAW_BASIS": ("legal_basis[].kind",),
    "COVERT": ("notice.covert", "notice.signage", "notice.frt_disclosed"),
}
#: Facts made of other facts: their undeclared parts are named instead.
_FACT_PARTS: dict[str, tuple[str, ...]] = {"RBI_RT_PUBLIC": ("ID", "REMOTE", "RT", "PUBLIC")}


def _undeclared_field(s: System, path: str) -> bool:
    table, _, key = path.partition(".")
    if table.endswith("[]"):
        return True  # named only when the fact itself is unknown
    value = s.get(table, key)
    return value is None or value == "unknown"


def deciding_fields(s: System, names: tuple[str, ...]) -> list[str]:
    """The undeclared fields behind the facts ``names`` that are unknown for ``s``.

    A prohibition that fails closed names these, and only these: the ban turns on
    identification, processing mode, capture mode and place, not on recording or emotion
    recognition (issue 15 point 11).
    """
    out: list[str] = []
    for name in names:
        if name not in _FACTS or s.fact(name) is not Tri.UNKNOWN:
            continue
        parts = _FACT_PARTS.get(name)
        if parts:
            out += [f for f in deciding_fields(s, parts) if f not in out]
            continue
        out += [f for f in _FACT_FIELDS.get(name, ()) if _undeclared_field(s, f) and f not in out]
    return out


#: Places where the people filmed depend on the operator (employees, pupils): consent given there
#: is not free (GDPR recital 43; EDPB Guidelines 05/2020 on consent, paras. 16-22).
DEPENDENT_CONTEXTS = frozenset({"workplace", "school"})


def dependent_context(s: System) -> str:
    """The location context that makes consent doubtful ('' when none)."""
    if s.agency.get("kind") == "school":
        return "school"
    for ctx in s.get("location", "context") or ():
        if ctx in DEPENDENT_CONTEXTS:
            return str(ctx)
    return ""


class Predicate:
    """A named three-valued condition on a system; combine with ``&``, ``|`` and ``~``.

    When a conjunction is False, ``reason`` names the first false part, so a not-applicable
    result can say why ("not a face-recognition system").
    """

    __slots__ = ("fn", "names")

    def __init__(self, names: tuple[str, ...], fn: Callable[[System], tuple[Tri, str]]) -> None:
        self.names = names
        self.fn = fn

    def __call__(self, s: System) -> tuple[Tri, str]:
        """(value, name of the part that made it False or UNKNOWN)."""
        return self.fn(s)

    def __and__(self, other: Predicate) -> Predicate:
        def fn(s: System) -> tuple[Tri, str]:
            a, ra = self.fn(s)
            if a is Tri.FALSE:
                return a, ra
            b, rb = other.fn(s)
            if b is Tri.FALSE:
                return b, rb
            if a is Tri.UNKNOWN:
                return a, ra
            return b, rb

        return Predicate((*self.names, *other.names), fn)

    def __or__(self, other: Predicate) -> Predicate:
        def fn(s: System) -> tuple[Tri, str]:
            a, ra = self.fn(s)
            if a is Tri.TRUE:
                return a, ra
            b, rb = other.fn(s)
            if b is Tri.TRUE:
                return b, rb
            if a is Tri.UNKNOWN:
                return a, ra
            if b is Tri.UNKNOWN:
                return b, rb
            return Tri.FALSE, f"{ra}|{rb}"  # the catalogue has a text for the combination

        return Predicate((*self.names, *other.names), fn)

    def __invert__(self) -> Predicate:
        def fn(s: System) -> tuple[Tri, str]:
            a, ra = self.fn(s)
            return ~a, ("NOT_" + ra if a is Tri.TRUE else ra)

        return Predicate(self.names, fn)


def fact(name: str) -> Predicate:
    """Predicate over the cached fact ``name``."""
    if name not in _FACTS:
        raise KeyError(name)
    return Predicate((name,), lambda s: (s.fact(name), name))


def where(name: str, fn: Callable[[System], Tri]) -> Predicate:
    """Ad-hoc predicate; ``name`` is the catalogue key of its not-applicable reason."""
    return Predicate((name,), lambda s: (fn(s), name))


ALWAYS = Predicate(("ALWAYS",), lambda s: (Tri.TRUE, "ALWAYS"))
FRT = fact("FRT")
STATE = fact("STATE")
LE = fact("LE")
ID = fact("ID")
VERIFY_ONLY = fact("VERIFY_ONLY")
REMOTE = fact("REMOTE")
RT = fact("RT")
POST = fact("POST")
PUBLIC = fact("PUBLIC")
RBI_RT_PUBLIC = fact("RBI_RT_PUBLIC")
VIDEO_FIXED = fact("VIDEO_FIXED")
VIDEO_MOBILE = fact("VIDEO_MOBILE")
ACTIVE_ = fact("ACTIVE")
PLANNED_ = fact("PLANNED")
IN_USE = fact("IN_USE")
SHARES_BIO = fact("SHARES_BIO")
RECORDING = fact("RECORDING")
KR = fact("KR")
EU = fact("EU")
US_WA = fact("US_WA")
PRIVATE = fact("PRIVATE")
UNCONTROLLED = fact("UNCONTROLLED")
ALL_ENTRANTS = fact("ALL_ENTRANTS")
WATCHLIST = fact("WATCHLIST")
LAW_BASIS = fact("LAW_BASIS")
COVERT = fact("COVERT")
