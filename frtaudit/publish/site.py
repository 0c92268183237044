"""The register as a static HTML site in Korean and English.

Layout of the folder (every link relative, so it opens from disk through ``file://``)::

    index.html                      choose a language
    en/index.html, ko/index.html    agencies, search, open data
    en/agencies/<agency>.html       one page per agency (and -2, -3 ... past PAGE_SIZE systems)
    en/systems/<agency>/<id>.html   one page per system
    assets/site.css, assets/search.js, assets/search-index.js

No page loads anything from the network; the search runs on an index loaded by a ``<script>``
element (not ``fetch``, which browsers refuse on ``file://``). Inventory text is escaped by
Jinja's autoescape; the search index is JSON with ``<`` escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from frtaudit.i18n import catalog
from frtaudit.model import HEADLINE_QUESTIONS
from frtaudit.publish.opendata import CAPABILITIES
from frtaudit.publish.register import PublishedAgency, PublishedSystem, Register

LANGUAGES = ("en", "ko")
#: Systems listed on one agency page; more go to the agency's next page.
PAGE_SIZE = 200
#: Matches the search shows at most.
SEARCH_LIMIT = 50

DOWNLOADS = (
    ("register.csv", "download_csv"),
    ("register.json", "download_json"),
    ("register.schema.json", "download_schema"),
    ("kr-cctv.csv", "download_kr"),
    ("nl-algoritmeregister.json", "download_nl"),
    ("eu-annex-viii-c.json", "download_eu"),
    ("eu-annex-viii-c.schema.json", "download_eu_schema"),
)


class _Texts:
    """A catalogue whose texts without parameters are looked up once (31,000 pages ask often)."""

    def __init__(self, lang: str) -> None:
        self._cat = catalog(lang)
        self._memo: dict[str, str] = {}
        self._has: dict[str, bool] = {}

    def t(self, key: str, /, **params: Any) -> str:
        if params:
            return self._cat.t(key, **params)
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = self._cat.t(key)
        return text

    def has(self, key: str) -> bool:
        known = self._has.get(key)
        if known is None:
            known = self._has[key] = self._cat.has(key)
        return known


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("frtaudit.publish", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def agency_page(agency_id: str, page: int = 1) -> str:
    """Path of an agency page inside a language folder."""
    return f"agencies/{agency_id}.html" if page == 1 else f"agencies/{agency_id}-{page}.html"


def system_page(system: PublishedSystem) -> str:
    """Path of a system page inside a language folder."""
    return f"systems/{system.agency_id}/{system.slug}.html"


def _pages(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))


def _value(cat: _Texts, value: Any) -> str:
    if value is None or value == "unknown" or value == "" or value == []:
        return cat.t("publish.not_stated")
    if value is True:
        return cat.t("publish.yes")
    if value is False:
        return cat.t("publish.no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _link(value: Any) -> str | None:
    """Only http(s) addresses become links (never javascript: or data:)."""
    if isinstance(value, str) and value.lower().startswith(("https://", "http://")):
        return value
    return None


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


def _does(cat: _Texts, system: PublishedSystem) -> list[str]:
    """What the system does, in plain sentences."""
    caps = system.public.get("capabilities") or {}
    lines = [cat.t(f"publish.does.{c}") for c in CAPABILITIES if caps.get(c) is True]
    unknown = [c for c in CAPABILITIES if c in caps and caps.get(c) not in (True, False)]
    if system.frt == "false":
        lines.append(cat.t("publish.does.no_faces"))
    if unknown:
        names = ", ".join(cat.t(f"publish.cap.{c}") for c in unknown)
        lines.append(cat.t("publish.does.unknown", what=names))
    mode = caps.get("processing_mode")
    if system.frt != "false":
        lines.append(cat.t(f"publish.mode.{mode if isinstance(mode, str) else 'unknown'}"))
        capture = caps.get("capture_mode")
        lines.append(cat.t(f"publish.capture.{capture if isinstance(capture, str) else 'unknown'}"))
    return lines


#: Fields whose values are codes, and the catalogue section that names them.
_CODED = {
    "status": "status",
    "primary": "purpose",
    "location_type": "place",
    "kind_agency": "agency_kind",
}


def _facts(cat: _Texts, data: Mapping[str, Any], keys: tuple[tuple[str, str], ...]) -> list[Any]:
    """(label, text, link) for each key that has a value."""
    out = []
    for label, dotted in keys:
        value = _get(data, dotted)
        if value is None:
            continue
        if label.endswith("_days") and isinstance(value, int):
            text = cat.t("publish.days", n=value)
        elif label in _CODED and isinstance(value, str):
            key = f"publish.{_CODED[label]}.{value}"
            text = cat.t(key) if cat.has(key) else value
        else:
            text = _value(cat, value)
        out.append((cat.t(f"publish.f.{label}"), text, _link(value)))
    return out


def _system_view(cat: _Texts, register: Register, a: PublishedAgency, s: PublishedSystem) -> Any:
    p = s.public
    return {
        "does": _does(cat, s),
        "where": _facts(
            cat,
            p,
            (
                ("location_type", "location.type"),
                ("address", "location.address"),
                ("devices", "device.count"),
                ("operator", "operator.name"),
            ),
        ),
        "sites": len(_items(p.get("location") or {}, "sites")),
        "when": _facts(
            cat,
            p,
            (
                ("status", "status"),
                ("installed_on", "installed_on"),
                ("first_use_on", "first_use_on"),
                ("decommissioned_on", "decommissioned_on"),
            ),
        ),
        "purpose": _facts(
            cat,
            p,
            (
                ("primary", "purpose.primary"),
                ("description", "purpose.description"),
                ("public_interest_ground", "purpose.public_interest_ground"),
            ),
        ),
        "laws": [
            (_value(cat, b.get("law")), _value(cat, b.get("article")), _link(b.get("url")))
            for b in _items(p, "legal_basis")
        ],
        "assessments": [
            (
                _value(cat, x.get("kind")),
                _value(cat, x.get("completed_on")),
                _value(cat, x.get("assessor")),
                _link(x.get("report_url")),
            )
            for x in _items(p, "assessments")
        ],
        "notice": _facts(
            cat,
            p,
            (
                ("signage", "notice.signage"),
                ("web_url", "notice.web_url"),
                ("frt_disclosed", "notice.frt_disclosed"),
            ),
        ),
        "retention": _facts(
            cat,
            p,
            (
                ("footage_days", "retention.footage_days"),
                ("templates_days", "retention.templates_days"),
                ("raw_images_days", "retention.raw_images_days"),
                ("match_logs_days", "retention.match_logs_days"),
            ),
        ),
        "sharing": [
            (
                _value(cat, x.get("recipient")),
                _value(cat, x.get("purpose")),
                _value(cat, x.get("includes_biometrics")),
            )
            for x in _items(p, "sharing")
        ],
        "rights": _facts(cat, p, (("complaints_url", "oversight.complaints_url"),))
        + _facts(
            cat,
            a.public,
            (
                ("privacy_officer", "privacy_officer"),
                ("privacy_policy_url", "privacy_policy_url"),
                ("video_policy_url", "video_policy_url"),
                ("frt_policy_url", "frt_policy_url"),
            ),
        ),
        "answers": [
            (
                cat.t(f"publish.question.{q.value}"),
                s.answers.get(q.value, "not_assessed"),
                cat.t(f"publish.answer.{s.answers.get(q.value, 'not_assessed')}"),
            )
            for q in HEADLINE_QUESTIONS
        ],
        "withheld": [
            (str(w.get("field", "")), str(w.get("reason", "")), str(w.get("basis", "")))
            for w in _items(p, "withheld")
        ],
    }


def _common(cat: _Texts, lang: str, register: Register, depth: int, here: str) -> dict[str, Any]:
    """Values every page of one language needs; ``depth`` folders below the language folder."""
    up = "../" * depth
    other = "ko" if lang == "en" else "en"
    return {
        "t": cat.t,
        "lang": lang,
        "other_lang": other,
        "other_name": catalog(other).t("publish.lang_name"),
        "other_href": f"{up}../{other}/{here}",
        "root": up,
        "assets": f"{up}../assets/",
        "as_of": register.as_of.isoformat(),
    }


def _index_entries(register: Register) -> list[list[str]]:
    """One search entry per system: name, agency, address, purpose text, link."""
    out = []
    for a in register.agencies:
        for s in a.systems:
            address = _get(s.public, "location.address")
            purpose = _get(s.public, "purpose.description")
            out.append(
                [
                    s.name,
                    a.name,
                    address if isinstance(address, str) else "",
                    purpose if isinstance(purpose, str) else "",
                    system_page(s),
                ]
            )
    return out


def _script_json(value: Any) -> str:
    """JSON safe inside a script file or element: no ``<``, ``>``, ``&``, line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, esc)
    return text


