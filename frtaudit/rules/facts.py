"""A read-only view of one system and the applicability predicates of rules.md section 3.

Rules read systems through ``System`` so they never touch raw dicts, and the predicates
(``FRT``, ``STATE``, ``RBI_RT_PUBLIC`` ...) are computed once per system and cached. Every
predicate is three-valued: an undeclared capability makes it UNKNOWN, never False.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
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
LE_PURPOSES = frozenset({"criminal_investigation", "arrest", "watchlist_alerting"})
FIXED_DEVICES = frozenset({"fixed_cctv", "network_camera", "access_gate", "kiosk"})
MOBILE_DEVICES = frozenset({"body_worn", "handheld", "vehicle", "drone"})
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


class System:
    """One system of an inventory, with its agency, and cached facts."""

    __slots__ = ("_cache", "agency", "as_of", "data", "index")

    def __init__(
        self,
        data: Mapping[str, Any],
        agency: Mapping[str, Any],
        index: int,
        as_of: date | None = None,
    ) -> None:
        self.data = data
        self.agency = agency
        self.index = index
        #: The audit date (``--as-of``) when the engine knows it: lifecycle facts read the
        #: system's dates against it (see ``_in_use``); None falls back to the status alone.
        self.as_of = as_of
        self._cache: dict[str, Tri] = {}

    # -- field access ----------------------------------------------------------------------------
    @property
    def id(self) -> str:
        """The system id."""
        return str(self.data["id"])

    def table(self, name: str) -> Mapping[str, Any]:
        """A sub-table (``capabilities``, ``notice`` ...) or an empty mapping."""
        value = self.data.get(name)
        return value if isinstance(value, Mapping) else _EMPTY

    def items(self, name: str) -> list[Mapping[str, Any]]:
        """An array of tables (``assessments``, ``sharing`` ...) or an empty list."""
        value = self.data.get(name)
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
        return as_date(self.data.get(key))

    @property
    def status(self) -> str:
        """Lifecycle status."""
        return str(self.data.get("status", ""))

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
    if s.agency.get("is_law_enforcement") is True or s.agency.get("kind") == "law_enforcement":
        return Tri.TRUE
    purposes = {s.get("purpose", "primary"), *(s.get("purpose", "secondary") or ())}
    return Tri.TRUE if purposes & LE_PURPOSES else Tri.FALSE


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
}
#: Facts made of other facts: their undeclared parts are named instead.
_FACT_PARTS: dict[str, tuple[str, ...]] = {"RBI_RT_PUBLIC": ("ID", "REMOTE", "RT", "PUBLIC")}


def _undeclared_field(s: System, path: str) -> bool:
    table, _, key = path.partition(".")
    if table == "sharing[]":
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
