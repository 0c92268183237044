"""Evidence URLs of an inventory and what makes one uncheckable: pure functions, no I/O.

Rule INV-EVD-001 reads these offline; :mod:`frtaudit.net.evidence` fetches the URLs when
``--check-links`` asks for it. Which fields hold URLs is written out below, not read from the
schema at run time (rules do no I/O); ``tests/rules/test_urls.py`` checks it against the
schema, so a new URL field in the schema fails that test until it is listed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from frtaudit.model import LinkResult

#: A field path: property names, "[]" for "every item of this array".
Template = tuple[str, ...]

#: Every field of the inventory schema that holds a URL (``$ref: #/$defs/url`` or
#: ``format: uri``), per owner, in schema order.
URL_FIELDS: dict[str, tuple[Template, ...]] = {
    "agency": (
        ("privacy_policy_url",),
        ("video_policy_url",),
        ("frt_policy_url",),
        ("biometric_retention_url",),
        ("breach_plan_url",),
        ("annual_reports", "[]", "url"),
        ("oversight_bodies", "[]", "url"),
        ("documents", "[]", "url"),
    ),
    "system": (
        ("entrustment", "[]", "disclosed_url"),
        ("gallery", "inclusion_criteria_url"),
        ("necessity", "justification_url"),
        ("use_policy", "url"),
        ("legal_basis", "[]", "url"),
        ("assessments", "[]", "report_url"),
        ("assessments", "[]", "mitigations_url"),
        ("consultation", "[]", "url"),
        ("notice", "web_url"),
        ("notice", "automated_decision_url"),
        ("sharing", "[]", "disclosed_url"),
        ("model", "instructions_url"),
        ("model", "training_data_summary_url"),
        ("testing", "[]", "report_url"),
        ("oversight", "training_url"),
        ("oversight", "complaints_url"),
        ("usage", "annual_use_report_url"),
        ("kr_ai", "risk_plan_url"),
        ("kr_ai", "explanation_plan_url"),
        ("kr_ai", "user_protection_plan_url"),
        ("exceptions", "[]", "public_url"),
        ("evidence", "[]"),
        ("data_subject_rights", "access_url"),
        ("data_subject_rights", "erasure_url"),
        ("data_subject_rights", "objection_url"),
        ("data_subject_rights", "contest_url"),
    ),
}


def _extract(data: Any, template: Template, at: str) -> Iterator[tuple[str, str]]:
    if not template:
        if isinstance(data, str):
            yield data, at
        return
    head, rest = template[0], template[1:]
    if head == "[]":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _extract(item, rest, f"{at}[{i}]")
    elif isinstance(data, Mapping) and head in data:
        yield from _extract(data[head], rest, f"{at}.{head}" if at else head)


#: The top-level fields of a system that can hold a URL (what ``system_urls`` reads).
SYSTEM_URL_ROOTS: tuple[str, ...] = tuple(dict.fromkeys(t[0] for t in URL_FIELDS["system"]))


def system_urls(system: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(url, field path)`` of every URL in one ``[[systems]]`` table, in schema order."""
    return [hit for t in URL_FIELDS["system"] for hit in _extract(system, t, "")]


def agency_urls(agency: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(url, field path)`` of every URL in the ``[agency]`` table."""
    return [hit for t in URL_FIELDS["agency"] for hit in _extract(agency, t, "")]


def collect_urls(inventories: Iterable[Any]) -> dict[str, list[tuple[str, str]]]:
    """Every evidence URL -> where it appears: ``[(system id or "agency", field path)]``.

    ``inventories`` are :class:`frtaudit.load.inventory.Inventory` objects; a URL named many times is
    one key, so it is fetched once per run.
    """
    found: dict[str, list[tuple[str, str]]] = {}
    for inv in inventories:
        for url, path in agency_urls(inv.agency):
            found.setdefault(url, []).append(("agency", path))
        for system in inv.systems:
            sid = str(system.get("id", ""))
            for url, path in system_urls(system):
                found.setdefault(url, []).append((sid, path))
    return found


# -- what makes a URL uncheckable ---------------------------------------------------------------


def url_problem(url: str) -> tuple[str, str]:
    """``(kind, detail)`` of what makes ``url`` uncheckable, ``("", "")`` when nothing. No I/O.

    Kinds: ``invalid``, ``scheme`` (not http/https), ``credentials`` (userinfo in the URL: we
    never send credentials, and a password in an inventory is a leak of its own).
    """
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "invalid", "invalid URL: spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
        host = parts.hostname
    except ValueError:
        return "invalid", "invalid URL"
    if parts.scheme.lower() not in ("http", "https"):
        return "scheme", f"refused: scheme {parts.scheme or '(none)'}"
    if not host:
        return "invalid", "invalid URL: no host"
    if "@" in parts.netloc:
        return "credentials", "refused: credentials in URL"
    return "", ""


def url_defect(url: str) -> str:
    """'' when ``url`` can be checked, else why not (a short detail). Pure: no I/O."""
    return url_problem(url)[1]


def redact(url: str) -> str:
    """``url`` without userinfo (``user:password@``), for messages and reports."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]).geturl()


def failing(
    found: Sequence[tuple[str, str]], links: Mapping[str, LinkResult] | None
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Split ``(url, path)`` pairs into failures ``(path, url, detail)`` and unchecked ones.

    Offline (``links`` is None) only defects visible without the network count (pure).
    """
    bad: list[tuple[str, str, str]] = []
    unchecked: list[tuple[str, str]] = []
    for url, path in found:
        result = links.get(url) if links is not None else None
        if result is not None:
            if not result.ok:
                bad.append((path, redact(url), result.detail))
            continue
        defect = url_defect(url)
        if defect:
            bad.append((path, redact(url), defect))
        elif links is not None:
            unchecked.append((path, redact(url)))
    return bad, unchecked