def pages(register: Register) -> Iterator[tuple[str, str]]:
    """(path inside the register folder, text) of every page and asset of the site."""
    env = _environment()
    yield (
        "index.html",
        env.get_template("landing.html.j2").render(
            languages=[(lang, catalog(lang).t("publish.lang_name")) for lang in LANGUAGES],
            titles=[catalog(lang).t("publish.title") for lang in LANGUAGES],
            landing=catalog("en").t("publish.landing") + " / " + catalog("ko").t("publish.landing"),
        ),
    )
    yield "assets/site.css", env.get_template("site.css").render()
    yield "assets/search.js", env.get_template("search.js").render()
    entries = _index_entries(register)  # the same in both languages: links are relative
    yield "assets/search-index.js", f"window.FRT_INDEX={_script_json(entries)};\n"
    index_t = env.get_template("index.html.j2")
    agency_t = env.get_template("agency.html.j2")
    for lang in LANGUAGES:
        cat = _Texts(lang)
        yield (
            f"{lang}/index.html",
            index_t.render(
                **_common(cat, lang, register, 0, "index.html"),
                agencies=[
                    (a, agency_page(a.id), _value(cat, a.public.get("country")))
                    for a in register.agencies
                ],
                downloads=[(f"../data/{name}", cat.t(f"publish.{key}")) for name, key in DOWNLOADS],
                search_limit=SEARCH_LIMIT,
            ),
        )
        for a in register.agencies:
            total = _pages(len(a.systems))
            facts = _facts(
                cat,
                a.public,
                (
                    ("country", "country"),
                    ("kind_agency", "kind"),
                    ("privacy_officer", "privacy_officer"),
                    ("privacy_policy_url", "privacy_policy_url"),
                    ("video_policy_url", "video_policy_url"),
                    ("frt_policy_url", "frt_policy_url"),
                ),
            )
            summary = [
                (
                    cat.t(f"publish.question_short.{q.value}"),
                    [
                        (cat.t(f"publish.answer.{o}"), n)
                        for o, n in _tally(a.systems, q.value).items()
                    ],
                )
                for q in HEADLINE_QUESTIONS
            ]
            for page in range(1, total + 1):
                chunk = a.systems[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
                here = agency_page(a.id, page)
                yield (
                    f"{lang}/{here}",
                    agency_t.render(
                        **_common(cat, lang, register, 1, here),
                        agency=a,
                        facts=facts,
                        summary=summary,
                        page=page,
                        pages=[
                            (n, agency_page(a.id, n).split("/", 1)[1]) for n in range(1, total + 1)
                        ]
                        if total > 1
                        else [],
                        total=total,
                        rows=[
                            (
                                s,
                                f"../{system_page(s)}",
                                cat.t(f"publish.status.{s.public.get('status')}")
                                if cat.has(f"publish.status.{s.public.get('status')}")
                                else _value(cat, s.public.get("status")),
                                cat.t(f"publish.frt.{s.frt}"),
                                [
                                    (
                                        s.answers.get(q.value),
                                        cat.t(f"publish.answer.{s.answers.get(q.value)}"),
                                    )
                                    for q in HEADLINE_QUESTIONS
                                ],
                            )
                            for s in chunk
                        ],
                        questions=[
                            cat.t(f"publish.question_short.{q.value}") for q in HEADLINE_QUESTIONS
                        ],
                    ),
                )
            head = _Head(cat, lang, register)
            agency_href = f"../../{agency_page(a.id)}"
            for s in a.systems:
                here = system_page(s)
                yield (
                    f"{lang}/{here}",
                    system_html(
                        cat, head, here, a, agency_href, s, _system_view(cat, register, a, s)
                    ),
                )


def _tally(systems: tuple[PublishedSystem, ...], question: str) -> dict[str, int]:
    """Outcome -> number of systems, worst first."""
    from frtaudit.publish.answers import NOT_ASSESSED, WORST_FIRST

    order = [o.value for o in WORST_FIRST] + [NOT_ASSESSED]
    counts: dict[str, int] = {}
    for s in systems:
        key = s.answers.get(question, NOT_ASSESSED)
        counts[key] = counts.get(key, 0) + 1
    return {k: counts[k] for k in order if k in counts}


# -- system pages ---------------------------------------------------------------------------------
# A city has tens of thousands of systems: their pages are put together here rather than by
# Jinja (ten times faster). Every inventory value goes through ``_e`` (HTML escaping, quotes
# included); the page has the same structure as the templates' (base.html.j2).


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


class _Head:
    """The parts of a system page that are the same for every system of one language."""

    def __init__(self, cat: _Texts, lang: str, register: Register) -> None:
        other = "ko" if lang == "en" else "en"
        self.lang = lang
        self.other = other
        self.other_name = _e(catalog(other).t("publish.lang_name"))
        self.title = _e(cat.t("publish.title"))
        self.answers_h = _e(cat.t("publish.sec_answers", as_of=register.as_of.isoformat()))
        self.answers_caption = _e(
            cat.t("publish.answers_caption", as_of=register.as_of.isoformat())
        )
        self.texts = {key: _e(cat.t(f"publish.{key}")) for key in _SYSTEM_TEXTS}


_SYSTEM_TEXTS = (
    "skip",
    "switch",
    "home",
    "answers_note",
    "f.question",
    "f.answer",
    "f.field",
    "f.law",
    "f.article",
    "f.kind",
    "f.completed_on",
    "f.assessor",
    "f.link",
    "f.recipient",
    "f.purpose",
    "f.includes_biometrics",
    "f.reason",
    "f.basis",
    "not_stated",
    "none_listed",
    "report",
    "rights_text",
    "sec_does",
    "sec_where",
    "sec_when",
    "sec_purpose",
    "sec_legal",
    "sec_assessments",
    "sec_notice",
    "sec_retention",
    "sec_sharing",
    "sec_rights",
    "sec_withheld",
    "legal_caption",
    "assessments_caption",
    "sharing_caption",
    "withheld_caption",
)


def _a(text: str, link: str | None) -> str:
    return f'<a href="{_e(link)}">{_e(text)}</a>' if link else _e(text)


def _dl(head: _Head, items: list[Any]) -> str:
    if not items:
        return f"<dl><dt>{head.texts['f.field']}</dt><dd>{head.texts['not_stated']}</dd></dl>\n"
    rows = "".join(f"<dt>{_e(label)}</dt><dd>{_a(text, link)}</dd>" for label, text, link in items)
    return f"<dl>{rows}</dl>\n"


def _table(caption: str, headers: list[str], rows: list[str]) -> str:
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    return (
        f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>\n"
    )


def system_html(
    cat: _Texts,
    head: _Head,
    here: str,
    agency: PublishedAgency,
    agency_href: str,
    system: PublishedSystem,
    v: Mapping[str, Any],
) -> str:
    """The page of one system (see the module doc: escaped, same structure as the templates)."""
    x = head.texts
    name = _e(system.name)
    agency_name = _e(agency.name)
    out = [
        f'<!DOCTYPE html>\n<html lang="{head.lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'self'; script-src 'self'; img-src 'self'; form-action 'none'; "
        "base-uri 'none'\">\n"
        f"<title>{name} · {head.title}</title>\n"
        '<link rel="stylesheet" href="../../../assets/site.css">\n</head>\n<body>\n'
        f'<a class="skip" href="#main">{x["skip"]}</a>\n<header>\n'
        f'<p class="brand"><a href="../../../index.html">{head.title}</a></p>\n'
        f'<nav aria-label="{x["switch"]}"><a href="../../../{head.other}/{_e(here)}" '
        f'lang="{head.other}" hreflang="{head.other}">{head.other_name}</a></nav>\n'
        '</header>\n<main id="main">\n'
        f'<nav aria-label="{x["home"]}" class="crumbs"><a href="../../index.html">{x["home"]}</a>'
        f' › <a href="{_e(agency_href)}">{agency_name}</a></nav>\n'
        f"<h1>{name}</h1>\n<p>{_e(cat.t('publish.agency_of', agency=agency.name))}</p>\n"
        f"<h2>{head.answers_h}</h2>\n",
        _table(
            head.answers_caption,
            [x["f.question"], x["f.answer"]],
            [
                f'<tr><th scope="row">{_e(q)}</th><td class="a-{_e(code)}">{_e(label)}</td></tr>'
                for q, code, label in v["answers"]
            ],
        ),
        f"<h2>{x['sec_does']}</h2>\n<ul>",
        "".join(f"<li>{_e(line)}</li>" for line in v["does"]),
        "</ul>\n",
        f"<h2>{x['sec_where']}</h2>\n",
        _dl(head, v["where"]),
        f"<h2>{x['sec_when']}</h2>\n",
        _dl(head, v["when"]),
        f"<h2>{x['sec_purpose']}</h2>\n",
        _dl(head, v["purpose"]),
        f"<h2>{x['sec_legal']}</h2>\n",
        _table(
            x["legal_caption"],
            [x["f.law"], x["f.article"]],
            [
                f"<tr><td>{_a(law, link)}</td><td>{_e(art)}</td></tr>"
                for law, art, link in v["laws"]
            ],
        )
        if v["laws"]
        else f"<p>{x['none_listed']}</p>\n",
        f"<h2>{x['sec_assessments']}</h2>\n",
        _table(
            x["assessments_caption"],
            [x["f.kind"], x["f.completed_on"], x["f.assessor"], x["f.link"]],
            [
                f"<tr><td>{_e(kind)}</td><td>{_e(done)}</td><td>{_e(who)}</td><td>"
                + (
                    f'<a href="{_e(link)}">{x["report"]}<span class="vh"> ({_e(kind)})</span></a>'
                    if link
                    else x["not_stated"]
                )
                + "</td></tr>"
                for kind, done, who, link in v["assessments"]
            ],
        )
        if v["assessments"]
        else f"<p>{x['none_listed']}</p>\n",
        f"<h2>{x['sec_notice']}</h2>\n",
        _dl(head, v["notice"]),
        f"<h2>{x['sec_retention']}</h2>\n",
        _dl(head, v["retention"]),
        f"<h2>{x['sec_sharing']}</h2>\n",
        _table(
            x["sharing_caption"],
            [x["f.recipient"], x["f.purpose"], x["f.includes_biometrics"]],
            [
                f"<tr><td>{_e(r)}</td><td>{_e(p)}</td><td>{_e(b)}</td></tr>"
                for r, p, b in v["sharing"]
            ],
        )
        if v["sharing"]
        else f"<p>{x['none_listed']}</p>\n",
        f"<h2>{x['sec_rights']}</h2>\n<p>{x['rights_text']}</p>\n",
        _dl(head, v["rights"]),
    ]
    if v["withheld"]:
        out.append(f"<h2>{x['sec_withheld']}</h2>\n")
        out.append(
            _table(
                x["withheld_caption"],
                [x["f.field"], x["f.reason"], x["f.basis"]],
                [
                    f"<tr><td>{_e(f)}</td><td>{_e(r)}</td><td>{_e(b)}</td></tr>"
                    for f, r, b in v["withheld"]
                ],
            )
        )
    out.append(f"</main>\n<footer><p>{x['answers_note']}</p></footer>\n</body>\n</html>\n")
    return "".join(out)
